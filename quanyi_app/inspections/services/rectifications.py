"""After an inspection: the report, rectifications (整改) and each target's history.

Rectifications are followed by staff (and the inspectors who return to the target): the
responsible office or party and the due date can change, closing needs a follow-up photo,
and one can be turned into a public case in the proposal tracker so students can follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from quanyi_app.core import audit
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Building, BuildingKind, Office
from quanyi_app.core.campustime import campus_today
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.photos.models import Photo
from quanyi_app.inspections import strings
from quanyi_app.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionStatus,
    Rectification,
    RectificationStatus,
)
from quanyi_app.inspections.services.runs import get_inspection, names_by_id, version_items
from quanyi_app.proposals import public as cases_public

CLOSE_NOTE_MAX = 300
MAX_CLOSE_PHOTOS = 4


# ---- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportItem:
    item: ChecklistItem
    result: str
    note: str
    photos: list[Photo]


@dataclass(frozen=True)
class Report:
    inspection: Inspection
    template: ChecklistTemplate
    building: Building
    items: list[ReportItem]
    rectifications: list[Rectification]
    offices: dict[int, str]


def report(*, session: Session, actor: Principal | None, inspection_id: int) -> Report:
    """A submitted inspection as its record: every item's result, note and photos."""
    insp = get_inspection(session=session, actor=actor, inspection_id=inspection_id)
    if insp.status != InspectionStatus.submitted.value or insp.version_id is None:
        raise UserError(strings.INS_NOT_SUBMITTED)
    answers = {
        a.item_id: a
        for a in session.exec(select(InspectionAnswer).where(InspectionAnswer.inspection_id == insp.id)).all()
    }
    links = session.exec(
        select(InspectionPhoto).where(InspectionPhoto.inspection_id == insp.id).order_by(InspectionPhoto.id)
    ).all()
    photo_rows = (
        {p.id: p for p in session.exec(select(Photo).where(col(Photo.id).in_([x.photo_id for x in links]))).all()}
        if links
        else {}
    )
    by_item: dict[int, list[Photo]] = {}
    for x in links:
        if x.photo_id in photo_rows:
            by_item.setdefault(x.item_id, []).append(photo_rows[x.photo_id])
    items = [
        ReportItem(
            item=it,
            result=answers[it.id].result if it.id in answers else "",
            note=answers[it.id].note if it.id in answers else "",
            photos=by_item.get(it.id, []),
        )
        for it in version_items(session, insp.version_id)
    ]
    rects = list(
        session.exec(
            select(Rectification).where(Rectification.inspection_id == insp.id).order_by(Rectification.id)
        ).all()
    )
    return Report(
        inspection=insp,
        template=session.get(ChecklistTemplate, insp.template_id),
        building=session.get(Building, insp.building_id),
        items=items,
        rectifications=rects,
        offices=names_by_id(session, Office),
    )


# ---- rectifications ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RectRow:
    id: int
    title: str
    detail: str
    target: str
    building_id: int
    inspection_id: int
    responsible: str
    due_on: date
    status: str
    overdue: bool
    critical: bool
    case_id: int | None
    closed_at: datetime | None
    close_note: str
    failure_photos: list[str]  # sha256
    close_photos: list[str]
    office_id: int | None
    owner_text: str  # the party typed by staff, beside the office
    case_code: str  # tracking code of the public case made from it, if any


def responsible_label(r: Rectification, offices: dict[int, str]) -> str:
    names = [offices.get(r.office_id, "")] if r.office_id else []
    if r.responsible:
        names.append(r.responsible)
    return "、".join(n for n in names if n) or strings.RECT_NO_OWNER


def rect_rows(session: Session, rects: list[Rectification], today: date | None = None) -> list[RectRow]:
    today = today or campus_today()
    offices = names_by_id(session, Office)
    buildings = names_by_id(session, Building, {r.building_id for r in rects})
    pairs = {(r.inspection_id, r.item_id) for r in rects}
    failure: dict[tuple[int, int], list[int]] = {}
    if pairs:
        for link in session.exec(
            select(InspectionPhoto)
            .where(col(InspectionPhoto.inspection_id).in_({p[0] for p in pairs}))
            .order_by(InspectionPhoto.id)
        ).all():
            if (link.inspection_id, link.item_id) in pairs:
                failure.setdefault((link.inspection_id, link.item_id), []).append(link.photo_id)
    ids = {pid for v in failure.values() for pid in v} | {pid for r in rects for pid in (r.close_photo_ids or [])}
    shas = {p.id: p.sha256 for p in session.exec(select(Photo).where(col(Photo.id).in_(ids))).all()} if ids else {}
    case_ids = [r.case_id for r in rects if r.case_id]
    codes = cases_public.tracking_codes(session=session, case_ids=case_ids)
    return [
        RectRow(
            id=r.id,
            title=r.title,
            detail=r.detail,
            target=buildings.get(r.building_id, ""),
            building_id=r.building_id,
            inspection_id=r.inspection_id,
            responsible=responsible_label(r, offices),
            due_on=r.due_on,
            status=r.status,
            overdue=r.status == RectificationStatus.open.value and r.due_on < today,
            critical=r.critical,
            case_id=r.case_id,
            closed_at=r.closed_at,
            close_note=r.close_note,
            failure_photos=[shas[p] for p in failure.get((r.inspection_id, r.item_id), []) if p in shas],
            close_photos=[shas[p] for p in (r.close_photo_ids or []) if p in shas],
            office_id=r.office_id,
            owner_text=r.responsible,
            case_code=codes.get(r.case_id, ""),
        )
        for r in rects
    ]


