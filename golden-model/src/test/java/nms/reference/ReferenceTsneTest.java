package nms.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import nms.config.EmbeddingSchedule;
import nms.config.Metric;
import nms.golden.NmsEmbedding;
import org.junit.jupiter.api.Test;

class ReferenceTsneTest {

    @Test
    void initialisationIsTheDocumentedMapOfSplittableRandom() {
        double[][] y = ReferenceTsne.initialEmbedding(50, 123);
        SplittableRandom random = new SplittableRandom(123);
        for (int i = 0; i < 50; i++) {
            for (int c = 0; c < 2; c++) {
                long v = (random.nextLong() >>> 44) - (1 << 19);
                assertEquals(v, NmsEmbedding.initialIntegers(50, 123)[i][c]);
                assertEquals(v * 0x1p-19 * 1e-4, y[i][c]);
                assertTrue(y[i][c] >= -1e-4 && y[i][c] < 1e-4);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOfKl() {
        int[][] rows = ReferenceAffinitiesTest.randomRows(30, 10, 8);
        ReferenceAffinities.Sparse affinities = new ReferenceAffinities(Metric.L2, 5).sparse(rows);
        double[][] dense = affinities.joint().toDense();
        double[][] y = EmbeddingQualityTest.randomEmbedding(30, 3);
        double[][] gradient = ReferenceTsne.klGradient(dense, y);
        double[][] sparseGradient = ReferenceTsne.klGradient(affinities.joint(), y);
        double h = 1e-6;
        for (int i = 0; i < 30; i++) {
            for (int c = 0; c < 2; c++) {
                double keep = y[i][c];
                y[i][c] = keep + h;
                double up = EmbeddingQuality.klDivergence(dense, y);
                y[i][c] = keep - h;
                double down = EmbeddingQuality.klDivergence(dense, y);
                y[i][c] = keep;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, gradient[i][c], 1e-6 + 1e-5 * Math.abs(numeric), "point " + i);
                assertEquals(gradient[i][c], sparseGradient[i][c], 1e-12);
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalBitsWhateverTheThreadCount() throws Exception {
        SparseMatrix p = new ReferenceAffinities(Metric.L2, 10).sparse(ReferenceAffinitiesTest.randomRows(120, 20, 5)).joint();
        ReferenceTsne tsne = new ReferenceTsne(EmbeddingSchedule.STANDARD.withIterations(300));
        double[][] first = tsne.embed(p, 77);
        double[][] again = tsne.embed(p, 77);
        ForkJoinPool single = new ForkJoinPool(1);
        double[][] oneThread;
        try {
            oneThread = single.submit(() -> tsne.embed(p, 77)).get();
        } finally {
            single.shutdown();
        }
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], again[i]);
            assertArrayEquals(first[i], oneThread[i]);
        }
        assertFalse(Arrays.deepEquals(first, tsne.embed(p, 78)));
    }

    @Test
    void denseAndSparsePAgreeBeforeTheDynamicsAmplifyRounding() {
        SparseMatrix p = new ReferenceAffinities(Metric.L2, 10).sparse(ReferenceAffinitiesTest.randomRows(80, 20, 6)).joint();
        ReferenceTsne tsne = new ReferenceTsne(EmbeddingSchedule.STANDARD.withIterations(5));
        double[][] fromSparse = tsne.embed(p, 1);
        double[][] fromDense = tsne.embed(p.toDense(), 1);
        for (int i = 0; i < fromSparse.length; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(fromSparse[i][c], fromDense[i][c], 1e-9 * (1 + Math.abs(fromSparse[i][c])));
            }
        }
    }

    @Test
    void embeddingSeparatesClustersAndLowersKl() {
        // Three well separated clusters of 40 noisy rows each.
        SplittableRandom random = new SplittableRandom(2);
        int[][] rows = new int[120][16];
        for (int i = 0; i < 120; i++) {
            for (int k = 0; k < 16; k++) {
                rows[i][k] = (k % 3 == i / 40 ? 200 : 20) + random.nextInt(30);
            }
        }
        ReferenceAffinities.Dense affinities = new ReferenceAffinities(Metric.L2, 15).dense(rows);
        double[][] y = new ReferenceTsne().embed(affinities.joint(), 9);
        double before = EmbeddingQuality.klDivergence(affinities.joint(), ReferenceTsne.initialEmbedding(120, 9));
        double after = EmbeddingQuality.klDivergence(affinities.joint(), y);
        assertTrue(after < 0.5 * before, "KL " + before + " -> " + after);
        assertTrue(EmbeddingQuality.trustworthiness(rows, y, 10) > 0.9);
        // Each point's nearest embedded neighbour lies in its own cluster.
        for (int i = 0; i < 120; i++) {
            int nearest = -1;
            double best = Double.MAX_VALUE;
            for (int j = 0; j < 120; j++) {
                double d = Math.hypot(y[i][0] - y[j][0], y[i][1] - y[j][1]);
                if (j != i && d < best) {
                    best = d;
                    nearest = j;
                }
            }
            assertEquals(i / 40, nearest / 40, "point " + i);
        }
    }

    @Test
    void learningRateIsScikitLearnsAuto() {
        assertEquals(50.0, ReferenceTsne.learningRate(100));
        assertEquals(62.5, ReferenceTsne.learningRate(3000));
        assertEquals(125.0, ReferenceTsne.learningRate(6000));
    }
}
