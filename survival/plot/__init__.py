"""Charts: style, survival curves with risk tables, icon arrays, trends, and one export path."""
