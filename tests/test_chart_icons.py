"""Tests for survival.plot.icons: 100 person icons, counted back from the drawing."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from survival.plot.icons import (
    PERSON,
    check_counts,
    icon_positions,
    icons_alt_text,
    icons_table,
    plot_icons,
)
from survival.plot.style import contrast_ratio, save_figure
from survival.words.wording import split_100

OUTCOMES = [("alive", 26), ("died of breast cancer", 60), ("died of other causes", 14)]


pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def icon_groups(ax):
    return [c for c in ax.collections if str(c.get_gid()).startswith("icons:")]


def centres(collection) -> np.ndarray:
    """Each icon's position: the PERSON glyph, drawn once per offset (data units)."""
    assert collection.get_paths() == [PERSON]
    return np.asarray(collection.get_offsets())


def test_icons_are_counted_per_outcome():
    ax = plot_icons(OUTCOMES)
    groups = icon_groups(ax)
    assert [c.get_label() for c in groups] == [label for label, _ in OUTCOMES]
    assert [len(c.get_offsets()) for c in groups] == [26, 60, 14]
    assert sum(len(c.get_offsets()) for c in groups) == 100


def test_icons_fill_row_by_row_from_the_top_left_in_order():
    ax = plot_icons(OUTCOMES)
    drawn = np.vstack([centres(c) for c in icon_groups(ax)])
    np.testing.assert_allclose(drawn, icon_positions(), atol=1e-12)
    positions = icon_positions()
    assert positions[0].tolist() == [0, positions[:, 1].max()]  # top left first
    assert positions[1, 1] == positions[0, 1] and positions[10, 1] < positions[0, 1]  # then along the row


def test_each_outcome_reads_without_colour():
    groups = icon_groups(plot_icons([("a", 20), ("b", 20), ("c", 20), ("d", 15), ("e", 15), ("f", 10)]))
    looks = {(tuple(np.round(c.get_facecolor()[0], 3)) == (1, 1, 1, 1), c.get_hatch()) for c in groups}
    assert len(looks) == 6  # fill and hatch differ, not only colour
    assert len({tuple(c.get_edgecolor()[0]) for c in groups}) == 6


def test_legend_says_each_outcome_with_its_count():
    ax = plot_icons(OUTCOMES, title="Ten years after diagnosis")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "26 alive",
        "60 died of breast cancer",
        "14 died of other causes",
    ]
    assert ax.get_title(loc="left") == "Ten years after diagnosis"
    assert not ax.axison


@pytest.mark.parametrize("presentation", [False, True])
def test_text_is_readable_and_large(presentation):
    ax = plot_icons(OUTCOMES, presentation=presentation, title="What happened")
    fig = ax.get_figure(root=True)
    FigureCanvasAgg(fig).draw()
    hidden = set(ax.xaxis.findobj(Text)) | set(ax.yaxis.findobj(Text))  # the axis is off
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t not in hidden]
    assert len(texts) == 4
    for t in texts:
        assert contrast_ratio(t.get_color(), "white") >= 4.5
        assert t.get_fontsize() >= (18 if presentation else 14)


def test_zero_counts_and_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_icons([("alive", 100), ("died", 0)], ax=ax) is ax
    assert [len(c.get_offsets()) for c in icon_groups(ax)] == [100, 0]
    assert icon_groups(ax)[1].get_paths() == []  # no glyph either: nothing drawn at the origin


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([("alive", 26), ("died", 73)], "add up to 99"),
        ([("alive", 26), ("died", 75)], "add up to 101"),
        ([("alive", 26.5), ("died", 73.5)], "whole numbers"),
        ([("alive", -1), ("died", 101)], "0 or more"),
        ([("died", 50), ("died", 50)], "own non-empty label"),
        ([("", 50), ("died", 50)], "own non-empty label"),
        ([(str(i), 10) for i in range(10)], "1 to 6 outcomes"),
    ],
)
def test_counts_are_checked(counts, message):
    with pytest.raises(ValueError, match=message):
        plot_icons(counts)


def test_whole_floats_and_numpy_integers_are_accepted():
    assert check_counts([("a", 40.0), ("b", np.int64(60))]) == [("a", 40), ("b", 60)]


def test_icons_use_the_explanations_rounding():
    counts = split_100(0.255, 0.604, 0.141)
    assert counts == (26, 60, 14)
    ax = plot_icons(list(zip(("alive", "cancer", "other"), counts)))
    assert "26 alive" in icons_alt_text(list(zip(("alive", "cancer", "other"), counts)))
    ax.figure.clear()


def test_alt_text_and_table():
    text = icons_alt_text(OUTCOMES, title="Ten years after diagnosis")
    assert text.startswith("Ten years after diagnosis. Icon array of 100 people")
    assert "10 rows of 10" in text and "26 alive (solid blue icons)" in text
    assert "60 died of breast cancer (striped vermillion icons) and 14 died of other causes" in text
    table = icons_table(OUTCOMES)
    assert table.to_dict("list") == {
        "outcome": ["alive", "died of breast cancer", "died of other causes"],
        "people": [26, 60, 14],
    }


def test_export(tmp_path):
    ax = plot_icons(OUTCOMES)
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        path = save_figure(ax, tmp_path / f"icons{suffix}")
        assert path.read_bytes().startswith(magic)
    assert "<svg" in (tmp_path / "icons.svg").read_text()
