"""Demo data for ``make run``: one campus with its buildings, desks, offices and colleges."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from quanyi_app.core.campus.models import Building, BuildingKind, Campus, College, Office
from quanyi_app.core.permissions import Perm, roles_with
from quanyi_app.lostfound.models import PickupPoint
from quanyi_app.proposals.models import Category, QrKind, QrPoint, ReplyTemplate

CAMPUS = ("main", "主校区")
DORMS = [
    ("W01", "西区1栋"),
    ("W02", "西区2栋"),
    ("W03", "西区3栋"),
    ("W24", "西区24栋"),
    ("E05", "东区5栋"),
    ("E06", "东区6栋"),
    ("E07", "东区7栋"),
    ("N01", "北区研究生公寓1栋"),
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
    ("cs", "计算机学院"),
    ("econ", "经济管理学院"),
    ("med", "医学院"),
    ("law", "法学院"),
    ("lit", "文学院"),
    ("eng", "机械工程学院"),
]
CATEGORIES = [
    ("canteen", "食堂"),
    ("bath", "澡堂"),
    ("dorm", "宿舍"),
    ("teaching", "教学"),
    ("network", "网络"),
    ("safety", "安全"),
    ("other", "其他"),
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


def _first_admin(session: Session):
    """The account the demo's staff actions are recorded under: the first administrator, if any."""
    from quanyi_app.core.accounts.models import User

    return session.exec(select(User).where(col(User.role).in_(roles_with(Perm.USER_ADMIN))).order_by(User.id)).first()


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
    from quanyi_app.proposals.services.qr import issue_code

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
            issue_code(session, point.id)
            made += 1
    return made


# (category, building code, description, hours ago, what staff did since: "" | "accepted" | "resolved")
DEMO_CASES = [
    ("dorm", "W03", "三楼男卫生间的水龙头一直滴水,晚上很吵,已经一个星期了。", 3, ""),
    ("teaching", "T1", "301教室的投影仪很模糊,后排完全看不清课件上的字。", 6, ""),
    ("canteen", "C1", "中午一楼窗口排队太长,经常要排20分钟,希望高峰期多开两个窗口。", 20, ""),
    ("network", "E06", "晚上10点以后宿舍的校园网经常断线,上网课和查资料都受影响。", 60, ""),
    ("bath", "E05", "一楼淋浴间的热水时冷时热,周末晚上尤其严重,调了很久也不稳定。", 30, "accepted"),
    ("canteen", "C2", "第二食堂的餐具有时没有洗干净,碗边还有油渍。", 120, "resolved"),
]
DEMO_RESOLVED_REPLY = "饮食服务中心已更换洗碗机的喷淋头,并安排每餐抽检餐具。感谢同学反馈!"


