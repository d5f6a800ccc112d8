#!/usr/bin/env bash
# Tests of the testbench itself, on the hand-written fixtures in verilator-tb/tests/fixtures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<USAGE
usage: selftest.sh [--quick] [--keep] [WORK_DIR]
  Builds the fixture testbenches and checks that the testbench
   (a) passes correct vectors with 0 mismatches, with and without bubbles/back-pressure,
   (b) fails a vector file with one output changed, naming vector/port/expected/got, and
       leaves an .fst,
   (c) refuses vectors whose manifest has another config hash or unit (exit 3) and rejects
       malformed files (exit 2),
   (d) agrees with Icarus,
   (e) catches broken RTL: a back-pressure protocol violation, an unreset register, a failing
       RTL assertion (counted in result.csv, in Verilator and in Icarus);
  and, unless --quick: (f) run.sh rebuilds with tracing for a waveform, (g) coverage.sh,
  (h) regress.sh, (i) the speed of 10,000 Fashion-MNIST-sized pairs.
  WORK_DIR defaults to a new temporary folder, removed on success unless --keep.
Exit 0 if every check passed, 1 otherwise.
USAGE
}

quick=0
keep=0
work=""
for a in "$@"; do
  case "$a" in
    -h | --help) usage; exit 0 ;;
    --quick) quick=1 ;;
    --keep) keep=1 ;;
    -*) usage >&2; die "unknown option $a" ;;
    *) work="$a" ;;
  esac
done
need_tool verilator verilator
need_tool iverilog iverilog
need_tool g++ g++
if [[ -z "$work" ]]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/nms-tb-selftest.XXXXXX")"
else
  mkdir -p "$work"
  work="$(abs_path "$work")"
fi
fx="$NMS_TB_DIR/tests/fixtures"
# The units with hand-written fixtures: the generic harness's units. nms_engine's bench has its own
# DRAM model and is tested against emitted RTL and golden vectors by the Java suite
# (cli EngineVerilatorTest), since its vectors need the real perplexity search.
FIXTURE_UNITS=(nms_distance nms_exp2 nms_affinity nms_log2 nms_divider nms_perplexity)
S="$NMS_SIM_SCRIPTS"
passed=0
failed=0
t_start=$SECONDS
echo "selftest work folder: $work"

ok() { echo "ok   - $*"; passed=$((passed + 1)); }
bad() { echo "FAIL - $*"; failed=$((failed + 1)); }
# check DESCRIPTION COMMAND...: a passing command is a passing check.
check() {
  local d="$1"
  shift
  if "$@"; then ok "$d"; else bad "$d"; fi
}
# run LOG COMMAND...: runs it with output to LOG, leaves its exit status in $rc.
run() {
  local log="$1"
  shift
  mkdir -p "$(dirname "$log")"
  set +e
  "$@" >"$log" 2>&1
  rc=$?
  set -e
}
metric() { result_metric "$1" "$2" 2>/dev/null || true; }
# mutate IN OUT ROW COLUMN VALUE: data row ROW (0-based) gets VALUE in column COLUMN (1-based).
mutate() {
  awk -F, -v OFS=, -v r="$3" -v c="$4" -v v="$5" \
    '/^#/ { print; next } { n++ } n == r + 2 { $c = v } { print }' "$1" >"$2"
}
cell() {  # FILE ROW COLUMN
  awk -F, -v r="$2" -v c="$3" '/^#/ { next } { n++ } n == r + 2 { print $c }' "$1"
}

# ---------------------------------------------------------------------------------------------
echo "--- building the fixture vector generator and the six unit testbenches"
g++ -std=c++17 -O2 -Wall -Wextra -I"$fx/rtl" -o "$work/gen_vectors" "$fx/gen_vectors.cpp"
for u in "${FIXTURE_UNITS[@]}"; do
  "$S/verilate.sh" "$fx/rtl" "$u" "$work/build/$u" --trace
done
echo "builds done at +$((SECONDS - t_start)) s"

