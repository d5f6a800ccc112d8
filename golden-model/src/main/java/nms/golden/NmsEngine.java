package nms.golden;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SearchVariant;

/**
 * Twin of {@code nms_engine}, the one-pass near-memory top level (spec section 10). For one class
 * (or chunk, {@link #chunks}) of N images stored contiguously in DRAM it reads every image once,
 * in order, reducing it with {@code nms_sketch} (or keeping it whole for {@code sketch = none})
 * into the on-chip store; then, for each row, it compares the row with every other row of the
 * store (the sketch distance, or the exact image distance for {@code sketch = none}), keeps the
 * {@code knn_k} nearest ({@link NmsKnn}) and searches the row's beta on those kept distances
 * (each shifted right by {@code engine_dist_shift}, nearest first) with the configured variant.
 * One host record per row, in row order.
 *
 * <p>The schedule (which only decides the cycles, never the records: the kept set and the sums of
 * the search do not depend on the order of the candidates): K = {@code engine_anchors} lanes, each
 * a distance instance, an {@code nms_knn} and an {@code nms_perplexity}. Pass p serves rows
 * {@code pK .. pK + m - 1} (m = K, or what is left in the last pass) and streams the N store rows
 * once in the rotated order {@code pK, pK + 1, .., N - 1, 0, .., pK - 1}, so its m anchors come
 * first; pass 0 streams them as they arrive from DRAM and are written to the store.
 *
 * <p>Record layout, least significant bit first: {@code within_tol} (1 bit), {@code entropy}
 * ({@code entropy_width}), {@code beta} ({@code beta_width}), {@code row} ({@code
 * row_index_width}); in Verilog {@code {row, beta, entropy, within_tol}}.
 */
@RtlTwin("nms_engine")
public final class NmsEngine {
    /** Register addresses of the configuration port. */
    public static final int REG_BASE = 0;
    public static final int REG_ROWS = 1;
    public static final int REG_START = 2;

    private final NmsConfig config;
    private final Formats f;
    private final int anchors;
    private final NmsPerplexity perplexity;
    private final NmsKnn knn;
    private final NmsSketch sketch; // null for sketch = none
    private final NmsSketchDistance sketchDistance; // null for sketch = none

    public NmsEngine(NmsConfig config) {
        this.config = config;
        this.f = config.formats();
        this.anchors = f.engineAnchors;
        this.perplexity = new NmsPerplexity(config);
        this.knn = new NmsKnn(f);
        this.sketch = f.sketchPattern == null ? null : new NmsSketch(config);
        this.sketchDistance = sketch == null ? null : new NmsSketchDistance(config);
    }

    /** One row's record fields as the RTL emits them. */
    public record Record(int row, long beta, long entropy, boolean withinTolerance) {
    }

    /**
     * The cycle model of a class (spec 10.4): the count of each resource and the ideal, the
     * busiest one's count. {@code search} is the busiest lane's sum of {@code count * iterations}
     * over its rows (the evaluations' distance reads).
     */
    public record Cycles(long dram, long distance, long search, long ideal, String bound) {
    }

    /**
     * The records of one class, what the engine kept, the evaluations each row's search used
     * (for the cycle model, {@link #cycles}) and the traffic it causes.
     */
    public record ClassRun(int rows, Record[] records, BigInteger hostStream, long dramBeats,
                           long dramBytes, long hostBytes, NmsKnn.Entry[][] neighbours,
                           int[] iterations) {
    }

    /** The vectors the engine compares: the row's sketch, or its pixels for {@code sketch = none}. */
    public long[] stored(int[] image) {
        if (image.length != config.dims()) {
            throw new IllegalArgumentException("image has " + image.length + " pixels, dims = "
                    + config.dims());
        }
        if (sketch != null) {
            return sketch.sketch(image);
        }
        long[] v = new long[image.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = image[j];
        }
        return v;
    }

    /** The compared distance of two stored rows: exact over pixels (section 4) or sketches (11.1). */
    public long compared(long[] a, long[] b) {
        return sketchDistance != null ? sketchDistance.distance(a, b)
                : NmsDistance.ofSketches(a, b, config.metric());
    }

