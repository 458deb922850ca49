#!/usr/bin/env bash
# Rebuilds every table in data/ with this project's own commands (acss build, sample, campaign, table trim) and writes data/MANIFEST.tsv
# (command, parameters, sha256 of the file, data_sha256 of its counts, CPU and wall time, machine).
#
#   scripts/rebuild-data.sh           rebuild all tables into data/ and rewrite the manifest
#   scripts/rebuild-data.sh --check   verify the shipped files against the manifest (sha256),
#                                     rebuild every table into a temporary folder and check that
#                                     the counts are identical (data_sha256 and every header
#                                     figure except the timing lines)
#   scripts/rebuild-data.sh --figures  rewrite only the figures column of the manifest from the
#                                     headers of the shipped files (checks the weights again)
#   scripts/rebuild-data.sh --upgrade  seal shipped tables of the previous format (format 1) with
#                                     `acss table upgrade` (same figures and body, plus the
#                                     header checksum) and rewrite their sha256 and figures in
#                                     the manifest; rebuilding them gives the same file
#   scripts/rebuild-data.sh --only D4-T107   restrict any mode to the tables named
#
# D6-T1000 is a resumable campaign (about 4.6 CPU-hours; its shards live in
# $CAMPAIGNS/D6-T1000, so an interrupted rebuild resumes), merged into the full table
# $CAMPAIGNS/D6-T1000-full.tsv and trimmed for data/. An existing campaign folder is resumed,
# its finished shards kept: delete it to rebuild from scratch. --check rebuilds it from scratch
# in a temporary folder (about 2 GB of shard files).
#
# Environment: THREADS (default: all cores), ACSS_BIN (use this acss binary instead of building),
# CAMPAIGNS (default: campaigns, ignored by git).
set -euo pipefail
shopt -s inherit_errexit   # a failing command inside $(produce ...) stops the script too
cd "$(dirname "$0")/.."

mode=rebuild
only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --check) mode=check ;;
        --figures) mode=figures ;;
        --upgrade) mode=upgrade ;;
        --only) only="$2"; shift ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "rebuild-data.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

