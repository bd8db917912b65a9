"""Concurrent work that ends together: how a stream runs its workers.

A stream fans its calls out to workers (ticket details, object attributes, feed ranges). When
the sync is cancelled (a slice's deadline, Ctrl-C) or one worker fails, every worker must have
stopped before the stream returns: one left running goes on calling the tenant after its sync
ended, against a budget and a lease that are no longer its own, and fails later through the
closed client with nobody to hear it ("Task exception was never retrieved"). ``asyncio.gather``
does not wait for that (it returns at the first failure or cancellation); a ``TaskGroup``
does, and ``together`` raises the first worker's error as itself rather than a group.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def together(*work: Coroutine[Any, Any, T]) -> list[T]:
    """Run ``work`` concurrently and return the results in order, once every piece has ended:
    one failing cancels the others and its error is raised; cancelled, all are cancelled and
    waited for."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(piece) for piece in work]
    except BaseExceptionGroup as failed:
        raise first_error(failed) from None
    return [task.result() for task in tasks]


def first_error(failed: BaseExceptionGroup[BaseException]) -> BaseException:
    """The error a failed group of workers stands for (the first one, not a cancellation)."""
    for exc in failed.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            return first_error(exc)
        if not isinstance(exc, asyncio.CancelledError):
            return exc
    return failed
