package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed reference set {@code test-vectors/fashion-mnist-default} is what the golden model
 * writes today, byte for byte (its README has the command): an unintended change to the integer
 * arithmetic, a ROM or the vector format fails here, naming the file and line.
 */
class GoldenReferenceVectorsTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedReferenceVectorsAreRegeneratedByteForByte() throws Exception {
        Path reference = SimScripts.home().resolve("test-vectors/fashion-mnist-default");
        Path out = dir.resolve("golden");
        assertEquals(0, Main.run("golden", "--classes", "0,1", "--per-class", "40", "--vectors-per-unit", "60",
                "--out", out.toString()));
        List<Path> files;
        try (Stream<Path> s = Files.list(reference)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        List<String> written;
        try (Stream<Path> s = Files.list(out.resolve("vectors"))) {
            written = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList();
        }
        // One reference file per unit the golden model writes vectors for, no more, no fewer.
        assertEquals(written, files.stream().map(p -> p.getFileName().toString()).toList(),
                "reference files in " + reference);
        for (Path expected : files) {
            Path got = out.resolve("vectors").resolve(expected.getFileName());
            List<String> want = Files.readAllLines(expected);
            List<String> have = Files.readAllLines(got);
            for (int n = 0; n < Math.min(want.size(), have.size()); n++) {
                if (!want.get(n).equals(have.get(n))) {
                    fail(expected + ":" + (n + 1) + " differs from what the golden model writes now: expected '"
                            + abbreviate(want.get(n)) + "', got '" + abbreviate(have.get(n))
                            + "' (regenerate as test-vectors/README.md says if the change is intended)");
                }
            }
            assertEquals(want.size(), have.size(), expected + ": line count");
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
