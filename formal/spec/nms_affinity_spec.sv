// Behavioural specification of nms_affinity, written from docs/ARITHMETIC.md sections 2, 5 and 9
// and the unit's datasheet (latency FRONT + exp2 latency + 1, one element per cycle), not from
// the emitted RTL. Per element: bl = round_shift(beta * LOG2E, 32) and dmin taken with the row's
// first element; d' = d - dmin (modulo 2^DIST_W, the datasheet's wrap for d < dmin);
// t = min(round_shift(bl * d', BETA_FRAC - T_FRAC), T_SAT), computed in the first of the FRONT
// stages from the bl and d' taken with the element; a = 2^-t by the exp2 spec (section 5.1, composed: the affinity's a is
// nms_exp2_spec's); in the output register S = sum a, T = sum t * a, restarted by first (modulo
// 2^SA_W / 2^STA_W beyond the spec's row length). Flow control as the datasheet's three pipe
// segments: the FRONT stages move together when their last stage is empty or exp2 takes it,
// exp2's stages when its output is empty or read, the output register when empty or read.
// The *_defined flags say the value follows from a first element seen since reset.
// EXT_PRODUCT = 1 takes bl * d' of the first stage from product_i instead of multiplying: the
// proof's abstraction of the wide multiplier (riscv-formal style), sound where the proof also
// shows the operands it was computed from equal the first stage's bl and d'.
module nms_affinity_spec #(
  parameter int BETA_W = 20,
  parameter int DIST_W = 11,
  parameter int BL_W = 21,
  parameter int T_WIDTH = 7,
  parameter int A_W = 5,
  parameter int SA_W = 6,
  parameter int STA_W = 13,
  parameter int BETA_FRAC = 19,
  parameter int T_FRAC = 4,
  parameter logic [32:0] LOG2E = 33'd6196328019,
  parameter int T_SAT = 96,
  parameter int FRONT = 3,
  parameter bit EXT_PRODUCT = 0,
  // nms_exp2_spec's parameters
  parameter int AFFINITY_FRAC = 4,
  parameter int LUT_BITS = 2,
  parameter int LUT_FRAC = 6,
  parameter int INTERP_BITS = 2,
  parameter int ROM_WIDTH = 7,
  parameter logic [((1 << LUT_BITS) + 1) * ROM_WIDTH - 1:0] ROM = '0,
  parameter int EXP_LATENCY = 3,
  localparam int PW = BETA_W + 34,
  localparam int QW = BL_W + DIST_W + 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      in_valid_i,
  input  logic                      first_i,
  input  logic                      last_i,
  input  logic [BETA_W-1:0]         beta_i,
  input  logic [DIST_W-1:0]         dmin_i,
  input  logic [DIST_W-1:0]         dist_i,
  input  logic                      out_ready_i,
  input  logic [QW-1:0]             product_i,
  output logic                      in_ready_o,
  output logic                      out_valid_o,
  output logic                      last_o,
  output logic [T_WIDTH-1:0]            t_o,
  output logic [A_W-1:0]            a_o,
  output logic [SA_W-1:0]           sum_a_o,
  output logic [STA_W-1:0]          sum_ta_o,
  output logic                      t_defined_o,
  output logic                      sums_defined_o,
  // State for the refinement map of the proof (Checkers.affinity)
  output logic                      row_defined_o,
  output logic [BL_W-1:0]           row_bl_o,
  output logic [DIST_W-1:0]         row_dmin_o,
  output logic [FRONT-1:0]          front_valid_o,
  output logic [FRONT-1:0]          front_first_o,
  output logic [FRONT-1:0]          front_last_o,
  output logic [FRONT-1:0]          front_defined_o,
  output logic [FRONT*T_WIDTH-1:0]      front_t_o,
  output logic [BL_W-1:0]           front_bl_o,
  output logic [DIST_W-1:0]         front_dp_o,
  output logic [EXP_LATENCY-1:0]    exp_valid_o,
  output logic [EXP_LATENCY-1:0]    exp_first_o,
  output logic [EXP_LATENCY-1:0]    exp_last_o,
  output logic [EXP_LATENCY-1:0]    exp_defined_o,
  output logic [EXP_LATENCY*T_WIDTH-1:0] exp_t_o
);
  function automatic logic [PW-1:0] round_shift(input logic [PW-1:0] v, input int s);
    round_shift = (v + (PW'(1) << (s - 1))) >> s;
  endfunction

  // t of one element (section 5), from its row's bl and its d'.
  function automatic logic [T_WIDTH-1:0] t_of(input logic [QW-1:0] product);
    logic [PW-1:0] t;
    t = round_shift(PW'(product), BETA_FRAC - T_FRAC);
    t_of = t > PW'(T_SAT) ? T_WIDTH'(T_SAT) : T_WIDTH'(t);
  endfunction

  logic take, front_adv, exp_ready, exp_valid, out_free, out_take;
  logic [BL_W-1:0] bl;
  logic [DIST_W-1:0] dp;
  logic [A_W-1:0] exp_a;

  // Row registers
  logic row_def_q;
  logic [BL_W-1:0] row_bl_q;
  logic [DIST_W-1:0] row_dmin_q;
  assign take = in_valid_i && in_ready_o;
  assign bl = first_i ? BL_W'(round_shift(PW'(beta_i) * PW'(LOG2E), 32)) : row_bl_q;
  assign dp = dist_i - (first_i ? dmin_i : row_dmin_q);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_def_q <= 1'b0;
    end else if (take && first_i) begin
      row_def_q <= 1'b1;
    end
  end
  always_ff @(posedge clk_i) begin
    if (take && first_i) begin
      row_bl_q <= bl;
      row_dmin_q <= dmin_i;
    end
  end

  // Front segment: the element's flags, its bl and d' in the first stage, its t after it
  logic [FRONT-1:0] fv_q, ff_q, fl_q, fd_q;
  logic [T_WIDTH-1:0] ft_q [FRONT];
  logic [BL_W-1:0] f_bl_q;
  logic [DIST_W-1:0] f_dp_q;
  logic [QW-1:0] product;
  assign product = EXT_PRODUCT ? product_i : QW'(f_bl_q) * QW'(f_dp_q);
  assign front_adv = !fv_q[FRONT-1] || exp_ready;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fv_q <= '0;
      ff_q <= '0;
      fl_q <= '0;
      fd_q <= '0;
    end else if (front_adv) begin
      fv_q <= {fv_q[FRONT-2:0], in_valid_i};
      ff_q <= {ff_q[FRONT-2:0], first_i};
      fl_q <= {fl_q[FRONT-2:0], last_i};
      fd_q <= {fd_q[FRONT-2:0], first_i || row_def_q};
    end
  end
  always_ff @(posedge clk_i) begin
    if (front_adv) begin
      f_bl_q <= bl;
      f_dp_q <= dp;
      ft_q[1] <= t_of(product);
      for (int s = 2; s < FRONT; s++) begin
        ft_q[s] <= ft_q[s-1];
      end
    end
  end
  assign in_ready_o = front_adv;

  // Exp2 segment: a = 2^-t (section 5.1) and the element's flags beside it
  logic [EXP_LATENCY*T_WIDTH-1:0] exp_t;
  nms_exp2_spec #(.T_WIDTH(T_WIDTH), .T_FRAC(T_FRAC), .AFFINITY_FRAC(AFFINITY_FRAC), .LUT_BITS(LUT_BITS),
      .LUT_FRAC(LUT_FRAC), .INTERP_BITS(INTERP_BITS), .ROM_WIDTH(ROM_WIDTH), .ROM(ROM), .LATENCY(EXP_LATENCY)) u_exp (
    .clk_i, .rst_ni, .in_valid_i(fv_q[FRONT-1]), .t_i(ft_q[FRONT-1]), .out_ready_i(out_free),
    .in_ready_o(exp_ready), .out_valid_o(exp_valid), .a_o(exp_a), .stage_valid_o(exp_valid_o), .stage_t_o(exp_t));
  logic [EXP_LATENCY-1:0] ef_q, el_q, ed_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ef_q <= '0;
      el_q <= '0;
      ed_q <= '0;
    end else if (exp_ready) begin
      ef_q <= {ef_q[EXP_LATENCY-2:0], ff_q[FRONT-1]};
      el_q <= {el_q[EXP_LATENCY-2:0], fl_q[FRONT-1]};
      ed_q <= {ed_q[EXP_LATENCY-2:0], fd_q[FRONT-1]};
    end
  end

  // Output register and the running sums
  logic ov_q, last_q, td_q, sd_q;
  logic [T_WIDTH-1:0] t_q, t_e;
  logic [A_W-1:0] a_q;
  logic [SA_W-1:0] s_q;
  logic [STA_W-1:0] ta_q;
  assign out_free = !ov_q || out_ready_i;
  assign out_take = exp_valid && out_free;
  assign t_e = exp_t[(EXP_LATENCY-1)*T_WIDTH +: T_WIDTH];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ov_q <= 1'b0;
      last_q <= 1'b0;
      td_q <= 1'b0;
      sd_q <= 1'b0;
    end else begin
      ov_q <= out_take || (ov_q && !out_ready_i);
      if (out_take) begin
        last_q <= el_q[EXP_LATENCY-1];
        td_q <= ed_q[EXP_LATENCY-1];
        sd_q <= ed_q[EXP_LATENCY-1] && (ef_q[EXP_LATENCY-1] || sd_q);
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (out_take) begin
      t_q <= t_e;
      a_q <= exp_a;
      s_q <= (ef_q[EXP_LATENCY-1] ? SA_W'(0) : s_q) + SA_W'(exp_a);
      ta_q <= (ef_q[EXP_LATENCY-1] ? STA_W'(0) : ta_q) + STA_W'(STA_W'(t_e) * STA_W'(exp_a));
    end
  end

  assign out_valid_o = ov_q;
  assign last_o = last_q;
  assign t_o = t_q;
  assign a_o = a_q;
  assign sum_a_o = s_q;
  assign sum_ta_o = ta_q;
  assign t_defined_o = td_q;
  assign sums_defined_o = sd_q;
  assign row_defined_o = row_def_q;
  assign row_bl_o = row_bl_q;
  assign row_dmin_o = row_dmin_q;
  assign front_valid_o = fv_q;
  assign front_first_o = ff_q;
  assign front_last_o = fl_q;
  assign front_defined_o = fd_q;
  always @* begin
    front_t_o[T_WIDTH-1:0] = '0;  // stage 0 holds bl and d', not t
    for (int s = 1; s < FRONT; s++) begin
      front_t_o[s * T_WIDTH +: T_WIDTH] = ft_q[s];
    end
  end
  assign front_bl_o = f_bl_q;
  assign front_dp_o = f_dp_q;
  assign exp_first_o = ef_q;
  assign exp_last_o = el_q;
  assign exp_defined_o = ed_q;
  assign exp_t_o = exp_t;
endmodule