def list_rectifications(
    *,
    session: Session,
    actor: Principal | None,
    status: str = "open",
    building_id: int | None = None,
    today: date | None = None,
) -> list[RectRow]:
    """Open (most overdue first), overdue only, or closed rectifications, for staff and inspectors."""
    require(actor, Perm.RECTIFICATION_CLOSE)
    today = today or campus_today()
    q = select(Rectification)
    if status in ("open", "overdue"):
        q = q.where(Rectification.status == RectificationStatus.open.value)
        if status == "overdue":
            q = q.where(Rectification.due_on < today)
        q = q.order_by(Rectification.due_on, Rectification.id)
    else:
        q = q.where(Rectification.status == RectificationStatus.closed.value).order_by(
            col(Rectification.closed_at).desc()
        )
    if building_id:
        q = q.where(Rectification.building_id == building_id)
    return rect_rows(session, list(session.exec(q.limit(200)).all()), today)


def _get(session: Session, rect_id: int) -> Rectification:
    r = session.get(Rectification, rect_id)
    if r is None:
        raise UserError(strings.RECT_NOT_FOUND)
    return r


def get_rectification(*, session: Session, actor: Principal | None, rect_id: int) -> RectRow:
    require(actor, Perm.RECTIFICATION_CLOSE)
    return rect_rows(session, [_get(session, rect_id)])[0]


def update_rectification(
    *,
    session: Session,
    actor: Principal | None,
    rect_id: int,
    office_id: int | None,
    responsible: str,
    due_on: date | None,
) -> Rectification:
    """Change who fixes it and by when (staff)."""
    require(actor, Perm.RECTIFICATION_MANAGE)
    r = _get(session, rect_id)
    if r.status != RectificationStatus.open.value:
        raise UserError(strings.RECT_ALREADY_CLOSED)
    if office_id is not None and session.get(Office, office_id) is None:
        raise UserError(strings.INS_OFFICE_NOT_FOUND)
    if due_on is None:
        raise UserError(strings.RECT_DUE_REQUIRED)
    responsible = (responsible or "").strip()
    if len(responsible) > 64:
        raise UserError(strings.RECT_OWNER_TOO_LONG)
    if office_id is None and not responsible:
        raise UserError(strings.RECT_OWNER_REQUIRED)
    r.office_id, r.responsible, r.due_on = office_id, responsible, due_on
    session.add(r)
    audit.record(
        session=session,
        action="rectification.update",
        actor_id=actor.user_id,
        target_type="rectification",
        target_id=r.id,
        due_on=str(due_on),
    )
    session.flush()
    return r


def close_rectification(
    *, session: Session, actor: Principal | None, rect_id: int, photo_ids: list[int], note: str
) -> Rectification:
    """Close with at least one follow-up photo (staff, or an inspector back at the target)."""
    require(actor, Perm.RECTIFICATION_CLOSE)
    r = _get(session, rect_id)
    if r.status != RectificationStatus.open.value:
        raise UserError(strings.RECT_ALREADY_CLOSED)
    if not photo_ids:
        raise UserError(strings.RECT_PHOTO_REQUIRED)
    if len(photo_ids) > MAX_CLOSE_PHOTOS:
        raise UserError(shared.PHOTO_TOO_MANY_FILES.format(n=MAX_CLOSE_PHOTOS))
    note = (note or "").strip()
    if len(note) > CLOSE_NOTE_MAX:
        raise UserError(strings.RECT_NOTE_TOO_LONG.format(n=CLOSE_NOTE_MAX))
    r.status, r.closed_at, r.closed_by_id = RectificationStatus.closed.value, utcnow(), actor.user_id
    r.close_note, r.close_photo_ids = note, list(photo_ids)
    session.add(r)
    if r.case_id is not None:  # students following the public case see the fix and its photo
        cases_public.post_public_update(
            session=session,
            actor=actor,
            case_id=r.case_id,
            photo_ids=list(photo_ids),
            body=strings.RECT_CASE_FIXED.format(note=note or strings.RECT_CASE_FIXED_NO_NOTE),
        )
    audit.record(
        session=session,
        action="rectification.close",
        actor_id=actor.user_id,
        target_type="rectification",
        target_id=r.id,
    )
    session.flush()
    return r


