# Shared by the benchmark scripts: `source "$(dirname "$0")/lib/bench.sh"` sets strict mode,
# moves to the repository root, and defines:
#
#   options USAGE NAME=VAR:DEFAULT... -- "$@"
#                                      sets each VAR to DEFAULT, then from `--NAME value`;
#                                      anything else prints USAGE and exits with status 2
#   release_build SCRATCH              builds acss in release mode under SCRATCH; sets `bin`,
#                                      a scratch folder `work` (removed on exit) and `pin`
#                                      (taskset -c 0 when available)
#   given_or_release_build SCRATCH     uses the acss of `--acss` ($acss) when given, else
#                                      release_build's; sets `work` and an absolute $acss
options() {
    local usage="$1"; shift
    local -A names=()
    while [ "$1" != "--" ]; do
        local spec="${1#*=}"
        names["--${1%%=*}"]="${spec%%:*}"
        printf -v "${spec%%:*}" '%s' "${spec#*:}"
        shift
    done
    shift
    while [ $# -gt 0 ]; do
        local var="${names[$1]:-}"
        if [ -z "$var" ] || [ $# -lt 2 ]; then echo "usage: $usage" >&2; exit 2; fi
        printf -v "$var" '%s' "$2"
        shift 2
    done
}

release_build() {
    swift build -c release --scratch-path "$1" >&2
    bin="$1/release/acss"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    pin=()
    if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
}

given_or_release_build() {
    if [ -z "$acss" ]; then
        release_build "$1"
        acss="$bin"
    else
        work=$(mktemp -d)
        trap 'rm -rf "$work"' EXIT
    fi
    acss="$(cd "$(dirname "$acss")" && pwd)/$(basename "$acss")"
}

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
