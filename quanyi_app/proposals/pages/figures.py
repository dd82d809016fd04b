"""The figures block shown on the home page and the staff dashboard."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import disclosure
from quanyi_app.proposals import strings
from quanyi_app.proposals.state.figures import FiguresState


def _stat(label: str, value, test_id: str) -> rx.Component:
    return rx.box(
        rx.text(value, size="6", weight="bold", id=test_id),
        rx.text(label, size="1", color_scheme="gray"),
        padding="10px",
        border_radius="12px",
        background="var(--gray-2)",
    )


def _table(title: str, rows) -> rx.Component:
    return disclosure(
        title,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in (
                            strings.FIG_COL_NAME,
                            strings.FIG_COL_COLLECTED,
                            strings.FIG_COL_RATE,
                            strings.FIG_COL_SAT,
                        )
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda r: rx.table.row(
                        rx.table.cell(r["name"]),
                        rx.table.cell(r["collected"]),
                        rx.table.cell(r["handled_rate"]),
                        rx.table.cell(r["satisfaction"]),
                    ),
                )
            ),
            size="1",
            width="100%",
        ),
    )


def figures_card(detailed: bool = False) -> rx.Component:
    return rx.card(
        rx.heading(strings.FIG_TITLE, as_="h2", size="4", margin_bottom="8px"),
        rx.grid(
            _stat(strings.FIG_COLLECTED, FiguresState.collected, "fig-collected"),
            _stat(strings.FIG_HANDLED_RATE, FiguresState.handled_rate, "fig-handled-rate"),
            _stat(strings.FIG_MEDIAN_HOURS, FiguresState.median_hours, "fig-median-hours"),
            _stat(strings.FIG_SATISFACTION, FiguresState.satisfaction, "fig-satisfaction"),
            _stat(strings.FIG_SATISFIED_PCT, FiguresState.satisfied_pct, "fig-satisfied-pct"),
            _stat(strings.FIG_HANDLED, FiguresState.handled, "fig-handled"),
            columns="2",
            gap="8px",
            width="100%",
        ),
        _table(strings.FIG_BY_CATEGORY, FiguresState.by_category),
        _table(strings.FIG_BY_MONTH, FiguresState.by_month) if detailed else rx.fragment(),
    )
