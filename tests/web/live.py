"""A real server for browser tests: uvicorn in a thread, on a socket that already listens.

Binding the socket before the thread starts means a browser can connect at once (the kernel
queues the connection until uvicorn accepts it): no polling, no sleeping.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from ticketlake.cli.serve import build_app
from ticketlake.web.settings import WebSettings

from .harness import OPERATOR, OPERATOR_PASSWORD


def listening_socket() -> socket.socket:
    """A socket on 127.0.0.1, on a free port, already listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


@contextmanager
def serving(app: Any, sock: socket.socket) -> Iterator[str]:
    """Serve ``app`` on ``sock`` in a background thread; yields the base URL."""
    # No Date header of uvicorn's own: a simulator stamps its responses with its virtual time,
    # which the client's budgets read (``ticketlake sim`` serves it the same way). A second,
    # wall-clock Date beside it made the client misjudge the server's clock by minutes at 60x
    # time, ignore its resets, and send calls into windows still open (web-started syncs of
    # the simulator got 429s from this harness alone).
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        date_header=False,
        server_header=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    host, port = sock.getsockname()[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@contextmanager
def serving_ticketlake(time_scale: float | None = None) -> Iterator[str]:
    """``ticketlake serve``'s app (``time_scale`` as its ``--time-scale``) with the test
    operator, served on 127.0.0.1; yields the base URL."""
    sock = listening_socket()
    settings = WebSettings(port=sock.getsockname()[1], allow_insecure_localhost=True)
    app = build_app(settings, time_scale=time_scale)
    app.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    with serving(app, sock) as base:
        yield base