threads="${THREADS:-$(nproc)}"
campaigns="${CAMPAIGNS:-campaigns}"
# name | acss arguments. Every table of data/ is listed here.
tables=(
    "D1-T1|build --states 1 --steps 1"
    "D2-T6|build --states 2 --steps 6"
    "D3-T21|build --states 3 --steps 21"
    "D4-T107|build --states 4 --steps 107"
    "D5-T500|build --states 5 --steps 500"
    # The logical-depth companion of D(5) (docs/aid.md): each string's fastest halting step,
    # from the same enumeration. "depth ARGS" means: acss build ARGS --depth-out FILE (the
    # output table it also writes goes to a scratch file; it equals data/D5-T500.tsv).
    "D5-T500-depth|depth --states 5 --steps 500"
    # D(6): every one of the 26^12 machines, step cap 1000 (docs/d6.md), run as a campaign
    # of 1000 shards; data/ keeps the strings up to length MAXLEN (the full run's figures stay
    # in the header). "campaign ARGS|MAXLEN" means: campaign start ARGS, run, merge, trim.
    "D6-T1000|campaign --states 6 --steps 1000 --shards 1000 --split-level 5|17"
    # The logical depths of D(6): the same enumeration again with --depth-tables (its output
    # table equals D6-T1000's), the merged depths trimmed to length MAXLEN. "depthcampaign
    # ARGS|MAXLEN" means: campaign start ARGS, run, merge --depth-out, trim the depths.
    "D6-T1000-depth|depthcampaign --states 6 --steps 1000 --shards 1000 --split-level 5 --depth-tables|17"
    # Sampled (4,m) pattern tables (ACSS's K.4, K.5, K.6, K.9), seed 1, Rao-Blackwellised and
    # split (docs/sampled-tables.md), each a campaign of 4 shards; "campaign ARGS|TRIM" means
    # campaign start ARGS, run, merge, then table trim with TRIM (a bare number N: --max-length
    # N). Listed: every pattern up to length 11, and those of length 12 with an SE of K of at
    # most 0.1 bits (0.05 for m = 9: its 4.2 million length-12 patterns would make a 112 MB
    # file at 0.1, 48 MB at 0.05). Sample sizes put the median SE at lengths 8-11 under half of ACSS's;
    # m = 5, 6, 9 split at spans 5 and 7 only (cheaper than 5, 7, 9 at length 8, the length
    # that decides the sample size: docs/sampled-tables.md).
    "K4-T2000|campaign --states 4 --symbols 4 --steps 2000 --samples 2e9 --seed 1 --estimator recommended --keep-length 12 --shards 4|--max-length 12 --all-up-to-length 11 --max-se 0.1"
    "K5-T2000|campaign --states 4 --symbols 5 --steps 2000 --samples 8e8 --seed 1 --estimator rb:5,7 --keep-length 12 --shards 4|--max-length 12 --all-up-to-length 11 --max-se 0.1"
    "K6-T2000|campaign --states 4 --symbols 6 --steps 2000 --samples 6.2e8 --seed 1 --estimator rb:5,7 --keep-length 12 --shards 4|--max-length 12 --all-up-to-length 11 --max-se 0.1"
    "K9-T4000|campaign --states 4 --symbols 9 --steps 4000 --samples 5.8e8 --seed 1 --estimator rb:5,7 --keep-length 12 --shards 4|--max-length 12 --all-up-to-length 11 --max-se 0.05"
    # The exact 2-D tables (docs/two-dimensional.md): (4,2) whole, (5,2) as a campaign of 20
    # shards (about 1.5 CPU-hours), trimmed to the arrays of at most 20 cells (every shape up
    # to 4x5 and 5x4), what scoring and 2-D BDM use.
    "G4-T2000|build --dimensions 2 --states 4 --steps 2000"
    "G5-T2000|campaign --dimensions 2 --states 5 --steps 2000 --shards 20|--max-area 20"
)

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu_model="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || echo unknown)"
machine="$(uname -sm), ${cpu_model}, $(nproc) cores"

header_value() { grep -m1 "^# $2: " "$1" | sed "s/^# $2: //"; }

# The header figures a manifest line records. For an exhaustive table, the weight check: the
# machines the enumeration accounted for (the sum of its leaf weights) equal (2mn+m)^(nm),
# (4n+2)^(2n) for binary machines.
manifest_figures() {
    local f="$1" n m machines expected i
    if head -1 "$f" | grep -q '^# acss depth table$'; then
        echo "machines=$(header_value "$f" machines) distinct=$(header_value "$f" distinct) listed_distinct=$(header_value "$f" listed_distinct) deepest=$(header_value "$f" deepest)"
        return
    fi
    if grep -q '^# samples: ' "$f"; then
        echo "samples=$(header_value "$f" samples) strata=$(header_value "$f" strata) halting_units=$(header_value "$f" halting)/$(header_value "$f" units_total) listed_patterns=$(header_value "$f" distinct) latest_halt=$(header_value "$f" latest_halt) halting_after_half_cap=$(header_value "$f" halting_after_half_cap) estimator=$(header_value "$f" estimator)"
        return
    fi
    n="$(header_value "$f" states)"; m="$(header_value "$f" symbols)"; machines="$(header_value "$f" machines)"
    if grep -q '^# dimensions: 2' "$f"; then
        expected=1; for ((i = 0; i < 2 * n; i++)); do expected=$((expected * (8 * n + 2))); done
        if [ "$machines" != "$expected" ]; then
            echo "rebuild-data: $f: machines $machines differ from (8n+2)^(2n) = $expected" >&2; return 1
        fi
        local listed=""
        if grep -q '^# listed_max_area: ' "$f"; then
            listed=" listed_max_area=$(header_value "$f" listed_max_area) listed_distinct=$(header_value "$f" listed_distinct)"
        fi
        echo "machines=$machines weight_check=ok(machines=(8n+2)^(2n)) symmetry_check=ok halting=$(header_value "$f" halting) distinct=$(header_value "$f" distinct) keep_area=$(header_value "$f" keep_area) large_outputs=$(header_value "$f" large_outputs) latest_halt=$(header_value "$f" latest_halt) halting_after_half_cap=$(header_value "$f" halting_after_half_cap)$listed"
        return
    fi
    expected=1; for ((i = 0; i < n * m; i++)); do expected=$((expected * (2 * m * n + m))); done
    if [ "$machines" != "$expected" ]; then
        echo "rebuild-data: $f: machines $machines differ from (2mn+m)^(nm) = $expected" >&2; return 1
    fi
    local listed=""
    if grep -q '^# listed_max_length: ' "$f"; then
        listed=" complete_up_to_length=$(header_value "$f" complete_up_to_length) listed_max_length=$(header_value "$f" listed_max_length) listed_distinct=$(header_value "$f" listed_distinct)"
    fi
    echo "machines=$machines weight_check=ok(machines=(2mn+m)^(nm)) halting=$(header_value "$f" halting) distinct=$(header_value "$f" distinct) longest=$(header_value "$f" longest) latest_halt=$(header_value "$f" latest_halt) halting_after_half_cap=$(header_value "$f" halting_after_half_cap)$listed"
}

