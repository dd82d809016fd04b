"""Events with limited places (食堂开放日 and the like): registration, a reproducible lottery, the
waitlist, tickets checked at the door, no-shows, ratings.

Places are never given twice, whatever the traffic: each share of places (a college's quota, or
the places open to everyone) is a row whose ``taken`` moves only by one conditional UPDATE
(``taken < places``); a registration moves between states by conditional UPDATEs too (a ticket is
used once, a cancellation happens once, an offer is taken once).

The lottery is reproducible. When registration opens, the seed's SHA-256 is public; when it
closes the seed is revealed with the list of entries (entry number and masked student number)
and the list's hash. Each entry's draw key is ``sha256(seed + ":" + entry number)``; entries are
taken in ascending key order, each into its college's quota if it has one with room, else into
the places open to all; the rest form the waitlist in that order.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit, codes
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import College
from quanyi_app.core.campustime import local_str, parse_local
from quanyi_app.core.contact import EMAIL_RE, PHONE_RE, device_hash, mask_student_no
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.routes import absolute
from quanyi_app.core.strings import DEVICE_NEEDED
from quanyi_app.core.textclean import visible
from quanyi_app.events import routes, strings
from quanyi_app.events.models import (
    HOLDS_A_PLACE,
    Event,
    EventMode,
    EventPool,
    EventStatus,
    Registration,
)
from quanyi_app.events.models import RegistrationStatus as RS
from quanyi_app.proposals import public as proposals

STUDENT_NO_RE = re.compile(r"^[0-9A-Za-z]{6,20}$")
PER_PHONE = 3  # registrations one phone may make for one event (a roommate's too)
PURGE_AFTER = timedelta(days=90)


def student_key(secret: str, event_id: int, student_no: str) -> str:
    return hmac.new(secret.encode(), f"event:{event_id}:{student_no.upper()}".encode(), hashlib.sha256).hexdigest()


def draw_key(seed: str, entry_no: int) -> str:
    return hashlib.sha256(f"{seed}:{entry_no}".encode()).hexdigest()


def entry_line(entry_no: int, masked: str) -> str:
    return f"{entry_no}|{masked}"


# ---- staff: create and open ---------------------------------------------------------------------


@dataclass(frozen=True)
class EventForm:
    title: str
    place: str
    starts: str
    ends: str
    places: int | None
    reg_opens: str
    reg_closes: str
    mode: str = EventMode.lottery.value
    description: str = ""
    confirm_hours: int | None = 24
    quotas: dict[int, int] | None = None  # college id -> places kept for it


def _checked(session: Session, form: EventForm) -> dict:
    title, place, description = visible(form.title), visible(form.place), visible(form.description)
    if not 4 <= len(title) <= 80:
        raise UserError(strings.EV_TITLE_LENGTH)
    if not 2 <= len(place) <= 80:
        raise UserError(strings.PLACE_LENGTH)
    if len(description) > 2000:
        raise UserError(strings.TOPICS_LENGTH)
    starts, opens, closes = parse_local(form.starts), parse_local(form.reg_opens), parse_local(form.reg_closes)
    if starts is None:
        raise UserError(strings.STARTS_INVALID)
    ends_text = (form.ends or "").strip()
    if ends_text and len(ends_text) <= 5:
        ends_text = f"{local_str(starts, '%Y-%m-%d')} {ends_text}"
    ends = parse_local(ends_text) if ends_text else starts + timedelta(hours=2)
    if ends is None or not starts < ends <= starts + timedelta(hours=12):
        raise UserError(strings.ENDS_INVALID)
    if opens is None or closes is None or not opens < closes <= starts:
        raise UserError(strings.EV_WINDOW_INVALID)
    if form.places is None or not 1 <= form.places <= 5000:
        raise UserError(strings.EV_PLACES_RANGE)
    if form.mode not in {m.value for m in EventMode}:
        raise UserError(strings.EV_MODE_INVALID)
    if form.confirm_hours is None or not 1 <= form.confirm_hours <= 72:
        raise UserError(strings.EV_CONFIRM_HOURS)
    quotas = {cid: n for cid, n in (form.quotas or {}).items() if n}
    if any(n < 0 for n in quotas.values()) or sum(quotas.values()) > form.places:
        raise UserError(strings.EV_QUOTAS_TOO_MANY)
    known = set(session.exec(select(College.id)).all())
    if set(quotas) - known:
        raise UserError(strings.EV_QUOTA_COLLEGE)
    fields = dict(
        title=title,
        place=place,
        description=description,
        starts_at=starts,
        ends_at=ends,
        places=form.places,
        mode=form.mode,
        reg_opens_at=opens,
        reg_closes_at=closes,
        confirm_hours=form.confirm_hours,
    )
    return fields | {"quotas": quotas}


def create_event(*, session: Session, actor: Principal, form: EventForm) -> Event:
    require(actor, Perm.MEETING_MANAGE)
    fields = _checked(session, form)
    quotas = fields.pop("quotas")
    seed = secrets.token_hex(16)
    event = Event(**fields, seed=seed, seed_hash=hashlib.sha256(seed.encode()).hexdigest(), created_by_id=actor.user_id)
    session.add(event)
    session.flush()
    for college_id, n in sorted(quotas.items()):
        session.add(EventPool(event_id=event.id, college_id=college_id, places=n))
    session.add(EventPool(event_id=event.id, college_id=None, places=event.places - sum(quotas.values())))
    session.flush()
    audit.record(
        session=session, action="event.create", actor_id=actor.user_id, target_type="event", target_id=event.id
    )
    return event


def get_event(session: Session, event_id: int | None) -> Event:
    event = session.get(Event, event_id) if event_id else None
    if event is None:
        raise UserError(strings.EV_NOT_FOUND)
    return event


def public_event(session: Session, event_id: int | None) -> Event:
    event = get_event(session, event_id)
    if event.status == EventStatus.draft.value:
        raise UserError(strings.EV_NOT_FOUND)
    return event


def open_event(*, session: Session, actor: Principal, event_id: int | None) -> Event:
    require(actor, Perm.MEETING_MANAGE)
    event = get_event(session, event_id)
    if event.status != EventStatus.draft.value:
        raise UserError(strings.EV_ALREADY_OPEN)
    event.status = EventStatus.open.value
    session.add(event)
    session.flush()
    return event


def for_meeting(session: Session, meeting_id: int) -> Event | None:
    """The registration of a meeting's student attendees, if it has seats."""
    return session.exec(select(Event).where(Event.meeting_id == meeting_id)).first()


