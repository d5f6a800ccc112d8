package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.data.SyntheticImages;
import org.junit.jupiter.api.Test;

/** The integer rescale from joint P weights to embedding weights (arithmetic-embedding.md section 9). */
class EmbeddingWeightsTest {

    private static JointP joint(long... weights) {
        // One row per weight pair is not needed: a single row 0 with columns 1..m is a valid CSR.
        int m = weights.length;
        int[] rowStart = new int[m + 2];
        java.util.Arrays.fill(rowStart, 1, rowStart.length, m);
        int[] col = new int[m];
        long total = 0;
        for (int k = 0; k < m; k++) {
            col[k] = k + 1;
            total += weights[k];
        }
        return new JointP(m + 1, rowStart, col, weights.clone(), total);
    }

    @Test
    void dyadicWeightsRescaleExactlyToTwoToThe30() {
        EmbeddingWeights.Scaled s = EmbeddingWeights.of(joint(1, 1, 2));
        assertArrayEquals(new long[] {1L << 28, 1L << 28, 1L << 29}, s.weights().values());
        assertEquals(1L << 30, s.total());
    }

    @Test
    void zeroStaysZeroAndThePatternIsKept() {
        JointP p = joint(0, 3, 0, 5);
        EmbeddingWeights.Scaled s = EmbeddingWeights.of(p);
        assertEquals(0, s.weights().values()[0]);
        assertEquals(0, s.weights().values()[2]);
        assertArrayEquals(p.col(), s.weights().columns());
        assertArrayEquals(p.rowStart(), s.weights().rowStart());
        // 3/8 and 5/8 of 2^30 are exact.
        assertEquals(3L << 27, s.weights().values()[1]);
        assertEquals(5L << 27, s.weights().values()[3]);
        assertEquals(1L << 30, s.total());
    }

    @Test
    void thirdsRoundToNearestAndTheTotalIsTheirExactSum() {
        EmbeddingWeights.Scaled s = EmbeddingWeights.of(joint(1, 1, 1));
        long third = 357913941; // 2^30 / 3 = 357913941.33
        assertArrayEquals(new long[] {third, third, third}, s.weights().values());
        assertEquals(3 * third, s.total());
        assertEquals((1L << 30) - 1, s.total()); // within nnz / 2 of 2^30
        // 2/3 of 2^30 = 715827882.67 rounds up.
        assertArrayEquals(new long[] {third, 715827883}, EmbeddingWeights.of(joint(1, 2)).weights().values());
    }

    @Test
    void tiesRoundUp() {
        assertEquals(1, EmbeddingWeights.rescale(1, 1L << 31, 30));      // exactly 0.5
        assertEquals(0, EmbeddingWeights.rescale(1, (1L << 31) + 1, 30)); // just below 0.5
        assertEquals(2, EmbeddingWeights.rescale(3, 1L << 31, 30));      // 1.5 -> 2
        assertEquals(1L << 30, EmbeddingWeights.rescale(7, 7, 30));
        assertEquals(0, EmbeddingWeights.rescale(0, 12345, 30));
    }

    @Test
    void wideProductsUseExactArithmeticAndAgreeWithTheLongPath() {
        // w * 2^30 beyond 63 bits.
        assertEquals(1L << 29, EmbeddingWeights.rescale(1L << 40, 1L << 41, 30));
        assertEquals(357913941, EmbeddingWeights.rescale(Long.MAX_VALUE / 3, Long.MAX_VALUE / 3 * 3, 30));
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 100_000; t++) {
            long total = 1 + r.nextLong(1L << r.nextInt(1, 62));
            long w = r.nextLong(total + 1);
            int f = r.nextInt(0, 33);
            assertEquals(EmbeddingWeights.rescaleWide(w, total, f), EmbeddingWeights.rescale(w, total, f),
                    "w=" + w + " total=" + total + " f=" + f);
        }
    }

    @Test
    void aGoldenJointPRescalesToWithinHalfAnUlpPerEntry() {
        NmsConfig c = NmsConfig.defaults().withAll(List.of("dims=32", "lanes=4", "perplexity=5"));
        Images cls = SyntheticImages.generate(3, 3, 40, 8, 32);
        GoldenDesne g = new GoldenDesne(c);
        for (GoldenDesne.Neighbours nb : List.of(g.dense(cls), g.sparse(cls, g.sparseK()))) {
            JointP p = g.run(nb, c.search()).p();
            EmbeddingWeights.Scaled s = EmbeddingWeights.of(p);
            long nnz = p.col().length;
            assertEquals(s.weights().sum(), s.total());
            assertTrue(Math.abs(s.total() - (1L << 30)) <= nnz / 2, "total " + s.total());
            assertTrue(s.total() <= NmsEmbedding.MAX_WEIGHT_SUM);
            for (int k = 0; k < nnz; k++) {
                // |W - w 2^30 / total| <= 1/2, in integers: |2 W total - w 2^31| <= total.
                java.math.BigInteger lhs = java.math.BigInteger.valueOf(s.weights().values()[k])
                        .multiply(java.math.BigInteger.valueOf(2 * p.total()))
                        .subtract(java.math.BigInteger.valueOf(p.weight()[k]).shiftLeft(31)).abs();
                assertTrue(lhs.compareTo(java.math.BigInteger.valueOf(p.total())) <= 0, "entry " + k);
            }
        }
    }

    @Test
    void refusesAnEmptyJointP() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddingWeights.of(joint(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingWeights.rescale(-1, 5, 30));
    }
}
