// Shared by the ROM-plus-interpolation specs (nms_exp2_spec: docs/ARITHMETIC.md section 5.1,
// nms_log2_spec: section 6.1), included inside a module that declares W (the working width),
// ROM (the packed table, entry k in bits [k * ROM_WIDTH +: ROM_WIDTH]), ROM_WIDTH and INTERP_BITS.

// round_shift(v, s) = floor((v + 2^(s-1)) / 2^s), v for s = 0 (section 2).
function automatic logic [W-1:0] round_shift(input logic [W-1:0] v, input logic [W-1:0] s);
  round_shift = s == '0 ? v : (v + (W'(1) << (s - W'(1)))) >> s;
endfunction

function automatic logic [W-1:0] rom_entry(input logic [W-1:0] k);
  rom_entry = W'(ROM[k * ROM_WIDTH +: ROM_WIDTH]);
endfunction

// ROM[k] moved towards ROM[k + 1] by round_shift(|ROM[k + 1] - ROM[k]| * rem, INTERP_BITS):
// section 5.1's E[idx] - ... on the falling exp2 table, section 6.1's L[idx] + ... on the rising
// log2 table; ROM[k] without interpolation bits.
function automatic logic [W-1:0] rom_interp(input logic [W-1:0] k, input logic [W-1:0] rem);
  logic [W-1:0] e0, e1;
  e0 = rom_entry(k);
  e1 = rom_entry(k + W'(1));
  if (INTERP_BITS == 0) begin
    rom_interp = e0;
  end else if (e1 <= e0) begin
    rom_interp = e0 - round_shift((e0 - e1) * rem, W'(INTERP_BITS));
  end else begin
    rom_interp = e0 + round_shift((e1 - e0) * rem, W'(INTERP_BITS));
  end
endfunction
