"""A pybdm-style BDM class over `acss bdm` (the standard BDM of Zenil et al. 2018).

    from acss_swift import BDM          # instead of: from pybdm import BDM
    bdm = BDM(ndim=2)
    bdm.bdm(X); bdm.nbdm(X); bdm.ent(X)

`BDM(ndim, nsymbols=2, shape=None, partition=PartitionIgnore, **kwds)` and
`bdm(X, normalized=False, check_data=True)`, `nbdm(X)`, `ent(X, normalized=False, rv=False,
check_data=True)`, `nent(X)` follow pybdm's signatures. X is a numpy array or nested lists of
integers 0...nsymbols-1 (1-D: a sequence; 2-D: binary rows). Each call is one run of
`acss bdm` (`--flavour standard` for 1-D, `--2d` for 2-D):

- bdm: the `BDM` column (log2 of the multiplicities, as pybdm).
- nbdm / bdm(normalized=True): the `nbdm` column of `acss bdm --normalized`.
- ent / nent: the `block_entropy` / `block_entropy_normalized` columns of
  `acss bdm --block-entropy` (their definitions: `acss bdm --help`).

Tables: 1-D with 2 symbols the exhaustive D(5) (pybdm: the same ACSS table), 4, 5, 6, 9 symbols
acss-swift's sampled tables; 2-D the exact (5,2) table G5-T2000 of 2-D machines (pybdm: a
sample of the same space), `table="G4-T2000"` for the 4-state one.
"""
import math

from ._run import AcssError, run, number, help_text

__all__ = ["BDM", "PartitionIgnore", "PartitionRecursive", "PartitionCorrelated"]


class _Partition:
    name = None

    def __init__(self, shape=None, **kwds):
        self.shape = shape
        self.kwds = kwds


class PartitionIgnore(_Partition):
    """Blocks tiled from the start; leftovers shorter than a block are dropped."""
    name = "ignore"


class PartitionRecursive(_Partition):
    """Leftovers re-tiled with smaller blocks, down to `min_length` (default 2)."""
    name = "recursive"


class PartitionCorrelated(_Partition):
    """A block-sized window sliding by `shift` (default 1)."""
    name = "correlated"


_PARTITIONS = {p.name: p for p in (PartitionIgnore, PartitionRecursive, PartitionCorrelated)}


def _tolist(X):
    return X.tolist() if hasattr(X, "tolist") else X


