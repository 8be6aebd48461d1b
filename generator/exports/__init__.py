"""The model as other tools and languages see it: OpenAPI 3.1, JSON Schema, `gen inspect
--json`, and the Python type of each parameter (which the back end prints)."""
