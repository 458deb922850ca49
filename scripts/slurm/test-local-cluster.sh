#!/usr/bin/env bash
# End-to-end test of the Slurm path on a one-node cluster on localhost:
#   1. installs Debian's slurm-wlm and munge if they are missing (needs root and apt);
#   2. starts munged, slurmctld and slurmd with a minimal configuration in a scratch folder;
#   3. submits a D(4) campaign (8 shards) as a job array plus the merge job
#      (scripts/slurm/submit-campaign.sh), waits for them;
#   4. compares the merged table with a single-machine `acss build` (all but the timing lines),
#      then does the same for a small sampling campaign against `acss sample`, and for a
#      small 2-D campaign against `acss build --dimensions 2`;
#   5. stops the daemons.
# Exit status: 0 passed, 1 failed, 77 skipped (Slurm cannot be installed or started here; the
# reason is printed). The log of the last run is kept in docs/slurm-test.log when --log is given.
#
#   scripts/slurm/test-local-cluster.sh [--log FILE] [--acss PATH]
set -uo pipefail
cd "$(dirname "$0")/../.."
log=""
acss=""
while [ $# -gt 0 ]; do
    case "$1" in
        --log) log="$2"; shift ;;
        --acss) acss="$2"; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "test-local-cluster.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
if [ -n "$log" ]; then exec > >(tee "$log") 2>&1; fi
say() { echo "slurm-test: $*"; }
skip() { say "SKIPPED: $*"; exit 77; }

if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then skip "slurm-wlm/munge are not installed and cannot be installed (needs root and apt-get)"; fi
    say "installing slurm-wlm and munge"
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) > /tmp/acss-slurm-apt.log 2>&1; then
        tail -5 /tmp/acss-slurm-apt.log
        skip "apt-get could not install slurm-wlm and munge (log above)"
    fi
fi
[ "$(id -u)" = 0 ] || skip "slurmd must run as root for this one-node test"

if [ -z "$acss" ]; then
    swift build -c release --product acss > /dev/null 2>&1 || { say "FAILED: release build"; exit 1; }
    acss="$(swift build -c release --show-bin-path)/acss"
fi
acss="$(cd "$(dirname "$acss")" && pwd)/$(basename "$acss")"

work="$(mktemp -d /tmp/acss-slurm.XXXXXX)"
node="$(hostname -s)"
cpus="$(nproc)"
mkdir -p "$work"/{state,spool,log,run}
conf="$work/slurm.conf"
cat > "$conf" <<CONF
ClusterName=acsstest
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$node CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"

cleanup() {
    [ -f "$work/run/slurmd.pid" ] && kill "$(cat "$work/run/slurmd.pid")" 2> /dev/null
    [ -f "$work/run/slurmctld.pid" ] && kill "$(cat "$work/run/slurmctld.pid")" 2> /dev/null
    [ -n "${munge_pid:-}" ] && kill "$munge_pid" 2> /dev/null
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT

# munge: a key and a daemon of our own (sockets in the scratch folder).
mkdir -p "$work/munge"
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2> /dev/null
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --force --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
    || skip "munged does not start here"
munge_pid="$(cat "$work/munge/munged.pid" 2> /dev/null)"
# Slurm finds the socket through its auth option.
echo "AuthInfo=socket=$socket" >> "$conf"

slurmctld -f "$conf" || skip "slurmctld does not start here: $(tail -3 "$work/log/slurmctld.log" 2> /dev/null)"
slurmd -f "$conf" || skip "slurmd does not start here: $(tail -3 "$work/log/slurmd.log" 2> /dev/null)"
for _ in $(seq 1 30); do
    sinfo -h -o '%t' 2> /dev/null | grep -q -E '^(idle|mix|alloc)' && break
    sleep 1
done
sinfo -h -o '%t' 2> /dev/null | grep -q -E '^(idle|mix|alloc)' || {
    tail -5 "$work/log/slurmctld.log" "$work/log/slurmd.log"
    skip "the node did not come up"
}
say "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(sinfo --version), $(uname -sm)"
say "one-node cluster up: $(sinfo -h -o '%P %D %c %t')"

# Submits a campaign, waits for its merge job; $1 = name, then the campaign start options.
run_campaign() {
    local name="$1"; shift
    local merged="$work/$name-merged.tsv" merge_job state=""
    cd "$work"
    merge_job="$(ACSS="$acss" "$OLDPWD/scripts/slurm/submit-campaign.sh" "$work/$name.campaign" "$merged" "$@")" \
        || { say "FAILED: submission of $name"; exit 1; }
    cd "$OLDPWD"
    say "waiting for the array and merge jobs of $name"
    for _ in $(seq 1 300); do
        state="$(scontrol show job "$merge_job" 2> /dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)"
        case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
        sleep 1
    done
    say "merge job $merge_job: ${state:-unknown}"
    cat "$work"/acss-*.out 2> /dev/null | sed 's/^/  job output: /'
    rm -f "$work"/acss-*.out
    [ "$state" = COMPLETED ] || { say "FAILED: merge job of $name ended $state"; exit 1; }
}
strip() { grep -v -E '^# (cpu_seconds|wall_seconds):' "$1"; }
compare() { # $1 = name, $2 = single-run table, $3 = what
    if diff <(strip "$work/$1-merged.tsv") <(strip "$2") > /dev/null; then
        say "PASSED: $3"
        say "  $(grep -E '^# (halting|distinct|data_sha256):' "$2" | tr '\n' ' ')"
        return
    fi
    say "FAILED: the merged $1 table differs from the single run"
    diff <(strip "$work/$1-merged.tsv") <(strip "$2") | head -10
    exit 1
}

run_campaign D4 --states 4 --steps 107 --shards 8
"$acss" build --states 4 --steps 107 --out "$work/D4-single.tsv" --quiet > /dev/null
compare D4 "$work/D4-single.tsv" "the merged table of 8 array tasks equals the single-machine D(4) table"

# A sampling campaign (the (4,m) tables are built this way): the strata of one acss sample run.
sampling=(--states 3 --symbols 3 --steps 60 --samples 20000 --seed 5 --estimator rb:5,7 --keep-length 9)
run_campaign K3 "${sampling[@]}" --shards 6
"$acss" sample "${sampling[@]}" --out "$work/K3-single.tsv" --quiet > /dev/null
compare K3 "$work/K3-single.tsv" "the merged sampled table of 6 array tasks equals the single-machine acss sample table"

# A 2-D campaign (the (5,2) 2-D table is built this way), small: (3,2) at T = 200.
run_campaign G3 --dimensions 2 --states 3 --steps 200 --shards 5
"$acss" build --dimensions 2 --states 3 --steps 200 --out "$work/G3-single.tsv" --quiet > /dev/null
compare G3 "$work/G3-single.tsv" "the merged 2-D table of 5 array tasks equals the single-machine 2-D (3,2) table"
exit 0
