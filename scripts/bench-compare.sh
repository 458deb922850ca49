#!/usr/bin/env bash
# Speed of this tree against an earlier commit, both release builds, in the same run (the
# figures a refactoring must keep; docs/benchmarks.md, "Before and after a refactoring"):
#   1. `acss build --states 5 --steps 500` (all cores), wall and CPU seconds, the two builds
#      alternating, R rounds each, median;
#   2. `acss score --alphabet 2 --format csv -` on N strings of length 8-12 (one core), median
#      wall seconds of R rounds;
#   3. instruction counts (valgrind's callgrind, when installed: repeatable whatever else the
#      machine runs) of a D(5) shard and of scoring 20,000 strings.
# The outputs of both builds are compared byte for byte (timing lines aside).
#
#   scripts/bench-compare.sh --base REV [--rounds R] [--strings N]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

base=""
rounds=3
strings=1000000
while [ $# -gt 0 ]; do
    case "$1" in
        --base) base="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --strings) strings="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-compare.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$base" ] || { echo "bench-compare.sh: --base REV is required (see --help)" >&2; exit 2; }

work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/base" "$base"
echo "building $base and this tree (release)..." >&2
(cd "$work/base" && swift build -c release --product acss >&2)
swift build -c release --product acss >&2
old="$work/base/.build/release/acss"
new="$root/.build/release/acss"
export ACSS_DATA="$root/data"
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

echo "# machine: $(uname -sm), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# base: $(git rev-parse --short "$base"), this tree: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + uncommitted changes'), $(date -u +%Y-%m-%dT%H:%M:%SZ)"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }
untimed() { grep -v -E '^# (cpu_seconds|wall_seconds):'; }

echo "== acss build --states 5 --steps 500 (all cores), $rounds rounds, alternating =="
for r in $(seq "$rounds"); do
    for which in old new; do
        bin=$old; [ $which = new ] && bin=$new
        "$bin" build --states 5 --steps 500 --quiet --out "$work/d5-$which.tsv" \
            | awk -v w=$which '$1 == "cpu_seconds" { c = $2 } $1 == "wall_seconds" { print w, $2, c }' >> "$work/d5.txt"
    done
done
cmp <(untimed < "$work/d5-old.tsv") <(untimed < "$work/d5-new.tsv") && echo "tables identical"
for which in old new; do
    printf '%s: wall %s s, CPU %s s (medians)\n' "$which" \
        "$(awk -v w=$which '$1 == w { print $2 }' "$work/d5.txt" | median)" \
        "$(awk -v w=$which '$1 == w { print $3 }' "$work/d5.txt" | median)"
done

echo "== acss score --alphabet 2 --format csv - ($strings strings, one core), $rounds rounds =="
awk -v n="$strings" 'BEGIN { srand(1); for (i = 0; i < n; i++) { l = 8 + int(rand() * 5); s = "";
    for (j = 0; j < l; j++) s = s (rand() < 0.5 ? "H" : "T"); print s } }' > "$work/input.txt"
for r in $(seq "$rounds"); do
    for which in old new; do
        bin=$old; [ $which = new ] && bin=$new
        t0=$(now); "${pin[@]}" "$bin" score --alphabet 2 --format csv - < "$work/input.txt" > "$work/score-$which.csv"; t1=$(now)
        echo "$which $(echo "$t1 - $t0" | bc -l)" >> "$work/score.txt"
    done
done
cmp "$work/score-old.csv" "$work/score-new.csv" && echo "outputs identical"
for which in old new; do
    printf '%s: wall %.3f s (median)\n' "$which" "$(awk -v w=$which '$1 == w { print $2 }' "$work/score.txt" | median)"
done

if command -v valgrind >/dev/null; then
    echo "== instructions (callgrind) =="
    head -20000 "$work/input.txt" > "$work/input20k.txt"
    for which in old new; do
        bin=$old; [ $which = new ] && bin=$new
        d5=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" build --states 5 --steps 500 \
            --shard 7/400 --threads 1 --quiet --out "$work/shard-$which.tsv" 2>&1 | awk '/Collected/ { print $4 }')
        score=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" score --alphabet 2 --format csv - \
            < "$work/input20k.txt" 2>&1 >/dev/null | awk '/Collected/ { print $4 }')
        printf '%s: D(5) shard 7/400 %s, scoring 20,000 strings %s\n' "$which" "$d5" "$score"
    done
fi
