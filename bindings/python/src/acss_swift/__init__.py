"""acss_swift: algorithmic complexity of short strings (CTM) and of longer strings and binary
arrays (BDM) from Python, computed by the `acss` program of acss-swift.

The functions carry the names, arguments and defaults of R's acss 0.3-2 (`acss`,
`likelihood_d`, `likelihood_ratio`, `prob_random`, `local_complexity`, `bdm`, `entropy`,
`entropy2`, `change_complexity`, `normalize_string`, `count_class`, `alternations`), plus
`score` (every column of `acss score`); `BDM` follows pybdm's class. Each call runs the program
once on the whole batch. Numbers that are not available (where R's acss gives NA) are NaN;
strings that are not available are None.

Tables: alphabet 2 uses the exhaustive D(5) table, whose K equal acss's K.2; alphabets 4, 5, 6
and 9 use acss-swift's sampled tables (standard error of K in `score(...)["K_se"]`).
"""
import math

from ._run import AcssError, acss_binary, set_binary, run, rows_of, number, sendable
from .bdm import BDM, PartitionIgnore, PartitionRecursive, PartitionCorrelated

__version__ = "0.9.0"
__all__ = ["acss", "likelihood_d", "likelihood_ratio", "prob_random", "local_complexity", "bdm",
           "entropy", "entropy2", "change_complexity", "normalize_string", "count_class",
           "alternations", "score", "BDM", "PartitionIgnore", "PartitionRecursive",
           "PartitionCorrelated", "AcssError", "set_binary", "acss_binary"]

TEXT_COLUMNS = ("string", "pattern", "method", "table", "alphabet_source", "note", "error")


def _strings(string):
    if isinstance(string, str):
        return [string]
    strings = list(string)
    if not all(isinstance(s, str) or s is None for s in strings):
        raise TypeError("string must be a str or a sequence of str")
    if not strings:
        raise ValueError("string must contain at least one string")
    return strings


def _alphabet(alphabet):
    if isinstance(alphabet, bool) or not isinstance(alphabet, (int, float)) or alphabet != int(alphabet) \
            or not 2 <= alphabet <= 9:
        raise ValueError(f"alphabet must be a whole number in 2...9 (acss: 2, 4, 5, 6, 9), not {alphabet!r}")
    return int(alphabet)


def _pandas(as_frame):
    if as_frame is False:
        return None
    try:
        import pandas
    except ImportError:
        if as_frame:
            raise
        return None
    return pandas


def _score(strings, args, columns=None):
    """`acss score ARGS` on the strings (one run): {column: [cell per input string]}.

    Strings the program cannot take (None, empty, a line break) get empty cells and an error.
    """
    ok = [sendable(s) for s in strings]
    wanted = None if columns is None else set(columns) | {"method", "error"}
    sent = [s for s, good in zip(strings, ok) if good]
    answer = run("score", args, sent, columns=wanted) if sent else None
    if answer is not None and len(answer["error"]) != len(sent):
        raise AcssError(f"`acss score` answered {len(answer['error'])} rows for {len(sent)} strings")
    if answer is None:
        answer = {name: [] for name in (wanted or ("string", "method", "error"))}
    if all(ok):
        return answer
    out = {}
    for name, cells in answer.items():
        it = iter(cells)
        out[name] = [next(it) if good else "" for good in ok]
    out["error"] = [e if good else "not a string the acss program takes (None, empty, or a line break)"
                    for e, good in zip(out["error"], ok)]
    return out


def _ctm(columns, column):
    """A CTM column as floats: NaN where the table has no value (acss's NA)."""
    return [number(v) if not e and m == "ctm" else math.nan
            for v, m, e in zip(columns[column], columns["method"], columns["error"])]


def _measure(string, column, args):
    columns = _score(_strings(string), args, [column])
    return [number(v) if not e else math.nan for v, e in zip(columns[column], columns["error"])]


def acss(string, alphabet=9, as_frame=None):
    """K (bits) and D = 2^-K of each string, per alphabet: columns K.<m> then D.<m>.

    `alphabet`: a number 2...9, a list of them, or None for 2, 4, 5, 6, 9. Returns a pandas
    DataFrame indexed by the strings when pandas is installed (as_frame=False: never), else a
    dict of columns ({"string": [...], "K.2": [...], "D.2": [...]}). NaN where acss gives NA.
    """
    strings = _strings(string)
    alphabets = [2, 4, 5, 6, 9] if alphabet is None else \
        [_alphabet(a) for a in (alphabet if isinstance(alphabet, (list, tuple)) else [alphabet])]
    K = {}
    for m in alphabets:
        K[m] = _ctm(_score(strings, ["--alphabet", str(m)], ["K"]), "K")
    columns = {"string": strings}
    for m in alphabets:
        columns[f"K.{m}"] = K[m]
    for m in alphabets:
        columns[f"D.{m}"] = [2.0 ** -k if not math.isnan(k) else math.nan for k in K[m]]
    pandas = _pandas(as_frame)
    if pandas is None:
        return columns
    frame = pandas.DataFrame({k: v for k, v in columns.items() if k != "string"},
                             index=pandas.Index(strings, dtype=object, name="string"))
    return frame




def likelihood_d(string, alphabet=9):
    """Probability of each string given a deterministic (Turing-machine) process (list)."""
    return _ctm(_score(_strings(string), ["--alphabet", str(_alphabet(alphabet))], ["likelihood_d"]), "likelihood_d")


def likelihood_ratio(string, alphabet=9):
    """Likelihood ratio of a random over a deterministic process (list)."""
    return _ctm(_score(_strings(string), ["--alphabet", str(_alphabet(alphabet))], ["likelihood_ratio"]),
                "likelihood_ratio")


