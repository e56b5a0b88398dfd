"""Bounds on the numbers the readers accept: what no real follow-up can exceed.

Every time read at the boundary (a duration in any unit, converted to years;
an interval's start and end) must lie within :data:`MAX_YEARS` of diagnosis,
else it is refused; past :data:`FOLLOW_UP_YEARS` it is read with a warning
that the unit may be wrong. Counts are bounded by
:data:`survival.tables.lifetable.MAX_COUNT` and expected survival by
:data:`survival.tables.lifetable.MIN_EXPECTED`.
"""

from __future__ import annotations

#: The longest time since diagnosis read, in years. Far above any follow-up (so that days
#: given as years are still read, with a warning), far below where arithmetic on times
#: loses its precision or overflows.
MAX_YEARS = 100_000
#: The longest time anyone is followed, in years; longer times are read with a warning.
FOLLOW_UP_YEARS = 60