def load_demo_cases(*, session: Session) -> int:
    """A few students' cases from the QR points, as a fresh install's inbox would hold after a week:
    four waiting to be triaged (one past its first-response time), one accepted, one resolved with
    the office's answer. Filed and handled through the services, then dated back. Once."""
    from datetime import timedelta

    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.core.settings import get_settings
    from quanyi_app.proposals.models import Case, CaseEvent
    from quanyi_app.proposals.services import cases, casework

    if session.exec(select(func.count()).select_from(Case)).one() > 0:
        return 0
    admin = _first_admin(session)
    if admin is None:
        return 0
    actor, secret = principal_of(admin), get_settings().secret_key
    categories = {c.code: c.id for c in session.exec(select(Category)).all()}
    buildings = {b.code: b.id for b in session.exec(select(Building)).all()}
    points = {p.building_id: p.id for p in session.exec(select(QrPoint).order_by(QrPoint.id)).all()}
    now = utcnow()
    for i, (category, building, text, hours, done) in enumerate(DEMO_CASES):
        case = cases.submit_case(
            cases.Submission(
                category_id=categories[category],
                description=text,
                idempotency_key=f"demo-case-{i:02d}-0000000000",
                device_id=f"demo-phone-{i}",
                building_id=buildings[building],
                qr_point_id=points.get(buildings[building]),
            ),
            session=session,
            secret=secret,
        )
        if done:
            casework.accept(session=session, actor=actor, case_id=case.id)
        if done == "resolved":
            casework.resolve(session=session, actor=actor, case_id=case.id, body=DEMO_RESOLVED_REPLY)
        # Dated back: filed ``hours`` ago, each step by staff a few hours after the one before.
        filed = now - timedelta(hours=hours)
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
        for step, ev in enumerate(events):
            ev.at = filed + timedelta(hours=3 * step)
            session.add(ev)
        case.created_at, case.updated_at = filed, events[-1].at
        case.first_response_due_at = filed + cases.FIRST_RESPONSE_WINDOW
        if case.first_response_at is not None:
            case.first_response_at = events[1].at
        if case.resolved_at is not None:
            case.resolved_at = events[-1].at
        session.add(case)
    session.flush()
    return len(DEMO_CASES)


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

    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.lostfound.models import FoundItem
    from quanyi_app.lostfound.services.found import ItemDraft, register_item

    if session.exec(select(func.count()).select_from(FoundItem)).one() > 0:
        return 0
    admin = _first_admin(session)
    points = session.exec(select(PickupPoint).order_by(PickupPoint.id)).all()
    if admin is None or not points:
        return 0
    actor, now = principal_of(admin), utcnow()
    for category, title, description, place, hours, point, hidden in DEMO_FOUND:
        register_item(
            session=session,
            actor=actor,
            draft=ItemDraft(
                category=category,
                title=title,
                description=description,
                place_found=place,
                found_at=now - timedelta(hours=hours),
                pickup_point_id=points[point % len(points)].id,
                hidden_details=hidden,
                card_number="2023114514" if category == "campus_card" else "",
            ),
        )
    session.commit()
    return len(DEMO_FOUND)


