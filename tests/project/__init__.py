"""Tests of the repository as a whole: its own code quality, install, README, benchmarks."""
