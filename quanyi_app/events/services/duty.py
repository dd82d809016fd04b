"""The duty room (权益服务值班室): its weekly hours and place, who is on duty (a roster with swaps
for a given week), the "now open / next open" line, walk-ins logged in seconds — as a case the
student follows by its tracking code, or as a consultation with no personal data — and the
monthly figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quanyi_app.core import audit
from quanyi_app.core.accounts.models import User
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import CAMPUS_TZ
from quanyi_app.core.contact import EMAIL_RE, PHONE_RE
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.permissions import Perm, grants, require, roles_with
from quanyi_app.core.routes import absolute
from quanyi_app.core.textclean import visible
from quanyi_app.events import strings
from quanyi_app.events.models import DutyRoster, DutySlot, DutySwap, DutyVisit
from quanyi_app.proposals import public as proposals

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# ---- hours and roster ----------------------------------------------------------------------------


def slots(*, session: Session) -> list[DutySlot]:
    return list(
        session.exec(
            select(DutySlot).where(col(DutySlot.active)).order_by(col(DutySlot.weekday), col(DutySlot.starts))
        ).all()
    )


def add_slot(
    *, session: Session, actor: Principal, weekday: int | None, starts: str, ends: str, place: str
) -> DutySlot:
    require(actor, Perm.DUTY_DESK)
    if weekday is None or not 0 <= weekday <= 6:
        raise UserError(strings.DUTY_WEEKDAY)
    starts, ends, place = (starts or "").strip(), (ends or "").strip(), visible(place)
    if not TIME_RE.match(starts) or not TIME_RE.match(ends) or ends <= starts:
        raise UserError(strings.DUTY_HOURS)
    if not 2 <= len(place) <= 80:
        raise UserError(strings.PLACE_LENGTH)
    slot = DutySlot(weekday=weekday, starts=starts, ends=ends, place=place)
    session.add(slot)
    session.flush()
    return slot


def _slot(session: Session, slot_id: int | None) -> DutySlot:
    slot = session.get(DutySlot, slot_id) if slot_id else None
    if slot is None or not slot.active:
        raise UserError(strings.DUTY_SLOT_NOT_FOUND)
    return slot


def remove_slot(*, session: Session, actor: Principal, slot_id: int | None) -> None:
    require(actor, Perm.DUTY_DESK)
    slot = _slot(session, slot_id)
    slot.active = False
    session.add(slot)


def _on_duty_user(session: Session, user_id: int | None) -> User:
    user = session.get(User, user_id) if user_id else None
    if user is None or not user.active or not grants(user.role, Perm.DUTY_DESK):
        raise UserError(strings.DUTY_PERSON)
    return user


def set_roster(*, session: Session, actor: Principal, slot_id: int | None, user_id: int | None, on: bool) -> None:
    require(actor, Perm.DUTY_DESK)
    slot = _slot(session, slot_id)
    user = _on_duty_user(session, user_id)
    row = session.get(DutyRoster, (slot.id, user.id))
    if on and row is None:
        session.add(DutyRoster(slot_id=slot.id, user_id=user.id))
    elif not on and row is not None:
        session.delete(row)
    session.flush()


def swap(
    *,
    session: Session,
    actor: Principal,
    slot_id: int | None,
    day: date | None,
    from_user_id: int | None,
    to_user_id: int | None,
) -> DutySwap:
    """On ``day`` (a day of this slot, today or later), ``to_user`` stands in for ``from_user``."""
    require(actor, Perm.DUTY_DESK)
    slot = _slot(session, slot_id)
    if day is None or day.weekday() != slot.weekday or day < datetime.now(CAMPUS_TZ).date():
        raise UserError(strings.DUTY_SWAP_DAY)
    if session.get(DutyRoster, (slot.id, from_user_id or 0)) is None:
        raise UserError(strings.DUTY_SWAP_NOT_ON)
    to = _on_duty_user(session, to_user_id)
    if to.id == from_user_id:
        raise UserError(strings.DUTY_SWAP_SAME)
    row = DutySwap(slot_id=slot.id, day=day, from_user_id=from_user_id, to_user_id=to.id, created_by_id=actor.user_id)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as err:
        raise UserError(strings.DUTY_SWAP_TWICE) from err
    audit.record(
        session=session, action="duty.swap", actor_id=actor.user_id, target_type="duty_slot", target_id=slot.id
    )
    return row


def on_duty(session: Session, slot: DutySlot, day: date) -> list[str]:
    """Who is on duty at ``slot`` on ``day``: the roster, with that day's swaps."""
    people = set(session.exec(select(DutyRoster.user_id).where(DutyRoster.slot_id == slot.id)).all())
    for sw in session.exec(select(DutySwap).where(DutySwap.slot_id == slot.id, DutySwap.day == day)).all():
        if sw.from_user_id in people:
            people.discard(sw.from_user_id)
            people.add(sw.to_user_id)
    names = session.exec(select(User.display_name).where(col(User.id).in_(people)).order_by(User.id)).all()
    return list(names)


