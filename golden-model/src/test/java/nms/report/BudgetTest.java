package nms.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void fashionMnistSizedPoolSplitsEvenly() {
        int[] sizes = new int[10];
        Arrays.fill(sizes, 6000);
        int[] tenPerClass = new int[10];
        Arrays.fill(tenPerClass, 60);
        assertArrayEquals(tenPerClass, Budget.perClass(sizes, 0.01));
        assertEquals(3000, Arrays.stream(Budget.perClass(sizes, 0.05)).sum());
        assertEquals(6000, Arrays.stream(Budget.perClass(sizes, 0.10)).sum());
    }

    @Test
    void largestRemainderGoesToTheLargestFractions() {
        // Shares of 10 over sizes 5,3,2 (pool 10, total 7): 3.5, 2.1, 1.4 -> floors 3,2,1,
        // one left over, largest remainder 0.5 -> class 0.
        assertArrayEquals(new int[] {4, 2, 1}, Budget.perClass(new int[] {5, 3, 2}, 7));
        // Equal remainders: tie to the lower class index.
        assertArrayEquals(new int[] {2, 1, 1, 1}, Budget.perClass(new int[] {2, 2, 2, 2}, 5));
    }

    @Test
    void everyNonEmptyClassGetsAtLeastOne() {
        int[] counts = Budget.perClass(new int[] {1000, 1000, 3, 0}, 0.01);
        assertEquals(20, Arrays.stream(counts).sum());
        assertEquals(1, counts[2]);
        assertEquals(0, counts[3]);
        assertEquals(19, counts[0] + counts[1]);
    }

    @Test
    void randomPoolsSumExactlyAndStayProportional() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            int classes = 1 + random.nextInt(12);
            int[] sizes = new int[classes];
            for (int c = 0; c < classes; c++) {
                sizes[c] = 1 + random.nextInt(random.nextBoolean() ? 20 : 5000);
            }
            int pool = Arrays.stream(sizes).sum();
            int total = classes + random.nextInt(pool - classes + 1);
            int[] counts = Budget.perClass(sizes, total);
            assertEquals(total, Arrays.stream(counts).sum(), "sums exactly");
            for (int c = 0; c < classes; c++) {
                double share = (double) total * sizes[c] / pool;
                assertTrue(counts[c] >= 1 && counts[c] <= sizes[c]);
                // Within one image of the exact share, unless lifted to the minimum of one
                // (then the others give up at most one image per lifted class between them).
                assertTrue(counts[c] == 1 || Math.abs(counts[c] - share) < 1 + classes,
                        "proportional: " + counts[c] + " vs " + share);
            }
        }
    }

    @Test
    void withoutMinimumLiftsCountsAreWithinOneOfTheShare() {
        int[] sizes = {6131, 5918, 5958, 6000, 5842, 6000, 6000, 5994, 6027, 6130};
        int pool = Arrays.stream(sizes).sum();
        for (double fraction : new double[] {0.01, 0.05, 0.10, 0.333}) {
            int[] counts = Budget.perClass(sizes, fraction);
            int total = Budget.total(pool, fraction, sizes.length);
            assertEquals(total, Arrays.stream(counts).sum());
            for (int c = 0; c < sizes.length; c++) {
                double share = (double) total * sizes[c] / pool;
                assertTrue(Math.abs(counts[c] - share) < 1, counts[c] + " vs " + share);
            }
        }
    }

    @Test
    void totalRoundsAndClamps() {
        assertEquals(600, Budget.total(60000, 0.01, 10));
        assertEquals(10, Budget.total(100, 0.01, 10));
        assertEquals(100, Budget.total(100, 1.0, 10));
    }

    @Test
    void namesArePercentages() {
        assertEquals("1pct", Budget.name(0.01));
        assertEquals("5pct", Budget.name(0.05));
        assertEquals("10pct", Budget.name(0.10));
        assertEquals("0p5pct", Budget.name(0.005));
        assertEquals("100pct", Budget.name(1.0));
    }

    @Test
    void rejectsImpossibleBudgets() {
        assertThrows(IllegalArgumentException.class, () -> Budget.perClass(new int[] {5, 5}, 1));
        assertThrows(IllegalArgumentException.class, () -> Budget.perClass(new int[] {5, 5}, 11));
        assertThrows(IllegalArgumentException.class, () -> Budget.name(0));
        assertThrows(IllegalArgumentException.class, () -> Budget.name(1.5));
    }
}
