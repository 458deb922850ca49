"""The tests need the acss program (ACSS_BINARY; scripts/check-python.sh sets it).

Tests marked needs_normalized / needs_block_entropy use flags of `acss bdm` that a newer acss
adds; they are skipped, with that reason, only when `acss bdm --help` does not list the flag.
"""
import pytest

import acss_swift
from acss_swift.bdm import program_has


def pytest_collection_modifyitems(config, items):
    try:
        acss_swift.acss_binary()
    except acss_swift.AcssError as error:
        skip = pytest.mark.skip(reason=str(error))
        for item in items:
            item.add_marker(skip)
        return
    for marker, flag in (("needs_normalized", "--normalized"), ("needs_block_entropy", "--block-entropy")):
        if not program_has(flag):
            skip = pytest.mark.skip(reason=f"`acss bdm --help` has no {flag} (needs the acss that adds it)")
            for item in items:
                if marker in item.keywords:
                    item.add_marker(skip)
