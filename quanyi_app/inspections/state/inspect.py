"""Inspector pages: my list, the run page, the report, one rectification.

The run page's ticks do not go through this state: the page's script (assets/inspect.js)
keeps them on the phone and posts them to /api/inspections/<id>/ticks, so they survive a
dropped websocket. This state only loads what the page renders.
"""

from __future__ import annotations

import dataclasses
import json

import reflex as rx

from quanyi_app.core import campustime
from quanyi_app.core.accounts.session import SessionState, as_int, form_input, guard, route_tail
from quanyi_app.core.campustime import local_str, parse_day
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos import services as photos
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.staff_page import StaffDetail
from quanyi_app.inspections import routes, strings
from quanyi_app.inspections.services import rectifications as rect
from quanyi_app.inspections.services import runs as ins
from quanyi_app.proposals import public as cases_public


@dataclasses.dataclass
class PlanCard:
    id: str = ""
    target: str = ""
    template: str = ""
    day: str = ""
    status: str = ""
    inspectors: str = ""
    href: str = ""
    overdue: bool = False
    today: bool = False
    score: str = ""
    passed: bool = False
    weekly: bool = False
    building: str = ""
    action: str = ""
    can_cancel: bool = False


@dataclasses.dataclass
class RectCard:
    id: str = ""
    title: str = ""
    detail: str = ""
    target: str = ""
    owner: str = ""
    due: str = ""
    overdue: bool = False
    critical: bool = False
    status: str = ""
    open: bool = False
    href: str = ""
    case: str = ""
    thumb: str = ""


@dataclasses.dataclass
class FixView(RectCard):
    close_note: str = ""
    closed_at: str = ""
    inspection: str = ""


@dataclasses.dataclass
class RunItemView:
    id: str = ""
    no: str = ""
    label: str = ""
    text: str = ""
    guidance: str = ""
    weight: str = ""
    critical: bool = False
    photo: bool = False
    section: str = ""


@dataclasses.dataclass
class ReportItemView:
    no: str = ""
    text: str = ""
    result: str = ""
    label: str = ""
    note: str = ""
    critical: bool = False
    thumbs: str = ""


def page_id(state: SessionState, not_found: str) -> int:
    """The record id at the end of the page's path (/inspect/run/<id> …), or UserError."""
    found = as_int(route_tail(state.router.url.path))
    if found is None:
        raise UserError(not_found)
    return found


def plan_card(r: ins.PlanRow, today) -> PlanCard:
    day = (
        strings.INS_TODAY
        if r.planned_on == today
        else r.planned_on.strftime("%m-%d ") + strings.WEEKDAYS[r.planned_on.weekday()]
    )
    href = routes.report_url(r.id) if r.status == "submitted" else routes.run_url(r.id)
    return PlanCard(
        id=str(r.id),
        target=r.target,
        template=r.template,
        day=day,
        status=strings.INS_STATUS_LABELS.get(r.status, ""),
        inspectors=r.inspectors,
        href=href,
        overdue=bool(r.overdue),
        today=bool(r.planned_on <= today),
        score="" if r.score is None else f"{r.score:g}",
        passed=bool(r.passed),
        weekly=bool(r.weekly),
        building=str(r.building_id),
        action=strings.INS_CONTINUE if r.status == "running" else strings.INS_START,
    )


def rect_card(r: rect.RectRow, viewer_id: int) -> RectCard:
    return RectCard(
        id=str(r.id),
        title=r.title,
        detail=r.detail,
        target=r.target,
        owner=r.responsible,
        due=r.due_on.isoformat(),
        overdue=bool(r.overdue),
        critical=bool(r.critical),
        status=strings.RECT_STATUS_OPEN if r.status == "open" else strings.RECT_STATUS_CLOSED,
        open=bool(r.status == "open"),
        href=routes.fix_url(r.id),
        case="" if r.case_id is None else str(r.case_id),
        thumb=photos.view_url(r.failure_photos[0], viewer_id=viewer_id, thumb=True) if r.failure_photos else "",
    )


@dataclasses.dataclass
class BuildingSummaryView:
    building: str = ""
    kind: str = ""
    last_on: str = ""
    score: str = ""
    verdict: str = ""
    passed: bool = True
    open_fixes: str = ""


