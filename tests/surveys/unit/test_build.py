"""Building a survey: every kind of question, options keeping their ids, display rules pointing
back only, reorder and duplicate, templates and copies, and questions frozen by answers."""

from __future__ import annotations

import pytest

from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.surveys import strings
from quanyi_app.surveys.models import SurveyQuestion
from quanyi_app.surveys.services import build
from tests.surveys.conftest import fields_for, send


def refused(message, fn, **kw):
    with pytest.raises(UserError) as err:
        fn(**kw)
    assert err.value.message == message


def test_every_kind_is_kept(session, survey):
    kinds = [q.kind for q in build.questions(session, survey["survey"].id)]
    assert kinds == [k["kind"] for k in __import__("tests.surveys.conftest", fromlist=["EVERY_KIND"]).EVERY_KIND] + [
        "text"
    ]
    matrix = survey["q"][11]
    assert [r["label"] for r in matrix.rows] == ["口味", "卫生"] and [o["label"] for o in matrix.options] == [
        "好",
        "一般",
        "差",
    ]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (dict(kind="single", title="只有一个选项", options=["是"]), strings.OPTIONS_INVALID),
        (dict(kind="single", title="重复选项", options=["是", "是"]), strings.OPTIONS_INVALID),
        (dict(kind="multi", title="选太多", options=["a", "b"], max_choices=3), strings.CHOICES_RANGE),
        (dict(kind="matrix", title="没有行", options=["好", "差"], rows=[]), strings.ROWS_INVALID),
        (dict(kind="number", title="范围反了", min_value=5, max_value=1), strings.NUMBER_RANGE),
        (dict(kind="poll", title="未知题型"), strings.KIND_INVALID),
        (dict(kind="text", title=""), strings.Q_TITLE_LENGTH),
    ],
)
def test_bad_questions_are_refused(session, campus, people, form, message):
    s = build.create_survey(session=session, actor=people["staff"], form=build.SurveyForm(title="测试"))
    refused(
        message,
        build.add_question,
        session=session,
        actor=people["staff"],
        survey_id=s.id,
        form=build.QuestionForm(**form),
    )
    assert build.questions(session, s.id) == []


def test_options_keep_their_ids_and_rules_point_back(session, campus, people):
    s = build.create_survey(session=session, actor=people["staff"], form=build.SurveyForm(title="测试"))
    a = build.add_question(
        session=session,
        actor=people["staff"],
        survey_id=s.id,
        form=build.QuestionForm(kind="single", title="A", options=["是", "否"]),
    )
    yes = a.options[0]["id"]
    build.edit_question(
        session=session,
        actor=people["staff"],
        question_id=a.id,
        form=build.QuestionForm(kind="single", title="A", options=["不确定", "是", "否"]),
    )
    assert {o["label"]: o["id"] for o in a.options}["是"] == yes  # kept: rules and answers still point at it
    b = build.add_question(
        session=session,
        actor=people["staff"],
        survey_id=s.id,
        form=build.QuestionForm(kind="text", title="B", show_if_question_id=a.id, show_if_option_id=yes),
    )
    refused(strings.RULE_ORDER, build.move_question, session=session, actor=people["staff"], question_id=b.id, up=True)
    refused(
        strings.RULE_INVALID,
        build.edit_question,
        session=session,
        actor=people["staff"],
        question_id=b.id,
        form=build.QuestionForm(kind="text", title="B", show_if_question_id=a.id, show_if_option_id=999),
    )
    c = build.duplicate_question(session=session, actor=people["staff"], question_id=a.id)
    assert [q.title for q in build.questions(session, s.id)] == ["A", "A", "B"] and c.options == a.options
    build.move_question(session=session, actor=people["staff"], question_id=b.id, up=True)  # above the copy: fine
    assert [q.id for q in build.questions(session, s.id)] == [a.id, b.id, c.id]
    build.remove_question(session=session, actor=people["staff"], question_id=a.id)
    session.refresh(b)
    assert b.show_if_question_id is None  # the rule went with its question
    with pytest.raises(PermissionDenied):
        build.add_question(
            session=session, actor=people["office"], survey_id=s.id, form=build.QuestionForm(kind="text", title="X")
        )


def test_answers_freeze_the_questions_and_a_copy_is_the_new_version(session, survey, campus, people):
    send(session, survey, fields_for(survey, campus))
    first = survey["q"][4]
    refused(
        strings.FROZEN,
        build.edit_question,
        session=session,
        actor=people["staff"],
        question_id=first.id,
        form=build.QuestionForm(kind="single", title="改", options=["甲", "乙"]),
    )
    refused(
        strings.FROZEN,
        build.add_question,
        session=session,
        actor=people["staff"],
        survey_id=survey["survey"].id,
        form=build.QuestionForm(kind="text", title="新题"),
    )
    refused(strings.FROZEN, build.remove_question, session=session, actor=people["staff"], question_id=first.id)
    copy = build.copy_survey(session=session, actor=people["staff"], survey_id=survey["survey"].id)
    assert copy.status == "draft" and copy.copied_from_id == survey["survey"].id and copy.code != survey["survey"].code
    copied = build.questions(session, copy.id)
    assert [q.title for q in copied] == [q.title for q in survey["q"]]
    rule = copied[-1]
    assert rule.show_if_question_id == copied[4].id  # the rule points inside the copy
    build.edit_question(
        session=session,
        actor=people["staff"],
        question_id=copied[4].id,
        form=build.QuestionForm(kind="single", title="改", options=["甲", "乙"]),
    )


def test_templates(session, campus, people):
    for key in ("satisfaction", "canteen", "online_teaching"):
        s = build.from_template(session=session, actor=people["staff"], key=key)
        qs = build.questions(session, s.id)
        assert len(qs) >= 6 and s.template == key
    sat = build.questions(session, build.from_template(session=session, actor=people["staff"], key="satisfaction").id)
    rated = next(q for q in sat if q.title == "对处理结果的满意程度")
    assert rated.show_if_question_id == sat[2].id
    refused(strings.TEMPLATE_UNKNOWN, build.from_template, session=session, actor=people["staff"], key="nope")
    assert session.get(SurveyQuestion, rated.id) is not None


def test_publishing_needs_questions_and_states(session, campus, people):
    s = build.create_survey(session=session, actor=people["staff"], form=build.SurveyForm(title="空问卷"))
    refused(strings.NO_QUESTIONS, build.publish, session=session, actor=people["staff"], survey_id=s.id)
    assert build.state_of(s) == "draft"
    refused(
        strings.WHEN_INVALID,
        build.create_survey,
        session=session,
        actor=people["staff"],
        form=build.SurveyForm(title="时间反了", opens="2026-12-10 10:00", closes="2026-12-01 10:00"),
    )


def test_demo_surveys(session, campus, people):
    from sqlmodel import select

    from quanyi_app import demo
    from quanyi_app.surveys.models import SurveyResponse
    from quanyi_app.surveys.services import results

    assert demo.load_demo_surveys(session=session, answers=60) == 60
    assert demo.load_demo_surveys(session=session) == 0  # once
    canteen, satisfaction = sorted(build.staff_surveys(session=session, actor=people["staff"]), key=lambda s: s.id)
    assert build.state_of(canteen) == "open" and canteen.public_results and build.state_of(satisfaction) == "draft"
    r = results.results(session=session, actor=None, survey_id=canteen.id, public=True)
    assert r.responses == 60 and next(q for q in r.questions if q.title == "总体满意度").answered == 60
    assert len({x.building_id for x in session.exec(select(SurveyResponse)).all()}) > 3  # spread over buildings
