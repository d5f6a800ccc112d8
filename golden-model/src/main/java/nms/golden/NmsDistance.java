package nms.golden;

import nms.config.Metric;
import nms.config.NmsConfig;

/**
 * Twin of {@code nms_distance}: the exact integer distance of two images (spec section 4).
 * Lanes and beats do not change the value: the last beat is zero-padded on both operands.
 */
@RtlTwin("nms_distance")
public final class NmsDistance {
    private final Metric metric;
    private final int dims;
    private final int block;

    public NmsDistance(NmsConfig config) {
        this.metric = config.metric();
        this.dims = config.dims();
        this.block = blockFor(config.formats().maxPixel);
    }

    public long distance(int[] a, int[] b) {
        return metric == Metric.L2 ? squaredL2(a, b, dims, block) : l1(a, b, dims);
    }

    /** Rows per parallel task of {@link #matrix}: a block stays in L2 while later rows stream past. */
    private static final int ROWS_PER_TASK = 16;
    /** Tile edge of the mirroring pass, so lower-triangle writes stay cache friendly. */
    private static final int MIRROR_TILE = 64;

    /**
     * The exact symmetric all-pairs matrix (zero diagonal) of unsigned pixel rows of up to 16
     * bits. The upper triangle is computed in parallel blocks, then mirrored in tiles; every entry
     * is an exact integer, so the result is identical for any thread count.
     */
    public static long[][] matrix(int[][] rows, Metric metric) {
        int n = rows.length;
        int dims = n == 0 ? 0 : rows[0].length;
        int maxPixel = 0;
        for (int[] row : rows) {
            if (row.length != dims) {
                throw new IllegalArgumentException("rows differ in length");
            }
            for (int v : row) {
                if (v < 0 || v > 0xFFFF) {
                    throw new IllegalArgumentException("pixels must be in [0, 65535], got " + v);
                }
                maxPixel = Math.max(maxPixel, v);
            }
        }
        int block = blockFor(maxPixel);
        long[][] d = new long[n][n];
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        java.util.stream.IntStream.range(0, tasks).parallel().forEach(task -> {
            int i0 = task * ROWS_PER_TASK;
            int i1 = Math.min(n, i0 + ROWS_PER_TASK);
            for (int j = i0 + 1; j < n; j++) {
                int[] b = rows[j];
                for (int i = i0; i < Math.min(i1, j); i++) {
                    d[i][j] = metric == Metric.L2 ? squaredL2(rows[i], b, dims, block) : l1(rows[i], b, dims);
                }
            }
        });
        int tiles = (n + MIRROR_TILE - 1) / MIRROR_TILE;
        java.util.stream.IntStream.range(0, tiles).parallel().forEach(tj -> {
            int j0 = tj * MIRROR_TILE;
            int j1 = Math.min(n, j0 + MIRROR_TILE);
            for (int i0 = 0; i0 < j1; i0 += MIRROR_TILE) {
                int i1 = Math.min(n, i0 + MIRROR_TILE);
                for (int j = j0; j < j1; j++) {
                    long[] dj = d[j];
                    for (int i = i0; i < Math.min(i1, j); i++) {
                        dj[i] = d[i][j];
                    }
                }
            }
        });
        return d;
    }

    /** Pixels whose squared differences surely fit an unsigned 32-bit partial sum. */
    public static int blockFor(int maxPixel) {
        long maxSquare = (long) maxPixel * maxPixel;
        return (int) Math.max(1, Math.min(4096, 0xFFFF_FFFFL / Math.max(1, maxSquare)));
    }

    /**
     * The squared-L2 kernel. Pixels are summed in blocks of at most {@code block} (the last one
     * may be shorter, including a first block shorter than {@code block} when {@code dims} is):
     * each block accumulates in an int so the JIT vectorises it, and {@code block} (see
     * {@link #blockFor}) keeps every partial sum below 2^32, read back as unsigned. A shorter last
     * block has fewer terms, so it fits too; handling it in the same int loop, rather than pixel
     * by pixel in long arithmetic, is what keeps e.g. 784 8-bit pixels (block 4096) vectorised.
     */
    public static long squaredL2(int[] a, int[] b, int dims, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block must be >= 1, got " + block);
        }
        long sum = 0;
        for (int k = 0; k < dims; ) {
            int end = dims - k <= block ? dims : k + block;
            int partial = 0;
            for (int j = k; j < end; j++) {
                int d = a[j] - b[j];
                partial += d * d;
            }
            sum += Integer.toUnsignedLong(partial);
            k = end;
        }
        return sum;
    }

    public static long l1(int[] a, int[] b, int dims) {
        long sum = 0;
        for (int k = 0; k < dims; k++) {
            sum += Math.abs(a[k] - b[k]);
        }
        return sum;
    }

    /**
     * The distance of two sketches (spec 11.1, 11.2): the configured metric over the sketch
     * elements, exact in a long ({@code sketch_max_dist} fits 55 bits, checked by the formats).
     */
    public static long ofSketches(long[] a, long[] b, Metric metric) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("sketches differ in length: " + a.length + " and " + b.length);
        }
        long sum = 0;
        for (int k = 0; k < a.length; k++) {
            long d = a[k] - b[k];
            sum += metric == Metric.L2 ? d * d : Math.abs(d);
        }
        return sum;
    }

    /**
     * The symmetric all-pairs matrix (zero diagonal) of {@link #ofSketches}, rows in parallel;
     * exact integers, so identical for any thread count.
     */
    public static long[][] matrixOfSketches(long[][] sketches, Metric metric) {
        int n = sketches.length;
        long[][] d = new long[n][n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = ofSketches(sketches[i], sketches[j], metric);
            }
        });
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                d[i][j] = d[j][i];
            }
        }
        return d;
    }
}
