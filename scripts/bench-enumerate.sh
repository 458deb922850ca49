#!/usr/bin/env bash
# Benchmarks the exhaustive enumerator in a release build (the figures of docs/benchmarks.md):
#   1. D(4), T = 107: best of 5, 1 thread and all cores;
#   2. D(5), T = 500: 1 thread and all cores (scaling), identical tables checked;
#   3. the full `acss build` of D(5) under /usr/bin/time -v: CPU, wall, peak resident memory.
# Usage: scripts/bench-enumerate.sh [--quick]   (--quick: D(4) only)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product acss >&2
acss="$(swift build -c release --show-bin-path)/acss"
echo "# machine: $(uname -sm), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
"$acss" bench enumerate --states 4 --repeat 5
[ "${1:-}" = "--quick" ] && exit 0
"$acss" bench enumerate --states 5
out="$(mktemp)"
trap 'rm -f "$out" "$out.time"' EXIT
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$acss" build --states 5 --steps 500 --out "$out" --quiet 2> "$out.time" \
        | grep -E '^(cpu_seconds|wall_seconds|threads|peak_memory_mb|branch_nodes|simulated_steps)'
    grep -E 'Maximum resident set size|Elapsed \(wall' "$out.time" | sed 's/^\s*/# time -v: /'
else
    "$acss" build --states 5 --steps 500 --out "$out" --quiet
fi
