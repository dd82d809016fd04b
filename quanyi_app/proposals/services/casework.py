"""Staff side of cases: the inbox, case detail, and every triage action.

Scopes (校-院-班): a staff user with a ``college_id`` sees and acts only on cases routed to
that college; admins and unscoped staff see everything. Every function takes the checked
``Principal`` and re-checks role and scope itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit, textsearch
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.models import User
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Building, College, Office
from quanyi_app.core.contact import mask_email, mask_phone, mask_student_no
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, college_scope, grants, require, roles_with
from quanyi_app.core.photos.services import publish_photos
from quanyi_app.core.textclean import visible
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case, CaseEvent, CaseStatus, Category, Proposal, ReplyTemplate
from quanyi_app.proposals.services.cases import CLOSED_STATUSES, OPEN_STATUSES, add_event, event_title

PAGE_SIZE = 30
REASON_MAX = 500


def _scoped(query, actor: Principal):
    """Only the cases of the caller's college, for college-scoped staff."""
    mine = college_scope(actor)
    return query if mine is None else query.where(Case.college_id == mine)


def get_case(*, session: Session, actor: Principal | None, case_id: int) -> Case:
    require(actor, Perm.CASE_TRIAGE)
    case = session.get(Case, case_id)
    if case is None:
        raise UserError(strings.CASE_NOT_FOUND)
    require(actor, Perm.CASE_TRIAGE, college=case.college_id)
    return case


# ---- inbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilter:
    status: str = ""  # "", "open", or a CaseStatus value
    category_id: int | None = None
    building_id: int | None = None
    college_id: int | None = None
    overdue: bool = False
    keyword: str = ""
    page: int = 0


@dataclass(frozen=True)
class InboxRow:
    id: int
    tracking_code: str
    status: str
    category: str
    building: str
    excerpt: str
    created_at: datetime
    overdue: bool
    proposal_id: int | None


def _overdue_clause(now: datetime):
    return or_(
        and_(
            col(Case.first_response_at).is_(None), Case.first_response_due_at < now, col(Case.status).in_(OPEN_STATUSES)
        ),
        and_(Case.status == CaseStatus.forwarded.value, col(Case.office_due_at).is_not(None), Case.office_due_at < now),
    )


def is_overdue(case: Case, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if case.status in CLOSED_STATUSES:
        return False
    if case.first_response_at is None and case.first_response_due_at < now:
        return True
    return case.status == CaseStatus.forwarded.value and case.office_due_at is not None and case.office_due_at < now


def inbox(*, session: Session, actor: Principal, flt: InboxFilter) -> tuple[list[InboxRow], int]:
    """One page of cases, newest first, and the number of overdue cases in scope."""
    require(actor, Perm.CASE_TRIAGE)
    now = utcnow()
    query = (
        select(Case, Category.name, Building.name)
        .join(Category, Category.id == Case.category_id)
        .outerjoin(Building, Building.id == Case.building_id)
    )
    query = _scoped(query, actor)
    if flt.status == "open":
        query = query.where(col(Case.status).in_(OPEN_STATUSES))
    elif flt.status:
        query = query.where(Case.status == flt.status)
    if flt.category_id:
        query = query.where(Case.category_id == flt.category_id)
    if flt.building_id:
        query = query.where(Case.building_id == flt.building_id)
    if flt.college_id:
        query = query.where(Case.college_id == flt.college_id)
    if flt.overdue:
        query = query.where(_overdue_clause(now))
    keyword = (flt.keyword or "").strip()
    if keyword:
        like = f"%{keyword.replace('%', '').replace('_', '')}%"
        query = query.where(or_(col(Case.description).like(like), Case.tracking_code == keyword.lower()))
    query = (
        query.order_by(col(Case.created_at).desc(), col(Case.id).desc())
        .offset(max(0, flt.page) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = [
        InboxRow(
            id=c.id,
            tracking_code=c.tracking_code,
            status=c.status,
            category=cat,
            building=bname or "",
            excerpt=c.description[:80],
            created_at=c.created_at,
            overdue=is_overdue(c, now),
            proposal_id=c.proposal_id,
        )
        for c, cat, bname in session.exec(query).all()
    ]
    overdue_count = session.exec(
        _scoped(select(func.count()).select_from(Case), actor).where(_overdue_clause(now))
    ).one()
    return rows, overdue_count


# ---- detail ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str
    title: str
    body: str
    public: bool
    actor: str
    photo_ids: list[int]


@dataclass(frozen=True)
class CaseDetail:
    id: int
    tracking_code: str
    status: str
    source: str
    category: str
    building: str
    college_id: int | None
    description: str
    anonymous: bool
    contact: dict[str, str]
    assignee: str
    office: str
    office_due_at: datetime | None
    proposal_id: int | None
    overdue: bool
    rating: int | None
    rating_comment: str
    created_at: datetime
    book_page: str
    book_date: str
    history: list[HistoryEntry]
    photo_ids: list[int]


def case_detail(*, session: Session, actor: Principal, case_id: int, reveal_contact: bool = False) -> CaseDetail:
    """The whole case for staff. Contact data is masked unless ``reveal_contact`` (audited)."""
    case = get_case(session=session, actor=actor, case_id=case_id)
    events = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.at), col(CaseEvent.id))
    ).all()
    names = {u.id: u.display_name for u in session.exec(select(User)).all()}
    contact = {
        "name": case.contact_name,
        "phone": case.contact_phone
        if reveal_contact
        else (mask_phone(case.contact_phone) if case.contact_phone else ""),
        "email": case.contact_email
        if reveal_contact
        else (mask_email(case.contact_email) if case.contact_email else ""),
        "student_no": case.contact_student_no
        if reveal_contact
        else (mask_student_no(case.contact_student_no) if case.contact_student_no else ""),
    }
    if reveal_contact and not case.anonymous:
        audit.record(
            session=session, action="case.reveal_contact", actor_id=actor.user_id, target_type="case", target_id=case.id
        )
        session.flush()
    category = session.get(Category, case.category_id)
    building = session.get(Building, case.building_id) if case.building_id else None
    office = session.get(Office, case.office_id) if case.office_id else None
    photo_ids = [pid for e in events for pid in (e.photo_ids or [])]
    return CaseDetail(
        id=case.id,
        tracking_code=case.tracking_code,
        status=case.status,
        source=case.source,
        category=category.name if category else "",
        building=building.name if building else "",
        college_id=case.college_id,
        description=case.description,
        anonymous=case.anonymous,
        contact=contact,
        assignee=names.get(case.assignee_id, ""),
        office=office.name if office else "",
        office_due_at=case.office_due_at,
        proposal_id=case.proposal_id,
        overdue=is_overdue(case),
        rating=case.rating,
        rating_comment=case.rating_comment,
        created_at=case.created_at,
        book_page=case.book_page,
        book_date=case.book_date,
        history=[
            HistoryEntry(
                at=e.at,
                kind=e.kind,
                title=event_title(e, session),
                body=e.body,
                public=e.public,
                actor=names.get(e.actor_id, strings.ACTOR_STUDENT if e.actor_id is None else ""),
                photo_ids=list(e.photo_ids or []),
            )
            for e in events
        ],
        photo_ids=photo_ids,
    )


