"""SEER breast cancer, 1975-2013: its description, and building its tables from the SEER*Stat export.

The raw export (``../shared/data/seer-breast/``) holds life tables by age
group, SEER breast stage and single year of diagnosis. :func:`build` pools
them (:mod:`survival.datasets.derive`) into every stage x age group (the
three in the export plus all ages) x period of diagnosis, a trend table and
the periods' follow-up, and writes them with their provenance. Run it as
``survival-explorer build-data``; ``tests/test_seer_breast.py`` rebuilds the
tables and compares them with the committed ones whenever the export is
present.
"""

from __future__ import annotations

from pathlib import Path

from survival.datasets.build import BuildReport, write_provenance, write_tables
from survival.datasets.derive import derive_tables
from survival.datasets.description import OFFICIAL, Description, Staging, Variable
from survival.io.seerstat import SeerStatExport, read_seerstat
from survival.tables.lifetable import LifeTable, lifetable_from_frame

ID = "seer-breast"
EXPORT_COLUMNS = {"Breast stage": "stage", "Age groups": "age", "Year of diagnosis 1975+": "year"}
STAGES = ("Localized", "Regional", "Distant")
ALL_AGES = "All ages"
SOURCE_FILES = ("breast.example.dic",)

STAGE = Variable(
    name="stage",
    title="Stage when the cancer was found",
    levels=STAGES,
    noun="stage",
    plain={
        "Localized": "had not spread outside the breast",
        "Regional": "had spread to nearby lymph nodes or tissue",
        "Distant": "had spread to other parts of the body",
    },
    menu={
        "Localized": "Localized: not spread outside the breast",
        "Regional": "Regional: spread to nearby lymph nodes or tissue",
        "Distant": "Distant: spread to other parts of the body (metastatic)",
    },
)
AGE = Variable(
    name="age",
    title="Age group (as the registry labels them)",
    levels=("00-49", "45-65s", "65+", ALL_AGES),
    total=ALL_AGES,
    noun="age group",
    note="The age-group labels are shown exactly as the source wrote them (00-49, 45-65s, 65+); the "
    'middle one looks odd, and we do not guess what was meant. "All ages" adds the three '
    "groups together.",
)
DESCRIPTION = Description(
    id=ID,
    title="SEER breast cancer, 1975-2013, follow-up to December 2014",
    site="breast",
    cancer="breast cancer",
    sex="female",
    kind=OFFICIAL,
    citation="Surveillance, Epidemiology, and End Results (SEER) Program, SEER*Stat relative "
    "survival export distributed as breast.example in the JPSurv R package (NCI), via CRAN.",
    variables=(STAGE, AGE),
    staging=Staging(
        "stage",
        'SEER summary stage (the export\'s "Breast stage": localized, regional, distant)',
        "SEER summary stage is not the AJCC stage (0 to IV) that doctors usually give. Distant "
        "means the cancer had spread to distant organs or lymph nodes when it was found. That is "
        "close to AJCC stage IV (metastatic), but the two are defined differently, so a figure for "
        "one is not a figure for the other.",
    ),
    first_year=1975,
    last_year=2013,
    follow_up_end=2014,
    periods=tuple((y, y + 4) for y in range(1975, 2010, 5)) + ((2010, 2013),),
    left_out="the type of breast cancer (hormone receptor and HER2 status), the treatment, and a "
    "person's general health",
    questions=(
        "What stage and type is my cancer (hormone receptor and HER2 status)?",
        "How do these group figures fit my own situation and health?",
        "What are the aims of my treatment, and what are its side effects?",
        "Are there newer treatments or clinical trials that could suit me?",
        "Who can I talk to about how I feel, and about practical help?",
    ),
    caveats=(
        "About 1.08 million women with breast cancer in the SEER registries of the U.S. National "
        "Cancer Institute, diagnosed 1975-2013 and followed to the end of 2014.",
        AGE.note,
    ),
)


def export_lifetable(export: SeerStatExport) -> LifeTable:
    """The export's life pages as a validated table grouped by stage, age and year."""
    life = export.life.rename(columns=EXPORT_COLUMNS)
    frame = life[
        [
            "stage",
            "age",
            "year",
            "interval_start",
            "interval_end",
            "alive",
            "died",
            "lost",
            "expected_interval",
        ]
    ]
    frame = frame.rename(columns={"expected_interval": "expected"})
    return lifetable_from_frame(frame, ("stage", "age", "year"), source=export.source)


def build(source: Path, out_dir: Path) -> BuildReport:
    """Derive the bundled tables from the export and write them to ``out_dir``.

    Parameters
    ----------
    source : path
        The folder holding ``breast.example.dic`` and the data file it names
        (``../shared/data/seer-breast``), or the ``.dic`` itself.
    out_dir : path
        The folder to write to (created if needed).

    Returns
    -------
    BuildReport
        The folder and the row count of each table written.
    """
    dic_path = Path(source)
    if dic_path.is_dir():
        dic_path = dic_path / SOURCE_FILES[0]
    out_dir = Path(out_dir)
    export = read_seerstat(dic_path)
    table = export_lifetable(export)
    rows = write_tables(out_dir, derive_tables(table, DESCRIPTION).items())
    data_file = dic_path.with_name(export.dictionary.data_filename or dic_path.with_suffix(".txt").name)
    write_provenance(
        out_dir,
        DESCRIPTION,
        (dic_path, data_file),
        rows,
        source_rows=int(len(table.frame)),
        cases=int(table.frame.groupby(["stage", "age", "year"])["alive"].first().sum()),
        pooling="counts add; expected interval survival is the alive-weighted mean (Ederer II)",
        relative_survival_convention="seer",
    )
    return BuildReport(out_dir, rows)
