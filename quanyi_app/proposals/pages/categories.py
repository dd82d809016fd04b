"""Staff page: issue categories."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core.ui.forms import field
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.proposals import strings
from quanyi_app.proposals.state.categories import CategoriesState


def _row(c) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.el.label(strings.CATEGORY_RENAME, html_for="cat-" + c["id"], class_name="qy-hp"),
            rx.input(
                id="cat-" + c["id"],
                value=CategoriesState.names[c["id"]],
                size="3",
                flex="1",
                on_change=lambda v: CategoriesState.set_name(c["id"], v),
            ),
            rx.cond(~c["active"], rx.badge(strings.CATEGORY_RETIRED, color_scheme="gray")),
            width="100%",
            align="center",
        ),
        rx.flex(
            rx.button(
                strings.CATEGORY_RENAME,
                on_click=CategoriesState.rename(c["id"]),
                size="3",
                variant="soft",
                class_name="qy-btn",
                aria_label=strings.CATEGORY_RENAME + " " + c["name"],
            ),
            rx.button(
                strings.CATEGORY_UP,
                on_click=CategoriesState.move(c["id"], True),
                size="3",
                variant="soft",
                color_scheme="gray",
                class_name="qy-btn",
                aria_label=strings.CATEGORY_UP + " " + c["name"],
            ),
            rx.button(
                strings.CATEGORY_DOWN,
                on_click=CategoriesState.move(c["id"], False),
                size="3",
                variant="soft",
                color_scheme="gray",
                class_name="qy-btn",
                aria_label=strings.CATEGORY_DOWN + " " + c["name"],
            ),
            rx.cond(
                c["active"],
                rx.button(
                    strings.CATEGORY_RETIRE,
                    on_click=CategoriesState.set_active(c["id"], False),
                    size="3",
                    variant="soft",
                    color_scheme="gray",
                    class_name="qy-btn",
                    aria_label=strings.CATEGORY_RETIRE + " " + c["name"],
                ),
                rx.button(
                    strings.CATEGORY_ACTIVATE,
                    on_click=CategoriesState.set_active(c["id"], True),
                    size="3",
                    variant="soft",
                    color_scheme="green",
                    class_name="qy-btn",
                    aria_label=strings.CATEGORY_ACTIVATE + " " + c["name"],
                ),
            ),
            gap="8px",
            wrap="wrap",
            margin_top="8px",
        ),
    )


def categories_page() -> rx.Component:
    return layout(
        rx.text(strings.CATEGORIES_HINT, size="2", color_scheme="gray"),
        notice(CategoriesState.error),
        notice(CategoriesState.message, kind="ok"),
        rx.card(
            field(
                strings.CATEGORY_NEW,
                rx.input(value=CategoriesState.new_name, on_change=CategoriesState.set_new_name, size="3"),
            ),
            rx.button(
                strings.CATEGORY_ADD,
                on_click=CategoriesState.add,
                size="3",
                class_name="qy-btn",
                width="100%",
                margin_top="8px",
            ),
        ),
        rx.foreach(CategoriesState.rows, _row),
        active=core_routes.STAFF,
        title=strings.CATEGORIES_TITLE,
    )
