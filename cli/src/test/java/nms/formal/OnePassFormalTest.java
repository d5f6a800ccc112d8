package nms.formal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nms.cli.Main;
import nms.config.NmsConfig;
import nms.io.Summary;
import nms.rtl.RtlEmitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nms formal} on the one-pass and LRT units with the real yosys (formal/small.conf, the
 * sketch and LRT proofs at their tiny variants): every proof closes by induction; a unit with one
 * operator changed fails its proof with a counterexample trace.
 */
class OnePassFormalTest {
    @TempDir
    Path dir;

    static final List<String> IDS = List.of("nms_sketch_block_equiv", "nms_sketch_projection_equiv",
            "nms_knn_insertion", "nms_lrt_write_equiv", "nms_lrt_project_stream");

    @Test
    void theOnePassProofsHoldByInduction() throws Exception {
        Path out = dir.resolve("formal");
        assertEquals(0, Main.run("formal", "--config", FormalCommandTest.checkout().resolve("formal/small.conf").toString(),
                "--units", "nms_sketch,nms_knn,nms_lrt_write,nms_lrt_project", "--out", out.toString()));
        Map<String, String> s = Summary.read(out.resolve("summary.csv")).rows();
        for (String id : IDS) {
            assertEquals("proved", s.get("proof_" + id), id + " " + s);
        }
        assertEquals(Integer.toString(IDS.size()), s.get("proofs"), s.toString());
        // The tiny variants are named by their own hash; knn runs at the command's configuration.
        NmsConfig small = FormalCommandTest.small();
        for (Proof p : OnePassCheckers.all(small)) {
            if (p.config() != null) {
                assertEquals(p.config().hash(), s.get("config_hash_" + p.id()), s.toString());
                assertNotEquals(small.hash(), p.config().hash());
            }
        }
        assertTrue(!s.containsKey("config_hash_nms_knn_insertion"), s.toString());
        // The checkers really are in the proved text.
        assertTrue(Files.readString(out.resolve("nms_knn_insertion/nms_knn.sv")).contains("formal_map_slot_2: assert"));
        assertTrue(Files.readString(out.resolve("nms_sketch_projection_equiv/nms_sketch.sv")).contains("formal_map_acc_3: assert"));
        // The write map follows the pipeline down to each 4-bit partial product and its level's sum.
        String write = Files.readString(out.resolve("nms_lrt_write_equiv/nms_lrt_write.sv"));
        assertTrue(write.contains("formal_map_pp_1_1: assert") && write.contains("formal_map_ps0_1_0: assert")
                && write.contains(".LATENCY(" + nms.rtl.units.lrt.LrtWriteUnit.latency(OnePassCheckers.all(small).stream()
                        .filter(q -> q.id().equals("nms_lrt_write_equiv")).findFirst().orElseThrow().config().lrtFormats())
                        + ")"), "the write checker maps every stage, at the unit's latency");
        assertTrue(Files.readString(out.resolve("report.md")).contains("| `nms_lrt_write_equiv` | proved |"));
    }

    /**
     * One operator per unit: the -1 terms of a projection sketch use x instead of ~x; kNN breaks
     * equal distances by the larger index at slot 1; the LRT write rounds a tie half down instead
     * of to even ({@code |} to {@code &} in the round-up bit); the LRT projection's accumulator
     * zero-extends row 1's product instead of sign-extending it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "nms_sketch_projection_equiv; assign s1_inv_0 = ~; assign s1_inv_0 = ",
        "nms_knn_insertion; & (idx_i < ent_idx_1_q)); & (idx_i > ent_idx_1_q))",
        "nms_lrt_write_equiv; ) | 1'({; ) & 1'({",
        "nms_lrt_project_stream; {prod_1_0_q[9], prod_1_0_q}; {1'b0, prod_1_0_q}"})
    void aMutatedUnitFailsItsProofWithATrace(String id, String from, String to) throws Exception {
        NmsConfig small = FormalCommandTest.small();
        Proof p = OnePassCheckers.all(small).stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
        RtlEmitter.Emitted emitted = RtlEmitter.emit(p.config() == null ? small : p.config());
        Map<String, String> files = new LinkedHashMap<>(FormalCommand.unitFiles(emitted, p.unit()));
        String sv = files.get(p.unit() + ".sv");
        assertTrue(sv.contains(from), "the mutated operator '" + from + "' is in the emitted " + p.unit());
        files.put(p.unit() + ".sv", sv.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));

        Path out = Files.createDirectories(dir.resolve("mutant"));
        int failed = FormalCommand.runProofs(List.of(p), q -> files, FormalCommandTest.checkout().resolve("formal/spec"),
                out, 120, small);
        assertEquals(1, failed);
        Map<String, String> s = Summary.read(out.resolve("summary.csv")).rows();
        assertTrue(s.get("proof_" + id).startsWith("failed (counterexample"), s.toString());
        String vcd = Files.readString(out.resolve(id + "_cex.vcd"));
        assertTrue(vcd.contains("$var") && vcd.contains("u_spec"), "a VCD with the unit and its spec");
    }
}
