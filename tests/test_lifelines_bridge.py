"""Tests for survival.estimate.lifelines_bridge: to_lifelines and from_lifelines agree with lifelines to 1e-10."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from lifelines_reference import COLUMNS, lifelines_curve
from r_reference import rows

from survival.estimate.kaplan_meier import kaplan_meier
from survival.estimate.lifelines_bridge import from_lifelines, to_lifelines

ROOT = Path(__file__).resolve().parents[1]
TOL = 1e-10


@pytest.mark.parametrize(
    "dataset,group", [("lung", "male"), ("gbsg2", "no"), ("ties", "c"), ("halfway", "all")]
)
def test_to_lifelines_fits_the_same_curve(dataset, group):
    t, e = rows(dataset, group)
    curve = kaplan_meier(t, e, conf_level=0.9, label=group)
    fitter = to_lifelines(curve)
    assert fitter.alpha == pytest.approx(0.1) and fitter._label == group
    index = fitter.survival_function_.index.to_numpy()
    np.testing.assert_allclose(fitter.survival_function_.to_numpy()[:, 0], curve.at(index), rtol=0, atol=TOL)
    band = fitter.confidence_interval_survival_function_.to_numpy()
    s = curve.at(index)
    inner = (s > 0) & (s < 1)
    low, high = curve.ci_at(index)
    np.testing.assert_allclose(band[inner, 0], low[inner], rtol=0, atol=TOL)
    np.testing.assert_allclose(band[inner, 1], high[inner], rtol=0, atol=TOL)
    table = fitter.event_table
    np.testing.assert_array_equal(table["at_risk"].to_numpy()[1:], curve.n_at_risk[1:])


@pytest.mark.parametrize("dataset,group", [("lung", "female"), ("veteran", "test"), ("ties", "a")])
def test_from_lifelines_agrees_with_lifelines_and_round_trips(dataset, group):
    from lifelines import KaplanMeierFitter

    t, e = rows(dataset, group)
    fitter = KaplanMeierFitter(alpha=0.05, label=group).fit(t, e)
    curve = from_lifelines(fitter)
    reference = lifelines_curve(t, e)
    for name in COLUMNS:
        np.testing.assert_allclose(getattr(curve, name), reference[name], rtol=TOL, atol=TOL, err_msg=name)
    assert (curve.label, curve.conf_level, curve.conf_type) == (group, 0.95, "log-log")
    again = from_lifelines(to_lifelines(curve))
    for name in COLUMNS:
        np.testing.assert_array_equal(getattr(again, name), getattr(curve, name))


def test_refusals():
    from lifelines import KaplanMeierFitter, NelsonAalenFitter

    curve = kaplan_meier([1, 2, 3], [1, 0, 1], conf_type="log")
    with pytest.raises(ValueError, match="lifelines' band is log\\(-log\\); this curve's is 'log'"):
        to_lifelines(curve)
    with pytest.raises(ValueError, match="from_lifelines takes a fitted lifelines.KaplanMeierFitter"):
        from_lifelines(NelsonAalenFitter())
    with pytest.raises(ValueError, match="from_lifelines takes a fitted lifelines.KaplanMeierFitter"):
        from_lifelines(KaplanMeierFitter())
    late = KaplanMeierFitter().fit([3, 4, 5], [1, 1, 0], entry=[1, 0, 2])
    with pytest.raises(ValueError, match="late entry"):
        from_lifelines(late)


def test_lifelines_is_imported_only_by_the_bridge_functions():
    code = (
        "import sys, survival.estimate.lifelines_bridge as b, survival.estimate.kaplan_meier as k\n"
        "assert 'lifelines' not in sys.modules\n"
        "b.to_lifelines(k.kaplan_meier([1, 2, 3], [1, 0, 1]))\n"
        "assert 'lifelines' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_curve_cut_while_people_are_at_risk_keeps_them_at_risk_in_lifelines():
    """A Kaplan-Meier curve of a life table stops where follow-up ends; those still alive count."""
    import pandas as pd

    from survival.estimate.lifetable_curves import lifetable_curve
    from survival.tables.lifetable import lifetable_from_frame

    table = lifetable_from_frame(
        pd.DataFrame(
            {
                "interval_start": [0, 1, 2],
                "interval_end": [1, 2, 3],
                "alive": [500, 420, 350],
                "died": [40, 30, 20],
                "lost": [40, 40, 330],
            }
        )
    )
    curve = lifetable_curve(table, method="kaplan-meier")
    assert curve.last_time == 2  # the last interval, where everyone left was lost, is not estimated
    fitter = to_lifelines(curve)
    fitted = fitter.survival_function_.iloc[:, 0]
    np.testing.assert_allclose(fitted.loc[[1.0, 2.0]].to_numpy(), curve.survival[1:], rtol=0, atol=1e-12)
