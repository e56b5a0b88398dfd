"""Reading input and writing exports.

Text decoding, CSV cells and numbers, SEER*Stat exports, life-table CSVs, one row per person,
and CSV exports safe from spreadsheet formulas.
"""
