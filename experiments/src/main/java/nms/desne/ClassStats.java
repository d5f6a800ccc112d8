package nms.desne;

/**
 * What one class's DE-SNE run reports besides its points.
 *
 * @param path                 {@code "fixed"} (bit-accurate integer model) or {@code "double"} (reference)
 * @param rows                 rows of the class
 * @param dense                dense P (every other row a neighbour) or sparse k-nearest
 * @param neighbours           neighbours per row in the calibration ({@code rows - 1} when dense)
 * @param search               beta search used: {@code plain} or {@code robust} (the double reference is always plain)
 * @param rowsOutsideTolerance rows whose entropy missed {@code log2(perplexity)} by the tolerance or more
 * @param pSeconds             wall time of distances, calibration and joint P (fixed: including the
 *                             rescale to embedding weights)
 * @param embeddingSeconds     wall time of the t-SNE embedding (fixed: including the conversion to double)
 * @param iterations           gradient steps of the embedding
 * @param perplexity           the perplexity the class was calibrated to (with the adaptive
 *                             perplexity, the candidate chosen; times are then the sum over candidates)
 */
public record ClassStats(String path, int rows, boolean dense, int neighbours, String search,
                         int rowsOutsideTolerance, double pSeconds, double embeddingSeconds,
                         int iterations, java.math.BigDecimal perplexity) {

    /** Stats of a class too small to embed (fewer than 2 rows): nothing was computed. */
    static ClassStats trivial(String path, int rows, int iterations, java.math.BigDecimal perplexity) {
        return new ClassStats(path, rows, true, 0, "none", 0, 0, 0, iterations, perplexity);
    }

    /** One line for logs and reports. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s: %d rows, perplexity %s, %s P (%d neighbours), %s search, %d rows outside tolerance, "
                        + "P %.3f s, embedding %.3f s (%d iterations)",
                path, rows, perplexity.toPlainString(), dense ? "dense" : "sparse", neighbours, search,
                rowsOutsideTolerance, pSeconds, embeddingSeconds, iterations);
    }
}
