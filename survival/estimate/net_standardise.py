"""Age-standardised relative and net survival with the International Cancer Survival Standards.

Survival falls with age, so groups with different age mixes are compared on a
common one: the estimate is a weighted mean of age-specific estimates,
``S_std(t) = sum_a w_a S_a(t)``, with standard error ``sqrt(sum_a w_a^2 SE_a(t)^2)``
(the age groups are independent samples).

The weights are the International Cancer Survival Standards (ICSS; Corazziari I,
Quinn M, Capocaccia R. Standard cancer patient population for age standardising
survival ratios. Eur J Cancer 2004;40:2307-16), five age groups at diagnosis:

======  ======  ======  ======  ======  ======
ICSS    15-44   45-54   55-64   65-74   75+
======  ======  ======  ======  ======  ======
1       0.07    0.12    0.23    0.29    0.29
2       0.28    0.17    0.21    0.20    0.14
3       0.60    0.10    0.10    0.10    0.10
======  ======  ======  ======  ======  ======

ICSS 1 is for cancers whose incidence rises with age (most sites, colon and rectum
among them), 2 for those with broadly constant incidence by age (melanoma, cervix,
thyroid, brain, soft tissue, bone, nasopharynx), 3 for cancers mainly of young adults
(testis, Hodgkin lymphoma, acute lymphatic leukaemia). The table is popEpi's ``ICSS``
(5-year age groups per 100,000, :data:`ICSS_5_YEAR`) added up into the five groups; a
test checks that. Patients under 15 are outside the standard and left out (counted in
the result).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from survival.estimate.intervals import z_value
from survival.estimate.net_lifetable import popepi_lifetable
from survival.estimate.net_records import NetRecords
from survival.estimate.net_survival import relative_survival
from survival.population.table import PopulationTable

ICSS_BANDS = ("15-44", "45-54", "55-64", "65-74", "75+")
ICSS_BAND_STARTS = (15, 45, 55, 65, 75)
ICSS_WEIGHTS = {
    1: (0.07, 0.12, 0.23, 0.29, 0.29),
    2: (0.28, 0.17, 0.21, 0.20, 0.14),
    3: (0.60, 0.10, 0.10, 0.10, 0.10),
}
# popEpi 0.4.10's ICSS: first age of each 5-year group, then ICSS1, ICSS2, ICSS3 per 100,000.
ICSS_5_YEAR = (
    (0, 0, 0, 0),
    (15, 164, 1128, 6938),
    (20, 215, 2011, 11183),
    (25, 416, 3745, 12964),
    (30, 842, 5755, 11630),
    (35, 1874, 7538, 9635),
    (40, 3489, 7823, 7650),
    (45, 4906, 8283, 5324),
    (50, 7094, 8717, 4676),
    (55, 9641, 9894, 5224),
    (60, 13359, 11106, 4776),
    (65, 14234, 10992, 5067),
    (70, 14766, 9008, 4933),
    (75, 14131, 7254, 5179),
    (80, 9347, 4116, 3247),
    (85, 5522, 2630, 1574),
)
BAND_COLUMN = "icss_age"


@dataclass(frozen=True, eq=False)
class StandardisedSurvival:
    """Age-standardised survival of each group at chosen times.

    Attributes
    ----------
    times : ndarray
        Years since diagnosis.
    groups : tuple of tuple
        Group labels.
    estimate, se, ci_low, ci_high : ndarray, shape (groups, times)
        The standardised estimate, its standard error and confidence limits (NaN where an
        age group has no estimate at that time).
    band_estimates, band_se : ndarray, shape (groups, 5, times)
        The age-specific estimates combined.
    band_counts : ndarray, shape (groups, 5)
        Patients in each age group.
    weights : tuple of float
        The ICSS weights used.
    standard : int
        1, 2 or 3.
    excluded : int
        Patients under 15, outside the standard.
    conf_type : str
        ``"log"`` (relsurv's) or ``"log-log"`` (popEpi's).
    """

    times: np.ndarray
    groups: tuple[tuple, ...]
    estimate: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    band_estimates: np.ndarray
    band_se: np.ndarray
    band_counts: np.ndarray
    weights: tuple[float, ...]
    standard: int
    excluded: int
    conf_type: str


def icss_band(age_years) -> np.ndarray:
    """Index (0-4) of each age's ICSS group; -1 under 15.

    Ages given in whole years come back from days as, say, 54.99999999999999; a
    billionth of a year (0.03 seconds) is added so they fall in their own group.
    """
    age = np.asarray(age_years, dtype=float) + 1e-9
    return np.searchsorted(ICSS_BAND_STARTS, age, side="right") - 1


def _banded(records: NetRecords, by: Sequence[str]) -> tuple[NetRecords, int]:
    band = icss_band(records.age / records.days_per_year)
    adults = records.subset(band >= 0)
    labelled = adults.groups.assign(**{BAND_COLUMN: np.array(ICSS_BANDS)[band[band >= 0]]})
    return NetRecords(
        adults.time,
        adults.status,
        adults.age,
        adults.sex,
        adults.diagnosis,
        labelled,
        adults.days_per_year,
        adults.rows,
        adults.source,
    ), int((band < 0).sum())


def _weights(standard: int) -> np.ndarray:
    if standard not in ICSS_WEIGHTS:
        raise ValueError(f"standard must be 1, 2 or 3 (got {standard!r}).")
    return np.asarray(ICSS_WEIGHTS[standard])


def age_standardised(
    records: NetRecords,
    table: PopulationTable,
    *,
    standard: int,
    times,
    method: str = "pohar-perme",
    convention: str = "relsurv",
    by: Sequence[str] = (),
    conf_level: float = 0.95,
) -> StandardisedSurvival:
    """ICSS age-standardised relative or net survival from relsurv-style estimates per age group.

    Each age group of each group is estimated on its own with
    :func:`~survival.estimate.net_survival.relative_survival` (``method``, ``convention``),
    read at ``times`` (years), and combined; limits are log-type, ``exp(log S +- z SE / S)``.
    """
    w = _weights(standard)
    banded, excluded = _banded(records, by)
    result = relative_survival(
        banded, table, method=method, by=[*by, BAND_COLUMN], convention=convention, conf_level=conf_level
    )
    times = np.atleast_1d(np.asarray(times, dtype=float))

    def read(curve):
        return curve.at(times), curve.se_at(times), curve.n_at_risk[1:].max(initial=0)

    return _combine(
        result.groups,
        [read(c) for c in result.curves],
        banded,
        by,
        times,
        w,
        standard,
        excluded,
        conf_level,
        "log",
    )


def age_standardised_lifetable(
    records: NetRecords,
    table: PopulationTable,
    *,
    standard: int,
    method: str = "e2",
    by: Sequence[str] = (),
    years: int = 10,
    conf_level: float = 0.95,
) -> StandardisedSurvival:
    """ICSS age-standardised popEpi life-table estimates (``"e2"`` or ``"pp"``) at each year's end.

    As popEpi's ``survtab(adjust = ..., weights = ...)``: the weighted mean of the age groups'
    cumulative estimates, SE ``sqrt(sum w^2 SE^2)`` and log(-log) limits.
    """
    w = _weights(standard)
    banded, excluded = _banded(records, by)
    frame = popepi_lifetable(
        banded, table, method=method, by=[*by, BAND_COLUMN], years=years, conf_level=conf_level
    ).frame
    times = np.arange(1.0, years + 1)
    keys = [*by, BAND_COLUMN]
    groups, reads = [], []
    for key, rows in frame.groupby(keys, sort=True):
        est, se = np.full(years, np.nan), np.full(years, np.nan)
        k = rows["interval_end"].to_numpy(dtype=int) - 1
        est[k], se[k] = rows["relative"], rows["relative_se"]
        groups.append(tuple(key))
        reads.append((est, se, rows["alive"].iloc[0]))
    return _combine(groups, reads, banded, by, times, w, standard, excluded, conf_level, "log-log")


def _combine(
    groups, reads, banded: NetRecords, by, times, w, standard, excluded, conf_level, conf_type
) -> StandardisedSurvival:
    outer = sorted({g[: len(by)] for g in groups})
    shape = (len(outer), len(ICSS_BANDS))
    est, se = np.full(shape + (len(times),), np.nan), np.full(shape + (len(times),), np.nan)
    for g, (e, s, _) in zip(groups, reads):
        i, b = outer.index(g[: len(by)]), ICSS_BANDS.index(g[-1])
        est[i, b], se[i, b] = e, s
    keys, codes = banded.group_index([*by, BAND_COLUMN])
    counts = np.zeros(shape)
    for key, n in zip(keys, np.bincount(codes, minlength=len(keys))):
        counts[outer.index(key[: len(by)]), ICSS_BANDS.index(key[-1])] = n
    total = np.einsum("b,gbt->gt", w, est)
    total_se = np.sqrt(np.einsum("b,gbt->gt", w**2, se**2))
    low, high = _limits(total, total_se, conf_level, conf_type)
    return StandardisedSurvival(
        times,
        tuple(outer),
        total,
        total_se,
        low,
        high,
        est,
        se,
        counts,
        tuple(float(x) for x in w),
        standard,
        excluded,
        conf_type,
    )


def _limits(s: np.ndarray, se: np.ndarray, conf_level: float, conf_type: str):
    z = z_value(conf_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        if conf_type == "log":
            return s * np.exp(-z * se / s), s * np.exp(z * se / s)
        spread = se / (np.abs(np.log(s)) * s)
        return s ** np.exp(z * spread), s ** np.exp(-z * spread)
