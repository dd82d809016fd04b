"""Commitments (承诺事项): what an office promised at a meeting, by when, and what became of it.

Every commitment of every meeting is public once its meeting's minutes are (the board). Its status
moves only through updates: staff post them directly; an office posts them for its own
commitments, and staff publish them (or send them back). A published update appears on the board,
and on the tracking pages of the cases behind the commitment's question, whose proposers are told
through the outbox. "Overdue" is not stored: an open or in-progress commitment past its due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from quanyi_app.core import audit
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Office
from quanyi_app.core.campustime import CAMPUS_TZ, campus_today, local_str, parse_day
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, can, is_office_bound, require
from quanyi_app.core.photos import services as photos
from quanyi_app.core.textclean import visible
from quanyi_app.events import strings
from quanyi_app.events.models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Meeting,
    MeetingQuestion,
    MeetingStatus,
    UpdateKind,
)
from quanyi_app.events.services.meetings import case_ids_behind, meeting_name
from quanyi_app.proposals import public as proposals

OPEN_STATES = (CommitmentStatus.open.value, CommitmentStatus.in_progress.value)
CLOSED_STATES = (CommitmentStatus.done.value, CommitmentStatus.dropped.value)


def shown_status(c: Commitment, today: date | None = None) -> str:
    """The status people read: overdue when still open past its due date."""
    if c.status in OPEN_STATES and c.due_on < (today or campus_today()):
        return "overdue"
    return c.status


def days_late(c: Commitment, today: date | None = None) -> int:
    return max(0, ((today or campus_today()) - c.due_on).days) if c.status in OPEN_STATES else 0


def kept_on_time(c: Commitment) -> bool:
    return (
        c.status == CommitmentStatus.done.value
        and c.done_at is not None
        and c.done_at.astimezone(CAMPUS_TZ).date() <= c.due_on
    )


# ---- staff: record a commitment in the minutes ------------------------------------------------


def add_commitment(
    *,
    session: Session,
    actor: Principal,
    question_id: int | None,
    what: str,
    office_id: int | None,
    due: str,
) -> Commitment:
    require(actor, Perm.MEETING_MANAGE)
    question = session.get(MeetingQuestion, question_id) if question_id else None
    if question is None or question.merged_into_id is not None:
        raise UserError(strings.QUESTION_NOT_FOUND)
    if not question.on_agenda:
        raise UserError(strings.NOT_ON_AGENDA)
    what = visible(what)
    if not 4 <= len(what) <= 300:
        raise UserError(strings.WHAT_LENGTH)
    if not office_id or session.get(Office, office_id) is None:
        raise UserError(strings.OFFICE_REQUIRED)
    day = parse_day(due)
    if day is None:
        raise UserError(strings.DUE_REQUIRED)
    c = Commitment(
        meeting_id=question.meeting_id,
        question_id=question.id,
        what=what,
        office_id=office_id,
        due_on=day.date(),
        created_by_id=actor.user_id,
    )
    session.add(c)
    session.flush()
    audit.record(
        session=session, action="commitment.add", actor_id=actor.user_id, target_type="commitment", target_id=c.id
    )
    return c


def of_meeting(session: Session, meeting_id: int) -> list[Commitment]:
    return list(
        session.exec(select(Commitment).where(Commitment.meeting_id == meeting_id).order_by(col(Commitment.id))).all()
    )


# ---- updates: post, publish, send back --------------------------------------------------------


def _commitment(session: Session, commitment_id: int | None) -> Commitment:
    c = session.get(Commitment, commitment_id) if commitment_id else None
    if c is None:
        raise UserError(strings.COMMITMENT_NOT_FOUND)
    return c


def _office_name(session: Session, office_id: int | None) -> str:
    office = session.get(Office, office_id) if office_id else None
    return office.name if office else ""


def post_update(
    *,
    session: Session,
    actor: Principal,
    commitment_id: int | None,
    kind: str,
    body: str,
    photo_ids: list[int] | None = None,
    public_url: str = "",
) -> CommitmentUpdate:
    """Progress on a commitment. From staff it is public at once; from an office (its own
    commitments only) it waits for staff to publish it."""
    c = _commitment(session, commitment_id)
    if can(actor, Perm.COMMITMENT_UPDATE) and is_office_bound(actor) and actor.office_id not in (None, c.office_id):
        raise UserError(strings.OTHER_OFFICE.format(office=_office_name(session, c.office_id)))
    require(actor, Perm.COMMITMENT_UPDATE, office_id=c.office_id)
    if c.status in CLOSED_STATES:
        raise UserError(strings.COMMITMENT_CLOSED.format(status=strings.STATUS_LABELS[c.status]))
    if kind not in {k.value for k in UpdateKind}:
        raise UserError(strings.UPDATE_KIND_INVALID)
    body = visible(body)
    if not 2 <= len(body) <= (500 if kind == UpdateKind.dropped.value else 2000):
        raise UserError(
            {"done": strings.DONE_NEEDS_EVIDENCE, "dropped": strings.DROP_REASON_REQUIRED}.get(
                kind, strings.UPDATE_LENGTH
            )
        )
    update = CommitmentUpdate(
        commitment_id=c.id,
        kind=kind,
        body=body,
        photo_ids=list(photo_ids or []),
        author_id=actor.user_id,
        office_id=actor.office_id if is_office_bound(actor) else None,
    )
    session.add(update)
    session.flush()
    if can(actor, Perm.MEETING_MANAGE):
        _apply(session, actor, c, update, public_url)
    audit.record(
        session=session,
        action="commitment.update",
        actor_id=actor.user_id,
        target_type="commitment",
        target_id=c.id,
        kind=kind,
    )
    return update


def _apply(session: Session, actor: Principal, c: Commitment, update: CommitmentUpdate, public_url: str) -> None:
    """Make an update public: the commitment's status, the photos, the cases behind it."""
    if c.status in CLOSED_STATES:
        raise UserError(strings.COMMITMENT_CLOSED.format(status=strings.STATUS_LABELS[c.status]))
    now = utcnow()
    update.published_at = now
    session.add(update)
    if update.kind == UpdateKind.done.value:
        c.status, c.done_at = CommitmentStatus.done.value, now
    elif update.kind == UpdateKind.dropped.value:
        c.status, c.drop_reason = CommitmentStatus.dropped.value, update.body[:500]
    else:
        c.status = CommitmentStatus.in_progress.value
    c.updated_at = now
    session.add(c)
    photos.publish_photos(session, update.photo_ids)
    if c.question_id is not None:
        proposals.post_meeting_news(
            session=session,
            actor=actor,
            case_ids=case_ids_behind(session, c.question_id),
            kind="commitment",
            office_id=c.office_id,
            body=strings.NEWS_COMMITMENT.format(
                what=c.what,
                due=c.due_on.isoformat(),
                kind=strings.UPDATE_KIND_LABELS[update.kind],
                body=update.body,
            ),
            photo_ids=update.photo_ids,
            public_url=public_url,
        )


