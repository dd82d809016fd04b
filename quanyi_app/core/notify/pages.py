"""The notifications card on the workbench, shown when something waits for a retry or failed."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import strings
from quanyi_app.core.notify.state import OutboxState
from quanyi_app.core.ui.shell import notice


def outbox_card() -> rx.Component:
    return rx.cond(
        (OutboxState.failed > 0) | (OutboxState.retrying > 0) | OutboxState.no_smtp,
        rx.card(
            rx.heading(strings.OUTBOX_TITLE, as_="h2", size="4", margin_bottom="6px"),
            rx.text(OutboxState.summary, size="2", id="outbox-summary"),
            rx.cond(OutboxState.no_smtp, rx.text(strings.OUTBOX_NO_SMTP, size="2", color_scheme="gray")),
            rx.el.ul(
                rx.foreach(OutboxState.failures, lambda line: rx.el.li(rx.text(line, size="1"))),
                padding_left="1.2em",
            ),
            rx.cond(
                OutboxState.failed > 0,
                rx.button(
                    rx.icon("send", aria_hidden="true"),
                    strings.OUTBOX_RETRY,
                    size="3",
                    variant="soft",
                    class_name="qy-btn",
                    on_click=OutboxState.retry,
                ),
            ),
            notice(OutboxState.outbox_message, kind="ok"),
            notice(OutboxState.error),
            width="100%",
        ),
    )
