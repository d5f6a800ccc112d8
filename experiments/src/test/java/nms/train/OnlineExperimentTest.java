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

    @Test
    void theIntegerSksInTheLoopIsDeterministicAndWritesLikeTheDoubleOne() {
        OnlineExperiment e = new OnlineExperiment(OnlineExperiment.Settings.defaults().withOnlineSamples(120));
        OnlineExperiment.Pretrained pre = e.pretrain(synthetic(200, 1), null);
        OnlineExperiment.Stream stream = e.stream(synthetic(120, 2), Scenario.CONTROL);
        OnlineExperiment.MethodResult lrt = e.run(Method.LRT, pre, stream, Scenario.CONTROL, null);
        OnlineExperiment.MethodResult a = e.run(Method.LRT_INT, pre, stream, Scenario.CONTROL, null);
        OnlineExperiment.MethodResult b = e.run(Method.LRT_INT, pre, stream, Scenario.CONTROL, null);
        assertArrayEquals(a.correct(), b.correct());
        assertArrayEquals(a.writesPerCell(), b.writesPerCell());
        assertEquals(a.counters(), b.counters());
        assertTrue(a.totalWrites() > 0, "lrt_int writes");
        // same write attempts per layer; the accepted writes and cell counts close to the double LRT
        for (int l = 0; l < a.layers().size(); l++) {
            assertEquals(lrt.layers().get(l).attempts(), a.layers().get(l).attempts());
        }
        double ratio = (double) a.totalWrites() / lrt.totalWrites();
        assertTrue(ratio > 0.8 && ratio < 1.25, "total writes lrt_int / lrt = " + ratio);
        long pairs = a.counters().get("pairs");
        assertTrue(pairs > 0 && a.counters().get("skipped") < pairs && a.counters().get("jacobi_rotations") > 0,
                a.counters().toString());
        assertTrue(a.auxMemoryWords() < lrt.auxMemoryWords(), "row r is not stored");
    }
}
