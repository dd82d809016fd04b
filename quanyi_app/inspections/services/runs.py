"""Inspections (宿舍安全卫生检查 / 食堂后厨卫生检查): templates, plans, ticks, submission.

Who may do what (checked here, whatever the caller):
- admins edit templates;
- staff and admins plan inspections, run any of them and follow rectifications;
- an inspector runs and reads only the inspections they are assigned to;
- office users and anonymous students do none of this.

Ticks are idempotent: one answer row per (inspection, item), and each field carries the
phone's clock of its last change, so a tick sent twice, late, or out of order after an
offline spell leaves the newest value and never a second row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.models import User
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Building, BuildingKind, Office
from quanyi_app.core.campustime import CAMPUS_TZ, campus_today
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, can, grants, is_assignment_bound, require, roles_with
from quanyi_app.core.photos.models import Photo
from quanyi_app.inspections import strings
from quanyi_app.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Inspection,
    InspectionAnswer,
    InspectionInspector,
    InspectionPhoto,
    InspectionSeries,
    InspectionStatus,
    Rectification,
    RectificationStatus,
    TickResult,
)

TARGET_KINDS = (BuildingKind.dorm.value, BuildingKind.canteen.value)
RESULTS = frozenset(r.value for r in TickResult)
MAX_TICKS_PER_BATCH = 200
MAX_PHOTOS_PER_ITEM = 4
NOTE_MAX = 300
WEEKS_AHEAD = 4
MAX_WEIGHT = 10


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# ---- permissions ------------------------------------------------------------------------------
# The checks themselves live in core/permissions.py; these name what this feature asks for.


def require_planner(actor: Principal | None) -> Principal:
    return require(actor, Perm.INSPECTION_PLAN)


def require_runner(actor: Principal | None) -> Principal:
    return require(actor, Perm.INSPECTION_RUN)


def require_template_admin(actor: Principal | None) -> Principal:
    if actor is not None and not can(actor, Perm.CHECKLIST_EDIT):
        raise PermissionDenied(strings.INS_TEMPLATE_ADMIN_ONLY)
    return require(actor, Perm.CHECKLIST_EDIT)


def inspector_ids(session: Session, inspection_id: int) -> list[int]:
    return list(
        session.exec(
            select(InspectionInspector.user_id).where(InspectionInspector.inspection_id == inspection_id)
        ).all()
    )


def names_by_id(session: Session, model, ids=None) -> dict[int, str]:
    """``{id: name}`` of a table with a ``name`` column (templates, buildings, offices), all or ``ids``."""
    q = select(model.id, model.name)
    if ids is not None:
        q = q.where(col(model.id).in_(ids))
    return dict(session.exec(q).all())


def inspector_names(session: Session, inspection_id: int) -> list[str]:
    return list(
        session.exec(
            select(User.display_name)
            .join(InspectionInspector, InspectionInspector.user_id == User.id)
            .where(InspectionInspector.inspection_id == inspection_id)
            .order_by(User.id)
        ).all()
    )


def get_inspection(*, session: Session, actor: Principal | None, inspection_id: int) -> Inspection:
    """The inspection, if the caller may run or read it (assigned inspector, staff, admin)."""
    require_runner(actor)
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise UserError(strings.INS_NOT_FOUND)
    require(actor, Perm.INSPECTION_RUN, assignees=inspector_ids(session, insp.id))
    return insp


# ---- templates --------------------------------------------------------------------------------


@dataclass
class ItemSpec:
    section: str
    text: str
    guidance: str = ""
    weight: int = 2
    photo_on_fail: bool = False
    critical: bool = False


def _clean_item(spec: ItemSpec) -> ItemSpec:
    section, text = (spec.section or "").strip(), (spec.text or "").strip()
    if not text:
        raise UserError(strings.INS_ITEM_TEXT_REQUIRED)
    if not section:
        raise UserError(strings.INS_ITEM_SECTION_REQUIRED)
    if len(text) > 120 or len(section) > 32 or len((spec.guidance or "").strip()) > 300:
        raise UserError(strings.INS_ITEM_TOO_LONG)
    try:
        weight = int(spec.weight)
    except (TypeError, ValueError):
        raise UserError(strings.INS_ITEM_WEIGHT.format(n=MAX_WEIGHT)) from None
    if not 1 <= weight <= MAX_WEIGHT:
        raise UserError(strings.INS_ITEM_WEIGHT.format(n=MAX_WEIGHT))
    return ItemSpec(section, text, (spec.guidance or "").strip(), weight, bool(spec.photo_on_fail), bool(spec.critical))


def _add_items(session: Session, version_id: int, specs: list[ItemSpec]) -> None:
    for pos, spec in enumerate(specs, start=1):
        s = _clean_item(spec)
        session.add(
            ChecklistItem(
                version_id=version_id,
                position=pos,
                section=s.section,
                text=s.text,
                guidance=s.guidance,
                weight=s.weight,
                photo_on_fail=s.photo_on_fail,
                critical=s.critical,
            )
        )


def create_template(
    *,
    session: Session,
    actor: Principal | None,
    code: str,
    name: str,
    target_kind: str,
    items: list[ItemSpec],
    office_id: int | None = None,
    pass_mark: int = 80,
    rectify_days: int = 7,
) -> ChecklistTemplate:
    """A new template with its first (published) version."""
    if actor is not None:  # None: demo data and migrations
        require_template_admin(actor)
    name = (name or "").strip()
    if not name:
        raise UserError(strings.INS_TEMPLATE_NAME_REQUIRED)
    if target_kind not in TARGET_KINDS:
        raise UserError(strings.INS_TARGET_KIND_INVALID)
    if not items:
        raise UserError(strings.INS_TEMPLATE_EMPTY)
    tpl = ChecklistTemplate(
        code=code,
        name=name[:64],
        target_kind=target_kind,
        office_id=office_id,
        pass_mark=pass_mark,
        rectify_days=rectify_days,
    )
    session.add(tpl)
    session.flush()
    version = ChecklistVersion(
        template_id=tpl.id, number=1, published_at=utcnow(), created_by_id=actor.user_id if actor else None
    )
    session.add(version)
    session.flush()
    _add_items(session, version.id, items)
    if actor is not None:
        audit.record(
            session=session,
            action="checklist.create",
            actor_id=actor.user_id,
            target_type="checklist",
            target_id=tpl.id,
        )
    session.flush()
    return tpl


def current_version(session: Session, template_id: int) -> ChecklistVersion | None:
    return session.exec(
        select(ChecklistVersion)
        .where(ChecklistVersion.template_id == template_id, col(ChecklistVersion.published_at).is_not(None))
        .order_by(col(ChecklistVersion.number).desc())
    ).first()


def draft_version(session: Session, template_id: int) -> ChecklistVersion | None:
    return session.exec(
        select(ChecklistVersion).where(
            ChecklistVersion.template_id == template_id, col(ChecklistVersion.published_at).is_(None)
        )
    ).first()


def version_items(session: Session, version_id: int) -> list[ChecklistItem]:
    return list(
        session.exec(
            select(ChecklistItem)
            .where(ChecklistItem.version_id == version_id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
        ).all()
    )


def start_draft(*, session: Session, actor: Principal | None, template_id: int) -> ChecklistVersion:
    """The template's draft, made from the current version when there is none yet."""
    require_template_admin(actor)
    tpl = session.get(ChecklistTemplate, template_id)
    if tpl is None:
        raise UserError(strings.INS_TEMPLATE_NOT_FOUND)
    draft = draft_version(session, template_id)
    if draft is not None:
        return draft
    current = current_version(session, template_id)
    top = (
        session.exec(select(func.max(ChecklistVersion.number)).where(ChecklistVersion.template_id == template_id)).one()
        or 0
    )
    draft = ChecklistVersion(template_id=template_id, number=top + 1, created_by_id=actor.user_id)
    session.add(draft)
    session.flush()
    if current is not None:
        for it in version_items(session, current.id):
            session.add(
                ChecklistItem(
                    version_id=draft.id,
                    position=it.position,
                    section=it.section,
                    text=it.text,
                    guidance=it.guidance,
                    weight=it.weight,
                    photo_on_fail=it.photo_on_fail,
                    critical=it.critical,
                )
            )
    session.flush()
    return draft


