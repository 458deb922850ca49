#!/usr/bin/env bash
# Benchmarks `acss perturb` against pybdm's PerturbationExperiment on the same inputs in the
# same run (the figures of docs/benchmarks.md, "Perturbation analysis"):
#   - a 100,000-symbol random binary sequence, every symbol flipped (pybdm BDM(ndim=1,
#     shape=(11,)), standard flavour, boundary ignore: `--flavour standard --block-size 11
#     --operations substitute`), and every symbol deleted (acss only: pybdm has no deletion).
#     Blocks of 11, not pybdm's default 12: our exact D5-T500 lacks a few strings of 12
#     (e.g. 000110100111) that pybdm's ctm-b2-d12 lists, and a random string of 100,000 hits
#     them; every string of 11 is in both, with the same K, so the deltas can be compared;
#   - a 500 x 500 random symmetric adjacency matrix (edge probability 0.1), every cell flipped
#     (pybdm BDM(ndim=2), 4x4 blocks, ignore: `acss perturb --2d`), and as a network, every
#     edge and every vertex deleted (acss only).
# Inputs come from a seeded generator (python3's Mersenne Twister, seed 2018). pybdm is
# installed from PyPI into a virtual environment under /tmp (PYBDM_PYTHON names another
# Python with pybdm); without it, only acss is timed. Each acss run is timed with
# /usr/bin/time (wall, CPU, max RSS) when present; pybdm is timed inside Python (wall:
# perf_counter, CPU: process_time), its setup (BDM(), loading its table, set_data) apart from
# PerturbationExperiment.run(). On a shared machine wall times wander: compare CPU times.
# Both tools' deltas are compared: the largest |difference| over all elements is printed.
# acss is timed three ways: writing every row, with --top 1 (the same work, one row
# written), and `acss bdm` on the same input (loading the table and one BDM): the analysis
# itself is the --top 1 time minus the bdm time; and with --timings, which gives the CPU
# seconds of each stage (table, setup, perturb, rank, write) of the shipped build: the
# "perturb" stage, the perturbation computation, is set against pybdm's run().
# Usage: scripts/bench-perturb.sh [--quick]   (--quick: 10,000 symbols and 100 x 100)
set -euo pipefail
cd "$(dirname "$0")/.."
n=100000; side=500
[ "${1:-}" = "--quick" ] && { n=10000; side=100; }
nice -n 10 swift build -c release --product acss >&2
acss="$(swift build -c release --show-bin-path)/acss"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python="${PYBDM_PYTHON:-}"
if [ -z "$python" ]; then
    env="${TMPDIR:-/tmp}/acss-pybdm-venv"
    if [ -x "$env/bin/python" ] || python3 -m venv "$env" >&2; then
        "$env/bin/python" -m pip install -q pybdm >&2 && python="$env/bin/python" || echo "# pybdm did not install: timing acss only" >&2
    fi
fi

python3 - "$n" "$side" "$work" <<'PY'
import random, sys
n, side, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(2018)
with open(f"{work}/sequence.txt", "w") as f:
    f.write("".join(rng.choice("01") for _ in range(n)) + "\n")
cells = [[0] * side for _ in range(side)]
for i in range(side):
    for j in range(i + 1, side):
        if rng.random() < 0.1:
            cells[i][j] = cells[j][i] = 1
with open(f"{work}/matrix.csv", "w") as f:
    for row in cells:
        f.write(",".join(map(str, row)) + "\n")
PY

timed() { # label, output file, command...
    local label="$1" out="$2"; shift 2
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$out"
        read -r wall user sys rss < "$work/time"
        printf '| %s | acss | %.2f | %.2f | %.0f |\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
    else
        local start; start=$(date +%s.%N)
        "$@" > "$out"
        printf '| %s | acss | %.2f | - | - |\n' "$label" "$(echo "$(date +%s.%N) - $start" | bc)"
    fi
}

