#!/usr/bin/env bash
# Memory of `dealer run` (target: VmHWM < 30 MB): starts the simulator on loopback with
# config/exchange.yaml (the 2013-01-01 tape replayed at 60x, liquidity on), then `dealer run` as alice
# with one watch_price strategy whose first rule fires on the opening trades, and after SECONDS reports
# its peak and current resident set (VmHWM, VmRSS) from /proc, sampled every 5 s on the way. Then
# SIGTERM: dealer run must exit 0. Build first (scripts/test or cmake).
# Usage: bench/run_rss.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
seconds=${2:-60}
dealer="$build/dealer"
"$dealer" help run >/dev/null 2>&1 || { echo "this build has no 'dealer run'"; exit 2; }
dir=$(mktemp -d)
sim_pid='' run_pid=''
trap 'kill $run_pid $sim_pid 2>/dev/null || true; rm -rf "$dir"' EXIT

"$dealer" exchange --config config/exchange.yaml --mtgox-listen 127.0.0.1:0 > "$dir/sim.out" 2> "$dir/sim.err" &
sim_pid=$!
for _ in $(seq 100); do grep -q listening "$dir/sim.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*mtgox=127.0.0.1:\([0-9]*\).*/\1/p' "$dir/sim.out")
[ -n "$port" ] || { echo "the simulator did not start:"; cat "$dir/sim.err"; exit 1; }

# The tape opens at 13.51: buy-dip fires at once; take-profit is armed once the buy has filled.
cat > "$dir/dealer.yaml" <<EOF
exchange: {kind: mtgox, base_url: "http://127.0.0.1:$port", pair: BTCUSD}
store: {path: $dir/dealer.sqlite}
risk: {max_order_amount: "5", max_open_orders: 10}
strategies:
  - id: dip-chain
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy-dip, side: buy, when: "last <= 13.55", price: "13.55", amount: "2.0"}
      - {id: take-profit, side: sell, after: buy-dip, when: "last >= 13.50", price: "13.50", amount: "2.0"}
EOF
# alice of config/exchange.yaml: simulator-only credentials.
DEALER_MTGOX_KEY=$(sed -n 's/^ *key: //p' config/exchange.yaml | head -1) \
DEALER_MTGOX_SECRET=$(sed -n 's/^ *secret: //p' config/exchange.yaml | head -1) \
  "$dealer" run --config "$dir/dealer.yaml" 2> "$dir/run.err" &
run_pid=$!

field() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$run_pid/status"; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== dealer run for ${seconds}s (pid $run_pid), resident set in kB"
for ((t = 1; t <= seconds; t++)); do
  sleep 1
  kill -0 "$run_pid" 2>/dev/null || { echo "dealer run died after ${t}s:"; tail -20 "$dir/run.err"; exit 1; }
  if ((t % 5 == 0 || t == seconds)); then echo "t=${t}s VmRSS=$(field VmRSS) VmHWM=$(field VmHWM)"; fi
done
hwm=$(field VmHWM)
echo "VmHWM ${hwm} kB ($((hwm / 1024)) MB), VmRSS $(field VmRSS) kB; target VmHWM < 30 MB"
kill -TERM "$run_pid"
status=0
wait "$run_pid" || status=$?
run_pid=''
echo "dealer run exit code after SIGTERM: $status (expected 0); its log:"
tail -5 "$dir/run.err"
[ "$status" -eq 0 ] && [ "$hwm" -lt $((30 * 1024)) ]
