package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import nms.config.EmbeddingSchedule;
import org.junit.jupiter.api.Test;

class NmsEmbeddingTest {

    @Test
    void initialIntegersAreTwentyBitSignedFromSplittableRandom() {
        int[][] v = NmsEmbedding.initialIntegers(1000, 5);
        SplittableRandom random = new SplittableRandom(5);
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int[] point : v) {
            for (int c = 0; c < 2; c++) {
                assertEquals((random.nextLong() >>> 44) - (1 << 19), point[c]);
                min = Math.min(min, point[c]);
                max = Math.max(max, point[c]);
            }
        }
        assertTrue(min >= -(1 << 19) && max < (1 << 19));
        assertTrue(min < -(1 << 18) && max > (1 << 18), "spread over the whole range");
    }

    @Test
    void initialCoordinatesScaleVByTwoTenThousandths() {
        int[][] v = NmsEmbedding.initialIntegers(200, 9);
        long[][] y = NmsEmbedding.initialEmbedding(200, 9);
        for (int i = 0; i < 200; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals((v[i][c] * 858993L + (1L << 31)) >> 32, y[i][c]);
                assertTrue(Math.abs(y[i][c]) <= 105); // 1e-4 * 2^20 = 104.9
            }
        }
        assertEquals(-105, NmsEmbedding.initialEmbeddingOf(-(1 << 19)));
        assertEquals(105, NmsEmbedding.initialEmbeddingOf((1 << 19) - 1));
    }

    @Test
    void kernelIsTheRoundedStudentT() {
        long one = 1L << 30;
        assertEquals(one, NmsEmbedding.kernel(0));
        assertEquals(one / 2, NmsEmbedding.kernel(one));         // 1 / (1 + 1)
        assertEquals(one / 4, NmsEmbedding.kernel(3 * one));     // 1 / (1 + 3)
        assertEquals(357913941, NmsEmbedding.kernel(2 * one));   // 2^30 / 3 = 357913941.33
        assertEquals(715827883, NmsEmbedding.kernel(one / 2));   // 2^31 / 3 = 715827882.67
        long previous = one;
        for (long d2 = 1; d2 < 1L << 40; d2 = d2 * 3 + 1) {
            long w = NmsEmbedding.kernel(d2);
            assertTrue(w <= previous && w > 0);
            previous = w;
        }
        // d^2 from Q.20 differences: dx = 1.5, dy = 2 -> 6.25 in Q.30.
        assertEquals(6 * one + one / 4, NmsEmbedding.squaredDistance(3L << 19, 2L << 20));
    }

    @Test
    void sameSeedGivesIdenticalCoordinatesWhateverTheThreadCount() throws Exception {
        SparseWeights p = ringWeights(90);
        NmsEmbedding embedding = new NmsEmbedding(EmbeddingSchedule.STANDARD.withIterations(300));
        long[][] first = embedding.embed(p, p.sum(), 11);
        ForkJoinPool single = new ForkJoinPool(1);
        long[][] oneThread;
        try {
            oneThread = single.submit(() -> embedding.embed(p, p.sum(), 11)).get();
        } finally {
            single.shutdown();
        }
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], embedding.embed(p, p.sum(), 11)[i]);
            assertArrayEquals(first[i], oneThread[i]);
        }
        assertFalse(Arrays.deepEquals(first, embedding.embed(p, p.sum(), 12)));
    }

    @Test
    void denseAndSparseWeightsGiveTheSameBits() {
        // Integer sums are exact, so the two summation orders cannot differ.
        SparseWeights sparse = ringWeights(60);
        long[][] dense = new long[60][60];
        for (int i = 0; i < 60; i++) {
            for (int k = sparse.rowStart()[i]; k < sparse.rowStart()[i + 1]; k++) {
                dense[i][sparse.columns()[k]] = sparse.values()[k];
            }
        }
        NmsEmbedding embedding = new NmsEmbedding(EmbeddingSchedule.STANDARD.withIterations(400));
        long[][] a = embedding.embed(sparse, sparse.sum(), 3);
        long[][] b = embedding.embed(dense, sparse.sum(), 3);
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(a[i], b[i]);
        }
    }

    @Test
    void ringStaysARing() {
        // P links each point to its two ring neighbours: the embedding keeps ring neighbours close.
        SparseWeights p = ringWeights(80);
        long[][] y = new NmsEmbedding().embed(p, p.sum(), 4);
        long sumX = 0;
        for (long[] point : y) {
            sumX += point[0];
        }
        assertTrue(Math.abs(sumX) <= 80, "re-centred: " + sumX);
        int closeToRingNeighbour = 0;
        for (int i = 0; i < 80; i++) {
            int nearest = -1;
            long best = Long.MAX_VALUE;
            for (int j = 0; j < 80; j++) {
                long dx = y[i][0] - y[j][0];
                long dy = y[i][1] - y[j][1];
                if (j != i && dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    nearest = j;
                }
            }
            int gap = Math.abs(nearest - i);
            closeToRingNeighbour += (gap == 1 || gap == 79) ? 1 : 0;
        }
        assertTrue(closeToRingNeighbour >= 72, closeToRingNeighbour + " of 80");
    }

    @Test
    void rejectsInvalidInput() {
        SparseWeights p = ringWeights(10);
        NmsEmbedding embedding = new NmsEmbedding();
        assertThrows(IllegalArgumentException.class, () -> embedding.embed(p, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> embedding.embed(new long[][] {{0, -1}, {-1, 0}}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> embedding.embed(new long[][] {{0, 1}}, 1, 1));
    }

    @Test
    void learningRateIsAnInteger() {
        assertEquals(50, NmsEmbedding.learningRate(100));
        assertEquals(62, NmsEmbedding.learningRate(3000));
        assertEquals(125, NmsEmbedding.learningRate(6000));
    }

    /** Each point linked to its two ring neighbours with weight 2^20. */
    static SparseWeights ringWeights(int n) {
        int[] start = new int[n + 1];
        int[] columns = new int[2 * n];
        long[] values = new long[2 * n];
        for (int i = 0; i < n; i++) {
            int a = (i + n - 1) % n;
            int b = (i + 1) % n;
            columns[2 * i] = Math.min(a, b);
            columns[2 * i + 1] = Math.max(a, b);
            values[2 * i] = 1 << 20;
            values[2 * i + 1] = 1 << 20;
            start[i + 1] = 2 * (i + 1);
        }
        return new SparseWeights(n, start, columns, values);
    }
}
