package nms.eval;

import java.util.Arrays;
import nms.data.Images;

/**
 * Exact squared Euclidean distances between raw integer pixel rows, and farthest-first traversal
 * in that space. Integer arithmetic keeps the pixel-space selectors exactly reproducible; the
 * sum stays in {@code int} (which the JIT vectorises) whenever it provably cannot overflow.
 */
final class PixelGeometry {

    private final int[][] rows;
    private final boolean intSumIsSafe;
    /** Pixel-major copy, {@code columns[p][i]} = pixel p of row i, built on first use. */
    private int[][] columns;
    private long[] norms;

    PixelGeometry(Images images) {
        this.rows = images.pixels();
        long maxPixel = (1L << images.pixelWidth()) - 1;
        this.intSumIsSafe = (long) images.dims() * maxPixel * maxPixel <= Integer.MAX_VALUE;
    }

    int size() {
        return rows.length;
    }

    long squaredDistance(int i, int j) {
        int[] a = rows[i];
        int[] b = rows[j];
        if (intSumIsSafe) {
            int sum = 0;
            for (int k = 0; k < a.length; k++) {
                int d = a[k] - b[k];
                sum += d * d;
            }
            return sum;
        }
        long sum = 0;
        for (int k = 0; k < a.length; k++) {
            long d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }

    /**
     * Exact squared distances from row {@code j} to every row, as {@code |x|^2 + |y|^2 - 2 x.y}
     * with the dot products accumulated column by column over y's non-zero pixels: a vectorised
     * integer loop over all rows instead of one reduction per pair (several times faster).
     */
    void distancesTo(int j, long[] out) {
        if (columns == null) {
            transpose();
        }
        int n = rows.length;
        int[] target = rows[j];
        if (intSumIsSafe) {
            int[] dot = new int[n];
            for (int p = 0; p < target.length; p++) {
                int v = target[p];
                if (v != 0) {
                    int[] column = columns[p];
                    for (int i = 0; i < n; i++) {
                        dot[i] += v * column[i];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                out[i] = norms[i] + norms[j] - 2L * dot[i];
            }
        } else {
            long[] dot = new long[n];
            for (int p = 0; p < target.length; p++) {
                long v = target[p];
                if (v != 0) {
                    int[] column = columns[p];
                    for (int i = 0; i < n; i++) {
                        dot[i] += v * column[i];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                out[i] = norms[i] + norms[j] - 2L * dot[i];
            }
        }
    }

    private void transpose() {
        int n = rows.length;
        int dims = rows[0].length;
        columns = new int[dims][n];
        norms = new long[n];
        for (int i = 0; i < n; i++) {
            int[] row = rows[i];
            long norm = 0;
            for (int p = 0; p < dims; p++) {
                columns[p][i] = row[p];
                norm += (long) row[p] * row[p];
            }
            norms[i] = norm;
        }
    }

    /** The row nearest the mean row (ties to the lowest index): a central, typical sample. */
    int nearestToMean() {
        int dims = rows[0].length;
        double[] mean = new double[dims];
        for (int[] row : rows) {
            for (int k = 0; k < dims; k++) {
                mean[k] += row[k];
            }
        }
        for (int k = 0; k < dims; k++) {
            mean[k] /= rows.length;
        }
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rows.length; i++) {
            double sum = 0;
            int[] row = rows[i];
            for (int k = 0; k < dims; k++) {
                double d = row[k] - mean[k];
                sum += d * d;
            }
            if (sum < bestDistance) {
                bestDistance = sum;
                best = i;
            }
        }
        return best;
    }

    /**
     * Greedy farthest-first (k-center) traversal: adds to {@code chosen} the row farthest from
     * everything chosen so far, until {@code budget} rows are chosen. With nothing chosen yet, it
     * starts from the row nearest the mean. Ties go to the lowest index.
     */
    void fillFarthestFirst(boolean[] chosen, int budget) {
        int n = rows.length;
        long[] nearest = new long[n];
        Arrays.fill(nearest, Long.MAX_VALUE);
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (chosen[i]) {
                count++;
                lowerNearest(nearest, i);
            }
        }
        if (count == 0 && budget > 0) {
            int first = nearestToMean();
            chosen[first] = true;
            count = 1;
            lowerNearest(nearest, first);
        }
        while (count < budget) {
            int farthest = -1;
            for (int i = 0; i < n; i++) {
                if (!chosen[i] && (farthest < 0 || nearest[i] > nearest[farthest])) {
                    farthest = i;
                }
            }
            chosen[farthest] = true;
            count++;
            lowerNearest(nearest, farthest);
        }
    }

    private void lowerNearest(long[] nearest, int chosenRow) {
        long[] distance = new long[nearest.length];
        distancesTo(chosenRow, distance);
        for (int i = 0; i < nearest.length; i++) {
            nearest[i] = Math.min(nearest[i], distance[i]);
        }
    }
}