# ---- actions -----------------------------------------------------------------------------


def check_due(due_at: datetime) -> datetime:
    """An office's reply deadline: timezone-aware and in the future."""
    if due_at.tzinfo is None or due_at <= utcnow():
        raise UserError(strings.CASE_DUE_IN_PAST)
    return due_at


def reply_text(body: str) -> str:
    """A reply shown to students (the department's or an office's): 2–2000 characters."""
    body = (body or "").strip()
    if not len(visible(body)) >= 2 or len(body) > 2000:
        raise UserError(strings.CASE_REPLY_LENGTH)
    return body


def _open_case(session: Session, actor: Principal, case_id: int) -> Case:
    case = get_case(session=session, actor=actor, case_id=case_id)
    if case.status in CLOSED_STATUSES:
        raise UserError(strings.CASE_ALREADY_CLOSED)
    return case


def _respond(case: Case) -> None:
    if case.first_response_at is None:
        case.first_response_at = utcnow()


def _finish(session: Session, actor: Principal, case: Case, action: str) -> None:
    audit.record(
        session=session, action=f"case.{action}", actor_id=actor.user_id, target_type="case", target_id=case.id
    )
    session.flush()


def accept(*, session: Session, actor: Principal, case_id: int, public_url: str = "") -> None:
    case = _open_case(session, actor, case_id)
    if case.status != CaseStatus.received.value:
        raise UserError(strings.CASE_ALREADY_ACCEPTED)
    case.status = CaseStatus.accepted.value
    _respond(case)
    add_event(session, case, "accepted", actor=actor, public_url=public_url)
    _finish(session, actor, case, "accept")


def reject(*, session: Session, actor: Principal, case_id: int, reason: str, public_url: str = "") -> None:
    case = _open_case(session, actor, case_id)
    reason = (reason or "").strip()
    if len(visible(reason)) < 2 or len(reason) > REASON_MAX:
        raise UserError(strings.CASE_REJECT_REASON)
    case.status = CaseStatus.rejected.value
    case.reject_reason = reason
    _respond(case)
    add_event(session, case, "rejected", actor=actor, body=reason, public_url=public_url)
    _finish(session, actor, case, "reject")


def assign(*, session: Session, actor: Principal, case_id: int, assignee_id: int) -> None:
    case = _open_case(session, actor, case_id)
    assignee = session.get(User, assignee_id)
    if assignee is None or not assignee.active or not grants(assignee.role, Perm.CASE_TRIAGE):
        raise UserError(strings.CASE_ASSIGNEE_INVALID)
    case.assignee_id = assignee.id
    add_event(session, case, "assigned", actor=actor, body=assignee.display_name, public=False)
    _finish(session, actor, case, "assign")


