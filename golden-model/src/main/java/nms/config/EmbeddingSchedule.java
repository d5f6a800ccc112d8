package nms.config;

/**
 * The t-SNE optimisation schedule shared by the double reference and the integer golden model,
 * so both run the same number of iterations with the same phase switches.
 *
 * <p>Iterations are numbered from 0. Iterations {@code t < exaggerationIterations} multiply P by
 * {@code exaggeration}; iterations {@code t < momentumSwitchIteration} use momentum 0.5 and later
 * ones 0.8. The learning rate is {@link #learningRate(int)}.
 *
 * @param iterations              total gradient steps (standard: 1000)
 * @param exaggerationIterations  early-exaggeration steps (standard: 250)
 * @param exaggeration            early exaggeration factor, an integer (standard: 12)
 * @param momentumSwitchIteration first step with the final momentum (standard: 250)
 */
public record EmbeddingSchedule(int iterations, int exaggerationIterations, int exaggeration,
                                int momentumSwitchIteration) {

    /** The scikit-learn / bhtsne schedule: 1000 steps, exaggeration 12 for 250, momentum switch at 250. */
    public static final EmbeddingSchedule STANDARD = new EmbeddingSchedule(1000, 250, 12, 250);

    public EmbeddingSchedule {
        if (iterations < 0 || exaggerationIterations < 0 || momentumSwitchIteration < 0) {
            throw new IllegalArgumentException("iteration counts must be non-negative");
        }
        if (exaggeration < 1) {
            throw new IllegalArgumentException("exaggeration must be >= 1, got " + exaggeration);
        }
    }

    public EmbeddingSchedule withIterations(int total) {
        return new EmbeddingSchedule(total, exaggerationIterations, exaggeration, momentumSwitchIteration);
    }

    /**
     * The integer learning rate {@code max(floor(n / 48), 50)}: scikit-learn's "auto" rate
     * {@code n / exaggeration / 4} for exaggeration 12, floored to an integer so the integer
     * model can use it exactly.
     */
    public static int learningRate(int n) {
        return Math.max(n / 48, 50);
    }
}
