#!/usr/bin/env bash
# Builds the Verilator testbench of one unit against an RTL folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<USAGE
usage: verilate.sh RTL_DIR UNIT BUILD_DIR [--coverage] [--trace]
  RTL_DIR    folder with <UNIT>.f (a filelist; relative paths are relative to it),
             the .sv files it names and nms_config.h
  UNIT       one of: ${NMS_UNITS[*]}
  BUILD_DIR  where obj_dir/ and the binary BUILD_DIR/tb_<UNIT> go
  --coverage build with line and toggle coverage (the TB writes <out>/<UNIT>.coverage.dat)
  --trace    build with FST tracing (the TB then writes <out>/<UNIT>.fst on a mismatch)
Extra verilator flags may be given in NMS_VERILATOR_FLAGS.
The Verilator runtime objects (identical for every unit) are cached in NMS_TB_CACHE
(default \${XDG_CACHE_HOME:-\$HOME/.cache}/nms-verilator-tb; NMS_TB_CACHE=off disables it).
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 3 ]] || { usage >&2; exit 2; }
rtl_dir="$(abs_path "$1")"
unit="$2"
build_dir="$3"
shift 3
coverage=0
trace=0
for a in "$@"; do
  case "$a" in
    --coverage) coverage=1 ;;
    --trace) trace=1 ;;
    *) usage >&2; die "unknown option $a" ;;
  esac
done
is_unit "$unit" || die "no testbench for unit '$unit' (known: ${NMS_UNITS[*]})"
[[ -f "$rtl_dir/$unit.f" ]] || die "no filelist $rtl_dir/$unit.f"
[[ -f "$rtl_dir/nms_config.h" ]] || die "no $rtl_dir/nms_config.h (rtl-gen writes it next to the Verilog)"
need_tool verilator verilator
mkdir -p "$build_dir"
build_dir="$(abs_path "$build_dir")"

flags=()
[[ $trace == 1 ]] && flags+=(--trace-fst)
[[ $coverage == 1 ]] && flags+=(--coverage-line --coverage-toggle)
# shellcheck disable=SC2206
extra=(${NMS_VERILATOR_FLAGS:-})

# OPT_*: Verilator's makefile defaults to -Os; the testbench wants -O2 everywhere.
make_flags=(OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2)
start=$(date +%s.%N)

# Step 1 of `verilator --cc --exe --build -j 2`: verilate only, so the runtime cache below can
# seed obj_dir between verilation and make (the objects depend on the freshly written V<unit>.mk).
# --x-assign/--x-initial unique: X sources and unreset registers get seeded random values at run
# time (the TB sets the seed), so a missing reset cannot hide behind all-zero initial state.
# --assert: the units' `ifndef SYNTHESIS` assertions run; a failing one stops the TB (exit 1,
# assertion_failures in <unit>.result.csv).
verilator --cc --exe -j 2 -O2 \
  --top-module "$unit" --prefix "V$unit" \
  -F "$rtl_dir/$unit.f" \
  --Mdir "$build_dir/obj_dir" -o "$build_dir/tb_$unit" \
  --x-assign unique --x-initial unique --assert \
  -CFLAGS "-std=c++17 -I$rtl_dir -I$NMS_TB_DIR/include" \
  "${flags[@]}" "${extra[@]}" \
  "$NMS_TB_DIR/src/tb_$unit.cpp" >"$build_dir/verilate.log" 2>&1 || {
  cat "$build_dir/verilate.log" >&2
  die "verilator failed on $unit (log: $build_dir/verilate.log)"
}

# Runtime object cache: verilated.o & co. take most of a build's CPU time and depend only on the
# tools and the trace/coverage defines, not on the unit. Copies get a fresh mtime, newer than
# V<unit>.mk, so make skips them.
cache="${NMS_TB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nms-verilator-tb}"
runtime_objs=(verilated verilated_threads verilated_fst_c verilated_cov)
if [[ "$cache" != off ]]; then
  key="$( (verilator --version; ${CXX:-g++} --version | head -n 1;
    echo "t=$trace c=$coverage ${make_flags[*]}") | md5sum | cut -c1-12)"
  cache="$cache/$key"
  mkdir -p "$cache" 2>/dev/null || cache=off  # an unwritable cache only costs time
fi
if [[ "$cache" != off ]]; then
  for o in "${runtime_objs[@]}"; do
    if [[ -f "$cache/$o.o" ]]; then
      cp "$cache/$o.o" "$build_dir/obj_dir/$o.o"
      [[ -f "$cache/$o.d" ]] && cp "$cache/$o.d" "$build_dir/obj_dir/$o.d"
    fi
  done
fi

# Step 2: what --build runs.
make -j 2 -C "$build_dir/obj_dir" -f "V$unit.mk" "${make_flags[@]}" >>"$build_dir/verilate.log" 2>&1 || {
  tail -n 40 "$build_dir/verilate.log" >&2
  die "C++ build of the $unit testbench failed (log: $build_dir/verilate.log)"
}
end=$(date +%s.%N)

if [[ "$cache" != off ]]; then
  for o in "${runtime_objs[@]}"; do
    if [[ -f "$build_dir/obj_dir/$o.o" && ! -f "$cache/$o.o" ]]; then
      # copy-then-rename, so a concurrent build never sees half an object
      cp "$build_dir/obj_dir/$o.o" "$cache/$o.o.$$" && mv -f "$cache/$o.o.$$" "$cache/$o.o"
      [[ -f "$build_dir/obj_dir/$o.d" ]] && cp "$build_dir/obj_dir/$o.d" "$cache/$o.d"
    fi
  done
fi

# run.sh reads this to rebuild with tracing when a mismatch needs a waveform.
cat >"$build_dir/build.env" <<ENV
NMS_RTL_DIR=$rtl_dir
NMS_UNIT=$unit
NMS_TRACE=$trace
NMS_COVERAGE=$coverage
ENV
printf 'built %s/tb_%s in %.1f s (trace=%s coverage=%s)\n' "$build_dir" "$unit" \
  "$(elapsed "$start" "$end")" "$trace" "$coverage"
