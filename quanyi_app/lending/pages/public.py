"""Students' umbrella pages (390 px first): availability, borrow, my loan, return here."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import field
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.lending import routes, strings
from quanyi_app.lending.state.public import BorrowState, LoanState, ReturnPointState


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
