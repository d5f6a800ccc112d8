#!/usr/bin/env bash
# Regression over configurations: for each, get RTL + vectors, build every unit's testbench,
# run it plain and under bubbles/back-pressure, optionally cross-check in Icarus, and tabulate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
repo_root="$(cd "$NMS_SIM_SCRIPTS/.." && pwd)"

usage() {
  cat <<USAGE
usage: regress.sh CONFIGS OUT_ROOT [--long] [--units "U1 U2"] [--icarus] [--icarus-limit N]
                  [--icarus-units "U1 U2"] [--seed N] [--stress P] [--coverage]
  CONFIGS   a file, one configuration per line ('#' comments and blank lines ignored):
              NAME: key=value key=value ...      RTL and vectors from the Java CLI
                                                 (\$NMS_CLI, default ./nms: 'rtl' and 'golden'
                                                 with --set key=value each; golden also gets
                                                 \$NMS_REGRESS_GOLDEN_ARGS, default
                                                 '--per-class 30 --vectors-per-unit 1500')
              NAME: @dirs RTL_DIR VECTORS_DIR    folders made earlier (relative to CONFIGS)
              NAME: @lrt[=L1,L2] key=value ...   the LRT units on real training: one
                                                 '\$NMS_CLI lrt --no-verify' run (--set each;
                                                 short: \$NMS_REGRESS_LRT_ARGS, default
                                                 '--pairs 300 --pretrain 1000 --write-cells
                                                 4000'; --long: \$NMS_REGRESS_LRT_LONG_ARGS,
                                                 default '--pairs 2500 --pretrain 5000
                                                 --write-cells 40000') gives one entry per layer
                                                 of the train network (or of layers L1,L2 of
                                                 conv1 conv2 fc1 fc2), NAME_LAYER, whose units
                                                 are nms_lrt_project and nms_lrt_write
  OUT_ROOT  receives NAME/{rtl,vectors,build,<unit>/...}, regress.csv (one row per run:
            transactions, mismatches, assertion failures, seconds of simulation (Icarus: of
            vvp), ...), regress-units.csv (per configuration and unit), configs.csv (per
            configuration: the vector scaling, the Java side's seconds and peak memory, the wall
            seconds of its verify.sh) and summary.csv (metric,value: transactions_total,
            mismatches_total, assertion_failures_total, ...)
  --long    the million-transaction mode: golden vectors from \$NMS_REGRESS_LONG_PER_CLASS
            (default 120) Fashion-MNIST test images per class (at most the configuration's
            max_rows_per_class), up to \$NMS_REGRESS_LONG_VECTORS (default 100000) vectors per
            unit, fewer where the nms_distance file would pass \$NMS_REGRESS_LONG_MB (default
            256) MB; Verilator built with --assert; --icarus on, over the first
            --icarus-limit (here default 200) vectors of every unit but nms_engine (default
            --icarus-units: one class of 120 images is a search of about 10^6 cycles, minutes
            in Icarus; the short regression replays its first class). \$NMS_REGRESS_GOLDEN_ARGS,
            when set, still replaces the golden options of both modes.
  --units   only these units (default: every unit with a filelist in the RTL folder; each of
            them must have vectors)
  --icarus  also run icarus.sh per unit; --icarus-limit caps its vectors (default 2000)
  --seed N  seed of the stress run (default 1); --stress P its bubble and back-pressure
            probability (default 0.2; 0 skips the stress run); --coverage as verify.sh
An assertion failure is an "ASSERTION FAILED <module>.<label> ..." line in a run's log (the
emitted RTL's message, rtl-gen's hdl/Assertions.java); such a run also fails by its exit status.
Exit 0 only if every run of every configuration passed: no mismatch, no assertion failure.
USAGE
}

