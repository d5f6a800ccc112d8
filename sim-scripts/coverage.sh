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

# The unit's own RTL files, from its filelist.
files="$(sed -e 's://.*$::' "$rtl_dir/$unit.f" | tr -s ' \t' '\n\n' | grep -v '^[-+]' | grep -v '^$' |
  while read -r f; do [[ "$f" == /* ]] || f="$rtl_dir/$f"; abs_path "$f"; done)"

# coverage.dat keys are \001-separated "name\002value" pairs: f = file, l = line, S = the line
# spans the point covers ("34-41" or "50,58-59"), page = v_line/..., v_branch/..., v_toggle/...
LC_ALL=C awk -v files="$files" '
  BEGIN { n = split(files, fl, "\n"); for (i = 1; i <= n; i++) want[fl[i]] = 1 }
  /^C / {
    count = $NF + 0
    key = $0; sub(/^C \047/, "", key); sub(/\047 [0-9]+$/, "", key)
    np = split(key, parts, "\001")
    file = ""; line = ""; spans = ""; page = ""
    for (i = 1; i <= np; i++) {
      split(parts[i], kv, "\002")
      if (kv[1] == "f") file = kv[2]
      else if (kv[1] == "l") line = kv[2]
      else if (kv[1] == "S") spans = kv[2]
      else if (kv[1] == "page") page = kv[2]
    }
    if (!(file in want) || (page !~ /^v_line\// && page !~ /^v_branch\//)) next
    if (spans == "") spans = line
    ns = split(spans, sp, ",")
    for (i = 1; i <= ns; i++) {
      if (split(sp[i], ab, "-") == 1) ab[2] = ab[1]
      for (k = ab[1] + 0; k <= ab[2] + 0; k++) {
        id = file SUBSEP k
        if (!(id in hit)) { hit[id] = 0; total[file]++ }
        if (count > 0 && hit[id] == 0) { hit[id] = 1; covered[file]++ }
      }
    }
  }
  END {
    for (i = 1; i <= n; i++) {
      f = fl[i]; t = total[f] + 0; c = covered[f] + 0
      all += t; cov += c
      printf "%s: %d/%d lines (%.1f%%)\n", f, c, t, t ? 100 * c / t : 0
      for (id in hit) { split(id, p, SUBSEP); if (p[1] == f && !hit[id]) miss[f] = miss[f] " " p[2] }
    }
    for (f in miss) printf "  not covered in %s: lines%s\n", f, miss[f]
    printf "line_coverage_pct=%.1f\n", all ? 100 * cov / all : 0
  }' "$out_dir/$unit.coverage.dat" | tee "$out_dir/$unit.line_coverage.txt"
echo "annotated sources: $out_dir/annotated/"
