"""Tests of the spec front end (generator/frontend): lint, hostile spec text, the spec format."""
