"""The teaching page's lessons: a Kaplan-Meier curve by hand, GBSG2, and relative survival.

Pure functions and text (no Streamlit, no pyplot). Three lessons:

1. :data:`EXAMPLE`, eight made-up people, and :func:`km_steps`, the
   Kaplan-Meier calculation one distinct time at a time in exact fractions
   (it equals :func:`survival.estimate.kaplan_meier.kaplan_meier`). :func:`step_chart` draws the
   curve up to a step, with censoring marks.
2. GBSG2, the German Breast Cancer Study Group 2 data shipped with lifelines
   (:func:`gbsg2_lesson`): recurrence-free survival, overall and by hormone
   therapy, with the log-rank test.
3. Observed, expected and relative survival of a bundled SEER selection
   (:func:`relative_lesson`).

The explanatory paragraphs are constants here (:data:`PARAGRAPHS`), so their
reading level can be tested; every number in the text is filled in from
computed values or from :data:`GBSG2_FACTS`, each with its source.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from survival.datasets.dataset import Dataset, Selection
from survival.estimate.kaplan_meier import LogRankResult, kaplan_meier_counts, logrank
from survival.estimate.results import SurvivalCurve
from survival.io.individual import EventCounts, counts_from_frame
from survival.plot import curves as charts
from survival.plot.dataset_charts import Chart, describe
from survival.words.wording import out_of_100, years_text


@dataclass(frozen=True)
class Person:
    """One made-up person of the example: years followed, and whether they died then."""

    name: str
    years: float
    died: bool


#: Eight made-up people. Two die at the same time (a tie), and at one time a
#: death and a censoring happen together (the death counts first). Person H is
#: still alive when the study ends, so the curve ends above zero.
EXAMPLE: tuple[Person, ...] = (
    Person("A", 1.0, True),
    Person("B", 2.0, False),
    Person("C", 3.0, True),
    Person("D", 3.0, True),
    Person("E", 4.0, False),
    Person("F", 5.0, True),
    Person("G", 5.0, False),
    Person("H", 7.0, False),
)
STEP_COLUMNS = ("time", "at_risk", "died", "censored", "step_survival", "survival")
#: Facts about GBSG2 that cannot be computed from the data, with their sources.
GBSG2_FACTS = {
    # R package survival, help page "gbsg" (https://rdrr.io/pkg/survival/man/gbsg.html).
    "first_year": 1984,
    "last_year": 1989,
    "trial_women": 720,
    # Title of the trial's report, cited by lifelines' load_gbsg2 and R's TH.data GBSG2.
    "report": "Randomized 2 x 2 trial evaluating hormonal treatment and the duration of "
    "chemotherapy in node-positive breast cancer patients",
}
THERAPY_LABELS = {"no": "No hormone therapy", "yes": "Hormone therapy"}

#: The page's explanatory paragraphs (``{...}`` fields are filled in from computed values).
PARAGRAPHS = {
    "intro": (
        "A survival curve shows how many people in a group are still alive as time goes on. "
        "Here you can build one by hand from a few made-up people. Then you can see the same "
        "ideas on real data: a breast cancer study and a cancer registry."
    ),
    "example": (
        "Here are {people} made-up people. We follow each one from the day they were diagnosed. "
        "Some die while we follow them. Others are still alive the last time we hear from them."
    ),
    "censoring": (
        "Sometimes we stop following a person before they die. They may move away, or the study "
        "may end while they are still alive. This is called censoring. We know the person lived at "
        "least that long, but not what happened next. So a censored person counts as at risk up "
        "to the time they leave, and then drops out. They never count as a death."
    ),
    "slider": "Move the slider to add one time at a time, from the first to the last.",
    "marks": "On the chart, a small upright tick on the line marks each person who was censored.",
    "steps": (
        "The curve is flat while nothing happens. It drops only when someone dies. At that time, we "
        "work out the share of people at risk who got past it: (n - d) / n, where n is the number "
        "at risk and d the number who died. Then we multiply the survival so far by that share. "
        "This is why the curve looks like a staircase. A censored person does not make the curve "
        "drop. But later steps get bigger, because fewer people are left."
    ),
    "ties": (
        "Sometimes two things happen at the same time. Deaths at the same time count together, in "
        "one step. When a death and a censoring happen at the same time, the death counts first. "
        "The censored person was still at risk at that moment."
    ),
    "band": (
        "The shaded band shows how sure we can be. With only a few people, chance plays a big part, "
        "so the band is wide. If the study were done again and again with new people, a band made "
        "this way would hold the true value about {level} times in 100. The band gets wider over "
        "time, because fewer people are left to learn from."
    ),
    "band_wait": "Move the slider to the last step to see the band.",
    "gbsg2_about": (
        "These data come from a trial run by the German Breast Cancer Study Group from {first} to "
        "{last}. The women in it had breast cancer that had spread to the lymph nodes. This data "
        "set keeps the {women} women whose records were complete."
    ),
    "recurrence_free": (
        "Recurrence-free survival is the time a woman lives without her cancer coming back. The "
        "clock stops at the first of two events: the cancer comes back (a recurrence), or she dies. "
        "So this curve drops for both. A woman who was alive and free of cancer at her last "
        "check-up is censored."
    ),
    "logrank": (
        "The log-rank test asks a simple question. If both groups truly did the same, how often "
        "would chance alone make their curves this far apart? A small chance means the gap is "
        "probably real. It does not tell us why the groups differ."
    ),
    "gbsg2_caution": (
        "The title of the trial's report says it was a randomized trial of hormone treatment. But "
        "the notes that come with this data set do not say how each woman came to have hormone "
        "therapy or not. The data set also keeps "
        "only {women} of the trial's {trial} women. And the two groups differ in other ways: "
        "{post_yes} in 100 women who had hormone therapy had been through menopause, against "
        "{post_no} in 100 of the others. So read this chart as a lesson in reading curves. It is not "
        "the trial's answer about hormone therapy."
    ),
    "observed": (
        "Observed survival counts everyone who is still alive, whatever they died of. Some people "
        "with cancer die of other things, such as heart disease or old age."
    ),
    "expected": (
        "Expected survival is for people of the same age in the general population. It shows how "
        "many of them we would expect to be alive, most of them without this cancer. It comes from "
        "tables of how long people live."
    ),
    "relative": (
        "Relative survival is observed survival divided by expected survival. It shows survival "
        "from the cancer itself. It leaves out the deaths the group would have had anyway. So "
        "relative survival is higher than observed survival. The gap is widest for older people, "
        "who are more likely to die of other causes."
    ),
    "relative_limits": (
        "Relative survival is an estimate. It assumes that, without the cancer, the people in the "
        "group would have lived like others of their age. Try another age group to see the gap "
        "grow or shrink."
    ),
}


def example_durations() -> tuple[np.ndarray, np.ndarray]:
    """The example's years followed and event codes (1 died, 0 censored)."""
    return (np.array([p.years for p in EXAMPLE]), np.array([int(p.died) for p in EXAMPLE]))


