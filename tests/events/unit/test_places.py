"""Events with places: registration rules, first come first served under a crowd, the reproducible
lottery with college quotas, cancellations passing places down the waitlist, tickets at the door,
no-shows, ratings and the 90-day purge."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import func, select

from quanyi_app.core.campustime import local_str
from quanyi_app.core.contact import mask_student_no
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.events import strings
from quanyi_app.events.models import Event, EventPool, Registration
from quanyi_app.events.services import places

SECRET = "s" * 40


def when(**delta) -> str:
    return local_str(utcnow() + timedelta(**delta), "%Y-%m-%d %H:%M")


def new_event(session, actor, *, mode="lottery", n=2, quotas=None, opens=-1, closes=48, starts=72):
    event = places.create_event(
        session=session,
        actor=actor,
        form=places.EventForm(
            title="第二食堂开放日",
            place="第二食堂后厨",
            starts=when(hours=starts),
            ends="",
            places=n,
            reg_opens=when(hours=opens),
            reg_closes=when(hours=closes),
            mode=mode,
            quotas=quotas,
        ),
    )
    places.open_event(session=session, actor=actor, event_id=event.id)
    session.commit()
    return event


def reg_form(event, n: int, college_id: int = 1, **kw) -> places.RegistrationForm:
    values = dict(
        event_id=event.id,
        name=f"同学{n}",
        student_no=f"2023{n:06d}",
        college_id=college_id,
        phone=f"138{n:08d}",
        device=f"phone-{n}",
    )
    return places.RegistrationForm(**(values | kw))


def register(session, event, n: int, **kw) -> Registration:
    return places.register(reg_form(event, n, **kw), session=session, secret=SECRET, public_url="https://q.example.cn")


def refused(message: str, fn, *args, **kw):
    with pytest.raises(UserError) as err:
        fn(*args, **kw)
    assert err.value.message == message


@pytest.fixture
def staff(session, campus, people):
    return people["staff"]


def test_event_forms_are_checked(session, staff, people):
    base = dict(
        title="第二食堂开放日",
        place="二食堂",
        starts=when(hours=72),
        ends="",
        places=20,
        reg_opens=when(hours=-1),
        reg_closes=when(hours=48),
    )
    for change, message in (
        ({"reg_closes": when(hours=80)}, strings.EV_WINDOW_INVALID),  # closes after it starts
        ({"reg_opens": when(hours=50)}, strings.EV_WINDOW_INVALID),
        ({"places": 0}, strings.EV_PLACES_RANGE),
        ({"mode": "auction"}, strings.EV_MODE_INVALID),
        ({"quotas": {1: 15, 2: 10}}, strings.EV_QUOTAS_TOO_MANY),
        ({"quotas": {999: 1}}, strings.EV_QUOTA_COLLEGE),
        ({"title": "开放"}, strings.EV_TITLE_LENGTH),
    ):
        refused(message, places.create_event, session=session, actor=staff, form=places.EventForm(**(base | change)))
    with pytest.raises(PermissionDenied):
        places.create_event(session=session, actor=people["office"], form=places.EventForm(**base))
    assert session.exec(select(Event)).all() == []
    event = places.create_event(session=session, actor=staff, form=places.EventForm(**(base | {"quotas": {1: 5}})))
    assert [(p.college_id, p.places) for p in places.pools(session, event.id)] == [(1, 5), (None, 15)]
    assert hashlib.sha256(event.seed.encode()).hexdigest() == event.seed_hash
    refused(strings.EV_NOT_FOUND, places.public_event, session, event.id)  # a draft


def test_registration_rules(session, staff):
    event = new_event(session, staff)
    register(session, event, 1)
    refused(strings.EV_TWICE, register, session, event, 1, device="phone-9")
    refused(strings.EV_TWICE, register, session, event, 1)
    refused(strings.EV_TWICE, register, session, event, 1, student_no="2023000001".lower(), name="别人")
    refused(strings.EV_STUDENT_NO_INVALID, register, session, event, 2, student_no="12")
    refused(strings.EV_COLLEGE_REQUIRED, register, session, event, 2, college_id=None)
    refused(strings.EV_CONTACT_REQUIRED, register, session, event, 2, phone="")
    refused(strings.EV_PHONE_INVALID, register, session, event, 2, phone="123")
    refused(strings.EV_NAME_REQUIRED, register, session, event, 2, name=" ")
    later = new_event(session, staff, opens=5, closes=10, starts=20)
    refused(strings.EV_NOT_YET.format(when=local_str(later.reg_opens_at)), register, session, later, 3)
    closed = new_event(session, staff, opens=-5, closes=-1, starts=20)
    refused(strings.EV_CLOSED, register, session, closed, 3)
    assert session.exec(select(func.count()).select_from(Registration)).one() == 1
    refused(
        "请刷新页面后再提交(已填写的内容会保留)。若仍不行,请允许本站使用 Cookie:我们用它识别这台手机,防止刷屏。",
        register,
        session,
        event,
        4,
        device="",
    )
    for n in (5, 6):
        register(session, event, n, device="phone-1")  # a roommate's, from the same phone
    refused(strings.EV_PER_PHONE.format(n=3), register, session, event, 7, device="phone-1")


def _register_alone(event_id: int, n: int) -> str:
    try:
        with session_scope() as s:
            reg = places.register(
                reg_form(s.get(Event, event_id), n), session=s, secret=SECRET, public_url="https://q.example.cn"
            )
            return reg.status
    except UserError as err:
        return err.message


def test_fifty_phones_at_once_for_twenty_first_come_places(session, staff):
    event = new_event(session, staff, mode="first_come", n=20)
    start = threading.Barrier(10)

    def go(n):
        if n < 10:
            start.wait()
        return _register_alone(event.id, n)

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(go, range(50)))
    assert outcomes.count("confirmed") == 20 and outcomes.count("waitlist") == 30, outcomes
    with session_scope() as s:
        assert sum(p.taken for p in places.pools(s, event.id)) == 20
        holding = s.exec(select(func.count()).select_from(Registration).where(Registration.status == "confirmed")).one()
        assert holding == 20


def _cancel_alone(code: str) -> str:
    try:
        with session_scope() as s:
            return places.cancel(session=s, code=code).status
    except UserError as err:
        return err.message


def test_parallel_cancellations_pass_each_place_down_once(session, staff):
    event = new_event(session, staff, mode="first_come", n=5)
    regs = [register(session, event, n) for n in range(12)]
    session.commit()
    winners, waiting = regs[:5], regs[5:]
    assert [r.status for r in waiting] == ["waitlist"] * 7
    codes = [w.code for w in winners[:4]] * 2  # four winners cancel, each tapping twice at once
    start = threading.Barrier(8)

    def go(code):
        start.wait()
        return _cancel_alone(code)

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(go, codes))
    assert outcomes.count("cancelled") == 4 and outcomes.count(strings.EV_ALREADY_CANCELLED) == 4, outcomes
    with session_scope() as s:
        status = {r.id: r.status for r in s.exec(select(Registration)).all()}
        offered = [w.id for w in waiting if status[w.id] == "offered"]
        assert offered == [w.id for w in waiting[:4]]  # the next four, in waitlist order
        assert sum(p.taken for p in places.pools(s, event.id)) == 5
        assert sum(v in ("confirmed", "offered") for v in status.values()) == 5


def test_the_lottery_is_reproducible_from_what_is_published(session, staff, people):
    event = new_event(session, staff, n=2)
    regs = [register(session, event, n) for n in range(6)]
    assert {r.status for r in regs} == {"entered"}
    with pytest.raises(PermissionDenied):
        places.close_now(session=session, actor=people["office"], event_id=event.id)
    places.close_now(session=session, actor=staff, event_id=event.id)
    refused(strings.EV_ALREADY_DRAWN, places.close_now, session=session, actor=staff, event_id=event.id)
    refused(strings.EV_CLOSED, register, session, event, 99)
    session.refresh(event)
    # Anyone re-runs it: the seed matches the hash published when registration opened, the list
    # matches its hash, and sorting the entries by sha256(seed:entry) gives the order drawn.
    entries = places.lottery(session, event)
    assert hashlib.sha256(event.seed.encode()).hexdigest() == event.seed_hash
    lines = "\n".join(places.entry_line(e.entry_no, e.masked) for e in sorted(entries, key=lambda e: e.entry_no))
    assert hashlib.sha256(lines.encode()).hexdigest() == event.list_hash
    order = sorted(range(1, 7), key=lambda n: hashlib.sha256(f"{event.seed}:{n}".encode()).hexdigest())
    assert [e.entry_no for e in entries] == order and [e.position for e in entries] == [1, 2, 3, 4, 5, 6]
    assert [e.won for e in entries] == [True, True, False, False, False, False]
    assert entries[0].masked == mask_student_no(f"2023{order[0] - 1:06d}")
    by_entry = {r.entry_no: r for r in session.exec(select(Registration)).all()}
    assert {by_entry[n].status for n in order[:2]} == {"confirmed"} and {by_entry[n].status for n in order[2:]} == {
        "waitlist"
    }
    mails = session.exec(select(OutboundMessage)).all()
    assert len(mails) == 6 and all(m.channel == "sms" for m in mails)


def test_college_quotas_keep_places_for_their_college(session, staff, campus):
    cs, law = campus["cs"].id, campus["law"].id
    event = new_event(session, staff, n=2, quotas={cs: 1})
    for n in range(5):
        register(session, event, n, college_id=law)
    lone = register(session, event, 9, college_id=cs)
    places.close_now(session=session, actor=staff, event_id=event.id)
    session.refresh(lone)
    assert lone.status == "confirmed"  # the cs quota is theirs whatever the draw
    statuses = [r.status for r in session.exec(select(Registration).where(Registration.college_id == law)).all()]
    assert statuses.count("confirmed") == 1 and statuses.count("waitlist") == 4
    assert sorted((p.college_id or 0, p.taken) for p in session.exec(select(EventPool)).all()) == [(0, 1), (cs, 1)]


def test_a_freed_place_is_offered_confirmed_or_lapses_to_the_next(session, staff):
    event = new_event(session, staff, n=1)
    regs = [register(session, event, n, email=f"s{n}@example.cn") for n in range(3)]
    places.close_now(session=session, actor=staff, event_id=event.id, public_url="https://q.example.cn")
    for r in regs:
        session.refresh(r)
    winner = next(r for r in regs if r.status == "confirmed")
    first, second = sorted((r for r in regs if r.status == "waitlist"), key=lambda r: r.position)
    refused(strings.EV_NO_OFFER, places.confirm, session=session, code=first.code)
    places.cancel(session=session, code=winner.code, public_url="https://q.example.cn")
    refused(strings.EV_ALREADY_CANCELLED, places.cancel, session=session, code=winner.code)
    session.refresh(first)
    assert first.status == "offered" and first.offer_expires_at is not None
    offer = session.exec(select(OutboundMessage).where(OutboundMessage.recipient == first.email)).all()[-1]
    assert "轮到你了" in offer.body and f"/events/r/{first.code}" in offer.body
    # It lapses: the place passes to the next, who confirms.
    assert places.lapse_offers(session=session, now=first.offer_expires_at + timedelta(seconds=1)) == 1
    session.refresh(first), session.refresh(second)
    assert (first.status, second.status) == ("lapsed", "offered")
    refused(strings.EV_NO_OFFER, places.confirm, session=session, code=first.code)
    assert places.confirm(session=session, code=second.code).status == "confirmed"
    assert sum(p.taken for p in places.pools(session, event.id)) == 1


def test_tickets_at_the_door_no_shows_and_ratings(session, staff, people):
    event = new_event(session, staff, mode="first_come", n=2)
    a, b, c = (register(session, event, n) for n in range(3))
    other = new_event(session, staff, mode="first_come", n=1)
    stranger = register(session, other, 7)
    refused(strings.EV_RATE_ATTENDED_ONLY, places.rate, session=session, code=a.code, stars=5, comment="")
    with pytest.raises(PermissionDenied):
        places.check_in(session=session, actor=people["office"], event_id=event.id, ticket=a.ticket)
    assert (
        places.check_in(session=session, actor=staff, event_id=event.id, ticket=a.ticket.upper()).status == "attended"
    )
    with pytest.raises(UserError) as err:
        places.check_in(session=session, actor=staff, event_id=event.id, ticket=a.ticket)
    assert "已经在" in err.value.message and "签到过了" in err.value.message
    refused(
        strings.EV_TICKET_UNKNOWN, places.check_in, session=session, actor=staff, event_id=event.id, ticket="forged99"
    )
    refused(
        strings.EV_TICKET_OTHER_EVENT,
        places.check_in,
        session=session,
        actor=staff,
        event_id=event.id,
        ticket=stranger.ticket,
    )
    refused(
        strings.EV_TICKET_NOT_VALID.format(status="候补中"),
        places.check_in,
        session=session,
        actor=staff,
        event_id=event.id,
        ticket=c.ticket,
    )
    refused(strings.EV_NOT_STARTED, places.record_no_shows, session=session, actor=staff, event_id=event.id)
    event.starts_at = utcnow() - timedelta(hours=1)
    session.add(event)
    assert places.record_no_shows(session=session, actor=staff, event_id=event.id) == 1
    session.refresh(b)
    assert b.status == "no_show"
    refused(strings.EV_RATE_STARS, places.rate, session=session, code=a.code, stars=6, comment="")
    places.rate(session=session, code=a.code, stars=5, comment="后厨很干净,值得再办。")
    refused(strings.EV_ALREADY_RATED, places.rate, session=session, code=a.code, stars=4, comment="")
    refused(strings.EV_CANNOT_CANCEL, places.cancel, session=session, code=a.code)
    (newest, older) = places.figures(session=session, actor=staff)
    assert (older.entries, older.holding, older.attended, older.no_show, older.rating) == (3, 2, 1, 1, 5.0)
    assert (newest.entries, newest.places, newest.rating) == (1, 1, None)
    with pytest.raises(PermissionDenied):
        places.figures(session=session, actor=people["office"])


def test_personal_data_is_purged_ninety_days_after_the_event(session, staff):
    event = new_event(session, staff, mode="first_come", n=2)
    reg = register(session, event, 1, email="a@example.cn", note="过敏:花生")
    assert places.purge_personal_data(session=session) == 0
    assert places.purge_personal_data(session=session, now=event.ends_at + timedelta(days=91)) == 1
    session.refresh(reg)
    assert (reg.name, reg.student_no, reg.phone, reg.email, reg.note) == ("", "", "", "", "")
    refused(strings.EV_REG_NOT_FOUND, places.by_code, session, reg.code)
    assert places.purge_personal_data(session=session, now=event.ends_at + timedelta(days=92)) == 0


def test_the_draw_happens_once_when_two_nodes_race(session, staff):
    event = new_event(session, staff, n=1, opens=-5, closes=1)
    for n in range(3):
        register(session, event, n)
    event.reg_closes_at = utcnow() - timedelta(seconds=1)
    session.add(event)
    session.commit()
    start = threading.Barrier(2)

    def go(_):
        start.wait()
        with session_scope() as s:
            return places.draw_due(session=s)

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(go, range(2))) == [0, 1]
    with session_scope() as s:
        assert (
            s.exec(select(func.count()).select_from(Registration).where(Registration.status == "confirmed")).one() == 1
        )


def test_the_day_before_those_with_a_place_are_reminded_once_even_by_two_nodes(session, staff):
    soon = new_event(session, staff, mode="first_come", n=3, opens=-5, closes=10, starts=20)
    later = new_event(session, staff, mode="first_come", n=3, opens=-5, closes=48, starts=72)
    regs = [register(session, soon, n) for n in range(4)]  # three places: three confirmed, one waits
    mailed = register(session, soon, 9, phone="", email="tong@example.cn")
    register(session, later, 5)
    session.commit()
    assert [r.status for r in regs] == ["confirmed", "confirmed", "confirmed", "waitlist"]
    assert mailed.status == "waitlist"
    places.cancel(session=session, code=regs[2].code)  # a place freed: offered, not yet confirmed
    session.commit()
    before = session.exec(select(func.count()).select_from(OutboundMessage)).one()
    start = threading.Barrier(2)

    def node(_):
        start.wait()
        with session_scope() as s:
            return places.remind_upcoming(session=s, public_url="https://q.example.cn")

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(node, range(2))) == [0, 2]  # two confirmed places, reminded by one node
    with session_scope() as s:
        assert places.remind_upcoming(session=s) == 0  # never twice
        sent = s.exec(select(OutboundMessage).order_by(OutboundMessage.id)).all()[before:]
    assert len(sent) == 2 and {m.recipient for m in sent} == {regs[0].phone, regs[1].phone}
    assert all(m.channel == "sms" and "明天见" in m.subject and "第二食堂后厨" in m.body for m in sent)
    assert all("https://q.example.cn/events/r/" in m.body for m in sent)
