// Behavioural specification of nms_lrt_write, written from docs/ARITHMETIC.md section 12.3 (not
// from the emitted RTL): one cell per cycle, latency LATENCY (the unit's, 7 + ceil(log2(ceil(BW / 4)))).
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
// Outputs delta, w', we, count, gate in out_valid LATENCY cycles after the cell is taken, held while
// not read; the whole pipe advances when the output register is empty or read. gate_latched resets
// to 0. The cell travels through stages 1 .. LATENCY - 1 with its exact products a_k b_k (taken on
// entry) and the values above are taken at the last stage; the checker's map states what each RTL
// stage holds in terms of the cell there (its a, b, w, flags, products and their dot, rounded dot,
// delta), and the checker's invariant that each stage's products are its a_k b_k.
module nms_lrt_write_spec #(
  parameter int RANK = 2,
  parameter int BW = 6,
  parameter int WB = 4,
  parameter int SHIFT = 10,
  parameter int DOT_WIDTH = 13,
  parameter int COUNT_WIDTH = 3,
  parameter int THRESHOLD = 0,
  parameter int LATENCY = 8,
  localparam int W = DOT_WIDTH + 2,
  localparam int S = LATENCY - 1
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
  // The state, for the checker's map: per stage st = 1 .. S (at index st - 1) the cell's flags
  // {valid, first, last, commit}, a, b, w and its values (products a_k b_k, 2 BW bits each; dot;
  // the rounded dot before the clamp, W bits; delta); the pass's count and latched gate.
  output logic [S*4-1:0]         st_flags_o,
  output logic [S*RANK*BW-1:0]   st_a_o,
  output logic [S*RANK*BW-1:0]   st_b_o,
  output logic [S*WB-1:0]        st_w_o,
  output logic [S*RANK*2*BW-1:0] st_products_o,
  output logic [S*DOT_WIDTH-1:0] st_dot_o,
  output logic [S*W-1:0]         st_rounded_o,
  output logic [S*WB-1:0]        st_delta_o,
  output logic [COUNT_WIDTH-1:0] count_state_o,
  output logic                   gate_latched_o
);
  // The RANK exact products a_k b_k, 2 BW bits each.
  function automatic logic [RANK*2*BW-1:0] products(input logic [RANK*BW-1:0] a, input logic [RANK*BW-1:0] b);
    logic [RANK*2*BW-1:0] r;
    for (int k = 0; k < RANK; k++) begin
      r[k*2*BW +: 2*BW] = $signed(a[k*BW +: BW]) * $signed(b[k*BW +: BW]);
    end
    products = r;
  endfunction

  // Their exact sum.
  function automatic logic signed [W-1:0] dot_of(input logic [RANK*2*BW-1:0] p);
    logic signed [W-1:0] d;
    d = '0;
    for (int k = 0; k < RANK; k++) begin
      d = d + $signed({{(W-2*BW){p[k*2*BW+2*BW-1]}}, p[k*2*BW +: 2*BW]});
    end
    dot_of = d;
  endfunction

  // round_half_even(d / 2^SHIFT).
  function automatic logic signed [W-1:0] round_of(input logic signed [W-1:0] d);
    logic signed [W-1:0] q, rem, half;
    q = d >>> SHIFT;
    rem = d - (q <<< SHIFT);
    half = W'(1) <<< (SHIFT - 1);
    if (rem > half || (rem == half && q[0])) q = q + W'(1);
    round_of = q;
  endfunction

  // Clamped to WB bits signed.
  function automatic logic [WB-1:0] clamp_of(input logic signed [W-1:0] q);
    logic signed [W-1:0] lo, hi;
    lo = -(W'(1) <<< (WB - 1));
    hi = (W'(1) <<< (WB - 1)) - W'(1);
    clamp_of = q < lo ? WB'(lo) : (q > hi ? WB'(hi) : WB'(q));
  endfunction

  function automatic logic [WB-1:0] sub_clamp(input logic [WB-1:0] w, input logic [WB-1:0] d);
    logic signed [WB:0] v, lo, hi;
    v = $signed({w[WB-1], w}) - $signed({d[WB-1], d});
    lo = -((WB+1)'(1) <<< (WB - 1));
    hi = ((WB+1)'(1) <<< (WB - 1)) - (WB+1)'(1);
    sub_clamp = v < lo ? WB'(lo) : (v > hi ? WB'(hi) : WB'(v));
  endfunction

  // Stage st at index st - 1 (S >= 2: the latency is at least 7): the valid flag resets, the rest
  // travels with it.
  logic [S-1:0] v_q, first_q, last_q, commit_q;
  logic [S*RANK*BW-1:0] a_q, b_q;
  logic [S*RANK*2*BW-1:0] p_q;
  logic [S*WB-1:0] w_q;
  logic [COUNT_WIDTH-1:0] count_q, count_next;
  logic gate_latched_q, out_valid_q, advance, nonzero, gate, we, vl, firstl, lastl, commitl;
  logic [WB-1:0] delta, wl;
  logic [WB-1:0] delta_q, w_out_q;
  logic we_q, gate_q;
  logic [COUNT_WIDTH-1:0] count_out_q;

  for (genvar st = 0; st < S; st++) begin : g_st
    logic [RANK*2*BW-1:0] p;
    logic signed [W-1:0] d, q;
    assign p = p_q[st*RANK*2*BW +: RANK*2*BW];
    assign d = dot_of(p);
    assign q = round_of(d);
    assign st_products_o[st*RANK*2*BW +: RANK*2*BW] = p;
    assign st_dot_o[st*DOT_WIDTH +: DOT_WIDTH] = DOT_WIDTH'(d);
    assign st_rounded_o[st*W +: W] = q;
    assign st_delta_o[st*WB +: WB] = clamp_of(q);
  end

  // The last stage's cell: what section 12.3 says of it.
  assign {vl, firstl, lastl, commitl} = {v_q[S-1], first_q[S-1], last_q[S-1], commit_q[S-1]};
  assign wl = w_q[(S-1)*WB +: WB];
  assign delta = st_delta_o[(S-1)*WB +: WB];
  assign advance = !out_valid_q || out_ready_i;
  assign nonzero = delta != '0;
  assign count_next = (firstl ? '0 : count_q) + COUNT_WIDTH'(nonzero);
  assign gate = count_next > COUNT_WIDTH'(THRESHOLD);
  assign we = commitl && gate_latched_q && nonzero;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q <= '0;
      out_valid_q <= 1'b0;
      count_q <= '0;
      gate_latched_q <= 1'b0;
      we_q <= 1'b0;
      gate_q <= 1'b0;
      count_out_q <= '0;
    end else if (advance) begin
      v_q <= {v_q[S-2:0], in_valid_i};
      out_valid_q <= vl;
      if (vl) begin
        count_q <= count_next;
        if (lastl && !commitl) gate_latched_q <= gate;
        we_q <= we;
        gate_q <= gate;
        count_out_q <= count_next;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      first_q <= {first_q[S-2:0], in_first_i};
      last_q <= {last_q[S-2:0], in_last_i};
      commit_q <= {commit_q[S-2:0], in_commit_i};
      a_q <= {a_q[(S-1)*RANK*BW-1:0], a_i};
      b_q <= {b_q[(S-1)*RANK*BW-1:0], b_i};
      p_q <= {p_q[(S-1)*RANK*2*BW-1:0], products(a_i, b_i)};
      w_q <= {w_q[(S-1)*WB-1:0], w_i};
      if (vl) begin
        delta_q <= delta;
        w_out_q <= we ? sub_clamp(wl, delta) : wl;
      end
    end
  end

  assign in_ready_o = advance;
  assign out_valid_o = out_valid_q;
  assign delta_o = delta_q;
  assign w_o = w_out_q;
  assign we_o = we_q;
  assign count_o = count_out_q;
  assign gate_o = gate_q;
  for (genvar st = 0; st < S; st++) begin : g_flags
    assign st_flags_o[st*4 +: 4] = {v_q[st], first_q[st], last_q[st], commit_q[st]};
  end
  assign st_a_o = a_q;
  assign st_b_o = b_q;
  assign st_w_o = w_q;
  assign count_state_o = count_q;
  assign gate_latched_o = gate_latched_q;
endmodule
