"""survival.plot.incidence: cumulative incidence charts draw the estimates, name the band, never use pyplot."""

from __future__ import annotations

import numpy as np
import pytest
import textstat
from matplotlib.figure import Figure

from survival.estimate.competing_risks import aalen_johansen, compare_naive_risk
from survival.plot import incidence
from survival.plot import style as cs

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")
# Ten made-up people: times in years, causes (0 censored, 1 the cancer, 2 other).
TIMES = np.array([0.5, 1, 1, 2, 3, 3, 4, 5, 6, 7], dtype=float)
CAUSES = np.array([1, 2, 1, 0, 1, 2, 0, 1, 0, 2])


@pytest.fixture
def results():
    cancer, other = aalen_johansen(TIMES, CAUSES, conf_type="log")
    from dataclasses import replace

    return [replace(cancer, label="Cancer"), replace(other, label="Other")]


@pytest.fixture
def naive():
    return compare_naive_risk(TIMES, CAUSES)


def test_lines_are_the_estimates_as_steps_with_bands(results, naive):
    ax = incidence.plot_incidence(results, naive=naive)
    lines = {line.get_gid(): line for line in ax.get_lines()}
    for i, result in enumerate(results):
        np.testing.assert_array_equal(lines[f"incidence:{i}"].get_xdata(), result.time)
        np.testing.assert_array_equal(lines[f"incidence:{i}"].get_ydata(), result.incidence)
        assert lines[f"incidence:{i}"].get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(lines["naive"].get_ydata(), naive.naive)
    assert {c.get_gid() for c in ax.collections} == {"band:0", "band:1"}
    colors = [lines[g].get_color() for g in ("incidence:0", "incidence:1", "naive")]
    assert colors == list(cs.LINE_COLORS[:3])  # and line styles 0, 1, 2 (named in the text)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Cancer", "Other", incidence.NAIVE_LABEL, "95% confidence interval (log)"]
    assert ax.get_ylim() == (0.0, 1.0) and ax.get_xlim() == (0.0, 7.0)


def test_without_band_or_naive_and_on_a_given_axes(results):
    ax = Figure().subplots()
    assert incidence.plot_incidence(results[0], ax=ax, band=False, title="T") is ax
    assert not ax.collections and [line.get_gid() for line in ax.get_lines()] == ["incidence:0"]
    assert ax.get_title(loc="left") == "T"


def test_alt_text_is_made_from_the_values_and_reads_easily(results, naive):
    text = incidence.incidence_alt_text(results, naive=naive)
    at5 = [float(r.incidence[np.searchsorted(r.time, 5, side="right") - 1]) for r in results]
    assert f"At 5 years: cancer {100 * at5[0]:.1f}%, other {100 * at5[1]:.1f}%" in text
    assert f"1 \u2212 Kaplan-Meier {100 * naive.at([5.0])['naive'].iloc[0]:.1f}%" in text
    assert "Shaded bands show 95% intervals (log)." in text
    assert "Cancer: black solid line" in text and "blue dashed line" in text
    assert "At 10 years" not in text  # beyond the data
    assert textstat.flesch_kincaid_grade(text) <= 8


def test_table_holds_the_numbers_drawn(results, naive):
    table = incidence.incidence_table(results, naive=naive)
    assert list(table.columns) == [
        "time",
        "Cancer incidence",
        "Cancer ci_low",
        "Cancer ci_high",
        "Other incidence",
        "Other ci_low",
        "Other ci_high",
        "1 - Kaplan-Meier",
        "All-cause survival",
    ]
    np.testing.assert_array_equal(table["Cancer incidence"], results[0].incidence)
    np.testing.assert_array_equal(table["All-cause survival"], naive.survival)


def test_bad_input_is_refused(results):
    with pytest.raises(ValueError, match="at least one cumulative incidence"):
        incidence.plot_incidence([])
    with pytest.raises(ValueError, match="At most 6 causes"):
        incidence.plot_incidence(results * 4)