# (section, item, guidance, weight, photo when failed, critical)
DORM_CHECKLIST = [
    (
        "消防安全",
        "无违规大功率电器(热得快、电热锅、电热毯、电磁炉等)",
        "打开柜门、床下查看;发现即登记并拍照",
        5,
        True,
        True,
    ),
    ("消防安全", "楼层灭火器在位、压力指针在绿区、在有效期内", "看压力表和检验标签日期", 4, True, True),
    ("消防安全", "疏散通道、楼梯、安全出口畅通,防火门常闭", "通道无杂物、无上锁,防火门能自动关闭", 5, True, True),
    ("消防安全", "应急照明和疏散指示标志完好", "按测试按钮或断电查看", 3, True, False),
    ("消防安全", "无吸烟、点蜡烛、焚烧杂物痕迹", "", 3, False, False),
    ("用电安全", "无私拉乱接电线、无串接插线板", "插线板不串联、不放在床上", 4, True, False),
    ("用电安全", "插座、开关无破损、烧焦,电线无裸露老化", "", 3, True, False),
    ("用电安全", "人走断电,充电器不长期插在插座上", "", 2, False, False),
    ("公共区域", "走廊、楼梯无堆放杂物、自行车和电动车", "电动车严禁进楼、楼内充电", 4, True, True),
    ("公共区域", "阳台无易燃物堆积,晾晒不遮挡逃生窗", "", 2, False, False),
    ("公共区域", "垃圾按时清运,公共卫生间、洗漱间清洁无异味", "", 2, False, False),
    ("寝室卫生", "地面、桌面整洁,无积存垃圾", "", 2, False, False),
    ("寝室卫生", "床铺整齐,物品摆放有序", "", 1, False, False),
    ("寝室卫生", "无违规饲养宠物", "", 2, False, False),
    ("门窗设施", "门锁、窗户、纱窗完好,无损坏", "损坏的报宿管维修", 2, False, False),
]
KITCHEN_CHECKLIST = [
    ("从业人员", "从业人员持有效健康证明,并在岗公示", "抽查 3 人,核对证件有效期", 5, True, True),
    ("从业人员", "工作时穿戴整洁工作衣帽,佩戴口罩", "", 3, True, False),
    ("从业人员", "接触直接入口食品时戴一次性手套,不留长指甲、不戴首饰", "", 3, False, False),
    ("原料与贮存", "原料有进货查验记录,无过期、变质、“三无”食品", "抽查冷库和仓库各 3 样", 5, True, True),
    ("原料与贮存", "生熟分开:刀具、砧板、容器标识清楚、分开使用和存放", "", 4, True, True),
    ("原料与贮存", "冷藏 0–8 ℃、冷冻 −18 ℃ 以下,温度计工作正常", "记下冰箱和冷库的显示温度", 4, True, False),
    ("原料与贮存", "食品离墙离地存放(≥10 cm),分类分架", "", 2, False, False),
    ("加工过程", "食品烧熟煮透,隔餐食品按规定冷藏和再加热", "", 3, False, False),
    ("加工过程", "每餐次每个品种留样 ≥125 g,冷藏保存 48 小时,记录完整", "打开留样柜,查看标签和记录本", 5, True, True),
    ("加工过程", "食品添加剂专柜存放、专人管理、使用有记录", "", 2, False, False),
    ("餐用具", "餐用具洗消流程规范(一刮二洗三冲四消毒五保洁),消毒柜正常使用", "", 4, True, False),
    ("餐用具", "已消毒餐具存放在密闭保洁柜内", "", 2, False, False),
    ("环境卫生", "防蝇、防鼠、防虫设施完好(纱窗、挡鼠板、灭蝇灯),无虫害痕迹", "", 4, True, True),
    ("环境卫生", "地面、墙面、操作台面清洁,排水通畅无积水", "", 2, False, False),
    ("环境卫生", "餐厨垃圾加盖、及时清运,废弃油脂有回收记录", "", 3, True, False),
    ("消防与燃气", "燃气管道无泄漏,灭火器、灭火毯在位有效", "", 4, True, True),
]


def load_demo_inspections(*, session: Session, plans: bool = True) -> int:
    """The two real checklists, and (with an admin to run them) a weekly dorm round and a canteen
    check today so the inspector's list is not empty (once)."""
    from quanyi_app.core.campustime import campus_today
    from quanyi_app.inspections.models import ChecklistTemplate, InspectionSeries
    from quanyi_app.inspections.services.runs import ItemSpec, create_template, ensure_series, new_inspection

    if session.exec(select(func.count()).select_from(ChecklistTemplate)).one() > 0:
        return 0
    offices = {o.code: o.id for o in session.exec(select(Office)).all()}
    dorm = create_template(
        session=session,
        actor=None,
        code="dorm-safety",
        name="宿舍安全卫生检查表",
        target_kind="dorm",
        office_id=offices.get("dorm"),
        items=[ItemSpec(*row) for row in DORM_CHECKLIST],
    )
    kitchen = create_template(
        session=session,
        actor=None,
        code="kitchen-hygiene",
        name="食堂后厨卫生检查记录表",
        target_kind="canteen",
        office_id=offices.get("catering"),
        rectify_days=3,
        items=[ItemSpec(*row) for row in KITCHEN_CHECKLIST],
    )
    admin = _first_admin(session)
    buildings = {b.code: b for b in session.exec(select(Building)).all()}
    if plans and admin is not None and "W24" in buildings and "C1" in buildings:
        today = campus_today()
        session.add(
            InspectionSeries(
                template_id=dorm.id,
                building_id=buildings["W24"].id,
                weekday=today.weekday(),
                starts_on=today,
                inspector_ids=[admin.id],
                created_by_id=admin.id,
            )
        )
        session.flush()
        ensure_series(session=session, today=today)
        new_inspection(
            session,
            template_id=kitchen.id,
            building_id=buildings["C1"].id,
            day=today,
            inspectors=[admin.id],
            actor_id=admin.id,
        )
    session.commit()
    return 2


