"""Serve a fake platform API on 127.0.0.1, on a free port, for the length of a test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer


@asynccontextmanager
async def serve_on_loopback(app: web.Application) -> AsyncIterator[str]:
    """Yield the server's base URL, without a trailing slash.

    The fake stands for the platform's servers, so it keeps no access log: what a test
    finds in the log is what the bot wrote."""
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(access_log=None)
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()
