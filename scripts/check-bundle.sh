#!/usr/bin/env bash
# Checks the release bundle (scripts/package.sh) as a user without Swift would get it:
#   1. builds the tarball (or takes --tarball), unpacks it into an empty temporary folder and
#      verifies its SHA256SUMS;
#   2. checks with ldd that bin/acss needs only the C runtime (libc, libm, libstdc++,
#      libgcc_s, ld-linux, vdso): no Swift, Foundation, ICU, libxml2 or curl library;
#   3. runs it with `env -i PATH=/usr/bin:/bin` (no Swift toolchain on PATH, no
#      LD_LIBRARY_PATH, no ACSS_DATA) from an empty working directory, so the tables can only
#      be found through the bundle's own layout (data/ above the executable), and checks
#      published values of R's acss 0.3-2 (docs/formalism.md §3 and §5, /work/shared/SPEC.md):
#      K.2(01011100) = 22.0030069458495 (acss's testthat), and for the coin sequence HTHHTHTT
#      likelihood_d = 0.003102718 and prob_random = 0.5573217 (acss's help examples), to the
#      printed digits.
# Exit status: 0 passed, 1 failed, 77 skipped (the toolchain cannot link statically, or a
# needed tool is missing; the reason is printed).
#
#   scripts/check-bundle.sh [--tarball PATH] [--keep DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
tarball=""
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --tarball) tarball="$2"; shift ;;
        --keep) keep="$2"; shift ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "check-bundle.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
source scripts/lib/check.sh check-bundle
for tool in tar ldd sha256sum awk; do
    command -v "$tool" > /dev/null || skip "$tool is not installed"
done

if [ -z "$tarball" ]; then
    log="$(mktemp /tmp/acss-package-log.XXXXXX)"
    if ! tarball="$(scripts/package.sh 2> "$log" | tail -1)" || [ ! -f "$tarball" ]; then
        tail -20 "$log"
        if grep -qi "static" "$log" && grep -qiE "cannot find|not found|no such file|unable to find" "$log"; then
            skip "this toolchain cannot link the Swift standard library statically (log above)"
        fi
        fail "scripts/package.sh (log above)"
    fi
    rm -f "$log"
fi
[ -f "$tarball" ] || fail "no tarball at $tarball"

work="${keep:-$(mktemp -d /tmp/acss-bundle.XXXXXX)}"
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
[ -z "$(ls -A "$work")" ] || fail "$work is not empty"
mkdir "$work/unpacked" "$work/cwd"
tar -C "$work/unpacked" -xzf "$tarball" || fail "tar could not unpack $tarball"
bundle="$(find "$work/unpacked" -mindepth 1 -maxdepth 1 -type d | head -1)"
[ -x "$bundle/bin/acss" ] || fail "the bundle has no executable bin/acss"
for f in data/MANIFEST.tsv data/D5-T500.tsv README.md LICENSE SHA256SUMS; do
    [ -f "$bundle/$f" ] || fail "the bundle lacks $f"
done
(cd "$bundle" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match the bundle's files"
say "unpacked $(basename "$tarball") ($(du -sh "$bundle" | cut -f1)), SHA256SUMS verified"

# 2. Only the C runtime.
libs="$(ldd "$bundle/bin/acss" 2>&1)" || fail "ldd failed: $libs"
echo "$libs" | sed 's/^/    /'
unexpected="$(echo "$libs" | awk '{ print $1 }' | grep -vE '^(linux-vdso\.so|libc\.so|libm\.so|libstdc\+\+\.so|libgcc_s\.so|libpthread\.so|libdl\.so|librt\.so|libutil\.so|/lib6?4?/ld-linux|/lib/ld-linux|ld-linux)' || true)"
[ -z "$unexpected" ] || fail "bin/acss needs libraries beyond the C runtime: $unexpected"
if echo "$libs" | grep -qiE 'swift|foundation|icu|xml|curl|dispatch'; then
    fail "bin/acss links a Swift/Foundation/ICU/XML/curl library"
fi
say "ldd: only the C runtime"

# 3. Run it without Swift.
clean_env=(env -i PATH=/usr/bin:/bin HOME="$work/cwd" LANG=C.UTF-8)
if "${clean_env[@]}" sh -c 'command -v swift' > /dev/null 2>&1; then
    say "note: /usr/bin or /bin holds a 'swift'; the bundle does not use it (ldd above)"
fi
csv="$(cd "$work/cwd" && "${clean_env[@]}" "$bundle/bin/acss" score --alphabet 2 --format csv HTHHTHTT 01011100 2> "$work/stderr")" \
    || { cat "$work/stderr"; fail "bin/acss score exited with an error"; }
column() {  # column NAME ROW: the value of column NAME in data row ROW (1-based) of $csv
    echo "$csv" | awk -F, -v name="$1" -v row="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
        NR == row + 1 { print $c }'
}
# close ACTUAL EXPECTED DIGITS: equal when rounded to DIGITS significant digits (as printed).
close() { awk -v a="$1" -v e="$2" -v d="$3" 'BEGIN { fmt = "%." d "g"; exit !(sprintf(fmt, a) == sprintf(fmt, e)) }'; }
check() {  # check LABEL ACTUAL EXPECTED DIGITS
    if close "$2" "$3" "$4"; then say "$1 = $2 (published $3)"; else fail "$1 = '$2', published $3"; fi
}
check "K.2(01011100)" "$(column K 2)" 22.0030069458495 15
check "likelihood_d(HTHHTHTT, 2)" "$(column likelihood_d 1)" 0.003102718 7
check "prob_random(HTHHTHTT, 2)" "$(column prob_random 1)" 0.5573217 7
[ "$(column table 1)" = "D5-T500" ] || fail "HTHHTHTT was scored with table '$(column table 1)', not D5-T500"
"${clean_env[@]}" "$bundle/bin/acss" --version > /dev/null || fail "acss --version"
say "passed: the bundle runs without Swift and finds its own tables"
