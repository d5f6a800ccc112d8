package nms.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance run of {@code nms golden} on real Fashion-MNIST, plus its failure modes. */
class GoldenCommandTest {
    @TempDir
    Path dir;

    static Map<String, String> summary(Path out) throws Exception {
        return Files.readAllLines(out.resolve("summary.csv")).stream().skip(1)
                .map(l -> l.split(",", 2)).collect(Collectors.toMap(a -> a[0], a -> a[1]));
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void fashionMnistTestSplitHundredPerClassMeetsFidelityAndIsDeterministic() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String[] args = {"golden", "--dataset", "fashion-mnist", "--split", "test", "--per-class", "100"};
        assertEquals(0, Main.run(concat(args, "--out", a.toString())));
        assertEquals(0, Main.run(concat(args, "--out", b.toString())));

        Map<String, String> s = summary(a);
        assertEquals("1000", s.get("images"));
        double l1 = Double.parseDouble(s.get("p_l1_error"));
        assertTrue(l1 > 0 && l1 <= 1e-3, "p_l1_error " + l1);
        int plain = Integer.parseInt(s.get("rows_outside_tolerance_plain"));
        int robust = Integer.parseInt(s.get("rows_outside_tolerance_robust"));
        assertTrue(robust <= plain, "robust " + robust + " > plain " + plain);
        for (String k : List.of("p_max_rel_error", "config_hash", "seconds", "vectors")) {
            assertTrue(s.containsKey(k), k);
        }

        List<Path> vectors = files(a.resolve("vectors"));
        assertEquals(List.of("nms_affinity.csv", "nms_distance.csv", "nms_divider.csv",
                "nms_engine.csv", "nms_exp2.csv", "nms_knn.csv", "nms_log2.csv", "nms_perplexity.csv"),
                vectors.stream().map(Path::toString).toList());
        for (Path v : vectors) {
            assertArrayEquals(Files.readAllBytes(a.resolve("vectors").resolve(v)),
                    Files.readAllBytes(b.resolve("vectors").resolve(v)), v + " differs between runs");
        }
        String head = Files.readString(a.resolve("vectors/nms_distance.csv")).lines().limit(8)
                .collect(Collectors.joining("\n"));
        assertTrue(head.contains("# unit: nms_distance") && head.contains("# config_hash: " + s.get("config_hash"))
                && head.contains("# generator: nms ") && head.contains("a_i,b_i,dist_o"), head);
    }

    @Test
    void oneClassOnlyRuns() throws Exception {
        Path out = dir.resolve("one");
        assertEquals(0, Main.run("golden", "--classes", "3", "--per-class", "40", "--out", out.toString()));
        assertEquals("1", summary(out).get("classes"));
    }

    @Test
    void badConfigFailsWithTheFieldAndLeavesNothing() throws Exception {
        Path out = dir.resolve("bad");
        assertEquals(2, Main.run("golden", "--set", "lanes=0", "--out", out.toString()));
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "partial output left behind");
        }
    }

    @Test
    void malformedCsvFailsNamingTheLineAndLeavesNothing() throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "0,1,2,3\n1,4,5\n");
        Path out = dir.resolve("csvout");
        assertEquals(2, Main.run("golden", "--dataset", "csv:" + csv, "--set", "dims=3",
                "--set", "lanes=1", "--out", out.toString()));
        assertFalse(Files.exists(out));
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
