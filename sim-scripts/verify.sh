#!/usr/bin/env bash
# Verifies every unit of one RTL folder against one vector folder: build, a clean run (for the
# cycle figures), a stressed run (random input bubbles and output back-pressure), optionally an
# Icarus 4-state cross-check and line coverage. One row per run goes to OUT_DIR/verify.csv.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<USAGE
usage: verify.sh RTL_DIR VECTORS_DIR OUT_DIR [--units "U1 U2"] [--seed N] [--stress P]
                 [--icarus] [--icarus-limit N] [--icarus-units "U1 U2"] [--coverage]
  RTL_DIR      folder with <unit>.f filelists, the .sv files and nms_config.h
  VECTORS_DIR  folder with <unit>.csv vector files
  OUT_DIR      receives build/<unit>, <unit>/{plain,stress,icarus,coverage} and verify.csv
  --units      only these units (default: every unit with a filelist; each must have vectors)
  --seed N     seed of the stressed run (default 1); --stress P its bubble and back-pressure
               probability (default 0.2; 0 skips it)
  --icarus     also replay the vectors in Icarus and diff (first --icarus-limit, default 2000;
               nms_engine: its first class); --icarus-units: only for these units (default:
               every unit verified)
  --coverage   also build with coverage and record each unit's line coverage (run "coverage",
               over its filelist), then merge them and record each module's (run
               "coverage-merged", unit = module; OUT_DIR/coverage/merged.txt)
Exit 0 only if every run passed. verify.csv columns:
  unit,run,vectors,mismatches,assertion_failures,cycles,cycles_per_transaction,
  ideal_cycles_per_transaction,
  efficiency,sim_seconds,sim_cycles_per_second,dram_bytes_near_memory,host_bytes,
  line_coverage_pct,waveform,status
  (waveform: a failed run's trace up to the failure, relative to OUT_DIR: <unit>/<run>/<unit>.fst
  from Verilator, <unit>/icarus/<unit>.icarus.vcd from Icarus; status stays the last column)
  (dram_bytes_near_memory and host_bytes: nms_engine only, as its DRAM model counted them;
  assertion_failures: RTL assertions that fired, Verilator --assert and, run icarus, both)
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 3 ]] || { usage >&2; exit 2; }
rtl="$(abs_path "$1")"
vec="$(abs_path "$2")"
out="$3"
shift 3
parse_verify_options "$@"
need_tool verilator verilator
[[ $icarus == 1 ]] && need_tool iverilog iverilog
mkdir -p "$out"
out="$(abs_path "$out")"
table="$out/verify.csv"
echo "unit,run,vectors,mismatches,assertion_failures,cycles,cycles_per_transaction,ideal_cycles_per_transaction,efficiency,sim_seconds,sim_cycles_per_second,dram_bytes_near_memory,host_bytes,line_coverage_pct,waveform,status" >"$table"
failures=0

# The waveform a failed run left (relative to OUT_DIR): the Verilator FST run.sh writes, the
# Icarus VCD icarus.sh writes. Empty for a passing run.
waveform_of() {  # UNIT RUN STATUS
  [[ "$3" == pass ]] && return 0
  local w
  case "$2" in
    plain | stress) w="$1/$2/$1.fst" ;;
    icarus) w="$1/icarus/$1.icarus.vcd"; [[ -s "$out/$w" ]] || w="$1/icarus/$1.fst" ;;
    *) return 0 ;;
  esac
  [[ -s "$out/$w" ]] && echo "$w"
  return 0
}

record() {  # UNIT RUN RESULT_CSV STATUS [COVERAGE]
  local r="$3" m row=()
  for m in vectors mismatches assertion_failures cycles cycles_per_transaction ideal_cycles_per_transaction \
           efficiency sim_seconds sim_cycles_per_second dram_bytes_near_memory host_bytes; do
    if [[ -f "$r" ]]; then row+=("$(result_metric "$r" "$m")"); else row+=(""); fi
  done
  (IFS=,; echo "$1,$2,${row[*]},${5:-},$(waveform_of "$1" "$2" "$4"),$4") >>"$table"
  [[ "$4" == pass ]] || failures=$((failures + 1))
}

units=()
if [[ -n "$only_units" ]]; then
  read -r -a units <<<"$only_units"
else
  for u in "${NMS_UNITS[@]}"; do [[ -f "$rtl/$u.f" ]] && units+=("$u"); done
