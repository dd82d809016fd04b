"""Cases (个案): submission, the public timeline, staff actions, rating and reopening.

Every change writes a ``CaseEvent`` (with actor and time) in the same transaction as the
change itself, and queues an email in the outbox when the proposer left an address and the
change is public. Public events make up the tracking page; internal notes never leave staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Building, College, Office
from quanyi_app.core.codes import normalise, unique_code
from quanyi_app.core.contact import EMAIL_RE, PHONE_RE, device_hash
from quanyi_app.core.errors import UserError
from quanyi_app.core.mine import PER_KIND, MineItem
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.routes import absolute
from quanyi_app.core.textclean import clean, visible
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.models import Case, CaseEvent, CaseSource, CaseStatus, Category, Proposal

FIRST_RESPONSE_WINDOW = timedelta(days=2)
AFTERCARE_WINDOW = timedelta(days=7)  # reopen / rate after resolution
DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 2000
MAX_PHOTOS = 4
DEVICE_LIMIT_PER_HOUR = 5
DEVICE_LIMIT_PER_DAY = 20
POINT_LIMIT_PER_HOUR = 60
# All anonymous submissions together, per hour: a flood from many fresh devices stops here
# (campus users share a few public IPs, so nothing is counted by IP).
ANONYMOUS_LIMIT_PER_HOUR = 300
OPEN_STATUSES = frozenset(
    {CaseStatus.received.value, CaseStatus.accepted.value, CaseStatus.forwarded.value, CaseStatus.replied.value}
)
CLOSED_STATUSES = frozenset({CaseStatus.resolved.value, CaseStatus.rejected.value})

STUDENT_NO_RE = re.compile(r"^[A-Za-z0-9]{4,20}$")
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


# ---- submission --------------------------------------------------------------------------


@dataclass
class Submission:
    category_id: int | None
    description: str
    idempotency_key: str
    device_id: str = ""
    building_id: int | None = None
    qr_point_id: int | None = None
    college_id: int | None = None
    photo_ids: list[int] = field(default_factory=list)
    anonymous: bool = True
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_student_no: str = ""
    honeypot: str = ""
    source: str = CaseSource.web.value
    book_page: str = ""
    book_date: str = ""


def _validate(sub: Submission, session: Session) -> None:
    if sub.honeypot:
        raise UserError(shared.CASE_REJECTED_BOT)
    if not KEY_RE.match(sub.idempotency_key or ""):
        raise UserError(shared.CASE_RELOAD)
    description = clean(sub.description or "").strip()
    if len(visible(description)) < DESCRIPTION_MIN:
        raise UserError(strings.CASE_DESCRIPTION_SHORT.format(n=DESCRIPTION_MIN))
    if len(description) > DESCRIPTION_MAX:
        raise UserError(strings.CASE_DESCRIPTION_LONG.format(n=DESCRIPTION_MAX))
    sub.description = description
    category = session.get(Category, sub.category_id) if sub.category_id else None
    if category is None or not category.active:
        raise UserError(strings.CASE_CATEGORY_REQUIRED)
    if sub.building_id is not None and session.get(Building, sub.building_id) is None:
        raise UserError(shared.BUILDING_NOT_FOUND)
    if sub.college_id is not None and session.get(College, sub.college_id) is None:
        raise UserError(shared.COLLEGE_NOT_FOUND)
    if len(sub.photo_ids) > MAX_PHOTOS:
        raise UserError(shared.PHOTO_TOO_MANY_FILES.format(n=MAX_PHOTOS))
    if sub.anonymous:
        sub.contact_name = sub.contact_phone = sub.contact_email = sub.contact_student_no = ""
        return
    sub.contact_name = (sub.contact_name or "").strip()[:32]
    sub.contact_phone = (sub.contact_phone or "").strip().replace(" ", "").replace("-", "")
    sub.contact_email = (sub.contact_email or "").strip()
    sub.contact_student_no = (sub.contact_student_no or "").strip()
    if sub.contact_phone and not PHONE_RE.match(sub.contact_phone):
        raise UserError(shared.CASE_PHONE_INVALID)
    if sub.contact_email and (len(sub.contact_email) > 254 or not EMAIL_RE.match(sub.contact_email)):
        raise UserError(shared.CASE_EMAIL_INVALID)
    if sub.contact_student_no and not STUDENT_NO_RE.match(sub.contact_student_no):
        raise UserError(strings.CASE_STUDENT_NO_INVALID)


def _check_rate_limits(session: Session, sub: Submission, dev_hash: str) -> None:
    """Three budgets, each with its own message: this phone (by the server-issued device cookie,
    so a client cannot pick a fresh id), this QR point, and all anonymous submissions."""
    now = utcnow()
    if not dev_hash:
        raise UserError(shared.DEVICE_NEEDED)
    recent = select(func.count()).select_from(Case).where(Case.device_hash == dev_hash)
    if session.exec(recent.where(Case.created_at > now - timedelta(hours=1))).one() >= DEVICE_LIMIT_PER_HOUR:
        raise UserError(strings.CASE_RATE_DEVICE)
    if session.exec(recent.where(Case.created_at > now - timedelta(days=1))).one() >= DEVICE_LIMIT_PER_DAY:
        raise UserError(strings.CASE_RATE_DEVICE)
    anonymous = session.exec(
        select(func.count())
        .select_from(Case)
        .where(Case.source != CaseSource.book.value, Case.created_at > now - timedelta(hours=1))
    ).one()
    if anonymous >= ANONYMOUS_LIMIT_PER_HOUR:
        raise UserError(shared.ANONYMOUS_BUDGET_SPENT)
    if sub.qr_point_id:
        n = session.exec(
            select(func.count())
            .select_from(Case)
            .where(Case.qr_point_id == sub.qr_point_id, Case.created_at > now - timedelta(hours=1))
        ).one()
        if n >= POINT_LIMIT_PER_HOUR:
            raise UserError(strings.CASE_RATE_POINT)


def submit_case(
    sub: Submission, *, session: Session, secret: str, actor: Principal | None = None, public_url: str = ""
) -> Case:
    """File a case. The same idempotency key always yields the same single case."""
    existing = session.exec(select(Case).where(Case.idempotency_key == (sub.idempotency_key or ""))).first()
    if existing is not None:
        return existing
    _validate(sub, session)
    if sub.source == CaseSource.book.value:
        require(actor, Perm.CASE_TRIAGE)
    dev_hash = device_hash(secret, sub.device_id) if sub.device_id else ""
    if actor is None:
        _check_rate_limits(session, sub, dev_hash)
    now = utcnow()
    case = Case(
        tracking_code=unique_code(session, Case.tracking_code),
        idempotency_key=sub.idempotency_key,
        device_hash=dev_hash,
        source=sub.source,
        category_id=sub.category_id,
        building_id=sub.building_id,
        qr_point_id=sub.qr_point_id,
        college_id=sub.college_id,
        description=sub.description,
        anonymous=sub.anonymous,
        contact_name=sub.contact_name,
        contact_phone=sub.contact_phone,
        contact_email=sub.contact_email,
        contact_student_no=sub.contact_student_no,
        book_page=(sub.book_page or "")[:16],
        book_date=(sub.book_date or "")[:10],
        first_response_due_at=now + FIRST_RESPONSE_WINDOW,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():  # a savepoint: losing the race undoes this insert only
            session.add(case)
            session.flush()
    except IntegrityError:  # the same key submitted concurrently: hand back the winner
        return session.exec(select(Case).where(Case.idempotency_key == sub.idempotency_key)).one()
    # The confirmation email carries the tracking link, in case the student loses the page.
    add_event(session, case, "submitted", actor=actor, photo_ids=list(sub.photo_ids), public_url=public_url)
    if actor is not None:
        audit.record(
            session=session,
            action="case.record_from_book",
            actor_id=actor.user_id,
            target_type="case",
            target_id=case.id,
        )
    session.flush()
    session.refresh(case)
    return case


# ---- the public tracking page ---------------------------------------------------------------

PUBLIC_EVENT_KINDS = frozenset(
    {
        "submitted",
        "accepted",
        "rejected",
        "forwarded",
        "office_reply",
        "meeting",
        "commitment",
        "public_reply",
        "resolved",
        "reopened",
        "merged",
        "proposal_update",
        "followup",
        "rated",
    }
)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    body: str
    photo_ids: list[int]


@dataclass(frozen=True)
class TrackingView:
    tracking_code: str
    status: str
    category: str
    building: str
    description: str
    created_at: datetime
    resolved_at: datetime | None
    proposal_title: str
    timeline: list[TimelineEntry]
    can_follow_up: bool
    can_reopen: bool
    can_rate: bool
    rating: int | None
    photo_ids: list[int]


def get_case_by_tracking(*, session: Session, code: str) -> Case:
    clean = normalise(code)
    case = session.exec(select(Case).where(Case.tracking_code == clean)).first() if clean else None
    if case is None:
        raise UserError(strings.TRACKING_UNKNOWN)
    return case


def event_title(ev: CaseEvent, session: Session) -> str:
    office = session.get(Office, ev.office_id).name if ev.office_id else ""
    proposal = session.get(Proposal, ev.proposal_id).title if ev.proposal_id else ""
    return strings.EVENT_TITLES[ev.kind].format(office=office, proposal=proposal)


def _in_aftercare(case: Case) -> bool:
    return (
        case.status == CaseStatus.resolved.value
        and case.resolved_at is not None
        and utcnow() - case.resolved_at <= AFTERCARE_WINDOW
    )


def tracking_view(*, session: Session, code: str) -> TrackingView:
    case = get_case_by_tracking(session=session, code=code)
    events = session.exec(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.public)
        .order_by(col(CaseEvent.at), col(CaseEvent.id))
    ).all()
    category = session.get(Category, case.category_id)
    building = session.get(Building, case.building_id) if case.building_id else None
    proposal = session.get(Proposal, case.proposal_id) if case.proposal_id else None
    timeline = [
        TimelineEntry(
            at=e.at, kind=e.kind, title=event_title(e, session), body=e.body, photo_ids=list(e.photo_ids or [])
        )
        for e in events
        if e.kind in PUBLIC_EVENT_KINDS
    ]
    submitted_photos = next((list(e.photo_ids or []) for e in events if e.kind == "submitted"), [])
    return TrackingView(
        tracking_code=case.tracking_code,
        status=case.status,
        category=category.name if category else "",
        building=building.name if building else "",
        description=case.description,
        created_at=case.created_at,
        resolved_at=case.resolved_at,
        proposal_title=proposal.title if proposal else "",
        timeline=timeline,
        can_follow_up=case.status in OPEN_STATUSES,
        can_reopen=_in_aftercare(case),
        can_rate=_in_aftercare(case) and case.rating is None,
        rating=case.rating,
        photo_ids=submitted_photos,
    )


def follow_up(*, session: Session, code: str, body: str, photo_ids: list[int]) -> None:
    case = get_case_by_tracking(session=session, code=code)
    if case.status not in OPEN_STATUSES:
        raise UserError(strings.CASE_CLOSED_NO_FOLLOWUP)
    body = clean(body or "").strip()
    if not visible(body):
        body = ""
    if not body and not photo_ids:
        raise UserError(strings.CASE_FOLLOWUP_EMPTY)
    if len(body) > DESCRIPTION_MAX:
        raise UserError(strings.CASE_DESCRIPTION_LONG.format(n=DESCRIPTION_MAX))
    if len(photo_ids) > MAX_PHOTOS:
        raise UserError(shared.PHOTO_TOO_MANY_FILES.format(n=MAX_PHOTOS))
    add_event(session, case, "followup", body=body, photo_ids=photo_ids, notify=False)
    session.flush()


def reopen(*, session: Session, code: str, reason: str) -> None:
    case = get_case_by_tracking(session=session, code=code)
    if not _in_aftercare(case):
        raise UserError(strings.CASE_REOPEN_WINDOW)
    reason = clean(reason or "").strip()
    if len(visible(reason)) < DESCRIPTION_MIN:
        raise UserError(strings.CASE_REOPEN_REASON.format(n=DESCRIPTION_MIN))
    case.status = CaseStatus.accepted.value
    case.resolved_at = None
    add_event(session, case, "reopened", body=reason[:DESCRIPTION_MAX], notify=False)
    session.flush()


def rate(*, session: Session, code: str, stars: int, comment: str) -> None:
    case = get_case_by_tracking(session=session, code=code)
    if case.rating is not None:
        raise UserError(strings.CASE_ALREADY_RATED)
    if not _in_aftercare(case):
        raise UserError(strings.CASE_RATE_WINDOW)
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise UserError(strings.CASE_RATING_INVALID)
    case.rating = stars
    case.rating_comment = (comment or "").strip()[:500]
    case.rated_at = utcnow()
    add_event(session, case, "rated", body=case.rating_comment, notify=False)
    session.flush()


# ---- events and notifications ---------------------------------------------------------------


def add_event(
    session: Session,
    case: Case,
    kind: str,
    *,
    actor: Principal | None = None,
    body: str = "",
    public: bool = True,
    office_id: int | None = None,
    proposal_id: int | None = None,
    photo_ids: list[int] | None = None,
    notify: bool = True,
    public_url: str = "",
) -> CaseEvent:
    now = utcnow()
    ev = CaseEvent(
        case_id=case.id,
        kind=kind,
        actor_id=actor.user_id if actor else None,
        body=body,
        public=public,
        office_id=office_id,
        proposal_id=proposal_id,
        photo_ids=list(photo_ids or []),
        at=now,
    )
    case.updated_at = now
    session.add(ev)
    session.add(case)
    if notify and public and case.contact_email:
        session.flush()
        title = event_title(ev, session)
        link = absolute(public_url, routes.track_url(case.tracking_code))
        session.add(
            OutboundMessage(
                recipient=case.contact_email,
                subject=strings.EMAIL_SUBJECT.format(title=title),
                body=strings.EMAIL_BODY.format(title=title, body=body or "", link=link),
                case_id=case.id,
            )
        )
    return ev


def photos_held(session: Session, since: datetime) -> set[int]:
    """The photos case events and typical-case stories hold (for the drafts purge)."""
    from quanyi_app.core.photos.services import ids_in_lists
    from quanyi_app.proposals.models import Story

    held = ids_in_lists(session.exec(select(CaseEvent.photo_ids).where(CaseEvent.at >= since)).all())
    for before, after in session.exec(select(Story.before_photo_ids, Story.after_photo_ids)).all():
        held |= ids_in_lists([before, after])
    return held


def mine(session: Session, device_hash_: str) -> list[MineItem]:
    """This phone's cases, for 我的 (core/mine.py)."""
    rows = session.exec(
        select(Case, Category.name)
        .join(Category, col(Category.id) == Case.category_id)
        .where(Case.device_hash == device_hash_)
        .order_by(col(Case.created_at).desc())
        .limit(PER_KIND)
    ).all()
    return [
        MineItem(
            kind=strings.MINE_KIND,
            title=f"{category}:{excerpt(case.description)}",
            status=strings.STATUS_LABELS.get(case.status, case.status),
            href=routes.track_url(case.tracking_code),
            at=case.created_at,
            open=case.status in OPEN_STATUSES,
        )
        for case, category in rows
    ]


def excerpt(text: str, n: int = 24) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
