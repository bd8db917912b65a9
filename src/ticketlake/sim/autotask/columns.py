"""Filters evaluated over whole indexed columns at once (pyarrow), so a query over a million
tickets finds its rows without generating the tickets that do not match."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.sim.autotask.filters import Group, Leaf, Node
from ticketlake.sim.autotask.index import null_of

Columns = Mapping[str, "array[int]"]
_CMP: dict[str, Callable[..., Any]] = {"eq": pc.equal, "noteq": pc.not_equal,
                                       "gt": pc.greater, "gte": pc.greater_equal,
                                       "lt": pc.less, "lte": pc.less_equal}  # fmt: skip


def arrow(col: array[int]) -> pa.Array:
    """A column as a 64-bit arrow array (no copy for 64-bit columns)."""
    kind = pa.int64() if col.typecode == "q" else pa.int32()
    out = pa.Array.from_buffers(kind, len(col), [None, pa.py_buffer(col)])
    return out if col.typecode == "q" else pc.cast(out, pa.int64())


def alive(gone: bytearray) -> pa.Array:
    """True for rows not deleted."""
    flags = pa.Array.from_buffers(pa.uint8(), len(gone), [None, pa.py_buffer(gone)])
    return pc.equal(flags, 0)


def columnar(node: Node, cols: Columns) -> bool:
    """Whether the node can be decided on the columns alone."""
    if isinstance(node, Group):
        return all(columnar(n, cols) for n in node.items)
    if node.prop is None or node.prop.type not in ("i", "l", "t"):
        return False
    return node.prop.name.lower() in cols


def mask(node: Node, cols: Columns) -> pa.Array:
    """The rows meeting a columnar node."""
    if isinstance(node, Group):
        masks = [mask(n, cols) for n in node.items]
        join = pc.and_ if node.op == "and" else pc.or_
        out = masks[0]
        for m in masks[1:]:
            out = join(out, m)
        return out
    return _leaf(node, cols)


def _leaf(leaf: Leaf, cols: Columns) -> pa.Array:
    assert leaf.prop is not None
    raw = cols[leaf.prop.name.lower()]
    col = arrow(raw)
    valid = pc.not_equal(col, null_of(raw))
    if leaf.op == "exist":
        return valid
    if leaf.op == "notExist":
        return pc.invert(valid)
    if leaf.op == "in":
        hit = pc.is_in(col, value_set=pa.array(list(leaf.value), type=pa.int64()))
    else:
        hit = _CMP[leaf.op](col, pa.scalar(leaf.value, type=pa.int64()))
    return pc.and_(hit, valid)
