"""The sentences of an explanation. Each function returns (paragraph, numbers used).

Short sentences and common words keep every paragraph at or below grade 8
(the headline at or below grade 6); tests measure it. One measure per
sentence, and each sentence says which. Numbers are rounded only through
:mod:`survival.words.wording`. Years are always counted from diagnosis, also
for people who have already lived a while (conditional survival,
:data:`~survival.words.wording.CONDITIONAL_DEFINITION`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.estimate.crude import CrudeProbabilities
from survival.estimate.recent import Cohorts
from survival.estimate.results import SurvivalCurve
from survival.words.wording import count_words, out_of_100, period_words, window_words, years_text

NOTICEABLE = 2  # points out of 100: show relative survival beside observed from this difference


@dataclass(frozen=True)
class Basis:
    """Whose figures these are: a period estimate's window, or the period people were diagnosed in.

    Attributes
    ----------
    window : tuple of int, optional
        The period estimate's calendar years (None for a group diagnosed in ``period``).
    period : str, optional
        The period of diagnosis of a cohort figure.
    cohorts : Cohorts, optional
        For a period estimate, the years of diagnosis behind the headline figure.
    follow_up_end : int, optional
        The last year of complete follow-up in the data.
    """

    window: tuple[int, int] | None = None
    period: str | None = None
    cohorts: Cohorts | None = None
    follow_up_end: int | None = None

    @property
    def is_period(self) -> bool:
        """Whether the figures are a period estimate."""
        return self.window is not None

    def people(self) -> str:
        """Who was followed, for a sentence: "people diagnosed in 2000 to 2004" or "... followed in ..."."""
        if self.window is not None:
            return f"people followed in {window_words(self.window)}"
        return f"people diagnosed in {period_words(self.period or '')}".rstrip()


def value(curve: SurvivalCurve, t: float) -> float:
    """The curve at ``t`` (NaN beyond it)."""
    return float(curve.at(t)[0])


def group_words(data: Dataset, sel: Selection) -> str:
    """Who is in the group, e.g. ``"people of all ages"``, leaving out stage and period."""
    staging = data.description.staging
    groups = []
    for name, label in sel.labels:
        if name == PERIOD or (staging is not None and name == staging.variable):
            continue
        variable = data.description.variable(name)
        if label in variable.plain:
            groups.append(variable.plain[label])
        elif label == variable.total:
            groups.append(f"of {label[0].lower() + label[1:]}")
        else:
            groups.append(f"in the \u201c{label}\u201d {variable.what}")
    return "people " + " and ".join(groups) if groups else f"people with {data.description.cancer}"


def stage_words(data: Dataset, sel: Selection) -> str:
    """The stage in the dataset's own words, as a sentence (empty without a stage)."""
    staging = data.description.staging
    if staging is None:
        return ""
    label = sel[staging.variable]
    plain = data.description.variable(staging.variable).plain.get(label)
    if plain:
        return f" Their {data.description.cancer} {plain} when it was found."
    if label != data.description.variable(staging.variable).total:
        return f" Their stage when it was found: \u201c{label}\u201d ({staging.system})."
    return ""


def who_text(data: Dataset, sel: Selection, basis: Basis) -> str:
    """Who the figures are about, in the dataset's own words: group, stage, and when."""
    if basis.window is not None:
        when = f" The figures use what happened to them in {window_words(basis.window)}."
    elif basis.period:
        when = f" They were diagnosed in {period_words(basis.period)}."
    else:
        when = ""
    return f"This is about {group_words(data, sel)}.{stage_words(data, sel)}{when}"