def follow_meeting(session: Session, event: Event, meeting, name: str) -> None:
    """A meeting's attendee registration follows the meeting's edits (its seats only while nobody
    has registered: the caller checks)."""
    event.title = strings.ATTENDEES_TITLE.format(name=name)
    event.place, event.starts_at, event.ends_at = meeting.place, meeting.starts_at, meeting.ends_at
    event.reg_closes_at = meeting.starts_at
    if event.places != meeting.seats:
        general = next(p for p in pools(session, event.id) if p.college_id is None)
        general.places += meeting.seats - event.places
        if general.places < 0:
            raise UserError(strings.EV_QUOTAS_TOO_MANY)
        event.places = meeting.seats
        session.add(general)
    session.add(event)
    session.flush()


def public_events(*, session: Session) -> list[Event]:
    """Announced events that are not over, soonest first; then the last few held."""
    rows = session.exec(
        select(Event).where(Event.status != EventStatus.draft.value).order_by(col(Event.starts_at).desc())
    ).all()
    now = utcnow()
    upcoming = sorted((e for e in rows if e.ends_at >= now), key=lambda e: e.starts_at)
    return upcoming + [e for e in rows if e.ends_at < now][:10]


def staff_events(*, session: Session, actor: Principal) -> list[Event]:
    require(actor, Perm.MEETING_MANAGE)
    return list(session.exec(select(Event).order_by(col(Event.starts_at).desc())).all())


def pools(session: Session, event_id: int) -> list[EventPool]:
    return list(session.exec(select(EventPool).where(EventPool.event_id == event_id).order_by(col(EventPool.id))).all())


def places_left(session: Session, event_id: int) -> int:
    return sum(p.places - p.taken for p in pools(session, event_id))


# ---- places: take one, give one back ----------------------------------------------------------------


