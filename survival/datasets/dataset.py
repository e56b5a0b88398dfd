"""Datasets as values: life tables with their description, and selections of one group by name.

A :class:`Dataset` is what every page and command works on, bundled or
uploaded: its :class:`~survival.datasets.description.Description`, life
tables grouped by the description's variables and the period of diagnosis
(five-year spans and single years), the periods' follow-up, a trend table
by single year of diagnosis, provenance, and for datasets built from one row
per person a table of net, cause-specific and age-standardised survival.
:meth:`Dataset.select` picks one group by its labels, matched without regard
to case; :meth:`Dataset.measures` lists the measures of survival it offers and
:meth:`Dataset.curve` gives one selection's curve for one measure, named with
its method (:mod:`survival.datasets.measures`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from survival.datasets.description import PERIOD, Description, Variable
from survival.datasets.measures import (
    LIFETABLE_MEASURES,
    MEASURES,
    MeasureCurve,
    curve_from_rows,
    measure_curve,
)
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.tables.lifetable import LifeTable


@dataclass(frozen=True)
class Selection:
    """One group of a dataset: a label for each grouping variable and the period.

    Attributes
    ----------
    dataset : str
        The dataset's id.
    labels : tuple of (str, str)
        ``(variable, label)`` pairs in the order of the dataset's life-table
        group columns, e.g. ``(("stage", "Distant"), ("age", "All ages"),
        ("period", "2000-2004"))``.
    """

    dataset: str
    labels: tuple[tuple[str, str], ...]

    def get(self, name: str, default: str | None = None) -> str | None:
        """The label of variable ``name``, or ``default`` when the dataset has no such variable."""
        return dict(self.labels).get(name, default)

    def __getitem__(self, name: str) -> str:
        return dict(self.labels)[name]

    @property
    def period(self) -> str | None:
        """The period of diagnosis (None for a dataset without one)."""
        return self.get(PERIOD)

    @property
    def stage(self) -> str | None:
        """The stage label, when the dataset's stage variable is called ``stage``."""
        return self.get("stage")

    @property
    def age(self) -> str | None:
        """The age-group label, when the dataset has a variable called ``age``."""
        return self.get("age")

    @property
    def group(self) -> tuple[str, ...]:
        """The key in the dataset's life tables."""
        return tuple(label for _, label in self.labels)

    def replace(self, **labels: str) -> Selection:
        """The same selection with some labels changed (unmatched; use :meth:`Dataset.select`)."""
        return Selection(self.dataset, tuple((n, labels.get(n, v)) for n, v in self.labels))


