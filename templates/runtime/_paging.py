"""Iterators over the pages and items of a list operation, sync and async.

An iterator stops on an empty page, on a page shorter than the page size, once the total
the service announces is reached, on a page that repeats the one before it (dropped), and
(token paging) when the next token is missing or one seen before: a misbehaving server can
never make it loop forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any

from ._config import OperationInfo, Paging
from ._transport import ApiResponse, RequestOptions
from ._validation import is_array, is_mapping

SyncCall = Callable[[OperationInfo, Mapping[str, Any], "RequestOptions | None"], ApiResponse[Any]]
AsyncCall = Callable[
    [OperationInfo, Mapping[str, Any], "RequestOptions | None"], Awaitable[ApiResponse[Any]]
]


def _at(body: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not is_mapping(body):
            return None
        body = body.get(key)
    return body


class _Cursor:
    """The paging state between two requests: what to ask next, and whether to ask at all."""

    def __init__(self, paging: Paging, params: Mapping[str, Any]) -> None:
        self.paging = paging
        self.params = dict(params)
        if paging.size_param and paging.size_param not in self.params and paging.max_size:
            self.params[paging.size_param] = paging.max_size  # fewest calls within the limit
        if paging.style == "page_number" and paging.page_param:
            self.params.setdefault(paging.page_param, paging.first_page)
        self.seen = 0
        self.tokens: set[str] = set()
        self.previous: list[Any] | None = None
        self.done = False

    def advance(self, body: Any) -> bool:
        """Read one answer; afterwards ``done`` or ``params`` name the next page. False when
        the answer repeats the previous page, which ends the iteration without being shown."""
        paging, items = self.paging, _items(self.paging, body)
        if items and items == self.previous:
            self.done = True
            return False
        self.previous = items
        self.seen += len(items)
        size = self.params.get(paging.size_param) if paging.size_param else None
        total = _at(body, paging.total) if paging.total else None
        if not items or (isinstance(size, int) and len(items) < size):
            self.done = True
        elif isinstance(total, int) and not isinstance(total, bool) and self.seen >= total:
            self.done = True
        elif paging.style == "token":
            token = _at(body, paging.next_token)
            if not isinstance(token, str) or not token or token in self.tokens:
                self.done = True
            else:
                self.tokens.add(token)
                assert paging.token_param is not None
                self.params[paging.token_param] = token
        else:
            assert paging.page_param is not None
            self.params[paging.page_param] = int(self.params[paging.page_param]) + 1
        return True


def _items(paging: Paging, body: Any) -> list[Any]:
    found = _at(body, paging.items)
    return list(found) if is_array(found) else []


def _paging(op: OperationInfo) -> Paging:
    if op.paging is None:
        raise TypeError(f"{op.name} does not page")
    return op.paging


def iter_pages(
    call: SyncCall, op: OperationInfo, params: Mapping[str, Any], options: RequestOptions | None
) -> Iterator[Any]:
    """Every answer, first page first."""
    cursor = _Cursor(_paging(op), params)
    while not cursor.done:
        body = call(op, cursor.params, options).parsed
        if cursor.advance(body):
            yield body


def iter_items(
    call: SyncCall, op: OperationInfo, params: Mapping[str, Any], options: RequestOptions | None
) -> Iterator[Any]:
    """Every item of every page."""
    for body in iter_pages(call, op, params, options):
        yield from _items(_paging(op), body)


async def aiter_pages(
    call: AsyncCall, op: OperationInfo, params: Mapping[str, Any], options: RequestOptions | None
) -> AsyncIterator[Any]:
    cursor = _Cursor(_paging(op), params)
    while not cursor.done:
        body = (await call(op, cursor.params, options)).parsed
        if cursor.advance(body):
            yield body


async def aiter_items(
    call: AsyncCall, op: OperationInfo, params: Mapping[str, Any], options: RequestOptions | None
) -> AsyncIterator[Any]:
    async for body in aiter_pages(call, op, params, options):
        for item in _items(_paging(op), body):
            yield item
