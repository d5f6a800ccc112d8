package nms.formal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nms.config.NmsConfig;
import nms.io.Summary;
import nms.rtl.RtlEmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol proofs ({@code proof_<unit>_assertions}): the emitted assertion blocks become
 * formal properties, the top's sender rules assumed and everything else (a child's sender rules
 * too) asserted; the exp2 unit's hold; one whose output register is loaded while stalled fails
 * {@code out_stable} with a trace.
 */
class ProtocolProofTest {
    @TempDir
    Path dir;

    static Map<String, String> files(NmsConfig c, String unit) {
        return new LinkedHashMap<>(FormalCommand.unitFiles(RtlEmitter.emit(c), unit));
    }

    @Test
    void senderRulesAreAssumedOnlyAtTheTop() {
        NmsConfig c = FormalCommandTest.small();
        Map<String, String> f = files(c, "nms_affinity");
        Protocol.Rewritten top = Protocol.rewrite(f.get("nms_affinity.sv"), true);
        assertEquals(List.of("in_stable", "in_framing"), top.assumed());
        assertTrue(top.asserted().containsAll(List.of("out_stable", "one_result_per_element", "sum_ta_in_range")),
                top.asserted().toString());
        assertFalse(top.text().contains("$fatal(") || top.text().contains("`ifndef SYNTHESIS"), top.text());
        assertTrue(top.text().contains("protocol_in_stable: assume ("), top.text());
        assertTrue(top.text().contains("protocol_out_stable: assert ("), top.text());
        // The child's sender rules are the parent's obligations.
        Protocol.Rewritten child = Protocol.rewrite(f.get("nms_exp2.sv"), false);
        assertTrue(child.assumed().isEmpty() && child.asserted().contains("in_stable"), child.asserted().toString());
        // A precondition read through a wire of inputs (accept = in_valid_i & in_ready_o) is a sender rule.
        Protocol.Rewritten div = Protocol.rewrite(files(c, "nms_divider").get("nms_divider.sv"), true);
        assertTrue(div.assumed().contains("divide_precondition"), div.assumed().toString());
        assertTrue(div.asserted().contains("state_in_range") && !div.assumed().contains("out_stable"), div.asserted().toString());
    }

    @Test
    void exp2AssertionsHoldAndAnOutputOverwrittenWhileStalledFails() throws Exception {
        NmsConfig c = FormalCommandTest.small();
        Proof p = Protocol.proof("nms_exp2", 10, "two transactions");
        Path spec = FormalCommandTest.checkout().resolve("formal/spec");
        Path good = Files.createDirectories(dir.resolve("good"));
        assertEquals(0, FormalCommand.run(List.of(p), u -> files(c, u), spec, good, 120, c));
        Map<String, String> s = Summary.read(good.resolve("summary.csv")).rows();
        assertTrue(s.get("proof_nms_exp2_assertions").matches("proved|bounded\\(10\\)"), s.toString());

        Map<String, String> f = files(c, "nms_exp2");
        String sv = f.get("nms_exp2.sv");
        String stall = "assign advance = ~out_valid_q | out_ready_i;";
        assertTrue(sv.contains(stall), "the exp2 pipe's stall in the emitted unit");
        f.put("nms_exp2.sv", sv.replace(stall, "assign advance = 1'b1;"));
        Path bad = Files.createDirectories(dir.resolve("bad"));
        assertEquals(1, FormalCommand.run(List.of(p), u -> f, spec, bad, 120, c));
        s = Summary.read(bad.resolve("summary.csv")).rows();
        assertTrue(s.get("proof_nms_exp2_assertions").startsWith("failed (counterexample"), s.toString());
        String vcd = Files.readString(bad.resolve("nms_exp2_assertions_cex.vcd"));
        assertTrue(vcd.contains("$var") && vcd.contains("out_ready_i"), "a VCD with the stalled handshake: " + vcd.substring(0, Math.min(vcd.length(), 1500)));
    }
}