def load_demo_lending(*, session: Session) -> int:
    """30 umbrellas at 3 points and 6 loans: one overdue, one lost, the rest returned (once)."""
    from datetime import timedelta

    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.core.settings import get_settings
    from quanyi_app.lending.models import Loan, Umbrella
    from quanyi_app.lending.services import loans, umbrellas

    if session.exec(select(func.count()).select_from(Umbrella)).one() > 0:
        return 0
    admin = _first_admin(session)
    points = session.exec(select(PickupPoint).where(col(PickupPoint.active).is_(True)).order_by(PickupPoint.id)).all()
    if admin is None or len(points) < 3:
        return 0
    actor, secret = principal_of(admin), get_settings().secret_key
    made = [u for p in points[:3] for u in umbrellas.add_batch(session=session, actor=actor, point_id=p.id, count=10)]
    students = ["2022010101", "2022010102", "2023020201", "2023020202", "2024030301", "2024030302"]
    for n, student in enumerate(students):
        loan = loans.borrow(
            loans.BorrowForm(made[n * 5].code, student, phone=f"1381234{5600 + n}", accepted_rules=True),
            session=session,
            secret=secret,
        )
        back = timedelta(days=3 + 2 * n)
        loan.created_at -= back
        loan.due_at -= back
        session.add(loan)
        session.flush()
        if n < 4:
            loans.return_by_link(session=session, loan_code=loan.code, point_code=points[n % 3].code)
    overdue, lost = session.exec(select(Loan).where(col(Loan.returned_at).is_(None)).order_by(Loan.id)).all()
    overdue.due_at = utcnow() - timedelta(days=1)
    session.add(overdue)
    session.flush()
    loans.mark_lost(session=session, actor=actor, loan_id=lost.id)
    session.commit()
    return len(made)


MEETING_QUESTIONS_NEXT = [  # (category code, question, how many phones care)
    ("canteen", "二食堂晚上九点以后基本没有热饭,晚自习回来只能吃泡面,能否延长供应时间?", 23),
    ("bath", "东区澡堂周末下午排队要40分钟,能不能增加开放时段或淋浴位?", 17),
    ("dorm", "西区24栋热水器反复坏,报修后一周才来人,维修能否有时限承诺?", 9),
    ("network", "宿舍晚上十点后校园网很卡,上网课经常掉线。", 5),
    ("safety", "北门到西区的小路晚上没有路灯,能否加装?", 2),
]
MEETING_147 = [  # (category, question, answer, commitments: (what, office code, due in days, outcome))
    (
        "canteen",
        "晚上食堂没有夜宵,能不能开一个夜宵窗口?",
        "饮食服务中心:二食堂一楼增设夜宵窗口,供应到22:00。",
        [("二食堂增设夜宵窗口,供应到22:00", "catering", -20, "done")],
    ),
    (
        "dorm",
        "西区宿舍热水器老化,经常没有热水。",
        "后勤保障处:分批更换西区宿舍热水器,年底前完成。",
        [("西区宿舍热水器分批更换", "logistics", 30, "progress")],
    ),
    (
        "bath",
        "东区澡堂周末关门太早。",
        "后勤保障处:周末开放时间延长至23:00。",
        [("东区澡堂周末开放时间延长至23:00", "logistics", -5, "open")],
    ),
    (
        "teaching",
        "期末能否开放通宵自习室?",
        "教务处:经评估,因安全值守人员不足,暂不开放通宵自习室,期末延长至24:00。",
        [("开放通宵自习室", "academic", 10, "dropped")],
    ),
]