def _take_place(session: Session, event_id: int, college_id: int | None) -> int | None:
    """A place for a student of ``college_id``: from their college's quota while it has room,
    else from the places open to all. Returns the pool, or None when there is no place."""
    rows = pools(session, event_id)
    mine = [p for p in rows if p.college_id is not None and p.college_id == college_id]
    for pool in mine + [p for p in rows if p.college_id is None]:
        won = session.execute(
            sa_update(EventPool)
            .where(col(EventPool.id) == pool.id, EventPool.taken < EventPool.places)
            .values(taken=EventPool.taken + 1)
        )
        if won.rowcount == 1:
            return pool.id
    return None


def _give_back(session: Session, pool_id: int | None) -> None:
    if pool_id is not None:
        session.execute(
            sa_update(EventPool)
            .where(col(EventPool.id) == pool_id, EventPool.taken > 0)
            .values(taken=EventPool.taken - 1)
        )


def _move(session: Session, reg_id: int, frm: tuple[str, ...], to: str, **values) -> bool:
    """Move a registration from one of ``frm`` to ``to`` (once, however many try at once)."""
    done = session.execute(
        sa_update(Registration)
        .where(col(Registration.id) == reg_id, col(Registration.status).in_(frm))
        .values(status=to, **values)
    )
    return done.rowcount == 1


# ---- students: register, see the result, cancel, confirm, rate -------------------------------------


@dataclass(frozen=True)
class RegistrationForm:
    event_id: int | None
    name: str
    student_no: str
    college_id: int | None
    phone: str = ""
    email: str = ""
    note: str = ""
    device: str = ""


def _form_values(form: RegistrationForm, session: Session) -> dict:
    name = visible(form.name)
    if not 1 <= len(name) <= 32:
        raise UserError(strings.EV_NAME_REQUIRED)
    student_no = (form.student_no or "").strip().upper()
    if not STUDENT_NO_RE.match(student_no):
        raise UserError(strings.EV_STUDENT_NO_INVALID)
    if not form.college_id or session.get(College, form.college_id) is None:
        raise UserError(strings.EV_COLLEGE_REQUIRED)
    phone, email = (form.phone or "").strip().replace(" ", ""), (form.email or "").strip()
    if not phone and not email:
        raise UserError(strings.EV_CONTACT_REQUIRED)
    if phone and not PHONE_RE.match(phone):
        raise UserError(strings.EV_PHONE_INVALID)
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        raise UserError(strings.EV_EMAIL_INVALID)
    note = visible(form.note)
    if len(note) > 200:
        raise UserError(strings.EV_NOTE_LENGTH)
    return dict(name=name, student_no=student_no, college_id=form.college_id, phone=phone, email=email, note=note)


def window_state(event: Event, now: datetime | None = None) -> str:
    """'before', 'open' or 'closed' (registration)."""
    now = now or utcnow()
    if event.status != EventStatus.open.value or now >= event.reg_closes_at:
        return "closed"
    return "before" if now < event.reg_opens_at else "open"


def register(form: RegistrationForm, *, session: Session, secret: str, public_url: str = "") -> Registration:
    event = public_event(session, form.event_id)
    state = window_state(event)
    if state == "before":
        raise UserError(strings.EV_NOT_YET.format(when=local_str(event.reg_opens_at)))
    if state == "closed":
        raise UserError(strings.EV_CLOSED)
    values = _form_values(form, session)
    if not form.device:
        raise UserError(DEVICE_NEEDED)
    phone = device_hash(secret, form.device)
    made = session.exec(
        select(func.count())
        .select_from(Registration)
        .where(Registration.event_id == event.id, Registration.device_hash == phone)
    ).one()
    if made >= PER_PHONE:
        raise UserError(strings.EV_PER_PHONE.format(n=PER_PHONE))
    reg = Registration(
        event_id=event.id,
        code=codes.unique_code(session, Registration.code),
        ticket=codes.unique_code(session, Registration.ticket, length=codes.QR_CODE_LENGTH),
        student_key=student_key(secret, event.id, values["student_no"]),
        device_hash=phone,
        **values,
    )
    try:
        with session.begin_nested():
            session.add(reg)
            session.flush()
    except IntegrityError as err:
        raise UserError(strings.EV_TWICE) from err
    if event.mode == EventMode.first_come.value:
        pool = _take_place(session, event.id, reg.college_id)
        if pool is not None:
            reg.status, reg.pool_id, reg.decided_at = RS.confirmed.value, pool, utcnow()
        else:
            reg.status, reg.position = RS.waitlist.value, reg.id
        session.add(reg)
        session.flush()
        _tell(session, event, reg, public_url)
    return reg


