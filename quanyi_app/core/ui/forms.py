"""Form pieces: labelled fields and native selects (best on phones, simplest to read aloud)."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import strings
from quanyi_app.core.accounts.session import HONEYPOT_FIELD


def field(label: str, control: rx.Component, hint: str | rx.Var = "") -> rx.Component:
    """A label wrapping its control, so the control's accessible name is the label."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        control,
        rx.text(hint, size="1", color_scheme="gray") if isinstance(hint, rx.Var) or hint else rx.fragment(),
        class_name="qy-field",
        display="flex",
        flex_direction="column",
        gap="6px",
        width="100%",
    )


# ---- typed fields kept on the phone (assets/draft.js) -----------------------------------------
# Uncontrolled: what is typed stays in the page and in localStorage, and reaches the server once,
# with the submitted form (the form carries data-draft="<key>"). No event per keystroke.


def draft_input(name: str, *, max_length: int, keep: str = "", id: str = "", **props) -> rx.Component:
    """A text input read on submit. ``keep``: remembered across forms (a phone, an e-mail)."""
    attrs = {"data-keep": keep} if keep else {}
    return rx.input(
        name=name, id=id or None, max_length=max_length, size="3", custom_attrs=attrs, width="100%", **props
    )


def draft_textarea(name: str, *, max_length: int, id: str = "", rows: str = "4") -> rx.Component:
    return rx.text_area(
        name=name, id=id or None, max_length=max_length, rows=rows, size="3", class_name="qy-textarea", width="100%"
    )


def char_counter(field_id: str, max_length: int) -> rx.Component:
    """The typed length of ``field_id``, kept live in the browser."""
    return rx.text(
        size="1",
        color_scheme="gray",
        align="right",
        width="100%",
        class_name="qy-count",
        custom_attrs={"data-count-for": field_id, "data-count": f"0 / {max_length}"},
        aria_live="polite",
    )


def slow_notice() -> rx.Component:
    """Shown only while the sent form waits unusually long for the server (assets/draft.js)."""
    return rx.box(
        rx.callout(strings.SLOW_SERVER, icon="hourglass", color_scheme="amber", size="1", role="status"),
        class_name="qy-slow",
        width="100%",
    )


def submit_key_input() -> rx.Component:
    """The form's idempotency key: kept on the phone until the send succeeds."""
    return rx.el.input(type="hidden", name="submit_key", custom_attrs={"data-submit-key": ""})


def native_select(options, value, on_change, *, placeholder: str = "", name: str = "", id: str = "") -> rx.Component:
    """``options``: a list var of {id, name} dicts, or a Python list of (value, label)."""
    if isinstance(options, rx.Var):
        items = rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"]))
    else:
        items = rx.fragment(*[rx.el.option(label, value=val) for val, label in options])
    return rx.el.select(
        rx.el.option(placeholder, value="") if placeholder else rx.fragment(),
        items,
        value=value,
        on_change=on_change,
        name=name or None,
        id=id or None,
        class_name="qy-select",
    )


def honeypot() -> rx.Component:
    """A field people never see or reach; bots fill it in (read with ``honeypot_value``)."""
    return rx.el.label(
        strings.SUBMIT_HONEYPOT,
        rx.el.input(name=HONEYPOT_FIELD, tab_index=-1, auto_complete="off"),
        class_name="qy-hp",
        aria_hidden="true",
    )


def post_form(*children, action: str, method: str = "post", fresh_session: bool = False, **props) -> rx.Component:
    """A plain HTML form the browser itself sends to ``action`` (a full page load, scripts or not).

    ``rx.el.form`` always adds a submit handler that prevents the browser's own submission; this
    drops it, so the server's answer (a redirect with ``Set-Cookie``) reaches the browser directly.
    ``fresh_session`` (logging in or out): the tab starts a new app session on the next page
    (assets/draft.js drops its token), so nothing of the previous person's page state is shown.
    """
    if fresh_session:
        props["custom_attrs"] = {**props.get("custom_attrs", {}), "data-fresh-session": ""}
    form = rx.el.form(*children, action=action, method=method, **props)
    form.event_triggers.pop("on_submit", None)
    return form


def disclosure(summary, *children, **props) -> rx.Component:
    """A <details> whose summary looks like a button (framed, with a chevron; quanyi.css .qy-summary)."""
    return rx.el.details(rx.el.summary(summary, class_name="qy-summary"), *children, **props)
