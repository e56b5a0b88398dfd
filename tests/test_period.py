"""Period and hybrid analysis: exact fractions, a slow re-implementation, the real export."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from period_reference import slow_period
from shared_data import shared_file

from survival.datasets.catalogue import load_dataset
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.cohorts import last_follow_up_year, single_year_table
from survival.estimate.period import (
    follow_up_years,
    latest_complete_window,
    period_survival,
    period_table,
    window_for_follow_up,
)
from survival.tables.lifetable import LifeTable, lifetable_from_frame

TOL = 1e-12
MEASURES = [
    "observed",
    "observed_se",
    "observed_low",
    "observed_high",
    "relative",
    "relative_se",
    "relative_low",
    "relative_high",
    "relative_interval",
]


def small_table() -> LifeTable:
    """Three cohorts, follow-up to the end of 2003: each cohort's last row is incomplete."""
    rows = [  # year, k, alive, died, lost, expected
        (2000, 1, 100, 10, 2, "0.99"),
        (2000, 2, 88, 8, 4, "0.98"),
        (2000, 3, 76, 5, 3, "0.97"),
        (2000, 4, 68, 4, 64, "0.96"),
        (2001, 1, 120, 12, 0, "0.985"),
        (2001, 2, 108, 9, 5, "0.975"),
        (2001, 3, 94, 3, 91, "0.965"),
        (2002, 1, 80, 6, 2, "0.99"),
        (2002, 2, 72, 4, 68, "0.98"),
    ]
    frame = pd.DataFrame(rows, columns=["year", "k", "alive", "died", "lost", "expected"])
    frame = frame.assign(
        year=frame["year"].astype(str),
        interval_start=frame["k"] - 1,
        interval_end=frame["k"],
        expected=frame["expected"].astype(float),
    )
    return lifetable_from_frame(frame.drop(columns="k"), ["year"], source="small table")


def test_small_table_by_hand_in_fractions():
    """Window 2001-2002: interval 1 from cohorts 2001-2002, 2 from 2000-2001, 3 from 2000 alone."""
    table = small_table()
    assert last_follow_up_year(table) == 2003
    assert latest_complete_window(table, width=2) == (2001, 2002)
    F = Fraction
    pooled = [  # alive, died, lost, expected = sum(alive * E) / sum(alive), by hand
        (200, 18, 2, (120 * F("0.985") + 80 * F("0.99")) / 200),
        (196, 17, 9, (88 * F("0.98") + 108 * F("0.975")) / 196),
        (76, 5, 3, F("0.97")),
    ]
    est = period_survival(table, (2001, 2002), convention="ratio")
    frame = est.to_frame()
    assert frame[["alive", "died", "lost"]].to_numpy().tolist() == [[n, d, w] for n, d, w, _ in pooled]
    assert frame["first_cohort"].tolist() == [2001, 2000, 2000]
    assert frame["last_cohort"].tolist() == [2002, 2001, 2000]
    survival, expected, greenwood = F(1), F(1), F(0)
    for i, (n, d, w, e) in enumerate(pooled):
        effective = n - F(w, 2)
        survival *= 1 - d / effective
        expected *= e
        greenwood += F(d) / (effective * (effective - d))
        row = frame.iloc[i]
        assert row["expected_interval"] == pytest.approx(float(e), abs=TOL)
        assert row["observed"] == pytest.approx(float(survival), abs=TOL)
        assert row["relative"] == pytest.approx(float(survival / expected), abs=TOL)
        assert row["observed_se"] == pytest.approx(float(survival) * math.sqrt(greenwood), abs=TOL)
        assert row["relative_se"] == pytest.approx(float(survival / expected) * math.sqrt(greenwood), abs=TOL)


def test_pooled_table_keeps_every_life_table_rule_but_continuity():
    pooled = period_table(small_table(), (2001, 2002)).table
    frame = pooled.frame
    assert list(frame.columns) == ["interval_start", "interval_end", "alive", "died", "lost", "expected"]
    assert all(frame[c].dtype == np.int64 for c in ("alive", "died", "lost"))
    assert frame["interval_start"].tolist() == [0, 1, 2]
    assert (frame["interval_end"] == frame["interval_start"] + 1).all()
    assert ((frame["alive"] > 0) & (frame["died"] + frame["lost"] <= frame["alive"])).all()
    assert frame["expected"].between(0.001, 1).all()
    with pytest.raises(SurvivalDataError, match="does not continue from the previous interval"):
        lifetable_from_frame(frame)  # the one rule a period table cannot keep
    rows = [
        lifetable_from_frame(frame.iloc[[i]].assign(interval_start=0, interval_end=1))
        for i in range(len(frame))
    ]  # each interval alone is a valid table
    assert len(rows) == 3


