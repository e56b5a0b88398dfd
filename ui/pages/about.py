"""About the data and methods: every dataset's provenance, the formulas in words, conventions, limits."""

from __future__ import annotations

import streamlit as st

from survival.datasets.catalogue import CATALOGUE
from survival.estimate.relative import CONVENTION_TEXT
from survival.words.wording import ROUNDING_RULE
from ui import caching
from ui.components import plain

PERIOD_TEXT = (
    "Period analysis (Brenner and Gefeller, 1996; Brenner and Hakulinen, 2002). A figure for people "
    "diagnosed in one span of years needs five years of follow-up, so it always describes care of long "
    "ago. A period estimate takes each year after diagnosis from the follow-up seen in a recent window "
    "of calendar years: year k after diagnosis comes from the people diagnosed in P1-k+1 to P2-k+1, "
    "those whose k-th year fell in the window [P1, P2]. Each year's survival is estimated as usual "
    "(actuarial, Ederer II for relative survival) and the years are multiplied together. The patient "
    "page leads with the latest complete 5-year window, read from the data: complete follow-up in the "
    "breast data ends in 2013, so the window is 2008-2012 (the years in which the pooled intervals "
    "begin; the same rows are called 2009-2013 when each interval is labelled by the year it ends)."
)
JOINPOINT_TEXT = (
    "Joinpoint survival model (Yu, Huang, Tiwari, Feuer and Johnson, 2009, J R Stat Soc A "
    "172:405-425; the model of NCI's JPSurv). Interval relative survival by year of diagnosis is "
    "modelled as exp(-exp(a_j + b(y))), with b piecewise linear in the year of diagnosis; the years "
    "where its slope changes (joinpoints, 0 to 3) are searched over whole years with JPSurv's spacing "
    "and their number chosen by BIC. The page states the average yearly change in 5-year relative "
    "survival in each segment (JPSurv's AbsChgSur) with its 95% interval, and draws the fitted and "
    "projected 5-year relative survival over the yearly figures. docs/period-and-joinpoint.md gives "
    "every convention and the checks against JPSurv's own fits."
)
QUOTED_TEXT = (
    "Published figures are quoted, never merged: a small table of headline figures as printed "
    "(publisher, title, link, release, years of diagnosis, registries, measure, stage, value) is shown "
    "beside ours and marked as quoted. Only figures read on the publisher's own page with their release "
    "are in it."
)

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
    "- **Expected survival**: the survival of people of the same age (and sex) in the general "
    "population, averaged over the people alive at the start of each interval (Ederer II): from "
    "SEER\\*Stat for the SEER data, and from each person's age, sex and year of diagnosis in the "
    "matching population table for the record-based data.\n"
    "- **Net survival** (record-based data): Pohar Perme's estimator, which weights each person by "
    "the inverse of their expected survival; **cause-specific survival** (Finnish teaching data) "
    "counts only deaths recorded as from the cancer.\n"
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

st.header("The most recent figures and how they changed")
st.markdown(plain(PERIOD_TEXT))
st.markdown(plain(JOINPOINT_TEXT))
st.markdown(plain(QUOTED_TEXT))

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
