"""A line to a server on 127.0.0.1 that a test can cut and mend: a TCP relay on a port of its
own, in the test's event loop. Cut, it drops every connection and refuses new ones, as a
server that went away does; mended, it listens again on the same port."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit, urlunsplit


class Line:
    """A relay to ``127.0.0.1:target``."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = 0
        self._server: asyncio.Server | None = None
        self._ends: set[asyncio.StreamWriter] = set()

    def url(self, url: str) -> str:
        """``url`` through this line (its port replaced)."""
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit(":", 1)[0] if parts.port else parts.netloc
        return urlunsplit(parts._replace(netloc=f"{netloc}:{self.port}"))

    async def mend(self) -> None:
        """Listen (again, on the same port)."""
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Drop every connection and stop listening."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for end in list(self._ends):
            end.transport.abort()
        self._ends.clear()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        self._ends |= {writer, up_writer}
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def __aenter__(self) -> Line:
        await self.mend()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.cut()


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await source.read(65536):
            sink.write(data)
            await sink.drain()
    sink.transport.abort()
