"""The scan landing /s/<code> as a plain page: the form is in the first HTML response, and it files
a case over plain HTTP with the same rules as everywhere (no websocket needed)."""

from __future__ import annotations

import html
import io
import re
import uuid

import pytest
from PIL import Image
from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app import demo
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import cookies
from quanyi_app.core.db import session_scope
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case, CaseEvent, QrPoint
from quanyi_app.proposals.services import cases, qr
from tests.conftest import photo_fixture, wired_api

TEXT = "东区5栋三楼热水器坏了一周,没有热水。"


@pytest.fixture
def point(migrated):
    with session_scope() as s:
        demo.load_demo_data(session=s)
        p = qr.list_points(session=s)[0]
        return {"code": p.code, "id": p.id, "label": p.label, "building": p.building_name, "building_id": p.building_id}


@pytest.fixture
def phone(migrated):
    client = TestClient(wired_api())
    client.cookies.set(cookies.DEVICE_COOKIE, cookies.new_device_cookie())
    return client


def _key(page: str) -> str:
    return re.search(r'name="submit_key" value="([0-9a-f]{32})"', page).group(1)


def _form(page: str, **fields) -> dict:
    """What a browser sends for this page: its key, the building it shows chosen, and the fields."""
    chosen = re.search(r'<select name="building".*?<option value="(\d+)" selected>', page, re.S)
    building = {"building": chosen.group(1)} if chosen else {}
    return {"submit_key": _key(page), "category": "1", "description": TEXT, **building, **fields}


def _cases() -> list[Case]:
    with session_scope() as s:
        return list(s.exec(select(Case)).all())


def _scans(point_id: int) -> int:
    with session_scope() as s:
        return s.get(QrPoint, point_id).scan_count


def test_first_response_holds_the_building_and_the_form(phone, point):
    """Painted from one response: the building resolved on the server, a textarea to type into,
    a form the browser itself posts; none of the app's bundle."""
    r = phone.get(f"/s/{point['code']}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"  # each page carries its own idempotency key
    assert r.headers["content-encoding"] == "gzip"  # a slow link pays for every byte before the paint
    page = r.text
    assert html.escape(point["label"]) in page
    assert re.search(rf'<option value="{point["building_id"]}" selected>{re.escape(point["building"])}</option>', page)
    assert re.search(r'<textarea name="description"[^>]*maxlength="2000"', page)
    assert re.search(rf'<form [^>]*method="post" action="/s/{point["code"]}" enctype="multipart/form-data"', page)
    assert 'data-draft="case"' in page and _key(page)
    assert "/assets/" not in page and '<script src="/draft.js" defer>' in page
    assert _key(phone.get(f"/s/{point['code']}").text) != _key(page)  # a fresh key per form shown
    assert _scans(point["id"]) == 2


def test_unknown_code_still_offers_the_form(phone, point):
    r = phone.get("/s/nosuchcode")
    assert r.status_code == 200
    assert html.escape(strings.QR_UNKNOWN) in r.text and "<textarea" in r.text
    assert " selected>" not in r.text  # the student picks the building by hand


def test_posting_the_form_files_one_case_and_shows_the_tracking_code(phone, point):
    page = phone.get(f"/s/{point['code']}").text
    form = _form(page, college="2")
    r = phone.post(f"/s/{point['code']}", data=form)
    assert r.status_code == 200 and strings.SUBMIT_DONE_TITLE in r.text
    (case,) = _cases()
    assert f'id="tracking-code">{case.tracking_code}<' in r.text
    assert f'href="/t/{case.tracking_code}"' in r.text and 'data-draft-sent="case"' in r.text
    assert (case.qr_point_id, case.building_id, case.college_id) == (point["id"], point["building_id"], 2)
    assert case.source == "qr" and case.description == TEXT and case.anonymous and case.device_hash
    # A retry of the same form (a lost answer, a reload, a double tap) files nothing new.
    again = phone.post(f"/s/{point['code']}", data=form)
    assert f'id="tracking-code">{case.tracking_code}<' in again.text
    assert len(_cases()) == 1
    assert _scans(point["id"]) == 1  # a send is not a scan


def test_contact_is_kept_only_when_the_student_chooses_to_be_named(phone, point):
    page = phone.get(f"/s/{point['code']}").text
    phone.post(f"/s/{point['code']}", data=_form(page, contact_phone="13812345678"))
    phone.post(
        f"/s/{point['code']}",
        data=_form(page, submit_key=uuid.uuid4().hex, named="1", contact_name="小王", contact_phone="13812345678"),
    )
    first, second = sorted(_cases(), key=lambda c: c.id)
    assert first.anonymous and first.contact_phone == ""
    assert not second.anonymous and (second.contact_name, second.contact_phone) == ("小王", "13812345678")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": "短"}, strings.CASE_DESCRIPTION_SHORT.format(n=cases.DESCRIPTION_MIN)),
        ({"category": ""}, strings.CASE_CATEGORY_REQUIRED),
        ({"category": "9999"}, strings.CASE_CATEGORY_REQUIRED),
        ({"building": "9999"}, shared.BUILDING_NOT_FOUND),
        ({"website": "http://spam.example"}, shared.CASE_REJECTED_BOT),
        ({"submit_key": "<script>"}, shared.CASE_RELOAD),
        ({"named": "1", "contact_phone": "12"}, shared.CASE_PHONE_INVALID),
    ],
)
def test_bad_input_keeps_what_was_typed_and_says_why(phone, point, fields, message):
    page = phone.get(f"/s/{point['code']}").text
    form = {**_form(page, description="<b>热水器</b>坏了一周,没有热水。"), **fields}
    r = phone.post(f"/s/{point['code']}", data=form)
    assert r.status_code == 400 and _cases() == []
    assert f'role="alert" id="form-error">{html.escape(message)}<' in r.text
    typed = html.escape(form["description"])
    assert f">{typed}</textarea>" in r.text  # escaped, and not lost
    assert f'name="submit_key" value="{html.escape(form["submit_key"])}"' in r.text  # the same form, the same key


