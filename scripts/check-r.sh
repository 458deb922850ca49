#!/usr/bin/env bash
# Checks the R package bindings/R/acss.swift:
#   1. installs Debian's r-base-core and r-cran-testthat if R or testthat is missing (needs
#      root and apt-get; testthat from CRAN only if Debian has none and CRAN answers);
#   2. `R CMD build` and `R CMD check --no-manual` with ACSS_BINARY pointing at the release
#      binary: the package's examples, and its tests (acss 0.3-2's own published
#      expectations, tests/testthat), through the acss program.
# Exit status: 0 passed, 1 failed, 77 skipped (R cannot be installed here; the reason is
# printed).
#
#   scripts/check-r.sh [--acss PATH] [--keep DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/check.sh check-r
check_options "$@"

has_testthat() { Rscript -e 'quit(status = !requireNamespace("testthat", quietly = TRUE))' > /dev/null 2>&1; }
if ! command -v Rscript > /dev/null || ! has_testthat; then
    apt_install "R (with testthat) is" /tmp/acss-r-apt.log --no-install-recommends r-base-core
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends r-cran-testthat >> /tmp/acss-r-apt.log 2>&1; then
        say "Debian has no r-cran-testthat here; trying CRAN"
        Rscript -e 'install.packages("testthat", repos = "https://cloud.r-project.org")' > /tmp/acss-r-cran.log 2>&1 || true
    fi
    command -v Rscript > /dev/null || skip "r-base-core was installed but Rscript is not on PATH"
    has_testthat || skip "testthat could be installed neither from Debian nor from CRAN"
fi

release_acss

work="${keep:-$(mktemp -d /tmp/acss-r.XXXXXX)}"
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
cp -r bindings/R/acss.swift "$work/"
cd "$work"
export ACSS_BINARY="$acss" _R_CHECK_FORCE_SUGGESTS_=false LANG=C.UTF-8
R CMD build --no-build-vignettes acss.swift > build.log 2>&1 || { cat build.log; fail "R CMD build"; }
tarball="$(ls acss.swift_*.tar.gz)"
say "built $tarball; R CMD check --no-manual (ACSS_BINARY=$acss)"
if ! R CMD check --no-manual "$tarball" > check.log 2>&1; then
    cat check.log
    for f in acss.swift.Rcheck/tests/testthat.Rout.fail acss.swift.Rcheck/00install.out; do
        [ -f "$f" ] && { echo "--- $f"; tail -60 "$f"; }
    done
    fail "R CMD check"
fi
grep -E "^Status:|WARNING|NOTE" check.log | sed 's/^/    /'
grep -q "^Status: OK" check.log || grep -q "^Status: .*NOTE" check.log || { cat check.log; fail "R CMD check reported warnings"; }
if [ -f acss.swift.Rcheck/tests/testthat.Rout ]; then
    grep -E "\[ FAIL|OK:|Failed|PASS" acss.swift.Rcheck/tests/testthat.Rout | tail -3 | sed 's/^/    /'
fi
say "passed"
