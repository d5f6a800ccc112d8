#!/usr/bin/env bash
# 4-state cross-check: the same vectors through the same RTL in Icarus and in Verilator; both
# must report 0 mismatches and both must have observed identical outputs at identical cycles.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<USAGE
usage: icarus.sh RTL_DIR UNIT VECTORS OUT_DIR [--build-dir DIR] [--limit N]
  RTL_DIR      folder with <UNIT>.f, the .sv files and nms_config.h
  VECTORS      a vector CSV, or a folder holding <UNIT>.csv
  OUT_DIR      receives icarus/ (generated TB, stimulus, vvp log) and the two output dumps; on a
               failed Icarus replay also <UNIT>.icarus.vcd (the cycles up to the failure)
  --build-dir  reuse a Verilator testbench built by verilate.sh for this RTL and unit
               (default: build one in OUT_DIR/build)
  --limit N    only the first N vectors (Icarus is far slower than Verilator)
How: the Verilator testbench writes the exact input beats and expected outputs
(--emit-icarus) and a generated Verilog-2012 TB replays them into the RTL under Icarus with
X on the data inputs between beats, no bubbles and no back-pressure. Both simulators dump every
output handshake as "<vector> <cycle> <port>=<hex> ..."; the dumps must be identical.
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 4 ]] || { usage >&2; exit 2; }
rtl_dir="$(abs_path "$1")"
unit="$2"
vectors="$3"
out_dir="$4"
shift 4
build_dir=""
limit=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --limit) limit=(--limit "$2"); shift 2 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
need_tool iverilog iverilog
need_tool vvp iverilog
is_unit "$unit" || die "no testbench for unit '$unit'"
[[ -d "$vectors" ]] && vectors="$vectors/$unit.csv"
[[ -f "$vectors" ]] || die "no vector file $vectors"
mkdir -p "$out_dir/icarus"
out_dir="$(abs_path "$out_dir")"

if [[ -z "$build_dir" ]]; then
  build_dir="$out_dir/build"
  "$NMS_SIM_SCRIPTS/verilate.sh" "$rtl_dir" "$unit" "$build_dir" --trace
fi
tb="$build_dir/tb_$unit"
[[ -x "$tb" ]] || die "no testbench binary $tb"

# 1. Verilator, without bubbles so the cycle numbers are comparable.
vl_dump="$out_dir/$unit.verilator.dump"
set +e
"$tb" --vectors "$vectors" --out "$out_dir" --dump "$vl_dump" "${limit[@]}" --quiet \
  >"$out_dir/$unit.verilator.log"
vl_status=$?
set -e
[[ $vl_status -le 1 ]] || { cat "$out_dir/$unit.verilator.log" >&2; exit "$vl_status"; }
vl_mismatches="$(result_metric "$out_dir/$unit.result.csv" mismatches)"
vl_assertions="$(result_metric "$out_dir/$unit.result.csv" assertion_failures)"
[[ "$vl_assertions" == 0 ]] || grep 'ASSERTION FAILED' "$out_dir/$unit.verilator.log" | head -n 5

# 2. Stimulus and generated TB.
"$tb" --vectors "$vectors" --emit-icarus "$out_dir/icarus" "${limit[@]}" >/dev/null

