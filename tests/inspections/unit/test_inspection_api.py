"""The run page's HTTP endpoints, the record sheet PDF, the export, and rectifications."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlmodel import func, select
from starlette.testclient import TestClient

from quanyi_app import demo
from quanyi_app.core import campustime
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import SESSION_COOKIE
from quanyi_app.core.campus.models import Building
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.photos.services import photo_path, store_photo
from quanyi_app.inspections import strings
from quanyi_app.inspections.models import InspectionAnswer, InspectionPhoto, Rectification
from quanyi_app.inspections.services import printing as inspection_print
from quanyi_app.inspections.services import rectifications as rect
from quanyi_app.inspections.services import runs as ins
from quanyi_app.proposals.models import Case
from tests.conftest import photo_fixture, wired_api
from tests.support.pdf import rasterise
from tests.support.world import PASSWORD, SECRET

HEADERS = {"X-Quanyi": "1"}


@pytest.fixture
def run(session, campus, people):
    demo.load_demo_inspections(session=session, plans=False)
    tpl = demo_template(session, "kitchen-hygiene")
    canteen = session.exec(select(Building).where(Building.code == "C1")).one()
    insp = ins.plan_inspection(
        session=session,
        actor=people["staff"],
        template_id=tpl,
        building_id=canteen.id,
        day=campustime.campus_today(),
        inspectors=[people["inspector"].user_id],
    )
    session.commit()
    items = ins.run_view(session=session, actor=people["inspector"], inspection_id=insp.id).items
    return insp, items


def demo_template(session, code):
    from quanyi_app.inspections.models import ChecklistTemplate

    return session.exec(select(ChecklistTemplate).where(ChecklistTemplate.code == code)).one().id


@pytest.fixture
def client(migrated):
    return TestClient(wired_api())


def as_user(client, session, username):
    token = accounts.login(session=session, username=username, password=PASSWORD)[0]
    session.commit()  # the test owns this unit of work; the HTTP requests read it from their own
    client.cookies.set(SESSION_COOKIE, token)
    return client


def tick(client, insp, item, ts, result=None, note=None, headers=HEADERS):
    body = {"item": item, "ts": ts}
    if result is not None:
        body["result"] = result
    if note is not None:
        body["note"] = note
    return client.post(f"/api/inspections/{insp.id}/ticks", json={"ticks": [body]}, headers=headers)


def test_ticks_over_http_are_idempotent(client, session, run):
    insp, items = run
    as_user(client, session, "checker")
    for _ in range(2):
        r = tick(client, insp, items[0].id, 10, "fail", "健康证过期")
        assert r.status_code == 200 and r.json() == {"saved": [items[0].id]}
    batch = [{"item": it.id, "ts": 20, "result": "pass"} for it in items[1:4]]
    assert client.post(f"/api/inspections/{insp.id}/ticks", json={"ticks": batch}, headers=HEADERS).status_code == 200
    session.expire_all()
    rows = session.exec(select(InspectionAnswer).where(InspectionAnswer.inspection_id == insp.id)).all()
    assert len(rows) == 4 and {r.result for r in rows} == {"fail", "pass"}


def test_tick_endpoint_refusals(client, session, run):
    insp, items = run
    # No login, a forged cookie, an office user, a student-less cross-site post (no header).
    r = tick(client, insp, items[0].id, 1, "pass")
    assert r.status_code == 401 and r.json()["error"] == shared.LOGIN_REQUIRED
    client.cookies.set(SESSION_COOKIE, "forged")
    assert tick(client, insp, items[0].id, 1, "pass").status_code == 401
    as_user(client, session, "officer")
    assert tick(client, insp, items[0].id, 1, "pass").status_code == 403
    as_user(client, session, "checker")
    assert tick(client, insp, items[0].id, 1, "pass", headers={}).status_code == 403
    bad = client.post(f"/api/inspections/{insp.id}/ticks", content=b"{not json", headers=HEADERS)
    assert bad.status_code == 400 and bad.json()["error"] == strings.INS_TICK_INVALID
    assert (
        client.post(
            "/api/inspections/999999/ticks", json={"ticks": [{"item": 1, "ts": 1, "result": "pass"}]}, headers=HEADERS
        ).json()["error"]
        == strings.INS_NOT_FOUND
    )
    assert session.exec(select(func.count()).select_from(InspectionAnswer)).one() == 0


def test_photo_upload_strips_metadata_and_submit_flow(client, session, run, upload_dir, tmp_path):
    insp, items = run
    as_user(client, session, "checker")
    failing = items[0]  # health certificates: critical, photo required when failed
    assert failing.photo_on_fail
    for it in items:
        tick(client, insp, it.id, 5, "fail" if it.id == failing.id else "pass")
    refused = client.post(f"/api/inspections/{insp.id}/submit", headers=HEADERS)
    assert refused.status_code == 400
    assert refused.json()["error"] == strings.INS_PHOTOS_MISSING.format(items=f"1. {failing.text}")

    not_image = client.post(
        f"/api/inspections/{insp.id}/photos?item={failing.id}",
        headers=HEADERS,
        files={"file": ("x.jpg", b"not an image at all", "image/jpeg")},
    )
    assert not_image.status_code == 400 and not_image.json()["error"]
    up = client.post(
        f"/api/inspections/{insp.id}/photos?item={failing.id}",
        headers=HEADERS,
        files={"file": ("p.jpg", photo_fixture("gps_DSCN0010.jpg"), "image/jpeg")},
    )
    assert up.status_code == 200
    photo = session.get(Photo, up.json()["photo"])
    stored = Image.open(photo_path(upload_dir, photo.sha256))
    assert not stored.getexif() and "exif" not in stored.info and not photo.is_public

    done = client.post(f"/api/inspections/{insp.id}/submit", headers=HEADERS)
    assert done.status_code == 200
    body = done.json()
    assert body["failed"] == [f"1. {failing.text}"] and body["passed"] is False and "checker" in body["inspectors"]
    assert body["report"] == f"/inspect/report/{insp.id}"
    late = tick(client, insp, items[1].id, 99, "fail")
    assert late.status_code == 409 and late.json() == {"error": strings.INS_ALREADY_SUBMITTED, "closed": True}

    pdf = client.get(f"/api/inspections/{insp.id}/record.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pages = rasterise(pdf.content, tmp_path, dpi=40)
    assert pages and all(p.size[0] < p.size[1] for p in pages)  # A4 portrait
    as_user(client, session, "officer")
    assert client.get(f"/api/inspections/{insp.id}/record.pdf").status_code == 403


def test_record_sheet_shows_failure_photos(session, run, people, upload_dir, tmp_path):
    insp, items = run
    who = people["inspector"]
    ins.apply_ticks(
        session=session,
        actor=who,
        inspection_id=insp.id,
        ticks=[ins.Tick(it.id, 1, "fail" if it.position <= 2 else "pass") for it in items],
    )
    names = ("gps_DSCN0010.jpg", "Canon_40D.jpg", "mobile_jolla.jpg")
    for item, name in zip((items[0], items[1], items[1]), names, strict=False):
        p = store_photo(photo_fixture(name), session=session)
        ins.add_photo(session=session, actor=who, inspection_id=insp.id, item_id=item.id, photo_id=p.id)
    ins.submit(session=session, actor=who, inspection_id=insp.id)
    with_photos = inspection_print.record_sheet_pdf(session=session, actor=who, inspection_id=insp.id)
    for link in session.exec(select(InspectionPhoto)).all():
        session.delete(link)
    session.commit()
    without = inspection_print.record_sheet_pdf(session=session, actor=who, inspection_id=insp.id)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    def ink(pdf, folder):
        return sum(sum(1 for px in p.convert("L").getdata() if px < 200) for p in rasterise(pdf, folder, 30))

    assert ink(with_photos, tmp_path / "a") > ink(without, tmp_path / "b") * 1.1  # three photos add a lot of ink


def test_export_csv_and_xlsx(client, session, run, people):
    from openpyxl import load_workbook

    insp, items = run
    ins.apply_ticks(
        session=session,
        actor=people["inspector"],
        inspection_id=insp.id,
        ticks=[ins.Tick(it.id, 1, "fail" if it.position == 3 else "pass") for it in items],
    )
    ins.submit(session=session, actor=people["inspector"], inspection_id=insp.id)
    day = campustime.campus_today().isoformat()
    as_user(client, session, "checker")
    assert client.get(f"/api/inspections/export.csv?from={day}&to={day}").status_code == 403
    as_user(client, session, "staffer")
    assert client.get("/api/inspections/export.csv?from=2026-13-01&to=x").json()["error"] == strings.INS_EXPORT_PERIOD
    r = client.get(f"/api/inspections/export.csv?from={day}&to={day}")
    assert r.status_code == 200 and r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == inspection_print.EXPORT_HEADER and len(rows) == 2
    assert rows[1][2] == "第一食堂(桃李园)" and rows[1][10] == items[2].text and rows[1][11] == "1"
    x = client.get(f"/api/inspections/export.xlsx?from={day}&to={day}")
    ws = load_workbook(io.BytesIO(x.content)).active
    assert [c.value for c in ws[1]] == inspection_print.EXPORT_HEADER and ws.cell(2, 3).value == "第一食堂(桃李园)"
    assert inspection_print._safe("=cmd()") == "'=cmd()"


def _failed_rect(session, run, people):
    insp, items = run
    ins.apply_ticks(
        session=session,
        actor=people["inspector"],
        inspection_id=insp.id,
        ticks=[
            ins.Tick(it.id, 1, "fail" if it.position == 3 else "pass", "没戴手套" if it.position == 3 else None)
            for it in items
        ],
    )
    ins.submit(session=session, actor=people["inspector"], inspection_id=insp.id)
    return session.exec(select(Rectification)).one()


def test_rectification_follow_up(session, run, people, campus, upload_dir):
    r = _failed_rect(session, run, people)
    assert r.due_on == campustime.campus_today() + timedelta(days=3)  # the kitchen's 3 days
    rows = rect.list_rectifications(session=session, actor=people["inspector"])
    assert [x.title for x in rows] == [r.title] and rows[0].responsible == "饮食服务中心" and not rows[0].overdue
    later = campustime.campus_today() + timedelta(days=10)
    assert [
        x.id for x in rect.list_rectifications(session=session, actor=people["staff"], status="overdue", today=later)
    ] == [r.id]
    with pytest.raises(UserError) as err:
        rect.close_rectification(session=session, actor=people["staff"], rect_id=r.id, photo_ids=[], note="已整改")
    assert err.value.message == strings.RECT_PHOTO_REQUIRED
    with pytest.raises(UserError) as err:
        rect.update_rectification(
            session=session, actor=people["staff"], rect_id=r.id, office_id=None, responsible=" ", due_on=later
        )
    assert err.value.message == strings.RECT_OWNER_REQUIRED
    for role in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            rect.update_rectification(
                session=session, actor=people[role], rect_id=r.id, office_id=None, responsible="承包方", due_on=later
            )
    with pytest.raises(PermissionDenied):
        rect.close_rectification(session=session, actor=people["office"], rect_id=r.id, photo_ids=[1], note="")
    rect.update_rectification(
        session=session, actor=people["staff"], rect_id=r.id, office_id=None, responsible="食堂承包方", due_on=later
    )
    photo = store_photo(photo_fixture("Canon_40D.jpg"), session=session)
    rect.close_rectification(
        session=session, actor=people["inspector"], rect_id=r.id, photo_ids=[photo.id], note="已配发手套"
    )
    done = rect.get_rectification(session=session, actor=people["staff"], rect_id=r.id)
    assert done.status == "closed" and done.close_photos == [photo.sha256] and done.responsible == "食堂承包方"
    assert rect.list_rectifications(session=session, actor=people["staff"]) == []
    with pytest.raises(UserError):
        rect.close_rectification(session=session, actor=people["staff"], rect_id=r.id, photo_ids=[photo.id], note="")


def test_rectification_becomes_a_public_case_once(session, run, people, upload_dir):
    from quanyi_app.proposals.services.cases import tracking_view

    r = _failed_rect(session, run, people)
    for role in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            rect.to_public_case(session=session, actor=people[role], rect_id=r.id, secret=SECRET)
    case = rect.to_public_case(session=session, actor=people["staff"], rect_id=r.id, secret=SECRET)
    view = tracking_view(session=session, code=case.tracking_code)
    assert r.title in view.description and "没戴手套" in view.description and view.category == "食堂"
    assert case.source == "inspect"
    with pytest.raises(UserError) as err:
        rect.to_public_case(session=session, actor=people["staff"], rect_id=r.id, secret=SECRET)
    assert err.value.message == strings.RECT_ALREADY_CASE
    assert session.exec(select(func.count()).select_from(Case)).one() == 1
    # Closing the rectification tells the students following the case, with the follow-up photo.
    photo = store_photo(photo_fixture("Canon_40D.jpg"), session=session)
    rect.close_rectification(
        session=session, actor=people["inspector"], rect_id=r.id, photo_ids=[photo.id], note="已配发手套"
    )
    last = tracking_view(session=session, code=case.tracking_code).timeline[-1]
    assert "已配发手套" in last.body and last.photo_ids == [photo.id]


def test_next_run_of_the_target_shows_open_rectifications_and_history(session, run, people):
    r = _failed_rect(session, run, people)
    insp, _ = run
    nxt = ins.plan_inspection(
        session=session,
        actor=people["staff"],
        template_id=insp.template_id,
        building_id=insp.building_id,
        day=campustime.campus_today(),
        inspectors=[people["inspector"].user_id],
    )
    session.commit()
    view = ins.run_view(session=session, actor=people["inspector"], inspection_id=nxt.id)
    assert [x.id for x in view.open_rectifications] == [r.id]
    building, rows = rect.target_history(session=session, actor=people["staff"], building_id=insp.building_id)
    assert building.code == "C1" and [h.id for h in rows] == [insp.id] and rows[0].score is not None
    with pytest.raises(PermissionDenied):
        rect.target_history(session=session, actor=people["office"], building_id=insp.building_id)
    rep = rect.report(session=session, actor=people["inspector"], inspection_id=insp.id)
    assert [x.id for x in rep.rectifications] == [r.id]
    with pytest.raises(UserError) as err:
        rect.report(session=session, actor=people["inspector"], inspection_id=nxt.id)
    assert err.value.message == strings.INS_NOT_SUBMITTED


def test_the_public_summary_shows_each_buildings_last_result_and_open_fixes(session, run, people):
    """What the home page promises is public: per building, the last inspection's date and score
    and the rectifications still open — and nothing else (no names, no item texts)."""
    assert rect.public_summary(session=session) == []  # planned only: nothing to show yet
    r = _failed_rect(session, run, people)
    session.commit()
    [row] = rect.public_summary(session=session)
    insp, _ = run
    session.refresh(insp)
    assert row.building == "第一食堂(桃李园)" and row.kind == "canteen"  # C1
    assert row.last_on == insp.planned_on and row.score == insp.score and row.passed is insp.passed
    assert row.open_fixes == 1
    assert "没戴手套" not in repr(row) and people["inspector"].display_name not in repr(row)
    r.status = "closed"
    session.add(r)
    session.commit()
    assert rect.public_summary(session=session)[0].open_fixes == 0
