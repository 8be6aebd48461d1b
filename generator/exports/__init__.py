"""Documents other tools read, made from the model: OpenAPI 3.1, JSON Schema, `gen inspect --json`."""
