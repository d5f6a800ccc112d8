package nms.formal;

import java.util.ArrayList;
import java.util.List;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SketchKind;
import nms.config.SketchPattern;
import nms.rtl.units.KnnUnit;
import nms.rtl.units.SketchUnit;
import nms.rtl.units.lrt.LrtProjectUnit;
import nms.rtl.units.lrt.LrtWriteUnit;

/**
 * The proofs of the one-pass and LRT units (docs/ARITHMETIC.md sections 11 and 12), generated from
 * the configuration like {@link Checkers}: each instantiates its spec module from
 * {@code formal/spec/} and asserts the unit's ports equal the spec's, plus, for the proofs closed
 * by induction, the refinement map and the spec's own invariants (what is reachable from reset).
 * A unit the command's configuration does not have, or has only at a size no solver closes, is
 * proved at a tiny variant of it ({@link #TINY_SKETCH} and friends, stated in the proof's scope,
 * with its own config hash in summary.csv).
 */
final class OnePassCheckers {
    /**
     * LRT at 2 x 3 cells, rank 2, 6-bit factor codes, 4-bit weights, 1 lane, 4-bit inputs; the
     * density gate at 1 cell (20 % of 6), so both gate values are reachable.
     */
    static final List<String> TINY_LRT = List.of("lrt=true", "lrt_n=2", "lrt_m=3", "lrt_rank=2", "lrt_basis_width=6",
            "lrt_weight_bits=4", "lrt_lanes=1", "lrt_input_width=4", "lrt_min_density_ppm=200000");

    /** A sketch needs square images: 16 pixels (4 x 4), 4 elements (2 x 2 blocks of 2 x 2). */
    static final List<String> TINY_SKETCH = List.of("dims=16", "sketch_dims=4");

    private OnePassCheckers() {
    }

    static List<Proof> all(NmsConfig c) {
        List<Proof> all = new ArrayList<>();
        if (c.sketch() != SketchKind.NONE) {
            all.add(sketch(c, null, c.sketch().name().toLowerCase(java.util.Locale.ROOT)));
        } else {
            for (String kind : List.of("block", "projection")) {
                List<String> set = new ArrayList<>(TINY_SKETCH);
                set.add("sketch=" + kind);
                set = tiny(c, set);
                all.add(sketch(c.withAll(set), String.join(", ", set), kind));
            }
        }
        all.add(knn(c));
        if (c.lrt()) {
            all.add(lrtWrite(c, null));
            all.add(lrtProjectStream(c, null));
        } else {
            List<String> set = tiny(c, TINY_LRT);
            all.add(lrtWrite(c.withAll(set), String.join(", ", set)));
            all.add(lrtProjectStream(c.withAll(set), String.join(", ", set)));
        }
        return all;
    }

    /**
     * The assignments that make the tiny variant of {@code c}: {@code set}, and {@code
     * beta_frac_bits} raised to what a grown distance width needs (section 3's rule) if it must be.
     */
    static List<String> tiny(NmsConfig c, List<String> set) {
        for (int bits = c.betaFracBits(); ; bits++) {
            List<String> all = new ArrayList<>(set);
            if (bits != c.betaFracBits()) {
                all.add("beta_frac_bits=" + bits);
            }
            try {
                c.withAll(all).formats();
                return all;
            } catch (RuntimeException e) {
                if (bits >= 62) {
                    throw e;
                }
            }
        }
    }

    /** c(k, j) of section 11.1 as the spec's packed parameter: 2'b01 = +1, 2'b10 = -1, entry (k, j) at (k * dims + j) * 2. */
    static String codesParam(SketchPattern p) {
        int bits = 2 * p.elements() * p.dims();
        java.math.BigInteger v = java.math.BigInteger.ZERO;
        for (int k = 0; k < p.elements(); k++) {
            for (int j = 0; j < p.dims(); j++) {
                int code = p.code(k, j);
                if (code != 0) {
                    v = v.setBit((k * p.dims() + j) * 2 + (code > 0 ? 0 : 1));
                }
            }
        }
        return bits + "'h" + v.toString(16);
    }

