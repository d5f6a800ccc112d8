package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.data.SyntheticImages;
import org.junit.jupiter.api.Test;

/**
 * The blocked distance matrix, the bounded k-nearest selection and the primitive symmetrisation
 * give exactly what the straightforward definitions give (full pairwise loop, full sort of each
 * row by (distance, index), a map of summed entries), including many equal distances.
 */
class GoldenDesneNeighboursTest {

    /** 2-bit pixels over 6 dims: few distinct distances, so ties are everywhere. */
    private final NmsConfig c = NmsConfig.defaults().withAll(List.of("pixel_width=2", "dims=6", "lanes=2",
            "perplexity=4"));
    private final Images cls = SyntheticImages.generate(11, 2, 70, 2, 6);

    @Test
    void distanceMatrixIsThePairwiseDistance() {
        long[][] d = new GoldenDesne(c).distanceMatrix(cls);
        NmsDistance dist = new NmsDistance(c);
        for (int i = 0; i < cls.rows(); i++) {
            for (int j = 0; j < cls.rows(); j++) {
                assertEquals(i == j ? 0 : dist.distance(cls.pixels()[i], cls.pixels()[j]), d[i][j]);
            }
        }
    }

    @Test
    void sparseNeighboursAreTheFirstKByDistanceThenIndex() {
        GoldenDesne g = new GoldenDesne(c);
        long[][] d = g.distanceMatrix(cls);
        int n = cls.rows();
        for (int k : new int[] {1, 12, n - 1, n + 5}) {
            GoldenDesne.Neighbours nb = g.sparse(cls, k);
            int kk = Math.min(k, n - 1);
            for (int i = 0; i < n; i++) {
                final int row = i;
                Integer[] order = new Integer[n - 1];
                for (int j = 0, c2 = 0; j < n; j++) {
                    if (j != i) {
                        order[c2++] = j;
                    }
                }
                Arrays.sort(order, (x, y) -> d[row][x] != d[row][y] ? Long.compare(d[row][x], d[row][y])
                        : Integer.compare(x, y));
                int[] expected = Arrays.stream(order).limit(kk).mapToInt(Integer::intValue).toArray();
                assertArrayEquals(expected, nb.index()[i], "row " + i + " k " + k);
                for (int c2 = 0; c2 < kk; c2++) {
                    assertEquals(d[i][expected[c2]], nb.dist()[i][c2]);
                }
            }
        }
    }

    @Test
    void symmetriseSumsMirroredEntriesLikeAMap() {
        GoldenDesne g = new GoldenDesne(c);
        for (GoldenDesne.Neighbours nb : List.of(g.dense(cls), g.sparse(cls, g.sparseK()))) {
            GoldenDesne.ClassResult r = g.run(nb, c.search());
            int n = nb.rows();
            long[][] cond = new long[n][];
            for (int i = 0; i < n; i++) {
                long[] a = g.perplexity().affinity().affinities(r.rows()[i].beta(), r.rows()[i].dmin(),
                        nb.dist()[i]);
                cond[i] = new NmsJointP(c).conditional(a);
            }
            TreeMap<Long, Long> expected = new TreeMap<>();
            long total = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nb.index()[i].length; k++) {
                    int j = nb.index()[i][k];
                    expected.merge((long) i * n + j, cond[i][k], Long::sum);
                    expected.merge((long) j * n + i, cond[i][k], Long::sum);
                    total += 2 * cond[i][k];
                }
            }
            JointP p = r.p();
            assertEquals(total, p.total());
            assertEquals(expected.size(), p.col().length);
            int e = 0;
            for (var entry : expected.entrySet()) {
                int i = (int) (entry.getKey() / n);
                assertEquals(entry.getKey() % n, p.col()[e]);
                assertEquals(entry.getValue(), p.weight()[e]);
                assertEquals(true, e >= p.rowStart()[i] && e < p.rowStart()[i + 1]);
                e++;
            }
        }
    }
}
