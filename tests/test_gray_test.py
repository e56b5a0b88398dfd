"""Tests for survival.estimate.gray_test: Gray's test against cmprsk::cuminc on the Finnish colon data."""

from __future__ import annotations

import numpy as np
import pytest
from r_reference import colon, fixture

from survival.estimate.gray_test import gray_test


def subset(comparison: str):
    rows = colon()
    if comparison in ("stages", "stages_rho1"):
        return rows, "stage"
    if comparison == "localised_regional":
        return rows[rows["stage"].isin(["Localised", "Regional"])], "stage"
    local = rows[rows["stage"] == "Localised"]
    return local, "sex" if comparison == "localised_by_sex" else "agegrp"


def cases():
    main = fixture("gray").assign(comparison="stages")
    return [tuple(r) for r in main[["comparison", "cause", "stat", "p", "df"]].itertuples(index=False)] + [
        tuple(r)
        for r in fixture("gray_more")[["comparison", "cause", "stat", "p", "df"]].itertuples(index=False)
    ]


@pytest.mark.parametrize("comparison,cause,stat,p,df", cases())
def test_statistic_and_p_value_match_cmprsk(comparison, cause, stat, p, df):
    rows, by = subset(comparison)
    rho = 1.0 if comparison == "stages_rho1" else 0.0
    result = gray_test(rows["surv_mm"], rows["cause"], rows[by], cause=cause, rho=rho)
    assert result.statistic == pytest.approx(stat, rel=1e-10)
    assert result.df == df and result.cause == cause and result.rho == rho
    # cmprsk reports 1 - pchisq(stat), exact to about 1e-16 absolute; ours is the upper tail itself
    assert result.p_value == pytest.approx(p, abs=1e-12)


def test_groups_are_sorted_and_order_does_not_matter():
    rows = colon()
    rows = rows[rows["stage"] == "Localised"]
    result = gray_test(rows["surv_mm"], rows["cause"], rows["sex"])
    assert result.groups == (("Female",), ("Male",))
    flipped = gray_test(rows["surv_mm"], rows["cause"], rows["sex"].map({"Female": "z", "Male": "a"}))
    assert flipped.statistic == pytest.approx(result.statistic, rel=1e-12)


def test_equal_groups_give_a_small_statistic():
    rng = np.random.default_rng(11)
    n = 600
    t = rng.exponential(5, n).round(1)
    cause = rng.integers(0, 3, n)
    result = gray_test(t, cause, rng.integers(0, 2, n))
    assert result.statistic < 10 and 0 < result.p_value <= 1


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="Gray's test compares two or more different groups"):
        gray_test([1, 2, 3], [1, 2, 0], ["a", "a", "a"])
    with pytest.raises(ValueError, match="No one died of cause 2, so there is nothing to test"):
        gray_test([1, 2, 3], [1, 1, 0], ["a", "b", "a"], cause=2)
    with pytest.raises(ValueError, match="groups has 2 labels for 3 rows"):
        gray_test([1, 2, 3], [1, 1, 0], ["a", "b"])
    with pytest.raises(ValueError, match="rho must be a finite number"):
        gray_test([1, 2, 3], [1, 1, 0], ["a", "b", "a"], rho=float("inf"))
