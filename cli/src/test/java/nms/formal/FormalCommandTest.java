package nms.formal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nms.cli.CliPaths;
import nms.cli.Main;
import nms.config.NmsConfig;
import nms.io.Summary;
import nms.rtl.RtlEmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nms formal} with the real yosys on formal/small.conf: the fast proofs (distance by
 * induction, exp2 and log2 bounded) hold; a unit with one operator changed fails its proof and
 * leaves a counterexample trace; bad options are refused. The divider's induction (tens of
 * seconds on a loaded machine) runs in {@code ./nms formal}, not here.
 */
class FormalCommandTest {
    @TempDir
    Path dir;

    static Path checkout() {
        return CliPaths.checkout().orElseThrow();
    }

    static NmsConfig small() {
        return NmsConfig.load(checkout().resolve("formal/small.conf"));
    }

    @Test
    void theFastSmallProofsHold() throws Exception {
        Path out = dir.resolve("formal");
        assertEquals(0, Main.run("formal", "--config", checkout().resolve("formal/small.conf").toString(),
                "--units", "nms_distance,nms_exp2,nms_log2", "--out", out.toString()));
        Map<String, String> s = Summary.read(out.resolve("summary.csv")).rows();
        assertEquals("proved", s.get("proof_nms_distance_equiv"), s.toString());
        assertTrue(s.get("proof_nms_exp2_equiv").matches("bounded\\((\\d+)\\)"), s.toString());
        assertTrue(s.get("proof_nms_log2_equiv").matches("bounded\\((\\d+)\\)"), s.toString());
        // Bounded to at least two full transactions: 2 * (latency + 1) cycles.
        int depth = Integer.parseInt(s.get("proof_nms_exp2_equiv").replaceAll("\\D", ""));
        assertTrue(depth >= 2 * (nms.rtl.units.Exp2Unit.LATENCY + 1), s.toString());
        assertEquals("0", s.get("proofs_failed"));
        // Each unit also has its protocol proof (ProtocolProofTest).
        assertEquals("6", s.get("proofs"));
        assertTrue(s.get("proof_nms_distance_assertions").matches("proved|bounded\\(\\d+\\)"), s.toString());
        assertTrue(Double.parseDouble(s.get("seconds_nms_distance_equiv")) > 0, s.toString());
        assertEquals(small().hash(), s.get("config_hash"));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| `nms_distance_equiv` | proved |"), report);
        try (var files = Files.list(out)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith("_cex.vcd")), "no trace when all hold");
        }
        // The checker really is in the proved text, with the refinement map of every stage.
        String dut = Files.readString(out.resolve("nms_distance_equiv/nms_distance.sv"));
        assertTrue(dut.contains("formal_map_acc: assert"), dut);
        assertTrue(dut.contains("formal_map_s2_sum: assert"), dut);
    }

    @Test
    void anAccumulatorThatSubtractsFailsWithATrace() throws Exception {
        NmsConfig c = small();
        RtlEmitter.Emitted emitted = RtlEmitter.emit(c);
        Map<String, String> files = new LinkedHashMap<>(FormalCommand.unitFiles(emitted, "nms_distance"));
        String sv = files.get("nms_distance.sv");
        int at = sv.indexOf("assign acc_sum = ");
        int end = sv.indexOf('\n', at);
        String line = sv.substring(at, end);
        int plus = line.lastIndexOf(" + ");
        assertTrue(at >= 0 && plus > 0, "the accumulator's adder in " + line);
        String mutated = line.substring(0, plus) + " - " + line.substring(plus + 3);
        files.put("nms_distance.sv", sv.substring(0, at) + mutated + sv.substring(end));

        Path out = Files.createDirectories(dir.resolve("mutant"));
        int failed = FormalCommand.run(List.of(Checkers.distance(c)), unit -> files,
                checkout().resolve("formal/spec"), out, 120, c);
        assertEquals(1, failed);
        Map<String, String> s = Summary.read(out.resolve("summary.csv")).rows();
        assertTrue(s.get("proof_nms_distance_equiv").startsWith("failed (counterexample"), s.toString());
        Path trace = out.resolve("nms_distance_equiv_cex.vcd");
        assertTrue(Files.isRegularFile(trace), "trace " + trace);
        String vcd = Files.readString(trace);
        assertTrue(vcd.contains("$var") && vcd.contains("acc_q"), "a VCD with the accumulator");
    }

    @Test
    void badOptionsAreRefused() throws Exception {
        String conf = checkout().resolve("formal/small.conf").toString();
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("formal", "--config", conf, "--units", "nms_nothing", "--out",
                    dir.resolve("a").toString()));
            assertEquals(2, Main.run("formal", "--config", conf, "--timeout", "0", "--out", dir.resolve("b").toString()));
            assertNotEquals(0, Main.run("formal", "--config", conf, "--timeout", "soon", "--out",
                    dir.resolve("c").toString()));
        } finally {
            System.setErr(err);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("no proof for 'nms_nothing'") && text.contains("nms_distance"), text);
        assertTrue(text.contains("--timeout must be >= 1"), text);
        for (String d : List.of("a", "b", "c")) {
            assertFalse(Files.exists(dir.resolve(d)), "no output folder for a refused run");
        }
    }
}
