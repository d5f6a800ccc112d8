// Behavioural specification of nms_lrt_project's streaming half, written from docs/ARITHMETIC.md
// section 12.2 (not from the emitted RTL): the sums a sample's two phases leave for the finisher.
//
// A sample is BU = ceil(N / L) beats of u then BV = ceil(M / L) beats of v, L signed IW-bit
// elements per beat (x_i, lane 0 least significant) with the same lanes of the R basis rows
// (basis_i, row i lane l at bits (i L + l) BW, signed). Per phase: P_i = sum_k B_i[k] x[k] and
// N = sum_k x[k]^2, exact (P_W = dot_width signed, N_W = norm_sq_width bits), lanes past n or m
// of a phase's last beat count 0. Stage A holds a beat's products and squares; at a phase's last
// beat its sums, with that beat's exponent (and, for v, cx0), move into the phase's buffer, which
// stays full until the finisher takes both (take_i: the unit's own take, so the proof holds for
// any finisher). The stream stops only while a phase's last beat meets its buffer full and not
// being taken that cycle (a buffer taken this cycle is free: the finisher holds its old contents).
// Framing is the documented one (in_first_i on beat 0, in_last_i on beat BU + BV - 1); the
// checker assumes it, from beat_o.
module nms_lrt_project_stream_spec #(
  parameter int N = 2,
  parameter int M = 3,
  parameter int L = 1,
  parameter int R = 2,
  parameter int BW = 6,
  parameter int IW = 4,
  parameter int EXP_W = 4,
  parameter int CX0_W = 23,
  parameter int P_W = 11,
  parameter int N_W = 8,
  localparam int BU = (N + L - 1) / L,
  localparam int BV = (M + L - 1) / L,
  localparam int PW = BW + IW,
  localparam int SW = 2 * IW
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 in_valid_i,
  input  logic                 in_first_i,
  input  logic                 in_last_i,
  input  logic [L*IW-1:0]      x_i,
  input  logic [R*L*BW-1:0]    basis_i,
  input  logic [EXP_W-1:0]     exp_i,
  input  logic [CX0_W-1:0]     cx0_i,
  input  logic                 take_i,
  output logic                 in_ready_o,
  output logic [7:0]           beat_o,
  output logic [3:0]           a_flags_o,    // {valid, start, end_u, end_v}
  output logic [R*L*PW-1:0]    a_prod_o,     // row i lane l at (i L + l) PW
  output logic [L*SW-1:0]      a_sq_o,
  output logic [EXP_W-1:0]     a_exp_o,
  output logic [CX0_W-1:0]     a_cx0_o,
  output logic [R*P_W-1:0]     acc_p_o,
  output logic [N_W-1:0]       acc_n_o,
  output logic                 acc_defined_o,
  output logic [1:0]           full_o,       // {v, u}
  output logic [R*P_W-1:0]     buf_u_p_o,
  output logic [N_W-1:0]       buf_u_n_o,
  output logic [EXP_W-1:0]     buf_u_exp_o,
  output logic [R*P_W-1:0]     buf_v_p_o,
  output logic [N_W-1:0]       buf_v_n_o,
  output logic [EXP_W-1:0]     buf_v_exp_o,
  output logic [CX0_W-1:0]     buf_cx0_o
);
  logic [7:0] beat_q, idx;
  logic a_valid_q, a_start_q, a_end_u_q, a_end_v_q, acc_defined_q, full_u_q, full_v_q;
  logic [R*L*PW-1:0] prod_q;
  logic [L*SW-1:0] sq_q;
  logic [EXP_W-1:0] exp_q, bu_exp_q, bv_exp_q;
  logic [CX0_W-1:0] cx0_q, bcx0_q;
  logic [R*P_W-1:0] acc_p_q, acc_p_next, bu_p_q, bv_p_q;
  logic [N_W-1:0] acc_n_q, acc_n_next, bu_n_q, bv_n_q;
  logic advance, a_fire, load_u, load_v;

  // This beat's element k = lane l: its x, 0 past the phase's length.
  function automatic logic [IW-1:0] elem(input logic [L*IW-1:0] x, input logic [7:0] b, input int l);
    logic live;
    live = b < BU ? (b * L + l < N) : ((b - BU) * L + l < M);
    elem = live ? x[l*IW +: IW] : '0;
  endfunction

  function automatic logic [R*L*PW-1:0] products(input logic [L*IW-1:0] x, input logic [R*L*BW-1:0] basis,
      input logic [7:0] b);
    logic [R*L*PW-1:0] r;
    for (int i = 0; i < R; i++) begin
      for (int l = 0; l < L; l++) begin
        r[(i*L + l)*PW +: PW] = $signed(basis[(i*L + l)*BW +: BW]) * $signed(elem(x, b, l));
      end
    end
    products = r;
  endfunction

  function automatic logic [L*SW-1:0] squares(input logic [L*IW-1:0] x, input logic [7:0] b);
    logic [L*SW-1:0] r;
    for (int l = 0; l < L; l++) begin
      r[l*SW +: SW] = $signed(elem(x, b, l)) * $signed(elem(x, b, l));
    end
    squares = r;
  endfunction

  assign idx = in_first_i ? '0 : beat_q;
  assign advance = !(a_valid_q && ((a_end_u_q && full_u_q && !take_i) || (a_end_v_q && full_v_q && !take_i)));
  assign a_fire = a_valid_q && advance;
  assign load_u = a_fire && a_end_u_q;
  assign load_v = a_fire && a_end_v_q;

  for (genvar i = 0; i < R; i++) begin : g_p
    logic signed [P_W-1:0] s;
    always_comb begin
      s = a_start_q ? '0 : acc_p_q[i*P_W +: P_W];
      for (int l = 0; l < L; l++) begin
        s = s + $signed({{(P_W-PW){prod_q[(i*L + l)*PW + PW - 1]}}, prod_q[(i*L + l)*PW +: PW]});
      end
    end
    assign acc_p_next[i*P_W +: P_W] = s;
  end
  always_comb begin
    acc_n_next = a_start_q ? '0 : acc_n_q;
    for (int l = 0; l < L; l++) acc_n_next = acc_n_next + N_W'(sq_q[l*SW +: SW]);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0;
      a_valid_q <= 1'b0;
      a_start_q <= 1'b0;
      a_end_u_q <= 1'b0;
      a_end_v_q <= 1'b0;
      acc_defined_q <= 1'b0;
      full_u_q <= 1'b0;
      full_v_q <= 1'b0;
    end else begin
      if (in_valid_i && advance) beat_q <= in_last_i ? '0 : idx + 1'b1;
      if (advance) begin
        a_valid_q <= in_valid_i;
        a_start_q <= idx == '0 || idx == 8'(BU);
        a_end_u_q <= idx == 8'(BU - 1);
        a_end_v_q <= in_last_i;
      end
      if (a_fire) acc_defined_q <= acc_defined_q || a_start_q;
      full_u_q <= load_u ? 1'b1 : (take_i ? 1'b0 : full_u_q);
      full_v_q <= load_v ? 1'b1 : (take_i ? 1'b0 : full_v_q);
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      prod_q <= products(x_i, basis_i, idx);
      sq_q <= squares(x_i, idx);
      exp_q <= exp_i;
      cx0_q <= cx0_i;
    end
    if (a_fire) begin
      acc_p_q <= acc_p_next;
      acc_n_q <= acc_n_next;
    end
    if (load_u) begin
      bu_p_q <= acc_p_next;
      bu_n_q <= acc_n_next;
      bu_exp_q <= exp_q;
    end
    if (load_v) begin
      bv_p_q <= acc_p_next;
      bv_n_q <= acc_n_next;
      bv_exp_q <= exp_q;
      bcx0_q <= cx0_q;
    end
  end

  assign in_ready_o = advance;
  assign beat_o = beat_q;
  assign a_flags_o = {a_valid_q, a_start_q, a_end_u_q, a_end_v_q};
  assign a_prod_o = prod_q;
  assign a_sq_o = sq_q;
  assign a_exp_o = exp_q;
  assign a_cx0_o = cx0_q;
  assign acc_p_o = acc_p_q;
  assign acc_n_o = acc_n_q;
  assign acc_defined_o = acc_defined_q;
  assign full_o = {full_v_q, full_u_q};
  assign buf_u_p_o = bu_p_q;
  assign buf_u_n_o = bu_n_q;
  assign buf_u_exp_o = bu_exp_q;
  assign buf_v_p_o = bv_p_q;
  assign buf_v_n_o = bv_n_q;
  assign buf_v_exp_o = bv_exp_q;
  assign buf_cx0_o = bcx0_q;
endmodule
