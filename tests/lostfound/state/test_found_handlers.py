"""Lost-and-found handlers: students and office users cannot register, approve, hand over,
move or dispose; nobody without a login sees hidden details; student handlers work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from reflex.istate.data import RouterData
from sqlmodel import func, select
from starlette.testclient import TestClient

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.models import AuditLog
from quanyi_app.core.accounts.services import authenticate
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.models import Claim, FoundItem, PickupPoint, Publication
from quanyi_app.lostfound.services import found as lostfound
from quanyi_app.lostfound.state.desk import (
    DeskItemView,
    FoundDeskState,
    FoundRegisterState,
    FoundStaffItemState,
    LostDeskState,
    PickupAdminState,
    PublicationDeskState,
)
from quanyi_app.lostfound.state.found import (
    CardLookupState,
    ClaimStatusState,
    LostMatchView,
    LostReportState,
)
from tests.conftest import wired_api
from tests.support.handlers import assert_refused_on_load, make_state, run, sign_in, use_device

REFUSED = (shared.LOGIN_REQUIRED, shared.PERMISSION_DENIED, shared.FOUND_NOT_YOUR_POINT)


def _item(item_id):
    with session_scope() as s:
        return s.get(FoundItem, item_id)


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_students_and_offices_cannot_register(desk, users, who):
    st = make_state(FoundRegisterState)
    sign_in(st, users[who] if who else "")
    st.category, st.title, st.place_found, st.point = "umbrella", "雨伞", "图书馆", str(desk["point"])
    st.found_at = "2026-11-20T10:00"
    await run(st.submit)
    assert st.error in REFUSED
    with session_scope() as s:
        assert s.exec(select(func.count(FoundItem.id))).one() == 1


@pytest.mark.parametrize("who", [None, "inspector", "office"])
@pytest.mark.parametrize("action", ["approve", "reject", "hand_over", "move", "dispose"])
async def test_desk_actions_refused(desk, users, who, action):
    st = make_state(FoundStaffItemState)
    sign_in(st, users[who] if who else "")
    st.item_id = desk["item"]
    st.reject_reason, st.collector_name, st.identity_method = "描述不符", "王同学", "id_card"
    st.move_to, st.outcome = str(desk["point"] + 1), "donated"
    if action in ("approve", "reject"):
        await run(getattr(st, action), str(desk["claim"]))
    else:
        await run(getattr(st, action))
    assert st.error in REFUSED
    assert st.item == DeskItemView() and st.claims == []  # nothing about the item was revealed
    item = _item(desk["item"])
    assert item.status == "held" and item.pickup_point_id == desk["point"]
    with session_scope() as s:
        assert s.get(Claim, desk["claim"]).status == "pending"


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_item_page_and_lists_need_staff(desk, users, who):
    st = make_state(FoundStaffItemState)
    sign_in(st, users[who] if who else "")
    st.item_id = desk["item"]
    with pytest.raises(UserError):
        st._load()
    assert st.item == DeskItemView()
    desk_list = make_state(FoundDeskState)
    sign_in(desk_list, users[who] if who else "")
    await run(desk_list.apply)
    assert desk_list.error in REFUSED and desk_list.rows == []


@pytest.mark.parametrize("who", [None, "staff", "inspector", "office"])
async def test_only_admins_manage_pickup_points(desk, users, who):
    st = make_state(PickupAdminState)
    sign_in(st, users[who] if who else "")
    st.name, st.place, st.hours = "新招领点", "东区", "每天"
    await run(st.save)
    assert st.error in REFUSED
    await run(st.set_active, str(desk["point"]), False)
    assert st.error in REFUSED
    st.retention = {"keys": "30"}
    await run(st.save_retention, "keys")
    assert st.error in REFUSED
    with session_scope() as s:
        assert s.exec(select(func.count(PickupPoint.id))).one() == 5
        assert all(p.active for p in s.exec(select(PickupPoint)).all())


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_publications_need_staff(desk, users, who):
    st = make_state(PublicationDeskState)
    sign_in(st, users[who] if who else "")
    st.start, st.end = "2020-01-01", "2020-02-01"
    await run(st.create)
    assert st.error in REFUSED
    with session_scope() as s:
        assert s.exec(select(func.count(Publication.id))).one() == 0


async def test_staff_at_the_point_handle_the_whole_claim(desk, users):
    st = make_state(FoundStaffItemState)
    sign_in(st, users["staff"])
    st.item_id = desk["item"]
    st._load()
    assert st.item.hidden == "钥匙扣是一只蓝色海豚" and st.claims[0].contact == "13812345678"
    await run(st.approve, str(desk["claim"]))
    assert st.error == "" and st.claims[0].status == "approved"
    with session_scope() as s:
        code = s.get(Claim, desk["claim"]).pickup_code
    assert code and code not in repr(st.claims)  # staff do not see it: the claimant shows it
    st.collector_name, st.identity_method = "王同学", "campus_card"
    # No code while the online claim is open: nothing happens until staff confirm a walk-in.
    await run(st.hand_over, {"pickup_code": ""})
    assert st.error == strings.FOUND_WALK_IN_CONFIRM.format(n=1) and _item(desk["item"]).status == "held"
    with session_scope() as s:
        assert s.get(Claim, desk["claim"]).status == "approved"
    await run(st.hand_over, {"pickup_code": code})
    assert st.error == "" and _item(desk["item"]).status == "collected"
    assert "王同学" in st.item.collected
    with session_scope() as s:
        assert s.exec(select(func.count(AuditLog.id)).where(AuditLog.action == "found.handover")).one() == 1


async def test_a_confirmed_walk_in_handover_closes_the_online_claims(desk, users):
    st = make_state(FoundStaffItemState)
    sign_in(st, users["staff"])
    st.item_id = desk["item"]
    st._load()
    st.collector_name, st.identity_method = "李同学", "campus_card"
    await run(st.hand_over, {"pickup_code": "", "walk_in": "on"})
    assert st.error == "" and _item(desk["item"]).status == "collected"
    with session_scope() as s:
        assert s.get(Claim, desk["claim"]).status == "rejected"


async def test_the_claim_page_shows_the_pickup_code_without_storing_it(desk, users):
    with session_scope() as s:
        lostfound.approve_claim(session=s, actor=authenticate(session=s, token=users["staff"]), claim_id=desk["claim"])
    with session_scope() as s:
        code = s.get(Claim, desk["claim"]).pickup_code
    st = make_state(ClaimStatusState)
    path = "/found/claim/" + desk["claim_code"]
    st.router = RouterData.from_router_data({"pathname": path, "asPath": path, "query": {}, "headers": {}})
    events = await run(st.load)
    assert st.claim.status == "approved"
    root = st._get_root_state()
    assert code.encode() not in root._serialize()  # not in state: the page fetches it from the link
    assert code not in " ".join(str(e) for e in events)  # nor in what the websocket carries
    client = TestClient(wired_api())
    r = client.get(routes.pickup_code_url(desk["claim_code"]))
    assert r.status_code == 200 and r.text == code and r.headers["cache-control"] == "no-store"
    assert client.get(routes.pickup_code_url("nonesuch")).status_code == 404


async def test_student_views_never_show_hidden_details(desk):
    with session_scope() as s:
        assert "海豚" not in repr(lostfound.public_item(session=s, item_id=desk["item"]))
        assert "海豚" not in repr(lostfound.claim_view(session=s, code=desk["claim_code"]))


async def test_card_lookup_and_lost_report_messages(desk):
    st = make_state(CardLookupState)
    await run(st.lookup, {"number": "12ab"})
    assert st.error == strings.FOUND_CARD_INVALID and st.result == LostMatchView()
    lost = make_state(LostReportState)
    phone = cookies.new_device_cookie()
    use_device(lost, phone)
    lost.category = "keys"
    await run(lost.submit, {"description": "丢了", "lost_at": "2026-11-20T08:00"})
    assert "至少" in lost.error
    out = await run(
        lost.submit,
        {
            "description": "一串钥匙,挂着蓝色海豚",
            "place": "图书馆",
            "lost_at": "2026-11-20T08:00",
            "contact_phone": "13812345678",
        },
    )
    assert lost.error == "" and "/lost/" in str(out[1])
    # the form page lists this phone's reports (by its device cookie), and no other phone's
    again = make_state(LostReportState)
    use_device(again, phone)
    await run(again.open_form)
    assert [r["title"] for r in again.my_reports] == ["一串钥匙,挂着蓝色海豚"]
    stranger = make_state(LostReportState)
    use_device(stranger, cookies.new_device_cookie())
    await run(stranger.open_form)
    assert stranger.my_reports == []


async def test_registering_refuses_a_file_that_is_not_a_photo(desk, users):
    import io
    from pathlib import Path

    import reflex as rx

    from tests.conftest import photo_fixture

    st = make_state(FoundRegisterState)
    sign_in(st, users["staff"])
    text = b"this is not an image at all"
    await run(st.upload_photos, [rx.UploadFile(file=io.BytesIO(text), path=Path("note.jpg"), size=len(text))])
    assert st.photo_error == shared.PHOTO_NOT_IMAGE and st.photo_list == []
    # and a student cannot upload to the desk's form at all
    anon = make_state(FoundRegisterState)
    data = photo_fixture("gps_DSCN0042.jpg")
    await run(anon.upload_photos, [rx.UploadFile(file=io.BytesIO(data), path=Path("x.jpg"), size=len(data))])
    assert anon.photo_error in REFUSED and anon.photo_list == []


async def test_register_form_warns_where_photos_stay_private(desk, users):
    st = make_state(FoundRegisterState)
    sign_in(st, users["staff"])
    await run(st.open_page)
    assert "id_doc" in st.private_photo_categories  # the page warns when one of these is picked
    assert "umbrella" not in st.private_photo_categories


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_desk_pages_refused_without_staff(desk, users, who):
    with session_scope() as s:
        lostfound.submit_lost_report(
            session=s,
            category="keys",
            description="丢了一串钥匙",
            place="操场",
            lost_at=utcnow() - timedelta(hours=1),
            contact_name="",
            contact_phone="13900001111",
            contact_email="",
            device_id="d9",
            secret="x" * 40,
        )
    for cls in (
        FoundDeskState,
        FoundRegisterState,
        FoundStaffItemState,
        LostDeskState,
        PublicationDeskState,
        PickupAdminState,
    ):
        st = make_state(cls)
        sign_in(st, users[who] if who else "")
        events = await run(st.open_page)
        assert_refused_on_load(events, who, cls)
    lost = make_state(LostDeskState)
    sign_in(lost, users[who] if who else "")
    await run(lost.open_page)
    assert lost.reports == []
