"""Case, proposal and QR handlers: refused without a staff login, working with one."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlmodel import func, select

from quanyi_app import demo
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.models import AuditLog
from quanyi_app.core.db import session_scope
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case, CaseEvent, Proposal, QrCode, QrPoint
from quanyi_app.proposals.services import cases
from quanyi_app.proposals.state.casework import CaseState, InboxState, ProposalState
from quanyi_app.proposals.state.qr_admin import QrAdminState
from quanyi_app.proposals.state.submit import SubmitState
from tests.support.handlers import assert_refused_on_load, make_state, run, sign_in, use_device

REFUSED = (shared.LOGIN_REQUIRED, shared.PERMISSION_DENIED)


def _events(case_id: int) -> int:
    with session_scope() as s:
        return s.exec(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_id)).one()


CASE_ACTIONS = [
    "accept",
    "reject",
    "assign",
    "route_college",
    "forward",
    "office_reply",
    "reply",
    "add_note",
    "resolve",
    "reveal_contact",
    "create_proposal",
]


@pytest.mark.parametrize("who", [None, "inspector", "office"])
@pytest.mark.parametrize("action", CASE_ACTIONS)
async def test_case_actions_refused_without_staff(world, users, who, action):
    st = make_state(CaseState)
    sign_in(st, users[who] if who else "")
    st.case_id = world["case_id"]
    st.reason = st.reply_text = st.note_text = st.office_reply_text = "足够长的一段文字内容"
    st.office_id, st.due_date, st.assignee_id, st.college_id = "1", "2099-01-01", "1", "1"
    st.p_title, st.p_summary = "一个提案标题", "提案内容至少十个字以上的说明"
    await run(getattr(st, action))
    assert st.error in REFUSED
    assert _events(world["case_id"]) == 1  # only the submission
    assert st.contact == {}
    with session_scope() as s:
        c = s.get(Case, world["case_id"])
        assert c.status == "received" and c.proposal_id is None and c.college_id is None
        assert s.exec(select(func.count()).select_from(Proposal)).one() == 0


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_inbox_and_pages_refused_without_staff(world, users, who):
    for cls in (InboxState, CaseState, ProposalState):
        st = make_state(cls)
        sign_in(st, users[who] if who else "")
        events = await run(st.open_page)
        assert_refused_on_load(events, who, cls)
    inbox = make_state(InboxState)
    sign_in(inbox, users[who] if who else "")
    await run(inbox.search, {"keyword": "热水器"})
    assert inbox.rows == [] and inbox.error in REFUSED


@pytest.mark.parametrize("who", [None, "inspector", "office"])
@pytest.mark.parametrize("action", ["forward", "update_progress", "office_reply", "resolve"])
async def test_proposal_actions_refused_without_staff(world, users, who, action):
    with session_scope() as s:
        from quanyi_app.core.accounts import services as accounts
        from quanyi_app.proposals.services import proposals

        admin = accounts.authenticate(session=s, token=users["admin"])
        p = proposals.create(
            session=s,
            actor=admin,
            title="热水器提案",
            summary="提案内容至少十个字以上的说明",
            case_ids=[world["case_id"]],
        )
    st = make_state(ProposalState)
    sign_in(st, users[who] if who else "")
    st.proposal_id = p.id
    st.office_id, st.due_date, st.progress, st.milestone, st.office_reply_text = (
        "1",
        "2099-01-01",
        "50",
        "进展说明",
        "部门回复",
    )
    await run(getattr(st, action))
    assert st.error in REFUSED
    with session_scope() as s:
        assert s.get(Proposal, p.id).status == "drafting" and s.get(Proposal, p.id).progress == 0


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_qr_admin_refused_without_staff(world, users, who):
    st = make_state(QrAdminState)
    sign_in(st, users[who] if who else "")
    st.new_building, st.new_label = "1", "新的提案本"
    for call in (
        st.create,
        lambda: st.rotate(str(world["point_id"])),
        lambda: st.set_active(str(world["point_id"]), False),
    ):
        await run(call)
        assert st.error in REFUSED
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(QrPoint)).one() == 11 - 1  # 8 dorms + 2 canteens
        assert s.exec(select(func.count()).select_from(QrCode)).one() == 10
        assert all(p.active for p in s.exec(select(QrPoint)).all())


async def test_staff_works_the_case_and_sees_masked_contact(world, users):
    st = make_state(CaseState)
    sign_in(st, users["staff"])
    st.case_id = world["case_id"]
    st._load()
    assert st.contact["phone"] == "138****5678"
    await run(st.accept)
    assert st.message == strings.ACT_DONE_ACCEPT and st.d.status == "accepted"
    await run(st.reveal_contact)
    assert st.contact["phone"] == "13812345678"
    with session_scope() as s:
        assert s.exec(select(AuditLog).where(AuditLog.action == "case.reveal_contact")).first() is not None
    st.office_id, st.due_date = "1", "not-a-date"
    await run(st.forward)
    assert st.error == strings.CASE_DUE_INVALID


async def test_scoped_staff_cannot_act_outside_their_college(world, users):
    with session_scope() as s:
        from quanyi_app.core.accounts.models import User

        u = s.exec(select(User).where(User.username == "staffer")).one()
        u.college_id = 1
        s.add(u)
        c = s.get(Case, world["case_id"])
        c.college_id = 2
        s.add(c)
    st = make_state(CaseState)
    sign_in(st, users["staff"])
    st.case_id = world["case_id"]
    await run(st.accept)
    assert st.error == shared.CASE_OUT_OF_SCOPE
    with session_scope() as s:
        assert s.get(Case, world["case_id"]).status == "received"


# ---- students -------------------------------------------------------------------------------


async def test_form_submit_is_idempotent_and_remembered(world):
    st = make_state(SubmitState)
    phone = cookies.new_device_cookie()
    use_device(st, phone)
    st._load_reference_data()
    st.building_id = "1"
    st.category_id = "1"
    key = uuid.uuid4().hex  # the phone's key for this form (assets/draft.js)
    form = {"description": "食堂二楼米饭夹生,希望改进。", "submit_key": key}
    events = await run(st.submit, dict(form))
    code = st.done_code
    assert code and st.done_link.endswith(code)
    assert [c["code"] for c in st.my_cases] == [code]  # listed under 我的提交 at once
    # The phone is told to forget the draft and its key (a new key for the next case).
    assert any("quanyiDraft.sent" in str(e) for e in events)
    # A retry with the same key (lost response) gives back the same case, not a new one.
    st.category_id, st.done_code = "1", ""
    await run(st.submit, dict(form))
    assert st.done_code == code
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(Case)).one() == 2  # world's case + this one
    # /proposals lists this phone's cases (found by its device cookie, not kept in the browser).
    other = make_state(SubmitState)
    use_device(other, phone)
    await run(other.load_form)
    assert [c["code"] for c in other.my_cases] == [code]


async def test_submit_without_a_key_still_files_one_case(world):
    """No script or no storage on the phone: no key arrives, the case is filed all the same."""
    st = make_state(SubmitState)
    use_device(st, cookies.new_device_cookie())
    st._load_reference_data()
    st.category_id = "1"
    await run(st.submit, {"description": "食堂二楼米饭夹生,希望改进。"})
    assert st.error == "" and st.done_code


async def test_rate_limits_rest_on_the_server_issued_device_cookie(world, monkeypatch):
    """A fresh or empty client-chosen id used to bypass "提交得太频繁"; now the phone is the
    signed HttpOnly cookie, and all anonymous submissions have a budget too."""
    st = make_state(SubmitState)
    st._load_reference_data()

    async def submit(device_cookie: str) -> str:
        use_device(st, device_cookie)
        st.category_id, st.done_code, st.error = "1", "", ""
        await run(st.submit, {"description": "食堂二楼米饭夹生,希望改进。", "submit_key": uuid.uuid4().hex})
        return st.error

    phone = cookies.new_device_cookie()
    for _ in range(cases.DEVICE_LIMIT_PER_HOUR):
        assert await submit(phone) == ""
    assert await submit(phone) == strings.CASE_RATE_DEVICE
    for made_up in ("", "fresh-id", phone.split(".")[0] + ".forged"):
        assert await submit(made_up) == shared.DEVICE_NEEDED
    # Every phone on campus together: the hourly anonymous budget.
    monkeypatch.setattr(cases, "ANONYMOUS_LIMIT_PER_HOUR", cases.DEVICE_LIMIT_PER_HOUR + 2)
    assert await submit(cookies.new_device_cookie()) == ""
    assert await submit(cookies.new_device_cookie()) == shared.ANONYMOUS_BUDGET_SPENT
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(Case)).one() == 1 + cases.DEVICE_LIMIT_PER_HOUR + 1
    # A QR point's own budget: tests/proposals/unit/test_scan_page.py.


async def test_submit_bad_input_and_honeypot(world):
    st = make_state(SubmitState)
    st._load_reference_data()
    st.category_id = "1"
    await run(st.submit, {"description": "短"})
    assert st.error == strings.CASE_DESCRIPTION_SHORT.format(n=5) and st.done_code == ""
    await run(st.submit, {"description": "这是一条正常长度的描述。", "website": "http://spam.example"})
    assert st.error == shared.CASE_REJECTED_BOT and st.done_code == ""
    # A key that is not one of ours is refused with a message, not a stack trace.
    await run(st.submit, {"description": "这是一条正常长度的描述。", "submit_key": "<script>"})
    assert st.error == shared.CASE_RELOAD and st.done_code == ""


async def test_forged_photo_refs_are_ignored(world):
    st = make_state(SubmitState)
    st._load_reference_data()
    st.photo_list = [{"ref": "1.forgedsignature", "thumb": "/x"}]
    assert st._submission({}).photo_ids == []


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_book_entry_refused_without_staff(world, users, who):
    from quanyi_app.proposals.state.book_entry import BookEntryState

    st = make_state(BookEntryState)
    sign_in(st, users[who] if who else "")
    st.category_id, st.description, st.book_page = "1", "纸质提案本上的一条反馈内容。", "3"
    await run(st.save)
    assert st.error in REFUSED
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(Case)).one() == 1


async def test_staff_records_from_the_book(world, users):
    from quanyi_app.proposals.state.book_entry import BookEntryState

    st = make_state(BookEntryState)
    sign_in(st, users["staff"])
    st.entry_key = uuid.uuid4().hex
    st.category_id, st.building_id, st.description, st.book_page, st.book_date = (
        "1",
        "1",
        "纸质提案本上的一条反馈内容。",
        "3",
        "2026-11-20",
    )
    events = await run(st.save)
    assert st.error == "" and any("/staff/cases/" in str(e) for e in events)
    with session_scope() as s:
        c = s.exec(select(Case).where(Case.source == "book")).one()
        assert (c.book_page, c.book_date) == ("3", "2026-11-20")


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_story_publish_refused_without_staff(world, users, who):
    from quanyi_app.proposals.models import Story
    from quanyi_app.proposals.state.stories import StoryEditorState

    st = make_state(StoryEditorState)
    sign_in(st, users[who] if who else "")
    st.title, st.problem, st.change = "一个标题", "同学反映的问题内容足够长", "带来了改变"
    st._draft = {"case_id": world["case_id"], "proposal_id": None, "before": []}
    await run(st.publish)
    assert st.error in REFUSED
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(Story)).one() == 0


def _upload(name: str, data: bytes):
    import io
    from pathlib import Path

    import reflex as rx

    return rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


async def test_office_reply_photo_is_published_on_the_tracking_page(world, users):
    from quanyi_app.core.photos.models import Photo
    from tests.conftest import photo_fixture

    st = make_state(CaseState)
    sign_in(st, users["staff"])
    st.case_id = world["case_id"]
    st._load()
    st.office_id, st.due_date = "1", "2099-12-31"
    await run(st.forward)
    await run(st.upload_photos, [_upload("fixed.jpg", photo_fixture("gps_DSCN0042.jpg"))])
    assert st.photo_error == "" and len(st.photo_list) == 1
    st.office_reply_text = "已修好,附维修后照片。"
    await run(st.office_reply)
    assert st.message == strings.ACT_DONE_OFFICE_REPLY and len(st.photo_list) == 0
    with session_scope() as s:
        assert s.exec(select(Photo)).one().is_public
    # The tracking page (a plain page) shows it in the office's reply.
    from starlette.testclient import TestClient

    from tests.conftest import wired_api

    page = TestClient(wired_api()).get(f"/t/{world['code']}").text
    timeline = page[page.index('id="timeline"') :]
    assert re.search(r'<img src="/api/photos/[0-9a-f]{64}(_t)?\.jpg"', timeline), timeline[:2000]


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_staff_photo_upload_refused_without_staff(world, users, who):
    from quanyi_app.core.photos.models import Photo
    from tests.conftest import photo_fixture

    st = make_state(CaseState)
    sign_in(st, users[who] if who else "")
    await run(st.upload_photos, [_upload("x.jpg", photo_fixture("gps_DSCN0042.jpg"))])
    assert st.photo_error in REFUSED
    with session_scope() as s:
        assert s.exec(select(Photo)).first() is None


async def test_student_photo_previews_are_signed_links(world):
    from tests.conftest import photo_fixture

    st = make_state(SubmitState)
    st._load_reference_data()
    await run(st.upload_photos, [_upload("a.heic", photo_fixture("mobile_iphone_13_pro_max.HEIC"))])
    assert st.photo_error == "" and "?t=" in st.photo_list[0]["thumb"]
    too_big = b"\xff\xd8" + b"\0" * (15 * 1024 * 1024 + 1)
    await run(st.upload_photos, [_upload("big.jpg", too_big)])
    assert st.photo_error == shared.PHOTO_TOO_LARGE.format(mb=15) and len(st.photo_list) == 1
    assert len(st._draft_photo_ids()) == 1


@pytest.mark.parametrize("who", [None, "inspector", "office"])
async def test_category_edits_refused_without_staff(world, users, who):
    from quanyi_app.proposals.models import Category
    from quanyi_app.proposals.state.categories import CategoriesState

    st = make_state(CategoriesState)
    sign_in(st, users[who] if who else "")
    st.new_name, st.names = "快递", {"1": "改掉"}
    for call in (st.add, lambda: st.rename("1"), lambda: st.set_active("1", False), lambda: st.move("1", False)):
        await run(call)
        assert st.error in REFUSED
    with session_scope() as s:
        first = s.get(Category, 1)
        assert first.name == "食堂" and first.active and first.sort_order == 0
        assert s.exec(select(Category).where(Category.name == "快递")).first() is None


async def test_me_lists_this_phones_cases_claims_and_lost_reports(world):
    """我的: what this phone filed, with status, newest first; another phone sees none of it."""
    from quanyi_app.home.state import MeState
    from quanyi_app.lostfound.services import found as lostfound
    from tests.conftest import wired_api

    wired_api()  # features register what they list on 我的
    phone = cookies.new_device_cookie()
    st = make_state(SubmitState)
    use_device(st, phone)
    st._load_reference_data()
    st.category_id = "1"
    await run(st.submit, {"description": "食堂二楼米饭夹生,希望改进。"})
    with session_scope() as s:
        demo.load_demo_found(session=s)
    with session_scope() as s:
        from quanyi_app.lostfound.models import FoundItem

        item = s.exec(select(FoundItem)).first()
        lostfound.submit_claim(
            session=s,
            item_id=item.id,
            device_id=cookies.device_of(phone),
            description="蓝色的,有一个海豚挂件",
            contact_name="",
            contact_phone="13812345678",
            contact_email="",
            secret=get_settings().secret_key,
        )
    me = make_state(MeState)
    use_device(me, phone)
    await run(me.open_page)
    kinds = [(m.kind, m.status) for m in me.mine]
    assert ("认领", "待审核") in kinds and ("提案", "已收到") in kinds, kinds
    assert any(m.href.startswith("/t/") or "/track" in m.href for m in me.mine if m.kind == "提案")
    other = make_state(MeState)
    use_device(other, cookies.new_device_cookie())
    await run(other.open_page)
    assert other.mine == [] and other.loaded
