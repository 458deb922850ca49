#!/usr/bin/env bash
# The golden corpus of CLI runs: every command's output (stdout, stderr, exit status and the
# files it writes) on a fixed input set, committed under Tests/Golden/cli. A refactoring that
# keeps behaviour leaves this corpus byte-identical.
#
#   scripts/golden-cli.sh [--acss BIN] [--update]
#
# Without --update it runs every case into a temporary folder and compares with the committed
# corpus (exit 1 and a diff when anything differs). --update rewrites the corpus. Lines that
# measure the machine rather than the computation (cpu/wall seconds, peak memory, rates, the
# thread count when it defaults to the cores) are masked as <timing>; nothing else is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bin=""
update=0
while [ $# -gt 0 ]; do
    case "$1" in
        --acss) bin="$2"; shift 2 ;;
        --update) update=1; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "golden-cli.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$bin" ]; then
    swift build >&2
    bin="$(swift build --show-bin-path)/acss"
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
inputs="$root/Tests/Golden/inputs"
golden="$root/Tests/Golden/cli"

out=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$out" "$work"' EXIT
export ACSS_DATA="$root/data"

mask() {
    sed -E \
        -e 's/^(#? ?(cpu_seconds|wall_seconds|peak_memory_mb|nodes_per_second|steps_per_second|samples_per_cpu_second|threads)(:| )+).*/\1<timing>/' \
        -e 's/^time: .* s$/time: <timing>/' \
        -e 's/, [0-9.]+ CPU s in total/, <timing> CPU s in total/' \
        -e 's/^(    "(read input|measure and score responses|aggregate participants|group summaries|age curve fits|bootstrap \(B = [0-9]+\))": ).*[0-9](,?)$/\1<timing>\3/' \
        -e 's/^(\| (read input|measure and score responses|aggregate participants|group summaries|age curve fits|bootstrap \(B = [0-9]+\)) \| ).* \|$/\1<timing> |/' \
        -e 's#^(<tr><td>(read input|measure and score responses|aggregate participants|group summaries|age curve fits|bootstrap \(B = [0-9]+\))</td><td>)[^<]*(</td></tr>)$#\1<timing>\3#' \
        -e "s#$work#<work>#g" -e "s#$root#<root>#g"
}

# case NAME [ARGS...]: runs acss ARGS in a fresh folder (stdin from $stdin, empty by default);
# records stdout, stderr, the exit status and every file the run wrote, masked.
stdin=/dev/null
case_() {
    local name="$1"; shift
    local dir="$work/$name"
    mkdir -p "$dir"
    local status=0
    (cd "$dir" && "$bin" "$@" <"$stdin" >"$work/$name.stdout" 2>"$work/$name.stderr") || status=$?
    {
        echo "\$ acss $*" | mask
        echo "--- exit $status"
        echo "--- stdout"; mask <"$work/$name.stdout"
        echo "--- stderr"; mask <"$work/$name.stderr"
        (cd "$dir" && find . -type f | LC_ALL=C sort) | while read -r f; do
            echo "--- file ${f#./}"
            mask <"$dir/$f"
        done
    } >"$out/$name.txt"
    stdin=/dev/null
}

# Help of every command and action.
case_ help-top --help
case_ help-none
for c in build table score local bdm reference merge campaign study simulate-study sample bench; do
    case_ "help-$c" "$c" --help
done
case_ unknown-command frobnicate
case_ unknown-option score --alphabit 2 0101

# Scoring.
case_ score-coin score --alphabet 2 HTHHTHTT
case_ score-die score --alphabet 6 "1 5 2 6 6 3 4 1 2 5"
case_ score-inferred score 0110 ABCABC 3152646213
case_ score-formats-csv score --alphabet 2 --format csv HTHHTHTT HTHTHTHT HHHHTTTT THTHHTHHTTHT HTHHTHTTHTHHTTHTTHHT
case_ score-formats-json score --alphabet 4 --format json 0123 01230123 3210
case_ score-formats-tsv score --alphabet 5 --format tsv 01234 0123401234
case_ score-nine score --alphabet 9 --format csv 123456789 1122334455 987654321
case_ score-strict score --alphabet 2 --strict HTHHTHTTHTHHTTHTTHHT
case_ score-d6 score --alphabet 2 --table D6-T1000 --format csv 0101101001101 01011010011010110
case_ score-prior score --alphabet 2 --prior 0.2 --format csv HTHHTHTT
stdin="$inputs/sequences.txt"; case_ score-stdin score --alphabet 2 --format csv -
stdin="$inputs/bad-rows.txt"; case_ score-bad-rows score --alphabet 4 --format csv -
case_ score-bad-alphabet score --alphabet 1 0101
case_ score-too-many-symbols score --alphabet 2 012
case_ local-coin local --alphabet 2 --span 5 HTHHTHTTHTHH
case_ local-json local --alphabet 2 --span 4 --format json 0101100110
case_ local-d6 local --alphabet 2 --table D6-T1000 --span 17 010110100110101100
case_ bdm-coin bdm --alphabet 2 HTHHTHTTHTHHTTHTTHHTHTHTTHHT
case_ bdm-csv bdm --alphabet 4 --format csv 012301230123012301230123 0000000000000000000001
case_ reference-2 reference --alphabet 2 --length 1-12
case_ reference-6-csv reference --alphabet 6 --length 10 --format csv
case_ reference-json reference --alphabet 9 --length 3-5 --format json

