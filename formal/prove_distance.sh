#!/usr/bin/env bash
# Prototype: proves nms_distance (dims 8, pixel_width 4, lanes 2, L2) equal to its behavioural spec
# for every input and stall pattern, by temporal induction (yosys sat). Usage:
#   ./nms rtl --set dims=8 --set pixel_width=4 --set lanes=2 --out RTL
#   formal/prove_distance.sh RTL OUT     (OUT/cex.vcd is written when the proof fails; exit 1)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$1"; out="$2"; mkdir -p "$out"
grep -q '8 x 4-bit images, 2 lanes' "$rtl/nms_distance.sv" || { echo "prove_distance: checker is for dims 8, pixel_width 4, lanes 2 only" >&2; exit 2; }
sed '$d' "$rtl/nms_distance.sv" | sed '/^endmodule$/d' > "$out/dut.sv"
cat "$here/nms_distance_d8_p4_l2_checker.svh" >> "$out/dut.sv"; echo endmodule >> "$out/dut.sv"
yosys -p "read_verilog -sv -formal $out/dut.sv $here/spec/nms_distance_spec.sv; hierarchy -top nms_distance; proc; flatten; async2sync; dffunmap; opt_clean; sat -tempinduct -prove-asserts -set-assumes -seq 1 -set-at 1 rst_ni 0 -maxsteps 8 -dump_vcd $out/cex.vcd" > "$out/yosys.log" 2>&1
if grep -q 'Induction step proven: SUCCESS' "$out/yosys.log"; then rm -f "$out/cex.vcd"; echo "proof_nms_distance_equiv,proved"; else echo "proof_nms_distance_equiv,failed (trace $out/cex.vcd)"; exit 1; fi
