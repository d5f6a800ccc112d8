// Behavioural specification of nms_knn, written from docs/ARITHMETIC.md section 11.2 (not from
// the emitted RTL): the insertion array, and when its entries come out.
//
// Order: (d, j) before (e, i) if d < e, or d = e and j < i; with an entry packed {dist, idx}
// that is the unsigned order of the packed words. Insertion (golden NmsKnn.offer): a candidate
// goes before the first held entry it precedes, or into slot n if it precedes none and n < K;
// later entries move one slot on, the last of a full array falls off; a candidate preceding no
// entry of a full array is dropped. A row's first candidate (in_first_i) meets an empty array.
// Output: after the candidate with in_last_i the unit takes no candidate and, from the next cycle,
// offers the held entries nearest first, one per out_ready_i, out_last_o on the last; the cycle
// after the last is taken it takes candidates again, the array empty.
//
// Unlike the unit, which shifts its slots toward slot 0 as it drains, the spec keeps its array
// and reads it with a pointer: the checker's map says slot i of the unit is entry rd + i.
module nms_knn_spec #(
  parameter int K = 3,
  parameter int DIST_WIDTH = 11,
  parameter int INDEX_WIDTH = 2,
  localparam int EW = DIST_WIDTH + INDEX_WIDTH,
  localparam int NW = $clog2(K + 1)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   in_valid_i,
  input  logic                   in_first_i,
  input  logic                   in_last_i,
  input  logic [INDEX_WIDTH-1:0] idx_i,
  input  logic [DIST_WIDTH-1:0]  dist_i,
  input  logic                   out_ready_i,
  output logic                   in_ready_o,
  output logic                   out_valid_o,
  output logic                   out_last_o,
  output logic [INDEX_WIDTH-1:0] out_idx_o,
  output logic [DIST_WIDTH-1:0]  out_dist_o,
  // The state, for the checker's map and invariants.
  output logic [K*EW-1:0]        entries_o,
  output logic [NW-1:0]          n_o,
  output logic [NW-1:0]          rd_o,
  output logic                   drain_o
);
  logic [K*EW-1:0] packed_q;
  logic [NW-1:0] n_q, rd_q, held;
  logic drain_q;
  logic [EW-1:0] cand, head;

  assign cand = {dist_i, idx_i};
  assign held = in_first_i ? '0 : n_q;

  // The slot a candidate goes to: the first held entry it precedes, else held (K: dropped).
  function automatic logic [NW-1:0] slot_of(input logic [EW-1:0] c, input logic [NW-1:0] h,
      input logic [K*EW-1:0] e);
    logic [NW-1:0] p;
    p = h;
    for (int i = K - 1; i >= 0; i--) begin
      if (i < h && c < e[i*EW +: EW]) p = i;
    end
    slot_of = p;
  endfunction

  logic [NW-1:0] p;
  assign p = slot_of(cand, held, packed_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      n_q <= '0;
      rd_q <= '0;
      drain_q <= 1'b0;
    end else if (!drain_q) begin
      if (in_valid_i) begin
        n_q <= held == NW'(K) ? held : held + 1'b1;
        drain_q <= in_last_i;
      end
    end else if (out_ready_i) begin
      if (rd_q + 1'b1 == n_q) begin
        n_q <= '0;
        rd_q <= '0;
        drain_q <= 1'b0;
      end else begin
        rd_q <= rd_q + 1'b1;
      end
    end
  end

  // The array with c at slot p, the entries from p on one slot later (the last falls off).
  function automatic logic [K*EW-1:0] insert(input logic [EW-1:0] c, input logic [NW-1:0] at,
      input logic [K*EW-1:0] e);
    logic [K*EW-1:0] r;
    r = e;
    for (int i = 0; i < K; i++) begin
      if (i == at) r[i*EW +: EW] = c;
      else if (i > at) r[i*EW +: EW] = e[(i == 0 ? 0 : i - 1)*EW +: EW];
    end
    insert = r;
  endfunction

  logic [K*EW-1:0] inserted;
  assign inserted = insert(cand, p, packed_q);

  always_ff @(posedge clk_i) begin
    if (!drain_q && in_valid_i && p < NW'(K)) packed_q <= inserted;
  end

  assign head = packed_q[rd_q*EW +: EW];
  assign in_ready_o = !drain_q;
  assign out_valid_o = drain_q;
  assign out_last_o = drain_q && rd_q + 1'b1 == n_q;
  assign out_dist_o = head[EW-1:INDEX_WIDTH];
  assign out_idx_o = head[INDEX_WIDTH-1:0];
  assign entries_o = packed_q;
  assign n_o = n_q;
  assign rd_o = rd_q;
  assign drain_o = drain_q;
endmodule
