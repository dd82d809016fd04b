"""Typical cases: anonymised, only from resolved work, photos published with them."""

from __future__ import annotations

import pytest

from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.proposals import strings
from quanyi_app.proposals.services import casework, proposals, stories
from tests.conftest import photo_fixture


def test_redact_removes_contact_data():
    text = "我是张三,电话13812345678,邮箱zhang.san@example.cn,学号2021123456,宿舍302。"
    out = stories.redact(text)
    assert "13812345678" not in out and "zhang.san@example.cn" not in out and "2021123456" not in out
    assert "宿舍302" in out  # short numbers stay


def test_publish_from_a_resolved_case(session, campus, people, submit, upload_dir):
    before = photos.store_photo(photo_fixture("gps_DSCN0010.jpg"), session=session)
    after = photos.store_photo(photo_fixture("gps_DSCN0021.jpg"), session=session)
    case = submit(description="三楼热水器坏了,联系我13812345678。", photo_ids=[before.id])
    with pytest.raises(UserError) as err:
        stories.draft_from_case(session=session, actor=people["staff"], case_id=case.id)
    assert err.value.message == strings.STORY_NOT_RESOLVED
    casework.resolve(session=session, actor=people["staff"], case_id=case.id)
    draft = stories.draft_from_case(session=session, actor=people["staff"], case_id=case.id)
    assert "13812345678" not in draft.problem and draft.before_photo_ids == [before.id]
    draft.title, draft.change = "三楼热水恢复了", "后勤更换了热水器,晚上可以正常洗澡。"
    story = stories.publish(session=session, actor=people["staff"], draft=draft, after_photo_ids=[after.id])
    public = stories.public_detail(session=session, story_id=story.id)
    assert public.before == [before.sha256] and public.after == [after.sha256]
    assert session.get(Photo, before.id).is_public and session.get(Photo, after.id).is_public
    assert [s.id for s in stories.public_list(session=session)] == [story.id]
    stories.unpublish(session=session, actor=people["staff"], story_id=story.id)
    assert stories.public_list(session=session) == []
    with pytest.raises(UserError):
        stories.public_detail(session=session, story_id=story.id)


def test_publish_from_a_resolved_proposal(session, campus, people, submit):
    p = proposals.create(
        session=session,
        actor=people["staff"],
        title="热水器提案",
        summary="多名同学反映热水器坏了。",
        case_ids=[submit().id],
    )
    with pytest.raises(UserError):
        stories.draft_from_proposal(session=session, actor=people["staff"], proposal_id=p.id)
    proposals.resolve(session=session, actor=people["staff"], proposal_id=p.id)
    draft = stories.draft_from_proposal(session=session, actor=people["staff"], proposal_id=p.id)
    assert draft.title == "热水器提案"


@pytest.mark.parametrize("who", ["inspector", "office"])
def test_only_staff_publish(session, people, submit, who):
    case = submit()
    casework.resolve(session=session, actor=people["staff"], case_id=case.id)
    with pytest.raises(PermissionDenied):
        stories.draft_from_case(session=session, actor=people[who], case_id=case.id)
    with pytest.raises(PermissionDenied):
        stories.publish(
            session=session,
            actor=people[who],
            draft=stories.Draft(title="标题标题", problem="x" * 20, change="改变了很多", case_id=case.id),
            after_photo_ids=[],
        )


def test_validation(session, people, submit):
    case = submit()
    for draft in (
        stories.Draft(title="短", problem="x" * 20, change="改变了很多", case_id=case.id),
        stories.Draft(title="一个标题", problem="短", change="改变了很多", case_id=case.id),
        stories.Draft(title="一个标题", problem="x" * 20, change="改变了很多"),
    ):
        with pytest.raises(UserError):
            stories.publish(session=session, actor=people["staff"], draft=draft, after_photo_ids=[])
