"""Reading input and writing exports.

Text decoding, CSV cells and numbers, SEER*Stat exports, life-table CSVs, one row per person,
the bounds numbers must keep (:mod:`~survival.io.limits`), the names outputs reserve
(:mod:`~survival.io.names`), and CSV exports safe from spreadsheet formulas.
"""
