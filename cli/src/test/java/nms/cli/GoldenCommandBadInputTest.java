package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: {@code nms golden} inputs that crashed or passed silently, as a user meets them. */
class GoldenCommandBadInputTest {
    @TempDir
    Path dir;

    Path csv(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void vectorsPerUnitBelowOneIsRefusedByName() throws Exception {
        Path data = csv("d.csv", "0,1,2\n0,2,3\n1,3,1\n1,0,0\n");
        for (String n : new String[] {"0", "-3"}) {
            OutputSafetyTest.Run r = OutputSafetyTest.run("golden", "--dataset", "csv:" + data, "--per-class", "0",
                    "--set", "dims=2", "--set", "lanes=1", "--set", "perplexity=1", "--vectors-per-unit", n,
                    "--out", dir.resolve("out").toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("--vectors-per-unit must be at least 1, got " + n), r.err());
            assertFalse(Files.exists(dir.resolve("out")));
        }
    }

    @Test
    void aOneRowClassNamesTheClassAndTheFile() throws Exception {
        Path data = csv("one.csv", "0,1,2\n0,2,3\n7,3,1\n");
        OutputSafetyTest.Run r = OutputSafetyTest.run("golden", "--dataset", "csv:" + data, "--per-class", "0",
                "--set", "dims=2", "--set", "lanes=1", "--set", "perplexity=1", "--out", dir.resolve("out").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(data + " per_class=all classes=all: class 7 has 1 row"), r.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    /** Decided: a warning, not a refusal; the vectors still test the hardware bit for bit. */
    @Test
    void aClassTooSmallForThePerplexityIsWarnedWithTheReachableMaximum() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            rows.append("3,").append(i).append(',').append(9 - i).append('\n');
        }
        Path data = csv("small.csv", rows.toString());
        OutputSafetyTest.Run r = OutputSafetyTest.run("golden", "--dataset", "csv:" + data, "--per-class", "0",
                "--set", "dims=2", "--set", "lanes=1", "--out", dir.resolve("out").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: class 3 of csv:" + data) && r.err().contains("has 10 rows, so perplexity 30"
                + " cannot be reached (at most 9 = rows - 1)"), r.err());
    }
}
