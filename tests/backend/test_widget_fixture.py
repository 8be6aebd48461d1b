"""The made-up widget service (tests/fixtures/widgets): path and header parameters, token
paging and nested arrays work end to end through its golden package and its own fake, over
real HTTP on 127.0.0.1; its specs name nothing of SAE."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.helpers import FIXTURES


def test_path_and_header_parameters_reach_the_fake_signed(widgets: Any) -> None:
    with widgets.testing.FakeServer() as server, server.client() as client:
        made = client.create_widget(
            shelf_id="shelf/1 a",
            client_token="tok-1",
            name="gear",
            parts=[{"name": "cog", "sizes": [3, 5]}],
        )
        widget_id = made["Widget"]["WidgetId"]
        got = client.get_widget(shelf_id="shelf/1 a", widget_id=widget_id, trace="t-9")["Widget"]
        create, get = server.requests
    assert create.status == get.status == 200, (create.detail, get.detail)
    assert create.path == "/v1/shelves/shelf%2F1%20a/widgets" and get.path.endswith(
        f"/widgets/{widget_id}"
    )
    assert create.params["shelf_id"] == "shelf/1 a" and create.params["client_token"] == "tok-1"
    assert create.headers["x-client-token"] == "tok-1"
    assert get.params["trace"] == "t-9"
    assert got == {"WidgetId": widget_id, "Name": "gear"}


def test_path_parameters_are_validated_and_the_fake_validates_too(widgets: Any) -> None:
    with widgets.testing.FakeServer() as server, server.client() as client:
        with pytest.raises(widgets.ValidationError):
            client.create_widget(shelf_id="", name="x")  # required: an empty segment is refused
        with pytest.raises(widgets.BadRequestError):
            client.create_widget(
                shelf_id="s", name="x", parts="not json", options={"validate": False}
            )
    assert [r.code for r in server.requests] == ["Invalid.Value"]


def test_token_paging_and_delete_against_the_fake_sync_and_async(widgets: Any) -> None:
    async def listed(server: Any) -> list[str]:
        async with server.async_client() as client:
            return [
                w["WidgetId"] async for w in client.iter_list_widgets(shelf_id="s", max_results=2)
            ]

    with widgets.testing.FakeServer() as server, server.client() as client:
        ids = [
            client.create_widget(shelf_id="s", name=f"w{i}")["Widget"]["WidgetId"] for i in range(5)
        ]
        assert [w["WidgetId"] for w in client.iter_list_widgets(shelf_id="s", max_results=2)] == ids
        assert asyncio.run(listed(server)) == ids
        tokens = [
            r.params.get("next_token") for r in server.requests if r.operation == "ListWidgets"
        ][:3]
        assert tokens == [None, "2", "4"]
        assert [w["Name"] for w in client.iter_list_widgets(shelf_id="s", name="w3")] == ["w3"]
        client.delete_widget(shelf_id="s", widget_id=ids[0])
        with pytest.raises(widgets.NotFoundError) as caught:
            client.get_widget(shelf_id="s", widget_id=ids[0])
        assert caught.value.code == widgets.ErrorCode.WIDGET_NOT_FOUND
        assert [w["WidgetId"] for w in client.iter_list_widgets(shelf_id="s")] == ids[1:]


def test_the_fixture_names_nothing_of_sae() -> None:
    for path in (FIXTURES / "widgets").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".yaml", ".md"):
            text = path.read_text("utf-8").lower()
            assert "sae" not in text.replace("saer", ""), path


def test_open_objects_are_mappings_and_nested_arrays_are_typed(widgets: Any) -> None:
    import importlib
    from typing import NotRequired, get_type_hints

    models = importlib.import_module("widget_store.models")
    hints = get_type_hints(models.GetWidgetResponseWidget, include_extras=True)
    assert hints["Labels"] == NotRequired[dict[str, Any]], "keys not documented: an open mapping"
    assert hints["Grid"] == NotRequired[list[list[float]]]
    assert hints["Parts"] == NotRequired[list[models.GetWidgetResponseWidgetPartsItem]]
    item = get_type_hints(models.GetWidgetResponseWidgetPartsItem, include_extras=True)
    assert item == {"name": str, "sizes": NotRequired[list[int]]}
