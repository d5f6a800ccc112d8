#!/usr/bin/env bash
# Regression over configurations: for each, get RTL + vectors, build every unit's testbench,
# run it plain and under bubbles/back-pressure, optionally cross-check in Icarus, and tabulate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
repo_root="$(cd "$NMS_SIM_SCRIPTS/.." && pwd)"

usage() {
  cat <<USAGE
usage: regress.sh CONFIGS OUT_ROOT [--units "U1 U2"] [--icarus] [--icarus-limit N]
                  [--seed N] [--stress P] [--coverage]
  CONFIGS   a file, one configuration per line ('#' comments and blank lines ignored):
              NAME: key=value key=value ...      RTL and vectors from the Java CLI
                                                 (\$NMS_CLI, default ./nms: 'rtl' and 'golden'
                                                 with --set key=value each; golden also gets
                                                 \$NMS_REGRESS_GOLDEN_ARGS, default
                                                 '--per-class 30 --vectors-per-unit 1500')
              NAME: @dirs RTL_DIR VECTORS_DIR    folders made earlier (relative to CONFIGS)
  OUT_ROOT  receives NAME/{rtl,vectors,build,<unit>/...} and regress.csv (one row per run)
  --units   only these units (default: every unit with a filelist in the RTL folder; each of
            them must have vectors)
  --icarus  also run icarus.sh per unit; --icarus-limit caps its vectors (default 2000)
  --seed N  seed of the stress run (default 1); --stress P its bubble and back-pressure
            probability (default 0.2; 0 skips the stress run); --coverage as verify.sh
Exit 0 only if every run of every configuration passed.
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 2 ]] || { usage >&2; exit 2; }
configs="$(abs_path "$1")"
out_root="$2"
shift 2
parse_verify_options "$@"
verify_options=("$@")  # passed on to verify.sh as given
need_tool verilator verilator
[[ $icarus == 1 ]] && need_tool iverilog iverilog
mkdir -p "$out_root"
out_root="$(abs_path "$out_root")"
summary="$out_root/regress.csv"
echo "config,unit,run,vectors,mismatches,assertion_failures,cycles_per_transaction,ideal_cycles_per_transaction,efficiency,status" >"$summary"
failures=0

# The Java side: RTL and golden vectors for one configuration.
generate_from_java() {  # NAME "key=value ..." OUT_DIR
  local cli="${NMS_CLI:-$repo_root/nms}"
  [[ -x "$cli" ]] || die "config $1: the Java CLI $cli is not there (build it, set NMS_CLI, or use '@dirs')"
  local sets=() kv
  for kv in $2; do sets+=(--set "$kv"); done
  "$cli" rtl "${sets[@]}" --out "$3/rtl"
  # shellcheck disable=SC2086
  "$cli" golden "${sets[@]}" ${NMS_REGRESS_GOLDEN_ARGS:---per-class 30 --vectors-per-unit 1500} --out "$3/golden"
}

verify_config() {  # NAME RTL_DIR VECTORS_DIR OUT_DIR
  "$NMS_SIM_SCRIPTS/verify.sh" "$2" "$3" "$4" "${verify_options[@]}" || true
  # Fold the per-configuration table into the regression table.
  tail -n +2 "$4/verify.csv" | while IFS=, read -r unit run vectors mismatches assertions _cycles cpt ideal eff _rest; do
    printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$1" "$unit" "$run" "$vectors" "$mismatches" "$assertions" "$cpt" "$ideal" "$eff" "${_rest##*,}"
  done >>"$summary"
  failures=$((failures + $(tail -n +2 "$4/verify.csv" | grep -cv ',pass$' || true)))
}

config_dir="$(dirname "$configs")"
while IFS= read -r line || [[ -n "$line" ]]; do
  line="${line%%#*}"
  [[ -z "${line//[[:space:]]/}" ]] && continue
  [[ "$line" == *:* ]] || die "$configs: '$line' is not 'NAME: ...'"
  name="$(echo "${line%%:*}" | tr -d '[:space:]')"
  rest="${line#*:}"
  [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "$configs: bad configuration name '$name'"
  out="$out_root/$name"
  mkdir -p "$out"
  read -r -a words <<<"$rest"
  if [[ "${words[0]:-}" == "@dirs" ]]; then
    [[ ${#words[@]} == 3 ]] || die "$configs: '@dirs' wants RTL_DIR VECTORS_DIR"
    rtl="${words[1]}"; vec="${words[2]}"
    [[ "$rtl" == /* ]] || rtl="$config_dir/$rtl"
    [[ "$vec" == /* ]] || vec="$config_dir/$vec"
    rtl="$(abs_path "$rtl")"; vec="$(abs_path "$vec")"
  else
    # A configuration the Java side refuses (or fails on) is a failed row, not the end of the run.
    if ! generate_from_java "$name" "$rest" "$out" >"$out/generate.log" 2>&1; then
      cat "$out/generate.log" >&2
      echo "$name,,generate,,,,,,,fail:generate (see $out/generate.log)" >>"$summary"
      failures=$((failures + 1))
      continue
    fi
    rtl="$out/rtl"; vec="$out/golden/vectors"
  fi
  verify_config "$name" "$rtl" "$vec" "$out"
done <"$configs"

echo
column -s, -t <"$summary" 2>/dev/null || cat "$summary"
echo
if [[ $failures == 0 ]]; then
  echo "REGRESSION PASS ($(($(wc -l <"$summary") - 1)) runs) — $summary"
else
  echo "REGRESSION FAIL: $failures failing runs — $summary"
  exit 1
fi
