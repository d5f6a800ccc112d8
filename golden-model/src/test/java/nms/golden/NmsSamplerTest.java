package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;

class NmsSamplerTest {
    private static final long ONE = 1L << NmsEmbedding.Y_FRAC_BITS;

    /** {@code perCluster} rows around each of four far corners, interleaved by row. */
    private static long[][] fourClusters(int perCluster, long seed) {
        long[][] corner = {{-500, -500}, {500, -500}, {-500, 500}, {500, 500}};
        SplittableRandom r = new SplittableRandom(seed);
        long[][] y = new long[4 * perCluster][];
        for (int i = 0; i < y.length; i++) {
            long[] c = corner[i % 4];
            y[i] = new long[] {c[0] * ONE + r.nextLong(-ONE, ONE), c[1] * ONE + r.nextLong(-ONE, ONE)};
        }
        return y;
    }

    @Test
    void picksOneRowOfEachSeparatedClusterAndConverges() {
        long[][] y = fourClusters(25, 3);
        NmsSampler.Result r = new NmsSampler(NmsConfig.defaults()).select(y, 4);
        Set<Integer> clusters = new HashSet<>();
        for (int i : r.selected()) {
            clusters.add(i % 4);
        }
        assertEquals(Set.of(0, 1, 2, 3), clusters);
        assertTrue(r.converged());
    }

    @Test
    void selectsTheBudgetOfDistinctRowsAscendingEvenOnCoincidentPoints() {
        long[][] y = new long[10][];
        for (int i = 0; i < y.length; i++) {
            y[i] = i < 8 ? new long[] {ONE, ONE} : new long[] {5 * ONE, 5 * ONE};
        }
        int[] s = new NmsSampler(100, 16).select(y, 6).selected();
        assertEquals(6, s.length);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i - 1] < s[i], "ascending and distinct");
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, new NmsSampler(100, 16).select(y, 10).selected());
    }

    @Test
    void nearestRowOnTiesIsTheSmallerIndex() {
        // Centre 0 starts at row n / 2 = 1: rows 0 and 2 are equidistant from
        // the mean (0, 0); row 1 is the mean itself.
        long[][] y = {{-ONE, 0}, {0, 0}, {ONE, 0}};
        assertArrayEquals(new int[] {1}, new NmsSampler(5, 4).select(y, 1).selected());
        long[][] z = {{-ONE, 0}, {ONE, 0}};
        // Mean (0, 0) is as far from both rows: the smaller index wins.
        assertArrayEquals(new int[] {0}, new NmsSampler(5, 4).select(z, 1).selected());
    }

    @Test
    void centreUpdateRoundsTheMeanHalfUp() {
        // Rows -1, -2 (Q.20 units): mean -1.5 -> -1 half up (floor and half away give -2); the
        // nearest row is then -1 (row 0). Rows 1, 2: 1.5 -> 2 (floor gives 1), row 1.
        long[][] y = {{-1, 0}, {-2, 0}};
        assertArrayEquals(new int[] {0}, new NmsSampler(5, 4).select(y, 1).selected());
        long[][] p = {{1, 0}, {2, 0}};
        assertArrayEquals(new int[] {1}, new NmsSampler(5, 4).select(p, 1).selected());
    }

    @Test
    void meanHalfUpRoundsTowardPlusInfinityAtHalves() {
        org.junit.jupiter.api.Assertions.assertEquals(-1, NmsSampler.meanHalfUp(-3, 2));
        org.junit.jupiter.api.Assertions.assertEquals(2, NmsSampler.meanHalfUp(3, 2));
        org.junit.jupiter.api.Assertions.assertEquals(-2, NmsSampler.meanHalfUp(-5, 3));
        org.junit.jupiter.api.Assertions.assertEquals(2, NmsSampler.meanHalfUp(5, 3));
    }

    @Test
    void maxCentresAutoIsAtMostTheClassSize() {
        assertEquals(128, NmsConfig.defaults().samplerMaxCentres());
        assertEquals(20, NmsConfig.defaults().withAll(java.util.List.of("max_rows_per_class=20", "perplexity=4")).samplerMaxCentres());
        assertEquals(7, NmsConfig.defaults().with("sampler_max_centres", "7").samplerMaxCentres());
    }

    @Test
    void stopsAfterTheConfiguredUpdates() {
        long[][] y = fourClusters(40, 9);
        NmsSampler.Result one = new NmsSampler(1, 8).select(y, 8);
        NmsSampler.Result many = new NmsSampler(1000, 8).select(y, 8);
        assertEquals(1, one.updates());
        assertTrue(many.converged());
        assertTrue(many.updates() >= 1 && many.updates() < 1000);
    }

    @Test
    void refusesBadBudgetsAndCoordinatesByName() {
        long[][] y = fourClusters(2, 1);
        NmsSampler s = new NmsSampler(10, 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.select(y, 0)).getMessage()
                .contains("budget = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.select(y, 5)).getMessage()
                .contains("sampler_max_centres = 4"));
        y[3][1] = 1L << 30;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.select(y, 2)).getMessage()
                .contains("row 3"));
    }
}
