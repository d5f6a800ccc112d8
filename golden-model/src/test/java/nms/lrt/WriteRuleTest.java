package nms.lrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nms.lrt.StreamingKroneckerSum.Variant;
import org.junit.jupiter.api.Test;

/** The quantizer, the density-gated write, the per-cell counters and the trainer's schedule. */
class WriteRuleTest {
    static final FixedQuantizer W8 = new FixedQuantizer(-8, 1.0); // step 1/128, codes -128..127

    @Test
    void authorsQuantizerGrid() {
        assertEquals(1.0 / 128, W8.step());
        assertEquals(-1.0, W8.min());
        assertEquals(127.0 / 128, W8.max());
        assertEquals(0, W8.quantize(0.5 / 128)); // half to even
        assertEquals(2.0 / 128, W8.quantize(1.5 / 128));
        assertEquals(2.0 / 128, W8.quantize(2.5 / 128));
        assertEquals(127.0 / 128, W8.quantize(3.0));
        assertFalse(W8.passes(3.0));
        assertTrue(W8.passes(-1.0));
        FixedQuantizer a8 = new FixedQuantizer(8, 2.0); // unsigned activations, step 1/128
        assertEquals(1.0 / 128, a8.step());
        assertEquals(255.0 / 128, a8.max());
        assertEquals(0, a8.quantize(-0.3));
        FixedQuantizer b16 = new FixedQuantizer(-16, 8.0);
        assertEquals(Math.pow(2, -12), b16.step());
    }

    @Test
    void writesOnlyAboveTheDensityAndCountsChangedCells() {
        double[] w = new double[10];
        w[3] = 127.0 / 128;
        WriteCounter counter = new WriteCounter(10);
        DensityGatedWrite gate = new DensityGatedWrite(W8, 0.15);
        double[] update = new double[10];
        update[0] = 0.01; // 1.28 steps -> 1 step
        update[1] = 0.3 / 128; // rounds to 0: not a write
        assertEquals(0, gate.write(w, update, counter), "1 of 10 cells = 10% <= 15%: gated off");
        assertEquals(0, w[0]);
        assertEquals(0, counter.total());
        update = new double[10];
        update[0] = 0.01;
        update[3] = -2.0 / 128; // pushes 127/128 up: clamps at the grid's top
        update[5] = -1.6 / 128; // -> -2 steps
        assertEquals(3, gate.write(w, update, counter));
        assertArrayEquals(new double[] {-1.0 / 128, 0, 0, 127.0 / 128, 0, 2.0 / 128, 0, 0, 0, 0}, w);
        assertEquals(3, counter.total());
        assertEquals(1, counter.count(3));
        assertEquals(0, counter.count(1));
        update = new double[10];
        update[0] = 0.01;
        update[9] = 0.01;
        assertEquals(2, gate.write(w, update, counter), "2 of 10 = 20% > 15%");
        assertEquals(2, counter.count(0));
        assertEquals(2, counter.max());
    }

    @Test
    void plainSgdWritesEveryNonzeroCell() {
        double[] w = {0.5, 0.5};
        WriteCounter counter = new WriteCounter(2);
        DensityGatedWrite sgd = new DensityGatedWrite(W8, -1);
        assertEquals(1, sgd.write(w, new double[] {0, 1.0 / 128}, counter));
        assertEquals(0, sgd.write(w, new double[] {0, 0.2 / 128}, counter));
        assertEquals(1, sgd.write(w, new double[] {0, 1.0 / 128}, counter));
        assertEquals(2, counter.max());
        assertEquals(0.5 - 2.0 / 128, w[1]);
        assertThrows(IllegalArgumentException.class, () -> counter.add(0, -1));
    }

