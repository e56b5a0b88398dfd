"""ICSS age standardisation: the weights against popEpi's table, the estimates against R."""

from __future__ import annotations

import numpy as np
import pytest
from net_data import colon, fixture, popmort

from survival.estimate.net_standardise import (
    ICSS_5_YEAR,
    ICSS_BAND_STARTS,
    ICSS_WEIGHTS,
    age_standardised,
    age_standardised_lifetable,
    icss_band,
)


def test_weights_are_popepis_five_year_table_added_up():
    table = np.array(ICSS_5_YEAR)
    assert (table[:, 1:].sum(axis=0) == 100_000).all()
    band = np.searchsorted(ICSS_BAND_STARTS, table[:, 0], side="right") - 1
    for standard in (1, 2, 3):
        sums = [table[band == b, standard].sum() / 100_000 for b in range(5)]
        np.testing.assert_allclose(sums, ICSS_WEIGHTS[standard], rtol=0, atol=1e-15)
        assert sum(ICSS_WEIGHTS[standard]) == pytest.approx(1)


def test_bands():
    ages = [14.99, 15, 44.999, 45, 54.99999999999999, 55, 64, 65, 74.9, 75, 99]
    assert list(icss_band(ages)) == [-1, 0, 0, 1, 2, 2, 2, 3, 3, 4, 4]  # 55 arriving from days as 54.999...


@pytest.mark.parametrize("method", ["ederer2", "pohar-perme"])
def test_matches_rs_surv_per_age_group_combined_in_r(method):
    ref = fixture("net_standardised_rs_surv.csv")
    ref = ref[ref.method == method]
    result = age_standardised(colon(), popmort(), standard=1, times=[1, 5, 10], method=method)
    assert result.groups == ((),) and result.excluded == 1 and result.conf_type == "log"
    assert list(result.band_counts[0]) == [734, 1243, 2767, 4951, 5868]
    np.testing.assert_allclose(result.estimate[0], ref.estimate, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.se[0], ref.std_err, rtol=0, atol=1e-12)
    bands = np.array([[float(v) for v in row.split(";")] for row in ref.group_estimates])
    np.testing.assert_allclose(result.band_estimates[0].T, bands, rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        np.log(result.ci_high[0] / result.estimate[0]),
        1.959963984540054 * result.se[0] / result.estimate[0],
        rtol=1e-12,
    )


@pytest.mark.parametrize("method", ["e2", "pp"])
def test_matches_popepi_adjusted_survtab(method):
    ref = fixture("net_standardised_popepi.csv")
    ref = ref[ref.method == method]
    result = age_standardised_lifetable(colon(), popmort(), standard=1, method=method)
    assert list(result.times) == list(ref.interval_end) and result.conf_type == "log-log"
    for mine, theirs in [
        ("estimate", "estimate"),
        ("se", "std_err"),
        ("ci_low", "lower95"),
        ("ci_high", "upper95"),
    ]:
        np.testing.assert_allclose(getattr(result, mine)[0], ref[theirs], rtol=0, atol=1e-12, err_msg=mine)


def test_by_group_and_bad_standard():
    result = age_standardised(colon(), popmort(), standard=2, times=[1, 5], by=["stage"], method="ederer2")
    assert result.groups == (("Distant",), ("Localised",), ("Regional",), ("Unknown",))
    assert result.weights == (0.28, 0.17, 0.21, 0.20, 0.14) and result.band_counts.sum() == 15563
    assert np.isfinite(result.estimate).all()
    with pytest.raises(ValueError, match="standard must be 1, 2 or 3"):
        age_standardised(colon(), popmort(), standard=4, times=[1])
