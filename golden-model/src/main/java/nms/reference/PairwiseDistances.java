package nms.reference;

import java.util.stream.IntStream;

import nms.config.Metric;

/**
 * Exact all-pairs pixel distances of one class, computed in parallel.
 *
 * <p>Every entry is an exact integer, so the result is bit-identical whatever the number of
 * threads or the order in which pairs are visited.
 */
public final class PairwiseDistances {

    /**
     * Rows per parallel task: 16 rows of 784 ints (50 KB) stay in L2 while the other rows stream
     * past, and 6000 / 16 tasks still balance the triangular workload over the cores.
     */
    private static final int ROWS_PER_TASK = 16;

    private PairwiseDistances() {
    }

    /**
     * The full symmetric {@code n x n} distance matrix with a zero diagonal.
     *
     * @param rows   pixel rows of equal length, non-negative values
     * @param metric {@link Metric#L2} (squared Euclidean) or {@link Metric#L1}
     */
    public static long[][] compute(int[][] rows, Metric metric) {
        int n = rows.length;
        int dims = n == 0 ? 0 : rows[0].length;
        for (int[] row : rows) {
            if (row.length != dims) {
                throw new IllegalArgumentException("rows differ in length");
            }
        }
        boolean fitsInInt = maxDistance(rows, metric) <= Integer.MAX_VALUE;
        long[][] d = new long[n][n];
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        // Each task owns a block of rows i and streams every later row j past them once, so
        // the block stays in cache and each row j is read from memory once per block.
        IntStream.range(0, tasks).parallel().forEach(task -> {
            int i0 = task * ROWS_PER_TASK;
            int i1 = Math.min(n, i0 + ROWS_PER_TASK);
            for (int j = i0 + 1; j < n; j++) {
                int[] b = rows[j];
                for (int i = i0; i < Math.min(i1, j); i++) {
                    d[i][j] = fitsInInt ? distanceInt(rows[i], b, metric) : metric.distance(rows[i], b);
                }
            }
        });
        mirrorUpperTriangle(d);
        return d;
    }

    /** Copies the upper triangle into the lower one in tiles, so writes stay cache friendly. */
    private static void mirrorUpperTriangle(long[][] d) {
        int n = d.length;
        int tile = 64;
        int tiles = (n + tile - 1) / tile;
        IntStream.range(0, tiles).parallel().forEach(tj -> {
            int j0 = tj * tile;
            int j1 = Math.min(n, j0 + tile);
            for (int i0 = 0; i0 < j1; i0 += tile) {
                int i1 = Math.min(n, i0 + tile);
                for (int j = j0; j < j1; j++) {
                    long[] dj = d[j];
                    for (int i = i0; i < Math.min(i1, j); i++) {
                        dj[i] = d[i][j];
                    }
                }
            }
        });
    }

    /** An upper bound of any pairwise distance, used to pick the 32-bit accumulating kernel. */
    private static long maxDistance(int[][] rows, Metric metric) {
        long maxPixel = 0;
        for (int[] row : rows) {
            for (int v : row) {
                if (v < 0) {
                    throw new IllegalArgumentException("pixels must be non-negative, got " + v);
                }
                maxPixel = Math.max(maxPixel, v);
            }
        }
        long dims = rows.length == 0 ? 0 : rows[0].length;
        try {
            long perPixel = metric == Metric.L2 ? Math.multiplyExact(maxPixel, maxPixel) : maxPixel;
            return Math.multiplyExact(dims, perPixel);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** The same value as {@link Metric#distance}, with 32-bit accumulation the JIT vectorises. */
    private static long distanceInt(int[] a, int[] b, Metric metric) {
        int sum = 0;
        if (metric == Metric.L2) {
            for (int k = 0; k < a.length; k++) {
                int diff = a[k] - b[k];
                sum += diff * diff;
            }
        } else {
            for (int k = 0; k < a.length; k++) {
                sum += Math.abs(a[k] - b[k]);
            }
        }
        return sum;
    }
}