    @Test
    void trainerWritesAtTheEndOfEachPseudoBatchAndResets() {
        LowRankTrainer.Settings s = LowRankTrainer.Settings.defaults().withVariant(Variant.BIASED)
                .withPseudoBatch(4).withLr(0.05).withMaxNorm(false).withKappa(Double.POSITIVE_INFINITY);
        LowRankTrainer t = new LowRankTrainer(s, 3, 2, 1, W8, 1);
        double[] w = new double[6];
        double[] a = {1, 0, 0.5};
        double[] dz = {1, -1};
        for (int k = 0; k < 3; k++) {
            assertEquals(0, t.accumulate(a, dz, w));
        }
        assertEquals(0, t.attempts());
        // 4 pairs: dW = 4 a dz^T, lr * sqrt(4) = 0.1 -> cells 0.4, -0.4, 0, 0, 0.2, -0.2.
        assertEquals(4, t.accumulate(a, dz, w));
        assertArrayEquals(new double[] {-51.0 / 128, 51.0 / 128, 0, 0, -26.0 / 128, 26.0 / 128}, w);
        assertEquals(1, t.writes());
        assertEquals(0, t.accumulator().weights()[0], "reset after the write");
        assertEquals(1, t.counter().max());
        assertEquals(4, t.counter().total());
    }

    @Test
    void aGatedWriteKeepsAccumulatingWithAGrowingRate() {
        LowRankTrainer.Settings s = LowRankTrainer.Settings.defaults().withVariant(Variant.BIASED)
                .withPseudoBatch(1).withLr(1e-3).withMaxNorm(false).withKappa(Double.POSITIVE_INFINITY);
        LowRankTrainer t = new LowRankTrainer(s, 2, 1, 1, W8, 1);
        double[] w = new double[2];
        double[] a = {1, 0};
        double[] dz = {1};
        // After k samples: update = k * 1e-3 * sqrt(k); first above half a step (1/256) at k = 3.
        assertEquals(0, t.accumulate(a, dz, w));
        assertEquals(0, t.accumulate(a, dz, w));
        assertEquals(1, t.accumulate(a, dz, w));
        assertEquals(3, t.attempts());
        assertEquals(1, t.writes());
        assertEquals(-1.0 / 128, w[0]);
    }

    @Test
    void theKappaSkipDropsRepeatedPairsAsTheAuthorsCodeDoes() {
        // A repeat of the first pair has a zero residual, so Cx[0] > kappa * EPS^2 skips it whole.
        LowRankTrainer t = new LowRankTrainer(LowRankTrainer.Settings.defaults().withVariant(Variant.BIASED)
                .withPseudoBatch(4).withLr(0.05).withMaxNorm(false), 3, 2, 1, W8, 1);
        double[] w = new double[6];
        for (int k = 0; k < 4; k++) {
            t.accumulate(new double[] {1, 0, 0.5}, new double[] {1, -1}, w);
        }
        assertEquals(3, t.accumulator().skipped());
        assertEquals(-13.0 / 128, w[0], "one pair's worth: 0.1 * 1 -> 12.8 steps -> 13");
    }

    @Test
    void convolutionPeriodIsPseudoBatchTimesPixelsPlus13() {
        LowRankTrainer.Settings s = LowRankTrainer.Settings.defaults().withPseudoBatch(2).withLr(1);
        LowRankTrainer t = new LowRankTrainer(s, 1, 1, 5, W8, 1);
        double[] w = new double[1];
        for (int k = 1; k < 23; k++) {
            t.accumulate(new double[] {1}, new double[] {1}, w);
        }
        assertEquals(0, t.attempts());
        t.accumulate(new double[] {1}, new double[] {1}, w);
        assertEquals(1, t.attempts());
    }

    @Test
    void maxNormFollowsTheAuthorsFormula() {
        MaxNorm norm = new MaxNorm(0.5, 0.0);
        assertEquals(2.0, norm.divisor(new double[] {1, -2}));
        // step 2: running = 0.5 * 1 + 0.5 * 1 = 1, corrected 1 / 0.75 = 4/3 > max 1.
        assertEquals(4.0 / 3, norm.divisor(new double[] {0.5, 1}), 1e-15);
        double[] x = {3, -6};
        norm.normalise(x);
        assertArrayEquals(new double[] {0.5, -1}, x, 1e-15);
    }
}