def _pending(session: Session, actor: Principal, update_id: int | None) -> tuple[CommitmentUpdate, Commitment]:
    require(actor, Perm.MEETING_MANAGE)
    update = session.get(CommitmentUpdate, update_id) if update_id else None
    if update is None:
        raise UserError(strings.UPDATE_NOT_FOUND)
    if update.published_at is not None or update.declined_at is not None:
        raise UserError(strings.UPDATE_ALREADY_DECIDED)
    return update, _commitment(session, update.commitment_id)


def publish_update(*, session: Session, actor: Principal, update_id: int | None, public_url: str = "") -> None:
    update, c = _pending(session, actor, update_id)
    _apply(session, actor, c, update, public_url)
    audit.record(
        session=session,
        action="commitment.publish",
        actor_id=actor.user_id,
        target_type="commitment_update",
        target_id=update.id,
    )


def decline_update(*, session: Session, actor: Principal, update_id: int | None) -> None:
    update, _c = _pending(session, actor, update_id)
    update.declined_at = utcnow()
    session.add(update)
    audit.record(
        session=session,
        action="commitment.decline",
        actor_id=actor.user_id,
        target_type="commitment_update",
        target_id=update.id,
    )


# ---- reading: the board, an office's own, the workbench -----------------------------------------


@dataclass
class UpdateRow:
    id: int
    kind: str
    kind_label: str
    body: str
    at: str
    photos: list[str]
    from_office: str = ""
    pending: bool = False


@dataclass
class CommitmentRow:
    id: int
    what: str
    office_id: int
    office: str
    meeting_id: int
    meeting: str
    question_id: int | None
    question: str
    due: str
    status: str  # open, in_progress, done, overdue, dropped
    status_label: str
    days_late: int
    done_at: str
    drop_reason: str
    updates: list[UpdateRow] = field(default_factory=list)


