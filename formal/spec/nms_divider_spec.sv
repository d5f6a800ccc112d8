// Behavioural specification of nms_divider, written from docs/ARITHMETIC.md section 6.2 and the
// unit's datasheet timing (not from the emitted RTL): q = floor(n / d) for d >= 1 and
// n >> Q_W < d, offered quotient_width cycles after the operands are taken and held until read;
// operands are taken when idle, or in the cycle the held quotient is read.
module nms_divider_spec #(
  parameter int N_W = 13,
  parameter int D_W = 6,
  parameter int Q_W = 7
) (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           in_valid_i,
  input  logic [N_W-1:0] dividend_i,
  input  logic [D_W-1:0] divisor_i,
  input  logic           out_ready_i,
  // The unit's quotient, judged against the definition of floor division.
  input  logic [Q_W-1:0] observed_quotient_i,
  output logic           in_ready_o,
  output logic           out_valid_o,
  output logic [Q_W-1:0] quotient_o,
  // q = floor(n / d) stated as q * d <= n < (q + 1) * d: the same set of answers, without a
  // divider circuit for the solver to reason about.
  output logic           quotient_ok_o,
  // For the refinement map: a division runs, its steps so far, its operands.
  output logic           busy_o,
  output logic [7:0]     steps_o,
  output logic [N_W-1:0] n_o,
  output logic [D_W-1:0] d_o
);
  logic busy_q, done_q, accept;
  logic [7:0] steps_q;
  logic [N_W-1:0] n_q;
  logic [D_W-1:0] d_q;

  assign in_ready_o = !busy_q && (!done_q || out_ready_i);
  assign accept = in_valid_i && in_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      done_q <= 1'b0;
      steps_q <= '0;
    end else if (accept) begin
      busy_q <= Q_W > 1;
      done_q <= Q_W == 1;
      steps_q <= 8'd1;
    end else if (busy_q) begin
      steps_q <= steps_q + 8'd1;
      if (steps_q == 8'(Q_W - 1)) begin
        busy_q <= 1'b0;
        done_q <= 1'b1;
      end
    end else if (done_q && out_ready_i) begin
      done_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      n_q <= dividend_i;
      d_q <= divisor_i;
    end
  end

  assign out_valid_o = done_q;
  assign quotient_o = Q_W'(n_q / N_W'(d_q));
  localparam int W = N_W + 2;
  assign quotient_ok_o = W'(observed_quotient_i) * W'(d_q) <= W'(n_q)
      && W'(n_q) < (W'(observed_quotient_i) + W'(1)) * W'(d_q);
  assign busy_o = busy_q;
  assign steps_o = steps_q;
  assign n_o = n_q;
  assign d_o = d_q;
endmodule
