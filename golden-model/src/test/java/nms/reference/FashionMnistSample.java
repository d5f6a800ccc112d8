package nms.reference;

import java.util.Arrays;
import nms.data.FashionMnist;
import nms.data.Images;

/**
 * Real rows for the reference tests, through the project's own reader: a missing dataset fails
 * the test with the apt-get command instead of skipping it.
 */
final class FashionMnistSample {
    private static Images train;

    private FashionMnistSample() {
    }

    /** The first {@code count} training images whose label is {@code label}, as 784 pixels each. */
    static synchronized int[][] firstOfClass(int label, int count) {
        if (train == null) {
            train = FashionMnist.load("train");
        }
        int[] rows = Arrays.copyOf(train.indicesOfClass(label), count);
        return train.select(rows).pixels();
    }
}
