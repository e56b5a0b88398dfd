"""Lesson 1: a Kaplan-Meier curve built by hand from eight made-up people.

:data:`EXAMPLE` holds the people and :func:`km_steps` the Kaplan-Meier
calculation one distinct time at a time in exact fractions (it equals
:func:`survival.estimate.kaplan_meier.kaplan_meier`); :func:`step_chart` draws the
curve up to a step, with censoring marks. Pure functions and text (no
Streamlit, no pyplot); the paragraphs are constants (:data:`PARAGRAPHS`) so
their reading level can be tested.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from survival.estimate.results import SurvivalCurve
from survival.lessons.wording import and_list
from survival.plot import curves as charts
from survival.plot.dataset_charts import Chart
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

#: The lesson's paragraphs (``{...}`` fields are filled in from computed values).
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
            f"{and_list([f'{t:g}' for t in marked])} years."
        )
    return Chart(ax, alt, charts.survival_table(shown))
