"""With pandas: DataFrames whose string columns stay strings (no lost leading zeros)."""
import pytest

import acss_swift as acss

pandas = pytest.importorskip("pandas")


def test_acss_frame():
    frame = acss.acss(["0010", "01011100"], alphabet=2)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.index) == ["0010", "01011100"]
    assert list(frame.columns) == ["K.2", "D.2"]
    assert frame.loc["01011100", "K.2"] == pytest.approx(22.0030069458495, rel=1e-13)


def test_score_frame_keeps_strings():
    frame = acss.score(["0010", "0001", "HTHHTHTT"], alphabet=2)
    assert list(frame["string"]) == ["0010", "0001", "HTHHTHTT"]
    assert list(frame["pattern"]) == ["0010", "0001", "01001011"]
    assert frame["pattern"].dtype == object
    assert frame["K"].dtype.kind == "f"
    assert round(frame.loc[2, "prob_random"], 7) == 0.5573217
