package nms.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nms.data.Images;

/** The contract every selector and exemplar rule must keep. */
final class SelectionAssertions {

    private SelectionAssertions() {
    }

    static void assertValidSelection(int[] chosen, int budget, int size) {
        assertEquals(budget, chosen.length, "exact budget size");
        for (int i = 0; i < chosen.length; i++) {
            assertTrue(chosen[i] >= 0 && chosen[i] < size, "in range: " + chosen[i]);
            assertTrue(i == 0 || chosen[i] > chosen[i - 1], "sorted and distinct");
        }
    }

    /** Valid at several budgets (1, middle, all) and the same answer for the same seed. */
    static void assertSelectorContract(Selector selector, Images rows) {
        int n = rows.rows();
        for (int budget : new int[] {1, 2, n / 3, n / 2, n - 1, n}) {
            for (long seed : new long[] {1, 2, 99}) {
                int[] first = selector.select(rows, budget, seed);
                assertValidSelection(first, budget, n);
                assertArrayEquals(first, selector.select(rows, budget, seed),
                        "deterministic for seed " + seed);
            }
        }
    }

    static void assertRuleContract(ExemplarRule rule, double[][] points) {
        int n = points.length;
        for (int budget : new int[] {1, 2, n / 3, n / 2, n - 1, n}) {
            for (long seed : new long[] {1, 2, 99}) {
                int[] first = rule.choose(points, budget, seed);
                assertValidSelection(first, budget, n);
                assertArrayEquals(first, rule.choose(points, budget, seed),
                        "deterministic for seed " + seed);
            }
        }
    }
}
