// Refinement checker of nms_distance at dims = 8, pixel_width = 4, lanes = 2, L2,
// adder_levels_per_stage = 1 (prototype, hand-written for this one configuration): pasted
// before the emitted module's endmodule by formal/prove_distance.sh. It compares the unit's ports
// with formal/spec/nms_distance_spec.sv and maps every pipeline stage onto the spec's, so one
// induction step closes the proof.
  // ---- formal checker (inserted by nms formal) ----
  logic spec_in_ready, spec_out_valid, spec_dist_defined, spec_acc_defined;
  logic [10:0] spec_dist, spec_acc;
  logic [2:0] spec_v, spec_f, spec_l;
  logic [32:0] spec_s;
  nms_distance_spec #(.PIXEL_WIDTH(4), .DIMS(8), .LANES(2), .L2(1), .ADDER_LEVELS_PER_STAGE(1), .DIST_WIDTH(11)) u_spec (
    .clk_i, .rst_ni, .in_valid_i, .in_first_i, .in_last_i, .a_i, .b_i, .out_ready_i,
    .in_ready_o(spec_in_ready), .out_valid_o(spec_out_valid), .dist_o(spec_dist), .dist_defined_o(spec_dist_defined),
    .stage_valid_o(spec_v), .stage_first_o(spec_f), .stage_last_o(spec_l), .stage_sum_o(spec_s),
    .acc_o(spec_acc), .acc_defined_o(spec_acc_defined));
  always @* begin
    if (rst_ni) begin
      formal_in_ready: assert (in_ready_o == spec_in_ready);
      formal_out_valid: assert (out_valid_o == spec_out_valid);
      formal_dist: assert (!(out_valid_o && spec_dist_defined) || dist_o == spec_dist);
      formal_map_s0_flags: assert ({lane_valid_q, lane_first_q, lane_last_q} == {spec_v[0], spec_f[0], spec_l[0]});
      formal_map_s0_sum: assert (!spec_v[0] || 11'(lane_abs_0_q) * 11'(lane_abs_0_q) + 11'(lane_abs_1_q) * 11'(lane_abs_1_q) == spec_s[10:0]);
      formal_map_s1_flags: assert ({sq_valid_q, sq_first_q, sq_last_q} == {spec_v[1], spec_f[1], spec_l[1]});
      formal_map_s1_sum: assert (!spec_v[1] || 11'(lane_sq_0_q) + 11'(lane_sq_1_q) == spec_s[21:11]);
      formal_map_s2_flags: assert ({tree_l1_valid_q, tree_l1_first_q, tree_l1_last_q} == {spec_v[2], spec_f[2], spec_l[2]});
      formal_map_s2_sum: assert (!spec_v[2] || 11'(tree_l1_0_q) == spec_s[32:22]);
      formal_map_acc: assert (!spec_acc_defined || acc_q == spec_acc);
    end
  end
