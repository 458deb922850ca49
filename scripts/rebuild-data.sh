#!/usr/bin/env bash
# Rebuilds every table in data/ with this project's own commands (acss build, acss sample) and writes data/MANIFEST.tsv
# (command, parameters, sha256 of the file, data_sha256 of its counts, CPU and wall time, machine).
#
#   scripts/rebuild-data.sh           rebuild all tables into data/ and rewrite the manifest
#   scripts/rebuild-data.sh --check   verify the shipped files against the manifest (sha256),
#                                     rebuild every table into a temporary folder and check that
#                                     the counts are identical (data_sha256 and every header
#                                     figure except the timing lines)
#   scripts/rebuild-data.sh --only D4-T107   restrict either mode to the tables named
#
# Environment: THREADS (default: all cores), ACSS_BIN (use this acss binary instead of building).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=rebuild
only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --check) mode=check ;;
        --only) only="$2"; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "rebuild-data.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

threads="${THREADS:-$(nproc)}"
# name | acss arguments. Every table of data/ is listed here.
tables=(
    "D1-T1|build --states 1 --steps 1"
    "D2-T6|build --states 2 --steps 6"
    "D3-T21|build --states 3 --steps 21"
    "D4-T107|build --states 4 --steps 107"
    "D5-T500|build --states 5 --steps 500"
    # Sampled (4,m) pattern tables (ACSS's K.4, K.5, K.6, K.9), seed 1: every pattern up to
    # length 10 seen at least once (the study tasks have length 10), longer ones up to 12 seen
    # at least 5 (m = 4, 5) or 10 (m = 6, 9) times, as ACSS kept. 2e9 samples for m = 4, 4e9
    # for the others (about 500 and 1100 CPU seconds).
    "K4-T2000|sample --states 4 --symbols 4 --steps 2000 --samples 2e9 --seed 1 --min-hits 5 --max-length 12 --all-up-to-length 10"
    "K5-T2000|sample --states 4 --symbols 5 --steps 2000 --samples 4e9 --seed 1 --min-hits 5 --max-length 12 --all-up-to-length 10"
    "K6-T2000|sample --states 4 --symbols 6 --steps 2000 --samples 4e9 --seed 1 --min-hits 10 --max-length 12 --all-up-to-length 10"
    "K9-T4000|sample --states 4 --symbols 9 --steps 4000 --samples 4e9 --seed 1 --min-hits 10 --max-length 12 --all-up-to-length 10"
)

if [ -n "${ACSS_BIN:-}" ]; then
    acss="$ACSS_BIN"   # a prebuilt acss (release) binary of this commit
else
    swift build -c release --product acss >&2
    acss="$(swift build -c release --show-bin-path)/acss"
fi
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu_model="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || echo unknown)"
machine="$(uname -sm), ${cpu_model}, $(nproc) cores"

header_value() { grep -m1 "^# $2: " "$1" | sed "s/^# $2: //"; }
figures() { grep '^# ' "$1" | grep -v -E '^# (cpu_seconds|wall_seconds):'; }

selected() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

status=0
if [ "$mode" = rebuild ]; then
    manifest=data/MANIFEST.tsv
    tmp_manifest="$(mktemp)"
    if [ -f "$manifest" ]; then cp "$manifest" "$tmp_manifest"; else
        printf 'file\tcommand\tsha256\tdata_sha256\tcpu_seconds\twall_seconds\tthreads\tcommit\tbuilt\tmachine\n' > "$tmp_manifest"
    fi
    for entry in "${tables[@]}"; do
        name="${entry%%|*}"; args="${entry#*|}"
        selected "$name" || continue
        out="data/$name.tsv"
        echo "rebuild-data: acss $args --threads $threads --out $out" >&2
        # shellcheck disable=SC2086
        "$acss" $args --threads "$threads" --out "$out" --quiet > /dev/null
        line="$name.tsv	acss $args --out $out	$(sha256sum "$out" | cut -d' ' -f1)	$(header_value "$out" data_sha256)	$(header_value "$out" cpu_seconds)	$(header_value "$out" wall_seconds)	$threads	$commit	$(date -u +%Y-%m-%dT%H:%M:%SZ)	$machine"
        grep -v -P "^\Q$name.tsv\E\t" "$tmp_manifest" > "$tmp_manifest.new" || true
        echo "$line" >> "$tmp_manifest.new"
        mv "$tmp_manifest.new" "$tmp_manifest"
    done
    { head -1 "$tmp_manifest"; tail -n +2 "$tmp_manifest" | sort -V; } > "$manifest"
    rm -f "$tmp_manifest"
    echo "rebuild-data: wrote $manifest" >&2
else
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    for entry in "${tables[@]}"; do
        name="${entry%%|*}"; args="${entry#*|}"
        selected "$name" || continue
        file="data/$name.tsv"
        recorded="$(grep -P "^\Q$name.tsv\E\t" data/MANIFEST.tsv | cut -f3 || true)"
        if [ -z "$recorded" ]; then echo "FAIL $file: no manifest entry" >&2; status=1; continue; fi
        if [ "$(sha256sum "$file" | cut -d' ' -f1)" != "$recorded" ]; then
            echo "FAIL $file: sha256 differs from data/MANIFEST.tsv" >&2; status=1; continue
        fi
        # shellcheck disable=SC2086
        "$acss" $args --threads "$threads" --out "$scratch/$name.tsv" --quiet > /dev/null
        if diff <(figures "$file"; grep -v '^#' "$file") <(figures "$scratch/$name.tsv"; grep -v '^#' "$scratch/$name.tsv") > /dev/null; then
            echo "ok   $file: sha256 matches the manifest; rebuilt counts identical ($(header_value "$scratch/$name.tsv" cpu_seconds) CPU s)" >&2
        else
            echo "FAIL $file: rebuilt table differs" >&2; status=1
        fi
    done
fi
exit $status
