package nms.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nms.data.Images;
import org.junit.jupiter.api.Test;

class OnlineExperimentTest {

    static Images synthetic(int rows, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int[] labels = new int[rows];
        int[] index = new int[rows];
        int[][] px = new int[rows][28 * 28];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 10;
            index[r] = r;
            for (int i = 0; i < px[r].length; i++) {
                // A class-dependent bright row band plus noise.
                px[r][i] = (i / 28) / 3 == labels[r] ? 200 + rnd.nextInt(55) : rnd.nextInt(40);
            }
        }
        return new Images("synthetic", 8, 28 * 28, labels, index, px);
    }

    @Test
    void sameSeedSameResultsAndLrtWritesFarLessThanSgdPerPixel() {
        OnlineExperiment e = new OnlineExperiment(OnlineExperiment.Settings.defaults().withOnlineSamples(120));
        OnlineExperiment.Pretrained pre = e.pretrain(synthetic(200, 1), null);
        OnlineExperiment.Stream stream = e.stream(synthetic(120, 2), Scenario.CONTROL);
        OnlineExperiment.MethodResult sgd = e.run(Method.SGD, pre, stream, Scenario.CONTROL, null);
        OnlineExperiment.MethodResult again = e.run(Method.SGD, pre, stream, Scenario.CONTROL, null);
        assertArrayEquals(sgd.correct(), again.correct());
        assertArrayEquals(sgd.writesPerCell(), again.writesPerCell());
        OnlineExperiment.MethodResult lrt = e.run(Method.LRT, pre, stream, Scenario.CONTROL, null);
        assertTrue(sgd.maxWritesPerCell() > 10 * Math.max(1, lrt.maxWritesPerCell()),
                "sgd " + sgd.maxWritesPerCell() + " lrt " + lrt.maxWritesPerCell());
        assertTrue(sgd.maxWritesPerCell() >= sgd.maxWritesPerCellPerSample());
        assertTrue(lrt.auxMemoryWords() > 0);
        OnlineExperiment.MethodResult none = e.run(Method.INFERENCE, pre, stream, Scenario.CONTROL, null);
        assertEquals(0, none.totalWrites());
        assertTrue(pre.accuracyLastEpoch() > 0.2, "pre-training learns the synthetic bands: " + pre.accuracyLastEpoch());
    }
}