class InspectHomeState(SessionState):
    """/inspect: for everyone, each building's latest result (public); for an inspector, their list
    (today, late, the coming week) and recent reports."""

    plans: list[PlanCard] = []
    recent: list[PlanCard] = []
    summary: list[BuildingSummaryView] = []
    home_error: str = ""
    can_run: bool = False

    def _load_summary(self) -> None:
        with session_scope() as session:
            rows = rect.public_summary(session=session)
        self.summary = [
            BuildingSummaryView(
                building=r.building,
                kind=strings.PUBLIC_KIND_LABELS.get(r.kind, ""),
                last_on=r.last_on.isoformat(),
                score=strings.PUBLIC_SCORE.format(score=f"{r.score:g}") if r.score is not None else "",
                verdict=strings.PUBLIC_PASSED if r.passed else strings.PUBLIC_FAILED,
                passed=bool(r.passed),
                open_fixes=strings.PUBLIC_OPEN_FIXES.format(n=r.open_fixes)
                if r.open_fixes
                else strings.PUBLIC_NO_FIXES,
            )
            for r in rows
        ]

    @rx.event
    def open_page(self):
        self.load_identity()
        self.plans, self.recent, self.home_error, self.can_run = [], [], "", False
        self._load_summary()
        if not self.user_role:
            return
        try:
            who = self._require(Perm.INSPECTION_RUN)
            today = campustime.campus_today()
            with session_scope() as session:
                mine = ins.my_inspections(session=session, actor=who, today=today)
                done = ins.submitted_inspections(session=session, actor=who, limit=10)
        except UserError as err:
            self.home_error = err.message
            return
        self.can_run = True
        self.plans = [plan_card(r, today) for r in mine]
        self.recent = [plan_card(r, today) for r in done]


class RunState(SessionState):
    """/inspect/run/<id>: what the page renders; ticks go through assets/inspect.js."""

    def _permission(self) -> Perm:
        return Perm.INSPECTION_RUN

    run_error: str = ""
    run_id: str = ""
    run_title: str = ""
    run_target: str = ""
    run_day: str = ""
    run_inspectors: str = ""
    run_items: list[RunItemView] = []
    run_rects: list[RectCard] = []
    run_data: str = ""  # JSON the script starts from: saved answers and photos

    @rx.event
    def open_page(self):
        who, redirect = guard(self, Perm.INSPECTION_RUN)
        if redirect is not None:
            return redirect
        self.run_error, self.run_items, self.run_rects, self.run_data = "", [], [], ""
        try:
            iid = page_id(self, strings.INS_NOT_FOUND)
            with session_scope() as session:
                view = ins.run_view(session=session, actor=who, inspection_id=iid)
                rects = rect.rect_rows(session, view.open_rectifications)
        except UserError as err:
            self.run_error = err.message
            return
        insp = view.inspection
        if insp.status == "submitted":
            return rx.redirect(routes.report_url(insp.id), replace=True)
        if insp.status == "cancelled":
            self.run_error = strings.INS_CANCELLED
            return
        self.run_id = str(insp.id)
        self.run_title = view.template.name
        self.run_target = view.building.name
        self.run_day = insp.planned_on.isoformat()
        self.run_inspectors = "、".join(view.inspectors)
        section = None
        items = []
        for it in view.items:
            items.append(
                RunItemView(
                    id=str(it.id),
                    no=str(it.position),
                    label=strings.INS_ITEM_LABEL.format(n=it.position),
                    text=it.text,
                    guidance=it.guidance,
                    weight=strings.INS_WEIGHT.format(n=it.weight),
                    critical=bool(it.critical),
                    photo=bool(it.photo_on_fail),
                    section=it.section if it.section != section else "",
                )
            )
            section = it.section
        self.run_items = items
        self.run_rects = [rect_card(r, who.user_id) for r in rects]
        answers = {
            str(a.item_id): {
                "result": a.result,
                "note": a.note,
                "photos": [
                    {"id": pid, "thumb": photos.view_url(view.photos[pid], viewer_id=who.user_id, thumb=True)}
                    for pid in a.photo_ids
                    if pid in view.photos
                ],
            }
            for a in view.answers.values()
        }
        self.run_data = json.dumps({"id": insp.id, "answers": answers}, ensure_ascii=False)


