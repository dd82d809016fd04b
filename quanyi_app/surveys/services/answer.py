"""Answering a survey: the form's fields checked against the survey's own questions (a tampered
option or a question of another survey is refused), display rules applied, one response per
phone (by the server-issued device cookie) and, when asked, per student number; a retry with the
same key files one response. No IP address is stored."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from quanyi_app.core import codes
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str
from quanyi_app.core.contact import device_hash, mask_student_no
from quanyi_app.core.errors import UserError
from quanyi_app.core.strings import DEVICE_NEEDED
from quanyi_app.core.textclean import visible
from quanyi_app.surveys import strings
from quanyi_app.surveys.models import QuestionKind, Survey, SurveyLink, SurveyQuestion, SurveyResponse
from quanyi_app.surveys.services.build import questions, state_of
from quanyi_app.surveys.templates_data import GRADES

K = QuestionKind
TEXT_MAX = {K.text.value: 200, K.longtext.value: 2000}
OTHER_MAX = 200
STUDENT_NO_RE = re.compile(r"^[0-9A-Za-z]{6,20}$")


def by_code(session: Session, code: str) -> tuple[Survey, SurveyLink | None]:
    """The survey of a public link: its own code, or a tagged link's."""
    norm = codes.normalise(code)
    if not norm:
        raise UserError(strings.SURVEY_NOT_FOUND)
    survey = session.exec(select(Survey).where(Survey.code == norm)).first()
    if survey is not None:
        return survey, None
    link = session.exec(select(SurveyLink).where(SurveyLink.code == norm)).first()
    if link is None:
        raise UserError(strings.SURVEY_NOT_FOUND)
    return session.get(Survey, link.survey_id), link


def shown(q: SurveyQuestion, answers: dict[str, object]) -> bool:
    """Whether ``q`` is shown, given the answers so far (its display rule)."""
    if not q.show_if_question_id:
        return True
    given = answers.get(str(q.show_if_question_id))
    if isinstance(given, dict):
        return given.get("option") == q.show_if_option_id
    if isinstance(given, list):
        return q.show_if_option_id in given
    return False


@dataclass(frozen=True)
class Submission:
    code: str
    fields: dict[str, list[str]]  # form field -> values (a multi question posts several)
    submit_key: str
    device: str = ""
    student_no: str = ""


def _one(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name) or []
    return values[0].strip() if values else ""


def _ids(raw: list[str]) -> list[int]:
    try:
        return [int(x) for x in raw]
    except ValueError:
        raise UserError(strings.TAMPERED) from None


def _value(q: SurveyQuestion, fields: dict[str, list[str]], refs: dict[str, set]) -> object | None:
    """The stored value of one answer, or None when unanswered; UserError when invalid."""
    name = f"q{q.id}"
    raw = _one(fields, name)
    if q.kind == K.single.value:
        if not raw:
            return None
        if raw == "other" and q.allow_other:
            text = visible(_one(fields, f"{name}_other"))
            if not text:
                raise UserError(strings.OTHER_MISSING)
            if len(text) > OTHER_MAX:
                raise UserError(strings.TEXT_TOO_LONG.format(title=q.title, n=OTHER_MAX))
            return {"other": text}
        (oid,) = _ids([raw])
        if oid not in {o["id"] for o in q.options}:
            raise UserError(strings.TAMPERED)
        return {"option": oid}
    if q.kind == K.multi.value:
        chosen = sorted(set(_ids([x for x in fields.get(name, []) if x])))
        if not chosen:
            return None
        if set(chosen) - {o["id"] for o in q.options}:
            raise UserError(strings.TAMPERED)
        lo, hi = q.min_choices or 1, q.max_choices or len(q.options)
        if not lo <= len(chosen) <= hi:
            span = f"{lo}–{hi}" if lo != hi else str(lo)
            raise UserError(strings.CHOICES_COUNT.format(title=q.title, range=span))
        return chosen
    if q.kind in (K.rating.value, K.nps.value):
        if not raw:
            return None
        (n,) = _ids([raw])
        if not (1 <= n <= 5 if q.kind == K.rating.value else 0 <= n <= 10):
            raise UserError(strings.TAMPERED)
        return n
    if q.kind == K.number.value:
        if not raw:
            return None
        try:
            n = float(raw)
        except ValueError:
            n = math.nan
        lo, hi = q.min_value, q.max_value
        if math.isnan(n) or math.isinf(n) or (lo is not None and n < lo) or (hi is not None and n > hi):
            span = f"({lo:g}–{hi:g})" if lo is not None and hi is not None else ""
            raise UserError(strings.NUMBER_INVALID.format(title=q.title, range=span))
        return int(n) if n.is_integer() else n
    if q.kind in TEXT_MAX:
        text = visible(" ".join(fields.get(name, [])))
        if len(text) > TEXT_MAX[q.kind]:
            raise UserError(strings.TEXT_TOO_LONG.format(title=q.title, n=TEXT_MAX[q.kind]))
        return text or None
    if q.kind == K.matrix.value:
        out = {}
        scale = {o["id"] for o in q.options}
        for row in q.rows:
            cell = _one(fields, f"{name}_r{row['id']}")
            if cell:
                (oid,) = _ids([cell])
                if oid not in scale:
                    raise UserError(strings.TAMPERED)
                out[str(row["id"])] = oid
        if q.required and len(out) < len(q.rows):
            raise UserError(strings.REQUIRED_MISSING.format(title=q.title))
        return out or None
    if q.kind in (K.building.value, K.college.value):
        if not raw:
            return None
        (oid,) = _ids([raw])
        if oid not in refs[q.kind]:
            raise UserError(strings.TAMPERED)
        return oid
    if q.kind == K.grade.value:
        if not raw:
            return None
        if raw not in GRADES:
            raise UserError(strings.TAMPERED)
        return raw
    return None  # a section


