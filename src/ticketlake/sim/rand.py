"""Deterministic randomness for simulators: every object draws from its own stream keyed by
(seed, kind, id).

Keying streams per object is what lets a ticket be generated on demand, in any order, and
always come out the same. Each simulator numbers its own kinds of stream.
"""

from __future__ import annotations

import bisect
import random
import uuid
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1


def key(*parts: int) -> int:
    """A 64-bit key for a tuple of integers: stable across runs (int and tuple hashing do not
    depend on PYTHONHASHSEED) and cheap."""
    return hash(parts) & _MASK


def stream(seed: int, kind: int, ident: int) -> random.Random:
    """The random stream of one object (``ident`` >= 0: hash(-1) == hash(-2) in CPython)."""
    return random.Random(hash((seed, kind, ident)))


def guid(rng: random.Random) -> str:
    """A random (version 4) GUID string from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def cumulative(weights: Iterable[float]) -> list[float]:
    """Cumulative weights for ``pick``."""
    return list(accumulate(weights))


def pick(rng: random.Random, cum: Sequence[float]) -> int:
    """An index drawn with the given cumulative weights (faster than ``Random.choices``)."""
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def below(rng: random.Random, n: int) -> int:
    """An integer in ``[0, n)`` (faster than ``randrange``; the tiny bias does not matter)."""
    return int(rng.random() * n)


def one(rng: random.Random, items: Sequence[T]) -> T:
    """One item, uniformly."""
    return items[int(rng.random() * len(items))]
