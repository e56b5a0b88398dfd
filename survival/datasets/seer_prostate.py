"""SEER prostate cancer, 1975-2002: its description, and building its tables from the SEER 9 life table.

The raw table (``../shared/data/seer-prostate/prostate.csv``, JPSurv 1.0.1's
``prostate``) is one SEER*Stat relative-survival life table by single year
of diagnosis, with no stage and no age groups (its grouping codes are the
same on every row and their labels were never published, so they are
dropped). :func:`build` derives the dataset's tables from it with
:mod:`survival.datasets.derive`.

Two conventions of this older SEER*Stat session differ from the breast
export and are kept apart: its last interval of each year of diagnosis,
in which everyone left was withdrawn alive, has survival figures (the
bundled tables leave it out, as current SEER*Stat does; the tests check
the export's figures with ``actuarial(..., last_interval="estimate")``),
and its cumulative expected survival is not the product of the interval
values, so its cumulative relative survival differs from the Ederer II
product computed here (``docs/data.md``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from survival.datasets.build import BuildReport, write_provenance, write_tables
from survival.datasets.derive import derive_tables
from survival.datasets.description import OFFICIAL, Description
from survival.errors import SurvivalDataError
from survival.tables.lifetable import LifeTable, lifetable_from_frame

ID = "seer-prostate"
SOURCE_FILES = ("prostate.csv",)
COLUMNS = {
    "Year": "year",
    "Alive_at_Start": "alive",
    "Died": "died",
    "Lost_to_Followup": "lost",
    "Expected_Survival_Interval": "expected",
}

DESCRIPTION = Description(
    id=ID,
    title="SEER prostate cancer, 1975-2002, follow-up to 2003",
    site="prostate",
    cancer="prostate cancer",
    sex="male",
    kind=OFFICIAL,
    citation="Surveillance, Epidemiology, and End Results (SEER) Program, SEER 9 registries, "
    "SEER*Stat relative survival life table of prostate cancer distributed as prostate in "
    "the JPSurv R package version 1.0.1 (NCI; Y. Shao), via CRAN, 2012.",
    first_year=1975,
    last_year=2002,
    follow_up_end=2003,
    periods=tuple((y, y + 4) for y in range(1975, 2000, 5)) + ((2000, 2002),),
    left_out="the stage and grade of the cancer, the PSA level, the treatment, and a person's general health",
    questions=(
        "What stage and grade is my cancer, and what was my PSA level?",
        "How do these group figures fit my own situation and health?",
        "What are my treatment choices, including watching and waiting, and their side effects?",
        "Are there newer treatments or clinical trials that could suit me?",
        "Who can I talk to about how I feel, and about practical help?",
    ),
    caveats=(
        "327,694 men with prostate cancer in the SEER 9 registries of the U.S. National Cancer "
        "Institute, diagnosed 1975-2002 and followed to the end of 2003.",
        "These figures are for all stages and all ages together: the source has no stage and no age groups.",
    ),
)


def source_lifetable(path: Path) -> LifeTable:
    """The source CSV as a validated life table grouped by single year of diagnosis."""
    raw = pd.read_csv(path)
    missing = [c for c in ["Interval", *COLUMNS] if c not in raw.columns]
    if missing:
        raise SurvivalDataError(
            f"The prostate table has no column {missing[0]!r}",
            str(path),
            "use prostate.csv as written by its make.R",
        )
    frame = raw.rename(columns=COLUMNS)[["year", "alive", "died", "lost", "expected"]]
    frame = frame.assign(
        year=frame["year"].astype(str), interval_start=raw["Interval"] - 1, interval_end=raw["Interval"]
    )
    return lifetable_from_frame(frame, ("year",), source=str(path))


def build(source: Path, out_dir: Path) -> BuildReport:
    """Derive the bundled tables from ``prostate.csv`` and write them to ``out_dir``.

    Parameters
    ----------
    source : path
        The folder holding ``prostate.csv`` (``../shared/data/seer-prostate``), or the file.
    out_dir : path
        The folder to write to (created if needed).

    Returns
    -------
    BuildReport
        The folder and the row count of each table written.
    """
    path = Path(source)
    if path.is_dir():
        path = path / SOURCE_FILES[0]
    out_dir = Path(out_dir)
    table = source_lifetable(path)
    rows = write_tables(out_dir, derive_tables(table, DESCRIPTION).items())
    write_provenance(
        out_dir,
        DESCRIPTION,
        (path,),
        rows,
        source_rows=int(len(table.frame)),
        cases=int(table.frame.groupby("year")["alive"].first().sum()),
        pooling="counts add; expected interval survival is the alive-weighted mean (Ederer II)",
        relative_survival_convention="seer",
        dropped_columns="Page_type, Site_and_age_for_total_stage and Sex (one code on every row, "
        "labels not published); the export's computed survival columns",
    )
    return BuildReport(out_dir, rows)
