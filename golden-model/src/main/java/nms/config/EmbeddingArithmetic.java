package nms.config;

/**
 * Which arithmetic the embedding uses (docs/arithmetic-embedding.md section 11): exact repulsion
 * over all pairs for a class of at most {@code exactMaxRows} rows, else {@code negatives} seeded
 * negative samples per point per iteration; the kernel by exact division ({@code kernelLutBits = 0})
 * or by an interpolated ROM of {@code 2^kernelLutBits + 1} entries.
 */
public record EmbeddingArithmetic(int exactMaxRows, int negatives, int kernelLutBits) {

    /** Today's arithmetic, the default: exact repulsion at every size, exact division. */
    public static final EmbeddingArithmetic EXACT = new EmbeddingArithmetic(65536, 16, 0);

    public EmbeddingArithmetic {
        if (exactMaxRows < 2) {
            throw new IllegalArgumentException("exactMaxRows must be >= 2, got " + exactMaxRows);
        }
        if (negatives < 1) {
            throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
        }
        if (kernelLutBits < 0 || kernelLutBits > 12) {
            throw new IllegalArgumentException("kernelLutBits must be in [0, 12], got " + kernelLutBits);
        }
    }

    /** Whether a class of n rows gets sampled rather than exact repulsion. */
    public boolean sampled(int n) {
        return n > exactMaxRows;
    }
}
