"""The public survey pages: the answer page in the first HTML (every kind, the display rule's
data, no app bundle), answering with a thanks page, bad input said with the choices kept, a
second answer from the same phone refused, the list and the public results."""

from __future__ import annotations

import re

from sqlmodel import func, select
from starlette.testclient import TestClient

from quanyi_app.core.accounts import cookies
from quanyi_app.core.db import session_scope
from quanyi_app.surveys import strings
from quanyi_app.surveys.models import SurveyResponse
from quanyi_app.surveys.services import build
from tests.conftest import wired_api
from tests.surveys.conftest import fields_for


def phone() -> TestClient:
    client = TestClient(wired_api(), follow_redirects=False)
    client.cookies.set(cookies.DEVICE_COOKIE, cookies.new_device_cookie())
    return client


def form_data(survey, campus, key: str = "k" * 32, **kw) -> dict[str, list[str] | str]:
    return {"submit_key": key} | fields_for(survey, campus, **kw)


def test_the_answer_page(survey):
    page = phone().get(f"/q/{survey['survey'].code}").text
    assert "食堂问卷" in page and strings.ANONYMOUS_NOTE in page and '<script src="/survey.js"' in page
    assert page.count('class="card q"') == 12 and 'data-show-if="q' in page and 'type="checkbox"' in page
    assert "/_next/" not in page  # a plain page: no app bundle
    assert phone().get("/q/nosuchcode").status_code == 404


def test_answer_then_the_same_phone_is_refused(survey, campus):
    client = phone()
    r = client.post(f"/q/{survey['survey'].code}", data=form_data(survey, campus))
    assert r.status_code == 200, re.findall(r"survey-error\">([^<]*)", r.text)
    assert strings.THANKS_TITLE in r.text and 'data-draft-sent="survey-' in r.text
    again = client.post(f"/q/{survey['survey'].code}", data=form_data(survey, campus, key="z" * 32))
    assert again.status_code == 400 and strings.ALREADY_ANSWERED in again.text
    page = client.get(f"/q/{survey['survey'].code}").text  # the page says so before any typing
    assert strings.ALREADY_ANSWERED in page and "data-survey" not in page
    retry = client.post(f"/q/{survey['survey'].code}", data=form_data(survey, campus))  # the same key: no error
    assert retry.status_code == 200
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(SurveyResponse)).one() == 1


def test_a_missing_answer_keeps_the_choices(survey, campus):
    q = survey["q"]
    data = {k: v for k, v in form_data(survey, campus).items() if k != f"q{q[6].id}"}
    r = phone().post(f"/q/{survey['survey'].code}", data=data)
    assert r.status_code == 400 and strings.REQUIRED_MISSING.format(title="总体满意度") in r.text
    chosen = q[4].options[0]["id"]
    assert re.search(rf'name="q{q[4].id}" value="{chosen}" checked', r.text)  # the choice made is still there


def test_the_list_and_public_results(session, survey, campus, people):
    client = phone()
    listing = client.get("/surveys").text
    assert "食堂问卷" in listing and f"/q/{survey['survey'].code}" in listing
    assert client.get(f"/surveys/{survey['survey'].id}/results").status_code == 404
    s = survey["survey"]
    build.edit_settings(
        session=session,
        actor=people["staff"],
        survey_id=s.id,
        form=build.SurveyForm(title=s.title, public_results=True),
    )
    session.commit()
    for n in range(6):
        phone().post(f"/q/{s.code}", data=form_data(survey, campus, key=f"{n}" * 32))
    page = client.get(f"/surveys/{s.id}/results").text
    assert strings.RESULTS_COUNT.format(n=6) in page and 'class="bar"' in page and strings.RESULTS_PRIVATE in page
    assert "近" not in re.sub(r"<[^>]+>", "", page.split("<main")[1]).replace("最近", "")  # no free text
    assert strings.HOME_TITLE in client.get("/").text


def test_staff_preview_a_draft_and_nobody_else(session, campus, people):
    from quanyi_app.core.accounts import services as accounts
    from tests.support.world import PASSWORD

    draft = build.create_survey(session=session, actor=people["staff"], form=build.SurveyForm(title="草稿问卷"))
    build.add_question(
        session=session, actor=people["staff"], survey_id=draft.id, form=build.QuestionForm(kind="text", title="一道题")
    )
    session.commit()
    stranger = phone()
    assert strings.NOT_PUBLISHED in stranger.get(f"/q/{draft.code}?preview=1").text
    token, _ = accounts.login(session=session, username="staffer", password=PASSWORD)
    session.commit()
    staff = phone()
    staff.cookies.set(cookies.SESSION_COOKIE, token)
    page = staff.get(f"/q/{draft.code}?preview=1").text
    assert strings.PREVIEW_NOTE in page and "一道题" in page and re.search(r'type="submit" class="btn" disabled', page)
    sent = staff.post(f"/q/{draft.code}?preview=1", data={"submit_key": "p" * 32})
    assert sent.status_code == 404 and strings.NOT_PUBLISHED in sent.text  # a draft takes no answer
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(SurveyResponse)).one() == 0
