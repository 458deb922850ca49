"""acss 0.3-2's published values (its help examples and tests; docs/formalism.md §3, §5):
the binary ones, from the exhaustive D(5) table whose K are acss's K.2, to the printed digits."""
import math

import pytest

import acss_swift as acss


def test_acss_binary_published_values():
    res = acss.acss(["HEHHEE", "GHHGGHGHH", "HSHSHHSHSS"], alphabet=2, as_frame=False)
    assert res["string"] == ["HEHHEE", "GHHGGHGHH", "HSHSHHSHSS"]
    assert [round(k, 5) for k in res["K.2"]] == [14.96921, 25.60208, 26.90906]
    assert [float(f"{d:.7g}") for d in res["D.2"]] == [3.117581e-05, 1.963387e-08, 7.935321e-09]


def test_acss_test_matrix_K2_and_NA():
    res = acss.acss(["01011100", "00030101"], alphabet=[2, 4], as_frame=False)
    assert list(res) == ["string", "K.2", "K.4", "D.2", "D.4"]
    assert res["K.2"][0] == pytest.approx(22.0030069458495, rel=1e-13)
    assert math.isnan(res["K.2"][1])  # four symbols, alphabet 2: NA in acss
    assert res["D.2"][0] == pytest.approx(2.37922171238823e-07, rel=1e-12)


def test_na_cases():
    res = acss.acss(["0101010101010", "000110100111", "0123"], alphabet=2, as_frame=False)
    assert all(math.isnan(k) for k in res["K.2"])
    mixed = acss.acss(["01011100", None, "", "01011100"], alphabet=2, as_frame=False)
    assert mixed["K.2"][0] == mixed["K.2"][3] == pytest.approx(22.0030069458495, rel=1e-13)
    assert math.isnan(mixed["K.2"][1]) and math.isnan(mixed["K.2"][2])


def test_likelihoods_and_prob_random_published():
    s = ["HTHTHTHT", "HTHHTHTT"]
    assert [round(v, 9) for v in acss.likelihood_d(s, alphabet=2)] == [0.010366951, 0.003102718]
    assert [round(v, 7) for v in acss.likelihood_ratio(s, alphabet=2)] == [0.3767983, 1.2589769]
    assert [round(v, 7) for v in acss.prob_random(s, alphabet=2)] == [0.2736772, 0.5573217]
    with pytest.raises(ValueError):
        acss.prob_random(s, alphabet=2, prior=1.5)


def test_local_complexity_binary():
    res = acss.local_complexity(["0101110000", "0101110000"], alphabet=2, span=8)
    assert res[0] == res[1]
    window, k = res[0][0]
    assert window == "01011100" and k == pytest.approx(22.0030069458495, rel=1e-13)
    assert [w for w, _ in res[0]] == ["01011100", "10111000", "01110000"]
    with pytest.raises(ValueError):
        acss.local_complexity("0101", span=5)


def test_bdm_acss_flavour_published():
    # acss's ?bdm: "binary bdm should give 57.5664"; docs/formalism.md §5: 57.56642
    assert round(acss.bdm("010101010101010101", blocksize=12, alphabet=2, delta=1)[0], 5) == 57.56642
    # two copies of one block: K + log2(2)
    assert acss.bdm("0101110001011100", blocksize=8, alphabet=2)[0] == pytest.approx(22.0030069458495 + 1, rel=1e-13)


def test_string_measures():
    assert round(acss.entropy("010011010001")[0], 7) == 0.9798688
    assert round(acss.entropy2("010011010001")[0], 6) == 1.867634
    assert acss.entropy(["010101010101", "0000000000"]) == [1.0, 0.0]
    assert acss.alternations("0010233") == [4.0]
    assert acss.alternations("0010233", proportion=True)[0] == pytest.approx(4 / 6)
    assert acss.normalize_string(["HUHHEGGTE", "EGGHHU", "0010"]) == ["010023342", "011223", "0010"]
    assert acss.count_class(["HUHHEGGTE", "EGGHHU"], 6) == [720.0, 360.0]
    assert acss.change_complexity("00000000") == [0.0]
    with pytest.raises(ValueError):
        acss.entropy2("0")


def test_score_rows_keep_strings():
    rows = acss.score(["0010", "HTHHTHTT", "0101010101010101"], alphabet=2, as_frame=False)
    assert [r["string"] for r in rows] == ["0010", "HTHHTHTT", "0101010101010101"]
    assert rows[0]["pattern"] == "0010"
    assert round(rows[1]["prob_random"], 7) == 0.5573217
    assert rows[1]["K_se"] == 0.0
    assert rows[2]["method"] == "bdm" and math.isnan(rows[2]["z"])


def test_binary_lookup_order(monkeypatch, tmp_path):
    monkeypatch.setenv("ACSS_BINARY", str(tmp_path / "missing"))
    with pytest.raises(acss.AcssError, match="does not exist"):
        acss.acss("01", alphabet=2)
