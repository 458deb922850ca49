#!/usr/bin/env bash
# Benchmarks of the scoring path, release build (results: docs/benchmarks.md, "## Scoring").
#
#   scripts/bench-score.sh [--scratch-path DIR] [--runs N] [--strings N]
#
# 1. `acss score --alphabet 2 HTHHTHTT`, end to end (process start, locating and validating
#    the D(5) table: SHA-256 of its body, order, counts; scoring; output), N runs.
# 2. Batch: N strings of length 8-12 over {H,T} (fixed seed) from stdin to CSV, TSV and JSON,
#    with the per-pattern row cache (the default) and without it (ACSS_SCORE_CACHE=0).
# Everything runs pinned to one core (taskset -c 0) when taskset exists.
source "$(dirname "$0")/lib/bench.sh"
options "$0 [--scratch-path DIR] [--runs N] [--strings N]" \
    scratch-path=scratch:.build runs=runs:50 strings=strings:1000000 -- "$@"
release_build "$scratch"

now_ns() { date +%s%N; }

# Runs "$@" $runs times; prints min, median and mean wall milliseconds.
time_runs() {
    local samples=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(now_ns)
        "${pin[@]}" "$@" >/dev/null 2>&1
        t1=$(now_ns)
        samples+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${samples[@]}" | sort -n | awk '{ a[NR] = $1; s += $1 }
        END { printf "min %.1f ms, median %.1f ms, mean %.1f ms over %d runs\n", a[1] / 1000, a[int((NR + 1) / 2)] / 1000, s / NR / 1000, NR }'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "binary: $bin; tables: $( "$bin" reference --alphabet 2 --length 1 --format csv | tail -1 | cut -d, -f9 )"
echo
echo "== one string, end to end =="
echo -n "acss --help (process start only):          "; time_runs "$bin" --help
echo -n "acss score --alphabet 2 HTHHTHTT:           "; time_runs "$bin" score --alphabet 2 HTHHTHTT
echo -n "acss score --alphabet 2 --format csv (5 strings): "; time_runs "$bin" score --alphabet 2 --format csv HTHHTHTT HTHTHTHT HHHHTTTT THTHHTHHTTHT HTHHTHTTHTHHTTHTTHHT

echo
echo "== batch: $strings strings of length 8-12 from stdin =="
awk -v n="$strings" 'BEGIN { srand(1); for (i = 0; i < n; i++) { l = 8 + int(rand() * 5); s = "";
    for (j = 0; j < l; j++) s = s (rand() < 0.5 ? "H" : "T"); print s } }' > "$work/input.txt"
echo "input: $(wc -l < "$work/input.txt") lines, $(wc -c < "$work/input.txt") bytes"
batch() {
    local label="$1"; shift
    local t0 t1 rows
    t0=$(now_ns)
    "${pin[@]}" env "$@" < "$work/input.txt" > "$work/out" 2>/dev/null
    t1=$(now_ns)
    rows=$(wc -l < "$work/out")
    printf '%-32s %6.2f s  (%s output lines, %s bytes)\n' "$label" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$rows" "$(wc -c < "$work/out")"
}
batch "csv (pattern cache)"   "$bin" score --alphabet 2 --format csv -
cp "$work/out" "$work/cached.csv"
batch "csv (ACSS_SCORE_CACHE=0)" ACSS_SCORE_CACHE=0 "$bin" score --alphabet 2 --format csv -
cmp -s "$work/out" "$work/cached.csv" && echo "  (identical bytes with and without the cache)" || echo "  WARNING: cached and uncached outputs differ"
batch "tsv (pattern cache)"   "$bin" score --alphabet 2 --format tsv -
batch "json (pattern cache)"  "$bin" score --alphabet 2 --format json -
batch "json (ACSS_SCORE_CACHE=0)" ACSS_SCORE_CACHE=0 "$bin" score --alphabet 2 --format json -
batch "csv, alphabet inferred" "$bin" score --format csv -