[[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && { usage; exit 0; }
[[ $# -ge 2 ]] || { usage >&2; exit 2; }
configs="$(abs_path "$1")"
out_root="$2"
shift 2
long=0
verify_options=()  # passed on to verify.sh as given
for a in "$@"; do
  if [[ "$a" == --long ]]; then long=1; else verify_options+=("$a"); fi
done
if [[ $long == 1 ]]; then
  # Assertions live: Verilator ignores immediate assertions without --assert.
  export NMS_VERILATOR_FLAGS="${NMS_VERILATOR_FLAGS:-} --assert"
  [[ " ${verify_options[*]} " == *" --icarus "* ]] || verify_options+=(--icarus)
  [[ " ${verify_options[*]} " == *" --icarus-limit "* ]] || verify_options+=(--icarus-limit 200)
  if [[ " ${verify_options[*]} " != *" --icarus-units "* ]]; then
    sample=()
    for u in "${NMS_UNITS[@]}"; do [[ $u == nms_engine ]] || sample+=("$u"); done
    verify_options+=(--icarus-units "${sample[*]}")
  fi
fi
parse_verify_options "${verify_options[@]}"
need_tool verilator verilator
[[ $icarus == 1 ]] && need_tool iverilog iverilog
mkdir -p "$out_root"
out_root="$(abs_path "$out_root")"
wall_start=$(date +%s.%N)
summary="$out_root/regress.csv"
echo "config,unit,run,vectors,mismatches,assertion_failures,seconds,cycles_per_transaction,ideal_cycles_per_transaction,efficiency,status" >"$summary"
generated="$out_root/configs.csv"
echo "config,per_class,vectors_per_unit,rtl_seconds,golden_seconds,golden_max_rss_mb,vectors,verify_seconds" >"$generated"
failures=0

config_define() {  # NMS_CONFIG_H NAME: the value of '#define NAME value'
  awk -v k="$2" '$1 == "#define" && $2 == k { print $3 }' "$1"
}

# The Java side: RTL and golden vectors for one configuration, timed: the start of its
# configs.csv row (verify_config ends it).
generate_from_java() {  # NAME "key=value ..." OUT_DIR
  local cli="${NMS_CLI:-$repo_root/nms}"
  [[ -x "$cli" ]] || die "config $1: the Java CLI $cli is not there (build it, set NMS_CLI, or use '@dirs')"
  local sets=() kv t0 t1 t2 golden_args per_class="" cap="" rss=""
  for kv in $2; do sets+=(--set "$kv"); done
  t0=$(date +%s.%N)
  "$cli" rtl "${sets[@]}" --out "$3/rtl"
  t1=$(date +%s.%N)
  if [[ -n "${NMS_REGRESS_GOLDEN_ARGS:-}" ]]; then
    read -r -a golden_args <<<"$NMS_REGRESS_GOLDEN_ARGS"
  elif [[ $long == 1 ]]; then
    # Scale from the emitted configuration: a class may not exceed max_rows_per_class, and the
    # nms_distance file (two images per row) is kept to a size the TB loads quickly.
    local h="$3/rtl/nms_config.h" max_rows row_bytes
    max_rows="$(config_define "$h" NMS_MAX_ROWS_PER_CLASS)"
    per_class="${NMS_REGRESS_LONG_PER_CLASS:-120}"
    ((per_class <= max_rows)) || per_class="$max_rows"
    row_bytes=$(( 2 * ( ($(config_define "$h" NMS_DIMS) * $(config_define "$h" NMS_PIXEL_WIDTH) + 3) / 4 ) + 16 ))
    cap=$(( ${NMS_REGRESS_LONG_MB:-256} * 1000000 / row_bytes ))
    ((cap <= ${NMS_REGRESS_LONG_VECTORS:-100000})) || cap="${NMS_REGRESS_LONG_VECTORS:-100000}"
    golden_args=(--per-class "$per_class" --vectors-per-unit "$cap")
  else
    per_class=30 cap=1500
    golden_args=(--per-class "$per_class" --vectors-per-unit "$cap")
  fi
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%M' -o "$3/golden.rss" "$cli" golden "${sets[@]}" "${golden_args[@]}" --out "$3/golden"
    rss=$(( $(tail -n 1 "$3/golden.rss") / 1024 ))
  else
    "$cli" golden "${sets[@]}" "${golden_args[@]}" --out "$3/golden"
  fi
  t2=$(date +%s.%N)
  printf '%s,%s,%s,%s,%s,%s,%s,' "$1" "$per_class" "$cap" "$(elapsed "$t0" "$t1")" \
    "$(elapsed "$t1" "$t2")" "$rss" "$(result_metric "$3/golden/summary.csv" vectors)" >>"$generated"
}

# assertion_count FILE...: the emitted RTL's assertion messages in these logs (missing ones: 0).
assertion_count() {
  local f n=0
  for f in "$@"; do
    [[ -f "$f" ]] && n=$((n + $(grep -c 'ASSERTION FAILED' "$f" || true)))
  done
  echo "$n"
}

verify_config() {  # NAME RTL_DIR VECTORS_DIR OUT_DIR [more verify.sh options, later ones win]
  local t0 t1
  t0=$(date +%s.%N)
  "$NMS_SIM_SCRIPTS/verify.sh" "$2" "$3" "$4" "${verify_options[@]}" "${@:5}" || true
  t1=$(date +%s.%N)
  echo "$(elapsed "$t0" "$t1")" >>"$generated"
  # Fold the per-configuration table into the regression table, with each run's assertion
  # failures from its logs and its seconds (simulation; Icarus: its vvp run).
  local f unit run vectors mismatches status asserts seconds line d="$4"
  while IFS=, read -r -a f; do
    # verify.csv: unit,run,vectors,mismatches,assertion_failures,cycles,cycles_per_transaction,
    # ideal_cycles_per_transaction,efficiency,sim_seconds,...,status (status last)
    unit="${f[0]}" run="${f[1]}" vectors="${f[2]:-}" mismatches="${f[3]:-}" seconds="${f[9]:-}"
    status="${f[${#f[@]} - 1]}"
    case "$run" in
      plain | stress) asserts="$(assertion_count "$d/$unit/$run/$unit.log")" ;;
      icarus)
        # Icarus's own failures only: the Verilator reference run beside it is the plain row's.
        asserts="$(assertion_count "$d/$unit/icarus/icarus/vvp.log")"
        line="$(grep -E '^unit=.* icarus_seconds=' "$d/$unit-icarus.log" 2>/dev/null || true)"
        if [[ -n "$line" ]]; then
          vectors="$(sed -E 's/.* vectors=([0-9]+).*/\1/' <<<"$line")"
          mismatches="$(sed -E 's/.* icarus_mismatches=([0-9]+).*/\1/' <<<"$line")"
          seconds="$(sed -E 's/.* icarus_seconds=([0-9.]+).*/\1/' <<<"$line")"
        fi ;;
      coverage) asserts="$(assertion_count "$d/$unit-coverage.log")" ;;
      *) asserts=0 ;;
    esac
    # verify.sh's own count (the testbench's assertion_failures row) when the logs held none
    [[ "$asserts" == 0 && "${f[4]:-0}" =~ ^[1-9][0-9]*$ ]] && asserts="${f[4]}"
    # An assertion message fails the run even if the simulator's exit status did not.
    [[ "$asserts" != 0 && "$status" == pass ]] && status="fail:assertion"
    # A firing assertion stops the simulation ($fatal): the run's vectors were not all checked,
    # so it counts no transactions (verify.csv still gives the file's vector count).
    [[ "$asserts" != 0 ]] && vectors=0
    printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$1" "$unit" "$run" "$vectors" "$mismatches" \
      "$asserts" "$seconds" "${f[6]:-}" "${f[7]:-}" "${f[8]:-}" "$status"
  done < <(tail -n +2 "$d/verify.csv") >>"$summary"
  failures=$((failures + $(awk -F, -v c="$1" '$1 == c && $NF != "pass"' "$summary" | wc -l)))
}

