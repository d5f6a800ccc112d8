package nms.vectors;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.GoldenDesne;
import nms.golden.NmsAffinity;
import nms.golden.NmsDistance;
import nms.golden.NmsDivider;
import nms.golden.NmsEngine;
import nms.golden.NmsExp2;
import nms.golden.NmsKnn;
import nms.golden.NmsLog2;
import nms.golden.NmsPerplexity;
import nms.golden.NmsSketch;
import nms.data.Images;

/**
 * Builds each unit's vectors from the golden model run on real rows (spec section 8). Within a
 * unit, transactions are spread evenly over all classes when {@code maxPerUnit} caps them, and
 * edge values of every ROM segment and format limit are added for the small units.
 */
public final class GoldenVectors {
    public static final String GENERATOR = "nms " + Version.VERSION;

    private final NmsConfig config;
    private final Formats f;
    private final String dataset;
    private final int maxPerUnit;

    public GoldenVectors(NmsConfig config, String dataset, int maxPerUnit) {
        this.config = config;
        this.f = config.formats();
        this.dataset = dataset;
        this.maxPerUnit = maxPerUnit;
    }

    private VectorFile file(String unit) {
        return new VectorFile(unit).manifest("config_hash", config.hash())
                .manifest("seed", Long.toString(config.seed())).manifest("dataset", dataset)
                .manifest("generator", GENERATOR);
    }

    /** One class's inputs to the near-memory stages and their search results. */
    public record ClassRun(Images images, GoldenDesne.Neighbours neighbours,
                           NmsPerplexity.Search[] rows) {
    }

    public List<VectorFile> build(List<ClassRun> classes) {
        List<VectorFile> out = new ArrayList<>();
        out.add(distance(classes));
        out.add(exp2());
        out.add(affinity(classes));
        out.add(log2AndDivider(classes, true));
        out.add(log2AndDivider(classes, false));
        out.add(perplexity(classes));
        out.add(engine(classes));
        out.add(knn(classes));
        if (f.sketchPattern != null) {
            out.add(sketch(classes));
        }
        return out;
    }

    /**
     * {@code nms_engine} (spec section 10.3): one vector per chunk of a class (10.5; a class of
     * at most {@code max_rows_per_class} rows is one chunk), at most {@code maxPerUnit}, spread
     * evenly over the classes: the chunk's images as they sit in DRAM (image 0 first, pixel 0 in
     * the least significant bits), the expected host stream (record 0 first), the bytes the
     * engine must read near memory and each row's search evaluations (for the cycle model, 10.4).
     */
    public VectorFile engine(List<ClassRun> classes) {
        NmsEngine unit = new NmsEngine(config);
        List<int[][]> chunks = new ArrayList<>();
        int stride = Math.max(1, (classes.size() + maxPerUnit - 1) / Math.max(1, maxPerUnit));
        for (int k = 0; k < classes.size(); k++) {
            int[][] px = classes.get(k).images().pixels();
            if (k % stride != 0 || px.length < 2) {
                continue;
            }
            int[] start = unit.chunks(px.length);
            for (int c = 0; c + 1 < start.length; c++) {
                chunks.add(java.util.Arrays.copyOfRange(px, start[c], start[c + 1]));
            }
        }
        int maxRows = 1;
        for (int[][] px : chunks) {
            maxRows = Math.max(maxRows, px.length);
        }
        int imageBits = config.dims() * config.pixelWidth();
        VectorFile v = file("nms_engine").port("rows_i", f.rowsWidth)
                .port("images_i", maxRows * imageBits)
                .port("host_o", maxRows * f.hostRecordWidth)
                .port("dram_bytes_o", 64)
                .port("iterations_o", maxRows * f.iterationWidth);
        for (int[][] px : chunks) {
            if (v.size() >= maxPerUnit) {
                break;
            }
            BigInteger images = BigInteger.ZERO;
            for (int i = px.length - 1; i >= 0; i--) {
                images = images.shiftLeft(imageBits).or(VectorFile.pack(px[i], config.pixelWidth()));
            }
            NmsEngine.ClassRun run = unit.run(px);
            long[] it = new long[run.iterations().length];
            for (int i = 0; i < it.length; i++) {
                it[i] = run.iterations()[i];
            }
            v.rowBig(BigInteger.valueOf(px.length), images, run.hostStream(),
                    BigInteger.valueOf(run.dramBytes()), VectorFile.pack(it, f.iterationWidth));
        }
        return v;
    }