def by_code(session: Session, code: str) -> tuple[Registration, Event]:
    norm = codes.normalise(code)
    reg = session.exec(select(Registration).where(Registration.code == norm)).first() if norm else None
    if reg is None or reg.purged_at is not None:
        raise UserError(strings.EV_REG_NOT_FOUND)
    return reg, get_event(session, reg.event_id)


def cancel(*, session: Session, code: str, public_url: str = "") -> Registration:
    reg, event = by_code(session, code)
    if reg.status == RS.cancelled.value:
        raise UserError(strings.EV_ALREADY_CANCELLED)
    if utcnow() >= event.starts_at or reg.status in (RS.attended.value, RS.no_show.value, RS.lapsed.value):
        raise UserError(strings.EV_CANNOT_CANCEL)
    held = reg.status in HOLDS_A_PLACE
    if not _move(
        session,
        reg.id,
        (RS.entered.value, RS.confirmed.value, RS.offered.value, RS.waitlist.value),
        RS.cancelled.value,
        decided_at=utcnow(),
    ):
        raise UserError(strings.EV_ALREADY_CANCELLED)
    if held:
        _pass_on(session, event, reg.pool_id, public_url)
    session.refresh(reg)
    return reg


def confirm(*, session: Session, code: str) -> Registration:
    """The waitlisted student offered a freed place takes it (before the deadline)."""
    reg, event = by_code(session, code)
    if reg.status == RS.confirmed.value:
        return reg
    if reg.status != RS.offered.value:
        raise UserError(strings.EV_NO_OFFER)
    if reg.offer_expires_at is None or utcnow() >= reg.offer_expires_at:
        raise UserError(strings.EV_OFFER_LAPSED)
    if not _move(session, reg.id, (RS.offered.value,), RS.confirmed.value, decided_at=utcnow()):
        raise UserError(strings.EV_NO_OFFER)
    session.refresh(reg)
    return reg


def rate(*, session: Session, code: str, stars: int, comment: str) -> Registration:
    reg, event = by_code(session, code)
    if reg.status != RS.attended.value:
        raise UserError(strings.EV_RATE_ATTENDED_ONLY)
    if reg.rating is not None:
        raise UserError(strings.EV_ALREADY_RATED)
    if not 1 <= stars <= 5:
        raise UserError(strings.EV_RATE_STARS)
    comment = visible(comment)
    if len(comment) > 500:
        raise UserError(strings.EV_COMMENT_LENGTH)
    reg.rating, reg.comment = stars, comment
    session.add(reg)
    return reg


# ---- the waitlist: freed places are offered in order ----------------------------------------------


def _pass_on(session: Session, event: Event, pool_id: int | None, public_url: str) -> Registration | None:
    """A place of ``pool_id`` was freed: offer it to the next on the waitlist who may use it
    (the college of a quota; anyone for the places open to all). No one: the place is free."""
    pool = session.get(EventPool, pool_id) if pool_id else None
    if pool is None:
        return None
    if utcnow() < event.starts_at and event.status in (EventStatus.open.value, EventStatus.drawn.value):
        waiting = select(Registration).where(
            Registration.event_id == event.id, Registration.status == RS.waitlist.value
        )
        if pool.college_id is not None:
            waiting = waiting.where(Registration.college_id == pool.college_id)
        for nxt in session.exec(waiting.order_by(col(Registration.position), col(Registration.id))).all():
            expires = min(utcnow() + timedelta(hours=event.confirm_hours), event.starts_at)
            if _move(
                session, nxt.id, (RS.waitlist.value,), RS.offered.value, pool_id=pool.id, offer_expires_at=expires
            ):
                session.refresh(nxt)
                _tell(session, event, nxt, public_url)
                return nxt
    _give_back(session, pool.id)
    return None


def lapse_offers(*, session: Session, public_url: str = "", now: datetime | None = None) -> int:
    """Offers not confirmed in time lapse, and their place passes on."""
    now = now or utcnow()
    lapsed = 0
    for reg in session.exec(
        select(Registration).where(Registration.status == RS.offered.value, col(Registration.offer_expires_at) <= now)
    ).all():
        if _move(session, reg.id, (RS.offered.value,), RS.lapsed.value, decided_at=now):
            lapsed += 1
            _tell_lapsed(session, get_event(session, reg.event_id), reg, public_url)
            _pass_on(session, get_event(session, reg.event_id), reg.pool_id, public_url)
    return lapsed


