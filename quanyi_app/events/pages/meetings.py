"""Staff pages of meetings (phone first): the list and new meeting; one meeting's questions,
agenda, minutes and commitments."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import disclosure, field, native_select
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.events import routes, strings
from quanyi_app.events.pages.places import quota_fields
from quanyi_app.events.state.meetings import MeetingListState as L
from quanyi_app.events.state.meetings import MeetingState as M


def _btn(label, class_name: str = "qy-btn", **props) -> rx.Component:
    return rx.button(label, size="3", class_name=class_name, **props)


def _input(label: str, name: str, field_id: str, value="", hint: str = "", **props) -> rx.Component:
    return field(label, rx.input(name=name, id=field_id, default_value=value, size="3", width="100%", **props), hint)


def _meeting_fields(v: dict, *, kinds_select: rx.Component) -> list[rx.Component]:
    """The fields of a meeting (new or edited): uncontrolled, read on submit. ``v``: the values
    to show (state vars), by field name."""
    return [
        kinds_select,
        _input(
            strings.STAFF_NUMBER,
            "number",
            "f-meeting-number",
            v.get("number", ""),
            strings.STAFF_NUMBER_HINT,
            type="number",
            min=1,
            max=9999,
            key=v.get("number", ""),
        ),
        _input(
            strings.STAFF_STARTS,
            "starts",
            "f-meeting-starts",
            v.get("starts", ""),
            type="datetime-local",
            required=True,
        ),
        _input(strings.STAFF_ENDS, "ends", "f-meeting-ends", v.get("ends", ""), type="time"),
        _input(strings.STAFF_PLACE, "place", "f-meeting-place", v.get("place", ""), max_length=80),
        _input(strings.STAFF_ATTENDING, "attending", "f-meeting-attending", v.get("attending", ""), max_length=300),
        _input(strings.STAFF_SEATS, "seats", "f-meeting-seats", v.get("seats", "0"), type="number", min=0, max=2000),
        field(
            strings.STAFF_TOPICS,
            rx.text_area(
                name="topics",
                id="f-meeting-topics",
                default_value=v.get("topics", ""),
                rows="3",
                max_length=2000,
                width="100%",
            ),
        ),
    ]


def _row(r) -> rx.Component:
    return rx.link(
        rx.text(r["name"], weight="bold", size="3"),
        rx.text(r["when"], " · ", r["status"], size="2", color_scheme="gray"),
        href=r["href"],
        class_name="qy-case-row",
        aria_label=r["open_label"],
    )


def meeting_list() -> rx.Component:
    return layout(
        notice(L.error),
        notice(L.message, kind="ok"),
        rx.card(
            disclosure(
                strings.STAFF_NEW_MEETING,
                rx.form(
                    rx.vstack(
                        *_meeting_fields(
                            {"number": L.number},
                            kinds_select=field(
                                strings.STAFF_KIND,
                                native_select(L.kinds, L.kind_id, L.set_kind, name="kind", id="f-meeting-kind"),
                            ),
                        ),
                        quota_fields(L.colleges),
                        _btn(strings.STAFF_CREATE, type="submit", width="100%"),
                        width="100%",
                    ),
                    on_submit=L.create,
                ),
                id="new-meeting",
            ),
        ),
        rx.cond(
            L.rows.length() > 0,
            rx.vstack(rx.foreach(L.rows, _row), width="100%", spacing="2", id="meeting-list"),
            rx.text(strings.STAFF_MEETINGS_NONE, size="2", color_scheme="gray"),
        ),
        rx.link(strings.NAV_STAFF_COMMITMENTS, href=routes.STAFF_COMMITMENTS, class_name="qy-chip-link"),
        active=routes.STAFF_MEETINGS,
        title=strings.STAFF_MEETINGS_TITLE,
    )


# ---- one meeting ------------------------------------------------------------------------------


def _question(q) -> rx.Component:
    return rx.card(
        rx.text(q["body"], size="3", white_space="pre-wrap"),
        rx.text(q["supporters"], " · ", q["meta"], size="2", color_scheme="gray"),
        rx.cond(
            M.status != "minutes",  # the agenda is settled once the minutes are out
            rx.hstack(
                rx.el.label(
                    rx.checkbox(
                        checked=M.merge_ids.contains(q["id"]),
                        on_change=lambda on: M.toggle_merge(q["id"], on),
                        aria_label=q["merge_label"],
                        size="3",
                    ),
                    rx.text(strings.STAFF_MERGE_BUTTON, size="2"),
                    class_name="qy-check-row",
                ),
                rx.spacer(),
                _btn(
                    rx.cond(q["on_agenda"], strings.STAFF_AGENDA_REMOVE, strings.STAFF_AGENDA_ADD),
                    variant=rx.cond(q["on_agenda"], "soft", "solid"),
                    on_click=M.set_agenda(q["id"], ~q["on_agenda"].to(bool)),
                    aria_label=q["agenda_label"],
                    class_name="qy-btn qy-btn-sm",
                ),
                align="center",
                width="100%",
                margin_top="6px",
            ),
        ),
        width="100%",
        class_name="qy-meeting-question",
    )


def _minutes_item(q) -> rx.Component:
    return rx.card(
        rx.text(q["body"], weight="bold", size="3"),
        rx.form(
            rx.el.input(type="hidden", name="question", value=q["id"]),
            field(
                strings.STAFF_ANSWER,
                rx.text_area(name="answer", default_value=q["answer"], rows="3", width="100%", max_length=3000),
            ),
            _btn(strings.STAFF_ANSWER_SAVE, type="submit", variant="soft", width="100%"),
            on_submit=M.save_answer,
        ),
        rx.foreach(q["commitments"], lambda c: rx.text("· ", c, size="2")),
        disclosure(
            strings.STAFF_COMMIT_ADD,
            rx.form(
                rx.el.input(type="hidden", name="question", value=q["id"]),
                rx.vstack(
                    field(strings.STAFF_COMMIT_WHAT, rx.input(name="what", size="3", width="100%", max_length=300)),
                    field(
                        strings.STAFF_COMMIT_OFFICE,
                        rx.el.select(
                            rx.el.option(strings.STAFF_PICK, value=""),
                            rx.foreach(M.offices, lambda o: rx.el.option(o["name"], value=o["id"])),
                            name="office",
                            class_name="qy-select",
                        ),
                    ),
                    field(strings.STAFF_COMMIT_DUE, rx.input(name="due", type="date", size="3", width="100%")),
                    _btn(strings.STAFF_COMMIT_ADD, type="submit", width="100%"),
                    width="100%",
                ),
                on_submit=M.add_commitment,
                reset_on_submit=True,
            ),
        ),
        width="100%",
        class_name="qy-minutes-item",
    )


def meeting_detail() -> rx.Component:
    return layout(
        notice(M.error),
        notice(M.message, kind="ok"),
        rx.cond(
            M.found,
            rx.vstack(
                rx.heading(M.name, as_="h2", size="5"),
                rx.text(M.when, " · ", M.status_label, size="2", color_scheme="gray"),
                rx.hstack(
                    rx.link(strings.STAFF_PUBLIC_PAGE, href=M.public_href, class_name="qy-chip-link", is_external=True),
                    rx.cond(
                        M.status != "draft",
                        rx.fragment(
                            rx.link(
                                strings.STAFF_POSTER, href=M.poster_href, class_name="qy-chip-link", is_external=True
                            ),
                            rx.link(
                                strings.STAFF_SHARE_IMAGE,
                                href=M.share_href,
                                class_name="qy-chip-link",
                                is_external=True,
                            ),
                        ),
                    ),
                    rx.cond(
                        M.attendees_href != "",
                        rx.link(strings.STAFF_ATTENDEES, href=M.attendees_href, class_name="qy-chip-link"),
                    ),
                    rx.cond(
                        M.status == "minutes",
                        rx.link(
                            strings.STAFF_MINUTES_PDF, href=M.minutes_href, class_name="qy-chip-link", is_external=True
                        ),
                    ),
                    rx.link(strings.STAFF_MEETINGS_TITLE, href=routes.STAFF_MEETINGS, class_name="qy-chip-link"),
                    wrap="wrap",
                ),
                rx.cond(
                    M.status == "draft", _btn(strings.STAFF_ANNOUNCE, on_click=M.announce, width="100%", id="announce")
                ),
                rx.card(
                    disclosure(
                        strings.STAFF_EDIT,
                        rx.form(
                            rx.vstack(
                                *_meeting_fields(
                                    {
                                        "number": M.number,
                                        "starts": M.starts,
                                        "ends": M.ends,
                                        "place": M.place,
                                        "attending": M.attending,
                                        "seats": M.seats,
                                        "topics": M.topics,
                                    },
                                    kinds_select=field(
                                        strings.STAFF_KIND,
                                        rx.el.select(
                                            rx.foreach(M.kinds, lambda o: rx.el.option(o["name"], value=o["id"])),
                                            name="kind",
                                            default_value=M.kind_id,
                                            key=M.kind_id,
                                            class_name="qy-select",
                                        ),
                                    ),
                                ),
                                _btn(strings.STAFF_SAVE, type="submit", width="100%", variant="soft"),
                                width="100%",
                            ),
                            on_submit=M.save,
                            key=M.meeting_id,  # uncontrolled fields: a fresh form for each meeting
                        ),
                    ),
                    width="100%",
                ),
                rx.heading(strings.STAFF_QUESTIONS, as_="h3", size="4"),
                rx.cond(
                    M.questions.length() > 0,
                    rx.vstack(rx.foreach(M.questions, _question), width="100%", spacing="2", id="staff-questions"),
                    rx.text(strings.STAFF_QUESTIONS_NONE, size="2", color_scheme="gray"),
                ),
                rx.cond(
                    M.merge_ids.length() > 0,
                    rx.card(
                        rx.form(
                            field(
                                strings.STAFF_MERGE_TARGET,
                                rx.el.select(
                                    rx.foreach(M.questions, lambda q: rx.el.option(q["body"], value=q["id"])),
                                    name="keep",
                                    class_name="qy-select",
                                    id="f-merge-keep",
                                ),
                            ),
                            _btn(strings.STAFF_MERGE_BUTTON, type="submit", width="100%", margin_top="8px"),
                            on_submit=M.merge,
                        ),
                        width="100%",
                    ),
                ),
                rx.heading(strings.STAFF_MINUTES, as_="h3", size="4", margin_top="12px"),
                rx.text(strings.STAFF_MINUTES_HINT, size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(M.agenda, _minutes_item), width="100%", spacing="2", id="staff-agenda"),
                rx.cond(
                    (M.status == "announced") & M.held,
                    rx.card(
                        rx.form(
                            field(
                                strings.STAFF_SUMMARY,
                                rx.text_area(name="summary", rows="3", width="100%", max_length=3000),
                            ),
                            _btn(strings.STAFF_PUBLISH, type="submit", width="100%", margin_top="8px", id="publish"),
                            on_submit=M.publish,
                        ),
                        width="100%",
                    ),
                ),
                width="100%",
                spacing="3",
            ),
        ),
        active=routes.STAFF_MEETINGS,
        title=strings.STAFF_MEETINGS_TITLE,
    )
