#!/usr/bin/env bash
# Submits an acss campaign to Slurm: one array task per shard that is not done yet, then a
# merge job that runs when they all succeeded. Run it again after failures or preemption: it
# only submits what is missing.
#
#   scripts/slurm/submit-campaign.sh DIR OUT.tsv [acss campaign start options]
#   e.g. scripts/slurm/submit-campaign.sh /shared/D6 /shared/D6-T1000.tsv --states 6 --steps 1000 --shards 1000
#
# Environment: ACSS (path to the acss binary, visible on the compute nodes; default: acss on
# PATH), CPUS_PER_TASK (default 1), MAX_PARALLEL (array throttle, default unlimited),
# SBATCH_EXTRA (more sbatch options, e.g. "--partition=long --time=02:00:00").
set -euo pipefail
dir="${1:?usage: submit-campaign.sh DIR OUT.tsv [start options]}"
out="${2:?usage: submit-campaign.sh DIR OUT.tsv [start options]}"
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
acss="${ACSS:-acss}"
if [ $# -gt 0 ]; then "$acss" campaign start --dir "$dir" "$@" >&2; fi
# Reading the status validates every finished shard and moves damaged ones aside.
"$acss" campaign status --dir "$dir" > /dev/null
# The shards not done yet, compressed into ranges for --array.
indices="$(cd "$dir" && python3 - "$dir" <<'PY'
import os, re, sys
done = set()
for name in os.listdir("."):
    m = re.fullmatch(r"shard-(\d+)-of-(\d+)\.tsv", name)
    if m:
        done.add(int(m.group(1)))
params = open("campaign.txt").read()
k = int(re.search(r"# shards: (\d+)", params).group(1))
todo = [i for i in range(1, k + 1) if i not in done]
ranges, start = [], None
for i, v in enumerate(todo):
    if start is None: start = v
    if i + 1 == len(todo) or todo[i + 1] != v + 1:
        ranges.append(str(start) if start == v else f"{start}-{v}"); start = None
print(",".join(ranges))
PY
)"
throttle="${MAX_PARALLEL:+%$MAX_PARALLEL}"
dependency=""
if [ -n "$indices" ]; then
    # shellcheck disable=SC2086
    array_job="$(ACSS="$acss" sbatch --parsable --export=ALL --array="$indices$throttle" \
        --cpus-per-task="${CPUS_PER_TASK:-1}" ${SBATCH_EXTRA:-} "$here/shard-array.sbatch" "$dir")"
    array_job="${array_job%%;*}"
    echo "submitted array job $array_job: shards $indices of $dir" >&2
    dependency="--dependency=afterok:$array_job"
fi
# shellcheck disable=SC2086
merge_job="$(ACSS="$acss" sbatch --parsable --export=ALL $dependency ${SBATCH_EXTRA:-} "$here/merge.sbatch" "$dir" "$out")"
echo "submitted merge job ${merge_job%%;*} -> $out" >&2
echo "${merge_job%%;*}"
