package nms.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import nms.data.Images;
import org.junit.jupiter.api.Test;

class HerdingSelectorTest {

    @Test
    void keepsTheSelectorContract() {
        SelectionAssertions.assertSelectorContract(new HerdingSelector(),
                SyntheticImages.classes(1, 60, 16, 3, 0));
    }

    @Test
    void firstTheSampleNearestTheMeanThenTheOneThatBalancesIt() {
        // A 1-D line (every pixel equal), mean 100.
        int[] values = {100, 130, 70, 101, 160, 39};
        Images line = SyntheticImages.rows(Arrays.stream(values).mapToObj(v -> new int[] {v, v})
                .toArray(int[][]::new));
        HerdingSelector herding = new HerdingSelector();
        assertArrayEquals(new int[] {0}, herding.select(line, 1, 0));
        // Step 1 aims at 2 * 100 - 100 = 100 again: 101 (row 3), not an extreme.
        assertArrayEquals(new int[] {0, 3}, herding.select(line, 2, 0));
        // Step 2 aims at 300 - 201 = 99: 70 (29 away) beats 130 (31 away).
        assertArrayEquals(new int[] {0, 2, 3}, herding.select(line, 3, 0));
        // Step 3 aims at 400 - 271 = 129: 130 (row 1).
        assertArrayEquals(new int[] {0, 1, 2, 3}, herding.select(line, 4, 0));
    }

    @Test
    void theChosenMeanTracksTheClassMeanBetterThanKCenter() {
        Images cls = SyntheticImages.classes(1, 200, 16, 8, 3);
        int budget = 10;
        double herding = meanError(cls, new HerdingSelector().select(cls, budget, 0));
        double kcenter = meanError(cls, new KCenterGreedySelector().select(cls, budget, 0));
        assertTrue(herding < kcenter / 2, "herding " + herding + " vs k-center " + kcenter);
    }

    /** Squared distance between the subset's mean and the whole class's mean. */
    private static double meanError(Images cls, int[] rows) {
        double error = 0;
        for (int k = 0; k < cls.dims(); k++) {
            double all = 0;
            for (int[] p : cls.pixels()) {
                all += p[k];
            }
            double some = 0;
            for (int r : rows) {
                some += cls.pixels()[r][k];
            }
            double d = all / cls.rows() - some / rows.length;
            error += d * d;
        }
        return error;
    }
}
