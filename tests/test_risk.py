"""Tests for survival.plot.risk_table: at-risk tables pinned to hand counts and to lifelines' own numbers."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from survival.estimate.results import SurvivalCurve
from survival.plot.risk_table import RISK_COLUMNS, default_risk_times, risk_table


def curve(time, at_risk, events, censored, method) -> SurvivalCurve:
    """A curve with the given counts (survival values are irrelevant to the risk table)."""
    n = len(time)
    ones = np.ones(n)
    return SurvivalCurve(
        time=time,
        survival=ones,
        se=0 * ones,
        ci_low=ones,
        ci_high=ones,
        n_at_risk=at_risk,
        n_events=events,
        n_censored=censored,
        method=method,
    )


def as_lists(table: pd.DataFrame) -> dict[str, list]:
    return {c: table[c].tolist() for c in RISK_COLUMNS}


def test_actuarial_counts_by_hand():
    # 100 people; 15 die and 5 are lost in year 1, 20 and 10 in year 2, 10 and 5 in year 3.
    c = curve([0, 1, 2, 3], [0, 100, 80, 50], [0, 15, 20, 10], [0, 5, 10, 5], "actuarial")
    table = risk_table(c, [0, 0.5, 1, 2, 3, 3.5])
    assert as_lists(table) == {
        "time": [0, 0.5, 1, 2, 3, 3.5],
        # at 0.5 the next boundary is 1; at 3 (the end) 50 - 10 - 5 = 35 are still followed.
        "at_risk": [100, 80, 80, 50, 35, 0],
        "events": [0, 0, 15, 35, 45, 45],
        "censored": [0, 0, 5, 15, 20, 20],
    }
    assert table["at_risk"].dtype == np.int64


def test_kaplan_meier_counts_by_hand():
    from survival.estimate.kaplan_meier import kaplan_meier

    # Times 1..5; deaths at 1, 2, 4, 5; censored at 2, 3, 5. At risk at t = those with time >= t.
    c = kaplan_meier([1, 2, 2, 3, 4, 5, 5], [1, 1, 0, 0, 1, 0, 1])
    table = risk_table(c, [0, 1, 1.5, 2, 4.5, 5, 6])
    assert as_lists(table) == {
        "time": [0, 1, 1.5, 2, 4.5, 5, 6],
        "at_risk": [7, 7, 6, 6, 2, 2, 0],
        "events": [0, 1, 1, 2, 3, 4, 4],
        "censored": [0, 0, 0, 1, 2, 3, 3],
    }


def test_kaplan_meier_deaths_at_time_zero_count_everyone_at_risk():
    from survival.estimate.kaplan_meier import kaplan_meier

    c = kaplan_meier([0, 0, 1, 2], [1, 0, 1, 1])
    table = risk_table(c, [0, 1, 2])
    assert table["at_risk"].tolist() == [4, 2, 1]
    assert table["events"].tolist() == [1, 2, 3]
    assert table["censored"].tolist() == [1, 1, 1]


def test_conditional_curve_starts_at_its_start():
    c = curve([5, 6, 7], [0, 40, 30], [0, 8, 6], [0, 2, 4], "actuarial")
    table = risk_table(c, [5, 6, 7, 8])
    assert table["at_risk"].tolist() == [40, 30, 20, 0]
    assert table["events"].tolist() == [0, 8, 14, 14]


def test_real_actuarial_curve_accounts_for_everyone():
    from survival.datasets.catalogue import load_dataset
    from survival.estimate.actuarial import actuarial

    data = load_dataset()
    obs = actuarial(data.table(data.select("distant", "65+", "1990-1994"))).observed()
    times = np.arange(0, obs.last_time + 1)
    table = risk_table(obs, times)
    total = obs.n_at_risk[1]
    # At every interval boundary, each person is at risk, has died or has been lost.
    assert (table["at_risk"] + table["events"] + table["censored"] == total).all()
    assert table["at_risk"].tolist()[:3] == [2267, 1234, 847]


@pytest.fixture(scope="module")
def gbsg2():
    from lifelines import KaplanMeierFitter
    from lifelines.datasets import load_gbsg2

    from survival.estimate.kaplan_meier import kaplan_meier

    data = load_gbsg2()
    fitter = KaplanMeierFitter().fit(data["time"], data["cens"])
    return kaplan_meier(data["time"], data["cens"]), fitter


def test_gbsg2_matches_lifelines_event_table(gbsg2):
    c, fitter = gbsg2
    events = fitter.event_table
    times = [0, 100, 365, 730, 1000, 1095, 1826, 2000, 2500, 2659, 3000]
    table = risk_table(c, times)
    for t, row in zip(times, table.itertuples()):
        later = events[events.index >= t]
        expected_at_risk = int(later["at_risk"].iloc[0]) if len(later) else 0
        assert row.at_risk == expected_at_risk, t
        assert row.events == int(events.loc[:t, "observed"].sum()), t
        assert row.censored == int(events.loc[:t, "censored"].sum()), t


def test_gbsg2_matches_lifelines_add_at_risk_counts(gbsg2):
    """lifelines' KMunicate table counts at risk just after t; equal to ours between event times."""
    from lifelines.plotting import add_at_risk_counts
    from matplotlib.figure import Figure

    c, fitter = gbsg2
    times = [0.5, 365.5, 730.5, 1095.5, 1460.5, 1825.5, 2190.5, 2555.5]
    days = fitter.event_table.index.to_numpy()
    assert (days == np.round(days)).all()  # whole days, so these times fall between them
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_xlim(0, 2800)
    add_at_risk_counts(fitter, ax=ax, fig=fig, xticks=times, rows_to_show=["At risk", "Events", "Censored"])
    labels = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    theirs = [[int(n) for n in re.findall(r"\d+", label.replace("KM_estimate", ""))] for label in labels]
    ours = risk_table(c, times)[["at_risk", "events", "censored"]].to_numpy().tolist()
    assert ours == theirs


def test_default_risk_times():
    assert default_risk_times(8).tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert default_risk_times(10).tolist() == list(range(11))
    assert default_risk_times(10.7).tolist() == list(range(11))
    assert default_risk_times(23).tolist() == [0, 5, 10, 15, 20]
    assert default_risk_times(8, 5).tolist() == [0, 2, 4, 6, 8]
    assert default_risk_times(15, start=5).tolist() == list(range(5, 16))
    assert default_risk_times(0.8).tolist() == pytest.approx([0.1 * k for k in range(9)])
    assert default_risk_times(2000, 11).tolist() == list(range(0, 2001, 200))
    assert default_risk_times(2659, 11).tolist() == [0, 500, 1000, 1500, 2000, 2500]
    assert default_risk_times(0).tolist() == [0]


def test_default_risk_times_needs_two_columns():
    with pytest.raises(ValueError, match="at least 2 columns"):
        default_risk_times(5, 1)


def test_risk_table_refuses_non_finite_times():
    c = curve([0, 1], [0, 10], [0, 1], [0, 0], "actuarial")
    with pytest.raises(ValueError, match="finite"):
        risk_table(c, [0, np.nan])


def test_risk_module_does_not_import_matplotlib():
    code = "import sys, survival.plot.risk_table; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
