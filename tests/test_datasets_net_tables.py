"""net_tables: every selection's net survival at whole years equals the estimators run on its records."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from datasets_synthetic import population, records

from survival.datasets.description import UPLOAD, Description, Variable
from survival.datasets.net_tables import NET_COLUMNS, _counts, net_tables, pooling_patterns
from survival.estimate.net_records import net_records_from_frame
from survival.estimate.net_standardise import age_standardised
from survival.estimate.net_survival import relative_survival

STAGE = Variable("stage", "Stage", ("early", "late", "All"), total="All")
SEX = Variable("sex", "Sex", ("f", "m"))
DESCRIPTION = Description(
    id="synthetic",
    title="Synthetic",
    site="x",
    cancer="x",
    sex="both",
    kind=UPLOAD,
    citation="none",
    variables=(STAGE, SEX),
    periods=((1990, 1994), (1995, 1999), (1990, 1999)),
)


@pytest.fixture(scope="module")
def prepared():
    frame = records()
    frame["year"] = frame["diagnosed"].str[:4]
    frame["sexlabel"] = frame["sex"]
    table = population()
    recs = net_records_from_frame(
        frame.rename(columns={"sex": "sexcode"}).assign(sex=frame["sex"]),
        table,
        time="years",
        status="died",
        age="age",
        sex="sexcode",
        diagnosis="diagnosed",
        time_unit="years",
        age_unit="years",
        groups=["stage", "sex", "year"],
    )
    return recs, table, frame


def test_counts_of_each_yearly_interval_by_hand():
    t = np.array([0.2, 0.9, 1.0, 1.5, 2.7, 3.0])
    died = np.array([True, False, True, False, True, False])
    got = _counts(t, died, 3)
    assert got["n_at_risk"].tolist() == [0, 6, 3, 2]
    assert got["n_events"].tolist() == [0, 2, 0, 1]  # a death at exactly 1 year falls in (0, 1]
    assert got["n_censored"].tolist() == [0, 1, 1, 1]


def test_pooling_patterns_follow_the_variables_with_totals():
    assert [tuple(v.name for v in p) for p in pooling_patterns(DESCRIPTION)] == [(), ("stage",)]


def test_every_selection_equals_the_estimators_on_its_records(prepared):
    recs, table, frame = prepared
    net = net_tables(recs, table, DESCRIPTION, years=8, age_variable=None)
    assert list(net.columns) == ["stage", "sex", "period", *NET_COLUMNS]
    assert set(net["period"]) == {"1990-1994", "1995-1999", "1990-1999"}
    assert set(net["measure"]) == {"net", "relative-standardised", "net-standardised"}
    year = frame["year"].astype(int)
    for (stage, sex, period), rows in net[net["measure"] == "net"].groupby(["stage", "sex", "period"]):
        first, last = (int(p) for p in period.split("-"))
        mask = (year.between(first, last) & (frame["sex"] == sex)).to_numpy()
        if stage != "All":
            mask &= (frame["stage"] == stage).to_numpy()
        curve = relative_survival(recs.subset(mask), table, method="pohar-perme").curve()
        times = rows["time"].to_numpy()
        assert times.tolist() == list(range(len(times))) and times[-1] == min(8, np.floor(curve.last_time))
        np.testing.assert_allclose(rows["survival"], curve.at(times), rtol=1e-13)
        np.testing.assert_allclose(rows["ci_low"], curve.ci_at(times)[0], rtol=1e-13)
        assert rows["n_at_risk"].iloc[1] == mask.sum()


def test_standardised_rows_equal_net_standardise(prepared):
    recs, table, frame = prepared
    net = net_tables(recs, table, DESCRIPTION, icss=2, years=8, age_variable=None)
    rows = net[(net["measure"] == "net-standardised") & (net["period"] == "1990-1999") & (net["sex"] == "f")]
    rows = rows[rows["stage"] == "late"]
    mask = ((frame["sex"] == "f") & (frame["stage"] == "late")).to_numpy()
    ref = age_standardised(recs.subset(mask), table, standard=2, times=rows["time"].to_numpy())
    np.testing.assert_allclose(rows["survival"], ref.estimate[0], rtol=1e-13)
    np.testing.assert_allclose(rows["se"], ref.se[0], rtol=1e-13)


def test_cause_specific_rows_need_the_causes_and_age_groups_gate_standardisation(prepared):
    recs, table, frame = prepared
    cancer = (frame["died"] == 1) & (frame["stage"] == "late")
    net = net_tables(recs, table, DESCRIPTION, cancer_death=cancer.to_numpy(), years=5, age_variable="sex")
    assert "cause-specific" in set(net["measure"])
    assert net[net["measure"] == "net-standardised"].empty  # sex has no total: never "all ages"
    empty = net_tables(recs, table, DESCRIPTION, years=5, periods=[(2050, 2054)])
    assert empty.empty and list(empty.columns) == ["stage", "sex", "period", *NET_COLUMNS]
    assert isinstance(empty, pd.DataFrame)
