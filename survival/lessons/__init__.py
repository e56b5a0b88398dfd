"""The teaching lessons: a Kaplan-Meier curve by hand, trial data, and relative survival."""