def headline_text(
    data: Dataset,
    sel: Selection,
    basis: Basis,
    observed: SurvivalCurve,
    relative: SurvivalCurve | None,
    horizon: int | None,
    lived: int = 0,
) -> tuple[str, dict]:
    """About N out of 100 alive ``horizon`` years after diagnosis; relative survival when it differs.

    With ``lived``, the curves are those of the people alive ``lived`` years after
    diagnosis (their times restart at 0) and ``horizon`` counts from diagnosis.
    """
    who = who_text(data, sel, basis)
    if lived:
        who += f" These figures are for those still alive {years_text(lived)} after diagnosis."
    if horizon is None:
        return (who + " The data end too soon for survival figures for them.", {})
    obs = value(observed, horizon - lived)
    rel = value(relative, horizon - lived) if relative is not None else float("nan")
    n = out_of_100(obs)
    text = f"{who} Of every 100 of them, about {n} were alive {years_text(horizon)} after diagnosis."
    numbers = {"years": horizon, "lived": lived, "observed": obs, "relative": rel}
    if lived:
        return text + " This counts deaths from any cause.", numbers
    r = out_of_100(rel) if not math.isnan(rel) else n
    if abs(r - n) >= NOTICEABLE:
        text += (
            " Some died of other causes, as people do. If we leave those deaths out, the "
            f"figure is about {r}%. This is called relative survival."
        )
        if r == 100:
            text += " It means about as many were alive as among people of the same age in general."
    return text, numbers


def made_text(data: Dataset, basis: Basis, horizon: int | None, complete_years: float) -> tuple[str, dict]:
    """How the figures were made: a period estimate and its years of diagnosis, or a cohort's follow-up."""
    end = f"the end of {basis.follow_up_end}" if basis.follow_up_end else "the end of follow-up"
    if basis.window is not None:
        window = window_words(basis.window)
        text = (
            f"This is a period estimate, the newest kind of figure these data allow. It uses what "
            f"happened in {window}. Each year after diagnosis is taken from the people whose follow-up "
            f"in that year fell in {window}."
        )
        numbers: dict = {"window": basis.window}
        if basis.cohorts is not None and horizon is not None:
            text += (
                f" For the {horizon}-year figure, they were diagnosed from {basis.cohorts.first} to "
                f"{basis.cohorts.last}."
            )
            numbers["cohorts"] = (basis.cohorts.first, basis.cohorts.last)
        text += (
            f" So it is closer to today than a figure for one group, which needs {horizon or 5} full "
            f"years of follow-up. Follow-up in these data ends at {end}."
        )
        return text, numbers
    diagnosed = period_words(basis.period or "")
    text = f"The people in these figures were diagnosed in {diagnosed} and followed until {end}."
    if complete_years < 5:
        text += (
            f" That is less than 5 full years for some of them (at least {years_text(complete_years)}), "
            "so later figures rest on fewer people."
        )
    text += " Care has changed since then, so people diagnosed today may do better."
    return text, {"period": basis.period, "complete_years": complete_years}


def _since(t: float) -> str:
    return f"{years_text(t)} after diagnosis"


def over_time_text(observed: SurvivalCurve, times, lived: int = 0) -> tuple[str, dict]:
    """Survival at 1, 3, 5 and 10 years after diagnosis (those after ``lived``), and the median."""
    wanted = [t for t in times if t > lived]
    known = [(t, value(observed, t - lived)) for t in wanted]
    known = [(t, v) for t, v in known if not math.isnan(v)]
    if not known:
        return "There are no figures over time for this group yet.", {}
    parts = [f"At {_since(t)}, about {out_of_100(v)} in 100 were alive." for t, v in known]
    missing = [t for t in wanted if t not in dict(known)]
    if missing:
        names = [f"{t:g}" for t in missing]
        listed = names[0] if len(names) == 1 else "-, ".join(names[:-1]) + "- and " + names[-1]
        parts.append(
            f"The {listed}-year figure" + ("s are" if len(missing) > 1 else " is") + " not known yet."
        )
    median = observed.median()
    numbers: dict = {f"{t:g}": v for t, v in known}
    if median.reached:
        parts.append(f"Half of them lived longer than about {_since(median.value + lived)}.")
        numbers["median"] = median.value + lived
    else:
        parts.append(
            f"More than half were still alive at {_since(observed.last_time + lived)}, "
            "the longest time these data give figures for."
        )
        numbers["followed"] = observed.last_time + lived
    return " ".join(parts), numbers


