"""Paging iterators against scripted servers on 127.0.0.1: they stop on an empty page, a
short page, the announced total, a repeated page and a missing or repeated token, so a
hostile server cannot make them loop; a server answering new full pages without end meets
max_pages (PagingError); they ask for the documented maximum page size."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
from sae_jobs import AsyncSaeJobsClient, PagingError, SaeJobsClient, SaeJobsError

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


def _endless(count: int) -> list[Reply]:
    """count full pages of new names, then an empty one."""
    return [_jobs(f"j{2 * i}", f"j{2 * i + 1}") for i in range(count)] + [_jobs()]


def test_a_server_paging_without_end_meets_max_pages() -> None:
    with recording_server(*_endless(30)) as server, _client(server.endpoint) as client:
        seen: list[str] = []
        with pytest.raises(PagingError, match=r"ListJobs: .*max_pages=5") as caught:
            seen.extend(job["AppName"] for job in client.iter_list_jobs(page_size=2, max_pages=5))
        assert isinstance(caught.value, SaeJobsError)
        assert len(seen) == 10 and len(server.requests) == 5


def test_max_pages_counts_the_request_that_would_show_the_end() -> None:
    names, queries = _names(_endless(12), page_size=2, max_pages=None)
    assert len(names) == 24 and len(queries) == 13
    with pytest.raises(PagingError):
        _names(_endless(12), page_size=2, max_pages=12)


def test_iter_methods_list_every_documented_parameter() -> None:
    for method in (
        SaeJobsClient.iter_list_jobs,
        SaeJobsClient.iter_list_jobs_pages,
        AsyncSaeJobsClient.iter_list_jobs,
    ):
        signature = inspect.signature(method)
        assert {"app_name", "page_size", "current_page", "options", "max_pages"} <= set(
            signature.parameters
        )
        assert all(p.kind is not p.VAR_KEYWORD for p in signature.parameters.values())
        assert "app_name: The job template name." in (method.__doc__ or "")


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


def test_token_paging_without_end_meets_max_pages_async(widgets: Any) -> None:
    replies = [_widgets(str(i), token=f"t{i}") for i in range(20)]

    async def run(endpoint: str) -> list[str]:
        seen: list[str] = []
        async with widgets.AsyncWidgetStoreClient(
            endpoint=endpoint, allow_http=True, access_key_id=KEY_ID, access_key_secret=SECRET
        ) as client:
            with pytest.raises(widgets.PagingError):
                async for w in client.iter_list_widgets(shelf_id="s1", max_results=1, max_pages=4):
                    seen.append(w["WidgetId"])
        return seen

    with recording_server(*replies) as server:
        assert asyncio.run(run(server.endpoint)) == ["0", "1", "2", "3"]
        assert len(server.requests) == 4


def test_token_paging_stops_on_a_repeated_token(widgets: Any) -> None:
    replies = [
        _widgets("1", "2", token="t1"),
        _widgets("3", "4", token="t2"),
        _widgets("5", "6", token="t1"),
    ] * 20
    ids, queries = _widget_ids(widgets, replies)
    assert ids == ["1", "2", "3", "4", "5", "6"] and len(queries) == 3
