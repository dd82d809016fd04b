"""Staff at the umbrella desk (phone first): overdue and lost, take back, lend, stock."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import disclosure, field, native_select
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.lending import routes, strings
from quanyi_app.lending.state.desk import UmbrellaDeskState as S


def _btn(label, **props) -> rx.Component:
    return rx.button(label, size="3", class_name="qy-btn", **props)


def _overdue_row(r) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(r["title"], weight="bold", size="3"),
            rx.spacer(),
            rx.badge(r["late"], color_scheme="red", size="2"),
            align="center",
            width="100%",
        ),
        rx.text(r["student_no"], " · ", r["due"], size="2", color_scheme="gray"),
        rx.cond(
            r["lost"],
            rx.vstack(
                rx.text(strings.DESK_LOST_BADGE, size="2"),
                _btn(
                    strings.DESK_CLEAR,
                    variant="soft",
                    on_click=S.clear_block(r["loan_id"]),
                    aria_label=r["clear_label"],
                ),
            ),
            _btn(
                strings.DESK_MARK_LOST,
                variant="soft",
                color_scheme="red",
                on_click=S.mark_lost(r["loan_id"]),
                aria_label=r["lost_label"],
            ),
        ),
        width="100%",
        class_name="qy-overdue-row",
    )


def _form(on_submit, button: str, *fields, solid: bool = False, reset: bool = False) -> rx.Component:
    """A desk form: its fields stacked, then one full-width submit button."""
    return rx.form(
        rx.vstack(
            *fields,
            _btn(button, type="submit", width="100%", variant="solid" if solid else "soft"),
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=reset,
    )


def _umbrella_code(label: str, field_id: str) -> rx.Component:
    return field(label, rx.input(name="umbrella", size="3", id=field_id, required=True))


def _select(label: str, options, name: str, field_id: str) -> rx.Component:
    return field(label, rx.el.select(options, name=name, id=field_id, class_name="qy-select"))


def _stock_tools() -> rx.Component:
    return rx.card(
        rx.vstack(
            disclosure(
                strings.DESK_MOVE,
                _form(
                    S.move,
                    strings.DESK_MOVE_BUTTON,
                    _umbrella_code(strings.DESK_UMBRELLA_CODE, "f-move-umbrella"),
                    _select(
                        strings.DESK_MOVE_TO,
                        rx.foreach(S.all_points, lambda o: rx.el.option(o["name"], value=o["id"])),
                        "to",
                        "f-move-to",
                    ),
                ),
            ),
            disclosure(
                strings.DESK_COUNT,
                _form(
                    S.count,
                    strings.DESK_COUNT_BUTTON,
                    field(
                        strings.DESK_COUNT_CODES,
                        rx.text_area(name="codes", rows="6", id="f-count-codes", width="100%"),
                    ),
                    reset=True,
                ),
            ),
            disclosure(
                strings.DESK_STATUS,
                _form(
                    S.set_status,
                    strings.DESK_STATUS_BUTTON,
                    _umbrella_code(strings.DESK_UMBRELLA_CODE, "f-status-umbrella"),
                    _select(
                        strings.DESK_STATUS_TO,
                        rx.fragment(*[rx.el.option(label, value=v) for v, label in strings.STATUS_LABELS.items()]),
                        "status",
                        "f-status",
                    ),
                ),
            ),
            disclosure(
                strings.DESK_DAYS,
                _form(
                    S.set_loan_days,
                    strings.DESK_DAYS_BUTTON,
                    field(
                        strings.DESK_DAYS,
                        rx.input(name="days", type="number", min=1, max=14, size="3", id="f-loan-days"),
                    ),
                ),
            ),
            width="100%",
            spacing="3",
        ),
    )


def desk() -> rx.Component:
    return layout(
        notice(S.error),
        notice(S.message, kind="ok"),
        rx.cond(
            S.desk_points.length() > 0,
            field(
                strings.DESK_AT_POINT,
                native_select(S.desk_points, S.point_id, S.set_point, id="f-desk-point"),
            ),
            rx.text(strings.DESK_NO_POINT, size="3"),
        ),
        rx.card(
            rx.heading(strings.DESK_OVERDUE, as_="h2", size="4", margin_bottom="8px"),
            rx.cond(
                S.overdue.length() > 0,
                rx.vstack(rx.foreach(S.overdue, _overdue_row), width="100%", spacing="2", id="overdue-list"),
                rx.text(strings.DESK_OVERDUE_NONE, size="2", color_scheme="gray"),
            ),
        ),
        rx.card(
            _form(
                S.take_back,
                strings.DESK_TAKE_BACK_BUTTON,
                _umbrella_code(strings.DESK_TAKE_BACK, "f-take-back"),
                solid=True,
            ),
        ),
        rx.card(
            rx.heading(strings.DESK_LEND, as_="h2", size="4", margin_bottom="8px"),
            _form(
                S.lend,
                strings.DESK_LEND_BUTTON,
                _umbrella_code(strings.DESK_UMBRELLA_CODE, "f-lend-umbrella"),
                field(
                    strings.BORROW_STUDENT_NO,
                    rx.input(name="student_no", size="3", id="f-lend-student", required=True),
                ),
                field(strings.BORROW_PHONE, rx.input(name="phone", type="tel", size="3", id="f-lend-phone")),
            ),
        ),
        rx.card(
            rx.heading(strings.DESK_STOCK, as_="h2", size="4", margin_bottom="8px"),
            rx.foreach(
                S.stock,
                lambda p: rx.hstack(
                    rx.text(p["name"], size="2"), rx.spacer(), rx.text(p["available"], size="2", weight="bold")
                ),
            ),
            rx.form(
                rx.hstack(
                    field(
                        strings.DESK_ADD_COUNT,
                        rx.input(name="count", type="number", min=1, max=100, size="3", id="f-add-count"),
                    ),
                    _btn(strings.DESK_ADD_BUTTON, type="submit", variant="soft"),
                    align="end",
                    wrap="wrap",
                ),
                on_submit=S.add_batch,
                reset_on_submit=True,
                margin_top="12px",
            ),
            rx.flex(
                rx.link(
                    rx.icon("printer", aria_hidden="true"),
                    strings.DESK_PRINT_LABELS,
                    href=f"{routes.API_LABELS}?point={S.point_id}",
                    is_external=True,
                ),
                rx.link(
                    rx.icon("printer", aria_hidden="true"),
                    strings.DESK_PRINT_RETURN,
                    href=f"{routes.API_RETURN_SIGN}?point={S.point_id}",
                    is_external=True,
                ),
                direction="column",
                gap="12px",
                margin_top="12px",
            ),
        ),
        _stock_tools(),
        active=routes.STAFF_LENDING,
        title=strings.DESK_TITLE,
    )
