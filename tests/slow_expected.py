"""A deliberately slow, obvious walk through a population table (after R survival's 'ratewalk' test).

For one person, follow-up is walked a day at a time. A day is cut wherever the person's age
reaches a whole year of the table or the calendar reaches 1 January, and each part takes the
hazard of the cell the person is in at its middle, looked up in a dictionary of the long
table's rows as read from the CSV. Calendar years come from Python's ``datetime``, not numpy:
nothing is shared with :mod:`survival.estimate.net_pieces` but the table's numbers.

:func:`relsurv_walk` is relsurv's own scheme for Ederer II and Pohar Perme: one-day steps from
each distinct follow-up time, each step taking the hazard where it starts, never cut.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

EPOCH = date(1970, 1, 1)


def day_number(d: date) -> int:
    """Days since 1970-01-01."""
    return (d - EPOCH).days


def year_of(v: float) -> int:
    """Calendar year of day number ``v`` (days since 1970, possibly fractional)."""
    return (EPOCH + timedelta(days=math.floor(v))).year


class SlowTable:
    """Hazard per day by (sex, age, first year of band), straight from a long table."""

    def __init__(self, frame: pd.DataFrame, days_per_year: float, year_on_birthday: bool = False):
        self.rows = {
            (str(r.sex), int(r.age), int(r.year)): float(r.hazard_per_day)
            for r in frame.itertuples(index=False)
        }
        self.ages = sorted({int(a) for a in frame["age"]})
        self.years = sorted({int(y) for y in frame["year"]})
        self.dpy = days_per_year
        self.year_on_birthday = year_on_birthday

    def hazard(self, sex: str, age_days: float, calendar: float) -> float:
        """The hazard for ``sex`` at age ``age_days`` on day number ``calendar``."""
        age = max(a for a in self.ages if a * self.dpy <= age_days)
        year = max([y for y in self.years if y <= year_of(calendar)] or [self.years[0]])
        return self.rows[(sex, age, year)]

    def calendar_origin(self, age_days: float, diagnosis: date) -> float:
        """Day number that picks the year band at diagnosis.

        The date of diagnosis; for a table whose year advances on birthdays (R survival's
        U.S. tables), 1 January of the year of birth plus the age in days.
        """
        if not self.year_on_birthday:
            return float(day_number(diagnosis))
        birth = EPOCH + timedelta(days=math.floor(day_number(diagnosis) - age_days))
        return day_number(date(birth.year, 1, 1)) + age_days


def slow_cumulative_hazard(
    table: SlowTable, sex: str, age_days: float, diagnosis: date, horizon: float
) -> float:
    """Cumulative hazard from diagnosis to ``horizon`` days, walked day by day."""
    c0 = table.calendar_origin(age_days, diagnosis)
    total, u = 0.0, 0.0
    while u < horizon:
        stop = min(math.floor(u) + 1.0, horizon)
        birthday = (math.floor((age_days + u) / table.dpy) + 1) * table.dpy - age_days
        new_year = day_number(date(year_of(c0 + u) + 1, 1, 1)) - c0
        for edge in (birthday, new_year):
            if u < edge < stop:
                stop = edge
        mid = (u + stop) / 2
        total += table.hazard(sex, age_days + mid, c0 + mid) * (stop - u)
        u = stop
    return total


def relsurv_walk(
    table: SlowTable, sex: str, age_days: float, diagnosis: date, horizon: float, grid: list[float]
) -> float:
    """relsurv's netfastpinter2 cumulative hazard: one-day steps from each grid time, hazard at the start."""
    c0 = table.calendar_origin(age_days, diagnosis)
    total, previous = 0.0, 0.0
    for t in sorted(grid):
        if t > horizon:
            break
        m = 0
        while previous + m < t:
            s = previous + m
            total += table.hazard(sex, age_days + s, c0 + s) * min(1.0, t - s)
            m += 1
        previous = t
    return total
