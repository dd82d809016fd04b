"""The proposal loop in services: submit, track, triage, merge, answer, rate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from quanyi_app.core import strings as shared
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case, CaseEvent
from quanyi_app.proposals.services import cases, casework, figures, proposals
from tests.support.world import SECRET, make_submission


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# ---- submission --------------------------------------------------------------------------


def test_submission_gets_an_unguessable_tracking_code(session, submit):
    case = submit()
    assert len(case.tracking_code) >= 8 and case.tracking_code.isalnum()
    assert case.status == "received" and case.first_response_due_at > utcnow() + timedelta(hours=47)
    view = cases.tracking_view(session=session, code=case.tracking_code)
    assert [e.kind for e in view.timeline] == ["submitted"]


def test_same_key_makes_exactly_one_case(session, campus):
    sub = make_submission(campus)
    first = cases.submit_case(sub, session=session, secret=SECRET)
    again = cases.submit_case(
        make_submission(campus, idempotency_key=sub.idempotency_key), session=session, secret=SECRET
    )
    assert again.id == first.id and count(session, Case) == 1 and count(session, CaseEvent) == 1


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"description": "    "}, strings.CASE_DESCRIPTION_SHORT.format(n=5)),
        ({"description": "太短"}, strings.CASE_DESCRIPTION_SHORT.format(n=5)),
        ({"description": "长" * 2001}, strings.CASE_DESCRIPTION_LONG.format(n=2000)),
        ({"category_id": None}, strings.CASE_CATEGORY_REQUIRED),
        ({"category_id": 9999}, strings.CASE_CATEGORY_REQUIRED),
        ({"honeypot": "http://spam"}, shared.CASE_REJECTED_BOT),
        ({"idempotency_key": "x"}, shared.CASE_RELOAD),
        ({"anonymous": False, "contact_phone": "12345"}, shared.CASE_PHONE_INVALID),
        ({"anonymous": False, "contact_email": "not-an-email"}, shared.CASE_EMAIL_INVALID),
        ({"anonymous": False, "contact_student_no": "学号"}, strings.CASE_STUDENT_NO_INVALID),
        ({"photo_ids": [1, 2, 3, 4, 5]}, shared.PHOTO_TOO_MANY_FILES.format(n=4)),
    ],
)
def test_bad_submissions_are_refused_and_store_nothing(session, campus, overrides, message):
    with pytest.raises(UserError) as err:
        cases.submit_case(make_submission(campus, **overrides), session=session, secret=SECRET)
    assert err.value.message == message
    assert count(session, Case) == 0


def test_anonymous_drops_contact_data(session, submit):
    case = submit(anonymous=True, contact_phone="13812345678", contact_email="a@b.cn")
    assert case.contact_phone == "" and case.contact_email == ""


def test_device_rate_limit(session, submit):
    device = "phone-of-one-student-123"
    for _ in range(cases.DEVICE_LIMIT_PER_HOUR):
        submit(device_id=device)
    with pytest.raises(UserError) as err:
        submit(device_id=device)
    assert err.value.message == strings.CASE_RATE_DEVICE
    submit(device_id="another-phone-456789")  # other students on the same network are unaffected


def test_device_id_is_stored_only_hashed(session, submit):
    case = submit(device_id="device-raw-identifier")
    assert case.device_hash and "device-raw-identifier" not in case.device_hash


def test_tampered_tracking_code(session, submit):
    case = submit()
    tampered = case.tracking_code[:-1] + ("a" if case.tracking_code[-1] != "a" else "b")
    for code in (tampered, "", "<script>", case.tracking_code + "x"):
        with pytest.raises(UserError) as err:
            cases.tracking_view(session=session, code=code)
        assert err.value.message == strings.TRACKING_UNKNOWN


def test_staff_records_a_case_from_the_paper_book(session, campus, people):
    sub = make_submission(campus, source="book", book_page="12", book_date="2026-11-20")
    case = cases.submit_case(sub, session=session, secret=SECRET, actor=people["staff"])
    assert case.source == "book" and case.book_page == "12"
    with pytest.raises(PermissionDenied):
        cases.submit_case(make_submission(campus, source="book"), session=session, secret=SECRET)


# ---- triage -------------------------------------------------------------------------------


def test_full_single_case_flow_with_public_timeline_and_private_notes(session, campus, people, submit):
    case = submit(anonymous=False, contact_name="张三", contact_phone="13812345678", contact_email="zhang@example.cn")
    staff = people["staff"]
    casework.accept(session=session, actor=staff, case_id=case.id)
    casework.add_note(session=session, actor=staff, case_id=case.id, body="内部:联系了宿管阿姨,手机 13812345678")
    casework.forward(
        session=session,
        actor=staff,
        case_id=case.id,
        office_id=campus["logistics"].id,
        due_at=utcnow() + timedelta(days=5),
    )
    casework.record_office_reply(
        session=session, actor=staff, case_id=case.id, body="已安排维修师傅周三上门。", photo_ids=[]
    )
    casework.reply_publicly(session=session, actor=staff, case_id=case.id, body="维修后请告诉我们效果。")
    casework.resolve(session=session, actor=staff, case_id=case.id)
    view = cases.tracking_view(session=session, code=case.tracking_code)
    titles = [e.title for e in view.timeline]
    assert titles == ["已收到反馈", "权益部已受理", "已转交后勤保障处", "后勤保障处已回复", "权益部回复", "问题已解决"]
    flat = repr(view)
    assert "内部" not in flat and "13812345678" not in flat and "张三" not in flat and "zhang@" not in flat
    detail = casework.case_detail(session=session, actor=staff, case_id=case.id)
    assert detail.contact["phone"] == "138****5678" and detail.contact["email"] == "z***@example.cn"
    assert [h.kind for h in detail.history if not h.public] == ["note"]
    assert all(h.actor for h in detail.history)
    assert count(session, OutboundMessage) == 6  # one email per public step, none for the note
    with pytest.raises(UserError) as err:
        casework.accept(session=session, actor=staff, case_id=case.id)
    assert err.value.message == strings.CASE_ALREADY_CLOSED


def test_reject_needs_a_reason_shown_to_the_student(session, people, submit):
    case = submit()
    with pytest.raises(UserError):
        casework.reject(session=session, actor=people["staff"], case_id=case.id, reason="")
    casework.reject(session=session, actor=people["staff"], case_id=case.id, reason="属于个人物品损坏,请联系宿管登记。")
    view = cases.tracking_view(session=session, code=case.tracking_code)
    assert view.timeline[-1].title == "不予受理" and "宿管" in view.timeline[-1].body


def test_overdue_first_response_and_office_reply(session, campus, people, submit):
    late = submit()
    late.first_response_due_at = utcnow() - timedelta(hours=1)
    session.add(late)
    session.commit()
    fresh = submit()
    rows, overdue = casework.inbox(session=session, actor=people["staff"], flt=casework.InboxFilter(overdue=True))
    assert [r.id for r in rows] == [late.id] and overdue == 1 and rows[0].overdue
    casework.forward(
        session=session,
        actor=people["staff"],
        case_id=fresh.id,
        office_id=campus["logistics"].id,
        due_at=utcnow() + timedelta(days=1),
    )
    fresh.office_due_at = utcnow() - timedelta(minutes=1)
    session.add(fresh)
    session.commit()
    _, overdue = casework.inbox(session=session, actor=people["staff"], flt=casework.InboxFilter())
    assert overdue == 2


def test_inbox_filters(session, campus, people, submit):
    a = submit(description="食堂二楼的米饭经常夹生,希望改进。", category_id=campus["canteen_cat"].id)
    b = submit(description="宿舍楼道灯坏了好几天了。", building_id=campus["dorm2"].id)
    flt = casework.InboxFilter
    staff = people["staff"]
    assert [r.id for r in casework.inbox(session=session, actor=staff, flt=flt(keyword="米饭"))[0]] == [a.id]
    assert [
        r.id for r in casework.inbox(session=session, actor=staff, flt=flt(category_id=campus["canteen_cat"].id))[0]
    ] == [a.id]
    assert [r.id for r in casework.inbox(session=session, actor=staff, flt=flt(building_id=campus["dorm2"].id))[0]] == [
        b.id
    ]
    assert [r.id for r in casework.inbox(session=session, actor=staff, flt=flt(keyword=b.tracking_code))[0]] == [b.id]
    assert len(casework.inbox(session=session, actor=staff, flt=flt(status="open"))[0]) == 2
    casework.accept(session=session, actor=staff, case_id=a.id)
    assert [r.id for r in casework.inbox(session=session, actor=staff, flt=flt(status="received"))[0]] == [b.id]


def test_college_scope(session, campus, people, submit):
    mine = submit(college_id=campus["cs"].id)
    theirs = submit(college_id=campus["law"].id)
    scoped = people["cs_staff"]
    rows, _ = casework.inbox(session=session, actor=scoped, flt=casework.InboxFilter())
    assert [r.id for r in rows] == [mine.id]
    with pytest.raises(PermissionDenied) as err:
        casework.accept(session=session, actor=scoped, case_id=theirs.id)
    assert err.value.message == shared.CASE_OUT_OF_SCOPE
    assert session.get(Case, theirs.id).status == "received"
    casework.accept(session=session, actor=scoped, case_id=mine.id)
    assert len(casework.inbox(session=session, actor=people["admin"], flt=casework.InboxFilter())[0]) == 2


@pytest.mark.parametrize("who", ["inspector", "office"])
def test_non_staff_cannot_triage(session, people, submit, who):
    case = submit()
    for call in (
        lambda: casework.inbox(session=session, actor=people[who], flt=casework.InboxFilter()),
        lambda: casework.accept(session=session, actor=people[who], case_id=case.id),
        lambda: casework.case_detail(session=session, actor=people[who], case_id=case.id),
        lambda: proposals.create(
            session=session, actor=people[who], title="提案标题", summary="x" * 20, case_ids=[case.id]
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_likely_duplicates(session, campus, people, submit):
    a = submit(description="三楼热水器坏了,晚上没有热水洗澡。")
    b = submit(description="三楼的热水器坏了好几天,晚上洗澡没有热水。")
    submit(description="楼下自行车乱停,挡住消防通道。")
    submit(description="三楼热水器坏了,晚上没有热水洗澡。", building_id=campus["dorm2"].id)
    dupes = casework.likely_duplicates(session=session, actor=people["staff"], case_id=a.id)
    assert [d[0] for d in dupes] == [b.id]
    assert dupes[0][2] == 0.43  # the score staff saw before the bigram helper moved to core/textsearch


def _old_bigrams(text: str) -> set[str]:
    """How duplicate detection cut text into pairs before it used core/textsearch."""
    text = "".join(ch for ch in text.lower() if ch.isalnum())
    return {text[i : i + 2] for i in range(len(text) - 1)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("三楼热水器坏了,晚上没有热水洗澡。", "三楼的热水器坏了好几天,晚上洗澡没有热水。"),
        ("食堂二楼的饭菜太咸了!!", "二楼食堂饭菜偏咸,希望改进。"),
        ("WiFi 经常断线,宿舍 3 楼", "宿舍3楼wifi断线"),
        ("楼下自行车乱停,挡住消防通道。", "三楼热水器坏了"),
    ],
)
def test_duplicate_scores_are_unchanged_by_the_shared_helper(a, b):
    from quanyi_app.core import textsearch

    old = len(_old_bigrams(a) & _old_bigrams(b)) / max(1, len(_old_bigrams(a) | _old_bigrams(b)))
    new = textsearch.jaccard(textsearch.bigrams(a, across_runs=True), textsearch.bigrams(b, across_runs=True))
    assert round(new, 2) == round(old, 2)


# ---- proposals ---------------------------------------------------------------------------


def test_proposal_merges_cases_and_every_step_reaches_every_proposer(session, campus, people, submit):
    a = submit(anonymous=False, contact_email="a@example.cn")
    b = submit(description="三楼的热水器坏了好几天,晚上洗澡没有热水。")
    staff = people["staff"]
    p = proposals.create(
        session=session,
        actor=staff,
        title="西区24栋热水供应问题",
        summary="多名同学反映三楼热水器长期故障。",
        case_ids=[a.id, b.id],
    )
    proposals.forward(
        session=session,
        actor=staff,
        proposal_id=p.id,
        office_id=campus["logistics"].id,
        due_at=utcnow() + timedelta(days=7),
    )
    proposals.update_progress(session=session, actor=staff, proposal_id=p.id, progress=50, milestone="已更换一台热水器")
    proposals.record_office_reply(
        session=session, actor=staff, proposal_id=p.id, body="热水器已全部更换。", photo_ids=[]
    )
    proposals.resolve(session=session, actor=staff, proposal_id=p.id)
    for case in (a, b):
        view = cases.tracking_view(session=session, code=case.tracking_code)
        assert [e.title for e in view.timeline] == [
            "已收到反馈",
            "已并入提案《西区24栋热水供应问题》",
            "已转交后勤保障处",
            "提案《西区24栋热水供应问题》有新进展",
            "后勤保障处已回复",
            "问题已解决",
        ]
        assert view.status == "resolved" and view.proposal_title == "西区24栋热水供应问题"
    mails = session.exec(select(OutboundMessage)).all()
    assert {m.recipient for m in mails} == {"a@example.cn"} and len(mails) == 6  # received + 5 steps
    assert proposals.get_view(session=session, actor=staff, proposal_id=p.id).case_count == 2
    with pytest.raises(UserError):
        proposals.create(session=session, actor=staff, title="再来一个", summary="x" * 20, case_ids=[a.id])


# ---- aftercare ----------------------------------------------------------------------------


def _resolved(session, people, submit):
    case = submit()
    casework.resolve(session=session, actor=people["staff"], case_id=case.id)
    return case


def test_rate_once(session, people, submit):
    case = _resolved(session, people, submit)
    assert cases.tracking_view(session=session, code=case.tracking_code).can_rate
    cases.rate(session=session, code=case.tracking_code, stars=5, comment="很快就修好了")
    with pytest.raises(UserError) as err:
        cases.rate(session=session, code=case.tracking_code, stars=1, comment="")
    assert err.value.message == strings.CASE_ALREADY_RATED
    assert session.get(Case, case.id).rating == 5


@pytest.mark.parametrize("stars", [0, 6, -1])
def test_rating_range(session, people, submit, stars):
    case = _resolved(session, people, submit)
    with pytest.raises(UserError):
        cases.rate(session=session, code=case.tracking_code, stars=stars, comment="")


def test_reopen_within_seven_days_only(session, people, submit):
    case = _resolved(session, people, submit)
    cases.reopen(session=session, code=case.tracking_code, reason="热水还是时有时无。")
    assert session.get(Case, case.id).status == "accepted"
    casework.resolve(session=session, actor=people["staff"], case_id=case.id)
    row = session.get(Case, case.id)
    row.resolved_at = utcnow() - timedelta(days=8)
    session.add(row)
    session.commit()
    with pytest.raises(UserError) as err:
        cases.reopen(session=session, code=case.tracking_code, reason="还是不行,没有热水。")
    assert err.value.message == strings.CASE_REOPEN_WINDOW
    with pytest.raises(UserError):
        cases.rate(session=session, code=case.tracking_code, stars=4, comment="")


def test_follow_up_only_while_open(session, people, submit):
    case = submit()
    cases.follow_up(session=session, code=case.tracking_code, body="今天又坏了。", photo_ids=[])
    casework.reject(session=session, actor=people["staff"], case_id=case.id, reason="重复反馈")
    with pytest.raises(UserError) as err:
        cases.follow_up(session=session, code=case.tracking_code, body="还有问题", photo_ids=[])
    assert err.value.message == strings.CASE_CLOSED_NO_FOLLOWUP


def test_figures(session, campus, people, submit):
    a, b, _ = submit(), submit(category_id=campus["canteen_cat"].id), submit()
    casework.accept(session=session, actor=people["staff"], case_id=a.id)
    casework.resolve(session=session, actor=people["staff"], case_id=a.id)
    casework.resolve(session=session, actor=people["staff"], case_id=b.id)
    cases.rate(session=session, code=a.tracking_code, stars=5, comment="")
    cases.rate(session=session, code=b.tracking_code, stars=3, comment="")
    f = figures.compute(session=session)
    t = f["total"]
    assert (t["collected"], t["handled"], t["handled_rate"]) == (3, 2, 67)
    assert t["satisfaction"] == 4.0 and t["satisfied_pct"] == 50 and t["median_response_hours"] < 0.1
    assert {r["category"]: r["collected"] for r in f["by_category"]} == {"宿舍": 2, "食堂": 1}
    assert f["by_month"][0]["collected"] == 3


def test_cached_figures_follow_every_change(session, campus, people, submit):
    a = submit()
    assert figures.compute_cached(session=session)["total"]["collected"] == 1
    assert figures.compute_cached(session=session) is figures.compute_cached(session=session)  # unchanged: cached
    casework.resolve(session=session, actor=people["staff"], case_id=a.id)
    assert figures.compute_cached(session=session)["total"]["handled"] == 1
    cases.rate(session=session, code=a.tracking_code, stars=4, comment="")
    assert figures.compute_cached(session=session)["total"]["satisfaction"] == 4.0
    campus["dorm_cat"].name = "宿舍生活"
    session.add(campus["dorm_cat"])
    session.commit()
    assert figures.compute_cached(session=session)["by_category"][0]["category"] == "宿舍生活"