class ReportState(SessionState):
    """/inspect/report/<id>: a submitted inspection."""

    def _permission(self) -> Perm:
        return Perm.INSPECTION_RUN

    rep_error: str = ""
    rep_id: str = ""
    rep_title: str = ""
    rep_target: str = ""
    rep_building: str = ""
    rep_day: str = ""
    rep_submitted: str = ""
    rep_inspectors: str = ""
    rep_score: str = ""
    rep_passed: bool = False
    rep_pass_mark: str = ""
    rep_failed_count: str = ""
    rep_critical: str = ""
    rep_items: list[ReportItemView] = []
    rep_failed: list[ReportItemView] = []
    rep_rects: list[RectCard] = []
    rep_pdf: str = ""

    @rx.event
    def open_page(self):
        who, redirect = guard(self, Perm.INSPECTION_RUN)
        if redirect is not None:
            return redirect
        self.rep_error, self.rep_items, self.rep_failed, self.rep_rects = "", [], [], []
        try:
            iid = page_id(self, strings.INS_NOT_FOUND)
            with session_scope() as session:
                rep = rect.report(session=session, actor=who, inspection_id=iid)
                rects = rect.rect_rows(session, rep.rectifications)
        except UserError as err:
            self.rep_error = err.message
            return
        insp = rep.inspection
        self.rep_id, self.rep_title, self.rep_target = str(insp.id), rep.template.name, rep.building.name
        self.rep_building = str(rep.building.id)
        self.rep_day, self.rep_submitted = insp.planned_on.isoformat(), local_str(insp.submitted_at)
        self.rep_inspectors = insp.inspector_names
        self.rep_score = "—" if insp.score is None else f"{insp.score:g}"
        self.rep_passed = bool(insp.passed)
        self.rep_pass_mark = str(rep.template.pass_mark)
        self.rep_failed_count, self.rep_critical = str(insp.failed_count), str(insp.critical_failed)
        rows = []
        for ri in rep.items:
            rows.append(
                ReportItemView(
                    no=str(ri.item.position),
                    text=ri.item.text,
                    result=ri.result,
                    label=strings.INS_RESULT_LABELS.get(ri.result, "—"),
                    note=ri.note,
                    critical=bool(ri.item.critical),
                    thumbs=" ".join(photos.view_url(p.sha256, viewer_id=who.user_id, thumb=True) for p in ri.photos),
                )
            )
        self.rep_items = rows
        self.rep_failed = [r for r in rows if r.result == "fail"]
        self.rep_rects = [rect_card(r, who.user_id) for r in rects]
        self.rep_pdf = routes.record_sheet_url(insp.id)


class FixState(StaffDetail, SessionState):
    """/inspect/fix/<id>: one rectification — follow-up photo to close; staff change owner and due
    date, or make it a public case."""

    def _permission(self) -> Perm:
        return Perm.RECTIFICATION_CLOSE

    fix_id: int = 0
    fix: FixView = FixView()
    fix_failure_photos: list[str] = []
    fix_close_photos: list[str] = []
    fix_note: str = ""
    fix_offices: list[dict[str, str]] = []
    fix_office: str = ""
    fix_owner: str = ""
    fix_due: str = ""
    fix_case_code: str = ""
    fix_case_href: str = ""

    def _load(self) -> None:
        who = self._require(self._permission())
        if not self.fix_id:
            raise UserError(strings.RECT_NOT_FOUND)
        with session_scope() as session:
            row = rect.get_rectification(session=session, actor=who, rect_id=self.fix_id)
            self.fix_offices = [{"id": str(o.id), "name": o.name} for o in ins.office_options(session)]
        self.fix_case_code = row.case_code
        self.fix_case_href = cases_public.track_path(row.case_code) if row.case_code else ""
        self.fix = FixView(
            **dataclasses.asdict(rect_card(row, who.user_id)),
            close_note=row.close_note,
            closed_at=local_str(row.closed_at),
            inspection=routes.report_url(row.inspection_id),
        )
        self.fix_failure_photos = [photos.view_url(s, viewer_id=who.user_id) for s in row.failure_photos]
        self.fix_close_photos = [photos.view_url(s, viewer_id=who.user_id) for s in row.close_photos]
        self.fix_office = str(row.office_id or "")
        self.fix_owner = row.owner_text
        self.fix_due = row.due_on.isoformat()

    @rx.event
    def open_page(self):
        self.fix, self.photo_error = FixView(), ""
        self._clear_photos()
        return self._open("fix_id")

    @rx.event
    @form_input
    def set_fix_note(self, value: str):
        self.fix_note = value

    @rx.event
    @form_input
    def set_fix_office(self, value: str):
        self.fix_office = value

    @rx.event
    @form_input
    def set_fix_owner(self, value: str):
        self.fix_owner = value

    @rx.event
    @form_input
    def set_fix_due(self, value: str):
        self.fix_due = value

    @rx.event
    def close_fix(self):
        ids, note = self._draft_photo_ids(), self.fix_note
        closed = self._edit(
            lambda session, who: rect.close_rectification(
                session=session, actor=who, rect_id=self.fix_id, photo_ids=ids, note=note
            ),
            strings.RECT_CLOSED,
        )
        if closed:
            self._clear_photos()
            self.fix_note = ""

    @rx.event
    def save_fix(self):
        day = parse_day(self.fix_due)
        self._edit(
            lambda session, who: rect.update_rectification(
                session=session,
                actor=who,
                rect_id=self.fix_id,
                office_id=as_int(self.fix_office),
                responsible=self.fix_owner,
                due_on=day.date() if day else None,
            ),
            strings.RECT_SAVED,
        )

    @rx.event
    def make_case(self):
        secret = get_settings().secret_key
        self._act(
            lambda session, who, url: rect.to_public_case(
                session=session, actor=who, rect_id=self.fix_id, secret=secret, public_url=url
            ),
            strings.RECT_CASE_MADE,
        )