    /**
     * nms_sketch against section 11.1, by induction: the beat counter, each stage's flags, stage
     * 2's input and register (each element's beat sum) and the accumulators equal the spec's.
     */
    /**
     * nms_sketch against section 11.1, by induction: the beat counter, each stage's flags, stage
     * 2's input and register (each element's beat sum) and the accumulators equal the spec's.
     * {@code overrides}: how {@code c} was derived from the command's configuration (null: it is it).
     */
    static Proof sketch(NmsConfig c, String overrides, String kind) {
        Formats f = c.formats();
        SketchPattern p = f.sketchPattern;
        int elements = f.sketchDims;
        int aw = f.sketchAccWidth;
        int beats = f.beats;
        StringBuilder s = new StringBuilder(Checkers.HEAD);
        s.append("  logic spec_in_ready, spec_out_valid, spec_defined, spec_acc_defined;\n");
        s.append("  logic [").append(f.sketchBits - 1).append(":0] spec_sketch;\n");
        s.append("  logic [").append(Formats.bits(beats) - 1).append(":0] spec_cnt;\n");
        s.append("  logic [1:0] spec_v, spec_f, spec_l;\n");
        s.append("  logic [").append(2 * elements * aw - 1).append(":0] spec_s;\n");
        s.append("  logic [").append(elements * aw - 1).append(":0] spec_acc;\n");
        s.append("  nms_sketch_spec #(.PIXEL_WIDTH(").append(c.pixelWidth()).append("), .DIMS(").append(c.dims())
                .append("), .LANES(").append(c.lanes()).append("), .ELEMENTS(").append(elements)
                .append("), .ACC_WIDTH(").append(aw).append("), .SHIFT(").append(f.sketchShift)
                .append("), .SKETCH_WIDTH(").append(f.sketchWidth).append("), .CODES(").append(codesParam(p))
                .append(")) u_spec (\n");
        s.append("    .clk_i, .rst_ni, .in_valid_i, .in_first_i, .in_last_i, .pixels_i, .out_ready_i,\n");
        s.append("    .in_ready_o(spec_in_ready), .out_valid_o(spec_out_valid), .sketch_o(spec_sketch),"
                + " .sketch_defined_o(spec_defined),\n");
        s.append("    .beat_cnt_o(spec_cnt), .stage_valid_o(spec_v), .stage_first_o(spec_f), .stage_last_o(spec_l),"
                + " .stage_sum_o(spec_s), .acc_o(spec_acc), .acc_defined_o(spec_acc_defined));\n");
        s.append("  always @* begin\n    if (rst_ni) begin\n");
        s.append("      formal_in_ready: assert (in_ready_o == spec_in_ready);\n");
        s.append("      formal_out_valid: assert (out_valid_o == spec_out_valid);\n");
        s.append("      formal_sketch: assert (!out_valid_o || sketch_o == spec_sketch);\n");
        // The spec's invariants from reset: every image's first beat restarts the sums (the
        // oldest beat in flight while nothing was accumulated is a start), a valid sketch is
        // defined, the beat index saturates at beats.
        s.append("      formal_inv_fresh: assert (spec_acc_defined || (spec_v[1] ? spec_f[1] : (spec_v[0] ? spec_f[0]"
                + " : spec_cnt == '0)));\n");
        s.append("      formal_inv_defined: assert (!spec_out_valid || spec_defined);\n");
        s.append("      formal_inv_cnt: assert (spec_cnt <= ").append(beats).append(");\n");
        s.append("      formal_map_cnt: assert (16'(beat_cnt_q) == 16'(spec_cnt));\n");
        s.append("      formal_map_s1_flags: assert ({s1_valid_q, s1_first_q, s1_last_q} == {spec_v[0], spec_f[0], spec_l[0]});\n");
        s.append("      formal_map_s2_flags: assert ({s2_valid_q, s2_first_q, s2_last_q} == {spec_v[1], spec_f[1], spec_l[1]});\n");
        for (int k = 0; k < elements; k++) {
            String lo0 = Integer.toString(k * aw);
            String lo1 = Integer.toString((elements + k) * aw);
            s.append("      formal_map_s1_sum_").append(k).append(": assert (!spec_v[0] || ").append(aw)
                    .append("'(s2_sum_").append(k).append("_d) == spec_s[").append(lo0).append(" +: ").append(aw)
                    .append("]);\n");
            s.append("      formal_map_s2_sum_").append(k).append(": assert (!spec_v[1] || ").append(aw)
                    .append("'(s2_sum_").append(k).append("_q) == spec_s[").append(lo1).append(" +: ").append(aw)
                    .append("]);\n");
            s.append("      formal_map_acc_").append(k).append(": assert (!spec_acc_defined || acc_").append(k)
                    .append("_q == spec_acc[").append(lo0).append(" +: ").append(aw).append("]);\n");
        }
        s.append("    end\n  end\n");
        int depthCap = 2 * (beats + SketchUnit.LATENCY + 1);
        String where = overrides == null ? "" : " at the configuration with " + overrides + " (config " + c.hash() + ")";
        return new Proof(SketchUnit.NAME, kind + "_equiv", s.toString(), List.of("nms_sketch_spec.sv"), true, depthCap,
                kind + " pattern, " + c.dims() + " x " + c.pixelWidth() + "-bit pixels into " + elements + " elements, "
                        + c.lanes() + " lanes" + where + ": every input and stall pattern, framed or not, unbounded (induction)",
                overrides == null ? null : c);
    }

