"""`gen diff`: compare two revisions of the specs as models and classify every change.

rules.py is the catalogue, compare.py the comparison, surface.py the generated package's
public surface, sources.py resolves BASE and HEAD, config.py the per-repository levels,
report.py the output formats and cli.py the command. The JSON output is documented in
README.md next to this file.
"""
