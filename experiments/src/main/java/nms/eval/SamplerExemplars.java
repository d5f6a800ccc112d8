package nms.eval;

import nms.golden.NmsEmbedding;
import nms.golden.NmsSampler;

/**
 * The hardware's exemplar rule ({@link NmsSampler}, the twin of {@code nms_sampler}) as an
 * {@link ExemplarRule}, so it is compared with {@link KMeansExemplars} like for like. The points
 * are rounded to Q.20, which is exact for the embeddings {@code NmsEmbedding} makes. The seed is
 * unused: the rule has no random draw.
 */
public final class SamplerExemplars implements ExemplarRule {

    private final int iterations;

    public SamplerExemplars(int iterations) {
        this.iterations = iterations;
    }

    public SamplerExemplars() {
        this(KMeansExemplars.MAX_ITERATIONS);
    }

    /** {@code points} in Q.20, as {@code NmsEmbedding} outputs them. */
    public static long[][] toFixed(double[][] points) {
        long[][] y = new long[points.length][2];
        for (int i = 0; i < points.length; i++) {
            y[i][0] = Math.round(Math.scalb(points[i][0], NmsEmbedding.Y_FRAC_BITS));
            y[i][1] = Math.round(Math.scalb(points[i][1], NmsEmbedding.Y_FRAC_BITS));
        }
        return y;
    }

    @Override
    public int[] choose(double[][] points, int budget, long seed) {
        Selections.checkBudget(budget, points.length);
        return new NmsSampler(iterations, points.length).select(toFixed(points), budget).selected();
    }

    @Override
    public String toString() {
        return "sampler";
    }
}