def _draft_item(session: Session, template_id: int, item_id: int) -> ChecklistItem:
    draft = draft_version(session, template_id)
    item = session.get(ChecklistItem, item_id)
    if draft is None or item is None or item.version_id != draft.id:
        raise UserError(strings.INS_ITEM_NOT_FOUND)
    return item


def save_draft_item(
    *, session: Session, actor: Principal | None, template_id: int, item_id: int | None, spec: ItemSpec
) -> ChecklistItem:
    """Add an item to the draft (item_id None) or change one of its items."""
    draft = start_draft(session=session, actor=actor, template_id=template_id)
    s = _clean_item(spec)
    if item_id is None:
        top = (
            session.exec(select(func.max(ChecklistItem.position)).where(ChecklistItem.version_id == draft.id)).one()
            or 0
        )
        item = ChecklistItem(version_id=draft.id, position=top + 1, section=s.section, text=s.text)
    else:
        item = _draft_item(session, template_id, item_id)
    item.section, item.text, item.guidance = s.section, s.text, s.guidance
    item.weight, item.photo_on_fail, item.critical = s.weight, s.photo_on_fail, s.critical
    session.add(item)
    session.flush()
    return item


def delete_draft_item(*, session: Session, actor: Principal | None, template_id: int, item_id: int) -> None:
    require_template_admin(actor)
    session.delete(_draft_item(session, template_id, item_id))
    session.flush()


