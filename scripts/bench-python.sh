#!/usr/bin/env bash
# Benchmark of the Python package bindings/python (results: docs/benchmarks.md, "## The R and
# Python packages"): 1,000,000 strings of length 8 to 12 over {H,T} (random.seed(1)) through
# acss_swift's acss(), likelihood_d() and score(), with alphabet 2; each is one run of the acss
# program on the whole batch plus Python reading the TSV back. Installs the package, pandas and
# numpy into a venv under /tmp. Wall seconds, best of --runs.
#
#   scripts/bench-python.sh [--scratch-path DIR] [--acss PATH] [--strings N] [--runs N]
source "$(dirname "$0")/lib/bench.sh"
options "$0 [--scratch-path DIR] [--acss PATH] [--strings N] [--runs N]" \
    scratch-path=scratch:.build acss=acss: strings=strings:1000000 runs=runs:3 -- "$@"
given_or_release_build "$scratch"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check pandas numpy > /dev/null
cp -r bindings/python "$work/src"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$work/src" > /dev/null
ACSS_BINARY="$acss" "$work/venv/bin/python" - "$strings" "$runs" <<'PYTHON'
import random, sys, time
import acss_swift as a
n, runs = int(sys.argv[1]), int(sys.argv[2])
random.seed(1)
x = ["".join(random.choice("HT") for _ in range(random.randint(8, 12))) for _ in range(n)]
print(f"{n} strings of length 8-12 over {{H,T}}; Python {sys.version.split()[0]}; acss: {a.acss_binary()}")
def best(label, f):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); f(); times.append(time.perf_counter() - t0)
    print(f"{label:44s} {min(times):6.2f} s (best of {runs}; runs: {', '.join(f'{t:.2f}' for t in times)})")
best("acss(x, alphabet=2, as_frame=False)", lambda: a.acss(x, alphabet=2, as_frame=False))
best("acss(x, alphabet=2) (DataFrame)", lambda: a.acss(x, alphabet=2))
best("likelihood_d(x, alphabet=2)", lambda: a.likelihood_d(x, alphabet=2))
best("score(x, alphabet=2) (DataFrame, all columns)", lambda: a.score(x, alphabet=2))
PYTHON
