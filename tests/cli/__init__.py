"""Tests of the command line (generator/cli) as users run it."""
