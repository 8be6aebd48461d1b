"""Iterators over the pages and items of a list operation, sync and async.

An iterator stops on an empty page, on a page shorter than the page size, once the total
the service announces is reached, on a page that repeats the one before it (dropped), and
(token paging) when the next token is missing or one seen before. A server that keeps
answering new full pages without end meets ``max_pages`` (PagingError), so no misbehaving
server can make an iterator loop forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any

from ._config import OperationInfo, Paging
from ._errors import PagingError
from ._transport import ApiResponse, RequestOptions, given
from ._validation import is_array, is_mapping

SyncCall = Callable[[OperationInfo, Mapping[str, Any], "RequestOptions | None"], ApiResponse[Any]]
AsyncCall = Callable[
    [OperationInfo, Mapping[str, Any], "RequestOptions | None"], Awaitable[ApiResponse[Any]]
]

# Pages one iteration fetches at most unless the caller says otherwise (None: no limit).
DEFAULT_MAX_PAGES = 10_000


def _at(body: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not is_mapping(body):
            return None
        body = body.get(key)
    return body


class _Cursor:
    """The paging state between two requests: what to ask next, and whether to ask at all."""

    def __init__(self, op: OperationInfo, params: Mapping[str, Any], max_pages: int | None) -> None:
        self.name, self.paging, self.max_pages = op.name, _paging(op), max_pages
        paging = self.paging
        self.params = given(params)  # parameters left at NOT_GIVEN stay unsent
        if paging.size_param and paging.size_param not in self.params and paging.max_size:
            self.params[paging.size_param] = paging.max_size  # fewest calls within the limit
        if paging.style == "page_number" and paging.page_param:
            self.params.setdefault(paging.page_param, paging.first_page)
        self.seen = 0
        self.tokens: set[str] = set()
        self.previous: list[Any] | None = None
        self.done = False
        self.fetched = 0

    def next_params(self) -> dict[str, Any]:
        """The parameters of the next request, once the page limit allows it."""
        if self.max_pages is not None and self.fetched >= self.max_pages:
            raise PagingError(
                f"{self.name}: the pages did not end within max_pages={self.max_pages}; "
                "pass a larger max_pages, or None for no limit"
            )
        self.fetched += 1
        return self.params

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
    call: SyncCall,
    op: OperationInfo,
    params: Mapping[str, Any],
    options: RequestOptions | None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
) -> Iterator[Any]:
    """Every answer, first page first."""
    cursor = _Cursor(op, params, max_pages)
    while not cursor.done:
        body = call(op, cursor.next_params(), options).parsed
        if cursor.advance(body):
            yield body


def iter_items(
    call: SyncCall,
    op: OperationInfo,
    params: Mapping[str, Any],
    options: RequestOptions | None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
) -> Iterator[Any]:
    """Every item of every page."""
    for body in iter_pages(call, op, params, options, max_pages):
        yield from _items(_paging(op), body)


async def aiter_pages(
    call: AsyncCall,
    op: OperationInfo,
    params: Mapping[str, Any],
    options: RequestOptions | None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
) -> AsyncIterator[Any]:
    cursor = _Cursor(op, params, max_pages)
    while not cursor.done:
        body = (await call(op, cursor.next_params(), options)).parsed
        if cursor.advance(body):
            yield body


async def aiter_items(
    call: AsyncCall,
    op: OperationInfo,
    params: Mapping[str, Any],
    options: RequestOptions | None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
) -> AsyncIterator[Any]:
    async for body in aiter_pages(call, op, params, options, max_pages):
        for item in _items(_paging(op), body):
            yield item