def _demo_photo() -> bytes:
    """A plain picture for the demo's evidence photo (no camera metadata to strip)."""
    import io

    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1200, 900), (236, 232, 224))
    draw = ImageDraw.Draw(im)
    draw.rectangle((120, 160, 1080, 700), fill=(200, 60, 50))
    draw.rectangle((180, 240, 1020, 640), fill=(250, 245, 235))
    for i in range(6):
        draw.rectangle((220 + i * 135, 420, 320 + i * 135, 600), fill=(120, 90, 60))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def load_demo_events(*, session: Session) -> int:
    """第147期 校领导接待日, past, with minutes and 4 commitments (done with a photo, in progress,
    overdue, dropped); 第148期 next week with 5 questions and their 我也关心. Once."""
    import hashlib
    from datetime import timedelta

    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.campustime import campus_today, local_str
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.core.photos.services import store_photo
    from quanyi_app.core.settings import get_settings
    from quanyi_app.events.models import CommitmentUpdate, Meeting, MeetingKind, MeetingQuestion, QuestionSupport
    from quanyi_app.events.services import commitments, meetings

    if session.exec(select(func.count()).select_from(Meeting)).one() > 0:
        return 0
    admin = _first_admin(session)
    kind = session.exec(select(MeetingKind).order_by(MeetingKind.sort_order)).first()
    if admin is None or kind is None:
        return 0
    actor, settings = principal_of(admin), get_settings()
    categories = {c.code: c.id for c in session.exec(select(Category)).all()}
    offices = {o.code: o.id for o in session.exec(select(Office)).all()}

    def meeting(number: int, starts, seats: int) -> Meeting:
        m = meetings.create_meeting(
            session=session,
            actor=actor,
            form=meetings.MeetingForm(
                kind_id=kind.id,
                number=number,
                starts=local_str(starts, "%Y-%m-%dT%H:%M"),
                ends=local_str(starts + timedelta(hours=2), "%H:%M"),
                place="学生发展中心一楼报告厅",
                attending="分管学生工作副校长;后勤保障处、饮食服务中心、教务处负责人",
                seats=seats,
                topics="食堂、澡堂、宿舍与教学条件",
            ),
        )
        meetings.announce(session=session, actor=actor, meeting_id=m.id)
        return m

    def ask(m: Meeting, code: str, body: str, phone: str) -> MeetingQuestion:
        return meetings.ask(
            meetings.QuestionForm(m.id, categories.get(code), body, device=phone),
            session=session,
            secret=settings.secret_key,
        )

    start = (utcnow() + timedelta(days=7)).replace(hour=6, minute=30, second=0, microsecond=0)  # 14:30 on campus
    past = meeting(147, start, 0)
    shot = store_photo(_demo_photo(), session=session, uploaded_by_id=actor.user_id)
    asked = [ask(past, code, body, f"demo-147-{i}") for i, (code, body, _a, _c) in enumerate(MEETING_147)]
    past.starts_at, past.ends_at = past.starts_at - timedelta(days=52), past.ends_at - timedelta(days=52)
    session.add(past)
    outcomes = []
    for q, (_code, _body, answer, promised) in zip(asked, MEETING_147, strict=True):
        meetings.set_agenda(session=session, actor=actor, question_id=q.id, on=True)
        meetings.record_answer(session=session, actor=actor, question_id=q.id, answer=answer)
        for what, office, days, outcome in promised:
            c = commitments.add_commitment(
                session=session,
                actor=actor,
                question_id=q.id,
                what=what,
                office_id=offices[office],
                due=(campus_today() + timedelta(days=days)).isoformat(),
            )
            outcomes.append((c, outcome))
    meetings.publish_minutes(
        session=session, actor=actor, meeting_id=past.id, summary="本期共收集问题 4 个,均当场答复。"
    )
    for c, outcome in outcomes:
        if outcome == "done":
            commitments.post_update(
                session=session,
                actor=actor,
                commitment_id=c.id,
                kind="done",
                body="夜宵窗口已于本月起开放,供应到22:00。",
                photo_ids=[shot.id],
            )
        elif outcome == "progress":
            commitments.post_update(
                session=session,
                actor=actor,
                commitment_id=c.id,
                kind="progress",
                body="西区1–3栋已更换完毕,其余楼栋按计划推进。",
            )
        elif outcome == "dropped":
            commitments.post_update(
                session=session,
                actor=actor,
                commitment_id=c.id,
                kind="dropped",
                body="安全值守人员不足,暂不开放通宵自习室;期末自习室开放延长至24:00。",
            )
    past.minutes_published_at = past.ends_at + timedelta(days=1)  # dated back to when they happened
    session.add(past)
    for u in session.exec(select(CommitmentUpdate)).all():
        u.created_at = u.published_at = past.ends_at + timedelta(days=20)
        session.add(u)
    done = next(c for c, outcome in outcomes if outcome == "done")
    done.done_at = past.ends_at + timedelta(days=20)
    session.add(done)
    nxt = meeting(148, start, 30)
    for i, (code, body, caring) in enumerate(MEETING_QUESTIONS_NEXT):
        q = ask(nxt, code, body, f"demo-148-{i}")
        for n in range(caring - 1):  # the asker already counts
            phone = hashlib.sha256(f"demo-care-{i}-{n}".encode()).hexdigest()
            session.add(QuestionSupport(question_id=q.id, device_hash=phone))
        q.supporters = caring
        session.add(q)
    session.commit()
    return 2


