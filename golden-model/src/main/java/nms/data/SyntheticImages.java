package nms.data;

import java.util.SplittableRandom;

/**
 * Seeded synthetic images for tests and demos without a dataset: each class has a random
 * prototype image and its rows are the prototype plus bounded uniform noise, clamped to the
 * pixel range. Classes are therefore well separated, yet no two rows need be identical.
 * Deterministic: the same arguments always give identical {@link Images}.
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    /**
     * {@code classes * perClass} rows ordered by class (labels 0..classes-1); sourceIndex is the
     * row index. Noise is uniform in [-a, a] with a = max(1, (2^pixelWidth - 1) / 8).
     */
    public static Images generate(long seed, int classes, int perClass, int pixelWidth, int dims) {
        if (classes < 1 || perClass < 1) {
            throw new IllegalArgumentException("classes and perClass must be >= 1, got " + classes
                    + " and " + perClass);
        }
        if (pixelWidth < 1 || pixelWidth > 16 || dims < 1) {
            throw new IllegalArgumentException("pixelWidth must be 1..16 and dims >= 1, got "
                    + pixelWidth + " and " + dims);
        }
        int maxPixel = (1 << pixelWidth) - 1;
        int noise = Math.max(1, maxPixel / 8);
        SplittableRandom random = new SplittableRandom(seed);
        int[][] prototypes = new int[classes][dims];
        for (int[] prototype : prototypes) {
            for (int k = 0; k < dims; k++) {
                prototype[k] = random.nextInt(maxPixel + 1);
            }
        }
        int rows = classes * perClass;
        int[] labels = new int[rows];
        int[] sourceIndex = new int[rows];
        int[][] pixels = new int[rows][dims];
        for (int i = 0; i < rows; i++) {
            labels[i] = i / perClass;
            sourceIndex[i] = i;
            int[] prototype = prototypes[labels[i]];
            for (int k = 0; k < dims; k++) {
                int value = prototype[k] + random.nextInt(-noise, noise + 1);
                pixels[i][k] = Math.max(0, Math.min(maxPixel, value));
            }
        }
        String source = "synthetic(seed=" + seed + ",classes=" + classes + ",per_class=" + perClass + ")";
        return new Images(source, pixelWidth, dims, labels, sourceIndex, pixels);
    }
}
