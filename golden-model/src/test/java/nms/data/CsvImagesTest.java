package nms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nms.data.CsvImages.HeaderMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImagesTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    private String failure(String text, int pixelWidth, HeaderMode mode) throws IOException {
        Path file = write(text);
        DatasetException e = assertThrows(DatasetException.class, () -> CsvImages.read(file, pixelWidth, mode));
        return e.getMessage().replace(file.toString(), "FILE");
    }

    @Test
    void readsWithHeader() throws IOException {
        Path file = write("label,p0,p1,p2\n3,0,1,255\n0,9,8,7\n");
        Images images = CsvImages.read(file, 8, HeaderMode.AUTO);
        assertEquals("csv:" + file, images.source());
        assertEquals(8, images.pixelWidth());
        assertEquals(3, images.dims());
        assertArrayEquals(new int[] {3, 0}, images.labels());
        assertArrayEquals(new int[] {0, 1}, images.sourceIndex());
        assertArrayEquals(new int[] {0, 1, 255}, images.pixels()[0]);
        assertArrayEquals(new int[] {9, 8, 7}, images.pixels()[1]);
        assertArrayEquals(images.pixels()[1], CsvImages.read(file, 8, HeaderMode.YES).pixels()[1]);
    }

    @Test
    void readsWithoutHeaderAndWithoutFinalNewline() throws IOException {
        Path file = write("3,0,1,15\r\n0, 9, 8, 7");
        for (HeaderMode mode : new HeaderMode[] {HeaderMode.AUTO, HeaderMode.NO}) {
            Images images = CsvImages.read(file, 4, mode);
            assertArrayEquals(new int[] {3, 0}, images.labels());
            assertArrayEquals(new int[] {0, 1, 15}, images.pixels()[0]);
            assertArrayEquals(new int[] {9, 8, 7}, images.pixels()[1]);
        }
    }

    @Test
    void headerYesTreatsANumericFirstRecordAsHeader() throws IOException {
        Images images = CsvImages.read(write("1,2,3\n4,5,6\n"), 8, HeaderMode.YES);
        assertEquals(1, images.rows());
        assertArrayEquals(new int[] {5, 6}, images.pixels()[0]);
    }

    @Test
    void headerNoMakesAHeaderANonNumericCell() throws IOException {
        assertEquals("FILE: line 1: label column 1 is not an integer: 'label'",
                failure("label,p0\n1,2\n", 8, HeaderMode.NO));
    }

    @Test
    void raggedRowSaysGotAndExpected() throws IOException {
        assertEquals("FILE: line 4: ragged row: got 3 columns, expected 4 (as in the first data record on line 2)",
                failure("label,a,b,c\n1,2,3,4\n5,6,7,8\n9,10,11\n", 8, HeaderMode.AUTO));
    }

    @Test
    void nonNumericCellNamesTheColumn() throws IOException {
        assertEquals("FILE: line 3: pixel column 3 ('b') is not an integer: 'x'",
                failure("label,a,b\n1,2,3\n1,2,x\n", 8, HeaderMode.AUTO));
        assertEquals("FILE: line 2: pixel column 2 is not an integer: '2.5'",
                failure("1,2\n1,2.5\n", 8, HeaderMode.AUTO));
    }

    @Test
    void pixelOutOfRangeSaysValueAndRange() throws IOException {
        assertEquals("FILE: line 2: pixel column 3 value 16 is outside [0, 15] for pixel width 4",
                failure("0,1,2\n0,1,16\n", 4, HeaderMode.NO));
        assertEquals("FILE: line 1: pixel column 2 value -1 is outside [0, 255] for pixel width 8",
                failure("0,-1,2\n", 8, HeaderMode.NO));
    }

    @Test
    void negativeLabel() throws IOException {
        assertEquals("FILE: line 3: negative label -2", failure("label,p\n0,1\n-2,1\n", 8, HeaderMode.AUTO));
    }

    @Test
    void emptyFileAndHeaderOnly() throws IOException {
        assertEquals("FILE: no data rows (empty file)", failure("", 8, HeaderMode.AUTO));
        assertEquals("FILE: no data rows (empty file)", failure("\n\n", 8, HeaderMode.AUTO));
        assertEquals("FILE: no data rows after the header on line 1", failure("label,p0\n", 8, HeaderMode.AUTO));
    }

    @Test
    void labelWithoutPixels() throws IOException {
        assertEquals("FILE: line 1: got 1 column, expected a label column and at least one pixel column",
                failure("1\n2\n", 8, HeaderMode.AUTO));
    }

    @Test
    void reportsFileLinesNotRecordNumbers() throws IOException {
        // The quoted header cell spans lines 1-2 and line 4 is blank, so the fourth line-counted
        // record is record 3 (counting the header) but sits on line 5.
        String text = "label,\"pixel\nzero\",p1\n1,2,3\n\n4,5\n";
        assertEquals("FILE: line 5: ragged row: got 2 columns, expected 3 (as in the first data record on line 3)",
                failure(text, 8, HeaderMode.AUTO));
        Images ok = CsvImages.read(write("label,\"pixel\nzero\"\n1,2\n\n3,4\n"), 8, HeaderMode.AUTO);
        assertArrayEquals(new int[] {1, 3}, ok.labels());
        assertArrayEquals(new int[] {0, 1}, ok.sourceIndex());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.csv");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvImages.read(file, 8, HeaderMode.AUTO));
        assertEquals(file + ": no such file", e.getMessage());
    }
}
