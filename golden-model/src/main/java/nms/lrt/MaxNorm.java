package nms.lrt;

/**
 * The authors' running-max normaliser ({@code MaxNorm} in {@code lr/layers.py}): per call,
 * {@code x_max = max |x| + eps}, a bias-corrected running average
 * {@code m = beta m + (1 - beta) x_max}, {@code m~ = m / (1 - beta^step)}, and the result
 * {@code x / max(x_max, m~)}. So a factor is never scaled up past its own maximum and a burst
 * larger than the recent history is scaled down to unit peak.
 */
public final class MaxNorm {
    private final double beta;
    private final double eps;
    private long step;
    private double running;

    public MaxNorm() {
        this(0.999, 1e-4);
    }

    public MaxNorm(double beta, double eps) {
        this.beta = beta;
        this.eps = eps;
        this.running = eps;
    }

    /** The divisor for {@code x} (advances the running state), {@code x} itself unchanged. */
    public double divisor(double[] x) {
        step++;
        double max = 0;
        for (double xi : x) {
            max = Math.max(max, Math.abs(xi));
        }
        max += eps;
        running = beta * running + (1 - beta) * max;
        double corrected = running / (1 - Math.pow(beta, step));
        return Math.max(max, corrected);
    }

    /** {@code x / divisor(x)} in place. */
    public void normalise(double[] x) {
        double d = divisor(x);
        for (int i = 0; i < x.length; i++) {
            x[i] /= d;
        }
    }
}
