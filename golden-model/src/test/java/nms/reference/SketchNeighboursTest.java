package nms.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import nms.config.Metric;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.golden.GoldenDesne;
import nms.golden.NmsDistance;
import nms.golden.NmsKnn;
import nms.golden.NmsSketch;
import org.junit.jupiter.api.Test;

/**
 * The neighbours the DE-SNE paths take with a sketch (issue 10 points 4 and 6): the fixed path's
 * are {@code nms_knn}'s rule over the distances of the rows' integer sketches, and the double
 * reference compares the same sketch, unrounded, on a small real Fashion-MNIST class.
 */
class SketchNeighboursTest {
    private static final int ROWS = 150;

    private static Images cls;

    private static synchronized Images realClass() {
        if (cls == null) {
            Images train = FashionMnist.load("train");
            cls = train.select(Arrays.copyOf(train.indicesOfClass(3), ROWS));
        }
        return cls;
    }

    @Test
    void blockSparseNeighboursAreNmsKnnOverSketchDistances() {
        NmsConfig c = NmsConfig.defaults().with("sketch", "block");
        GoldenDesne golden = new GoldenDesne(c);
        Images rows = realClass();
        GoldenDesne.Neighbours nb = golden.sparse(golden.engineDistanceMatrix(rows), golden.sparseK());
        GoldenDesne.Neighbours exact = golden.sparse(rows, golden.sparseK());
        long[][] s = new NmsSketch(c).sketches(rows.pixels());
        NmsKnn knn = new NmsKnn(c);
        int differ = 0;
        for (int i = 0; i < ROWS; i++) {
            int[] idx = new int[ROWS - 1];
            long[] dist = new long[ROWS - 1];
            for (int j = 0, e = 0; j < ROWS; j++) {
                if (j != i) {
                    idx[e] = j;
                    dist[e++] = NmsDistance.ofSketches(s[i], s[j], c.metric());
                }
            }
            NmsKnn.Entry[] kept = knn.nearest(idx, dist);
            assertEquals(kept.length, nb.index()[i].length, "row " + i);
            for (int e = 0; e < kept.length; e++) {
                assertEquals(kept[e].index(), nb.index()[i][e], "row " + i + " entry " + e);
                assertEquals(kept[e].dist(), nb.dist()[i][e], "row " + i + " entry " + e);
            }
            differ += Arrays.equals(exact.index()[i], nb.index()[i]) ? 0 : 1;
        }
        assertEquals(90, golden.sparseK()); // floor(3 * 30)
        // 7x7 pooling must change some neighbour lists, or the test would not see a path that ignores it.
        assertTrue(differ > ROWS / 2, differ + " of " + ROWS + " rows differ from the exact neighbours");
    }

    @Test
    void referenceSketchDistancesAreTheUnroundedProjectionScaled() {
        NmsConfig c = NmsConfig.defaults().with("sketch", "block");
        int shift = c.formats().sketchShift;
        ReferenceSketch ref = new ReferenceSketch(c);
        int[][] px = Arrays.copyOf(realClass().pixels(), 40);
        long[][] d = ref.distanceMatrix(px, Metric.L2);
        long[][] l1 = ref.distanceMatrix(px, Metric.L1);
        for (int i = 0; i < px.length; i++) {
            double[] a = ref.project(px[i]);
            assertEquals(0, d[i][i]);
            for (int j = 0; j < px.length; j++) {
                double[] b = ref.project(px[j]);
                double sq = 0;
                double abs = 0;
                for (int k = 0; k < a.length; k++) {
                    sq += (a[k] - b[k]) * (a[k] - b[k]);
                    abs += Math.abs(a[k] - b[k]);
                }
                assertEquals(Math.scalb(sq, 2 * shift), (double) d[i][j], 0.0, i + "," + j);
                assertEquals(Math.scalb(abs, shift), (double) l1[i][j], 0.0, i + "," + j);
            }
        }
    }

    @Test
    void projectionReferenceComparesExactlyWhatTheIntegerSketchCompares() {
        // Projection at the defaults is exact (shift 0) and its offsets cancel, so the double
        // reference's distances and the fixed path's are the same integers: like for like.
        NmsConfig c = NmsConfig.defaults().with("sketch", "projection").with("sketch_dims", "32");
        assertEquals(0, c.formats().sketchShift);
        Images rows = realClass();
        long[][] fixed = new GoldenDesne(c).engineDistanceMatrix(rows);
        long[][] ref = new ReferenceSketch(c).distanceMatrix(rows.pixels(), c.metric());
        for (int i = 0; i < ROWS; i++) {
            assertArrayEquals(fixed[i], ref[i], "row " + i);
        }
        // and they are not the exact image distances
        assertTrue(!Arrays.equals(fixed[1], PairwiseDistances.compute(rows.pixels(), c.metric())[1]));
    }
}
