"""Benchmarks of Survival Explorer (run: python -m benchmarks.app)."""