# ---------------------------------------------------------------------------------------------
echo "--- (a) correct vectors pass, with and without bubbles and back-pressure"
mkdir -p "$work/vectors"
for u in "${FIXTURE_UNITS[@]}"; do
  rows=5000
  [[ $u == nms_distance ]] && rows=20000
  "$work/gen_vectors" "$u" "$rows" 7 >"$work/vectors/$u.csv"
  for vec in "$fx/vectors/$u.csv" "$work/vectors/$u.csv"; do
    n="$(grep -c -v -e '^#' "$vec")"
    n=$((n - 1))
    for mode in "plain:" "b3:--bubble 0.3 --backpressure 0.3 --seed 3" \
      "b6:--bubble 0.6 --backpressure 0.1 --seed 4" "p6:--bubble 0.05 --backpressure 0.6 --seed 5"; do
      tag="${mode%%:*}"
      read -r -a opts <<<"${mode#*:}"
      out="$work/a/$u-$n-$tag"
      run "$out.log" "$S/run.sh" "$work/build/$u" "$vec" "$out" "${opts[@]}"
      check "$u: $n vectors, ${mode#*:}: exit 0, 0 mismatches, all vectors, no waveform" \
        test "$rc" = 0 -a "$(metric "$out/$u.result.csv" mismatches)" = 0 \
        -a "$(metric "$out/$u.result.csv" vectors)" = "$n" -a ! -e "$out/$u.fst"
    done
  done
done
r="$work/a/nms_distance-20000-plain/nms_distance.result.csv"
check "result.csv has the ten metrics in order" test "$(cut -d, -f1 "$r" | tr '\n' ' ')" = \
  "metric unit vectors mismatches assertion_failures cycles cycles_per_transaction ideal_cycles_per_transaction efficiency sim_seconds sim_cycles_per_second "
check "nms_distance without bubbles runs at the ideal NMS_BEATS = 3 cycles per pair" \
  test "$(metric "$r" ideal_cycles_per_transaction)" = 3.0000 -a "$(metric "$r" efficiency)" = 1.0000
check "bubbles and back-pressure cost cycles (efficiency < 1)" \
  awk -v e="$(metric "$work/a/nms_distance-20000-b3/nms_distance.result.csv" efficiency)" \
  'BEGIN { exit !(e < 0.9) }'

# ---------------------------------------------------------------------------------------------
echo "--- (b) one changed output number fails, is named, and leaves a waveform"
expect_mismatch() {  # UNIT VECFILE ROW COLUMN(1-based) PORT NEWVALUE [tb options]
  local u="$1" vec="$2" row="$3" col="$4" port="$5" new="$6"
  shift 6
  local orig out="$work/b/$u-$port"
  orig="$(cell "$vec" "$row" "$col")"
  mutate "$vec" "$work/b-$u-$port.csv" "$row" "$col" "$new"
  run "$out.log" "$S/run.sh" "$work/build/$u" "$work/b-$u-$port.csv" "$out" "$@"
  check "$u: changed $port of vector $row fails with exit 1" test "$rc" = 1
  check "$u: the report names vector=$row port=$port expected=$new got=$orig" \
    grep -Eq "^MISMATCH vector=$row cycle=[0-9]+ port=$port expected=$new got=$orig\$" "$out.log"
  check "$u: totals line and result.csv say 1 mismatch" \
    test "$(metric "$out/$u.result.csv" mismatches)" = 1 -a \
    "$(grep -c '^FAIL .* mismatches=1 in 1 vectors' "$out.log")" = 1
  check "$u: a non-empty waveform $u.fst is left" test -s "$out/$u.fst"
}
mkdir -p "$work/b"
expect_mismatch nms_distance "$fx/vectors/nms_distance.csv" 4 3 dist_o 0001
expect_mismatch nms_distance "$work/vectors/nms_distance.csv" 15000 3 dist_o 7fff \
  --bubble 0.3 --backpressure 0.3 --seed 9
