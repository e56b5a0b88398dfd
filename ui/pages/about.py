"""About the data and methods: provenance, formulas in words, conventions, limits."""

from __future__ import annotations

import streamlit as st

from survival.estimate.relative import CONVENTION_TEXT
from survival.words.wording import ROUNDING_RULE
from ui import cached

data = cached.dataset()
meta = data.provenance

st.title("About the data and methods")

st.header("The data")
st.markdown(
    f"**{meta['title']}.** About {meta['cases']:,} breast cancer cases from the SEER registries of the "
    "U.S. National Cancer Institute, by SEER stage (localized, regional, distant), age group and "
    "year of diagnosis, in yearly intervals since diagnosis, with SEER*Stat's expected survival "
    "of people of the same age in the general population.")
st.markdown(f"**Cite as:** {meta['citation']}")
st.markdown(
    "The age-group labels are shown exactly as the source wrote them (`00-49`, `45-65s`, `65+`); "
    "the middle label looks odd, and we do not guess what was meant. \"All ages\" adds the three "
    "groups together. The app's tables were derived from the export by this project's own code "
    "(`survival-explorer build-data`); the source files' SHA-256 checksums are in "
    "`data/seer-breast/provenance.json`.")
st.dataframe(data.periods.rename(columns={"complete_years": "years of complete follow-up"}),
             hide_index=True)

st.header("The methods, in words")
st.markdown(
    "- **Observed survival** (actuarial life table, as SEER*Stat computes it): in each yearly "
    "interval, the share who did not die, counting people lost to follow-up as at risk for half "
    "the interval; the yearly shares are multiplied together. It counts deaths from any cause.\n"
    "- **Standard error and confidence interval**: Greenwood's formula; the 95% interval uses the "
    "log(-log) transformation, so it stays between 0% and 100%.\n"
    "- **Expected survival**: the survival of people of the same age in the general population "
    "(from SEER*Stat), averaged over the people alive at the start of each interval (Ederer II).\n"
    "- **Relative survival**: observed survival divided by expected survival. It estimates survival "
    "if the cancer were the only possible cause of death. It is not the share of people alive.\n"
    "- **Conditional survival**: the same methods applied to the people still alive some years "
    "after diagnosis.\n"
    "- **Three outcomes**: the chances of being alive, having died of the cancer and having died of "
    "other causes (Cronin and Feuer, 2000), worked out from observed, expected and relative survival, "
    "not from death certificates.\n"
    "- **Kaplan-Meier** (for one-row-per-person data): at each death, the share of those at risk "
    "who did not die, multiplied together; computed in numpy and checked against lifelines "
    "in the tests, where the two agree to within one part in 10 billion.")

st.header("Conventions")
st.markdown(f"- Relative survival is shown in the {CONVENTION_TEXT['seer']}. This matches "
            "SEER*Stat's export; the plain ratio is available in the Python package.\n"
            "- Confidence intervals: 95%, log(-log).\n"
            f"- Rounding: {ROUNDING_RULE}")

st.header("Limitations")
st.markdown(
    "These figures describe large groups, not any one person. They leave out tumour subtype "
    "(hormone receptor and HER2 status), treatment and general health. They come from people "
    "diagnosed years ago: a five-year figure needs five years of follow-up, so it always lags "
    "behind today's care. Small groups give uncertain figures; see the confidence intervals.")

st.header("Disclaimer")
st.markdown("Survival Explorer is for information and teaching. It is not medical advice. "
            "Please talk with your care team about your own situation.")
