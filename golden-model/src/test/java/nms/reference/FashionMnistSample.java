package nms.reference;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Assumptions;

/**
 * A minimal private IDX reader for tests, so these tests do not depend on the project's dataset
 * reader. Reads the first rows of one class from the Fashion-MNIST training set.
 */
final class FashionMnistSample {

    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int IMAGE_MAGIC = 0x00000803;
    private static final int LABEL_MAGIC = 0x00000801;

    private FashionMnistSample() {
    }

    /** Skips the calling test when the Debian package dataset-fashion-mnist is not installed. */
    static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isReadable(DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed under " + DIR);
    }

    /** The first {@code count} training images whose label is {@code label}, as 784 pixels each. */
    static int[][] firstOfClass(int label, int count) throws IOException {
        assumeAvailable();
        try (DataInputStream images = open("train-images-idx3-ubyte.gz");
             DataInputStream labels = open("train-labels-idx1-ubyte.gz")) {
            if (images.readInt() != IMAGE_MAGIC || labels.readInt() != LABEL_MAGIC) {
                throw new IOException("not IDX image/label files");
            }
            int n = images.readInt();
            if (labels.readInt() != n) {
                throw new IOException("image and label counts differ");
            }
            int dims = images.readInt() * images.readInt();
            int[][] out = new int[count][];
            byte[] buffer = new byte[dims];
            int found = 0;
            for (int r = 0; r < n && found < count; r++) {
                images.readFully(buffer);
                if (labels.readUnsignedByte() == label) {
                    int[] row = new int[dims];
                    for (int k = 0; k < dims; k++) {
                        row[k] = buffer[k] & 0xff;
                    }
                    out[found++] = row;
                }
            }
            if (found < count) {
                throw new IOException("only " + found + " images of class " + label);
            }
            return out;
        }
    }

    private static DataInputStream open(String name) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(DIR.resolve(name)), 1 << 16);
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
