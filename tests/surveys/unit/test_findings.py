"""What surveys lead to: a finding becomes a proposal linked both ways; the satisfaction month in
one click; the report PDF (real text, vector bars) and the poster; the staff routes."""

from __future__ import annotations

import io
import subprocess

import pytest
import zxingcpp
from openpyxl import load_workbook
from starlette.testclient import TestClient

from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.campustime import campus_today
from quanyi_app.core.errors import PermissionDenied
from quanyi_app.proposals.services import proposals
from quanyi_app.surveys import strings
from quanyi_app.surveys.services import build, documents, findings
from tests.conftest import wired_api
from tests.support.pdf import rasterise
from tests.support.world import PASSWORD
from tests.surveys.conftest import fields_for, send


def test_a_finding_becomes_a_proposal_linked_both_ways(session, survey, campus, people):
    for n in range(3):
        send(session, survey, fields_for(survey, campus), device=f"p{n}")
    f = findings.to_proposal(
        session=session,
        actor=people["staff"],
        survey_id=survey["survey"].id,
        question_id=survey["q"][6].id,
        title="二食堂满意度偏低",
        summary="食堂问卷显示二食堂的满意度明显低于一食堂,建议饮食服务中心改进。",
        office_id=campus["logistics"].id,
    )
    view = proposals.get_view(session=session, actor=people["staff"], proposal_id=f.proposal_id)
    assert (
        view.origin == "来自问卷《食堂问卷》,3 份答卷"
        and view.origin_href == f"/staff/surveys/{survey['survey'].id}/results"
    )
    assert view.case_count == 0 and f.responses == 3
    (row,) = findings.of_survey(session=session, survey_id=survey["survey"].id)
    assert row.title == "二食堂满意度偏低" and row.href == f"/staff/proposals/{f.proposal_id}"
    with pytest.raises(PermissionDenied):
        findings.to_proposal(
            session=session,
            actor=people["office"],
            survey_id=survey["survey"].id,
            question_id=None,
            title="不行",
            summary="没有权限的人不能提交提案。",
            office_id=None,
        )


def test_the_satisfaction_month_in_one_click(session, campus, people):
    s = findings.satisfaction_month(session=session, actor=people["staff"])
    today = campus_today()
    assert s.title == f"{today.year}年{today.month}月 权益部服务满意度抽查" and build.state_of(s) == "open"
    assert s.template == "satisfaction" and len(build.questions(session, s.id)) == 7


def test_the_report_and_the_poster(session, survey, campus, people, tmp_path):
    for n in range(2):
        send(session, survey, fields_for(survey, campus), device=f"p{n}")
    pdf = documents.report_pdf(session=session, actor=people["staff"], survey_id=survey["survey"].id)
    (tmp_path / "r.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    assert "《食堂问卷》调查报告" in text and "最常去的食堂" in text and "2 份答卷" in text
    poster = documents.poster_pdf(
        session=session, actor=people["staff"], survey_id=survey["survey"].id, public_url="https://q.example.cn"
    )
    codes = [r.text for im in rasterise(poster, tmp_path, dpi=100) for r in zxingcpp.read_barcodes(im)]
    assert codes == [f"https://q.example.cn/q/{survey['survey'].code}"]
    with pytest.raises(PermissionDenied):
        documents.report_pdf(session=session, actor=people["office"], survey_id=survey["survey"].id)


def test_staff_routes(session, survey, campus, people):
    send(session, survey, fields_for(survey, campus))
    session.commit()
    client = TestClient(wired_api())
    sid = survey["survey"].id
    assert client.get(f"/api/surveys/{sid}/export.xlsx").status_code == 401
    token, _ = accounts.login(session=session, username="staffer", password=PASSWORD)
    session.commit()
    client.cookies.set(cookies.SESSION_COOKIE, token)
    xlsx = client.get(f"/api/surveys/{sid}/export.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "最常去的食堂" in rows[0]
    csv = client.get(f"/api/surveys/{sid}/export.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    bad = client.get(f"/api/surveys/{sid}/export.pdf")
    assert bad.status_code == 404 and bad.text == strings.EXPORT_KIND
    assert client.get(f"/api/surveys/{sid}/report.pdf").content.startswith(b"%PDF")


def test_satisfaction_checks_beside_case_ratings_by_month(session, campus, people, submit):
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.surveys.services import answer

    check = findings.satisfaction_month(session=session, actor=people["staff"])
    qs = build.questions(session, check.id)
    college, grade, asked, result, speed, nps = (q for q in qs[:6])
    reported = asked.options[0]["id"]  # 反映过
    for n, (a, b) in enumerate([(5, 4), (3, 2)]):
        answer.submit(
            answer.Submission(
                code=check.code,
                fields={
                    f"q{college.id}": [str(campus["cs"].id)],
                    f"q{grade.id}": ["大一"],
                    f"q{asked.id}": [str(reported)],
                    f"q{result.id}": [str(a)],
                    f"q{speed.id}": [str(b)],
                    f"q{nps.id}": ["8"],
                },
                submit_key=f"{n}" * 32,
                device=f"sat-{n}",
            ),
            session=session,
            secret="s" * 40,
        )
    case = submit()
    case.rating, case.rated_at = 4, utcnow()
    session.add(case)
    session.flush()
    this_month, *older = findings.satisfaction_by_month(session=session, actor=people["staff"])
    assert (this_month.surveys, this_month.survey_mean, this_month.cases, this_month.case_mean) == (2, 3.5, 1, 4.0)
    assert len(older) == 5 and older[0].surveys == 0
    with pytest.raises(PermissionDenied):
        findings.satisfaction_by_month(session=session, actor=people["office"])


def test_the_proposal_carries_the_report(session, survey, campus, people):
    f = findings.to_proposal(
        session=session,
        actor=people["staff"],
        survey_id=survey["survey"].id,
        question_id=None,
        title="食堂问题汇总",
        summary="根据问卷结果整理的食堂问题,请饮食服务中心研究。",
        office_id=None,
    )
    view = proposals.get_view(session=session, actor=people["staff"], proposal_id=f.proposal_id)
    assert view.origin_doc_href == f"/api/surveys/{survey['survey'].id}/report.pdf"
