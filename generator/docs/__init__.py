"""Saved documentation pages: parse their tables, compare them with the model (drift),
patch specs from them, draft new specs."""