# a bit above 64 of the 70-bit sum_ta_o (a VlWide port)
v="$(cell "$fx/vectors/nms_affinity.csv" 7 9)"
flipped="$(printf '%x' $(( 0x${v:0:1} ^ 0x2 )))${v:1}"
expect_mismatch nms_affinity "$fx/vectors/nms_affinity.csv" 7 9 sum_ta_o "$flipped"
expect_mismatch nms_perplexity "$fx/vectors/nms_perplexity.csv" 2 5 iterations_o 7f
expect_mismatch nms_divider "$fx/vectors/nms_divider.csv" 11 3 quotient_o 000
awk -F, -v OFS=, '/^#/ { print; next } { n++ } n > 1 { $3 = "7fff" } { print }' \
  "$work/vectors/nms_distance.csv" >"$work/b-many.csv"
run "$work/b/many.log" "$work/build/nms_distance/tb_nms_distance" --vectors "$work/b-many.csv" \
  --out "$work/b/many" --no-trace-on-fail
check "every vector wrong: exit 1, 10 mismatches printed, all 20000 counted" \
  test "$rc" = 1 -a "$(grep -c '^MISMATCH' "$work/b/many.log")" = 10 \
  -a "$(metric "$work/b/many/nms_distance.result.csv" mismatches)" = 20000

# ---------------------------------------------------------------------------------------------
echo "--- (c) vectors for another configuration or unit are refused; malformed files rejected"
d="$fx/vectors/nms_distance.csv"
tb="$work/build/nms_distance/tb_nms_distance"
sed 's/^# config_hash: .*/# config_hash: 0123456789abcdef/' "$d" >"$work/c-hash.csv"
run "$work/c-hash.log" "$tb" --vectors "$work/c-hash.csv" --out "$work/c"
check "other config_hash: exit 3" test "$rc" = 3
check "other config_hash: the message names both hashes" \
  grep -q "REFUSED.*config_hash 0123456789abcdef.*0f1c5ade0f1c5ade" "$work/c-hash.log"
check "refused run writes no result.csv" test ! -e "$work/c/nms_distance.result.csv"
sed 's/^# unit: .*/# unit: nms_exp2/' "$d" >"$work/c-unit.csv"
run "$work/c-unit.log" "$tb" --vectors "$work/c-unit.csv" --out "$work/c"
check "other unit: exit 3 naming it" test "$rc" = 3 -a "$(grep -c "REFUSED.*unit 'nms_exp2'" "$work/c-unit.log")" = 1
grep -v '^# config_hash' "$d" >"$work/c-nohash.csv"
run "$work/c-nohash.log" "$tb" --vectors "$work/c-nohash.csv" --out "$work/c"
check "no config_hash in the manifest: exit 3" test "$rc" = 3
run "$work/c-run.log" "$S/run.sh" "$work/build/nms_distance" "$work/c-hash.csv" "$work/c"
check "run.sh passes exit 3 through" test "$rc" = 3
mutate "$d" "$work/c-hex.csv" 3 3 00g1
run "$work/c-hex.log" "$tb" --vectors "$work/c-hex.csv" --out "$work/c"
check "a non-hex cell: exit 2 naming the line" test "$rc" = 2 -a "$(grep -c ':11: column dist_o: not a hex' "$work/c-hex.log")" = 1
mutate "$d" "$work/c-width.csv" 3 3 00001
run "$work/c-width.log" "$tb" --vectors "$work/c-width.csv" --out "$work/c"
check "a cell of the wrong width: exit 2" test "$rc" = 2 -a "$(grep -c 'hex digits, the contract says 4' "$work/c-width.log")" = 1
head -n -2 "$d" >"$work/c-trunc.csv"
run "$work/c-trunc.log" "$tb" --vectors "$work/c-trunc.csv" --out "$work/c"
check "fewer rows than the manifest's vectors: exit 2" test "$rc" = 2
sed 's/^a_i,b_i,dist_o$/a_i,b_i,dist_o2/' "$d" >"$work/c-col.csv"
run "$work/c-col.log" "$tb" --vectors "$work/c-col.csv" --out "$work/c"
check "a column that is not a port: exit 2" test "$rc" = 2

