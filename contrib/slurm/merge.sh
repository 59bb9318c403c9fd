#!/bin/sh
# The merge of a sharded dealer backtest sweep, once every shard is done (submit.sh submits it with
# --dependency=afterok on the array): OUTDIR/sweep.txt gets the ranked table.
#   sbatch --dependency=afterok:ARRAY_JOB contrib/slurm/merge.sh OUTDIR RANK SHARDS [BACKTEST_ARGS...]
# With the backtest's arguments (a walk-forward), the test spans run from the shards' training rows.
#SBATCH --job-name=dealer-merge
set -eu
out=$1 rank=$2 shards=$3
shift 3
if [ $# -gt 0 ]; then
  for i in $(seq 0 $((shards - 1))); do set -- "$@" --trained "$out/sweep-$i.json"; done
  exec "${DEALER:-dealer}" backtest "$@" --rank "$rank" --json "$out/sweep.json" > "$out/sweep.txt"
fi
exec "${DEALER:-dealer}" sweep-merge --rank "$rank" --json "$out/sweep.json" "$out"/sweep-*.json > "$out/sweep.txt"
