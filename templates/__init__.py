"""gen's Jinja templates and, in ``runtime``, the package copied into every generated package."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent  # the templates, as installed with gen
