package nms.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: CSV files that were accepted although they do not say what they seem to. */
class CsvImagesBadInputTest {
    @TempDir
    Path dir;

    private String refused(String text) throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, text);
        return assertThrows(DatasetException.class, () -> CsvImages.read(f, 8, CsvImages.HeaderMode.AUTO)).getMessage();
    }

    @Test
    void aHeaderNamingFewerOrMoreColumnsThanTheRowsIsRefused() throws Exception {
        String m = refused("label,p1\n0,1,2\n1,3,4\n");
        assertTrue(m.contains("x.csv: line 2: 3 columns, but the header on line 1 names 2"), m);
        m = refused("label,p1,p2,p3\n0,1,2\n");
        assertTrue(m.contains("line 2: 3 columns, but the header on line 1 names 4"), m);
    }

    @Test
    void digitsOfOtherScriptsAreRefusedWithLineAndColumn() throws Exception {
        String m = refused("0,1,2\n1,\u0663,4\n");
        assertTrue(m.contains("x.csv: line 2: pixel column 2 is not an integer: '\u0663'"), m);
        m = refused("0,1,2\n\uff11,3,4\n");
        assertTrue(m.contains("line 2: label column 1 is not an integer"), m);
    }
}
