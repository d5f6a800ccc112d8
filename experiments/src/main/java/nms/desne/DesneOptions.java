package nms.desne;

import java.math.BigDecimal;
import java.util.List;
import nms.config.EmbeddingSchedule;

/**
 * Options of the DE-SNE class embedders beyond {@link nms.config.NmsConfig}.
 *
 * @param iterations   gradient steps of the embedding (standard 1000; the exaggeration and
 *                     momentum switch stay at 250 as in {@link EmbeddingSchedule#STANDARD})
 * @param denseMaxRows classes of at most this many rows use dense P (every other row a
 *                     neighbour); larger ones the {@code floor(3 * perplexity)} nearest rows
 * @param perplexityCandidates empty: every class at the config's perplexity. Otherwise the
 *                     adaptive (entropy-guided) perplexity: each class is embedded at every
 *                     candidate it can hold ({@link #candidatesFor}) and keeps the embedding whose
 *                     grid occupancy is the most uniform ({@link nms.golden.EmbeddingOccupancy})
 */
public record DesneOptions(int iterations, int denseMaxRows, List<BigDecimal> perplexityCandidates) {

    /** Default threshold between dense and sparse P. */
    public static final int DEFAULT_DENSE_MAX_ROWS = 1000;

    /** 1000 iterations, dense P up to 1000 rows. */
    public static final DesneOptions DEFAULT =
            new DesneOptions(EmbeddingSchedule.STANDARD.iterations(), DEFAULT_DENSE_MAX_ROWS);

    public DesneOptions(int iterations, int denseMaxRows) {
        this(iterations, denseMaxRows, List.of());
    }

    public DesneOptions {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        if (denseMaxRows < 0) {
            throw new IllegalArgumentException("denseMaxRows must be >= 0, got " + denseMaxRows);
        }
        perplexityCandidates = perplexityCandidates.stream().sorted().distinct().toList();
        if (!perplexityCandidates.isEmpty() && perplexityCandidates.get(0).compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("perplexity candidates must be >= 1, got " + perplexityCandidates);
        }
    }

    public DesneOptions withIterations(int n) {
        return new DesneOptions(n, denseMaxRows, perplexityCandidates);
    }

    public DesneOptions withDenseMaxRows(int rows) {
        return new DesneOptions(iterations, rows, perplexityCandidates);
    }

    public DesneOptions withPerplexityCandidates(List<BigDecimal> candidates) {
        return new DesneOptions(iterations, denseMaxRows, candidates);
    }

    public boolean adaptivePerplexity() {
        return !perplexityCandidates.isEmpty();
    }

    /**
     * The candidates a class of {@code rows} rows can be calibrated to, ascending: those with
     * {@code floor(3 * P) <= rows - 1} (bhtsne's rule: enough neighbours for the entropy to reach
     * {@code log2 P}); the smallest candidate when none qualifies.
     */
    public List<BigDecimal> candidatesFor(int rows) {
        List<BigDecimal> fit = perplexityCandidates.stream()
                .filter(p -> p.multiply(BigDecimal.valueOf(3)).intValue() <= rows - 1).toList();
        return fit.isEmpty() ? perplexityCandidates.subList(0, 1) : fit;
    }

    /** Whether a class of {@code rows} rows uses dense P. */
    public boolean dense(int rows) {
        return rows <= denseMaxRows;
    }

    /** The standard schedule with {@link #iterations} steps. */
    public EmbeddingSchedule schedule() {
        return EmbeddingSchedule.STANDARD.withIterations(iterations);
    }
}
