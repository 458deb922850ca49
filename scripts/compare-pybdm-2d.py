#!/usr/bin/env python3
"""Compares this project's exact 2-D table with the sampled one pybdm ships (ctm-b2-d4x4).

pybdm's 2-D table (also the online calculator's) is a uniform sample of 1.291e12 machines of
the (5,2) 2-D space (docs/formalism.md section 7); ours is the exact enumeration of all
1.7e16. For every square shape 1x1..4x4, this script scores every array pybdm lists with
`acss score --2d` and prints the number compared, the mean and largest |K difference|, and
the arrays our table has that pybdm lacks. Nothing of pybdm's is stored in this repository:
its table is read from a pybdm installation at run time (a fresh virtual environment from
PyPI unless PYBDM_PYTHON names a Python with pybdm installed).

  scripts/compare-pybdm-2d.py [--acss PATH] [--table G5-T2000]
"""
import argparse, csv, gzip, io, os, pickle, subprocess, sys, tempfile, venv

def pybdm_table(python):
    code = ("import os, pybdm; print(os.path.join(os.path.dirname(pybdm.__file__), 'ctmdata', 'ctm-b2-d4x4.pkl.gz'))")
    path = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    with gzip.open(path) as f:
        return pickle.load(f)

def python_with_pybdm():
    if os.environ.get("PYBDM_PYTHON"):
        return os.environ["PYBDM_PYTHON"]
    env = os.path.join(tempfile.gettempdir(), "acss-pybdm-venv")
    python = os.path.join(env, "bin", "python")
    if not os.path.exists(python):
        venv.create(env, with_pip=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "pybdm"], check=True)
    return python

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--acss", default=".build/release/acss")
    ap.add_argument("--table", default="G5-T2000")
    args = ap.parse_args()
    theirs = pybdm_table(python_with_pybdm())
    print(f"| shape | arrays compared | mean abs dK | max abs dK (array) | missing from {args.table} |")
    print("|---|---|---|---|---|")
    for (rows, cols), entries in sorted(theirs.items()):
        arrays = ["/".join(s[r * cols:(r + 1) * cols] for r in range(rows)) for s in entries]
        out = subprocess.run([args.acss, "score", "--2d", "--table", args.table, "--format", "csv", "-"],
                             input="\n".join(arrays) + "\n", capture_output=True, text=True)
        ours = {row["string"]: row for row in csv.DictReader(io.StringIO(out.stdout))}
        diffs, missing = [], 0
        for s, a in zip(entries, arrays):
            row = ours.get(a)
            if row is None or row["K"] == "":
                missing += 1
                continue
            diffs.append((abs(float(row["K"]) - entries[s]), a))
        if not diffs:
            print(f"| {rows}x{cols} | 0 | - | - | {missing} |")
            continue
        worst = max(diffs)
        print(f"| {rows}x{cols} | {len(diffs)} | {sum(d for d, _ in diffs) / len(diffs):.2e} | {worst[0]:.3g} ({worst[1]}) | {missing} |")

if __name__ == "__main__":
    sys.exit(main())
