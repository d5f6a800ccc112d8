package nms.formal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nms.config.NmsConfig;
import nms.io.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proof_nms_affinity_equiv} at formal/small.conf: the emitted unit is proved by induction;
 * a unit whose t rounding drops its half fails with a trace.
 */
class AffinityProofTest {
    @TempDir
    Path dir;

    static int prove(NmsConfig c, Map<String, String> files, Path out) throws Exception {
        return FormalCommand.run(List.of(AffinityProof.proof(c)), u -> files,
                FormalCommandTest.checkout().resolve("formal/spec"), Files.createDirectories(out), 120, c);
    }

    @Test
    void theEmittedUnitIsProvedByInduction() throws Exception {
        NmsConfig c = FormalCommandTest.small();
        Path out = dir.resolve("good");
        assertEquals(0, prove(c, ProtocolProofTest.files(c, "nms_affinity"), out));
        Map<String, String> s = Summary.read(out.resolve("summary.csv")).rows();
        assertEquals("proved", s.get("proof_nms_affinity_equiv"), s.toString());
        // The proved text: exp2 replaced by its spec, the checker with the map of every stage.
        assertTrue(Files.readString(out.resolve("nms_affinity_equiv/nms_exp2.sv")).contains("nms_exp2_spec"));
        String dut = Files.readString(out.resolve("nms_affinity_equiv/nms_affinity.sv"));
        assertTrue(dut.contains("formal_map_s1_operands: assert") && dut.contains("formal_map_sums: assert"), dut);
    }

    @Test
    void mutantsFailWithATrace() throws Exception {
        NmsConfig c = FormalCommandTest.small();
        // One mutant keeps the test short (each base-case counterexample unrolls the multipliers);
        // the T accumulator's + turned into - fails the same way (checked by hand, docs/VERIFICATION.md).
        String[][] mutants = {
            {"round", "assign t_rounded = ", " + 19'd1)", " + 19'd0)"},
        };
        for (String[] m : mutants) {
            Map<String, String> files = ProtocolProofTest.files(c, "nms_affinity");
            String sv = files.get("nms_affinity.sv");
            int at = sv.indexOf(m[1]);
            int end = sv.indexOf('\n', at);
            assertTrue(at >= 0 && sv.substring(at, end).contains(m[2]), m[0] + ": " + sv.substring(Math.max(at, 0), end));
            files.put("nms_affinity.sv", sv.substring(0, at) + sv.substring(at, end).replace(m[2], m[3]) + sv.substring(end));
            Path out = dir.resolve(m[0]);
            assertEquals(1, prove(c, files, out), m[0]);
            Map<String, String> s = Summary.read(out.resolve("summary.csv")).rows();
            assertTrue(s.get("proof_nms_affinity_equiv").startsWith("failed (counterexample"), m[0] + " " + s);
            String vcd = Files.readString(out.resolve("nms_affinity_equiv_cex.vcd"));
            assertTrue(vcd.contains("$var") && vcd.contains("dist_i"), m[0] + ": a VCD with the inputs");
        }
    }
}