DEMO_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
DEMO_GIVEN = ["子涵", "欣怡", "浩然", "雨桐", "宇轩", "思琪", "梓萱", "俊杰", "佳怡", "明轩", "诗涵", "博文"]


def load_demo_open_day(*, session: Session) -> int:
    """A canteen open day: 20 places (4 kept for 医学院), 60 registrations, the lottery not yet run."""
    from datetime import timedelta

    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.campustime import local_str
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.core.settings import get_settings
    from quanyi_app.events.models import Event
    from quanyi_app.events.services import places

    if session.exec(select(func.count()).select_from(Event).where(col(Event.meeting_id).is_(None))).one() > 0:
        return 0
    admin = _first_admin(session)
    colleges = session.exec(select(College).order_by(College.id)).all()
    if admin is None or not colleges:
        return 0
    actor, secret = principal_of(admin), get_settings().secret_key
    med = next((c.id for c in colleges if c.code == "med"), colleges[0].id)
    day = (utcnow() + timedelta(days=5)).replace(hour=7, minute=0, second=0, microsecond=0)  # 15:00 on campus
    event = places.create_event(
        session=session,
        actor=actor,
        form=places.EventForm(
            title="第二食堂开放日:走进后厨",
            place="第二食堂(清芬园)一楼入口集合",
            starts=local_str(day, "%Y-%m-%d %H:%M"),
            ends=local_str(day + timedelta(hours=2), "%H:%M"),
            places=20,
            reg_opens=local_str(utcnow() - timedelta(days=2), "%Y-%m-%d %H:%M"),
            reg_closes=local_str(day - timedelta(days=2), "%Y-%m-%d %H:%M"),
            description="参观后厨、仓库与留样间,和食堂经理面对面交流。名额有限,报名超过名额时截止后公开抽签。",
            quotas={med: 4},
        ),
    )
    places.open_event(session=session, actor=actor, event_id=event.id)
    for n in range(60):
        name = DEMO_SURNAMES[n % len(DEMO_SURNAMES)] + DEMO_GIVEN[n % len(DEMO_GIVEN)]
        places.register(
            places.RegistrationForm(
                event_id=event.id,
                name=name,
                student_no=f"202{2 + n % 4}{10000 + n * 37:06d}",
                college_id=colleges[n % len(colleges)].id,
                phone=f"137{n:08d}",
                device=f"demo-open-day-{n}",
            ),
            session=session,
            secret=secret,
        )
    session.commit()
    return 60


