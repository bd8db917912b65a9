"""The loopback redirect of ``ticketlake authorize``: one GET received on 127.0.0.1.

A command-line tool has no web address of its own, so Teamwork.com sends the browser back to
``http://127.0.0.1:PORT/teamwork/callback`` (RFC 8252's loopback redirect). The port and path
are fixed so the URL can be registered in the Teamwork app once; the listener answers only
that path, only on the loopback interface, and only until the first answer carrying a
``state`` arrives (or the code would have expired).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

PORT = 8737
PATH = "/teamwork/callback"
PAGE = (
    "<!doctype html><meta charset='utf-8'><title>ticketlake</title>"
    "<p>Back in ticketlake: you can close this tab and return to the terminal.</p>"
)


def redirect_uri(port: int = PORT) -> str:
    """The redirect URL to register in the Teamwork app for ``ticketlake authorize``."""
    return f"http://127.0.0.1:{port}{PATH}"


@dataclass
class Loopback:
    """A listener on 127.0.0.1 that waits for one return to ``PATH``."""

    port: int = PORT
    _server: asyncio.Server | None = None
    _came: asyncio.Future[dict[str, str]] | None = None
    ignored: list[str] = field(default_factory=list)

    async def __aenter__(self) -> Loopback:
        self._came = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def redirect_uri(self) -> str:
        """This listener's redirect URL (its real port when asked for port 0)."""
        return redirect_uri(self.port)

    async def wait(self, seconds: float) -> dict[str, str]:
        """The query of the first return to ``PATH`` with a ``state``; ``TimeoutError`` after
        ``seconds``."""
        assert self._came is not None, "use Loopback as an async context manager"
        return await asyncio.wait_for(asyncio.shield(self._came), seconds)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = (await asyncio.wait_for(reader.readline(), 10)).decode("latin-1")
            while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                pass
        except (TimeoutError, ConnectionError):
            writer.close()
            return
        method, _, rest = line.partition(" ")
        target = urlsplit(rest.rpartition(" ")[0])
        query = dict(parse_qsl(target.query))
        found = method == "GET" and target.path == PATH and "state" in query
        status = "200 OK" if found else "404 Not Found"
        body = PAGE if found else "not found"
        writer.write(
            f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body.encode())}\r\nConnection: close\r\n"
            f"Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n\r\n{body}".encode()
        )
        await writer.drain()
        writer.close()
        if not found:
            self.ignored.append(target.path)
        elif self._came is not None and not self._came.done():
            self._came.set_result(query)
