package nms.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST as installed by the Debian package {@code dataset-fashion-mnist}: 28x28 8-bit
 * images, 10 classes, 60,000 train and 10,000 test images.
 */
public final class FashionMnist {

    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Overrides {@link #DEFAULT_DIR}, e.g. for a copy outside the Debian package. */
    public static final String DIR_ENV = "NMS_FASHION_MNIST_DIR";
    public static final int PIXEL_WIDTH = 8;
    public static final int DIMS = 28 * 28;
    public static final int CLASSES = 10;

    private FashionMnist() {
    }

    /** The directory to read from: {@value #DIR_ENV} if set and non-blank, else {@link #DEFAULT_DIR}. */
    public static Path dir() {
        return dir(System.getenv(DIR_ENV));
    }

    static Path dir(String envValue) {
        return envValue == null || envValue.isBlank() ? DEFAULT_DIR : Path.of(envValue);
    }

    /** Loads split {@code train} or {@code test} from {@link #dir()}. */
    public static Images load(String split) {
        return load(dir(), split);
    }

    public static Images load(Path dir, String split) {
        String prefix = switch (split) {
            case "train" -> "train";
            case "test" -> "t10k";
            default -> throw new DatasetException("Fashion-MNIST split must be 'train' or 'test', got '"
                    + split + "'");
        };
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        for (Path file : new Path[] {images, labels}) {
            if (!Files.isRegularFile(file)) {
                throw new DatasetException(notFoundMessage(dir)
                        + (Files.isDirectory(dir) ? " (missing " + file.getFileName() + ")" : ""));
            }
        }
        Images loaded = IdxReader.read(images, labels, "fashion-mnist:" + split);
        if (loaded.dims() != DIMS) {
            throw new DatasetException(images + ": expected 28x28 images (" + DIMS + " pixels), got "
                    + loaded.dims() + " pixels per image");
        }
        int[] l = loaded.labels();
        for (int i = 0; i < l.length; i++) {
            if (l[i] >= CLASSES) {
                throw new DatasetException(labels + ": label " + l[i] + " of record " + i + " (byte offset " + (8 + i)
                        + " of the uncompressed data) is not one of the " + CLASSES + " classes 0-" + (CLASSES - 1));
            }
        }
        return loaded;
    }

    static String notFoundMessage(Path dir) {
        return "Fashion-MNIST not found at " + dir
                + ": install it with 'sudo apt-get install dataset-fashion-mnist'";
    }
}
