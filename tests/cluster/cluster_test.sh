#!/bin/bash
# ctest label `cluster`: a sweep and a walk-forward sharded under GNU parallel and under a one-node
# Slurm cluster that this script starts itself (munged with a generated key, slurmctld -D and slurmd -D with a generated
# slurm.conf, all in a temporary folder, on loopback), through the scripts of contrib/; each merged
# table must equal the one-machine sweep's byte for byte. Every daemon it started is stopped at the
# end, on failure too. If Slurm does not come up, the test FAILS and prints the daemons' logs: a
# cluster that cannot start is a finding, never a skip.
#
#   tests/cluster/cluster_test.sh DEALER_BINARY SOURCE_DIR
set -euo pipefail
dealer=$1 src=$2
export DEALER=$dealer
tmp=$(mktemp -d /tmp/dealer-cluster.XXXXXX)
pids=()

stop() {
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then scontrol shutdown > /dev/null 2>&1 || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null || true
  done
  rm -rf "$tmp"
}
trap stop EXIT

fail() {
  echo "FAIL: $*" >&2
  for log in "$tmp"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 30 "$log" >&2; }; done
  exit 1
}

args=(--config "$src/config/backtest.yaml" --trades "$src/data/mtgox-trades-btcusd-2013-01-01.csv"
      --sweep strategies.dip-chain.rules.buy-dip.price=13.40,13.45,13.50 --sweep backtest.fee_percent=0.2,0.6)
"$dealer" backtest "${args[@]}" --rank sharpe --threads 2 > "$tmp/one.txt" 2> /dev/null
# The same grid as a walk-forward: its training runs are what gets sharded.
wf=("${args[@]}" --walk-forward 3h/2h)
"$dealer" backtest "${wf[@]}" --rank pnl --threads 2 > "$tmp/wf-one.txt" 2> /dev/null

# GNU parallel.
command -v parallel > /dev/null || fail "GNU parallel is not installed (scripts/setup installs it)"
"$src/contrib/parallel/sweep.sh" 3 "$tmp/parallel" sharpe -- "${args[@]}" > "$tmp/parallel.txt"
cmp "$tmp/one.txt" "$tmp/parallel.txt" || fail "the GNU parallel table differs from the one-machine table"
"$src/contrib/parallel/sweep.sh" 2 "$tmp/parallel-wf" pnl -- "${wf[@]}" > "$tmp/parallel-wf.txt" 2> /dev/null
cmp "$tmp/wf-one.txt" "$tmp/parallel-wf.txt" || fail "the GNU parallel walk-forward differs from one machine's"
echo "GNU parallel: 3 shards of the sweep and 2 of the walk-forward merged, the same tables"

# Slurm: free loopback ports, the daemons in the foreground, as the user running the test.
for tool in munged mungekey slurmctld slurmd sbatch scontrol sinfo; do
  command -v "$tool" > /dev/null || fail "$tool is not installed (scripts/setup installs slurm-wlm and munge)"
done
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
node=$(hostname -s)
user=$(id -un)
mkdir -p "$tmp/state" "$tmp/spool"
mungekey --create --keyfile="$tmp/munge.key" > "$tmp/mungekey.log" 2>&1 || fail "mungekey could not make a key"
chmod 600 "$tmp/munge.key"
munged --foreground --force --socket="$tmp/munge.socket" --key-file="$tmp/munge.key" \
  --pid-file="$tmp/munged.pid" --seed-file="$tmp/munge.seed" --log-file="$tmp/munged.log" \
  > "$tmp/munged.out.log" 2>&1 &
pids+=($!)
cat > "$tmp/slurm.conf" << CONF
ClusterName=dealertest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$tmp/munge.socket
CredType=cred/munge
SlurmUser=$user
SlurmdUser=$user
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
ReturnToService=2
MpiDefault=none
PlugStackConfig=/dev/null
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
for _ in $(seq 50); do [ -S "$tmp/munge.socket" ] && break; sleep 0.1; done
[ -S "$tmp/munge.socket" ] || fail "munged did not create its socket"
slurmctld -D -f "$SLURM_CONF" > "$tmp/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$tmp/slurmd.out.log" 2>&1 &
pids+=($!)
# Ready once the node reports idle (waiting for the daemons, not timing the test's outcome).
state=""
for _ in $(seq 100); do
  state=$(sinfo -h -n "$node" -o %T 2> /dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.1
done
[ "$state" = idle ] || fail "Slurm did not come up: the node is '${state:-unreachable}' after 10 s"

ids=$(SLURM_WAIT=1 "$src/contrib/slurm/submit.sh" 3 "$tmp/slurm" sharpe -- "${args[@]}" 2> "$tmp/submit.log") ||
  fail "the Slurm jobs failed (submit.sh: $(cat "$tmp/submit.log"))"
cmp "$tmp/one.txt" "$tmp/slurm/sweep.txt" || fail "the Slurm table differs from the one-machine table"
read -r array merge <<< "$ids"
echo "Slurm: array job $array (3 shards), merge job $merge after it, the same table"
ids=$(SLURM_WAIT=1 "$src/contrib/slurm/submit.sh" 2 "$tmp/slurm-wf" pnl -- "${wf[@]}" 2> "$tmp/submit.log") ||
  fail "the Slurm walk-forward jobs failed (submit.sh: $(cat "$tmp/submit.log"))"
cmp "$tmp/wf-one.txt" "$tmp/slurm-wf/sweep.txt" || fail "the Slurm walk-forward differs from one machine's"
read -r array merge <<< "$ids"
echo "Slurm: walk-forward training as array job $array (2 shards), its test spans in job $merge, the same table"
