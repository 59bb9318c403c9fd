#!/bin/sh
# A dealer backtest sweep (or a walk-forward's training runs) on a Slurm cluster: a job array with one
# task per shard, then the merge (for a walk-forward: its test spans), which starts only once every
# task has succeeded (--dependency=afterok). OUTDIR must be on a file
# system all nodes share; DEALER names the binary there (default: dealer on the PATH).
#
#   contrib/slurm/submit.sh SHARDS OUTDIR RANK -- BACKTEST_ARGS...
#
# Prints the two job ids. The table lands in OUTDIR/sweep.txt; each task's log in OUTDIR/shard-I.log.
# SLURM_WAIT=1 makes it wait for the merge and exit with its status (tests/cluster/cluster_test.sh).
# Extra sbatch options (partition, time, --cpus-per-task) go in SBATCH_OPTIONS.
set -eu
if [ $# -lt 4 ] || [ "$4" != "--" ]; then
  echo "usage: $0 SHARDS OUTDIR RANK -- BACKTEST_ARGS..." >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
shards=$1 out=$2 rank=$3
shift 4
mkdir -p "$out"
rm -f "$out"/sweep-*.json "$out/sweep.txt"
# shellcheck disable=SC2086 # SBATCH_OPTIONS is a list of options
array=$(sbatch --parsable ${SBATCH_OPTIONS:-} --array=0-$((shards - 1)) --output="$out/shard-%a.log" \
  "$here/shard.sh" "$shards" "$out" "$@")
array=${array%%;*}  # "id;cluster" on a federation
echo "shards: job $array" >&2
# A walk-forward's last step needs the backtest's arguments; a sweep's merge only the files.
case " $* " in
  *" --walk-forward "*) ;;
  *) set -- ;;
esac
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTIONS:-} ${SLURM_WAIT:+--wait} --dependency=afterok:"$array" \
  --output="$out/merge.log" "$here/merge.sh" "$out" "$rank" "$shards" "$@")
echo "$array ${merge%%;*}"
