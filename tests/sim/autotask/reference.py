"""The API reference the simulator must stay faithful to (``../shared/reference``), and a
checker of answers against its models: property names compared case-insensitively (the 2024
Swagger is PascalCase, live JSON camelCase), every property present, nothing else, each value
of its declared type (null allowed)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

_CANDIDATES = (Path(__file__).resolve().parents[4] / "shared", Path("/work/shared"))
SWAGGER = "autotask_swagger_v1_KelvinTegelaar_2024-04.json"


def reference_dir() -> Path:
    """The shared reference folder beside the repository (a visible skip when absent)."""
    for root in _CANDIDATES:
        if (root / "reference" / "specs").is_dir():
            return root / "reference"
    pytest.skip("the shared API reference (../shared/reference) is not beside this clone")


@cache
def swagger_models() -> dict[str, Any]:
    """``definitions`` of the full 2024 Autotask Swagger."""
    path = reference_dir() / "specs" / SWAGGER
    return dict(json.loads(path.read_text(encoding="utf-8-sig"))["definitions"])


@cache
def excerpt_models(name: str) -> dict[str, Any]:
    """``components.schemas`` of one of the 2026 OpenAPI excerpts."""
    data = yaml.safe_load((reference_dir() / "specs" / name).read_text())
    return dict(data["components"]["schemas"])


def _type_ok(value: Any, schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if value is None or ("$ref" in schema and kind is None):
        return True
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string" and schema.get("format") == "date-time":
        return isinstance(value, str) and bool(dt.datetime.fromisoformat(value))
    return kind != "string" or isinstance(value, str)


def check(obj: dict[str, Any], model: dict[str, Any], where: str = "") -> None:
    """Assert ``obj`` has exactly the model's properties (any case), each of its type."""
    props = {k.lower(): v for k, v in model["properties"].items()}
    keys = {k.lower(): k for k in obj}
    assert set(keys) == set(props), (
        f"{where}: missing {sorted(set(props) - set(keys))}, extra {sorted(set(keys) - set(props))}"
    )
    for low, schema in props.items():
        value = obj[keys[low]]
        assert _type_ok(value, schema), f"{where}.{keys[low]} = {value!r} is not {schema}"
