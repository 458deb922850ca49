"""How the package talks to the acss program.

Every function call is ONE run of the program on one batch: the strings go to its standard
input, one per line, and the answer comes back as TSV whose every cell is read as a string
(so "0010" stays "0010"). Nothing here computes a measure: the numbers are the program's.
"""
import math
import os
import shutil
import subprocess

__all__ = ["AcssError", "set_binary", "acss_binary"]

_binary = None


class AcssError(RuntimeError):
    """The acss program could not be found or run, or refused the arguments."""


def set_binary(path):
    """Use the acss program at `path` (None: back to ACSS_BINARY, then PATH)."""
    global _binary
    _binary = None if path is None else os.fspath(path)


def acss_binary():
    """The program: set_binary(), else the environment variable ACSS_BINARY, else `acss` on PATH.

    A place that is given but holds no program is an error, not a reason to look further.
    """
    for source, path in (("set_binary()", _binary), ("ACSS_BINARY", os.environ.get("ACSS_BINARY"))):
        if path:
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise AcssError(f"the acss program given by {source} ('{path}') does not exist or is not executable")
            return os.path.abspath(path)
    found = shutil.which("acss")
    if found:
        return found
    raise AcssError(
        "the acss program was not found: call acss_swift.set_binary('/path/to/acss'), set the "
        "environment variable ACSS_BINARY, or put acss on PATH (the release bundle "
        "acss-<version>-linux-<arch>.tar.gz has it in bin/)")


def run(command, args, lines=None, stdin_text=None, columns=None):
    """Runs `acss COMMAND ARGS --format tsv --quiet -` with `lines` on standard input.

    Returns the answer by column: {name: [cell, ...]} (cells are str), only the `columns`
    asked for (all when None). Exit status 1 (some rows failed) is normal: those rows carry
    their message in the `error` column.
    """
    text = stdin_text if stdin_text is not None else "".join(line + "\n" for line in lines)
    argv = [acss_binary(), command, *args, "--format", "tsv", "--quiet", "-"]
    done = subprocess.run(argv, input=text.encode("utf-8"), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if done.returncode not in (0, 1):
        message = done.stderr.decode("utf-8", "replace").strip()
        raise AcssError(f"`acss {command}` failed (exit status {done.returncode})" + (f": {message}" if message else ""))
    header, _, body = done.stdout.decode("utf-8").partition("\n")
    if not header:
        raise AcssError(f"`acss {command}` wrote no header")
    names = header.split("\t")
    if body.endswith("\n"):
        body = body[:-1]
    # One split of the whole body (a tab never occurs inside a TSV cell: the program writes it
    # as a space), then every column is a stride: 4x faster than splitting line by line.
    cells = body.replace("\n", "\t").split("\t") if body else []
    if len(cells) % len(names):
        raise AcssError(f"`acss {command}` wrote rows of different lengths")
    wanted = names if columns is None else [c for c in names if c in columns]
    return {name: cells[names.index(name)::len(names)] for name in wanted}


def rows_of(columns):
    """{name: [cells]} as a list of row dicts."""
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


def help_text(command):
    """`acss COMMAND --help` (for feature checks)."""
    done = subprocess.run([acss_binary(), command, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    return done.stdout.decode("utf-8", "replace")


def number(cell):
    """A numeric cell: empty is NaN."""
    return float(cell) if cell not in (None, "") else math.nan


def sendable(string):
    return isinstance(string, str) and string != "" and "\n" not in string and "\r" not in string