def test_window_of_one_cohort_is_that_cohorts_estimate():
    """With one cohort in the table, the window spanning its follow-up is its cohort estimate."""
    table = small_table()
    one = LifeTable(table.frame[table.frame["year"] == "2000"].reset_index(drop=True), ("year",))
    period = period_survival(one, (2000, 2002), last_follow_up=2003).to_frame()
    cohort = actuarial(LifeTable(one.frame.iloc[:3], ("year",))).to_frame()
    for column in MEASURES:
        np.testing.assert_allclose(period[column], cohort[column], rtol=0, atol=TOL)


@pytest.fixture(scope="module")
def breast():
    from survival.datasets.seer_breast import export_lifetable
    from survival.io.seerstat import read_seerstat

    return export_lifetable(read_seerstat(shared_file("seer-breast", "breast.example.dic")))


def as_rows(table: LifeTable) -> list[dict]:
    frame = table.frame
    return [
        {
            "stage": r.stage,
            "age": r.age,
            "year": int(r.year),
            "k": int(r.interval_end),
            "alive": int(r.alive),
            "died": int(r.died),
            "lost": int(r.lost),
            "expected": r.expected,
        }
        for r in frame.itertuples(index=False)
    ]


def compare_with_slow(estimate, slow, keys):
    frame = estimate.to_frame()
    for group, items in slow.items():
        mask = np.ones(len(frame), dtype=bool)
        for key, label in zip(keys, group):
            mask &= (frame[key] == label).to_numpy()
        rows = frame[mask]
        assert len(rows) == len(items), group
        for column in MEASURES + ["alive", "died", "lost", "first_cohort", "last_cohort"]:
            np.testing.assert_allclose(
                rows[column].to_numpy(dtype=float),
                [item[column] for item in items],
                rtol=0,
                atol=TOL,
                err_msg=f"{group} {column}",
            )


@pytest.mark.parametrize("window", [(2008, 2012), (2004, 2008), (2012, 2012), (1975, 1979)])
def test_every_group_equals_the_slow_loops(breast, window):
    slow = slow_period(as_rows(breast), ["stage", "age"], window)
    compare_with_slow(period_survival(breast, window), slow, ["stage", "age"])


def test_hybrid_equals_the_slow_loops_and_labels_its_cohorts(breast):
    est = period_survival(breast, (2008, 2012), last_cohort=2010)
    compare_with_slow(
        est, slow_period(as_rows(breast), ["stage", "age"], (2008, 2012), 2010), ["stage", "age"]
    )
    cohorts = est.period.cohorts.query("stage == 'Distant' and age == '65+'")
    assert cohorts[["first_cohort", "last_cohort"]].iloc[:4].to_numpy().tolist() == [
        [2008, 2010],
        [2007, 2010],
        [2006, 2010],
        [2005, 2009],
    ]  # early intervals: recent cohorts only
    assert est.label == "Hybrid estimate, follow-up in 2009-2013 (patients diagnosed to 2010)"
    assert est.period.label == "hybrid 2008-2012, diagnosed to 2010"


def test_breast_follow_up_ends_in_2013_and_the_blank_rows_say_so(breast, seer_life):
    """SEER*Stat blanks every row with year + k > 2013 (and 8 rows of withdrawals before it)."""
    assert last_follow_up_year(breast) == 2013
    assert latest_complete_window(breast) == (2008, 2012)
    assert latest_complete_window(breast, width=1) == (2012, 2012)
    year = seer_life["Year of diagnosis 1975+"].astype(int)
    late = year + seer_life["interval_end"] > 2013
    blank = seer_life["observed_interval"].isna()
    assert (late & ~blank).sum() == 0
    assert late.sum() == 326 and (blank & ~late).sum() == 8
    withdrawn = seer_life["alive"] - seer_life["died"] - seer_life["lost"] == 0
    assert withdrawn[blank & ~late].all()


def test_single_cohort_reduces_to_seerstats_own_columns(breast, seer_life):
    """A window spanning one cohort's complete follow-up, with only that cohort, is its SEER*Stat estimate."""
    frame = breast.frame
    one = LifeTable(frame[frame["year"] == "1990"].reset_index(drop=True), breast.group_columns)
    est = period_survival(one, (1990, 2012), last_follow_up=2013).to_frame()
    life = seer_life[seer_life["Year of diagnosis 1975+"] == "1990"].rename(
        columns={"Breast stage": "stage", "Age groups": "age"}
    )
    merged = est.merge(life, on=["stage", "age", "interval_end"])
    assert len(merged) == 9 * 23  # nine groups, 23 complete intervals each
    assert (merged["observed"] - merged["observed_cum"]).abs().max() < 5e-8
    assert (merged["relative"] - merged["relative_cum"]).abs().max() < 3e-6
    assert (merged["relative_se"] - merged["relative_se_cum"]).abs().max() < 5e-7


