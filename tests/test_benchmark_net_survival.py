"""The net-survival benchmark's data and report (the timed runs themselves are not tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks.net_survival import report, synthetic


def test_synthetic_people_are_seeded_and_in_relsurvs_units():
    a, b = synthetic(500), synthetic(500)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == ["age", "sex", "diag", "time", "stat"]
    assert a.age.between(40 * 365.241 - 1, 95 * 365.241 + 1).all() and set(a.sex) <= {1, 2}
    end = (np.datetime64("2014-12-31") - a.diag.to_numpy().astype("datetime64[D]")).astype(float)
    assert (a.time >= 1).all() and (a.time <= np.maximum(1, np.ceil(end))).all()
    assert (a.time == np.round(a.time)).all() and set(a.stat) == {0, 1}


def test_report_says_whether_r_ran_and_marks_extrapolation():
    py = {"seconds": 0.5, "peak_mb": 20.0, "five": 0.5}
    r = {"seconds": 10.0, "peak_mb": float("nan"), "five": float("nan")}
    text = report([("synthetic", 1_000_000, "pohar-perme", py, r, " (R extrapolated x50)")], True)
    assert "R (relsurv::rs.surv, same machine): run." in text
    assert (
        "| synthetic (R extrapolated x50) | 1,000,000 | pohar-perme | 0.50 | 20 | 10.00 | - | 20x |" in text
    )
    assert "not run" in report([("colon", 10, "ederer1", py, None, "")], False)