def people_table() -> pd.DataFrame:
    """The example's people, in words."""
    return pd.DataFrame(
        {
            "Person": [p.name for p in EXAMPLE],
            "Years followed": [p.years for p in EXAMPLE],
            "What happened then": ["Died" if p.died else "Censored: alive when last seen" for p in EXAMPLE],
        }
    )


def km_steps(durations, events) -> pd.DataFrame:
    """The Kaplan-Meier calculation, one row per distinct time, in exact fractions.

    Columns: ``time``; ``at_risk`` (n, everyone followed to this time or
    later); ``died`` (d) and ``censored`` at this time (deaths count first,
    so people censored here are still at risk); ``step_survival``, the
    fraction ``(n - d) / n`` as a :class:`~fractions.Fraction`; ``survival``,
    the running product of those fractions (a Fraction).

    Raises
    ------
    ValueError
        For no people, lengths that differ, negative or non-finite times, or
        event codes other than 0 and 1.
    """
    t = np.asarray(durations, dtype=float).ravel()
    e = np.asarray(events).ravel()
    if len(t) == 0 or len(t) != len(e):
        raise ValueError(
            f"Give one event code per time, for at least one person (got {len(t)} times and {len(e)} codes)."
        )
    if not np.isfinite(t).all() or (t < 0).any():
        raise ValueError("Times must be finite numbers, 0 or more.")
    if not np.isin(e, (0, 1)).all():
        raise ValueError("Event codes must be 1 (died) or 0 (censored).")
    rows, at_risk, survival = [], len(t), Fraction(1)
    for time in np.unique(t):
        here = t == time
        died = int(e[here].sum())
        censored = int(here.sum()) - died
        step = Fraction(at_risk - died, at_risk)
        survival *= step
        rows.append((float(time), at_risk, died, censored, step, survival))
        at_risk -= died + censored
    frame = pd.DataFrame(rows, columns=list(STEP_COLUMNS))
    return frame.astype({"at_risk": "int64", "died": "int64", "censored": "int64"})


