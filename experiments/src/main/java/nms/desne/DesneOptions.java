package nms.desne;

import nms.config.EmbeddingSchedule;

/**
 * Options of the DE-SNE class embedders beyond {@link nms.config.NmsConfig}.
 *
 * @param iterations   gradient steps of the embedding (standard 1000; the exaggeration and
 *                     momentum switch stay at 250 as in {@link EmbeddingSchedule#STANDARD})
 * @param denseMaxRows classes of at most this many rows use dense P (every other row a
 *                     neighbour); larger ones the {@code floor(3 * perplexity)} nearest rows
 */
public record DesneOptions(int iterations, int denseMaxRows) {

    /** Default threshold between dense and sparse P. */
    public static final int DEFAULT_DENSE_MAX_ROWS = 1000;

    /** 1000 iterations, dense P up to 1000 rows. */
    public static final DesneOptions DEFAULT =
            new DesneOptions(EmbeddingSchedule.STANDARD.iterations(), DEFAULT_DENSE_MAX_ROWS);

    public DesneOptions {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        if (denseMaxRows < 0) {
            throw new IllegalArgumentException("denseMaxRows must be >= 0, got " + denseMaxRows);
        }
    }

    public DesneOptions withIterations(int n) {
        return new DesneOptions(n, denseMaxRows);
    }

    public DesneOptions withDenseMaxRows(int rows) {
        return new DesneOptions(iterations, rows);
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
