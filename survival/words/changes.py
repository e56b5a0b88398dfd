"""How survival changed over the years of diagnosis, and why figures from elsewhere may differ.

Each function returns (paragraph, numbers used), like :mod:`survival.words.sentences`.
The trend is a joinpoint model's (:class:`~survival.estimate.recent.TrendSummary`);
the figure-finding never claims to know where a reader's figure came from: it
lists the usual reasons figures differ and says which years of diagnosis in
these data give that value.
"""

from __future__ import annotations

import pandas as pd

from survival.datasets.dataset import Dataset, Selection
from survival.estimate.recent import TrendSummary
from survival.estimate.trend import FigureMatch
from survival.words.sentences import group_words
from survival.words.wording import out_of_100, percent_words, period_words, points_text, year_ranges

OTHER_SOURCES = (
    "Other registries and hospital databases, such as the U.S. National Cancer Database, include "
    "different people and give different figures."
)
MEASURES = (
    "Relative survival leaves out deaths from other causes. Observed survival counts every death. "
    "Published figures are most often relative survival."
)


def periods_text(periods: pd.DataFrame, horizon: int = 5) -> tuple[str, dict]:
    """``horizon``-year relative survival of the first and the latest period with full follow-up."""
    rows = periods.dropna(subset=["relative"]) if "relative" in periods else periods.iloc[:0]
    if rows.empty:
        return "", {}
    first, last = rows.iloc[0], rows.iloc[-1]
    numbers = {p: float(v) for p, v in zip(rows["period"], rows["relative"])}
    text = (
        f"For people diagnosed in {period_words(first['period'])}, {horizon}-year relative survival was "
        f"about {out_of_100(first['relative'])}%."
    )
    if len(rows) > 1:
        text += (
            f" For people diagnosed in {period_words(last['period'])}, it was about "
            f"{out_of_100(last['relative'])}%. Those are the latest years with {horizon} full years of "
            "follow-up."
        )
    return text, numbers


def _segment(row, horizon: int, first: bool) -> str:
    lead = f"From {row.start_year} to {row.end_year}, {horizon}-year relative survival"
    if not first:
        lead = f"Before that, from {row.start_year} to {row.end_year}, it"
    change, low, high = row.absolute_change, row.absolute_low, row.absolute_high
    likely = f"likely between {points_text(low)} and {points_text(high)}"
    if low > 0:
        return f"{lead} rose by about {points_text(change)} points a year ({likely})."
    if high < 0:
        return f"{lead} fell by about {points_text(change)} points a year ({likely})."
    return (
        f"{lead} stayed about the same. The change, about {points_text(change)} points a year, could be "
        "up or down."
    )


def trend_text(trend: TrendSummary) -> tuple[str, dict]:
    """The joinpoint trend in plain words: each segment's yearly change, newest first, with its range."""
    joins = trend.joinpoints
    if joins:
        where = f" It finds the years where the trend changed: {year_ranges(list(joins))}."
    else:
        where = " It found no year where the trend changed."
    parts = [f"A trend line was fitted to the yearly figures.{where}"]
    rows = list(trend.segments.itertuples(index=False))[::-1]
    parts += [_segment(row, trend.horizon, i == 0) for i, row in enumerate(rows)]
    parts.append("A point is 1 person in 100.")
    numbers = {
        "joinpoints": joins,
        "segments": [
            (r.start_year, r.end_year, r.absolute_change, r.absolute_low, r.absolute_high) for r in rows
        ],
    }
    return " ".join(parts), numbers


def changed_text(periods: pd.DataFrame, trend: TrendSummary | None, horizon: int = 5) -> tuple[str, dict]:
    """How survival changed: the periods with full follow-up, then the fitted trend."""
    text, numbers = periods_text(periods, horizon)
    if trend is not None:
        more, trend_numbers = trend_text(trend)
        text = f"{text} {more}".strip()
        numbers = {**numbers, "trend": trend_numbers}
    if not text:
        return "These data do not have enough years of diagnosis to show a change.", {}
    return text, numbers


def _stage_item(data: Dataset) -> str:
    staging = data.description.staging
    if staging is None:
        return ""
    return f"- **Stage.** These data use {staging.system}. {staging.note}".rstrip() + "\n"


def _years_item(data: Dataset, sel: Selection, match: FigureMatch | None, figure: float | None) -> str:
    if match is None or figure is None:
        return (
            "- **Years of diagnosis.** Figures describe people diagnosed years ago, and survival has "
            "changed over time.\n"
        )
    target = percent_words(figure)
    measure = "relative survival" if match.measure == "relative" else "survival"
    group = group_words(data, sel)
    if match.years:
        found = (
            f"In these data, 5-year {measure} was about {target} for {group} diagnosed in "
            f"{year_ranges(match.years)}."
        )
    elif match.closest:
        found = (
            f"No year in these data gives exactly {target}. The closest is about "
            f"{out_of_100(match.closest_value)}%, for {group} diagnosed in {year_ranges(match.closest)}."
        )
    else:
        found = "These data have no 5-year figures to compare."
    return f"- **Years of diagnosis.** Figures describe people diagnosed years ago. {found}\n"


def figure_text(
    data: Dataset,
    sel: Selection,
    recent: dict[str, float],
    match: FigureMatch | None = None,
    figure: float | None = None,
) -> tuple[str, dict]:
    """Why a figure heard elsewhere may differ from ours: the honest list, never a single guess.

    ``recent`` holds our headline ``observed`` and ``relative`` 5-year figures
    (either may be NaN); ``match`` (with ``figure``) says which years of
    diagnosis in these data give the reader's figure.
    """
    lead = "We cannot know where a figure you were told came from. Figures differ for these reasons:"
    if figure is not None:
        lead = (
            f"You may have been told {percent_words(figure)}. We cannot know where it came from. "
            "Figures differ for these reasons:"
        )
    ours = []
    for name in ("relative", "observed"):
        v = recent.get(name, float("nan"))
        if v == v:
            ours.append(f"{out_of_100(v)}% ({name})")
    measure = MEASURES + (f" Our newest 5-year figures here are about {' and '.join(ours)}." if ours else "")
    text = (
        f"{lead}\n\n{_stage_item(data)}- **Measure.** {measure}\n"
        f"{_years_item(data, sel, match, figure)}- **Source.** {OTHER_SOURCES}"
    )
    numbers: dict[str, object] = {"figure": figure, **recent}
    if match is not None:
        numbers.update({"years": match.years, "closest": match.closest})
    return text, numbers
