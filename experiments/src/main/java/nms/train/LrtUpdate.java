package nms.train;

import nms.lrt.LowRankTrainer;
import nms.lrt.WriteCounter;

/** LRT on one layer: every pixel's pair {@code (a_p, dz_p)} goes to a {@link LowRankTrainer}. */
final class LrtUpdate implements WeightUpdate {
    private final LowRankTrainer trainer;
    private final int n;
    private final int m;

    private PairTap tap;

    /**
     * Sees every gradient pair of the layer with the accumulator's state before the pair is
     * added, and then whether the reference skipped it (the LRT hardware vectors' source).
     */
    public interface PairTap {
        Object before(double[] a, double[] dz, nms.lrt.StreamingKroneckerSum state, double[] weights);

        void after(Object token, boolean skipped);
    }

    void tap(PairTap t) {
        this.tap = t;
    }

    LrtUpdate(LowRankTrainer trainer) {
        this.trainer = trainer;
        this.n = trainer.inputs();
        this.m = trainer.outputs();
    }

    @Override
    public void apply(double[] a, double[] dz, int pixels, double[] weights) {
        double[] ap = new double[n];
        double[] dp = new double[m];
        for (int p = 0; p < pixels; p++) {
            System.arraycopy(a, p * n, ap, 0, n);
            System.arraycopy(dz, p * m, dp, 0, m);
            if (tap == null) {
                trainer.accumulate(ap, dp, weights);
            } else {
                long skipped = trainer.accumulator().skipped();
                Object token = tap.before(ap, dp, trainer.accumulator(), weights);
                trainer.accumulate(ap, dp, weights);
                tap.after(token, trainer.accumulator().skipped() > skipped);
            }
        }
    }

    @Override
    public WriteCounter counter() {
        return trainer.counter();
    }

    @Override
    public long memoryWords() {
        return trainer.memoryWords();
    }

    LowRankTrainer trainer() {
        return trainer;
    }
}
