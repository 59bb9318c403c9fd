#!/usr/bin/env bash
# Writes a synthetic MtGox CSV of N trades (default 10,000,000) to FILE, for bench/run_all.sh: tids a
# tenth of a second apart from 2013-01-01 (10M trades: 11.6 days), prices 13.00000 to 13.99999 in a
# fixed pseudo-random order (the Park-Miller generator, exact in awk's doubles, so the same file on
# every machine), amounts 0.1 to 1.6 BTC, sides alternating.
# Usage: bench/make_tape.sh FILE [N]
set -euo pipefail
out=$1
n=${2:-10000000}
awk -v n="$n" 'BEGIN {
  print "id,price,amount,type"
  x = 12345
  for (i = 0; i < n; i++) {
    x = (x * 16807) % 2147483647
    printf "%.0f,13.%05d,%.1f,%s\n", 1356998400000000 + i * 100000, x % 100000, (i % 16 + 1) / 10, (i % 2 ? "bid" : "ask")
  }
}' >"$out"
