"""Building a survey: its settings, its questions of every kind with one simple display rule,
reordering and duplicating, templates, copies; publishing and closing.

Questions freeze once answers exist: editing them is refused with a clear message, and staff make
a copy (a new version) instead, so every answer stays readable against the questions it answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from quanyi_app.core import audit, codes
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import local_str, parse_local
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.textclean import visible
from quanyi_app.surveys import strings
from quanyi_app.surveys.models import (
    QuestionKind,
    Survey,
    SurveyLink,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

K = QuestionKind
CHOICE_KINDS = (K.single.value, K.multi.value)
MAX_QUESTIONS = 60
MAX_OPTIONS = 20


def get_survey(session: Session, survey_id: int | None) -> Survey:
    survey = session.get(Survey, survey_id) if survey_id else None
    if survey is None:
        raise UserError(strings.SURVEY_NOT_FOUND)
    return survey


def questions(session: Session, survey_id: int) -> list[SurveyQuestion]:
    return list(
        session.exec(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey_id)
            .order_by(col(SurveyQuestion.position), col(SurveyQuestion.id))
        ).all()
    )


def answer_count(session: Session, survey_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(SurveyResponse).where(SurveyResponse.survey_id == survey_id)
    ).one()


def _editable(session: Session, actor: Principal, survey_id: int | None) -> Survey:
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    if answer_count(session, survey.id):
        raise UserError(strings.FROZEN)
    return survey


# ---- the survey itself ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyForm:
    title: str
    intro: str = ""
    thanks: str = ""
    opens: str = ""
    closes: str = ""
    target: int | None = 0
    ask_student_no: bool = False
    public_results: bool = False


def _settings(form: SurveyForm) -> dict:
    title, intro, thanks = visible(form.title), visible(form.intro), visible(form.thanks)
    if not 2 <= len(title) <= 80:
        raise UserError(strings.TITLE_LENGTH)
    if len(intro) > 2000 or len(thanks) > 500:
        raise UserError(strings.INTRO_LENGTH)
    opens = parse_local(form.opens) if (form.opens or "").strip() else None
    closes = parse_local(form.closes) if (form.closes or "").strip() else None
    if ((form.opens or "").strip() and opens is None) or ((form.closes or "").strip() and closes is None):
        raise UserError(strings.WHEN_INVALID)
    if opens and closes and closes <= opens:
        raise UserError(strings.WHEN_INVALID)
    if form.target is None or not 0 <= form.target <= 100000:
        raise UserError(strings.TARGET_RANGE)
    return dict(
        title=title,
        intro=intro,
        thanks=thanks,
        opens_at=opens,
        closes_at=closes,
        target=form.target,
        ask_student_no=form.ask_student_no,
        public_results=form.public_results,
    )


def create_survey(*, session: Session, actor: Principal, form: SurveyForm, template: str = "") -> Survey:
    require(actor, Perm.SURVEY_MANAGE)
    survey = Survey(
        code=codes.unique_code(session, Survey.code, length=codes.QR_CODE_LENGTH),
        created_by_id=actor.user_id,
        template=template,
        **_settings(form),
    )
    session.add(survey)
    session.flush()
    audit.record(
        session=session, action="survey.create", actor_id=actor.user_id, target_type="survey", target_id=survey.id
    )
    return survey


def edit_settings(*, session: Session, actor: Principal, survey_id: int | None, form: SurveyForm) -> Survey:
    """Title, texts, times, target and the results switch stay editable after answers arrive; asking
    for student numbers does not (earlier answers would lack them)."""
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    values = _settings(form)
    if values["ask_student_no"] != survey.ask_student_no and answer_count(session, survey.id):
        raise UserError(strings.FROZEN)
    for name, value in values.items():
        setattr(survey, name, value)
    session.add(survey)
    return survey


def publish(*, session: Session, actor: Principal, survey_id: int | None) -> Survey:
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    if survey.status == SurveyStatus.open.value:
        raise UserError(strings.ALREADY_OPEN)
    if not [q for q in questions(session, survey.id) if q.kind != K.section.value]:
        raise UserError(strings.NO_QUESTIONS)
    survey.status = SurveyStatus.open.value
    if survey.opens_at is None:
        survey.opens_at = utcnow()
    session.add(survey)
    audit.record(
        session=session, action="survey.publish", actor_id=actor.user_id, target_type="survey", target_id=survey.id
    )
    return survey


def close(*, session: Session, actor: Principal, survey_id: int | None) -> Survey:
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    survey.status = SurveyStatus.closed.value
    survey.closes_at = min(survey.closes_at or utcnow(), utcnow())
    session.add(survey)
    return survey


def state_of(survey: Survey, now: datetime | None = None) -> str:
    """'draft', 'before', 'open' or 'closed' (answering)."""
    now = now or utcnow()
    if survey.status == SurveyStatus.draft.value:
        return "draft"
    if survey.status == SurveyStatus.closed.value or (survey.closes_at and now >= survey.closes_at):
        return "closed"
    if survey.opens_at and now < survey.opens_at:
        return "before"
    return "open"


def staff_surveys(*, session: Session, actor: Principal) -> list[Survey]:
    require(actor, Perm.SURVEY_MANAGE)
    return list(session.exec(select(Survey).order_by(col(Survey.id).desc())).all())


def public_surveys(*, session: Session) -> list[Survey]:
    """Published surveys, newest first (drafts are never public)."""
    return list(
        session.exec(
            select(Survey).where(Survey.status != SurveyStatus.draft.value).order_by(col(Survey.id).desc())
        ).all()
    )


def when_label(survey: Survey) -> str:
    if survey.closes_at:
        return strings.CLOSES_AT.format(when=local_str(survey.closes_at))
    return ""


# ---- questions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionForm:
    kind: str
    title: str
    help: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)  # choice labels, or a matrix's scale
    rows: list[str] = field(default_factory=list)  # a matrix's rows
    allow_other: bool = False
    min_choices: int | None = 0
    max_choices: int | None = 0
    min_value: float | None = None
    max_value: float | None = None
    show_if_question_id: int | None = None
    show_if_option_id: int | None = None


def _labels(raw: list[str], message: str) -> list[str]:
    labels = [visible(x) for x in raw if visible(x)]
    if len(labels) != len(set(labels)) or any(len(x) > 80 for x in labels):
        raise UserError(message)
    return labels


def _with_ids(labels: list[str], before: list[dict]) -> list[dict]:
    """Options keep their ids when a label stays (so display rules and answers keep pointing at them)."""
    known = {o["label"]: o["id"] for o in before}
    next_id = max([o["id"] for o in before] or [0]) + 1
    out = []
    for label in labels:
        if label in known:
            out.append({"id": known[label], "label": label})
        else:
            out.append({"id": next_id, "label": label})
            next_id += 1
    return out


def _apply(session: Session, q: SurveyQuestion, form: QuestionForm) -> None:
    if form.kind not in {k.value for k in QuestionKind}:
        raise UserError(strings.KIND_INVALID)
    title, help_text = visible(form.title), visible(form.help)
    if not 1 <= len(title) <= 200:
        raise UserError(strings.Q_TITLE_LENGTH)
    if len(help_text) > 500:
        raise UserError(strings.Q_HELP_LENGTH)
    before_options, before_rows = list(q.options or []), list(q.rows or [])
    q.kind, q.title, q.help = form.kind, title, help_text
    q.required = form.required and form.kind != K.section.value
    q.options, q.rows, q.allow_other = [], [], False
    q.min_choices = q.max_choices = 0
    q.min_value = q.max_value = None
    if form.kind in CHOICE_KINDS or form.kind == K.matrix.value:
        labels = _labels(form.options, strings.OPTIONS_INVALID)
        if not 2 <= len(labels) <= MAX_OPTIONS:
            raise UserError(strings.OPTIONS_INVALID)
        q.options = _with_ids(labels, before_options)
    if form.kind == K.single.value:
        q.allow_other = form.allow_other
    if form.kind == K.multi.value:
        lo, hi = form.min_choices or 0, form.max_choices or 0
        if lo < 0 or hi < 0 or (hi and lo > hi) or hi > len(q.options) or lo > len(q.options):
            raise UserError(strings.CHOICES_RANGE)
        q.min_choices, q.max_choices = lo, hi
    if form.kind == K.matrix.value:
        rows = _labels(form.rows, strings.ROWS_INVALID)
        if not 1 <= len(rows) <= MAX_OPTIONS:
            raise UserError(strings.ROWS_INVALID)
        q.rows = _with_ids(rows, before_rows)
    if form.kind == K.number.value:
        if form.min_value is not None and form.max_value is not None and form.min_value > form.max_value:
            raise UserError(strings.NUMBER_RANGE)
        q.min_value, q.max_value = form.min_value, form.max_value
    _rule(session, q, form.show_if_question_id, form.show_if_option_id)


def _rule(session: Session, q: SurveyQuestion, qid: int | None, oid: int | None) -> None:
    """Show ``q`` only when an earlier choice question's answer is (or includes) an option."""
    if not qid:
        q.show_if_question_id = q.show_if_option_id = None
        return
    other = session.get(SurveyQuestion, qid)
    if other is None or other.survey_id != q.survey_id or other.kind not in CHOICE_KINDS:
        raise UserError(strings.RULE_INVALID)
    if q.id is not None and (other.id == q.id or (other.position, other.id) >= (q.position, q.id)):
        raise UserError(strings.RULE_ORDER)
    if oid not in {o["id"] for o in other.options}:
        raise UserError(strings.RULE_INVALID)
    q.show_if_question_id, q.show_if_option_id = other.id, oid


