"""Lost and found, staff pages: the desk list, registering, one item, lost reports,
publications, pickup points."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core import strings as shared
from quanyi_app.core.ui.forms import disclosure, field, native_select
from quanyi_app.core.ui.photos import photo_picker
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.state.desk import (
    CAMPUS_CARD,
    PICKUP_CODE_FIELD,
    FoundDeskState,
    FoundRegisterState,
    FoundStaffItemState,
    LostDeskState,
    PickupAdminState,
    PublicationDeskState,
)

STATUS_CHOICES = list(strings.DESK_STATUS_FILTERS.items())
IDENTITY_CHOICES = list(strings.IDENTITY_METHODS.items())
OUTCOME_CHOICES = list(strings.DISPOSAL_OUTCOMES.items())


def _btn(label: str, **props) -> rx.Component:
    return rx.button(label, size="3", class_name="qy-btn", **props)


def desk_nav() -> rx.Component:
    links = [
        (routes.STAFF_FOUND, strings.DESK_ITEMS),
        (routes.STAFF_FOUND_NEW, strings.DESK_REGISTER),
        (routes.STAFF_LOST, strings.DESK_LOST),
        (routes.STAFF_FOUND_PUBS, strings.DESK_PUBS),
        (routes.STAFF_PICKUP, strings.DESK_POINTS),
    ]
    return rx.el.nav(
        *[rx.link(label, href=href, class_name="qy-chip-link") for href, label in links],
        aria_label=strings.DESK_NAV,
        class_name="qy-chip-row",
    )


def _row(r) -> rx.Component:
    return rx.link(
        rx.flex(
            rx.text(r["title"], weight="bold", size="3"),
            rx.cond(r["claims"] != "", rx.badge(strings.DESK_PENDING_CLAIMS, r["claims"], color_scheme="amber")),
            justify="between",
            gap="8px",
        ),
        rx.text(r["category"], " · ", r["at"], " · ", r["point"], size="2", color_scheme="gray"),
        rx.text(
            r["status"],
            " · ",
            strings.DESK_KEEP_UNTIL,
            r["due"],
            size="1",
            color=rx.cond(r["overdue"], "var(--red-11)", "var(--gray-11)"),
        ),
        href=r["href"],
        underline="none",
        class_name=rx.cond(r["overdue"], "qy-case-row qy-case-row-overdue", "qy-case-row"),
    )


def desk() -> rx.Component:
    s = FoundDeskState
    return layout(
        desk_nav(),
        notice(s.error),
        rx.card(
            rx.form(
                rx.box(
                    field(
                        strings.DESK_STATUS,
                        native_select(STATUS_CHOICES, s.status, lambda v: s.set_filter("status", v)),
                    ),
                    field(
                        strings.FOUND_FILTER_POINT,
                        native_select(
                            s.points, s.point, lambda v: s.set_filter("point", v), placeholder=strings.FOUND_ALL
                        ),
                    ),
                    field(
                        strings.FOUND_SEARCH_LABEL,
                        rx.input(value=s.q, size="3", type="search", on_change=lambda v: s.set_filter("q", v)),
                    ),
                    class_name="qy-filters",
                ),
                _btn(strings.FOUND_SEARCH_BUTTON, type="submit", width="100%", margin_top="8px"),
                on_submit=s.apply,
                reset_on_submit=False,
            ),
        ),
        rx.text(
            strings.FOUND_TOTAL_PREFIX, s.total, strings.FOUND_COUNT_UNIT, size="2", color_scheme="gray", role="status"
        ),
        rx.vstack(rx.foreach(s.rows, _row), spacing="2", width="100%"),
        rx.cond(s.rows.length() < s.total, _btn(strings.FOUND_MORE, on_click=s.more, variant="soft", width="100%")),
        active=core_routes.STAFF,
        title=strings.DESK_TITLE,
    )


def register() -> rx.Component:
    s = FoundRegisterState
    return layout(
        desk_nav(),
        rx.card(
            rx.form(
                rx.vstack(
                    field(
                        strings.FOUND_FILTER_CATEGORY,
                        native_select(
                            s.categories,
                            s.category,
                            lambda v: s.set_field("category", v),
                            placeholder=strings.FOUND_PICK_CATEGORY,
                            id="f-reg-category",
                        ),
                    ),
                    rx.cond(
                        s.category == CAMPUS_CARD,
                        field(
                            strings.CARD_NUMBER,
                            rx.input(
                                value=s.card_number,
                                size="3",
                                input_mode="numeric",
                                id="f-reg-card",
                                on_change=lambda v: s.set_field("card_number", v),
                            ),
                            hint=strings.REG_CARD_HINT,
                        ),
                    ),
                    field(
                        strings.REG_TITLE,
                        rx.input(
                            value=s.title, size="3", id="f-reg-title", on_change=lambda v: s.set_field("title", v)
                        ),
                        hint=strings.REG_TITLE_HINT,
                    ),
                    field(
                        strings.REG_DESCRIPTION,
                        rx.text_area(
                            value=s.description,
                            rows="3",
                            size="3",
                            width="100%",
                            id="f-reg-description",
                            on_change=lambda v: s.set_field("description", v),
                        ),
                        hint=strings.REG_DESCRIPTION_HINT,
                    ),
                    field(
                        strings.REG_PLACE,
                        rx.input(
                            value=s.place_found,
                            size="3",
                            id="f-reg-place",
                            on_change=lambda v: s.set_field("place_found", v),
                        ),
                    ),
                    field(
                        strings.REG_WHEN,
                        rx.input(
                            value=s.found_at,
                            size="3",
                            type="datetime-local",
                            id="f-reg-when",
                            on_change=lambda v: s.set_field("found_at", v),
                        ),
                    ),
                    field(
                        strings.REG_POINT,
                        native_select(
                            s.points,
                            s.point,
                            lambda v: s.set_field("point", v),
                            placeholder=strings.REG_POINT_PICK,
                            id="f-reg-point",
                        ),
                    ),
                    field(
                        strings.REG_HIDDEN,
                        rx.text_area(
                            value=s.hidden_details,
                            rows="3",
                            size="3",
                            width="100%",
                            id="f-reg-hidden",
                            on_change=lambda v: s.set_field("hidden_details", v),
                        ),
                        hint=strings.REG_HIDDEN_HINT,
                    ),
                    rx.cond(
                        s.private_photo_categories.contains(s.category),
                        rx.callout(
                            strings.REG_NO_PUBLIC_PHOTOS, icon="eye_off", size="1", color_scheme="amber", width="100%"
                        ),
                    ),
                    photo_picker(s, "found-photos"),
                    notice(s.error),
                    _btn(strings.REG_BUTTON, type="submit", width="100%", loading=s.busy),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.submit,
                reset_on_submit=False,
            ),
        ),
        active=core_routes.STAFF,
        title=strings.REG_TITLE_PAGE,
    )


def _claim(c) -> rx.Component:
    s = FoundStaffItemState
    return rx.card(
        rx.flex(
            rx.badge(c["status_label"], size="2"),
            rx.text(c["at"], size="1", color_scheme="gray"),
            justify="between",
            align="center",
        ),
        rx.text(c["description"], size="3", white_space="pre-wrap", margin_top="6px"),
        rx.text(strings.DESK_CLAIM_CONTACT, c["contact"], size="2", color_scheme="gray"),
        rx.cond(c["status"] == "approved", rx.text(strings.CLAIM_CODE_SENT, size="2", weight="bold")),
        rx.cond(c["reason"] != "", rx.text(strings.CLAIM_REASON, c["reason"], size="2")),
        rx.cond(
            (c["status"] == "pending") & (s.item["held"]),
            rx.flex(
                _btn(
                    strings.DESK_APPROVE,
                    on_click=s.approve(c["id"]),
                    color_scheme="green",
                    aria_label=c["approve_label"],
                ),
                _btn(
                    strings.DESK_REJECT,
                    on_click=s.reject(c["id"]),
                    variant="soft",
                    color_scheme="red",
                    aria_label=c["reject_label"],
                ),
                gap="8px",
                wrap="wrap",
                margin_top="8px",
            ),
        ),
        class_name="qy-claim",
    )


def staff_item() -> rx.Component:
    s = FoundStaffItemState
    return layout(
        desk_nav(),
        notice(s.error),
        notice(s.message, kind="ok"),
        rx.cond(
            s.found,
            rx.vstack(
                rx.card(
                    rx.heading(s.item["title"], as_="h1", size="6"),
                    rx.text(
                        s.item["category"],
                        " · ",
                        s.item["status_label"],
                        " · ",
                        strings.DESK_KEEP_UNTIL,
                        s.item["due"],
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.cond(
                        s.item["card"] != "", rx.text(strings.CARD_NUMBER, ":", s.item["card"], size="3", weight="bold")
                    ),
                    rx.text(strings.FOUND_FOUND_AT, s.item["place"], " · ", s.item["at"], size="3"),
                    rx.text(strings.FOUND_HELD_AT, s.item["point"], size="3"),
                    rx.cond(
                        s.item["description"] != "", rx.text(s.item["description"], size="3", white_space="pre-wrap")
                    ),
                    rx.callout(
                        rx.text(rx.text.strong(strings.REG_HIDDEN, ":"), s.item["hidden"], white_space="pre-wrap"),
                        icon="eye_off",
                        color_scheme="amber",
                        size="2",
                        margin_top="8px",
                        id="hidden-details",
                    ),
                    rx.cond(
                        s.item_photos.length() > 0,
                        rx.box(
                            rx.foreach(s.item_photos, lambda u: rx.image(src=u, alt=s.item["title"], loading="lazy")),
                            class_name="qy-photo-grid",
                            margin_top="8px",
                        ),
                    ),
                    rx.text(
                        strings.DESK_REGISTERED_BY,
                        s.item["registered_by"],
                        size="1",
                        color_scheme="gray",
                        margin_top="6px",
                    ),
                    rx.cond(
                        s.item["collected"] != "",
                        rx.text(s.item["collected"], size="2", weight="bold", id="handover-record"),
                    ),
                    rx.cond(s.item["disposed"] != "", rx.text(s.item["disposed"], size="2", weight="bold")),
                    rx.link(strings.DESK_PUBLIC_PAGE, href=s.item["public_href"], size="2", is_external=True),
                ),
                rx.heading(strings.DESK_CLAIMS, as_="h2", size="5"),
                rx.cond(
                    s.claims.length() > 0,
                    rx.vstack(rx.foreach(s.claims, _claim), spacing="2", width="100%"),
                    rx.text(strings.DESK_NO_CLAIMS, size="2", color_scheme="gray"),
                ),
                rx.cond(
                    s.item["held"],
                    rx.vstack(
                        rx.cond(
                            s.has_pending_claim,
                            field(
                                strings.DESK_REJECT_REASON,
                                rx.input(
                                    value=s.reject_reason,
                                    size="3",
                                    id="f-reject-reason",
                                    on_change=lambda v: s.set_field("reject_reason", v),
                                ),
                            ),
                        ),
                        rx.card(
                            rx.heading(strings.DESK_HANDOVER, as_="h2", size="4", margin_bottom="8px"),
                            rx.form(
                                rx.vstack(
                                    field(
                                        strings.DESK_PICKUP_CODE,
                                        rx.input(
                                            name="pickup_code",
                                            size="3",
                                            input_mode="numeric",
                                            auto_complete="off",
                                            max_length=8,
                                            id=PICKUP_CODE_FIELD,
                                        ),
                                        hint=strings.DESK_PICKUP_CODE_HINT,
                                    ),
                                    field(
                                        strings.DESK_COLLECTOR,
                                        rx.input(
                                            value=s.collector_name,
                                            size="3",
                                            id="f-collector",
                                            on_change=lambda v: s.set_field("collector_name", v),
                                        ),
                                    ),
                                    field(
                                        strings.DESK_IDENTITY,
                                        native_select(
                                            IDENTITY_CHOICES,
                                            s.identity_method,
                                            lambda v: s.set_field("identity_method", v),
                                            placeholder=strings.DESK_IDENTITY_PICK,
                                            id="f-identity",
                                        ),
                                    ),
                                    field(
                                        strings.DESK_IDENTITY_NOTE,
                                        rx.input(
                                            value=s.identity_note,
                                            size="3",
                                            on_change=lambda v: s.set_field("identity_note", v),
                                        ),
                                    ),
                                    rx.cond(
                                        s.claims.length() > 0,
                                        rx.el.label(
                                            rx.el.input(type="checkbox", name="walk_in", id="f-walk-in"),
                                            strings.DESK_WALK_IN,
                                            class_name="qy-check-row",
                                        ),
                                    ),
                                    _btn(strings.DESK_HANDOVER_BUTTON, type="submit", width="100%"),
                                    spacing="3",
                                    width="100%",
                                ),
                                on_submit=s.hand_over,
                                reset_on_submit=False,
                            ),
                        ),
                        disclosure(
                            strings.DESK_MOVE,
                            rx.form(
                                rx.vstack(
                                    field(
                                        strings.DESK_MOVE_TO,
                                        native_select(
                                            s.desk_points,
                                            s.move_to,
                                            lambda v: s.set_field("move_to", v),
                                            placeholder=strings.REG_POINT_PICK,
                                        ),
                                    ),
                                    field(
                                        strings.DESK_NOTE,
                                        rx.input(
                                            value=s.move_note, size="3", on_change=lambda v: s.set_field("move_note", v)
                                        ),
                                    ),
                                    _btn(strings.DESK_MOVE_BUTTON, type="submit", variant="soft", width="100%"),
                                    spacing="3",
                                    width="100%",
                                ),
                                on_submit=s.move,
                                reset_on_submit=False,
                            ),
                        ),
                        disclosure(
                            strings.DESK_DISPOSE,
                            rx.form(
                                rx.vstack(
                                    rx.text(strings.DESK_DISPOSE_HINT, size="2", color_scheme="gray"),
                                    field(
                                        strings.DESK_OUTCOME,
                                        native_select(
                                            OUTCOME_CHOICES,
                                            s.outcome,
                                            lambda v: s.set_field("outcome", v),
                                            placeholder=strings.DESK_OUTCOME_PICK,
                                        ),
                                    ),
                                    field(
                                        strings.DESK_NOTE,
                                        rx.input(
                                            value=s.outcome_note,
                                            size="3",
                                            on_change=lambda v: s.set_field("outcome_note", v),
                                        ),
                                    ),
                                    _btn(
                                        strings.DESK_DISPOSE_BUTTON,
                                        type="submit",
                                        variant="soft",
                                        color_scheme="red",
                                        width="100%",
                                    ),
                                    spacing="3",
                                    width="100%",
                                ),
                                on_submit=s.dispose,
                                reset_on_submit=False,
                            ),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
                rx.cond(
                    s.moves.length() > 0,
                    rx.box(
                        rx.heading(strings.DESK_MOVES, as_="h2", size="4"),
                        rx.el.ul(rx.foreach(s.moves, lambda m: rx.el.li(rx.text(m["at"], " ", m["text"], size="2")))),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
        ),
        active=core_routes.STAFF,
        title=strings.DESK_ITEM_TITLE,
    )


def lost_desk() -> rx.Component:
    s = LostDeskState

    def report(r) -> rx.Component:
        return rx.card(
            rx.text(r.category, " · ", r.at, " · ", r.contact, size="2", color_scheme="gray"),
            rx.text(r.description, size="3"),
            rx.cond(r.place != "", rx.text(strings.LOST_PLACE, ":", r.place, size="2")),
            rx.cond(
                r.suggestions.length() > 0,
                rx.box(
                    rx.text(strings.DESK_SUGGESTED, size="2", weight="bold", margin_top="6px"),
                    rx.foreach(
                        r.suggestions,
                        lambda m: rx.link(
                            m["title"],
                            " (",
                            m["score"],
                            ")",
                            href=m["href"],
                            class_name="qy-case-row",
                            underline="none",
                        ),
                    ),
                ),
                rx.text(strings.LOST_NO_MATCHES, size="1", color_scheme="gray"),
            ),
        )

    return layout(
        desk_nav(),
        notice(s.error),
        rx.cond(
            s.reports.length() > 0,
            rx.vstack(rx.foreach(s.reports, report), spacing="2", width="100%"),
            rx.text(strings.DESK_NO_LOST, size="2", color_scheme="gray"),
        ),
        active=core_routes.STAFF,
        title=strings.LOST_TITLE,
    )


def publications() -> rx.Component:
    s = PublicationDeskState
    return layout(
        desk_nav(),
        notice(s.error),
        notice(s.message, kind="ok"),
        rx.card(
            rx.heading(strings.PUB_NEW, as_="h2", size="4", margin_bottom="8px"),
            rx.form(
                rx.vstack(
                    field(
                        strings.PUB_START,
                        rx.input(value=s.start, type="date", size="3", on_change=lambda v: s.set_field("start", v)),
                    ),
                    field(
                        strings.PUB_END,
                        rx.input(value=s.end, type="date", size="3", on_change=lambda v: s.set_field("end", v)),
                    ),
                    _btn(strings.PUB_CREATE, type="submit", width="100%"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.create,
                reset_on_submit=False,
            ),
        ),
        rx.foreach(
            s.publications,
            lambda p: rx.card(
                rx.text(p["title"], weight="bold", size="4"),
                rx.text(p["period"], " · ", p["items"], strings.FOUND_COUNT_UNIT, size="2", color_scheme="gray"),
                rx.flex(
                    rx.link(strings.PUB_OPEN, href=p["href"], class_name="qy-chip-link"),
                    rx.link(strings.PUB_PDF, href=p["pdf"], is_external=True, class_name="qy-chip-link"),
                    rx.link(strings.PUB_PNG, href=p["png"], is_external=True, class_name="qy-chip-link"),
                    gap="8px",
                    wrap="wrap",
                    margin_top="6px",
                ),
            ),
        ),
        active=core_routes.STAFF,
        title=strings.DESK_PUBS,
    )


def pickup_points() -> rx.Component:
    s = PickupAdminState

    def point(p) -> rx.Component:
        return rx.card(
            rx.flex(
                rx.text(p.name, weight="bold", size="4"),
                rx.cond(~p.active, rx.badge(shared.QR_STATUS_RETIRED, color_scheme="gray")),
                justify="between",
            ),
            rx.text(p.place, " · ", p.hours, size="2", color_scheme="gray"),
            rx.text(strings.POINT_STAFF, size="2", weight="bold", margin_top="6px"),
            rx.flex(
                rx.foreach(
                    p.staff,
                    lambda u: rx.button(
                        u["name"],
                        " ×",
                        size="2",
                        variant="soft",
                        on_click=s.remove_staff(u["point"], u["id"]),
                        aria_label=strings.POINT_REMOVE_STAFF + " " + u["name"],
                    ),
                ),
                gap="6px",
                wrap="wrap",
            ),
            rx.flex(
                rx.el.select(
                    rx.el.option(strings.POINT_PICK_STAFF, value=""),
                    rx.foreach(s.staff, lambda u: rx.el.option(u["name"], value=u["id"])),
                    on_change=lambda v: s.pick_user(p.id, v),
                    class_name="qy-select",
                    aria_label=strings.POINT_PICK_STAFF + " " + p.name,
                ),
                _btn(
                    strings.POINT_ADD_STAFF,
                    on_click=s.add_staff(p.id),
                    variant="soft",
                    aria_label=strings.POINT_ADD_STAFF + " " + p.name,
                ),
                gap="8px",
                margin_top="6px",
                align="center",
            ),
            rx.flex(
                _btn(
                    strings.POINT_EDIT,
                    on_click=s.edit(p.id),
                    variant="ghost",
                    aria_label=strings.POINT_EDIT + " " + p.name,
                ),
                rx.cond(
                    p.active,
                    _btn(
                        shared.QR_RETIRE,
                        on_click=s.set_active(p.id, False),
                        variant="ghost",
                        color_scheme="gray",
                        aria_label=shared.QR_RETIRE + " " + p.name,
                    ),
                    _btn(
                        shared.QR_ACTIVATE,
                        on_click=s.set_active(p.id, True),
                        variant="ghost",
                        color_scheme="green",
                        aria_label=shared.QR_ACTIVATE + " " + p.name,
                    ),
                ),
                gap="8px",
                margin_top="6px",
            ),
        )

    return layout(
        desk_nav(),
        notice(s.error),
        notice(s.message, kind="ok"),
        rx.card(
            rx.heading(
                rx.cond(s.edit_id != "", strings.POINT_EDIT, strings.POINT_NEW), as_="h2", size="4", margin_bottom="8px"
            ),
            rx.form(
                rx.vstack(
                    field(
                        strings.POINT_NAME, rx.input(value=s.name, size="3", on_change=lambda v: s.set_field("name", v))
                    ),
                    field(
                        strings.POINT_PLACE,
                        rx.input(value=s.place, size="3", on_change=lambda v: s.set_field("place", v)),
                    ),
                    field(
                        strings.POINT_HOURS,
                        rx.input(value=s.hours, size="3", on_change=lambda v: s.set_field("hours", v)),
                    ),
                    field(
                        strings.POINT_CONTACT,
                        rx.input(value=s.contact, size="3", on_change=lambda v: s.set_field("contact", v)),
                    ),
                    rx.flex(
                        _btn(strings.POINT_SAVE, type="submit"),
                        rx.cond(
                            s.edit_id != "",
                            _btn(strings.POINT_CANCEL, on_click=s.new_point, variant="soft", type="button"),
                        ),
                        gap="8px",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.save,
                reset_on_submit=False,
            ),
        ),
        rx.foreach(s.points, point),
        rx.card(
            rx.heading(strings.RETENTION_TITLE, as_="h2", size="4", margin_bottom="8px"),
            rx.foreach(
                s.categories,
                lambda c: rx.flex(
                    rx.text(c["name"], size="3", min_width="5em"),
                    rx.input(
                        value=s.retention[c["id"]],
                        type="number",
                        size="3",
                        width="6em",
                        input_mode="numeric",
                        on_change=lambda v: s.set_retention(c["id"], v),
                        aria_label=strings.RETENTION_DAYS + " " + c["name"],
                    ),
                    rx.text(strings.RETENTION_DAYS, size="2"),
                    _btn(
                        strings.POINT_SAVE,
                        on_click=s.save_retention(c["id"]),
                        variant="soft",
                        aria_label=strings.POINT_SAVE + " " + c["name"],
                    ),
                    gap="8px",
                    align="center",
                    margin_bottom="6px",
                    wrap="wrap",
                ),
            ),
        ),
        active=core_routes.STAFF,
        title=strings.DESK_POINTS,
    )
