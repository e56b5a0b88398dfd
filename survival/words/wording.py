"""Small, tested rules for turning numbers into words: one rounding rule, plain labels."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

ROUNDING_RULE = (
    "Numbers out of 100 and percentages are rounded to the nearest whole number (halves round up). "
    "The three outcomes (alive, died of the cancer, died of other causes) are rounded so that "
    "they add up to 100. Times, and yearly changes in points out of 100, are rounded to one "
    "decimal place."
)

#: Where to turn for support, at grade 8 or below (the patient page ends with it).
SUPPORT = (
    "In the United States, you can call the American Cancer Society at 1-800-227-2345, day or night. "
    "You can also call the Cancer Information Service of the National Cancer Institute at "
    "1-800-422-6237. In other places, your cancer charity, your care team or a support group can "
    "help. You do not have to face the numbers alone."
)

#: The one definition of conditional survival, used by the explanation and the command line.
CONDITIONAL_DEFINITION = (
    "Conditional survival is the chance of being alive at a later time for people already alive "
    "some years after diagnosis: survival to the later time divided by survival to the years "
    "already lived, S(later) / S(lived), both counted from diagnosis."
)
#: Years after diagnosis that a headline figure is about.
HEADLINE_YEARS = (5, 10)


def conditional_target(lived: float, targets: Sequence[int] = HEADLINE_YEARS) -> int | None:
    """The years after diagnosis a reader who has lived ``lived`` years asks about: 5, or 10 after 5.

    "Now that I have lived 2 years, what is my chance of reaching 5?" is
    ``S(5) / S(2)`` (see :data:`CONDITIONAL_DEFINITION`); None past the last target.
    """
    for target in targets:
        if target > lived:
            return target
    return None


def percent_half_up(values) -> np.ndarray:
    """Proportions as whole percents, halves rounded up (0.215 -> 22); NaN stays NaN.

    The product with 100 is first rounded to 9 decimals so that binary
    representation (0.285 * 100 = 28.499999999999996) does not decide.
    """
    scaled = np.round(100 * np.asarray(values, dtype=float), 9)
    return np.floor(scaled + 0.5)


def out_of_100(p: float) -> int:
    """A proportion as a whole number out of 100, halves rounded up (0.265 -> 27)."""
    return int(percent_half_up(p)[()])


def split_100(alive: float, *others: float) -> tuple[int, ...]:
    """Round proportions that add to 1 into whole numbers that add to 100.

    ``alive`` is rounded by :func:`out_of_100`, as everywhere else; the rest
    of the 100 is shared among ``others`` by largest remainder.
    """
    first = out_of_100(alive)
    rest = 100 - first
    exact = [100 * o for o in others]
    total = sum(exact)
    scaled = [e * rest / total for e in exact] if total > 0 else [rest / len(exact)] * len(exact)
    floors = [math.floor(s) for s in scaled]
    order = sorted(range(len(scaled)), key=lambda i: scaled[i] - floors[i], reverse=True)
    for i in order[: rest - sum(floors)]:
        floors[i] += 1
    return (first, *floors)


def points_text(change: float) -> str:
    """A yearly change (a proportion, e.g. 0.0077) in points out of 100, one decimal, halves up: "0.8"."""
    value = float(np.floor(np.round(1000 * abs(change), 6) + 0.5) / 10)
    return "less than 0.1" if value == 0 else f"{value:.1f}"


def years_text(value: float) -> str:
    """``2.14 -> "2.1 years"``, ``1 -> "1 year"``."""
    rounded = round(value + 1e-9, 1)
    text = f"{rounded:g}"
    return f"{text} year" + ("" if text == "1" else "s")


def year_runs(years: Sequence[int]) -> list[list[int]]:
    """Sorted distinct years split into runs of consecutive years."""
    runs: list[list[int]] = []
    for year in sorted(set(int(y) for y in years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def year_ranges(years: Sequence[int]) -> str:
    """For sentences: ``[1995, 1996, 1997, 2001] -> "1995 to 1997 and 2001"``; runs of two are listed."""
    parts = []
    for run in year_runs(years):
        parts += [str(y) for y in run] if len(run) < 3 else [f"{run[0]} to {run[-1]}"]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def compact_years(years: Sequence[int]) -> str:
    """For charts: ``[1995, 1996, 1997, 2003] -> "1995\u20131997, 2003"``."""
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}\u2013{r[-1]}" for r in year_runs(years))


def period_words(period: str) -> str:
    """``"2000-2004" -> "2000 to 2004"``; a single year stays as it is."""
    return period.replace("-", " to ")


def count_words(n: float) -> str:
    """``14926 -> "14,926"``."""
    return f"{int(round(n)):,}"


def percent_words(value: float) -> str:
    """A proportion as a percent for a sentence, as typed: ``0.22 -> "22%"``, ``0.0022 -> "0.22%"``."""
    return f"{100 * value:.6g}%"


def figure_question(text: str) -> tuple[float, float] | None:
    """For a figure typed as a fraction ("0.22", ".5"): the two readings (22% or 0.22%), else None.

    Someone told "0.22" may have been given a proportion (22%); the page asks
    "did you mean 22%?" rather than reading it as 0.22%. A number with a
    percent sign, or of 1 or more, is never ambiguous.
    """
    cleaned = text.strip().replace(",", ".")
    if not cleaned or cleaned.endswith("%"):
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not 0 < value < 1:
        return None
    return value, value / 100


def parse_percent(text: str) -> float | None:
    """A figure typed by a reader ("22%", "22", "22.5 %") as a proportion; None when blank.

    "0.22" reads as 0.22%: ask first with :func:`figure_question`.
    Raises :class:`~survival.errors.SurvivalDataError` for anything else.
    """
    from survival.errors import SurvivalDataError

    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 100:
        raise SurvivalDataError(
            f"'{text.strip()[:20]}' is not a percentage we can look up",
            "the figure you were told",
            "type a number between 0 and 100, like 22 or 22%",
        )
    return value / 100


def window_words(window: tuple[int, int]) -> str:
    """A period window by its follow-up years, in words: ``(2008, 2012) -> "2009 to 2013"``.

    Windows are held in Brenner's indexing (the years their intervals begin);
    readers see the calendar years in which the intervals end
    (:func:`survival.estimate.period.follow_up_years`), as the command line does.
    """
    first, last = window[0] + 1, window[1] + 1
    return str(first) if first == last else f"{first} to {last}"


def years_words(first: int, last: int) -> str:
    """Years of diagnosis in words: ``(2004, 2012) -> "2004 to 2012"``."""
    return str(first) if first == last else f"{first} to {last}"