def _rows(
    session: Session,
    commitments: list[Commitment],
    *,
    viewer_id: int | None,
    with_pending: bool = False,
) -> list[CommitmentRow]:
    today = campus_today()
    offices = {o.id: o.name for o in session.exec(select(Office)).all()}
    meeting_ids = {c.meeting_id for c in commitments}
    meetings = {m.id: m for m in session.exec(select(Meeting).where(col(Meeting.id).in_(meeting_ids))).all()}
    question_ids = [c.question_id for c in commitments if c.question_id]
    questions = {
        q.id: q.body
        for q in session.exec(select(MeetingQuestion).where(col(MeetingQuestion.id).in_(question_ids))).all()
    }
    updates: dict[int, list[CommitmentUpdate]] = {}
    q = select(CommitmentUpdate).where(
        col(CommitmentUpdate.commitment_id).in_([c.id for c in commitments]),
        col(CommitmentUpdate.declined_at).is_(None),
    )
    if not with_pending:
        q = q.where(col(CommitmentUpdate.published_at).is_not(None))
    for u in session.exec(q.order_by(col(CommitmentUpdate.created_at).desc(), col(CommitmentUpdate.id).desc())).all():
        updates.setdefault(u.commitment_id, []).append(u)
    out = []
    for c in commitments:
        status = shown_status(c, today)
        out.append(
            CommitmentRow(
                id=c.id,
                what=c.what,
                office_id=c.office_id,
                office=offices.get(c.office_id, ""),
                meeting_id=c.meeting_id,
                meeting=meeting_name(session, meetings[c.meeting_id]) if c.meeting_id in meetings else "",
                question_id=c.question_id,
                question=questions.get(c.question_id, ""),
                due=c.due_on.isoformat(),
                status=status,
                status_label=strings.STATUS_LABELS[status],
                days_late=days_late(c, today),
                done_at=local_str(c.done_at, "%Y-%m-%d"),
                drop_reason=c.drop_reason,
                updates=[
                    UpdateRow(
                        id=u.id,
                        kind=u.kind,
                        kind_label=strings.UPDATE_KIND_LABELS.get(u.kind, u.kind),
                        body=u.body,
                        at=local_str(u.published_at or u.created_at),
                        photos=photos.view_urls(session, u.photo_ids, viewer_id=viewer_id),
                        from_office=offices.get(u.office_id, "") if u.office_id else "",
                        pending=u.published_at is None,
                    )
                    for u in updates.get(c.id, [])
                ],
            )
        )
    return out


_URGENCY = {"overdue": 0, "in_progress": 1, "open": 2, "done": 3, "dropped": 4}


def _most_urgent_first(rows: list[CommitmentRow]) -> list[CommitmentRow]:
    """Overdue first, then in progress, open, done, dropped; each by due date."""
    return sorted(rows, key=lambda r: (_URGENCY[r.status], r.due, r.id))


def _public_commitments(session: Session):
    return (
        select(Commitment)
        .join(Meeting, col(Meeting.id) == Commitment.meeting_id)
        .where(Meeting.status == MeetingStatus.minutes.value)
    )


@dataclass
class OfficeRecord:
    office_id: int
    office: str
    made: int
    kept: int
    on_time: int
    overdue: int


@dataclass
class Board:
    rows: list[CommitmentRow]
    records: list[OfficeRecord]
    offices: list[tuple[int, str]]  # offices with commitments (the filter)
    meetings: list[tuple[int, str]]  # meetings with commitments (the filter)
    counts: dict[str, int]


def records(session: Session, commitments: list[Commitment]) -> list[OfficeRecord]:
    """Each office's record: commitments made, kept, kept on time (and overdue now)."""
    today = campus_today()
    offices = {o.id: o.name for o in session.exec(select(Office)).all()}
    out: dict[int, OfficeRecord] = {}
    for c in commitments:
        r = out.setdefault(c.office_id, OfficeRecord(c.office_id, offices.get(c.office_id, ""), 0, 0, 0, 0))
        r.made += 1
        r.kept += c.status == CommitmentStatus.done.value
        r.on_time += kept_on_time(c)
        r.overdue += shown_status(c, today) == "overdue"
    return sorted(out.values(), key=lambda r: (-r.made, r.office_id))


def board(*, session: Session, office_id: int | None = None, meeting_id: int | None = None) -> Board:
    """The public board: every commitment of every meeting whose minutes are published."""
    every = list(session.exec(_public_commitments(session).order_by(col(Commitment.due_on), col(Commitment.id))).all())
    shown = [
        c
        for c in every
        if (not office_id or c.office_id == office_id) and (not meeting_id or c.meeting_id == meeting_id)
    ]
    rows = _most_urgent_first(_rows(session, shown, viewer_id=None))
    offices = {o.id: o.name for o in session.exec(select(Office)).all()}
    meetings = {
        m.id: m for m in session.exec(select(Meeting).where(col(Meeting.id).in_({c.meeting_id for c in every}))).all()
    }
    return Board(
        rows=rows,
        records=records(session, every),
        offices=sorted({(c.office_id, offices.get(c.office_id, "")) for c in every}),
        meetings=[
            (m.id, meeting_name(session, m)) for m in sorted(meetings.values(), key=lambda m: m.starts_at, reverse=True)
        ],
        counts=public_counts(session=session),
    )


