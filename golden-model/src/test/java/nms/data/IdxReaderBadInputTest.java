package nms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: IDX files that were accepted although they are not what they claim. */
class IdxReaderBadInputTest {
    @TempDir
    Path dir;

    @Test
    void aFashionMnistLabelOutsideItsTenClassesIsRefusedWithTheRecord() throws Exception {
        int[] pixels = new int[2 * 28 * 28];
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(2, 28, 28, pixels)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(3, 200)));
        String m = assertThrows(DatasetException.class, () -> FashionMnist.load(dir, "test")).getMessage();
        assertTrue(m.contains("t10k-labels-idx1-ubyte.gz: label 200 of record 1 (byte offset 9")
                && m.contains("not one of the 10 classes 0-9"), m);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void gzipWithTrailingGarbageIsRefusedWithTheCompressedOffset() throws Exception {
        byte[] member = IdxFiles.gzip(IdxFiles.labels(3, 1, 4));
        Path file = dir.resolve("labels.gz");
        Files.write(file, concat(member, "garbage after the stream".getBytes()));
        String m = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file)).getMessage();
        assertTrue(m.startsWith(file + ": ") && m.contains("unexpected data after the gzip data at "
                + "compressed byte offset " + member.length), m);
    }

    @Test
    void gzipWithAFewTrailingZeroBytesIsRefusedToo() throws Exception {
        // The JDK's GZIPInputStream drops short tails without a word; a reader must not.
        Path file = dir.resolve("labels.gz");
        byte[] member = IdxFiles.gzip(IdxFiles.labels(3, 1));
        Files.write(file, concat(member, new byte[3]));
        String m = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file)).getMessage();
        assertTrue(m.contains("compressed byte offset " + member.length), m);
    }

    @Test
    void gzipOfSeveralMembersIsOneFileAsRfc1952Says() throws Exception {
        byte[] plain = IdxFiles.labels(3, 1, 4, 1, 5);
        byte[] first = IdxFiles.gzip(Arrays.copyOf(plain, 7));
        byte[] second = IdxFiles.gzip(Arrays.copyOfRange(plain, 7, plain.length));
        Path file = dir.resolve("labels.gz");
        Files.write(file, concat(first, second));
        assertArrayEquals(new int[] {3, 1, 4, 1, 5}, IdxReader.readLabels(file));
    }

    @Test
    void gzipWhoseDataDisagreesWithItsCrcIsRefused() throws Exception {
        byte[] member = IdxFiles.gzip(IdxFiles.labels(3, 1, 4));
        member[member.length - 8] ^= 0x01; // first byte of the stored CRC-32
        Path file = dir.resolve("labels.gz");
        Files.write(file, member);
        String m = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file)).getMessage();
        assertTrue(m.startsWith(file + ": ") && m.contains("CRC-32 mismatch"), m);
    }

    @Test
    void gzipWhoseStoredLengthIsWrongIsRefused() throws Exception {
        byte[] member = IdxFiles.gzip(IdxFiles.labels(3, 1, 4));
        member[member.length - 4] ^= 0x01;
        Path file = dir.resolve("labels.gz");
        Files.write(file, member);
        String m = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file)).getMessage();
        assertTrue(m.contains("length mismatch"), m);
    }

    @Test
    void gzipCutInsideItsTrailerIsATruncation() throws Exception {
        byte[] member = IdxFiles.gzip(IdxFiles.labels(3, 1, 4));
        Path file = dir.resolve("labels.gz");
        Files.write(file, Arrays.copyOf(member, member.length - 3));
        String m = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file)).getMessage();
        assertTrue(m.startsWith(file + ": ") && m.contains("ends inside its 8-byte trailer"), m);
    }
}