def test_without_a_device_cookie_nothing_is_filed(migrated, point):
    client = TestClient(wired_api())
    page = client.get(f"/s/{point['code']}").text
    r = client.post(f"/s/{point['code']}", data=_form(page))
    assert r.status_code == 400 and html.escape(shared.DEVICE_NEEDED) in r.text and _cases() == []


def test_a_post_from_another_site_is_refused(phone, point):
    page = phone.get(f"/s/{point['code']}").text
    r = phone.post(f"/s/{point['code']}", data=_form(page), headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and html.escape(shared.FORM_CROSS_SITE) in r.text and _cases() == []
    ok = phone.post(f"/s/{point['code']}", data=_form(page), headers={"Origin": get_settings().public_url})
    assert ok.status_code == 200 and len(_cases()) == 1


def test_a_points_budget_holds_over_http(phone, point, monkeypatch):
    monkeypatch.setattr(cases, "POINT_LIMIT_PER_HOUR", 1)
    for expected in (200, 400):
        page = phone.get(f"/s/{point['code']}").text
        phone.cookies.set(cookies.DEVICE_COOKIE, cookies.new_device_cookie())
        r = phone.post(f"/s/{point['code']}", data=_form(page))
        assert r.status_code == expected
    assert html.escape(strings.CASE_RATE_POINT) in r.text and len(_cases()) == 1


def _jpeg(color="red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buf, "JPEG")
    return buf.getvalue()


def _photos_of(case: Case) -> list[int]:
    with session_scope() as s:
        return s.exec(select(CaseEvent.photo_ids).where(CaseEvent.case_id == case.id)).first()


def test_photos_are_cleaned_and_attached(phone, point, upload_dir):
    """A phone photo with GPS in it: attached to the case, stored without its metadata."""
    page = phone.get(f"/s/{point['code']}").text
    files = [("photos", ("DSCN0010.jpg", photo_fixture("gps_DSCN0010.jpg"), "image/jpeg"))]
    r = phone.post(f"/s/{point['code']}", data=_form(page), files=files)
    assert r.status_code == 200
    (case,) = _cases()
    (pid,) = _photos_of(case)
    with session_scope() as s:
        sha = s.get(Photo, pid).sha256
    stored = Image.open(photos.photo_path(upload_dir, sha))
    assert not stored.getexif().get_ifd(0x8825)  # no GPS block
    assert stored.info.get("exif") in (None, b"")


def test_photos_received_before_a_refusal_are_kept_for_the_next_send(phone, point):
    page = phone.get(f"/s/{point['code']}").text
    files = [("photos", ("a.jpg", _jpeg(), "image/jpeg")), ("photos", ("b.jpg", _jpeg("blue"), "image/jpeg"))]
    refused = phone.post(f"/s/{point['code']}", data=_form(page, description="短"), files=files)
    assert refused.status_code == 400 and _cases() == []
    refs = re.findall(r'name="photo_ref" value="([^"]+)"', refused.text)
    assert len(refs) == 2 and strings.SUBMIT_PHOTOS_KEPT.format(n=2) in refused.text
    assert strings.SUBMIT_PHOTOS.format(n=cases.MAX_PHOTOS - 2) in refused.text  # room for two more
    # The student fixes the text and sends again, without choosing the photos again.
    r = phone.post(f"/s/{point['code']}", data={**_form(refused.text), "photo_ref": refs})
    assert r.status_code == 200
    assert len(_photos_of(_cases()[0])) == 2


def test_bad_photos_are_refused_with_a_message_and_the_text_kept(phone, point):
    page = phone.get(f"/s/{point['code']}").text
    not_image = [("photos", ("notes.txt", b"hello, not a photo", "text/plain"))]
    r = phone.post(f"/s/{point['code']}", data=_form(page), files=not_image)
    assert r.status_code == 400 and html.escape(shared.PHOTO_NOT_IMAGE) in r.text
    assert f">{html.escape(TEXT)}</textarea>" in r.text and _cases() == []
    too_many = [("photos", (f"{i}.jpg", _jpeg(), "image/jpeg")) for i in range(cases.MAX_PHOTOS + 1)]
    r = phone.post(f"/s/{point['code']}", data=_form(page), files=too_many)
    assert r.status_code == 400 and _cases() == []
    assert html.escape(shared.PHOTO_TOO_MANY_FILES.format(n=cases.MAX_PHOTOS)) in r.text
    forged = phone.post(f"/s/{point['code']}", data={**_form(page), "photo_ref": "1.forgedsignature"})
    assert forged.status_code == 200 and _photos_of(_cases()[0]) == []


def test_a_body_that_is_not_a_form_gets_a_message(phone, point):
    r = phone.post(
        f"/s/{point['code']}",
        content=b"--x\r\nbroken",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert r.status_code == 400 and html.escape(shared.FORM_UNREADABLE) in r.text
    assert "<textarea" in r.text and _cases() == []
