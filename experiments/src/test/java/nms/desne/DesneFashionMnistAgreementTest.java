package nms.desne;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import nms.config.Metric;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.reference.EmbeddingQuality;
import nms.reference.PairwiseDistances;
import org.junit.jupiter.api.Test;

/**
 * The whole bit-accurate DE-SNE path (integer calibration, integer joint P, integer rescale,
 * integer t-SNE) against the whole double path, on real Fashion-MNIST classes: trustworthiness
 * (k = 10) within 0.02 per run and within 0.01 on the mean over three seeds. The per-run bound is
 * looser because t-SNE is chaotic (docs/arithmetic-embedding.md section 6). One class runs dense
 * P, one sparse k-nearest P, one the kNN-sparse P over a block sketch.
 *
 * <p>Reads the training set through {@link FashionMnist}: without the dataset this test fails
 * with the apt-get command, it is never skipped.
 */
class DesneFashionMnistAgreementTest {

    private static final long[] SEEDS = {1, 2, 3};

    private static Images train;

    private static synchronized Images firstOfClass(int label, int count) {
        if (train == null) {
            train = FashionMnist.load("train");
        }
        return train.select(Arrays.copyOf(train.indicesOfClass(label), count));
    }

    @Test
    void denseClassAgrees() {
        agree(0, 400, DesneOptions.DEFAULT);
    }

    @Test
    void sparseClassAgrees() {
        agree(7, 500, DesneOptions.DEFAULT.withDenseMaxRows(300));
    }

    /**
     * Like for like with a sketch (issue 10 point 4): both paths compare the same 7x7 block sketch
     * (integer rounded, double unrounded) with the kNN-sparse P; trustworthiness is still measured
     * on the exact image distances.
     */
    @Test
    void blockSketchClassAgrees() {
        agree(2, 400, DesneOptions.DEFAULT, NmsConfig.defaults().with("sketch", "block"));
    }

    private static void agree(int label, int n, DesneOptions options) {
        agree(label, n, options, NmsConfig.defaults());
    }

    private static void agree(int label, int n, DesneOptions options, NmsConfig config) {
        Images cls = firstOfClass(label, n);
        long[][] distances = PairwiseDistances.compute(cls.pixels(), Metric.L2);
        DesneEmbedder fixed = new FixedDesneEmbedder(config, options);
        DesneEmbedder reference = new DoubleDesneEmbedder(config, options);
        double sumFixed = 0;
        double sumDouble = 0;
        for (long seed : SEEDS) {
            double tFixed = EmbeddingQuality.trustworthiness(distances, fixed.embed(cls, seed), 10);
            double tDouble = EmbeddingQuality.trustworthiness(distances, reference.embed(cls, seed), 10);
            System.out.printf("class %d n=%d seed %d: trustworthiness fixed %.4f double %.4f (%+.4f)%n  %s%n  %s%n",
                    label, n, seed, tFixed, tDouble, tFixed - tDouble, fixed.lastStats(), reference.lastStats());
            assertEquals(options.dense(n) && config.formats().sketchPattern == null, fixed.lastStats().dense());
            assertEquals(fixed.lastStats().dense(), reference.lastStats().dense());
            assertEquals(tDouble, tFixed, 0.02, "class " + label + " seed " + seed);
            assertTrue(tFixed > 0.85, "fixed trustworthiness " + tFixed);
            sumFixed += tFixed;
            sumDouble += tDouble;
        }
        double meanDifference = (sumFixed - sumDouble) / SEEDS.length;
        System.out.printf("class %d n=%d mean over seeds: fixed %.4f double %.4f (%+.4f)%n", label, n,
                sumFixed / SEEDS.length, sumDouble / SEEDS.length, meanDifference);
        assertEquals(0.0, meanDifference, 0.01, "class " + label);
    }
}
