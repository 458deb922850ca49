#!/usr/bin/env bash
# Benchmarks the 2-D enumerator in a release build (docs/benchmarks.md, "2-D enumeration"):
#   1. the exact (4,2) table at T = 2000 (`acss build --dimensions 2`) on 1 thread and on all
#      cores, under /usr/bin/time -v (CPU, wall, peak resident memory), tables compared;
#   2. shard 7 of 200 of the (5,2) run at T = 2000 (about 1/200 of the whole run) on 1 thread.
# The whole (5,2) run is a campaign (scripts/rebuild-data.sh, G5-T2000): its CPU time is in
# data/MANIFEST.tsv and in the table's header.
# Usage: scripts/bench-enumerate-2d.sh [--quick]   (--quick: (4,2) only)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product acss >&2
acss="$(swift build -c release --show-bin-path)/acss"
echo "# machine: $(uname -sm), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
run() { # $1 = label, then acss build arguments
    local label="$1"; shift
    echo "## $label"
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$acss" build "$@" --quiet 2> "$scratch/time" \
            | grep -E '^(halting|distinct|cpu_seconds|wall_seconds|threads|branch_nodes|simulated_steps|capped_leaves|cycler_leaves|translated_cycler_leaves)'
        grep -E 'Maximum resident set size' "$scratch/time" | sed 's/^\s*/# time -v: /'
    else
        "$acss" build "$@" --quiet
    fi
}
run "(4,2) T=2000, 1 thread" --dimensions 2 --states 4 --steps 2000 --threads 1 --out "$scratch/g4-1.tsv"
run "(4,2) T=2000, $(nproc) threads" --dimensions 2 --states 4 --steps 2000 --out "$scratch/g4-n.tsv"
if diff <(grep -v _seconds "$scratch/g4-1.tsv") <(grep -v _seconds "$scratch/g4-n.tsv") > /dev/null; then
    echo "# tables identical on 1 and $(nproc) threads"
else
    echo "# TABLES DIFFER between thread counts" >&2; exit 1
fi
[ "${1:-}" = "--quick" ] && exit 0
run "(5,2) T=2000, shard 7/200, 1 thread" --dimensions 2 --states 5 --steps 2000 --shard 7/200 --threads 1 --out "$scratch/g5-7.tsv"