def move_draft_item(*, session: Session, actor: Principal | None, template_id: int, item_id: int, step: int) -> None:
    """Swap an item with its neighbour above (step -1) or below (+1)."""
    require_template_admin(actor)
    item = _draft_item(session, template_id, item_id)
    items = version_items(session, item.version_id)
    i = next(n for n, it in enumerate(items) if it.id == item.id)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(items):
        return
    for n, it in enumerate(items, start=1):
        it.position = n
    items[i].position, items[j].position = items[j].position, items[i].position
    for it in (items[i], items[j]):
        session.add(it)
    session.flush()


def publish_draft(*, session: Session, actor: Principal | None, template_id: int) -> ChecklistVersion:
    """The draft becomes the current version; inspections already started keep theirs."""
    require_template_admin(actor)
    draft = draft_version(session, template_id)
    if draft is None:
        raise UserError(strings.INS_NO_DRAFT)
    if not version_items(session, draft.id):
        raise UserError(strings.INS_TEMPLATE_EMPTY)
    draft.published_at = utcnow()
    session.add(draft)
    audit.record(
        session=session,
        action="checklist.publish",
        actor_id=actor.user_id,
        target_type="checklist",
        target_id=template_id,
        version=draft.number,
    )
    session.flush()
    return draft


def discard_draft(*, session: Session, actor: Principal | None, template_id: int) -> None:
    require_template_admin(actor)
    draft = draft_version(session, template_id)
    if draft is None:
        return
    for it in version_items(session, draft.id):
        session.delete(it)
    session.flush()
    session.delete(draft)
    session.flush()


def update_template_settings(
    *,
    session: Session,
    actor: Principal | None,
    template_id: int,
    name: str,
    pass_mark: int,
    rectify_days: int,
    office_id: int | None,
) -> ChecklistTemplate:
    require_template_admin(actor)
    tpl = session.get(ChecklistTemplate, template_id)
    if tpl is None:
        raise UserError(strings.INS_TEMPLATE_NOT_FOUND)
    name = (name or "").strip()
    if not name:
        raise UserError(strings.INS_TEMPLATE_NAME_REQUIRED)
    if not 0 <= int(pass_mark) <= 100:
        raise UserError(strings.INS_PASS_MARK_RANGE)
    if not 1 <= int(rectify_days) <= 90:
        raise UserError(strings.INS_RECTIFY_DAYS_RANGE)
    if office_id is not None and session.get(Office, office_id) is None:
        raise UserError(strings.INS_OFFICE_NOT_FOUND)
    tpl.name, tpl.pass_mark, tpl.rectify_days, tpl.office_id = name[:64], int(pass_mark), int(rectify_days), office_id
    session.add(tpl)
    session.flush()
    return tpl


# ---- plans ------------------------------------------------------------------------------------


def _check_plan(
    session: Session, template_id: int, building_id: int, inspectors: list[int]
) -> tuple[ChecklistTemplate, Building]:
    if not template_id:
        raise UserError(strings.INS_TEMPLATE_REQUIRED)
    if not building_id:
        raise UserError(strings.INS_TARGET_REQUIRED)
    tpl = session.get(ChecklistTemplate, template_id)
    if tpl is None or not tpl.active:
        raise UserError(strings.INS_TEMPLATE_NOT_FOUND)
    if current_version(session, tpl.id) is None:
        raise UserError(strings.INS_TEMPLATE_EMPTY)
    building = session.get(Building, building_id)
    if building is None or not building.active:
        raise UserError(shared.BUILDING_NOT_FOUND)
    if building.kind != tpl.target_kind:
        raise UserError(strings.INS_TARGET_MISMATCH)
    if not inspectors:
        raise UserError(strings.INS_INSPECTORS_REQUIRED)
    users = session.exec(select(User).where(col(User.id).in_(inspectors))).all()
    if len(users) != len(set(inspectors)) or any(
        not u.active or not grants(u.role, Perm.INSPECTION_RUN) for u in users
    ):
        raise UserError(strings.INS_INSPECTOR_INVALID)
    return tpl, building


def new_inspection(
    session: Session,
    *,
    template_id: int,
    building_id: int,
    day: date,
    inspectors: list[int],
    actor_id: int | None,
    series_id: int | None = None,
) -> Inspection:
    insp = Inspection(
        template_id=template_id, building_id=building_id, planned_on=day, series_id=series_id, created_by_id=actor_id
    )
    session.add(insp)
    session.flush()
    for uid in dict.fromkeys(inspectors):
        session.add(InspectionInspector(inspection_id=insp.id, user_id=uid))
    return insp


