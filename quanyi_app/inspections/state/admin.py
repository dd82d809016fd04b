"""Staff side of inspections: planning, rectification list, a target's history, checklist editor."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import reflex as rx

from quanyi_app.core import campustime
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.session import SessionState, as_int, form_input, guard
from quanyi_app.core.campustime import parse_day
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.inspections import routes, strings
from quanyi_app.inspections.services import rectifications as rect
from quanyi_app.inspections.services import runs as ins
from quanyi_app.inspections.state.inspect import PlanCard, RectCard, page_id, plan_card, rect_card


@dataclasses.dataclass
class HistoryRowView:
    id: str = ""
    day: str = ""
    template: str = ""
    score: str = ""
    passed: bool = False
    failed: str = ""
    inspectors: str = ""
    href: str = ""


@dataclasses.dataclass
class ChecklistItemView:
    id: str = ""
    no: str = ""
    label: str = ""
    section: str = ""
    text: str = ""
    guidance: str = ""
    weight: str = ""
    weight_label: str = ""
    photo: bool = False
    critical: bool = False


class InspectionPlanState(StaffListPage, SessionState):
    """/staff/inspections: plan runs (once or weekly), see the next two weeks, export results."""

    def _permission(self) -> Perm:
        return Perm.INSPECTION_PLAN

    templates: list[dict[str, str]] = []
    buildings: list[dict[str, str]] = []
    people: list[dict[str, str]] = []
    plans: list[PlanCard] = []
    series: list[dict[str, str]] = []
    targets: list[dict[str, str]] = []
    form_template: str = ""
    form_building: str = ""
    form_day: str = ""
    form_people: list[str] = []
    form_weekly: bool = False
    export_from: str = ""
    export_to: str = ""

    def _reload(self) -> None:
        today = campustime.campus_today()
        who = self._require(self._permission())
        with session_scope() as session:
            opts = ins.planning_options(session=session, actor=who)
            rows = ins.list_inspections(
                session=session,
                actor=who,
                start=ins.week_start(today) - timedelta(days=7),
                end=ins.week_start(today) + timedelta(days=13),
            )
        kinds = {str(t.id): t.extra for t in opts.templates}
        kind = kinds.get(self.form_template, "")
        self.templates = [{"id": str(t.id), "name": t.name} for t in opts.templates]
        self.buildings = [{"id": str(b.id), "name": b.name} for b in opts.buildings if not kind or b.extra == kind]
        self.targets = [{"name": b.name, "href": routes.target_history_url(b.id)} for b in opts.buildings]
        self.people = [
            {"id": str(p.id), "name": p.name, "role": shared.ROLE_LABELS.get(p.extra, "")} for p in opts.people
        ]
        self.series = [
            {
                "id": str(x.id),
                "target": x.target,
                "template": x.template,
                "weekday": strings.WEEKDAYS[x.weekday],
                "inspectors": x.inspectors,
            }
            for x in opts.series
        ]
        self.plans = [
            dataclasses.replace(plan_card(r, today), can_cancel=r.status in ("planned", "running")) for r in rows
        ]
        if not self.form_day:
            self.form_day = today.isoformat()
        if not self.export_from:
            self.export_from = (today - timedelta(days=30)).isoformat()
            self.export_to = today.isoformat()

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_form_template(self, value: str):
        self.form_template, self.form_building = value, ""
        self._refresh()

    @rx.event
    @form_input
    def set_form_building(self, value: str):
        self.form_building = value

    @rx.event
    @form_input
    def set_form_day(self, value: str):
        self.form_day = value

    @rx.event
    @form_input
    def toggle_person(self, uid: str, on: bool):
        self.form_people = [p for p in self.form_people if p != uid] + ([uid] if on else [])

    @rx.event
    @form_input
    def set_form_weekly(self, on: bool):
        self.form_weekly = bool(on)

    @rx.event
    @form_input
    def set_export_from(self, value: str):
        self.export_from = value

    @rx.event
    @form_input
    def set_export_to(self, value: str):
        self.export_to = value

    @rx.event
    def plan(self):
        day = parse_day(self.form_day)

        def go(session, who):
            ins.plan_inspection(
                session=session,
                actor=who,
                template_id=as_int(self.form_template) or 0,
                building_id=as_int(self.form_building) or 0,
                day=day.date() if day else None,
                inspectors=[int(p) for p in self.form_people if p.isdigit()],
                weekly=self.form_weekly,
            )

        if self._edit(go, strings.INS_PLANNED):
            self.form_people, self.form_weekly = [], False

    @rx.event
    def cancel(self, iid: str):
        self._edit(
            lambda session, who: ins.cancel_inspection(session=session, actor=who, inspection_id=as_int(iid) or 0),
            strings.INS_CANCELLED_DONE,
        )

    @rx.event
    def stop(self, sid: str):
        self._edit(
            lambda session, who: ins.stop_series(session=session, actor=who, series_id=as_int(sid) or 0),
            strings.INS_SERIES_STOPPED,
        )


class RectListState(StaffListPage, SessionState):
    """/staff/rectifications: open (most overdue first), overdue, or closed."""

    rect_filter: str = "open"
    rects: list[RectCard] = []

    def _permission(self) -> Perm:
        return Perm.RECTIFICATION_CLOSE

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            rows = rect.list_rectifications(session=session, actor=who, status=self.rect_filter)
        self.rects = [rect_card(r, who.user_id) for r in rows]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_rect_filter(self, value: str):
        self.rect_filter = value if value in ("open", "overdue", "closed") else "open"
        self._refresh()


class HistoryState(StaffListPage, SessionState):
    """/staff/inspections/target/<id>: a target's inspections and its score trend."""

    def _permission(self) -> Perm:
        return Perm.INSPECTION_PLAN

    target_name: str = ""
    history: list[HistoryRowView] = []
    trend: list[dict[str, float | str]] = []

    def _reload(self) -> None:
        who = self._require(self._permission())
        bid = page_id(self, shared.BUILDING_NOT_FOUND)
        with session_scope() as session:
            building, rows = rect.target_history(session=session, actor=who, building_id=bid)
        self.target_name = building.name
        self.history = [
            HistoryRowView(
                id=str(h.id),
                day=h.planned_on.isoformat(),
                template=h.template,
                score="—" if h.score is None else f"{h.score:g}",
                passed=bool(h.passed),
                failed=strings.INS_FAILED_N.format(n=h.failed_count),
                inspectors=h.inspectors,
                href=routes.report_url(h.id),
            )
            for h in reversed(rows)
        ]
        self.trend = [{"day": h.planned_on.strftime("%m-%d"), "score": h.score} for h in rows if h.score is not None]

    @rx.event
    def open_page(self):
        self.target_name, self.history, self.trend = "", [], []
        _, redirect = guard(self, self._permission())
        if redirect is not None:
            return redirect
        self._refresh()


