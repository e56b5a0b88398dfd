"""Cause-specific survival on the Finnish sets against R survival's survfit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from net_data import fixture
from shared_data import shared_file

from survival.errors import SurvivalDataError
from survival.estimate.cause_specific import EXPLANATION, cause_specific_survival


@pytest.mark.parametrize("data, folder", [("colon", "finland-colon"), ("melanoma", "finland-melanoma")])
def test_matches_survfit_with_cancer_deaths_as_the_event(data, folder):
    frame = pd.read_csv(shared_file(folder, f"{data}.csv"))
    result = cause_specific_survival(frame, time="surv_mm", status="status", time_unit="months", by=["stage"])
    ref = fixture("net_cause_specific.csv")
    ref = ref[ref.data == data]
    for stage, rows in ref.groupby("stage"):
        curve = result.curve(stage)
        months = rows.months.to_numpy()
        low, high = curve.ci_at(months)
        got = np.c_[curve.at(months), curve.se_at(months), low, high]
        want = rows[["estimate", "std_err", "lower95", "upper95"]].to_numpy()
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    assert result.time_unit == "months" and result.group_columns == ("stage",)


def test_errors_and_explanation():
    frame = pd.DataFrame({"t": [1.0, 2.0, 3.0], "status": ["Alive", "Dead: cancer", "Dead: other"]})
    curve = cause_specific_survival(frame, time="t", status="status", time_unit="years").curve()
    assert curve.survival[-1] == pytest.approx(0.5)  # the other death is censored
    with pytest.raises(
        SurvivalDataError, match=r"The status 'Dead' is not one of the known statuses.*row 2, column 'status'"
    ):
        cause_specific_survival(
            frame.assign(status=["Alive", "Dead", "Alive"]), time="t", status="status", time_unit="years"
        )
    with pytest.raises(SurvivalDataError, match=r"follow-up time -1 is not 0 or more.*row 1, column 't'"):
        cause_specific_survival(frame.assign(t=[-1, 2, 3]), time="t", status="status", time_unit="years")
    with pytest.raises(SurvivalDataError, match=r"no column 'time'"):
        cause_specific_survival(frame, time="time", status="status", time_unit="years")
    with pytest.raises(KeyError, match="No group"):
        cause_specific_survival(
            frame.assign(g="a"), time="t", status="status", time_unit="years", by=["g"]
        ).curve("b")
    assert "causes of death" in EXPLANATION and "general population" in EXPLANATION