REMIND_BEFORE = timedelta(hours=24)


def remind_upcoming(*, session: Session, public_url: str = "", now: datetime | None = None) -> int:
    """The day before an event, remind everyone holding a place (who left an email or a phone):
    when, where, and the link to their ticket. Once per registration, however many nodes run this
    at once: each reminder is claimed by a conditional UPDATE of ``reminded_at``."""
    now = now or utcnow()
    due = session.exec(
        select(Registration, Event)
        .join(Event, col(Event.id) == col(Registration.event_id))
        .where(
            col(Event.starts_at) > now,
            col(Event.starts_at) <= now + REMIND_BEFORE,
            Registration.status == RS.confirmed.value,
            col(Registration.reminded_at).is_(None),
            col(Registration.purged_at).is_(None),
            (col(Registration.email) != "") | (col(Registration.phone) != ""),
        )
    ).all()
    sent = 0
    for reg, event in due:
        claimed = session.execute(
            sa_update(Registration)
            .where(col(Registration.id) == reg.id, col(Registration.reminded_at).is_(None))
            .values(reminded_at=now)
        )
        if claimed.rowcount != 1:
            continue
        link = absolute(public_url, routes.registration_url(reg.code))
        body = strings.MAIL_REMINDER.format(
            title=event.title, when=local_str(event.starts_at), place=event.place, link=link
        )
        _send(session, reg, strings.MAIL_REMINDER_SUBJECT.format(title=event.title), body)
        sent += 1
    return sent


# ---- the draw ---------------------------------------------------------------------------------------


def close_now(*, session: Session, actor: Principal, event_id: int | None, public_url: str = "") -> Event:
    """Staff end registration early and give the places now."""
    require(actor, Perm.MEETING_MANAGE)
    event = get_event(session, event_id)
    if event.status != EventStatus.open.value:
        raise UserError(strings.EV_ALREADY_DRAWN)
    now = utcnow()
    if event.reg_closes_at > now:
        event.reg_closes_at = now
        session.add(event)
        session.flush()
    draw(session=session, event_id=event.id, public_url=public_url)
    audit.record(session=session, action="event.draw", actor_id=actor.user_id, target_type="event", target_id=event.id)
    session.refresh(event)
    return event


def draw(*, session: Session, event_id: int, public_url: str = "") -> bool:
    """Close registration and give the places (once: the first to move the event from open to
    drawn does it). In lottery mode, entries are ordered by their draw keys."""
    now = utcnow()
    claimed = session.execute(
        sa_update(Event)
        .where(col(Event.id) == event_id, Event.status == EventStatus.open.value, Event.reg_closes_at <= now)
        .values(status=EventStatus.drawn.value, drawn_at=now)
    )
    if claimed.rowcount != 1:
        return False
    event = get_event(session, event_id)
    session.refresh(event)
    entries = list(
        session.exec(select(Registration).where(Registration.event_id == event.id).order_by(col(Registration.id))).all()
    )
    for n, reg in enumerate(entries, start=1):
        reg.entry_no = n
        session.add(reg)
    event.list_hash = hashlib.sha256(
        "\n".join(entry_line(r.entry_no, mask_student_no(r.student_no)) for r in entries).encode()
    ).hexdigest()
    session.add(event)
    session.flush()
    drawn = sorted((r for r in entries if r.status == RS.entered.value), key=lambda r: draw_key(event.seed, r.entry_no))
    for position, reg in enumerate(drawn, start=1):
        pool = _take_place(session, event.id, reg.college_id)
        if pool is not None:
            _move(
                session,
                reg.id,
                (RS.entered.value,),
                RS.confirmed.value,
                pool_id=pool,
                position=position,
                won_draw=True,
                decided_at=now,
            )
        else:
            _move(session, reg.id, (RS.entered.value,), RS.waitlist.value, position=position, decided_at=now)
        session.refresh(reg)
        _tell(session, event, reg, public_url)
    return True


def draw_due(*, session: Session, public_url: str = "") -> int:
    """The job: every event whose registration has closed gets its places."""
    due = session.exec(
        select(Event.id).where(Event.status == EventStatus.open.value, Event.reg_closes_at <= utcnow())
    ).all()
    return sum(draw(session=session, event_id=eid, public_url=public_url) for eid in due)


