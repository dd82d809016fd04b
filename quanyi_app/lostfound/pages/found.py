"""Lost and found, public pages: /found, an item, a claim's status, campus cards, lost reports,
a publication."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import strings as shared
from quanyi_app.core.ui.forms import draft_input, draft_textarea, field, honeypot, native_select, slow_notice
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.state.found import (
    LOST_DRAFT,
    PICKUP_CODE_ID,
    CardLookupState,
    ClaimStatusState,
    LostReportState,
    PublicationState,
)


def item_card(c) -> rx.Component:
    """One found item as a tappable card: thumbnail (lazy) or the category's initial."""
    return rx.link(
        rx.cond(
            c["thumb"] != "",
            rx.image(
                src=c["thumb"],
                alt=c["title"],
                loading="lazy",
                decoding="async",
                width="72",
                height="72",
                class_name="qy-found-thumb",
            ),
            rx.box(
                rx.text(c["category"], size="2", weight="bold"),
                class_name="qy-found-thumb qy-found-thumb-empty",
                aria_hidden="true",
            ),
        ),
        rx.box(
            rx.text(c["title"], rx.cond(c["masked"] != "", " " + c["masked"], ""), weight="bold", size="3", as_="div"),
            rx.text(c["category"], " · ", c["at"], size="1", color_scheme="gray", as_="div"),
            rx.text(strings.FOUND_FOUND_AT, c["place"], size="2", as_="div"),
            rx.text(strings.FOUND_HELD_AT, c["point"], size="2", color_scheme="gray", as_="div"),
            class_name="qy-found-text",
        ),
        href=c["href"],
        reload_document=True,  # an item's page is a plain page (lostfound/web.py)
        class_name="qy-found-card",
        underline="none",
    )


# ---- forms and panels -------------------------------------------------------------------------


def _contact_fields(id_prefix: str) -> rx.Component:
    """Name, phone, e-mail: typed once, remembered on the phone for the next form."""
    return rx.fragment(
        field(strings.CLAIM_NAME, draft_input("contact_name", max_length=32, auto_complete="name")),
        field(
            shared.SUBMIT_CONTACT_PHONE,
            draft_input(
                "contact_phone",
                id=f"{id_prefix}-phone",
                max_length=20,
                type="tel",
                input_mode="numeric",
                auto_complete="tel",
                keep="phone",
            ),
        ),
        field(
            shared.SUBMIT_CONTACT_EMAIL,
            draft_input(
                "contact_email",
                id=f"{id_prefix}-email",
                max_length=254,
                type="email",
                auto_complete="email",
                keep="email",
            ),
        ),
    )


def _point_card(name, place, hours, contact="") -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("map_pin", aria_hidden="true")),
        rx.box(
            rx.text(rx.text.strong(strings.FOUND_COLLECT_AT), name, as_="div"),
            rx.text(place, as_="div"),
            rx.text(strings.FOUND_HOURS, hours, as_="div"),
            rx.cond(contact != "", rx.text(strings.FOUND_CONTACT, contact, as_="div")),
        ),
        color_scheme="teal",
        size="2",
        width="100%",
    )


def claim_status() -> rx.Component:
    s = ClaimStatusState
    return layout(
        notice(s.error),
        rx.cond(
            s.error == "",
            rx.vstack(
                rx.card(
                    rx.text(strings.CLAIM_FOR, size="2", color_scheme="gray"),
                    rx.link(s.claim["title"], href=s.claim["item_href"], reload_document=True, size="5", weight="bold"),
                    rx.text(strings.CLAIM_SUBMITTED_AT, s.claim["at"], size="1", color_scheme="gray"),
                    rx.heading(s.claim["status_label"], as_="h2", size="5", margin_top="8px", id="claim-status"),
                    rx.cond(s.claim["status"] == "pending", rx.text(strings.CLAIM_PENDING_HELP, size="2")),
                    rx.cond(s.claim["reason"] != "", rx.text(strings.CLAIM_REASON, s.claim["reason"], size="2")),
                    rx.cond(
                        s.claim["status"] == "approved",
                        rx.box(
                            rx.text(strings.CLAIM_PICKUP_CODE, size="2"),
                            rx.text(
                                strings.CLAIM_CODE_LOADING, class_name="qy-code", id=PICKUP_CODE_ID, aria_live="polite"
                            ),
                            rx.text(strings.CLAIM_BRING_ID, size="2", color_scheme="gray"),
                            margin_top="8px",
                        ),
                    ),
                    width="100%",
                ),
                _point_card(s.claim["point"], s.claim["place"], s.claim["hours"]),
                rx.text(strings.CLAIM_KEEP_LINK, size="1", color_scheme="gray"),
                spacing="3",
                width="100%",
            ),
        ),
        active=routes.FOUND,
        title=strings.CLAIM_STATUS_TITLE,
    )


# ---- campus cards ---------------------------------------------------------------------------------


