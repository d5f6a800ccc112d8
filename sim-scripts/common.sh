# Shared helpers of the sim-scripts (sourced, not run). Callers use `set -euo pipefail`.

NMS_SIM_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NMS_TB_DIR="$(cd "$NMS_SIM_SCRIPTS/../verilator-tb" && pwd)"
# The units that have a testbench driver (verilator-tb/src/tb_<unit>.cpp); a unit a
# configuration does not have (nms_sketch at sketch = none) has no filelist and is skipped.
NMS_UNITS=(nms_distance nms_exp2 nms_affinity nms_log2 nms_divider nms_perplexity nms_engine nms_knn nms_sketch nms_lrt_project nms_lrt_write nms_lrt_rotate)

die() {
  echo "error: $*" >&2
  exit 2
}

# need_tool TOOL PACKAGE: a missing simulator is an error, never a skip.
need_tool() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found; install it with: sudo apt-get install $2"
}

abs_path() {
  local p="$1"
  [[ -e "$p" ]] || die "no such file or folder: $p"
  (cd "$(dirname "$p")" && printf '%s/%s\n' "$(pwd)" "$(basename "$p")")
}

is_unit() {
  local u
  for u in "${NMS_UNITS[@]}"; do [[ "$u" == "$1" ]] && return 0; done
  return 1
}

# elapsed START END: seconds between two `date +%s.%N` stamps (awk, so bc is not needed).
elapsed() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'
}

# Reads a metric from a <unit>.result.csv.
result_metric() {
  awk -F, -v k="$2" '$1 == k { print $2 }' "$1"
}

# The absolute paths of the RTL files in a unit's filelist, one per line.
unit_files() {  # RTL_DIR UNIT
  local f
  sed -e 's://.*$::' "$1/$2.f" | tr -s ' \t' '\n\n' | grep -v '^[-+]' | grep -v '^$' |
    while read -r f; do [[ "$f" == /* ]] || f="$1/$f"; abs_path "$f"; done
}

# Line coverage of FILE... in a verilator coverage.dat: per file "<path>: c/t lines (p%)", the
# uncovered line numbers, then line_coverage_pct=<total>.
line_coverage_report() {  # DAT FILE...
  local dat="$1"
  shift
  local files
  files="$(printf '%s\n' "$@")"
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
    }' "$dat"
}

# The options of verify.sh (regress.sh takes the same and passes them on): sets only_units,
# icarus, icarus_limit, icarus_units, seed, stress and coverage; an unknown option stops with the
# usage.
parse_verify_options() {
  only_units=""
  icarus=0
  icarus_limit=2000
  icarus_units=""
  seed=1
  stress=0.2
  coverage=0
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --units) only_units="$2"; shift 2 ;;
      --icarus) icarus=1; shift ;;
      --icarus-limit) icarus_limit="$2"; shift 2 ;;
      --icarus-units) icarus_units="$2"; shift 2 ;;
      --seed) seed="$2"; shift 2 ;;
      --stress) stress="$2"; shift 2 ;;
      --coverage) coverage=1; shift ;;
      *) usage >&2; die "unknown option $1" ;;
    esac
  done
}
