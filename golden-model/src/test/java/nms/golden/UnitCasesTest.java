package nms.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import nms.config.NmsConfig;
import nms.config.SearchVariant;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for each golden unit under the default formats. */
class UnitCasesTest {
    private final NmsConfig c = NmsConfig.defaults();

    @Test
    void distanceL2AndL1() {
        NmsConfig small = c.withAll(java.util.List.of("dims=3", "lanes=1"));
        assertEquals(9 + 4 + 0, new NmsDistance(small).distance(new int[] {1, 2, 3}, new int[] {4, 0, 3}));
        assertEquals(3 + 2 + 0, new NmsDistance(small.with("metric", "l1"))
                .distance(new int[] {1, 2, 3}, new int[] {4, 0, 3}));
    }

    @Test
    void distanceOfMaximalPixelsAtLargestDims() {
        NmsConfig big = c.withAll(java.util.List.of("pixel_width=16", "dims=65536"));
        int[] zero = new int[65536];
        int[] max = new int[65536];
        Arrays.fill(max, 65535);
        long expected = BigInteger.valueOf(65535).pow(2).multiply(BigInteger.valueOf(65536))
                .longValueExact();
        assertEquals(expected, new NmsDistance(big).distance(zero, max));
        assertEquals(expected, new NmsDistance(big).distance(max, zero));
        assertTrue(64 - Long.numberOfLeadingZeros(expected) <= big.formats().distWidth);
    }

    @Test
    void exp2AtExactPoints() {
        NmsExp2 e = new NmsExp2(c);
        assertEquals(1L << 20, e.exp2(0));                 // 2^0 = 1.0
        assertEquals(1L << 19, e.exp2(1L << 16));          // 2^-1
        assertEquals(1L << 10, e.exp2(10L << 16));         // 2^-10
        assertEquals(741455, e.exp2(1L << 15));            // 2^-0.5 * 2^20 = 741455.2
        assertEquals(0, e.exp2(c.formats().tSat));         // saturated t gives 0
        assertEquals(0, e.exp2(22L << 16));
        assertEquals(1, e.exp2(20L << 16));                // 2^-20 = one ulp
    }

    @Test
    void exp2IsMonotonicOverItsWholeRange() {
        NmsExp2 e = new NmsExp2(c);
        long prev = Long.MAX_VALUE;
        for (long t = 0; t <= c.formats().tSat; t += 7) {
            long a = e.exp2(t);
            assertTrue(a <= prev, "exp2 rose at t=" + t);
            prev = a;
        }
    }

    @Test
    void exp2RomEndsAtExactlyOneHalf() {
        long[] rom = new NmsExp2(c).rom();
        assertEquals(257, rom.length);
        assertEquals(1L << 22, rom[0]);
        assertEquals(1L << 21, rom[256]);
        assertEquals(2965821, rom[128]);                   // 2^22 / sqrt(2) = 2965820.98
    }

    @Test
    void log2AtExactPoints() {
        NmsLog2 l = new NmsLog2(c);
        long one = 1L << 20;
        assertEquals(0, l.log2(one));
        assertEquals(1L << 24, l.log2(2 * one));
        assertEquals(5L << 24, l.log2(32 * one));
        assertEquals(26591258, l.log2(3 * one));           // log2(3) * 2^24 = 26591258.23
        assertEquals(9814042, l.log2(3 * one / 2));         // log2(1.5) * 2^24 = 9814042.23
        assertThrows(IllegalArgumentException.class, () -> l.log2(one - 1));
    }

    @Test
    void dividerFloors() {
        NmsDivider d = new NmsDivider(c);
        assertEquals(14, d.divide(100, 7));
        assertEquals(0, d.divide(0, 1));
        assertEquals(0, d.divide(6, 7));
        assertThrows(IllegalArgumentException.class, () -> d.divide(1, 0));
    }

    @Test
    void affinityOfUnitBetaAndUnitDistance() {
        NmsAffinity a = new NmsAffinity(c);
        long bl = a.betaLog2e(c.formats().betaOne);
        assertEquals(1L << 48, c.formats().betaOne);
        assertEquals(94548, a.t(bl, 1));                    // log2(e) * 2^16 = 94548.46
        assertEquals(0, a.t(bl, 0));
        assertEquals(1L << 20, a.a(0));
        assertEquals(c.formats().tSat, a.t(bl, 1000));      // saturates
        NmsAffinity.RowSums s = a.row(c.formats().betaOne, 5, new long[] {5, 5, 1005});
        assertEquals(2L << 20, s.sumA());
        assertEquals(0, s.sumTa());
    }