    /**
     * nms_knn against section 11.2's insertion rule, by induction: the spec keeps its array and
     * reads it out with a pointer, the unit shifts its slots toward slot 0; the map says slot i
     * is the spec's entry rd + i below count_q, and the spec's invariants (n <= k, the pointer
     * inside the row, entries sorted) are what is reachable from reset. At the command's
     * configuration: its knn_k, distance and index widths.
     */
    static Proof knn(NmsConfig c) {
        Formats f = c.formats();
        int k = f.knnK;
        int dw = f.knnDistWidth;
        int iw = f.knnIndexWidth;
        int ew = dw + iw;
        int nw = Formats.bits(k);
        StringBuilder s = new StringBuilder(Checkers.HEAD);
        s.append("  logic spec_in_ready, spec_out_valid, spec_out_last, spec_drain;\n");
        s.append("  logic [").append(iw - 1).append(":0] spec_idx;\n");
        s.append("  logic [").append(dw - 1).append(":0] spec_dist;\n");
        s.append("  logic [").append(k * ew - 1).append(":0] spec_e;\n");
        s.append("  logic [").append(nw - 1).append(":0] spec_n, spec_rd;\n");
        s.append("  nms_knn_spec #(.K(").append(k).append("), .DIST_WIDTH(").append(dw).append("), .INDEX_WIDTH(")
                .append(iw).append(")) u_spec (\n");
        s.append("    .clk_i, .rst_ni, .in_valid_i, .in_first_i, .in_last_i, .idx_i, .dist_i, .out_ready_i,\n");
        s.append("    .in_ready_o(spec_in_ready), .out_valid_o(spec_out_valid), .out_last_o(spec_out_last),"
                + " .out_idx_o(spec_idx), .out_dist_o(spec_dist),\n");
        s.append("    .entries_o(spec_e), .n_o(spec_n), .rd_o(spec_rd), .drain_o(spec_drain));\n");
        s.append("  always @* begin\n    if (rst_ni) begin\n");
        s.append("      formal_in_ready: assert (in_ready_o == spec_in_ready);\n");
        s.append("      formal_out_valid: assert (out_valid_o == spec_out_valid);\n");
        s.append("      formal_out: assert (!out_valid_o || {out_last_o, out_dist_o, out_idx_o} == {spec_out_last,"
                + " spec_dist, spec_idx});\n");
        s.append("      formal_inv_n: assert (spec_n <= ").append(k).append(");\n");
        s.append("      formal_inv_rd: assert (spec_drain ? spec_rd < spec_n : spec_rd == '0);\n");
        for (int i = 0; i + 1 < k; i++) {
            s.append("      formal_inv_sorted_").append(i).append(": assert (!(").append(i + 1)
                    .append(" < spec_n) || !(spec_e[").append((i + 1) * ew).append(" +: ").append(ew)
                    .append("] < spec_e[").append(i * ew).append(" +: ").append(ew).append("]));\n");
        }
        s.append("      formal_map_drain: assert (drain_q == spec_drain);\n");
        s.append("      formal_map_count: assert (count_q == spec_n - spec_rd);\n");
        for (int i = 0; i < k; i++) {
            s.append("      formal_map_slot_").append(i).append(": assert (!(").append(i)
                    .append(" < count_q) || {ent_dist_").append(i).append("_q, ent_idx_").append(i)
                    .append("_q} == spec_e[(32'(spec_rd) + ").append(i).append(") * ").append(ew).append(" +: ")
                    .append(ew).append("]);\n");
        }
        s.append("    end\n  end\n");
        // Base case: two whole rows of k candidates and their k entries.
        int depthCap = 2 * (2 * k + 2);
        return new Proof(KnnUnit.NAME, "insertion", s.toString(), List.of("nms_knn_spec.sv"), true, depthCap,
                "k = " + k + ", " + dw + "-bit distances, " + iw + "-bit indices: every candidate stream (framed or"
                        + " not, repeated indices too) and every stall pattern, unbounded (induction)");
    }

