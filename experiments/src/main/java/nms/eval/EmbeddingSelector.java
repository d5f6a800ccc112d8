package nms.eval;

import java.util.Objects;
import nms.data.Images;

/**
 * A {@link Selector} that embeds the class in 2-D with a {@link ClassEmbedder} and picks exemplars
 * there with an {@link ExemplarRule}: DE-SNE = DE-SNE embedder + grid or k-means exemplars.
 */
public final class EmbeddingSelector implements Selector {

    /** A selection together with the embedding it was made on, for plotting. */
    public record Embedded(double[][] embedding, int[] selected) {
    }

    private final ClassEmbedder embedder;
    private final ExemplarRule rule;

    public EmbeddingSelector(ClassEmbedder embedder, ExemplarRule rule) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public int[] select(Images classRows, int budget, long seed) {
        return selectWithEmbedding(classRows, budget, seed).selected();
    }

    /** As {@link #select}, also returning the embedding (e.g. for {@link Plots#embedding}). */
    public Embedded selectWithEmbedding(Images classRows, int budget, long seed) {
        Selections.checkBudget(budget, classRows.rows());
        double[][] embedding = embedder.embed(classRows, seed);
        if (embedding.length != classRows.rows()) {
            throw new IllegalStateException(embedder + " returned " + embedding.length
                    + " points for " + classRows.rows() + " rows");
        }
        for (int i = 0; i < embedding.length; i++) {
            double[] p = embedding[i];
            if (p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                throw new IllegalStateException(embedder + " point " + i
                        + " is not a finite 2-D point");
            }
        }
        // The rule gets its own stream so its randomness does not mirror the embedder's.
        int[] selected = rule.choose(embedding, budget, Selections.derive(seed, 1));
        return new Embedded(embedding, selected);
    }

    @Override
    public String toString() {
        return embedder + "+" + rule;
    }
}
