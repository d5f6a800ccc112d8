package nms.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairBlocksTest {

    @Test
    void blocksCoverAllRowsInOrderWithBalancedPairCounts() {
        for (int n : new int[] {1, 2, 3, 15, 16, 17, 100, 6000}) {
            int[] start = PairBlocks.balanced(n);
            assertEquals(0, start[0]);
            assertEquals(n, start[start.length - 1]);
            long totalPairs = (long) n * (n - 1) / 2;
            int blocks = start.length - 1;
            for (int b = 0; b < blocks; b++) {
                assertTrue(start[b] <= start[b + 1]);
                long pairs = 0;
                for (int i = start[b]; i < start[b + 1]; i++) {
                    pairs += n - 1 - i;
                }
                if (n >= 100) {
                    // within one row's worth of pairs of an equal share
                    assertTrue(Math.abs(pairs - totalPairs / blocks) <= n, "n=" + n + " block " + b);
                }
            }
        }
    }
}
