"""The life-table intervals of a SEER*Stat export: their numbers, their labels and their length.

SEER*Stat numbers the intervals 1, 2, ... The .dic gives their length
(``[Session Options] MonthsPerInterval``) and, in ``[Format=Interval]``, their
labels: ``<1 yr``, ``1-<2 yr``, ... or ``<6 mo``, ``6-<12 mo``, ... A label
that states its own bounds must agree with the declared length, or every time
would be wrong (6 months per interval under labels in years halves them all):
:func:`interval_months` refuses a contradiction. Labels in another form are
not checked.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, shown
from survival.io.numbers import parse_floats
from survival.io.seerstat_columns import Rows, as_int, group_labels
from survival.io.seerstat_dictionary import SAME_EXPORT, SeerStatDictionary

MAX_INTERVAL = 10_000  # interval numbers are 1, 2, ...: a few hundred at most

#: Months per unit, for the units interval labels are written in.
UNIT_MONTHS = {
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), 12.0),
    **dict.fromkeys(("m", "mo", "mos", "mon", "mth", "mths", "month", "months"), 1.0),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 12.0 * 7 / 365.25),
    **dict.fromkeys(("d", "day", "days"), 12.0 / 365.25),
}
_NUMBER = r"\d+(?:\.\d+)?"
_LABEL = re.compile(
    rf"^\s*(?:(?P<start>{_NUMBER})\s*(?P<start_unit>[a-z]+)?\.?\s*-\s*)?"
    rf"<\s*(?P<end>{_NUMBER})\s*(?P<unit>[a-z]+)\.?\s*$",
    re.IGNORECASE,
)


def label_bounds(label: str) -> tuple[float, float] | None:
    """The start and end, in months since diagnosis, that an interval label states.

    ``"<1 yr"`` -> (0, 12); ``"6-<12 mo"`` -> (6, 12); None for a label in another form.
    """
    found = _LABEL.match(label)
    if not found:
        return None
    unit = UNIT_MONTHS.get(found["unit"].lower())
    start_unit = UNIT_MONTHS.get((found["start_unit"] or found["unit"]).lower())
    if unit is None or start_unit is None:
        return None
    start = float(found["start"]) * start_unit if found["start"] else 0.0
    return start, float(found["end"]) * unit


def interval_months(d: SeerStatDictionary, name: str) -> float:
    """Months per interval, as the .dic declares them and its labels for ``name`` (the interval) agree.

    Raises
    ------
    SurvivalDataError
        When ``MonthsPerInterval`` is missing or implausible, or a label says
        an interval starts or ends elsewhere than the declared length puts it.
    """
    months = d.months_per_interval
    for code, label in sorted(d.formats.get(name, {}).items()):
        bounds = label_bounds(label)
        if bounds is None or code < 1:
            continue
        start, end = bounds
        declared = ((code - 1) * months, code * months)
        if all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6) for a, b in zip(bounds, declared)):
            continue
        fix = SAME_EXPORT
        if end > start:
            fix = (
                f"if the labels are right, set MonthsPerInterval={_months(end - start)} in the .dic's "
                f"[Session Options]; otherwise {SAME_EXPORT}"
            )
        raise SurvivalDataError(
            f"The .dic declares {_months(months)} months per interval (MonthsPerInterval), but labels "
            f"interval {code} '{shown(label)}', which runs from month {_months(start)} to month "
            f"{_months(end)}; {_months(months)} months per interval would put it at months "
            f"{_months(declared[0])} to {_months(declared[1])}, so every time would be wrong",
            f"file {d.source}, [Format={shown(name)}] {code}={shown(label)}",
            fix,
        )
    return months


def _months(value: float) -> str:
    return f"{value:.4g}"


def interval_codes(rows: Rows, i: int, d: SeerStatDictionary) -> tuple[pd.Series, pd.Series]:
    """Interval codes (int64, from 1) and their labels."""
    name = d.variables[i]
    raw = rows.column(i)
    fmt = d.formats.get(name, {})
    if d.labels and fmt:
        reverse = {label.strip(): code for code, label in fmt.items()}
        codes = raw.str.strip().map(lambda c: reverse.get(c, as_int(c))).astype(float)
    else:
        codes = pd.Series(parse_floats(raw.str.strip()), index=raw.index)
    if (bad := ~((codes >= 1) & (codes <= MAX_INTERVAL) & (codes % 1 == 0))).any():
        k = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"'{shown(raw.iloc[k].strip())}' is not an interval number (1, 2, ...)",
            rows.where(k, name),
            "use the data file exported together with this .dic",
        )
    whole = codes.astype(np.int64)
    if d.labels or not fmt:
        return whole, (raw.str.strip() if d.labels else whole.astype(str)).astype(object)
    return whole, group_labels(rows, i, d)
