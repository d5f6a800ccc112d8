package nms.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import nms.data.Images;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    /** Small and quick; the default recipe is only shrunk in size, not changed in kind. */
    static final Classifier.Recipe SMALL =
            new Classifier.Recipe(32, 300, 32, 1e-3, 1e-5, 0.9, 0.999, 1e-8, 0.0);

    private final Images train = SyntheticImages.classes(2, 200, 32, 1, 0);
    private final Images test = SyntheticImages.classes(2, 200, 32, 2, 10_000);

    @Test
    void learnsASeparableTwoClassProblem() {
        Classifier model = Classifier.train(train, 2, SMALL, 42);
        assertTrue(model.accuracy(test) > 0.95, "accuracy " + model.accuracy(test));
    }

    @Test
    void sameSeedAndDataGiveTheSameBits() {
        Classifier a = Classifier.train(train, 2, SMALL, 42);
        Classifier b = Classifier.train(train, 2, SMALL, 42);
        assertEquals(Double.doubleToRawLongBits(a.accuracy(test)),
                Double.doubleToRawLongBits(b.accuracy(test)));
        for (int[] image : test.pixels()) {
            assertArrayEquals(bits(a.logits(image)), bits(b.logits(image)));
        }
    }

    @Test
    void theThreadCountDoesNotChangeTheBits() {
        Classifier one = Classifier.train(train, 2, SMALL, 42, 1);
        Classifier three = Classifier.train(train, 2, SMALL, 42, 3);
        for (int[] image : test.pixels()) {
            assertArrayEquals(bits(one.logits(image)), bits(three.logits(image)));
        }
    }

    @Test
    void anotherSeedGivesAnotherModel() {
        Classifier a = Classifier.train(train, 2, SMALL, 1);
        Classifier b = Classifier.train(train, 2, SMALL, 2);
        assertFalse(Arrays.equals(bits(a.logits(test.pixels()[0])),
                bits(b.logits(test.pixels()[0]))));
    }

    @Test
    void trainsOnASetSmallerThanOneBatch() {
        Images three = train.select(new int[] {0, 1, 2});
        Classifier model = Classifier.train(three, 2, SMALL, 5);
        assertEquals(2, model.logits(test.pixels()[0]).length);
    }

    @Test
    void rejectsLabelsOutsideTheClassRange() {
        assertThrows(IllegalArgumentException.class, () -> Classifier.train(train, 1, SMALL, 1));
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
