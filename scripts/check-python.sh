#!/usr/bin/env bash
# Checks the Python package bindings/python (acss_swift):
#   1. a fresh venv under /tmp; pip installs the package (pure Python, from a copy of the
#      folder), pytest, pandas and numpy (the DataFrame and numpy-array tests);
#   2. runs its pytest suite with ACSS_BINARY pointing at the release binary. Tests marked
#      needs_normalized / needs_block_entropy are skipped, with the reason, only when
#      `acss bdm --help` lacks --normalized / --block-entropy.
# Exit status: 0 passed, 1 failed, 77 skipped (no python3 with venv, or pip cannot reach
# PyPI; the reason is printed).
#
#   scripts/check-python.sh [--acss PATH] [--keep DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/check.sh check-python
check_options "$@"

command -v python3 > /dev/null || skip "python3 is not installed"
release_acss

work="${keep:-$(mktemp -d /tmp/acss-python.XXXXXX)}"
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv" > "$work/venv.log" 2>&1 || { cat "$work/venv.log"; skip "python3 cannot create a venv (python3-venv missing?)"; }
pip=("$work/venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install -q pytest pandas numpy > "$work/pip.log" 2>&1 || { tail -5 "$work/pip.log"; skip "pip could not install pytest, pandas and numpy (PyPI unreachable?)"; }
cp -r bindings/python "$work/src"
"${pip[@]}" install -q "$work/src" >> "$work/pip.log" 2>&1 || { tail -20 "$work/pip.log"; fail "pip install bindings/python"; }
say "installed acss_swift in $work/venv; pytest with ACSS_BINARY=$acss"
cd "$work/src/tests"
ACSS_BINARY="$acss" "$work/venv/bin/python" -m pytest -q -rs -p no:cacheprovider || fail "pytest"
say "passed"
