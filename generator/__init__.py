"""gen: typed API clients, validators and error enums from documented parameter tables."""

__version__ = "0.2.0"
DISTRIBUTION = "doctable-gen"  # the name on PyPI; the command is `gen`
