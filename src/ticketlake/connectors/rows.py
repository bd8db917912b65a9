"""The rows a mapping function reads: parsed dicts, or JSON text as the API sent it.

Every connector's mapping reads source objects through ``Rows``; both forms give the column
builders (``columns.py``) the same thing: one list of values per source field, and the ``raw``
JSON of every object. JSON text comes as the objects of a search answer, each kept as
the text the API sent (``msgspec.Raw``, what :func:`json_objects` makes of a response body and
what the bulk streams hand the mapping), or as a whole response body. From text, msgspec decodes
only the fields a mapping reads and skips the rest without building a Python object for them,
and ``raw`` is each object's own text, byte for byte: for a 3 KB ticket search row that is
several times cheaper than parsing the body into dicts and serialising ``raw`` back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Any, TypeAlias

import msgspec
import orjson
import pyarrow as pa

Row = Mapping[str, Any]
"""One source object as parsed from the API's JSON."""

JsonObject = msgspec.Raw
"""One source object as the JSON text the API sent."""

Column: TypeAlias = "Sequence[Any] | pa.Array"
"""A source field's values: a Python list, or an Arrow array."""

_ARRAY_OF_OBJECTS = msgspec.json.Decoder(list[msgspec.Raw])


def json_objects(body: bytes | str) -> list[JsonObject]:
    """The elements of a JSON array body, each kept as its text (nothing else is parsed).

    Raises ``ValueError`` when the body is not a JSON array.
    """
    try:
        return _ARRAY_OF_OBJECTS.decode(body)
    except msgspec.DecodeError as exc:
        raise ValueError(f"not a JSON array of objects: {exc}") from None


def parsed(objects: Iterable[JsonObject]) -> list[Any]:
    """JSON texts parsed into Python objects (for the few places that want whole dicts)."""
    decode = msgspec.json.decode
    return [decode(o) for o in objects]


class Rows:
    """Source objects to map: parsed dicts, their JSON texts, or a response body (a JSON
    array)."""

    def __init__(self, source: Sequence[Row] | Sequence[JsonObject] | bytes | str) -> None:
        if isinstance(source, bytes | str):
            source = json_objects(source)
        self._rows = source
        self._text = bool(source) and isinstance(source[0], msgspec.Raw)

    def values(self, names: Iterable[str]) -> dict[str, list[Any]]:
        """field -> its value in every row (None where a row lacks it), for the named fields."""
        wanted = tuple(names)
        if self._text:
            return _decode(self._rows, wanted)  # type: ignore[arg-type]
        return _pluck(self._rows, wanted)  # type: ignore[arg-type]

    def fields(self, names: Iterable[str]) -> tuple[dict[str, list[Any]], pa.Array]:
        """(field -> values, raw): ``values`` plus every row's JSON text."""
        if self._text:
            return self.values(names), _raw_texts(self._rows)  # type: ignore[arg-type]
        return self.values(names), _dumps(self._rows)  # type: ignore[arg-type]


def _pluck(rows: Sequence[Row], names: tuple[str, ...]) -> dict[str, list[Any]]:
    """One list per field. The fast path reads a row's fields with one C-level ``itemgetter``
    call; a row lacking a field sends the batch down the tolerant ``.get`` path."""
    if not rows:
        return {n: [] for n in names}
    if len(names) == 1:
        return {names[0]: [r.get(names[0]) for r in rows]}
    getter = itemgetter(*names)
    try:
        columns = zip(*map(getter, rows), strict=True)
        return dict(zip(names, map(list, columns), strict=True))
    except KeyError:
        return {n: [r.get(n) for r in rows] for n in names}


def _dumps(rows: Sequence[Row]) -> pa.Array:
    dumps = orjson.dumps
    return pa.array([dumps(r) for r in rows], pa.binary()).cast(pa.string())


def _decode(texts: Sequence[JsonObject], names: tuple[str, ...]) -> dict[str, list[Any]]:
    """The named fields of every object, decoded in one pass over the joined texts."""
    if not texts:
        return {n: [] for n in names}
    array = b"[" + b",".join(texts) + b"]"
    try:
        records = _fields_decoder(names).decode(array)
    except msgspec.ValidationError as exc:  # an element that is not an object
        raise ValueError(f"not a JSON array of objects: {exc}") from None
    except msgspec.DecodeError:  # text that is not UTF-8: read what can be read, as raw does
        array = array.decode("utf-8", "replace").encode()
        records = _fields_decoder(names).decode(array)
    return {name: list(map(attrgetter(f"f{i}"), records)) for i, name in enumerate(names)}


@lru_cache(maxsize=64)
def _fields_decoder(names: tuple[str, ...]) -> msgspec.json.Decoder[list[Any]]:
    """A decoder of objects into the named fields (any JSON type; absent fields are None).

    Slots are named ``f0, f1 ...`` (renamed to the JSON names) so any field name works.
    """
    slots = [(f"f{i}", Any, None) for i in range(len(names))]
    rename = {f"f{i}": name for i, name in enumerate(names)}
    shape = msgspec.defstruct("Fields", slots, rename=rename, gc=False)
    return msgspec.json.Decoder(list[shape])  # type: ignore[valid-type]


def _raw_texts(texts: Sequence[JsonObject]) -> pa.Array:
    """The objects' texts as one Arrow string column (one copy; invalid UTF-8 replaced)."""
    data = b"".join(texts)
    offsets = pa.array(accumulate(map(len, texts), initial=0), pa.int64())
    column = pa.LargeStringArray.from_buffers(len(texts), offsets.buffers()[1], pa.py_buffer(data))
    try:
        column.validate(full=True)
    except pa.ArrowInvalid:  # not UTF-8: keep what can be read, as a text column must
        column = pa.array([bytes(t).decode("utf-8", "replace") for t in texts], pa.large_string())
    return column.cast(pa.string())