    /**
     * {@code nms_sketch} (spec section 11.1): one image per row and its sketch. Three edge images
     * come first, exempt from the cap: all pixels 0, all {@code max_pixel} (every +1 element at
     * its bound) and a checkerboard of the two (mixed codes at both extremes); then the real
     * images, spread evenly over the classes.
     */
    public VectorFile sketch(List<ClassRun> classes) {
        NmsSketch unit = new NmsSketch(config);
        int w = config.pixelWidth();
        VectorFile v = file("nms_sketch").port("pixels_i", config.dims() * w)
                .port("sketch_o", f.sketchBits);
        int[] zero = new int[config.dims()];
        int[] full = new int[config.dims()];
        int[] checker = new int[config.dims()];
        for (int j = 0; j < full.length; j++) {
            full[j] = f.maxPixel;
            checker[j] = j % 2 == 0 ? f.maxPixel : 0;
        }
        for (int[] px : new int[][] {zero, full, checker}) {
            v.rowBig(VectorFile.pack(px, w), VectorFile.pack(unit.sketch(px), f.sketchWidth));
        }
        int cap = v.size() + maxPerUnit;
        long images = 0;
        for (ClassRun c : classes) {
            images += c.images().rows();
        }
        long stride = Math.max(1, (images + maxPerUnit - 1) / Math.max(1, maxPerUnit));
        long k = 0;
        for (ClassRun c : classes) {
            for (int[] px : c.images().pixels()) {
                if (k++ % stride == 0 && v.size() < cap) {
                    v.rowBig(VectorFile.pack(px, w), VectorFile.pack(unit.sketch(px), f.sketchWidth));
                }
            }
        }
        return v;
    }

    /**
     * Row {@code i}'s candidate distances in its neighbour order: the golden run's exact image
     * distances at {@code sketch = none}; with a sketch, those of the rows' sketches (spec 11.2),
     * which is what the one-pass engine compares.
     */
    private long[] knnDistances(ClassRun c, int i) {
        if (f.sketchPattern == null) {
            return c.neighbours().dist()[i];
        }
        long[][] sketches = classSketches.computeIfAbsent(c,
                k -> new NmsSketch(config).sketches(k.images().pixels()));
        int[] idx = c.neighbours().index()[i];
        long[] d = new long[idx.length];
        for (int e = 0; e < idx.length; e++) {
            d[e] = NmsDistance.ofSketches(sketches[i], sketches[idx[e]], config.metric());
        }
        return d;
    }

    /** Each class's sketches, computed once per build (by identity: a run is not a value here). */
    private final java.util.Map<ClassRun, long[][]> classSketches = new java.util.IdentityHashMap<>();