class ChecklistState(StaffListPage, SessionState):
    """/staff/checklists (admins): edit a template's draft and publish it as a new version."""

    tpl_options: list[dict[str, str]] = []
    tpl_id: str = ""
    tpl_name: str = ""
    tpl_pass_mark: str = "80"
    tpl_days: str = "7"
    tpl_office: str = ""
    offices: list[dict[str, str]] = []
    version_label: str = ""
    has_draft: bool = False
    items: list[ChecklistItemView] = []
    editing: str = ""  # item id being edited, "new" for a new one
    f_section: str = ""
    f_text: str = ""
    f_guidance: str = ""
    f_weight: str = "2"
    f_photo: bool = False
    f_critical: bool = False

    def _permission(self) -> Perm:
        return Perm.CHECKLIST_EDIT

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            view = ins.editor_view(session=session, actor=who, template_id=as_int(self.tpl_id))
        self.tpl_options = [{"id": str(t.id), "name": t.name} for t in view.templates]
        self.offices = [{"id": str(o.id), "name": o.name} for o in view.offices]
        tpl = view.template
        if tpl is None:
            self.items = []
            return
        self.tpl_id, self.tpl_name, self.tpl_pass_mark, self.tpl_days = (
            str(tpl.id),
            tpl.name,
            str(tpl.pass_mark),
            str(tpl.rectify_days),
        )
        self.tpl_office = str(tpl.office_id or "")
        self.has_draft = view.draft_number is not None
        self.version_label = (
            strings.CHK_DRAFT_OF.format(n=view.draft_number, current=view.current_number)
            if self.has_draft
            else strings.CHK_CURRENT.format(n=view.current_number)
        )
        items = view.items
        self.items = [
            ChecklistItemView(
                id=str(i.id),
                no=str(i.position),
                label=strings.INS_ITEM_LABEL.format(n=i.position),
                section=i.section,
                text=i.text,
                guidance=i.guidance,
                weight=str(i.weight),
                weight_label=strings.INS_WEIGHT.format(n=i.weight),
                photo=bool(i.photo_on_fail),
                critical=bool(i.critical),
            )
            for i in items
        ]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    def pick_template(self, value: str):
        self.tpl_id, self.editing, self.message = value, "", ""
        self._refresh()

    @rx.event
    @form_input
    def set_field(self, name: str, value):
        if name in (
            "tpl_name",
            "tpl_pass_mark",
            "tpl_days",
            "tpl_office",
            "f_section",
            "f_text",
            "f_guidance",
            "f_weight",
        ):
            setattr(self, name, str(value))
        elif name in ("f_photo", "f_critical"):
            setattr(self, name, bool(value))

    @rx.event
    @form_input
    def edit_item(self, item_id: str):
        found = next((i for i in self.items if i.id == item_id), None)
        self.editing = item_id if found else "new"
        src = found or ChecklistItemView(section=self.items[-1].section if self.items else "", weight="2")
        self.f_section, self.f_text, self.f_guidance, self.f_weight = src.section, src.text, src.guidance, src.weight
        self.f_photo, self.f_critical = src.photo, src.critical

    @rx.event
    @form_input
    def stop_editing(self):
        self.editing = ""

    def _tid(self) -> int:
        return int(self.tpl_id) if self.tpl_id.isdigit() else 0

    @rx.event
    def save_item(self):
        spec = ins.ItemSpec(
            self.f_section, self.f_text, self.f_guidance, as_int(self.f_weight) or 0, self.f_photo, self.f_critical
        )
        editing = self.editing

        def go(session, who):
            item_id = None if editing == "new" else self._draft_twin(session, who, editing)
            ins.save_draft_item(session=session, actor=who, template_id=self._tid(), item_id=item_id, spec=spec)

        if self._edit(go, strings.CHK_ITEM_SAVED):
            self.editing = ""

    def _draft_twin(self, session, who, item_id: str) -> int:
        """The draft's copy of a shown item (the shown list is the published version until a draft exists)."""
        draft = ins.start_draft(session=session, actor=who, template_id=self._tid())
        pos = next((int(i.no) for i in self.items if i.id == item_id), 0)
        twin = next((i.id for i in ins.version_items(session, draft.id) if i.position == pos), None)
        if twin is None:
            raise UserError(strings.INS_ITEM_NOT_FOUND)
        return twin

    @rx.event
    def delete_item(self, item_id: str):
        def go(session, who):
            ins.delete_draft_item(
                session=session, actor=who, template_id=self._tid(), item_id=self._draft_twin(session, who, item_id)
            )

        self._edit(go, strings.CHK_ITEM_DELETED)

    @rx.event
    def move_item(self, item_id: str, step: int):
        def go(session, who):
            ins.move_draft_item(
                session=session,
                actor=who,
                template_id=self._tid(),
                item_id=self._draft_twin(session, who, item_id),
                step=step,
            )

        self._edit(go, strings.CHK_ITEM_MOVED)

    @rx.event
    def publish(self):
        self._edit(
            lambda session, who: (ins.publish_draft(session=session, actor=who, template_id=self._tid()),),
            strings.CHK_PUBLISHED,
        )

    @rx.event
    def discard(self):
        self._edit(
            lambda session, who: (ins.discard_draft(session=session, actor=who, template_id=self._tid()),),
            strings.CHK_DISCARDED,
        )

    @rx.event
    def save_settings(self):
        self._edit(
            lambda session, who: (
                ins.update_template_settings(
                    session=session,
                    actor=who,
                    template_id=self._tid(),
                    name=self.tpl_name,
                    pass_mark=as_int(self.tpl_pass_mark) if as_int(self.tpl_pass_mark) is not None else -1,
                    rectify_days=as_int(self.tpl_days) or 0,
                    office_id=as_int(self.tpl_office),
                ),
            ),
            strings.CHK_SETTINGS_SAVED,
        )
