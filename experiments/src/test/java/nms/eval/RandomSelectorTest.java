package nms.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import nms.data.Images;
import org.junit.jupiter.api.Test;

class RandomSelectorTest {

    private final Images rows = SyntheticImages.classes(1, 60, 16, 3, 0);

    @Test
    void keepsTheSelectorContract() {
        SelectionAssertions.assertSelectorContract(new RandomSelector(), rows);
    }

    @Test
    void differentSeedsGiveDifferentSubsets() {
        RandomSelector selector = new RandomSelector();
        assertFalse(Arrays.equals(selector.select(rows, 10, 1), selector.select(rows, 10, 2)));
    }
}
