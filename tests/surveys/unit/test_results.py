"""Results: counts and completion, bars, rating distribution and mean, the NPS score, matrix
rows, free text for staff only, public results without small cells, the cross-tab, filters,
and the CSV/XLSX exports read back (formula injection defused)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.surveys import strings
from quanyi_app.surveys.services import build, results
from tests.surveys.conftest import fields_for, send


@pytest.fixture
def answered(session, survey, campus):
    q = survey["q"]
    people_said = [  # (choice, rating, nps, text)
        ("一食堂", "5", "10", "很好"),
        ("一食堂", "4", "9", '=HYPERLINK("http://evil")'),
        ("二食堂", "2", "3", "太贵"),
        ("一食堂", "5", "7", ""),
    ]
    for n, (choice, rating, nps, text) in enumerate(people_said):
        extra = {f"q{q[7].id}": [nps]}
        if text:
            extra[f"q{q[9].id}"] = [text]
        extra[f"q{q[11].id}_r{q[11].rows[0]['id']}"] = [str(q[11].options[0 if n < 3 else 2]["id"])]
        send(
            session, survey, fields_for(survey, campus, choice=choice, rating=rating, why="近", **extra), device=f"p{n}"
        )
    session.commit()
    return survey


def by_title(r, title):
    return next(q for q in r.questions if q.title == title)


def test_staff_results(session, answered, people):
    r = results.results(session=session, actor=people["staff"], survey_id=answered["survey"].id)
    assert (r.responses, r.target, r.completion) == (4, 10, 0.4)
    canteen = by_title(r, "最常去的食堂")
    assert [(b.label, b.count) for b in canteen.bars] == [("一食堂", 3), ("二食堂", 1), ("其他", 0)]
    rating = by_title(r, "总体满意度")
    assert [b.count for b in rating.bars] == [0, 1, 0, 1, 2] and rating.mean == 4.0
    assert by_title(r, "推荐意愿").nps == 25  # 2 promoters, 1 detractor of 4
    label, row_bars, mean = by_title(r, "打分").rows[0]
    assert label == "口味" and [b.count for b in row_bars] == [3, 0, 1] and mean == 2.5
    assert sorted(by_title(r, "建议").texts) == sorted(["很好", '=HYPERLINK("http://evil")', "太贵"])
    with pytest.raises(PermissionDenied):
        results.results(session=session, actor=people["office"], survey_id=answered["survey"].id)


def test_public_results_hide_text_and_small_cells(session, answered, people):
    s = answered["survey"]
    with pytest.raises(UserError) as err:
        results.results(session=session, actor=None, survey_id=s.id, public=True)
    assert err.value.message == strings.RESULTS_NOT_PUBLIC
    build.edit_settings(
        session=session,
        actor=people["staff"],
        survey_id=s.id,
        form=build.SurveyForm(title=s.title, public_results=True),
    )
    r = results.results(session=session, actor=None, survey_id=s.id, public=True)
    canteen = by_title(r, "最常去的食堂")
    assert all(b.hidden for b in canteen.bars if 0 < b.count < 5)  # 3 and 1 answers: not shown
    assert by_title(r, "建议").texts == [] and by_title(r, "总体满意度").mean is None  # 4 answers: no mean either


def test_crosstab_by_single_choice_and_college(session, answered, people, campus):
    q = answered["q"]
    t = results.crosstab(
        session=session, actor=people["staff"], survey_id=answered["survey"].id, question_id=q[6].id, by=f"q{q[4].id}"
    )
    assert t.groups == ["一食堂", "二食堂"] and t.cells == [[0, 0, 0, 1, 2], [0, 1, 0, 0, 0]]
    t = results.crosstab(
        session=session, actor=people["staff"], survey_id=answered["survey"].id, question_id=q[4].id, by="college"
    )
    assert t.groups == ["计算机学院"] and t.cells == [[3, 1]]
    with pytest.raises(UserError):
        results.crosstab(
            session=session, actor=people["staff"], survey_id=answered["survey"].id, question_id=q[9].id, by="college"
        )


def test_exports_read_back_and_are_safe(session, answered, people):
    head, rows = results.table(session=session, actor=people["staff"], survey_id=answered["survey"].id)
    assert len(rows) == 4 and "最常去的食堂" in head and "打分 - 口味" in head
    col = head.index("建议")
    assert rows[1][col] == '\'=HYPERLINK("http://evil")'  # would be a live formula otherwise
    text = results.csv_bytes(head, rows).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0] == head and read[2][col].startswith("'=")
    book = load_workbook(io.BytesIO(results.xlsx_bytes("食堂问卷", head, rows)))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == head and len(values) == 5
    assert values[2][col] == '\'=HYPERLINK("http://evil")' and sheet.cell(row=3, column=col + 1).data_type == "s"
    assert [v[head.index("最常去的食堂")] for v in values[1:]] == ["一食堂", "一食堂", "二食堂", "一食堂"]


def test_picked_quotes_go_to_the_report_and_the_public_results(session, answered, people, tmp_path):
    import subprocess

    from quanyi_app.surveys.services import documents

    s, q = answered["survey"], answered["q"]
    r = results.results(session=session, actor=people["staff"], survey_id=s.id)
    advice = by_title(r, "建议")
    rid = advice.text_ids[advice.texts.index("太贵")]
    assert results.pick_quote(
        session=session, actor=people["staff"], survey_id=s.id, response_id=rid, question_id=q[9].id
    )
    with pytest.raises(UserError) as err:  # a rating is not a quote
        results.pick_quote(session=session, actor=people["staff"], survey_id=s.id, response_id=rid, question_id=q[6].id)
    assert err.value.message == strings.QUOTE_INVALID
    with pytest.raises(PermissionDenied):
        results.pick_quote(
            session=session, actor=people["office"], survey_id=s.id, response_id=rid, question_id=q[9].id
        )
    pdf = documents.report_pdf(session=session, actor=people["staff"], survey_id=s.id)
    (tmp_path / "r.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    assert "“太贵”" in text and "很好" not in text  # only the picked one
    build.edit_settings(
        session=session,
        actor=people["staff"],
        survey_id=s.id,
        form=build.SurveyForm(title=s.title, public_results=True),
    )
    public = results.results(session=session, actor=None, survey_id=s.id, public=True)
    assert by_title(public, "建议").quotes == ["太贵"] and by_title(public, "建议").texts == []
    assert not results.pick_quote(
        session=session, actor=people["staff"], survey_id=s.id, response_id=rid, question_id=q[9].id
    )
    assert by_title(results.results(session=session, actor=None, survey_id=s.id, public=True), "建议").quotes == []
