#!/usr/bin/env bash
# Benchmarks `acss bdm --2d` on random binary images (the figures of docs/benchmarks.md,
# "2-D BDM"): a release build; a 1000 x 1000 and a 10,000 x 10,000 raw PBM (P4) from a
# seeded generator (python3's Mersenne Twister, seed 2018: the same bytes on every machine);
# each run timed with /usr/bin/time (wall, CPU, max RSS) when present.
# Blocks are 3 x 3 because the default table here is G4-T2000, which has every 3x3 array
# but not every 4x4 one (a random image would hit a missing 4x4 block).
# Usage: scripts/bench-bdm2d.sh [--quick]   (--quick: the 1000 x 1000 image only)
#   TABLE=G5-T2000 BLOCK=4 scripts/bench-bdm2d.sh   (another table or block size)
set -euo pipefail
cd "$(dirname "$0")/.."
table="${TABLE:-G4-T2000}"
block="${BLOCK:-3}"
nice -n 10 swift build -c release --product acss >&2
acss="$(swift build -c release --show-bin-path)/acss"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# n x n random bits as P4 (rows padded to a byte).
make_pbm() {
    python3 - "$1" "$2" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(2018)
row_bytes = (n + 7) // 8
with open(path, "wb") as f:
    f.write(b"P4\n%d %d\n" % (n, n))
    for _ in range(n):
        f.write(rng.getrandbits(8 * row_bytes).to_bytes(row_bytes, "little"))
PY
}

sizes=(1000 10000)
[ "${1:-}" = "--quick" ] && sizes=(1000)
echo "# machine: $(uname -sm), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ), table $table, blocks ${block}x${block}"
printf '| image | boundary | blocks | distinct | BDM | block entropy | wall s | CPU s | max RSS MB |\n|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
    image="$work/random-$n.pbm"
    make_pbm "$n" "$image"
    for boundary in ignore recursive correlated; do
        args=(bdm --2d --table "$table" --block-size "$block" --boundary "$boundary" --format csv --input "$image")
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$acss" "${args[@]}" > "$work/out"
            read -r wall user sys rss < "$work/time"
        else
            start=$(date +%s.%N)
            "$acss" "${args[@]}" > "$work/out"
            wall=$(echo "$(date +%s.%N) - $start" | bc); user=$wall; sys=0; rss=0
        fi
        # Columns: array,rows,columns,BDM,block_entropy,block_size,boundary,shift,min_length,blocks,distinct_blocks,table,error
        IFS=, read -r _ _ _ bdm entropy _ _ _ _ blocks distinct _ _ < <(sed -n 2p "$work/out")
        printf '| %sx%s | %s | %s | %s | %.1f | %.4f | %.2f | %.2f | %.0f |\n' "$n" "$n" "$boundary" "$blocks" "$distinct" \
            "$bdm" "$entropy" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
    done
done
