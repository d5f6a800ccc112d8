package nms.bench;

import nms.golden.NmsDistance;
import smile.math.MathEx;

/**
 * The three squared-L2 kernels compared by the bench, and sweeps of each over a range of pairs.
 *
 * <p>Pairs are the {@code i < j} pairs of {@code n} rows in row-major order: pair index 0 is
 * (0, 1), then (0, 2) ... (0, n-1), (1, 2) and so on. Each sweep is its own monomorphic loop (no
 * interface call in the hot path) and returns the sum of its distances as a long, which is both
 * the blackhole that keeps the work alive and a checksum: on 8-bit pixels every distance is an
 * integer below 2^53, so the double kernels' results convert to long exactly.
 */
public final class Kernels {
    private Kernels() {
    }

    /** Plain double loop: {@code sum (x - y)^2}, the textbook kernel. */
    public static double doubleLoop(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }

    /** Smile's {@code MathEx.squaredDistance(double[], double[])}. */
    public static double smile(double[] a, double[] b) {
        return MathEx.squaredDistance(a, b);
    }

    /** Number of {@code i < j} pairs of {@code n} rows. */
    public static long allPairs(int n) {
        return (long) n * (n - 1) / 2;
    }

    /** The {@code (i, j)} of pair index {@code p} (row-major, {@code i < j}). */
    public static int[] pairAt(int n, long p) {
        if (p < 0 || p >= allPairs(n)) {
            throw new IllegalArgumentException("pair " + p + " outside [0, " + allPairs(n) + ")");
        }
        int i = 0;
        while (p >= n - 1 - i) {
            p -= n - 1 - i;
            i++;
        }
        return new int[] {i, (int) (i + 1 + p)};
    }

    /** Golden {@link NmsDistance} kernel over {@code count} pairs from pair index {@code from}. */
    public static long sweepGolden(NmsDistance golden, int[][] rows, long from, long count) {
        int n = rows.length;
        int[] start = count == 0 ? new int[] {0, 1} : pairAt(n, from);
        int i = start[0];
        int j = start[1];
        long sum = 0;
        long left = count;
        while (left > 0) {
            int[] a = rows[i];
            int end = (int) Math.min(n, j + left);
            for (int jj = j; jj < end; jj++) {
                sum += golden.distance(a, rows[jj]);
            }
            left -= end - j;
            i++;
            j = i + 1;
        }
        return sum;
    }

    /** Plain double loop over the same pairs. */
    public static long sweepDouble(double[][] rows, long from, long count) {
        int n = rows.length;
        int[] start = count == 0 ? new int[] {0, 1} : pairAt(n, from);
        int i = start[0];
        int j = start[1];
        long sum = 0;
        long left = count;
        while (left > 0) {
            double[] a = rows[i];
            int end = (int) Math.min(n, j + left);
            for (int jj = j; jj < end; jj++) {
                sum += (long) doubleLoop(a, rows[jj]);
            }
            left -= end - j;
            i++;
            j = i + 1;
        }
        return sum;
    }

    /** Smile's {@code MathEx.squaredDistance} over the same pairs. */
    public static long sweepSmile(double[][] rows, long from, long count) {
        int n = rows.length;
        int[] start = count == 0 ? new int[] {0, 1} : pairAt(n, from);
        int i = start[0];
        int j = start[1];
        long sum = 0;
        long left = count;
        while (left > 0) {
            double[] a = rows[i];
            int end = (int) Math.min(n, j + left);
            for (int jj = j; jj < end; jj++) {
                sum += (long) MathEx.squaredDistance(a, rows[jj]);
            }
            left -= end - j;
            i++;
            j = i + 1;
        }
        return sum;
    }

    /**
     * Checks every pair of the range: the double loop and Smile must return exactly the golden
     * integer (every value involved is an integer below 2^53, so double arithmetic is exact).
     *
     * @return the golden checksum of the range
     * @throws IllegalStateException naming the first pair where a kernel disagrees
     */
    public static long verify(NmsDistance golden, int[][] ints, double[][] doubles, long count) {
        int n = ints.length;
        long sum = 0;
        long seen = 0;
        for (int i = 0; i < n && seen < count; i++) {
            for (int j = i + 1; j < n && seen < count; j++, seen++) {
                long g = golden.distance(ints[i], ints[j]);
                double d = doubleLoop(doubles[i], doubles[j]);
                double s = smile(doubles[i], doubles[j]);
                if (d != (double) g || s != (double) g) {
                    throw new IllegalStateException("kernels disagree on pair (" + i + ", " + j
                            + "): golden " + g + ", double loop " + d + ", smile " + s);
                }
                sum += g;
            }
        }
        return sum;
    }

    /** Double copies of integer pixel rows. */
    public static double[][] toDoubles(int[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] r = new double[rows[i].length];
            for (int k = 0; k < r.length; k++) {
                r[k] = rows[i][k];
            }
            out[i] = r;
        }
        return out;
    }
}
