"""The README's client example runs as written, against the generated fake server."""

from __future__ import annotations

import re
from typing import Any

import sae_jobs
from sae_jobs.testing import FakeServer

from tests.helpers import ROOT


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def readme_client_example() -> str:
    """The README's client example: its first python code block."""
    return _python_blocks((ROOT / "README.md").read_text())[0]


def test_readme_client_example_runs() -> None:
    example = readme_client_example()
    with FakeServer() as server:

        def local_client(**kwargs: Any) -> sae_jobs.SaeJobsClient:
            # The example names a region and takes credentials from the environment; here
            # the same call goes to the fake server instead.
            assert set(kwargs) <= {"region", "network"}
            return sae_jobs.SaeJobsClient(**server.client_kwargs())

        namespace: dict[str, Any] = {}
        code = example.replace(
            "from sae_jobs import CLEAR, SaeJobsClient,", "from sae_jobs import CLEAR,"
        )
        namespace["SaeJobsClient"] = local_client
        exec(compile(code, "README.md", "exec"), namespace)
        assert namespace["app_id"] in server.resources
        assert server.get(namespace["app_id"])["nas_id"] == ""
        assert namespace["raw"].status_code == 200
