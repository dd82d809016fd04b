"""/found and /found/item/<id> as plain pages: the list with search, filters and pages in the
first HTML, and the claim form posted over plain HTTP."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlmodel import func, select
from starlette.testclient import TestClient

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.services import authenticate
from quanyi_app.core.db import session_scope
from quanyi_app.core.modelbase import utcnow
from quanyi_app.lostfound import strings
from quanyi_app.lostfound.models import Claim
from quanyi_app.lostfound.services import found as lostfound
from tests.conftest import wired_api


@pytest.fixture
def phone(desk):
    client = TestClient(wired_api())
    client.cookies.set(cookies.DEVICE_COOKIE, cookies.new_device_cookie())
    return client


def _titles(page: str) -> list[str]:
    return [
        html.unescape(t) for t in re.findall(r'<a class="qy-found-card"[^>]*>.*?<strong>([^<]*)</strong>', page, re.S)
    ]


def _claims(item_id: int) -> int:
    with session_scope() as s:
        return s.exec(select(func.count()).select_from(Claim).where(Claim.item_id == item_id)).one()


def test_the_list_is_in_the_first_response_without_hidden_details(phone, desk):
    r = phone.get("/found")
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert "一串钥匙" in _titles(r.text)
    assert "海豚" not in r.text  # the hidden details are for staff checking claims only
    assert 'role="search"' in r.text and "/assets/" not in r.text
    assert 'aria-current="page">失物招领<' in r.text  # the plain tab bar marks where the student is


def test_search_and_its_messages(phone, desk):
    found = phone.get("/found", params={"q": "钥匙"})
    assert found.status_code == 200 and _titles(found.text) == ["一串钥匙"]
    assert "“钥匙” · 1 件" in found.text
    nothing = phone.get("/found", params={"q": "雨伞"})
    assert _titles(nothing.text) == [] and html.escape(strings.FOUND_EMPTY) in nothing.text
    for q, message in (("   ", strings.FOUND_SEARCH_EMPTY), ("%%!!", strings.FOUND_SEARCH_SYMBOLS)):
        r = phone.get("/found", params={"q": q})
        assert r.status_code == 400 and html.escape(message) in r.text
        assert "一串钥匙" in _titles(r.text)  # the list is still there to browse
    escaped = phone.get("/found", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in escaped.text


def test_filters_and_pages(phone, desk, users):
    with session_scope() as s:
        admin = authenticate(session=s, token=users["admin"])
        for n in range(lostfound.PAGE_SIZE + 3):
            lostfound.register_item(
                session=s,
                actor=admin,
                draft=lostfound.ItemDraft(
                    category="umbrella",
                    title=f"雨伞{n}",
                    place_found="图书馆",
                    found_at=utcnow() - timedelta(hours=n + 1),
                    pickup_point_id=desk["point"],
                ),
            )
    first = phone.get("/found", params={"category": "umbrella"})
    assert len(_titles(first.text)) == lostfound.PAGE_SIZE and "一串钥匙" not in _titles(first.text)
    older = re.search(r'<a class="btn soft" href="([^"]+)">' + re.escape(strings.FOUND_OLDER), first.text).group(1)
    assert html.unescape(older) == "/found?category=umbrella&page=2"
    second = phone.get(html.unescape(older))
    assert len(_titles(second.text)) == 3 and html.escape(strings.FOUND_NEWER) in second.text
    recent = phone.get("/found", params={"since": "1", "point": str(desk["point"])})
    assert "一串钥匙" not in _titles(recent.text) and len(_titles(recent.text)) == lostfound.PAGE_SIZE
    # Made-up filter values are ignored, not an error.
    odd = phone.get("/found", params={"category": "nope", "point": "x", "since": "9", "page": "-4"})
    assert odd.status_code == 200 and len(_titles(odd.text)) == lostfound.PAGE_SIZE


def test_an_items_page_and_its_claim_form(phone, desk):
    r = phone.get(f"/found/item/{desk['item']}")
    assert r.status_code == 200 and "<h1>一串钥匙</h1>" in r.text and "海豚" not in r.text
    assert f'data-draft="claim-{desk["item"]}"' in r.text and 'id="f-claim"' in r.text
    missing = phone.get("/found/item/99999")
    assert missing.status_code == 404 and html.escape(strings.FOUND_ITEM_NOT_FOUND) in missing.text
    assert phone.get("/found/item/abc").status_code == 404


def test_a_claim_is_filed_and_leads_to_its_own_page(phone, desk):
    before = _claims(desk["item"])
    form = {"description": "蓝色的钥匙扣,三把钥匙", "contact_phone": "13812345678"}
    r = phone.post(f"/found/item/{desk['item']}", data=form, follow_redirects=False)
    assert r.status_code == 303
    code = re.fullmatch(rf"/found/claim/([a-z0-9]+)#sent=claim-{desk['item']}", r.headers["location"]).group(1)
    with session_scope() as s:
        claim = s.exec(select(Claim).where(Claim.code == code)).one()
        assert claim.description == "蓝色的钥匙扣,三把钥匙" and claim.contact_phone == "13812345678"
    assert _claims(desk["item"]) == before + 1


def test_claim_refusals_keep_what_was_typed(phone, desk):
    url = f"/found/item/{desk['item']}"
    short = phone.post(url, data={"description": "蓝", "contact_phone": "13812345678"})
    assert short.status_code == 400 and 'id="claim-error"' in short.text
    assert 'value="13812345678"' in short.text and ">蓝</textarea>" in short.text
    no_contact = phone.post(url, data={"description": "蓝色的钥匙扣,三把钥匙"})
    assert no_contact.status_code == 400 and html.escape(strings.FOUND_CONTACT_REQUIRED) in no_contact.text
    bot = phone.post(url, data={"description": "蓝色的钥匙扣,三把钥匙", "contact_phone": "13812345678", "website": "x"})
    assert bot.status_code == 400 and html.escape(shared.CASE_REJECTED_BOT) in bot.text
    foreign = phone.post(url, data={"description": "蓝色的钥匙扣"}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and html.escape(shared.FORM_CROSS_SITE) in foreign.text


def test_a_phone_claims_an_item_at_most_three_times(phone, desk):
    url = f"/found/item/{desk['item']}"
    form = {"description": "蓝色的钥匙扣,三把钥匙", "contact_phone": "13812345678"}
    for _ in range(3):
        assert phone.post(url, data=form, follow_redirects=False).status_code == 303
    fourth = phone.post(url, data=form)
    assert fourth.status_code == 400 and html.escape(strings.FOUND_CLAIM_LIMIT.format(n=3)) in fourth.text
    # A device id the client made up (or none) does not start a fresh count.
    for forged in ("", "phone-3", "phone-3.0123456789abcdef0123456789abcdef"):
        phone.cookies.set(cookies.DEVICE_COOKIE, forged)
        r = phone.post(url, data=form)
        assert r.status_code == 400 and html.escape(shared.DEVICE_NEEDED) in r.text