@dataclass
class Opening:
    slot: DutySlot
    day: date
    starts_at: datetime
    ends_at: datetime
    people: list[str]


def _at(day: date, hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=CAMPUS_TZ)


def openings(*, session: Session, now: datetime | None = None, weeks: int = 1) -> list[Opening]:
    """The openings from now on (the current one first, if it is open now)."""
    now = (now or utcnow()).astimezone(CAMPUS_TZ)
    out = []
    for offset in range(7 * weeks + 1):
        day = now.date() + timedelta(days=offset)
        for slot in slots(session=session):
            if slot.weekday == day.weekday() and _at(day, slot.ends) > now:
                out.append(Opening(slot, day, _at(day, slot.starts), _at(day, slot.ends), on_duty(session, slot, day)))
    return sorted(out, key=lambda o: o.starts_at)


@dataclass
class DutyLine:
    open_now: bool
    text: str
    place: str
    people: list[str]


def now_line(*, session: Session, now: datetime | None = None) -> DutyLine | None:
    """值班室开放中 / 下次开放 …, or None when the duty room has no hours."""
    now = (now or utcnow()).astimezone(CAMPUS_TZ)
    upcoming = openings(session=session, now=now)
    if not upcoming:
        return None
    first = upcoming[0]
    hours = f"{first.slot.starts}–{first.slot.ends}"
    if first.starts_at <= now:
        return DutyLine(True, strings.DUTY_OPEN_NOW.format(hours=hours), first.slot.place, first.people)
    when = strings.DUTY_TODAY if first.day == now.date() else strings.WEEKDAYS[first.day.weekday()]
    return DutyLine(False, strings.DUTY_NEXT.format(when=when, hours=hours), first.slot.place, first.people)


# ---- walk-ins -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoggedCase:
    tracking_code: str
    link: str
    told: str  # "sms", "email" or ""


def log_case(
    *,
    session: Session,
    actor: Principal,
    category_id: int | None,
    description: str,
    phone: str = "",
    email: str = "",
    secret: str,
    public_url: str = "",
) -> LoggedCase:
    """A walk-in filed as a case on the spot (source 值班室). The student leaves with the
    tracking code: on a printed slip, or by SMS or email when they give a number or address."""
    require(actor, Perm.DUTY_DESK)
    if category_id not in {cid for cid, _ in proposals.categories(session=session)}:
        raise UserError(strings.QUESTION_CATEGORY)
    phone, email = (phone or "").strip().replace(" ", ""), (email or "").strip()
    if phone and not PHONE_RE.match(phone):
        raise UserError(strings.EV_PHONE_INVALID)
    if email and not EMAIL_RE.match(email):
        raise UserError(strings.EV_EMAIL_INVALID)
    opened = proposals.open_case_from(
        session=session,
        actor=actor,
        category_code="",
        category_id=category_id,
        description=description,
        building_id=None,
        photo_ids=[],
        secret=secret,
        public_url=public_url,
        source="duty",
        contact_phone=phone,
        contact_email=email,
    )
    link = absolute(public_url, proposals.track_path(opened.tracking_code))
    told = ""
    if phone:  # the email, when given, is told by the case itself (its first event)
        session.add(
            OutboundMessage(
                channel="sms",
                recipient=phone,
                subject=strings.DUTY_SMS_SUBJECT,
                body=strings.DUTY_SMS.format(code=opened.tracking_code, link=link),
                case_id=opened.id,
            )
        )
        told = "sms"
    elif email:
        told = "email"
    session.add(DutyVisit(kind="case", category_id=category_id, case_id=opened.id, logged_by_id=actor.user_id))
    return LoggedCase(opened.tracking_code, link, told)


