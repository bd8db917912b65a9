"""A simulator's app run in-process: a test body gets a client bound to it over ASGI."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import httpx

S = TypeVar("S")
T = TypeVar("T")


def run_in_process(
    app: Any,
    base_url: str,
    bind: Callable[[httpx.AsyncClient], S],
    body: Callable[[S], Coroutine[Any, Any, T]],
    client_ip: str = "10.0.0.7",
) -> T:
    """``body(bind(client))`` with ``client`` calling ``app`` in-process from ``client_ip``."""

    async def go() -> T:
        transport = httpx.ASGITransport(app=app, client=(client_ip, 5123))
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            return await body(bind(client))

    return asyncio.run(go())