def plan_inspection(
    *,
    session: Session,
    actor: Principal | None,
    template_id: int,
    building_id: int,
    day: date | None,
    inspectors: list[int],
    weekly: bool = False,
) -> Inspection | InspectionSeries:
    """One inspection on ``day``, or (dorm buildings) a weekly series starting that day."""
    require_planner(actor)
    if day is None:
        raise UserError(strings.INS_DATE_REQUIRED)
    if day < campus_today():
        raise UserError(strings.INS_DATE_PAST)
    tpl, building = _check_plan(session, template_id, building_id, inspectors)
    if weekly:
        if building.kind != BuildingKind.dorm.value:
            raise UserError(strings.INS_WEEKLY_DORMS_ONLY)
        series = InspectionSeries(
            template_id=tpl.id,
            building_id=building.id,
            weekday=day.weekday(),
            starts_on=day,
            inspector_ids=list(dict.fromkeys(inspectors)),
            created_by_id=actor.user_id,
        )
        session.add(series)
        session.flush()
        ensure_series(session=session, today=campus_today())
        audit.record(
            session=session,
            action="inspection.plan_weekly",
            actor_id=actor.user_id,
            target_type="series",
            target_id=series.id,
        )
        return series
    insp = new_inspection(
        session, template_id=tpl.id, building_id=building.id, day=day, inspectors=inspectors, actor_id=actor.user_id
    )
    audit.record(
        session=session, action="inspection.plan", actor_id=actor.user_id, target_type="inspection", target_id=insp.id
    )
    session.flush()
    return insp


def ensure_series(*, session: Session, today: date, weeks: int = WEEKS_AHEAD) -> int:
    """Create the planned inspections of every active weekly series for the coming weeks (idempotent)."""
    made = 0
    series_list = session.exec(select(InspectionSeries).where(col(InspectionSeries.active))).all()
    for s in series_list:
        have = set(
            session.exec(
                select(Inspection.planned_on).where(
                    Inspection.series_id == s.id, Inspection.planned_on >= week_start(today)
                )
            ).all()
        )
        for w in range(weeks):
            day = week_start(today) + timedelta(weeks=w, days=s.weekday)
            if day < s.starts_on or day in have:
                continue
            try:
                with session.begin_nested():
                    new_inspection(
                        session,
                        template_id=s.template_id,
                        building_id=s.building_id,
                        day=day,
                        inspectors=s.inspector_ids,
                        actor_id=s.created_by_id,
                        series_id=s.id,
                    )
                made += 1
            except IntegrityError:  # made by a concurrent caller
                continue
    session.flush()
    return made


def stop_series(*, session: Session, actor: Principal | None, series_id: int) -> None:
    """End a weekly series: its future, unstarted inspections are cancelled."""
    require_planner(actor)
    s = session.get(InspectionSeries, series_id)
    if s is None:
        raise UserError(strings.INS_NOT_FOUND)
    s.active = False
    session.add(s)
    for insp in session.exec(
        select(Inspection).where(
            Inspection.series_id == s.id,
            Inspection.status == InspectionStatus.planned.value,
            Inspection.planned_on >= campus_today(),
        )
    ).all():
        insp.status = InspectionStatus.cancelled.value
        session.add(insp)
    audit.record(
        session=session, action="inspection.stop_series", actor_id=actor.user_id, target_type="series", target_id=s.id
    )
    session.flush()


def cancel_inspection(*, session: Session, actor: Principal | None, inspection_id: int) -> None:
    require_planner(actor)
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise UserError(strings.INS_NOT_FOUND)
    if insp.status == InspectionStatus.submitted.value:
        raise UserError(strings.INS_ALREADY_SUBMITTED)
    insp.status = InspectionStatus.cancelled.value
    session.add(insp)
    audit.record(
        session=session, action="inspection.cancel", actor_id=actor.user_id, target_type="inspection", target_id=insp.id
    )
    session.flush()


@dataclass(frozen=True)
class PlanRow:
    id: int
    template: str
    target: str
    building_id: int
    planned_on: date
    status: str
    inspectors: str
    score: float | None
    passed: bool | None
    weekly: bool
    overdue: bool


def _rows(session: Session, inspections: list[Inspection], today: date) -> list[PlanRow]:
    if not inspections:
        return []
    ids = [i.id for i in inspections]
    names: dict[int, list[str]] = {}
    for iid, name in session.exec(
        select(InspectionInspector.inspection_id, User.display_name)
        .join(User, User.id == InspectionInspector.user_id)
        .where(col(InspectionInspector.inspection_id).in_(ids))
    ).all():
        names.setdefault(iid, []).append(name)
    templates = names_by_id(session, ChecklistTemplate)
    buildings = names_by_id(session, Building, {i.building_id for i in inspections})
    return [
        PlanRow(
            id=i.id,
            template=templates.get(i.template_id, ""),
            target=buildings.get(i.building_id, ""),
            building_id=i.building_id,
            planned_on=i.planned_on,
            status=i.status,
            inspectors="、".join(names.get(i.id, [])),
            score=i.score,
            passed=i.passed,
            weekly=i.series_id is not None,
            overdue=i.status in (InspectionStatus.planned.value, InspectionStatus.running.value)
            and i.planned_on < today,
        )
        for i in inspections
    ]


