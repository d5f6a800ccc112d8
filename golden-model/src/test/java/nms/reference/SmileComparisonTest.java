package nms.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import nms.config.Metric;
import nms.golden.NmsEmbedding;
import nms.golden.SparseWeights;
import org.junit.jupiter.api.Test;
import smile.manifold.TSNE;
import smile.math.MathEx;

/**
 * Our embeddings against a peer implementation, Smile's exact t-SNE, on the same 500
 * Fashion-MNIST images (the first 50 of each class), perplexity 30, 1000 iterations.
 */
class SmileComparisonTest {

    private static final int PER_CLASS = 50;
    private static final double PERPLEXITY = 30;
    private static final long SEED = 1;

    @Test
    void oursIsNotLessTrustworthyThanSmile() throws IOException {
        int n = 10 * PER_CLASS;
        int[][] rows = new int[n][];
        for (int c = 0; c < 10; c++) {
            System.arraycopy(FashionMnistSample.firstOfClass(c, PER_CLASS), 0, rows, c * PER_CLASS, PER_CLASS);
        }
        long[][] distances = PairwiseDistances.compute(rows, Metric.L2);

        long t0 = System.nanoTime();
        ReferenceAffinities.Sparse p = new ReferenceAffinities(Metric.L2, PERPLEXITY).sparse(distances);
        double[][] ours = new ReferenceTsne().embed(p.joint(), SEED);
        long t1 = System.nanoTime();
        SparseWeights weights = FixedPointBridge.toWeights(p.joint(), FixedPointBridge.DEFAULT_WEIGHT_FRAC_BITS);
        double[][] oursInteger = FixedPointBridge.toDouble(new NmsEmbedding().embed(weights, weights.sum(), SEED));
        long t2 = System.nanoTime();

        // Smile is fed pixels / 255: on raw 0..255 pixels its perplexity search, which does not
        // subtract the row minimum before exp(-beta d), underflows and every coordinate is NaN.
        // Trustworthiness depends on distance ranks only, so the scaling changes nothing else.
        double[][] scaled = new double[n][rows[0].length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows[i].length; k++) {
                scaled[i][k] = rows[i][k] / 255.0;
            }
        }
        MathEx.setSeed(SEED);
        TSNE smile = new TSNE(scaled, 2, PERPLEXITY, 200, 1000); // Smile's default learning rate
        long t3 = System.nanoTime();

        double tOurs = EmbeddingQuality.trustworthiness(distances, ours, 10);
        double tInteger = EmbeddingQuality.trustworthiness(distances, oursInteger, 10);
        double tSmile = EmbeddingQuality.trustworthiness(distances, smile.coordinates, 10);
        System.out.printf("trustworthiness(k=10), 500 Fashion-MNIST images, perplexity 30:%n"
                        + "  ours double  %.4f  (P + embedding %.2f s)%n"
                        + "  ours integer %.4f  (embedding %.2f s)%n"
                        + "  Smile 3.1.1  %.4f  (%.2f s)%n",
                tOurs, (t1 - t0) / 1e9, tInteger, (t2 - t1) / 1e9, tSmile, (t3 - t2) / 1e9);
        assertTrue(tOurs >= tSmile - 0.02, "ours " + tOurs + " vs Smile " + tSmile);
        assertTrue(tInteger >= tSmile - 0.02, "integer " + tInteger + " vs Smile " + tSmile);
    }
}
