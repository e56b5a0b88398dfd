"""A selection's survival figures explained in plain words (pure: results in, text out).

Every number in the text is a computed number rounded by the one rule in
:data:`survival.words.wording.ROUNDING_RULE`; each section carries the exact
numbers it used, so tests can parse the text and compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from survival.datasets.dataset import Dataset, Selection, stage_words
from survival.estimate.actuarial import actuarial
from survival.estimate.conditional import conditional_lifetable
from survival.estimate.crude import crude_probabilities
from survival.estimate.recent import (
    HORIZON,
    TrendSummary,
    Window,
    cohorts_behind,
    complete_periods,
    figures_table,
    last_follow_up,
)
from survival.estimate.trend import locate_figure, period_trend, single_year_trend
from survival.words.changes import changed_text, figure_text
from survival.words.sentences import (
    Basis,
    certainty_text,
    conditional_text,
    headline_text,
    limits_text,
    lived_text,
    made_text,
    outcomes_text,
    over_time_text,
    value,
)
from survival.words.wording import ROUNDING_RULE, conditional_target

TIMES = (1, 3, 5, 10)
GIVEN = (1, 2, 3)
#: Sections the patient page shows under "More detail".
DETAIL = ("over_time", "conditional", "certainty", "outcomes")


@dataclass(frozen=True)
class Section:
    """One part of an explanation: a heading, a short paragraph, the exact numbers it used."""

    key: str
    heading: str
    text: str
    numbers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Explanation:
    """A structured explanation of one selection.

    Attributes
    ----------
    title : str
        The explanation's title.
    sections : tuple of Section
        In reading order; find one with :meth:`section`.
    rounding_rule : str
        How every number in it was rounded (:data:`survival.words.wording.ROUNDING_RULE`).
    """

    title: str
    sections: tuple[Section, ...]
    rounding_rule: str = ROUNDING_RULE

    def section(self, key: str) -> Section:
        """The section with this key."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def to_markdown(self) -> str:
        """The explanation as Markdown: a title, then a heading and paragraph per section."""
        parts = [f"# {self.title}"]
        parts += [f"## {s.heading}\n\n{s.text}" for s in self.sections]
        parts.append(f"*How numbers are rounded: {self.rounding_rule}*")
        return "\n\n".join(parts) + "\n"