def my_inspections(*, session: Session, actor: Principal | None, today: date | None = None) -> list[PlanRow]:
    """The caller's list: unfinished ones up to today (late ones first), then the next 7 days."""
    require_runner(actor)
    today = today or campus_today()
    q = (
        select(Inspection)
        .join(InspectionInspector, InspectionInspector.inspection_id == Inspection.id)
        .where(
            InspectionInspector.user_id == actor.user_id,
            col(Inspection.status).in_([InspectionStatus.planned.value, InspectionStatus.running.value]),
            Inspection.planned_on >= today - timedelta(days=14),
            Inspection.planned_on <= today + timedelta(days=7),
        )
        .order_by(Inspection.planned_on, Inspection.id)
    )
    return _rows(session, list(session.exec(q).all()), today)


def list_inspections(
    *,
    session: Session,
    actor: Principal | None,
    start: date,
    end: date,
    building_id: int | None = None,
    status: str = "",
) -> list[PlanRow]:
    require_planner(actor)
    q = select(Inspection).where(Inspection.planned_on >= start, Inspection.planned_on <= end)
    if building_id:
        q = q.where(Inspection.building_id == building_id)
    if status:
        q = q.where(Inspection.status == status)
    q = q.order_by(Inspection.planned_on, Inspection.id).limit(500)
    return _rows(session, list(session.exec(q).all()), campus_today())


def submitted_inspections(*, session: Session, actor: Principal | None, limit: int = 20) -> list[PlanRow]:
    """The most recently submitted inspections the caller may read."""
    require_runner(actor)
    q = select(Inspection).where(Inspection.status == InspectionStatus.submitted.value)
    if is_assignment_bound(actor):
        q = q.join(InspectionInspector, InspectionInspector.inspection_id == Inspection.id).where(
            InspectionInspector.user_id == actor.user_id
        )
    q = q.order_by(col(Inspection.submitted_at).desc()).limit(limit)
    return _rows(session, list(session.exec(q).all()), campus_today())


# ---- running ----------------------------------------------------------------------------------


def _pin_version(session: Session, insp: Inspection) -> int:
    if insp.version_id is None:
        version = current_version(session, insp.template_id)
        if version is None:
            raise UserError(strings.INS_TEMPLATE_EMPTY)
        insp.version_id = version.id
        session.add(insp)
        session.flush()
    return insp.version_id


def _require_open(insp: Inspection) -> None:
    if insp.status == InspectionStatus.submitted.value:
        raise UserError(strings.INS_ALREADY_SUBMITTED)
    if insp.status == InspectionStatus.cancelled.value:
        raise UserError(strings.INS_CANCELLED)


@dataclass(frozen=True)
class AnswerView:
    item_id: int
    result: str
    note: str
    photo_ids: list[int]


@dataclass(frozen=True)
class RunView:
    inspection: Inspection
    template: ChecklistTemplate
    building: Building
    items: list[ChecklistItem]
    answers: dict[int, AnswerView]
    inspectors: list[str]
    open_rectifications: list[Rectification]
    photos: dict[int, str] = field(default_factory=dict)  # photo id -> sha256


def run_view(*, session: Session, actor: Principal | None, inspection_id: int) -> RunView:
    """Everything the run page shows; pins the template version on first open."""
    insp = get_inspection(session=session, actor=actor, inspection_id=inspection_id)
    if insp.status in (InspectionStatus.planned.value, InspectionStatus.running.value):
        _pin_version(session, insp)
        session.flush()
    if insp.version_id is None:
        raise UserError(strings.INS_CANCELLED)
    items = version_items(session, insp.version_id)
    rows = session.exec(select(InspectionAnswer).where(InspectionAnswer.inspection_id == insp.id)).all()
    photo_rows = session.exec(
        select(InspectionPhoto).where(InspectionPhoto.inspection_id == insp.id).order_by(InspectionPhoto.id)
    ).all()
    by_item: dict[int, list[int]] = {}
    for p in photo_rows:
        by_item.setdefault(p.item_id, []).append(p.photo_id)
    answers = {r.item_id: AnswerView(r.item_id, r.result, r.note, by_item.get(r.item_id, [])) for r in rows}
    for item_id, ids in by_item.items():
        answers.setdefault(item_id, AnswerView(item_id, "", "", ids))
    shas = (
        {
            p.id: p.sha256
            for p in session.exec(select(Photo).where(col(Photo.id).in_([p.photo_id for p in photo_rows]))).all()
        }
        if photo_rows
        else {}
    )
    names = inspector_names(session, insp.id)
    open_rects = list(
        session.exec(
            select(Rectification)
            .where(
                Rectification.building_id == insp.building_id,
                Rectification.status == RectificationStatus.open.value,
                Rectification.inspection_id != insp.id,
            )
            .order_by(Rectification.due_on)
        ).all()
    )
    return RunView(
        inspection=insp,
        template=session.get(ChecklistTemplate, insp.template_id),
        building=session.get(Building, insp.building_id),
        items=items,
        answers=answers,
        inspectors=names,
        open_rectifications=open_rects,
        photos=shas,
    )


