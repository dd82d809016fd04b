"""The commitments desk (phone first) and the workbench card."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.ui.forms import field
from quanyi_app.core.ui.photos import photo_picker
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.events import routes, strings
from quanyi_app.events.state.commitments import CommitmentDeskState as S
from quanyi_app.events.state.commitments import EventsDeskFiguresState as G
from quanyi_app.events.state.commitments import EventsFiguresState as F


def _btn(label, class_name: str = "qy-btn", **props) -> rx.Component:
    return rx.button(label, size="3", class_name=class_name, **props)


def _thumbs(urls) -> rx.Component:
    return rx.box(
        rx.foreach(urls, lambda u: rx.image(src=u, alt=strings.STAFF_UPDATE_PHOTOS, loading="lazy")),
        class_name="qy-photo-grid",
    )


def _update(u) -> rx.Component:
    return rx.box(
        rx.text(u["kind_label"], " · ", u["at"], " ", u["note"], size="1", color_scheme="gray"),
        rx.text(u["body"], size="2", white_space="pre-wrap"),
        _thumbs(u["photos"]),
        padding_left="10px",
        border_left="2px solid var(--gray-5)",
    )


def _update_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            field(
                strings.STAFF_UPDATE_KIND,
                rx.el.select(
                    *[rx.el.option(label, value=kind) for kind, label in strings.UPDATE_KIND_LABELS.items()],
                    name="kind",
                    id="f-update-kind",
                    class_name="qy-select",
                ),
            ),
            field(
                strings.STAFF_UPDATE_BODY,
                rx.text_area(name="body", id="f-update-body", rows="4", width="100%", max_length=2000),
            ),
            photo_picker(S, "commitment_photos", strings.STAFF_UPDATE_PHOTOS),
            _btn(strings.STAFF_UPDATE_SEND, type="submit", width="100%", id="send-update"),
            width="100%",
        ),
        on_submit=S.post,
    )


def _row(r) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(r["what"], weight="bold", size="3"),
            rx.spacer(),
            rx.badge(r["status_label"], color_scheme=r["tone"], size="2"),
            align="start",
            width="100%",
        ),
        rx.text(r["meta"], size="2", color_scheme="gray"),
        rx.vstack(rx.foreach(r["updates"], _update), width="100%", spacing="2", margin_y="6px"),
        rx.cond(
            ~r["closed"].to(bool),
            rx.fragment(
                _btn(
                    strings.STAFF_UPDATE,
                    variant="soft",
                    on_click=S.edit(r["id"]),
                    aria_label=r["edit_label"],
                    aria_expanded=rx.cond(S.editing == r["id"], "true", "false"),
                    width="100%",
                ),
                rx.cond(S.editing == r["id"], _update_form()),
            ),
        ),
        width="100%",
        class_name=rx.cond(r["status"] == "overdue", "qy-commitment qy-case-row-overdue", "qy-commitment"),
        custom_attrs={"data-commitment": r["id"]},
    )


def _pending(p) -> rx.Component:
    return rx.card(
        rx.text(p["title"], weight="bold", size="2"),
        rx.text(p["at"], size="1", color_scheme="gray"),
        rx.text(p["body"], size="2", white_space="pre-wrap"),
        _thumbs(p["photos"]),
        rx.hstack(
            _btn(strings.STAFF_PUBLISH_UPDATE, on_click=S.publish(p["id"]), aria_label=p["publish_label"]),
            _btn(
                strings.STAFF_DECLINE_UPDATE,
                variant="soft",
                color_scheme="gray",
                on_click=S.decline(p["id"]),
                aria_label=p["decline_label"],
            ),
            wrap="wrap",
            margin_top="6px",
        ),
        width="100%",
    )


def desk() -> rx.Component:
    return layout(
        notice(S.error),
        notice(S.message, kind="ok"),
        rx.text(
            rx.cond(S.reviews, strings.STAFF_COMMITMENTS_INTRO, strings.STAFF_COMMITMENTS_OFFICE_INTRO),
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            S.reviews,
            rx.vstack(
                rx.heading(strings.STAFF_PENDING.format(n=S.pending.length()), as_="h2", size="4"),
                rx.cond(
                    S.pending.length() > 0,
                    rx.vstack(rx.foreach(S.pending, _pending), width="100%", spacing="2", id="pending-updates"),
                    rx.text(strings.STAFF_PENDING_NONE, size="2", color_scheme="gray"),
                ),
                width="100%",
            ),
        ),
        rx.el.label(
            rx.checkbox(checked=S.overdue_only, on_change=S.set_overdue_only, size="3"),
            rx.text(strings.STAFF_OVERDUE_ONLY, size="3"),
            class_name="qy-check-row",
        ),
        rx.cond(
            S.rows.length() > 0,
            rx.vstack(rx.foreach(S.rows, _row), width="100%", spacing="2", id="commitment-list"),
            rx.text(strings.STAFF_COMMITMENTS_NONE, size="2", color_scheme="gray"),
        ),
        rx.link(strings.BOARD_TITLE, href=routes.COMMITMENTS, is_external=True, class_name="qy-chip-link"),
        active=routes.STAFF_COMMITMENTS,
        title=strings.STAFF_COMMITMENTS_TITLE,
    )


def workbench_card() -> rx.Component:
    def stat(value, label, id_):
        return rx.box(rx.text(value, size="5", weight="bold", id=id_), rx.text(label, size="1", color_scheme="gray"))

    return rx.card(
        rx.link(rx.heading(strings.FIG_TITLE, as_="h2", size="4"), href=routes.STAFF_COMMITMENTS, underline="none"),
        rx.grid(
            stat(F.overdue, strings.FIG_OVERDUE, "fig-commitments-overdue"),
            stat(F.open, strings.FIG_OPEN, "fig-commitments-open"),
            stat(F.pending, strings.FIG_PENDING, "fig-commitments-pending"),
            columns="3",
            gap="12px",
            margin_y="8px",
        ),
        rx.text(F.next_line, size="2"),
        class_name=rx.cond(F.overdue != "0", "qy-card-alert", ""),
    )


def events_card() -> rx.Component:
    return rx.card(
        rx.link(rx.heading(strings.FIG_EVENTS_TITLE, as_="h2", size="4"), href=routes.STAFF_EVENTS, underline="none"),
        rx.vstack(rx.foreach(G.lines, lambda line: rx.text(line, size="2")), spacing="1", margin_y="8px"),
        rx.link(G.duty_line, href=routes.STAFF_DUTY, size="2"),
    )
