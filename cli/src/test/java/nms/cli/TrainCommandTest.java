package nms.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nms.io.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nms train} on a tiny stream: the rows, their consistency, same bytes twice, bad options refused. */
class TrainCommandTest {
    @TempDir
    Path dir;

    static final List<String> METHODS = List.of("sgd", "lrt", "lrt_biased", "bias_only", "inference");

    @Test
    void everyMethodsRowsAreThereConsistentAndTheSameTwice() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String[] run = {"train", "--scenario", "bitflip", "--samples", "40", "--pretrain", "60", "--seed", "3"};
        assertEquals(0, Main.run(SelectCommandTest.concat(run, "--out", a.toString())));
        assertEquals(0, Main.run(SelectCommandTest.concat(run, "--out", b.toString())));
        for (String f : List.of("accuracy.png", "writes_histogram.png", "report.md")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        List<String> rowsA = Files.readAllLines(a.resolve("summary.csv"));
        List<String> rowsB = Files.readAllLines(b.resolve("summary.csv"));
        assertTrue(rowsA.get(rowsA.size() - 1).startsWith("seconds,"), "seconds is the last row");
        assertEquals(rowsA.subList(0, rowsA.size() - 1), rowsB.subList(0, rowsB.size() - 1));

        Map<String, String> s = Summary.read(a.resolve("summary.csv")).rows();
        assertEquals("40", s.get("online_samples"));
        String report = Files.readString(a.resolve("report.md"));
        for (String m : METHODS) {
            for (String row : List.of("accuracy_final_", "accuracy_mean_", "max_writes_per_cell_",
                    "max_writes_per_cell_per_sample_", "total_writes_", "total_writes_per_sample_",
                    "aux_memory_words_")) {
                assertTrue(s.containsKey(row + m), row + m + " missing: " + s.keySet());
            }
            double acc = Double.parseDouble(s.get("accuracy_mean_" + m));
            assertTrue(acc >= 0 && acc <= 100, m + " accuracy " + acc);
            assertTrue(Long.parseLong(s.get("max_writes_per_cell_" + m))
                    >= Long.parseLong(s.get("max_writes_per_cell_per_sample_" + m)), m);
            assertTrue(report.contains("| " + m + " |"), m + " not in the report table");
        }
        for (String none : List.of("inference", "bias_only")) {
            assertEquals("0", s.get("total_writes_" + none));
            assertEquals("0", s.get("aux_memory_words_" + none));
        }
        // SGD writes every sample (per pixel on the convolutions), LRT only at its rare accepted writes.
        assertTrue(Long.parseLong(s.get("max_writes_per_cell_sgd")) > Long.parseLong(s.get("max_writes_per_cell_lrt")));
        assertTrue(Long.parseLong(s.get("aux_memory_words_lrt")) > 0);
    }

    @Test
    void lrtIntGivesItsCountersAndTheFidelityLine() throws Exception {
        Path a = dir.resolve("int");
        assertEquals(0, Main.run("train", "--scenario", "control", "--methods", "lrt,lrt_int", "--samples", "30",
                "--pretrain", "60", "--seed", "3", "--out", a.toString()));
        Map<String, String> s = Summary.read(a.resolve("summary.csv")).rows();
        for (String c : List.of("pairs", "skipped", "mixed", "jacobi_rotations", "cx_saturated", "residual_clamped",
                "inexact_u_codes", "inexact_v_codes", "clamped_codes", "clamped_factor_codes")) {
            assertTrue(s.containsKey("lrt_int_" + c), "lrt_int_" + c + " missing: " + s.keySet());
        }
        assertFalse(s.containsKey("lrt_pairs"), "the double LRT has no integer counters");
        // every pair of the 30 images reaches the chain: conv1 676 + conv2 121 + fc1 1 + fc2 1 per image
        assertEquals(30L * (676 + 121 + 1 + 1), Long.parseLong(s.get("lrt_int_pairs")));
        assertEquals("0", s.get("lrt_int_inexact_u_codes"));
        assertEquals("0", s.get("lrt_int_inexact_v_codes"));
        assertTrue(Files.readString(a.resolve("report.md")).contains("Fidelity of the integer SKS: lrt_int minus lrt"));
    }

    @Test
    void badOptionsAreRefusedWithExitTwoAndNoFolder() {
        String[][] bad = {
            {"--scenario", "control", "--methods", "sgd,adam"},
            {"--scenario", "control", "--methods", "sgd,sgd"},
            {"--scenario", "drift"},
            {"--scenario", "control", "--samples", "0"},
            {"--scenario", "control", "--samples", "10001"},
            {"--scenario", "control", "--lrt-lr", "-1"},
            {"--methods", "sgd"},
        };
        for (String[] args : bad) {
            Path out = dir.resolve("bad");
            String[] full = SelectCommandTest.concat(SelectCommandTest.concat(new String[] {"train"}, args),
                    "--pretrain", "5", "--out", out.toString());
            assertEquals(2, Main.run(full), String.join(" ", args));
            assertFalse(Files.exists(out), String.join(" ", args) + " left " + out);
        }
    }
}
