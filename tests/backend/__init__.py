"""Tests of the back end (generator/backend): goldens, formatting, models, ownership of --out."""
