"""The pybdm-style BDM class: values from closed forms of the BDM formula and published K."""
import math

import pytest

from acss_swift import BDM, PartitionCorrelated, PartitionRecursive

K_01011100 = 22.0030069458495       # acss 0.3-2's K.2 (its testthat), D(5)
K_0 = 2.5142767361233522            # docs/formalism.md §3: K(0) under D(5)
K_00 = 3.3274392037713696           # K(00) = K(01)


def test_1d_standard_bdm_closed_form():
    bdm = BDM(ndim=1, shape=(8,))
    # one block: BDM = K; the same block twice: K + log2(2)
    assert bdm.bdm([0, 1, 0, 1, 1, 1, 0, 0]) == pytest.approx(K_01011100, rel=1e-13)
    assert bdm.bdm([0, 1, 0, 1, 1, 1, 0, 0] * 2) == pytest.approx(K_01011100 + 1, rel=1e-13)
    # ignore (pybdm's default) drops a shorter tail
    assert bdm.bdm([0, 1, 0, 1, 1, 1, 0, 0, 1, 1]) == pytest.approx(K_01011100, rel=1e-13)


def test_1d_recursive_and_correlated():
    rec = BDM(ndim=1, shape=(8,), partition=PartitionRecursive)
    # the tail 11 is one more block: K(01011100) + K(11) (= K(00), by symmetry)
    assert rec.bdm([0, 1, 0, 1, 1, 1, 0, 0, 1, 1]) == pytest.approx(K_01011100 + K_00, rel=1e-13)
    corr = BDM(ndim=1, shape=(2,), partition=PartitionCorrelated, shift=1)
    # 000: windows 00, 00 -> K(00) + log2(2)
    assert corr.bdm([0, 0, 0]) == pytest.approx(K_00 + 1, rel=1e-13)


def test_2d_matches_the_command():
    bdm = BDM(ndim=2, shape=(2, 2))
    ones = [[1, 1, 1, 1]] * 4
    one_block = bdm.bdm([[1, 1], [1, 1]])
    # four copies of the same block: K + log2(4)
    assert bdm.bdm(ones) == pytest.approx(one_block + 2, rel=1e-13)


def test_2d_ent_of_one_repeated_block_is_zero():
    bdm = BDM(ndim=2, shape=(2, 2))
    assert bdm.ent([[1, 1, 1, 1]] * 4) == 0
    assert bdm.ent([[1, 0, 1, 1], [0, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]) > 0


def test_check_data():
    bdm = BDM(ndim=1)
    with pytest.raises(ValueError):
        bdm.bdm([0, 2, 1] * 8)
    with pytest.raises(TypeError):
        bdm.bdm([0.5] * 12)
    with pytest.raises(ValueError):
        BDM(ndim=3)


def test_numpy_arrays():
    numpy = pytest.importorskip("numpy")
    bdm = BDM(ndim=1, shape=(8,))
    assert bdm.bdm(numpy.array([0, 1, 0, 1, 1, 1, 0, 0])) == pytest.approx(K_01011100, rel=1e-13)


@pytest.mark.needs_normalized
def test_nbdm_in_unit_interval():
    bdm = BDM(ndim=1)
    constant = bdm.nbdm([0] * 24)
    mixed = bdm.nbdm([0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0] * 2)
    assert 0 <= constant <= mixed <= 1
    assert bdm.bdm([0] * 24, normalized=True) == constant


@pytest.mark.needs_block_entropy
def test_ent_of_repeated_block_is_zero():
    bdm = BDM(ndim=1, shape=(12,))
    # one distinct block: the block distribution has no uncertainty
    assert bdm.ent([0, 1] * 12) == 0
    assert bdm.ent([0] * 12 + [1] * 12) > 0
    assert 0 <= bdm.nent([0] * 12 + [1] * 12) <= 1
