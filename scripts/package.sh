#!/usr/bin/env bash
# Builds the self-contained release bundle acss-<version>-linux-<arch>.tar.gz:
#
#   acss-<version>-linux-<arch>/
#     bin/acss         the release binary, linked with the static Swift standard library and
#                      Foundation (`swift build -c release --static-swift-stdlib`): it needs
#                      only the C runtime (libc, libm, libstdc++, libgcc_s, ld-linux)
#     data/            the shipped tables and data/MANIFEST.tsv, unchanged
#     README.md, LICENSE
#     SHA256SUMS       sha256 of every other file of the bundle (`sha256sum -c SHA256SUMS`)
#
# The binary finds data/ by itself: TableLocator looks for data/ in every directory above
# the executable, and bin/../data is the first of them (no ACSS_DATA, no --tables needed).
# Next to the tarball the script writes <tarball>.sha256. The version is `acss --version`
# (Sources/Scoring/Version.swift), the architecture `uname -m`.
#
#   scripts/package.sh [--acss PATH] [--out DIR] [--scratch-path DIR]
#
#   --acss PATH          package this binary (it must be a --static-swift-stdlib build)
#                        instead of building one
#   --out DIR            where the tarball goes (default .build/dist)
#   --scratch-path DIR   SwiftPM scratch path of the static build (default .build/static; kept
#                        apart from .build so that the ordinary release build is not rebuilt,
#                        and reused by the next run)
#
# The last line of standard output is the tarball's path. Exit status 0 built, 1 failed.
set -euo pipefail
cd "$(dirname "$0")/.."
acss=""
out=".build/dist"
scratch=".build/static"
while [ $# -gt 0 ]; do
    case "$1" in
        --acss) acss="$2"; shift ;;
        --out) out="$2"; shift ;;
        --scratch-path) scratch="$2"; shift ;;
        -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "package.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
say() { echo "package: $*" >&2; }

if [ -z "$acss" ]; then
    say "building the static release binary (--scratch-path $scratch; the first build takes minutes)"
    nice -n 10 swift build -c release --static-swift-stdlib --product acss --scratch-path "$scratch" >&2
    acss="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/acss"
fi
[ -x "$acss" ] || { say "no executable at $acss"; exit 1; }

version="$("$acss" --version | awk '{ print $NF }')"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { say "could not read the version from '$acss --version'"; exit 1; }
name="acss-$version-linux-$(uname -m)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d /tmp/acss-package.XXXXXX)"
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/data"
cp "$acss" "$root/bin/acss"
strip "$root/bin/acss" 2>/dev/null || true
cp data/*.tsv "$root/data/"
[ -f "$root/data/MANIFEST.tsv" ] || { say "data/MANIFEST.tsv is missing"; exit 1; }
cp README.md LICENSE "$root/"
(cd "$root" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
tarball="$out/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
say "$(du -h "$tarball" | cut -f1) $tarball"
echo "$tarball"
