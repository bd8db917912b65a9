"""Lazy package attributes: a simulator's server side (Starlette, pyarrow) loads on first use,
so ``ticketlake --help`` stays quick."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, table: Mapping[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``name`` from ``package.module.attr`` per ``table``."""

    def __getattr__(name: str) -> Any:
        if name not in table:
            raise AttributeError(name)
        module, attr = table[name]
        return getattr(importlib.import_module(f"{package}.{module}"), attr)

    return __getattr__