def add_question(*, session: Session, actor: Principal, survey_id: int | None, form: QuestionForm) -> SurveyQuestion:
    survey = _editable(session, actor, survey_id)
    existing = questions(session, survey.id)
    if len(existing) >= MAX_QUESTIONS:
        raise UserError(strings.TOO_MANY_QUESTIONS.format(n=MAX_QUESTIONS))
    q = SurveyQuestion(
        survey_id=survey.id, position=(existing[-1].position + 1) if existing else 1, kind=form.kind, title=""
    )
    _apply(session, q, form)
    session.add(q)
    session.flush()
    return q


def _question(session: Session, actor: Principal, question_id: int | None) -> SurveyQuestion:
    require(actor, Perm.SURVEY_MANAGE)
    q = session.get(SurveyQuestion, question_id) if question_id else None
    if q is None:
        raise UserError(strings.QUESTION_NOT_FOUND)
    _editable(session, actor, q.survey_id)
    return q


def edit_question(*, session: Session, actor: Principal, question_id: int | None, form: QuestionForm) -> SurveyQuestion:
    q = _question(session, actor, question_id)
    _apply(session, q, form)
    session.add(q)
    return q


def remove_question(*, session: Session, actor: Principal, question_id: int | None) -> None:
    q = _question(session, actor, question_id)
    for dependent in session.exec(select(SurveyQuestion).where(SurveyQuestion.show_if_question_id == q.id)).all():
        dependent.show_if_question_id = dependent.show_if_option_id = None
        session.add(dependent)
    session.delete(q)
    session.flush()


