"""The duty room's staff page (phone first): a walk-in logged in seconds, the month's figures,
the roster and its swaps."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import disclosure, field
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.events import routes, strings
from quanyi_app.events.state.duty import DutyDeskState as D


def _btn(label, class_name: str = "qy-btn", **props) -> rx.Component:
    return rx.button(label, size="3", class_name=class_name, **props)


def _select(label: str, options, name: str, field_id: str) -> rx.Component:
    return field(
        label,
        rx.el.select(
            rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"])),
            name=name,
            id=field_id,
            class_name="qy-select",
        ),
    )


def _case_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(strings.DUTY_LOG_CASE_HINT, size="1", color_scheme="gray"),
            _select(strings.DUTY_CATEGORY, D.categories, "category", "f-duty-case-category"),
            field(
                strings.DUTY_DESCRIPTION,
                rx.text_area(name="description", id="f-duty-description", rows="3", width="100%", max_length=2000),
            ),
            field(strings.DUTY_PHONE, rx.input(name="phone", id="f-duty-phone", type="tel", size="3", width="100%")),
            field(strings.DUTY_EMAIL, rx.input(name="email", id="f-duty-email", type="email", size="3", width="100%")),
            _btn(strings.DUTY_SAVE_CASE, type="submit", width="100%"),
            width="100%",
        ),
        on_submit=D.log_case,
    )


def _consult_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(strings.DUTY_LOG_CONSULT_HINT, size="1", color_scheme="gray"),
            _select(strings.DUTY_CATEGORY, D.categories, "category", "f-duty-consult-category"),
            field(strings.DUTY_NOTE, rx.input(name="note", id="f-duty-note", size="3", width="100%", max_length=500)),
            _btn(strings.DUTY_SAVE_CONSULT, type="submit", width="100%", variant="soft"),
            width="100%",
        ),
        on_submit=D.log_consultation,
    )


def _given_code() -> rx.Component:
    return rx.cond(
        D.code != "",
        rx.card(
            rx.text(strings.SLIP_CODE, size="2", color_scheme="gray"),
            rx.text(D.code, size="8", weight="bold", id="duty-code", class_name="qy-code"),
            rx.hstack(
                rx.link(strings.DUTY_PRINT_SLIP, href=D.slip_href, is_external=True, class_name="qy-chip-link"),
                rx.link(strings.DUTY_TRACK_LINK, href=D.track_href, is_external=True, class_name="qy-chip-link"),
                wrap="wrap",
            ),
            width="100%",
        ),
    )


def _month(m) -> rx.Component:
    return rx.el.tr(
        rx.el.th(m["month"], scope="row"),
        rx.el.td(m["visits"]),
        rx.el.td(m["cases"]),
        rx.el.td(m["consultations"]),
        rx.el.td(m["by_category"]),
    )


def _slot(s) -> rx.Component:
    return rx.box(
        rx.text(s["label"], weight="medium", size="2"),
        rx.text(s["people"], size="2", color_scheme="gray"),
        _btn(
            strings.DUTY_REMOVE_SLOT,
            variant="ghost",
            color_scheme="gray",
            on_click=D.remove_slot(s["id"]),
            aria_label=s["remove_label"],
            class_name="qy-btn qy-btn-sm",
        ),
        padding_y="6px",
        border_bottom="1px solid var(--gray-4)",
        width="100%",
    )


def _roster() -> rx.Component:
    slot_options = rx.foreach(D.slots, lambda s: rx.el.option(s["label"], value=s["id"]))
    person_options = rx.foreach(D.people, lambda p: rx.el.option(p["name"], value=p["id"]))
    return rx.card(
        disclosure(
            strings.DUTY_ROSTER,
            rx.vstack(
                rx.foreach(D.slots, _slot),
                rx.form(
                    rx.heading(strings.DUTY_ADD_PERSON, as_="h3", size="3"),
                    field(strings.DUTY_WEEKDAY_LABEL, rx.el.select(slot_options, name="slot", class_name="qy-select")),
                    field(
                        strings.DUTY_PERSON_LABEL, rx.el.select(person_options, name="person", class_name="qy-select")
                    ),
                    _btn(strings.DUTY_ADD_PERSON, type="submit", width="100%", variant="soft"),
                    on_submit=D.add_person,
                    width="100%",
                ),
                rx.form(
                    rx.heading(strings.DUTY_SWAP, as_="h3", size="3"),
                    field(strings.DUTY_WEEKDAY_LABEL, rx.el.select(slot_options, name="slot", class_name="qy-select")),
                    field(strings.DUTY_SWAP_DAY_LABEL, rx.input(name="day", type="date", size="3", width="100%")),
                    field(strings.DUTY_SWAP_FROM, rx.el.select(person_options, name="from", class_name="qy-select")),
                    field(strings.DUTY_SWAP_TO, rx.el.select(person_options, name="to", class_name="qy-select")),
                    _btn(strings.DUTY_SWAP_SAVE, type="submit", width="100%", variant="soft"),
                    on_submit=D.swap,
                    width="100%",
                ),
                rx.form(
                    rx.heading(strings.DUTY_ADD_SLOT, as_="h3", size="3"),
                    field(
                        strings.DUTY_WEEKDAY_LABEL,
                        rx.el.select(
                            *[rx.el.option(name, value=str(i)) for i, name in enumerate(strings.WEEKDAYS)],
                            name="weekday",
                            class_name="qy-select",
                        ),
                    ),
                    field(strings.DUTY_STARTS, rx.input(name="starts", type="time", size="3", width="100%")),
                    field(strings.DUTY_ENDS, rx.input(name="ends", type="time", size="3", width="100%")),
                    field(strings.DUTY_PLACE, rx.input(name="place", size="3", width="100%", max_length=80)),
                    _btn(strings.DUTY_SAVE_SLOT, type="submit", width="100%", variant="soft"),
                    on_submit=D.add_slot,
                    width="100%",
                ),
                width="100%",
                spacing="4",
            ),
        ),
        width="100%",
    )


def desk() -> rx.Component:
    return layout(
        rx.text(D.line, size="3", weight="medium", id="duty-line"),
        notice(D.error),
        notice(D.message, kind="ok"),
        _given_code(),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(strings.DUTY_LOG_CASE, value="case"),
                rx.tabs.trigger(strings.DUTY_LOG_CONSULT, value="consult"),
                size="2",
            ),
            rx.tabs.content(rx.box(_case_form(), padding_top="12px"), value="case"),
            rx.tabs.content(rx.box(_consult_form(), padding_top="12px"), value="consult"),
            default_value="case",
            width="100%",
        ),
        rx.card(
            rx.heading(strings.DUTY_FIGURES, as_="h2", size="4", margin_bottom="8px"),
            rx.el.table(
                rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in strings.DUTY_FIGURES_HEAD])),
                rx.el.tbody(rx.foreach(D.months, _month)),
                class_name="qy-table",
                id="duty-months",
            ),
            width="100%",
        ),
        _roster(),
        active=routes.STAFF_DUTY,
        title=strings.DUTY_STAFF_TITLE,
    )
