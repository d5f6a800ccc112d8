package nms.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;

import nms.config.Metric;
import org.junit.jupiter.api.Test;

class ReferenceAffinitiesTest {

    private static final double LOG2_1_5 = Math.log(1.5) / Math.log(2);

    /** Binary entropy in bits, a formula independent of the one under test. */
    private static double binaryEntropyBits(double p) {
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }

    @Test
    void threeRowsReachTheTargetEntropy() {
        // One pixel each: 0, 1, 3. Squared distances d01 = 1, d02 = 9, d12 = 4.
        int[][] rows = {{0}, {1}, {3}};
        ReferenceAffinities affinities = new ReferenceAffinities(Metric.L2, 1.5);
        ReferenceAffinities.Dense dense = affinities.dense(rows);
        // Row 0: d' = {0, 8}; row 1: d' = {0, 3} (to rows 0 and 2); row 2: d' = {5, 0}.
        double[] gap = {8, 3, 5};
        int[] far = {2, 2, 0};
        int[] near = {1, 0, 1};
        for (int i = 0; i < 3; i++) {
            double beta = dense.calibration().beta()[i];
            double pFar = Math.exp(-beta * gap[i]) / (1 + Math.exp(-beta * gap[i]));
            assertTrue(dense.calibration().withinTolerance()[i], "row " + i);
            assertEquals(LOG2_1_5, binaryEntropyBits(pFar), 1e-5, "row " + i);
            assertEquals(LOG2_1_5, dense.calibration().entropyBits()[i], 1e-5);
            assertEquals(pFar, dense.conditional()[i][far[i]], 1e-15);
            assertEquals(1 - pFar, dense.conditional()[i][near[i]], 1e-15);
            assertEquals(0.0, dense.conditional()[i][i]);
        }
        // Scale invariance: the search finds beta * gap with the same entropy in every row.
        double product = dense.calibration().beta()[0] * gap[0];
        for (int i = 1; i < 3; i++) {
            assertEquals(product, dense.calibration().beta()[i] * gap[i], 1e-3 * product);
        }
    }

    @Test
    void searchFollowsTheBhtsneSequence() {
        // d' = {0, 1}, target perplexity 1.5: H(beta = 1) = h(1/(1+e)) = 0.8399 bits > 0.585,
        // so beta doubles: 1, 2 (H=0.5301 < target), then bisects: 1.5, ...
        ReferenceAffinities affinities = new ReferenceAffinities(Metric.L2, 1.5, 1e-5, 2);
        ReferenceAffinities.RowSearch two = affinities.searchRow(new long[] {5, 6});
        assertEquals(2.0, two.beta());
        assertEquals(2, two.iterations());
        assertFalse(two.withinTolerance());
        assertEquals(binaryEntropyBits(1 / (1 + Math.exp(2))), two.entropyBits(), 1e-12);
        ReferenceAffinities.RowSearch three = new ReferenceAffinities(Metric.L2, 1.5, 1e-5, 3)
                .searchRow(new long[] {5, 6});
        assertEquals(1.5, three.beta());
        // The reported row is the one of the last evaluated beta.
        assertEquals(1 / (1 + Math.exp(-1.5)), three.conditional()[0], 1e-15);
    }

    @Test
    void twoRowsOnly() {
        int[][] rows = {{0, 0}, {3, 4}};
        // A single candidate: p = 1 and H = log2(1) = 0 whatever beta.
        ReferenceAffinities.Dense atOne = new ReferenceAffinities(Metric.L2, 1.0).dense(rows);
        assertEquals(1, atOne.calibration().iterations()[0]);
        assertEquals(1.0, atOne.calibration().beta()[0]);
        assertTrue(atOne.calibration().withinTolerance()[1]);
        assertArrayEquals(new double[] {0, 0.5}, atOne.joint()[0]);
        assertArrayEquals(new double[] {0.5, 0}, atOne.joint()[1]);

        // Perplexity 2 is out of reach: H = 0 < 1 keeps halving beta until maxIter.
        ReferenceAffinities.Dense unreachable = new ReferenceAffinities(Metric.L2, 2.0, 1e-5, 100).dense(rows);
        assertEquals(100, unreachable.calibration().iterations()[0]);
        assertEquals(Math.scalb(1.0, -99), unreachable.calibration().beta()[0]);
        assertEquals(2, unreachable.calibration().rowsOutsideTolerance());
        assertEquals(0.0, unreachable.calibration().entropyBits()[0]);
        assertArrayEquals(new double[] {0, 0.5}, unreachable.joint()[0]);
    }

