"""Crude probabilities of death: alive, died of the cancer, died of other causes.

Cronin and Feuer (2000), "Cumulative cause-specific mortality for cancer
patients in the presence of other causes: a crude analogue of relative
survival", Statistics in Medicine 19:1729-1740, life-table form. In each
interval, with ``S`` the observed survival at its start, ``p`` its observed
interval survival, ``e`` the expected interval survival and ``r = p / e``
the interval relative survival:

* died of the cancer:      ``S * (1 - r) * (1 - (1 - e) / 2)``
* died of other causes:    ``S * (1 - e) * (1 - (1 - r) / 2)``

(deaths of each kind are spread evenly through the interval, so half of one
kind's risk applies before the other's). The two add up to ``S * (1 - p)``,
so alive + cancer + other = 1 exactly. Where ``r > 1`` (fewer deaths than
expected) all of that interval's deaths are counted as other causes. The
split comes from comparing with the general population, not from death
certificates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from survival.estimate.actuarial import LifeTableEstimate
from survival.words.wording import split_100


@dataclass(frozen=True, eq=False)
class CrudeProbabilities:
    """Cumulative probabilities of the three outcomes at each interval end (time 0 first).

    Attributes
    ----------
    time : ndarray
        Years since diagnosis: 0, then each estimated interval end.
    alive, cancer, other : ndarray
        Probability of being alive (observed survival), of having died of the
        cancer, and of having died of other causes; the three add up to 1.
    label : str
        A display name for the group.
    """

    time: np.ndarray
    alive: np.ndarray
    cancer: np.ndarray
    other: np.ndarray
    label: str = ""

    def at(self, t: float) -> tuple[float, float, float]:
        """(alive, cancer, other) at an interval end ``t``; NaNs when ``t`` is beyond follow-up."""
        hit = np.flatnonzero(np.isclose(self.time, t))
        if hit.size == 0:
            return (float("nan"),) * 3
        i = hit[0]
        return float(self.alive[i]), float(self.cancer[i]), float(self.other[i])

    def out_of_100(self, t: float) -> tuple[int, int, int] | None:
        """Whole numbers out of 100 that add up to 100 (see :func:`survival.words.wording.split_100`)."""
        alive, cancer, other = self.at(t)
        if np.isnan(alive):
            return None
        first, died_of_cancer, died_of_other = split_100(alive, cancer, other)
        return first, died_of_cancer, died_of_other


def crude_probabilities(
    estimate: LifeTableEstimate, group: tuple | None = None, label: str = ""
) -> CrudeProbabilities:
    """Crude probabilities of the three outcomes for one group of an estimate with expected survival.

    Parameters
    ----------
    estimate : LifeTableEstimate
        An actuarial estimate whose table had expected survival.
    group : tuple, optional
        The group's labels (default: the estimate's only group).
    label : str
        A display name (default: the group's labels).

    Returns
    -------
    CrudeProbabilities
        Alive, died of the cancer and died of other causes at each interval
        end, by the formulas in the module docstring.

    Raises
    ------
    ValueError
        When the estimate has no expected survival.
    """
    if not estimate.has_expected:
        raise ValueError("Crude probabilities need expected survival, which this table lacks.")
    curve = estimate.observed(group)
    rows = estimate.group_frame(group)
    p = rows["observed_interval"].to_numpy(dtype=float)
    e = rows["expected_interval"].to_numpy(dtype=float)
    start = curve.survival[:-1]
    r = p / e
    cancer = np.where(r <= 1, start * (1 - r) * (1 - (1 - e) / 2), 0.0)
    other = np.where(r <= 1, start * (1 - e) * (1 - (1 - r) / 2), start * (1 - p))
    return CrudeProbabilities(
        time=curve.time,
        alive=curve.survival,
        cancer=np.r_[0.0, np.cumsum(cancer)],
        other=np.r_[0.0, np.cumsum(other)],
        label=label or curve.label,
    )
