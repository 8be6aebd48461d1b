"""Paging iterators against scripted servers on 127.0.0.1: they stop on an empty page, a
short page, the announced total, a repeated page and a missing or repeated token, so a
hostile server cannot make them loop; they ask for the documented maximum page size."""

from __future__ import annotations

import asyncio
from typing import Any

from sae_jobs import AsyncSaeJobsClient, SaeJobsClient

from tests.recording_server import KEY_ID, SECRET, Reply, recording_server


def _jobs(*names: str, total: int | None = None) -> Reply:
    data: dict[str, Any] = {
        "Applications": [{"AppName": n, "AppId": f"id-{n}"} for n in names],
        "CurrentPage": 1,
        "PageSize": 2,
    }
    if total is not None:
        data["TotalSize"] = total
    return Reply(body={"RequestId": "r", "Success": True, "Code": "200", "Data": data})


def _client(endpoint: str) -> SaeJobsClient:
    return SaeJobsClient(
        endpoint=endpoint, allow_http=True, access_key_id=KEY_ID, access_key_secret=SECRET
    )


def _names(replies: list[Reply], **params: Any) -> tuple[list[str], list[dict[str, str]]]:
    with recording_server(*replies) as server, _client(server.endpoint) as client:
        names = [job["AppName"] for job in client.iter_list_jobs(**params)]
    return names, [r.query for r in server.requests]


def test_the_first_page_is_asked_for_at_the_documented_maximum_size() -> None:
    names, queries = _names([_jobs("a", "b"), _jobs("never")], app_name="x")
    assert names == ["a", "b"], "2 items where 200 were asked for: the last page"
    assert [(q["CurrentPage"], q["PageSize"], q["AppName"]) for q in queries] == [("1", "200", "x")]


def test_stops_on_an_empty_page() -> None:
    names, queries = _names([_jobs("a", "b"), _jobs(), _jobs("never")], page_size=2)
    assert names == ["a", "b"] and len(queries) == 2


def test_stops_on_a_page_shorter_than_the_page_size() -> None:
    names, queries = _names([_jobs("a", "b"), _jobs("c"), _jobs("never")], page_size=2)
    assert names == ["a", "b", "c"] and len(queries) == 2


def test_stops_once_the_total_is_reached() -> None:
    names, queries = _names(
        [_jobs("a", "b", total=4), _jobs("c", "d", total=4), _jobs("e", "f", total=4)], page_size=2
    )
    assert names == ["a", "b", "c", "d"] and [q["CurrentPage"] for q in queries] == ["1", "2"]


def test_a_server_repeating_the_same_full_page_does_not_loop() -> None:
    names, queries = _names([_jobs("a", "b")] * 50, page_size=2)
    assert names == ["a", "b"] and len(queries) == 2


def test_starts_at_the_page_given() -> None:
    names, queries = _names([_jobs("c")], page_size=2, current_page=2)
    assert names == ["c"] and queries[0]["CurrentPage"] == "2"


def test_page_iterator_yields_whole_answers_async() -> None:
    async def run(endpoint: str) -> list[int]:
        async with AsyncSaeJobsClient(
            endpoint=endpoint, allow_http=True, access_key_id=KEY_ID, access_key_secret=SECRET
        ) as client:
            return [
                len(page["Data"]["Applications"])
                async for page in client.iter_list_jobs_pages(page_size=2)
            ]

    with recording_server(_jobs("a", "b"), _jobs("c"), _jobs("never")) as server:
        assert asyncio.run(run(server.endpoint)) == [2, 1]


# --- token paging: the made-up widget service's golden package ---------------------------


def _widgets(*ids: str, token: str | None = None) -> Reply:
    body: dict[str, Any] = {
        "RequestId": "r",
        "Success": True,
        "Widgets": [{"WidgetId": i} for i in ids],
    }
    if token is not None:
        body["NextToken"] = token
    return Reply(body=body)


def _widget_ids(widgets: Any, replies: list[Reply]) -> tuple[list[str], list[dict[str, str]]]:
    with recording_server(*replies) as server:
        client = widgets.WidgetStoreClient(
            endpoint=server.endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
        )
        ids = [w["WidgetId"] for w in client.iter_list_widgets(shelf_id="s1", max_results=2)]
    return ids, [r.query for r in server.requests]


def test_token_paging_follows_the_tokens(widgets: Any) -> None:
    ids, queries = _widget_ids(
        widgets, [_widgets("1", "2", token="t1"), _widgets("3", "4", token="t2"), _widgets("5")]
    )
    assert ids == ["1", "2", "3", "4", "5"]
    assert [q.get("NextToken") for q in queries] == [None, "t1", "t2"]


def test_token_paging_stops_on_a_missing_token(widgets: Any) -> None:
    ids, queries = _widget_ids(widgets, [_widgets("1", "2"), _widgets("never")])
    assert ids == ["1", "2"] and len(queries) == 1


def test_token_paging_stops_on_an_empty_token(widgets: Any) -> None:
    ids, queries = _widget_ids(widgets, [_widgets("1", "2", token=""), _widgets("never")])
    assert ids == ["1", "2"] and len(queries) == 1


def test_token_paging_stops_on_a_repeated_token(widgets: Any) -> None:
    replies = [
        _widgets("1", "2", token="t1"),
        _widgets("3", "4", token="t2"),
        _widgets("5", "6", token="t1"),
    ] * 20
    ids, queries = _widget_ids(widgets, replies)
    assert ids == ["1", "2", "3", "4", "5", "6"] and len(queries) == 3
