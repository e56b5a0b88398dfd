"""SurvivalCurve: reading values, medians and restricted means, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from survival.estimate.results import SurvivalCurve


def curve(method: str, survival=(1.0, 0.8, 0.4, 0.3), time=(0.0, 1.0, 2.0, 3.0)) -> SurvivalCurve:
    n = len(time)
    s = np.asarray(survival)
    return SurvivalCurve(
        time=np.asarray(time),
        survival=s,
        se=np.zeros(n),
        ci_low=s - 0.05,
        ci_high=np.minimum(1, s + 0.05),
        n_at_risk=np.zeros(n),
        n_events=np.zeros(n),
        n_censored=np.zeros(n),
        method=method,
    )


def test_actuarial_reads_straight_lines_between_interval_ends():
    c = curve("actuarial")
    assert c.at([1, 1.5, 3]).tolist() == pytest.approx([0.8, 0.6, 0.3], abs=1e-12)
    assert np.isnan(c.at(3.5)[0])


def test_km_reads_a_right_continuous_step():
    c = curve("kaplan-meier")
    assert c.at([0.99, 1, 1.5, 3]).tolist() == [1.0, 0.8, 0.8, 0.3]


def test_median_interpolates_for_actuarial_and_steps_for_km():
    # 0.8 at 1 year, 0.4 at 2 years: 0.5 is reached 3/4 of the way through the second year.
    assert curve("actuarial").median().value == pytest.approx(1.75, abs=1e-12)
    assert curve("kaplan-meier").median().value == 2.0
    med = curve("actuarial").median()
    # band: low = s - 0.05 reaches 0.5 at 1 + (0.75 - 0.5)/(0.75 - 0.35) years
    assert med.ci_low == pytest.approx(1 + 0.25 / 0.4, abs=1e-12)
    assert med.reached


def test_median_not_reached():
    med = curve("actuarial", survival=(1.0, 0.9, 0.8, 0.7)).median()
    assert not med.reached and np.isnan(med.value)


def test_rmst_by_hand():
    # Trapezoids: (1 + .8)/2 + (.8 + .4)/2 + (.4 + .3)/2 * 0.5 (up to 2.5 with .35 at 2.5)
    assert curve("actuarial").rmst(2.5) == pytest.approx(0.9 + 0.6 + (0.4 + 0.35) / 2 * 0.5, abs=1e-12)
    # Steps: 1 * 1 + 0.8 * 1 + 0.4 * 0.5
    assert curve("kaplan-meier").rmst(2.5) == pytest.approx(2.0, abs=1e-12)
    with pytest.raises(ValueError, match="choose a horizon inside that range"):
        curve("actuarial").rmst(4)


def test_curves_are_read_only_values():
    c = curve("actuarial")
    with pytest.raises(ValueError):
        c.survival[0] = 0.5
    assert list(c.to_frame().columns)[:3] == ["time", "survival", "se"]