def load_demo_duty(*, session: Session) -> int:
    """The duty room: Mondays and Thursdays 17:30–19:30 at 学生发展中心309, the first admin on duty."""
    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.events.models import DutySlot
    from quanyi_app.events.services import duty

    if session.exec(select(func.count()).select_from(DutySlot)).one() > 0:
        return 0
    admin = _first_admin(session)
    if admin is None:
        return 0
    actor = principal_of(admin)
    for weekday in (0, 3):
        slot = duty.add_slot(
            session=session, actor=actor, weekday=weekday, starts="17:30", ends="19:30", place="学生发展中心309"
        )
        duty.set_roster(session=session, actor=actor, slot_id=slot.id, user_id=admin.id, on=True)
    session.commit()
    return 2


def load_demo_surveys(*, session: Session, answers: int = 300) -> int:
    """食堂满意度, open with ``answers`` generated answers spread over buildings and colleges (public
    results on), and a draft of the satisfaction template. Once."""
    import random
    import uuid

    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.settings import get_settings
    from quanyi_app.surveys.models import Survey
    from quanyi_app.surveys.services import answer, build
    from quanyi_app.surveys.templates_data import GRADES

    if session.exec(select(func.count()).select_from(Survey)).one() > 0:
        return 0
    admin = _first_admin(session)
    if admin is None:
        return 0
    actor, secret = principal_of(admin), get_settings().secret_key
    canteen = build.from_template(session=session, actor=actor, key="canteen")
    canteen.public_results = True
    session.add(canteen)
    build.publish(session=session, actor=actor, survey_id=canteen.id)
    build.from_template(session=session, actor=actor, key="satisfaction")
    buildings = [b.id for b in session.exec(select(Building).where(col(Building.kind) == "dorm")).all()]
    colleges = [c.id for c in session.exec(select(College)).all()]
    rng = random.Random(2370)  # the department's dining survey had 2,370 answers
    suggestions = [
        "晚上九点后希望还有热饭",
        "二食堂排队太久",
        "价格可以再便宜一点",
        "希望多一些清淡的菜",
        "餐具有时没洗干净",
    ]
    questions = build.questions(session, canteen.id)
    for n in range(answers):
        fields: dict[str, list[str]] = {}
        for q in questions:
            name = f"q{q.id}"
            if q.kind == "building":
                fields[name] = [str(rng.choice(buildings))]
            elif q.kind == "college":
                fields[name] = [str(rng.choice(colleges))]
            elif q.kind == "grade":
                fields[name] = [rng.choice(GRADES[:6])]
            elif q.kind == "single":
                fields[name] = [str(rng.choices([o["id"] for o in q.options], weights=[5, 4, 1][: len(q.options)])[0])]
            elif q.kind == "number":
                fields[name] = [str(rng.randint(3, 18))]
            elif q.kind == "multi":
                fields[name] = [str(o["id"]) for o in rng.sample(q.options, rng.randint(1, q.max_choices or 2))]
            elif q.kind == "matrix":
                for row in q.rows:
                    fields[f"{name}_r{row['id']}"] = [
                        str(rng.choices([o["id"] for o in q.options], weights=[3, 5, 3, 1, 1])[0])
                    ]
            elif q.kind == "rating":
                fields[name] = [str(rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 4])[0])]
            elif q.kind == "nps":
                fields[name] = [str(rng.choices(range(11), weights=[1, 1, 1, 1, 2, 3, 4, 6, 8, 6, 5])[0])]
            elif q.kind == "longtext" and rng.random() < 0.3:
                fields[name] = [rng.choice(suggestions)]
        answer.submit(
            answer.Submission(code=canteen.code, fields=fields, submit_key=uuid.uuid4().hex, device=f"demo-survey-{n}"),
            session=session,
            secret=secret,
        )
    session.commit()
    return answers