def to_public_case(*, session: Session, actor: Principal | None, rect_id: int, secret: str, public_url: str = ""):
    """File the rectification as a case in the proposal tracker (once), with the failure photos."""
    require(actor, Perm.RECTIFICATION_MANAGE)
    r = _get(session, rect_id)
    if r.case_id is not None:
        raise UserError(strings.RECT_ALREADY_CASE)
    building = session.get(Building, r.building_id)
    code = "canteen" if building.kind == BuildingKind.canteen.value else "dorm"
    insp = session.get(Inspection, r.inspection_id)
    photo_ids = list(
        session.exec(
            select(InspectionPhoto.photo_id).where(
                InspectionPhoto.inspection_id == r.inspection_id, InspectionPhoto.item_id == r.item_id
            )
        ).all()
    )[:4]
    text = strings.RECT_CASE_TEXT.format(
        target=building.name,
        day=insp.planned_on.isoformat(),
        item=r.title,
        note=r.detail or strings.RECT_CASE_NO_NOTE,
        due=r.due_on.isoformat(),
    )
    case = cases_public.open_case_from(
        session=session,
        actor=actor,
        category_code=code,
        description=text,
        building_id=building.id,
        photo_ids=photo_ids,
        secret=secret,
        public_url=public_url,
    )
    r.case_id = case.id
    session.add(r)
    audit.record(
        session=session,
        action="rectification.to_case",
        actor_id=actor.user_id,
        target_type="rectification",
        target_id=r.id,
        case_id=case.id,
    )
    session.flush()
    return case


# ---- history ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    id: int
    template: str
    planned_on: date
    submitted_at: datetime | None
    score: float | None
    passed: bool | None
    failed_count: int
    inspectors: str


def target_history(*, session: Session, actor: Principal | None, building_id: int) -> tuple[Building, list[HistoryRow]]:
    """A target's submitted inspections, oldest first (for the trend chart)."""
    require(actor, Perm.INSPECTION_PLAN)
    building = session.get(Building, building_id)
    if building is None:
        raise UserError(shared.BUILDING_NOT_FOUND)
    templates = names_by_id(session, ChecklistTemplate)
    rows = session.exec(
        select(Inspection)
        .where(Inspection.building_id == building_id, Inspection.status == InspectionStatus.submitted.value)
        .order_by(Inspection.planned_on, Inspection.id)
    ).all()
    return building, [
        HistoryRow(
            id=i.id,
            template=templates.get(i.template_id, ""),
            planned_on=i.planned_on,
            submitted_at=i.submitted_at,
            score=i.score,
            passed=i.passed,
            failed_count=i.failed_count,
            inspectors=i.inspector_names,
        )
        for i in rows
    ]


def photos_held(session: Session, since: datetime) -> set[int]:
    """The photos inspections and closed rectifications hold (for the drafts purge)."""
    from quanyi_app.core.photos.services import ids_in_lists
    from quanyi_app.inspections.models import InspectionPhoto

    held = set(session.exec(select(InspectionPhoto.photo_id).where(InspectionPhoto.created_at >= since)).all())
    closed = session.exec(select(Rectification.close_photo_ids).where(col(Rectification.closed_at) >= since)).all()
    return held | ids_in_lists(closed)


@dataclass(frozen=True)
class BuildingSummary:
    """What anyone may see about a building's inspections: no names, no item texts."""

    building: str
    kind: str
    last_on: date
    score: float | None
    passed: bool | None
    open_fixes: int


def public_summary(*, session: Session) -> list[BuildingSummary]:
    """Per building: the last submitted inspection (date, score, passed) and how many of its
    rectifications are still open. Buildings never inspected are left out."""
    from sqlalchemy import func

    from quanyi_app.inspections.models import Inspection, InspectionStatus

    last = (
        select(Inspection.building_id, func.max(Inspection.submitted_at).label("at"))
        .where(Inspection.status == InspectionStatus.submitted.value)
        .group_by(Inspection.building_id)
        .subquery()
    )
    rows = session.exec(
        select(Building, Inspection)
        .join(last, last.c.building_id == Building.id)
        .join(Inspection, (Inspection.building_id == Building.id) & (Inspection.submitted_at == last.c.at))
        .where(col(Building.active).is_(True))
        .order_by(col(Building.kind), col(Building.name))
    ).all()
    open_counts = dict(
        session.exec(
            select(Rectification.building_id, func.count(Rectification.id))
            .where(Rectification.status == RectificationStatus.open.value)
            .group_by(Rectification.building_id)
        ).all()
    )
    seen: set[int] = set()
    out = []
    for building, inspection in rows:
        if building.id in seen:  # two submitted in the same instant: show one
            continue
        seen.add(building.id)
        out.append(
            BuildingSummary(
                building=building.name,
                kind=building.kind,
                last_on=inspection.planned_on,
                score=inspection.score,
                passed=inspection.passed,
                open_fixes=int(open_counts.get(building.id, 0)),
            )
        )
    return out
