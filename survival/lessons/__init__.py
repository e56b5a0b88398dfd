"""The teaching page's lessons, one module each, and what the educator pages show beside a comparison.

* :mod:`~survival.lessons.by_hand`: a Kaplan-Meier curve built by hand from eight made-up people;
* :mod:`~survival.lessons.gbsg2`: recurrence-free survival in the GBSG2 trial data;
* :mod:`~survival.lessons.relative`: observed, expected and relative survival of a SEER selection;
* :mod:`~survival.lessons.competing`: deaths from the cancer and from other causes (competing
  risks, Gray's test) on the colon teaching data of :mod:`~survival.lessons.colon`;
* :mod:`~survival.lessons.hazard`: how the risk of dying changes with time since diagnosis;
* :mod:`~survival.lessons.comparison`: interval types, medians by both conventions, RMST and
  weighted log-rank tests beside a comparison of groups;
* :mod:`~survival.lessons.wording`: words the lessons share.

Pure functions and text: no Streamlit, no pyplot.
"""