def route_to_college(*, session: Session, actor: Principal, case_id: int, college_id: int | None) -> None:
    case = get_case(session=session, actor=actor, case_id=case_id)
    if college_id is not None and session.get(College, college_id) is None:
        raise UserError(shared.COLLEGE_NOT_FOUND)
    case.college_id = college_id
    name = session.get(College, college_id).name if college_id else strings.COLLEGE_NONE
    add_event(session, case, "routed", actor=actor, body=name, public=False)
    _finish(session, actor, case, "route")


def forward(
    *, session: Session, actor: Principal, case_id: int, office_id: int, due_at: datetime, public_url: str = ""
) -> None:
    case = _open_case(session, actor, case_id)
    if case.proposal_id is not None:
        raise UserError(strings.CASE_IN_PROPOSAL)
    office = session.get(Office, office_id)
    if office is None:
        raise UserError(shared.OFFICE_NOT_FOUND)
    check_due(due_at)
    case.status = CaseStatus.forwarded.value
    case.office_id = office.id
    case.office_due_at = due_at
    _respond(case)
    add_event(session, case, "forwarded", actor=actor, office_id=office.id, public_url=public_url)
    _finish(session, actor, case, "forward")


def record_office_reply(
    *, session: Session, actor: Principal, case_id: int, body: str, photo_ids: list[int], public_url: str = ""
) -> None:
    case = _open_case(session, actor, case_id)
    if case.status != CaseStatus.forwarded.value:
        raise UserError(strings.CASE_NOT_FORWARDED)
    body = reply_text(body)
    case.status = CaseStatus.replied.value
    publish_photos(session, photo_ids)
    add_event(
        session,
        case,
        "office_reply",
        actor=actor,
        body=body,
        office_id=case.office_id,
        photo_ids=photo_ids,
        public_url=public_url,
    )
    _finish(session, actor, case, "office_reply")


def resolve(*, session: Session, actor: Principal, case_id: int, body: str = "", public_url: str = "") -> None:
    case = _open_case(session, actor, case_id)
    case.status = CaseStatus.resolved.value
    case.resolved_at = utcnow()
    _respond(case)
    add_event(session, case, "resolved", actor=actor, body=(body or "").strip()[:2000], public_url=public_url)
    _finish(session, actor, case, "resolve")


def add_note(*, session: Session, actor: Principal, case_id: int, body: str) -> None:
    case = get_case(session=session, actor=actor, case_id=case_id)
    body = (body or "").strip()
    if not 1 <= len(body) <= 2000:
        raise UserError(strings.CASE_NOTE_LENGTH)
    add_event(session, case, "note", actor=actor, body=body, public=False)
    _finish(session, actor, case, "note")


def reply_publicly(*, session: Session, actor: Principal, case_id: int, body: str, public_url: str = "") -> None:
    case = get_case(session=session, actor=actor, case_id=case_id)
    body = reply_text(body)
    _respond(case)
    add_event(session, case, "public_reply", actor=actor, body=body, public_url=public_url)
    _finish(session, actor, case, "reply")


# ---- likely duplicates and templates ----------------------------------------------------------


def likely_duplicates(
    *, session: Session, actor: Principal, case_id: int, limit: int = 5
) -> list[tuple[int, str, float]]:
    """Open cases in the same building and category with similar text (bigram Jaccard)."""
    case = get_case(session=session, actor=actor, case_id=case_id)
    query = (
        _scoped(
            select(Case).where(
                Case.id != case.id,
                Case.category_id == case.category_id,
                Case.building_id == case.building_id,
                col(Case.status).in_(OPEN_STATUSES | {CaseStatus.received.value}),
            ),
            actor,
        )
        .order_by(col(Case.created_at).desc())
        .limit(200)
    )
    mine = textsearch.bigrams(case.description, across_runs=True)
    scored = []
    for other in session.exec(query).all():
        score = textsearch.jaccard(mine, textsearch.bigrams(other.description, across_runs=True))
        if score >= 0.2:
            scored.append((other.id, other.description[:60], round(score, 2)))
    scored.sort(key=lambda t: -t[2])
    return scored[:limit]


def reply_templates(*, session: Session, actor: Principal) -> list[ReplyTemplate]:
    require(actor, Perm.CASE_TRIAGE)
    return list(session.exec(select(ReplyTemplate).where(ReplyTemplate.active).order_by(col(ReplyTemplate.id))).all())


def staff_members(*, session: Session, actor: Principal) -> list[tuple[int, str]]:
    require(actor, Perm.CASE_TRIAGE)
    rows = session.exec(
        select(User).where(col(User.role).in_(roles_with(Perm.CASE_TRIAGE)), col(User.active)).order_by(col(User.id))
    ).all()
    return [(u.id, u.display_name) for u in rows]


def proposal_title(session: Session, proposal_id: int | None) -> str:
    p = session.get(Proposal, proposal_id) if proposal_id else None
    return p.title if p else ""
