"""爱心伞's /umbrella as a plain page: each point's availability in the first HTML, and the list
alone for the page's 30-second refresh."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app import demo
from quanyi_app.core.db import session_scope
from quanyi_app.lending import strings
from quanyi_app.lending.models import Umbrella, UmbrellaStatus
from tests.conftest import wired_api


@pytest.fixture
def client(session, campus, people):
    assert demo.load_demo_lending(session=session) == 30  # at 3 points, some lent, one lost
    session.commit()
    return TestClient(wired_api())


def _counts(page: str) -> dict[int, str]:
    rows = re.findall(r'data-point="(\d+)">.*?qy-umbrella-count">([^<]+)<', page, re.S)
    return {int(point): label for point, label in rows}


def _available() -> dict[int, int]:
    out: dict[int, int] = {}
    with session_scope() as s:
        for u in s.exec(select(Umbrella).where(Umbrella.status == UmbrellaStatus.available.value)).all():
            out[u.point_id] = out.get(u.point_id, 0) + 1
    return out


def test_each_point_shows_what_can_be_borrowed_now(client):
    r = client.get("/umbrella")
    assert r.status_code == 200 and "/assets/" not in r.text
    assert 'data-live="/umbrella?part=points"' in r.text
    counts, available = _counts(r.text), _available()
    assert available and counts
    for point, label in counts.items():
        n = available.get(point, 0)
        assert label == (strings.LIST_AVAILABLE.format(n=n) if n else strings.LIST_NONE)


def test_the_refresh_gets_the_list_alone_and_current(client):
    before = _counts(client.get("/umbrella").text)
    point = next(p for p, n in _available().items() if n > 0)
    with session_scope() as s:
        u = s.exec(select(Umbrella).where(Umbrella.point_id == point, Umbrella.status == "available")).first()
        u.status = UmbrellaStatus.broken.value
        s.add(u)
    part = client.get("/umbrella?part=points")
    assert part.status_code == 200 and "<html" not in part.text and "<nav" not in part.text
    after = _counts(part.text)
    n = _available().get(point, 0)
    assert after[point] == (strings.LIST_AVAILABLE.format(n=n) if n else strings.LIST_NONE) != before[point]
