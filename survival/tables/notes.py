"""Notes on valid tables whose estimates rest on little information, as plain sentences.

Pure functions: they return the notes and never touch the ``warnings``
module, so a server serving many sessions at once can show each session its
own notes without swapping process-wide hooks. The command line prints them
as warnings.
"""

from __future__ import annotations

import numpy as np

from survival.tables.lifetable import FEW_AT_RISK, LifeTable, combine_labels


def listing(items: list[str], most: int = 5) -> str:
    """``"a, b, c, d, e and 3 more"``: the first ``most`` items, then how many are left."""
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def fragile_notes(table: LifeTable, few: int = FEW_AT_RISK) -> tuple[str, ...]:
    """Where the table is valid but its estimates fragile.

    Two cases: groups with no deaths at all (survival stays at 100%), and
    intervals that start with fewer than ``few`` people alive.
    """
    frame = table.frame
    keys = list(table.group_columns)
    names = [combine_labels(g) or "the table" for g in table.groups()]
    codes = frame.groupby(keys, sort=False).ngroup().to_numpy() if keys else np.zeros(len(frame), int)
    deaths = np.bincount(codes, weights=frame["died"].to_numpy(), minlength=len(names))
    notes = []
    no_deaths = [n for n, d in zip(names, deaths) if d == 0]
    if no_deaths:
        notes.append(
            f"No deaths are recorded in {listing(no_deaths)}: survival stays at 100% there, "
            "which says little when few people were followed for long"
        )
    small = frame["alive"].to_numpy() < few
    if small.any():
        groups = sorted(set(codes[small]))
        notes.append(
            f"Fewer than {few} people were alive at the start of {int(small.sum())} interval(s), "
            f"in {listing([names[g] for g in groups])}: estimates there are very uncertain"
        )
    return tuple(notes)
