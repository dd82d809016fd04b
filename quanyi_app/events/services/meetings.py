"""Meetings (接待日/见面会): staff create and announce them; students ask questions before and add
"我也关心"; staff merge duplicates, choose the agenda, record the minutes and publish them.

Questions are anonymous: a question keeps only the asking phone's keyed hash (to limit how many a
phone asks and to mark "mine"), and "我也关心" is one row per phone and question, so the primary
key, not a read-then-write, keeps it to one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Office
from quanyi_app.core.campustime import local_str, parse_local
from quanyi_app.core.contact import device_hash
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.strings import DEVICE_NEEDED
from quanyi_app.core.textclean import visible
from quanyi_app.events import strings
from quanyi_app.events.models import (
    Commitment,
    Meeting,
    MeetingKind,
    MeetingQuestion,
    MeetingStatus,
    QuestionSupport,
)
from quanyi_app.events.services import places
from quanyi_app.proposals import public as proposals

QUESTIONS_PER_PHONE = 5
QUESTION_MIN, QUESTION_MAX = 5, 500
ANSWER_MAX = 3000


# ---- names ----------------------------------------------------------------------------------


def kinds(*, session: Session, active_only: bool = True) -> list[MeetingKind]:
    q = select(MeetingKind).order_by(col(MeetingKind.sort_order), col(MeetingKind.id))
    if active_only:
        q = q.where(col(MeetingKind.active))
    return list(session.exec(q).all())


def meeting_name(session: Session, meeting: Meeting) -> str:
    kind = session.get(MeetingKind, meeting.kind_id)
    return strings.MEETING_NAME.format(number=meeting.number, kind=kind.name if kind else "")


def meeting_when(meeting: Meeting) -> str:
    return strings.MEETING_WHEN.format(
        day=local_str(meeting.starts_at, "%Y-%m-%d"),
        start=local_str(meeting.starts_at, "%H:%M"),
        end=local_str(meeting.ends_at, "%H:%M"),
    )


def suggested_number(*, session: Session, kind_id: int | None) -> int:
    """The next number of this kind (第N期): one after the highest so far."""
    if not kind_id:
        return 1
    top = session.exec(select(func.max(Meeting.number)).where(Meeting.kind_id == kind_id)).one()
    return (top or 0) + 1


# ---- staff: create, edit, announce -----------------------------------------------------------


@dataclass(frozen=True)
class MeetingForm:
    kind_id: int | None
    number: int | None
    starts: str  # as typed: YYYY-MM-DDTHH:MM (campus time)
    ends: str  # HH:MM or a full date-time
    place: str
    attending: str = ""
    seats: int | None = 0
    topics: str = ""
    quotas: dict[int, int] | None = None  # college id -> seats kept for it (三级联动)


def _checked(session: Session, form: MeetingForm, meeting_id: int | None = None) -> dict:
    if not form.kind_id or session.get(MeetingKind, form.kind_id) is None:
        raise UserError(strings.KIND_REQUIRED)
    if form.number is None or not 1 <= form.number <= 9999:
        raise UserError(strings.NUMBER_INVALID)
    taken = session.exec(
        select(Meeting.id).where(Meeting.kind_id == form.kind_id, Meeting.number == form.number)
    ).first()
    if taken is not None and taken != meeting_id:
        raise UserError(strings.NUMBER_TAKEN.format(n=form.number))
    starts = parse_local(form.starts)
    if starts is None or len((form.starts or "").strip()) <= 10:
        raise UserError(strings.STARTS_INVALID)
    ends_text = (form.ends or "").strip()
    if ends_text and len(ends_text) <= 5:  # a time on the same day
        ends_text = f"{local_str(starts, '%Y-%m-%d')} {ends_text}"
    ends = parse_local(ends_text) if ends_text else starts + timedelta(hours=2)
    if ends is None or not starts < ends <= starts + timedelta(hours=12):
        raise UserError(strings.ENDS_INVALID)
    place, attending, topics = visible(form.place), visible(form.attending), visible(form.topics)
    if not 2 <= len(place) <= 80:
        raise UserError(strings.PLACE_LENGTH)
    if len(attending) > 300:
        raise UserError(strings.ATTENDING_LENGTH)
    if form.seats is None or not 0 <= form.seats <= 2000:
        raise UserError(strings.SEATS_RANGE)
    if len(topics) > 2000:
        raise UserError(strings.TOPICS_LENGTH)
    return {
        "kind_id": form.kind_id,
        "number": form.number,
        "starts_at": starts,
        "ends_at": ends,
        "place": place,
        "attending": attending,
        "seats": form.seats,
        "topics": topics,
    }


def create_meeting(*, session: Session, actor: Principal, form: MeetingForm) -> Meeting:
    require(actor, Perm.MEETING_MANAGE)
    meeting = Meeting(**_checked(session, form), created_by_id=actor.user_id)
    session.add(meeting)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as err:  # the same number typed on two laptops at once
        raise UserError(strings.NUMBER_TAKEN.format(n=form.number)) from err
    if meeting.seats and meeting.starts_at > utcnow():  # a past meeting recorded afterwards has no sign-up
        _attendees(session, actor, meeting, form.quotas)
    audit.record(
        session=session, action="meeting.create", actor_id=actor.user_id, target_type="meeting", target_id=meeting.id
    )
    return meeting


def get_meeting(session: Session, meeting_id: int | None) -> Meeting:
    meeting = session.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None:
        raise UserError(strings.MEETING_NOT_FOUND)
    return meeting


def edit_meeting(*, session: Session, actor: Principal, meeting_id: int, form: MeetingForm) -> Meeting:
    require(actor, Perm.MEETING_MANAGE)
    meeting = get_meeting(session, meeting_id)
    values = _checked(session, form, meeting.id)
    event = attendee_event(session, meeting.id)
    if event is not None and values["seats"] != meeting.seats and places.counts(session, event.id):
        raise UserError(strings.SEATS_LOCKED)
    for name, value in values.items():
        setattr(meeting, name, value)
    session.add(meeting)
    session.flush()
    if event is not None:
        places.follow_meeting(session, event, meeting, meeting_name(session, meeting))
    elif meeting.seats and meeting.starts_at > utcnow():
        _attendees(session, actor, meeting, form.quotas)
    return meeting


def _attendees(session: Session, actor: Principal, meeting: Meeting, quotas: dict[int, int] | None) -> None:
    """Seats for student attendees: an event with places, first come first served (with the
    colleges' quotas), open from the announcement until the meeting starts; its ticket is the
    check-in code shown at the door."""
    event = places.create_event(
        session=session,
        actor=actor,
        form=places.EventForm(
            title=strings.ATTENDEES_TITLE.format(name=meeting_name(session, meeting)),
            place=meeting.place,
            starts=local_str(meeting.starts_at),
            ends=local_str(meeting.ends_at),
            places=meeting.seats,
            reg_opens=local_str(utcnow()),
            reg_closes=local_str(meeting.starts_at),
            mode="first_come",
            quotas=quotas,
        ),
    )
    event.meeting_id = meeting.id
    session.add(event)
    session.flush()
    if meeting.status != MeetingStatus.draft.value:
        places.open_event(session=session, actor=actor, event_id=event.id)


def attendee_event(session: Session, meeting_id: int):
    return places.for_meeting(session, meeting_id)


def announce(*, session: Session, actor: Principal, meeting_id: int) -> Meeting:
    require(actor, Perm.MEETING_MANAGE)
    meeting = get_meeting(session, meeting_id)
    if meeting.status != MeetingStatus.draft.value:
        raise UserError(strings.ALREADY_ANNOUNCED)
    meeting.status = MeetingStatus.announced.value
    session.add(meeting)
    event = attendee_event(session, meeting.id)
    if event is not None and event.status == "draft":  # its seats open with it
        places.open_event(session=session, actor=actor, event_id=event.id)
    audit.record(
        session=session, action="meeting.announce", actor_id=actor.user_id, target_type="meeting", target_id=meeting.id
    )
    return meeting


def staff_meetings(*, session: Session, actor: Principal) -> list[Meeting]:
    require(actor, Perm.MEETING_MANAGE)
    return list(session.exec(select(Meeting).order_by(col(Meeting.starts_at).desc())).all())


# ---- public: the list, one meeting, the next ------------------------------------------------


def is_public(meeting: Meeting) -> bool:
    return meeting.status != MeetingStatus.draft.value


def public_meeting(session: Session, meeting_id: int | None) -> Meeting:
    meeting = get_meeting(session, meeting_id)
    if not is_public(meeting):
        raise UserError(strings.MEETING_NOT_FOUND)
    return meeting


def questions_open(meeting: Meeting, now: datetime | None = None) -> bool:
    return meeting.status == MeetingStatus.announced.value and (now or utcnow()) < meeting.starts_at


def public_meetings(*, session: Session) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, soonest first; past, newest first): announced meetings only."""
    now = utcnow()
    rows = session.exec(
        select(Meeting).where(Meeting.status != MeetingStatus.draft.value).order_by(col(Meeting.starts_at).desc())
    ).all()
    upcoming = sorted((m for m in rows if m.ends_at >= now), key=lambda m: m.starts_at)
    return upcoming, [m for m in rows if m.ends_at < now]


def next_meeting(*, session: Session) -> Meeting | None:
    upcoming, _past = public_meetings(session=session)
    return upcoming[0] if upcoming else None


def previous_of(session: Session, meeting: Meeting) -> Meeting | None:
    """The last meeting of the same kind before this one (its open commitments are listed)."""
    return session.exec(
        select(Meeting)
        .where(
            Meeting.kind_id == meeting.kind_id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status != MeetingStatus.draft.value,
        )
        .order_by(col(Meeting.starts_at).desc())
    ).first()


# ---- questions and 我也关心 -----------------------------------------------------------------


@dataclass(frozen=True)
class QuestionForm:
    meeting_id: int | None
    category_id: int | None
    body: str
    tracking_code: str = ""
    device: str = ""  # the phone's signed device id (accounts/cookies.py)


def ask(form: QuestionForm, *, session: Session, secret: str) -> MeetingQuestion:
    meeting = public_meeting(session, form.meeting_id)
    if not questions_open(meeting):
        raise UserError(strings.QUESTIONS_CLOSED)
    body = visible(form.body)
    if not QUESTION_MIN <= len(body) <= QUESTION_MAX:
        raise UserError(strings.QUESTION_LENGTH)
    if form.category_id not in {cid for cid, _ in proposals.categories(session=session)}:
        raise UserError(strings.QUESTION_CATEGORY)
    case_id = None
    if (form.tracking_code or "").strip():
        case_id = proposals.case_by_tracking(session=session, code=form.tracking_code)
        if case_id is None:
            raise UserError(strings.TRACKING_UNKNOWN)
    if not form.device:
        raise UserError(DEVICE_NEEDED)
    phone = device_hash(secret, form.device)
    asked = session.exec(
        select(func.count())
        .select_from(MeetingQuestion)
        .where(MeetingQuestion.meeting_id == meeting.id, MeetingQuestion.device_hash == phone)
    ).one()
    if asked >= QUESTIONS_PER_PHONE:
        raise UserError(strings.QUESTIONS_PER_PHONE.format(n=QUESTIONS_PER_PHONE))
    question = MeetingQuestion(
        meeting_id=meeting.id, category_id=form.category_id, body=body, case_id=case_id, device_hash=phone, supporters=1
    )
    session.add(question)
    session.flush()
    session.add(QuestionSupport(question_id=question.id, device_hash=phone))  # the asker counts once
    session.flush()
    return question


def support(*, session: Session, secret: str, meeting_id: int | None, question_id: int | None, device: str) -> int:
    """我也关心 on a question of this meeting: once per phone and question. Returns the new count."""
    question = session.get(MeetingQuestion, question_id) if question_id else None
    if question is None or question.meeting_id != meeting_id:
        raise UserError(strings.QUESTION_NOT_FOUND)
    meeting = public_meeting(session, question.meeting_id)
    if question.merged_into_id is not None:
        question = session.get(MeetingQuestion, question.merged_into_id)
    if not questions_open(meeting):
        raise UserError(strings.QUESTIONS_CLOSED)
    if not device:
        raise UserError(DEVICE_NEEDED)
    phone = device_hash(secret, device)
    try:
        with session.begin_nested():
            session.add(QuestionSupport(question_id=question.id, device_hash=phone))
            session.flush()
    except IntegrityError as err:
        raise UserError(strings.SUPPORT_OWN if phone == question.device_hash else strings.ALREADY_SUPPORTED) from err
    session.execute(
        sa_update(MeetingQuestion)
        .where(col(MeetingQuestion.id) == question.id)
        .values(supporters=MeetingQuestion.supporters + 1)
    )
    session.refresh(question)
    return question.supporters


def supported_by(session: Session, secret: str, device: str, question_ids: list[int]) -> set[int]:
    """Which of these questions this phone has asked or supported."""
    if not device or not question_ids:
        return set()
    phone = device_hash(secret, device)
    return set(
        session.exec(
            select(QuestionSupport.question_id).where(
                QuestionSupport.device_hash == phone, col(QuestionSupport.question_id).in_(question_ids)
            )
        ).all()
    )


def questions(session: Session, meeting_id: int) -> list[MeetingQuestion]:
    """A meeting's questions not merged into another: the agenda first, then by 我也关心."""
    rows = session.exec(
        select(MeetingQuestion).where(
            MeetingQuestion.meeting_id == meeting_id, col(MeetingQuestion.merged_into_id).is_(None)
        )
    ).all()
    return sorted(rows, key=lambda q: (not q.on_agenda, -q.supporters, q.id))


def case_ids_behind(session: Session, question_id: int) -> list[int]:
    """The cases behind a question: its own link and those of the questions merged into it."""
    rows = session.exec(
        select(MeetingQuestion.case_id).where(
            (MeetingQuestion.id == question_id) | (MeetingQuestion.merged_into_id == question_id),
            col(MeetingQuestion.case_id).is_not(None),
        )
    ).all()
    return sorted({cid for cid in rows if cid is not None})


# ---- staff: merge, agenda, minutes ------------------------------------------------------------


def _question_for_staff(session: Session, actor: Principal, question_id: int | None) -> MeetingQuestion:
    require(actor, Perm.MEETING_MANAGE)
    question = session.get(MeetingQuestion, question_id) if question_id else None
    if question is None:
        raise UserError(strings.QUESTION_NOT_FOUND)
    if question.merged_into_id is not None:
        raise UserError(strings.QUESTION_MERGED)
    return question


def merge(*, session: Session, actor: Principal, keep_id: int | None, merge_ids: list[int]) -> MeetingQuestion:
    """Merge duplicates into one: their 我也关心 (each phone once) and their linked cases follow."""
    keep = _question_for_staff(session, actor, keep_id)
    others = [i for i in dict.fromkeys(merge_ids) if i != keep.id]
    if keep.id in merge_ids and not others:
        raise UserError(strings.MERGE_INTO_ITSELF)
    if not others:
        raise UserError(strings.MERGE_PICK)
    for other_id in others:
        other = _question_for_staff(session, actor, other_id)
        if other.meeting_id != keep.meeting_id:
            raise UserError(strings.MERGE_OTHER_MEETING)
        for child in session.exec(select(MeetingQuestion).where(MeetingQuestion.merged_into_id == other.id)).all():
            child.merged_into_id = keep.id
            session.add(child)
        other.merged_into_id = keep.id
        other.on_agenda = False
        session.add(other)
        have = set(
            session.exec(select(QuestionSupport.device_hash).where(QuestionSupport.question_id == keep.id)).all()
        )
        for sup in session.exec(select(QuestionSupport).where(QuestionSupport.question_id == other.id)).all():
            if sup.device_hash not in have:
                session.add(
                    QuestionSupport(question_id=keep.id, device_hash=sup.device_hash, created_at=sup.created_at)
                )
                have.add(sup.device_hash)
    session.flush()
    keep.supporters = session.exec(
        select(func.count()).select_from(QuestionSupport).where(QuestionSupport.question_id == keep.id)
    ).one()
    session.add(keep)
    session.flush()
    audit.record(
        session=session,
        action="meeting.merge",
        actor_id=actor.user_id,
        target_type="meeting_question",
        target_id=keep.id,
        merged=others,
    )
    return keep


def set_agenda(*, session: Session, actor: Principal, question_id: int | None, on: bool) -> MeetingQuestion:
    question = _question_for_staff(session, actor, question_id)
    if get_meeting(session, question.meeting_id).status == MeetingStatus.minutes.value:
        raise UserError(strings.MINUTES_ALREADY)
    question.on_agenda = on
    session.add(question)
    return question


def record_answer(*, session: Session, actor: Principal, question_id: int | None, answer: str) -> MeetingQuestion:
    question = _question_for_staff(session, actor, question_id)
    if not question.on_agenda:
        raise UserError(strings.NOT_ON_AGENDA)
    answer = visible(answer)
    if not 2 <= len(answer) <= ANSWER_MAX:
        raise UserError(strings.ANSWER_LENGTH)
    question.answer = answer
    session.add(question)
    return question


def publish_minutes(
    *, session: Session, actor: Principal, meeting_id: int, summary: str = "", public_url: str = ""
) -> Meeting:
    """Publish the minutes: the meeting's page shows each agenda question's answer and
    commitments, and the cases behind each question are told what was answered."""
    require(actor, Perm.MEETING_MANAGE)
    meeting = get_meeting(session, meeting_id)
    if meeting.status == MeetingStatus.minutes.value:
        raise UserError(strings.MINUTES_ALREADY)
    if meeting.status == MeetingStatus.draft.value:
        raise UserError(strings.MEETING_NOT_ANNOUNCED)
    if utcnow() < meeting.starts_at:
        raise UserError(strings.MINUTES_NOT_YET)
    summary = visible(summary)
    if len(summary) > 3000:
        raise UserError(strings.SUMMARY_LENGTH)
    agenda = [q for q in questions(session, meeting.id) if q.on_agenda]
    if not agenda:
        raise UserError(strings.MINUTES_NEED_AGENDA)
    missing = [q for q in agenda if not q.answer]
    if missing:
        raise UserError(strings.MINUTES_NEED_ANSWERS.format(n=len(missing)))
    meeting.status = MeetingStatus.minutes.value
    meeting.summary = summary
    meeting.minutes_published_at = utcnow()
    session.add(meeting)
    name = meeting_name(session, meeting)
    offices = {o.id: o.name for o in session.exec(select(Office)).all()}
    for q in agenda:
        promised = session.exec(select(Commitment).where(Commitment.question_id == q.id).order_by(col(Commitment.id)))
        lines = [
            strings.NEWS_PROMISED.format(what=c.what, office=offices.get(c.office_id, ""), due=c.due_on.isoformat())
            for c in promised.all()
        ]
        proposals.post_meeting_news(
            session=session,
            actor=actor,
            case_ids=case_ids_behind(session, q.id),
            kind="meeting",
            body="\n".join([strings.NEWS_MINUTES.format(meeting=name, answer=q.answer), *lines]),
            public_url=public_url,
        )
    audit.record(
        session=session, action="meeting.minutes", actor_id=actor.user_id, target_type="meeting", target_id=meeting.id
    )
    return meeting