def test_wide_window_interval_one_pools_every_complete_first_year(breast):
    first = period_table(breast, (1975, 2012)).table.frame
    rows = breast.frame[(breast.frame["interval_start"] == 0) & (breast.frame["year"] != "2013")]
    sums = rows.groupby(["stage", "age"], sort=False)[["alive", "died", "lost"]].sum().reset_index()
    got = first[first["interval_start"] == 0][["stage", "age", "alive", "died", "lost"]]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), sums, check_dtype=False)


def test_bundled_single_years_give_the_same_estimates(breast):
    bundled = single_year_table(load_dataset().lifetables)
    assert bundled.group_columns == ("stage", "age", "year")
    ours = period_survival(bundled, (2008, 2012)).at()
    theirs = period_survival(breast, (2008, 2012)).at()
    merged = ours.merge(theirs, on=["stage", "age", "years"])
    assert len(merged) == len(theirs) == 9 * 4
    assert (merged["relative_x"] - merged["relative_y"]).abs().max() < 1e-8  # 10-digit expected
    assert set(ours["age"]) == {"00-49", "45-65s", "65+", "All ages"}


def test_at_labels_each_horizon_with_its_cohorts(breast):
    rows = period_survival(breast, (2008, 2012)).at((1, 5, 10, 40))
    distant = rows[(rows["stage"] == "Distant") & (rows["age"] == "65+")]
    assert distant["first_cohort"].tolist()[:3] == [2008, 2004, 1999]
    assert distant["last_cohort"].tolist()[:3] == [2012, 2012, 2012]
    assert np.isnan(distant["relative"].iloc[3])  # 40 years: beyond the table
    assert set(rows["label"]) == {"Period estimate, follow-up in 2009-2013"}


def test_prostate_follow_up_ends_in_2003_though_its_last_rows_have_values():
    frame = pd.read_csv(shared_file("seer-prostate", "prostate.csv"))
    frame = pd.DataFrame(
        {
            "year": frame["Year"].astype(str),
            "interval_start": frame["Interval"] - 1,
            "interval_end": frame["Interval"],
            "alive": frame["Alive_at_Start"],
            "died": frame["Died"],
            "lost": frame["Lost_to_Followup"],
            "expected": frame["Expected_Survival_Interval"],
        }
    )
    table = lifetable_from_frame(frame, ["year"], source="prostate.csv")
    assert last_follow_up_year(table) == 2003
    assert latest_complete_window(table) == (1998, 2002)
    est = period_survival(table, (1998, 2002)).to_frame()
    assert est["last_cohort"].iloc[0] == 2002 and est["interval_end"].max() == 28


@pytest.mark.parametrize(
    "window, kwargs, message",
    [
        (
            (2009, 2013),
            {},
            r"window 2009-2013 needs interval 1 of the patients diagnosed in 2013, which "
            r"ends only in 2014.*e\.g\. 2008-2012, the latest complete 5-year window",
        ),
        ((2012, 2008), {}, "The window 2012-2008 ends before it starts"),
        (("x", 2012), {}, "is not two years"),
        ((1960, 1970), {}, r"ends before the first year of diagnosis \(1975\)"),
        ((2008, 2012), {"last_cohort": 2012}, r"last year of diagnosis \(2012\) must lie in the window"),
        ((2008, 2012), {"last_cohort": 2007}, "give a year from 2008 to 2011"),
    ],
)
def test_bad_windows_say_what_to_do(breast, window, kwargs, message):
    with pytest.raises(SurvivalDataError, match=message):
        period_survival(breast, window, **kwargs)


def test_tables_that_are_not_yearly_cohorts_are_refused(breast):
    with pytest.raises(SurvivalDataError, match="has no group column 'cohort' for the year of diagnosis"):
        period_survival(breast, (2008, 2012), year_column="cohort")
    periods = load_dataset().lifetables
    with pytest.raises(SurvivalDataError, match="'1975-1979' is not a single year of diagnosis"):
        period_survival(periods, (2008, 2012), year_column="period")
    frame = small_table().frame.assign(interval_end=lambda f: f["interval_start"] + 0.5)
    half = LifeTable(frame, ("year",), "half-year table")
    with pytest.raises(SurvivalDataError, match="is not one whole year since diagnosis"):
        period_survival(half, (2001, 2002))
    with pytest.raises(SurvivalDataError, match="A window of 0 years is empty"):
        latest_complete_window(breast, width=0)


def test_a_window_is_named_by_the_years_its_intervals_end():
    assert follow_up_years((2008, 2012)) == (2009, 2013)
    assert window_for_follow_up((2009, 2013)) == (2008, 2012)
    assert window_for_follow_up(follow_up_years((1990, 1994))) == (1990, 1994)
