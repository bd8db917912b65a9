"""The read-only guard: only the (method, path template) pairs a connector declared go out.

A concrete path is matched against the templates segment by segment. Where two templates
could match (``POST api/{appId}/tickets/search`` and ``api/{appId}/tickets/{id}``), the one
with more literal segments wins, the way the server's router decides; literals compare without
case because the TDX router does. A placeholder may carry a literal suffix (Teamwork.com's
``tasks/{id}.json``). Paths that could mean something else to the server (``..``,
encoded slashes, empty segments, query strings, absolute URLs) are refused outright.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from ticketlake.errors import ReadOnlyViolation
from ticketlake.transport.endpoint import Endpoint

_FORBIDDEN_CHARS = ("?", "#", "\\", "://")
_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")


class _Suffixed(str):
    """A placeholder followed by a literal, e.g. ``{id}.json``: holds the literal."""

    def matches(self, segment: str) -> bool:
        return len(segment) > len(self) and segment.casefold().endswith(self.casefold())


@dataclass(frozen=True)
class _Pattern:
    endpoint: Endpoint
    segments: tuple[str | None, ...]  # None where the template has a placeholder

    @property
    def specificity(self) -> tuple[int, tuple[bool, ...]]:
        """More literal segments first; on a tie, earlier literals first."""
        literals = tuple(s is not None and not isinstance(s, _Suffixed) for s in self.segments)
        return sum(literals), literals

    def matches(self, segments: list[str]) -> bool:
        if len(segments) != len(self.segments):
            return False
        pairs = zip(self.segments, segments, strict=True)
        return all(
            t is None
            or (t.matches(s) if isinstance(t, _Suffixed) else t.casefold() == s.casefold())
            for t, s in pairs
        )


def _template_segments(template: str) -> tuple[str | None, ...]:
    parts = template.strip("/").split("/")
    segments: list[str | None] = []
    for part in parts:
        if part.startswith("{") and part.endswith("}") and len(part) > 2:
            segments.append(None)
        elif (found := re.fullmatch(r"\{[^{}/]+\}([^{}/]+)", part)) is not None:
            segments.append(_Suffixed(found.group(1)))
        elif "{" in part or "}" in part or not part:
            raise ValueError(f"unsupported path template {template!r}: {part!r}")
        else:
            segments.append(part)
    return tuple(segments)


def fill_template(template: str, values: Mapping[str, Any]) -> str:
    """The concrete path of ``template`` with its placeholders filled from ``values``.

    Values are percent-encoded whole (a ``/`` in a value cannot add a segment); keys the
    template does not use are ignored, so a caller may pass its common values everywhere.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"path template {template!r} needs a value for {{{name}}}")
        return quote(str(values[name]), safe="")

    return _PLACEHOLDER.sub(value, template.strip("/"))


def split_path(path: str) -> list[str]:
    """Split a concrete relative path into segments, refusing anything ambiguous."""
    text = path.strip()
    bad = next((c for c in _FORBIDDEN_CHARS if c in text), None)
    if bad is not None or not text.strip("/"):
        raise ReadOnlyViolation(f"refused path {text!r}: not a plain relative API path")
    segments = text.strip("/").split("/")
    for segment in segments:
        decoded = unquote(segment)
        if decoded in ("", ".", "..") or "/" in decoded or "\\" in decoded:
            raise ReadOnlyViolation(f"refused path {text!r}: segment {segment!r} is ambiguous")
        if any(ch.isspace() or ord(ch) < 32 for ch in decoded):
            raise ReadOnlyViolation(f"refused path {text!r}: control or blank characters")
    return segments


class Guard:
    """The allow-list of one connector, checked before any network I/O."""

    def __init__(self, endpoints: Iterable[Endpoint]) -> None:
        self._by_key: dict[tuple[str, str], Endpoint] = {}
        self._patterns: dict[str, list[_Pattern]] = {}
        for endpoint in endpoints:
            method, template = endpoint.method.upper(), endpoint.template.strip("/")
            self._by_key[(method, template)] = endpoint
            pattern = _Pattern(endpoint, _template_segments(template))
            self._patterns.setdefault(method, []).append(pattern)
        for patterns in self._patterns.values():
            patterns.sort(key=lambda p: p.specificity, reverse=True)

    @property
    def endpoints(self) -> tuple[Endpoint, ...]:
        """Every allowed endpoint."""
        return tuple(self._by_key.values())

    def resolve(self, method: str, path: str) -> Endpoint:
        """The endpoint a concrete path reaches, or ``ReadOnlyViolation``."""
        segments = split_path(path)
        for pattern in self._patterns.get(method.upper(), ()):
            if pattern.matches(segments):
                return pattern.endpoint
        raise ReadOnlyViolation(
            f"refused {method.upper()} {path}: not in the connector's read-only allow-list",
            method=method.upper(),
            endpoint=path,
        )

    def check(
        self, method: str, template: str, path: str | Mapping[str, Any] | None = None
    ) -> tuple[Endpoint, str]:
        """Check a call before it is sent; returns its endpoint and the relative path to send.

        ``template`` must be declared. ``path`` is the concrete path, or the placeholder values
        to fill the template with, or None for a template without placeholders. The concrete
        path must reach that very endpoint, not a more specific one the server would route it
        to (``tickets/{id}`` filled with ``id="search"`` is refused).
        """
        method, template = method.upper(), template.strip("/")
        declared = self._by_key.get((method, template))
        if declared is None:
            raise ReadOnlyViolation(
                f"refused {method} {template}: not in the connector's read-only allow-list",
                method=method,
                endpoint=template,
            )
        if isinstance(path, Mapping):
            concrete = fill_template(template, path)
        elif path is None:
            concrete = fill_template(template, {})
        else:
            concrete = path.strip().strip("/")
        reached = self.resolve(method, concrete)
        if reached is not declared:
            raise ReadOnlyViolation(
                f"refused {method} {concrete}: it reaches {reached.key}, not {declared.key}",
                method=method,
                endpoint=template,
            )
        return declared, concrete