@dataclass
class Entry:
    entry_no: int
    masked: str
    key: str
    position: int | None
    won: bool


def lottery(session: Session, event: Event) -> list[Entry]:
    """The published draw: each entry, its key and where it came (after the draw)."""
    if event.drawn_at is None:
        return []
    rows = session.exec(
        select(Registration).where(Registration.event_id == event.id, col(Registration.entry_no).is_not(None))
    ).all()
    out = [
        Entry(
            entry_no=r.entry_no,
            masked=mask_student_no(r.student_no) if r.purged_at is None else "—",
            key=draw_key(event.seed, r.entry_no),
            position=r.position,
            won=r.won_draw,
        )
        for r in rows
    ]
    return sorted(out, key=lambda e: e.key)


# ---- the door: tickets, no-shows, a problem raised ---------------------------------------------------


def check_in(*, session: Session, actor: Principal, event_id: int | None, ticket: str) -> Registration:
    require(actor, Perm.MEETING_MANAGE)
    event = get_event(session, event_id)
    norm = codes.normalise((ticket or "").strip().rsplit("/", 1)[-1])
    reg = session.exec(select(Registration).where(Registration.ticket == norm)).first() if norm else None
    if reg is None:
        raise UserError(strings.EV_TICKET_UNKNOWN)
    if reg.event_id != event.id:
        raise UserError(strings.EV_TICKET_OTHER_EVENT)
    if reg.status == RS.attended.value:
        raise UserError(strings.EV_TICKET_USED.format(when=local_str(reg.checked_in_at)))
    if reg.status != RS.confirmed.value:
        raise UserError(
            strings.EV_TICKET_NOT_VALID.format(status=strings.REG_STATUS_LABELS.get(reg.status, reg.status))
        )
    if not _move(
        session,
        reg.id,
        (RS.confirmed.value,),
        RS.attended.value,
        checked_in_at=utcnow(),
        checked_in_by_id=actor.user_id,
    ):
        session.refresh(reg)
        raise UserError(strings.EV_TICKET_USED.format(when=local_str(reg.checked_in_at)))
    session.refresh(reg)
    return reg


def record_no_shows(*, session: Session, actor: Principal, event_id: int | None) -> int:
    require(actor, Perm.MEETING_MANAGE)
    event = get_event(session, event_id)
    if utcnow() < event.starts_at:
        raise UserError(strings.EV_NOT_STARTED)
    missed = session.execute(
        sa_update(Registration)
        .where(Registration.event_id == event.id, Registration.status == RS.confirmed.value)
        .values(status=RS.no_show.value)
    ).rowcount
    event.status = EventStatus.done.value
    session.add(event)
    return missed


def raise_case(
    *,
    session: Session,
    actor: Principal,
    event_id: int | None,
    description: str,
    category_id: int | None = None,
    registration_id: int | None = None,
    secret: str,
    public_url: str = "",
) -> str:
    """A problem raised at the event (by staff on the spot, or an attendee's comment) becomes a
    case in one tap, followed like any other. Returns its tracking code."""
    require(actor, Perm.MEETING_MANAGE)
    event = get_event(session, event_id)
    reg = None
    if registration_id is not None:
        reg = session.get(Registration, registration_id)
        if reg is None or reg.event_id != event.id or not reg.comment:
            raise UserError(strings.EV_REG_NOT_FOUND)
        if reg.case_id is not None:
            raise UserError(strings.EV_CASE_ALREADY)
        description = description or reg.comment
    text = visible(description)
    if not 5 <= len(text) <= 1900:
        raise UserError(strings.EV_CASE_LENGTH)
    opened = proposals.open_case_from(
        session=session,
        actor=actor,
        category_code="canteen",
        category_id=category_id,
        description=strings.EV_CASE_TEXT.format(title=event.title, text=text),
        building_id=None,
        photo_ids=[],
        secret=secret,
        public_url=public_url,
        source="event",
    )
    if reg is not None:
        reg.case_id = opened.id
        session.add(reg)
    audit.record(session=session, action="event.case", actor_id=actor.user_id, target_type="event", target_id=event.id)
    return opened.tracking_code


# ---- telling students -------------------------------------------------------------------------------


