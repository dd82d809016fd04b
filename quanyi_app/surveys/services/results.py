"""A survey's results: counts and completion, a summary per question (bars for choices, a
distribution and mean for ratings, the NPS score), free text for staff, cross-tabulation by
building, college, grade or any single-choice question, filters by date and tagged link, and
the exports (CSV and XLSX, one row per response, safe against formula injection).

Public results never show free text, and never a cell with fewer than ``MIN_CELL`` answers.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, require
from quanyi_app.surveys import strings
from quanyi_app.surveys.models import QuestionKind, Survey, SurveyQuestion, SurveyResponse
from quanyi_app.surveys.services.build import get_survey, links, questions
from quanyi_app.surveys.templates_data import GRADES

K = QuestionKind
MIN_CELL = 5
CHART_KINDS = (K.single.value, K.multi.value, K.building.value, K.college.value, K.grade.value)


@dataclass
class Bar:
    label: str
    count: int
    share: float  # of those who answered the question (0–1)
    hidden: bool = False  # fewer than MIN_CELL answers, in public results


@dataclass
class QuestionResult:
    id: int
    kind: str
    title: str
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    nps: int | None = None
    median: float | None = None
    rows: list[tuple[str, list[Bar], float | None]] = field(default_factory=list)  # matrix
    texts: list[str] = field(default_factory=list)  # staff only
    text_ids: list[int] = field(default_factory=list)  # the response of each text (to pick quotes)
    quotes: list[str] = field(default_factory=list)  # the texts staff picked (public too)
    other: list[str] = field(default_factory=list)  # "其他" texts, staff only


@dataclass
class Results:
    survey: Survey
    responses: int
    target: int
    completion: float | None  # responses / target
    questions: list[QuestionResult]


@dataclass(frozen=True)
class Filter:
    since: datetime | None = None
    until: datetime | None = None
    link_id: int | None = None


def _filtered(query, survey_id: int, flt: Filter):
    q = query.where(SurveyResponse.survey_id == survey_id)
    if flt.since is not None:
        q = q.where(SurveyResponse.created_at >= flt.since)
    if flt.until is not None:
        q = q.where(SurveyResponse.created_at < flt.until)
    if flt.link_id:
        q = q.where(SurveyResponse.link_id == flt.link_id)
    return q.order_by(col(SurveyResponse.id))


def _responses(session: Session, survey_id: int, flt: Filter) -> list[SurveyResponse]:
    return list(session.exec(_filtered(select(SurveyResponse), survey_id, flt)).all())


def _answers(session: Session, survey_id: int, flt: Filter) -> list[tuple[int, dict]]:
    """(response id, answers) only: the charts need nothing else, and no ORM objects (half the
    time of the results page over 3,000 answers went to building them)."""
    return [
        (rid, answers)
        for rid, answers in session.exec(_filtered(select(SurveyResponse.id, SurveyResponse.answers), survey_id, flt))
    ]


def _labels(session: Session, q: SurveyQuestion) -> list[tuple[object, str]]:
    """(stored value, label) of every choice, in order."""
    if q.kind in (K.single.value, K.multi.value):
        return [(o["id"], o["label"]) for o in q.options]
    ref = campus.reference_lists(session=session)
    if q.kind == K.building.value:
        return [(b.id, b.name) for b in ref.buildings]
    if q.kind == K.college.value:
        return [(c.id, c.name) for c in ref.colleges]
    return [(g, g) for g in GRADES]


def _bars(pairs: list[tuple[str, int]], answered: int, public: bool) -> list[Bar]:
    return [Bar(label, n, n / answered if answered else 0.0, hidden=public and 0 < n < MIN_CELL) for label, n in pairs]


def _summary(
    session: Session,
    q: SurveyQuestion,
    rows: list[tuple[int, dict]],
    public: bool,
    picked: set[tuple[int, int]],
    labels: dict[str, list[tuple[object, str]]],
) -> QuestionResult:
    key = str(q.id)
    values = [a.get(key) for _rid, a in rows]
    values = [v for v in values if v is not None]
    out = QuestionResult(id=q.id, kind=q.kind, title=q.title, answered=len(values))
    if q.kind in CHART_KINDS:
        counts: dict[object, int] = {}
        others = []
        for v in values:
            picked = v if isinstance(v, list) else [v.get("option") if isinstance(v, dict) else v]
            if isinstance(v, dict) and "other" in v:
                others.append(v["other"])
                picked = ["__other"]
            for p in picked:
                counts[p] = counts.get(p, 0) + 1
        pairs = [(label, counts.get(value, 0)) for value, label in labels.get(q.kind) or _labels(session, q)]
        if q.kind in (K.building.value, K.college.value, K.grade.value):
            pairs = [(label, n) for label, n in pairs if n]  # campus lists are long: only where answers came from
        if q.allow_other:
            pairs.append((strings.OTHER, counts.get("__other", 0)))
        out.bars = _bars(pairs, len(values), public)
        out.other = [] if public else others
    elif q.kind in (K.rating.value, K.nps.value):
        scale = range(1, 6) if q.kind == K.rating.value else range(0, 11)
        out.bars = _bars([(str(n), values.count(n)) for n in scale], len(values), public)
        if values and not (public and len(values) < MIN_CELL):
            out.mean = round(statistics.fmean(values), 2)
            if q.kind == K.nps.value:
                promoters = sum(v >= 9 for v in values)
                detractors = sum(v <= 6 for v in values)
                out.nps = round(100 * (promoters - detractors) / len(values))
    elif q.kind == K.number.value:
        if values and not (public and len(values) < MIN_CELL):
            out.mean, out.median = round(statistics.fmean(values), 2), statistics.median(values)
    elif q.kind == K.matrix.value:
        scale = [(o["id"], o["label"]) for o in q.options]
        for row in q.rows:
            cells = [v.get(str(row["id"])) for v in values if v.get(str(row["id"])) is not None]
            pairs = [(label, cells.count(oid)) for oid, label in scale]
            # The scale is written best first: its first point scores len(scale), the last 1.
            score = {oid: len(scale) - i for i, (oid, _label) in enumerate(scale)}
            mean = round(statistics.fmean(score[c] for c in cells), 2) if cells else None
            out.rows.append((row["label"], _bars(pairs, len(cells), public), mean))
    elif q.kind in (K.text.value, K.longtext.value):
        said = [(rid, str(a[key])) for rid, a in rows if a.get(key) is not None]
        out.quotes = [text for rid, text in said if (rid, q.id) in picked]
        if not public:
            out.texts, out.text_ids = [t for _r, t in said], [rid for rid, _t in said]
    return out


def results(
    *, session: Session, actor: Principal | None, survey_id: int | None, flt: Filter = Filter(), public: bool = False
) -> Results:
    """Staff see everything (``actor`` with survey.manage); the public, charts only when published."""
    survey = get_survey(session, survey_id)
    if public:
        if not survey.public_results or survey.status == "draft":
            raise UserError(strings.RESULTS_NOT_PUBLIC)
    else:
        require(actor, Perm.SURVEY_MANAGE)
    rows = _answers(session, survey.id, flt)
    qs = [q for q in questions(session, survey.id) if q.kind != K.section.value]
    picked = {(x.get("r"), x.get("q")) for x in survey.quotes or []}
    ref = campus.reference_lists(session=session)  # once, for every picker question
    labels = {
        K.building.value: [(b.id, b.name) for b in ref.buildings],
        K.college.value: [(c.id, c.name) for c in ref.colleges],
        K.grade.value: [(g, g) for g in GRADES],
    }
    return Results(
        survey=survey,
        responses=len(rows),
        target=survey.target,
        completion=round(len(rows) / survey.target, 3) if survey.target else None,
        questions=[_summary(session, q, rows, public, picked, labels) for q in qs],
    )


def pick_quote(
    *, session: Session, actor: Principal, survey_id: int | None, response_id: int, question_id: int
) -> bool:
    """Pick (or unpick) a free-text answer as a quote: it goes into the report, and into the
    public results when they are published. Returns whether it is picked now."""
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    response = session.get(SurveyResponse, response_id)
    q = session.get(SurveyQuestion, question_id)
    if (
        response is None
        or q is None
        or response.survey_id != survey.id
        or q.survey_id != survey.id
        or q.kind not in (K.text.value, K.longtext.value)
        or response.answers.get(str(q.id)) is None
    ):
        raise UserError(strings.QUOTE_INVALID)
    entry = {"r": response_id, "q": question_id}
    quotes = [x for x in survey.quotes or [] if x != entry]
    picked = len(quotes) == len(survey.quotes or [])
    survey.quotes = [*quotes, entry] if picked else quotes
    session.add(survey)
    return picked


# ---- cross-tabulation ----------------------------------------------------------------------------


@dataclass
class CrossTab:
    by: str  # building / college / grade / q<id>
    groups: list[str]
    columns: list[str]
    cells: list[list[int]]  # groups × columns
    totals: list[int]


def crosstab(
    *,
    session: Session,
    actor: Principal,
    survey_id: int | None,
    question_id: int | None,
    by: str,
    flt: Filter = Filter(),
) -> CrossTab:
    """How one question's answers split across buildings, colleges, grades or the options of a
    single-choice question."""
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    every = {q.id: q for q in questions(session, survey.id)}
    target = every.get(question_id or 0)
    if target is None or target.kind not in (*CHART_KINDS, K.rating.value, K.nps.value):
        raise UserError(strings.CROSSTAB_QUESTION)
    ref = campus.reference_lists(session=session)
    if by == "building":
        groups, key = [(b.id, b.name) for b in ref.buildings], lambda r: r.building_id
    elif by == "college":
        groups, key = [(c.id, c.name) for c in ref.colleges], lambda r: r.college_id
    elif by == "grade":
        groups, key = [(g, g) for g in GRADES], lambda r: r.grade
    else:
        split = every.get(int(by[1:]) if by.startswith("q") and by[1:].isdigit() else 0)
        if split is None or split.kind != K.single.value:
            raise UserError(strings.CROSSTAB_BY)
        groups = [(o["id"], o["label"]) for o in split.options]

        def key(r, sid=str(split.id)):
            v = r.answers.get(sid)
            return v.get("option") if isinstance(v, dict) else None

    if target.kind in (K.rating.value, K.nps.value):
        columns = [(n, str(n)) for n in (range(1, 6) if target.kind == K.rating.value else range(0, 11))]
    else:
        columns = _labels(session, target)
    index = {value: i for i, (value, _label) in enumerate(columns)}
    group_index = {value: i for i, (value, _label) in enumerate(groups)}
    cells = [[0] * len(columns) for _ in groups]
    for r in _responses(session, survey.id, flt):
        g = group_index.get(key(r))
        v = r.answers.get(str(target.id))
        if g is None or v is None:
            continue
        picked = v if isinstance(v, list) else [v.get("option") if isinstance(v, dict) else v]
        for p in picked:
            if p in index:
                cells[g][index[p]] += 1
    keep = [i for i, row in enumerate(cells) if any(row)]
    return CrossTab(
        by=by,
        groups=[groups[i][1] for i in keep],
        columns=[label for _v, label in columns],
        cells=[cells[i] for i in keep],
        totals=[sum(cells[i][j] for i in keep) for j in range(len(columns))],
    )


# ---- exports ----------------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> object:
    """A cell no spreadsheet will run: text starting like a formula is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table(
    *, session: Session, actor: Principal, survey_id: int | None, flt: Filter = Filter()
) -> tuple[list[str], list[list]]:
    """One row per response: when, link, building, college, grade, (student, masked), then one
    column per question (a matrix: one per row; a multi: its labels joined)."""
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    qs = [q for q in questions(session, survey.id) if q.kind != K.section.value]
    ref = campus.reference_lists(session=session)
    buildings = {b.id: b.name for b in ref.buildings}
    colleges = {c.id: c.name for c in ref.colleges}
    link_names = {x.id: x.label for x in links(session, survey.id)}
    head = [strings.COL_AT, strings.COL_LINK, strings.COL_BUILDING, strings.COL_COLLEGE, strings.COL_GRADE]
    if survey.ask_student_no:
        head.append(strings.COL_STUDENT)
    for q in qs:
        if q.kind == K.matrix.value:
            head += [f"{q.title} - {row['label']}" for row in q.rows]
        else:
            head.append(q.title)
    out = []
    for r in _responses(session, survey.id, flt):
        row: list = [
            local_str(r.created_at, "%Y-%m-%d %H:%M:%S"),
            link_names.get(r.link_id, ""),
            buildings.get(r.building_id, ""),
            colleges.get(r.college_id, ""),
            r.grade,
        ]
        if survey.ask_student_no:
            row.append(r.student_masked)
        for q in qs:
            v = r.answers.get(str(q.id))
            if q.kind == K.matrix.value:
                scale = {o["id"]: o["label"] for o in q.options}
                row += [scale.get((v or {}).get(str(x["id"])), "") for x in q.rows]
                continue
            row.append(_cell(q, v, buildings, colleges))
        out.append([safe(x) for x in row])
    return [safe(h) for h in head], out


def _cell(q: SurveyQuestion, v, buildings: dict, colleges: dict):
    if v is None:
        return ""
    labels = {o["id"]: o["label"] for o in q.options}
    if q.kind == K.single.value:
        return f"{strings.OTHER}:{v['other']}" if "other" in v else labels.get(v.get("option"), "")
    if q.kind == K.multi.value:
        return "、".join(labels.get(x, "") for x in v)
    if q.kind == K.building.value:
        return buildings.get(v, "")
    if q.kind == K.college.value:
        return colleges.get(v, "")
    return v


def csv_bytes(head: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel opens it as UTF-8


def xlsx_bytes(title: str, head: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=strings.SHEET_TITLE)
    ws.append(head)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
