"""The measures of survival a dataset offers, the method behind each, and its curve for one selection.

========================  ===============================  =============================================
measure                   method                           where it comes from
========================  ===============================  =============================================
``"observed"``            actuarial life table             the life tables (every dataset)
``"relative"``            Ederer II (SEER life table)      the life tables' expected column
``"net"``                 Pohar Perme                      ``net.csv`` (datasets built from records)
``"cause-specific"``      Kaplan-Meier on cancer deaths    ``net.csv`` (where causes of death are known)
``"relative-standardised"``  Ederer II, ICSS age-standardised  ``net.csv`` (all ages)
``"net-standardised"``    Pohar Perme, ICSS age-standardised  ``net.csv`` (all ages)
========================  ===============================  =============================================

:class:`MeasureCurve` carries the curve with its measure and method, so a
chart or a table can always name the method. Curves from ``net.csv`` are
read at whole years (0, 1, 2, ...) and, like life-table curves, joined by
straight lines between them (``method="actuarial"`` on the
:class:`~survival.estimate.results.SurvivalCurve`): exact at whole years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from survival.estimate.results import SurvivalCurve

MEASURES = (
    "observed",
    "relative",
    "net",
    "cause-specific",
    "relative-standardised",
    "net-standardised",
)
#: Measures read from the life tables; the others come from ``net.csv``.
LIFETABLE_MEASURES = ("observed", "relative")
CONF_LEVEL = 0.95
FIGURE_COLUMNS = (
    "measure",
    "method",
    "years",
    "survival",
    "se",
    "ci_low",
    "ci_high",
    "conf_level",
    "conf_type",
)


@dataclass(frozen=True)
class MeasureInfo:
    """What a measure is called, the method that estimates it, and its curve's conventions.

    Attributes
    ----------
    title : str
        E.g. "Net survival".
    method : str
        The estimator's name, e.g. "Pohar Perme".
    about : str
        One plain sentence on what it estimates.
    curve_measure : str
        The ``measure`` of its :class:`SurvivalCurve` ("observed", "relative", "net",
        "cause-specific").
    conf_type : str
        The transform of its confidence interval.
    """

    title: str
    method: str
    about: str
    curve_measure: str
    conf_type: str


INFO = {
    "observed": MeasureInfo(
        "Observed survival",
        "actuarial life table",
        "The share still alive, counting deaths from any cause.",
        "observed",
        "log-log",
    ),
    "relative": MeasureInfo(
        "Relative survival",
        "Ederer II, SEER life table",
        "Survival compared with that of people of the same age and sex in general.",
        "relative",
        "log-log",
    ),
    "net": MeasureInfo(
        "Net survival",
        "Pohar Perme",
        "Survival if the cancer were the only cause of death. It is worked out from all deaths "
        "and the death rates of people in general.",
        "net",
        "log",
    ),
    "cause-specific": MeasureInfo(
        "Cause-specific survival",
        "Kaplan-Meier on cancer deaths",
        "The share not dead of the cancer, counting only deaths recorded as caused by it.",
        "cause-specific",
        "log-log",
    ),
    "relative-standardised": MeasureInfo(
        "Age-standardised relative survival",
        "Ederer II, ICSS age-standardised",
        "Relative survival for a fixed mix of ages, so groups can be compared fairly.",
        "relative",
        "log",
    ),
    "net-standardised": MeasureInfo(
        "Age-standardised net survival",
        "Pohar Perme, ICSS age-standardised",
        "Net survival for a standard mix of ages, so groups can be compared fairly.",
        "net",
        "log",
    ),
}


@dataclass(frozen=True, eq=False)
class MeasureCurve:
    """One selection's curve for one measure, with the method that made it.

    Attributes
    ----------
    measure : str
        One of :data:`MEASURES`.
    method : str
        The estimator's name, e.g. "Pohar Perme" (see :data:`INFO`).
    title : str
        The measure's name, e.g. "Net survival".
    curve : SurvivalCurve
        The curve, in years since diagnosis, with its standard error and interval.
    """

    measure: str
    method: str
    title: str
    curve: SurvivalCurve

    @property
    def name(self) -> str:
        """The measure with its method, for a legend: "Net survival (Pohar Perme)"."""
        return f"{self.title} ({self.method})"

    def at(self, times) -> pd.DataFrame:
        """Estimate, standard error and interval at ``times`` (years), one row each, named by method."""
        t = np.atleast_1d(np.asarray(times, dtype=float))
        low, high = self.curve.ci_at(t)
        return pd.DataFrame(
            {
                "measure": self.measure,
                "method": self.method,
                "years": t,
                "survival": self.curve.at(t),
                "se": self.curve.se_at(t),
                "ci_low": low,
                "ci_high": high,
                "conf_level": self.curve.conf_level,
                "conf_type": self.curve.conf_type,
            }
        )


def measure_curve(measure: str, curve: SurvivalCurve) -> MeasureCurve:
    """Wrap ``curve`` with the name and method of ``measure``."""
    info = INFO[measure]
    return MeasureCurve(measure, info.method, info.title, curve)


def curve_from_rows(rows: pd.DataFrame, measure: str, label: str) -> SurvivalCurve:
    """A curve from one selection's rows of ``net.csv`` for ``measure`` (sorted by time)."""
    info = INFO[measure]
    return SurvivalCurve(
        time=rows["time"].to_numpy(dtype=float),
        survival=rows["survival"].to_numpy(dtype=float),
        se=rows["se"].to_numpy(dtype=float),
        ci_low=rows["ci_low"].to_numpy(dtype=float),
        ci_high=rows["ci_high"].to_numpy(dtype=float),
        n_at_risk=rows["n_at_risk"].to_numpy(dtype=float),
        n_events=rows["n_events"].to_numpy(dtype=float),
        n_censored=rows["n_censored"].to_numpy(dtype=float),
        conf_level=CONF_LEVEL,
        conf_type=info.conf_type,
        method="actuarial",
        measure=info.curve_measure,
        label=label,
    )


def figures(curves: list[MeasureCurve], times=(1, 3, 5, 10)) -> pd.DataFrame:
    """Every curve's estimate, SE and interval at ``times``, one row per measure and time."""
    if not curves:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    return pd.concat([c.at(times) for c in curves], ignore_index=True)
