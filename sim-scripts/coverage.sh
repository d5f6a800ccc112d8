#!/usr/bin/env bash
# Line coverage of a unit's RTL under its vectors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<USAGE
usage: coverage.sh RTL_DIR UNIT VECTORS OUT_DIR [testbench options]
  Builds the unit with coverage (OUT_DIR/build-coverage), runs the vectors twice (as given,
  then with --bubble 0.25 --backpressure 0.25 so the stall paths run too), merges the data,
  writes OUT_DIR/annotated/ (verilator_coverage --annotate) and prints, per RTL file of the
  unit's filelist, its line coverage, then the total as line_coverage_pct=<n>.
  A line counts when a line or branch coverage point spanning it was hit (toggle points are
  not lines). Testbench options (e.g. --seed N, --limit N) apply to both runs.
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 4 ]] || { usage >&2; exit 2; }
rtl_dir="$(abs_path "$1")"
unit="$2"
vectors="$3"
out_dir="$4"
shift 4
need_tool verilator verilator
need_tool verilator_coverage verilator
[[ -d "$vectors" ]] && vectors="$vectors/$unit.csv"
[[ -f "$vectors" ]] || die "no vector file $vectors"
mkdir -p "$out_dir"
out_dir="$(abs_path "$out_dir")"

"$NMS_SIM_SCRIPTS/verilate.sh" "$rtl_dir" "$unit" "$out_dir/build-coverage" --coverage
tb="$out_dir/build-coverage/tb_$unit"
"$tb" --vectors "$vectors" --out "$out_dir/run-plain" --quiet "$@"
"$tb" --vectors "$vectors" --out "$out_dir/run-stress" --quiet --bubble 0.25 --backpressure 0.25 "$@"
verilator_coverage --write "$out_dir/$unit.coverage.dat" \
  "$out_dir/run-plain/$unit.coverage.dat" "$out_dir/run-stress/$unit.coverage.dat"
rm -rf "$out_dir/annotated"
verilator_coverage --annotate "$out_dir/annotated" --annotate-all --annotate-min 1 \
  "$out_dir/$unit.coverage.dat" >"$out_dir/annotate.log"

mapfile -t files < <(unit_files "$rtl_dir" "$unit")
line_coverage_report "$out_dir/$unit.coverage.dat" "${files[@]}" | tee "$out_dir/$unit.line_coverage.txt"
echo "annotated sources: $out_dir/annotated/"
