package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counting of {@code sim-scripts/regress.sh --long} (issue 18, point 4), on the hand-written
 * nms_exp2 fixture instead of the million transactions: one clean configuration, one whose
 * vectors carry a wrong output, one whose RTL fires an assertion in the emitted message format
 * (fixtures/rtl-assert), run through {@code nms regress --long}. The run must exit 1, and
 * regress.csv, regress-units.csv and summary.csv must put each mismatch and each assertion
 * failure where it happened.
 */
class RegressLongTest {
    static final String UNIT = "nms_exp2";

    @TempDir
    Path dir;

    @Test
    void longModeCountsMismatchesAndAssertionFailuresAndFails() throws Exception {
        for (String tool : List.of("verilator", "iverilog", "g++", "make")) {
            EngineVerilatorTest.require(tool);
        }
        Path fx = SimScripts.home().resolve("verilator-tb/tests/fixtures");
        Path good = fx.resolve("vectors");
        // Vector 3 (t_i = e10) gets a wrong a_o: exactly one mismatch per run that replays it.
        Path bad = Files.createDirectories(dir.resolve("bad-vectors"));
        List<String> lines = Files.readAllLines(good.resolve(UNIT + ".csv"));
        int data = -1;
        int vectors = 0;
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (!l.startsWith("#") && data++ >= 0) {
                vectors++;
                if (data == 4) {
                    l = l.substring(0, l.indexOf(',') + 1) + "000";
                }
            }
            out.add(l);
        }
        assertTrue(!out.equals(lines), "the corruption changed the file");
        Files.write(bad.resolve(UNIT + ".csv"), out);

        Path configs = dir.resolve("configs.txt");
        Files.writeString(configs, "good: @dirs " + fx.resolve("rtl") + " " + good + "\n"
                + "badvec: @dirs " + fx.resolve("rtl") + " " + bad + "\n"
                + "asserts: @dirs " + fx.resolve("rtl-assert") + " " + good + "\n");
        Path root = dir.resolve("out");
        // Through the cli (OutputDir, summary.csv) into sim-scripts/regress.sh --long. --stress 0:
        // a plain and an Icarus run per configuration keep the test to three builds.
        assertEquals(1, Main.run("regress", "--configs", configs.toString(), "--long", "--units", UNIT,
                "--stress", "0", "--out", root.toString()));
        assertTrue(Files.isRegularFile(root.resolve(OutputDir.MARKER)), "a failed regression is kept");

        Map<String, String[]> runs = rows(root.resolve("regress.csv"), 3);
        // config,unit,run,vectors,mismatches,assertion_failures,seconds,...,status
        assertRun(runs, "good", "plain", vectors, 0, 0, "pass");
        assertRun(runs, "good", "icarus", vectors, 0, 0, "pass");
        assertRun(runs, "badvec", "plain", vectors, 1, 0, "fail:exit1");
        assertRun(runs, "badvec", "icarus", vectors, 1, 0, "fail:exit1");
        // The assertion stops the simulation: no result, one assertion failure, a failed run.
        assertEquals(1, Integer.parseInt(runs.get("asserts/" + UNIT + "/plain")[5]));
        assertTrue(runs.get("asserts/" + UNIT + "/plain")[10].startsWith("fail"));
        assertEquals(1, Integer.parseInt(runs.get("asserts/" + UNIT + "/icarus")[5]));
        String log = Files.readString(root.resolve("asserts/" + UNIT + "/plain/" + UNIT + ".log"));
        assertTrue(log.contains("ASSERTION FAILED nms_exp2.no_b5d cycle=2 "), log);

        Map<String, String[]> units = rows(root.resolve("regress-units.csv"), 2);
        // config,unit,transactions,icarus_transactions,mismatches,assertion_failures,seconds,status
        assertEquals(List.of("" + vectors, "" + vectors, "0", "0", "pass"), pick(units.get("good/" + UNIT)));
        assertEquals(List.of("" + vectors, "" + vectors, "2", "0", "fail"), pick(units.get("badvec/" + UNIT)));
        assertEquals(List.of("0", "0", "0", "2", "fail"), pick(units.get("asserts/" + UNIT)));
        assertEquals(List.of("" + 2 * vectors, "" + 2 * vectors, "2", "2", "fail"), pick(units.get("TOTAL/")));

        Map<String, String> summary = new HashMap<>();
        rows(root.resolve("summary.csv"), 1).forEach((k, v) -> summary.put(k, v[1]));
        assertEquals("long", summary.get("mode"));
        assertEquals("3", summary.get("configurations"));
        assertEquals("6", summary.get("runs"));
        assertEquals("4", summary.get("runs_failed"));
        assertEquals("" + 2 * vectors, summary.get("transactions_total"));
        assertEquals("2", summary.get("mismatches_total"));
        assertEquals("2", summary.get("assertion_failures_total"));
    }

    static void assertRun(Map<String, String[]> runs, String config, String run, int vectors,
                          int mismatches, int asserts, String status) {
        String[] row = runs.get(config + "/" + UNIT + "/" + run);
        assertTrue(row != null, config + " " + run + ": no row in " + runs.keySet());
        String where = config + " " + run + ": " + String.join(",", row);
        assertEquals("" + vectors, row[3], where);
        assertEquals("" + mismatches, row[4], where);
        assertEquals("" + asserts, row[5], where);
        assertEquals(status, row[10], where);
    }

    /** transactions, icarus_transactions, mismatches, assertion_failures, status. */
    static List<String> pick(String[] row) {
        assertTrue(row != null, "no such row");
        return List.of(row[2], row[3], row[4], row[5], row[7]);
    }

    /** Data rows keyed by their first {@code keys} columns joined with '/'. */
    static Map<String, String[]> rows(Path csv, int keys) throws Exception {
        Map<String, String[]> m = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",", -1);
            m.put(String.join("/", List.of(c).subList(0, keys)), c);
        }
        return m;
    }
}
