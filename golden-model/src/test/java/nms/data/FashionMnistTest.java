package nms.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on the real Debian-packaged files. If they are missing these tests fail (never skip) with
 * the apt-get command in the message, because a silently skipped dataset test proves nothing.
 */
class FashionMnistTest {

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Test
    void testSplitMatchesRawFiles() throws IOException {
        Images test = FashionMnist.load("test");
        assertEquals(10_000, test.rows());
        assertEquals(8, test.pixelWidth());
        assertEquals(784, test.dims());
        assertEquals("fashion-mnist:test", test.source());
        for (int c = 0; c < 10; c++) {
            assertEquals(1_000, test.indicesOfClass(c).length, "class " + c);
        }
        assertEquals(9_999, test.sourceIndex()[9_999]);

        // Independently of IdxReader: label 0 is byte 8 of the labels file, image 0 is bytes
        // 16..799 of the images file (IDX headers of 8 and 16 bytes).
        byte[] rawLabels = gunzip(FashionMnist.dir().resolve("t10k-labels-idx1-ubyte.gz"));
        byte[] rawImages = gunzip(FashionMnist.dir().resolve("t10k-images-idx3-ubyte.gz"));
        assertEquals(9, rawLabels[8] & 0xff, "the first test image is an ankle boot (class 9)");
        assertEquals(rawLabels[8] & 0xff, test.labels()[0]);
        byte[] firstImage = Arrays.copyOfRange(rawImages, 16, 16 + 784);
        byte[] loadedFirst = new byte[784];
        long sum = 0;
        for (int k = 0; k < 784; k++) {
            loadedFirst[k] = (byte) test.pixels()[0][k];
            sum += firstImage[k] & 0xff;
        }
        assertEquals(crc(firstImage), crc(loadedFirst));
        assertEquals(sum, Arrays.stream(test.pixels()[0]).sum());
        assertTrue(sum > 0, "the first image is not blank");
    }

    @Test
    void trainSplitHas60000Images() {
        long start = System.nanoTime();
        Images train = FashionMnist.load("train");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(60_000, train.rows());
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, train.indicesOfClass(c).length, "class " + c);
        }
        // A loose bound that still catches an unbuffered, byte-at-a-time reader (tens of seconds).
        assertTrue(millis < 10_000, "reading the train split took " + millis + " ms");
    }

    @Test
    void missingDirectorySaysHowToInstall(@TempDir Path tmp) {
        Path absent = tmp.resolve("nowhere");
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(absent, "test"));
        assertEquals("Fashion-MNIST not found at " + absent
                + ": install it with 'sudo apt-get install dataset-fashion-mnist'", e.getMessage());
    }

    @Test
    void missingFileSaysHowToInstallAndWhichFile(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(0, 28, 28)));
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(tmp, "test"));
        assertEquals("Fashion-MNIST not found at " + tmp
                + ": install it with 'sudo apt-get install dataset-fashion-mnist'"
                + " (missing t10k-labels-idx1-ubyte.gz)", e.getMessage());
    }

    @Test
    void readsAnOverriddenDirectory(@TempDir Path tmp) throws IOException {
        int[] pixels = new int[2 * 784];
        pixels[784] = 255;
        Files.write(tmp.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(2, 28, 28, pixels)));
        Files.write(tmp.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(4, 1)));
        Images train = FashionMnist.load(FashionMnist.dir(tmp.toString()), "train");
        assertEquals(2, train.rows());
        assertEquals(255, train.pixels()[1][0]);
        assertEquals(1, train.labels()[1]);
    }

    @Test
    void envOverrideOfTheDirectory() {
        assertEquals(FashionMnist.DEFAULT_DIR, FashionMnist.dir(null));
        assertEquals(FashionMnist.DEFAULT_DIR, FashionMnist.dir(" "));
        assertEquals(Path.of("/data/fm"), FashionMnist.dir("/data/fm"));
    }

    @Test
    void unknownSplit() {
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load("validation"));
        assertEquals("Fashion-MNIST split must be 'train' or 'test', got 'validation'", e.getMessage());
    }

    @Test
    void rejectsImagesThatAreNot28x28(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.images(1, 2, 2, 1, 2, 3, 4));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.labels(0));
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(tmp, "test"));
        assertTrue(e.getMessage().contains("expected 28x28 images (784 pixels), got 4"), e.getMessage());
    }
}
