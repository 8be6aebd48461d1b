"""The `gen` command line: thin click commands over the stages, lazily imported."""