@dataclass(frozen=True)
class Tick:
    item_id: int
    ts: int  # the phone's clock (ms) when this change was made
    result: str | None = None  # None: leave the result alone (a note-only change)
    note: str | None = None


CLOCK_SLACK_MS = 5 * 60 * 1000


def parse_ticks(raw, *, now_ms: int | None = None) -> list[Tick]:
    """Ticks from a request body (a list of dicts); anything malformed is refused as a whole.

    A phone clock far ahead would let its ticks outrank every later one: times more than five
    minutes past the server's clock are brought back to it."""
    cap = (now_ms if now_ms is not None else int(utcnow().timestamp() * 1000)) + CLOCK_SLACK_MS
    if not isinstance(raw, list) or not raw:
        raise UserError(strings.INS_TICK_INVALID)
    if len(raw) > MAX_TICKS_PER_BATCH:
        raise UserError(strings.INS_TICK_TOO_MANY)
    out = []
    for t in raw:
        if not isinstance(t, dict):
            raise UserError(strings.INS_TICK_INVALID)
        item, ts, result, note = t.get("item"), t.get("ts"), t.get("result"), t.get("note")
        if (
            not isinstance(item, int)
            or isinstance(item, bool)
            or not isinstance(ts, int)
            or isinstance(ts, bool)
            or ts < 0
        ):
            raise UserError(strings.INS_TICK_INVALID)
        if result is not None and result not in RESULTS:
            raise UserError(strings.INS_TICK_INVALID)
        if note is not None and not isinstance(note, str):
            raise UserError(strings.INS_TICK_INVALID)
        if result is None and note is None:
            raise UserError(strings.INS_TICK_INVALID)
        out.append(
            Tick(item_id=item, ts=min(ts, cap), result=result, note=None if note is None else note.strip()[:NOTE_MAX])
        )
    return out


def _apply(row: InspectionAnswer, tick: Tick, user_id: int) -> bool:
    changed = False
    if tick.result is not None and tick.ts >= row.result_ts:
        row.result, row.result_ts, changed = tick.result, tick.ts, True
    if tick.note is not None and tick.ts >= row.note_ts:
        row.note, row.note_ts, changed = tick.note, tick.ts, True
    if changed:
        row.updated_by_id, row.updated_at = user_id, utcnow()
    return changed


def apply_ticks(*, session: Session, actor: Principal | None, inspection_id: int, ticks: list[Tick]) -> list[int]:
    """Save ticks (idempotent, newest wins per field); returns the item ids now stored."""
    insp = get_inspection(session=session, actor=actor, inspection_id=inspection_id)
    _require_open(insp)
    version_id = _pin_version(session, insp)
    valid = set(session.exec(select(ChecklistItem.id).where(ChecklistItem.version_id == version_id)).all())
    if any(t.item_id not in valid for t in ticks):
        raise UserError(strings.INS_ITEM_NOT_IN_RUN)
    if insp.status == InspectionStatus.planned.value:
        insp.status, insp.started_at = InspectionStatus.running.value, utcnow()
        session.add(insp)
    existing = {
        r.item_id: r
        for r in session.exec(
            select(InspectionAnswer).where(
                InspectionAnswer.inspection_id == insp.id, col(InspectionAnswer.item_id).in_({t.item_id for t in ticks})
            )
        ).all()
    }
    for tick in sorted(ticks, key=lambda t: t.ts):
        row = existing.get(tick.item_id)
        if row is None:
            row = InspectionAnswer(inspection_id=insp.id, item_id=tick.item_id)
            _apply(row, tick, actor.user_id)
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:  # the same item ticked at the same moment by another request
                row = session.exec(
                    select(InspectionAnswer).where(
                        InspectionAnswer.inspection_id == insp.id, InspectionAnswer.item_id == tick.item_id
                    )
                ).one()
                if _apply(row, tick, actor.user_id):
                    session.add(row)
            existing[tick.item_id] = row
        elif _apply(row, tick, actor.user_id):
            session.add(row)
    session.flush()
    return sorted({t.item_id for t in ticks})


def _photo_item(session: Session, actor: Principal | None, inspection_id: int, item_id: int) -> Inspection:
    insp = get_inspection(session=session, actor=actor, inspection_id=inspection_id)
    _require_open(insp)
    version_id = _pin_version(session, insp)
    item = session.get(ChecklistItem, item_id)
    if item is None or item.version_id != version_id:
        raise UserError(strings.INS_ITEM_NOT_IN_RUN)
    return insp


def check_photo_room(
    *, session: Session, actor: Principal | None, inspection_id: int, item_id: int, adding: int
) -> None:
    """Refuse before any decoding when the item cannot take ``adding`` more photos."""
    _photo_item(session, actor, inspection_id, item_id)
    have = session.exec(
        select(func.count())
        .select_from(InspectionPhoto)
        .where(InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.item_id == item_id)
    ).one()
    if have + adding > MAX_PHOTOS_PER_ITEM:
        raise UserError(strings.INS_PHOTO_LIMIT.format(n=MAX_PHOTOS_PER_ITEM))