def public_counts(*, session: Session) -> dict[str, int]:
    """The board's counts alone (the home page asks on every visit: no rows, no updates)."""
    statuses = [shown_status(c) for c in session.exec(_public_commitments(session)).all()]
    return {
        "total": len(statuses),
        "done": statuses.count("done"),
        "progress": statuses.count("in_progress") + statuses.count("open"),
        "overdue": statuses.count("overdue"),
    }


def public_of_meeting(session: Session, meeting: Meeting) -> list[CommitmentRow]:
    if meeting.status != MeetingStatus.minutes.value:
        return []
    return _rows(session, of_meeting(session, meeting.id), viewer_id=None)


def still_open(session: Session, meeting: Meeting | None) -> list[CommitmentRow]:
    """A (previous) meeting's commitments not yet kept or dropped."""
    if meeting is None:
        return []
    return _most_urgent_first(
        [r for r in public_of_meeting(session, meeting) if r.status in ("open", "in_progress", "overdue")]
    )


def for_desk(*, session: Session, actor: Principal, overdue_only: bool = False) -> list[CommitmentRow]:
    """Staff see every commitment; an office user its own office's (with its pending updates)."""
    require(actor, Perm.COMMITMENT_UPDATE)
    q = select(Commitment).join(Meeting, col(Meeting.id) == Commitment.meeting_id)
    if is_office_bound(actor):
        q = q.where(Commitment.office_id == (actor.office_id or 0))
    rows = _rows(
        session,
        list(session.exec(q.order_by(col(Commitment.due_on), col(Commitment.id))).all()),
        viewer_id=actor.user_id,
        with_pending=True,
    )
    rows = _most_urgent_first(rows)
    return [r for r in rows if r.status == "overdue"] if overdue_only else rows


@dataclass
class PendingRow:
    update_id: int
    commitment: str
    office: str
    kind_label: str
    body: str
    at: str
    photos: list[str]


def pending_updates(*, session: Session, actor: Principal) -> list[PendingRow]:
    """Offices' updates waiting for staff."""
    require(actor, Perm.MEETING_MANAGE)
    offices = {o.id: o.name for o in session.exec(select(Office)).all()}
    rows = session.exec(
        select(CommitmentUpdate, Commitment)
        .join(Commitment, col(Commitment.id) == CommitmentUpdate.commitment_id)
        .where(col(CommitmentUpdate.published_at).is_(None), col(CommitmentUpdate.declined_at).is_(None))
        .order_by(col(CommitmentUpdate.created_at))
    ).all()
    return [
        PendingRow(
            update_id=u.id,
            commitment=c.what,
            office=offices.get(u.office_id or c.office_id, ""),
            kind_label=strings.UPDATE_KIND_LABELS.get(u.kind, u.kind),
            body=u.body,
            at=local_str(u.created_at),
            photos=photos.view_urls(session, u.photo_ids, viewer_id=actor.user_id),
        )
        for u, c in rows
    ]


@dataclass
class DeskFigures:
    overdue: int
    open: int
    pending: int
    next_name: str
    next_when: str


def desk_figures(*, session: Session, actor: Principal) -> DeskFigures:
    """For the workbench: overdue and open commitments (an office: its own), updates to review."""
    from quanyi_app.events.services.meetings import meeting_when, next_meeting

    rows = for_desk(session=session, actor=actor)
    pending = len(pending_updates(session=session, actor=actor)) if can(actor, Perm.MEETING_MANAGE) else 0
    nxt = next_meeting(session=session)
    return DeskFigures(
        overdue=sum(r.status == "overdue" for r in rows),
        open=sum(r.status in ("open", "in_progress") for r in rows),
        pending=pending,
        next_name=meeting_name(session, nxt) if nxt else "",
        next_when=meeting_when(nxt) if nxt else "",
    )


def photos_held(session: Session, since: datetime) -> set[int]:
    """The photos commitment updates hold (for the drafts purge)."""
    return photos.ids_in_lists(session.exec(select(CommitmentUpdate.photo_ids)).all())