    /**
     * nms_lrt_write against section 12.3, by induction. The spec carries each cell unchanged
     * through the unit's latency - 1 stages and applies 12.3 at the last; the map says what each
     * RTL stage holds in terms of the cell there: the flags and weight (every stage), |a_k|, |b_k|
     * and the sign (stage 1, the sign's delay line after it), each partial product |a_k| * chunk j
     * of |b_k| (stage 2) and each level's pairwise sum (|a_k| times the chunks it covers), the
     * signed products, the dot, the rounded dot, delta and nonzero; then the pass's count and
     * latched gate. One line per multiplier, so the induction step compares one product at a
     * time (a sum of products against another is far harder for SAT than each product).
     */
    static Proof lrtWrite(NmsConfig c, String overrides) {
        nms.config.LrtFormats f = c.lrtFormats();
        int r = f.rank;
        int bw = f.basisWidth;
        int wb = f.weightBits;
        int dw = f.cellDotWidth;
        int cw = f.countWidth;
        int lat = LrtWriteUnit.latency(f);
        int st = lat - 1; // stages before the output register
        int rw = dw + 2; // the spec's W
        int chunk = LrtWriteUnit.CHUNK;
        int levels = LrtWriteUnit.levels(bw);
        StringBuilder s = new StringBuilder(Checkers.HEAD);
        s.append("  logic spec_in_ready, spec_out_valid, spec_we, spec_gate, spec_gate_latched;\n");
        s.append("  logic [").append(wb - 1).append(":0] spec_delta, spec_w;\n");
        s.append("  logic [").append(cw - 1).append(":0] spec_count, spec_count_state;\n");
        s.append("  logic [").append(4 * st - 1).append(":0] spec_flags;\n");
        s.append("  logic [").append(st * r * bw - 1).append(":0] spec_a, spec_b;\n");
        s.append("  logic [").append(st * wb - 1).append(":0] spec_st_w, spec_st_delta;\n");
        s.append("  logic [").append(st * r * 2 * bw - 1).append(":0] spec_p;\n");
        s.append("  logic [").append(st * dw - 1).append(":0] spec_dot;\n");
        s.append("  logic [").append(st * rw - 1).append(":0] spec_rnd;\n");
        s.append("  nms_lrt_write_spec #(.RANK(").append(r).append("), .BW(").append(bw).append("), .WB(")
                .append(wb).append("), .SHIFT(").append(f.writeShift).append("), .DOT_WIDTH(").append(dw)
                .append("), .COUNT_WIDTH(").append(cw).append("), .THRESHOLD(").append(f.densityThreshold)
                .append("), .LATENCY(").append(lat).append(")) u_spec (\n");
        s.append("    .clk_i, .rst_ni, .in_valid_i, .in_first_i, .in_last_i, .in_commit_i, .a_i, .b_i, .w_i, .out_ready_i,\n");
        s.append("    .in_ready_o(spec_in_ready), .out_valid_o(spec_out_valid), .delta_o(spec_delta), .w_o(spec_w),"
                + " .we_o(spec_we), .count_o(spec_count), .gate_o(spec_gate),\n");
        s.append("    .st_flags_o(spec_flags), .st_a_o(spec_a), .st_b_o(spec_b), .st_w_o(spec_st_w), .st_products_o(spec_p),"
                + " .st_dot_o(spec_dot), .st_rounded_o(spec_rnd), .st_delta_o(spec_st_delta),\n");
        s.append("    .count_state_o(spec_count_state), .gate_latched_o(spec_gate_latched));\n");
        // |a_k|, |b_k| of the cell in stages 1 .. 2 + levels (bw bits: |-2^(bw-1)| = 2^(bw-1) unsigned).
        for (int t = 1; t <= 2 + levels; t++) {
            for (int k = 0; k < r; k++) {
                for (String x : List.of("a", "b")) {
                    int lo = ((t - 1) * r + k) * bw;
                    String v = "spec_" + x + "[" + lo + " +: " + bw + "]";
                    s.append("  logic [").append(bw - 1).append(":0] map_abs_").append(x).append('_').append(t).append('_')
                            .append(k).append(";\n  assign map_abs_").append(x).append('_').append(t).append('_').append(k)
                            .append(" = spec_").append(x).append("[").append(lo + bw - 1).append("] ? -").append(v).append(" : ")
                            .append(v).append(";\n");
                }
            }
        }
        s.append("  always @* begin\n    if (rst_ni) begin\n");
        s.append("      formal_in_ready: assert (in_ready_o == spec_in_ready);\n");
        s.append("      formal_out_valid: assert (out_valid_o == spec_out_valid);\n");
        s.append("      formal_out: assert (!out_valid_o || {delta_o, w_o, we_o, count_o, gate_o} == {spec_delta, spec_w,"
                + " spec_we, spec_count, spec_gate});\n");
        for (int t = 1; t <= st; t++) {
            String v = "spec_flags[" + ((t - 1) * 4 + 3) + "]";
            s.append("      formal_map_s").append(t).append("_valid: assert (s").append(t).append("_valid_q == ").append(v)
                    .append(");\n");
            s.append("      formal_map_s").append(t).append("_cell: assert (!").append(v).append(" || {s").append(t)
                    .append("_first_q, s").append(t).append("_last_q, s").append(t).append("_commit_q, s").append(t)
                    .append("_w_q} == {spec_flags[").append((t - 1) * 4).append(" +: 3], spec_st_w[").append((t - 1) * wb)
                    .append(" +: ").append(wb).append("]});\n");
        }
        for (int k = 0; k < r; k++) {
            // The sign of a_k b_k at stage t: sign_k (t = 1), then s<t-1>_sign_k up to stage 2 + levels.
            for (int t = 1; t <= 2 + levels; t++) {
                String reg = t == 1 ? "sign_" + k + "_q" : "s" + (t - 1) + "_sign_" + k + "_q";
                int msb = ((t - 1) * r + k) * bw + bw - 1;
                s.append("      formal_map_sign_").append(k).append('_').append(t).append(": assert (!spec_flags[")
                        .append((t - 1) * 4 + 3).append("] || ").append(reg).append(" == (spec_a[").append(msb)
                        .append("] ^ spec_b[").append(msb).append("]));\n");
            }
            // The spec's invariant: the products a valid stage carries are its cell's (in the stages whose a, b the map reads).
            for (int t = 1; t <= 2 + levels; t++) {
                int at = ((t - 1) * r + k) * bw;
                s.append("      formal_inv_product_").append(k).append('_').append(t).append(": assert (!spec_flags[")
                        .append((t - 1) * 4 + 3).append("] || spec_p[").append(((t - 1) * r + k) * 2 * bw).append(" +: ").append(2 * bw).append("] == ")
                        .append(sext2("spec_a", at, bw)).append(" * ").append(sext2("spec_b", at, bw)).append(");\n");
            }
            s.append("      formal_map_mag_").append(k).append(": assert (!spec_flags[3] || {mag_a_").append(k).append("_q, mag_b_")
                    .append(k).append("_q} == {map_abs_a_1_").append(k).append(", map_abs_b_1_").append(k).append("});\n");
            // Level 0 holds the partial products (stage 2), level lv + 1 the sums of level lv (stage 3 + lv):
            // part j covers chunks [j 2^lv, (j + 1) 2^lv) of |b_k|, in 2 bw - lo bits past level 0.
            int parts = LrtWriteUnit.chunks(bw);
            for (int lv = 0; lv <= levels; lv++) {
                int span = chunk << lv;
                int t = 2 + lv;
                for (int j = 0; j < parts; j++) {
                    int lo = j * span;
                    int hi = Math.min(bw, lo + span) - 1;
                    int w = lv == 0 ? bw + hi - lo + 1 : 2 * bw - lo;
                    String reg = lv == 0 ? "pp_" + k + "_" + j + "_q" : "ps" + (lv - 1) + "_" + k + "_" + j + "_q";
                    s.append("      formal_map_").append(lv == 0 ? "pp" : "ps" + (lv - 1)).append('_').append(k).append('_')
                            .append(j).append(": assert (!spec_flags[").append((t - 1) * 4 + 3).append("] || ").append(reg)
                            .append(" == ").append(w).append("'(map_abs_a_").append(t).append('_').append(k).append(") * ")
                            .append(w).append("'(map_abs_b_").append(t).append('_').append(k).append("[").append(hi).append(':')
                            .append(lo).append("]));\n");
                }
                parts = (parts + 1) / 2;
            }
            int t = 3 + levels;
            s.append("      formal_map_prod_").append(k).append(": assert (!spec_flags[").append((t - 1) * 4 + 3)
                    .append("] || prod_").append(k).append("_q == spec_p[").append(((t - 1) * r + k) * 2 * bw).append(" +: ")
                    .append(2 * bw).append("]);\n");
        }
        int tDot = 4 + levels;
        s.append("      formal_map_dot: assert (!spec_flags[").append((tDot - 1) * 4 + 3).append("] || dot_q == spec_dot[")
                .append((tDot - 1) * dw).append(" +: ").append(dw).append("]);\n");
        if (f.writeShift < dw) { // else the rounded dot is the constant 0, not a register
            int t = 5 + levels;
            s.append("      formal_map_rounded: assert (!spec_flags[").append((t - 1) * 4 + 3).append("] || rounded_q == ")
                    .append(dw - f.writeShift + 1).append("'(spec_rnd[").append((t - 1) * rw).append(" +: ").append(rw)
                    .append("]));\n");
        }
        String dl = "spec_st_delta[" + (st - 1) * wb + " +: " + wb + "]";
        s.append("      formal_map_delta: assert (!spec_flags[").append((st - 1) * 4 + 3).append("] || {delta_q, nonzero_q} == {")
                .append(dl).append(", ").append(dl).append(" != '0});\n");
        s.append("      formal_map_count: assert (count_q == spec_count_state);\n");
        s.append("      formal_map_gate: assert (gate_latched_q == spec_gate_latched);\n");
        s.append("    end\n  end\n");
        // Base case: a count pass and a commit pass over the n x m cells, with the latency.
        int depthCap = (int) Math.min(2 * f.cells + 2 * (lat + 1), 40);
        String where = overrides == null ? "" : " at the configuration with " + overrides + " (config " + c.hash() + ")";
        return new Proof(LrtWriteUnit.NAME, "equiv", s.toString(), List.of("nms_lrt_write_spec.sv"), true, depthCap,
                f.n + " x " + f.m + " cells, rank " + r + ", " + bw + "-bit factor codes, " + wb + "-bit weights, latency "
                        + lat + where + ": every input and stall pattern, unbounded (induction)",
                overrides == null ? null : c);
    }

