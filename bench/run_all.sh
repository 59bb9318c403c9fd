#!/usr/bin/env bash
# The backtest figures of docs/benchmarks.md, each printed with the machine, the load average and the
# date, on one core (taskset -c 0): `dealer backtest` as users run it (bench/backtest_chain.yaml: a
# chain that fires, fees, metrics, the equity curve, --json) over N synthetic trades
# (bench/make_tape.sh), as its own in-memory trades_per_second and as whole processes from CSV and
# from a binary tape; then, if backtrader is installed, the side by side of bench/backtrader_side_by_side.sh.
# Usage: bench/run_all.sh [BUILD_DIR] [N]      (defaults: build, 10000000; needs about 1 GB of /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-10000000}
dealer=$build/dealer
[[ -x $dealer ]] || { echo "run_all: no $dealer (cmake --build $build --target dealer)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
one_core=()
command -v taskset >/dev/null && one_core=(taskset -c 0)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "machine: $cpu, $(nproc) cores, $(uname -sr)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'), dealer $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

# Seconds of wall time of one run of the command (its output thrown away).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }'
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f M trades/s", n / s / 1e6 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# The median of three runs.
median3() {
  local a b c
  a=$(seconds "$@")
  b=$(seconds "$@")
  c=$(seconds "$@")
  printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -g | sed -n 2p
}

bench/make_tape.sh "$work/trades.csv" "$n"
backtest=("${one_core[@]}" "$dealer" backtest --config bench/backtest_chain.yaml)
"$dealer" import --format tape --input "$work/trades.csv" --output "$work/trades.tape" >/dev/null
echo "tape:    $n trades, CSV $(du -m "$work/trades.csv" | cut -f1) MB, binary tape $(du -m "$work/trades.tape" | cut -f1) MB"
echo

"${backtest[@]}" --trades "$work/trades.csv" --json "$work/r.json" >/dev/null 2>&1
in_memory=$(grep -o '"trades_per_second":[0-9.e+]*' "$work/r.json" | cut -d: -f2)
printf '%-58s %s   (load %s)\n' "backtest in memory (its own trades_per_second)" \
  "$(rate "$in_memory" 1)" "$(load)"
t=$(median3 "${backtest[@]}" --trades "$work/trades.csv" --json "$work/c.json")
printf '%-58s %s   (%.2f s; load %s)\n' "backtest whole process from CSV (median of 3)" "$(rate "$n" "$t")" "$t" "$(load)"
t=$(median3 "${backtest[@]}" --trades "$work/trades.tape" --json "$work/t.json")
printf '%-58s %s   (%.2f s; load %s)\n' "backtest whole process from the binary tape (median of 3)" \
  "$(rate "$n" "$t")" "$t" "$(load)"
t=$(median3 "${one_core[@]}" "$dealer" import --format tape --input "$work/trades.csv" --output "$work/again.tape")
printf '%-58s %s   (%.2f s; load %s)\n' "import CSV to tape (median of 3)" "$(rate "$n" "$t")" "$t" "$(load)"

echo
if python3 -c 'import backtrader' 2>/dev/null; then
  bench/backtrader_side_by_side.sh "$build"
else
  echo "backtrader side by side: skipped (backtrader not installed: python3 -m pip install backtrader, then"
  echo "  bench/backtrader_side_by_side.sh $build)"
fi