# The LRT units on real training (an '@lrt' line): one './nms lrt --no-verify' run gives RTL and
# vectors for every layer of the train network; each layer is an entry NAME_LAYER of its own.
lrt_units="nms_lrt_project nms_lrt_write"
run_lrt() {  # NAME "key=value ..." OUT_DIR [LAYERS]
  local cli="${NMS_CLI:-$repo_root/nms}" sets=() kv args t0 t1 d layer units="" u first=1 gen
  [[ -x "$cli" ]] || die "config $1: the Java CLI $cli is not there (build it, set NMS_CLI, or use '@dirs')"
  # --units narrows the LRT units too; an entry with none of them left is not run.
  for u in $lrt_units; do
    [[ -z "$only_units" || " $only_units " == *" $u "* ]] && units="${units:+$units }$u"
  done
  if [[ -z "$units" ]]; then
    echo "regress: $1 skipped: --units '$only_units' names no LRT unit" >&2
    return 0
  fi
  for kv in $2; do sets+=(--set "$kv"); done
  if [[ $long == 1 ]]; then
    read -r -a args <<<"${NMS_REGRESS_LRT_LONG_ARGS:---pairs 2500 --pretrain 5000 --write-cells 40000}"
  else
    read -r -a args <<<"${NMS_REGRESS_LRT_ARGS:---pairs 300 --pretrain 1000 --write-cells 4000}"
  fi
  [[ -n "${4:-}" ]] && args+=(--layers "$4")
  t0=$(date +%s.%N)
  if ! "$cli" lrt --no-verify "${sets[@]}" "${args[@]}" --out "$3/lrt" >"$3/generate.log" 2>&1; then
    cat "$3/generate.log" >&2
    echo "$1,,generate,,,,,,,,fail:generate (see $3/generate.log)" >>"$summary"
    echo "$1,,,,,,," >>"$generated"
    failures=$((failures + 1))
    return 0
  fi
  t1=$(date +%s.%N)
  for d in "$3"/lrt/*/; do
    layer="$(basename "$d")"
    [[ -d "$d/rtl" && -d "$d/vectors" ]] || continue
    # configs.csv: the one generation's seconds on the first layer's row; vectors = samples + cells
    gen=""; [[ $first == 1 ]] && gen="$(elapsed "$t0" "$t1")"
    first=0
    printf '%s,,%s,,%s,,%s,' "$1_$layer" "$(result_metric "$3/lrt/summary.csv" "${layer}_samples")" "$gen" \
      "$(( $(result_metric "$3/lrt/summary.csv" "${layer}_samples") + $(result_metric "$3/lrt/summary.csv" "${layer}_write_cells") ))" >>"$generated"
    verify_config "$1_$layer" "$d/rtl" "$d/vectors" "$3/$layer" --units "$units"
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
  if [[ "${words[0]:-}" == @lrt || "${words[0]:-}" == @lrt=* ]]; then
    layers=""; [[ "${words[0]}" == @lrt=* ]] && layers="${words[0]#@lrt=}"
    run_lrt "$name" "${words[*]:1}" "$out" "$layers"
    continue
  elif [[ "${words[0]:-}" == "@dirs" ]]; then
    [[ ${#words[@]} == 3 ]] || die "$configs: '@dirs' wants RTL_DIR VECTORS_DIR"
    rtl="${words[1]}"; vec="${words[2]}"
    printf '%s,,,,,,,' "$name" >>"$generated"  # made earlier: no generation to time
    [[ "$rtl" == /* ]] || rtl="$config_dir/$rtl"
    [[ "$vec" == /* ]] || vec="$config_dir/$vec"
    rtl="$(abs_path "$rtl")"; vec="$(abs_path "$vec")"
  else
    # A configuration the Java side refuses (or fails on) is a failed row, not the end of the run.
    if ! generate_from_java "$name" "$rest" "$out" >"$out/generate.log" 2>&1; then
      cat "$out/generate.log" >&2
      echo "$name,,generate,,,,,,,,fail:generate (see $out/generate.log)" >>"$summary"
      echo "$name,,,,,,," >>"$generated"
      failures=$((failures + 1))
      continue
    fi
    rtl="$out/rtl"; vec="$out/golden/vectors"
  fi
  verify_config "$name" "$rtl" "$vec" "$out"
done <"$configs"

wall_end=$(date +%s.%N)
echo
column -s, -t <"$summary" 2>/dev/null || cat "$summary"

# Per configuration and unit: Verilator transactions (clean + stressed runs), Icarus's sample,
# mismatches and assertion failures of all runs, seconds of all runs; then the totals.
units_table="$out_root/regress-units.csv"
LC_ALL=C awk -F, -v OFS=, -v units="$units_table" -v summ="$out_root/summary.csv" \
    -v failures="$failures" -v long="$long" -v wall="$(elapsed "$wall_start" "$wall_end")" \
    -v gen="$generated" '
  # Real-image units: every row comes from Fashion-MNIST images; nms_exp2, nms_log2 and
  # nms_divider also carry ROM sweeps and edge values, so they count in the total only.
  function real(u) { return u == "nms_distance" || u == "nms_affinity" || u == "nms_perplexity" || u == "nms_engine" }
  # LRT units: every row comes from online LRT training on Fashion-MNIST (./nms lrt).
  function lrt(u) { return u ~ /^nms_lrt_/ }
  NR == 1 { next }
  {
    key = $1 SUBSEP $2
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    if (!($1 in configs_seen)) { configs_seen[$1] = 1; configs++ }
    if ($3 == "plain" || $3 == "stress") {
      vl[key] += $4; tx += $4
      if ($3 == "plain") { clean += $4; if (real($2)) real_clean += $4 }
      if (real($2)) real_all += $4
      if (lrt($2)) { lrt_all += $4; if ($3 == "plain") lrt_clean += $4 }
    } else if ($3 == "icarus") { ic[key] += $4; ictx += $4 }
    mm[key] += $5; mism += $5
    as[key] += $6; asserts += $6
    if (lrt($2)) { lrt_mism += $5; lrt_asserts += $6 }
    sec[key] += $7; secs += $7
    if ($11 != "pass") { bad[key] = 1 }
    runs++
  }
  END {
    print "config,unit,transactions,icarus_transactions,mismatches,assertion_failures,seconds,status" >units
    for (i = 1; i <= n; i++) {
      split(order[i], k, SUBSEP)
      printf "%s,%s,%d,%d,%d,%d,%.2f,%s\n", k[1], k[2], vl[order[i]], ic[order[i]], mm[order[i]],
        as[order[i]], sec[order[i]], (order[i] in bad) ? "fail" : "pass" >units
    }
    printf "TOTAL,,%d,%d,%d,%d,%.2f,%s\n", tx, ictx, mism, asserts, secs, failures == 0 ? "pass" : "fail" >units
    while ((getline line < gen) > 0) {
      if (++g == 1) continue
      split(line, c, ","); gsec += c[4] + c[5]; vsec += c[8]; if (c[6] + 0 > rss) rss = c[6] + 0
    }
    print "metric,value" >summ
    print "mode," (long ? "long" : "short") >summ
    print "configurations," configs + 0 >summ
    print "runs," runs >summ
    print "runs_failed," failures >summ
    print "transactions_total," tx + 0 >summ
    print "transactions_clean," clean + 0 >summ
    print "real_image_transactions_total," real_all + 0 >summ
    print "real_image_transactions_clean," real_clean + 0 >summ
    print "lrt_transactions_total," lrt_all + 0 >summ
    print "lrt_transactions_clean," lrt_clean + 0 >summ
    print "lrt_mismatches_total," lrt_mism + 0 >summ
    print "lrt_assertion_failures_total," lrt_asserts + 0 >summ
    print "icarus_transactions_total," ictx + 0 >summ
    print "mismatches_total," mism + 0 >summ
    print "assertion_failures_total," asserts + 0 >summ
    printf "simulation_seconds,%.2f\n", secs >summ
    printf "generate_seconds,%.2f\n", gsec >summ
    printf "verify_seconds,%.2f\n", vsec >summ
    print "golden_max_rss_mb," rss + 0 >summ
    print "wall_seconds," wall >summ
  }' "$summary"
echo
column -s, -t <"$units_table" 2>/dev/null || cat "$units_table"
echo
tr ',' ' ' <"$out_root/summary.csv" | tail -n +2 | paste -sd ' ' | sed 's/^/totals: /'
if [[ $failures == 0 ]]; then
  echo "REGRESSION PASS ($(($(wc -l <"$summary") - 1)) runs) — $summary"
else
  echo "REGRESSION FAIL: $failures failing runs — $summary"
  exit 1
fi
