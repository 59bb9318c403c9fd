#!/usr/bin/env bash
# Load benchmark of `dealer exchange` on loopback: wrk against public/ticker with keep-alive, then the
# signed order/add + order/cancel loop of dealer_bench_sim_load. Build first (scripts/test or cmake).
# Usage: bench/run_sim_load.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
seconds=${2:-10}
command -v wrk >/dev/null || { echo "wrk is missing: scripts/setup installs it"; exit 2; }
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
{
  "$build/bench/dealer_bench_sim_load" --print-config 8
  echo "market: {trades: $PWD/data/mtgox-trades-btcusd-2013-01-01.csv, currency: USD, speed: 0}"
} > "$dir/exchange.yaml"
"$build/dealer" exchange --config "$dir/exchange.yaml" --mtgox-listen 127.0.0.1:0 > "$dir/out" &
pid=$!
for _ in $(seq 50); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*mtgox=127.0.0.1:\([0-9]*\).*/\1/p' "$dir/out")
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== wrk: GET /api/1/BTCUSD/public/ticker, 1 thread, 32 keep-alive connections, ${seconds}s"
wrk -t1 -c32 -d"${seconds}s" --latency "http://127.0.0.1:$port/api/1/BTCUSD/public/ticker"
echo "== signed order/add + order/cancel, 8 connections (one account each), ${seconds}s"
"$build/bench/dealer_bench_sim_load" "$port" 8 "$seconds"
