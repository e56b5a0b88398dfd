"""survival.lessons.wording: lists, chances and p-values as the lessons and pages write them."""

from __future__ import annotations

import pytest

from survival.lessons import wording


@pytest.mark.parametrize(
    "p, words",
    [
        (0.0001, "less than 1 time in 1,000"),
        (0.0034, "about 3 times in 1,000"),
        (0.04, "about 4 times in 100"),
        (0.5, "about 50 times in 100"),
    ],
)
def test_chance_words(p, words):
    assert wording.chance_words(p) == words


@pytest.mark.parametrize(
    "p, text, clause, words",
    [
        (0.0, "< 0.001", "p < 0.001", "p < 0.0001"),
        (4e-18, "< 0.001", "p < 0.001", "p < 0.0001"),
        (0.0005, "< 0.001", "p < 0.001", "p = 0.0005"),
        (0.001, "0.001", "p = 0.001", "p = 0.0010"),
        (0.0123, "0.012", "p = 0.012", "p = 0.0123"),
        (0.5, "0.500", "p = 0.500", "p = 0.5000"),
    ],
)
def test_p_values_never_print_as_zero(p, text, clause, words):
    assert wording.p_text(p) == text
    assert wording.p_clause(p) == clause
    assert wording.p_words(p) == words


def test_and_list():
    assert wording.and_list(["a"]) == "a"
    assert wording.and_list(["a", "b"]) == "a and b"
    assert wording.and_list(["a", "b", "c"]) == "a, b and c"