# Runs one table's recipe into $2; prints the command line(s) the manifest records.
produce() {
    local name="$1" out="$2" args="$3" folder="$4"
    if [[ "$args" == depthcampaign* ]]; then
        local start="${args#depthcampaign }" maxlen="${args##*|}"
        start="${start%|*}"
        local dir="$folder/$name" full="$folder/$name-full.tsv" fulldepth="$folder/$name-full-depth.tsv"
        rm -f "$full" "$fulldepth"
        # shellcheck disable=SC2086
        "$acss" campaign start --dir "$dir" $start --quiet >&2
        "$acss" campaign run --dir "$dir" --threads "$threads" >&2
        "$acss" campaign merge --dir "$dir" --out "$full" --depth-out "$fulldepth" --quiet > /dev/null
        "$acss" table trim "$fulldepth" --max-length "$maxlen" --out "$out" > /dev/null
        echo "acss campaign start --dir $dir $start && acss campaign run --dir $dir && acss campaign merge --dir $dir --out $full --depth-out $fulldepth && acss table trim $fulldepth --max-length $maxlen --out $out"
    elif [[ "$args" == campaign* ]]; then
        local start="${args#campaign }" trim="${args##*|}"
        start="${start%|*}"
        if [[ "$trim" =~ ^[0-9]+$ ]]; then trim="--max-length $trim"; fi
        if [ -z "$trim" ] || [ "$trim" = "$args" ]; then
            echo "rebuild-data: $name: a campaign entry ends in |TRIM (table trim options, or a length)" >&2; return 1
        fi
        local dir="$folder/$name" full="$folder/$name-full.tsv"
        rm -f "$full"
        # shellcheck disable=SC2086
        "$acss" campaign start --dir "$dir" $start --quiet >&2
        "$acss" campaign run --dir "$dir" --threads "$threads" >&2
        "$acss" campaign merge --dir "$dir" --out "$full" --quiet > /dev/null
        # shellcheck disable=SC2086
        "$acss" table trim "$full" $trim --out "$out" > /dev/null
        echo "acss campaign start --dir $dir $start && acss campaign run --dir $dir && acss campaign merge --dir $dir --out $full && acss table trim $full $trim --out $out"
    elif [[ "$args" == depth* ]]; then
        local counts
        counts="$(mktemp)"
        # shellcheck disable=SC2086
        "$acss" build ${args#depth } --threads "$threads" --out "$counts" --depth-out "$out" --quiet > /dev/null
        rm -f "$counts"
        echo "acss build ${args#depth } --out /tmp/counts.tsv --depth-out $out"
    else
        # shellcheck disable=SC2086
        "$acss" $args --threads "$threads" --out "$out" --quiet > /dev/null
        echo "acss $args --out $out"
    fi
}
figures() { grep '^# ' "$1" | grep -v -E '^# (cpu_seconds|wall_seconds):'; }

selected() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

if [ "$mode" = figures ]; then
    {
        head -1 data/MANIFEST.tsv | awk -F'\t' -v OFS='\t' '{ if ($11 == "") $11 = "figures"; print }'
        # cut keeps empty fields, which read -a would drop.
        tail -n +2 data/MANIFEST.tsv | while IFS= read -r line; do
            file="$(cut -f1 <<< "$line")"
            selected "${file%.tsv}" || { echo "$line"; continue; }
            printf '%s\t%s\n' "$(cut -f1-10 <<< "$line")" "$(manifest_figures "data/$file")"
        done
    } > data/MANIFEST.tsv.new
    mv data/MANIFEST.tsv.new data/MANIFEST.tsv
    echo "rebuild-data: rewrote the figures column of data/MANIFEST.tsv" >&2
    exit 0
fi

if [ -n "${ACSS_BIN:-}" ]; then
    acss="$ACSS_BIN"   # a prebuilt acss (release) binary of this commit
else
    swift build -c release --product acss >&2
    acss="$(swift build -c release --show-bin-path)/acss"
fi

status=0
if [ "$mode" = upgrade ]; then
    {
        head -1 data/MANIFEST.tsv
        tail -n +2 data/MANIFEST.tsv | while IFS= read -r line; do
            file="$(cut -f1 <<< "$line")"
            if ! selected "${file%.tsv}" || [ "$(header_value "data/$file" format)" != 1 ]; then echo "$line"; continue; fi
            "$acss" table upgrade "data/$file" --out "data/$file" >&2
            printf '%s\t%s\t%s\t%s\n' "$(cut -f1-2 <<< "$line")" "$(sha256sum "data/$file" | cut -d' ' -f1)" \
                "$(cut -f4-10 <<< "$line")" "$(manifest_figures "data/$file")"
        done
    } > data/MANIFEST.tsv.new
    mv data/MANIFEST.tsv.new data/MANIFEST.tsv
    echo "rebuild-data: sealed the format-1 tables and rewrote their manifest entries" >&2
    exit 0
fi
if [ "$mode" = rebuild ]; then
    manifest=data/MANIFEST.tsv
    tmp_manifest="$(mktemp)"
    if [ -f "$manifest" ]; then cp "$manifest" "$tmp_manifest"; else
        printf 'file\tcommand\tsha256\tdata_sha256\tcpu_seconds\twall_seconds\tthreads\tcommit\tbuilt\tmachine\tfigures\n' > "$tmp_manifest"
    fi
    for entry in "${tables[@]}"; do
        name="${entry%%|*}"; args="${entry#*|}"
        selected "$name" || continue
        out="data/$name.tsv"
        echo "rebuild-data: $name: $args (threads $threads)" >&2
        command_line="$(produce "$name" "$out" "$args" "$campaigns")"
        line="$name.tsv	$command_line	$(sha256sum "$out" | cut -d' ' -f1)	$(header_value "$out" data_sha256)	$(header_value "$out" cpu_seconds)	$(header_value "$out" wall_seconds)	$threads	$commit	$(date -u +%Y-%m-%dT%H:%M:%SZ)	$machine	$(manifest_figures "$out")"
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
        produce "$name" "$scratch/$name.tsv" "$args" "$scratch" > /dev/null
        if diff <(figures "$file"; grep -v '^#' "$file") <(figures "$scratch/$name.tsv"; grep -v '^#' "$scratch/$name.tsv") > /dev/null; then
            echo "ok   $file: sha256 matches the manifest; rebuilt counts identical ($(header_value "$scratch/$name.tsv" cpu_seconds) CPU s)" >&2
        else
            echo "FAIL $file: rebuilt table differs" >&2; status=1
        fi
    done
fi
exit $status
