"""Staff: the case inbox, case detail and actions, proposals. Every handler checks the role."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import reflex as rx

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.session import SessionState, as_int, form_input, guard
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str, parse_day
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos import services as photos
from quanyi_app.core.ui.staff_page import StaffDetail
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.services import casework, catalog, proposals


@dataclasses.dataclass
class ProposalDetailView:
    id: str = ""
    title: str = ""
    summary: str = ""
    office: str = ""
    status: str = ""
    status_label: str = ""
    progress: str = ""
    due: str = ""
    cases_label: str = ""
    origin: str = ""  # 来自问卷《…》, N 份答卷
    origin_href: str = ""
    origin_doc_href: str = ""


@dataclasses.dataclass
class DuplicateView:
    id: str = ""
    excerpt: str = ""
    score: str = ""


@dataclasses.dataclass
class ProposalRowView:
    id: str = ""
    title: str = ""
    office: str = ""
    status: str = ""
    progress: str = ""
    cases_label: str = ""


@dataclasses.dataclass
class LinkedCaseView:
    id: str = ""
    code: str = ""
    excerpt: str = ""
    status: str = ""


@dataclasses.dataclass
class CaseView:
    id: str = ""
    code: str = ""
    status: str = ""
    status_label: str = ""
    category: str = ""
    building: str = ""
    description: str = ""
    assignee: str = ""
    office: str = ""
    office_due: str = ""
    overdue: bool = False
    proposal: str = ""
    rating: str = ""
    rating_comment: str = ""
    created: str = ""
    source: str = ""
    book: str = ""
    anonymous: bool = False
    college: str = ""


@dataclasses.dataclass
class InboxRowView:
    id: str = ""
    code: str = ""
    status: str = ""
    category: str = ""
    building: str = ""
    excerpt: str = ""
    at: str = ""
    overdue: bool = False
    proposal: bool = False


@dataclasses.dataclass
class HistoryEntryView:
    key: str = ""
    at: str = ""
    title: str = ""
    body: str = ""
    actor: str = ""
    public: bool = False
    kind: str = ""


def _due(date_str: str) -> datetime:
    """A due date typed as YYYY-MM-DD: the end of that day, campus time."""
    day = parse_day(date_str)
    if day is None:
        raise UserError(strings.CASE_DUE_INVALID)
    return day.replace(hour=23, minute=59).astimezone(timezone.utc)


class StaffLists(rx.State, mixin=True):
    """Reference lists for casework forms (filled on page load, after the guard)."""

    categories: list[dict[str, str]] = []
    buildings: list[dict[str, str]] = []
    colleges: list[dict[str, str]] = []
    offices: list[dict[str, str]] = []
    staff_members: list[dict[str, str]] = []
    templates: list[dict[str, str]] = []

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            ref = campus.reference_lists(session=session)
            self.categories = [{"id": str(c.id), "name": c.name} for c in catalog.list_categories(session=session)]
            self.staff_members = [
                {"id": str(i), "name": n} for i, n in casework.staff_members(session=session, actor=who)
            ]
            self.templates = [
                {"id": str(t.id), "name": t.title, "body": t.body}
                for t in casework.reply_templates(session=session, actor=who)
            ]
        self.buildings, self.colleges, self.offices = (
            campus.options(ref.buildings),
            campus.options(ref.colleges),
            campus.options(ref.offices),
        )


class InboxState(StaffLists, SessionState):
    def _permission(self) -> Perm:
        return Perm.CASE_TRIAGE

    rows: list[InboxRowView] = []
    overdue_count: int = 0
    overdue_label: str = ""
    f_status: str = "open"
    f_category: str = ""
    f_building: str = ""
    f_college: str = ""
    f_overdue: bool = False
    f_keyword: str = ""
    page: int = 0
    error: str = ""

    def _query(self) -> None:
        who = self._require(Perm.CASE_TRIAGE)
        flt = casework.InboxFilter(
            status=self.f_status,
            category_id=as_int(self.f_category),
            building_id=as_int(self.f_building),
            college_id=as_int(self.f_college),
            overdue=self.f_overdue,
            keyword=self.f_keyword,
            page=self.page,
        )
        with session_scope() as session:
            rows, self.overdue_count = casework.inbox(session=session, actor=who, flt=flt)
        self.overdue_label = strings.INBOX_OVERDUE.format(n=self.overdue_count)
        self.rows = [
            InboxRowView(
                id=str(r.id),
                code=r.tracking_code,
                status=strings.STATUS_LABELS.get(r.status, r.status),
                category=r.category,
                building=r.building,
                excerpt=r.excerpt,
                at=local_str(r.created_at),
                overdue=bool(r.overdue),
                proposal=bool(r.proposal_id),
            )
            for r in rows
        ]

    def _refresh(self) -> None:
        self.error = ""
        try:
            self._query()
        except UserError as err:
            self.error = err.message
            self.rows = []

    @rx.event
    def open_page(self):
        who, redirect = guard(self, Perm.CASE_TRIAGE)
        if redirect is not None:
            return redirect
        self._fill_lists(who)
        self._refresh()

    @rx.event
    @form_input
    def set_filter(self, name: str, value: str):
        if name in ("f_status", "f_category", "f_building", "f_college", "f_keyword"):
            setattr(self, name, str(value)[:100])
            self.page = 0
            self._refresh()

    @rx.event
    @form_input
    def set_overdue(self, value: bool):
        self.f_overdue = bool(value)
        self.page = 0
        self._refresh()

    @rx.event
    @form_input
    def search(self, form: dict | None = None):
        self.f_keyword = str((form or {}).get("keyword", self.f_keyword) or "")[:100]
        self.page = 0
        self._refresh()

    @rx.event
    @form_input
    def next_page(self):
        self.page += 1
        self._refresh()

    @rx.event
    @form_input
    def prev_page(self):
        self.page = max(0, self.page - 1)
        self._refresh()


class CaseState(StaffLists, StaffDetail, SessionState):
    def _permission(self) -> Perm:
        return Perm.CASE_TRIAGE

    case_id: int = 0
    d: CaseView = CaseView()
    contact: dict[str, str] = {}
    history: list[HistoryEntryView] = []
    history_photos: dict[str, list[str]] = {}
    duplicates: list[DuplicateView] = []
    # action inputs
    reason: str = ""
    reply_text: str = ""
    note_text: str = ""
    office_reply_text: str = ""
    office_id: str = ""
    due_date: str = ""
    assignee_id: str = ""
    college_id: str = ""
    # proposal from this case and its duplicates
    p_title: str = ""
    p_summary: str = ""
    p_cases: list[str] = []

    def _load(self, reveal: bool = False) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            det = casework.case_detail(session=session, actor=who, case_id=self.case_id, reveal_contact=reveal)
            dupes = casework.likely_duplicates(session=session, actor=who, case_id=self.case_id)
        self.found = True
        self.d = CaseView(
            id=str(det.id),
            code=det.tracking_code,
            status=det.status,
            status_label=strings.STATUS_LABELS.get(det.status, det.status),
            category=det.category,
            building=det.building,
            description=det.description,
            assignee=det.assignee,
            office=det.office,
            office_due=local_str(det.office_due_at) if det.office_due_at else "",
            overdue=bool(det.overdue),
            proposal=str(det.proposal_id or ""),
            rating=str(det.rating or ""),
            rating_comment=det.rating_comment,
            created=local_str(det.created_at),
            source=strings.SOURCE_LABELS.get(det.source, det.source),
            book=strings.BOOK_REF.format(date=det.book_date, page=det.book_page) if det.book_page else "",
            anonymous=bool(det.anonymous),
            college=str(det.college_id or ""),
        )
        self.contact = det.contact
        self.history = [
            HistoryEntryView(
                key=str(i),
                at=local_str(h.at),
                title=h.title,
                body=h.body,
                actor=h.actor,
                public=bool(h.public),
                kind=h.kind,
            )
            for i, h in enumerate(det.history)
        ]
        with session_scope() as session:
            self.history_photos = {
                str(i): photos.view_urls(session, h.photo_ids, viewer_id=who.user_id)
                for i, h in enumerate(det.history)
                if h.photo_ids
            }
        self.duplicates = [DuplicateView(id=str(i), excerpt=e, score=f"{round(s * 100)}%") for i, e, s in dupes]
        self.college_id = self.d.college

    @rx.event
    def open_page(self):
        self.reason = self.reply_text = self.note_text = self.office_reply_text = ""
        self.p_title = self.p_summary = ""
        self.p_cases = []
        self._clear_photos()
        return self._open("case_id")

    # inputs
    @rx.event
    @form_input
    def set_input(self, name: str, value: str):
        if name in (
            "reason",
            "reply_text",
            "note_text",
            "office_reply_text",
            "office_id",
            "due_date",
            "assignee_id",
            "college_id",
            "p_title",
            "p_summary",
        ):
            setattr(self, name, str(value)[:5000])

    @rx.event
    @form_input
    def use_template(self, template_id: str):
        tpl = next((t for t in self.templates if t["id"] == template_id), None)
        if tpl:
            self.reply_text = tpl["body"]

    @rx.event
    @form_input
    def toggle_proposal_case(self, case_id: str, on: bool):
        rest = [c for c in self.p_cases if c != case_id]
        self.p_cases = rest + [case_id] if on else rest

    @rx.event
    def accept(self):
        self._act(
            lambda s, who, url: casework.accept(session=s, actor=who, case_id=self.case_id, public_url=url),
            strings.ACT_DONE_ACCEPT,
        )

    @rx.event
    def reject(self):
        reason = self.reason
        self._act(
            lambda s, who, url: casework.reject(
                session=s, actor=who, case_id=self.case_id, reason=reason, public_url=url
            ),
            strings.ACT_DONE_REJECT,
            ("reason",),
        )

    @rx.event
    def assign(self):
        assignee = as_int(self.assignee_id)

        def work(s, who, url):
            if assignee is None:
                raise UserError(strings.CASE_ASSIGNEE_INVALID)
            casework.assign(session=s, actor=who, case_id=self.case_id, assignee_id=assignee)

        self._act(work, strings.ACT_DONE_ASSIGN)

    @rx.event
    def route_college(self):
        college = as_int(self.college_id)
        self._act(
            lambda s, who, url: casework.route_to_college(
                session=s, actor=who, case_id=self.case_id, college_id=college
            ),
            strings.ACT_DONE_ROUTE,
        )

    @rx.event
    def forward(self):
        office, due_text = as_int(self.office_id), self.due_date

        def work(s, who, url):
            if office is None:
                raise UserError(shared.OFFICE_NOT_FOUND)
            casework.forward(
                session=s, actor=who, case_id=self.case_id, office_id=office, due_at=_due(due_text), public_url=url
            )

        self._act(work, strings.ACT_DONE_FORWARD)

    @rx.event
    def office_reply(self):
        text, photo_ids = self.office_reply_text, self._draft_photo_ids()
        self._act(
            lambda s, who, url: casework.record_office_reply(
                session=s, actor=who, case_id=self.case_id, body=text, photo_ids=photo_ids, public_url=url
            ),
            strings.ACT_DONE_OFFICE_REPLY,
            ("office_reply_text",),
        )
        if not self.error:
            self._clear_photos()

    @rx.event
    def reply(self):
        text = self.reply_text
        self._act(
            lambda s, who, url: casework.reply_publicly(
                session=s, actor=who, case_id=self.case_id, body=text, public_url=url
            ),
            strings.ACT_DONE_REPLY,
            ("reply_text",),
        )

    @rx.event
    def add_note(self):
        text = self.note_text
        self._act(
            lambda s, who, url: casework.add_note(session=s, actor=who, case_id=self.case_id, body=text),
            strings.ACT_DONE_NOTE,
            ("note_text",),
        )

    @rx.event
    def resolve(self):
        self._act(
            lambda s, who, url: casework.resolve(session=s, actor=who, case_id=self.case_id, public_url=url),
            strings.ACT_DONE_RESOLVE,
        )

    @rx.event
    def reveal_contact(self):
        self.error = ""
        try:
            self._load(reveal=True)
        except UserError as err:
            self.error = err.message

    @rx.event
    def create_proposal(self):
        title, summary = self.p_title, self.p_summary
        ids = [self.case_id] + [int(c) for c in self.p_cases if c.isdigit()]
        p = self._act(
            lambda s, who, url: proposals.create(
                session=s, actor=who, title=title, summary=summary, case_ids=ids, public_url=url
            ),
            strings.ACT_DONE_PROPOSAL,
            ("p_title", "p_summary"),
        )
        if p is not None:
            return rx.redirect(routes.proposal_url(p.id))


class ProposalState(StaffLists, StaffDetail, SessionState):
    def _permission(self) -> Perm:
        return Perm.PROPOSAL_MANAGE

    items: list[ProposalRowView] = []
    proposal_id: int = 0
    progress_value: int = 0
    p: ProposalDetailView = ProposalDetailView()
    linked: list[LinkedCaseView] = []
    office_id: str = ""
    due_date: str = ""
    progress: str = ""
    milestone: str = ""
    office_reply_text: str = ""

    @rx.event
    def open_list(self):
        who, redirect = guard(self, self._permission())
        if redirect is not None:
            return redirect
        with session_scope() as session:
            views = proposals.list_proposals(session=session, actor=who)
        self.items = [
            ProposalRowView(
                id=str(v.id),
                title=v.title,
                office=v.office,
                status=strings.PROPOSAL_STATUS_LABELS[v.status],
                progress=str(v.progress),
                cases_label=strings.PROPOSAL_CASES.format(n=v.case_count),
            )
            for v in views
        ]

    def _load(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            v = proposals.get_view(session=session, actor=who, proposal_id=self.proposal_id)
            linked = proposals.linked_cases(session=session, actor=who, proposal_id=v.id)
        self.found = True
        self.p = ProposalDetailView(
            id=str(v.id),
            title=v.title,
            summary=v.summary,
            office=v.office,
            status=v.status,
            status_label=strings.PROPOSAL_STATUS_LABELS[v.status],
            progress=str(v.progress),
            due=local_str(v.due_at) if v.due_at else "",
            cases_label=strings.PROPOSAL_CASES.format(n=v.case_count),
            origin=v.origin,
            origin_href=v.origin_href,
            origin_doc_href=v.origin_doc_href,
        )
        self.progress_value = v.progress
        self.linked = [
            LinkedCaseView(
                id=str(c.id),
                code=c.tracking_code,
                excerpt=c.description[:60],
                status=strings.STATUS_LABELS.get(c.status, c.status),
            )
            for c in linked
        ]

    @rx.event
    def open_page(self):
        self._clear_photos()
        return self._open("proposal_id")

    @rx.event
    @form_input
    def set_input(self, name: str, value: str):
        if name in ("office_id", "due_date", "progress", "milestone", "office_reply_text"):
            setattr(self, name, str(value)[:2000])

    @rx.event
    def forward(self):
        office, due_text = as_int(self.office_id), self.due_date

        def work(s, who, url):
            if office is None:
                raise UserError(shared.OFFICE_NOT_FOUND)
            proposals.forward(
                session=s,
                actor=who,
                proposal_id=self.proposal_id,
                office_id=office,
                due_at=_due(due_text),
                public_url=url,
            )

        self._act(work, strings.ACT_DONE_FORWARD)

    @rx.event
    def update_progress(self):
        milestone, progress = self.milestone, self.progress

        def work(s, who, url):
            if not str(progress).strip().isdigit():
                raise UserError(strings.PROPOSAL_PROGRESS_RANGE)
            proposals.update_progress(
                session=s,
                actor=who,
                proposal_id=self.proposal_id,
                progress=int(progress),
                milestone=milestone,
                public_url=url,
            )

        self._act(work, strings.ACT_DONE_PROGRESS, ("milestone", "progress"))

    @rx.event
    def office_reply(self):
        text, photo_ids = self.office_reply_text, self._draft_photo_ids()
        self._act(
            lambda s, who, url: proposals.record_office_reply(
                session=s, actor=who, proposal_id=self.proposal_id, body=text, photo_ids=photo_ids, public_url=url
            ),
            strings.ACT_DONE_OFFICE_REPLY,
            ("office_reply_text",),
        )
        if not self.error:
            self._clear_photos()

    @rx.event
    def resolve(self):
        self._act(
            lambda s, who, url: proposals.resolve(session=s, actor=who, proposal_id=self.proposal_id, public_url=url),
            strings.ACT_DONE_RESOLVE,
        )