def log_consultation(*, session: Session, actor: Principal, category_id: int | None, note: str) -> DutyVisit:
    """A question answered on the spot: its category and a short note, nobody's name."""
    require(actor, Perm.DUTY_DESK)
    if category_id not in {cid for cid, _ in proposals.categories(session=session)}:
        raise UserError(strings.QUESTION_CATEGORY)
    note = visible(note)
    if not 2 <= len(note) <= 500:
        raise UserError(strings.DUTY_NOTE_LENGTH)
    visit = DutyVisit(kind="consultation", category_id=category_id, note=note, logged_by_id=actor.user_id)
    session.add(visit)
    session.flush()
    return visit


@dataclass
class Month:
    month: str  # 2026-11
    visits: int
    cases: int
    consultations: int
    by_category: list[tuple[str, int]]  # consultations


def monthly(*, session: Session, actor: Principal, months: int = 6, now: datetime | None = None) -> list[Month]:
    require(actor, Perm.DUTY_DESK)
    now = (now or utcnow()).astimezone(CAMPUS_TZ)
    y, m = divmod(now.year * 12 + now.month - months, 12)
    first = datetime(y, m + 1, 1, tzinfo=CAMPUS_TZ)
    names = dict(proposals.categories(session=session))
    rows = session.exec(select(DutyVisit).where(DutyVisit.at >= first)).all()
    out: dict[str, Month] = {}
    for offset in range(months):
        y, m = divmod(now.year * 12 + now.month - 1 - offset, 12)
        key = f"{y}-{m + 1:02d}"
        out[key] = Month(key, 0, 0, 0, [])
    counts: dict[str, dict[str, int]] = {}
    for v in rows:
        key = v.at.astimezone(CAMPUS_TZ).strftime("%Y-%m")
        if key not in out:
            continue
        month = out[key]
        month.visits += 1
        if v.kind == "case":
            month.cases += 1
        else:
            month.consultations += 1
            name = names.get(v.category_id, strings.DUTY_OTHER)
            counts.setdefault(key, {})[name] = counts.setdefault(key, {}).get(name, 0) + 1
    for key, month in out.items():
        month.by_category = sorted(counts.get(key, {}).items(), key=lambda kv: (-kv[1], kv[0]))
    return list(out.values())


SLIP_PAGE = (80, 120)  # a receipt printer's roll, or cut from A4


def slip_pdf(*, session: Session, actor: Principal, code: str, public_url: str) -> bytes:
    """The slip a walk-in takes away: the tracking code and the QR of its page."""
    from quanyi_app.core.documents import Document

    require(actor, Perm.DUTY_DESK)
    case_id = proposals.case_by_tracking(session=session, code=code)
    if case_id is None:
        raise UserError(strings.TRACKING_UNKNOWN)
    tracking = proposals.tracking_codes(session=session, case_ids=[case_id])[case_id]
    link = absolute(public_url, proposals.track_path(tracking))
    doc = Document(strings.SLIP_TITLE, page=SLIP_PAGE)
    doc.text(strings.SLIP_TITLE, 10, bold=True, center=True)
    doc.small(strings.SLIP_CODE, center=True)
    doc.text(tracking, 20, bold=True, center=True)
    doc.qr(link, 44)
    doc.small(strings.SLIP_HINT, center=True)
    doc.small(link, center=True)
    return bytes(doc)


def people(*, session: Session, actor: Principal) -> list[tuple[int, str]]:
    """Who may be put on duty (id, name)."""
    require(actor, Perm.DUTY_DESK)
    rows = session.exec(
        select(User.id, User.display_name)
        .where(col(User.role).in_(roles_with(Perm.DUTY_DESK)), col(User.active))
        .order_by(User.id)
    ).all()
    return [(i, n) for i, n in rows]


def roster_names(session: Session, slot: DutySlot) -> list[str]:
    ids = session.exec(select(DutyRoster.user_id).where(DutyRoster.slot_id == slot.id)).all()
    return list(session.exec(select(User.display_name).where(col(User.id).in_(ids)).order_by(User.id)).all())
