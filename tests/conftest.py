"""Shared test fixtures: the SEER*Stat export beside the project, when present."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from shared_data import require_shared

# Charts draw off-screen in tests, whatever the machine's default backend.
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "seer-breast"
SEER_DIC = SHARED / "breast.example.dic"


@pytest.fixture(scope="session")
def seer_dic() -> Path:
    """Path of the real export's .dic; skips when ../shared is absent (fails under CI)."""
    return require_shared(SEER_DIC, "the SEER breast export")


@pytest.fixture(scope="session")
def seer_export(seer_dic):
    """The real export, read once per test session."""
    from survival.io.seerstat import read_seerstat

    return read_seerstat(seer_dic)


@pytest.fixture(scope="session")
def seer_life(seer_export) -> pd.DataFrame:
    """The real export's life pages with SEER*Stat's own computed columns."""
    return seer_export.life


@pytest.fixture
def no_pyplot_figures():
    """Charts never touch pyplot's global figures (pyplot is imported here only to check that)."""
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []
    yield
    assert plt.get_fignums() == []
