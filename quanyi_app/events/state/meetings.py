"""Staff pages of meetings: the list with a new-meeting form, and one meeting (details,
questions, agenda, minutes with commitments, publishing)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input, form_text
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm
from quanyi_app.core.ui.staff_page import StaffListPage, StaffRecord
from quanyi_app.events import routes, strings
from quanyi_app.events.services import commitments, meetings
from quanyi_app.events.state.places import read_quotas
from quanyi_app.proposals import public as proposals


@dataclasses.dataclass
class MeetingRow:
    id: str = ""
    name: str = ""
    when: str = ""
    status: str = ""
    href: str = ""
    open_label: str = ""


def _form(form: dict | None, colleges: list[dict[str, str]]) -> meetings.MeetingForm:
    form = form or {}
    return meetings.MeetingForm(
        kind_id=as_int(form.get("kind")),
        number=as_int(form.get("number")),
        starts=form_text(form, "starts", 20),
        ends=form_text(form, "ends", 20),
        place=form_text(form, "place", 100),
        attending=form_text(form, "attending", 320),
        seats=as_int(form.get("seats") or "0"),
        topics=form_text(form, "topics", 2100),
        quotas=read_quotas(form, colleges),
    )


class MeetingListState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.MEETING_MANAGE

    rows: list[MeetingRow] = []
    kinds: list[dict[str, str]] = []
    colleges: list[dict[str, str]] = []
    kind_id: str = ""
    number: str = ""

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            self.kinds = [{"id": str(k.id), "name": k.name} for k in meetings.kinds(session=session)]
            self.colleges = campus.options(campus.reference_lists(session=session).colleges)
        if self.kind_id not in {k["id"] for k in self.kinds}:
            self.kind_id = self.kinds[0]["id"] if self.kinds else ""
        self._suggest()

    def _suggest(self) -> None:
        with session_scope() as session:
            self.number = str(meetings.suggested_number(session=session, kind_id=as_int(self.kind_id)))

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            self.rows = [
                MeetingRow(
                    id=str(m.id),
                    name=(name := meetings.meeting_name(session, m)),
                    when=meetings.meeting_when(m),
                    status=strings.MEETING_STATUS_LABELS[m.status],
                    href=routes.staff_meeting_url(m.id),
                    open_label=strings.STAFF_OPEN_NAMED.format(name=name),
                )
                for m in meetings.staff_meetings(session=session, actor=who)
            ]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_kind(self, value: str):
        self.kind_id = str(value)
        self._suggest()

    @rx.event
    def create(self, form: dict | None = None):
        made = self._act(
            lambda s, who, url: meetings.create_meeting(session=s, actor=who, form=_form(form, self.colleges)),
            strings.STAFF_CREATED,
        )
        if made is not None:
            self._suggest()
            return rx.redirect(routes.staff_meeting_url(made.id))


@dataclasses.dataclass
class QuestionView:
    id: str = ""
    body: str = ""
    meta: str = ""
    supporters: str = ""
    on_agenda: bool = False
    answer: str = ""
    agenda_label: str = ""
    merge_label: str = ""
    commitments: list[str] = dataclasses.field(default_factory=list)


class MeetingState(StaffRecord, SessionState):
    def _permission(self) -> Perm:
        return Perm.MEETING_MANAGE

    meeting_id: int = 0
    name: str = ""
    when: str = ""
    status: str = ""
    status_label: str = ""
    held: bool = False  # it has started: the minutes may be published
    public_href: str = ""
    attendees_href: str = ""  # the staff page of its attendee registration (check-in at the door)
    poster_href: str = ""
    share_href: str = ""
    minutes_href: str = ""
    questions: list[QuestionView] = []
    agenda: list[QuestionView] = []
    offices: list[dict[str, str]] = []
    kinds: list[dict[str, str]] = []
    # the edit form's current values
    kind_id: str = ""
    number: str = ""
    starts: str = ""
    ends: str = ""
    place: str = ""
    attending: str = ""
    seats: str = ""
    topics: str = ""
    merge_ids: list[str] = []

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            self.offices = campus.options(campus.reference_lists(session=session).offices)
            self.kinds = [{"id": str(k.id), "name": k.name} for k in meetings.kinds(session=session, active_only=False)]

    def _load(self) -> None:
        self._require(self._permission())
        with session_scope() as session:
            m = meetings.get_meeting(session, self.meeting_id)
            cats = dict(proposals.categories(session=session))
            offices = {o["id"]: o["name"] for o in self.offices}
            promised: dict[int, list[str]] = {}
            for c in commitments.of_meeting(session, m.id):
                line = f"{c.what} · {offices.get(str(c.office_id), '')} · {c.due_on.isoformat()}"
                promised.setdefault(c.question_id, []).append(line)
            views = [
                QuestionView(
                    id=str(q.id),
                    body=q.body,
                    meta=" · ".join(
                        x for x in (cats.get(q.category_id, ""), strings.QUESTION_LINKED if q.case_id else "") if x
                    ),
                    supporters=strings.SUPPORT_COUNT.format(n=q.supporters),
                    on_agenda=q.on_agenda,
                    answer=q.answer,
                    agenda_label=(
                        strings.STAFF_AGENDA_REMOVE_NAMED if q.on_agenda else strings.STAFF_AGENDA_ADD_NAMED
                    ).format(body=q.body[:30]),
                    merge_label=strings.STAFF_MERGE_PICK.format(body=q.body[:30]),
                    commitments=promised.get(q.id, []),
                )
                for q in meetings.questions(session, m.id)
            ]
            self.name = meetings.meeting_name(session, m)
            self.when = meetings.meeting_when(m)
            self.status = m.status
            self.held = m.starts_at <= utcnow()
            self.status_label = strings.MEETING_STATUS_LABELS[m.status]
            self.kind_id, self.number = str(m.kind_id), str(m.number)
            self.starts, self.ends = local_str(m.starts_at, "%Y-%m-%dT%H:%M"), local_str(m.ends_at, "%H:%M")
            self.place, self.attending, self.seats, self.topics = m.place, m.attending, str(m.seats), m.topics
            attendees = meetings.attendee_event(session, m.id)
            attendees_id = attendees.id if attendees else None
        self.public_href = routes.meeting_url(self.meeting_id)
        self.poster_href, self.share_href = routes.poster_url(self.meeting_id), routes.share_url(self.meeting_id)
        self.minutes_href = routes.minutes_pdf_url(self.meeting_id)
        self.attendees_href = routes.staff_event_url(attendees_id) if attendees_id else ""
        self.questions = views
        self.agenda = [q for q in views if q.on_agenda]
        self.merge_ids = [i for i in self.merge_ids if i in {q.id for q in views}]
        self.found = True

    @rx.event
    def open_page(self):
        self.merge_ids = []
        return self._open("meeting_id")

    @rx.event
    def save(self, form: dict | None = None):
        mid = self.meeting_id
        self._act(
            lambda s, who, url: meetings.edit_meeting(session=s, actor=who, meeting_id=mid, form=_form(form, [])),
            strings.STAFF_SAVED,
        )

    @rx.event
    def announce(self):
        mid = self.meeting_id
        self._act(lambda s, who, url: meetings.announce(session=s, actor=who, meeting_id=mid), strings.STAFF_ANNOUNCED)

    @rx.event
    @form_input
    def toggle_merge(self, question_id: str, on: bool):
        chosen = [i for i in self.merge_ids if i != str(question_id)]
        self.merge_ids = [*chosen, str(question_id)] if on else chosen

    @rx.event
    def merge(self, form: dict | None = None):
        keep, chosen = as_int((form or {}).get("keep")), [as_int(i) or 0 for i in self.merge_ids]
        done = self._act(
            lambda s, who, url: meetings.merge(session=s, actor=who, keep_id=keep, merge_ids=chosen),
            strings.STAFF_MERGED,
        )
        if done is not None:
            self.merge_ids = []

    @rx.event
    def set_agenda(self, question_id: str, on: bool):
        qid = as_int(question_id)
        self._act(
            lambda s, who, url: meetings.set_agenda(session=s, actor=who, question_id=qid, on=bool(on)),
            strings.STAFF_AGENDA_SAVED,
        )

    @rx.event
    def save_answer(self, form: dict | None = None):
        form = form or {}
        qid, answer = as_int(form.get("question")), form_text(form, "answer", meetings.ANSWER_MAX + 50)
        self._act(
            lambda s, who, url: meetings.record_answer(session=s, actor=who, question_id=qid, answer=answer),
            strings.STAFF_ANSWER_SAVED,
        )

    @rx.event
    def add_commitment(self, form: dict | None = None):
        form = form or {}
        qid, office = as_int(form.get("question")), as_int(form.get("office"))
        what, due = form_text(form, "what", 320), form_text(form, "due", 12)
        self._act(
            lambda s, who, url: commitments.add_commitment(
                session=s, actor=who, question_id=qid, what=what, office_id=office, due=due
            ),
            strings.STAFF_COMMIT_ADDED,
        )

    @rx.event
    def publish(self, form: dict | None = None):
        mid, summary = self.meeting_id, form_text(form, "summary", 3050)
        self._act(
            lambda s, who, url: meetings.publish_minutes(
                session=s, actor=who, meeting_id=mid, summary=summary, public_url=url
            ),
            strings.STAFF_PUBLISHED,
        )
