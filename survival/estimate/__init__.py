"""Estimators and their results.

Actuarial and Kaplan-Meier survival, relative survival, conditional survival, tests, summaries
and trends.
"""
