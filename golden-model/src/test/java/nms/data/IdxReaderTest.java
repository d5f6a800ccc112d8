package nms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    // Two 2x3 images; 255 and 128 check that bytes are read unsigned.
    private static final byte[] IMAGES = IdxFiles.images(2, 2, 3, 0, 1, 2, 3, 4, 255, 128, 7, 8, 9, 10, 11);
    private static final byte[] LABELS = IdxFiles.labels(9, 200);

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void assertExactContent(Images images) {
        assertEquals(8, images.pixelWidth());
        assertEquals(6, images.dims());
        assertArrayEquals(new int[] {9, 200}, images.labels());
        assertArrayEquals(new int[] {0, 1}, images.sourceIndex());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 255}, images.pixels()[0]);
        assertArrayEquals(new int[] {128, 7, 8, 9, 10, 11}, images.pixels()[1]);
    }

    @Test
    void readsPlainFiles() throws IOException {
        assertExactContent(IdxReader.read(write("i.idx", IMAGES), write("l.idx", LABELS), "t"));
        IdxReader.ImageFile file = IdxReader.readImages(dir.resolve("i.idx"));
        assertEquals(2, file.rows());
        assertEquals(3, file.cols());
        assertEquals(2, file.count());
    }

    @Test
    void readsGzipFiles() throws IOException {
        assertExactContent(IdxReader.read(write("i.gz", IdxFiles.gzip(IMAGES)),
                write("l.gz", IdxFiles.gzip(LABELS)), "t"));
    }

    @Test
    void detectsCompressionByContentNotName() throws IOException {
        assertExactContent(IdxReader.read(write("plain-named.gz", IMAGES),
                write("gzip-named.idx", IdxFiles.gzip(LABELS)), "t"));
    }

    @Test
    void readsEmptyLabelFile() throws IOException {
        assertEquals(0, IdxReader.readLabels(write("l.idx", IdxFiles.labels())).length);
    }

    @Test
    void wrongMagicSaysExpectedAndGotInHex() throws IOException {
        Path labelsAsImages = write("labels-as-images.idx", LABELS);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(labelsAsImages));
        assertEquals(labelsAsImages + ": wrong magic at byte offset 0: expected 0x00000803, got 0x00000801",
                e.getMessage());

        Path imagesAsLabels = write("images-as-labels.gz", IdxFiles.gzip(IMAGES));
        e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(imagesAsLabels));
        assertTrue(e.getMessage().contains("expected 0x00000801, got 0x00000803"), e.getMessage());
        assertTrue(e.getMessage().startsWith(imagesAsLabels.toString()), e.getMessage());
    }

    @Test
    void truncatedImageRecordNamesRecordAndBytes() throws IOException {
        // Header says 2 images of 6 bytes; the second has only 4.
        Path plain = write("short.idx", Arrays.copyOf(IMAGES, IMAGES.length - 2));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(plain));
        assertEquals(plain + ": truncated at image 1 (byte offset 22 of the uncompressed data): "
                + "expected 6 bytes, present 4", e.getMessage());

        Path gzip = write("short.gz", IdxFiles.gzip(Arrays.copyOf(IMAGES, IMAGES.length - 2)));
        e = assertThrows(DatasetException.class, () -> IdxReader.readImages(gzip));
        assertTrue(e.getMessage().startsWith(gzip + ": truncated at image 1 "), e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsReportedAsTruncation() throws IOException {
        // Random pixels so that half of the compressed file is about half of the images.
        int[] pixels = new java.util.SplittableRandom(1).ints(100 * 100, 0, 256).toArray();
        byte[] big = IdxFiles.images(100, 10, 10, pixels);
        byte[] gz = IdxFiles.gzip(big);
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().startsWith(cut + ": truncated at image "), e.getMessage());
        assertTrue(e.getMessage().contains("expected 100 bytes, present "), e.getMessage());
    }

    @Test
    void corruptHugeCountIsATruncationNotAnOutOfMemoryError() throws IOException {
        Path images = write("huge-images.idx", IdxFiles.idx(IdxReader.IMAGES_MAGIC,
                new int[] {Integer.MAX_VALUE, 1, 2}, new int[] {1, 2}));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(images));
        assertEquals(images + ": truncated at image 1 (byte offset 18 of the uncompressed data): "
                + "expected 2 bytes, present 0", e.getMessage());

        Path labels = write("huge-labels.idx", IdxFiles.idx(IdxReader.LABELS_MAGIC,
                new int[] {Integer.MAX_VALUE}, new int[] {1, 2}));
        e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(labels));
        assertEquals(labels + ": truncated at label 2 (byte offset 10 of the uncompressed data): "
                + "expected 2147483647 label bytes, present 2", e.getMessage());
    }

    @Test
    void truncatedHeader() throws IOException {
        Path file = write("header.idx", Arrays.copyOf(IMAGES, 10));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": header truncated: expected 16 bytes, present 10", e.getMessage());
    }

    @Test
    void truncatedLabels() throws IOException {
        byte[] labels = IdxFiles.labels(1, 2, 3, 4, 5);
        Path file = write("labels.idx", Arrays.copyOf(labels, labels.length - 2));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file));
        assertEquals(file + ": truncated at label 3 (byte offset 11 of the uncompressed data): "
                + "expected 5 label bytes, present 3", e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path images = write("i.idx", IMAGES);
        Path labels = write("l.idx", IdxFiles.labels(1, 2, 3));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, "t"));
        assertEquals("image/label count mismatch: " + images + " has 2 images but " + labels
                + " has 3 labels", e.getMessage());
    }

    @Test
    void trailingDataIsAnError() throws IOException {
        byte[] longer = Arrays.copyOf(IMAGES, IMAGES.length + 3);
        Path file = write("long.gz", IdxFiles.gzip(longer));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": unexpected data after the last record at byte offset 28 of the "
                + "uncompressed data", e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.gz");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void invalidImageSizeInHeader() throws IOException {
        Path file = write("zero.idx", IdxFiles.images(1, 0, 3));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": invalid image size 0 x 3 in the header", e.getMessage());
    }
}
