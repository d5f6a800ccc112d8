package nms.lrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JacobiSvdTest {

    @Test
    void twoByTwoKnownValues() {
        // [[3, 0], [4, 5]]: A^T A = [[25, 20], [20, 25]], eigenvalues 45 and 5.
        JacobiSvd.Svd svd = JacobiSvd.of(new double[][] {{3, 0}, {4, 5}});
        assertEquals(Math.sqrt(45), svd.s()[0], 1e-13);
        assertEquals(Math.sqrt(5), svd.s()[1], 1e-13);
        // Right vectors are (1, 1)/sqrt2 and (1, -1)/sqrt2 up to the sign rule on u.
        assertEquals(1 / Math.sqrt(2), Math.abs(svd.v()[0][0]), 1e-13);
        assertEquals(Math.abs(svd.v()[0][0]), Math.abs(svd.v()[1][0]), 1e-13);
        assertReconstructs(new double[][] {{3, 0}, {4, 5}}, svd);
    }

    @Test
    void recoversAKnownDecompositionWithNormalisedSigns() {
        SplittableRandom rnd = new SplittableRandom(3);
        int q = 5;
        double[][] u = orthogonal(q, rnd);
        double[][] v = orthogonal(q, rnd);
        double[] s = {7, 3, 2, 1, 0.25};
        double[][] a = compose(u, s, v);
        JacobiSvd.Svd svd = JacobiSvd.of(a);
        for (int k = 0; k < q; k++) {
            assertEquals(s[k], svd.s()[k], 1e-12, "singular value " + k);
            // The expected vectors, flipped so u's largest-magnitude entry is positive.
            int big = 0;
            for (int i = 1; i < q; i++) {
                if (Math.abs(u[i][k]) > Math.abs(u[big][k])) {
                    big = i;
                }
            }
            double sign = Math.signum(u[big][k]);
            for (int i = 0; i < q; i++) {
                assertEquals(sign * u[i][k], svd.u()[i][k], 1e-11, "u[" + i + "][" + k + "]");
                assertEquals(sign * v[i][k], svd.v()[i][k], 1e-11, "v[" + i + "][" + k + "]");
            }
        }
    }

    @Test
    void negativeDiagonalGivesAbsoluteValuesInOrder() {
        double[][] a = {{-1, 0, 0}, {0, 4, 0}, {0, 0, -2}};
        JacobiSvd.Svd svd = JacobiSvd.of(a);
        assertEquals(4, svd.s()[0], 0);
        assertEquals(2, svd.s()[1], 0);
        assertEquals(1, svd.s()[2], 0);
        assertEquals(1, svd.u()[1][0], 0);
        assertEquals(1, svd.u()[2][1], 0);
        assertEquals(-1, svd.v()[2][1], 0);
        assertReconstructs(a, svd);
    }

    @Test
    void rankDeficientMatrixKeepsOrthogonalVectors() {
        double[][] a = {{1, 2, 3}, {2, 4, 6}, {0, 0, 0}}; // rank 1
        JacobiSvd.Svd svd = JacobiSvd.of(a);
        assertEquals(Math.sqrt(14 * 5), svd.s()[0], 1e-12);
        assertEquals(0, svd.s()[1], 0);
        assertEquals(0, svd.s()[2], 0);
        assertOrthogonal(svd.u());
        assertOrthogonal(svd.v());
        assertReconstructs(a, svd);
        JacobiSvd.Svd zero = JacobiSvd.of(new double[3][3]);
        assertOrthogonal(zero.u());
        assertEquals(0, zero.s()[0], 0);
    }

    @Test
    void refusesNonSquare() {
        assertThrows(IllegalArgumentException.class, () -> JacobiSvd.of(new double[][] {{1, 2}, {3}}));
    }

    static void assertReconstructs(double[][] a, JacobiSvd.Svd svd) {
        double[][] back = compose(svd.u(), svd.s(), svd.v());
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[i][j], back[i][j], 1e-12, "A[" + i + "][" + j + "]");
            }
        }
        assertOrthogonal(svd.u());
        assertOrthogonal(svd.v());
        for (int k = 1; k < svd.size(); k++) {
            assertTrue(svd.s()[k] <= svd.s()[k - 1]);
        }
    }

    static void assertOrthogonal(double[][] m) {
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m.length; b++) {
                double dot = 0;
                for (double[] row : m) {
                    dot += row[a] * row[b];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-12, "column dot " + a + "," + b);
            }
        }
    }

    static double[][] compose(double[][] u, double[] s, double[][] v) {
        int q = s.length;
        double[][] a = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                for (int k = 0; k < q; k++) {
                    a[i][j] += u[i][k] * s[k] * v[j][k];
                }
            }
        }
        return a;
    }

    /** A random orthogonal matrix by Gram-Schmidt of a Gaussian one (columns orthonormal). */
    static double[][] orthogonal(int q, SplittableRandom rnd) {
        double[][] m = new double[q][q];
        for (int k = 0; k < q; k++) {
            double[] x = new double[q];
            for (int i = 0; i < q; i++) {
                x[i] = rnd.nextDouble(-1, 1);
            }
            for (int c = 0; c < k; c++) {
                double dot = 0;
                for (int i = 0; i < q; i++) {
                    dot += m[i][c] * x[i];
                }
                for (int i = 0; i < q; i++) {
                    x[i] -= dot * m[i][c];
                }
            }
            double norm = 0;
            for (double xi : x) {
                norm += xi * xi;
            }
            for (int i = 0; i < q; i++) {
                m[i][k] = x[i] / Math.sqrt(norm);
            }
        }
        return m;
    }
}
