#!/usr/bin/env bash
# Checks acss's pybdm-compatible measures against pybdm itself (an independent implementation),
# on seeded random inputs where both use the same K values: binary strings cut in blocks of 11
# (every string of 11 has the same K in our D5-T500 and pybdm's ctm-b2-d12; of 12 a few are
# missing from ours, docs/aid.md §2). Compared, to 1e-9:
#   - pybdm's PerturbationExperiment fixtures (ones(30) at 10 and 20, blocks of 12) and every
#     flip of random strings (acss perturb --flavour standard --block-size 11);
#   - BDM, nbdm and block entropy (acss bdm --normalized --block-entropy) of strings of 33 to
#     30,000 symbols: the largest has more blocks (2,727) than there are strings of 11 (2,048),
#     so pybdm's maximum cycles and ours must deal the blocks out the same way;
#   - nbdm with the recursive boundary (a tail of 6 symbols as a second block shape).
# pybdm is installed from PyPI into a virtual environment under /tmp (PYBDM_PYTHON names
# another Python with pybdm). Exit 0: all agree; 1: a difference (printed); 77: pybdm could
# not be installed (the reason above), so nothing was checked.
# Usage: scripts/check-pybdm.sh [--acss PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
acss=".build/release/acss"
[ "${1:-}" = "--acss" ] && acss="$2"
[ -x "$acss" ] || { nice -n 10 swift build -c release --product acss >&2; acss="$(swift build -c release --show-bin-path)/acss"; }

python="${PYBDM_PYTHON:-}"
if [ -z "$python" ]; then
    env="${TMPDIR:-/tmp}/acss-pybdm-venv"
    if ! { [ -x "$env/bin/python" ] || python3 -m venv "$env"; } >&2 || ! "$env/bin/python" -m pip install -q pybdm >&2; then
        echo "check-pybdm: skipped: pybdm could not be installed from PyPI into $env" >&2
        exit 77
    fi
    python="$env/bin/python"
fi

"$python" - "$acss" <<'PY'
import csv, io, random, subprocess, sys, warnings
import numpy as np
from pybdm import BDM, PerturbationExperiment, PartitionRecursive
warnings.filterwarnings("ignore")
acss = sys.argv[1]
failures = 0

def run(args, stdin=None):
    out = subprocess.run([acss] + args, input=stdin, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"check-pybdm: acss {' '.join(args[:6])} ... failed: {out.stderr}")
    return list(csv.DictReader(io.StringIO(out.stdout)))

def check(label, ours, theirs, tol=1e-9):
    global failures
    if abs(ours - theirs) > tol:
        failures += 1
        print(f"DIFFERENT {label}: acss {ours!r}, pybdm {theirs!r}")

# pybdm's docstring fixture, computed live.
ones = np.ones(30, dtype=int)
theirs = PerturbationExperiment(BDM(ndim=1), ones.copy()).run(np.array([[10], [20]]))
rows = run(["perturb", "--alphabet", "2", "--flavour", "standard", "--operations", "substitute", "--format", "csv", "--quiet", "1" * 30])
check("ones(30) at 10", float(rows[10]["delta"]), theirs[0])
check("ones(30) at 20", float(rows[20]["delta"]), theirs[1])

rng = random.Random(2018)
eleven = BDM(ndim=1, shape=(11,))
for n in (33, 200, 1000):
    s = "".join(rng.choice("01") for _ in range(n))
    x = np.array([int(c) for c in s])
    theirs = PerturbationExperiment(eleven, x.copy()).run()
    rows = run(["perturb", "--alphabet", "2", "--flavour", "standard", "--block-size", "11", "--operations", "substitute",
                "--format", "csv", "--quiet", s])
    for i, r in enumerate(rows):
        check(f"flip {i} of a random string of {n}", float(r["delta"]), theirs[i])

recursive = BDM(ndim=1, shape=(11,), partition=PartitionRecursive)
for n in (33, 40, 1000, 30000):
    s = "".join(rng.choice("01") for _ in range(n))
    x = np.array([int(c) for c in s])
    row = run(["bdm", "--alphabet", "2", "--flavour", "standard", "--block-size", "11", "--normalized", "--block-entropy",
               "--format", "csv", s])[0]
    check(f"BDM of {n}", float(row["BDM"]), eleven.bdm(x))
    check(f"nbdm of {n}", float(row["nbdm"]), eleven.nbdm(x))
    check(f"block entropy of {n}", float(row["block_entropy"]), eleven.ent(x))
    if n % 11 >= 2:
        row = run(["bdm", "--alphabet", "2", "--flavour", "standard", "--block-size", "11", "--boundary", "recursive",
                   "--normalized", "--format", "csv", s])[0]
        check(f"recursive BDM of {n}", float(row["BDM"]), recursive.bdm(x))
        check(f"recursive nbdm of {n}", float(row["nbdm"]), recursive.nbdm(x))

print(f"check-pybdm: {'all agree' if failures == 0 else f'{failures} differences'}")
sys.exit(1 if failures else 0)
PY