    /** {@code v[at +: bw]} sign-extended to 2 bw bits (their product mod 2^(2 bw) is the signed product). */
    private static String sext2(String v, int at, int bw) {
        return "{{" + bw + "{" + v + "[" + (at + bw - 1) + "]}}, " + v + "[" + at + " +: " + bw + "]}";
    }

    /**
     * nms_lrt_project's streaming half against section 12.2, by induction: the beat counter,
     * stage A (each product and square), the accumulators and the two phase buffers equal a spec
     * that is told when the finisher takes the buffers (the unit's own {@code take}), so it holds
     * for any finisher (and any number of round-robin finishers); the stream stalls only when a
     * phase ends into a buffer full and not taken that cycle; the documented framing is assumed. The finisher (coefficients, squares,
     * isqrt, the kappa test) is not in this proof.
     */
    static Proof lrtProjectStream(NmsConfig c, String overrides) {
        nms.config.LrtFormats f = c.lrtFormats();
        int r = f.rank;
        int lanes = f.lanes;
        int pw = f.basisWidth + f.inputWidth;
        int sw = 2 * f.inputWidth;
        int dw = f.dotWidth;
        int nw = f.normSqWidth;
        int ew = nms.config.LrtFormats.EXP_WIDTH;
        int cw = f.cx0Width;
        int last = f.beatsU + f.beatsV - 1;
        StringBuilder s = new StringBuilder(Checkers.HEAD);
        s.append("  logic spec_in_ready, spec_acc_defined;\n  logic [7:0] spec_beat;\n  logic [3:0] spec_a;\n"
                + "  logic [1:0] spec_full;\n");
        s.append("  logic [").append(r * lanes * pw - 1).append(":0] spec_prod;\n");
        s.append("  logic [").append(lanes * sw - 1).append(":0] spec_sq;\n");
        s.append("  logic [").append(ew - 1).append(":0] spec_exp, spec_bu_exp, spec_bv_exp;\n");
        s.append("  logic [").append(cw - 1).append(":0] spec_cx0, spec_bcx0;\n");
        s.append("  logic [").append(r * dw - 1).append(":0] spec_acc_p, spec_bu_p, spec_bv_p;\n");
        s.append("  logic [").append(nw - 1).append(":0] spec_acc_n, spec_bu_n, spec_bv_n;\n");
        s.append("  nms_lrt_project_stream_spec #(.N(").append(f.n).append("), .M(").append(f.m).append("), .L(")
                .append(lanes).append("), .R(").append(r).append("), .BW(").append(f.basisWidth).append("), .IW(")
                .append(f.inputWidth).append("), .EXP_W(").append(ew).append("), .CX0_W(").append(cw)
                .append("), .P_W(").append(dw).append("), .N_W(").append(nw).append(")) u_spec (\n");
        s.append("    .clk_i, .rst_ni, .in_valid_i, .in_first_i, .in_last_i, .x_i, .basis_i, .exp_i, .cx0_i,"
                + " .take_i(take),\n");
        s.append("    .in_ready_o(spec_in_ready), .beat_o(spec_beat), .a_flags_o(spec_a), .a_prod_o(spec_prod),"
                + " .a_sq_o(spec_sq), .a_exp_o(spec_exp), .a_cx0_o(spec_cx0),\n");
        s.append("    .acc_p_o(spec_acc_p), .acc_n_o(spec_acc_n), .acc_defined_o(spec_acc_defined), .full_o(spec_full),\n");
        s.append("    .buf_u_p_o(spec_bu_p), .buf_u_n_o(spec_bu_n), .buf_u_exp_o(spec_bu_exp), .buf_v_p_o(spec_bv_p),"
                + " .buf_v_n_o(spec_bv_n), .buf_v_exp_o(spec_bv_exp), .buf_cx0_o(spec_bcx0));\n");
        s.append("  always @* begin\n    if (rst_ni) begin\n");
        // The documented framing (section 12.2): first on beat 0, last on beat beats_u + beats_v - 1.
        s.append("      formal_framing: assume (!in_valid_i || (in_first_i == (spec_beat == 8'd0) && in_last_i == (spec_beat"
                + " == 8'd").append(last).append(")));\n");
        s.append("      formal_in_ready: assert (in_ready_o == spec_in_ready);\n");
        s.append("      formal_inv_beat: assert (spec_beat <= 8'd").append(last).append(");\n");
        s.append("      formal_inv_fresh: assert (spec_acc_defined || (spec_a[3] ? spec_a[2] : spec_beat == 8'd0));\n");
        s.append("      formal_map_beat: assert (spec_beat == 8'd0 || 8'(beat_q) == spec_beat);\n");
        // The phase flags of an empty stage A slot are nobody's concern.
        s.append("      formal_map_a_valid: assert (a_valid_q == spec_a[3]);\n");
        s.append("      formal_map_a_flags: assert (!spec_a[3] || {a_start_q, a_end_u_q, a_end_v_q} == spec_a[2:0]);\n");
        for (int i = 0; i < r; i++) {
            for (int l = 0; l < lanes; l++) {
                s.append("      formal_map_prod_").append(i).append('_').append(l).append(": assert (!spec_a[3] || prod_")
                        .append(i).append('_').append(l).append("_q == spec_prod[").append((i * lanes + l) * pw)
                        .append(" +: ").append(pw).append("]);\n");
            }
        }
        for (int l = 0; l < lanes; l++) {
            s.append("      formal_map_sq_").append(l).append(": assert (!spec_a[3] || sq_").append(l)
                    .append("_q == spec_sq[").append(l * sw).append(" +: ").append(sw).append("]);\n");
        }
        s.append("      formal_map_a_side: assert (!spec_a[3] || {a_exp_q, a_cx0_q} == {spec_exp, spec_cx0});\n");
        for (int i = 0; i < r; i++) {
            String sl = "[" + i * dw + " +: " + dw + "]";
            s.append("      formal_map_acc_p_").append(i).append(": assert (!spec_acc_defined || acc_p_").append(i)
                    .append("_q == spec_acc_p").append(sl).append(");\n");
            s.append("      formal_map_buf_u_p_").append(i).append(": assert (!spec_full[0] || buf_u_p_").append(i)
                    .append("_q == spec_bu_p").append(sl).append(");\n");
            s.append("      formal_map_buf_v_p_").append(i).append(": assert (!spec_full[1] || buf_v_p_").append(i)
                    .append("_q == spec_bv_p").append(sl).append(");\n");
        }
        s.append("      formal_map_acc_n: assert (!spec_acc_defined || acc_n_q == spec_acc_n);\n");
        s.append("      formal_map_full: assert ({buf_v_full_q, buf_u_full_q} == spec_full);\n");
        s.append("      formal_map_buf_u: assert (!spec_full[0] || {buf_u_n_q, buf_u_exp_q} == {spec_bu_n, spec_bu_exp});\n");
        s.append("      formal_map_buf_v: assert (!spec_full[1] || {buf_v_n_q, buf_v_exp_q, buf_cx0_q} == {spec_bv_n,"
                + " spec_bv_exp, spec_bcx0});\n");
        s.append("    end\n  end\n");
        int depthCap = 2 * (last + 1) + 4;
        String where = overrides == null ? "" : " at the configuration with " + overrides + " (config " + c.hash() + ")";
        return new Proof(LrtProjectUnit.NAME, "stream", s.toString(), List.of("nms_lrt_project_stream_spec.sv"), true,
                depthCap, "the streaming half only (stage A, accumulators, phase buffers, input flow control) for any"
                        + " finisher; n " + f.n + ", m " + f.m + ", rank " + r + ", " + lanes + " lanes" + where
                        + "; documented framing assumed, every input and stall pattern, unbounded (induction)",
                overrides == null ? null : c);
    }
}
