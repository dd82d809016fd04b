"""Staff at the umbrella desk (phone first): overdue and lost, take back, lend, stock."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import field, native_select
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.lending import routes, strings
from quanyi_app.lending.state.desk import UmbrellaDeskState as S


def _btn(label, **props) -> rx.Component:
    return rx.button(label, size="3", class_name="qy-btn", **props)


def _overdue_row(r) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(r["number"], " 号伞", weight="bold", size="3"),
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


def _details(summary: str, *children) -> rx.Component:
    return rx.el.details(rx.el.summary(summary, class_name="qy-summary"), *children)


def _stock_tools() -> rx.Component:
    return rx.card(
        rx.vstack(
            _details(
                strings.DESK_MOVE,
                rx.form(
                    rx.vstack(
                        field(
                            strings.DESK_UMBRELLA_CODE,
                            rx.input(name="umbrella", size="3", id="f-move-umbrella", required=True),
                        ),
                        field(
                            strings.DESK_MOVE_TO,
                            rx.el.select(
                                rx.foreach(S.all_points, lambda o: rx.el.option(o["name"], value=o["id"])),
                                name="to",
                                id="f-move-to",
                                class_name="qy-select",
                            ),
                        ),
                        _btn(strings.DESK_MOVE_BUTTON, type="submit", variant="soft"),
                        width="100%",
                    ),
                    on_submit=S.move,
                    reset_on_submit=False,
                ),
            ),
            _details(
                strings.DESK_COUNT,
                rx.form(
                    rx.vstack(
                        field(
                            strings.DESK_COUNT_CODES,
                            rx.text_area(name="codes", rows="6", id="f-count-codes", width="100%"),
                        ),
                        _btn(strings.DESK_COUNT_BUTTON, type="submit", variant="soft"),
                        width="100%",
                    ),
                    on_submit=S.count,
                    reset_on_submit=True,
                ),
            ),
            _details(
                strings.DESK_STATUS,
                rx.form(
                    rx.vstack(
                        field(
                            strings.DESK_UMBRELLA_CODE,
                            rx.input(name="umbrella", size="3", id="f-status-umbrella", required=True),
                        ),
                        field(
                            strings.DESK_STATUS_TO,
                            rx.el.select(
                                *[rx.el.option(label, value=value) for value, label in strings.STATUS_LABELS.items()],
                                name="status",
                                id="f-status",
                                class_name="qy-select",
                            ),
                        ),
                        _btn(strings.DESK_STATUS_BUTTON, type="submit", variant="soft"),
                        width="100%",
                    ),
                    on_submit=S.set_status,
                    reset_on_submit=False,
                ),
            ),
            _details(
                strings.DESK_DAYS,
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="days",
                            type="number",
                            min=1,
                            max=14,
                            size="3",
                            id="f-loan-days",
                            aria_label=strings.DESK_DAYS,
                        ),
                        _btn(strings.DESK_DAYS_BUTTON, type="submit", variant="soft"),
                        align="center",
                    ),
                    on_submit=S.set_loan_days,
                    reset_on_submit=False,
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
            rx.form(
                rx.vstack(
                    field(strings.DESK_TAKE_BACK, rx.input(name="umbrella", size="3", id="f-take-back", required=True)),
                    _btn(strings.DESK_TAKE_BACK_BUTTON, type="submit", width="100%"),
                    width="100%",
                ),
                on_submit=S.take_back,
                reset_on_submit=False,
            ),
        ),
        rx.card(
            rx.heading(strings.DESK_LEND, as_="h2", size="4", margin_bottom="8px"),
            rx.form(
                rx.vstack(
                    field(
                        strings.DESK_UMBRELLA_CODE,
                        rx.input(name="umbrella", size="3", id="f-lend-umbrella", required=True),
                    ),
                    field(
                        strings.BORROW_STUDENT_NO,
                        rx.input(name="student_no", size="3", id="f-lend-student", required=True),
                    ),
                    field(strings.BORROW_PHONE, rx.input(name="phone", type="tel", size="3", id="f-lend-phone")),
                    _btn(strings.DESK_LEND_BUTTON, type="submit", width="100%", variant="soft"),
                    width="100%",
                ),
                on_submit=S.lend,
                reset_on_submit=False,
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
                    href=S.labels_href,
                    is_external=True,
                ),
                rx.link(
                    rx.icon("printer", aria_hidden="true"),
                    strings.DESK_PRINT_RETURN,
                    href=S.return_sign_href,
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
