"""Rewrite the committed golden output of every fixture spec (`python3 tasks.py goldens`).

Run it only after a deliberate change to the generator, templates or pinned formatters,
and review the resulting diff like any other change.
"""

from __future__ import annotations

import sys

from tests.helpers import FIXTURES, fixture_names, run_gen


def main() -> int:
    for name in fixture_names():
        result = run_gen("--spec", FIXTURES / name / "spec", "--out", FIXTURES / name / "expected")
        sys.stderr.write(result.stderr)
        if result.returncode:
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
