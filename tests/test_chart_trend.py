"""Tests for survival.plot.trend: survival by year of diagnosis, with a highlighted figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from survival.estimate.trend import closest_years, years_matching
from survival.plot.style import contrast_ratio, save_figure
from survival.plot.trend import plot_trend, trend_alt_text, trend_table, year_clusters
from survival.words.wording import compact_years, percent_half_up

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


@pytest.fixture(scope="module")
def trend():
    from survival.datasets.catalogue import load_dataset

    return load_dataset().trend


def slice_of(trend, stage, age, years=5) -> pd.DataFrame:
    return trend[(trend["stage"] == stage) & (trend["age"] == age) & (trend["years"] == years)]


def small(values, years=None) -> pd.DataFrame:
    values = np.asarray(values, dtype=float)
    years = list(range(2000, 2000 + len(values))) if years is None else years
    return pd.DataFrame(
        {"year": years, "relative": values, "relative_low": values - 0.02, "relative_high": values + 0.02}
    )


def line(ax, gid):
    (found,) = [artist for artist in ax.lines if artist.get_gid() == gid]
    return found


def test_round_percent_is_half_up():
    assert percent_half_up([0.215, 0.2249, 0.225, 0.21499, 0.005, 0.994]).tolist() == [22, 22, 23, 21, 1, 99]
    assert percent_half_up(0.22)[()] == 22


def test_years_matching_and_closest():
    table = small([0.215, 0.2249, 0.225, 0.2149, np.nan, 0.221])
    assert years_matching(table, "relative", 0.22) == [2000, 2001, 2005]
    assert years_matching(table, "relative", 0.5) == []
    assert closest_years(table, "relative", 0.5) == [2002]
    assert closest_years(small([0.4, 0.6]), "relative", 0.5) == [2000, 2001]  # a tie gives both


def test_year_ranges_and_clusters():
    assert compact_years([1997, 1995, 1996, 1998, 2003]) == "1995\u20131998, 2003"
    assert compact_years([2001]) == "2001"
    assert year_clusters([1975, 1976, 1979, 2002]) == [[1975, 1976, 1979], [2002]]


def test_trend_table_fills_missing_years_with_gaps():
    table = small([0.3, 0.31, 0.33], years=[2000, 2001, 2003])
    out = trend_table(table)
    assert out["year"].tolist() == [2000, 2001, 2002, 2003]
    assert np.isnan(out.loc[2, "relative"]) and out.loc[3, "relative"] == 0.33


def test_trend_table_checks_its_input(trend):
    with pytest.raises(ValueError, match="no column"):
        trend_table(small([0.3]).drop(columns="relative_low"))
    with pytest.raises(ValueError, match="more than once"):
        trend_table(trend[trend["stage"] == "Distant"])


def test_line_band_and_axes(trend):
    table = slice_of(trend, "Distant", "65+")
    ax = plot_trend(table)
    drawn = trend_table(table)
    np.testing.assert_array_equal(line(ax, "trend").get_xydata(), drawn[["year", "relative"]].to_numpy())
    assert line(ax, "trend").get_marker() == "o"
    assert [c.get_gid() for c in ax.collections] == ["band"]
    assert ax.get_xlabel() == "Year of diagnosis"
    assert ax.get_ylabel() == "5-year relative survival"
    assert ax.get_ylim() == (0, 1)
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "50%"


def test_missing_values_leave_gaps_not_zeros():
    table = small([0.3, np.nan, 0.33, 0.34], years=[2000, 2001, 2002, 2004])
    ax = plot_trend(table)
    y = line(ax, "trend").get_ydata()
    assert np.isnan(y[1]) and np.isnan(y[3]) and (np.nan_to_num(y, nan=1) > 0).all()
    assert len(ax.collections[0].get_paths()) == 3  # the band is cut at both gaps (2001, 2003)


def test_highlight_marks_the_matching_years(trend):
    table = slice_of(trend, "Distant", "65+")
    expected = years_matching(table, "relative", 0.22)
    assert expected  # the real data reach 22% in some years
    ax = plot_trend(table, highlight=0.22)
    assert line(ax, "highlight").get_xdata().tolist() == expected
    assert list(line(ax, "reference").get_ydata()) == [0.22, 0.22]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "reference-label"] == ["22%"]
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "highlight-label"]
    assert ", ".join(labels) == ", ".join(compact_years(c) for c in year_clusters(expected))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "Years that round to 22%"


@pytest.mark.parametrize("figure", [22, -0.1, 1.01])
def test_highlight_must_be_a_proportion(trend, figure):
    with pytest.raises(ValueError, match="proportion between 0 and 1"):
        plot_trend(slice_of(trend, "Distant", "65+"), highlight=figure)


def test_highlight_without_a_match_marks_the_closest_year():
    table = small([0.30, 0.35, 0.33, 0.40])
    ax = plot_trend(table, highlight=0.5)
    assert line(ax, "highlight").get_xdata().tolist() == [2003]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "highlight-label"] == ["2003"]
    assert ax.get_legend().get_texts()[-1].get_text() == "Closest to 50% (at 40%)"


def test_observed_values_and_ten_years(trend):
    table = slice_of(trend, "Localized", "All ages", years=10)
    ax = plot_trend(table, value="observed", years_label=10)
    assert ax.get_ylabel() == "10-year observed survival"
    np.testing.assert_array_equal(line(ax, "trend").get_ydata(), trend_table(table, "observed")["observed"])


@pytest.mark.parametrize("presentation", [False, True])
def test_text_is_readable_and_large(trend, presentation):
    ax = plot_trend(
        slice_of(trend, "Regional", "00-49"),
        highlight=0.8,
        presentation=presentation,
        title="Regional, under 50",
    )
    fig = ax.get_figure(root=True)
    FigureCanvasAgg(fig).draw()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 10
    for t in texts:
        assert contrast_ratio(t.get_color(), "white") >= 4.5, t.get_text()
        assert t.get_fontsize() >= (18 if presentation else 14), t.get_text()
    assert line(ax, "trend").get_linewidth() == (3.5 if presentation else 2.5)


def test_alt_text(trend):
    table = slice_of(trend, "Distant", "65+")
    text = trend_alt_text(table, highlight=0.22)
    assert text.startswith(
        "Line chart of 5-year relative survival by year of diagnosis for stage Distant, "
        "age group 65+, from 1975 to 2008"
    )
    assert "from 0% to 100%" in text and "22% in 1975 and 25% in 2008" in text
    assert "The lowest was 13% in 1978. The highest was 27% in 1990." in text
    assert "no value for 2009" in text
    assert f"rounds to it are ringed: {compact_years(years_matching(table, 'relative', 0.22))}." in text
    assert "The closest, ringed, is 2003 at 40%" in trend_alt_text(
        small([0.30, 0.35, 0.33, 0.40]), highlight=0.5
    )


def test_export(trend, tmp_path):
    ax = plot_trend(slice_of(trend, "Localized", "65+"), highlight=0.9)
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        assert save_figure(ax, tmp_path / f"trend{suffix}").read_bytes().startswith(magic)
