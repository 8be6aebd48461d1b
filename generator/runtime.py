"""Where gen's templates and the runtime copied into every generated package live.

Both ship inside gen's distribution as the package ``gen_templates`` (the repository's
top-level ``templates/`` folder). The runtime (``gen_templates.runtime``) is an ordinary
package that imports only itself; the generator imports it like any other, so that
`gen lint` judges documented examples exactly as the generated validator will.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import gen_templates
from gen_templates.runtime import _config, _error_info, _errors, _validation

__all__ = ["RUNTIME", "TEMPLATES", "_config", "_error_info", "_errors", "_validation"]

TEMPLATES = Path(str(resources.files(gen_templates)))
RUNTIME = TEMPLATES / "runtime"