@dataclass(frozen=True, eq=False)
class Dataset:
    """A dataset: description, life tables by group and period, periods, trend and provenance.

    Attributes
    ----------
    description : Description
        What the data are and how they are grouped.
    lifetables : LifeTable
        Counts (and expected survival, when known) grouped by the
        description's variables, then ``period`` when the dataset has
        periods of diagnosis.
    periods : DataFrame
        One row per period: ``period``, ``first_year``, ``last_year``,
        ``kind`` ("period" or "single year"), ``complete_years``. Empty when
        the data have no year of diagnosis.
    trend : DataFrame
        Survival 1, 5 and 10 years after diagnosis by variable labels and
        single year of diagnosis (``year``, ``years``, ``diagnosed``, then
        ``observed``/``relative`` with ``_se``, ``_low``, ``_high``).
    provenance : mapping
        Source, citation, checksums and how the tables were derived.
    net : DataFrame
        Net, cause-specific and age-standardised survival at whole years for every selection
        of a multi-year period (:mod:`survival.datasets.net_tables`): the variables,
        ``period``, ``measure``, ``time``, ``survival``, ``se``, ``ci_low``, ``ci_high``,
        ``n_at_risk``, ``n_events``, ``n_censored``. Empty for datasets made from life tables.
    trend_fits : mapping
        Each selection's joinpoint trend (a ``TrendSummary``, or None where there is none),
        keyed by its labels without the period, as fitted when the data were built
        (:mod:`survival.datasets.trend_fits`); empty for uploads, whose trends are fitted when asked.
    """

    description: Description
    lifetables: LifeTable
    periods: pd.DataFrame = field(default_factory=pd.DataFrame)
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    provenance: Mapping = field(default_factory=dict)
    net: pd.DataFrame = field(default_factory=pd.DataFrame)
    trend_fits: Mapping[tuple, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The dataset's id."""
        return self.description.id

    @property
    def title(self) -> str:
        """A one-line description."""
        return self.description.title

    @property
    def variables(self) -> tuple[Variable, ...]:
        """The grouping variables other than the period, in order."""
        return self.description.variables

    @property
    def has_periods(self) -> bool:
        """Whether the life tables are grouped by period of diagnosis."""
        return PERIOD in self.lifetables.group_columns

    def levels(self, name: str) -> list[str]:
        """The labels of variable ``name`` (or ``"period"``), in the dataset's order."""
        if name == PERIOD:
            return self.period_labels()
        return list(self.description.variable(name).levels)

    def stages(self) -> list[str]:
        """Stage labels in order (empty for a dataset without stage)."""
        stage = self.description.stage
        return list(stage.levels) if stage else []

    def ages(self) -> list[str]:
        """Age-group labels as the source wrote them (empty without an ``age`` variable)."""
        names = [v.name for v in self.variables]
        return self.levels("age") if "age" in names else []

    def period_labels(self, kind: str | None = None) -> list[str]:
        """Periods of diagnosis; ``kind`` "period" (multi-year spans) or "single year"."""
        if self.periods.empty:
            return []
        rows = self.periods if kind is None else self.periods[self.periods["kind"] == kind]
        return list(rows["period"])

    def complete_years(self, period: str | None) -> float:
        """Years of complete follow-up for every case diagnosed in ``period`` (NaN if unknown)."""
        if period is None or self.periods.empty:
            return math.nan
        row = self.periods[self.periods["period"] == period]
        return float(row["complete_years"].iloc[0]) if len(row) else math.nan

    def default_period(self, years: float = 5) -> str | None:
        """The most recent multi-year period with ``years`` years of complete follow-up.

        Falls back on the period with the longest follow-up, then on None
        for a dataset without periods.
        """
        if self.periods.empty:
            return None
        spans = self.periods[self.periods["kind"] == "period"]
        if spans.empty:
            spans = self.periods
        ready = spans[spans["complete_years"] >= years]
        if ready.empty:
            return str(spans.sort_values("complete_years")["period"].iloc[-1])
        return str(ready.sort_values("last_year")["period"].iloc[-1])

    def select(self, *positional: str | None, **choices: str | None) -> Selection:
        """One group, by labels matched without regard to case.

        Labels may be given in the order of the life tables' group columns
        (for ``seer-breast``: stage, age group, period) or by name
        (``select(stage="distant", period="1990-1994")``). A variable left
        out (or None) takes its total label (e.g. "All ages"), and the period
        :meth:`default_period`; a variable without a total must be given.
        """
        columns = self.lifetables.group_columns
        if len(positional) > len(columns):
            raise SurvivalDataError(
                f"This dataset is grouped by {len(columns)} things; {len(positional)} labels were given",
                "the selection",
                f"give at most: {', '.join(columns) or 'nothing'}",
            )
        given = dict(zip(columns, positional))
        unknown = [name for name in choices if name not in columns]
        if unknown:
            raise SurvivalDataError(
                f"This dataset has no '{unknown[0]}' to choose",
                "the selection",
                f"choose from: {', '.join(columns) or 'nothing (one group)'}",
            )
        given.update({k: v for k, v in choices.items() if v is not None or k not in given})
        return Selection(self.name, tuple((c, self._label(c, given.get(c))) for c in columns))

    def _label(self, name: str, given: str | None) -> str:
        if name == PERIOD:
            labels, what, default = self.period_labels(), "period", self.default_period()
        else:
            variable = self.description.variable(name)
            labels, what, default = list(variable.levels), variable.what, variable.total
        if given is None or not str(given).strip():
            if default is None:
                raise SurvivalDataError(
                    f"No {what} was chosen", f"the {name} option", f"choose one of: {', '.join(labels)}"
                )
            return default
        return match_label(what, given, labels, f"the {name} option")

    def table(self, selection: Selection) -> LifeTable:
        """The life table of one selection."""
        return self.lifetables.select(**dict(selection.labels))

    def describe(self, selection: Selection) -> str:
        """A short name for a selection, e.g. "Distant stage, all ages, diagnosed 2000-2004"."""
        parts = []
        for name, label in selection.labels:
            if name == PERIOD:
                parts.append(f"diagnosed {label}")
                continue
            variable = self.description.variable(name)
            if label == variable.total:
                parts.append(label[0].lower() + label[1:])
            elif self.description.staging and name == self.description.staging.variable:
                parts.append(stage_words(label))
            elif name == "age":
                parts.append(f"age group {label}")
            else:
                parts.append(label)
        return ", ".join(parts) if parts else self.description.title

    def cancer_words(self) -> str:
        """The cancer in a sentence, e.g. "breast cancer"."""
        return self.description.cancer

    def measures(self, selection: Selection | None = None) -> tuple[str, ...]:
        """The measures of survival this dataset offers (for ``selection``, those it has for it).

        In the order of :data:`~survival.datasets.measures.MEASURES`: ``"observed"``,
        ``"relative"`` (when expected survival is known), then those of :attr:`net`.
        """
        found = {"observed"} | ({"relative"} if self.lifetables.has_expected else set())
        if not self.net.empty:
            rows = self.net if selection is None else self.net[self._net_mask(selection)]
            found |= set(rows["measure"])
        return tuple(m for m in MEASURES if m in found)

    def curve(self, selection: Selection, measure: str = "observed") -> MeasureCurve:
        """One selection's curve for ``measure``, named with the method that estimated it.

        Parameters
        ----------
        selection : Selection
            From :meth:`select`.
        measure : str
            One of :meth:`measures`: ``"observed"``, ``"relative"``, ``"net"``,
            ``"cause-specific"``, ``"relative-standardised"``, ``"net-standardised"``.

        Returns
        -------
        MeasureCurve
            The measure, its method and a :class:`~survival.estimate.results.SurvivalCurve` in
            years since diagnosis with a 95% interval.

        Raises
        ------
        SurvivalDataError
            For a measure the dataset, or this selection, does not have.
        """
        offered = self.measures()
        if measure not in offered:
            raise SurvivalDataError(
                f"This dataset has no '{str(measure)[:40]}' survival",
                "the measure option",
                f"choose one of: {', '.join(offered)}",
            )
        label = self.describe(selection)
        if measure in LIFETABLE_MEASURES:
            est = actuarial(self.table(selection))
            curve = est.observed(label=label) if measure == "observed" else est.relative(label=label)
            return measure_curve(measure, curve)
        rows = self.net[self._net_mask(selection) & (self.net["measure"] == measure).to_numpy()]
        if rows.empty:
            raise SurvivalDataError(
                f"There is no '{measure}' survival for {label}",
                "the selection",
                self._net_fix(measure),
            )
        return measure_curve(measure, curve_from_rows(rows.sort_values("time"), measure, label))

    def _net_mask(self, selection: Selection):
        mask = pd.Series(True, index=self.net.index)
        for name, label in selection.labels:
            mask &= self.net[name] == label
        return mask.to_numpy()

    def _net_fix(self, measure: str) -> str:
        spans = ", ".join(self.period_labels("period"))
        fix = f"choose one of the periods {spans} (not a single year)"
        if measure.endswith("-standardised"):
            total = self.description.variable("age").total if self.ages() else None
            fix += f", and {total or 'all ages'}: age-standardised figures are for all ages together"
        return fix


def stage_words(label: str) -> str:
    """``"Distant"`` -> "Distant stage"; a registry's code such as ``"99"`` -> "stage code 99"."""
    if "stage" in label.lower():
        return label
    return f"stage code {label}" if label[:1].isdigit() else f"{label} stage"


def match_label(what: str, given: str, choices: list[str], where: str) -> str:
    """``given`` as one of ``choices`` (case and surrounding spaces ignored), or a plain error."""
    wanted = str(given).strip().casefold()
    for choice in choices:
        if choice.casefold() == wanted:
            return choice
    raise SurvivalDataError(
        f"There is no {what} '{str(given)[:80]}' in this dataset",
        where,
        f"choose one of: {', '.join(choices)}",
    )
