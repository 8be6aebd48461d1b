"""Benchmarks of gen and of the code it generates: `python -m bench` (see bench/README.md)."""
