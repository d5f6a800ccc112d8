package nms.golden;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SearchVariant;

/**
 * Twin of {@code nms_engine}, the near-memory top level (spec section 10): for one class of N
 * images stored contiguously in DRAM it computes, row by row, the distances of image i to every
 * other image (ascending j, as {@link GoldenDesne#dense}) and the row's perplexity search with the
 * configured variant, and emits one host record per row. It also states the traffic the RTL
 * causes. The engine serves K = {@code engine_anchors} consecutive rows per pass. Pass p (rows
 * {@code pK .. pK + m - 1}, m = K or what is left in the last pass) reads its m anchor images
 * into m buffers, pairing each anchor after the first with the first anchor on the way in (the
 * distance of row pK + a to image pK, by symmetry of the integer distance); then it streams every
 * image of the class but image pK (the first anchor, already met), ascending, each beat paired
 * with the same beat of all m anchors (K {@code nms_distance} instances; an anchor's pair with
 * itself is skipped). So a pass reads {@code m + N - 1} images and a class {@code N + ceil(N/K) *
 * (N - 1)}: N * N for K = 1, the row-by-row order. N records cross to the host. The records
 * depend only on the distances, so they are the same for every K.
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
    private final NmsDistance distance;
    private final NmsPerplexity perplexity;

    public NmsEngine(NmsConfig config) {
        this.config = config;
        this.f = config.formats();
        this.anchors = f.engineAnchors;
        this.distance = new NmsDistance(config);
        this.perplexity = new NmsPerplexity(config);
    }

    /** One row's record fields as the RTL emits them. */
    public record Record(int row, long beta, long entropy, boolean withinTolerance) {
    }

    /** The records of one class and the traffic the engine causes for it. */
    public record ClassRun(int rows, Record[] records, BigInteger hostStream, long dramBeats,
                           long dramBytes, long hostBytes) {
    }

    /**
     * Runs one class as the RTL does: {@code images[k]} is image k (pixels 0 .. dims - 1). Pass
     * p holds rows {@code pK .. pK + m - 1}; each row collects its N - 1 distances in ascending j
     * (its distance to image pK, met while the anchors load, at its place), and the rows are then
     * searched in row order.
     */
    public ClassRun run(int[][] images) {
        int n = images.length;
        checkRows(n);
        NmsPerplexity.Search[] rows = new NmsPerplexity.Search[n];
        SearchVariant variant = config.search();
        for (int pass = 0; pass < passes(n); pass++) {
            int first = pass * anchors;
            int m = anchorsInPass(n, pass);
            long[][] dist = new long[m][n - 1];
            // Anchor phase: anchor a > 0 arrives paired with anchor 0 (distance(first, i) is
            // distance(i, first): the integer distance is symmetric).
            for (int a = 1; a < m; a++) {
                dist[a][first] = distance.distance(images[first], images[first + a]);
            }
            // Stream phase: every image but the first anchor, ascending, against every anchor.
            for (int j = 0; j < n; j++) {
                if (j == first) {
                    continue;
                }
                for (int a = 0; a < m; a++) {
                    int i = first + a;
                    if (j != i) {
                        dist[a][j < i ? j : j - 1] = distance.distance(images[i], images[j]);
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                rows[first + a] = perplexity.search(dist[a], variant);
            }
        }
        return fromSearches(rows);
    }

    /** Anchors per pass, K ({@code engine_anchors}). */
    public int anchors() {
        return anchors;
    }

    /** Passes over a class of {@code n} images: {@code ceil(n / K)}. */
    public int passes(int n) {
        return (n + anchors - 1) / anchors;
    }

    /** Anchors of pass {@code pass}: K, or what is left of the class in the last pass. */
    public int anchorsInPass(int n, int pass) {
        return Math.min(anchors, n - pass * anchors);
    }

    /**
     * Bursts (image reads) of a class of {@code n}: {@code n + ceil(n / K) * (n - 1)}, every
     * image once as an anchor and every pass a stream of all images but its first anchor.
     */
    public long bursts(int n) {
        return n + (long) passes(n) * (n - 1);
    }

    /**
     * The class run from row searches already made (row i's search over its distances to every
     * other row in ascending order, with the configured variant), as {@link GoldenDesne#run}
     * gives them.
     */
    public ClassRun fromSearches(NmsPerplexity.Search[] rows) {
        int n = rows.length;
        checkRows(n);
        Record[] records = new Record[n];
        for (int i = 0; i < n; i++) {
            records[i] = new Record(i, rows[i].beta(), rows[i].entropy(), rows[i].withinTolerance());
        }
        return new ClassRun(n, records, hostStream(records), dramBeats(n), dramBytes(n),
                hostBytes(n));
    }

    private void checkRows(int n) {
        if (n < 2 || n > config.maxRowsPerClass()) {
            throw new IllegalArgumentException("nms_engine takes 2 .. max_rows_per_class = "
                    + config.maxRowsPerClass() + " images per class, got " + n);
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

    /**
     * Beats the engine reads near memory for a class of {@code n} images: every image once as
     * an anchor and once per pass but its own, {@code (n + ceil(n / K) * (n - 1)) * beats}.
     */
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
     * The beat address of the {@code k}-th burst of a class at {@code base} (k = 0 ..
     * {@link #bursts} - 1), wrapping at {@code 2^DRAM_ADDR_WIDTH}: per pass p, its m anchors
     * (images {@code pK .. pK + m - 1}), then every image but pK ascending. Every pass but the
     * last takes K + n - 1 bursts. For K = 1: per row i, image i, then every j != i ascending.
     */
    public long burstAddress(long base, int n, long k) {
        int pass = (int) Math.min(k / (anchors + n - 1), passes(n) - 1);
        int first = pass * anchors;
        int pos = (int) (k - (long) pass * (anchors + n - 1));
        int m = anchorsInPass(n, pass);
        int q = pos - m;
        int image = pos < m ? first + pos : (q < first ? q : q + 1);
        long mask = (1L << Formats.DRAM_ADDR_WIDTH) - 1;
        return (base + (long) image * f.beats) & mask;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
