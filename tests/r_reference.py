"""The R reference values of tests/fixtures/r/educator_statistics.R, and the data they were computed on.

The R script exports its input rows (``stats_data_*.csv``) so the tests here use
exactly the same rows; the Finnish colon data are read from ``../shared`` (skipped
on a developer's machine without it, failing under CI), as the script read them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from shared_data import shared_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "r"
DATASETS = ("lung", "veteran", "gbsg2", "ties", "halfway")
#: How the colon data's status becomes a cause: 1 = cancer death, 2 = other death, 0 = censored.
COLON_CAUSES = {"Alive": 0, "Lost to follow-up": 0, "Dead: cancer": 1, "Dead: other": 2}


@lru_cache(maxsize=None)
def fixture(name: str) -> pd.DataFrame:
    """``stats_<name>.csv`` (read once; treat as read-only)."""
    return pd.read_csv(FIXTURES / f"stats_{name}.csv")


def data(dataset: str) -> pd.DataFrame:
    """The rows R used: columns time, status (1 died, 0 censored), group."""
    return fixture(f"data_{dataset}")


def groups(dataset: str) -> list[str]:
    """The groups of a data set, sorted as R's loops took them."""
    return sorted(data(dataset)["group"].unique())


def rows(dataset: str, group: str) -> tuple[np.ndarray, np.ndarray]:
    """Times and events of one group."""
    d = data(dataset)
    d = d[d["group"] == group]
    return d["time"].to_numpy(dtype=float), d["status"].to_numpy()


@lru_cache(maxsize=1)
def colon() -> pd.DataFrame:
    """The Finnish colon data with a ``cause`` column (see :data:`COLON_CAUSES`)."""
    frame = pd.read_csv(shared_file("finland-colon", "colon.csv"))
    assert len(frame) == 15564
    return frame.assign(cause=frame["status"].map(COLON_CAUSES).astype(int))
