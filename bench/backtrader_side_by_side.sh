#!/usr/bin/env bash
# dealer and backtrader side by side, as whole processes on the same 200,000 synthetic trades (CSV on
# both sides, bench/make_tape.sh) and the same rules (bench/backtest_chain.yaml, bench/backtrader_chain.py),
# one core each, printed with the machine, the load and the date. backtrader is not vendored: install
# it first (python3 -m pip install backtrader).
# Usage: bench/backtrader_side_by_side.sh [BUILD_DIR] [N]      (defaults: build, 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-200000}
python3 -c 'import backtrader' 2>/dev/null || {
  echo "backtrader_side_by_side: backtrader is not installed (python3 -m pip install backtrader)" >&2
  exit 2
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
one_core=()
command -v taskset >/dev/null && one_core=(taskset -c 0)
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
bench/make_tape.sh "$work/trades.csv" "$n"

now() { date +%s.%N; }
t0=$(now)
"${one_core[@]}" "$build/dealer" backtest --config bench/backtest_chain.yaml --trades "$work/trades.csv" \
  --json "$work/r.json" >/dev/null 2>&1
t1=$(now)
"${one_core[@]}" python3 bench/backtrader_chain.py "$work/trades.csv"
t2=$(now)
in_memory=$(grep -o '"trades_per_second":[0-9.e+]*' "$work/r.json" | cut -d: -f2)
awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v m="$in_memory" 'BEGIN {
  d = b - a; t = c - b
  printf "dealer whole process     %.3f s  (%.0f trades/s)\n", d, n / d
  printf "backtrader whole process %.3f s  (%.0f trades/s)\n", t, n / t
  printf "whole process: dealer %.0fx faster; dealer in memory (%.0f trades/s) / backtrader whole: %.0fx\n", t / d, m, m / (n / t)
}'
