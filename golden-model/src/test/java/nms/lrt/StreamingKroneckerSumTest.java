package nms.lrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import nms.lrt.StreamingKroneckerSum.Variant;
import org.junit.jupiter.api.Test;

class StreamingKroneckerSumTest {
    static final double NO_SKIP = Double.POSITIVE_INFINITY;

    @Test
    void biasedUnquantizedReproducesARankRStreamExactly() {
        int n = 12;
        int m = 9;
        int r = 3;
        SplittableRandom rnd = new SplittableRandom(11);
        double[][] a = gaussian(rnd, n, r);
        double[][] b = gaussian(rnd, m, r);
        StreamingKroneckerSum sks = new StreamingKroneckerSum(n, m, r, Variant.BIASED, NO_SKIP, 0, 1);
        double[] sum = new double[n * m];
        for (int t = 0; t < 40; t++) {
            double[] u = times(a, gaussianVector(rnd, r));
            double[] v = times(b, gaussianVector(rnd, r));
            addOuter(sum, u, v);
            assertTrue(sks.add(u, v));
            assertClose(sum, sks.estimate(), 1e-10, "after pair " + t);
        }
    }

    @Test
    void biasedMatchesStepByStepDenseTruncation() {
        int n = 10;
        int m = 7;
        int r = 2;
        SplittableRandom rnd = new SplittableRandom(5);
        StreamingKroneckerSum sks = new StreamingKroneckerSum(n, m, r, Variant.BIASED, NO_SKIP, 0, 1);
        double[] dense = new double[n * m];
        for (int t = 0; t < 30; t++) {
            double[] u = gaussianVector(rnd, n);
            double[] v = gaussianVector(rnd, m);
            addOuter(dense, u, v);
            dense = DenseTruncation.truncate(dense, n, m, r);
            sks.add(u, v);
            assertClose(dense, sks.estimate(), 1e-8, "after pair " + t);
        }
    }

    @Test
    void quantizedBasesErrShrinksWithBasisBits() {
        // Basis quantization noise enters the top-r directions through the SVD every step, so
        // the error grows along the stream (a property of the authors' algorithm, not only of
        // rounding once); it must vanish as the basis width grows.
        double e16 = rankStreamError(16);
        double e24 = rankStreamError(24);
        assertTrue(e16 < 0.1, "16-bit bases: relative error " + e16);
        assertTrue(e16 > 1e-9, "16-bit bases must actually quantize, error " + e16);
        assertTrue(e24 < e16 / 100, "24-bit error " + e24 + " vs 16-bit " + e16);
        assertTrue(rankStreamError(0) < 1e-12);
    }

    static double rankStreamError(int bits) {
        int n = 20;
        int m = 8;
        int r = 2;
        SplittableRandom rnd = new SplittableRandom(2);
        double[][] a = gaussian(rnd, n, r);
        double[][] b = gaussian(rnd, m, r);
        StreamingKroneckerSum sks = new StreamingKroneckerSum(n, m, r, Variant.BIASED, NO_SKIP, bits, 1);
        double[] sum = new double[n * m];
        for (int t = 0; t < 50; t++) {
            double[] u = times(a, gaussianVector(rnd, r));
            double[] v = times(b, gaussianVector(rnd, r));
            addOuter(sum, u, v);
            sks.add(u, v);
        }
        return relativeError(sks.estimate(), sum);
    }

