"""How one ``ticketlake serve`` behaves: where it listens, what it allows, which clock it keeps."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ticketlake.connectors.netguard import Resolver
from ticketlake.transport.timescale import is_loopback
from ticketlake.web.throttle import ThrottlePolicy


@dataclass(frozen=True)
class WebSettings:
    """Settings of the web app."""

    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str = ""
    """The URL customers reach (used in invite links); defaults to http(s)://host:port."""
    allow_private_network: bool = False
    """Accept source URLs on private, loopback or link-local addresses (over HTTPS)."""
    allow_insecure_localhost: bool = False
    """Accept plain-HTTP source URLs on loopback hosts (the simulator on 127.0.0.1)."""
    resolver: Resolver | None = None
    """DNS for the SSRF guard; ``None`` is the system resolver (tests inject one)."""
    secure_cookies: bool | None = None
    """``None``: Secure unless serving on loopback (plain HTTP is only acceptable there)."""
    invite_ttl: float = 7 * 24 * 3600.0
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    clock: Callable[[], float] = time.time

    @property
    def cookies_secure(self) -> bool:
        """Whether cookies carry the ``Secure`` flag."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return not is_loopback(self.host)

    @property
    def base_url(self) -> str:
        """The origin invite links point to."""
        if self.public_url:
            return self.public_url.rstrip("/")
        scheme = "https" if self.cookies_secure else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"
