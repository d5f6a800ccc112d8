// Behavioural specification of nms_exp2, written from docs/ARITHMETIC.md sections 2, 5.1 and 9
// (not from the emitted RTL): a = 2^-t by the ROM E plus linear interpolation, the result
// LATENCY cycles after t is taken, held while not read; the whole pipe advances when the output
// register is empty or read. ROM is the table E[0 .. 2^LUT_BITS] of section 5.1, packed, entry k
// in bits [k * ROM_WIDTH +: ROM_WIDTH] (computed once in Java by the golden model).
module nms_exp2_spec #(
  parameter int T_WIDTH = 7,
  parameter int T_FRAC = 4,
  parameter int AFFINITY_FRAC = 4,
  parameter int LUT_BITS = 2,
  parameter int LUT_FRAC = 6,
  parameter int INTERP_BITS = 2,
  parameter int ROM_WIDTH = 7,
  parameter logic [((1 << LUT_BITS) + 1) * ROM_WIDTH - 1:0] ROM = '0,
  parameter int LATENCY = 3,
  localparam int AW = AFFINITY_FRAC + 1,
  localparam int W = ROM_WIDTH + T_WIDTH + 2
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               in_valid_i,
  input  logic [T_WIDTH-1:0] t_i,
  input  logic               out_ready_i,
  output logic               in_ready_o,
  output logic               out_valid_o,
  output logic [AW-1:0]      a_o,
  // The pipe's state, for a parent's refinement map (nms_affinity_spec, the affinity proof).
  output logic [LATENCY-1:0] stage_valid_o,
  output logic [LATENCY*T_WIDTH-1:0] stage_t_o
);
  `include "nms_rom_interp.svh"

  function automatic logic [AW-1:0] exp2(input logic [T_WIDTH-1:0] t);
    logic [W-1:0] ti, tf, idx, rem, y;
    ti = W'(t) >> T_FRAC;
    tf = W'(t) & ((W'(1) << T_FRAC) - 1);
    idx = tf >> (T_FRAC - LUT_BITS);
    rem = tf & ((W'(1) << INTERP_BITS) - 1);
    y = rom_interp(idx, rem);
    if (ti >= W'(AFFINITY_FRAC + 2)) begin
      exp2 = '0;
    end else begin
      exp2 = AW'(round_shift(y, ti + W'(LUT_FRAC - AFFINITY_FRAC)));
    end
  endfunction

  logic [LATENCY-1:0] valid_q;
  logic [T_WIDTH-1:0] t_q [LATENCY];
  logic advance;

  assign advance = !valid_q[LATENCY-1] || out_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else if (advance) begin
      valid_q <= {valid_q[LATENCY-2:0], in_valid_i};
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      t_q[0] <= t_i;
      for (int s = 1; s < LATENCY; s++) begin
        t_q[s] <= t_q[s-1];
      end
    end
  end

  assign in_ready_o = advance;
  assign out_valid_o = valid_q[LATENCY-1];
  assign a_o = exp2(t_q[LATENCY-1]);
  assign stage_valid_o = valid_q;
  always @* begin
    for (int s = 0; s < LATENCY; s++) begin
      stage_t_o[s * T_WIDTH +: T_WIDTH] = t_q[s];
    end
  end
endmodule