    @Test
    void identicalImagesGiveEntropyLog2OfNeighboursWhateverBeta() {
        NmsPerplexity p = new NmsPerplexity(c.with("perplexity", "4"));
        NmsPerplexity.Search s = p.search(new long[] {0, 0, 0, 0}, SearchVariant.PLAIN);
        assertEquals(2L << 24, s.entropy());               // log2(4) exactly
        assertTrue(s.withinTolerance());
        assertEquals(1, s.iterations());
        assertEquals(1L << 48, s.beta());
    }

    @Test
    void unreachableTargetRunsPlainToTheLimitButRobustStopsWhenBetaStalls() {
        NmsConfig cfg = c.with("perplexity", "3");
        NmsPerplexity p = new NmsPerplexity(cfg);
        long[] same = {7, 7, 7, 7};                        // H = 2 bits > log2(3) at any beta
        NmsPerplexity.Search plain = p.search(same, SearchVariant.PLAIN);
        NmsPerplexity.Search robust = p.search(same, SearchVariant.ROBUST);
        assertFalse(plain.withinTolerance());
        assertEquals(cfg.searchIterations(), plain.iterations());
        assertEquals(cfg.formats().betaMax, plain.beta());  // doubled until saturated
        assertFalse(robust.withinTolerance());
        assertTrue(robust.iterations() < plain.iterations());
    }

    @Test
    void twoRowsOnlyHaveEntropyZero() {
        NmsPerplexity p = new NmsPerplexity(c.with("perplexity", "1"));
        NmsPerplexity.Search s = p.search(new long[] {123456}, SearchVariant.ROBUST);
        assertEquals(0, s.entropy());
        assertTrue(s.withinTolerance());
    }

    @Test
    void searchMeetsTheTargetOnASpreadRow() {
        NmsConfig cfg = c.with("perplexity", "3");
        NmsPerplexity p = new NmsPerplexity(cfg);
        long[] row = {1000, 1500, 2600, 4000, 9000, 20000};
        for (SearchVariant v : SearchVariant.values()) {
            NmsPerplexity.Search s = p.search(row, v);
            assertTrue(s.withinTolerance(), v.toString());
            long h = p.entropy(p.affinity().row(s.beta(), 1000, row));
            assertEquals(s.entropy(), h);
            assertTrue(Math.abs(h - cfg.formats().targetEntropy) < cfg.formats().tolerance);
        }
    }

    @Test
    void jointPIsSymmetricAndTotalsItsWeights() {
        int[][] idx = {{1, 2}, {0, 2}, {0, 1}};
        long[][] cond = {{10, 20}, {30, 40}, {50, 60}};
        JointP p = JointP.symmetrise(idx, cond);
        assertEquals(10 + 30, p.weight(0, 1));
        assertEquals(p.weight(0, 1), p.weight(1, 0));
        assertEquals(20 + 50, p.weight(0, 2));
        assertEquals(40 + 60, p.weight(1, 2));
        assertEquals(0, p.weight(1, 1));
        assertEquals(2 * (10 + 20 + 30 + 40 + 50 + 60), p.total());
    }

    @Test
    void sparseJointPAddsZeroForAMissingNeighbour() {
        int[][] idx = {{1}, {2}, {1}};
        long[][] cond = {{5}, {7}, {9}};
        JointP p = JointP.symmetrise(idx, cond);
        assertEquals(5, p.weight(0, 1));
        assertEquals(5, p.weight(1, 0));
        assertEquals(7 + 9, p.weight(1, 2));
        assertEquals(0, p.weight(0, 2));
        assertEquals(2 * (5 + 7 + 9), p.total());
    }

    @Test
    void conditionalPFloorsEachEntry() {
        long[] p = new NmsJointP(c).conditional(new long[] {1L << 20, 1L << 20, 1L << 19});
        // S = 2.5; p = floor(a * 2^24 / S)
        assertEquals((1L << 44) / (5L << 19), p[0]);
        assertEquals(p[0], p[1]);
        assertEquals((1L << 43) / (5L << 19), p[2]);
    }
}
