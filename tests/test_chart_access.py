"""Charts for every reader (issue 18): text alternatives from the drawn labels at grade 8 or below,
3:1 lines and bands, censoring ticks, no leader lines, 16:9 slides with everything in the frame,
narrow layouts, and no legend entry for what cannot be seen.

Tests survival.plot.curve_text, survival.plot.risk_drawing and the chart options of
survival.plot.dataset_charts across every chart kind.
"""

from __future__ import annotations

import struct
import warnings

import numpy as np
import pytest
import textstat
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from survival.datasets.catalogue import load_dataset
from survival.errors import FragileEstimateWarning
from survival.estimate.groups import estimate_groups
from survival.estimate.recent import fit_trend, summarize_trend
from survival.plot import dataset_charts as dc
from survival.plot import style as cs
from survival.plot.curves import plot_comparison, plot_survival
from survival.plot.icons import plot_icons

WINDOW = (2008, 2012)
pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def km():
    from lifelines.datasets import load_gbsg2

    from survival.io.individual import counts_from_frame

    g = load_gbsg2().assign(years=lambda f: f.time / 365.25)
    rows = counts_from_frame(g[["years", "cens", "horTh"]], duration="years", event="cens", group="horTh")
    return estimate_groups(rows, method="kaplan-meier")


@pytest.fixture(scope="module")
def trend(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        return summarize_trend(fit_trend(data, data.select("Distant")), last_year=2013)


def charts(data, km, trend):
    """Every chart kind and option the app and the command line draw."""
    distant = data.select("Distant")
    stages = [data.select(s) for s in data.stages()]
    for presentation in (False, True):
        yield "curve", dc.curve_chart(data, distant, presentation=presentation)
        yield "curve, period", dc.curve_chart(data, distant, window=WINDOW, presentation=presentation)
        yield "curve, lived 2", dc.curve_chart(data, distant, lived=2, presentation=presentation)
        yield "icons", dc.icons_chart(data, distant, window=WINDOW, presentation=presentation)
        yield "icons, lived 2", dc.icons_chart(data, distant, lived=2, presentation=presentation)
        yield "trend", dc.trend_chart(data, distant, figure=0.22, presentation=presentation)
        yield (
            "trend, fitted",
            dc.trend_chart(data, distant, trend=trend, figure=0.6, presentation=presentation),
        )
        yield "compare", dc.compare_chart(data, stages, band=True, presentation=presentation)
        yield "km", dc.groups_chart(km, presentation=presentation)
    yield "curve, narrow", dc.curve_chart(data, distant, lived=3, width=4.6)
    yield "icons, narrow", dc.icons_chart(data, distant, width=4.6)
    yield "trend, narrow", dc.trend_chart(data, distant, trend=trend, width=4.6)
    yield "compare, narrow", dc.compare_chart(data, stages, width=4.6)


@pytest.fixture(scope="module")
def drawn(data, km, trend):
    return list(charts(data, km, trend))


def test_text_alternatives_read_at_grade_8_or_below(drawn):
    for name, chart in drawn:
        grade = textstat.flesch_kincaid_grade(chart.alt_text)
        assert grade <= 8, (name, grade, chart.alt_text)
        assert "\n" not in chart.alt_text and "nan" not in chart.alt_text.lower()


def test_text_alternatives_use_the_drawn_axes(drawn):
    for name, chart in drawn:
        ax = chart.ax
        if ax.axison and name.startswith(("curve", "compare", "km")):
            start = ax.get_xlim()[0]
            assert f"The x axis shows {ax.get_xlabel().lower()}, from {start:g} to" in chart.alt_text, name
            assert f"the y axis shows {ax.get_ylabel().lower()}" in chart.alt_text, name


def test_a_conditional_curve_counts_years_since_diagnosis(data):
    chart = dc.curve_chart(data, data.select("Distant"), lived=2)
    assert chart.ax.get_xlabel() == "Years since diagnosis" and chart.ax.get_xlim()[0] == 2
    assert 2 in chart.ax.get_xticks()  # the axis says where the curve starts
    assert "from 2 to" in chart.alt_text and "at 1 year" not in chart.alt_text
    assert "was 52% at 5 years" in chart.alt_text  # S(5)/S(2), as the words say


def test_lines_and_bands_reach_3_to_1_and_text_4_5_to_1(drawn):
    for name, chart in drawn:
        fig = chart.ax.get_figure(root=True)
        for line in chart.ax.get_lines():
            if line.get_linestyle() != "None" and line.get_gid() not in (None, "reference"):
                assert cs.contrast_ratio(line.get_color()) >= 3, (name, line.get_gid())
        for band in chart.ax.collections:
            gid = str(band.get_gid())
            if "band" in gid:
                edge = band.get_edgecolor()[0]
                assert band.get_linewidth()[0] > 0 and cs.contrast_ratio(edge) >= 3, (name, gid)
        FigureCanvasAgg(fig).draw()
        for t in fig.findobj(Text):
            if t.get_visible() and t.get_text().strip() and chart.ax.axison:
                assert cs.contrast_ratio(t.get_color()) >= 4.5, (name, t.get_text())


def test_every_line_colour_is_named_for_the_text_alternative():
    for color in cs.LINE_COLORS:
        assert color in cs.COLOR_NAMES and cs.contrast_ratio(color) >= 3


def test_kaplan_meier_curves_from_rows_show_censoring_ticks(km):
    chart = dc.groups_chart(km)
    for i, curve in enumerate(km.curves):
        (ticks,) = [line for line in chart.ax.get_lines() if line.get_gid() == f"censored:{i}"]
        has = curve.n_censored > 0
        np.testing.assert_array_equal(ticks.get_xdata(), curve.time[has])
        np.testing.assert_array_equal(ticks.get_ydata(), curve.survival[has])
        assert ticks.get_marker() == "|"
    assert "upright ticks" in chart.alt_text
    plain = plot_survival(list(km.curves))  # off unless asked (the teaching page draws its own)
    assert not [line for line in plain.get_lines() if str(line.get_gid()).startswith("censored")]


def test_direct_labels_have_line_samples_and_no_leader_lines(data):
    stages = [data.select(s) for s in data.stages()]
    ax = dc.compare_chart(data, stages).ax
    assert not [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    samples = [line for line in ax.get_lines() if str(line.get_gid()).startswith("direct-sample")]
    curves = [line for line in ax.get_lines() if str(line.get_gid()).startswith("curve:")]
    assert len(samples) == len(curves) == 3
    for sample, curve in zip(samples, curves):
        assert sample.get_color() == curve.get_color()
        assert min(sample.get_xdata()) > 1  # right of the axes, never joined to the curve


def test_slides_are_exactly_16_9_with_the_title_and_everything_inside(drawn):
    for name, chart in drawn:
        fig = chart.ax.get_figure(root=True)
        if not cs.is_slide(fig):
            continue
        png = cs.figure_bytes(fig, "png")
        width, height = struct.unpack(">II", png[16:24])
        assert (width, height) == (4000, 2250), name
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        frame = fig.bbox
        low, high = chart.ax.get_xlim()
        outside = {  # tick labels matplotlib does not draw (their tick is outside the view)
            tick.label1
            for tick in chart.ax.xaxis.get_major_ticks()
            if not low - 1e-9 <= tick.get_loc() <= high + 1e-9
        }
        for t in fig.findobj(Text):
            if t in outside:
                continue
            if t.get_visible() and t.get_text().strip() and (chart.ax.axison or t.axes is None):
                box = t.get_window_extent(renderer)
                assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= frame.x1 + 1 and box.y1 <= frame.y1 + 1, (
                    name,
                    t.get_text(),
                )
        assert chart.ax.get_title(loc="left")  # the title is drawn inside the frame


def test_no_legend_entry_for_what_cannot_be_seen(data):
    ax = plot_icons([("alive", 100), ("died", 0)])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["100 alive"]
    from survival.plot.icons import icons_alt_text

    assert "0 died" not in icons_alt_text([("alive", 100), ("died", 0)])
    curve = dc.selection_curves(data, data.select("Distant"))[0]
    from dataclasses import replace

    empty = replace(
        curve,
        label="Nothing yet",
        **{
            k: getattr(curve, k)[:1]
            for k in ("time", "survival", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored")
        },
    )
    ax = plot_survival([curve, empty], risk_table=False)
    assert "Nothing yet" not in [t.get_text() for t in ax.get_legend().get_texts()]


def test_narrow_layouts_keep_the_type_and_need_fewer_columns(data):
    wide = dc.curve_chart(data, data.select("Distant")).ax
    narrow = dc.curve_chart(data, data.select("Distant"), width=4.6).ax
    assert narrow.get_figure(root=True).get_figwidth() == pytest.approx(4.6)
    assert len(narrow.get_xticks()) < len(wide.get_xticks())
    sizes = {t.get_fontsize() for t in narrow.get_figure(root=True).findobj(Text) if t.get_text().strip()}
    assert min(sizes) >= 14
    svg = cs.figure_bytes(narrow, "svg").decode()
    import re

    width_pt = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    assert width_pt <= 14 * 330 / 12  # 14-point type stays 12 px tall in a 330-px-wide column


def test_plot_comparison_accepts_the_new_options(data):
    curves = dc.selection_curves(data, data.select("Distant"), measure="relative")
    ax = plot_comparison(curves * 2, xlabel="Years of follow-up", censored=True, width=6)
    assert ax.get_xlabel() == "Years of follow-up"
