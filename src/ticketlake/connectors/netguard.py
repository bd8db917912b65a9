"""The SSRF guard: may ticketlake send credentials to this customer-supplied URL?

A base URL typed into a form decides where ticketlake sends passwords and keys. So it must be
HTTPS, carry no credentials of its own, and its host must resolve only to public addresses: a
URL pointing at ``10.0.0.5``, ``169.254.169.254`` (cloud metadata) or ``127.0.0.1`` would turn
ticketlake into a way to reach the provider's own network. Two explicit switches relax this:

- ``allow_insecure_localhost``: a host that resolves only to loopback addresses is accepted,
  over plain HTTP too (the simulator, local development);
- ``allow_private_network``: private, loopback and link-local addresses are accepted (a tenant
  on the customer's own network), still over HTTPS.

Unspecified (``0.0.0.0``) and multicast addresses are never accepted. The same function serves
the CLI and the web flow; the transport should call it again before connecting, since DNS
answers can change between submission and use.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

Resolver = Callable[[str, int], Sequence[str]]
"""``(host, port) -> IP address strings``; raises ``OSError`` when the name does not resolve."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeURL(ValueError):
    """The URL is malformed or points somewhere ticketlake must not send credentials."""


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system's resolver (every address, IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True)
class NetworkPolicy:
    """Which destinations a submission may name."""

    allow_insecure_localhost: bool = False
    allow_private_network: bool = False
    resolver: Resolver | None = None
    """``None`` means ``system_resolver``."""


@dataclass(frozen=True)
class GuardedURL:
    """A URL that passed the guard, with the addresses its host resolved to."""

    url: str
    host: str
    addresses: tuple[str, ...]


def guard_url(url: str, policy: NetworkPolicy) -> GuardedURL:
    """Check that credentials may be sent to ``url``; raise ``UnsafeURL`` saying why not.

    Messages never repeat the URL (it may hold a pasted secret); they name the problem.
    """
    parts = split_url(url)
    host = _host(parts)
    if parts.scheme == "http" and not policy.allow_insecure_localhost:
        raise UnsafeURL(
            "must use https:// (plain http is accepted only for a loopback host, "
            "with --allow-insecure-localhost)"
        )
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(host, port, policy)
    _judge(parts.scheme, addresses, policy)
    return GuardedURL(parts.geturl(), host, tuple(str(a) for a in addresses))


def split_url(url: str) -> SplitResult:
    """Parse an http(s) URL strictly (no credentials, query or fragment); ``UnsafeURL`` if not."""
    text = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise UnsafeURL("must not contain spaces or control characters")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise UnsafeURL("must be a full URL starting with https://")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("must not contain a user name or password (enter those in their fields)")
    if parts.query or parts.fragment:
        raise UnsafeURL("must not contain a query string or fragment")
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise UnsafeURL("has an invalid port") from exc
    return parts._replace(scheme=scheme)


def _host(parts: SplitResult) -> str:
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL("has no host name")
    try:
        host.encode("idna")
    except UnicodeError as exc:
        raise UnsafeURL("has an invalid host name") from exc
    return host


def _resolve(host: str, port: int, policy: NetworkPolicy) -> list[IPAddress]:
    literal = _parse_ip(host)
    if literal is not None:
        return [literal]
    resolve = policy.resolver or system_resolver
    try:
        answers = list(resolve(host, port))
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise UnsafeURL(f"the host name does not resolve ({reason}); check the spelling") from exc
    addresses = [a for a in (_parse_ip(x) for x in answers) if a is not None]
    if not addresses:
        raise UnsafeURL("the host name does not resolve to any address; check the spelling")
    return addresses


def _parse_ip(text: str) -> IPAddress | None:
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _judge(scheme: str, addresses: list[IPAddress], policy: NetworkPolicy) -> None:
    if any(a.is_unspecified or a.is_multicast for a in addresses):
        raise UnsafeURL("resolves to an unspecified or multicast address")
    loopback_only = all(a.is_loopback for a in addresses)
    if scheme == "http" and not loopback_only:
        raise UnsafeURL("must use https:// (plain http is accepted only for a loopback host)")
    if loopback_only and policy.allow_insecure_localhost:
        return
    inner = [a for a in addresses if not a.is_global]
    if inner and not policy.allow_private_network:
        raise UnsafeURL(
            f"resolves to a private, loopback or link-local address ({inner[0]}); ticketlake "
            "sends credentials to this host, so this needs --allow-private-network"
        )