    /**
     * {@code nms_knn} (spec section 11.2): one vector per row, a row's candidates as the golden
     * run computed them (every other row of its class, ascending index) and its kept entries.
     * Columns are padded to the longest row ({@code count_i} says how many elements are real).
     * Before the real rows, exempt from the cap, three tie rows made from the first real row:
     * its candidates in descending index order with the distances of pairs made equal (so the
     * index decides among equals: the later, smaller index goes first), all of them at one distance,
     * and its first candidate alone.
     */
    public VectorFile knn(List<ClassRun> classes) {
        NmsKnn unit = new NmsKnn(f);
        List<int[]> indices = new ArrayList<>();
        List<long[]> dists = new ArrayList<>();
        ClassRun firstClass = null;
        for (ClassRun c : classes) {
            if (c.neighbours().rows() > 0 && c.neighbours().index()[0].length > 0) {
                firstClass = c;
                break;
            }
        }
        if (firstClass != null) {
            int[] idx = firstClass.neighbours().index()[0];
            long[] d = knnDistances(firstClass, 0);
            int n = idx.length;
            int[] rev = new int[n];
            long[] pairs = new long[n];
            long[] flat = new long[n];
            for (int c = 0; c < n; c++) {
                rev[c] = idx[n - 1 - c];
                pairs[c] = d[(n - 1 - c) & ~1];
                flat[c] = d[0];
            }
            indices.add(rev);
            dists.add(pairs);
            indices.add(rev);
            dists.add(flat);
            indices.add(new int[] {idx[0]});
            dists.add(new long[] {d[0]});
        }
        int edge = indices.size();
        int rowsTotal = 0;
        for (ClassRun c : classes) {
            rowsTotal += c.neighbours().rows();
        }
        int stride = Math.max(1, (rowsTotal + maxPerUnit - 1) / Math.max(1, maxPerUnit));
        int r = 0;
        for (ClassRun c : classes) {
            for (int i = 0; i < c.neighbours().rows(); i++, r++) {
                if (r % stride == 0 && indices.size() - edge < maxPerUnit) {
                    indices.add(c.neighbours().index()[i]);
                    dists.add(knnDistances(c, i));
                }
            }
        }
        int maxCount = 1;
        for (int[] idx : indices) {
            maxCount = Math.max(maxCount, idx.length);
        }
        int maxKept = Math.min(f.knnK, maxCount);
        VectorFile v = file("nms_knn").port("count_i", f.knnIndexWidth)
                .port("idx_i", maxCount * f.knnIndexWidth).port("dist_i", maxCount * f.knnDistWidth)
                .port("out_idx_o", maxKept * f.knnIndexWidth)
                .port("out_dist_o", maxKept * f.knnDistWidth);
        long maxDist = (1L << f.knnDistWidth) - 1;
        for (int t = 0; t < indices.size(); t++) {
            int[] idx = indices.get(t);
            long[] d = dists.get(t);
            for (long x : d) {
                if (x > maxDist) {
                    throw new IllegalStateException("nms_knn vectors: a distance of " + x
                            + " exceeds knn_dist_width = " + f.knnDistWidth + " bits (sketch = "
                            + config.sketch().name().toLowerCase(java.util.Locale.ROOT)
                            + "); the golden run's distances must be the engine's");
                }
            }
            NmsKnn.Entry[] kept = unit.nearest(idx, d);
            long[] ki = new long[kept.length];
            long[] kd = new long[kept.length];
            for (int e = 0; e < kept.length; e++) {
                ki[e] = kept[e].index();
                kd[e] = kept[e].dist();
            }
            v.rowBig(BigInteger.valueOf(idx.length), VectorFile.pack(idx, f.knnIndexWidth),
                    VectorFile.pack(d, f.knnDistWidth), VectorFile.pack(ki, f.knnIndexWidth),
                    VectorFile.pack(kd, f.knnDistWidth));
        }
        return v;
    }

    VectorFile distance(List<ClassRun> classes) {
        NmsDistance unit = new NmsDistance(config);
        int w = config.pixelWidth();
        int bits = config.dims() * w;
        VectorFile v = file("nms_distance").port("a_i", bits).port("b_i", bits)
                .port("dist_o", f.distWidth);
        long pairs = 0;
        for (ClassRun c : classes) {
            pairs += (long) c.images().rows() * (c.images().rows() - 1) / 2;
        }
        long stride = Math.max(1, (pairs + maxPerUnit - 1) / maxPerUnit);
        long k = 0;
        for (ClassRun c : classes) {
            int[][] px = c.images().pixels();
            // Each image packed once per class, not once per pair: packing dominated the golden
            // time at 10^5 pairs, and the pairs then share its cell instead of holding a copy.
            String[] a = new String[px.length];
            String[] b = new String[px.length];
            for (int i = 0; i < px.length; i++) {
                BigInteger packed = VectorFile.pack(px[i], w);
                a[i] = v.cell("a_i", packed);
                b[i] = v.cell("b_i", packed);
            }
            for (int i = 0; i < px.length; i++) {
                for (int j = i + 1; j < px.length; j++, k++) {
                    if (k % stride == 0 && v.size() < maxPerUnit) {
                        v.rowCells(a[i], b[j],
                                v.cell("dist_o", BigInteger.valueOf(unit.distance(px[i], px[j]))));
                    }
                }
            }
        }
        return v;
    }

