package nms.formal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.rtl.units.AffinityUnit;
import nms.rtl.units.Exp2Unit;

/**
 * {@code proof_nms_affinity_equiv}: nms_affinity equal to {@code formal/spec/nms_affinity_spec.sv}
 * (section 5) for every input and stall pattern, by induction.
 *
 * <p>Abstraction (stated in the proof's scope): the unit's {@code nms_exp2} child is replaced by
 * its spec {@code nms_exp2_spec} (proof_nms_exp2_equiv shows the two equal), wrapped under the
 * child's name, with its pipe state brought out on two extra ports of the instance so the
 * refinement map can name it. The
 * wide multiplier {@code bl * d'} is abstracted as riscv-formal does: the spec's first stage takes
 * the product of the unit's stage-1 operands, and the map proves those operands equal the spec's
 * bl and d'. Refinement map: the row registers equal the spec's once a first element was taken;
 * each front stage's flags equal the spec's, stage 1's bl and d' the spec's, stages 2 and 3's t
 * (the unit's {@code t_d} / {@code t_q}) the spec's; exp2's stages
 * and the side pipe beside them equal the spec's; the output register equals the spec's.
 */
final class AffinityProof {
    /** The unit's front pipe: d', product, t (the datasheet's latency {@code 3 + exp2 + 1}). */
    static final int FRONT = 3;

    private AffinityProof() {
    }

    static Proof proof(NmsConfig c) {
        Formats f = c.formats();
        int tw = f.tWidth;
        int el = Exp2Unit.LATENCY;
        StringBuilder s = new StringBuilder(Checkers.HEAD);
        s.append("  logic spec_in_ready, spec_out_valid, spec_last, spec_t_def, spec_sums_def, spec_row_def;\n");
        s.append("  logic [").append(tw - 1).append(":0] spec_t;\n  logic [").append(f.affinityWidth - 1)
                .append(":0] spec_a;\n");
        s.append("  logic [").append(f.sumAWidth - 1).append(":0] spec_sa;\n  logic [").append(f.sumTaWidth - 1)
                .append(":0] spec_sta;\n");
        s.append("  logic [").append(f.betaLog2eWidth - 1).append(":0] spec_row_bl;\n  logic [").append(f.distWidth - 1)
                .append(":0] spec_row_dmin;\n");
        s.append("  logic [").append(FRONT - 1).append(":0] spec_fv, spec_ff, spec_fl, spec_fd;\n");
        s.append("  logic [").append(FRONT * tw - 1).append(":0] spec_ft;\n");
        s.append("  logic [").append(el - 1).append(":0] spec_ev, spec_ef, spec_el, spec_ed;\n");
        s.append("  logic [").append(el * tw - 1).append(":0] spec_et;\n");
        s.append("  logic [").append(f.betaLog2eWidth - 1).append(":0] spec_fbl;\n  logic [").append(f.distWidth - 1)
                .append(":0] spec_fdp;\n");
        // The abstraction of the wide multiplier: the spec's first-stage bl * d' is the product of
        // the unit's stage-1 operands (formal_map_s1_operands proves them equal to the spec's),
        // written as the unit writes its product so that the solver shares the two circuits.
        int qw = f.betaLog2eWidth + f.distWidth + 1;
        int pw = f.betaLog2eWidth + f.distWidth;
        s.append("  logic [").append(qw - 1).append(":0] formal_product;\n");
        s.append("  assign formal_product = ").append(qw).append("'(").append(pw).append("'({")
                .append(pw - f.betaLog2eWidth).append("'d0, beta_log2e_q} * {").append(pw - f.distWidth)
                .append("'d0, d_shift_q}));\n");
        s.append("  nms_affinity_spec #(.BETA_W(").append(f.betaWidth).append("), .DIST_W(").append(f.distWidth)
                .append("), .BL_W(").append(f.betaLog2eWidth).append("), .A_W(")
                .append(f.affinityWidth).append("), .SA_W(").append(f.sumAWidth).append("), .STA_W(")
                .append(f.sumTaWidth).append("), .BETA_FRAC(").append(f.betaFracBits).append("), .LOG2E(33'd").append(f.log2e).append("), .T_SAT(").append(f.tSat)
                .append("), .FRONT(").append(FRONT).append("), .EXT_PRODUCT(1),\n      ").append(Checkers.exp2Params(c, "EXP_LATENCY"))
                .append(") u_spec (\n");
        s.append("    .clk_i, .rst_ni, .in_valid_i, .first_i, .last_i, .beta_i, .dmin_i, .dist_i, .out_ready_i, .product_i(formal_product),\n");
        s.append("    .in_ready_o(spec_in_ready), .out_valid_o(spec_out_valid), .last_o(spec_last), .t_o(spec_t),"
                + " .a_o(spec_a), .sum_a_o(spec_sa), .sum_ta_o(spec_sta),\n");
        s.append("    .t_defined_o(spec_t_def), .sums_defined_o(spec_sums_def), .row_defined_o(spec_row_def),"
                + " .row_bl_o(spec_row_bl), .row_dmin_o(spec_row_dmin),\n");
        s.append("    .front_valid_o(spec_fv), .front_first_o(spec_ff), .front_last_o(spec_fl), .front_defined_o(spec_fd),"
                + " .front_t_o(spec_ft), .front_bl_o(spec_fbl), .front_dp_o(spec_fdp),\n");
        s.append("    .exp_valid_o(spec_ev), .exp_first_o(spec_ef), .exp_last_o(spec_el), .exp_defined_o(spec_ed),"
                + " .exp_t_o(spec_et));\n");
        s.append("  always @* begin\n    if (rst_ni) begin\n");
        s.append("      formal_in_ready: assert (in_ready_o == spec_in_ready);\n");
        s.append("      formal_out_valid: assert (out_valid_o == spec_out_valid);\n");
        s.append("      formal_last: assert (!out_valid_o || last_o == spec_last);\n");
        s.append("      formal_t_a: assert (!(out_valid_o && spec_t_def) || (t_o == spec_t && a_o == spec_a));\n");
        s.append("      formal_sums: assert (!(out_valid_o && spec_sums_def) || (sum_a_o == spec_sa && sum_ta_o == spec_sta));\n");
        // The sums stay in the output register after it is read: the next element adds to them.
        s.append("      formal_map_sums: assert (!spec_sums_def || (sum_a_q == spec_sa && sum_ta_q == spec_sta));\n");
        s.append("      formal_map_row: assert (!spec_row_def || (beta_log2e_q == spec_row_bl && row_dmin_q == spec_row_dmin));\n");
        String[] stageT = {null, "t_d", "t_q"};
        for (int k = 0; k < FRONT; k++) {
            String p = "s" + (k + 1);
            s.append("      formal_map_").append(p).append("_flags: assert ({").append(p).append("_valid_q, ").append(p)
                    .append("_first_q, ").append(p).append("_last_q} == {spec_fv[").append(k).append("], spec_ff[")
                    .append(k).append("], spec_fl[").append(k).append("]});\n");
            String value = k == 0 ? "{beta_log2e_q, d_shift_q} == {spec_fbl, spec_fdp}"
                    : stageT[k] + " == spec_ft[" + (k * tw + tw - 1) + ":" + (k * tw) + "]";
            s.append("      formal_map_").append(p).append(k == 0 ? "_operands" : "_t").append(": assert (!(spec_fv[")
                    .append(k).append("] && spec_fd[").append(k).append("]) || ").append(value).append(");\n");
        }
        s.append("      formal_map_exp_valid: assert (formal_exp_valid == spec_ev);\n");
        for (int k = 0; k < el; k++) {
            String t = "spec_et[" + (k * tw + tw - 1) + ":" + (k * tw) + "]";
            s.append("      formal_map_exp").append(k + 1).append(": assert ({exp_first_").append(k + 1)
                    .append("_q, exp_last_").append(k + 1).append("_q} == {spec_ef[").append(k).append("], spec_el[")
                    .append(k).append("]} && (!(spec_ev[").append(k).append("] && spec_ed[").append(k)
                    .append("]) || (exp_t_").append(k + 1).append("_q == ").append(t).append(" && formal_exp_t[")
                    .append(k * tw + tw - 1).append(":").append(k * tw).append("] == ").append(t).append(")));\n");
        }
        s.append("    end\n  end\n");
        int depth = 2 * (c.maxRowsPerClass() - 1) + AffinityUnit.latency(c) + 3;
        return new Proof(AffinityUnit.NAME, "equiv", s.toString(),
                List.of("nms_affinity_spec.sv", "nms_exp2_spec.sv", Checkers.ROM_INTERP), true, depth,
                "every input and stall pattern, unbounded (induction); nms_exp2 abstracted by its spec"
                        + " (proof_nms_exp2_equiv); outputs compared once the row's first element was taken",
                files -> abstractExp2(c, files), false);
    }

