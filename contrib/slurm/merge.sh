#!/bin/sh
# The merge of a sharded dealer backtest sweep, once every shard is done (submit.sh submits it with
# --dependency=afterok on the array): OUTDIR/sweep.txt gets the ranked table.
#   sbatch --dependency=afterok:ARRAY_JOB contrib/slurm/merge.sh OUTDIR RANK
#SBATCH --job-name=dealer-merge
set -eu
out=$1 rank=$2
"${DEALER:-dealer}" sweep-merge --rank "$rank" --json "$out/sweep.json" "$out"/sweep-*.json > "$out/sweep.txt"