    VectorFile affinity(List<ClassRun> classes) {
        NmsAffinity unit = new NmsAffinity(config);
        VectorFile v = file("nms_affinity").port("first_i", 1).port("last_i", 1)
                .port("beta_i", f.betaWidth).port("dmin_i", f.distWidth).port("dist_i", f.distWidth)
                .port("t_o", f.tWidth).port("a_o", f.affinityWidth).port("sum_a_o", f.sumAWidth)
                .port("sum_ta_o", f.sumTaWidth);
        int rowsTotal = 0;
        int perRow = 1;
        for (ClassRun c : classes) {
            rowsTotal += c.rows().length;
            perRow = c.neighbours().dist()[0].length;
        }
        int rowStride = Math.max(1, (int) ((long) rowsTotal * perRow / Math.max(1, maxPerUnit)));
        int r = 0;
        for (ClassRun c : classes) {
            for (int i = 0; i < c.rows().length; i++, r++) {
                long[] dist = c.neighbours().dist()[i];
                // a whole row is one transaction: the first always goes in, so a cap below the
                // row length still leaves a file to verify instead of an empty one
                if (r % rowStride != 0 || (v.size() > 0 && v.size() + dist.length > maxPerUnit)) {
                    continue;
                }
                NmsPerplexity.Search s = c.rows()[i];
                long bl = unit.betaLog2e(s.beta());
                long sumA = 0;
                long sumTa = 0;
                for (int j = 0; j < dist.length; j++) {
                    long t = unit.t(bl, dist[j] - s.dmin());
                    long a = unit.a(t);
                    sumA += a;
                    sumTa += t * a;
                    v.row(j == 0 ? 1 : 0, j == dist.length - 1 ? 1 : 0, s.beta(), s.dmin(), dist[j],
                            t, a, sumA, sumTa);
                }
            }
        }
        return v;
    }

    VectorFile exp2() {
        NmsExp2 unit = new NmsExp2(config);
        VectorFile v = file("nms_exp2").port("t_i", f.tWidth).port("a_o", f.affinityWidth);
        int segments = 1 << config.expLutBits();
        int segShift = config.tFracBits() - config.expLutBits();
        long shifts = config.affinityFracBits() + 2; // integer parts that do not round to 0
        // ROM sweep, exempt from the cap: every segment once (so every ROM word, and its
        // successor for interpolation, is read), mid-segment, the integer part rotating.
        for (int s = 0; s < segments; s++) {
            long t = ((s % shifts) << config.tFracBits()) + ((long) s << segShift)
                    + (1L << segShift) / 2;
            v.row(t, unit.exp2(t));
        }
        // Then every 16th segment's start, middle and end at every integer part, and saturation.
        List<Long> ts = new ArrayList<>();
        for (long ti = 0; ti < shifts + 1; ti++) {
            for (int s = 0; s < segments; s += Math.max(1, segments / 16)) {
                long base = (ti << config.tFracBits()) + ((long) s << segShift);
                ts.add(base);
                ts.add(base + (1L << segShift) / 2);
                ts.add(base + (1L << segShift) - 1);
            }
        }
        ts.add(f.tSat - 1);
        ts.add(f.tSat);
        int cap = v.size() + maxPerUnit;
        for (long t : ts) {
            if (t <= f.tSat && v.size() < cap) {
                v.row(t, unit.exp2(t));
            }
        }
        return v;
    }

