"""The app's own case form /proposals, with 我的提交 and the tracking-code lookup (the scan
landing /s/<code> and the tracking page /t/<code> are plain pages: proposals/web.py)."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import strings as shared
from quanyi_app.core.ui.forms import (
    char_counter,
    draft_input,
    draft_textarea,
    field,
    honeypot,
    native_select,
    post_form,
    slow_notice,
    submit_key_input,
)
from quanyi_app.core.ui.photos import photo_picker
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.state.submit import DESCRIPTION_MAX, DRAFT_KEY, SubmitState

UPLOAD_ID = "case_photos"


def _done_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("circle_check", color="var(--green-9)", aria_hidden="true"),
                rx.heading(strings.SUBMIT_DONE_TITLE, as_="h2", size="5"),
                align="center",
            ),
            rx.text(strings.SUBMIT_DONE_BODY, size="2"),
            rx.text(strings.SUBMIT_DONE_CODE, size="2", color_scheme="gray"),
            rx.text(SubmitState.done_code, class_name="qy-code", id="tracking-code"),
            rx.text(SubmitState.done_url, size="2", color_scheme="gray", word_break="break-all", id="tracking-url"),
            rx.button(
                rx.icon("copy", aria_hidden="true"),
                strings.SUBMIT_DONE_COPY,
                size="3",
                variant="soft",
                color_scheme="gray",
                class_name="qy-btn",
                width="100%",
                type="button",
                on_click=[rx.set_clipboard(SubmitState.done_url), rx.toast.success(strings.SUBMIT_DONE_COPIED)],
            ),
            rx.link(
                rx.button(strings.SUBMIT_DONE_OPEN, size="3", class_name="qy-btn", width="100%"),
                href=SubmitState.done_link,
                reload_document=True,  # a plain page (proposals/web.py)
                width="100%",
            ),
            rx.button(
                strings.SUBMIT_DONE_AGAIN,
                size="3",
                variant="soft",
                color_scheme="gray",
                class_name="qy-btn",
                width="100%",
                on_click=SubmitState.new_submission,
            ),
            spacing="3",
        ),
        role="status",
    )


def _contact_fields() -> rx.Component:
    return rx.vstack(
        field(strings.SUBMIT_CONTACT_NAME, draft_input("contact_name", max_length=32, auto_complete="name")),
        field(
            shared.SUBMIT_CONTACT_PHONE,
            draft_input(
                "contact_phone", max_length=20, type="tel", input_mode="numeric", auto_complete="tel", keep="phone"
            ),
        ),
        field(
            shared.SUBMIT_CONTACT_EMAIL,
            draft_input("contact_email", max_length=254, type="email", auto_complete="email", keep="email"),
        ),
        field(strings.SUBMIT_CONTACT_STUDENT_NO, draft_input("contact_student_no", max_length=20)),
        width="100%",
        spacing="3",
    )


def submission_form() -> rx.Component:
    return rx.cond(
        SubmitState.done_code != "",
        _done_card(),
        rx.card(
            rx.form(
                rx.vstack(
                    field(
                        strings.SUBMIT_BUILDING,
                        native_select(
                            SubmitState.buildings,
                            SubmitState.building_id,
                            SubmitState.set_building,
                            placeholder=strings.SUBMIT_BUILDING_PICK,
                            id="f-building",
                        ),
                    ),
                    field(
                        strings.SUBMIT_CATEGORY,
                        native_select(
                            SubmitState.categories,
                            SubmitState.category_id,
                            SubmitState.set_category,
                            placeholder=strings.SUBMIT_CATEGORY_PICK,
                            id="f-category",
                        ),
                    ),
                    field(
                        strings.SUBMIT_DESCRIPTION,
                        draft_textarea("description", id="f-description", max_length=DESCRIPTION_MAX, rows="6"),
                        hint=strings.SUBMIT_DESCRIPTION_HINT,
                    ),
                    char_counter("f-description", DESCRIPTION_MAX),
                    photo_picker(SubmitState, UPLOAD_ID),
                    field(
                        strings.SUBMIT_COLLEGE,
                        native_select(
                            SubmitState.colleges,
                            SubmitState.college_id,
                            SubmitState.set_college,
                            placeholder=strings.SUBMIT_COLLEGE_PICK,
                            id="f-college",
                        ),
                    ),
                    rx.el.label(
                        rx.checkbox(
                            checked=SubmitState.named,
                            on_change=SubmitState.set_named,
                            size="3",
                            aria_label=strings.SUBMIT_NAMED,
                        ),
                        rx.text(strings.SUBMIT_NAMED, size="2"),
                        display="flex",
                        gap="10px",
                        align_items="center",
                        min_height="44px",
                    ),
                    rx.cond(SubmitState.named, _contact_fields()),
                    submit_key_input(),
                    honeypot(),
                    rx.text(strings.SUBMIT_PRIVACY, size="1", color_scheme="gray"),
                    notice(SubmitState.error),
                    slow_notice(),
                    rx.button(
                        rx.cond(SubmitState.busy, strings.SUBMIT_BUSY, strings.SUBMIT_BUTTON),
                        type="submit",
                        size="3",
                        width="100%",
                        loading=SubmitState.busy,
                        class_name="qy-btn",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=SubmitState.submit,
                reset_on_submit=False,
                custom_attrs={"data-draft": DRAFT_KEY},
            ),
            width="100%",
        ),
    )


def my_cases() -> rx.Component:
    return rx.card(
        rx.heading(strings.MY_CASES_TITLE, as_="h2", size="4", margin_bottom="8px"),
        rx.cond(
            SubmitState.my_cases.length() > 0,
            rx.vstack(
                rx.foreach(
                    SubmitState.my_cases,
                    lambda c: rx.link(
                        rx.text(c["title"], size="2", trim="end"),
                        rx.text(c["at"], " · ", c["status"], " · ", c["code"], size="1", color_scheme="gray"),
                        href=routes.track_url(c["code"]),
                        reload_document=True,  # a plain page, not a route of the app
                        class_name="qy-case-row",
                        underline="none",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            rx.text(strings.MY_CASES_EMPTY, size="2", color_scheme="gray"),
        ),
    )


def lookup_card() -> rx.Component:
    """A plain GET form to /t (proposals/web.py): the tracking page is a plain page."""
    return rx.card(
        rx.heading(strings.LOOKUP_TITLE, as_="h2", size="4", margin_bottom="8px"),
        post_form(
            rx.hstack(
                rx.el.label(strings.LOOKUP_LABEL, html_for="lookup-code", class_name="qy-hp"),
                rx.input(
                    name="code",
                    id="lookup-code",
                    max_length=32,
                    size="3",
                    placeholder=strings.LOOKUP_LABEL,
                    auto_capitalize="none",
                    flex="1",
                ),
                rx.button(strings.LOOKUP_BUTTON, type="submit", size="3", class_name="qy-btn"),
                width="100%",
            ),
            action=routes.TRACK,
            method="get",
        ),
    )


def proposals_page() -> rx.Component:
    return layout(submission_form(), my_cases(), lookup_card(), active=routes.PROPOSALS, title=strings.SUBMIT_TITLE)
