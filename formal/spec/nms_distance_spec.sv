// Behavioural specification of nms_distance, written from docs/ARITHMETIC.md sections 4 and 9
// (not from the emitted RTL): what a pair's distance is, and when it appears.
//
// Arithmetic (section 4): a pair is the beats from one carrying first up to one carrying last; a
// beat adds, over its LANES pixels, (a - b)^2 (L2) or |a - b| (L1); the lanes of a last beat that
// lie past DIMS add 0. The distance is exact in DIST_WIDTH bits.
// Timing (section 9): one beat per cycle, the distance in out_valid 2 + L2 + ceil(ceil(log2 LANES)
// / ADDER_LEVELS_PER_STAGE) cycles after the pair's last beat, held while not taken; the pipe stops
// only when a finished pair meets an unread distance.
//
// The spec carries each accepted beat's whole sum through DEPTH stages, so the proof can name what
// every stage of the unit must hold (the refinement map in the checker), then accumulates it.
module nms_distance_spec #(
  parameter int PIXEL_WIDTH = 4,
  parameter int DIMS = 8,
  parameter int LANES = 2,
  parameter int L2 = 1,
  parameter int ADDER_LEVELS_PER_STAGE = 1,
  parameter int DIST_WIDTH = 11,
  localparam int Beats = (DIMS + LANES - 1) / LANES,
  localparam int PixelsInLastBeat = DIMS - (Beats - 1) * LANES,
  localparam int Levels = $clog2(LANES),
  localparam int TreeStages = (Levels + ADDER_LEVELS_PER_STAGE - 1) / ADDER_LEVELS_PER_STAGE,
  // Stages between the input and the accumulator: latency minus the output register.
  localparam int DEPTH = 1 + L2 + TreeStages
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          in_valid_i,
  input  logic                          in_first_i,
  input  logic                          in_last_i,
  input  logic [LANES*PIXEL_WIDTH-1:0]  a_i,
  input  logic [LANES*PIXEL_WIDTH-1:0]  b_i,
  input  logic                          out_ready_i,
  output logic                          in_ready_o,
  output logic                          out_valid_o,
  output logic [DIST_WIDTH-1:0]         dist_o,
  // dist_o is the distance of a pair that began with a first beat (else it is unspecified).
  output logic                          dist_defined_o,
  // The stages, for the refinement map: stage 0 is the youngest.
  output logic [DEPTH-1:0]              stage_valid_o,
  output logic [DEPTH-1:0]              stage_first_o,
  output logic [DEPTH-1:0]              stage_last_o,
  output logic [DEPTH*DIST_WIDTH-1:0]   stage_sum_o,
  output logic [DIST_WIDTH-1:0]         acc_o,
  output logic                          acc_defined_o
);
  function automatic logic [DIST_WIDTH-1:0] beat_sum(input logic [LANES*PIXEL_WIDTH-1:0] a,
      input logic [LANES*PIXEL_WIDTH-1:0] b, input logic last);
    logic [DIST_WIDTH-1:0] sum;
    logic [PIXEL_WIDTH-1:0] x, y, d;
    sum = '0;
    for (int k = 0; k < LANES; k++) begin
      x = a[k*PIXEL_WIDTH +: PIXEL_WIDTH];
      y = b[k*PIXEL_WIDTH +: PIXEL_WIDTH];
      d = x > y ? x - y : y - x;
      if (!(last && k >= PixelsInLastBeat)) begin
        sum = sum + (L2 != 0 ? DIST_WIDTH'(d) * DIST_WIDTH'(d) : DIST_WIDTH'(d));
      end
    end
    beat_sum = sum;
  endfunction

  logic [DEPTH-1:0] valid_q, first_q, last_q;
  logic [DIST_WIDTH-1:0] sum_q [DEPTH];
  logic [DIST_WIDTH-1:0] acc_q, dist_q;
  logic acc_defined_q, dist_defined_q, out_valid_q;
  logic advance, tail_done;

  assign tail_done = valid_q[DEPTH-1] && last_q[DEPTH-1];
  assign advance = !tail_done || !out_valid_q || out_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      first_q <= '0;
      last_q <= '0;
      out_valid_q <= 1'b0;
      acc_defined_q <= 1'b0;
      dist_defined_q <= 1'b0;
    end else begin
      if (advance) begin
        valid_q[0] <= in_valid_i;
        first_q[0] <= in_first_i;
        last_q[0] <= in_last_i;
        for (int s = 1; s < DEPTH; s++) begin
          valid_q[s] <= valid_q[s-1];
          first_q[s] <= first_q[s-1];
          last_q[s] <= last_q[s-1];
        end
        if (valid_q[DEPTH-1]) begin
          acc_defined_q <= first_q[DEPTH-1] || acc_defined_q;
          if (last_q[DEPTH-1]) begin
            dist_defined_q <= first_q[DEPTH-1] || acc_defined_q;
          end
        end
      end
      out_valid_q <= (tail_done && advance) || (out_valid_q && !out_ready_i);
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      sum_q[0] <= beat_sum(a_i, b_i, in_last_i);
      for (int s = 1; s < DEPTH; s++) begin
        sum_q[s] <= sum_q[s-1];
      end
      if (valid_q[DEPTH-1]) begin
        acc_q <= (first_q[DEPTH-1] ? '0 : acc_q) + sum_q[DEPTH-1];
        if (last_q[DEPTH-1]) begin
          dist_q <= (first_q[DEPTH-1] ? '0 : acc_q) + sum_q[DEPTH-1];
        end
      end
    end
  end

  assign in_ready_o = advance;
  assign out_valid_o = out_valid_q;
  assign dist_o = dist_q;
  assign dist_defined_o = dist_defined_q;
  assign stage_valid_o = valid_q;
  assign stage_first_o = first_q;
  assign stage_last_o = last_q;
  for (genvar s = 0; s < DEPTH; s++) begin : g_stage
    assign stage_sum_o[s*DIST_WIDTH +: DIST_WIDTH] = sum_q[s];
  end
  assign acc_o = acc_q;
  assign acc_defined_o = acc_defined_q;
endmodule
