package nms.eval;

import nms.data.Images;

/**
 * Maps one class's images to 2-D points (the DE-SNE embedding, or any other manifold method).
 * This is the seam where the reference and bit-accurate DE-SNE embedders plug into the evaluation.
 */
public interface ClassEmbedder {

    /**
     * Returns {@code double[classRows.rows()][2]}: point {@code i} embeds row {@code i}. The same
     * arguments must give the same points.
     */
    double[][] embed(Images classRows, long seed);
}