def duplicate_question(*, session: Session, actor: Principal, question_id: int | None) -> SurveyQuestion:
    q = _question(session, actor, question_id)
    rest = [x for x in questions(session, q.survey_id) if (x.position, x.id) > (q.position, q.id)]
    for x in rest:
        x.position += 1
        session.add(x)
    copy = SurveyQuestion(**q.model_dump(exclude={"id"}))
    copy.position = q.position + 1
    session.add(copy)
    session.flush()
    return copy


def move_question(*, session: Session, actor: Principal, question_id: int | None, up: bool) -> None:
    """Move a question one place up or down; a display rule never ends up before its condition."""
    q = _question(session, actor, question_id)
    every = questions(session, q.survey_id)
    i = next(n for n, x in enumerate(every) if x.id == q.id)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(every):
        return
    other = every[j]
    first, second = (other, q) if up else (q, other)  # after the swap, ``second`` comes first
    if second.show_if_question_id == first.id:
        raise UserError(strings.RULE_ORDER)
    every[i], every[j] = every[j], every[i]
    for n, x in enumerate(every, start=1):
        x.position = n
        session.add(x)
    session.flush()


# ---- links, templates, copies -----------------------------------------------------------------------


def add_link(
    *,
    session: Session,
    actor: Principal,
    survey_id: int | None,
    label: str,
    building_id: int | None,
    college_id: int | None,
) -> SurveyLink:
    require(actor, Perm.SURVEY_MANAGE)
    survey = get_survey(session, survey_id)
    label = visible(label)
    if not 1 <= len(label) <= 64:
        raise UserError(strings.LINK_LABEL)
    if not building_id and not college_id:
        raise UserError(strings.LINK_TAG)
    link = SurveyLink(
        survey_id=survey.id,
        code=codes.unique_code(session, SurveyLink.code, length=codes.QR_CODE_LENGTH),
        label=label,
        building_id=building_id or None,
        college_id=college_id or None,
    )
    session.add(link)
    session.flush()
    return link


