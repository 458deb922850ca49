# Shared by the checks .ci/run runs (check-figures, check-web, check-r, check-python,
# check-bundle): `source scripts/lib/check.sh NAME` (from the repository root) defines
#
#   say TEXT...                  a line "NAME: TEXT"
#   skip REASON...               says "SKIPPED: REASON" and exits 77 (.ci/run: skipped)
#   fail REASON...               says "FAILED: REASON" and exits 1
#   apt_install WHAT LOG PKG...  installs Debian packages PKG (apt-get options may come first),
#                                or skips saying why: WHAT is missing and this is not root with
#                                apt-get, or apt-get failed (the tail of LOG is shown)
#   check_options "$@"           --acss PATH, --keep DIR and --help (see below)
#   release_acss                 the acss to check: $acss if set (--acss), else a release build
#                                of this tree; sets $acss to an absolute path or fails
check_name="$1"
say() { echo "$check_name: $*"; }
skip() { say "SKIPPED: $*"; exit 77; }
fail() { say "FAILED: $*"; exit 1; }

apt_install() {
    local what="$1" log="$2"
    shift 2
    if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
        skip "$what not installed and cannot be installed (needs root and apt-get)"
    fi
    local packages
    packages="$(printf '%s\n' "$@" | grep -v '^-' | paste -sd' ')"
    say "installing $packages"
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") > "$log" 2>&1; then
        tail -5 "$log"
        skip "apt-get could not install $packages (log above)"
    fi
}

release_acss() {
    if [ -z "$acss" ]; then
        nice -n 10 swift build -c release --product acss > /dev/null 2>&1 || fail "swift build -c release"
        acss="$(swift build -c release --show-bin-path)/acss"
    fi
    [ -x "$acss" ] || fail "no executable at $acss"
    acss="$(cd "$(dirname "$acss")" && pwd)/$(basename "$acss")"
}

# check_options "$@": reads --acss PATH and --keep DIR (into `acss` and `keep`, empty when not
# given); --help prints the script's opening comment; anything else is a usage error (exit 2).
check_options() {
    acss=""
    keep=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --acss) acss="$2"; shift ;;
            --keep) keep="$2"; shift ;;
            -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
            *) echo "$check_name.sh: unknown argument '$1'" >&2; exit 2 ;;
        esac
        shift
    done
}
