"""Benchmarks of the toolkit: a synthetic corpus generator, baselines and the harness."""