def conditional_text(values: dict[int, float], horizon: int) -> tuple[str, dict]:
    """Of people alive g years after diagnosis, how many were alive ``horizon`` years after it."""
    if not values:
        return "These data do not follow people long enough to say this yet.", {}
    parts = ["The outlook changes once you have lived a while."]
    for i, (given, v) in enumerate(values.items()):
        if i == 0:
            parts.append(
                f"Of people alive {_since(given)}, about {out_of_100(v)} in 100 were alive {_since(horizon)}."
            )
        else:
            parts.append(f"Of those alive at {years_text(given)}, about {out_of_100(v)} in 100 were.")
    return " ".join(parts), {str(g): v for g, v in values.items()}


def lived_text(lived: int, everyone: float, survivors: float, horizon: int) -> tuple[str, dict]:
    """How the outlook differs for people who have already lived ``lived`` years (both to ``horizon``)."""
    if math.isnan(everyone) or math.isnan(survivors):
        return (
            f"These figures are for people alive {_since(lived)}. The data are too short to compare "
            "them with everyone diagnosed.",
            {},
        )
    return (
        f"Of everyone diagnosed, about {out_of_100(everyone)} in 100 were alive {_since(horizon)}. Of "
        f"those alive {_since(lived)}, about {out_of_100(survivors)} in 100 were. The outlook often "
        "improves as time goes by.",
        {"everyone": everyone, "survivors": survivors},
    )


def certainty_text(
    observed: SurvivalCurve, horizon: int | None, basis: Basis, conf_level: float, lived: int = 0
) -> tuple[str, dict]:
    """The confidence interval in words, and how many people the figure rests on."""
    started = observed.n_at_risk[1] if len(observed.n_at_risk) > 1 else 0
    first = f"in year {lived + 1} after diagnosis" if lived else "in their first year"
    text = f"These figures rest on {count_words(started)} {basis.people()} {first}."
    if horizon is None:
        return text, {"diagnosed": started}
    t = horizon - lived
    low, high = (float(x[0]) for x in observed.ci_at(t))
    idx = int(abs(observed.time - t).argmin())
    at_risk = observed.n_at_risk[idx]
    width = out_of_100(high) - out_of_100(low)
    sureness = "fairly sure" if width <= 4 else "somewhat sure" if width < 10 else "not very sure"
    text += (
        f" In year {horizon}, {count_words(at_risk)} of them were still being followed. "
        f"The {horizon}-year figure is {sureness}: the true value is likely between "
        f"{out_of_100(low)} and {out_of_100(high)} in 100. This range is called a "
        f"{conf_level:.0%} confidence interval."
    )
    return text, {"diagnosed": started, "at_risk": at_risk, "low": low, "high": high}


def outcomes_text(
    crude: CrudeProbabilities, times, lived: int = 0, cancer_name: str = "the cancer"
) -> tuple[str, dict]:
    """Of 100 people, how many were alive, had died of the cancer, had died of other causes."""
    parts, numbers = [], {}
    for t in times:
        counts = crude.out_of_100(t - lived) if t > lived else None
        if counts is None:
            continue
        alive, cancer, other = counts
        numbers[f"{t:g}"] = crude.at(t - lived)
        cancer_words = f"About {cancer}" if cancer else "Fewer than 1"
        parts.append(
            f"At {_since(t)}, about {alive} were alive. "
            f"{cancer_words} had died of {cancer_name}, and {other} of other causes."
        )
    if not parts:
        return "These data do not follow people long enough to show this yet.", {}
    parts.insert(0, "Think of 100 people.")
    parts.append(
        "Causes of death here are worked out by comparing with the general public, not from death records."
    )
    return " ".join(parts), numbers


def limits_text(left_out: str) -> tuple[str, dict]:
    """What the numbers cannot say, and where to turn; ``left_out`` ends "such as ..."."""
    return (
        "These numbers describe a large group, not you. They leave out things that matter a lot, "
        f"such as {left_out}. They come from people diagnosed years ago, and care "
        "has improved since. This is not medical advice. Please talk with your care team about "
        "what the numbers mean for you.",
        {},
    )
