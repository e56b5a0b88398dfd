"""Skin melanoma, Finland 1975-1994 (teaching data): its description, and building its tables.

The raw records (``../shared/data/finland-melanoma/melanoma.csv``, the
``melanoma`` data of the Biostatistics III course in biostat3 0.2.2: 7,775
people) and the Finnish population mortality
(``../shared/data/finland-popmort/popmort.csv``) are read as
:mod:`survival.datasets.finland` says. The course's package describes its
colon data, of the same series, as based on a simulation of a
population-based cancer registry: these are **teaching data** too, never
shown as official figures on the patient page. Age standardisation uses the
ICSS 2 weights (melanoma's incidence is broadly constant by age).
"""

from __future__ import annotations

from pathlib import Path

from survival.datasets import finland
from survival.datasets.build import BuildReport
from survival.datasets.description import TEACHING, Description, Staging
from survival.datasets.records import build_records

ID = "finland-melanoma"
SOURCE_FILES = ("melanoma.csv",)
STAGE = finland.stage_variable("the skin where it started")

DESCRIPTION = Description(
    id=ID,
    title="Skin melanoma, Finland 1975-1994, follow-up to 1995 (teaching data)",
    site="skin (melanoma)",
    cancer="melanoma",
    sex="both",
    kind=TEACHING,
    citation="melanoma data set (skin melanoma, Finland 1975–94, follow-up to 1995; Biostatistics III "
    "course data, P. W. Dickman), in the R package biostat3 version 0.2.2 (M. Clements et al.), "
    "github.com/mclements/biostat3.",
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
    left_out="how thick the melanoma was, its exact stage, the treatment, and a person's health",
    questions=(
        "What stage is my melanoma, and how thick was it?",
        "How do these group figures fit my own situation and health?",
        "What are the aims of my treatment, and what are its side effects?",
    ),
    caveats=finland.teaching_caveats("skin melanoma", "7,775"),
)
SPEC = finland.spec(SOURCE_FILES[0], icss=2)


def build(source: Path, out_dir: Path) -> BuildReport:
    """Derive the bundled tables from ``melanoma.csv`` (and ``../finland-popmort``) and write them.

    Parameters
    ----------
    source : path
        The folder holding ``melanoma.csv`` and ``SHA256SUMS`` (``../shared/data/finland-melanoma``);
        ``finland-popmort`` is looked for beside it.
    out_dir : path
        The folder to write to (created if needed).

    Returns
    -------
    BuildReport
        The folder and the row count of each table written.
    """
    return build_records(DESCRIPTION, SPEC, Path(source), Path(out_dir))
