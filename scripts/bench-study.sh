#!/usr/bin/env bash
# Benchmarks of the study pipeline, release build (results: docs/benchmarks.md, "## Study pipeline").
#
#   scripts/bench-study.sh [--scratch-path DIR] [--participants N] [--bootstrap B]
#
# 1. `acss simulate-study` of N participants (default 100,000: 500,000 responses), long and
#    wide layouts.
# 2. `acss study` on the long file with B bootstrap replicates (default 1,000), all cores, under
#    /usr/bin/time -v when present: wall, CPU, peak memory, and the per-stage times of
#    report.json.
# 3. The same with --threads 1: the time, and model_fits.csv / summary_by_ageband.csv must be
#    byte-identical to the multi-threaded run (results do not depend on the thread count).
# 4. The wide file of the same participants.
# 5. Five binary tasks (12 symbols each, so all 500,000 responses get a CTM z with today's
#    tables): the load of a study whose every task is scored.
source "$(dirname "$0")/lib/bench.sh"
options "$0 [--scratch-path DIR] [--participants N] [--bootstrap B]" \
    scratch-path=scratch:.build participants=participants:100000 bootstrap=bootstrap:1000 -- "$@"
release_build "$scratch"
acss=$bin

echo "# machine: $(uname -sm), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"

timed() {
    # timed LABEL COMMAND...: wall seconds, CPU seconds and peak memory of one run.
    local label="$1"; shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || status=$?
        read -r wall user sys rss < "$work/time"
        printf '%-44s wall %6.2f s   cpu %6.2f s   peak memory %5.0f MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
    else
        local start end
        start=$(date +%s.%N)
        "$@" > "$work/stdout" 2> "$work/stderr" || status=$?
        end=$(date +%s.%N)
        printf '%-44s wall %6.2f s\n' "$label" "$(echo "$end - $start" | bc)"
    fi
}

stages() {
    # The per-stage times recorded in report.json.
    python3 - "$1" <<'EOF' 2>/dev/null || sed -n '/"timings_seconds"/,/}/p' "$1/report.json"
import json, sys
t = json.load(open(sys.argv[1] + "/report.json"))["timings_seconds"]
print("    stages: " + "; ".join(f"{k} {v:.2f} s" for k, v in t.items()))
EOF
}

timed "simulate-study ($participants participants)" "$acss" simulate-study --participants "$participants" --seed 7 --out "$work/sim"
echo "    $(wc -c < "$work/sim/study_long.csv") bytes long, $(wc -c < "$work/sim/study_wide.txt") bytes wide"

timed "study long, B = $bootstrap, all cores" "$acss" study "$work/sim/study_long.csv" --out "$work/all" --bootstrap "$bootstrap" --quiet
stages "$work/all"
grep -E '^composite peak' "$work/stdout" | sed 's/^/    /'

timed "study long, B = $bootstrap, --threads 1" "$acss" study "$work/sim/study_long.csv" --out "$work/one" --bootstrap "$bootstrap" --threads 1 --quiet
stages "$work/one"
for f in model_fits.csv summary_by_ageband.csv participants.csv; do
    if cmp -s "$work/all/$f" "$work/one/$f"; then echo "    $f identical with 1 and $(nproc) threads"; else echo "    $f DIFFERS between thread counts"; exit 1; fi
done

timed "study wide, B = $bootstrap" "$acss" study "$work/sim/study_wide.txt" --out "$work/wide" --bootstrap "$bootstrap" --quiet
stages "$work/wide"

cat > "$work/binary5.txt" <<'EOF'
# Five coin-like tasks: every response has a CTM z with the binary table.
a.symbols = 0 1
a.length = 12
b.symbols = 0 1
b.length = 12
c.symbols = 0 1
c.length = 12
d.symbols = 0 1
d.length = 12
e.symbols = 0 1
e.length = 12
EOF
"$acss" simulate-study --participants "$participants" --seed 8 --registry "$work/binary5.txt" --layout long --out "$work/sim5" > /dev/null
timed "study, 5 scored binary tasks, B = $bootstrap" "$acss" study "$work/sim5/study_long.csv" --registry "$work/binary5.txt" --out "$work/five" --bootstrap "$bootstrap" --quiet
stages "$work/five"
grep -E '^composite peak' "$work/stdout" | sed 's/^/    /'
