"""Numbers into plain words: one rounding rule, labels and the explanation of a selection."""