def steps_display(steps: pd.DataFrame) -> pd.DataFrame:
    """:func:`km_steps` rows as shown on the page: counts, the fractions as text, a percent."""
    n, d = steps["at_risk"], steps["died"]
    return pd.DataFrame(
        {
            "Time (years)": steps["time"].to_numpy(dtype=float),
            "At risk (n)": n.to_numpy(),
            "Died (d)": d.to_numpy(),
            "Censored": steps["censored"].to_numpy(),
            "This step (n - d) / n": [f"{a - b}/{a}" for a, b in zip(n, d)],
            "Survival so far": [_fraction(s) for s in steps["survival"]],
            "Survival so far (%)": [100 * float(s) for s in steps["survival"]],
        }
    )


def _fraction(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def step_sentence(steps: pd.DataFrame, step: int) -> str:
    """What happened at step ``step`` (1 is the first time), in words, with its arithmetic."""
    row = steps.iloc[step - 1]
    previous = steps["survival"].iloc[step - 2] if step > 1 else Fraction(1)
    n, d, c = int(row["at_risk"]), int(row["died"]), int(row["censored"])
    said = [f"At {years_text(row['time'])}, {_people(n)} still being followed."]
    events = [f"{d} died" if d else "", f"{c} {'was' if c == 1 else 'were'} censored" if c else ""]
    said.append(" and ".join(x for x in events if x).capitalize() + ".")
    if d == 0:
        said.append(
            "No one died, so the curve stays level. From now on, the censored "
            f"{'person is' if c == 1 else 'people are'} no longer at risk."
        )
    else:
        said.append(
            f"So {n - d} out of {n} got past this time. Survival so far is "
            f"{_fraction(previous)} \u00d7 {n - d}/{n} = {_fraction(row['survival'])}, "
            f"or about {out_of_100(float(row['survival']))} in 100."
        )
        if c:
            said.append(
                f"The censored {'person was' if c == 1 else 'people were'} still at risk "
                "at this time, so the death counts first."
            )
    return " ".join(said)


def _people(n: int) -> str:
    return "1 person was" if n == 1 else f"{n} people were"


def partial_curve(curve: SurvivalCurve, step: int) -> SurvivalCurve:
    """``curve`` up to its ``step``-th time (its start and the first ``step`` rows)."""
    names = ("time", "survival", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored")
    return dataclasses.replace(curve, **{k: getattr(curve, k)[: step + 1] for k in names})


def mark_censored(ax, curve: SurvivalCurve) -> list[float]:
    """Draw an upright tick on the curve at each time someone was censored; return those times."""
    has = curve.n_censored > 0
    times, levels = curve.time[has], curve.survival[has]
    if times.size:
        color = ax.get_lines()[0].get_color() if ax.get_lines() else "black"
        ax.plot(
            times,
            levels,
            linestyle="none",
            marker="|",
            markersize=16,
            markeredgewidth=2.5,
            color=color,
            clip_on=False,
            zorder=4,
            gid="censored",
        )
    return [float(x) for x in times]


def step_chart(curve: SurvivalCurve, step: int) -> Chart:
    """The example's curve up to ``step``, censoring marked; the band only once it is complete."""
    shown = partial_curve(curve, step)
    complete = step == len(curve.time) - 1
    ticks = np.arange(0, np.ceil(curve.last_time) + 1)
    title = f"Step {step} of {len(curve.time) - 1}: the curve up to {years_text(shown.last_time)}"
    ax = charts.plot_survival(shown, band=complete, risk_times=ticks, ylabel="Still alive", title=title)
    marked = mark_censored(ax, shown)
    alt = charts.survival_alt_text(shown, band=complete, risk_times=ticks)
    if marked:
        alt += (
            " Upright tick marks on the line show when people were censored: at "
            f"{_and([f'{t:g}' for t in marked])} years."
        )
    return Chart(ax, alt, charts.survival_table(shown))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- GBSG2 ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Gbsg2Lesson:
    """Recurrence-free survival in GBSG2: overall, by hormone therapy, and the log-rank test."""

    counts: EventCounts
    overall: SurvivalCurve
    by_therapy: tuple[SurvivalCurve, ...]
    test: LogRankResult
    profile: pd.DataFrame


def gbsg2_frame() -> pd.DataFrame:
    """GBSG2 as lifelines ships it: 686 women, ``time`` in days, ``cens`` 1 for recurrence or death."""
    from lifelines.datasets import load_gbsg2

    return load_gbsg2()


def gbsg2_counts(frame: pd.DataFrame | None = None) -> EventCounts:
    """GBSG2 as event counts by hormone therapy (``horTh``: "no", "yes"), times in years."""
    frame = gbsg2_frame() if frame is None else frame
    return counts_from_frame(
        frame, duration="time", event="cens", group="horTh", time_unit="days", source="GBSG2 (lifelines)"
    )


def therapy_profile(frame: pd.DataFrame) -> pd.DataFrame:
    """Per hormone-therapy group: women, recurrences or deaths, share after menopause, median age."""
    groups = frame.groupby("horTh", sort=True)
    return pd.DataFrame(
        {
            "Group": [THERAPY_LABELS[g] for g in groups.groups],
            "Women": groups.size().to_numpy(),
            "Recurrence or death": groups["cens"].sum().to_numpy(),
            "After menopause (%)": 100 * groups["menostat"].apply(lambda s: (s == "Post").mean()).to_numpy(),
            "Median age (years)": groups["age"].median().to_numpy(),
        }
    )


def gbsg2_lesson(conf_level: float = 0.95) -> Gbsg2Lesson:
    """Fit everything the GBSG2 lesson shows."""
    frame = gbsg2_frame()
    counts = gbsg2_counts(frame)
    overall = kaplan_meier_counts(counts.pool(), (), conf_level=conf_level, label=f"All {len(frame):,} women")
    by_therapy = tuple(
        kaplan_meier_counts(counts, (g,), conf_level=conf_level, label=THERAPY_LABELS[g])
        for g in ("no", "yes")
    )
    return Gbsg2Lesson(
        counts, overall, by_therapy, logrank(counts, [("no",), ("yes",)]), therapy_profile(frame)
    )


def gbsg2_summary(lesson: Gbsg2Lesson, years: float = 5.0) -> pd.DataFrame:
    """Women, recurrences or deaths, and recurrence-free survival at ``years`` with its band."""
    curves = (lesson.overall, *lesson.by_therapy)
    low, high = zip(*(tuple(float(v[0]) for v in c.ci_at(years)) for c in curves))
    return pd.DataFrame(
        {
            "Group": [c.label for c in curves],
            "Women": [int(c.n_events.sum() + c.n_censored.sum()) for c in curves],
            "Recurrence or death": [int(c.n_events.sum()) for c in curves],
            f"Recurrence-free at {years:g} years": [float(c.at(years)[0]) for c in curves],
            "Band low": list(low),
            "Band high": list(high),
        }
    )


def _follow_up(text: str) -> str:
    """An alt text of a GBSG2 chart: the time axis is follow-up, the measure recurrence-free."""
    return (
        text.replace("survival since diagnosis", "recurrence-free survival")
        .replace("years since diagnosis", "years of follow-up")
        .replace("observed survival", "recurrence-free survival")
    )


def gbsg2_chart(lesson: Gbsg2Lesson) -> Chart:
    """Recurrence-free survival of all women, with its band and risk table."""
    curve = lesson.overall
    ax = charts.plot_survival(
        curve, ylabel="Recurrence-free survival", title="GBSG2: alive without the cancer coming back"
    )
    ax.set_xlabel("Years of follow-up")
    return Chart(ax, _follow_up(charts.survival_alt_text(curve)), charts.survival_table(curve))


def therapy_chart(lesson: Gbsg2Lesson) -> Chart:
    """Recurrence-free survival with and without hormone therapy, with a risk table."""
    curves = list(lesson.by_therapy)
    ax = charts.plot_comparison(curves, ylabel="Recurrence-free survival", title="GBSG2: by hormone therapy")
    ax.set_xlabel("Years of follow-up")
    return Chart(ax, _follow_up(charts.comparison_alt_text(curves)), charts.comparison_table(curves))


def chance_words(p: float) -> str:
    """A p-value as "about 3 times in 1,000"."""
    if p < 0.001:
        return "less than 1 time in 1,000"
    if p < 0.01:
        return f"about {max(1, round(1000 * p))} times in 1,000"
    return f"about {max(1, round(100 * p))} times in 100"


def logrank_sentence(test: LogRankResult) -> str:
    """The log-rank result in plain words, with the statistic and p-value."""
    verdict = (
        "So a gap this big is unlikely to be chance alone."
        if test.p_value < 0.05
        else "So chance alone could easily explain a gap like this."
    )
    return (
        f"Here the test gives a value of {test.statistic:.2f} "
        f"({test.df} degree{'s' * (test.df != 1)} of freedom). If the groups truly had the same "
        f"recurrence-free survival, a gap at least this big would turn up by chance "
        f"{chance_words(test.p_value)} ({_p_text(test.p_value)}). {verdict}"
    )


def _p_text(p: float) -> str:
    return "p < 0.0001" if p < 0.0001 else f"p = {p:.4f}"


def five_year_sentence(curve: SurvivalCurve, years: float = 5.0) -> str:
    """Recurrence-free survival at ``years`` out of 100, with the band."""
    low, high = (float(v[0]) for v in curve.ci_at(years))
    return (
        f"After {years:g} years, about {out_of_100(float(curve.at(years)[0]))} in 100 women were "
        f"alive without the cancer coming back. The {curve.conf_level:.0%} band runs from "
        f"{out_of_100(low)} to {out_of_100(high)} in 100."
    )


def caution_sentence(lesson: Gbsg2Lesson) -> str:
    """Why the hormone-therapy comparison is a lesson in reading curves, not the trial's result."""
    profile = lesson.profile.set_index("Group")["After menopause (%)"]
    women = int(lesson.profile["Women"].sum())
    return PARAGRAPHS["gbsg2_caution"].format(
        women=women,
        trial=GBSG2_FACTS["trial_women"],
        post_yes=out_of_100(profile[THERAPY_LABELS["yes"]] / 100),
        post_no=out_of_100(profile[THERAPY_LABELS["no"]] / 100),
    )


# -- Observed, expected and relative survival ----------------------------------------------------


@dataclass(frozen=True, eq=False)
class RelativeLesson:
    """Observed, relative and expected survival of one bundled selection."""

    selection: Selection
    observed: SurvivalCurve
    relative: SurvivalCurve
    expected: SurvivalCurve
    title: str = ""


def relative_lesson(dataset: Dataset, selection: Selection) -> RelativeLesson:
    """The three curves of one selection (actuarial, SEER's relative-survival convention)."""
    from survival.estimate.actuarial import actuarial

    est = actuarial(dataset.table(selection))
    return RelativeLesson(
        selection,
        est.observed(label="Observed survival"),
        est.relative(label="Relative survival"),
        est.expected(label="Expected survival"),
        describe(dataset, selection),
    )


def relative_chart(lesson: RelativeLesson) -> Chart:
    """Observed, relative and expected survival on one chart (no risk table: see the data)."""
    curves = [lesson.observed, lesson.relative, lesson.expected]
    ax = charts.plot_survival(curves, risk_table=False, ylabel="Survival", title=lesson.title)
    return Chart(ax, charts.survival_alt_text(curves, risk_table=False), charts.survival_table(curves))


def relative_sentence(lesson: RelativeLesson, years: float = 5.0) -> str:
    """The three measures at ``years``, out of 100, and what relative survival says."""
    obs, rel, exp = (float(c.at(years)[0]) for c in (lesson.observed, lesson.relative, lesson.expected))
    said = (
        f"After {years:g} years, {out_of_100(obs)} in 100 people in this group were alive. This "
        f"is observed survival. Among people of the same age in the general population, "
        f"{out_of_100(exp)} in 100 would be alive. This is expected survival. Relative survival "
        f"is observed divided by expected: {out_of_100(rel)}%. It is a ratio, not a count of "
        f"people."
    )
    if rel >= 1 and obs / exp > 1:
        said += (
            " Here the people with cancer did as well as the general population, or a little "
            "better. SEER never shows relative survival above 100%."
        )
    elif obs / exp > rel + 1e-9:
        said += " SEER never lets relative survival go back up, so it keeps the lowest value reached so far."
    return said


def sources(lifelines_version: str, seer_citation: str, women: int) -> tuple[str, ...]:
    """Where the data and the facts about them come from (Markdown, with links)."""
    return (
        f"GBSG2 data: `lifelines.datasets.load_gbsg2()` in lifelines {lifelines_version}. Its "
        "documentation cites W. Sauerbrei and P. Royston (1999), Journal of the Royal Statistical "
        "Society Series A 162(1), 71-94, and M. Schumacher and others for the German Breast Cancer "
        f"Study Group (1994), \u201c{GBSG2_FACTS['report']}\u201d, Journal of Clinical Oncology 12, "
        "2086-2093.",
        "What the GBSG2 columns mean (`time`: recurrence-free survival time in days; `cens`: 1 for "
        "an event, 0 for censored; `horTh`: hormonal therapy, no or yes): R package TH.data, help "
        "page GBSG2, https://rdrr.io/cran/TH.data/man/GBSG2.html",
        f"The trial's years ({GBSG2_FACTS['first_year']} to {GBSG2_FACTS['last_year']}), its "
        f"{GBSG2_FACTS['trial_women']} women, and that the {women:,} kept are those with complete data; "
        "the event is the first of recurrence or death: R package survival, help page gbsg, "
        "https://rdrr.io/pkg/survival/man/gbsg.html",
        f"SEER data: {seer_citation}",
    )
