package nms.lrt;

/**
 * LRT for one weight matrix W (n inputs x m outputs, row-major): gradient pairs go into a
 * {@link StreamingKroneckerSum}; every {@code period} pairs the estimate {@code U V^T} (each
 * factor max-normed when enabled) times {@code lr * samples^lrBatchPower} is offered to the
 * {@link DensityGatedWrite}, where {@code samples} counts the pseudo-batches since the last
 * write ({@code update_W_SKS_B}). On a write the accumulator resets; when gated off it keeps
 * accumulating (its weights multiplied by {@code discount}) and the learning-rate multiplier
 * keeps growing.
 *
 * <p>The period is the authors': {@code pseudoBatch} pairs for a dense layer (one pair per
 * sample), {@code pseudoBatch * pixels + 13} for a convolution with {@code pixels} pairs per
 * sample (the 13 staggers the writes of different layers).
 */
public final class LowRankTrainer {

    /** The tunables, with the authors' defaults in {@link #defaults()}. */
    public record Settings(int rank, StreamingKroneckerSum.Variant variant, double kappa, int basisBits,
                           int pseudoBatch, double lr, double lrBatchPower, boolean maxNorm,
                           double minDensity, double discount) {
        public Settings {
            if (rank < 1 || pseudoBatch < 1) {
                throw new IllegalArgumentException("lrt: rank and pseudo_batch must be >= 1, got " + rank + ", "
                        + pseudoBatch);
            }
            if (!(lr > 0)) {
                throw new IllegalArgumentException("lrt: lr must be > 0, got " + lr);
            }
        }

        /** Rank 4, unbiased, kappa 100, 16-bit bases, B 100, lr 0.01, sqrt batch scaling, max-norm, 1 %. */
        public static Settings defaults() {
            return new Settings(4, StreamingKroneckerSum.Variant.UNBIASED, 100, 16, 100, 0.01, 0.5, true,
                    0.01, 1.0);
        }

        public Settings withVariant(StreamingKroneckerSum.Variant v) {
            return new Settings(rank, v, kappa, basisBits, pseudoBatch, lr, lrBatchPower, maxNorm, minDensity,
                    discount);
        }

        public Settings withPseudoBatch(int b) {
            return new Settings(rank, variant, kappa, basisBits, b, lr, lrBatchPower, maxNorm, minDensity,
                    discount);
        }

        public Settings withLr(double l) {
            return new Settings(rank, variant, kappa, basisBits, pseudoBatch, l, lrBatchPower, maxNorm, minDensity,
                    discount);
        }

        public Settings withMaxNorm(boolean on) {
            return new Settings(rank, variant, kappa, basisBits, pseudoBatch, lr, lrBatchPower, on, minDensity,
                    discount);
        }

        public Settings withKappa(double k) {
            return new Settings(rank, variant, k, basisBits, pseudoBatch, lr, lrBatchPower, maxNorm, minDensity,
                    discount);
        }

        public Settings withRank(int r) {
            return new Settings(r, variant, kappa, basisBits, pseudoBatch, lr, lrBatchPower, maxNorm, minDensity,
                    discount);
        }
    }

    private final Settings settings;
    private final int n;
    private final int m;
    private final long period;
    private final StreamingKroneckerSum sks;
    private final DensityGatedWrite write;
    private final WriteCounter counter;
    private final MaxNorm normU = new MaxNorm();
    private final MaxNorm normV = new MaxNorm();
    private long pairStep;
    private double samplesSinceWrite;
    private long writes;
    private long attempts;

    public LowRankTrainer(Settings settings, int n, int m, int pairsPerSample, FixedQuantizer grid, long seed) {
        this.settings = settings;
        this.n = n;
        this.m = m;
        this.period = pairsPerSample == 1 ? settings.pseudoBatch()
                : (long) settings.pseudoBatch() * pairsPerSample + 13;
        this.sks = new StreamingKroneckerSum(n, m, settings.rank(), settings.variant(), settings.kappa(),
                settings.basisBits(), seed);
        this.write = new DensityGatedWrite(grid, settings.minDensity());
        this.counter = new WriteCounter(n * m);
    }

    /**
     * Adds the gradient pair {@code (a, dz)} (dW = a dz^T) and, at the end of a period, tries a
     * write into {@code weights}. Returns the number of cells written (usually 0).
     */
    public int accumulate(double[] a, double[] dz, double[] weights) {
        sks.add(a, dz);
        pairStep++;
        if (pairStep % period != 0) {
            return 0;
        }
        return tryWrite(weights);
    }

    private int tryWrite(double[] weights) {
        attempts++;
        samplesSinceWrite = samplesSinceWrite * settings.discount() + settings.pseudoBatch();
        StreamingKroneckerSum.Factors f = sks.factors();
        if (settings.maxNorm()) {
            normalise(normU, f.u());
            normalise(normV, f.v());
        }
        double[] update = f.product();
        double lr = settings.lr() * Math.pow(samplesSinceWrite, settings.lrBatchPower());
        for (int i = 0; i < update.length; i++) {
            update[i] *= lr;
        }
        int written = write.write(weights, update, counter);
        if (written > 0) {
            sks.reset();
            samplesSinceWrite = 0;
            writes++;
        } else {
            sks.discount(settings.discount());
        }
        return written;
    }

    /** One divisor over the whole factor matrix, as the authors' MaxNorm over an array. */
    private static void normalise(MaxNorm norm, double[][] factor) {
        int rows = factor.length;
        int cols = rows == 0 ? 0 : factor[0].length;
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(factor[i], 0, flat, i * cols, cols);
        }
        double d = norm.divisor(flat);
        for (double[] row : factor) {
            for (int j = 0; j < cols; j++) {
                row[j] /= d;
            }
        }
    }

    public WriteCounter counter() {
        return counter;
    }

    public long writes() {
        return writes;
    }

    public long attempts() {
        return attempts;
    }

    public StreamingKroneckerSum accumulator() {
        return sks;
    }

    public Settings settings() {
        return settings;
    }

    /** The accumulator's auxiliary memory in words (16-bit words when basisBits is 16). */
    public long memoryWords() {
        return sks.memoryWords();
    }

    public int inputs() {
        return n;
    }

    public int outputs() {
        return m;
    }
}
