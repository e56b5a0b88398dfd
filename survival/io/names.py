"""The names the outputs give their columns, which input group columns must not take.

An estimate table is the group columns followed by the estimates' own
columns: a group column called ``observed`` would be overwritten by observed
survival, and its labels lost. Every reader therefore refuses a group column
named like an output column (without regard to case, as the readers match
names), at the boundary, with :func:`check_group_names`. The command line and
the app call :func:`check_output_names` before they add a column of their own.

``tests/test_output_names.py`` checks these lists against what the estimators
produce, so a new output column cannot slip past them.
"""

from __future__ import annotations

from typing import Iterable

from survival.errors import SurvivalDataError, shown

#: Columns of the estimate tables: ``LifeTableEstimate.to_frame()`` (actuarial) and ``km_table``.
ESTIMATE_COLUMNS = (
    "interval_start",
    "interval_end",
    "alive",
    "died",
    "lost",
    "observed",
    "observed_se",
    "observed_low",
    "observed_high",
    "expected",
    "relative",
    "relative_se",
    "relative_low",
    "relative_high",
    "observed_interval",
    "observed_interval_se",
    "expected_interval",
    "relative_interval",
    "relative_interval_se",
)
#: Columns of one curve as a table (``SurvivalCurve.to_frame()``).
CURVE_COLUMNS = ("time", "survival", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored")
#: Counts per group and time (``EventCounts.frame``).
COUNT_COLUMNS = ("time", "died", "censored")
#: Fields of a summary (``Summary.to_dict()``: survival at set times, the median, conditional survival).
SUMMARY_FIELDS = (
    "label",
    "diagnosed",
    "survival",
    "median",
    "conditional",
    "conf_level",
    "convention",
    "convention_text",
    "years",
    "observed",
    "relative",
    "at_risk",
    "given",
    "more_years",
    "alive_at_given",
    "value",
    "low",
    "high",
    "ci_low",
    "ci_high",
    "reached",
    "last_time",
    "start",
    "conf_type",
    "rmst",
    "tau",
    "estimate",
)
#: Columns the command line's CSV and JSON exports add to an estimate table.
EXPORT_COLUMNS = ("relative_convention",)
#: Columns the program adds for its own bookkeeping while it reads and pools.
INTERNAL_COLUMNS = ("_row", "_order", "_weighted")

#: What each reserved name is used for, as a message says it (a name's first use wins).
_USES: dict[str, str] = {}
for _names, _use in (
    (COUNT_COLUMNS, "the counts"),
    (ESTIMATE_COLUMNS, "a column of the results"),
    (CURVE_COLUMNS, "a column of a curve's table"),
    (SUMMARY_FIELDS, "a figure of the summary"),
    (EXPORT_COLUMNS, "a column of the exported results"),
    (INTERNAL_COLUMNS, "the program's own bookkeeping"),
):
    for _name in _names:
        _USES.setdefault(_name, _use)

#: Every name an output uses: no group column may be called so (compared in lower case).
OUTPUT_NAMES = frozenset(_USES)


def check_group_names(group_columns: Iterable, source: str, other_columns: Iterable = ()) -> None:
    """Refuse group columns named like an output column, naming the column and a new name for it.

    Parameters
    ----------
    group_columns : iterable of str
        The input's group columns.
    source : str
        Where they come from, for the message.
    other_columns : iterable of str
        The input's other columns, so that the suggested name is not one of them.

    Raises
    ------
    SurvivalDataError
        For the first group column whose name (in lower case) is in :data:`OUTPUT_NAMES`.
    """
    groups = [str(c) for c in group_columns]
    taken = {c.strip().lower() for c in groups} | {str(c).strip().lower() for c in other_columns}
    for name in groups:
        key = name.strip().lower()
        if key in OUTPUT_NAMES:
            new = next(n for n in ("group", f"{key}_group", f"{key}_label") if n not in taken)
            raise SurvivalDataError(
                f"A group column cannot be called '{shown(name)}' (the name is used for {_USES[key]}): "
                "the output would put its own values where the group's labels were",
                f"{source}, column '{shown(name)}'",
                f"rename the column, for example to '{new}'",
            )


def check_output_names(input_columns: Iterable, added: Iterable[str], source: str = "the output") -> None:
    """Refuse to add output columns whose names an input column already has.

    For callers that add columns of their own to an estimate table (the
    command line's ``relative_convention``, say): the readers have refused
    group columns named like :data:`OUTPUT_NAMES`, so a clash here means a new
    output name that is missing from those lists.

    Raises
    ------
    SurvivalDataError
        Naming the clashing column.
    """
    have = {str(c).strip().lower(): str(c) for c in input_columns}
    for name in added:
        if name.strip().lower() in have:
            raise SurvivalDataError(
                f"The output would have two columns called '{shown(name)}': the input has one already "
                f"('{shown(have[name.strip().lower()])}')",
                source,
                "rename that column of the input, for example to 'group'",
            )
