"""The log-rank-type comparison of net survival against relsurv's rs.diff, and its properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from net_data import colon, colrec, fixture, popmort, slopop

from survival.errors import SurvivalDataError
from survival.estimate.net_records import NetRecords
from survival.estimate.net_test import net_survival_test
from survival.population import population_table_from_frame

# relsurv orders groups as strata() of its model matrix orders them and leaves out the last:
# colrec's numeric stage 1, 2, 3 (99 left out); colon's Distant, Unknown, Regional (Localised).
REPORTED = {
    ("colrec", "stage"): ["1", "2", "3"],
    ("colrec", "site"): ["colon"],
    ("colon", "stage"): ["Distant", "Unknown", "Regional"],
}


@pytest.mark.parametrize("data, by", [("colrec", "stage"), ("colrec", "site"), ("colon", "stage")])
def test_matches_rs_diff(data, by):
    ref = fixture("net_rs_diff.csv")
    row = ref[(ref.data == data) & (ref.by == by)].iloc[0]
    records, table = (colrec(), slopop()) if data == "colrec" else (colon(), popmort())
    result = net_survival_test(records, table, by=[by])
    assert result.statistic == pytest.approx(row.statistic, rel=1e-10)
    assert result.df == row.df
    assert result.p_value == pytest.approx(row.p_value, abs=1e-12)
    z = [result.excess[result.groups.index((g,))] for g in REPORTED[(data, by)]]
    np.testing.assert_allclose(z, [float(v) for v in row.zh.split(";")], rtol=1e-10)
    assert result.excess.sum() == pytest.approx(0, abs=1e-8)  # shares of the total add up


def test_identical_groups_give_no_difference():
    rows = [(s, a, y) for s in ("male", "female") for a in (0, 50) for y in (1960, 2000)]
    frame = pd.DataFrame(rows, columns=["sex", "age", "year"]).assign(hazard_per_day=2e-4)
    table = population_table_from_frame(frame, unit="hazard_per_day", days_per_year=365.25, last_year=2020)
    time = np.array([3.0, 10, 10, 40, 55, 70] * 2)
    status = np.array([1, 1, 0, 1, 0, 1] * 2)
    n = len(time)
    records = NetRecords(
        time,
        status,
        np.full(n, 60 * 365.25),
        np.zeros(n, dtype=np.int8),
        np.full(n, 1e4),
        pd.DataFrame({"arm": ["a"] * 6 + ["b"] * 6}),
        365.25,
        np.arange(1, n + 1),
    )
    result = net_survival_test(records, table, by=["arm"])
    assert result.statistic == pytest.approx(0, abs=1e-20) and result.p_value == pytest.approx(1)
    with pytest.raises(SurvivalDataError, match=r"only one group in arm.*at least two groups"):
        net_survival_test(records.subset(records.groups.arm == "a"), table, by=["arm"])
