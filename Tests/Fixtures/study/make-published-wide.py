#!/usr/bin/env python3
"""Writes published-wide-synthetic.txt: a small, made-up file in the layout of the public
lifespan data of Gauvrit et al. (2017) (R's write.table: row names, space-separated, quoted
strings, NA), whose toss.K scores are computed here, from data/D5-T500.tsv alone, with the
published convention: z = (K - mean)/sd, mean and R's sd() (n - 1) of K over the 2,047
binary patterns of length 12 that D(5) lists, and K = 40 for 000110100111, which it lacks.
Nothing of acss is used, so the study pipeline can be tested against it.

    python3 Tests/Fixtures/study/make-published-wide.py > Tests/Fixtures/study/published-wide-synthetic.txt
"""
import math, os, statistics

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
counts, halting = {}, None
with open(os.path.join(root, "data", "D5-T500.tsv")) as f:
    for line in f:
        if line.startswith("# halting:"):
            halting = int(line.split(":")[1])
        elif not line.startswith("#"):
            s, c = line.split("\t")
            counts[s] = int(c)

def k(s):
    """K = -log2 D, D(s) = (c0(s) + c0(~s)) / (2H); None when neither is listed."""
    c = counts.get(s, 0) + counts.get(s.translate(str.maketrans("01", "10")), 0)
    return None if c == 0 else -math.log2(c / (2 * halting))

patterns = [k("0" + format(i, "011b")) for i in range(2048)]
patterns = [x for x in patterns if x is not None]
assert len(patterns) == 2047
mean, sd = statistics.fmean(patterns), statistics.stdev(patterns)

def z(s):
    K = k(s) if s[0] == "0" else k(s.translate(str.maketrans("01", "10")))
    return ((40.0 if K is None else K) - mean) / sd

# row name, sex, age, field, language, education, paranormal, toss, guess (or None), RT
rows = [
    ("1", "F", 23, "science", "fr", 3, 4, "000000000000", None, 61.5),
    ("2", "M", 41, "arts", "de", 2, 2, "010011010001", None, 75.0),
    ("3", "F", 8, "NA", "fr", 1, 6, "000110100111", None, 90.25),
    ("4", "M", 67, "science", "en", 3, 3, "111001011000", None, 58.0),
    ("5", "F", 15, "arts", "fr", 1, 5, "010101010101", None, 44.5),
    ("6", "M", 33, "science", "de", 2, 1, "001101110010", "1234512345", 80.0),
    ("7", "F", 52, "arts", "en", 3, 7, "110100101101", None, 66.75),
    ("8", "M", 29, "science", "fr", 2, 4, None, None, 30.0),
]
cols = ["sex", "age", "field", "language", "education", "paranormal", "toss.K", "toss.RT", "grid.K", "grid.RT",
        "guess.K", "guess.RT", "roll.K", "roll.RT", "spot.K", "spot.RT", "K", "toss", "guess", "roll", "spot", "grid", "RT"]
q = lambda s: '"%s"' % s
print(" ".join(q(c) for c in cols))
for name, sex, age, field, lang, edu, para, toss, guess, rt in rows:
    tz = repr(z(toss)) if toss else "NA"
    f = [q(name), q(sex), str(age), "NA" if field == "NA" else q(field), q(lang), str(edu), str(para),
         tz, "12.5" if toss else "NA", "NA", "NA", "NA", "9.5" if guess else "NA", "NA", "NA", "NA", "NA",
         tz, q(toss) if toss else "NA", q(guess) if guess else "NA", "NA", "NA", "NA", repr(rt)]
    print(" ".join(f))
