"""Colon and rectal cancer, Slovenia 1994-2000: its description, and building its tables from the records.

The raw records (``../shared/data/slovenia-colorectal/colrec.csv``, relsurv
2.2-9's ``colrec``: 5,971 people, one row each, perturbed by the Slovene
Cancer Registry) and the Slovene population hazards (``slopop_long.csv``) are
read as relsurv documents them: age and follow-up in days, the date of
diagnosis, sex 1 = male, 2 = female, a year of 365.241 days.
:func:`build` counts yearly life tables by stage code, age group, sex, site
and year of diagnosis with SEER's Ederer II expected survival, derives the
standard tables from them, and adds Pohar Perme net survival and ICSS
age-standardised survival for every selection
(:mod:`survival.datasets.records`). ``tests/test_slovenia_colorectal.py``
rebuilds them and checks them against relsurv's and popEpi's figures.

The stage codes 1, 2 and 3 have no documented meaning: they are shown as the
registry's codes, never given names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from survival.datasets.build import BuildReport
from survival.datasets.description import RECORDS, Description, Staging, Variable
from survival.datasets.records import (
    AGE_COL,
    DIAGNOSIS_COL,
    SEX_COL,
    STATUS_COL,
    TIME_COL,
    RecordsSpec,
    build_records,
)

ID = "slovenia-colorectal"
SOURCE_FILES = ("colrec.csv", "slopop_long.csv")
STAGES = ("1", "2", "3", "99")
ALL_STAGES, ALL_AGES, BOTH_SEXES, BOTH_SITES = "All stages", "All ages", "Both sexes", "Colon and rectum"
AGE_GROUPS = ("0-44", "45-59", "60-74", "75+")
AGE_CUTS = (0, 45, 60, 75)

STAGE = Variable(
    name="stage",
    title="Stage code from the registry",
    levels=STAGES + (ALL_STAGES,),
    total=ALL_STAGES,
    noun="stage code",
    plain={
        "1": "had the registry's stage code 1",
        "2": "had the registry's stage code 2",
        "3": "had the registry's stage code 3",
        "99": "had no known stage",
    },
    menu={
        "1": "Code 1 (the registry does not say what it means)",
        "2": "Code 2 (the registry does not say what it means)",
        "3": "Code 3 (the registry does not say what it means)",
        "99": "Code 99: stage not known",
        ALL_STAGES: "All stages together",
    },
    note="The stage codes are shown as the registry gave them. The registry's notes say only "
    '"Values 1-3, code 99 stands for unknown": what codes 1, 2 and 3 mean is not written down, '
    "so we do not give them names.",
)
AGE = Variable(
    name="age",
    title="Age group at diagnosis",
    levels=AGE_GROUPS + (ALL_AGES,),
    total=ALL_AGES,
    noun="age group",
    plain={
        "0-44": "aged under 45",
        "45-59": "aged 45 to 59",
        "60-74": "aged 60 to 74",
        "75+": "aged 75 or over",
    },
    note="Age groups made by this project from the age at diagnosis in the records (in days, "
    "divided by 365.241), with the same limits as the Finnish teaching data: 0-44, 45-59, 60-74, 75+.",
)
SEX_VARIABLE = Variable(
    name="sex",
    title="Sex",
    levels=("Male", "Female", BOTH_SEXES),
    total=BOTH_SEXES,
    noun="sex",
    plain={"Male": "who are male", "Female": "who are female"},
)
SITE = Variable(
    name="site",
    title="Where the cancer started",
    levels=("Colon", "Rectum", BOTH_SITES),
    total=BOTH_SITES,
    noun="site",
    plain={
        "Colon": "with cancer of the colon",
        "Rectum": "with cancer of the rectum",
        BOTH_SITES: "with cancer of the colon or rectum",
    },
)
DESCRIPTION = Description(
    id=ID,
    title="Colon and rectal cancer, Slovenia 1994-2000, follow-up to 2017 (registry records)",
    site="colon and rectum",
    cancer="colon or rectal cancer",
    sex="both",
    kind=RECORDS,
    citation="colrec (Slovene Cancer Registry, colon and rectal cancer 1994–2000, perturbed) and slopop "
    "(Slovene population mortality), in the R package relsurv version 2.2-9 (M. Pohar Perme, "
    "D. Manevski), CRAN, 2022; and Pohar Perme M, Pavlič K. Nonparametric relative survival analysis "
    "with the R package relsurv. J Stat Softw 2018;87(8).",
    variables=(STAGE, AGE, SEX_VARIABLE, SITE),
    staging=Staging(
        "stage",
        "the registry's stage codes: 1, 2 and 3 (what they mean is not written down) and 99 (unknown)",
        STAGE.note,
    ),
    first_year=1994,
    last_year=2000,
    follow_up_end=2017,
    periods=((1994, 2000),),
    left_out="what the stage codes mean, the type of tumour, the treatment, and a person's general health",
    questions=(
        "What stage is my cancer, and has it spread?",
        "How do these group figures fit my own situation and health?",
        "What are the aims of my treatment, and what are its side effects?",
        "Are there newer treatments or clinical trials that could suit me?",
        "Who can I talk to about how I feel, and about practical help?",
    ),
    caveats=(
        "These are 5,971 people in Slovenia with cancer of the colon or rectum, found in 1994-2000. "
        "The Slovene Cancer Registry followed them until 2017 at the latest.",
        "To keep people from being known, the registry changed each person's age, date of diagnosis "
        "and follow-up a little, at random. The figures are good for learning the methods. They are "
        "not official Slovene figures.",
        STAGE.note,
        AGE.note,
        "The records do not say what people died of. So there are no figures for deaths from the "
        "cancer alone. Relative and net survival compare the deaths with deaths among all people "
        "in Slovenia of the same age and sex (the table slopop).",
    ),
)


def prepare(raw: pd.DataFrame, days_per_year: float) -> pd.DataFrame:
    """colrec's columns as the records builder reads them, with each row's labels."""
    years = pd.to_numeric(raw["age"], errors="coerce") / days_per_year
    group = np.searchsorted(AGE_CUTS, years.to_numpy(), side="right") - 1
    diagnosis = pd.to_datetime(raw["diag"], errors="coerce")
    return pd.DataFrame(
        {
            TIME_COL: raw["time"],
            STATUS_COL: raw["stat"],
            AGE_COL: raw["age"],
            SEX_COL: raw["sex"],
            DIAGNOSIS_COL: raw["diag"],
            "stage": raw["stage"].astype(str),
            "age": pd.Series(np.array(AGE_GROUPS + ("",))[group]).where(years.notna().to_numpy()),
            "sex": raw["sex"].map({1: "Male", 2: "Female"}),
            "site": raw["site"].map({"colon": "Colon", "rectum": "Rectum"}),
            "year": diagnosis.dt.year.astype("Int64").astype(str),
        }
    )


SPEC = RecordsSpec(
    file=SOURCE_FILES[0],
    population="slovenia",
    prepare=prepare,
    time_unit="days",
    age_unit="days",
    icss=1,
    notes={
        "time": "time, in days",
        "status": "stat: 1 died (any cause), 0 censored",
        "age": "age at diagnosis in days; age groups from age / 365.241",
        "diagnosis": "diag, the date of diagnosis",
        "sex": "1 male, 2 female",
    },
)


def build(source: Path, out_dir: Path) -> BuildReport:
    """Derive the bundled tables from ``colrec.csv`` and ``slopop_long.csv`` and write them.

    Parameters
    ----------
    source : path
        The folder holding ``colrec.csv``, ``slopop_long.csv`` and ``SHA256SUMS``
        (``../shared/data/slovenia-colorectal``).
    out_dir : path
        The folder to write to (created if needed).

    Returns
    -------
    BuildReport
        The folder and the row count of each table written.
    """
    return build_records(DESCRIPTION, SPEC, Path(source), Path(out_dir))
