"""The sentences of an explanation. Each function returns (paragraph, numbers used).

Short sentences and common words keep every paragraph at or below grade 8
(the headline at or below grade 6); tests measure it. Numbers are rounded
only through :mod:`survival.words.wording`.
"""

from __future__ import annotations

import math

import pandas as pd

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.estimate.crude import CrudeProbabilities
from survival.estimate.results import SurvivalCurve
from survival.estimate.trend import FigureMatch
from survival.words.wording import (
    count_words,
    out_of_100,
    period_words,
    year_ranges,
    years_text,
)

NOTICEABLE = 2  # points out of 100: show relative survival beside observed from this difference


def _value(curve: SurvivalCurve, t: float) -> float:
    return float(curve.at(t)[0])


def _after(t: float, lived: int) -> str:
    """``"After 5 years"``, or ``"After 5 more years"`` for people who have lived a while."""
    return f"After {years_text(t).replace(' ', ' more ', 1) if lived else years_text(t)}"


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


def who_text(data: Dataset, sel: Selection) -> str:
    """Who the figures are about, in the dataset's own words: group, stage, years of diagnosis."""
    stage = ""
    staging = data.description.staging
    if staging is not None:
        label = sel[staging.variable]
        plain = data.description.variable(staging.variable).plain.get(label)
        if plain:
            stage = f" Their {data.description.cancer} {plain} when it was found."
        elif label != data.description.variable(staging.variable).total:
            stage = f" Their stage when it was found: \u201c{label}\u201d ({staging.system})."
    when = f" They were diagnosed in {period_words(sel.period)}." if sel.period else ""
    return f"This is about {group_words(data, sel)}.{stage}{when}"


def _end(data: Dataset) -> str:
    """``"the end of 2014"``: when follow-up ended."""
    end = data.description.follow_up_end
    return f"the end of {end}" if end else "the end of follow-up"


def headline_text(
    data: Dataset,
    sel: Selection,
    observed: SurvivalCurve,
    relative: SurvivalCurve | None,
    horizon: int | None,
    lived: int = 0,
) -> tuple[str, dict]:
    """About N out of 100 alive after the headline time; relative survival when it differs."""
    who = who_text(data, sel)
    if lived:
        who += f" These figures are for those still alive {years_text(lived)} after diagnosis."
    if horizon is None:
        end = data.description.follow_up_end
        return (who + f" The data end in {end or 'too soon'}, too soon for survival figures for them.", {})
    obs = _value(observed, horizon)
    rel = _value(relative, horizon) if relative is not None else float("nan")
    n = out_of_100(obs)
    r = out_of_100(rel) if not math.isnan(rel) else n
    later = "after that" if lived else "later"
    text = f"{who} Of every 100 of them, about {n} were alive {years_text(horizon)} {later}."
    if abs(r - n) >= NOTICEABLE:
        text += (
            f" Some died of other causes, as people do. If we leave those deaths out, the "
            f"figure is about {r}%. This is called relative survival."
        )
        if r == 100:
            text += " It means about as many were alive as among people of the same age in general."
    return text, {"years": horizon, "observed": obs, "relative": rel}


def when_text(
    data: Dataset, sel: Selection, complete_years: float, periods: pd.DataFrame
) -> tuple[str, dict]:
    """When the people were diagnosed, and how 5-year relative survival changed by period."""
    text = (
        f"The people in these figures were diagnosed in {period_words(sel.period or '')} and "
        f"followed until {_end(data)}. "
    )
    if complete_years < 5:
        text += (
            f"That is less than 5 full years for some of them (at least "
            f"{years_text(complete_years)}), so later figures rest on fewer people. "
        )
    text += "Care has changed since then, so people diagnosed today may do better. "
    numbers = {}
    periods = periods.dropna(subset=["relative"]) if "relative" in periods else periods.iloc[:0]
    if len(periods):
        first, last = periods.iloc[0], periods.iloc[-1]
        numbers = {p: float(v) for p, v in zip(periods["period"], periods["relative"])}
        text += "Published figures are often relative survival, which leaves out deaths from other causes. "
        text += (
            f"For people diagnosed in {period_words(first['period'])}, 5-year relative "
            f"survival was about {out_of_100(first['relative'])}%. For people diagnosed in "
            f"{period_words(last['period'])}, it was about {out_of_100(last['relative'])}%."
        )
    return text.strip(), numbers


def figure_text(data: Dataset, sel: Selection, match: FigureMatch) -> tuple[str, dict]:
    """Which diagnosis years give the figure a reader brought, and what newer data say."""
    target = out_of_100(match.figure)
    measure = "relative survival" if match.measure == "relative" else "survival"
    group = group_words(data, sel)
    if match.years:
        text = (
            f"You may have seen the figure {target}%. In these data, 5-year {measure} was about "
            f"{target}% for {group} diagnosed in {year_ranges(match.years)}."
        )
    elif match.closest:
        text = (
            f"You may have seen the figure {target}%. No year in these data gives exactly that. "
            f"The closest is about {out_of_100(match.closest_value)}%, for {group} diagnosed in "
            f"{year_ranges(match.closest)}."
        )
    else:
        return f"You may have seen the figure {target}%. These data have no 5-year figures to compare.", {}
    text += (
        f" The latest year with 5 full years of follow-up is {match.latest_year}. For people "
        f"diagnosed then, it was about {out_of_100(match.latest_value)}%. Published figures "
        "lag behind care, because it takes 5 years to measure 5-year survival."
    )
    return text, {
        "figure": match.figure,
        "years": match.years,
        "latest_year": match.latest_year,
        "latest": match.latest_value,
    }


