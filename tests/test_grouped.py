"""Tests for survival.estimate.lifetable_curves: life tables read as deaths and losses at each interval's end."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.estimate.kaplan_meier import kaplan_meier_counts, logrank
from survival.estimate.lifetable_curves import counts_from_lifetable, lifetable_curve
from survival.tables.lifetable import lifetable_from_frame

TOL = 1e-12


def close(a, b, tol: float = TOL) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=tol, atol=tol)


# Group B: 10 alive; [0, 1) 2 died, 2 lost; [1, 2) nobody died or was lost;
# [2, 3) 1 died, 1 lost; [3, 4) 1 died, 0 lost, and 3 still alive when the table ends.
# Group A (listed second, sorted first): 6 alive; [0, 1) 3 died, 1 lost; [1, 2) 1 died, 1 lost (all gone).
HAND = pd.DataFrame(
    {
        "group": ["B"] * 4 + ["A"] * 2,
        "interval_start": [0, 1, 2, 3, 0, 1],
        "interval_end": [1, 2, 3, 4, 1, 2],
        "alive": [10, 6, 6, 4, 6, 2],
        "died": [2, 0, 1, 1, 3, 1],
        "lost": [2, 0, 1, 0, 1, 1],
    }
)
# Kaplan-Meier on deaths and losses at interval ends: 1 - d/n per interval.
HAND_KM_B = [
    Fraction(1),
    Fraction(8, 10),
    Fraction(8, 10) * Fraction(5, 6),
    Fraction(8, 10) * Fraction(5, 6) * Fraction(3, 4),
]


def hand_table():
    return lifetable_from_frame(HAND, ["group"], source="hand")


def expand(table) -> pd.DataFrame:
    """One row per person, written straight from the life table (independent of the package)."""
    rows = []
    for key, part in table.frame.groupby(list(table.group_columns), sort=False):
        group = ", ".join(key)
        part = part.sort_values("interval_start")
        for i, r in enumerate(part.itertuples(index=False)):
            rows += [(group, r.interval_end, 1)] * int(r.died)
            rows += [(group, r.interval_end, 0)] * int(r.lost)
            if i == len(part) - 1:
                rows += [(group, r.interval_end, 0)] * int(r.alive - r.died - r.lost)
    return pd.DataFrame(rows, columns=["group", "time", "event"])


def test_hand_counts_place_deaths_and_losses_at_interval_ends():
    counts = counts_from_lifetable(hand_table())
    expected = pd.DataFrame(
        {
            "group": ["A", "A", "B", "B", "B"],
            "time": [1.0, 2, 1, 3, 4],
            "died": [3, 1, 2, 1, 1],
            "censored": [1, 1, 2, 1, 3],
        }
    )
    pd.testing.assert_frame_equal(counts.frame, expected, check_dtype=False)
    assert counts.frame["died"].dtype == np.int64 and counts.frame["censored"].dtype == np.int64
    assert counts.frame["time"].dtype == float
    assert counts.group_columns == ("group",)
    assert counts.groups() == [("A",), ("B",)]
    assert counts.n_rows == 16 and counts.source == "hand"


def test_hand_kaplan_meier_is_the_reduced_sample_estimate():
    table = hand_table()
    curve = kaplan_meier_counts(counts_from_lifetable(table), ("B",))
    close(curve.time, [0, 1, 3, 4])
    close(curve.survival, [float(s) for s in HAND_KM_B])
    close(curve.n_at_risk, [0, 10, 6, 4])
    close(curve.n_events, [0, 2, 1, 1])
    close(curve.n_censored, [0, 2, 1, 3])
    assert HAND_KM_B[-1] == Fraction(1, 2)
    act = actuarial(table).observed(("B",))
    close(act.survival, [1, 7 / 9, 7 / 9, 7 / 9 * 9 / 11, 7 / 9 * 9 / 11 * 3 / 4])
    # Never below the actuarial estimate at the interval ends.
    assert (curve.at(act.time) >= act.survival - TOL).all()


def test_hand_kaplan_meier_of_a_group_that_ends_with_everyone_gone():
    curve = kaplan_meier_counts(counts_from_lifetable(hand_table()), ("A",))
    close(curve.survival, [1, Fraction(1, 2), Fraction(1, 2) * Fraction(1, 2)])
    close(curve.n_at_risk, [0, 6, 2])


def test_kaplan_meier_matches_lifelines_on_expanded_rows():
    from lifelines import KaplanMeierFitter

    table = load_dataset().table(load_dataset().select("Regional", "65+", "1990-1994"))
    counts = counts_from_lifetable(table)
    rows = expand(table)
    ours = kaplan_meier_counts(counts, table.groups()[0])
    fitter = KaplanMeierFitter().fit(rows["time"], rows["event"])
    theirs = fitter.survival_function_.iloc[:, 0]
    close(ours.time, theirs.index)
    close(ours.survival, theirs.to_numpy())
    events = fitter.event_table
    close(ours.n_at_risk[1:], events["at_risk"].to_numpy()[1:])
    close(ours.n_events[1:], events["observed"].to_numpy()[1:])
    close(ours.n_censored[1:], events["censored"].to_numpy()[1:])
    assert counts.n_rows == len(rows) == table.frame["alive"].iloc[0]


def test_hand_logrank_matches_lifelines_on_expanded_rows():
    from lifelines.statistics import multivariate_logrank_test

    table = hand_table()
    rows = expand(table)
    ours = logrank(counts_from_lifetable(table), [("A",), ("B",)])
    theirs = multivariate_logrank_test(rows["time"], rows["group"], rows["event"])
    assert ours.statistic == pytest.approx(theirs.test_statistic, rel=TOL, abs=TOL)
    assert ours.p_value == pytest.approx(theirs.p_value, rel=1e-10)
    assert ours.df == 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_logrank_on_random_tables_matches_lifelines(seed):
    from lifelines.statistics import multivariate_logrank_test

    rng = np.random.default_rng(seed)
    frames = []
    for name in ("x", "y", "z"):
        alive, rows = int(rng.integers(30, 200)), []
        for start in range(int(rng.integers(2, 8))):
            died = int(rng.binomial(alive, rng.uniform(0.05, 0.4)))
            lost = int(rng.binomial(alive - died, rng.uniform(0, 0.3)))
            rows.append((name, start, start + 1, alive, died, lost))
            alive -= died + lost
            if alive == 0:
                break
        frames.append(
            pd.DataFrame(rows, columns=["arm", "interval_start", "interval_end", "alive", "died", "lost"])
        )
    table = lifetable_from_frame(pd.concat(frames, ignore_index=True), ["arm"])
    rows = expand(table)
    ours = logrank(counts_from_lifetable(table))
    theirs = multivariate_logrank_test(rows["time"], rows["group"], rows["event"])
    assert ours.statistic == pytest.approx(theirs.test_statistic, rel=1e-10)
    assert ours.df == 2


def test_bundled_logrank_matches_lifelines_on_expanded_rows():
    from lifelines.statistics import multivariate_logrank_test

    data = load_dataset()
    groups = [("Regional", age, "1985-1989") for age in ("00-49", "45-65s", "65+")]
    table = data.lifetables.select(stage="Regional", period="1985-1989")
    ours = logrank(counts_from_lifetable(table), groups)
    rows = expand(table)
    rows = rows[rows["group"].isin([", ".join(g) for g in groups])]
    theirs = multivariate_logrank_test(rows["time"], rows["group"], rows["event"])
    assert ours.statistic == pytest.approx(theirs.test_statistic, rel=1e-9)
    assert ours.df == 2


def test_bundled_kaplan_meier_is_a_walk_of_one_minus_d_over_n_and_not_below_actuarial():
    data = load_dataset()
    for stage in data.stages():
        table = data.table(data.select(stage, "All ages", "1995-1999"))
        f = table.frame
        walk = np.cumprod(1 - f["died"] / f["alive"]).to_numpy()
        finished = ~((f["alive"] == f["died"] + f["lost"]) & (f["lost"] > 0)).to_numpy()
        assert finished[:-1].all()
        curve = lifetable_curve(table, method="kaplan-meier")
        close(curve.at(f["interval_end"][finished]), walk[finished])
        full = kaplan_meier_counts(counts_from_lifetable(table), table.groups()[0])
        close(full.at(f["interval_end"]), walk)
        act = lifetable_curve(table)
        ok = np.isfinite(act.survival)
        assert (curve.at(act.time[ok]) >= act.survival[ok] - TOL).all()


def test_counts_without_group_columns():
    table = lifetable_from_frame(HAND[HAND["group"] == "B"].drop(columns="group"), [])
    counts = counts_from_lifetable(table)
    assert counts.group_columns == () and counts.groups() == [()]
    close(counts.frame["time"], [1, 3, 4])
    close(kaplan_meier_counts(counts).survival, [float(s) for s in HAND_KM_B])


def test_lifetable_curve_methods_and_measures():
    data = load_dataset()
    table = data.table(data.select("Distant", "All ages", "2000-2004"))
    est = actuarial(table)
    close(lifetable_curve(table, measure="relative", label="D").survival, est.relative().survival)
    assert lifetable_curve(table, label="D").label == "D"
    km = lifetable_curve(table, method="kaplan-meier")
    assert km.method == "kaplan-meier" and km.label == "Distant, All ages, 2000-2004"
    with pytest.raises(ValueError, match="Kaplan-Meier estimates observed survival only"):
        lifetable_curve(table, measure="relative", method="kaplan-meier")
    with pytest.raises(ValueError, match="method must be one of"):
        lifetable_curve(table, method="nelson-aalen")
    with pytest.raises(ValueError, match="measure must be"):
        lifetable_curve(table, measure="both")
    with pytest.raises(KeyError, match="The table has 2 groups"):
        lifetable_curve(hand_table())


def test_kaplan_meier_curve_stops_where_follow_up_ended_as_the_actuarial_one_does():
    data = load_dataset()
    table = data.table(data.select("Distant", "All ages", "2010-2013"))
    f = table.frame  # its last interval [3, 4): everyone left alive was lost
    assert f["alive"].iloc[-1] == f["died"].iloc[-1] + f["lost"].iloc[-1]
    km, act = lifetable_curve(table, method="kaplan-meier"), lifetable_curve(table)
    close(km.time, act.time)
    close(km.time, [0, 1, 2, 3])
    close(km.survival, np.r_[1, np.cumprod(1 - f["died"] / f["alive"])[:3]])
    close(km.n_at_risk, [0, *f["alive"].iloc[:3]])
    # The counts keep the unfinished interval (the log-rank test uses every death).
    assert counts_from_lifetable(table).frame["time"].max() == 4


def test_kaplan_meier_curve_of_a_table_with_no_finished_interval_is_its_start():
    data = load_dataset()
    table = data.table(data.select("Distant", "All ages", "2013"))
    km = lifetable_curve(table, method="kaplan-meier")
    close(km.time, [0])
    close(km.survival, [1])
    assert len(lifetable_curve(table).time) == 1
