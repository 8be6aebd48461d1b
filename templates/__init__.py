"""gen's Jinja templates and, in ``runtime``, the package copied into every generated package."""
