"""The umbrella card on the staff workbench: loans per week, median duration, loss rate, per point."""

from __future__ import annotations

import reflex as rx

from quanyi_app.lending import routes, strings
from quanyi_app.lending.state.figures import LendingFiguresState as F


def _bar(b) -> rx.Component:
    return rx.hstack(
        rx.text(b["label"], size="1", width="7em", white_space="nowrap", overflow="hidden", text_overflow="ellipsis"),
        rx.box(rx.box(width=b["width"], height="10px", background="var(--red-9)", border_radius="4px"), flex="1"),
        rx.text(b["value"], size="1", weight="bold", min_width="2em", text_align="right"),
        align="center",
        width="100%",
    )


def workbench_card() -> rx.Component:
    return rx.card(
        rx.link(rx.heading(strings.FIG_TITLE, as_="h2", size="4"), href=routes.STAFF_LENDING, underline="none"),
        rx.grid(
            rx.box(
                rx.text(F.median, size="5", weight="bold", id="fig-umbrella-median"),
                rx.text(strings.FIG_MEDIAN, size="1", color_scheme="gray"),
            ),
            rx.box(
                rx.text(F.loss, size="5", weight="bold", id="fig-umbrella-loss"),
                rx.text(strings.FIG_LOSS, size="1", color_scheme="gray"),
            ),
            columns="2",
            gap="12px",
            margin_y="8px",
        ),
        rx.text(strings.FIG_WEEKS, size="2", weight="medium"),
        rx.vstack(rx.foreach(F.weeks, _bar), width="100%", spacing="1"),
        rx.text(strings.FIG_POINTS, size="2", weight="medium", margin_top="8px"),
        rx.vstack(rx.foreach(F.per_point, _bar), width="100%", spacing="1"),
    )
