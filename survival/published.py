"""Headline survival figures as other publishers printed them: quoted beside ours, never merged.

The table ``survival/data/published/headline_figures.csv`` (package data) holds
one row per printed figure with its publisher, title, URL, release, years of
diagnosis, registries, measure, staging system, stage and the value exactly as
printed. Only figures read on the publisher's own page with their release are
in it (``survival/data/published/README.md`` says which were left out and why).
Nothing here is ever used in a computation.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import pandas as pd

COLUMNS = (
    "site",
    "publisher",
    "title",
    "url",
    "release",
    "diagnosis_years",
    "registries",
    "measure",
    "staging_system",
    "stage",
    "years",
    "value_as_printed",
)
#: What the page shows, in this order, with readable headings.
SHOWN = {
    "source": "Source",
    "value_as_printed": "Value as printed",
    "measure": "Measure",
    "stage": "Stage",
    "diagnosis_years": "Diagnosed",
    "registries": "Registries",
    "release": "Release",
    "url": "Link",
}
QUOTED = "quoted"
COMPUTED = "computed here"


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    path = files("survival") / "data" / "published" / "headline_figures.csv"
    with path.open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"The published figures table has no column(s) {', '.join(missing)}.")
    return table[list(COLUMNS)]


def published_figures(site: str | None = None) -> pd.DataFrame:
    """The quoted figures, all or those for one cancer site (e.g. ``"breast"``), as printed.

    Returns a copy: every column is text, exactly as in the table.
    """
    table = _table()
    if site is not None:
        table = table[table["site"].str.casefold() == site.casefold()]
    return table.reset_index(drop=True).copy()


def beside(ours: pd.DataFrame, site: str) -> pd.DataFrame:
    """Our computed figures and the quoted ones as separate, labelled rows (never merged).

    Parameters
    ----------
    ours : DataFrame
        Rows of our own figures with the columns of :data:`SHOWN` that apply
        (``source``, ``value_as_printed``, ``measure``, ``stage``, ``diagnosis_years``...).
    site : str
        The cancer site of the dataset, to choose the quoted rows.

    Returns
    -------
    DataFrame
        A ``kind`` column ("computed here" or "quoted") then the columns of :data:`SHOWN`
        under their headings; our rows first.
    """
    quoted = published_figures(site)
    quoted = quoted.assign(source=quoted["publisher"] + ": " + quoted["title"])
    frames = [ours.assign(kind=COMPUTED), quoted.assign(kind=QUOTED)]
    both = pd.concat(frames, ignore_index=True)
    for column in SHOWN:
        if column not in both:
            both[column] = ""
    both = both[["kind", *SHOWN]].fillna("")
    return both.rename(columns={"kind": "Kind", **SHOWN})
