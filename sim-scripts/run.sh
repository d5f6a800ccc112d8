#!/usr/bin/env bash
# Runs a built unit testbench on a vector file (or a folder holding <unit>.csv).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<USAGE
usage: run.sh BUILD_DIR VECTORS OUT_DIR [testbench options]
  BUILD_DIR  a folder made by verilate.sh (holds tb_<unit> and build.env)
  VECTORS    a vector CSV, or a folder holding <unit>.csv
  OUT_DIR    receives <unit>.result.csv, <unit>.log and, on a mismatch, <unit>.fst
  testbench options: --bubble P --backpressure P --seed N --trace-fst --limit N ... (tb --help)
Exit status: the testbench's (0 pass, 1 mismatch or assertion failure, 2 bad input, 3 refused
vectors).
If the testbench was built without --trace and reports a mismatch, run.sh rebuilds it with
tracing in BUILD_DIR/trace and reruns, so a failure always leaves a waveform.
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 3 ]] || { usage >&2; exit 2; }
build_dir="$(abs_path "$1")"
vectors="$2"
out_dir="$3"
shift 3
[[ -f "$build_dir/build.env" ]] || die "$build_dir was not made by verilate.sh (no build.env)"
# shellcheck disable=SC1091
source "$build_dir/build.env"
unit="$NMS_UNIT"
[[ -d "$vectors" ]] && vectors="$vectors/$unit.csv"
[[ -f "$vectors" ]] || die "no vector file $vectors"
mkdir -p "$out_dir"

tb="$build_dir/tb_$unit"
[[ -x "$tb" ]] || die "no testbench binary $tb"
set +e
"$tb" --vectors "$vectors" --out "$out_dir" "$@" 2>&1 | tee "$out_dir/$unit.log"
status=${PIPESTATUS[0]}
set -e
if [[ $status == 1 && "$NMS_TRACE" == 0 ]]; then
  echo "run.sh: mismatch or assertion failure; rebuilding $unit with tracing for the waveform" >&2
  "$NMS_SIM_SCRIPTS/verilate.sh" "$NMS_RTL_DIR" "$unit" "$build_dir/trace" --trace >&2
  # The same seed reproduces the same cycles; the traced TB writes the FST up to the mismatch
  # or the failed assertion.
  "$build_dir/trace/tb_$unit" --vectors "$vectors" --out "$out_dir" --quiet "$@" \
    >"$out_dir/$unit.trace.log" || true
  [[ -f "$out_dir/$unit.fst" ]] && echo "waveform: $out_dir/$unit.fst"
fi
exit "$status"
