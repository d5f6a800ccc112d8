package nms.desne;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.golden.EmbeddingWeights;
import nms.golden.GoldenDesne;
import nms.golden.NmsDistance;
import nms.golden.NmsEmbedding;
import nms.golden.NmsKnn;
import nms.golden.NmsSketch;
import nms.reference.FixedPointBridge;
import nms.reference.ReferenceAffinities;
import nms.reference.ReferenceSketch;
import nms.reference.ReferenceTsne;
import org.junit.jupiter.api.Test;

/**
 * The DE-SNE selector's sketch path (issue 10 point 6): with {@code sketch = block} or
 * {@code projection} each embedder computes what the one-pass engine computes (kNN-sparse P on
 * {@code knn_k} neighbours by sketch distance, calibrated on those distances) and nothing of the
 * exact path, on a small real Fashion-MNIST class. The fixed path is rebuilt here from the units'
 * twins ({@link NmsSketch}, {@link NmsKnn}), not from the embedder's own helpers.
 */
class SketchEmbeddersTest {
    private static final int ROWS = 120;
    /** Dense threshold above the class size: the sketch path must still be sparse. */
    private static final DesneOptions OPTIONS = DesneOptions.DEFAULT.withIterations(60);
    private static final NmsConfig BLOCK = NmsConfig.defaults().with("sketch", "block");
    private static final NmsConfig PROJECTION = NmsConfig.defaults().with("sketch", "projection")
            .with("sketch_dims", "32");

    private static Images cls;

    private static synchronized Images realClass() {
        if (cls == null) {
            Images train = FashionMnist.load("train");
            cls = train.select(Arrays.copyOf(train.indicesOfClass(4), ROWS));
        }
        return cls;
    }

    @Test
    void fixedBlockPathIsKnnOverSketchesThenTheIntegerChain() {
        Images rows = realClass();
        FixedDesneEmbedder e = new FixedDesneEmbedder(BLOCK, OPTIONS);
        double[][] points = e.embed(rows, 5);
        ClassStats stats = e.lastStats();
        assertFalse(stats.dense(), "a sketch is always sparse");
        assertEquals(90, stats.neighbours());

        long[][] s = new NmsSketch(BLOCK).sketches(rows.pixels());
        NmsKnn knn = new NmsKnn(BLOCK);
        int[][] idx = new int[ROWS][];
        long[][] dist = new long[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            int[] cand = new int[ROWS - 1];
            long[] d = new long[ROWS - 1];
            for (int j = 0, c = 0; j < ROWS; j++) {
                if (j != i) {
                    cand[c] = j;
                    d[c++] = NmsDistance.ofSketches(s[i], s[j], BLOCK.metric());
                }
            }
            NmsKnn.Entry[] kept = knn.nearest(cand, d);
            idx[i] = Arrays.stream(kept).mapToInt(NmsKnn.Entry::index).toArray();
            dist[i] = Arrays.stream(kept).mapToLong(NmsKnn.Entry::dist).toArray();
        }
        GoldenDesne.ClassResult r = new GoldenDesne(BLOCK).run(new GoldenDesne.Neighbours(idx, dist), BLOCK.search());
        EmbeddingWeights.Scaled w = EmbeddingWeights.of(r.p());
        double[][] expected = FixedPointBridge.toDouble(
                new NmsEmbedding(OPTIONS.schedule()).embed(w.weights(), w.total(), 5));
        assertArrayEquals(expected, points);
        assertEquals(r.outsideTolerance(), stats.rowsOutsideTolerance());

        // The exact path (sketch = none) on the same options gives other points.
        double[][] exact = new FixedDesneEmbedder(NmsConfig.defaults(), OPTIONS.withDenseMaxRows(0)).embed(rows, 5);
        assertFalse(Arrays.deepEquals(exact, points), "the block sketch must change the embedding");
    }

    @Test
    void doubleReferenceTakesTheSameSketch() {
        Images rows = realClass();
        for (NmsConfig c : new NmsConfig[] {BLOCK, PROJECTION}) {
            DoubleDesneEmbedder e = new DoubleDesneEmbedder(c, OPTIONS);
            double[][] points = e.embed(rows, 9);
            assertFalse(e.lastStats().dense(), "a sketch is always sparse");
            assertEquals(90, e.lastStats().neighbours());
            ReferenceAffinities a = new ReferenceAffinities(c.metric(), c.perplexity().doubleValue(),
                    c.searchTolerance().doubleValue(), c.searchIterations());
            double[][] expected = new ReferenceTsne(OPTIONS.schedule()).embed(
                    a.sparse(new ReferenceSketch(c).distanceMatrix(rows.pixels(), c.metric())).joint(), 9);
            assertArrayEquals(expected, points, String.valueOf(c.sketch()));
            double[][] exact = new DoubleDesneEmbedder(NmsConfig.defaults(), OPTIONS.withDenseMaxRows(0))
                    .embed(rows, 9);
            assertFalse(Arrays.deepEquals(exact, points), c.sketch() + " must change the embedding");
        }
    }
}
