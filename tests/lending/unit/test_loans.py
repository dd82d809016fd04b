"""Umbrella lending: borrow and return, races decided by the database, reminders, lost, privacy."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import func, select

from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.lending import strings
from quanyi_app.lending.models import Borrower, Loan, Umbrella
from quanyi_app.lending.services import loans, umbrellas
from quanyi_app.lostfound.models import PickupPoint
from quanyi_app.lostfound.services import pickup

SECRET = "s" * 40


@pytest.fixture
def desk(session, campus, people):
    """Two pickup points with 3 umbrellas at the first; the staff member works at the first only."""
    here, there = session.exec(select(PickupPoint).order_by(PickupPoint.id)).all()[:2]
    pickup.assign(session=session, actor=people["admin"], point_id=here.id, user_id=people["staff"].user_id, on=True)
    made = umbrellas.add_batch(session=session, actor=people["staff"], point_id=here.id, count=3)
    session.commit()
    return {"here": here, "there": there, "umbrellas": made}


def form(umbrella, student_no="2023114514", **kw):
    values = dict(umbrella_code=umbrella.code, student_no=student_no, phone="13812345678", accepted_rules=True)
    values.update(kw)
    return loans.BorrowForm(**values)


def available_at(session, point) -> int:
    return next(a.available for a in umbrellas.availability(session=session) if a.point_id == point.id)


def test_borrow_and_return_anywhere(session, desk):
    u = desk["umbrellas"][0]
    assert available_at(session, desk["here"]) == 3
    loan = loans.borrow(form(u), session=session, secret=SECRET, public_url="https://q.example.cn")
    assert loan.due_at - loan.created_at == timedelta(days=3)  # the point's default
    assert available_at(session, desk["here"]) == 2
    mail = session.exec(select(OutboundMessage)).one()
    assert mail.channel == "sms" and f"/umbrella/loan/{loan.code}" in mail.body and "1 号" in mail.body
    # Returned at the other point (scanning its QR on the loan page): the umbrella is there now.
    loans.return_by_link(session=session, loan_code=loan.code, point_code=desk["there"].code)
    assert session.get(Umbrella, u.id).point_id == desk["there"].id
    assert available_at(session, desk["there"]) == 1 and available_at(session, desk["here"]) == 2
    with pytest.raises(UserError) as err:
        loans.return_by_link(session=session, loan_code=loan.code, point_code=desk["there"].code)
    assert err.value.message == strings.ALREADY_RETURNED
    # …and the student may borrow again.
    loans.borrow(form(desk["umbrellas"][1]), session=session, secret=SECRET)


def test_bad_input_gets_clear_messages(session, desk, people):
    u1, u2, u3 = desk["umbrellas"]
    cases = [
        (form(u1, umbrella_code="zzzzzzzz"), strings.UMBRELLA_UNKNOWN),
        (form(u1, student_no="12"), strings.STUDENT_NO_INVALID),
        (form(u1, phone="", email=""), strings.CONTACT_REQUIRED),
        (form(u1, phone="123"), strings.PHONE_INVALID),
        (form(u1, accepted_rules=False), strings.RULES_REQUIRED),
    ]
    for bad, message in cases:
        with pytest.raises(UserError) as err:
            loans.borrow(bad, session=session, secret=SECRET)
        assert err.value.message == message
    loans.borrow(form(u1), session=session, secret=SECRET)
    with pytest.raises(UserError) as err:
        loans.borrow(form(u1, student_no="2023999999"), session=session, secret=SECRET)
    assert err.value.message == strings.NOT_AVAILABLE
    with pytest.raises(UserError) as err:
        loans.borrow(form(u2), session=session, secret=SECRET)
    assert err.value.message == strings.ONE_AT_A_TIME.format(n=1)
    with pytest.raises(UserError) as err:
        loans.return_by_link(session=session, loan_code="forgedlink99", point_code=desk["here"].code)
    assert err.value.message == strings.LOAN_NOT_FOUND
    u3.status = "retired"
    session.add(u3)
    with pytest.raises(UserError) as err:
        loans.borrow(form(u3, student_no="2023888888"), session=session, secret=SECRET)
    assert err.value.message == strings.UMBRELLA_UNKNOWN


def _borrow_in_its_own_unit(umbrella_code: str, student_no: str) -> str:
    try:
        with session_scope() as s:
            loans.borrow(form_code(umbrella_code, student_no), session=s, secret=SECRET)
        return "ok"
    except UserError as err:
        return err.message


def form_code(code, student_no):
    return loans.BorrowForm(umbrella_code=code, student_no=student_no, phone="13812345678", accepted_rules=True)


def test_two_students_scanning_one_umbrella_at_once_make_exactly_one_loan(desk):
    code = desk["umbrellas"][0].code
    start = threading.Barrier(8)

    def go(n):
        start.wait()
        return _borrow_in_its_own_unit(code, f"20230000{n:02d}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(go, range(8)))
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} == {strings.NOT_AVAILABLE}
    with session_scope() as s:
        assert s.exec(select(func.count(Loan.id))).one() == 1
        # the students who lost the race hold no place: their borrower rows count no open loan
        assert s.exec(select(func.sum(Borrower.open_loans))).one() == 1


def test_one_student_in_two_tabs_gets_one_umbrella(desk):
    a, b = desk["umbrellas"][0].code, desk["umbrellas"][1].code
    start = threading.Barrier(2)

    def go(code):
        start.wait()
        return _borrow_in_its_own_unit(code, "2023114514")

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(go, (a, b)))
    assert sorted(outcomes) == sorted(["ok", strings.ONE_AT_A_TIME.format(n=1)]), outcomes


def test_reminders_overdue_then_lost_blocks_the_borrower(session, desk, people):
    loan = loans.borrow(form(desk["umbrellas"][0], email="stu@example.cn"), session=session, secret=SECRET)
    due = loan.due_at
    assert loans.follow_up(session=session, now=due - timedelta(hours=30)) == {"reminded": 0, "overdue": 0, "lost": 0}
    assert loans.follow_up(session=session, now=due - timedelta(hours=10))["reminded"] == 1
    assert loans.follow_up(session=session, now=due - timedelta(hours=9))["reminded"] == 0  # once
    assert loans.follow_up(session=session, now=due + timedelta(hours=1))["overdue"] == 1
    assert loans.follow_up(session=session, now=due + timedelta(days=2))["overdue"] == 0  # once
    rows = loans.overdue(session=session, actor=people["staff"], now=due + timedelta(days=2))
    assert [r.loan_id for r in rows] == [loan.id] and rows[0].student_no == "2023114514"  # at the desk
    assert loans.overdue(session=session, actor=people["admin"], now=due + timedelta(days=2))[0].student_no == (
        "20****14"
    )  # masked away from the desk
    assert loans.follow_up(session=session, now=due + timedelta(days=loans.LOST_AFTER_DAYS, hours=1))["lost"] == 1
    subjects = [m.subject for m in session.exec(select(OutboundMessage).order_by(OutboundMessage.id)).all()]
    assert subjects == [
        strings.MAIL_BORROWED_SUBJECT,
        strings.MAIL_REMIND_SUBJECT,
        strings.MAIL_OVERDUE_SUBJECT,
        strings.MAIL_LOST_SUBJECT,
    ]
    with pytest.raises(UserError) as err:
        loans.borrow(form(desk["umbrellas"][1]), session=session, secret=SECRET)
    assert err.value.message == strings.BORROWER_BLOCKED
    with pytest.raises(PermissionDenied):
        loans.clear_block(session=session, actor=people["office"], loan_id=loan.id)
    loans.clear_block(session=session, actor=people["staff"], loan_id=loan.id)
    loans.borrow(form(desk["umbrellas"][1]), session=session, secret=SECRET)


def test_staff_lend_take_back_mark_lost_only_at_their_points(session, desk, people):
    u = desk["umbrellas"][0]
    with pytest.raises(PermissionDenied):
        loans.borrow(form(u), session=session, secret=SECRET, actor=people["inspector"])
    loan = loans.borrow(form(u), session=session, secret=SECRET, actor=people["staff"])
    assert loan.lent_by_id == people["staff"].user_id
    with pytest.raises(PermissionDenied):  # not rostered at the other point
        loans.return_at_desk(session=session, actor=people["staff"], umbrella_code=u.code, point_id=desk["there"].id)
    loans.return_at_desk(session=session, actor=people["staff"], umbrella_code=u.code, point_id=desk["here"].id)
    with pytest.raises(UserError) as err:
        loans.return_at_desk(session=session, actor=people["staff"], umbrella_code=u.code, point_id=desk["here"].id)
    assert err.value.message == strings.NOT_LENT
    late = loans.borrow(form(u), session=session, secret=SECRET)
    loans.mark_lost(session=session, actor=people["staff"], loan_id=late.id)
    assert session.get(Umbrella, u.id).status == "lost"
    with pytest.raises(UserError) as err:
        loans.return_by_link(session=session, loan_code=late.code, point_code=desk["here"].code)
    assert err.value.message == strings.LOAN_LOST_ASK_DESK


def test_stock_moves_and_counts(session, desk, people):
    u1, u2, u3 = desk["umbrellas"]
    with pytest.raises(PermissionDenied):
        umbrellas.add_batch(session=session, actor=people["staff"], point_id=desk["there"].id, count=2)
    with pytest.raises(UserError) as err:
        umbrellas.add_batch(session=session, actor=people["staff"], point_id=desk["here"].id, count=0)
    assert err.value.message == strings.BATCH_SIZE
    umbrellas.move(session=session, actor=people["staff"], umbrella_code=u3.code, to_point_id=desk["there"].id)
    assert available_at(session, desk["there"]) == 1
    # The rack at "here" holds u1 and u3 (carried back without telling anyone); u2 is missing.
    count = umbrellas.record_count(
        session=session, actor=people["staff"], point_id=desk["here"].id, seen_codes=[u1.code, u3.code]
    )
    assert (count.expected, count.found) == (2, 2)
    assert count.missing_numbers == [u2.number] and count.moved_here_numbers == [u3.number]
    assert session.get(Umbrella, u3.id).point_id == desk["here"].id
    umbrellas.set_loan_days(session=session, actor=people["staff"], point_id=desk["here"].id, days=5)
    loan = loans.borrow(form(u1), session=session, secret=SECRET)
    assert loan.due_at - loan.created_at == timedelta(days=5)


def test_personal_data_of_returned_loans_is_purged_after_90_days(session, desk):
    loan = loans.borrow(form(desk["umbrellas"][0], email="stu@example.cn"), session=session, secret=SECRET)
    loans.return_by_link(session=session, loan_code=loan.code, point_code=desk["here"].code)
    open_one = loans.borrow(form(desk["umbrellas"][1], student_no="2023777777"), session=session, secret=SECRET)
    assert loans.purge_personal_data(session=session, now=utcnow() + timedelta(days=89)) == 0
    assert loans.purge_personal_data(session=session, now=utcnow() + timedelta(days=91)) == 1
    session.refresh(loan)
    session.refresh(open_one)
    assert (loan.student_no, loan.contact_phone, loan.contact_email) == ("", "", "") and loan.purged_at
    assert open_one.student_no == "2023777777"  # still out: kept


def test_label_sheets_scan_to_each_umbrella_and_to_the_points_return_page(session, desk, people, tmp_path):
    import zxingcpp

    from quanyi_app.lending.services import labels
    from tests.support.pdf import rasterise

    pdf = labels.umbrella_labels_pdf(
        session=session, actor=people["staff"], point_id=desk["here"].id, public_url="https://q.example.cn"
    )
    [page] = rasterise(pdf, tmp_path, dpi=200)
    scanned = sorted(r.text for r in zxingcpp.read_barcodes(page))
    assert scanned == sorted(f"https://q.example.cn/umbrella/u/{u.code}" for u in desk["umbrellas"])
    sign = labels.return_qr_pdf(
        session=session, actor=people["staff"], point_id=desk["here"].id, public_url="https://q.example.cn"
    )
    [page] = rasterise(sign, tmp_path, dpi=150)
    assert [r.text for r in zxingcpp.read_barcodes(page)] == [f"https://q.example.cn/umbrella/p/{desk['here'].code}"]
    with pytest.raises(PermissionDenied):  # not rostered at the other point
        labels.umbrella_labels_pdf(session=session, actor=people["staff"], point_id=desk["there"].id, public_url="")
    with pytest.raises(UserError) as err:
        labels.umbrella_labels_pdf(session=session, actor=people["admin"], point_id=desk["there"].id, public_url="")
    assert err.value.message == strings.LABELS_NONE
