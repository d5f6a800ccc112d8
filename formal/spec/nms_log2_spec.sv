// Behavioural specification of nms_log2, written from docs/ARITHMETIC.md sections 2, 6.1 and 9
// (not from the emitted RTL): log2(s) for s >= 2^AFFINITY_FRAC by the leading one, the ROM L and
// linear interpolation, the result LATENCY cycles after s is taken, held while not read; the
// whole pipe advances when the output register is empty or read. ROM is L[0 .. 2^LUT_BITS] of
// section 6.1, packed, entry k in bits [k * ROM_WIDTH +: ROM_WIDTH] (computed once in Java).
module nms_log2_spec #(
  parameter int S_WIDTH = 6,
  parameter int AFFINITY_FRAC = 4,
  parameter int ENTROPY_FRAC = 4,
  parameter int MANTISSA_BITS = 4,
  parameter int INTERP_BITS = 2,
  parameter int GUARD = 2,
  parameter int LUT_BITS = 2,
  parameter int ROM_WIDTH = 7,
  parameter logic [((1 << LUT_BITS) + 1) * ROM_WIDTH - 1:0] ROM = '0,
  parameter int LOG2_WIDTH = 6,
  parameter int LATENCY = 3,
  localparam int W = ROM_WIDTH + S_WIDTH + ENTROPY_FRAC + MANTISSA_BITS + 4
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  in_valid_i,
  input  logic [S_WIDTH-1:0]    s_i,
  input  logic                  out_ready_i,
  output logic                  in_ready_o,
  output logic                  out_valid_o,
  output logic [LOG2_WIDTH-1:0] log2_o
);
  `include "nms_rom_interp.svh"

  function automatic logic [LOG2_WIDTH-1:0] log2(input logic [S_WIDTH-1:0] s);
    logic [W-1:0] p, m, idx, rem, y;
    p = '0;
    for (int k = 0; k < S_WIDTH; k++) begin
      if (s[k]) begin
        p = W'(k);
      end
    end
    m = p >= W'(MANTISSA_BITS) ? W'(s) >> (p - W'(MANTISSA_BITS)) : W'(s) << (W'(MANTISSA_BITS) - p);
    m = m & ((W'(1) << MANTISSA_BITS) - 1);
    idx = m >> INTERP_BITS;
    rem = m & ((W'(1) << INTERP_BITS) - 1);
    y = rom_interp(idx, rem);
    log2 = LOG2_WIDTH'(((p - W'(AFFINITY_FRAC)) << ENTROPY_FRAC) + round_shift(y, W'(GUARD)));
  endfunction

  logic [LATENCY-1:0] valid_q;
  logic [S_WIDTH-1:0] s_q [LATENCY];
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
      s_q[0] <= s_i;
      for (int k = 1; k < LATENCY; k++) begin
        s_q[k] <= s_q[k-1];
      end
    end
  end

  assign in_ready_o = advance;
  assign out_valid_o = valid_q[LATENCY-1];
  assign log2_o = log2(s_q[LATENCY-1]);
endmodule
