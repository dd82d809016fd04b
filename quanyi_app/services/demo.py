"""Demo data for ``make run``: one campus with its buildings, desks, offices and colleges."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from quanyi_app.models import (
    Building,
    BuildingKind,
    Campus,
    Category,
    College,
    Office,
    PickupPoint,
    QrKind,
    QrPoint,
    ReplyTemplate,
)

CAMPUS = ("main", "主校区")
DORMS = [
    ("W01", "西区1栋"), ("W02", "西区2栋"), ("W03", "西区3栋"), ("W24", "西区24栋"),
    ("E05", "东区5栋"), ("E06", "东区6栋"), ("E07", "东区7栋"), ("N01", "北区研究生公寓1栋"),
]
CANTEENS = [("C1", "第一食堂(桃李园)"), ("C2", "第二食堂(清芬园)")]
TEACHING = [("T1", "第一教学楼")]
OFFICES = [
    ("logistics", "后勤保障处"),
    ("catering", "饮食服务中心"),
    ("dorm", "宿舍管理中心"),
    ("academic", "教务处"),
    ("security", "保卫处"),
]
COLLEGES = [
    ("cs", "计算机学院"), ("econ", "经济管理学院"), ("med", "医学院"),
    ("law", "法学院"), ("lit", "文学院"), ("eng", "机械工程学院"),
]
CATEGORIES = [
    ("canteen", "食堂"), ("bath", "澡堂"), ("dorm", "宿舍"), ("teaching", "教学"),
    ("network", "网络"), ("safety", "安全"), ("other", "其他"),
]
PICKUP_POINTS = [
    ("sdc309", "学生发展中心309权益值班室", "学生发展中心3楼309", "周一、周四 17:30–19:30", "权益部值班同学"),
    ("lib", "图书馆一楼服务台", "图书馆1楼大厅", "每天 8:00–22:00", "图书馆服务台"),
    ("c1", "第一食堂服务台", "第一食堂1楼入口", "每天 6:30–20:00", "食堂值班经理"),
    ("gym", "体育馆值班室", "体育馆北门", "每天 8:00–21:00", "体育馆值班室"),
    ("sec", "保卫处值班室", "行政楼1楼东侧", "全天", "保卫处"),
]


REPLY_TEMPLATES = [
    ("已收到,核实中", "同学你好,我们已收到你的反馈,正在向相关部门核实情况,有进展会第一时间在这里更新。"),
    ("已转交职能部门", "同学你好,该问题已整理转交相关职能部门,我们会跟进答复期限,并在这里公布回复。"),
    ("请补充信息", "同学你好,为了更快解决问题,请在本页补充具体位置(楼层、房间号)和发生时间,最好附上照片。"),
    ("已解决,请确认", "同学你好,相关部门反馈问题已处理。如果实际没有解决,7 天内可以在本页重新打开,我们会继续跟进。"),
]


@dataclass(frozen=True)
class DemoSummary:
    buildings: int
    points: int
    offices: int
    qr_points: int = 0


def load_demo_data(*, session: Session) -> DemoSummary | None:
    """Load the demo campus once. Returns None when a campus already exists."""
    if session.exec(select(func.count()).select_from(Campus)).one() > 0:
        return None
    campus = Campus(code=CAMPUS[0], name=CAMPUS[1])
    session.add(campus)
    session.flush()
    buildings = (
        [(c, n, BuildingKind.dorm) for c, n in DORMS]
        + [(c, n, BuildingKind.canteen) for c, n in CANTEENS]
        + [(c, n, BuildingKind.teaching) for c, n in TEACHING]
    )
    for code, name, kind in buildings:
        session.add(Building(campus_id=campus.id, code=code, name=name, kind=kind.value))
    for code, name in OFFICES:
        session.add(Office(code=code, name=name))
    for code, name in COLLEGES:
        session.add(College(code=code, name=name))
    for order, (code, name) in enumerate(CATEGORIES):
        session.add(Category(code=code, name=name, sort_order=order))
    for code, name, place, hours, contact in PICKUP_POINTS:
        session.add(
            PickupPoint(campus_id=campus.id, code=code, name=name, place=place, opening_hours=hours, contact=contact)
        )
    for title, body in REPLY_TEMPLATES:
        session.add(ReplyTemplate(title=title, body=body))
    session.flush()
    qr_points = _demo_qr_points(session)
    session.commit()
    return DemoSummary(buildings=len(buildings), points=len(PICKUP_POINTS), offices=len(OFFICES), qr_points=qr_points)


def _demo_qr_points(session: Session) -> int:
    """A proposal book in every dorm's ground floor, table cards in canteens, the duty room."""
    from quanyi_app.services.qr import _issue_code

    made = 0
    for b in session.exec(select(Building).order_by(Building.id)).all():
        if b.kind == BuildingKind.dorm.value:
            specs = [(f"{b.name} 一楼提案本", QrKind.book.value)]
        elif b.kind == BuildingKind.canteen.value:
            specs = [(f"{b.name} 餐桌卡", QrKind.table_card.value)]
        else:
            specs = []
        for label, kind in specs:
            point = QrPoint(building_id=b.id, label=label, kind=kind)
            session.add(point)
            session.flush()
            _issue_code(session, point.id)
            made += 1
    return made


DEMO_FOUND = [
    # (category, title, description, place, hours ago, point index, hidden)
    ("umbrella", "黑色折叠雨伞", "三折伞,伞柄有磨损", "图书馆二楼自习室", 5, 1, "伞套内侧用笔写了字母 LY"),
    ("keys", "一串钥匙(3把)", "挂着蓝色钥匙扣", "第一食堂二楼", 20, 2, "钥匙扣是一只海豚,其中一把是自行车锁钥匙"),
    ("electronics", "白色蓝牙耳机", "充电盒有划痕", "体育馆看台", 30, 3, "充电盒背面贴了一张星星贴纸"),
    ("campus_card", "", "", "第二食堂门口", 48, 0, "卡面姓名:张*"),
    ("stationery", "高等数学(上)课本", "封面包了书皮", "第一教学楼301", 70, 0, "扉页写着一个学号"),
    ("clothing", "灰色连帽卫衣", "M 码", "操场跑道边", 96, 3, "口袋里有一张超市小票"),
    ("wallet", "棕色零钱包", "拉链款", "校车站", 130, 4, "里面有两张公交卡和少量现金"),
    ("other", "不锈钢保温杯", "500ml,银色", "西区24栋楼下", 200, 0, "杯底贴了一个名字首字母贴纸"),
]


def load_demo_found(*, session: Session) -> int:
    """A few found items at the demo pickup points (once; needs the first admin)."""
    from datetime import timedelta

    from quanyi_app.models import FoundItem, User, utcnow
    from quanyi_app.services.accounts import _principal
    from quanyi_app.services.lostfound import ItemDraft, register_item

    if session.exec(select(func.count()).select_from(FoundItem)).one() > 0:
        return 0
    admin = session.exec(select(User).where(User.role == "admin").order_by(User.id)).first()
    points = session.exec(select(PickupPoint).order_by(PickupPoint.id)).all()
    if admin is None or not points:
        return 0
    actor, now = _principal(admin), utcnow()
    for category, title, description, place, hours, point, hidden in DEMO_FOUND:
        register_item(session=session, actor=actor, draft=ItemDraft(
            category=category, title=title, description=description, place_found=place,
            found_at=now - timedelta(hours=hours), pickup_point_id=points[point % len(points)].id, hidden_details=hidden,
            card_number="2023114514" if category == "campus_card" else ""))
    session.commit()
    return len(DEMO_FOUND)
