"""Colon cancer, Finland 1975-1994 (teaching data): its description, and building its tables from the records.

The raw records (``../shared/data/finland-colon/colon.csv``, the ``colon``
data of the Biostatistics III course in rstpm2 1.6.9: 15,564 people) and the
Finnish population mortality (``../shared/data/finland-popmort/popmort.csv``)
are read as :mod:`survival.datasets.finland` says. Its own package describes
the data as based on a simulation of a population-based cancer registry:
they are **teaching data**, never shown as official figures on the patient
page. :func:`build` derives the tables (:mod:`survival.datasets.records`),
with cause-specific survival beside relative and net survival.
"""

from __future__ import annotations

from pathlib import Path

from survival.datasets import finland
from survival.datasets.build import BuildReport
from survival.datasets.description import TEACHING, Description, Staging
from survival.datasets.records import build_records

ID = "finland-colon"
SOURCE_FILES = ("colon.csv",)
STAGE = finland.stage_variable("the colon")

DESCRIPTION = Description(
    id=ID,
    title="Colon cancer, Finland 1975-1994, follow-up to 1995 (teaching data)",
    site="colon",
    cancer="colon cancer",
    sex="both",
    kind=TEACHING,
    citation="colon data set (colon carcinoma, Finland 1975–94, follow-up to 1995; Biostatistics III "
    "course data, P. W. Dickman), in the R package rstpm2 version 1.6.9 (M. Clements et al.), CRAN, 2025.",
    variables=(STAGE, finland.AGE, finland.SEX),
    staging=Staging(
        "stage",
        "the stage as the course data give it: localised, regional, distant or unknown",
        "The stage is the course data's own: localised, regional or distant spread, or not known.",
    ),
    first_year=1975,
    last_year=1994,
    follow_up_end=1995,
    periods=finland.PERIODS,
    left_out="the exact stage, the type of tumour, the treatment, and a person's general health",
    questions=(
        "What stage is my cancer, and has it spread?",
        "How do these group figures fit my own situation and health?",
        "What are the aims of my treatment, and what are its side effects?",
    ),
    caveats=finland.teaching_caveats("colon cancer", "15,564"),
)
SPEC = finland.spec(SOURCE_FILES[0], icss=1)


def build(source: Path, out_dir: Path) -> BuildReport:
    """Derive the bundled tables from ``colon.csv`` (and ``../finland-popmort``) and write them.

    Parameters
    ----------
    source : path
        The folder holding ``colon.csv`` and ``SHA256SUMS`` (``../shared/data/finland-colon``);
        ``finland-popmort`` is looked for beside it.
    out_dir : path
        The folder to write to (created if needed).

    Returns
    -------
    BuildReport
        The folder and the row count of each table written.
    """
    return build_records(DESCRIPTION, SPEC, Path(source), Path(out_dir))