def explain(
    dataset: Dataset,
    selection: Selection,
    *,
    figure: float | None = None,
    lived: int = 0,
    conf_level: float = 0.95,
    window: Window | None = None,
    trend: TrendSummary | None = None,
) -> Explanation:
    """Explain one selection of a dataset in plain words.

    Parameters
    ----------
    dataset : Dataset
        The loaded data set.
    selection : Selection
        Stage, age group and period (see :meth:`Dataset.select`).
    figure : float, optional
        A figure the reader brings, as a proportion (0.22 for "22%"),
        taken as survival 5 years after diagnosis.
    lived : int
        Years already lived since diagnosis. The figures become conditional
        survival (:data:`survival.words.wording.CONDITIONAL_DEFINITION`) and the
        short answer is the chance of reaching 5 years after diagnosis (10 after
        5 years lived), ``S(5) / S(lived)``.
    conf_level : float
        Level of the confidence intervals.
    window : tuple of int, optional
        A period window such as :func:`survival.estimate.recent.latest_window`'s:
        the figures are then the period estimate of that window (the
        selection's period is not used for them). Default: the cohort
        diagnosed in the selection's period.
    trend : TrendSummary, optional
        The fitted joinpoint trend (:func:`survival.estimate.recent.summarize_trend`),
        told under "How this changed".

    Returns
    -------
    Explanation
        Sections: the short answer, how the figure was made, how this changed,
        why figures heard elsewhere may differ, then the details (:data:`DETAIL`)
        and what the numbers cannot tell. Render it with :meth:`Explanation.to_markdown`.
    """
    table = figures_table(dataset, selection, window)
    full = actuarial(table, conf_level=conf_level)
    est = actuarial(conditional_lifetable(table, lived), conf_level=conf_level) if lived else full
    observed = est.observed()
    relative = est.relative() if est.has_expected else None
    horizon = _horizon(observed, lived)
    basis = Basis(
        window=window,
        period=None if window else selection.period,
        cohorts=cohorts_behind(dataset, selection, window, horizon, lived) if window and horizon else None,
        follow_up_end=last_follow_up(dataset) or dataset.description.follow_up_end,
    )
    everyone = full.observed()
    recent = {"observed": value(everyone, HORIZON)}
    if full.has_expected:
        recent["relative"] = value(full.relative(), HORIZON)
    sections = [
        Section(
            "headline",
            "The short answer",
            *headline_text(dataset, selection, basis, observed, relative, horizon, lived),
        ),
        Section(
            "made",
            "How this figure was made",
            *made_text(dataset, basis, horizon, dataset.complete_years(basis.period)),
        ),
        Section("changed", "How this changed", *changed_text(_periods(dataset, selection), trend, HORIZON)),
        Section(
            "figure",
            "Why figures you hear may differ",
            *figure_text(dataset, selection, recent, *_match(dataset, selection, figure)),
        ),
        Section("over_time", "At 1, 3, 5 and 10 years", *over_time_text(observed, TIMES, lived)),
    ]
    if lived:
        target = horizon or HORIZON
        sections.append(
            Section(
                "conditional",
                "After you have lived a while",
                *lived_text(lived, value(everyone, target), value(observed, target - lived), target),
            )
        )
    else:
        sections.append(
            Section(
                "conditional",
                "After you have lived a while",
                *conditional_text(_conditional(table, conf_level), HORIZON),
            )
        )
    sections.append(
        Section(
            "certainty",
            "How sure these numbers are",
            *certainty_text(observed, horizon, basis, conf_level, lived),
        )
    )
    if est.has_expected:
        sections.append(
            Section(
                "outcomes",
                "Three outcomes, not two",
                *outcomes_text(crude_probabilities(est), (5, 10), lived, dataset.description.cancer),
            )
        )
    sections.append(
        Section("limits", "What these numbers cannot tell you", *limits_text(dataset.description.left_out))
    )
    return Explanation(_title(dataset, selection), tuple(sections))


def _periods(dataset: Dataset, selection: Selection):
    """5-year survival of the periods of diagnosis with 5 full years of follow-up (the one rule)."""
    periods = period_trend(dataset, selection, HORIZON)
    return periods[periods["period"].isin(complete_periods(dataset, HORIZON))].reset_index(drop=True)


def _match(dataset: Dataset, selection: Selection, figure: float | None):
    if figure is None or not dataset.has_periods:
        return None, figure
    trend = single_year_trend(dataset, selection, HORIZON)
    return (locate_figure(trend, figure) if len(trend) else None), figure


def _title(dataset: Dataset, selection: Selection) -> str:
    """``"Breast cancer, distant stage: survival explained"``."""
    parts = [dataset.description.cancer.capitalize()]
    staging = dataset.description.staging
    if staging is not None:
        label = selection[staging.variable]
        if label != dataset.description.variable(staging.variable).total:
            words = stage_words(label)
            parts.append(words[:1].lower() + words[1:])
    return f"{', '.join(parts)}: survival explained"


def _horizon(observed, lived: int = 0) -> int | None:
    """The headline time in years after diagnosis: 5 (10 after living 5) if known, else 3 or 1.

    ``observed`` is the curve of those alive ``lived`` years after diagnosis (times restart at 0).
    """
    target = conditional_target(lived) or lived + HORIZON
    for years in (target, 3, 1):
        if years > lived and not math.isnan(observed.at(years - lived)[0]):
            return years
    return None


def _conditional(table, conf_level: float) -> dict[int, float]:
    """Survival to 5 years after diagnosis among those alive ``g`` years after it, by ``g``."""
    out = {}
    for given in GIVEN:
        starts = table.frame["interval_start"].to_numpy()
        if given not in starts:
            continue
        curve = actuarial(conditional_lifetable(table, given), conf_level=conf_level).observed()
        v = curve.at(HORIZON - given)[0]
        if not math.isnan(v):
            out[given] = float(v)
    return out