# Tables.
case_ table-info-d4 table info "$root/data/D4-T107.tsv" --top 10
case_ table-info-d4-json table info "$root/data/D4-T107.tsv" --top 3 --json
case_ table-info-k4 table info "$root/data/K4-T2000.tsv" --top 5
case_ table-compare-d3-d4 table compare "$root/data/D3-T21.tsv" "$root/data/D4-T107.tsv" --top 5
case_ table-compare-json table compare "$root/data/D3-T21.tsv" "$root/data/D4-T107.tsv" --top 3 --json
case_ table-trim table trim "$root/data/D4-T107.tsv" --max-length 6 --out d4-trim.tsv
case_ table-missing table info no-such-file.tsv

# Building, sharding, merging, sampling, campaigns.
case_ build-3 build --states 3 --steps 21 --threads 2 --out d3.tsv
case_ build-2-3 build --states 2 --symbols 3 --steps 40 --threads 1 --out d23.tsv
case_ build-bad build --states 0 --steps 5 --out x.tsv
mkdir -p "$work/merge"
(cd "$work/merge" && "$bin" build --states 2 --steps 6 --shard 1/2 --threads 1 --out s1.tsv >/dev/null 2>&1 \
    && "$bin" build --states 2 --steps 6 --shard 2/2 --threads 1 --out s2.tsv >/dev/null 2>&1)
case_ merge merge "$work/merge/s1.tsv" "$work/merge/s2.tsv" --out merged.tsv
case_ merge-missing merge "$work/merge/s1.tsv" --out merged.tsv
case_ sample sample --states 2 --symbols 3 --steps 100 --samples 1000 --threads 2 --out k.tsv
case_ sample-44 sample --states 4 --symbols 4 --steps 2000 --samples 30000 --threads 2 --out k.tsv
case_ sample-rb sample --states 2 --symbols 3 --steps 100 --samples 1000 --threads 2 --estimator rb:3,5 --out k.tsv
case_ campaign-start campaign start --dir c --states 3 --steps 21 --shards 4
cp -r "$work/campaign-start/c" "$work/campaign-c"
for step in "run --threads 1 --quiet" "status" "status --json" "merge --out d3.tsv"; do
    set -- $step
    name="campaign-$1$( [ "${2:-}" = --json ] && echo -json || true)"
    mkdir -p "$work/$name"
    cp -r "$work/campaign-c" "$work/$name/c"
    case_ "$name" campaign "$@" --dir c
    rm -rf "$work/campaign-c"; cp -r "$work/$name/c" "$work/campaign-c"
done

# Studies.
case_ simulate simulate-study --participants 60 --seed 3 --out sim
case_ study-long study "$work/simulate/sim/study_long.csv" --out report --bootstrap 20 --threads 2 --quiet
case_ study-wide study "$work/simulate/sim/study_wide.txt" --layout wide --out report --bootstrap 0 --no-plots --quiet
case_ study-registry study --print-registry

if [ "$update" = 1 ]; then
    rm -rf "$golden"
    mkdir -p "$golden"
    cp "$out"/*.txt "$golden/"
    echo "golden-cli: wrote $(ls "$golden" | wc -l) cases to Tests/Golden/cli"
    exit 0
fi
if diff -ru "$golden" "$out" >"$work.diff"; then
    echo "golden-cli: $(ls "$out" | wc -l) cases identical to Tests/Golden/cli"
    rm -f "$work.diff"
else
    cat "$work.diff"
    rm -f "$work.diff"
    echo "golden-cli: outputs differ from Tests/Golden/cli (above)" >&2
    exit 1
fi
