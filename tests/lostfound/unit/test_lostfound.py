"""Lost and found: registering, Chinese search, claims and handover, retention, lost reports,
campus cards, publications, pickup points — on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from quanyi_app.core.accounts.models import AuditLog
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.lostfound.models import Claim, FoundCategory, FoundItem, LostMatch, PickupPoint
from quanyi_app.lostfound.services import found as lostfound
from quanyi_app.lostfound.services import pickup
from quanyi_app.lostfound.services import publish as found_publish
from quanyi_app.lostfound.services.found import ItemDraft, PublicFilter
from tests.conftest import photo_fixture
from tests.support.world import SECRET


@pytest.fixture
def desk(session, campus, people):
    """Two pickup points; the staff member works at the first one only."""
    points = session.exec(select(PickupPoint).order_by(PickupPoint.id)).all()
    pickup.assign(
        session=session, actor=people["admin"], point_id=points[0].id, user_id=people["staff"].user_id, on=True
    )
    return {"here": points[0], "there": points[1]}


@pytest.fixture
def register(session, people, desk):
    def _register(actor="staff", **fields):
        values = dict(
            category="umbrella",
            title="黑色折叠雨伞",
            place_found="图书馆二楼自习室",
            found_at=utcnow() - timedelta(hours=2),
            pickup_point_id=desk["here"].id,
            description="伞柄有一个小熊挂件",
            hidden_details="伞套内侧写着 zx 两个字母",
        )
        values.update(fields)
        return lostfound.register_item(
            session=session, actor=people[actor] if isinstance(actor, str) else actor, draft=ItemDraft(**values)
        )

    return _register


def _ids(session, q="", **flt):
    cards, total = lostfound.search_items(session=session, flt=PublicFilter(q=q, **flt))
    assert len(cards) == min(total, lostfound.PAGE_SIZE)  # one page of the total
    return [c.id for c in cards]


# ---- search -------------------------------------------------------------------------------------


def test_two_character_and_partial_phrase_search(session, register):
    umbrella = register()
    keys = register(
        category="keys", title="一串钥匙", description="三把钥匙,挂着蓝色钥匙扣", place_found="第一食堂二楼"
    )
    phones = register(
        category="electronics", title="白色蓝牙耳机", description="AirPods Pro 充电盒", place_found="体育馆看台"
    )
    assert _ids(session, "钥匙") == [keys.id]
    assert _ids(session, "雨伞") == [umbrella.id]
    assert _ids(session, "耳机") == [phones.id]
    assert _ids(session, "伞") == [umbrella.id]  # one character
    assert _ids(session, "蓝牙耳") == [phones.id]  # partial phrase
    assert _ids(session, "airpods") == [phones.id]  # latin, any case
    assert set(_ids(session, "蓝色")) == {keys.id}  # "蓝色" but not "蓝牙"
    assert set(_ids(session, "二楼")) == {umbrella.id, keys.id}  # place is searched
    assert _ids(session, "钥匙 食堂") == [keys.id]  # every term must match
    assert _ids(session, "钥匙 体育馆") == []
    assert _ids(session, "雨 伞") == [umbrella.id]
    assert _ids(session, "雨衣") == []


def test_search_refuses_empty_and_symbol_only_queries(session, register):
    umbrella = register()
    with pytest.raises(UserError, match="请输入"):
        lostfound.parse_query("   ")
    with pytest.raises(UserError, match="没有文字或数字"):
        lostfound.search_items(session=session, flt=PublicFilter(q="%%%_!!"))
    # symbols separate terms (they are never LIKE wildcards)
    assert _ids(session, "雨%伞") == [umbrella.id]
    assert _ids(session, "雨%衣") == []


RECALL_QUERIES = [
    "伞",
    "钥",
    "卡",
    "包",
    "雨伞",
    "钥匙",
    "耳机",
    "水杯",
    "黑色",
    "二楼",
    "食堂",
    "图书馆",
    "自习室",
    "蓝牙耳",
    "保温杯",
    "充电宝",
    "一串钥匙",
    "黑色雨伞",
    "第一食堂",
    "学生证件",
]


def test_index_has_full_recall_against_a_like_scan(session, people, desk):
    """Every fixed 1–4 character query finds exactly what a full LIKE scan over the raw text finds."""
    import random

    from bench.found_search import make_items

    rng = random.Random(7)
    for draft in make_items(rng, 300, desk["here"].id):
        lostfound.register_item(session=session, actor=people["admin"], draft=draft)
    names = {c.code: c.name for c in session.exec(select(FoundCategory)).all()}
    for q in RECALL_QUERIES + sorted(set(names.values())):
        like = {
            i.id
            for i in session.exec(select(FoundItem)).all()
            if q.lower() in "\n".join((i.title, i.description, i.place_found, names[i.category])).lower()
        }
        got, page = set(), 1
        while True:
            cards, total = lostfound.search_items(session=session, flt=PublicFilter(q=q, page=page))
            got |= {c.id for c in cards}
            if len(cards) < lostfound.PAGE_SIZE:
                break
            page += 1
        assert got == like, q
        assert total == min(len(like), lostfound.COUNT_CAP + 1)


def test_the_category_name_finds_its_items(session, register):
    """ "雨伞" finds "蓝色格子折叠伞" filed under 雨伞, though neither its title nor its text says 雨伞."""
    item = register(category="umbrella", title="蓝色格子折叠伞", description="伞骨有一根弯了")
    cards, _ = lostfound.search_items(session=session, flt=PublicFilter(q="雨伞"))
    assert item.id in {c.id for c in cards}


def test_filters_category_point_and_date(session, register, desk):
    a = register()
    b = register(category="keys", title="钥匙", pickup_point_id=desk["here"].id, found_at=utcnow() - timedelta(days=10))
    assert _ids(session, category="keys") == [b.id]
    assert _ids(session, since=utcnow() - timedelta(days=3)) == [a.id]
    assert _ids(session, until=utcnow() - timedelta(days=3)) == [b.id]
    assert _ids(session, point_id=desk["there"].id) == []


# ---- registering and privacy -----------------------------------------------------------------------


def test_only_desk_staff_register(session, people, register, desk):
    for who in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            register(actor=who)
    with pytest.raises(PermissionDenied):
        register(actor=None)
    with pytest.raises(PermissionDenied, match="招领点"):
        register(pickup_point_id=desk["there"].id)  # staff works at "here" only
    assert register(actor="admin", pickup_point_id=desk["there"].id).id


def test_register_validates_input(session, register):
    with pytest.raises(UserError, match="名称"):
        register(title="  ")
    with pytest.raises(UserError, match="地点"):
        register(place_found="")
    with pytest.raises(UserError, match="时间"):
        register(found_at=utcnow() + timedelta(days=1))
    with pytest.raises(UserError, match="类别"):
        register(category="spaceship")
    with pytest.raises(UserError, match="卡号"):
        register(category="campus_card", title="", card_number="12ab")
    assert session.exec(select(FoundItem)).all() == []


def test_public_view_masks_numbers_and_hides_hidden_details_and_id_photos(session, register, upload_dir):
    ph = photos.store_photo(photo_fixture("gps_DSCN0010.jpg"), session=session)
    card = register(
        category="campus_card",
        title="",
        card_number="2023 1234 5678",
        place_found="一食堂门口",
        photo_ids=[ph.id],
        description="卡号 202312345678 的校园卡",
    )
    view = lostfound.public_item(session=session, item_id=card.id)
    assert view.title == "校园卡"
    assert (
        "202312345678" not in view.description
        and view.card_masked.startswith("20")
        and view.card_masked.endswith("5678")
    )
    assert view.photo_shas == []  # campus cards are never shown in photos
    assert session.get(Photo, ph.id).is_public is False
    assert "zx" not in repr(view) and "伞套" not in repr(view)
    # and the digits are not searchable either
    assert _ids(session, "202312345678") == []

    ph2 = photos.store_photo(photo_fixture("gps_DSCN0021.jpg"), session=session)
    umbrella = register(photo_ids=[ph2.id])
    assert lostfound.public_item(session=session, item_id=umbrella.id).photo_shas == [ph2.sha256]
    assert "伞套" not in repr(lostfound.public_item(session=session, item_id=umbrella.id))


# ---- claims and handover ---------------------------------------------------------------------------


def _claim(session, item, device="phone-a", **fields):
    values = dict(
        description="伞柄上挂着小熊,伞套里写了 zx",
        contact_name="小王",
        contact_phone="13812345678",
        contact_email="wang@example.edu.cn",
    )
    values.update(fields)
    return lostfound.submit_claim(session=session, item_id=item.id, device_id=device, secret=SECRET, **values)


def test_claim_approve_hand_over_closes_the_item(session, people, register):
    item = register()
    mine = _claim(session, item)
    other = _claim(session, item, device="phone-b", description="我的伞,黑色的")
    view = lostfound.claim_view(session=session, code=mine.code)
    assert view.status == "pending" and view.pickup_code == ""
    assert "zx" not in view.item_title and not hasattr(view, "hidden_details")

    lostfound.approve_claim(session=session, actor=people["staff"], claim_id=mine.id, public_url="https://q.example")
    view = lostfound.claim_view(session=session, code=mine.code)
    assert view.status == "approved" and len(view.pickup_code) == 6 and view.point_hours
    mail = session.exec(select(OutboundMessage).where(OutboundMessage.recipient == "wang@example.edu.cn")).one()
    assert view.pickup_code in mail.body and "/found/claim/" in mail.body

    with pytest.raises(UserError, match="取件码"):
        lostfound.hand_over(
            session=session,
            actor=people["staff"],
            item_id=item.id,
            pickup_code="000000" if view.pickup_code != "000000" else "111111",
            collector_name="王同学",
            identity_method="campus_card",
        )
    lostfound.hand_over(
        session=session,
        actor=people["staff"],
        item_id=item.id,
        pickup_code=view.pickup_code,
        collector_name="王同学",
        identity_method="campus_card",
        identity_note="卡号尾号 5678",
    )
    session.refresh(item)
    assert (
        item.status == "collected"
        and item.collected_by_name == "王同学"
        and item.handed_over_by_id == people["staff"].user_id
    )
    assert "校园卡" in item.identity_check
    assert session.get(Claim, mine.id).status == "collected"
    assert session.get(Claim, other.id).status == "rejected"
    assert _ids(session) == []  # it left the public list
    with pytest.raises(UserError, match="已经被领取"):
        _claim(session, item, device="phone-c")
    actions = {a.action for a in session.exec(select(AuditLog)).all()}
    assert {"found.register", "found.claim", "found.claim_approve", "found.handover"} <= actions


def test_a_device_makes_at_most_three_claims_per_item(session, register):
    item = register()
    for _ in range(3):
        _claim(session, item)
    with pytest.raises(UserError, match="最多提交 3 次"):
        _claim(session, item)
    assert _claim(session, item, device="phone-b").id  # another phone still can
    assert _claim(session, register(), device="phone-a").id  # and this phone on another item


def test_claims_need_a_description_and_contact(session, register):
    item = register()
    with pytest.raises(UserError, match="特征"):
        _claim(session, item, description="我的")
    with pytest.raises(UserError, match="手机号或邮箱"):
        _claim(session, item, contact_phone="", contact_email="")
    with pytest.raises(UserError, match="手机号格式"):
        _claim(session, item, contact_phone="12345")
    assert session.exec(select(Claim)).all() == []


def test_claim_decisions_need_the_items_point(session, people, register, desk):
    item = register(actor="admin", pickup_point_id=desk["there"].id)
    claim = _claim(session, item)
    for who in ("staff", "inspector", "office"):
        with pytest.raises(PermissionDenied):
            lostfound.approve_claim(session=session, actor=people[who], claim_id=claim.id)
        with pytest.raises(PermissionDenied):
            lostfound.staff_item(session=session, actor=people[who], item_id=item.id)
    with pytest.raises(PermissionDenied):
        lostfound.approve_claim(session=session, actor=None, claim_id=claim.id)
    with pytest.raises(UserError, match="原因"):
        lostfound.reject_claim(session=session, actor=people["admin"], claim_id=claim.id, reason=" ")
    lostfound.reject_claim(session=session, actor=people["admin"], claim_id=claim.id, reason="描述与物品不符")
    assert lostfound.claim_view(session=session, code=claim.code).reason == "描述与物品不符"


def test_walk_in_handover_without_a_claim(session, people, register):
    item = register()
    with pytest.raises(UserError, match="姓名"):
        lostfound.hand_over(
            session=session,
            actor=people["staff"],
            item_id=item.id,
            pickup_code="",
            collector_name="",
            identity_method="id_card",
        )
    with pytest.raises(UserError, match="核验"):
        lostfound.hand_over(
            session=session,
            actor=people["staff"],
            item_id=item.id,
            pickup_code="",
            collector_name="李同学",
            identity_method="",
        )
    lostfound.hand_over(
        session=session,
        actor=people["staff"],
        item_id=item.id,
        pickup_code="",
        collector_name="李同学",
        identity_method="id_card",
    )
    assert session.get(FoundItem, item.id).status == "collected"


# ---- moves, retention, purge ----------------------------------------------------------------------


def test_moves_keep_history(session, people, register, desk):
    item = register()
    lostfound.move_item(
        session=session, actor=people["staff"], item_id=item.id, to_point_id=desk["there"].id, note="集中保管"
    )
    view = lostfound.staff_item(session=session, actor=people["admin"], item_id=item.id)
    assert view.point_name == desk["there"].name
    assert [(m[1], m[2], m[4]) for m in view.moves] == [(desk["here"].name, desk["there"].name, "集中保管")]
    with pytest.raises(PermissionDenied):  # no longer at the staff member's point
        lostfound.move_item(session=session, actor=people["staff"], item_id=item.id, to_point_id=desk["here"].id)


def test_retention_lists_due_items_and_disposal_removes_them(session, people, register):
    old = register(found_at=utcnow() - timedelta(days=120))
    fresh = register()
    due, _ = lostfound.staff_items(session=session, actor=people["staff"], flt=lostfound.StaffFilter(status="due"))
    assert [r.id for r in due] == [old.id]
    with pytest.raises(UserError, match="保管期限"):
        lostfound.dispose_item(session=session, actor=people["staff"], item_id=fresh.id, outcome="donated")
    with pytest.raises(UserError, match="处置方式"):
        lostfound.dispose_item(session=session, actor=people["staff"], item_id=old.id, outcome="sold")
    for who in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            lostfound.dispose_item(session=session, actor=people[who], item_id=old.id, outcome="donated")
    lostfound.dispose_item(session=session, actor=people["staff"], item_id=old.id, outcome="security")
    assert _ids(session) == [fresh.id]
    with pytest.raises(UserError):
        lostfound.public_item(session=session, item_id=old.id)


def test_retention_is_set_per_category(session, people, register):
    lostfound.set_retention(session=session, actor=people["admin"], category="umbrella", days=30)
    item = register()
    assert (item.retention_until - item.found_at).days == 30
    with pytest.raises(PermissionDenied):
        lostfound.set_retention(session=session, actor=people["staff"], category="umbrella", days=60)
    with pytest.raises(UserError, match="7–730"):
        lostfound.set_retention(session=session, actor=people["admin"], category="umbrella", days=1)


def test_personal_data_is_purged_after_90_days(session, people, register):
    item = register()
    claim = _claim(session, item)
    lostfound.reject_claim(session=session, actor=people["staff"], claim_id=claim.id, reason="不符")
    report = lostfound.submit_lost_report(
        session=session,
        category="keys",
        description="丢了一串钥匙",
        place="操场",
        lost_at=utcnow() - timedelta(hours=3),
        contact_name="赵",
        contact_phone="13900001111",
        contact_email="",
        device_id="d1",
        secret=SECRET,
    )
    assert lostfound.purge_personal_data(session=session) == {"claims": 0, "reports": 0, "handovers": 0}
    later = utcnow() + timedelta(days=181)
    counts = lostfound.purge_personal_data(session=session, now=later)
    assert counts["claims"] == 1 and counts["reports"] == 1
    c = session.get(Claim, claim.id)
    assert (
        c.contact_phone == "" and c.contact_email == "" and c.contact_name == "" and "13812345678" not in c.description
    )
    session.refresh(report)
    assert report.contact_phone == "" and not report.open


# ---- lost reports and campus cards ----------------------------------------------------------------


def _lost(session, **fields):
    values = dict(
        category="umbrella",
        description="黑色折叠雨伞,伞柄挂着小熊",
        place="图书馆二楼",
        lost_at=utcnow() - timedelta(days=1),
        contact_name="",
        contact_phone="",
        contact_email="lost@example.edu.cn",
        device_id=uuid.uuid4().hex,
        secret=SECRET,
    )
    values.update(fields)
    return lostfound.submit_lost_report(session=session, **values)


def test_lost_report_gets_matches_and_is_notified_of_new_items(session, register):
    before = register()
    register(category="keys", title="钥匙", description="一串钥匙")
    report = _lost(session)
    view = lostfound.lost_view(session=session, code=report.code)
    assert [m.id for m in view.matches] == [before.id]
    new = register(title="黑色雨伞", description="小熊挂件", place_found="图书馆门口")
    assert session.exec(select(LostMatch).where(LostMatch.report_id == report.id)).one().item_id == new.id
    mail = session.exec(select(OutboundMessage).where(OutboundMessage.recipient == "lost@example.edu.cn")).one()
    assert f"/lost/{report.code}" in mail.body
    assert {m.id for m in lostfound.lost_view(session=session, code=report.code).matches} == {before.id, new.id}
    # another category or a long time apart is no match
    register(category="clothing", title="黑色外套", description="小熊图案")
    assert len(lostfound.lost_view(session=session, code=report.code).matches) == 2


def test_lost_report_bad_input(session):
    with pytest.raises(UserError, match="至少"):
        _lost(session, description="伞")
    with pytest.raises(UserError, match="手机号或邮箱"):
        _lost(session, contact_email="")
    with pytest.raises(UserError, match="丢失时间"):
        _lost(session, lost_at=None)
    with pytest.raises(UserError, match="不存在"):
        lostfound.lost_view(session=session, code="nope!!")


def test_campus_card_lookup(session, register):
    register(category="campus_card", title="", card_number="2023123456")
    hit = lostfound.lookup_card(session=session, number=" 2023-1234-56 ")
    assert hit.found and hit.point_name and hit.masked != "2023123456"
    miss = lostfound.lookup_card(session=session, number="2023999999")
    assert not miss.found
    for bad in ("", "12ab34", "123", "1" * 21):
        with pytest.raises(UserError, match="卡号格式"):
            lostfound.lookup_card(session=session, number=bad)
    cards, _ = lostfound.search_items(session=session, flt=PublicFilter(category="campus_card"))
    assert cards[0].card_masked.startswith("20") and "2023123456" not in repr(cards)


# ---- publications and pickup points -------------------------------------------------------------


def test_publications_are_numbered_and_render(session, people, register, upload_dir, tmp_path):
    import zxingcpp
    from PIL import Image

    from tests.support.pdf import rasterise

    ph = photos.store_photo(photo_fixture("gps_DSCN0042.jpg"), session=session)
    register(photo_ids=[ph.id])
    register(category="campus_card", title="", card_number="2023123456")
    start, end = utcnow() - timedelta(days=7), utcnow() + timedelta(minutes=1)
    first = found_publish.create_publication(session=session, actor=people["staff"], start=start, end=end)
    second = found_publish.create_publication(session=session, actor=people["staff"], start=start, end=end)
    assert (first.number, second.number) == (1, 2) and len(first.item_ids) == 2
    with pytest.raises(UserError, match="没有待认领"):
        found_publish.create_publication(
            session=session, actor=people["staff"], start=start - timedelta(days=30), end=start - timedelta(days=20)
        )
    for who in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            found_publish.create_publication(session=session, actor=people[who], start=start, end=end)

    png = found_publish.publication_png(session=session, number=1, public_url="https://q.example")
    (tmp_path / "pub.png").write_bytes(png)
    img = Image.open(tmp_path / "pub.png")
    assert img.width == 1080
    assert [r.text for r in zxingcpp.read_barcodes(img)] == ["https://q.example/found"]
    pdf = found_publish.publication_pdf(session=session, number=1, public_url="https://q.example")
    pages = rasterise(pdf, tmp_path, dpi=100)
    assert pages and any(r.text == "https://q.example/found" for p in pages for r in zxingcpp.read_barcodes(p))
    with pytest.raises(UserError):
        found_publish.publication_pdf(session=session, number=99, public_url="")


def test_pickup_points_are_managed_by_admins(session, people, desk):
    rows = pickup.point_rows(session=session, actor=people["admin"])
    assert any(people["staff"].user_id in [s[0] for s in r.staff] for r in rows if r.id == desk["here"].id)
    p = pickup.save_point(
        session=session,
        actor=people["admin"],
        point_id=None,
        name="东区宿管站",
        place="东区1栋一楼",
        opening_hours="每天 9:00–21:00",
        contact="宿管",
    )
    assert p.id and p.active
    with pytest.raises(UserError, match="必填"):
        pickup.save_point(
            session=session, actor=people["admin"], point_id=p.id, name="", place="x", opening_hours="y", contact=""
        )
    for who in ("staff", "inspector", "office"):
        with pytest.raises(PermissionDenied):
            pickup.save_point(
                session=session, actor=people[who], point_id=None, name="a", place="b", opening_hours="c", contact=""
            )
        with pytest.raises(PermissionDenied):
            pickup.assign(session=session, actor=people[who], point_id=p.id, user_id=people["staff"].user_id, on=True)
    with pytest.raises(UserError, match="工作人员"):
        pickup.assign(session=session, actor=people["admin"], point_id=p.id, user_id=people["office"].user_id, on=True)
    pickup.set_point_active(session=session, actor=people["admin"], point_id=p.id, active=False)
    assert not session.get(PickupPoint, p.id).active


def test_the_housekeeping_job_purges_through_the_app_database(env, migrated):
    from quanyi_app import cli
    from quanyi_app.core.db import session_scope
    from quanyi_app.lostfound.jobs import purge_once

    with session_scope() as s:
        report = lostfound.submit_lost_report(
            session=s,
            category="keys",
            description="丢了一串钥匙",
            place="操场",
            lost_at=utcnow() - timedelta(hours=1),
            contact_name="",
            contact_phone="13900001111",
            contact_email="",
            device_id="d1",
            secret=SECRET,
        )
        report.created_at = utcnow() - timedelta(days=91)
        s.add(report)
    assert purge_once() == {"claims": 0, "reports": 1, "handovers": 0}
    assert cli.main(["purge"]) == 0
    with session_scope() as s:
        from quanyi_app.lostfound.models import LostReport

        r = s.exec(select(LostReport)).one()
        assert r.contact_phone == "" and not r.open


def test_an_approval_that_fails_half_way_changes_nothing(session, people, register, monkeypatch):
    """Approving a claim is one unit of work: the pickup code and the email to the claimant go
    together with the decision, or not at all."""
    from quanyi_app.core.db import session_scope
    from quanyi_app.lostfound.models import Claim
    from tests.support.world import fail_at_audit, table_rows

    item = register()
    claim = _claim(session, item)
    session.commit()
    before = table_rows(session, Claim, OutboundMessage)
    fail_at_audit(monkeypatch, "found.claim_approve")
    with pytest.raises(RuntimeError), session_scope() as s:
        lostfound.approve_claim(session=s, actor=people["staff"], claim_id=claim.id)
    assert table_rows(session, Claim, OutboundMessage) == before
    assert lostfound.claim_view(session=session, code=claim.code).pickup_code == ""
