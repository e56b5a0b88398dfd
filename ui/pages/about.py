"""About the data and methods: every dataset's provenance, the formulas in words, conventions, limits."""

from __future__ import annotations

import streamlit as st

from survival.datasets.catalogue import CATALOGUE
from survival.estimate.relative import CONVENTION_TEXT
from survival.words.wording import ROUNDING_RULE
from ui import caching
from ui.components import plain

st.title("About the data and methods")

st.header("The data")
st.write(
    "Each dataset below is shipped with the app as tables this project's own code derived from a "
    "public source (survival-explorer build-data); the source files' SHA-256 checksums are in "
    "each dataset's provenance.json."
)
for name in CATALOGUE:
    data = caching.bundled(name)
    d = data.description
    st.subheader(d.title)
    cases = data.provenance.get("cases")
    st.markdown(
        f"**Kind:** {plain(d.kind)}. **Cancer:** {plain(d.cancer)} ({plain(d.sex)})."
        + (f" **Cases:** {cases:,}." if cases else "")
    )
    for caveat in d.caveats:
        st.markdown(plain(caveat))
    if d.staging is not None:
        st.markdown(f"**Staging:** {plain(d.staging.system)}. {plain(d.staging.note)}")
    st.markdown(f"**Cite as:** {plain(d.citation)}")
    if data.has_periods:
        with st.expander(f"Periods of diagnosis and their follow-up ({d.id})"):
            st.dataframe(
                data.periods.rename(columns={"complete_years": "years of complete follow-up"}),
                hide_index=True,
                key=f"about_periods_{name}",
            )

st.header("The methods, in words")
st.markdown(
    "- **Observed survival** (actuarial life table, as SEER\\*Stat computes it): in each yearly "
    "interval, the share who did not die, counting people lost to follow-up as at risk for half "
    "the interval; the yearly shares are multiplied together. It counts deaths from any cause.\n"
    "- **Standard error and confidence interval**: Greenwood's formula; the 95% interval uses the "
    "log(-log) transformation, so it stays between 0% and 100%.\n"
    "- **Expected survival**: the survival of people of the same age in the general population "
    "(from SEER\\*Stat), averaged over the people alive at the start of each interval (Ederer II).\n"
    "- **Relative survival**: observed survival divided by expected survival. It estimates survival "
    "if the cancer were the only possible cause of death. It is not the share of people alive.\n"
    "- **Conditional survival**: the same methods applied to the people still alive some years "
    "after diagnosis.\n"
    "- **Three outcomes**: the chances of being alive, having died of the cancer and having died of "
    "other causes (Cronin and Feuer, 2000), worked out from observed, expected and relative survival, "
    "not from death certificates.\n"
    "- **Kaplan-Meier** (for one-row-per-person data): at each death, the share of those at risk "
    "who did not die, multiplied together; computed in numpy and checked against lifelines "
    "in the tests, where the two agree to within one part in 10 billion."
)

st.header("Conventions")
st.markdown(
    f"- Relative survival is shown in the {plain(CONVENTION_TEXT['seer'])}. This matches "
    "SEER\\*Stat's export; the plain ratio is available in the Python package.\n"
    "- Confidence intervals: 95%, log(-log).\n"
    f"- Rounding: {plain(ROUNDING_RULE)}"
)

st.header("Limitations")
st.markdown(
    "These figures describe large groups, not any one person. They leave out tumour subtype, "
    "treatment and general health. They come from people diagnosed years ago: a five-year figure "
    "needs five years of follow-up, so it always lags behind today's care. Small groups give "
    "uncertain figures; see the confidence intervals."
)

st.header("Disclaimer")
st.markdown(
    "Survival Explorer is for information and teaching. It is not medical advice. "
    "Please talk with your care team about your own situation."
)
