package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import nms.config.Formats;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NmsKnnTest {
    /** The rule stated independently: sort every candidate by (distance, index), keep k. */
    private static NmsKnn.Entry[] bySorting(int k, int[] idx, long[] d) {
        List<NmsKnn.Entry> all = new ArrayList<>();
        for (int c = 0; c < idx.length; c++) {
            all.add(new NmsKnn.Entry(idx[c], d[c]));
        }
        all.sort(Comparator.comparingLong(NmsKnn.Entry::dist).thenComparingInt(NmsKnn.Entry::index));
        return all.subList(0, Math.min(k, all.size())).toArray(new NmsKnn.Entry[0]);
    }

    @Test
    void keepsTheKSmallestByDistanceThenIndexInAnyCandidateOrder() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(60);
            int k = 1 + rnd.nextInt(20);
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                pool.add(i);
            }
            java.util.Collections.shuffle(pool, rnd);
            int[] idx = new int[n];
            long[] d = new long[n];
            for (int c = 0; c < n; c++) {
                idx[c] = pool.get(c);
                d[c] = rnd.nextInt(trial % 3 == 0 ? 4 : 1000); // every third trial: many ties
            }
            NmsKnn.Entry[] got = new NmsKnn(k, 6, 10).nearest(idx, d);
            assertArrayEquals(bySorting(k, idx, d), got, "trial " + trial);
            assertEquals(Math.min(k, n), got.length);
        }
    }

    @Test
    void equalDistancesGoToTheSmallerIndexWhateverTheArrivalOrder() {
        NmsKnn knn = new NmsKnn(3, 4, 8);
        NmsKnn.Entry[] got = knn.nearest(new int[] {9, 7, 5, 3, 1}, new long[] {4, 4, 4, 4, 4});
        assertArrayEquals(new NmsKnn.Entry[] {new NmsKnn.Entry(1, 4), new NmsKnn.Entry(3, 4),
                new NmsKnn.Entry(5, 4)}, got);
        // A nearer later candidate still beats a smaller index.
        got = knn.nearest(new int[] {1, 2, 3, 9}, new long[] {5, 5, 5, 4});
        assertEquals(new NmsKnn.Entry(9, 4), got[0]);
        assertEquals(new NmsKnn.Entry(2, 5), got[2]);
    }

    @Test
    void aRowWithFewerCandidatesThanKKeepsThemAll() {
        NmsKnn.Entry[] got = new NmsKnn(90, 10, 26).nearest(new int[] {4, 0, 2}, new long[] {7, 9, 1});
        assertArrayEquals(new NmsKnn.Entry[] {new NmsKnn.Entry(2, 1), new NmsKnn.Entry(4, 7),
                new NmsKnn.Entry(0, 9)}, got);
    }

    @Test
    void sparseNeighboursUseTheSameRule() {
        long[] row = {0, 5, 3, 5, 3, 1, 5};
        int[] best = new int[4];
        long[] bestDist = new long[4];
        GoldenDesne.nearest(row, 0, best, bestDist);
        NmsKnn.Entry[] got = new NmsKnn(4, 3, 3).nearest(new int[] {1, 2, 3, 4, 5, 6},
                new long[] {5, 3, 5, 3, 1, 5});
        for (int e = 0; e < 4; e++) {
            assertEquals(got[e], new NmsKnn.Entry(best[e], bestDist[e]));
        }
        assertArrayEquals(new int[] {5, 2, 4, 1}, best);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "perplexity=30 | 90",
        "perplexity=2.5 | 7",
        "perplexity=10.34 | 31",
        "perplexity=10.33 | 30",
        "perplexity=10,max_rows_per_class=16 | 15",
        "perplexity=1 | 3",
    })
    void kIsFloorOfThreeTimesPerplexityClippedToMaxRowsMinusOne(String sets, int k) {
        Formats f = NmsConfig.defaults().withAll(List.of(sets.trim().split(","))).formats();
        assertEquals(k, f.knnK);
        assertEquals(Formats.bits(k), f.knnCountWidth);
        assertEquals(k, new NmsKnn(f).k());
    }

    @Test
    void entryWidthsComeFromTheDistanceAndRowFormats() {
        Formats f = NmsConfig.defaults().formats();
        assertEquals(f.distWidth, f.knnDistWidth); // sketch = none: today's distance
        assertEquals(Formats.bits(f.maxDist), f.knnDistWidth);
        assertEquals(10, f.knnIndexWidth); // rows 0 .. 1023
        assertEquals(f.knnDistWidth + 10, f.knnEntryWidth);
        assertEquals(90L * f.knnEntryWidth, f.knnArrayBits);
        Formats b = NmsConfig.defaults().withAll(List.of("sketch=block", "max_rows_per_class=8192"))
                .formats();
        assertEquals(b.sketchDistWidth, b.knnDistWidth);
        assertTrue(b.knnDistWidth < f.knnDistWidth);
        assertEquals(13, b.knnIndexWidth);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "empty | at least one candidate",
        "lengths | 2 indices but 1 distances",
        "index | index 16 outside 0..15 (knn_index_width = 4)",
        "negative | index -1 outside",
        "dist | distance 256 outside 0..255 (knn_dist_width = 8)",
        "twice | index 3 is a candidate twice",
    })
    void badCandidatesAreRefused(String which, String why) {
        NmsKnn knn = new NmsKnn(2, 4, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            switch (which) {
                case "empty" -> knn.nearest(new int[0], new long[0]);
                case "lengths" -> knn.nearest(new int[] {1, 2}, new long[] {1});
                case "index" -> knn.nearest(new int[] {1, 16}, new long[] {1, 2});
                case "negative" -> knn.nearest(new int[] {-1}, new long[] {1});
                case "dist" -> knn.nearest(new int[] {1, 2}, new long[] {1, 256});
                default -> knn.nearest(new int[] {3, 1, 3}, new long[] {1, 2, 9});
            }
        });
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 | 4 | 8 | k = 0 must be >= 1",
        "3 | 0 | 8 | index width 0",
        "3 | 4 | 64 | distance width 64",
    })
    void badParametersAreRefused(int k, int iw, int dw, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NmsKnn(k, iw, dw));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
