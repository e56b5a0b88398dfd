"""A one-page printable summary of the patient page (PDF): the short answer, charts, caveats, questions.

Drawn with matplotlib on one US Letter page (8.5 x 11 inches, which prints on
A4 with margins): the explanation's title and short answer, the icon array
and the survival curve, how the figure was made, what the numbers cannot tell,
the questions for the care team, and the data source with the date made.
Text is the explanation's own (Markdown marks removed), so the page and the
printout say the same.
"""

from __future__ import annotations

import datetime as dt
import re

from matplotlib.figure import Figure

from survival.datasets.dataset import Dataset, Selection
from survival.estimate.recent import Window
from survival.plot import style as cs
from survival.plot.curves import plot_survival
from survival.plot.dataset_charts import icon_counts, selection_curves
from survival.plot.icons import plot_icons
from survival.words.explanation import Explanation

PAGE_SIZE = (8.5, 11.0)
MARGIN = 0.6  # inches
BODY = 10.0  # points
_MARKS = re.compile(r"\*\*|__|^- ", re.M)


def plain_text(markdown: str) -> str:
    """Markdown as plain text for print: bold marks and list dashes removed, escapes undone."""
    return _MARKS.sub("", markdown).replace("\\", "")


class _Writer:
    """Writes wrapped paragraphs down the page from the top, in inches."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.y = PAGE_SIZE[1] - MARGIN
        self.width = (PAGE_SIZE[0] - 2 * MARGIN) * 72

    def text(self, text: str, size: float = BODY, *, bold: bool = False, gap: float = 0.08) -> None:
        wrapped = "\n".join(cs.wrap(line, size, self.width, bold=bold) for line in text.split("\n"))
        lines = wrapped.count("\n") + 1
        self.fig.text(
            MARGIN / PAGE_SIZE[0],
            self.y / PAGE_SIZE[1],
            wrapped,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=cs.TEXT_COLOR,
            va="top",
            ha="left",
            linespacing=1.3,
        )
        self.y -= lines * size * 1.3 / 72 * 1.2 + gap

    def skip(self, inches: float) -> None:
        self.y -= inches


def summary_page(
    dataset: Dataset,
    selection: Selection,
    explanation: Explanation,
    *,
    lived: int = 0,
    window: Window | None = None,
    made_on: dt.date | None = None,
) -> Figure:
    """The one-page summary as a Figure (save it with :func:`survival.plot.style.figure_bytes` as PDF).

    Parameters
    ----------
    dataset, selection
        The figures' dataset and group.
    explanation : Explanation
        The same selection's explanation (:func:`survival.words.explanation.explain`, same ``lived``
        and ``window``).
    lived : int
        Years already lived since diagnosis.
    window : tuple of int, optional
        The period window of the figures (None: the cohort of the selection's period).
    made_on : date, optional
        The date printed (default today).
    """
    fig = Figure(figsize=PAGE_SIZE, facecolor="white")
    fig.set_label(cs.PAGE)
    out = _Writer(fig)
    out.text(explanation.title, 15, bold=True)
    out.text("The short answer", 12, bold=True, gap=0.02)
    out.text(plain_text(explanation.section("headline").text))
    charts_top = out.y
    _charts(fig, dataset, selection, lived, window, charts_top)
    out.y = charts_top - 3.5
    for key in ("made", "limits"):
        section = explanation.section(key)
        out.text(section.heading, 11, bold=True, gap=0.02)
        out.text(plain_text(section.text), 9)
    questions = dataset.description.questions
    if questions:
        out.text("Questions worth asking your care team", 11, bold=True, gap=0.02)
        out.text("\n".join(f"\u2022 {q}" for q in questions), 9)
    date = (made_on or dt.date.today()).isoformat()
    out.text(
        f"Data: {dataset.description.citation} Made with Survival Explorer on {date}. "
        "These figures describe groups of people diagnosed years ago, not any one person. "
        "This is not medical advice.",
        7.5,
    )
    return fig


def _charts(fig: Figure, dataset: Dataset, selection: Selection, lived: int, window, top: float) -> None:
    """The icon array (left) and the curve (right), 3.2 inches tall under ``top``."""
    height = 2.6 / PAGE_SIZE[1]
    bottom = (top - 3.1) / PAGE_SIZE[1]
    if dataset.lifetables.has_expected:
        pairs, title = icon_counts(dataset, selection, lived=lived, window=window)
        icons = fig.add_axes((MARGIN / PAGE_SIZE[0], bottom, 0.2, height))
        plot_icons(pairs, ax=icons)
        icons.set_title(title.split("\n")[0], loc="left", fontsize=9, color=cs.TEXT_COLOR)
        key = icons.get_legend()
        for text in key.get_texts() if key is not None else []:
            text.set_fontsize(9)
    curves = selection_curves(dataset, selection, lived=lived, window=window)
    curve = fig.add_axes((0.6, bottom + 0.3 / PAGE_SIZE[1], 0.34, height - 0.55 / PAGE_SIZE[1]))
    plot_survival(curves, ax=curve, risk_table=False)
    for text in curve.texts + curve.get_xticklabels() + curve.get_yticklabels():
        text.set_fontsize(9)
    curve.xaxis.label.set_fontsize(9)
    curve.yaxis.label.set_fontsize(9)
    legend = curve.get_legend()
    if legend is not None:
        for text in legend.get_texts():
            text.set_fontsize(8)
