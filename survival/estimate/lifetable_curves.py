"""Life tables read as event counts, so Kaplan-Meier and the log-rank test apply to them.

A life table gives, per interval, the number alive at its start and the
deaths and losses (withdrawn alive) in it, not the exact times.
:func:`counts_from_lifetable` places every interval's deaths and losses at the
interval's end, deaths before losses at that time (as lifelines, R and SAS
order ties), and counts the people still alive when a group's table ends as
censored at its last end. A Kaplan-Meier curve of these counts is the
"reduced-sample" life-table estimate, interval survival ``1 - d/n``, where
the actuarial estimate is ``1 - d/(n - w/2)`` (withdrawals at risk for half
the interval): it is never lower than the actuarial curve, and differs most
where many people are lost. A log-rank test on these counts is the test on
times rounded up to the interval ends.

:func:`lifetable_curve` draws one group's curve by either method. Its
Kaplan-Meier curve stops where the actuarial one does: an interval in which
everyone left alive was lost (follow-up ended during it) is not estimated,
because counting all those people at risk for the whole interval would
overstate survival there.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

from survival.estimate.results import SurvivalCurve
from survival.io.individual import EventCounts
from survival.tables.lifetable import LifeTable, combine_labels, group_mask, only_group

METHODS = ("actuarial", "kaplan-meier")


def counts_from_lifetable(table: LifeTable) -> EventCounts:
    """Deaths and censorings per group at each interval's end.

    Parameters
    ----------
    table : LifeTable
        Validated counts per group and interval.

    Returns
    -------
    EventCounts
        One row per group and interval end at which someone died or was
        censored: ``died`` the interval's deaths, ``censored`` its losses
        (plus, at a group's last interval, those still alive at its end).
        Sorted by group labels, then time; ``n_rows`` is the number of people.
    """
    frame = table.frame
    keys = list(table.group_columns)
    end = frame["interval_end"].to_numpy(dtype=float)
    if keys:
        last_end = frame.groupby(keys, sort=False)["interval_end"].transform("max").to_numpy(dtype=float)
    else:
        last_end = np.full(len(frame), end.max() if len(end) else np.nan)
    alive, died, lost = (frame[c].to_numpy(dtype=np.int64) for c in ("alive", "died", "lost"))
    still_alive = np.where(end == last_end, alive - died - lost, 0)
    out = frame[keys].reset_index(drop=True)
    out["time"] = end
    out["died"] = died
    out["censored"] = (lost + still_alive).astype(np.int64)
    out = out[(out["died"] + out["censored"]).to_numpy() > 0]
    out = out.sort_values(keys + ["time"], kind="stable").reset_index(drop=True)
    people = int(out["died"].sum() + out["censored"].sum())
    return EventCounts(out, tuple(keys), table.source, people)


def lifetable_curve(
    table: LifeTable,
    group: tuple | None = None,
    *,
    measure: str = "observed",
    method: str = "actuarial",
    label: str | None = None,
    conf_level: float = 0.95,
) -> SurvivalCurve:
    """One group's curve from a life table, by the actuarial or the Kaplan-Meier method.

    Parameters
    ----------
    table : LifeTable
        Validated counts.
    group : tuple, optional
        The group's labels (default: the table's only group).
    measure : {"observed", "relative"}
        Relative survival needs expected survival and the actuarial method.
    method : {"actuarial", "kaplan-meier"}
        Kaplan-Meier is the reduced-sample estimate of :func:`counts_from_lifetable`,
        up to the end of the last interval the actuarial method estimates.
    label : str, optional
        A display name (default: the group's labels).
    conf_level : float
        Level of the log(-log) band.

    Returns
    -------
    SurvivalCurve
        Actuarial curves join the interval ends with straight lines;
        Kaplan-Meier curves are steps at the interval ends.

    Raises
    ------
    ValueError
        For an unknown method or measure, or relative survival by Kaplan-Meier.
    KeyError
        For a group that is not in the table, or no group named when there
        are several.
    """
    from survival.estimate.actuarial import actuarial
    from survival.estimate.kaplan_meier import kaplan_meier_counts

    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS} (got {method!r}).")
    if measure not in ("observed", "relative"):
        raise ValueError(f"measure must be 'observed' or 'relative' (got {measure!r}).")
    group = only_group(table.groups(), group)
    label = combine_labels(group) if label is None else label
    if method == "kaplan-meier":
        if measure != "observed":
            raise ValueError(
                "Kaplan-Meier estimates observed survival only; relative survival "
                "uses the actuarial method (Ederer II)."
            )
        curve = kaplan_meier_counts(counts_from_lifetable(table), group, conf_level=conf_level, label=label)
        return _until(curve, _last_estimable_end(table, group))
    estimate = actuarial(table, conf_level=conf_level)
    return estimate.observed(group, label) if measure == "observed" else estimate.relative(group, label)


def _last_estimable_end(table: LifeTable, group: tuple) -> float:
    """The end of the group's last interval that someone was followed through (0 if none)."""
    rows = table.frame[group_mask(table.frame, table.group_columns, group)]
    unfinished = (rows["alive"] - rows["died"] - rows["lost"] == 0) & (rows["lost"] > 0)
    ends = rows.loc[~unfinished, "interval_end"]
    return float(ends.max()) if len(ends) else 0.0


def _until(curve: SurvivalCurve, last: float) -> SurvivalCurve:
    """The curve's points up to time ``last``."""
    keep = curve.time <= last + 1e-9
    keep[0] = True
    arrays = {
        f.name: getattr(curve, f.name)[keep]
        for f in fields(curve)
        if isinstance(getattr(curve, f.name), np.ndarray)
    }
    return replace(curve, **arrays)
