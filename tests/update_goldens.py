"""Rewrite the committed golden output of every fixture spec (`python3 tasks.py goldens`).

Run it only after a deliberate change to the generator, templates or pinned formatters,
and review the resulting diff like any other change.
"""

from __future__ import annotations

import shutil
import sys

from tests.helpers import FIXTURES, RUNTIME, fixture_names, run_gen


def main() -> int:
    for name in fixture_names():
        result = run_gen("--spec", FIXTURES / name / "spec", "--out", FIXTURES / name / "expected")
        sys.stderr.write(result.stderr)
        if result.returncode:
            return result.returncode
        # The runtime is committed once, in generated/ (see tests.helpers.golden_tree).
        for runtime in (FIXTURES / name / "expected").glob(f"*/{RUNTIME}"):
            shutil.rmtree(runtime)
    return 0


if __name__ == "__main__":
    sys.exit(main())
