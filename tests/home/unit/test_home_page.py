"""The home page / as a plain page: what the department does, the public figures, the features'
links, all in the first HTML response."""

from __future__ import annotations

import html
import re
import uuid

from starlette.testclient import TestClient

from quanyi_app import demo
from quanyi_app.core.db import session_scope
from quanyi_app.core.settings import get_settings
from quanyi_app.home import strings
from quanyi_app.proposals.services import cases
from tests.conftest import wired_api


def _figure(page: str, fid: str) -> str:
    return re.search(rf'id="{fid}">([^<]*)<', page).group(1)


def test_the_home_page_is_complete_in_its_first_response(migrated):
    with session_scope() as s:
        demo.load_demo_data(session=s)
    client = TestClient(wired_api())
    r = client.get("/")
    assert r.status_code == 200 and "/assets/" not in r.text
    assert "<title>权益 · 学生权益服务</title>" in r.text and "<h1>有问题,找权益部</h1>" in r.text
    for _icon, title, _body in strings.HOME_FEATURES:
        assert f"<h2>{html.escape(title)}</h2>" in r.text
    # The features' own entries: the hero's calls to action and the links below the figures.
    assert 'href="/proposals"' in r.text and 'href="/found"' in r.text and 'href="/umbrella"' in r.text
    assert _figure(r.text, "fig-collected") == "0" and _figure(r.text, "fig-satisfaction") == "—"
    # A filed case moves the figures on the next visit.
    with session_scope() as s:
        sub = cases.Submission(
            category_id=1,
            description="三楼热水器坏了一周,没有热水。",
            idempotency_key=uuid.uuid4().hex,
            device_id="phone-0",
        )
        cases.submit_case(sub, session=s, secret=get_settings().secret_key)
    assert _figure(client.get("/").text, "fig-collected") == "1"
