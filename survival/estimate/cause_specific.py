"""Cause-specific survival: Kaplan-Meier with death from the cancer as the only event.

Where the cause of death is recorded (the Finnish teaching sets: ``Dead: cancer``,
``Dead: other``), deaths from the cancer are the event and everyone else is censored
when they leave follow-up: alive at the end, lost, or dead of another cause. The result
estimates the chance of not dying of the cancer, in a world where other causes could be
set aside.

How it differs from relative and net survival (:data:`EXPLANATION`): cause-specific
survival needs the cause of each death and trusts it; relative and net survival never
look at causes of death, and instead compare the patients' deaths with those expected in
the general population of the same sex, age and calendar year. Both aim at survival from
the cancer alone (net survival), and both assume that dying of other causes has nothing
to do with the cancer: cause-specific survival also assumes that causes are coded
correctly (a death certified as heart failure may follow the cancer's treatment), and
relative survival that the patients would otherwise die like the general population.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.estimate.kaplan_meier import kaplan_meier
from survival.estimate.results import SurvivalCurve
from survival.population.table import show_cell

EXPLANATION = (
    "Cause-specific survival counts only deaths recorded as caused by the cancer; people who "
    "died of something else are treated as if followed until then. Relative and net survival "
    "do not use causes of death: they compare all deaths among the patients with the deaths "
    "expected in people of the same sex and age in the general population, in the same years. "
    "Both estimate survival from the cancer alone. Cause-specific survival relies on causes of "
    "death being recorded correctly; relative survival relies on the patients otherwise dying "
    "like the general population."
)
FINNISH_STATUS = {"Dead: cancer": 1, "Alive": 0, "Dead: other": 0, "Lost to follow-up": 0}


@dataclass(frozen=True, eq=False)
class CauseSpecific:
    """Cause-specific survival of each group (Kaplan-Meier curves, log(-log) bands)."""

    group_columns: tuple[str, ...]
    groups: tuple[tuple, ...]
    curves: tuple[SurvivalCurve, ...]
    time_unit: str

    def curve(self, group: tuple | str | None = None) -> SurvivalCurve:
        """The curve of one group (the only one by default)."""
        if group is None:
            if len(self.groups) != 1:
                raise KeyError(f"There are {len(self.groups)} groups; name one of {list(self.groups)}.")
            return self.curves[0]
        key = (group,) if isinstance(group, str) else tuple(group)
        if key not in self.groups:
            raise KeyError(f"No group {key}; choose one of {list(self.groups)}.")
        return self.curves[self.groups.index(key)]


def cause_specific_survival(
    frame: pd.DataFrame,
    *,
    time: str,
    status: str,
    time_unit: str,
    by: Sequence[str] = (),
    status_values: dict | None = None,
    conf_level: float = 0.95,
    source: str = "records",
) -> CauseSpecific:
    """Kaplan-Meier survival with death from the cancer as the event, per group.

    Parameters
    ----------
    frame : DataFrame
        One row per person.
    time : str
        Column of follow-up times (any unit, 0 or more; the curves keep it).
    status : str
        Column of vital status with cause of death.
    time_unit : str
        The unit of ``time``, kept with the result (e.g. ``"months"``).
    by : sequence of str
        Group columns.
    status_values : dict, optional
        Maps every status to 1 (death from the cancer) or 0 (censored); default the Finnish
        sets' codes, :data:`FINNISH_STATUS`.
    conf_level : float
        Level of the log(-log) bands.
    source : str
        A name for messages.
    """
    mapping = FINNISH_STATUS if status_values is None else {str(k): int(v) for k, v in status_values.items()}
    for column in (time, status, *by):
        if column not in frame.columns:
            raise SurvivalDataError(
                f"The records have no column '{column}'",
                source,
                f"name the columns {time}, {status} and any group columns",
            )
    coded = frame[status].astype(str).str.strip().map(mapping)
    if (bad := coded.isna().to_numpy()).any():
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"The status {show_cell(frame[status].iloc[i])} is not one of the known statuses",
            f"{source}, row {i + 1}, column '{status}'",
            "use " + ", ".join(repr(k) for k in mapping) + " (or pass status_values)",
        )
    durations = pd.to_numeric(frame[time], errors="coerce").to_numpy(dtype=float)
    if (bad := ~(durations >= 0)).any():
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"The follow-up time {show_cell(frame[time].iloc[i])} is not 0 or more",
            f"{source}, row {i + 1}, column '{time}'",
            "give follow-up times of 0 or more",
        )
    events = coded.to_numpy(dtype=int)
    if by:
        keys = frame[list(by)].astype(str)
        codes, uniques = pd.MultiIndex.from_frame(keys).factorize(sort=True)
        groups = [tuple(u) for u in uniques]
    else:
        codes, groups = np.zeros(len(frame), dtype=int), [()]
    curves = tuple(
        kaplan_meier(durations[codes == g], events[codes == g], conf_level=conf_level, label=", ".join(group))
        for g, group in enumerate(groups)
    )
    return CauseSpecific(tuple(by), tuple(groups), curves, time_unit)