def add_photo(*, session: Session, actor: Principal | None, inspection_id: int, item_id: int, photo_id: int) -> None:
    """Attach a stored (already cleaned) photo to an item; attaching it again changes nothing."""
    insp = _photo_item(session, actor, inspection_id, item_id)
    exists = session.exec(
        select(InspectionPhoto).where(
            InspectionPhoto.inspection_id == insp.id,
            InspectionPhoto.item_id == item_id,
            InspectionPhoto.photo_id == photo_id,
        )
    ).first()
    if exists is None:
        try:
            with session.begin_nested():
                session.add(InspectionPhoto(inspection_id=insp.id, item_id=item_id, photo_id=photo_id))
        except IntegrityError:
            pass
    if insp.status == InspectionStatus.planned.value:
        insp.status, insp.started_at = InspectionStatus.running.value, utcnow()
        session.add(insp)
    session.flush()


def remove_photo(*, session: Session, actor: Principal | None, inspection_id: int, item_id: int, photo_id: int) -> None:
    insp = _photo_item(session, actor, inspection_id, item_id)
    for row in session.exec(
        select(InspectionPhoto).where(
            InspectionPhoto.inspection_id == insp.id,
            InspectionPhoto.item_id == item_id,
            InspectionPhoto.photo_id == photo_id,
        )
    ).all():
        session.delete(row)
    session.flush()


# ---- submitting and scoring -------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    score: float | None  # None when every item was N/A
    passed: bool
    failed: list[ChecklistItem]
    critical_failed: int


def compute_score(items: list[ChecklistItem], results: dict[int, str], pass_mark: int) -> Score:
    """Weighted share of applicable items that passed, 0–100; any critical failure fails the run."""
    got = total = 0
    failed: list[ChecklistItem] = []
    for it in items:
        r = results.get(it.id, "")
        if r == TickResult.passed.value:
            got += it.weight
            total += it.weight
        elif r == TickResult.failed.value:
            total += it.weight
            failed.append(it)
    score = round(100 * got / total, 1) if total else None
    critical = sum(1 for it in failed if it.critical)
    return Score(
        score=score,
        passed=critical == 0 and (score is None or score >= pass_mark),
        failed=failed,
        critical_failed=critical,
    )


@dataclass(frozen=True)
class Summary:
    inspection_id: int
    score: float | None
    passed: bool
    failed: list[str]
    critical_failed: int
    inspectors: str
    rectifications: int


def _label(item: ChecklistItem) -> str:
    return f"{item.position}. {item.text}"


def submit(*, session: Session, actor: Principal | None, inspection_id: int) -> Summary:
    """Finish the run: every item answered, photos where failures need them; then score it and
    open one rectification per failed item. Submitting twice is refused, never doubled."""
    insp = get_inspection(session=session, actor=actor, inspection_id=inspection_id)
    _require_open(insp)
    version_id = _pin_version(session, insp)
    tpl = session.get(ChecklistTemplate, insp.template_id)
    items = version_items(session, version_id)
    answers = {
        r.item_id: r
        for r in session.exec(select(InspectionAnswer).where(InspectionAnswer.inspection_id == insp.id)).all()
    }
    results = {i: a.result for i, a in answers.items()}
    missing = [it for it in items if results.get(it.id, "") not in RESULTS]
    if missing:
        raise UserError(strings.INS_UNANSWERED.format(n=len(missing), first=_label(missing[0])))
    with_photos = set(
        session.exec(select(InspectionPhoto.item_id).where(InspectionPhoto.inspection_id == insp.id)).all()
    )
    need = [
        it
        for it in items
        if it.photo_on_fail and results[it.id] == TickResult.failed.value and it.id not in with_photos
    ]
    if need:
        raise UserError(strings.INS_PHOTOS_MISSING.format(items="、".join(_label(it) for it in need)))
    s = compute_score(items, results, tpl.pass_mark)
    names = inspector_names(session, insp.id)
    if actor.display_name not in names:
        names.append(actor.display_name)
    now = utcnow()
    insp.status, insp.submitted_at, insp.submitted_by_id = InspectionStatus.submitted.value, now, actor.user_id
    insp.score, insp.passed, insp.failed_count, insp.critical_failed = (
        s.score,
        s.passed,
        len(s.failed),
        s.critical_failed,
    )
    insp.inspector_names = "、".join(names)[:200]
    insp.started_at = insp.started_at or now
    session.add(insp)
    today = now.astimezone(CAMPUS_TZ).date()
    for it in s.failed:
        days = 1 if it.critical else tpl.rectify_days
        session.add(
            Rectification(
                inspection_id=insp.id,
                item_id=it.id,
                building_id=insp.building_id,
                title=it.text,
                detail=answers[it.id].note,
                critical=it.critical,
                office_id=tpl.office_id,
                due_on=today + timedelta(days=days),
            )
        )
    audit.record(
        session=session,
        action="inspection.submit",
        actor_id=actor.user_id,
        target_type="inspection",
        target_id=insp.id,
        score=s.score,
        failed=len(s.failed),
    )
    session.flush()
    return Summary(
        inspection_id=insp.id,
        score=s.score,
        passed=s.passed,
        failed=[_label(it) for it in s.failed],
        critical_failed=s.critical_failed,
        inspectors=insp.inspector_names,
        rectifications=len(s.failed),
    )


