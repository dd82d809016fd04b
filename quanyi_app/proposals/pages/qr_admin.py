"""Staff page: QR points and printing."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core import strings as shared
from quanyi_app.core.ui.forms import field, native_select
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.state.qr_admin import QrAdminState

KIND_OPTIONS = list(strings.QR_KIND_LABELS.items())


def _sheet_url(*, labels: bool) -> rx.Var:
    """The print sheet's link for the building picked (all buildings when none)."""
    b = QrAdminState.print_building
    return rx.cond(b != "", routes.qr_sheet_url(building=f"{b}", labels=labels), routes.qr_sheet_url(labels=labels))


def _point(p) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.image(src=p["png"], alt=p["label"], width="72px", height="72px", loading="lazy"),
            rx.vstack(
                rx.text(p["label"], weight="bold", size="3"),
                rx.text(p["building"], " · ", p["kind"], size="2", color_scheme="gray"),
                rx.text(p["url"], size="1", color_scheme="gray", word_break="break-all"),
                rx.hstack(
                    rx.badge(p["scans"], size="1"),
                    rx.cond(~p["active"], rx.badge(shared.QR_STATUS_RETIRED, color_scheme="gray", size="1")),
                ),
                spacing="1",
            ),
            align="start",
            width="100%",
        ),
        rx.flex(
            rx.button(
                strings.QR_ROTATE,
                on_click=QrAdminState.rotate(p["id"]),
                size="3",
                variant="soft",
                class_name="qy-btn",
                aria_label=strings.QR_ROTATE + " " + p["label"],
            ),
            rx.cond(
                p["active"],
                rx.button(
                    shared.QR_RETIRE,
                    on_click=QrAdminState.set_active(p["id"], False),
                    size="3",
                    variant="soft",
                    color_scheme="gray",
                    class_name="qy-btn",
                    aria_label=shared.QR_RETIRE + " " + p["label"],
                ),
                rx.button(
                    shared.QR_ACTIVATE,
                    on_click=QrAdminState.set_active(p["id"], True),
                    size="3",
                    variant="soft",
                    color_scheme="green",
                    class_name="qy-btn",
                    aria_label=shared.QR_ACTIVATE + " " + p["label"],
                ),
            ),
            rx.link(
                rx.button(strings.QR_PNG, size="3", variant="ghost", class_name="qy-btn"),
                href=p["png"],
                is_external=True,
            ),
            gap="8px",
            wrap="wrap",
            margin_top="8px",
        ),
    )


def qr_page() -> rx.Component:
    return layout(
        notice(QrAdminState.error),
        notice(QrAdminState.message, kind="ok"),
        rx.card(
            rx.heading(strings.QR_PRINT, as_="h2", size="4", margin_bottom="8px"),
            field(
                strings.QR_PRINT_SCOPE,
                native_select(
                    QrAdminState.buildings,
                    QrAdminState.print_building,
                    lambda v: QrAdminState.set_field("print_building", v),
                    placeholder=strings.QR_PRINT_ALL,
                ),
            ),
            rx.flex(
                rx.link(
                    rx.button(
                        rx.icon("printer", aria_hidden="true"), strings.QR_PRINT_INSERTS, size="3", class_name="qy-btn"
                    ),
                    href=_sheet_url(labels=False),
                    is_external=True,
                ),
                rx.link(
                    rx.button(strings.QR_PRINT_LABELS, size="3", variant="soft", class_name="qy-btn"),
                    href=_sheet_url(labels=True),
                    is_external=True,
                ),
                gap="8px",
                wrap="wrap",
                margin_top="8px",
            ),
        ),
        rx.card(
            rx.heading(strings.QR_CREATE, as_="h2", size="4", margin_bottom="8px"),
            rx.vstack(
                field(
                    strings.SUBMIT_BUILDING,
                    native_select(
                        QrAdminState.buildings,
                        QrAdminState.new_building,
                        lambda v: QrAdminState.set_field("new_building", v),
                        placeholder="—",
                    ),
                ),
                field(
                    strings.QR_LABEL,
                    rx.input(
                        value=QrAdminState.new_label,
                        size="3",
                        on_change=lambda v: QrAdminState.set_field("new_label", v),
                    ),
                ),
                field(
                    strings.QR_KIND,
                    native_select(KIND_OPTIONS, QrAdminState.new_kind, lambda v: QrAdminState.set_field("new_kind", v)),
                ),
                rx.button(
                    strings.QR_CREATE_BUTTON, on_click=QrAdminState.create, size="3", class_name="qy-btn", width="100%"
                ),
                spacing="3",
            ),
        ),
        rx.foreach(QrAdminState.points, _point),
        active=core_routes.STAFF,
        title=strings.QR_TITLE,
    )