# ---------------------------------------------------------------------------------------------
echo "--- (d) Icarus agrees with Verilator"
for u in "${FIXTURE_UNITS[@]}"; do
  for vec in "$fx/vectors/$u.csv" "$work/vectors/$u.csv"; do
    kind=checked-in
    [[ "$vec" == "$work"/* ]] && kind=generated
    out="$work/d/$u-$kind"
    run "$out.log" "$S/icarus.sh" "$fx/rtl" "$u" "$vec" "$out" --build-dir "$work/build/$u" \
      --limit 2000
    check "$u ($kind vectors, up to 2000): Icarus and Verilator both 0 mismatches, identical dumps" \
      test "$rc" = 0 -a "$(grep -c 'icarus_mismatches=0 dumps_identical=yes' "$out.log")" = 1
  done
done

# ---------------------------------------------------------------------------------------------
echo "--- (e) broken RTL is caught"
for u in nms_log2 nms_exp2; do
  "$S/verilate.sh" "$fx/rtl-broken" "$u" "$work/build-broken/$u" --trace
done
run "$work/e1.log" "$S/run.sh" "$work/build-broken/nms_log2" "$fx/vectors" "$work/e1"
check "log2 that ignores out_ready_i passes without back-pressure" test "$rc" = 0
run "$work/e2.log" "$S/run.sh" "$work/build-broken/nms_log2" "$fx/vectors" "$work/e2" \
  --backpressure 0.3 --watchdog 1000
check "... and fails under back-pressure with a protocol report" \
  test "$rc" = 1 -a "$(grep -c 'protocol: output changed while stalled' "$work/e2.log")" -ge 1
run "$work/e3.log" "$S/run.sh" "$work/build-broken/nms_exp2" "$fx/vectors" "$work/e3"
check "exp2 with an unreset register fails in Verilator (random init)" test "$rc" = 1
run "$work/e4.log" "$S/icarus.sh" "$fx/rtl-broken" nms_exp2 "$fx/vectors" "$work/e4" \
  --build-dir "$work/build-broken/nms_exp2"
check "... and in Icarus, which sees X" test "$rc" = 1 -a "$(grep -c 'got=xxx' "$work/e4.log")" -ge 1
# A correct exp2 fixture with one assertion the vectors break (a_o never above 0): the emitted
# units' assertion form, so verilate.sh's --assert and the benches' handling are what is tested.
mkdir -p "$work/rtl-assert"
cp "$fx/rtl/nms_config.h" "$fx/rtl/nms_exp2.f" "$work/rtl-assert/"
sed '/^endmodule/,$d' "$fx/rtl/nms_exp2.sv" >"$work/rtl-assert/nms_exp2.sv"
cat >>"$work/rtl-assert/nms_exp2.sv" <<'SV'
`ifndef SYNTHESIS
  always @(posedge clk_i or negedge rst_ni) begin
    if (rst_ni) begin
      assert (!(out_valid_o && a_o != '0))
        else $fatal(1, "ASSERTION FAILED nms_exp2.selftest_zero cycle=? (%m): a_o=0x%0h", a_o);
    end
  end
`endif
endmodule
SV
"$S/verilate.sh" "$work/rtl-assert" nms_exp2 "$work/build-assert" >/dev/null
run "$work/e5.log" "$S/run.sh" "$work/build-assert" "$fx/vectors" "$work/e5"
check "a failing RTL assertion stops Verilator: exit 1, named, assertion_failures 1" \
  test "$rc" = 1 -a "$(grep -c 'ASSERTION FAILED nms_exp2.selftest_zero' "$work/e5.log")" -ge 1 \
  -a "$(metric "$work/e5/nms_exp2.result.csv" assertion_failures)" = 1
run "$work/e6.log" "$S/icarus.sh" "$work/rtl-assert" nms_exp2 "$fx/vectors" "$work/e6" \
  --build-dir "$work/build-assert"
check "... and fails the Icarus cross-check, counted in nms_exp2.icarus.result.csv" \
  test "$rc" = 1 -a "$(metric "$work/e6/nms_exp2.icarus.result.csv" assertion_failures)" -ge 1
check "... and leaves an Icarus VCD up to the failure, named in the log" \
  test -s "$work/e6/nms_exp2.icarus.vcd" -a "$(grep -c "waveform: $work/e6/nms_exp2.icarus.vcd" "$work/e6.log")" -ge 1

if [[ $quick == 0 ]]; then
  # -------------------------------------------------------------------------------------------
  echo "--- (f) run.sh rebuilds with tracing when a build without it fails"
  "$S/verilate.sh" "$fx/rtl" nms_distance "$work/build-notrace"
  run "$work/f.log" "$S/run.sh" "$work/build-notrace" "$work/b-nms_distance-dist_o.csv" "$work/f"
  check "no-trace build: exit 1 and a waveform from the traced rebuild" \
    test "$rc" = 1 -a -s "$work/f/nms_distance.fst"

  # -------------------------------------------------------------------------------------------
  echo "--- (g) coverage.sh"
  run "$work/g.log" "$S/coverage.sh" "$fx/rtl" nms_distance "$work/vectors" "$work/g" --limit 2000
  pct="$(sed -n 's/^line_coverage_pct=//p' "$work/g.log")"
  check "coverage.sh prints line_coverage_pct (got '$pct') and it is 100 for nms_distance" \
    test "$rc" = 0 -a "$pct" = 100.0
  check "coverage.sh writes annotated sources" test -s "$work/g/annotated/nms_distance.sv"

  # -------------------------------------------------------------------------------------------
  echo "--- (h) regress.sh"
  run "$work/h.log" "$S/regress.sh" "$fx/regress-configs.txt" "$work/h" \
    --units "nms_distance nms_divider" --icarus
  check "regress.sh over the fixture configuration passes" \
    test "$rc" = 0 -a "$(grep -c ',pass$' "$work/h/regress.csv")" = 6
  printf 'broken: @dirs rtl-broken vectors\n' >"$work/h-broken.txt"
  sed -i "s|rtl-broken|$fx/rtl-broken|; s| vectors\$| $fx/vectors|" "$work/h-broken.txt"
  run "$work/h2.log" "$S/regress.sh" "$work/h-broken.txt" "$work/h2" --seed 2
  check "regress.sh over the broken RTL fails (exit 1) and lists the failing runs" \
    test "$rc" = 1 -a "$(grep -c ',fail' "$work/h2/regress.csv")" -ge 2

  # -------------------------------------------------------------------------------------------
  echo "--- (i) speed: 10,000 pairs of 784 8-bit pixels through nms_distance (196 beats each)"
  g++ -std=c++17 -O2 -I"$fx/rtl-fmnist" -o "$work/gen_fmnist" "$fx/gen_vectors.cpp"
  "$work/gen_fmnist" nms_distance 10000 5 >"$work/fmnist.csv"
  "$S/verilate.sh" "$fx/rtl-fmnist" nms_distance "$work/build-fmnist" --trace
  t0=$(date +%s.%N)
  run "$work/i.log" "$S/run.sh" "$work/build-fmnist" "$work/fmnist.csv" "$work/i"
  t1=$(date +%s.%N)
  cat "$work/i.log"
  wall="$(elapsed "$t0" "$t1")"
  echo "wall time of the run (load + simulate + report): $wall s for $(du -h "$work/fmnist.csv" | cut -f1) of vectors"
  check "10,000 Fashion-MNIST-sized pairs pass at 196 cycles per pair, in under 20 s" \
    test "$rc" = 0 -a "$(metric "$work/i/nms_distance.result.csv" ideal_cycles_per_transaction)" = 196.0000 \
    -a "$(awk -v w="$wall" 'BEGIN { print (w < 20) }')" = 1
fi

echo
echo "selftest: $passed passed, $failed failed, $((SECONDS - t_start)) s"
if [[ $failed != 0 ]]; then
  echo "logs kept in $work"
  exit 1
fi
[[ $keep == 1 ]] || rm -rf "$work"
