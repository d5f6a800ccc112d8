package nms.train;

import java.util.SplittableRandom;

/**
 * Weight drift, the authors' {@code WeightModule.drift}, applied every {@code every} samples to
 * every stored weight. Rates are per million samples, as theirs ({@code ('analog', 10.0)} and
 * {@code ('digital', 10.0)}): analog adds {@code N(0, sigma)} with
 * {@code sigma = rate / sqrt(1e6 / every)}, so the total standard deviation over 1e6 samples is
 * {@code rate}; digital writes the weight as the 8-bit offset code {@code floor((W + 1) 128)}
 * and flips each of its 8 bits with probability {@code 2 rate / (1e6 / every)} (the authors draw
 * {@code binomial(2, p)} per bit), back to {@code code / 128 - 1}. Both clamp W to [-1, 1];
 * the forward pass reads the weight through the grid quantizer.
 */
final class Drift {
    private final Scenario scenario;
    private final double rate;
    private final int every;
    private final SplittableRandom rnd;

    Drift(Scenario scenario, double rate, int every, long seed) {
        this.scenario = scenario;
        this.rate = rate;
        this.every = every;
        this.rnd = new SplittableRandom(seed);
    }

    boolean active() {
        return scenario == Scenario.ANALOG || scenario == Scenario.BITFLIP;
    }

    /** Before sample {@code t}. */
    void apply(long t, QuantizedNet net) {
        if (!active() || t % every != 0) {
            return;
        }
        double events = 1e6 / every;
        for (WeightLayer layer : net.weightLayers()) {
            double[] w = layer.weights;
            if (scenario == Scenario.ANALOG) {
                double sigma = rate / Math.sqrt(events);
                for (int i = 0; i < w.length; i++) {
                    w[i] = clamp(w[i] + sigma * Augment.gaussian(rnd));
                }
            } else {
                double p = Math.min(1, 2 * rate / events);
                // Geometric skipping over the 8 w.length bits: only the flipped ones cost time.
                long bits = 8L * w.length;
                double logq = Math.log(1 - p);
                long bit = -1;
                while (true) {
                    bit += 1 + (long) Math.floor(Math.log(1 - rnd.nextDouble()) / logq);
                    if (bit >= bits) {
                        break;
                    }
                    int cell = (int) (bit / 8);
                    int code = (int) Math.floor((w[cell] + 1) * 128);
                    code ^= 1 << (bit % 8);
                    w[cell] = clamp(code / 128.0 - 1);
                }
            }
        }
    }

    private static double clamp(double x) {
        return Math.max(-1, Math.min(1, x));
    }
}