def links(session: Session, survey_id: int) -> list[SurveyLink]:
    return list(
        session.exec(select(SurveyLink).where(SurveyLink.survey_id == survey_id).order_by(col(SurveyLink.id))).all()
    )


def copy_survey(*, session: Session, actor: Principal, survey_id: int | None) -> Survey:
    """A new draft with the same settings and questions (a new version once answers froze it)."""
    require(actor, Perm.SURVEY_MANAGE)
    source = get_survey(session, survey_id)
    copy = Survey(
        **source.model_dump(exclude={"id", "code", "status", "created_at", "created_by_id", "copied_from_id"}),
        code=codes.unique_code(session, Survey.code, length=codes.QR_CODE_LENGTH),
        copied_from_id=source.id,
        created_by_id=actor.user_id,
    )
    copy.title = strings.COPY_TITLE.format(title=source.title)[:80]
    session.add(copy)
    session.flush()
    ids: dict[int, int] = {}
    for q in questions(session, source.id):
        new = SurveyQuestion(**q.model_dump(exclude={"id", "survey_id"}), survey_id=copy.id)
        new.show_if_question_id = ids.get(q.show_if_question_id) if q.show_if_question_id else None
        session.add(new)
        session.flush()
        ids[q.id] = new.id
    return copy


def from_template(*, session: Session, actor: Principal, key: str) -> Survey:
    from quanyi_app.surveys.templates_data import TEMPLATES

    require(actor, Perm.SURVEY_MANAGE)
    spec = TEMPLATES.get(key)
    if spec is None:
        raise UserError(strings.TEMPLATE_UNKNOWN)
    survey = create_survey(
        session=session,
        actor=actor,
        form=SurveyForm(title=spec["title"], intro=spec["intro"], thanks=spec["thanks"], target=spec.get("target", 0)),
        template=key,
    )
    made: list[SurveyQuestion] = []
    for item in spec["questions"]:
        rule = item.get("show_if")  # (index of an earlier question, option label)
        qid = oid = None
        if rule is not None:
            cond = made[rule[0]]
            qid = cond.id
            oid = next(o["id"] for o in cond.options if o["label"] == rule[1])
        made.append(
            add_question(
                session=session,
                actor=actor,
                survey_id=survey.id,
                form=QuestionForm(
                    kind=item["kind"],
                    title=item["title"],
                    help=item.get("help", ""),
                    required=item.get("required", False),
                    options=item.get("options", []),
                    rows=item.get("rows", []),
                    allow_other=item.get("allow_other", False),
                    max_choices=item.get("max_choices", 0),
                    show_if_question_id=qid,
                    show_if_option_id=oid,
                ),
            )
        )
    return survey