def card_lookup() -> rx.Component:
    s = CardLookupState
    return layout(
        rx.text(strings.CARD_LEAD, size="2", color_scheme="gray"),
        rx.card(
            rx.form(
                rx.vstack(
                    field(
                        strings.CARD_NUMBER,
                        draft_input("number", id="f-card", max_length=32, input_mode="numeric", auto_complete="off"),
                    ),
                    rx.button(strings.CARD_BUTTON, type="submit", size="3", width="100%", class_name="qy-btn"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.lookup,
                reset_on_submit=False,
            ),
        ),
        notice(s.error),
        rx.cond(
            s.result["masked"],
            rx.cond(
                s.result["found"],
                rx.vstack(
                    rx.callout.root(
                        rx.callout.icon(rx.icon("circle_check", aria_hidden="true")),
                        rx.callout.text(strings.CARD_FOUND, rx.text.strong(s.result["masked"])),
                        color_scheme="green",
                        width="100%",
                        role="status",
                        id="card-result",
                    ),
                    _point_card(s.result["point"], s.result["place"], s.result["hours"]),
                    rx.link(strings.CARD_GO_CLAIM, href=s.result["href"], reload_document=True, size="3"),
                    width="100%",
                ),
                rx.callout(
                    strings.CARD_NOT_FOUND,
                    icon="info",
                    color_scheme="gray",
                    width="100%",
                    role="status",
                    id="card-result",
                ),
            ),
        ),
        active=routes.FOUND,
        title=strings.CARD_TITLE,
    )


# ---- lost reports ---------------------------------------------------------------------------------


def lost_form() -> rx.Component:
    s = LostReportState
    return layout(
        rx.text(strings.LOST_LEAD, size="2", color_scheme="gray"),
        rx.card(
            rx.form(
                rx.vstack(
                    field(
                        strings.FOUND_FILTER_CATEGORY,
                        native_select(
                            s.categories,
                            s.category,
                            s.set_category,
                            placeholder=strings.FOUND_PICK_CATEGORY,
                            id="f-lost-category",
                        ),
                    ),
                    field(
                        strings.LOST_DESCRIBE,
                        draft_textarea("description", id="f-lost-description", max_length=600),
                        hint=strings.LOST_DESCRIBE_HINT,
                    ),
                    field(strings.LOST_PLACE, draft_input("place", id="f-lost-place", max_length=100)),
                    field(
                        strings.LOST_WHEN,
                        rx.input(
                            name="lost_at",
                            default_value=s.lost_at,
                            size="3",
                            type="datetime-local",
                            id="f-lost-when",
                            custom_attrs={"data-no-draft": ""},
                        ),
                    ),
                    _contact_fields("f-lost"),
                    honeypot(),
                    rx.text(strings.LOST_PRIVACY, size="1", color_scheme="gray"),
                    notice(s.error),
                    slow_notice(),
                    rx.button(
                        strings.LOST_BUTTON, type="submit", size="3", width="100%", loading=s.busy, class_name="qy-btn"
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.submit,
                reset_on_submit=False,
                custom_attrs={"data-draft": LOST_DRAFT},
            ),
        ),
        rx.cond(
            s.my_reports.length() > 0,
            rx.card(
                rx.heading(strings.LOST_MINE, as_="h2", size="4", margin_bottom="8px"),
                rx.foreach(
                    s.my_reports,
                    lambda r: rx.link(
                        rx.text(r["title"], size="2", trim="end"),
                        rx.text(r["status"], size="1", color_scheme="gray"),
                        href=r["href"],
                        class_name="qy-case-row",
                        underline="none",
                    ),
                ),
            ),
        ),
        active=routes.FOUND,
        title=strings.LOST_TITLE,
    )


def lost_report() -> rx.Component:
    s = LostReportState
    return layout(
        notice(s.error),
        rx.cond(
            s.error == "",
            rx.vstack(
                rx.card(
                    rx.text(
                        s.report["category"],
                        " · ",
                        strings.LOST_WHEN,
                        " ",
                        s.report["at"],
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.text(s.report["description"], size="3", white_space="pre-wrap"),
                    rx.cond(s.report["place"] != "", rx.text(strings.LOST_PLACE, ":", s.report["place"], size="2")),
                    rx.cond(
                        s.report["open"],
                        rx.text(strings.LOST_OPEN_HELP, size="2", color_scheme="gray", margin_top="6px"),
                        rx.badge(strings.LOST_CLOSED_BADGE, color_scheme="gray", size="2", margin_top="6px"),
                    ),
                    width="100%",
                ),
                rx.heading(strings.LOST_MATCHES, as_="h2", size="5"),
                rx.cond(
                    s.matches.length() > 0,
                    rx.box(rx.foreach(s.matches, item_card), class_name="qy-found-list", id="lost-matches"),
                    rx.text(strings.LOST_NO_MATCHES, size="2", color_scheme="gray"),
                ),
                rx.cond(
                    s.report["open"],
                    rx.button(
                        strings.LOST_CLOSE,
                        on_click=s.close_report,
                        size="3",
                        variant="soft",
                        color_scheme="gray",
                        class_name="qy-btn",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
        ),
        active=routes.FOUND,
        title=strings.LOST_REPORT_TITLE,
    )


def publication() -> rx.Component:
    """A numbered list as a page (print it, or share the image)."""
    s = PublicationState
    return layout(
        notice(s.error),
        rx.cond(
            s.error == "",
            rx.vstack(
                rx.heading(s.title, as_="h1", size="7"),
                rx.text(s.period, size="2", color_scheme="gray"),
                rx.flex(
                    rx.link(
                        rx.button(
                            rx.icon("printer", aria_hidden="true"), strings.PUB_PDF, size="3", class_name="qy-btn"
                        ),
                        href=s.pdf,
                        is_external=True,
                    ),
                    rx.link(
                        rx.button(
                            rx.icon("image", aria_hidden="true"),
                            strings.PUB_PNG,
                            size="3",
                            variant="soft",
                            class_name="qy-btn",
                        ),
                        href=s.png,
                        is_external=True,
                    ),
                    gap="8px",
                    wrap="wrap",
                    class_name="qy-no-print",
                ),
                rx.box(rx.foreach(s.rows, item_card), class_name="qy-found-list"),
                spacing="3",
                width="100%",
            ),
        ),
        active=routes.FOUND,
    )
