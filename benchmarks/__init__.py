"""Benchmarks of Survival Explorer: ``python -m benchmarks`` runs them all and rewrites RESULTS.md."""
