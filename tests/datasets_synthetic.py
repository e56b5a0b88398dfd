"""Seeded synthetic records and a small population table, for tests that need no ../shared."""

from __future__ import annotations

import numpy as np
import pandas as pd

from survival.population.table import PopulationTable, population_table_from_frame


def population_frame() -> pd.DataFrame:
    """A Gompertz-like table: rate per year by sex, age 0-100 and year 1980-2010."""
    sex, age, year = np.meshgrid(["male", "female"], np.arange(101), np.arange(1980, 2011), indexing="ij")
    rate = 0.0004 * np.exp(0.085 * age) * np.where(sex == "male", 1.3, 1.0) * np.exp(-0.01 * (year - 1980))
    return pd.DataFrame(
        {"sex": sex.ravel(), "age": age.ravel(), "year": year.ravel(), "rate_per_year": rate.ravel()}
    )


def population() -> PopulationTable:
    return population_table_from_frame(population_frame(), unit="rate_per_year", days_per_year=365.25)


def records(n: int = 600, seed: int = 20240611) -> pd.DataFrame:
    """One row per person: follow-up in years, status, age in years, sex, date of diagnosis, stage."""
    rng = np.random.default_rng(seed)
    stage = rng.choice(["early", "late"], n)
    age = rng.uniform(20, 90, n)
    start = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 10 * 365, n), unit="D")
    death = rng.exponential(np.where(stage == "early", 12.0, 2.5))
    censor = (pd.Timestamp("2008-12-31") - start).days.to_numpy() / 365.25
    time = np.minimum(death, censor)
    return pd.DataFrame(
        {
            "years": np.round(time, 4) + 0.001,
            "died": (death <= censor).astype(int),
            "age": np.round(age, 2),
            "sex": rng.choice(["m", "f"], n),
            "diagnosed": start.strftime("%Y-%m-%d"),
            "stage": stage,
        }
    )