class BDM:
    """Block Decomposition Method with pybdm's interface, computed by the acss program."""

    def __init__(self, ndim, nsymbols=2, shape=None, partition=PartitionIgnore, ctmname=None,
                 warn_if_missing_ctm=True, raise_if_zero=True, table=None, **kwds):
        """pybdm's arguments; `ctmname` (pybdm's table names) is not used: `table` names an
        acss table (e.g. "G4-T2000"), default the acss program's. `warn_if_missing_ctm` is
        accepted (a block without a value is an error of the acss program)."""
        if ndim not in (1, 2):
            raise ValueError(f"ndim must be 1 or 2, not {ndim!r}")
        if ndim == 2 and nsymbols != 2:
            raise ValueError("2-D BDM needs binary arrays (nsymbols=2)")
        if not (isinstance(nsymbols, int) and 2 <= nsymbols <= 9):
            raise ValueError(f"nsymbols must be a whole number 2...9, not {nsymbols!r}")
        if isinstance(partition, str):
            if partition not in _PARTITIONS:
                raise ValueError(f"partition must be one of {sorted(_PARTITIONS)}, not {partition!r}")
            partition = _PARTITIONS[partition]
        if isinstance(partition, type) and issubclass(partition, _Partition):
            partition = partition(shape=shape, **kwds)
        if not isinstance(partition, _Partition):
            raise TypeError("partition must be 'ignore', 'recursive', 'correlated' or a Partition class")
        shape = shape or partition.shape or ((12,) if ndim == 1 else (4, 4))
        if len(shape) != ndim or any(side != shape[0] for side in shape):
            raise AttributeError("'shape' has to be equal in each dimension and have ndim axes")
        unknown = set(partition.kwds) - {"min_length", "shift"}
        if unknown:
            raise TypeError(f"unknown partition options: {sorted(unknown)}")
        self.ndim = ndim
        self.nsymbols = nsymbols
        self.shape = tuple(shape)
        self.partition = partition
        self.table = table
        self.raise_if_zero = raise_if_zero

    def __repr__(self):
        return f"<BDM(ndim={self.ndim}, nsymbols={self.nsymbols}) with {type(self.partition).__name__}(shape={self.shape})>"

    # --- the command line of one array ------------------------------------------------------

    def _args(self):
        block = str(self.shape[0])
        kwds = self.partition.kwds
        if self.ndim == 1:
            args = ["--alphabet", str(self.nsymbols), "--flavour", "standard", "--block-size", block]
            if self.partition.name == "correlated":
                args += ["--step", str(kwds.get("shift", 1)), "--boundary", "ignore"]
            else:
                if kwds.get("min_length", 2) != 2:
                    raise ValueError("1-D recursive partition: only min_length=2 (a tail of 2 or more symbols is one block)")
                args += ["--boundary", self.partition.name]
        else:
            args = ["--2d", "--block-size", block, "--boundary", self.partition.name]
            if self.partition.name == "correlated":
                args += ["--shift", str(kwds.get("shift", 1))]
            if self.partition.name == "recursive":
                args += ["--min-length", str(kwds.get("min_length", 2))]
        if self.table:
            args += ["--table", self.table]
        return args

    def check_data(self, X):
        """Symbols must be integers 0...nsymbols-1, with ndim axes (pybdm's check)."""
        data = _tolist(X)
        rows = [data] if self.ndim == 1 else data
        if self.ndim == 2 and (not rows or not all(isinstance(r, (list, tuple)) for r in rows)):
            raise ValueError("X must be a 2-D array (rows of cells)")
        for row in rows:
            for cell in row:
                if isinstance(cell, bool) or not isinstance(cell, int):
                    raise TypeError("'X' has to be an integer array")
                if not 0 <= cell < self.nsymbols:
                    raise ValueError(f"'X' has symbols outside 0...{self.nsymbols - 1}: {cell}")

    def _input(self, X):
        data = _tolist(X)
        if self.ndim == 1:
            return "".join(str(int(c)) for c in data) + "\n"
        return "".join(",".join(str(int(c)) for c in row) + "\n" for row in data)

    def _run(self, X, check_data, extra):
        if check_data:
            self.check_data(X)
        args = self._args() + extra
        columns = run("bdm", args, stdin_text=self._input(X))
        if len(columns.get("error", ())) != 1:
            raise AcssError(f"`acss bdm` answered {len(columns.get('error', ()))} rows for one array")
        row = {name: cells[0] for name, cells in columns.items()}
        if row.get("error"):
            raise ValueError(f"acss bdm: {row['error']}")
        return row

    @staticmethod
    def _column(row, column, flag):
        if column not in row:
            raise AcssError(f"this acss program has no '{column}' column: it needs `acss bdm {flag}` "
                            "(a newer acss)")
        return number(row[column])

    # --- pybdm's methods ----------------------------------------------------------------------

    def bdm(self, X, normalized=False, check_data=True):
        """BDM of X (bits); normalized=True: the nbdm of `acss bdm --normalized`."""
        if normalized:
            return self._column(self._run(X, check_data, ["--normalized"]), "nbdm", "--normalized")
        value = self._column(self._run(X, check_data, []), "BDM", "")
        if self.raise_if_zero and value == 0:
            raise ValueError("Computed BDM is 0, dataset may have incorrect dimensions")
        return value

    def nbdm(self, X, **kwds):
        """Normalized BDM (pybdm's alias of bdm(X, normalized=True))."""
        return self.bdm(X, normalized=True, **kwds)

    def ent(self, X, normalized=False, rv=False, check_data=True):
        """Block entropy of X: `acss bdm --block-entropy`'s block_entropy (normalized:
        block_entropy_normalized). rv is accepted for pybdm compatibility; the value is the
        program's (see `acss bdm --help`)."""
        # 2-D BDM has always written block_entropy; the flag adds it to 1-D and the normalized one
        needs_flag = normalized or self.ndim == 1
        row = self._run(X, check_data, ["--block-entropy"] if needs_flag else [])
        if normalized:
            return self._column(row, "block_entropy_normalized", "--block-entropy")
        return self._column(row, "block_entropy", "--block-entropy")

    def nent(self, X, **kwds):
        """Normalized block entropy (pybdm's alias of ent(X, normalized=True))."""
        return self.ent(X, normalized=True, **kwds)


def program_has(flag, command="bdm"):
    """Whether `acss COMMAND --help` lists FLAG (the tests' feature check)."""
    return flag in help_text(command)
