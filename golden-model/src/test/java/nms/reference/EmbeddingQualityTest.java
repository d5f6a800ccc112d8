package nms.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import nms.config.Metric;
import org.junit.jupiter.api.Test;

class EmbeddingQualityTest {

    @Test
    void klIsZeroWhenPIsTheEmbeddingsOwnQ() {
        double[][] y = randomEmbedding(40, 1);
        double[][] q = EmbeddingQuality.studentTJoint(y);
        assertEquals(0.0, EmbeddingQuality.klDivergence(q, y), 1e-12);
    }

    @Test
    void klIsPositiveOtherwiseAndSparseMatchesDense() {
        int[][] rows = ReferenceAffinitiesTest.randomRows(50, 12, 4);
        ReferenceAffinities.Sparse sparse = new ReferenceAffinities(Metric.L2, 8).sparse(rows);
        double[][] dense = sparse.joint().toDense();
        for (long seed = 0; seed < 5; seed++) {
            double[][] y = randomEmbedding(50, seed);
            double kl = EmbeddingQuality.klDivergence(dense, y);
            assertTrue(kl > 0, "KL = " + kl);
            assertEquals(kl, EmbeddingQuality.klDivergence(sparse.joint(), y), 1e-12 * kl);
        }
    }

    @Test
    void trustworthinessIsOneWhenNeighboursArePreservedExactly() {
        // Pixels (a, b) on a grid, embedded at the same coordinates: identical neighbour ranks.
        int[][] pixels = new int[64][];
        double[][] y = new double[64][];
        for (int i = 0; i < 64; i++) {
            pixels[i] = new int[] {i % 8, i / 8};
            y[i] = new double[] {i % 8, i / 8};
        }
        assertEquals(1.0, EmbeddingQuality.trustworthiness(pixels, y, 10));
        // A monotone map of a line also preserves every neighbourhood.
        int[][] line = new int[30][];
        double[][] onLine = new double[30][];
        for (int i = 0; i < 30; i++) {
            line[i] = new int[] {3 * i, 0, 7};
            onLine[i] = new double[] {Math.exp(i / 10.0), 0};
        }
        assertEquals(1.0, EmbeddingQuality.trustworthiness(line, onLine, 5));
    }

    @Test
    void trustworthinessMatchesScikitLearnsFormulaOnRandomData() {
        int[][] pixels = ReferenceAffinitiesTest.randomRows(80, 6, 9);
        double[][] y = randomEmbedding(80, 2);
        for (int k : new int[] {1, 5, 10, 39}) {
            assertEquals(sklearnTrustworthiness(pixels, y, k),
                    EmbeddingQuality.trustworthiness(pixels, y, k), 1e-12, "k=" + k);
        }
        double random = EmbeddingQuality.trustworthiness(pixels, y, 10);
        assertTrue(random < 0.7, "a random embedding should not look trustworthy: " + random);
    }

    /**
     * scikit-learn's algorithm, literally: full argsort of the input distances (stable, so ties
     * go to the lower index), inverted into ranks, penalties max(0, rank - k).
     */
    private static double sklearnTrustworthiness(int[][] pixels, double[][] y, int k) {
        int n = pixels.length;
        int[][] ranks = new int[n][n];
        for (int i = 0; i < n; i++) {
            final int row = i;
            Integer[] order = IntStream.range(0, n).filter(j -> j != row).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingLong(j -> Metric.L2.distance(pixels[row], pixels[j])));
            for (int r = 0; r < order.length; r++) {
                ranks[i][order[r]] = r + 1;
            }
        }
        double t = 0;
        for (int i = 0; i < n; i++) {
            final int row = i;
            Integer[] order = IntStream.range(0, n).filter(j -> j != row).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(j -> {
                double dx = y[row][0] - y[j][0];
                double dy = y[row][1] - y[j][1];
                return dx * dx + dy * dy;
            }));
            for (int m = 0; m < k; m++) {
                t += Math.max(0, ranks[i][order[m]] - k);
            }
        }
        return 1.0 - t * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)));
    }

    static double[][] randomEmbedding(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] y = new double[n][2];
        for (double[] p : y) {
            p[0] = random.nextDouble(-5, 5);
            p[1] = random.nextDouble(-5, 5);
        }
        return y;
    }
}
