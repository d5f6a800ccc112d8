package nms.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import nms.data.Images;
import org.junit.jupiter.api.Test;

class KCenterGreedySelectorTest {

    @Test
    void keepsTheSelectorContract() {
        SelectionAssertions.assertSelectorContract(new KCenterGreedySelector(),
                SyntheticImages.classes(1, 60, 16, 3, 0));
    }

    @Test
    void picksTheCentreThenTheObviousFarPoints() {
        // A 1-D line (every pixel equal): a bunch near 100 and two outliers, 0 and 255.
        int[] values = {100, 101, 99, 0, 102, 98, 255, 100};
        int[][] pixels = Arrays.stream(values).mapToObj(v -> new int[] {v, v, v, v})
                .toArray(int[][]::new);
        Images line = SyntheticImages.rows(pixels);
        KCenterGreedySelector selector = new KCenterGreedySelector();
        // Mean 106.9 -> start at 102 (row 4); farthest from it is 255 (row 6), then 0 (row 3).
        assertArrayEquals(new int[] {4}, selector.select(line, 1, 0));
        assertArrayEquals(new int[] {4, 6}, selector.select(line, 2, 0));
        assertArrayEquals(new int[] {3, 4, 6}, selector.select(line, 3, 0));
    }

    @Test
    void sixteenBitPixelsDoNotOverflow() {
        // 784 pixels of 16 bits: a squared distance of up to 3.4e12 needs a long.
        int[][] pixels = new int[3][784];
        Arrays.fill(pixels[1], 65535);
        Arrays.fill(pixels[2], 30000);
        Images rows = new Images("wide", 16, 784, new int[3], new int[] {0, 1, 2}, pixels);
        // Mean 31845 -> start at row 2; farthest from it is row 1 (35535 away), not row 0 (30000).
        assertArrayEquals(new int[] {1, 2}, new KCenterGreedySelector().select(rows, 2, 0));
    }
}
