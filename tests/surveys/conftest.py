"""Surveys' world: the demo campus, people, and a survey with one question of every kind."""

from __future__ import annotations

import uuid

import pytest

from quanyi_app.surveys.services import answer, build

SECRET = "s" * 40

EVERY_KIND = [
    dict(kind="section", title="关于你"),
    dict(kind="building", title="你住在哪栋楼?", required=True),
    dict(kind="college", title="学院", required=True),
    dict(kind="grade", title="年级"),
    dict(kind="single", title="最常去的食堂", required=True, options=["一食堂", "二食堂"], allow_other=True),
    dict(kind="multi", title="希望改进(最多 2 项)", options=["口味", "价格", "卫生"], max_choices=2),
    dict(kind="rating", title="总体满意度", required=True),
    dict(kind="nps", title="推荐意愿"),
    dict(kind="text", title="一句话"),
    dict(kind="longtext", title="建议"),
    dict(kind="number", title="每周几餐", min_value=0, max_value=21),
    dict(kind="matrix", title="打分", rows=["口味", "卫生"], options=["好", "一般", "差"]),
]


@pytest.fixture
def survey(session, campus, people):
    s = build.create_survey(session=session, actor=people["staff"], form=build.SurveyForm(title="食堂问卷", target=10))
    made = []
    for spec in EVERY_KIND:
        made.append(
            build.add_question(session=session, actor=people["staff"], survey_id=s.id, form=build.QuestionForm(**spec))
        )
    # A display rule: "为什么选二食堂" shown only when 二食堂 is chosen.
    second = next(o["id"] for o in made[4].options if o["label"] == "二食堂")
    made.append(
        build.add_question(
            session=session,
            actor=people["staff"],
            survey_id=s.id,
            form=build.QuestionForm(
                kind="text",
                title="为什么选二食堂",
                required=True,
                show_if_question_id=made[4].id,
                show_if_option_id=second,
            ),
        )
    )
    build.publish(session=session, actor=people["staff"], survey_id=s.id)
    session.commit()
    return {"survey": s, "q": made}


def fields_for(survey, campus, *, choice="一食堂", why="近", rating="4", **extra) -> dict[str, list[str]]:
    q = survey["q"]
    option = next(o["id"] for o in q[4].options if o["label"] == choice)
    out = {
        f"q{q[1].id}": [str(campus["dorm"].id)],
        f"q{q[2].id}": [str(campus["cs"].id)],
        f"q{q[3].id}": ["大二"],
        f"q{q[4].id}": [str(option)],
        f"q{q[6].id}": [rating],
        f"q{q[12].id}": [why],
    }
    out.update(extra)
    return out


def send(session, survey, fields, *, device="phone-1", key=None, code=None, student_no=""):
    return answer.submit(
        answer.Submission(
            code=code or survey["survey"].code,
            fields=fields,
            submit_key=key or uuid.uuid4().hex,
            device=device,
            student_no=student_no,
        ),
        session=session,
        secret=SECRET,
    )
