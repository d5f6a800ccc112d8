// Behavioural specification of nms_sketch, written from docs/ARITHMETIC.md section 11.1 (not
// from the emitted RTL): what an image's sketch is, and when it appears.
//
// Arithmetic: pixel j of an image is pixel (j mod LANES) of beat j / LANES; element k sums
// e(k, j) = x_j for code +1, MAX_PIXEL - x_j for code -1, 0 for code 0, over the beats taken
// since the last restart (E_k, exact in ACC_WIDTH = sketch_acc_width bits), and the sketch element
// is round_shift(E_k, SHIFT) (half up), in SKETCH_WIDTH bits, element 0 least significant.
// CODES holds c(k, j) (nms.config.SketchPattern, computed once in Java), 2 bits per (k, j) at
// [(k * DIMS + j) * 2 +: 2]: 2'b01 = +1, 2'b10 = -1, 2'b00 = 0.
// Framing: the beat index restarts at 0 on in_first_i, on the first beat after in_last_i and after
// reset, and saturates at Beats (past the image: every code 0); a beat of index 0 starts E afresh.
// Timing: one beat per cycle; stage 1 holds the beat, stage 2 its per-element sums, stage 3
// accumulates and on the last beat loads the sketch into the output register: out_valid 3 cycles
// after the last beat, held while not taken; the pipe stops only when an image's last beat has
// reached the accumulator and the previous sketch is unread.
//
// The spec carries each beat's per-element sums through the two stages before the accumulator
// (stage_sum_o, stage 0 youngest), so the checker can name what every stage of the unit holds.
module nms_sketch_spec #(
  parameter int PIXEL_WIDTH = 4,
  parameter int DIMS = 16,
  parameter int LANES = 2,
  parameter int ELEMENTS = 4,
  parameter int ACC_WIDTH = 6,
  parameter int SHIFT = 2,
  parameter int SKETCH_WIDTH = 4,
  parameter logic [ELEMENTS*DIMS*2-1:0] CODES = '0,
  localparam int Beats = (DIMS + LANES - 1) / LANES,
  localparam int CntWidth = $clog2(Beats + 1),
  localparam int DEPTH = 2,
  localparam int MaxPixel = (1 << PIXEL_WIDTH) - 1
) (
  input  logic                             clk_i,
  input  logic                             rst_ni,
  input  logic                             in_valid_i,
  input  logic                             in_first_i,
  input  logic                             in_last_i,
  input  logic [LANES*PIXEL_WIDTH-1:0]     pixels_i,
  input  logic                             out_ready_i,
  output logic                             in_ready_o,
  output logic                             out_valid_o,
  output logic [ELEMENTS*SKETCH_WIDTH-1:0] sketch_o,
  // sketch_o is an image's sketch whose first beat restarted the sums (always so from reset; the
  // invariants in the checker prove it).
  output logic                             sketch_defined_o,
  output logic [CntWidth-1:0]              beat_cnt_o,
  output logic [DEPTH-1:0]                 stage_valid_o,
  output logic [DEPTH-1:0]                 stage_first_o,
  output logic [DEPTH-1:0]                 stage_last_o,
  output logic [DEPTH*ELEMENTS*ACC_WIDTH-1:0] stage_sum_o,
  output logic [ELEMENTS*ACC_WIDTH-1:0]    acc_o,
  output logic                             acc_defined_o
);
  // The per-element sums of one beat of index b.
  function automatic logic [ELEMENTS*ACC_WIDTH-1:0] beat_sums(input logic [LANES*PIXEL_WIDTH-1:0] px,
      input logic [CntWidth-1:0] b);
    logic [ELEMENTS*ACC_WIDTH-1:0] sums;
    logic [ACC_WIDTH-1:0] sum;
    logic [PIXEL_WIDTH-1:0] x;
    logic [1:0] code;
    integer j;
    sums = '0;
    for (int k = 0; k < ELEMENTS; k++) begin
      sum = '0;
      for (int i = 0; i < LANES; i++) begin
        j = b * LANES + i;
        x = px[i*PIXEL_WIDTH +: PIXEL_WIDTH];
        code = (b < Beats && j < DIMS) ? CODES[(k*DIMS + j)*2 +: 2] : 2'b00;
        if (code == 2'b01) sum = sum + ACC_WIDTH'(x);
        else if (code == 2'b10) sum = sum + (ACC_WIDTH'(MaxPixel) - ACC_WIDTH'(x));
      end
      sums[k*ACC_WIDTH +: ACC_WIDTH] = sum;
    end
    beat_sums = sums;
  endfunction

  function automatic logic [ELEMENTS*SKETCH_WIDTH-1:0] rounded(input logic [ELEMENTS*ACC_WIDTH-1:0] e);
    logic [ELEMENTS*SKETCH_WIDTH-1:0] s;
    logic [ACC_WIDTH:0] v;
    for (int k = 0; k < ELEMENTS; k++) begin
      v = {1'b0, e[k*ACC_WIDTH +: ACC_WIDTH]};
      if (SHIFT > 0) v = (v + ((ACC_WIDTH+1)'(1) << (SHIFT - 1))) >> SHIFT;
      s[k*SKETCH_WIDTH +: SKETCH_WIDTH] = SKETCH_WIDTH'(v);
    end
    rounded = s;
  endfunction

  logic [CntWidth-1:0] cnt_q, idx;
  logic [DEPTH-1:0] valid_q, first_q, last_q;
  logic [ELEMENTS*ACC_WIDTH-1:0] sum_q [DEPTH];
  logic [ELEMENTS*ACC_WIDTH-1:0] acc_q, acc_next;
  logic [ELEMENTS*SKETCH_WIDTH-1:0] sketch_q;
  logic acc_defined_q, sketch_defined_q, out_valid_q;
  logic advance, tail_done;

  assign idx = in_first_i ? '0 : cnt_q;
  assign tail_done = valid_q[DEPTH-1] && last_q[DEPTH-1];
  assign advance = !tail_done || !out_valid_q || out_ready_i;
  for (genvar k = 0; k < ELEMENTS; k++) begin : g_acc
    assign acc_next[k*ACC_WIDTH +: ACC_WIDTH] = (first_q[DEPTH-1] ? ACC_WIDTH'(0) : acc_q[k*ACC_WIDTH +: ACC_WIDTH])
        + sum_q[DEPTH-1][k*ACC_WIDTH +: ACC_WIDTH];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
      valid_q <= '0;
      first_q <= '0;
      last_q <= '0;
      out_valid_q <= 1'b0;
      acc_defined_q <= 1'b0;
      sketch_defined_q <= 1'b0;
    end else begin
      if (in_valid_i && advance) begin
        cnt_q <= in_last_i ? '0 : (idx == CntWidth'(Beats) ? idx : idx + 1'b1);
      end
      if (advance) begin
        valid_q[0] <= in_valid_i;
        first_q[0] <= idx == '0;
        last_q[0] <= in_last_i;
        for (int s = 1; s < DEPTH; s++) begin
          valid_q[s] <= valid_q[s-1];
          first_q[s] <= first_q[s-1];
          last_q[s] <= last_q[s-1];
        end
        if (valid_q[DEPTH-1]) begin
          acc_defined_q <= first_q[DEPTH-1] || acc_defined_q;
          if (last_q[DEPTH-1]) sketch_defined_q <= first_q[DEPTH-1] || acc_defined_q;
        end
      end
      out_valid_q <= (tail_done && advance) || (out_valid_q && !out_ready_i);
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      sum_q[0] <= beat_sums(pixels_i, idx);
      for (int s = 1; s < DEPTH; s++) sum_q[s] <= sum_q[s-1];
      if (valid_q[DEPTH-1]) begin
        acc_q <= acc_next;
        if (last_q[DEPTH-1]) sketch_q <= rounded(acc_next);
      end
    end
  end

  assign in_ready_o = advance;
  assign out_valid_o = out_valid_q;
  assign sketch_o = sketch_q;
  assign sketch_defined_o = sketch_defined_q;
  assign beat_cnt_o = cnt_q;
  assign stage_valid_o = valid_q;
  assign stage_first_o = first_q;
  assign stage_last_o = last_q;
  for (genvar s = 0; s < DEPTH; s++) begin : g_stage
    assign stage_sum_o[s*ELEMENTS*ACC_WIDTH +: ELEMENTS*ACC_WIDTH] = sum_q[s];
  end
  assign acc_o = acc_q;
  assign acc_defined_o = acc_defined_q;
endmodule
