"""Reading requests to a simulator's control surface (beside the vendor's API, never in it).

Every simulator takes ``POST /_simulator/changes`` with counts of named kinds of change and
``POST /_simulator/truth`` with ``{"folder": "/abs/path"}``; these parse and check the bodies,
and answer refusals as ``{"Message": "..."}`` with status 400.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

T = TypeVar("T")
CHANGES_PATH = "/_simulator/changes"
TRUTH_PATH = "/_simulator/truth"


def refusal(message: str) -> Response:
    """A 400 answer of the control surface."""
    return JSONResponse({"Message": message}, status_code=400)


def is_count(value: object) -> bool:
    """A non-negative integer (booleans are not counts)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


async def read_object(request: Request) -> dict[str, Any] | None:
    """The body as a JSON object (empty body: ``{}``); ``None`` when it is anything else."""
    try:
        asked: Any = json.loads(await request.body() or b"{}")
    except ValueError:
        return None
    return asked if isinstance(asked, dict) else None


async def read_counts(request: Request, kinds: Sequence[str]) -> dict[str, int] | Response:
    """The counts the body asks for (every kind present, 0 when not asked), or a refusal
    naming what is not a count of a known kind."""
    asked = await read_object(request)
    if asked is None:
        return refusal("the body is not a JSON object")
    wrong = [k for k, v in asked.items() if k not in kinds or not is_count(v)]
    if wrong:
        return refusal(f"expected counts of {', '.join(kinds)}; not: {', '.join(wrong)}")
    return {k: int(asked.get(k, 0)) for k in kinds}


async def read_folder(request: Request) -> Path | Response:
    """The absolute ``folder`` the body names, or a refusal."""
    asked = await read_object(request)
    folder = asked.get("folder") if asked else None
    if not isinstance(folder, str) or not Path(folder).is_absolute():
        return refusal('expected {"folder": an absolute path}')
    return Path(folder)


async def dump_truth(request: Request, dump: Callable[[Path], Path]) -> Response:
    """``POST /_simulator/truth``: ``dump`` the truth into the absolute folder the body names
    (in a worker thread: a large tenant takes a while)."""
    folder = await read_folder(request)
    if isinstance(folder, Response):
        return folder
    written = await asyncio.to_thread(dump, folder)
    return JSONResponse({"folder": str(written)})


def bound_routes(
    state: T, table: Sequence[tuple[str, Callable[[T, Request], Awaitable[Response]], str]]
) -> list[Route]:
    """Routes of ``(path, handler(state, request), method)`` with ``state`` bound."""

    def bind(handler: Callable[[T, Request], Awaitable[Response]]) -> Any:
        async def endpoint(request: Request) -> Response:
            return await handler(state, request)

        return endpoint

    return [Route(path, bind(handler), methods=[method]) for path, handler, method in table]
