"""JSON responses for simulators: whole bodies, and large arrays streamed as they are made."""

from __future__ import annotations

import email.utils
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio.lowlevel
import orjson
from starlette.responses import Response, StreamingResponse

JSON_TYPE = "application/json; charset=utf-8"


def dumps(value: Any) -> bytes:
    """Serialize to JSON bytes (orjson; keys kept in insertion order)."""
    return orjson.dumps(value)


def rfc1123(seconds: float) -> str:
    """An HTTP date (``Wed, 28 Mar 2018 16:08:14 GMT``)."""
    return email.utils.formatdate(seconds, usegmt=True)


def json_response(obj: Any, status: int = 200) -> Response:
    """A JSON response (``application/json; charset=utf-8``)."""
    return Response(dumps(obj), status_code=status, media_type=JSON_TYPE)


def json_array_stream(items: Iterator[Any], chunk: int = 200) -> StreamingResponse:
    """A JSON array written as it is generated (memory stays flat for 100k+ items)."""

    async def body() -> AsyncIterator[bytes]:
        yield b"["
        first = True
        while True:
            batch = _take(items, chunk)
            if not batch:
                break
            parts = [dumps(x) for x in batch]
            yield (b"" if first else b",") + b",".join(parts)
            first = False
            await anyio.lowlevel.checkpoint()  # let other requests in between chunks
        yield b"]"

    return StreamingResponse(body(), media_type=JSON_TYPE)


def wrapped_stream(head: bytes, items: Iterator[Any], tail: bytes) -> StreamingResponse:
    """``head`` + a streamed JSON array + ``tail`` (a large array inside an object)."""
    inner = json_array_stream(items)

    async def body() -> AsyncIterator[bytes]:
        yield head
        async for part in inner.body_iterator:
            yield part if isinstance(part, bytes) else str(part).encode()
        yield tail

    return StreamingResponse(body(), media_type=JSON_TYPE)


def _take(items: Iterator[Any], n: int) -> list[Any]:
    out = []
    for x in items:
        out.append(x)
        if len(out) == n:
            break
    return out
