"""Datasets: the bundled catalogue, loading it, and building its tables from the raw sources."""
