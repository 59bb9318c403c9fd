#!/bin/sh
# One shard of a dealer backtest sweep as a Slurm array task (submit.sh submits it):
#   sbatch --array=0-(SHARDS-1) contrib/slurm/shard.sh SHARDS OUTDIR BACKTEST_ARGS...
# writes OUTDIR/sweep-$SLURM_ARRAY_TASK_ID.json, on the task's CPUs.
#SBATCH --job-name=dealer-shard
set -eu
shards=$1 out=$2
shift 2
exec "${DEALER:-dealer}" backtest "$@" --threads "${SLURM_CPUS_PER_TASK:-1}" \
  --shard "$SLURM_ARRAY_TASK_ID/$shards" --json "$out/sweep-$SLURM_ARRAY_TASK_ID.json"
