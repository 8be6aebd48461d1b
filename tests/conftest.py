"""Make the committed generated package importable, as a user who vendors it would."""

from __future__ import annotations

import sys

from tests.helpers import GENERATED

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))
