package nms.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
