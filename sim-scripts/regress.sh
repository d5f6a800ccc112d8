#!/usr/bin/env bash
# Regression over configurations: for each, get RTL + vectors, build every unit's testbench,
# run it plain and under bubbles/back-pressure, optionally cross-check in Icarus, and tabulate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
repo_root="$(cd "$NMS_SIM_SCRIPTS/.." && pwd)"

usage() {
  cat <<USAGE
usage: regress.sh CONFIGS OUT_ROOT [--units "U1 U2"] [--icarus] [--icarus-limit N]
                  [--seed N] [--stress P]
  CONFIGS   a file, one configuration per line ('#' comments and blank lines ignored):
              NAME: key=value key=value ...      RTL and vectors from the Java CLI
                                                 (\$NMS_CLI, default ./nms: 'rtl' and 'golden'
                                                 with --set key=value each)
              NAME: @dirs RTL_DIR VECTORS_DIR    folders made earlier (relative to CONFIGS)
  OUT_ROOT  receives NAME/{rtl,vectors,build,<unit>/...} and regress.csv (one row per run)
  --units   only these units (default: every unit with a filelist in the RTL folder; each of
            them must have vectors)
  --icarus  also run icarus.sh per unit; --icarus-limit caps its vectors (default 2000)
  --seed N  seed of the stress run (default 1); --stress P its bubble and back-pressure
            probability (default 0.2; 0 skips the stress run)
Exit 0 only if every run of every configuration passed.
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 2 ]] || { usage >&2; exit 2; }
configs="$(abs_path "$1")"
out_root="$2"
shift 2
only_units=""
icarus=0
icarus_limit=2000
seed=1
stress=0.2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --units) only_units="$2"; shift 2 ;;
    --icarus) icarus=1; shift ;;
    --icarus-limit) icarus_limit="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --stress) stress="$2"; shift 2 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
need_tool verilator verilator
[[ $icarus == 1 ]] && need_tool iverilog iverilog
mkdir -p "$out_root"
out_root="$(abs_path "$out_root")"
summary="$out_root/regress.csv"
echo "config,unit,run,vectors,mismatches,cycles_per_transaction,ideal_cycles_per_transaction,efficiency,status" >"$summary"
failures=0

record() {  # CONFIG UNIT RUN RESULT_CSV STATUS
  local r="$4"
  if [[ -f "$r" ]]; then
    printf '%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$1" "$2" "$3" "$(result_metric "$r" vectors)" \
      "$(result_metric "$r" mismatches)" "$(result_metric "$r" cycles_per_transaction)" \
      "$(result_metric "$r" ideal_cycles_per_transaction)" "$(result_metric "$r" efficiency)" \
      "$5" >>"$summary"
  else
    printf '%s,%s,%s,,,,,,%s\n' "$1" "$2" "$3" "$5" >>"$summary"
  fi
  [[ "$5" == pass ]] || failures=$((failures + 1))
}

# The Java side: RTL and golden vectors for one configuration.
# TODO(wiring): the CLI's subcommand flags are owned by the cli module; adjust here once fixed.
generate_from_java() {  # NAME "key=value ..." OUT_DIR
  local cli="${NMS_CLI:-$repo_root/nms}"
  [[ -x "$cli" ]] || die "config $1: the Java CLI $cli is not there (build it, set NMS_CLI, or use '@dirs')"
  local sets=() kv
  for kv in $2; do sets+=(--set "$kv"); done
  "$cli" rtl "${sets[@]}" --out "$3/rtl"
  "$cli" golden "${sets[@]}" --out "$3/vectors"
}

# Verifies every unit of one RTL folder against one vector folder.
verify_config() {  # NAME RTL_DIR VECTORS_DIR OUT_DIR
  local name="$1" rtl="$2" vec="$3" out="$4" units=() u status
  if [[ -n "$only_units" ]]; then
    read -r -a units <<<"$only_units"
  else
    for u in "${NMS_UNITS[@]}"; do [[ -f "$rtl/$u.f" ]] && units+=("$u"); done
  fi
  if [[ ${#units[@]} == 0 ]]; then
    echo "FAIL $name: no unit filelist in $rtl"
    record "$name" none build "" fail
    return
  fi
  for u in "${units[@]}"; do
    echo "=== $name / $u"
    if [[ ! -f "$vec/$u.csv" ]]; then
      echo "FAIL $name/$u: no vectors $vec/$u.csv"
      record "$name" "$u" build "" "fail:no-vectors"
      continue
    fi
    if ! "$NMS_SIM_SCRIPTS/verilate.sh" "$rtl" "$u" "$out/build/$u" --trace; then
      record "$name" "$u" build "" "fail:build"
      continue
    fi
    status=0
    "$NMS_SIM_SCRIPTS/run.sh" "$out/build/$u" "$vec" "$out/$u/plain" --quiet || status=$?
    record "$name" "$u" plain "$out/$u/plain/$u.result.csv" "$([[ $status == 0 ]] && echo pass || echo "fail:exit$status")"
    if [[ "$stress" != 0 ]]; then
      status=0
      "$NMS_SIM_SCRIPTS/run.sh" "$out/build/$u" "$vec" "$out/$u/stress" --quiet \
        --bubble "$stress" --backpressure "$stress" --seed "$seed" || status=$?
      record "$name" "$u" "stress-$stress-seed$seed" "$out/$u/stress/$u.result.csv" \
        "$([[ $status == 0 ]] && echo pass || echo "fail:exit$status")"
    fi
    if [[ $icarus == 1 ]]; then
      status=0
      "$NMS_SIM_SCRIPTS/icarus.sh" "$rtl" "$u" "$vec" "$out/$u/icarus" \
        --build-dir "$out/build/$u" --limit "$icarus_limit" || status=$?
      record "$name" "$u" "icarus-first$icarus_limit" "" \
        "$([[ $status == 0 ]] && echo pass || echo "fail:exit$status")"
    fi
  done
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
    generate_from_java "$name" "$rest" "$out"
    rtl="$out/rtl"; vec="$out/vectors"
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