def prob_random(string, alphabet=9, prior=0.5):
    """Posterior probability that each string came from a random process (list)."""
    if not 0 < prior < 1:
        raise ValueError(f"prior must be strictly between 0 and 1, not {prior!r}")
    args = ["--alphabet", str(_alphabet(alphabet)), "--prior", repr(float(prior))]
    return _ctm(_score(_strings(string), args, ["prob_random"]), "prob_random")


def local_complexity(string, alphabet=9, span=5):
    """K of every window of `span` characters (step 1): a list per string of (window, K) pairs."""
    strings = _strings(string)
    alphabet = _alphabet(alphabet)
    if not (isinstance(span, int) and 2 <= span <= 12):
        raise ValueError("span needs to be between 2 and 12 (inclusive).")
    if any(s is not None and len(s) < span for s in strings):
        raise ValueError("span needs to be at least as large as the shortest string.")
    windows = [[s[i:i + span] for i in range(len(s) - span + 1)] if s is not None else [] for s in strings]
    flat = [w for ws in windows for w in ws]
    K = _ctm(_score(flat, ["--alphabet", str(alphabet)], ["K"]), "K") if flat else []
    out, at = [], 0
    for ws in windows:
        out.append(list(zip(ws, K[at:at + len(ws)])))
        at += len(ws)
    return out


def bdm(string, blocksize=10, alphabet=9, delta=None):
    """BDM as R's acss 0.3-2 computes it (`acss bdm --flavour acss`): a list of values.

    Blocks of `blocksize` starting every `delta` (default blocksize) symbols, a last shorter
    block when they do not reach the end, BDM = sum over distinct blocks of K + log_m(count).
    For pybdm's standard BDM use the BDM class.
    """
    delta = blocksize if delta is None else delta
    if not 1 <= delta <= blocksize:
        raise ValueError("delta must be between 1 and blocksize")
    strings = _strings(string)
    args = ["--alphabet", str(_alphabet(alphabet)), "--flavour", "acss", "--block-size", str(blocksize),
            "--step", str(delta)]
    ok = [sendable(s) for s in strings]
    sent = [s for s, good in zip(strings, ok) if good]
    answer = run("bdm", args, sent, columns={"BDM", "error"}) if sent else {"BDM": [], "error": []}
    if len(answer["error"]) != len(sent):
        raise AcssError(f"`acss bdm` answered {len(answer['error'])} rows for {len(sent)} strings")
    values = iter(number(v) if not e else math.nan for v, e in zip(answer["BDM"], answer["error"]))
    return [next(values) if good else math.nan for good in ok]


def entropy(string):
    """Shannon entropy of the symbol frequencies (bits), per string."""
    return _measure(string, "entropy", [])


def entropy2(string):
    """Shannon entropy of the overlapping pairs of symbols (bits), per string."""
    strings = _strings(string)
    if any(s is not None and len(s) < 2 for s in strings):
        raise ValueError("length of strings need to be > 1.")
    return _measure(strings, "entropy2", [])


def change_complexity(string, reading="acss"):
    """Change complexity per string; reading "acss" (acss 0.3-2's code, the default here as in
    R's acss) or "ag" (Aksentijevic & Gibson's levels, the acss program's default)."""
    strings = _strings(string)
    if any(s is not None and len(s) < 3 for s in strings):
        raise ValueError("length of strings need to be > 2.")
    return _measure(strings, "change_complexity", ["--change-complexity", reading])


def normalize_string(string):
    """Each string relabelled by first appearance of its symbols (HTHHE -> 01002)."""
    return [p or None for p in _score(_strings(string), [], ["pattern"])["pattern"]]


def count_class(string, alphabet):
    """The number of strings over `alphabet` symbols with the same pattern: m!/(m-k)!."""
    out = []
    for pattern in normalize_string(string):
        if pattern is None:
            out.append(math.nan)
            continue
        k = len(set(pattern))
        if k > alphabet:
            raise ValueError("alphabet needs to be larger as the number of elements in each string.")
        out.append(float(math.perm(alphabet, k)))
    return out


def alternations(string, proportion=False):
    """Number of changes of symbol (runs - 1), or their proportion of the length - 1 pairs."""
    return _measure(string, "alternation_rate" if proportion else "alternations", [])


def score(string, alphabet=None, prior=0.5, table=None, strict=False, change_complexity="ag",
          force_z=False, as_frame=None):
    """Every column of `acss score` (K, D, likelihoods, z, percentile, K_se, ...).

    A pandas DataFrame when pandas is installed (text columns as str, `pattern` with its
    leading zeros; empty numbers NaN), else a list of dicts, one per string.
    """
    strings = _strings(string)
    args = ["--change-complexity", change_complexity]
    if alphabet is not None:
        args += ["--alphabet", str(_alphabet(alphabet))]
    if prior != 0.5:
        if not 0 < prior < 1:
            raise ValueError(f"prior must be strictly between 0 and 1, not {prior!r}")
        args += ["--prior", repr(float(prior))]
    if table:
        args += ["--table", table]
    if strict:
        args.append("--strict")
    if force_z:
        args.append("--force-z")
    columns = {}
    for name, cells in _score(strings, args).items():
        columns[name] = [c or None for c in cells] if name in TEXT_COLUMNS else [number(c) for c in cells]
    columns["string"] = list(strings)
    pandas = _pandas(as_frame)
    if pandas is None:
        return rows_of(columns)
    frame = pandas.DataFrame({name: pandas.Series(values, dtype=object if name in TEXT_COLUMNS else float)
                              for name, values in columns.items()})
    return frame