# ---- figures for the dashboard ----------------------------------------------------------------


@dataclass(frozen=True)
class InspectionFigures:
    week_done: int
    week_planned: int
    rect_open: int
    rect_overdue: int


def figures(*, session: Session, actor: Principal | None, today: date | None = None) -> InspectionFigures:
    require(actor, Perm.INSPECTION_RUN)
    today = today or campus_today()
    start, end = week_start(today), week_start(today) + timedelta(days=6)
    in_week = (
        select(func.count()).select_from(Inspection).where(Inspection.planned_on >= start, Inspection.planned_on <= end)
    )
    planned = session.exec(in_week.where(Inspection.status != InspectionStatus.cancelled.value)).one()
    done = session.exec(in_week.where(Inspection.status == InspectionStatus.submitted.value)).one()
    open_q = (
        select(func.count()).select_from(Rectification).where(Rectification.status == RectificationStatus.open.value)
    )
    return InspectionFigures(
        week_done=done,
        week_planned=planned,
        rect_open=session.exec(open_q).one(),
        rect_overdue=session.exec(open_q.where(Rectification.due_on < today)).one(),
    )


# ---- what the staff pages choose from ------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: int
    name: str
    extra: str = ""  # a template's or building's kind, a person's role


@dataclass(frozen=True)
class SeriesRow:
    id: int
    target: str
    template: str
    weekday: int
    inspectors: str


@dataclass(frozen=True)
class PlanningOptions:
    templates: list[Option]
    buildings: list[Option]  # dorms and canteens, active
    people: list[Option]  # active accounts that may run inspections
    series: list[SeriesRow]  # active weekly series


def planning_options(*, session: Session, actor: Principal | None) -> PlanningOptions:
    require_planner(actor)
    tpls = session.exec(
        select(ChecklistTemplate).where(col(ChecklistTemplate.active)).order_by(ChecklistTemplate.id)
    ).all()
    buildings = session.exec(
        select(Building)
        .where(col(Building.active), col(Building.kind).in_(TARGET_KINDS))
        .order_by(Building.kind, Building.code)
    ).all()
    users = session.exec(
        select(User)
        .where(col(User.active), col(User.role).in_(roles_with(Perm.INSPECTION_RUN)))
        .order_by(col(User.role).desc(), User.id)
    ).all()
    names = {u.id: u.display_name for u in users}
    bnames = {b.id: b.name for b in buildings}
    tnames = {t.id: t.name for t in tpls}
    series = session.exec(
        select(InspectionSeries)
        .where(col(InspectionSeries.active))
        .order_by(InspectionSeries.weekday, InspectionSeries.id)
    ).all()
    return PlanningOptions(
        templates=[Option(t.id, t.name, t.target_kind) for t in tpls],
        buildings=[Option(b.id, b.name, b.kind) for b in buildings],
        people=[Option(u.id, u.display_name, u.role) for u in users],
        series=[
            SeriesRow(
                s.id,
                bnames.get(s.building_id, ""),
                tnames.get(s.template_id, ""),
                s.weekday,
                "、".join(names.get(i, "") for i in s.inspector_ids),
            )
            for s in series
        ],
    )


def office_options(session: Session) -> list[Option]:
    return [Option(o.id, o.name) for o in session.exec(select(Office).order_by(Office.id)).all()]


@dataclass(frozen=True)
class EditorView:
    templates: list[Option]
    template: ChecklistTemplate | None
    current_number: int
    draft_number: int | None
    items: list[ChecklistItem]  # the draft's when there is one, else the current version's
    offices: list[Option]


def editor_view(*, session: Session, actor: Principal | None, template_id: int | None) -> EditorView:
    """The checklist editor (admins): every template, and the chosen one's items."""
    require_template_admin(actor)
    tpls = session.exec(select(ChecklistTemplate).order_by(ChecklistTemplate.id)).all()
    tpl = session.get(ChecklistTemplate, template_id) if template_id else (tpls[0] if tpls else None)
    current = current_version(session, tpl.id) if tpl else None
    draft = draft_version(session, tpl.id) if tpl else None
    shown = draft or current
    return EditorView(
        templates=[Option(t.id, t.name) for t in tpls],
        template=tpl,
        current_number=current.number if current else 0,
        draft_number=draft.number if draft else None,
        items=version_items(session, shown.id) if shown else [],
        offices=office_options(session),
    )