# 3. The filelist, resolved relative to its own folder as verilator -F does. Parameter
#    overrides (-GName=value) become defparams on the DUT instance.
sources=()
incdirs=()
params="$out_dir/icarus/params.sv"
echo "module nms_icarus_params;" >"$params"
while read -r tok; do
  case "$tok" in
    -G*)
      kv="${tok#-G}"
      echo "  defparam nms_icarus_tb.dut.${kv%%=*} = ${kv#*=};" >>"$params" ;;
    +incdir+*)
      d="${tok#+incdir+}"
      [[ "$d" == /* ]] || d="$rtl_dir/$d"
      incdirs+=("-I$d") ;;
    -* | +*) die "icarus.sh does not know filelist entry '$tok' in $rtl_dir/$unit.f" ;;
    *)
      [[ "$tok" == /* ]] || tok="$rtl_dir/$tok"
      sources+=("$tok") ;;
  esac
done < <(sed -e 's://.*$::' "$rtl_dir/$unit.f" | tr -s ' \t' '\n\n' | grep -v '^$')
echo "endmodule" >>"$params"

iverilog -g2012 -o "$out_dir/icarus/sim.vvp" -s nms_icarus_tb -s nms_icarus_params \
  "${incdirs[@]}" "$out_dir/icarus/tb_$unit.sv" "$params" "${sources[@]}" \
  2>"$out_dir/icarus/iverilog.log" || {
  cat "$out_dir/icarus/iverilog.log" >&2
  echo "icarus.sh: iverilog could not compile $unit" >&2
  exit 1
}

# 4. Icarus.
ic_dump="$out_dir/$unit.icarus.dump"
start=$(date +%s.%N)
(cd "$out_dir/icarus" && vvp -n sim.vvp +stim="$unit.stim.hex" +expect="$unit.expect.hex" \
  +dump="$ic_dump") >"$out_dir/icarus/vvp.log" 2>&1 || true
end=$(date +%s.%N)
grep -E '^(MISMATCH|TIMEOUT)|ASSERTION FAILED' "$out_dir/icarus/vvp.log" | head -n 10 || true
# An RTL assertion stops vvp with $fatal before the result line: counted, never "did not finish".
ic_assertions="$(grep -c 'ASSERTION FAILED' "$out_dir/icarus/vvp.log" || true)"
ic_wave="$out_dir/$unit.icarus.vcd"
rm -f "$ic_wave"
# A failed replay (an assertion, a mismatch, no result line) leaves a waveform: the replay is
# deterministic, so a rerun with +wave reaches the same failure and Icarus flushes the VCD at its
# $fatal or $finish. It covers the last WAVE_WINDOW cycles before the first failure.
leave_icarus_wave() {
  local first window=${NMS_ICARUS_WAVE_WINDOW:-10000}
  first="$(grep -E 'ASSERTION FAILED|^MISMATCH' "$out_dir/icarus/vvp.log" | head -n 1 |
    sed -nE 's/.* cycle=([0-9]+).*/\1/p')"
  first="${first:-0}"
  (cd "$out_dir/icarus" && vvp -n sim.vvp +stim="$unit.stim.hex" +expect="$unit.expect.hex" \
    +dump="$out_dir/icarus/$unit.wave.dump" +wave="$ic_wave" +wave_from=$((first > window ? first - window : 0))) \
    >"$out_dir/icarus/vvp.wave.log" 2>&1 || true
  if [[ -s "$ic_wave" ]]; then
    echo "waveform: $ic_wave (Icarus, from cycle $((first > window ? first - window : 0)) to the failure at cycle $first)"
  else
    echo "icarus.sh: no waveform written (see $out_dir/icarus/vvp.wave.log)" >&2
  fi
}
write_icarus_result() {  # MISMATCHES IDENTICAL
  printf 'metric,value\nunit,%s\nvectors,%s\nmismatches,%s\nverilator_mismatches,%s\nassertion_failures,%s\ndumps_identical,%s\n' \
    "$unit" "$(wc -l <"$out_dir/icarus/$unit.expect.hex")" "$1" "$vl_mismatches" \
    "$((ic_assertions + vl_assertions))" "$2" >"$out_dir/$unit.icarus.result.csv"
}
if [[ $ic_assertions != 0 || $vl_assertions != 0 ]]; then
  [[ $ic_assertions != 0 ]] && leave_icarus_wave
  write_icarus_result "" no
  echo "FAIL icarus cross-check of $unit: assertion failures icarus=$ic_assertions verilator=$vl_assertions"
  exit 1
fi
result_line="$(grep '^ICARUS RESULT' "$out_dir/icarus/vvp.log" || true)"
[[ -n "$result_line" ]] || {
  leave_icarus_wave
  tail -n 20 "$out_dir/icarus/vvp.log" >&2
  echo "icarus.sh: the Icarus run did not finish" >&2
  exit 1
}
ic_mismatches="$(sed -E 's/.*mismatches=([0-9]+).*/\1/' <<<"$result_line")"

# 5. Agreement.
identical=yes
if ! cmp -s "$vl_dump" "$ic_dump"; then
  identical=no
  echo "first differences (< verilator, > icarus):"
  diff "$vl_dump" "$ic_dump" | head -n 10 || true
fi
write_icarus_result "$ic_mismatches" "$identical"
printf 'unit=%s vectors=%s verilator_mismatches=%s icarus_mismatches=%s dumps_identical=%s icarus_seconds=%.2f assertion_failures=0\n' \
  "$unit" "$(wc -l <"$out_dir/icarus/$unit.expect.hex")" "$vl_mismatches" "$ic_mismatches" \
  "$identical" "$(elapsed "$start" "$end")"
[[ "$vl_mismatches" == 0 && "$ic_mismatches" == 0 && "$identical" == yes ]] || {
  [[ "$ic_mismatches" != 0 ]] && leave_icarus_wave
  echo "FAIL icarus cross-check of $unit"
  exit 1
}
echo "PASS icarus cross-check of $unit"
