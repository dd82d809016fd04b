"""Staff pages of events with places (phone first): the list and a new event; one event with the
door's check-in (camera or typed code), the list of registrations, ratings and problems."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import disclosure, field
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.events import routes, strings
from quanyi_app.events.state.places import EventListState as L
from quanyi_app.events.state.places import EventState as E


def _btn(label, class_name: str = "qy-btn", **props) -> rx.Component:
    return rx.button(label, size="3", class_name=class_name, **props)


def _input(label: str, name: str, field_id: str, **props) -> rx.Component:
    return field(label, rx.input(name=name, id=field_id, size="3", width="100%", **props))


def quota_fields(colleges) -> rx.Component:
    """Places kept per college (三级联动), read with ``state.places.read_quotas``."""
    return rx.el.details(
        rx.el.summary(strings.EVS_F_QUOTAS, class_name="qy-summary"),
        rx.foreach(
            colleges,
            lambda c: _input(c["name"], f"quota_{c['id']}", f"f-quota-{c['id']}", type="number", min=0),
        ),
    )


def _row(r) -> rx.Component:
    return rx.link(
        rx.text(r["title"], weight="bold", size="3"),
        rx.text(r["meta"], size="2", color_scheme="gray"),
        href=r["href"],
        class_name="qy-case-row",
        aria_label=r["open_label"],
    )


def event_list() -> rx.Component:
    return layout(
        notice(L.error),
        notice(L.message, kind="ok"),
        rx.card(
            disclosure(
                strings.EVS_NEW,
                rx.form(
                    rx.vstack(
                        _input(strings.EVS_F_TITLE, "title", "f-ev-title", max_length=80, required=True),
                        _input(strings.EVS_F_PLACE, "place", "f-ev-place", max_length=80, required=True),
                        _input(strings.EVS_F_STARTS, "starts", "f-ev-starts", type="datetime-local", required=True),
                        _input(strings.EVS_F_ENDS, "ends", "f-ev-ends", type="time"),
                        _input(strings.EVS_F_PLACES, "places", "f-ev-places", type="number", min=1, max=5000),
                        _input(strings.EVS_F_OPENS, "reg_opens", "f-ev-opens", type="datetime-local", required=True),
                        _input(strings.EVS_F_CLOSES, "reg_closes", "f-ev-closes", type="datetime-local", required=True),
                        field(
                            strings.EVS_F_MODE,
                            rx.el.select(
                                *[rx.el.option(label, value=mode) for mode, label in strings.EVW_MODES.items()],
                                name="mode",
                                id="f-ev-mode",
                                class_name="qy-select",
                            ),
                        ),
                        _input(
                            strings.EVS_F_CONFIRM,
                            "confirm_hours",
                            "f-ev-confirm",
                            type="number",
                            min=1,
                            max=72,
                            default_value="24",
                        ),
                        field(
                            strings.EVS_F_DESCRIPTION,
                            rx.text_area(name="description", id="f-ev-description", rows="3", width="100%"),
                        ),
                        rx.el.fieldset(
                            rx.el.legend(strings.EVS_F_QUOTAS, class_name="qy-legend"),
                            rx.foreach(
                                L.colleges,
                                lambda c: _input(
                                    c["name"], f"quota_{c['id']}", f"f-quota-{c['id']}", type="number", min=0
                                ),
                            ),
                            class_name="qy-fieldset",
                        ),
                        _btn(strings.EVS_CREATE, type="submit", width="100%"),
                        width="100%",
                    ),
                    on_submit=L.create,
                ),
                id="new-event",
            ),
        ),
        rx.cond(
            L.rows.length() > 0,
            rx.vstack(rx.foreach(L.rows, _row), width="100%", spacing="2", id="event-list"),
            rx.text(strings.EVS_NONE, size="2", color_scheme="gray"),
        ),
        active=routes.STAFF_EVENTS,
        title=strings.EVS_TITLE,
    )


def _reg(r) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(r["name"], weight="medium", size="2"),
            rx.spacer(),
            rx.badge(r["status"], size="1", variant="soft"),
            width="100%",
        ),
        rx.text(r["meta"], size="1", color_scheme="gray"),
        padding_y="6px",
        border_bottom="1px solid var(--gray-4)",
        width="100%",
    )


def _comment(r) -> rx.Component:
    return rx.card(
        rx.text(r["rating"], " · ", r["name"], size="1", color_scheme="gray"),
        rx.text(r["comment"], size="2", white_space="pre-wrap"),
        rx.cond(
            r["filed"],
            rx.badge(strings.EVS_FILED_BADGE, color_scheme="green"),
            _btn(
                strings.EVS_FILE_COMMENT,
                variant="soft",
                on_click=E.file_comment(r["id"]),
                aria_label=r["file_label"],
                class_name="qy-btn qy-btn-sm",
            ),
        ),
        width="100%",
    )


def _check_in() -> rx.Component:
    return rx.card(
        rx.heading(strings.EVS_CHECKIN, as_="h2", size="4", margin_bottom="8px"),
        rx.form(
            rx.vstack(
                field(
                    strings.EVS_TICKET,
                    rx.input(
                        name="ticket",
                        id="f-ticket",
                        size="3",
                        width="100%",
                        auto_complete="off",
                        auto_capitalize="none",
                        spell_check=False,
                    ),
                ),
                rx.hstack(
                    _btn(strings.EVS_CHECKIN_BUTTON, type="submit", flex="1"),
                    _btn(
                        strings.EVS_SCAN,
                        type="button",
                        variant="soft",
                        flex="1",
                        custom_attrs={
                            "data-scan": "",
                            "data-start-label": strings.EVS_SCAN,
                            "data-stop-label": strings.EVS_SCAN_STOP,
                        },
                    ),
                    width="100%",
                ),
                width="100%",
            ),
            on_submit=E.check_in,
            custom_attrs={"data-checkin": ""},
        ),
        width="100%",
    )


def event_detail() -> rx.Component:
    return layout(
        notice(E.error),
        notice(E.message, kind="ok"),
        rx.cond(
            E.found,
            rx.vstack(
                rx.heading(E.title, as_="h2", size="5"),
                rx.text(E.meta, size="2", color_scheme="gray"),
                rx.hstack(
                    rx.badge(E.status_label, size="2"),
                    rx.link(strings.EVS_PUBLIC_PAGE, href=E.public_href, is_external=True, class_name="qy-chip-link"),
                    rx.link(strings.EVS_TITLE, href=routes.STAFF_EVENTS, class_name="qy-chip-link"),
                    wrap="wrap",
                    align="center",
                ),
                rx.foreach(E.figures, lambda f: rx.text(f, size="2")),
                rx.cond(E.status == "draft", _btn(strings.EVS_PUBLISH, on_click=E.publish, width="100%")),
                rx.cond(
                    E.status == "open",
                    rx.vstack(
                        _btn(strings.EVS_CLOSE_NOW, on_click=E.close_now, width="100%", variant="soft"),
                        rx.text(strings.EVS_CLOSE_HINT, size="1", color_scheme="gray"),
                        width="100%",
                    ),
                ),
                rx.cond(E.status != "draft", _check_in()),
                rx.cond(
                    E.started & (E.status == "drawn"),
                    _btn(strings.EVS_NO_SHOW_BUTTON, on_click=E.no_shows, width="100%", variant="soft"),
                ),
                rx.card(
                    rx.heading(strings.EVS_PROBLEM, as_="h2", size="4"),
                    rx.text(strings.EVS_PROBLEM_HINT, size="1", color_scheme="gray"),
                    rx.form(
                        rx.vstack(
                            field(
                                strings.EVS_PROBLEM_CATEGORY,
                                rx.el.select(
                                    rx.foreach(E.categories, lambda o: rx.el.option(o["name"], value=o["id"])),
                                    name="category",
                                    class_name="qy-select",
                                ),
                            ),
                            field(strings.EVS_PROBLEM, rx.text_area(name="problem", rows="3", width="100%")),
                            _btn(strings.EVS_PROBLEM_SEND, type="submit", width="100%"),
                            width="100%",
                        ),
                        on_submit=E.file_problem,
                        reset_on_submit=True,
                    ),
                    width="100%",
                ),
                rx.cond(
                    E.comments.length() > 0,
                    rx.vstack(
                        rx.heading(strings.EVS_COMMENTS, as_="h2", size="4"),
                        rx.foreach(E.comments, _comment),
                        width="100%",
                    ),
                ),
                rx.card(
                    disclosure(
                        strings.EVS_REGS,
                        rx.vstack(rx.foreach(E.regs, _reg), width="100%", spacing="0", id="registrations"),
                    ),
                    width="100%",
                ),
                width="100%",
                spacing="3",
            ),
        ),
        active=routes.STAFF_EVENTS,
        title=strings.EVS_TITLE,
    )