fi
[[ ${#units[@]} -gt 0 ]] || { record none build "" "fail:no-filelist"; echo "FAIL: no unit filelist in $rtl"; exit 1; }

for u in "${units[@]}"; do
  echo "=== verify $u" >&2
  if [[ ! -f "$vec/$u.csv" ]]; then
    echo "FAIL $u: no vectors $vec/$u.csv"
    record "$u" build "" "fail:no-vectors"
    continue
  fi
  if ! "$NMS_SIM_SCRIPTS/verilate.sh" "$rtl" "$u" "$out/build/$u" >"$out/build-$u.log" 2>&1; then
    cat "$out/build-$u.log" >&2
    record "$u" build "" "fail:build"
    continue
  fi
  status=0
  "$NMS_SIM_SCRIPTS/run.sh" "$out/build/$u" "$vec" "$out/$u/plain" --quiet || status=$?
  record "$u" plain "$out/$u/plain/$u.result.csv" "$([[ $status == 0 ]] && echo pass || echo "fail:exit$status")"
  if [[ "$stress" != 0 ]]; then
    status=0
    "$NMS_SIM_SCRIPTS/run.sh" "$out/build/$u" "$vec" "$out/$u/stress" --quiet \
      --bubble "$stress" --backpressure "$stress" --seed "$seed" || status=$?
    record "$u" "stress" "$out/$u/stress/$u.result.csv" \
      "$([[ $status == 0 ]] && echo pass || echo "fail:exit$status")"
  fi
  if [[ $icarus == 1 && ( -z "$icarus_units" || " $icarus_units " == *" $u "* ) ]]; then
    status=0
    limit="$icarus_limit"
    # One nms_engine vector is a whole class ((N + ceil(N/K) x (N - 1)) x beats cycles, up to
    # millions on real images):
    # Icarus replays the first class.
    [[ "$u" == nms_engine ]] && limit=1
    "$NMS_SIM_SCRIPTS/icarus.sh" "$rtl" "$u" "$vec" "$out/$u/icarus" \
      --build-dir "$out/build/$u" --limit "$limit" >"$out/$u-icarus.log" 2>&1 || status=$?
    [[ $status == 0 ]] || cat "$out/$u-icarus.log" >&2
    record "$u" icarus "$out/$u/icarus/$u.icarus.result.csv" \
      "$([[ $status == 0 ]] && echo pass || echo "fail:exit$status")"
  fi
  if [[ $coverage == 1 ]]; then
    status=0
    "$NMS_SIM_SCRIPTS/coverage.sh" "$rtl" "$u" "$vec" "$out/$u/coverage" --seed "$seed" \
      >"$out/$u-coverage.log" 2>&1 || status=$?
    pct="$(sed -n 's/^line_coverage_pct=//p' "$out/$u-coverage.log")"
    [[ $status == 0 ]] || cat "$out/$u-coverage.log" >&2
    record "$u" coverage "" "$([[ $status == 0 ]] && echo pass || echo "fail:exit$status")" "$pct"
  fi
done

# Coverage closes over the whole run, as a regression's merged database does: each module's
# lines count as covered when any unit's vectors reached them (the ROM words through the ROM
# units' own sweeps, the sequencing through the tops). One coverage-merged row per module.
if [[ $coverage == 1 ]]; then
  dats=() files=()
  for u in "${units[@]}"; do
    [[ -f "$out/$u/coverage/$u.coverage.dat" ]] && dats+=("$out/$u/coverage/$u.coverage.dat")
    mapfile -t -O "${#files[@]}" files < <(unit_files "$rtl" "$u")
  done
  if [[ ${#dats[@]} -gt 0 ]]; then
    mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u)
    mkdir -p "$out/coverage"
    verilator_coverage --write "$out/coverage/merged.dat" "${dats[@]}"
    line_coverage_report "$out/coverage/merged.dat" "${files[@]}" >"$out/coverage/merged.txt"
    echo "line coverage, all units' vectors merged ($out/coverage/merged.txt):"
    sed 's/^/  /' "$out/coverage/merged.txt"
    while IFS= read -r line; do
      [[ "$line" =~ ^(/.*/)?([A-Za-z0-9_]+)\.s?v:\ [0-9]+/[0-9]+\ lines\ \(([0-9.]+)%\)$ ]] || continue
      record "${BASH_REMATCH[2]}" coverage-merged "" pass "${BASH_REMATCH[3]}"
    done <"$out/coverage/merged.txt"
  fi
fi

if [[ $failures == 0 ]]; then
  echo "VERIFY PASS ($(tail -n +2 "$table" | grep -vc ',coverage-merged,') runs) — $table"
else
  echo "VERIFY FAIL: $failures failing runs — $table"
  exit 1
fi
