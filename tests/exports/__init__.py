"""Tests of the exports (generator/exports): OpenAPI and JSON Schema."""