    /**
     * Runs one class (or chunk) as the RTL does: {@code images[k]} is image k (pixels 0 .. dims -
     * 1), 2 <= N <= {@code max_rows_per_class}.
     */
    public ClassRun run(int[][] images) {
        int n = images.length;
        checkRows(n);
        long[][] store = new long[n][];
        for (int i = 0; i < n; i++) {
            store[i] = stored(images[i]);
        }
        NmsKnn.Entry[][] kept = new NmsKnn.Entry[n][];
        NmsPerplexity.Search[] rows = new NmsPerplexity.Search[n];
        SearchVariant variant = config.search();
        int[] idx = new int[n - 1];
        long[] dist = new long[n - 1];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    idx[c] = j;
                    dist[c++] = compared(store[i], store[j]);
                }
            }
            kept[i] = knn.nearest(idx, dist);
            long[] d = new long[kept[i].length];
            for (int e = 0; e < d.length; e++) {
                d[e] = kept[i][e].dist() >>> f.engineDistShift;
            }
            rows[i] = perplexity.search(d, variant);
        }
        Record[] records = new Record[n];
        int[] iterations = new int[n];
        for (int i = 0; i < n; i++) {
            records[i] = new Record(i, rows[i].beta(), rows[i].entropy(), rows[i].withinTolerance());
            iterations[i] = rows[i].iterations();
        }
        return new ClassRun(n, records, hostStream(records), dramBeats(n), dramBytes(n),
                hostBytes(n), kept, iterations);
    }

    /** Lanes, K ({@code engine_anchors}): rows served per pass. */
    public int anchors() {
        return anchors;
    }

    /** Passes over a class of {@code n} rows: {@code ceil(n / K)}. */
    public int passes(int n) {
        return (n + anchors - 1) / anchors;
    }

    /** Rows served in pass {@code pass}: K, or what is left of the class in the last pass. */
    public int anchorsInPass(int n, int pass) {
        return Math.min(anchors, n - pass * anchors);
    }

    /** Bursts (image reads) of a class of {@code n}: each image once. */
    public long bursts(int n) {
        return n;
    }

    /** Entries a row keeps and searches on: {@code min(knn_k, n - 1)}. */
    public int kept(int n) {
        return Math.min(f.knnK, n - 1);
    }

    /**
     * The cycle model (spec 10.4) of a class of {@code n} rows whose searches used {@code
     * iterations[i]} evaluations, each costing its {@code kept(n)} distance reads plus {@code
     * evaluationOverhead} cycles ({@code nms_perplexity}'s datasheet figure, given by the RTL
     * side): DRAM {@code n * beats}; distance {@code ceil(n / K) * n * sketch_beats} per instance
     * (every pass streams the n store rows once); search the busiest lane's {@code sum
     * iterations[i] * (kept(n) + evaluationOverhead)} over its rows i = a, a + K, ...
     */
    public Cycles cycles(int n, int[] iterations, int evaluationOverhead) {
        if (iterations.length != n) {
            throw new IllegalArgumentException(iterations.length + " iteration counts for " + n + " rows");
        }
        long dram = (long) n * f.beats;
        long dist = (long) passes(n) * n * f.sketchBeats;
        long search = 0;
        for (int a = 0; a < anchors; a++) {
            long lane = 0;
            for (int i = a; i < n; i += anchors) {
                lane += (long) iterations[i] * (kept(n) + evaluationOverhead);
            }
            search = Math.max(search, lane);
        }
        long ideal = Math.max(dram, Math.max(dist, search));
        String bound = ideal == dist ? "distance" : ideal == search ? "search" : "dram";
        return new Cycles(dram, dist, search, ideal, bound);
    }

    /**
     * Chunks of a class of {@code n} rows (spec 10.5): {@code C = ceil(n / max_rows_per_class)}
     * runs of consecutive rows, chunk c = rows {@code floor(c n / C) .. floor((c + 1) n / C) - 1},
     * so sizes differ by at most one and none exceeds {@code max_rows_per_class}. Returns the
     * first row of each chunk and, last, {@code n}.
     */
    public int[] chunks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a class needs at least one row, got " + n);
        }
        int c = (int) ((n + (long) config.maxRowsPerClass() - 1) / config.maxRowsPerClass());
        int[] start = new int[c + 1];
        for (int k = 0; k <= c; k++) {
            start[k] = (int) ((long) k * n / c);
        }
        return start;
    }

    private void checkRows(int n) {
        if (n < 2 || n > config.maxRowsPerClass()) {
            throw new IllegalArgumentException("nms_engine takes 2 .. max_rows_per_class = "
                    + config.maxRowsPerClass() + " images per class (chunk), got " + n);
        }
    }

    /** {@code {row, beta, entropy, within_tol}}: within_tol in bit 0. */
    public BigInteger pack(Record r) {
        check("row", r.row(), f.rowIndexWidth);
        check("beta", r.beta(), f.betaWidth);
        check("entropy", r.entropy(), f.entropyWidth);
        return BigInteger.valueOf(r.row()).shiftLeft(f.betaWidth)
                .or(BigInteger.valueOf(r.beta())).shiftLeft(f.entropyWidth)
                .or(BigInteger.valueOf(r.entropy())).shiftLeft(1)
                .or(r.withinTolerance() ? BigInteger.ONE : BigInteger.ZERO);
    }

    /** The inverse of {@link #pack}. */
    public Record unpack(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > f.hostRecordWidth) {
            throw new IllegalArgumentException("a record has " + f.hostRecordWidth + " bits, got " + v);
        }
        boolean within = v.testBit(0);
        long entropy = field(v, 1, f.entropyWidth);
        long beta = field(v, 1 + f.entropyWidth, f.betaWidth);
        long row = field(v, 1 + f.entropyWidth + f.betaWidth, f.rowIndexWidth);
        return new Record((int) row, beta, entropy, within);
    }

    private static long field(BigInteger v, int lo, int width) {
        return v.shiftRight(lo).and(BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE))
                .longValueExact();
    }

    private static void check(String name, long value, int width) {
        if (value < 0 || Formats.bits(value) > width) {
            throw new IllegalArgumentException(name + " = " + value + " does not fit " + width + " bits");
        }
    }

    /** All records of a class concatenated, record 0 in the least significant bits. */
    public BigInteger hostStream(Record[] records) {
        BigInteger v = BigInteger.ZERO;
        for (int k = records.length - 1; k >= 0; k--) {
            v = v.shiftLeft(f.hostRecordWidth).or(pack(records[k]));
        }
        return v;
    }

    /** Beats the engine reads near memory for a class of {@code n} images: each once, {@code n * beats}. */
    public long dramBeats(int n) {
        return bursts(n) * f.beats;
    }

    /** Those beats in bytes: {@code ceil(beats * lanes * pixel_width / 8)}. */
    public long dramBytes(int n) {
        return ceilDiv(dramBeats(n) * f.beatWidth, 8);
    }

    /** Bits of one image as stored in DRAM (zero-padded last beat): {@code beats * lanes * pixel_width}. */
    public long storedImageBits() {
        return (long) f.beats * f.beatWidth;
    }

    /** Bytes one host record occupies on the host link: {@code ceil(host_record_width / 8)}. */
    public int recordBytes() {
        return (int) ceilDiv(f.hostRecordWidth, 8);
    }

    /** Bytes the engine sends to the host for a class of {@code n} images. */
    public long hostBytes(int n) {
        return (long) n * recordBytes();
    }

    /**
     * The beat address of the {@code k}-th burst of a class at {@code base} (k = 0 .. n - 1):
     * image k, {@code base + k * beats}, wrapping at {@code 2^DRAM_ADDR_WIDTH}.
     */
    public long burstAddress(long base, int n, long k) {
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("burst " + k + " of a class of " + n);
        }
        long mask = (1L << Formats.DRAM_ADDR_WIDTH) - 1;
        return (base + k * f.beats) & mask;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
