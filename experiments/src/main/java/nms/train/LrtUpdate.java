package nms.train;

import nms.lrt.LowRankTrainer;
import nms.lrt.WriteCounter;

/** LRT on one layer: every pixel's pair {@code (a_p, dz_p)} goes to a {@link LowRankTrainer}. */
final class LrtUpdate implements WeightUpdate {
    private final LowRankTrainer trainer;
    private final int n;
    private final int m;

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
            trainer.accumulate(ap, dp, weights);
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
