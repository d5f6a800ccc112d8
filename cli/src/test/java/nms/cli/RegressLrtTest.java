package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code @lrt} entry of the regression (issue 14 point 3): {@code nms regress} on one layer's
 * real-training vectors counts the LRT units' transactions, mismatches and assertion failures as
 * the DE-SNE units'; the same RTL with one mutated output cell fails the regression.
 */
class RegressLrtTest {
    @TempDir
    Path dir;

    @Test
    void lrtEntryCountsTransactionsAndAMutatedVectorFails() throws Exception {
        for (String tool : List.of("verilator", "g++", "make")) {
            EngineVerilatorTest.require(tool);
        }
        Path configs = dir.resolve("configs.txt");
        Files.writeString(configs, "lrt_s: @lrt=conv1 lrt_rank=2\n");
        Path root = dir.resolve("out");
        assertEquals(0, Main.run("regress", "--configs", configs.toString(), "--stress", "0.2", "--out",
                root.toString()));
        Map<String, String[]> units = RegressLongTest.rows(root.resolve("regress-units.csv"), 2);
        Path layer = root.resolve("lrt_s/lrt/conv1");
        Map<String, String> lrt = summary(root.resolve("lrt_s/lrt/summary.csv"));
        long samples = Long.parseLong(lrt.get("conv1_samples"));
        long cells = Long.parseLong(lrt.get("conv1_write_cells"));
        assertEquals(300, samples, "the short regression's pairs per layer");
        assertTrue(cells >= 2 * 9 * 16, "a whole write attempt: " + cells);
        // config,unit,transactions,icarus_transactions,mismatches,assertion_failures,seconds,status
        assertEquals(List.of("" + 2 * samples, "0", "0", "0", "pass"),
                RegressLongTest.pick(units.get("lrt_s_conv1/nms_lrt_project")), "plain + stressed samples");
        assertEquals(List.of("" + 2 * cells, "0", "0", "0", "pass"),
                RegressLongTest.pick(units.get("lrt_s_conv1/nms_lrt_write")));
        assertEquals(3, units.size(), "two LRT units and TOTAL only: " + units.keySet());
        Map<String, String> s = summary(root.resolve("summary.csv"));
        assertEquals("" + 2 * (samples + cells), s.get("lrt_transactions_total"));
        assertEquals("" + (samples + cells), s.get("lrt_transactions_clean"));
        assertEquals("0", s.get("lrt_mismatches_total"));
        assertEquals("0", s.get("lrt_assertion_failures_total"));

        Path bad = Files.createDirectories(dir.resolve("bad"));
        try (Stream<Path> files = Files.list(layer.resolve("vectors"))) {
            for (Path f : files.toList()) {
                Files.copy(f, bad.resolve(f.getFileName()));
            }
        }
        LrtVerilatorTest.mutate(bad.resolve("nms_lrt_project.csv"), 7, "nu_o");
        Path configs2 = dir.resolve("configs2.txt");
        Files.writeString(configs2, "mutated: @dirs " + layer.resolve("rtl") + " " + bad + "\n");
        Path root2 = dir.resolve("out2");
        assertEquals(1, Main.run("regress", "--configs", configs2.toString(), "--stress", "0", "--units",
                LrtCommand.UNITS, "--out", root2.toString()));
        Map<String, String[]> units2 = RegressLongTest.rows(root2.resolve("regress-units.csv"), 2);
        assertEquals("fail", units2.get("mutated/nms_lrt_project")[7]);
        assertNotEquals("0", units2.get("mutated/nms_lrt_project")[4], "the mutated sample mismatches");
        assertEquals("pass", units2.get("mutated/nms_lrt_write")[7]);
        assertNotEquals("0", summary(root2.resolve("summary.csv")).get("lrt_mismatches_total"));
    }

    private static Map<String, String> summary(Path csv) throws Exception {
        Map<String, String> m = new HashMap<>();
        RegressLongTest.rows(csv, 1).forEach((k, v) -> m.put(k, v[1]));
        return m;
    }
}
