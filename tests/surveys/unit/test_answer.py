"""Answering: every kind checked, display rules, tampered ids refused, one response per phone or
student number, idempotent sends, closed and not-yet-open surveys, tags from links and pickers,
and no IP stored."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import func, select

from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.surveys import strings
from quanyi_app.surveys.models import SurveyResponse
from quanyi_app.surveys.services import build
from tests.surveys.conftest import fields_for, send


def refused(message, session, survey, fields, **kw):
    with pytest.raises(UserError) as err:
        send(session, survey, fields, **kw)
    assert err.value.message == message


def count(session) -> int:
    return session.exec(select(func.count()).select_from(SurveyResponse)).one()


def test_a_full_answer_is_stored_typed(session, survey, campus):
    q = survey["q"]
    fields = fields_for(
        survey,
        campus,
        choice="二食堂",
        why="离宿舍近",
        **{
            f"q{q[5].id}": [str(q[5].options[0]["id"]), str(q[5].options[2]["id"])],
            f"q{q[7].id}": ["9"],
            f"q{q[8].id}": ["还行"],
            f"q{q[10].id}": ["14"],
            f"q{q[11].id}_r{q[11].rows[0]['id']}": [str(q[11].options[0]["id"])],
        },
    )
    r = send(session, survey, fields).response
    assert r.answers[str(q[4].id)] == {"option": q[4].options[1]["id"]}
    assert r.answers[str(q[5].id)] == [q[5].options[0]["id"], q[5].options[2]["id"]]
    assert r.answers[str(q[6].id)] == 4 and r.answers[str(q[7].id)] == 9 and r.answers[str(q[10].id)] == 14
    assert r.answers[str(q[11].id)] == {str(q[11].rows[0]["id"]): q[11].options[0]["id"]}
    assert r.answers[str(q[12].id)] == "离宿舍近"
    assert (r.building_id, r.college_id, r.grade) == (campus["dorm"].id, campus["cs"].id, "大二")
    assert not any("ip" in c.lower() for c in SurveyResponse.model_fields)  # nothing to store an address in


def test_display_rules_hide_and_require_only_when_shown(session, survey, campus):
    q = survey["q"]
    hidden = send(session, survey, fields_for(survey, campus, choice="一食堂", why="写了也不算")).response
    assert str(q[12].id) not in hidden.answers  # not shown for 一食堂: ignored
    refused(
        strings.REQUIRED_MISSING.format(title="为什么选二食堂"),
        session,
        survey,
        fields_for(survey, campus, choice="二食堂", why=""),
        device="phone-2",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: {f"q{q[4].id}": ["99999"]}, strings.TAMPERED),  # an option of no question here
        (lambda q: {f"q{q[6].id}": ["7"]}, strings.TAMPERED),  # a rating out of 1–5
        (lambda q: {"q999999": ["1"]}, strings.TAMPERED),  # a question of another survey
        (lambda q: {f"q{q[3].id}": ["大九"]}, strings.TAMPERED),
        (lambda q: {f"q{q[5].id}": [str(o["id"]) for o in q[5].options]}, "「希望改进(最多 2 项)」请选择 1–2 项。"),
        (lambda q: {f"q{q[8].id}": ["字" * 201]}, strings.TEXT_TOO_LONG.format(title="一句话", n=200)),
        (lambda q: {f"q{q[10].id}": ["30"]}, "「每周几餐」请填写数字(0–21)。"),
        (lambda q: {f"q{q[10].id}": ["很多"]}, "「每周几餐」请填写数字(0–21)。"),
        (lambda q: {f"q{q[6].id}": []}, strings.REQUIRED_MISSING.format(title="总体满意度")),
        (lambda q: {f"q{q[4].id}": ["other"]}, strings.OTHER_MISSING),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(session, survey, campus, change, message):
    refused(message, session, survey, fields_for(survey, campus) | change(survey["q"]))
    assert count(session) == 0


def test_one_answer_per_phone_and_a_retry_files_once(session, survey, campus):
    key = uuid.uuid4().hex
    first = send(session, survey, fields_for(survey, campus), key=key)
    again = send(session, survey, fields_for(survey, campus), key=key)
    assert again.again and again.response.id == first.response.id
    refused(strings.ALREADY_ANSWERED, session, survey, fields_for(survey, campus))
    send(session, survey, fields_for(survey, campus), device="phone-2")
    refused(
        "请刷新页面后再提交(已填写的内容会保留)。若仍不行,请允许本站使用 Cookie:我们用它识别这台手机,防止刷屏。",
        session,
        survey,
        fields_for(survey, campus),
        device="",
    )
    assert count(session) == 2


def test_student_numbers_when_asked(session, survey, campus, people):
    s = survey["survey"]
    build.edit_settings(
        session=session,
        actor=people["staff"],
        survey_id=s.id,
        form=build.SurveyForm(title=s.title, ask_student_no=True),
    )
    refused(strings.STUDENT_NO_INVALID, session, survey, fields_for(survey, campus))
    r = send(session, survey, fields_for(survey, campus), student_no="2023123456").response
    assert r.student_masked == "20****56" and "2023123456" not in repr(r.model_dump())
    refused(
        strings.ALREADY_ANSWERED_STUDENT,
        session,
        survey,
        fields_for(survey, campus),
        device="phone-2",
        student_no="2023123456",
    )
    with pytest.raises(UserError) as err:  # answers exist: numbers can no longer be switched off
        build.edit_settings(
            session=session, actor=people["staff"], survey_id=s.id, form=build.SurveyForm(title=s.title)
        )
    assert err.value.message == strings.FROZEN


def test_closed_and_not_yet_open(session, survey, campus, people):
    s = survey["survey"]
    s.opens_at = utcnow() + timedelta(days=1)
    session.add(s)
    with pytest.raises(UserError) as err:
        send(session, survey, fields_for(survey, campus))
    assert err.value.message.startswith("问卷还没有开始")
    s.opens_at = utcnow() - timedelta(days=1)
    build.close(session=session, actor=people["staff"], survey_id=s.id)
    refused(strings.CLOSED, session, survey, fields_for(survey, campus))
    draft = build.create_survey(session=session, actor=people["staff"], form=build.SurveyForm(title="草稿"))
    with pytest.raises(UserError) as err:
        send(session, survey, fields_for(survey, campus), code=draft.code)
    assert err.value.message == strings.NOT_PUBLISHED


def test_a_tagged_link_tags_the_answer(session, survey, campus, people):
    link = build.add_link(
        session=session,
        actor=people["staff"],
        survey_id=survey["survey"].id,
        label="法学院",
        building_id=None,
        college_id=campus["law"].id,
    )
    r = send(session, survey, fields_for(survey, campus), code=link.code).response
    assert r.link_id == link.id and r.college_id == campus["law"].id  # the link's tag wins over the picker
    with pytest.raises(UserError) as err:
        build.add_link(
            session=session,
            actor=people["staff"],
            survey_id=survey["survey"].id,
            label="无标签",
            building_id=None,
            college_id=None,
        )
    assert err.value.message == strings.LINK_TAG
