"""A meeting's documents: the minutes PDF (real text, the CJK font embedded, public once published,
rebuilt when a commitment moves), the A4 poster and the image to share (staff), each QR opening
the right page."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image
from starlette.testclient import TestClient

from quanyi_app.core.accounts import cookies
from quanyi_app.core.campustime import campus_today
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.events import strings
from quanyi_app.events.services import commitments, documents, meetings
from tests.conftest import wired_api
from tests.events.conftest import ask, hold, new_meeting
from tests.support.pdf import rasterise

URL = "https://q.example.cn"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def qr_texts(images) -> list[str]:
    return [r.text for im in images for r in zxingcpp.read_barcodes(im)]


@pytest.fixture
def published(session, hall, people):
    m = hall["meeting"]
    q = ask(session, m, body="二食堂晚上九点后没有热饭,能否延长供应?")
    hold(session, m)
    meetings.set_agenda(session=session, actor=people["staff"], question_id=q.id, on=True)
    meetings.record_answer(session=session, actor=people["staff"], question_id=q.id, answer="下周起供应到22:00。")
    c = commitments.add_commitment(
        session=session,
        actor=people["staff"],
        question_id=q.id,
        what="二食堂夜宵窗口供应到22:00",
        office_id=hall["logistics_office"].id,
        due=(campus_today() + timedelta(days=10)).isoformat(),
    )
    meetings.publish_minutes(session=session, actor=people["staff"], meeting_id=m.id, summary="本期答复 1 个问题。")
    session.commit()
    return {"meeting": m, "commitment": c}


def test_the_minutes_are_real_text_with_the_font_embedded(session, published, people, tmp_path):
    m = published["meeting"]
    _id, version = documents.minutes_version(session=session, meeting_id=m.id)
    pdf = documents.minutes_pdf(m.id, version, URL)
    text = pdf_text(pdf, tmp_path)
    for line in (
        "第1期 校领导接待日 会议纪要",
        "本期答复 1 个问题。",
        "二食堂晚上九点后没有热饭",
        "下周起供应到22:00。",
    ):
        assert line in text
    assert "二食堂夜宵窗口供应到22:00(负责:后勤保障处" in text.replace("\n", "").replace(" ", "")
    fonts = pdf_fonts(pdf, tmp_path)
    assert "NotoSansCJKSC" in fonts and " yes yes " in fonts  # embedded, as a subset
    assert f"{URL}/commitments?meeting={m.id}" in qr_texts(rasterise(pdf, tmp_path, dpi=100))
    # The same version is built once; a commitment that moves makes a new one.
    assert documents.minutes_pdf(m.id, version, URL) is pdf
    commitments.post_update(
        session=session, actor=people["staff"], commitment_id=published["commitment"].id, kind="done", body="已开放。"
    )
    session.commit()
    assert documents.minutes_version(session=session, meeting_id=m.id)[1] != version
    again = documents.minutes_pdf(m.id, documents.minutes_version(session=session, meeting_id=m.id)[1], URL)
    assert "已完成" in pdf_text(again, tmp_path)


def test_minutes_are_downloadable_only_once_published(session, hall, published, people):
    client = TestClient(wired_api())
    r = client.get(f"/api/meetings/{published['meeting'].id}/minutes.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    upcoming = new_meeting(session, people["staff"], days=20)
    session.commit()
    r = client.get(f"/api/meetings/{upcoming.id}/minutes.pdf")
    assert r.status_code == 404 and r.text == strings.MEETING_NOT_FOUND
    assert client.get("/api/meetings/999/minutes.pdf").status_code == 404
    page = client.get(f"/meetings/{published['meeting'].id}").text
    assert f'href="/api/meetings/{published["meeting"].id}/minutes.pdf"' in page


def test_the_poster_and_the_image_open_the_meeting_page(session, hall, people, tmp_path):
    m = hall["meeting"]
    poster = documents.poster_pdf(session=session, actor=people["staff"], meeting_id=m.id, public_url=URL)
    text = pdf_text(poster, tmp_path)
    assert "第1期 校领导接待日" in text and "学生活动中心报告厅" in text and strings.POSTER_ASK in text
    assert qr_texts(rasterise(poster, tmp_path, dpi=100)) == [f"{URL}/meetings/{m.id}"]
    png = Image.open(
        io.BytesIO(documents.share_png(session=session, actor=people["staff"], meeting_id=m.id, public_url=URL))
    )
    assert png.size == documents.SHARE_SIZE and qr_texts([png]) == [f"{URL}/meetings/{m.id}"]
    for who in ("office", "inspector"):
        with pytest.raises(PermissionDenied):
            documents.poster_pdf(session=session, actor=people[who], meeting_id=m.id, public_url=URL)
    draft = new_meeting(session, people["staff"], number=30, announce=False)
    with pytest.raises(UserError) as err:
        documents.share_png(session=session, actor=people["staff"], meeting_id=draft.id, public_url=URL)
    assert err.value.message == strings.MEETING_NOT_ANNOUNCED


def test_staff_download_the_poster_and_the_image_others_are_refused(session, hall, people):
    from quanyi_app.core.accounts import services as accounts
    from tests.support.world import PASSWORD

    client = TestClient(wired_api())
    mid = hall["meeting"].id
    assert client.get(f"/api/meetings/{mid}/poster.pdf").status_code == 401
    for username, status in (("houqin", 403), ("staffer", 200)):
        token, _ = accounts.login(session=session, username=username, password=PASSWORD)
        session.commit()
        client.cookies.set(cookies.SESSION_COOKIE, token)
        poster, image = client.get(f"/api/meetings/{mid}/poster.pdf"), client.get(f"/api/meetings/{mid}/share.png")
        assert (poster.status_code, image.status_code) == (status, status)
    assert poster.content.startswith(b"%PDF") and image.headers["content-type"] == "image/png"
    assert poster.headers["cache-control"] == "private, no-store"
