"""The inspections card on the staff workbench: this week's runs, open and overdue rectifications."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.accounts.session import allowed
from quanyi_app.core.permissions import Perm
from quanyi_app.inspections import routes, strings
from quanyi_app.inspections.state.figures import InspectionFiguresState


def _ins_stat(label: str, value, test_id: str, href: str) -> rx.Component:
    return rx.link(
        rx.text(value, size="6", weight="bold", id=test_id),
        rx.text(label, size="1", color_scheme="gray"),
        href=href,
        underline="none",
        color="inherit",
        class_name="qy-stat-link",
    )


def workbench_card() -> rx.Component:
    return rx.card(
        rx.heading(strings.FIG_INS_TITLE, as_="h2", size="4", margin_bottom="8px"),
        rx.grid(
            _ins_stat(
                strings.FIG_INS_WEEK,
                InspectionFiguresState.ins_week,
                "fig-ins-week",
                rx.cond(allowed(Perm.INSPECTION_PLAN), routes.STAFF_INSPECTIONS, routes.INSPECT),
            ),
            _ins_stat(
                strings.FIG_INS_OPEN, InspectionFiguresState.ins_open, "fig-ins-open", routes.STAFF_RECTIFICATIONS
            ),
            _ins_stat(
                strings.FIG_INS_OVERDUE,
                InspectionFiguresState.ins_overdue,
                "fig-ins-overdue",
                routes.STAFF_RECTIFICATIONS,
            ),
            columns="3",
            gap="8px",
            width="100%",
        ),
        rx.flex(
            rx.link(
                rx.button(
                    rx.icon("clipboard_check", aria_hidden="true"),
                    strings.INS_MY_LIST,
                    size="3",
                    variant="soft",
                    class_name="qy-btn",
                ),
                href=routes.INSPECT,
            ),
            rx.cond(
                allowed(Perm.INSPECTION_PLAN),
                rx.link(
                    rx.button(
                        rx.icon("calendar_check", aria_hidden="true"),
                        strings.INS_NAV_PLANS,
                        size="3",
                        variant="soft",
                        class_name="qy-btn",
                    ),
                    href=routes.STAFF_INSPECTIONS,
                ),
            ),
            rx.link(
                rx.button(
                    rx.icon("wrench", aria_hidden="true"),
                    strings.INS_NAV_RECTS,
                    size="3",
                    variant="soft",
                    class_name="qy-btn",
                ),
                href=routes.STAFF_RECTIFICATIONS,
            ),
            gap="8px",
            wrap="wrap",
            margin_top="12px",
        ),
        width="100%",
    )
