"""A selection's survival figures explained in plain words (pure: results in, text out).

Every number in the text is a computed number rounded by the one rule in
:data:`survival.words.wording.ROUNDING_RULE`; each section carries the exact
numbers it used, so tests can parse the text and compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from survival.datasets.dataset import Dataset, Selection
from survival.estimate.actuarial import actuarial
from survival.estimate.conditional import conditional_lifetable
from survival.estimate.crude import crude_probabilities
from survival.estimate.trend import locate_figure, period_trend, single_year_trend
from survival.words.sentences import (
    certainty_text,
    conditional_text,
    figure_text,
    headline_text,
    limits_text,
    lived_text,
    outcomes_text,
    over_time_text,
    when_text,
)
from survival.words.wording import ROUNDING_RULE

TIMES = (1, 3, 5, 10)
GIVEN = (1, 2, 3)
HORIZON = 5


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
) -> Explanation:
    """Explain one selection of a bundled data set.

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
        Years already lived since diagnosis: the figures become conditional
        survival, for the people still alive then (0: everyone diagnosed).
    conf_level : float
        Level of the confidence intervals.

    Returns
    -------
    Explanation
        Sections: the short answer, when these people were diagnosed, where a
        given figure comes from (with ``figure``), over time, after living a
        while, how sure the numbers are, three outcomes, and what the numbers
        cannot tell. Render it with :meth:`Explanation.to_markdown`.
    """
    full = dataset.table(selection)
    table = conditional_lifetable(full, lived) if lived else full
    est = actuarial(table, conf_level=conf_level)
    observed = est.observed()
    relative = est.relative() if est.has_expected else None
    horizon = _horizon(observed)
    sections = [
        Section(
            "headline",
            "The short answer",
            *headline_text(dataset, selection, observed, relative, horizon, lived),
        ),
        Section(
            "when",
            "When these people were diagnosed",
            *when_text(
                dataset,
                selection,
                dataset.complete_years(selection.period),
                period_trend(dataset, selection, HORIZON),
            ),
        ),
    ]
    if figure is not None:
        trend = single_year_trend(dataset, selection, HORIZON)
        sections.append(
            Section(
                "figure",
                "Where your figure comes from",
                *figure_text(dataset, selection, locate_figure(trend, figure)),
            )
        )
    if lived:
        everyone = actuarial(full, conf_level=conf_level).observed()
        conditional = Section(
            "conditional", "After you have lived a while", *lived_text(lived, everyone, observed, HORIZON)
        )
    else:
        conditional = Section(
            "conditional",
            "After you have lived a while",
            *conditional_text(_conditional(table, conf_level), HORIZON),
        )
    sections += [
        Section("over_time", "Over time", *over_time_text(observed, TIMES, lived)),
        conditional,
        Section(
            "certainty",
            "How sure these numbers are",
            *certainty_text(observed, horizon, selection, conf_level, lived),
        ),
    ]
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


def _title(dataset: Dataset, selection: Selection) -> str:
    """``"Breast cancer, distant stage: survival explained"``."""
    parts = [dataset.description.cancer.capitalize()]
    staging = dataset.description.staging
    if staging is not None:
        label = selection[staging.variable]
        if label != dataset.description.variable(staging.variable).total:
            parts.append(label.lower() if "stage" in label.lower() else f"{label.lower()} stage")
    return f"{', '.join(parts)}: survival explained"


def _horizon(observed) -> int | None:
    """The headline time: 5 years if known, else the longest of 3 and 1 years that is."""
    for years in (HORIZON, 3, 1):
        if not math.isnan(observed.at(years)[0]):
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
        value = curve.at(HORIZON - given)[0]
        if not math.isnan(value):
            out[given] = float(value)
    return out
