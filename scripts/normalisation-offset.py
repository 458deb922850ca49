#!/usr/bin/env python3
"""How much of the halting mass a table that kept only some patterns would miss.

ACSS's (4,m) tables differ from ours by a constant shift of K for their most frequent
patterns (docs/sampled-tables.md). One explanation: ACSS normalised D by the total of the
patterns it kept (length <= 12, seen at least H times in its N samples) instead of by all
halting machines. This script measures, on one of our untrimmed sampled tables (a campaign's
merged table, which lists every pattern up to its keep length and counts longer outputs per
length), the share of the halting total such a table would miss, and the shift of K it implies:
  shift = K_ours - K_ACSS = -log2(1 - missing share).

  scripts/normalisation-offset.py TABLE.tsv N MIN_HITS
  e.g. scripts/normalisation-offset.py campaigns/K6-T2000-full.tsv 1.8e11 10
"""
import math
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, n, min_hits = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    header, rows = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# "):
                key, _, value = line[2:].rstrip("\n").partition(": ")
                header[key] = value
            elif not line.startswith("#"):
                fields = line.rstrip("\n").split("\t")
                rows.append((fields[0], int(fields[1])))
    if "listed_min_hits" in header:
        sys.exit(f"{path} is a trimmed listing: give the untrimmed table (a campaign's merged table)")
    halting = int(header["halting"])
    units = int(header["units_total"])
    share = halting / units
    longer = 0
    if header.get("longer_counts", "none") != "none":
        longer = sum(int(pair.split(":")[1]) for pair in header["longer_counts"].split())
    below = 0
    for pattern, count in rows:
        # Expected hits of the pattern (all its strings) in N uniform samples of the space.
        expected = n * count / units
        if expected < min_hits:
            below += count
    for name, mass in (("outputs longer than the keep length", longer),
                       (f"patterns with fewer than {min_hits:g} expected hits in {n:g} samples", below),
                       ("both", longer + below)):
        missing = mass / halting
        print(f"{name}: {missing:.3e} of H; shift K_ours - K_ACSS = {-math.log2(1 - missing):+.6f} bits")
    print(f"halting share of the space: {share:.6f}")


if __name__ == "__main__":
    main()
