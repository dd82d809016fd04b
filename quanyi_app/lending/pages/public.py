"""Students' umbrella pages (390 px first): availability, borrow, my loan, return here."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import field
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.lending import routes, strings
from quanyi_app.lending.state.public import BorrowState, LoanState, ReturnPointState, UmbrellaListState


def _point_row(p) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(p["name"], weight="bold", size="3"),
            rx.spacer(),
            rx.badge(
                p["label"],
                size="3",
                color_scheme=rx.cond(p["available"] > 0, "green", "gray"),
                class_name="qy-umbrella-count",
            ),
            align="center",
            width="100%",
        ),
        rx.text(p["place"], " · ", p["hours"], size="2", color_scheme="gray"),
        rx.text(p["days"], size="1", color_scheme="gray"),
        width="100%",
        data_point=p["id"],
    )


def umbrella_list() -> rx.Component:
    s = UmbrellaListState
    return layout(
        rx.text(strings.LIST_INTRO, size="3"),
        rx.cond(
            s.rows.length() > 0,
            rx.vstack(rx.foreach(s.rows, _point_row), width="100%", spacing="2", id="umbrella-points"),
            rx.text(strings.LIST_EMPTY, size="2"),
        ),
        active=routes.UMBRELLA,
        title=strings.PAGE_TITLE,
    )


def borrow() -> rx.Component:
    s = BorrowState
    return layout(
        rx.cond(s.umbrella_line != "", rx.heading(s.umbrella_line, as_="h2", size="5", id="umbrella-line")),
        notice(s.error),
        rx.cond(
            s.can_borrow,
            rx.card(
                rx.form(
                    rx.vstack(
                        field(
                            strings.BORROW_STUDENT_NO,
                            rx.input(
                                name="student_no",
                                size="3",
                                required=True,
                                max_length=20,
                                id="f-student-no",
                                auto_complete="off",
                            ),
                        ),
                        field(
                            strings.BORROW_PHONE,
                            rx.input(
                                name="phone", type="tel", input_mode="numeric", size="3", max_length=20, id="f-phone"
                            ),
                        ),
                        field(
                            strings.BORROW_EMAIL,
                            rx.input(name="email", type="email", size="3", max_length=254, id="f-email"),
                        ),
                        rx.el.label(
                            rx.el.input(type="checkbox", name="rules", id="f-rules"),
                            strings.BORROW_RULES,
                            class_name="qy-check-row",
                        ),
                        rx.button(
                            strings.BORROW_SUBMIT,
                            type="submit",
                            size="3",
                            width="100%",
                            loading=s.busy,
                            class_name="qy-btn",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=s.submit,
                    reset_on_submit=False,
                ),
                width="100%",
            ),
        ),
        active=routes.UMBRELLA,
        title=strings.BORROW_TITLE,
    )


def loan() -> rx.Component:
    s = LoanState
    return layout(
        notice(s.error),
        rx.cond(
            s.error == "",
            rx.card(
                rx.hstack(
                    rx.heading(s.loan["title"], as_="h2", size="5"),
                    rx.spacer(),
                    rx.badge(s.loan["status_label"], size="3", id="loan-status"),
                    align="center",
                    width="100%",
                ),
                rx.text(
                    s.loan["line"],
                    size="4",
                    weight="bold",
                    color_scheme=rx.cond(s.loan["overdue"], "red", "gray"),
                    id="loan-line",
                    margin_top="8px",
                ),
                rx.cond(s.loan["status"] == "out", rx.text(strings.LOAN_HOW_TO_RETURN, size="3", margin_top="8px")),
                rx.text(strings.LOAN_KEEP_LINK, size="1", color_scheme="gray", margin_top="8px"),
                width="100%",
            ),
        ),
        active=routes.UMBRELLA,
        title=strings.LOAN_TITLE,
    )


def _return_row(loan_card) -> rx.Component:
    return rx.button(
        loan_card["return_label"],
        size="3",
        width="100%",
        class_name="qy-btn",
        on_click=ReturnPointState.return_here(loan_card["code"]),
    )


def return_point() -> rx.Component:
    s = ReturnPointState
    return layout(
        rx.cond(s.point_name != "", rx.heading(s.point_name, as_="h2", size="5")),
        notice(s.error),
        notice(s.message, kind="ok"),
        rx.cond(
            s.mine.length() > 0,
            rx.vstack(rx.foreach(s.mine, _return_row), width="100%", spacing="2"),
            rx.cond((s.error == "") & (s.message == ""), rx.text(strings.RETURN_NONE, size="3")),
        ),
        active=routes.UMBRELLA,
        title=strings.RETURN_TITLE,
    )