    @Test
    void unbiasedMeanConvergesAsOneOverSqrtTrials() {
        int n = 8;
        int m = 6;
        int r = 2;
        SplittableRandom data = new SplittableRandom(9);
        double[][] us = new double[12][];
        double[][] vs = new double[12][];
        double[] truth = new double[n * m];
        for (int t = 0; t < us.length; t++) {
            us[t] = gaussianVector(data, n);
            vs[t] = gaussianVector(data, m);
            addOuter(truth, us[t], vs[t]);
        }
        int[] checkpoints = {16, 64, 256, 1024};
        double[] errors = new double[checkpoints.length];
        double[] mean = new double[n * m];
        int next = 0;
        for (int trial = 1; trial <= 1024; trial++) {
            StreamingKroneckerSum sks = new StreamingKroneckerSum(n, m, r, Variant.UNBIASED, NO_SKIP, 0, trial);
            for (int t = 0; t < us.length; t++) {
                sks.add(us[t], vs[t]);
            }
            double[] est = sks.estimate();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += est[i];
            }
            if (trial == checkpoints[next]) {
                double[] avg = new double[mean.length];
                for (int i = 0; i < avg.length; i++) {
                    avg[i] = mean[i] / trial;
                }
                errors[next++] = relativeError(avg, truth);
            }
        }
        // Least-squares slope of log(error) against log(trials): -1/2 for an unbiased estimator.
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int k = 0; k < checkpoints.length; k++) {
            double x = Math.log(checkpoints[k]);
            double y = Math.log(errors[k]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        int c = checkpoints.length;
        double slope = (c * sxy - sx * sy) / (c * sxx - sx * sx);
        assertTrue(slope < -0.35 && slope > -0.65, "error slope " + slope + ", errors " + java.util.Arrays.toString(errors));
        StreamingKroneckerSum biased = new StreamingKroneckerSum(n, m, r, Variant.BIASED, NO_SKIP, 0, 1);
        for (int t = 0; t < us.length; t++) {
            biased.add(us[t], vs[t]);
        }
        double biasedError = relativeError(biased.estimate(), truth);
        assertTrue(errors[c - 1] < biasedError / 4,
                "unbiased mean error " + errors[c - 1] + " vs biased truncation " + biasedError);
    }

    @Test
    void unbiasedIsSeededAndDiffersBetweenSeeds() {
        SplittableRandom data = new SplittableRandom(4);
        double[][] us = new double[6][];
        double[][] vs = new double[6][];
        for (int t = 0; t < us.length; t++) {
            us[t] = gaussianVector(data, 5);
            vs[t] = gaussianVector(data, 4);
        }
        double[] a = run(us, vs, 7);
        assertArrayEquals(a, run(us, vs, 7));
        assertFalse(java.util.Arrays.equals(a, run(us, vs, 8)));
    }

    @Test
    void kappaSkipsAPairWhoseResidualIsNegligible() {
        StreamingKroneckerSum sks = new StreamingKroneckerSum(3, 3, 1, Variant.BIASED, 100, 0, 1);
        assertTrue(sks.add(new double[] {10, 0, 0}, new double[] {0, 10, 0}));
        double[] before = sks.estimate();
        // Residual product 1e-2 * 1e-2 = 1e-4 < Cx[0] / kappa = 1: skipped, in-span part included.
        assertFalse(sks.add(new double[] {1, 1e-2, 0}, new double[] {0, 1, 1e-2}));
        assertArrayEquals(before, sks.estimate());
        assertEquals(2, sks.pairs());
        assertEquals(1, sks.skipped());
        // A pair with a large residual is taken.
        assertTrue(sks.add(new double[] {0, 0, 10}, new double[] {10, 0, 0}));
        assertEquals(1, sks.skipped());
    }

    @Test
    void memoryIsQTimesNPlusM() {
        assertEquals(5 * (144 + 32) + 4 + 2, new StreamingKroneckerSum(144, 32, 4, Variant.UNBIASED, 100, 16, 1)
                .memoryWords());
    }

    static double[] run(double[][] us, double[][] vs, long seed) {
        StreamingKroneckerSum sks = new StreamingKroneckerSum(us[0].length, vs[0].length, 2, Variant.UNBIASED,
                NO_SKIP, 16, seed);
        for (int t = 0; t < us.length; t++) {
            sks.add(us[t], vs[t]);
        }
        return sks.estimate();
    }

    static void assertClose(double[] expected, double[] actual, double relTol, String what) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relTol * Math.max(scale, 1e-300), what + ", cell " + i);
        }
    }

    static double relativeError(double[] est, double[] truth) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < est.length; i++) {
            num += (est[i] - truth[i]) * (est[i] - truth[i]);
            den += truth[i] * truth[i];
        }
        return Math.sqrt(num / den);
    }

    static void addOuter(double[] m, double[] u, double[] v) {
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
                m[i * v.length + j] += u[i] * v[j];
            }
        }
    }

    static double[] gaussianVector(SplittableRandom rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = gaussian(rnd);
        }
        return x;
    }

    static double[][] gaussian(SplittableRandom rnd, int rows, int cols) {
        double[][] x = new double[rows][];
        for (int i = 0; i < rows; i++) {
            x[i] = gaussianVector(rnd, cols);
        }
        return x;
    }

    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    static double[] times(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < x.length; k++) {
                y[i] += a[i][k] * x[k];
            }
        }
        return y;
    }
}