def _send(session: Session, reg: Registration, subject: str, body: str) -> None:
    if reg.email:
        session.add(OutboundMessage(recipient=reg.email, subject=subject, body=body))
    elif reg.phone:
        session.add(OutboundMessage(channel="sms", recipient=reg.phone, subject=subject, body=body))


def _tell(session: Session, event: Event, reg: Registration, public_url: str) -> None:
    link = absolute(public_url, routes.registration_url(reg.code))
    words = {
        RS.confirmed.value: strings.MAIL_CONFIRMED,
        RS.waitlist.value: strings.MAIL_WAITLIST,  # {position}: its place in the line when told
        RS.offered.value: strings.MAIL_OFFERED,
    }.get(reg.status)
    if words is None:
        return
    body = words.format(
        title=event.title,
        when=local_str(event.starts_at),
        place=event.place,
        position=waitlist_rank(session, reg) or "",
        deadline=local_str(reg.offer_expires_at),
        link=link,
    )
    _send(session, reg, strings.MAIL_SUBJECT.format(title=event.title), body)


def _tell_lapsed(session: Session, event: Event, reg: Registration, public_url: str) -> None:
    body = strings.MAIL_LAPSED.format(title=event.title, link=absolute(public_url, routes.registration_url(reg.code)))
    _send(session, reg, strings.MAIL_SUBJECT.format(title=event.title), body)


# ---- reading -----------------------------------------------------------------------------------------


def waitlist_rank(session: Session, reg: Registration) -> int | None:
    """Where a waitlisted registration stands now (1: the next freed place is offered to it)."""
    if reg.status != RS.waitlist.value:
        return None
    ahead = session.exec(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == reg.event_id,
            Registration.status == RS.waitlist.value,
            (col(Registration.position) < reg.position)
            | ((col(Registration.position) == reg.position) & (col(Registration.id) < reg.id)),
        )
    ).one()
    return ahead + 1


def registrations(*, session: Session, actor: Principal, event_id: int) -> list[Registration]:
    """An event's registrations, for its staff page (which shows numbers and phones masked)."""
    require(actor, Perm.MEETING_MANAGE)
    return list(
        session.exec(select(Registration).where(Registration.event_id == event_id).order_by(col(Registration.id))).all()
    )


def counts(session: Session, event_id: int) -> dict[str, int]:
    rows = session.exec(
        select(Registration.status, func.count()).where(Registration.event_id == event_id).group_by(Registration.status)
    ).all()
    return dict(rows)


def purge_personal_data(*, session: Session, now: datetime | None = None) -> int:
    """Registrations' names, numbers and contacts are blanked 90 days after their event."""
    now = now or utcnow()
    old = session.exec(select(Event.id).where(Event.ends_at < now - PURGE_AFTER, col(Event.purged_at).is_(None))).all()
    blanked = 0
    for event_id in old:
        blanked += session.execute(
            sa_update(Registration)
            .where(Registration.event_id == event_id, col(Registration.purged_at).is_(None))
            .values(name="", student_no="", phone="", email="", note="", comment="", purged_at=now)
        ).rowcount
        session.execute(sa_update(Event).where(col(Event.id) == event_id).values(purged_at=now))
    return blanked


@dataclass
class EventFigure:
    title: str
    places: int
    entries: int
    holding: int
    attended: int
    no_show: int
    rating: float | None


def figures(*, session: Session, actor: Principal, limit: int = 4) -> list[EventFigure]:
    """The latest events: places, registrations, who came and what they thought (for the workbench)."""
    require(actor, Perm.MEETING_MANAGE)
    out = []
    for e in session.exec(
        select(Event)
        .where(Event.status != EventStatus.draft.value)
        .order_by(col(Event.starts_at).desc(), col(Event.id).desc())
        .limit(limit)
    ).all():
        c = counts(session, e.id)
        ratings = session.exec(
            select(Registration.rating).where(Registration.event_id == e.id, col(Registration.rating).is_not(None))
        ).all()
        out.append(
            EventFigure(
                title=e.title,
                places=e.places,
                entries=sum(c.values()),
                holding=sum(c.get(k, 0) for k in (*HOLDS_A_PLACE, RS.attended.value, RS.no_show.value)),
                attended=c.get(RS.attended.value, 0),
                no_show=c.get(RS.no_show.value, 0),
                rating=round(sum(ratings) / len(ratings), 1) if ratings else None,
            )
        )
    return out