    @Test
    void identicalRowsHaveEntropyLog2OfNMinusOne() {
        int[][] rows = new int[5][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new int[] {7, 7, 7};
        }
        // All d' = 0: H = log2(4) = 2 bits for any beta.
        ReferenceAffinities.Dense missed = new ReferenceAffinities(Metric.L2, 3.0, 1e-5, 100).dense(rows);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(2.0, missed.calibration().entropyBits()[i], 1e-12);
            assertEquals(100, missed.calibration().iterations()[i]);
            assertFalse(missed.calibration().withinTolerance()[i]);
            // H > target every time, so beta doubles from 1: the last evaluated is 2^99.
            assertEquals(Math.scalb(1.0, 99), missed.calibration().beta()[i]);
            for (int j = 0; j < rows.length; j++) {
                assertEquals(i == j ? 0.0 : 0.25, missed.conditional()[i][j], 1e-15);
                assertEquals(i == j ? 0.0 : 0.05, missed.joint()[i][j], 1e-15);
            }
        }
        assertEquals(5, missed.calibration().rowsOutsideTolerance());

        ReferenceAffinities.Dense met = new ReferenceAffinities(Metric.L2, 4.0).dense(rows);
        assertEquals(0, met.calibration().rowsOutsideTolerance());
        assertEquals(1, met.calibration().iterations()[3]);
    }

    @Test
    void jointIsSymmetricAndSumsToOne() {
        int[][] rows = randomRows(60, 30, 3);
        ReferenceAffinities affinities = new ReferenceAffinities(Metric.L2, 10);
        double[][] dense = affinities.dense(rows).joint();
        SparseMatrix sparse = affinities.sparse(rows).joint();
        double denseSum = 0;
        for (int i = 0; i < rows.length; i++) {
            assertEquals(0.0, dense[i][i]);
            for (int j = 0; j < rows.length; j++) {
                assertEquals(dense[i][j], dense[j][i]);
                assertEquals(sparse.get(i, j), sparse.get(j, i));
                denseSum += dense[i][j];
            }
        }
        assertEquals(1.0, denseSum, 1e-12);
        assertEquals(1.0, sparse.sum(), 1e-12);
        assertTrue(sparse.nonZeros() >= 60 * 30);
    }

    @Test
    void sparseEqualsDenseWhenEveryRowIsANeighbour() {
        int[][] rows = randomRows(20, 16, 11);
        for (Metric metric : Metric.values()) {
            ReferenceAffinities affinities = new ReferenceAffinities(metric, 7); // k = min(19, 21)
            assertEquals(19, affinities.neighbourCount(20));
            ReferenceAffinities.Dense dense = affinities.dense(rows);
            ReferenceAffinities.Sparse sparse = affinities.sparse(rows);
            assertArrayEquals(dense.calibration().beta(), sparse.calibration().beta());
            assertArrayEquals(dense.calibration().entropyBits(), sparse.calibration().entropyBits());
            assertArrayEquals(dense.calibration().iterations(), sparse.calibration().iterations());
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(dense.conditional()[i], sparse.conditional().toDense()[i]);
                assertArrayEquals(dense.joint()[i], sparse.joint().toDense()[i]);
            }
        }
    }

    @Test
    void nearestBreaksTiesTowardsTheLowerIndex() {
        long[] row = {5, 0, 3, 1, 3, 1, 3};
        assertArrayEquals(new int[] {3, 5, 2, 4}, ReferenceAffinities.nearest(row, 1, 4));
        assertArrayEquals(new int[] {1, 3, 5}, ReferenceAffinities.nearest(row, 0, 3));
    }

    @Test
    void sparseKeepsThreePerplexityNeighbours() {
        ReferenceAffinities affinities = new ReferenceAffinities(Metric.L2, 5.5);
        assertEquals(16, affinities.neighbourCount(1000));
        ReferenceAffinities.Sparse sparse = affinities.sparse(randomRows(100, 8, 5));
        for (int i = 0; i < 100; i++) {
            assertEquals(16, sparse.conditional().rowStart()[i + 1] - sparse.conditional().rowStart()[i]);
        }
        assertEquals(0, sparse.calibration().rowsOutsideTolerance());
    }

    @Test
    void fashionMnistClassCalibrates() throws IOException {
        int[][] rows = FashionMnistSample.firstOfClass(0, 1000);
        ReferenceAffinities affinities = new ReferenceAffinities(Metric.L2, 30);
        for (int n : new int[] {100, 1000}) {
            int[][] subset = java.util.Arrays.copyOf(rows, n);
            long t0 = System.nanoTime();
            ReferenceAffinities.Sparse sparse = affinities.sparse(subset);
            double seconds = (System.nanoTime() - t0) / 1e9;
            int maxIterations = 0;
            for (int it : sparse.calibration().iterations()) {
                maxIterations = Math.max(maxIterations, it);
            }
            System.out.printf("sparse P, Fashion-MNIST class 0, N=%d: %.3f s, rows outside tolerance %d,"
                    + " max iterations %d%n", n, seconds, sparse.calibration().rowsOutsideTolerance(), maxIterations);
            assertEquals(1.0, sparse.joint().sum(), 1e-9);
            assertTrue(sparse.calibration().rowsOutsideTolerance() <= n / 100);
        }
    }

    static int[][] randomRows(int n, int dims, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] rows = new int[n][dims];
        for (int[] row : rows) {
            for (int k = 0; k < dims; k++) {
                row[k] = random.nextInt(256);
            }
        }
        return rows;
    }
}
