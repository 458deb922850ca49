# Shared by the benchmark scripts (source it): option parsing and the release build.
#
#   options USAGE NAME=VAR... -- "$@"   sets each VAR from `--NAME value` (VARs keep their
#                                       defaults otherwise); anything else prints USAGE, exit 2
#   release_build SCRATCH              builds acss in release mode under SCRATCH; sets `bin`,
#                                      a scratch folder `work` (removed on exit) and `pin`
#                                      (taskset -c 0 when available)
options() {
    local usage="$1"; shift
    local -A names=()
    while [ "$1" != "--" ]; do names["--${1%%=*}"]="${1#*=}"; shift; done
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
