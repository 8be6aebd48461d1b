"""The spec front end: read located YAML, check its shape, assemble the model, check its meaning.

The one entry is `load_model` / `read_services` (in `entry`); everything else returns
problems as values."""
