"""Fixtures for the unit tests that need a real Redis."""

from __future__ import annotations

import subprocess
import time

import pytest


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server on a unix socket, no persistence; its ``unix://`` URL."""
    sock = tmp_path / "redis.sock"
    proc = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not sock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"unix://{sock}"
    proc.terminate()
    proc.wait(timeout=10)
