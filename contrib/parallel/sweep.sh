#!/bin/sh
# A dealer backtest sweep cut into SHARDS shards run by GNU parallel (one job per core here; add
# machines with PARALLEL="-S host1,host2", which must see the same files), then merged into the one
# table the whole sweep prints on one machine (docs/backtesting.md "On a cluster"). With
# --walk-forward among the arguments the shards are its training runs, and the last step runs the
# test spans from their files (--trained) and prints the walk-forward table.
#
#   contrib/parallel/sweep.sh SHARDS OUTDIR RANK -- BACKTEST_ARGS...
#   contrib/parallel/sweep.sh 4 out pnl -- --config config/backtest.yaml --trades data/t.csv \
#       --sweep backtest.fee_percent=0.2,0.6
#
# Writes OUTDIR/sweep-I.json per shard and prints the merged table; DEALER names the binary (default:
# dealer on the PATH). Exits non-zero if a shard or the merge fails.
set -eu
if [ $# -lt 4 ] || [ "$4" != "--" ]; then
  echo "usage: $0 SHARDS OUTDIR RANK -- BACKTEST_ARGS..." >&2
  exit 2
fi
shards=$1 out=$2 rank=$3
shift 4
dealer=${DEALER:-dealer}
mkdir -p "$out"
rm -f "$out"/sweep-*.json
# -q quotes every argument as given; the shards' tables are not needed, only their files.
seq 0 $((shards - 1)) | parallel --will-cite --halt now,fail=1 -q \
  "$dealer" backtest "$@" --threads 1 --shard "{}/$shards" --json "$out/sweep-{}.json" > /dev/null
case " $* " in
  *" --walk-forward "*)
    for i in $(seq 0 $((shards - 1))); do set -- "$@" --trained "$out/sweep-$i.json"; done
    exec "$dealer" backtest "$@" --rank "$rank" ;;
esac
exec "$dealer" sweep-merge --rank "$rank" "$out"/sweep-*.json
