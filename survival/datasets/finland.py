"""What the two Finnish teaching sets share: their columns, their variables, and how their records are read.

``colon.csv`` and ``melanoma.csv`` (Biostatistics III course data) have the
same 13 columns. Their records are read as the course and relsurv read them
with ``popmort``: follow-up ``surv_mm`` in months of a twelfth of 365.241
days (the source's own mid-month times), age in completed years taken as
exact (as if diagnosed on a birthday), the date of diagnosis ``dx`` (always
the 7th of the month; only the month is real), all-cause death for relative
and net survival (``Dead: cancer`` and ``Dead: other``; ``Lost to follow-up``
is censoring), and ``Dead: cancer`` as the event of cause-specific survival.
The variables are the source's stage, its age groups ``agegrp`` and sex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from survival.datasets.description import Variable
from survival.datasets.records import (
    AGE_COL,
    CANCER_COL,
    DIAGNOSIS_COL,
    SEX_COL,
    STATUS_COL,
    TIME_COL,
    RecordsSpec,
)

ALL_STAGES, ALL_AGES, BOTH_SEXES = "All stages", "All ages", "Both sexes"
STAGES = ("Localised", "Regional", "Distant", "Unknown")
AGE_GROUPS = ("0-44", "45-59", "60-74", "75+")
DEATHS = {"Alive": 0, "Dead: cancer": 1, "Dead: other": 1, "Lost to follow-up": 0}
PERIODS = ((1975, 1979), (1980, 1984), (1985, 1989), (1990, 1994), (1975, 1994))
NOTES = {
    "time": "surv_mm, months of 365.241 / 12 days (mid-month, as the source gives them)",
    "status": "Dead: cancer and Dead: other are deaths; Alive and Lost to follow-up are censored",
    "cause_of_death": "Dead: cancer is the event of cause-specific survival; the rest are censored",
    "age": "age in completed years, taken as exact (as if diagnosed on a birthday)",
    "diagnosis": "dx, the date of diagnosis (the 7th of the month of diagnosis)",
    "sex": "Male, Female",
}


def stage_variable(organ: str) -> Variable:
    """The source's clinical stage, in plain words for a cancer of ``organ`` ("the colon", "the skin")."""
    return Variable(
        name="stage",
        title="Stage when the cancer was found",
        levels=STAGES + (ALL_STAGES,),
        total=ALL_STAGES,
        noun="stage",
        plain={
            "Localised": f"had not spread beyond {organ}",
            "Regional": "had spread to nearby tissue or lymph nodes",
            "Distant": "had spread to other parts of the body",
            "Unknown": "had no stage recorded",
        },
        menu={
            "Localised": f"Localised: not spread beyond {organ}",
            "Regional": "Regional: spread to nearby tissue or lymph nodes",
            "Distant": "Distant: spread to other parts of the body",
            "Unknown": "Unknown: no stage recorded",
            ALL_STAGES: "All stages together",
        },
    )


AGE = Variable(
    name="age",
    title="Age group at diagnosis (as the source groups them)",
    levels=AGE_GROUPS + (ALL_AGES,),
    total=ALL_AGES,
    noun="age group",
    plain={
        "0-44": "aged under 45",
        "45-59": "aged 45 to 59",
        "60-74": "aged 60 to 74",
        "75+": "aged 75 or over",
    },
    note="The age groups are the source's own (agegrp).",
)
SEX = Variable(
    name="sex",
    title="Sex",
    levels=("Male", "Female", BOTH_SEXES),
    total=BOTH_SEXES,
    noun="sex",
    plain={"Male": "who are male", "Female": "who are female"},
)


def prepare(raw: pd.DataFrame, days_per_year: float) -> pd.DataFrame:
    """The Finnish columns as the records builder reads them, with each row's labels."""
    return pd.DataFrame(
        {
            TIME_COL: raw["surv_mm"],
            STATUS_COL: raw["status"],
            AGE_COL: raw["age"],
            SEX_COL: raw["sex"],
            DIAGNOSIS_COL: raw["dx"],
            CANCER_COL: np.where(raw["status"] == "Dead: cancer", 1, 0),
            "stage": raw["stage"],
            "age": raw["agegrp"],
            "sex": raw["sex"],
            "year": pd.to_numeric(raw["yydx"], errors="coerce").astype("Int64").astype(str),
        }
    )


def spec(file: str, icss: int) -> RecordsSpec:
    """How to read ``file`` (``colon.csv`` or ``melanoma.csv``) on the Finnish ``popmort``."""
    return RecordsSpec(
        file=file,
        population="finland",
        prepare=prepare,
        time_unit="months",
        age_unit="years",
        status_values=DEATHS,
        icss=icss,
        notes=NOTES,
    )


def teaching_caveats(what: str, count: str) -> tuple[str, ...]:
    """The caveats both Finnish sets carry: teaching data, constructed dates, ages in whole years."""
    return (
        f"Teaching data: {count} people with {what} in Finland, found in 1975-1994 and followed to the "
        "end of 1995. They come from a course on survival analysis (Biostatistics III). The course's "
        "R package says its data are based on a simulation of a cancer registry. "
        "They are for learning the methods. They are not official Finnish figures.",
        "Dates of diagnosis are set to the 7th of the month, and ages are whole years. Survival "
        "times are in months.",
        "Relative and net survival compare the deaths with deaths among all people in Finland of "
        "the same age and sex. The course's table popmort gives those. Cause-specific survival "
        "counts only deaths said to be caused by the cancer.",
    )
