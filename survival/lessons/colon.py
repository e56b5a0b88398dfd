"""The competing-risks lessons' data: deaths by cause in the Finnish colon teaching set, as counts.

The app ships only derived tables, so the lessons do not read the raw records
(``../shared/data/finland-colon/colon.csv``, 15,564 people). :func:`build`
turns them into one small table of counts, ``data/colon_causes.csv``: for each
stage, survival time (``surv_mm``, months) and cause, the number of people.
Causes are ``0`` alive at the end of follow-up or lost to follow-up
(censored), ``1`` died of the cancer (``Dead: cancer``), ``2`` died of other
causes (``Dead: other``). Counts used as whole-number weights give exactly
the estimates the records give (Aalen-Johansen, Kaplan-Meier, Gray's test), so
nothing is lost for these lessons. ``data/colon_causes.json`` records the
source's checksum, its citation and what it is.

Rebuild, from the project folder, with::

    python -m survival.lessons.colon ../shared/data/finland-colon

``tests/test_lesson_colon.py`` rebuilds the table from ``../shared`` and checks
it equals the committed files byte for byte.

The data are teaching data: the ``colon`` set of the Biostatistics III course
(P. W. Dickman), distributed in the R packages rstpm2 and biostat3, whose own
documentation describes it as based on a simulation of a population-based
cancer registry. They are not official Finnish statistics.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError

SOURCE_FILE = "colon.csv"
TABLE_FILE = "colon_causes.csv"
PROVENANCE_FILE = "colon_causes.json"
#: How the source's ``status`` becomes a cause (its Stata codes: 0, 1, 2, 4).
CAUSES = {"Alive": 0, "Lost to follow-up": 0, "Dead: cancer": 1, "Dead: other": 2}
CAUSE_NAMES = {0: "Censored (alive or lost)", 1: "Died of the cancer", 2: "Died of other causes"}
#: Stages in the order the lessons show them (the source's own spelling).
STAGES = ("Localised", "Regional", "Distant", "Unknown")
COLUMNS = ("stage", "months", "cause", "people")
CITATION = (
    "colon data set (colon carcinoma, Finland 1975-94, follow-up to 1995; Biostatistics III "
    "course data, P. W. Dickman), in the R package rstpm2 version 1.6.9 (M. Clements et al.), "
    "CRAN, 2025"
)
WHAT_IT_IS = (
    "Teaching data: 15,564 people with colon cancer diagnosed 1975-1994, followed to the end of "
    "1995, with the cause of death recorded. The R package biostat3 describes the set as based on "
    "a simulation of a population-based cancer registry: not official statistics."
)
NEEDED = ("stage", "surv_mm", "status")


def counts_from_records(records: pd.DataFrame) -> pd.DataFrame:
    """The records as counts: one row per stage, time (months) and cause, with the number of people.

    Raises
    ------
    SurvivalDataError
        For a missing column, an unknown stage or status, or a time that is not
        a number of 0 or more.
    """
    missing = [c for c in NEEDED if c not in records.columns]
    if missing:
        raise SurvivalDataError(
            f"The colon records have no column '{missing[0]}'", SOURCE_FILE, f"give {', '.join(NEEDED)}"
        )
    unknown = sorted(set(records["status"]) - set(CAUSES)) or sorted(set(records["stage"]) - set(STAGES))
    if unknown:
        raise SurvivalDataError(
            f"The colon records have an unexpected status or stage: '{unknown[0]}'",
            SOURCE_FILE,
            f"status must be one of {', '.join(CAUSES)}; stage one of {', '.join(STAGES)}",
        )
    months = pd.to_numeric(records["surv_mm"], errors="coerce")
    if months.isna().any() or (months < 0).any():
        raise SurvivalDataError(
            "The colon records have a survival time that is missing or below 0",
            f"{SOURCE_FILE}, column surv_mm",
            "give times in months, 0 or more",
        )
    frame = pd.DataFrame(
        {"stage": records["stage"], "months": months, "cause": records["status"].map(CAUSES).astype(int)}
    )
    counts = frame.groupby(["stage", "months", "cause"]).size().rename("people").reset_index()
    order = counts["stage"].map({s: i for i, s in enumerate(STAGES)})
    counts = counts.assign(_order=order).sort_values(["_order", "months", "cause"]).drop(columns="_order")
    return counts.reset_index(drop=True).astype({"people": "int64", "cause": "int64"})


def build(source_dir: Path, out_dir: Path | None = None) -> Path:
    """Derive the counts from ``source_dir/colon.csv`` and write them with their provenance; the CSV path."""
    source = Path(source_dir) / SOURCE_FILE
    if not source.exists():
        raise SurvivalDataError(
            "The Finnish colon records are not there", str(source), "give the folder holding colon.csv"
        )
    out = Path(out_dir) if out_dir is not None else Path(str(files("survival.lessons") / "data"))
    out.mkdir(parents=True, exist_ok=True)
    counts = counts_from_records(pd.read_csv(source))
    counts.to_csv(out / TABLE_FILE, index=False, float_format="%.10g", lineterminator="\n")
    provenance = {
        "what": WHAT_IT_IS,
        "citation": CITATION,
        "source_file": SOURCE_FILE,
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "causes": {str(k): v for k, v in CAUSE_NAMES.items()},
        "status_to_cause": CAUSES,
        "time": "surv_mm: months from diagnosis to death or the end of follow-up (whole months + 0.5)",
        "built_by": "python -m survival.lessons.colon ../shared/data/finland-colon",
        "rows": int(len(counts)),
        "people": int(counts["people"].sum()),
    }
    (out / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2) + "\n")
    return out / TABLE_FILE


@lru_cache(maxsize=1)
def load_counts() -> pd.DataFrame:
    """The packaged counts (columns stage, months, cause, people); treat as read-only."""
    with (files("survival.lessons") / "data" / TABLE_FILE).open("rb") as handle:
        frame = pd.read_csv(handle)
    if tuple(frame.columns) != COLUMNS:
        raise SurvivalDataError(
            "The packaged colon table has unexpected columns", TABLE_FILE, "rebuild it (module docstring)"
        )
    return frame


@lru_cache(maxsize=1)
def provenance() -> dict:
    """Where the packaged counts come from: citation, source checksum, what the causes mean."""
    return json.loads((files("survival.lessons") / "data" / PROVENANCE_FILE).read_text())


def stage_rows(stage: str, counts: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times in years, causes and numbers of people of one stage, for the estimators' ``weights``."""
    counts = load_counts() if counts is None else counts
    if stage not in STAGES:
        raise ValueError(f"There is no stage {stage!r} in the colon data (stages: {', '.join(STAGES)}).")
    rows = counts[counts["stage"] == stage]
    return (
        rows["months"].to_numpy(dtype=float) / 12.0,
        rows["cause"].to_numpy(dtype=int),
        rows["people"].to_numpy(dtype=float),
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m survival.lessons.colon SOURCE_DIR [OUT_DIR]``: rebuild the packaged table."""
    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2:
        print("usage: python -m survival.lessons.colon SOURCE_DIR [OUT_DIR]", file=sys.stderr)
        return 2
    path = build(Path(args[0]), Path(args[1]) if len(args) == 2 else None)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