echo "# machine: $(uname -sm), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "| input, operation | tool | wall s | CPU s | max RSS MB |"
echo "|---|---|---|---|---|"
one=(--alphabet 2 --flavour standard --block-size 11 --format csv --input "$work/sequence.txt")
two=(--block-size 4 --format csv --input "$work/matrix.csv")
timed "$n symbols: acss bdm (table load, one BDM)" /dev/null "$acss" bdm "${one[@]}"
timed "$n symbols, flip each" "$work/acss-1d.csv" "$acss" perturb "${one[@]}" --operations substitute --quiet
timed "$n symbols, flip each, --top 1" /dev/null "$acss" perturb "${one[@]}" --operations substitute --quiet --top 1
timed "$n symbols, delete each" "$work/acss-1d-delete.csv" "$acss" perturb "${one[@]}" --operations delete --quiet
timed "$n symbols, delete each, --top 1" /dev/null "$acss" perturb "${one[@]}" --operations delete --quiet --top 1
timed "${side}x$side: acss bdm --2d (table load, one BDM)" /dev/null "$acss" bdm --2d "${two[@]}"
timed "${side}x$side matrix, flip each cell" "$work/acss-2d.csv" "$acss" perturb --2d "${two[@]}" --quiet
timed "${side}x$side matrix, flip each cell, --top 1" /dev/null "$acss" perturb --2d "${two[@]}" --quiet --top 1
timed "${side}x$side network, delete each edge and vertex" "$work/acss-net.csv" "$acss" perturb --network "${two[@]}" --quiet

# The stages of the same runs (`--timings`, the shipped build): the perturbation computation
# itself ("perturb") apart from loading the table, setting up, ranking and writing.
"$acss" perturb "${one[@]}" --operations substitute --quiet --timings 2> "$work/stages-1d.txt" > /dev/null
"$acss" perturb --2d "${two[@]}" --quiet --timings 2> "$work/stages-2d.txt" > /dev/null
echo
echo "# stages, $n symbols, flip each: $(sed 's/^acss perturb: timings, //' "$work/stages-1d.txt")"
echo "# stages, ${side}x$side, flip each cell: $(sed 's/^acss perturb: timings, //' "$work/stages-2d.txt")"

if [ -n "$python" ]; then
    "$python" - "$work" "$n" "$side" <<'PY'
import csv, re, sys, time, warnings
import numpy as np
from pybdm import BDM, PerturbationExperiment
warnings.filterwarnings("ignore")
work, n, side = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def ours(path):
    with open(path) as f:
        return np.array([float(r["delta"]) if r["delta"] else np.nan for r in csv.DictReader(f)])

def timed(label, f):
    w, c = time.perf_counter(), time.process_time()
    r = f()
    cpu = time.process_time() - c
    print(f"| {label} | pybdm 0.1.0 | {time.perf_counter() - w:.2f} | {cpu:.2f} | - |")
    return r, cpu

def stage(path, name):
    """CPU seconds of one stage in an `acss perturb --timings` line."""
    text = open(path).read()
    return float(re.search(rf"\b{name} ([0-9.]+) \(", text).group(1))

X = np.array([int(c) for c in open(f"{work}/sequence.txt").read().strip()])
pe, _ = timed(f"{n} symbols: setup (BDM, table, set_data)", lambda: PerturbationExperiment(BDM(ndim=1, shape=(11,)), X))
theirs, run1 = timed(f"{n} symbols, flip each: run()", pe.run)
d1 = np.nanmax(np.abs(ours(f"{work}/acss-1d.csv") - theirs))

A = np.loadtxt(f"{work}/matrix.csv", delimiter=",", dtype=int)
pe, _ = timed(f"{side}x{side}: setup (BDM, table, set_data)", lambda: PerturbationExperiment(BDM(ndim=2), A))
theirs2, run2 = timed(f"{side}x{side} matrix, flip each cell: run()", pe.run)
d2 = np.nanmax(np.abs(ours(f"{work}/acss-2d.csv") - theirs2))
print(f"\n# largest |delta(acss) - delta(pybdm)|: 1-D {d1:.3g}, 2-D {d2:.3g} (2-D: pybdm's sampled 4x4 table against our exact G5-T2000)")
for label, path, theirs_cpu in [(f"{n} symbols", f"{work}/stages-1d.txt", run1), (f"{side}x{side}", f"{work}/stages-2d.txt", run2)]:
    mine = stage(path, "perturb")
    ranked = mine + stage(path, "rank")
    print(f"# {label}: pybdm run() {theirs_cpu:.2f} CPU s; acss perturb stage {mine:.3f} s ({theirs_cpu / max(mine, 1e-6):.0f}x), "
          f"with ranking {ranked:.3f} s ({theirs_cpu / max(ranked, 1e-6):.0f}x)")
PY
fi
