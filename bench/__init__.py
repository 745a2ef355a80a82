"""Benchmarks that print figures (not tests): see bench/run.py and `make bench`."""