def over_time_text(observed: SurvivalCurve, times, lived: int = 0) -> tuple[str, dict]:
    """Survival at 1, 3, 5 and 10 years (more years, after ``lived``), and the median."""
    known = [(t, _value(observed, t)) for t in times if not math.isnan(_value(observed, t))]
    if not known:
        return "There are no figures over time for this group yet.", {}
    parts = [f"{_after(t, lived)}, about {out_of_100(v)} in 100 were alive." for t, v in known]
    missing = [t for t in times if t not in dict(known)]
    if missing:
        names = [f"{t:g}" for t in missing]
        listed = names[0] if len(names) == 1 else "-, ".join(names[:-1]) + "- and " + names[-1]
        parts.append(
            f"The {listed}-year figure"
            + ("s are" if len(missing) > 1 else " is")
            + " not known yet for this group."
        )
    median = observed.median()
    numbers = {f"{t:g}": v for t, v in known}
    if median.reached:
        more = " more" if lived else ""
        parts.append(f"Half of the people lived longer than about {years_text(median.value)}{more}.")
        numbers["median"] = median.value
    else:
        parts.append(
            f"More than half were still alive after {years_text(observed.last_time)}, "
            "the longest time these data give figures for."
        )
        numbers["followed"] = observed.last_time
    return " ".join(parts), numbers


def conditional_text(values: dict[int, float], horizon: int) -> tuple[str, dict]:
    """Of people alive g years after diagnosis, how many were alive at the horizon."""
    if not values:
        return "These data do not follow people long enough to say this yet.", {}
    parts = ["The outlook changes once you have lived a while."]
    for i, (given, value) in enumerate(values.items()):
        if i == 0:
            parts.append(
                f"Of people alive {years_text(given)} after diagnosis, about "
                f"{out_of_100(value)} in 100 were alive {horizon} years after diagnosis."
            )
        else:
            parts.append(
                f"Of those alive at {years_text(given)}, about {out_of_100(value)} in 100 "
                f"were alive at {horizon} years."
            )
    return " ".join(parts), {str(g): v for g, v in values.items()}


def certainty_text(
    observed: SurvivalCurve, horizon: int | None, sel: Selection, conf_level: float, lived: int = 0
) -> tuple[str, dict]:
    """The confidence interval in words, and how many people the figure rests on."""
    diagnosed = observed.n_at_risk[1] if len(observed.n_at_risk) > 1 else 0
    alive = f", alive {years_text(lived)} after diagnosis" if lived else ""
    text = (
        f"These figures rest on {count_words(diagnosed)} people diagnosed in "
        f"{period_words(sel.period)}{alive}."
    )
    if horizon is None:
        return text, {"diagnosed": diagnosed}
    low, high = (float(x[0]) for x in observed.ci_at(horizon))
    idx = int(abs(observed.time - horizon).argmin())
    at_risk = observed.n_at_risk[idx]
    width = out_of_100(high) - out_of_100(low)
    sureness = "fairly sure" if width <= 4 else "somewhat sure" if width < 10 else "not very sure"
    when = f"In year {horizon} after that" if lived else f"In year {horizon}"
    text += (
        f" {when}, {count_words(at_risk)} of them were still being followed. "
        f"The {horizon}-year figure is {sureness}: the true value is likely between "
        f"{out_of_100(low)} and {out_of_100(high)} in 100. This range is called a "
        f"{conf_level:.0%} confidence interval."
    )
    return text, {"diagnosed": diagnosed, "at_risk": at_risk, "low": low, "high": high}


def outcomes_text(
    crude: CrudeProbabilities, times, lived: int = 0, cancer_name: str = "the cancer"
) -> tuple[str, dict]:
    """Of 100 people, how many were alive, had died of the cancer, had died of other causes."""
    parts, numbers = [], {}
    for t in times:
        counts = crude.out_of_100(t)
        if counts is None:
            continue
        alive, cancer, other = counts
        numbers[f"{t:g}"] = crude.at(t)
        cancer_words = f"About {cancer}" if cancer else "Fewer than 1"
        parts.append(
            f"{_after(t, lived)}, about {alive} were alive. "
            f"{cancer_words} had died of {cancer_name}, and {other} of other causes."
        )
    if not parts:
        return "These data do not follow people long enough to show this yet.", {}
    parts.insert(0, "Think of 100 people.")
    parts.append(
        "Causes of death here are worked out by comparing with the general public, not from death records."
    )
    return " ".join(parts), numbers


def lived_text(
    lived: int, everyone: SurvivalCurve, survivors: SurvivalCurve, horizon: int
) -> tuple[str, dict]:
    """How the figures change for people who have already lived ``lived`` years."""
    before, after = _value(everyone, horizon), _value(survivors, horizon)
    if math.isnan(before) or math.isnan(after):
        return (
            f"These figures are for people alive {years_text(lived)} after diagnosis. "
            "The data are too short to compare them with everyone diagnosed.",
            {},
        )
    return (
        f"These figures are for people alive {years_text(lived)} after diagnosis. Of everyone "
        f"diagnosed, about {out_of_100(before)} in 100 lived {horizon} years. Of those alive at "
        f"{years_text(lived)}, about {out_of_100(after)} in 100 lived {horizon} more years. The "
        "outlook often improves as time goes by.",
        {"everyone": before, "survivors": after},
    )


def limits_text(left_out: str) -> tuple[str, dict]:
    """What the numbers cannot say, and where to turn; ``left_out`` ends "such as ..."."""
    return (
        "These numbers describe a large group, not you. They leave out things that matter a lot, "
        f"such as {left_out}. They come from people diagnosed years ago, and care "
        "has improved since. This is not medical advice. Please talk with your care team about "
        "what the numbers mean for you.",
        {},
    )
