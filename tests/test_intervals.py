"""Tests for survival.estimate.intervals: the four interval transforms against R's survfit(conf.type=)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from r_reference import DATASETS, fixture, groups, rows

from survival.estimate.intervals import CONF_TYPES, R_CONF_TYPE, confidence_interval
from survival.estimate.kaplan_meier import kaplan_meier

TOL = 1e-10


def r_curve(dataset: str, group: str, conf_type: str):
    fit = fixture("survfit")
    return fit[
        (fit["dataset"] == dataset) & (fit["group"] == group) & (fit["conf_type"] == R_CONF_TYPE[conf_type])
    ]


@pytest.mark.parametrize("conf_type", CONF_TYPES)
@pytest.mark.parametrize("dataset", DATASETS)
def test_km_band_matches_r_survfit(dataset, conf_type):
    for group in groups(dataset):
        t, e = rows(dataset, group)
        curve = kaplan_meier(t, e, conf_type=conf_type)
        ref = r_curve(dataset, group, conf_type)
        assert curve.conf_type == conf_type
        np.testing.assert_array_equal(curve.time[1:], ref["time"])
        np.testing.assert_array_equal(curve.n_at_risk[1:], ref["n_risk"])
        np.testing.assert_allclose(curve.survival[1:], ref["surv"], rtol=0, atol=TOL)
        s = curve.survival[1:]
        # R's std.err is the SE of log S (Greenwood); it is infinite where S = 0.
        finite = s > 0
        np.testing.assert_allclose(
            curve.se[1:][finite], (ref["std_err"] * ref["surv"])[finite], rtol=0, atol=TOL
        )
        for ours, theirs in ((curve.ci_low, "lower"), (curve.ci_high, "upper")):
            known = ref[theirs].notna().to_numpy()
            np.testing.assert_allclose(
                ours[1:][known],
                ref[theirs][known],
                rtol=0,
                atol=TOL,
                err_msg=f"{dataset} {group} {conf_type} {theirs}",
            )
            # where R leaves a limit missing, survival is 0 or 1 and the band collapses onto it
            assert np.all((s[~known] == 0) | (s[~known] == 1))
            np.testing.assert_array_equal(ours[1:][~known], s[~known])


def test_formulas_by_hand():
    z = 1.959963984540054
    s, se = 0.6, 0.05
    sigma = se / s
    expected = {
        "log-log": (
            s ** math.exp(z * se / (s * abs(math.log(s)))),
            s ** math.exp(-z * se / (s * abs(math.log(s)))),
        ),
        "log": (s * math.exp(-z * sigma), s * math.exp(z * sigma)),
        "plain": (s - z * se, s + z * se),
        "arcsine": (
            math.sin(math.asin(math.sqrt(s)) - 0.5 * z * sigma * math.sqrt(s / (1 - s))) ** 2,
            math.sin(math.asin(math.sqrt(s)) + 0.5 * z * sigma * math.sqrt(s / (1 - s))) ** 2,
        ),
    }
    for conf_type, (low, high) in expected.items():
        ours = confidence_interval([s], [se], 0.95, conf_type)
        assert (ours[0][0], ours[1][0]) == pytest.approx((low, high), abs=1e-12), conf_type


@pytest.mark.parametrize("conf_type", CONF_TYPES)
def test_limits_stay_in_0_1_and_collapse_at_the_edges(conf_type):
    s = np.array([0.0, 1e-6, 0.02, 0.5, 0.97, 1.0])
    se = np.array([0.0, 1e-6, 0.05, 0.4, 0.2, 0.0])
    low, high = confidence_interval(s, se, 0.95, conf_type)
    assert np.all((0 <= low) & (low <= s) & (s <= high) & (high <= 1))
    assert (low[0], high[0], low[-1], high[-1]) == (0.0, 0.0, 1.0, 1.0)


def test_default_stays_log_log_and_other_types_only_change_the_band():
    t, e = rows("lung", "male")
    default, log = kaplan_meier(t, e), kaplan_meier(t, e, conf_type="log")
    assert default.conf_type == "log-log"
    np.testing.assert_array_equal(default.survival, log.survival)
    np.testing.assert_array_equal(default.se, log.se)
    assert not np.allclose(default.ci_high, log.ci_high)
    np.testing.assert_allclose(default.confidence_interval(0.95, "log")[1], log.ci_high, rtol=0, atol=1e-15)


def test_unknown_conf_type_is_refused():
    with pytest.raises(ValueError, match="conf_type must be one of log-log, log, plain, arcsine"):
        kaplan_meier([1, 2], [1, 0], conf_type="arcsin")
    with pytest.raises(ValueError, match="conf_type must be one of"):
        confidence_interval([0.5], [0.1], 0.95, "logit")
