"""Crude probabilities (Cronin and Feuer 2000): exact small cases and invariants."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survival.estimate.actuarial import actuarial
from survival.estimate.crude import crude_probabilities
from survival.tables.lifetable import lifetable_from_frame
from survival.words.wording import out_of_100, split_100


def table(expected):
    return lifetable_from_frame(
        pd.DataFrame(
            {
                "interval_start": [0, 1],
                "interval_end": [1, 2],
                "alive": [10, 8],
                "died": [2, 2],
                "lost": [0, 0],
                "expected": expected,
            }
        )
    )


def test_exact_small_case():
    crude = crude_probabilities(actuarial(table([0.9, 0.8]), convention="ratio"))
    p1, p2, e1, e2 = F(8, 10), F(6, 8), F(9, 10), F(8, 10)
    r1, r2 = p1 / e1, p2 / e2
    cancer = (1 - r1) * (1 - (1 - e1) / 2) + p1 * (1 - r2) * (1 - (1 - e2) / 2)
    other = (1 - e1) * (1 - (1 - r1) / 2) + p1 * (1 - e2) * (1 - (1 - r2) / 2)
    alive, c, o = crude.at(2)
    assert alive == pytest.approx(float(p1 * p2), abs=1e-12)
    assert c == pytest.approx(float(cancer), abs=1e-12)
    assert o == pytest.approx(float(other), abs=1e-12)
    assert float(p1 * p2 + cancer + other) == pytest.approx(1, abs=1e-12)


def test_cancer_share_is_one_minus_relative_when_no_one_dies_of_other_causes():
    est = actuarial(table([1.0, 1.0]), convention="ratio")
    crude = crude_probabilities(est)
    assert crude.at(2)[1] == pytest.approx(1 - est.relative().at(2)[0], abs=1e-12)
    assert crude.at(2)[2] == 0


def test_near_negligible_other_causes():
    est = actuarial(table([0.99999, 0.99999]), convention="ratio")
    assert crude_probabilities(est).at(2)[1] == pytest.approx(1 - est.relative().at(2)[0], abs=1e-4)


def test_fewer_deaths_than_expected_counts_all_as_other_causes():
    crude = crude_probabilities(actuarial(table([0.5, 0.5])))
    assert crude.at(1)[1] == 0 and crude.at(1)[2] == pytest.approx(0.2, abs=1e-12)


def test_three_outcomes_add_to_one_on_real_tables():
    from survival.datasets.catalogue import load_dataset

    data = load_dataset()
    for stage in data.stages():
        est = actuarial(data.table(data.select(stage, "65+", "1980-1984")))
        crude = crude_probabilities(est)
        total = crude.alive + crude.cancer + crude.other
        np.testing.assert_allclose(total, 1, atol=1e-12)
        assert np.all(np.diff(crude.cancer) >= 0) and np.all(np.diff(crude.other) >= 0)
        assert sum(crude.out_of_100(10)) == 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=3, max_size=3).filter(lambda v: sum(v) > 0))
def test_split_100_adds_up_and_stays_within_one(values):
    total = sum(values)
    alive, cancer, other = (v / total for v in values)
    counts = split_100(alive, cancer, other)
    assert sum(counts) == 100
    assert counts[0] == out_of_100(alive)
    for count, exact in zip(counts, (alive, cancer, other)):
        assert abs(count - 100 * exact) < 1.5


def test_half_rounds_up():
    assert [out_of_100(x) for x in (0.225, 0.2249, 0.995, 0.004)] == [23, 22, 100, 0]
