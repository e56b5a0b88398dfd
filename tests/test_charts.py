"""Tests for survival.plot.curves and survival.plot.style: what is drawn, read back from the artists.

Curves are drawn as proportions, so a line's data is the curve's time and survival.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from survival.plot import style as cs
from survival.plot.curves import (
    comparison_alt_text,
    comparison_table,
    curve_labels,
    plot_comparison,
    plot_survival,
    survival_alt_text,
    survival_table,
)
from survival.plot.risk_table import risk_table

ROOT = Path(__file__).resolve().parents[1]
CHART_MODULES = ("chart_style", "charts", "chart_icons", "chart_trend")


pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


@pytest.fixture(scope="module")
def data():
    from survival.datasets.catalogue import load_dataset

    return load_dataset()


@pytest.fixture(scope="module")
def obs_rel(data):
    from survival.estimate.actuarial import actuarial

    est = actuarial(data.table(data.select("distant", "65+", "1990-1994")))
    return est.observed(label="Observed"), est.relative(label="Relative")


@pytest.fixture(scope="module")
def stages(data):
    from survival.estimate.actuarial import actuarial

    return [
        actuarial(data.table(data.select(s, "All ages", "2005-2009"))).relative(label=s)
        for s in data.stages()
    ]


@pytest.fixture(scope="module")
def km_groups():
    from lifelines.datasets import load_gbsg2

    from survival.estimate.kaplan_meier import kaplan_meier

    g = load_gbsg2()
    return [
        kaplan_meier(g.time[g.horTh == h] / 365.25, g.cens[g.horTh == h], label=f"Hormone therapy: {h}")
        for h in ("no", "yes")
    ]


def draw(ax) -> FigureCanvasAgg:
    fig = ax.get_figure(root=True)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas


def visible_texts(ax) -> list[Text]:
    draw(ax)
    fig = ax.get_figure(root=True)
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def by_gid(ax, gid: str) -> list[Text]:
    return sorted((t for t in ax.texts if t.get_gid() == gid), key=lambda t: t.get_position()[0])


def curve_lines(ax):
    return [line for line in ax.lines if str(line.get_gid()).startswith("curve:")]


def assert_apart(texts, renderer) -> None:
    boxes = [Text.get_window_extent(t, renderer) for t in texts]  # the text alone, not an arrow
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), "texts overlap"


# -- chart_style ---------------------------------------------------------------------------------


def test_contrast_ratio_follows_wcag():
    assert cs.contrast_ratio("black", "white") == pytest.approx(21)
    assert cs.contrast_ratio("white", "white") == pytest.approx(1)
    assert cs.contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)
    assert cs.contrast_ratio("#E69F00", "white") == pytest.approx(2.25, abs=0.05)
    assert cs.contrast_ratio("white", "black") == cs.contrast_ratio("black", "white")


@pytest.mark.parametrize("color", list(cs.OKABE_ITO.values()))
def test_readable_on_reaches_4_5_and_keeps_the_hue(color):
    from matplotlib.colors import rgb_to_hsv, to_rgb

    readable = cs.readable_on(color)
    assert cs.contrast_ratio(readable, "white") >= 4.5
    if cs.contrast_ratio(color, "white") >= 4.5:
        assert readable.lower() == color.lower()
    elif color != "#000000":
        assert rgb_to_hsv(to_rgb(readable))[0] == pytest.approx(rgb_to_hsv(to_rgb(color))[0], abs=0.02)
    assert cs.contrast_ratio(cs.readable_on(color, bg="black"), "black") >= 4.5


def test_spread_positions_keeps_order_and_gap():
    out = cs.spread_positions([0.5, 0.51, 0.2, 0.99], gap=0.05)
    assert np.argsort(out).tolist() == [2, 0, 1, 3]
    assert np.diff(np.sort(out)).min() >= 0.05 - 1e-12
    assert out.max() <= 1 and out[2] == 0.2


def test_sizes_are_slide_ready():
    normal, big = cs.style_for(), cs.style_for(presentation=True)
    assert (normal.width, normal.height, normal.font, normal.line) == (10, 6.25, 14, 2.5)
    assert big.font >= 18 and big.line > normal.line


def test_chart_modules_avoid_pyplot_and_global_rcparams():
    for path in sorted((ROOT / "survival" / "plot").glob("*.py")):
        source = path.read_text()
        assert "import pyplot" not in source and "matplotlib.pyplot" not in source
        assert "gca(" not in source and "gcf(" not in source
        assert "rcParams[" not in source and "rcParams.update" not in source


def test_import_survival_does_not_import_charts():
    code = (
        "import sys, survival; survival.actuarial; "
        "print(sorted(m for m in sys.modules if m.startswith('survival.chart') or m == 'survival.plot.risk_table'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- plot_survival ---------------------------------------------------------------------------------


def test_actuarial_curves_are_straight_lines_through_the_curve(obs_rel):
    ax = plot_survival(list(obs_rel))
    lines = curve_lines(ax)
    assert len(lines) == 2
    for line, c in zip(lines, obs_rel):
        np.testing.assert_array_equal(line.get_xydata(), np.column_stack([c.time, c.survival]))
        assert line.get_drawstyle() == "default"
        assert line.get_linewidth() == 2.5
    assert [line.get_label() for line in lines] == ["Observed", "Relative"]
    assert ax.get_xlabel() == "Years since diagnosis"
    assert ax.get_ylabel() == "Survival"
    assert ax.get_ylim() == (0, 1)
    assert ax.get_xlim() == (0, obs_rel[0].last_time)
    assert ax.yaxis.get_major_formatter()(1.0, 0) == "100%"
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure) and fig.get_figwidth() == 10 and fig.get_figheight() >= 6.25


def test_kaplan_meier_curves_are_steps_with_step_bands(km_groups):
    ax = plot_survival(km_groups[0])
    (line,) = curve_lines(ax)
    c = km_groups[0]
    assert line.get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(line.get_xydata(), np.column_stack([c.time, c.survival]))
    (band,) = [p for p in ax.collections if p.get_gid() == "band:0"]
    assert band.get_facecolor()[0][3] == pytest.approx(0.2)
    # A step band has two vertices per time on each edge.
    assert len(band.get_paths()[0].vertices) >= 4 * len(c.time) - 2
    assert ax.get_ylabel() == "Observed survival"


def test_band_can_be_turned_off(obs_rel):
    assert [p.get_gid() for p in plot_survival(list(obs_rel)).collections] == ["band:0", "band:1"]
    assert len(plot_survival(list(obs_rel), band=False).collections) == 0


def test_risk_table_shows_risk_table_numbers_at_the_ticks(stages):
    ax = plot_survival(stages)
    ticks = ax.get_xticks()
    assert 2 <= len(ticks) <= 11
    for b, c in enumerate(stages):
        expected = risk_table(c, ticks)
        heading = by_gid(ax, f"risk-table:{b}:heading")[0]
        assert heading.get_text() == c.label
        assert heading.get_color() == cs.readable_on(curve_lines(ax)[b].get_color())
        assert [t.get_text() for t in by_gid(ax, f"risk-table:{b}:label")] == [
            "At risk",
            "Events",
            "Censored",
        ]
        for column in ("at_risk", "events", "censored"):
            cells = by_gid(ax, f"risk-table:{b}:{column}")
            assert [t.get_text() for t in cells] == [f"{v:,}" for v in expected[column]]
            assert [t.get_position()[0] for t in cells] == pytest.approx(ticks)


def test_observed_and_relative_share_one_block(obs_rel):
    ax = plot_survival(list(obs_rel))
    assert [t.get_text() for t in ax.texts if t.get_gid() == "risk-table:0:heading"] == [
        "Observed and Relative (the same people)"
    ]
    assert not by_gid(ax, "risk-table:1:at_risk")
    ticks = ax.get_xticks()
    assert ticks.tolist() == [0, 5, 10, 15, 20]
    expected = risk_table(obs_rel[0], ticks)
    assert [t.get_text() for t in by_gid(ax, "risk-table:0:events")] == [f"{v:,}" for v in expected["events"]]


def test_risk_times_and_no_risk_table(obs_rel, km_groups):
    ax = plot_survival(obs_rel[0], risk_times=[0, 2, 4, 6])
    assert ax.get_xticks().tolist() == [0, 2, 4, 6]
    assert [t.get_text() for t in by_gid(ax, "risk-table:0:at_risk")] == ["2,267", "847", "453", "260"]
    assert not any(
        str(t.get_gid()).startswith("risk-table") for t in plot_survival(obs_rel[0], risk_table=False).texts
    )
    # Cells after a curve's last time stay empty.
    ax = plot_survival(km_groups, risk_times=[0, 7, 7.2])
    assert len(by_gid(ax, "risk-table:0:at_risk")) == 2 and len(by_gid(ax, "risk-table:1:at_risk")) == 3


def test_risk_table_cells_and_labels_do_not_overlap(stages, km_groups, obs_rel):
    for ax in (
        plot_survival(stages),
        plot_comparison(km_groups, presentation=True),
        plot_survival(list(obs_rel), presentation=True),
    ):
        renderer = draw(ax).get_renderer()
        for gid in {t.get_gid() for t in ax.texts if str(t.get_gid()).startswith("risk-table")}:
            row = [t for t in ax.texts if t.get_gid() == gid]
            if gid.endswith(("at_risk", "events", "censored")):
                assert_apart(row + by_gid(ax, gid.rsplit(":", 1)[0] + ":label"), renderer)
        ticks = ax.get_xticklabels() + [ax.xaxis.label]
        first_rows = [t for t in ax.texts if str(t.get_gid()).startswith("risk-table:0:")]
        for tick in ticks:
            for t in first_rows:
                assert not tick.get_window_extent(renderer).overlaps(t.get_window_extent(renderer))


def test_given_axes_are_used_and_the_table_is_saved(obs_rel, tmp_path):
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    assert plot_survival(obs_rel[0], ax=ax) is ax
    assert tuple(fig.get_size_inches()) == (8, 5)
    path = cs.save_figure(ax, tmp_path / "given.png")
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    assert height > 5 * 300  # the tight box reaches down to the risk table under the axes


# -- plot_comparison -------------------------------------------------------------------------------


def test_comparison_lines_differ_without_colour_and_are_labelled(stages):
    ax = plot_comparison(stages)
    lines = curve_lines(ax)
    assert len(lines) == 3 and ax.get_legend() is None
    patterns = [str(line._unscaled_dash_pattern) for line in lines]
    assert len(set(patterns)) == 3
    labels = [t for t in ax.texts if t.get_gid() == "direct-label"]
    assert [t.get_text() for t in labels] == ["Localized", "Regional", "Distant"]
    assert ax.get_ylabel() == "Relative survival" and len(ax.collections) == 0
    for line, c in zip(lines, stages):
        np.testing.assert_array_equal(line.get_xydata(), np.column_stack([c.time, c.survival]))


def test_direct_labels_are_nudged_apart(data):
    from survival.estimate.actuarial import actuarial

    # Four age groups of one stage end close together.
    curves = [
        actuarial(data.table(data.select("Localized", age, "1990-1994"))).relative(label=age)
        for age in data.ages()
    ]
    ax = plot_comparison(curves)
    renderer = draw(ax).get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "direct-label"]
    assert len(labels) == 4
    assert_apart(labels, renderer)
    assert len({str(line._unscaled_dash_pattern) for line in curve_lines(ax)}) == 4


def test_comparison_refuses_more_groups_than_line_styles(stages):
    with pytest.raises(ValueError, match="at most 7 groups"):
        plot_comparison(stages * 3)


# -- text, size and contrast for every chart kind ----------------------------------------------------


def chart_makers(obs_rel, stages, km_groups):
    return {
        "survival": lambda p: plot_survival(list(obs_rel), presentation=p, title="Distant, 65+"),
        "km": lambda p: plot_survival(km_groups, presentation=p),
        "comparison": lambda p: plot_comparison(stages, presentation=p, band=True, title="By stage"),
    }


@pytest.mark.parametrize("presentation", [False, True])
def test_every_text_is_readable_and_large(obs_rel, stages, km_groups, presentation):
    for kind, make in chart_makers(obs_rel, stages, km_groups).items():
        ax = make(presentation)
        texts = visible_texts(ax)
        assert len(texts) > 20, kind
        for t in texts:
            assert cs.contrast_ratio(t.get_color(), "white") >= 4.5, (kind, t.get_text())
            assert t.get_fontsize() >= (18 if presentation else 14), (kind, t.get_text())


def test_presentation_lines_are_thicker(obs_rel):
    assert curve_lines(plot_survival(obs_rel[0], presentation=True))[0].get_linewidth() == 3.5


# -- text alternatives and tables --------------------------------------------------------------------


def test_survival_alt_text_names_axes_and_values(obs_rel):
    text = survival_alt_text(list(obs_rel))
    assert "years since diagnosis, from 0 to 23" in text and "from 0% to 100%" in text
    assert "actuarial" in text and "95% confidence" in text
    assert "Observed was 54% at 1 year (95% CI 52% to 56%). It was 15% at 5 years" in text
    assert "Relative was 57% at 1 year" in text
    assert "A black solid line shows observed survival. A blue dashed line shows relative survival." in text
    assert "number still at risk" in text
    assert "\n" not in text
    assert "risk" not in survival_alt_text(obs_rel[0], risk_table=False)


def test_comparison_alt_text_ranks_the_groups(stages, km_groups):
    text = comparison_alt_text(stages)
    assert "3 groups" in text and "labelled at its right end" in text
    assert "At 5 years, from highest to lowest: Localized 99%, Regional 87% and Distant 32%." in text
    assert "Kaplan-Meier" in comparison_alt_text(km_groups, risk_times=[0, 2, 4])
    assert "at 0, 2 and 4 years" in comparison_alt_text(km_groups, risk_times=[0, 2, 4])


def test_tables_hold_the_numbers_drawn(obs_rel, km_groups):
    table = survival_table(list(obs_rel))
    assert list(table.columns) == [
        "time",
        "Observed survival",
        "Observed ci_low",
        "Observed ci_high",
        "Relative survival",
        "Relative ci_low",
        "Relative ci_high",
    ]
    np.testing.assert_array_equal(table["time"], obs_rel[0].time)
    np.testing.assert_array_equal(table["Relative ci_high"], obs_rel[1].ci_high)
    both = comparison_table(km_groups)
    assert len(both) == len(np.union1d(km_groups[0].time, km_groups[1].time))
    column = both.set_index("time")["Hormone therapy: yes survival"].dropna()
    np.testing.assert_array_equal(column.to_numpy(), km_groups[1].survival)


def test_curve_labels_are_unique_and_never_empty(obs_rel):
    from dataclasses import replace

    unnamed = replace(obs_rel[0], label="")
    assert curve_labels([unnamed, unnamed, obs_rel[1]]) == [
        "Observed survival",
        "Observed survival (2)",
        "Relative",
    ]


# -- export ----------------------------------------------------------------------------------------


def png_dpi(data: bytes) -> float:
    at = data.index(b"pHYs")
    x, _, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
    assert unit == 1  # pixels per metre
    return x * 0.0254


def test_save_figure_writes_png_svg_pdf(obs_rel, tmp_path):
    ax = plot_survival(list(obs_rel))
    png = cs.save_figure(ax, tmp_path / "chart.png", description="A chart")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png_dpi(png.read_bytes()) == pytest.approx(300, abs=0.1)
    svg = cs.save_figure(ax.get_figure(root=True), tmp_path / "chart.svg")
    head = svg.read_text()
    assert "<svg" in head and "At risk" in head  # text stays text
    pdf = cs.save_figure(ax, tmp_path / "chart.PDF")
    assert pdf.read_bytes()[:4] == b"%PDF"
    assert png_dpi(cs.save_figure(ax, tmp_path / "fine.png", dpi=600).read_bytes()) == pytest.approx(
        600, abs=0.1
    )


def test_save_figure_refuses_other_formats_and_low_dpi(obs_rel, tmp_path):
    ax = plot_survival(obs_rel[0], risk_table=False)
    with pytest.raises(ValueError, match=r"\.png, \.svg, \.pdf"):
        cs.save_figure(ax, tmp_path / "chart.jpg")
    with pytest.raises(ValueError, match="300 dpi"):
        cs.save_figure(ax, tmp_path / "chart.png", dpi=150)
    assert not list(tmp_path.iterdir())
