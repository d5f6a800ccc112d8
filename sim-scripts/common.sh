# Shared helpers of the sim-scripts (sourced, not run). Callers use `set -euo pipefail`.

NMS_SIM_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NMS_TB_DIR="$(cd "$NMS_SIM_SCRIPTS/../verilator-tb" && pwd)"
# The units that have a testbench driver (verilator-tb/src/tb_<unit>.cpp).
NMS_UNITS=(nms_distance nms_exp2 nms_affinity nms_log2 nms_divider nms_perplexity nms_engine)

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
