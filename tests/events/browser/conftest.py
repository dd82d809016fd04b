"""The events browser tests run on a server of their own: they file cases (a question tied to a
case, a walk-in at the duty room), which the proposal loop's inbox and figures must not see."""

from __future__ import annotations

import pytest

from tests.support.browser import serving


@pytest.fixture(scope="package")
def server_info(tmp_path_factory, smtp_sink):
    with serving(tmp_path_factory.mktemp("events-server"), smtp_sink) as running:
        yield running


@pytest.fixture(scope="package")
def server(server_info) -> str:
    return server_info.url
