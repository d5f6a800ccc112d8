package nms.golden;

import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SearchVariant;

/**
 * Twin of {@code nms_perplexity} (spec section 6): entropy of a row from its sums, and the search
 * for the row's beta. Entropy in bits: {@code H = log2(S) + T / S}, with
 * {@code T / S = floor((T << (entropy_frac - t_frac)) / S)} from {@link NmsDivider}.
 */
@RtlTwin("nms_perplexity")
public final class NmsPerplexity {
    private final NmsAffinity affinity;
    private final NmsLog2 log2;
    private final NmsDivider divider;
    private final int quotientShift;
    private final long target;
    private final long tolerance;
    private final long betaOne;
    private final long betaMax;
    private final int iterations;

    public NmsPerplexity(NmsConfig c) {
        Formats f = c.formats();
        this.affinity = new NmsAffinity(c);
        this.log2 = new NmsLog2(c);
        this.divider = new NmsDivider(c);
        this.quotientShift = c.entropyFracBits() - c.tFracBits();
        this.target = f.targetEntropy;
        this.tolerance = f.tolerance;
        this.betaOne = f.betaOne;
        this.betaMax = f.betaMax;
        this.iterations = c.searchIterations();
    }

    public NmsAffinity affinity() {
        return affinity;
    }

    public long entropy(NmsAffinity.RowSums sums) {
        return log2.log2(sums.sumA())
                + divider.divide(sums.sumTa() << quotientShift, sums.sumA());
    }

    /** The smallest value of a row's distances: the row-min shift. */
    public static long rowMin(long[] dist) {
        long m = Long.MAX_VALUE;
        for (long d : dist) {
            m = Math.min(m, d);
        }
        return m;
    }

    /**
     * Searches beta for one row, {@code dist} holding its distances to the other rows (not to
     * itself). bhtsne's steps: double/halve until the target is bracketed, then bisect.
     */
    public Search search(long[] dist, SearchVariant variant) {
        if (dist.length < 1) {
            throw new IllegalArgumentException("a row needs at least one other row");
        }
        long dmin = rowMin(dist);
        long beta = betaOne;
        long lo = -1; // -1: no lower bound yet
        long hi = -1; // -1: no upper bound yet
        long lastBeta = beta;
        long lastH = 0;
        long bestBeta = beta;
        long bestH = 0;
        long bestErr = Long.MAX_VALUE;
        int used = 0;
        while (used < iterations) {
            long h = entropy(affinity.row(beta, dmin, dist));
            used++;
            lastBeta = beta;
            lastH = h;
            long err = Math.abs(h - target);
            if (err < bestErr) {
                bestErr = err;
                bestBeta = beta;
                bestH = h;
            }
            if (err < tolerance) {
                break;
            }
            if (h > target) {
                lo = beta;
                beta = hi < 0 ? Math.min(beta << 1, betaMax) : (beta + hi) >>> 1;
            } else {
                hi = beta;
                beta = lo < 0 ? Math.max(beta >>> 1, 1) : (beta + lo) >>> 1;
            }
            if (variant == SearchVariant.ROBUST && beta == lastBeta) {
                break; // the bracket has collapsed to one step: nothing new to evaluate
            }
        }
        boolean robust = variant == SearchVariant.ROBUST;
        long finalBeta = robust ? bestBeta : lastBeta;
        long finalH = robust ? bestH : lastH;
        return new Search(finalBeta, dmin, finalH, used, Math.abs(finalH - target) < tolerance);
    }

    /** The outcome for one row: its beta and entropy, evaluations used, and calibration. */
    public record Search(long beta, long dmin, long entropy, int iterations, boolean withinTolerance) {
    }
}
