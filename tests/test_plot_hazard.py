"""survival.plot.hazard: cumulative and smoothed hazard charts draw the estimates, never use pyplot."""

from __future__ import annotations

import numpy as np
import pytest
import textstat
from matplotlib.figure import Figure

from survival.estimate.cumulative_hazard import hazard_interval, nelson_aalen
from survival.estimate.hazard_smoothing import smoothed_hazard
from survival.plot import hazard
from survival.plot import style as cs

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


@pytest.fixture(scope="module")
def estimates():
    rng = np.random.default_rng(20240611)
    out = []
    for label, rate in (("Slow", 0.1), ("Fast", 0.4)):
        t = rng.exponential(1 / rate, 400).round(2)
        e = (t < 8).astype(int)
        out.append(nelson_aalen(np.minimum(t, 8), e, label=label))
    return out


def test_cumulative_hazard_lines_and_bands(estimates):
    ax = hazard.plot_cumulative_hazard(estimates)
    lines = [line for line in ax.get_lines() if str(line.get_gid()).startswith("cumhaz")]
    for line, h in zip(lines, estimates):
        np.testing.assert_array_equal(line.get_ydata(), h.cumhaz)
        assert line.get_drawstyle() == "steps-post"
    assert [line.get_color() for line in lines] == list(cs.LINE_COLORS[:2])
    assert {c.get_gid() for c in ax.collections} == {"band:0", "band:1"}
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "95% confidence interval (log)"
    assert ax.get_ylabel() == hazard.CUMULATIVE_LABEL and ax.get_ylim()[0] == 0


def test_smoothed_hazard_is_per_100_per_year_with_a_log_band(estimates):
    smooth = [smoothed_hazard(h, end=6.0) for h in estimates]
    ax = Figure().subplots()
    assert hazard.plot_smoothed_hazard(smooth, ax=ax) is ax
    lines = [line for line in ax.get_lines() if str(line.get_gid()).startswith("hazard")]
    np.testing.assert_allclose(lines[1].get_ydata(), 100 * smooth[1].hazard)
    low, high = hazard.rate_interval(smooth[1])
    want_low, want_high = hazard_interval(smooth[1].hazard, smooth[1].se, 0.95, "log")
    np.testing.assert_array_equal(low, want_low)
    np.testing.assert_allclose(
        high, smooth[1].hazard * np.exp(1.959963984540054 * smooth[1].se / smooth[1].hazard)
    )
    table = hazard.smoothed_hazard_table(smooth)
    np.testing.assert_allclose(table["Fast deaths per 100 per year"], 100 * smooth[1].hazard)
    np.testing.assert_allclose(table["Fast ci_low"], 100 * low)
    # The simulated rates were 10 and 40 per 100 per year
    assert (
        abs(np.median(100 * smooth[0].hazard) - 10) < 4 and abs(np.median(100 * smooth[1].hazard) - 40) < 12
    )


def test_alt_texts_come_from_the_values(estimates):
    text = hazard.cumulative_hazard_alt_text(estimates)
    assert (
        f"At 5 years: Slow {float(estimates[0].at(5.0)[0]):.2f}, Fast {float(estimates[1].at(5.0)[0]):.2f}."
        in text
    )
    assert "Shaded bands show 95% intervals (log)." in text
    smooth = [smoothed_hazard(h, end=6.0) for h in estimates]
    text = hazard.smoothed_hazard_alt_text(smooth, band=False)
    top = int(np.argmax(smooth[1].hazard))
    assert f"Fast: highest, {100 * smooth[1].hazard[top]:.1f}, at {smooth[1].time[top]:.1f} years" in text
    assert "Shaded" not in text and "At 10" not in text
    for t in (text, hazard.cumulative_hazard_alt_text(estimates, band=False)):
        assert textstat.flesch_kincaid_grade(t) <= 8


def test_tables_and_refusals(estimates):
    table = hazard.cumulative_hazard_table(estimates)
    assert list(table.columns[:4]) == ["time", "Slow cumulative hazard", "Slow ci_low", "Slow ci_high"]
    with pytest.raises(ValueError, match="at least one estimate"):
        hazard.plot_cumulative_hazard([])
    with pytest.raises(ValueError, match="At most 7 groups"):
        hazard.plot_cumulative_hazard(estimates * 4)
