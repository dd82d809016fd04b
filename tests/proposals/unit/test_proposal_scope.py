"""College scope through proposals: a college-scoped member of staff never reaches a case of
another college through a proposal (its code and text, its public timeline, its photos in the
letter). A proposal is theirs only when every case in it is from their college."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from quanyi_app.core import strings as shared
from quanyi_app.core.errors import PermissionDenied
from quanyi_app.core.photos import services as photos
from quanyi_app.proposals.models import CaseEvent
from quanyi_app.proposals.services import letters, proposals, stories
from tests.conftest import photo_fixture


def _events(session, case_id: int) -> int:
    return session.exec(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_id)).one()


@pytest.fixture
def mixed(session, campus, people, submit, upload_dir):
    """A proposal (by an unscoped admin) merging a 计算机学院 case and a 法学院 case with a photo."""
    photo = photos.store_photo(photo_fixture("gps_DSCN0021.jpg"), session=session)
    cs_case = submit(college_id=campus["cs"].id)
    law_case = submit(
        college_id=campus["law"].id, photo_ids=[photo.id], description="法学院楼下的路灯坏了,晚上很黑,存在安全隐患。"
    )
    p = proposals.create(
        session=session,
        actor=people["admin"],
        title="校园照明与热水问题",
        summary="多位同学反映路灯和热水器的问题,请相关部门尽快处理。",
        case_ids=[cs_case.id, law_case.id],
    )
    session.commit()
    return {"proposal": p, "cs_case": cs_case, "law_case": law_case}


def test_scoped_staff_cannot_open_a_proposal_with_another_colleges_case(session, people, mixed):
    scoped, pid = people["cs_staff"], mixed["proposal"].id
    for read in (
        lambda: proposals.get_view(session=session, actor=scoped, proposal_id=pid),
        lambda: proposals.linked_cases(session=session, actor=scoped, proposal_id=pid),
    ):
        with pytest.raises(PermissionDenied) as err:
            read()
        assert err.value.message == shared.CASE_OUT_OF_SCOPE
    assert pid not in [v.id for v in proposals.list_proposals(session=session, actor=scoped)]
    assert pid in [v.id for v in proposals.list_proposals(session=session, actor=people["staff"])]


def test_scoped_staff_cannot_post_on_another_colleges_timeline(session, people, mixed):
    scoped, pid, law_id = people["cs_staff"], mixed["proposal"].id, mixed["law_case"].id
    before = _events(session, law_id)
    for act in (
        lambda: proposals.update_progress(
            session=session, actor=scoped, proposal_id=pid, progress=50, milestone="后勤已派人检修"
        ),
        lambda: proposals.forward(
            session=session,
            actor=scoped,
            proposal_id=pid,
            office_id=1,
            due_at=mixed["proposal"].created_at.replace(year=2099),
        ),
        lambda: proposals.resolve(session=session, actor=scoped, proposal_id=pid),
    ):
        with pytest.raises(PermissionDenied):
            act()
    session.rollback()
    assert _events(session, law_id) == before
    assert proposals.get_view(session=session, actor=people["admin"], proposal_id=pid).progress == 0


def test_scoped_staff_cannot_download_the_letter_or_draft_a_story(session, people, mixed, upload_dir):
    scoped, pid = people["cs_staff"], mixed["proposal"].id
    with pytest.raises(PermissionDenied):
        letters.proposal_letter_pdf(session=session, actor=scoped, proposal_id=pid)
    with pytest.raises(PermissionDenied):
        stories.draft_from_proposal(session=session, actor=scoped, proposal_id=pid)
    assert letters.proposal_letter_pdf(session=session, actor=people["staff"], proposal_id=pid).startswith(b"%PDF")


def test_a_proposal_of_their_own_college_is_theirs(session, campus, people, submit):
    scoped = people["cs_staff"]
    a, b = (
        submit(college_id=campus["cs"].id),
        submit(college_id=campus["cs"].id, description="计算机学院楼的饮水机坏了三天了。"),
    )
    p = proposals.create(
        session=session,
        actor=scoped,
        title="计算机学院楼设施维修",
        summary="饮水机和热水器都坏了,请后勤保障处尽快维修。",
        case_ids=[a.id, b.id],
    )
    assert [v.id for v in proposals.list_proposals(session=session, actor=scoped)] == [p.id]
    proposals.update_progress(session=session, actor=scoped, proposal_id=p.id, progress=30, milestone="已报修")
    assert proposals.get_view(session=session, actor=scoped, proposal_id=p.id).progress == 30
    assert len(proposals.linked_cases(session=session, actor=scoped, proposal_id=p.id)) == 2


def test_a_merge_that_fails_half_way_changes_nothing(session, campus, people, submit, monkeypatch):
    """Merging into a proposal is one unit of work: cases moved, events written and the
    proposal added all disappear when the last step fails."""
    from quanyi_app.core.db import session_scope
    from quanyi_app.core.notify.models import OutboundMessage
    from quanyi_app.proposals.models import Case, Proposal
    from tests.support.world import fail_at_audit, table_rows

    a = submit(anonymous=False, contact_email="a@example.cn")
    b = submit(description="二楼的饮水机坏了,一直漏水。")
    session.commit()
    tables = (Case, CaseEvent, Proposal, OutboundMessage)
    before = table_rows(session, *tables)
    fail_at_audit(monkeypatch, "proposal.create")
    with pytest.raises(RuntimeError), session_scope() as s:
        proposals.create(
            session=s,
            actor=people["staff"],
            title="宿舍设施维修",
            summary="热水器和饮水机都坏了,请后勤尽快维修。",
            case_ids=[a.id, b.id],
        )
    assert table_rows(session, *tables) == before