def already_answered(session: Session, survey: Survey, *, secret: str, device: str) -> bool:
    """Whether this phone has answered this survey (the page says so before any typing)."""
    if not device:
        return False
    key = device_hash(secret, device)
    found = session.exec(
        select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id, SurveyResponse.device_key == key)
    ).first()
    return found is not None


@dataclass
class Filed:
    response: SurveyResponse
    survey: Survey
    again: bool = False  # the same key sent twice: the first response


def submit(sub: Submission, *, session: Session, secret: str) -> Filed:
    survey, link = by_code(session, sub.code)
    existing = session.exec(select(SurveyResponse).where(SurveyResponse.submit_key == (sub.submit_key or ""))).first()
    if existing is not None and existing.survey_id == survey.id:
        return Filed(existing, survey, again=True)
    state = state_of(survey)
    if state == "draft":
        raise UserError(strings.NOT_PUBLISHED)
    if state == "before":
        raise UserError(strings.NOT_OPEN_YET.format(when=local_str(survey.opens_at)))
    if state == "closed":
        raise UserError(strings.CLOSED)
    if not sub.device:
        raise UserError(DEVICE_NEEDED)
    if not 16 <= len(sub.submit_key or "") <= 64:
        raise UserError(strings.TAMPERED)
    if already_answered(session, survey, secret=secret, device=sub.device):
        raise UserError(strings.ALREADY_ANSWERED)
    qs = questions(session, survey.id)
    known = {f"q{q.id}" for q in qs}
    posted = {name.split("_", 1)[0] for name in sub.fields if name.startswith("q")}
    if posted - known:  # a field of another survey's question
        raise UserError(strings.TAMPERED)
    ref = campus.reference_lists(session=session, active_buildings_only=True)
    refs = {K.building.value: {b.id for b in ref.buildings}, K.college.value: {c.id for c in ref.colleges}}
    answers: dict[str, object] = {}
    for q in qs:
        if q.kind == K.section.value or not shown(q, answers):
            continue
        value = _value(q, sub.fields, refs)
        if value is None:
            if q.required:
                raise UserError(strings.REQUIRED_MISSING.format(title=q.title))
            continue
        answers[str(q.id)] = value
    student_key, masked = None, ""
    if survey.ask_student_no:
        number = (sub.student_no or "").strip().upper()
        if not STUDENT_NO_RE.match(number):
            raise UserError(strings.STUDENT_NO_INVALID)
        student_key = hmac.new(secret.encode(), f"survey:{survey.id}:{number}".encode(), hashlib.sha256).hexdigest()
        masked = mask_student_no(number)
    tags = _tags(qs, answers, link)
    response = SurveyResponse(
        survey_id=survey.id,
        submit_key=sub.submit_key,
        device_key=device_hash(secret, sub.device),
        student_key=student_key,
        student_masked=masked,
        link_id=link.id if link else None,
        answers=answers,
        **tags,
    )
    try:
        with session.begin_nested():
            session.add(response)
            session.flush()
    except IntegrityError as err:
        same_phone = session.exec(
            select(SurveyResponse).where(
                SurveyResponse.survey_id == survey.id, SurveyResponse.device_key == response.device_key
            )
        ).first()
        raise UserError(strings.ALREADY_ANSWERED if same_phone else strings.ALREADY_ANSWERED_STUDENT) from err
    return Filed(response, survey)


def _tags(qs: list[SurveyQuestion], answers: dict[str, object], link: SurveyLink | None) -> dict:
    """Where the answer comes from: the tagged link's building or college, else the pickers'."""
    out = {"building_id": None, "college_id": None, "grade": ""}
    for q in qs:
        value = answers.get(str(q.id))
        if value is None:
            continue
        if q.kind == K.building.value:
            out["building_id"] = value
        elif q.kind == K.college.value:
            out["college_id"] = value
        elif q.kind == K.grade.value:
            out["grade"] = value
    if link is not None:
        out["building_id"] = link.building_id or out["building_id"]
        out["college_id"] = link.college_id or out["college_id"]
    return out


@dataclass
class Form:
    """What the answer page shows of one question."""

    id: int
    kind: str
    title: str
    help: str
    required: bool
    options: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    allow_other: bool = False
    max_choices: int = 0
    min_value: float | None = None
    max_value: float | None = None
    show_if: str = ""  # "q<id>:<option id>" for the page's script
    number: int = 0  # its number among answerable questions


def form(session: Session, survey: Survey) -> list[Form]:
    ref = campus.reference_lists(session=session, active_buildings_only=True)
    picks = {
        K.building.value: [{"id": b.id, "label": b.name} for b in ref.buildings],
        K.college.value: [{"id": c.id, "label": c.name} for c in ref.colleges],
        K.grade.value: [{"id": g, "label": g} for g in GRADES],
    }
    out, n = [], 0
    for q in questions(session, survey.id):
        if q.kind != K.section.value:
            n += 1
        out.append(
            Form(
                id=q.id,
                kind=q.kind,
                title=q.title,
                help=q.help,
                required=q.required,
                options=picks.get(q.kind, q.options),
                rows=q.rows,
                allow_other=q.allow_other,
                max_choices=q.max_choices,
                min_value=q.min_value,
                max_value=q.max_value,
                show_if=f"q{q.show_if_question_id}:{q.show_if_option_id}" if q.show_if_question_id else "",
                number=n if q.kind != K.section.value else 0,
            )
        )
    return out