    /** The files with nms_exp2 replaced by its spec and the instance's pipe state brought out. */
    static Map<String, String> abstractExp2(NmsConfig c, Map<String, String> files) {
        int tw = c.formats().tWidth;
        int el = Exp2Unit.LATENCY;
        Map<String, String> out = new LinkedHashMap<>(files);
        String wrapper = "// nms_exp2 abstracted by its spec for the affinity proof (nms formal, AffinityProof)\n"
                + "module nms_exp2 (\n  input logic clk_i, input logic rst_ni, input logic in_valid_i, output logic in_ready_o,\n"
                + "  input logic [" + (tw - 1) + ":0] t_i, output logic out_valid_o, input logic out_ready_i,\n"
                + "  output logic [" + (c.formats().affinityWidth - 1) + ":0] a_o,\n"
                + "  output logic [" + (el - 1) + ":0] formal_valid_o, output logic [" + (el * tw - 1) + ":0] formal_t_o\n);\n"
                + "  nms_exp2_spec #(" + Checkers.exp2Params(c, "LATENCY") + ") u_abstract (\n"
                + "    .clk_i, .rst_ni, .in_valid_i, .t_i, .out_ready_i, .in_ready_o, .out_valid_o, .a_o,\n"
                + "    .stage_valid_o(formal_valid_o), .stage_t_o(formal_t_o));\nendmodule\n";
        if (!out.containsKey("nms_exp2.sv")) {
            throw new IllegalStateException("formal: nms_affinity's filelist has no nms_exp2.sv");
        }
        out.put("nms_exp2.sv", wrapper);
        String sv = out.get("nms_affinity.sv");
        String inst = "  nms_exp2 u_exp2 (\n";
        int at = sv.indexOf(inst);
        if (at < 0) {
            throw new IllegalStateException("formal: no nms_exp2 u_exp2 instance in nms_affinity");
        }
        String decl = "  logic [" + (el - 1) + ":0] formal_exp_valid;\n  logic [" + (el * tw - 1) + ":0] formal_exp_t;\n";
        out.put("nms_affinity.sv", sv.substring(0, at) + decl + inst
                + "    .formal_valid_o (formal_exp_valid),\n    .formal_t_o (formal_exp_t),\n"
                + sv.substring(at + inst.length()));
        return out;
    }
}