    /**
     * Sums that read every {@code nms_log2} ROM word: a leading one high enough that all
     * mantissa bits come from the sum, then each ROM index with a mid-step interpolation
     * remainder. Empty when the sum format is too narrow to reach every index.
     */
    private List<Long> log2RomSweep() {
        int mantissaBits = f.logMantissaBits;
        int interpBits = config.logInterpBits();
        int lead = Math.max(config.affinityFracBits(), mantissaBits);
        List<Long> sums = new ArrayList<>();
        if (lead > f.sumAWidth - 1) {
            return sums;
        }
        int indexShift = lead - mantissaBits + interpBits;
        long half = interpBits > 0 ? 1L << (indexShift - 1) : 0; // the remainder's top bit
        for (long k = 0; k < (1L << config.logLutBits()); k++) {
            sums.add((1L << lead) | (k << indexShift) | half);
        }
        return sums;
    }

    VectorFile log2AndDivider(List<ClassRun> classes, boolean log2) {
        NmsPerplexity perplexity = new NmsPerplexity(config);
        NmsLog2 log2Unit = new NmsLog2(config);
        NmsDivider divider = new NmsDivider(config);
        int shift = config.entropyFracBits() - config.tFracBits();
        VectorFile v = log2
                ? file("nms_log2").port("s_i", f.sumAWidth).port("log2_o", f.log2Width)
                : file("nms_divider").port("dividend_i", f.dividendWidth)
                        .port("divisor_i", f.sumAWidth).port("quotient_o", f.quotientWidth);
        long one = 1L << config.affinityFracBits();
        long sMax = (1L << f.sumAWidth) - 1;
        if (log2) {
            for (long s : new long[] {one, one + 1, 2 * one - 1, 2 * one, 3 * one, sMax - 1, sMax}) {
                v.row(s, log2Unit.log2(s));
            }
            for (long s : log2RomSweep()) {
                v.row(s, log2Unit.log2(s));
            }
        } else {
            v.row(0, 1, 0);
            v.row((f.tSat - 1) << shift, 1, divider.divide((f.tSat - 1) << shift, 1));
        }
        int cap = v.size() + maxPerUnit; // edge cases and the ROM sweep are exempt from the cap
        for (ClassRun c : classes) {
            for (int i = 0; i < c.rows().length && v.size() < cap; i++) {
                NmsPerplexity.Search s = c.rows()[i];
                NmsAffinity.RowSums sums = perplexity.affinity().row(s.beta(), s.dmin(),
                        c.neighbours().dist()[i]);
                if (log2) {
                    v.row(sums.sumA(), log2Unit.log2(sums.sumA()));
                } else {
                    long n = sums.sumTa() << shift;
                    v.row(n, sums.sumA(), divider.divide(n, sums.sumA()));
                }
            }
        }
        return v;
    }

    VectorFile perplexity(List<ClassRun> classes) {
        int maxCount = 0;
        for (ClassRun c : classes) {
            maxCount = Math.max(maxCount, c.neighbours().dist()[0].length);
        }
        VectorFile v = file("nms_perplexity").port("count_i", f.rowIndexWidth)
                .port("dist_i", maxCount * f.distWidth).port("beta_o", f.betaWidth)
                .port("entropy_o", f.entropyWidth).port("iterations_o", f.iterationWidth)
                .port("within_tol_o", 1);
        for (ClassRun c : classes) {
            for (int i = 0; i < c.rows().length && v.size() < maxPerUnit; i++) {
                long[] dist = c.neighbours().dist()[i];
                NmsPerplexity.Search s = c.rows()[i];
                v.rowBig(BigInteger.valueOf(dist.length), VectorFile.pack(dist, f.distWidth),
                        BigInteger.valueOf(s.beta()), BigInteger.valueOf(s.entropy()),
                        BigInteger.valueOf(s.iterations()),
                        BigInteger.valueOf(s.withinTolerance() ? 1 : 0));
            }
        }
        return v;
    }
}
