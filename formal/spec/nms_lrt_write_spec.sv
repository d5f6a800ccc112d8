// Behavioural specification of nms_lrt_write, written from docs/ARITHMETIC.md section 12.3 (not
// from the emitted RTL): one cell per cycle, latency 2.
//
// Per cell, a = row i of U and b = row j of V (RANK signed factor codes of BW bits, element 0
// least significant), w the weight (WB bits, signed):
//   dot   = sum_k a_k b_k                                       exact (DOT_WIDTH = cell_dot_width)
//   delta = clamp(round_half_even(dot / 2^SHIFT), -2^(WB-1), 2^(WB-1) - 1)
//   count = (first ? 0 : count) + (delta != 0)    in COUNT_WIDTH bits (a stream without first wraps)
//   gate  = count > THRESHOLD
//   the last cell of a count pass (commit = 0) latches gate
//   we    = commit && gate_latched && delta != 0
//   w'    = we ? clamp(w - delta) : w
// Outputs delta, w', we, count, gate in out_valid 2 cycles after the cell is taken, held while not
// read; the whole pipe advances when the output register is empty or read. gate_latched resets to 0.
module nms_lrt_write_spec #(
  parameter int RANK = 2,
  parameter int BW = 6,
  parameter int WB = 4,
  parameter int SHIFT = 10,
  parameter int DOT_WIDTH = 13,
  parameter int COUNT_WIDTH = 3,
  parameter int THRESHOLD = 0,
  localparam int W = DOT_WIDTH + 2
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   in_valid_i,
  input  logic                   in_first_i,
  input  logic                   in_last_i,
  input  logic                   in_commit_i,
  input  logic [RANK*BW-1:0]     a_i,
  input  logic [RANK*BW-1:0]     b_i,
  input  logic [WB-1:0]          w_i,
  input  logic                   out_ready_i,
  output logic                   in_ready_o,
  output logic                   out_valid_o,
  output logic [WB-1:0]          delta_o,
  output logic [WB-1:0]          w_o,
  output logic                   we_o,
  output logic [COUNT_WIDTH-1:0] count_o,
  output logic                   gate_o,
  // The state, for the checker's map: stage 1's flags, weight, products and their sum; the pass's count
  // and latched gate.
  output logic [3:0]             s1_flags_o,
  output logic [WB-1:0]          s1_w_o,
  output logic [DOT_WIDTH-1:0]   s1_dot_o,
  output logic [RANK*2*BW-1:0]   s1_products_o,
  output logic [COUNT_WIDTH-1:0] count_state_o,
  output logic                   gate_latched_o
);
  // Stage 1 (the first cycle of the latency): the RANK exact products a_k b_k, 2 BW bits each.
  function automatic logic [RANK*2*BW-1:0] products(input logic [RANK*BW-1:0] a, input logic [RANK*BW-1:0] b);
    logic [RANK*2*BW-1:0] r;
    for (int k = 0; k < RANK; k++) begin
      r[k*2*BW +: 2*BW] = $signed(a[k*BW +: BW]) * $signed(b[k*BW +: BW]);
    end
    products = r;
  endfunction

  // Stage 2: their exact sum.
  function automatic logic signed [W-1:0] dot_of(input logic [RANK*2*BW-1:0] p);
    logic signed [W-1:0] d;
    d = '0;
    for (int k = 0; k < RANK; k++) begin
      d = d + $signed({{(W-2*BW){p[k*2*BW+2*BW-1]}}, p[k*2*BW +: 2*BW]});
    end
    dot_of = d;
  endfunction

  // round_half_even(d / 2^SHIFT), then clamped to WB bits signed.
  function automatic logic [WB-1:0] delta_of(input logic signed [W-1:0] d);
    logic signed [W-1:0] q, rem, half, lo, hi;
    q = d >>> SHIFT;
    rem = d - (q <<< SHIFT);
    half = W'(1) <<< (SHIFT - 1);
    if (rem > half || (rem == half && q[0])) q = q + W'(1);
    lo = -(W'(1) <<< (WB - 1));
    hi = (W'(1) <<< (WB - 1)) - W'(1);
    delta_of = q < lo ? WB'(lo) : (q > hi ? WB'(hi) : WB'(q));
  endfunction

  function automatic logic [WB-1:0] sub_clamp(input logic [WB-1:0] w, input logic [WB-1:0] d);
    logic signed [WB:0] v, lo, hi;
    v = $signed({w[WB-1], w}) - $signed({d[WB-1], d});
    lo = -((WB+1)'(1) <<< (WB - 1));
    hi = ((WB+1)'(1) <<< (WB - 1)) - (WB+1)'(1);
    sub_clamp = v < lo ? WB'(lo) : (v > hi ? WB'(hi) : WB'(v));
  endfunction

  logic v1_q, first1_q, last1_q, commit1_q;
  logic [RANK*2*BW-1:0] p1_q;
  logic [WB-1:0] w1_q;
  logic [COUNT_WIDTH-1:0] count_q, count_next;
  logic gate_latched_q, out_valid_q, advance, nonzero, gate, we;
  logic signed [W-1:0] dot;
  logic [WB-1:0] delta;
  logic [WB-1:0] delta_q, w_q;
  logic we_q, gate_q;
  logic [COUNT_WIDTH-1:0] count_out_q;

  assign advance = !out_valid_q || out_ready_i;
  assign dot = dot_of(p1_q);
  assign delta = delta_of(dot);
  assign nonzero = delta != '0;
  assign count_next = (first1_q ? '0 : count_q) + COUNT_WIDTH'(nonzero);
  assign gate = count_next > COUNT_WIDTH'(THRESHOLD);
  assign we = commit1_q && gate_latched_q && nonzero;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v1_q <= 1'b0;
      first1_q <= 1'b0;
      last1_q <= 1'b0;
      commit1_q <= 1'b0;
      out_valid_q <= 1'b0;
      count_q <= '0;
      gate_latched_q <= 1'b0;
      we_q <= 1'b0;
      gate_q <= 1'b0;
      count_out_q <= '0;
    end else if (advance) begin
      v1_q <= in_valid_i;
      first1_q <= in_first_i;
      last1_q <= in_last_i;
      commit1_q <= in_commit_i;
      out_valid_q <= v1_q;
      if (v1_q) begin
        count_q <= count_next;
        if (last1_q && !commit1_q) gate_latched_q <= gate;
        we_q <= we;
        gate_q <= gate;
        count_out_q <= count_next;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      p1_q <= products(a_i, b_i);
      w1_q <= w_i;
      if (v1_q) begin
        delta_q <= delta;
        w_q <= we ? sub_clamp(w1_q, delta) : w1_q;
      end
    end
  end

  assign in_ready_o = advance;
  assign out_valid_o = out_valid_q;
  assign delta_o = delta_q;
  assign w_o = w_q;
  assign we_o = we_q;
  assign count_o = count_out_q;
  assign gate_o = gate_q;
  assign s1_flags_o = {v1_q, first1_q, last1_q, commit1_q};
  assign s1_w_o = w1_q;
  assign s1_dot_o = DOT_WIDTH'(dot);
  assign s1_products_o = p1_q;
  assign count_state_o = count_q;
  assign gate_latched_o = gate_latched_q;
endmodule
