"""Staff pages: inbox, case detail with actions, proposals."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core.ui.forms import disclosure, field, native_select
from quanyi_app.core.ui.photos import photo_picker
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.state.book_entry import BookEntryState
from quanyi_app.proposals.state.casework import CaseState, InboxState, ProposalState


def _btn(label: str, on_click, *, variant: str = "solid", color: str = "red") -> rx.Component:
    return rx.button(
        label, on_click=on_click, size="3", variant=variant, color_scheme=color, class_name="qy-btn", type="button"
    )


def _resolve_with_confirmation(status) -> rx.Component:
    """提案已解决 closes the proposal for every student in it: ask first, and say so plainly when no
    office reply has been recorded yet (it used to be one tap away right after forwarding)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                strings.PROPOSAL_RESOLVE,
                size="3",
                variant="soft",
                color_scheme="green",
                class_name="qy-btn",
                type="button",
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(strings.PROPOSAL_RESOLVE_CONFIRM_TITLE),
            rx.alert_dialog.description(
                rx.cond(
                    status == "replied",
                    strings.PROPOSAL_RESOLVE_CONFIRM,
                    strings.PROPOSAL_RESOLVE_NO_REPLY,
                ),
                size="3",
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(strings.CANCEL, size="3", variant="soft", color_scheme="gray", class_name="qy-btn")
                ),
                rx.alert_dialog.action(
                    rx.button(
                        strings.PROPOSAL_RESOLVE_CONFIRM_BUTTON,
                        size="3",
                        color_scheme="green",
                        class_name="qy-btn",
                        on_click=ProposalState.resolve,
                    )
                ),
                gap="10px",
                justify="end",
                wrap="wrap",
                margin_top="16px",
            ),
            max_width="420px",
        ),
    )


# ---- inbox -------------------------------------------------------------------------------


def _row(r) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.badge(r["status"], size="2"),
            rx.cond(r["overdue"], rx.badge(strings.INBOX_OVERDUE_BADGE, color_scheme="red", size="2")),
            rx.cond(r["proposal"], rx.badge(strings.INBOX_IN_PROPOSAL, color_scheme="blue", size="2")),
            rx.spacer(),
            rx.text(r["at"], size="1", color_scheme="gray"),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        rx.text(r["excerpt"], size="3"),
        rx.text(
            r["category"],
            rx.cond(r["building"] != "", " · " + r["building"], ""),
            " · ",
            r["code"],
            size="1",
            color_scheme="gray",
        ),
        href=routes.case_url(r["id"]),
        class_name=rx.cond(r["overdue"], "qy-case-row qy-case-row-overdue", "qy-case-row"),
        underline="none",
    )


def inbox() -> rx.Component:
    return layout(
        rx.cond(
            InboxState.overdue_count > 0,
            rx.callout(
                InboxState.overdue_label, icon="clock", color_scheme="red", size="2", role="status", width="100%"
            ),
        ),
        notice(InboxState.error),
        rx.link(
            rx.button(
                rx.icon("notebook_pen", aria_hidden="true"),
                strings.BOOK_TITLE,
                size="3",
                variant="soft",
                class_name="qy-btn",
            ),
            href=routes.STAFF_BOOK,
        ),
        rx.card(
            rx.form(
                rx.hstack(
                    rx.el.label(strings.INBOX_KEYWORD, html_for="inbox-keyword", class_name="qy-hp"),
                    rx.input(
                        name="keyword",
                        id="inbox-keyword",
                        placeholder=strings.INBOX_KEYWORD,
                        size="3",
                        flex="1",
                        default_value=InboxState.f_keyword,
                    ),
                    rx.button(strings.INBOX_SEARCH, type="submit", size="3", class_name="qy-btn"),
                    width="100%",
                ),
                on_submit=InboxState.search,
                reset_on_submit=False,
            ),
            rx.box(
                field(
                    strings.INBOX_FILTER_STATUS,
                    native_select(
                        strings.INBOX_STATUS_OPTIONS,
                        InboxState.f_status,
                        lambda v: InboxState.set_filter("f_status", v),
                    ),
                ),
                field(
                    strings.INBOX_FILTER_CATEGORY,
                    native_select(
                        InboxState.categories,
                        InboxState.f_category,
                        lambda v: InboxState.set_filter("f_category", v),
                        placeholder=strings.INBOX_FILTER_ALL,
                    ),
                ),
                field(
                    strings.INBOX_FILTER_BUILDING,
                    native_select(
                        InboxState.buildings,
                        InboxState.f_building,
                        lambda v: InboxState.set_filter("f_building", v),
                        placeholder=strings.INBOX_FILTER_ALL,
                    ),
                ),
                field(
                    strings.INBOX_FILTER_COLLEGE,
                    native_select(
                        InboxState.colleges,
                        InboxState.f_college,
                        lambda v: InboxState.set_filter("f_college", v),
                        placeholder=strings.INBOX_FILTER_ALL,
                    ),
                ),
                class_name="qy-grid",
                margin_top="12px",
            ),
            rx.el.label(
                rx.checkbox(
                    checked=InboxState.f_overdue,
                    on_change=InboxState.set_overdue,
                    size="3",
                    aria_label=strings.INBOX_FILTER_OVERDUE,
                ),
                rx.text(strings.INBOX_FILTER_OVERDUE, size="2"),
                display="flex",
                gap="10px",
                align_items="center",
                min_height="44px",
                margin_top="8px",
            ),
        ),
        rx.cond(
            InboxState.rows.length() > 0,
            rx.vstack(rx.foreach(InboxState.rows, _row), spacing="2", width="100%"),
            rx.text(strings.INBOX_EMPTY, color_scheme="gray"),
        ),
        rx.hstack(
            rx.button(
                strings.INBOX_PREV,
                on_click=InboxState.prev_page,
                disabled=InboxState.page == 0,
                size="3",
                variant="soft",
                color_scheme="gray",
                class_name="qy-btn",
            ),
            rx.button(
                strings.INBOX_NEXT,
                on_click=InboxState.next_page,
                disabled=InboxState.rows.length() < 30,
                size="3",
                variant="soft",
                color_scheme="gray",
                class_name="qy-btn",
            ),
            justify="between",
            width="100%",
        ),
        active=core_routes.STAFF,
        title=strings.INBOX_TITLE,
    )


# ---- case detail ---------------------------------------------------------------------------


def _history_item(h) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.text(h["title"], weight="bold", size="3"),
            rx.badge(
                rx.cond(h["public"], strings.CASE_PUBLIC, strings.CASE_INTERNAL),
                color_scheme=rx.cond(h["public"], "green", "gray"),
                size="1",
            ),
            align="center",
            wrap="wrap",
        ),
        rx.text(h["at"], " · ", h["actor"], size="1", color_scheme="gray"),
        rx.cond(h["body"] != "", rx.text(h["body"], size="2", white_space="pre-wrap", margin_top="4px")),
        rx.cond(
            CaseState.history_photos.contains(h["key"]),
            rx.box(
                rx.foreach(
                    CaseState.history_photos[h["key"]],
                    lambda src: rx.link(
                        rx.image(src=src, alt=h["title"], loading="lazy"),
                        href=src.replace("_t.jpg", ".jpg"),
                        is_external=True,
                    ),
                ),
                class_name="qy-photo-grid",
                margin_top="6px",
            ),
        ),
    )


def _textarea(label: str, name: str, value) -> rx.Component:
    return field(
        label, rx.text_area(value=value, on_change=lambda v: CaseState.set_input(name, v), size="3", width="100%")
    )


def _actions() -> rx.Component:
    status = CaseState.d["status"]
    is_open = (status != "resolved") & (status != "rejected")
    return rx.card(
        rx.heading(strings.CASE_ACTIONS, as_="h2", size="4", margin_bottom="8px"),
        rx.vstack(
            rx.cond(status == "received", _btn(strings.CASE_ACCEPT, CaseState.accept)),
            rx.cond(
                is_open,
                rx.vstack(
                    disclosure(
                        strings.CASE_REJECT,
                        _textarea(strings.CASE_REJECT_REASON_LABEL, "reason", CaseState.reason),
                        _btn(strings.CASE_REJECT, CaseState.reject, variant="soft"),
                    ),
                    disclosure(
                        strings.CASE_ASSIGN,
                        field(
                            strings.CASE_ASSIGN_TO,
                            native_select(
                                CaseState.staff_members,
                                CaseState.assignee_id,
                                lambda v: CaseState.set_input("assignee_id", v),
                                placeholder="—",
                            ),
                        ),
                        _btn(strings.CASE_ASSIGN, CaseState.assign, variant="soft"),
                    ),
                    rx.cond(
                        CaseState.d["proposal"] == "",
                        disclosure(
                            strings.CASE_FORWARD,
                            field(
                                strings.CASE_FORWARD_OFFICE,
                                native_select(
                                    CaseState.offices,
                                    CaseState.office_id,
                                    lambda v: CaseState.set_input("office_id", v),
                                    placeholder="—",
                                    id="forward-office",
                                ),
                            ),
                            field(
                                strings.CASE_FORWARD_DUE,
                                rx.input(
                                    type="date",
                                    value=CaseState.due_date,
                                    size="3",
                                    on_change=lambda v: CaseState.set_input("due_date", v),
                                ),
                            ),
                            _btn(strings.CASE_FORWARD, CaseState.forward, variant="soft"),
                        ),
                    ),
                    rx.cond(
                        status == "forwarded",
                        disclosure(
                            strings.CASE_OFFICE_REPLY,
                            _textarea(strings.CASE_OFFICE_REPLY_TEXT, "office_reply_text", CaseState.office_reply_text),
                            photo_picker(CaseState, "case_reply_photos"),
                            _btn(strings.CASE_OFFICE_REPLY, CaseState.office_reply, variant="soft"),
                        ),
                    ),
                    _btn(strings.CASE_RESOLVE, CaseState.resolve, variant="soft", color="green"),
                    width="100%",
                    spacing="3",
                ),
            ),
            disclosure(
                strings.CASE_REPLY,
                field(
                    strings.CASE_TEMPLATE,
                    native_select(CaseState.templates, "", CaseState.use_template, placeholder="—"),
                ),
                _textarea(strings.CASE_REPLY_TEXT, "reply_text", CaseState.reply_text),
                _btn(strings.CASE_REPLY, CaseState.reply, variant="soft"),
            ),
            disclosure(
                strings.CASE_NOTE,
                _textarea(strings.CASE_NOTE_TEXT, "note_text", CaseState.note_text),
                _btn(strings.CASE_NOTE, CaseState.add_note, variant="soft", color="gray"),
            ),
            disclosure(
                strings.CASE_ROUTE,
                field(
                    strings.INBOX_FILTER_COLLEGE,
                    native_select(
                        CaseState.colleges,
                        CaseState.college_id,
                        lambda v: CaseState.set_input("college_id", v),
                        placeholder=strings.COLLEGE_NONE,
                    ),
                ),
                _btn(strings.CASE_ROUTE, CaseState.route_college, variant="soft", color="gray"),
            ),
            width="100%",
            spacing="3",
        ),
    )


def _proposal_maker() -> rx.Component:
    return rx.card(
        rx.heading(strings.CASE_DUPLICATES, as_="h2", size="4", margin_bottom="8px"),
        rx.cond(
            CaseState.duplicates.length() > 0,
            rx.vstack(
                rx.foreach(
                    CaseState.duplicates,
                    lambda d: rx.el.label(
                        rx.checkbox(
                            checked=CaseState.p_cases.contains(d["id"]),
                            on_change=lambda on: CaseState.toggle_proposal_case(d["id"], on),
                            size="3",
                            aria_label=strings.CASE_INCLUDE + " " + d["excerpt"],
                        ),
                        rx.text(d["excerpt"], " (", d["score"], ")", size="2", flex="1 1 auto", min_width="0"),
                        rx.link(
                            strings.CASE_TITLE,
                            href=routes.case_url(d["id"]),
                            size="2",
                            white_space="nowrap",
                            flex="none",
                        ),
                        display="flex",
                        gap="10px",
                        align_items="center",
                        min_height="44px",
                    ),
                ),
                width="100%",
            ),
            rx.text(strings.CASE_DUPLICATES_NONE, size="2", color_scheme="gray"),
        ),
        rx.cond(
            CaseState.d["proposal"] == "",
            disclosure(
                strings.CASE_MAKE_PROPOSAL,
                rx.text(strings.CASE_MAKE_PROPOSAL_HINT, size="1", color_scheme="gray"),
                field(
                    strings.PROPOSAL_TITLE_LABEL,
                    rx.input(value=CaseState.p_title, size="3", on_change=lambda v: CaseState.set_input("p_title", v)),
                ),
                field(
                    strings.PROPOSAL_SUMMARY_LABEL,
                    rx.text_area(
                        value=CaseState.p_summary,
                        size="3",
                        width="100%",
                        on_change=lambda v: CaseState.set_input("p_summary", v),
                    ),
                ),
                _btn(strings.PROPOSAL_CREATE, CaseState.create_proposal),
                margin_top="8px",
            ),
            rx.link(strings.TRACK_PROPOSAL, href=routes.proposal_url(CaseState.d["proposal"]), size="2"),
        ),
    )


def case_detail() -> rx.Component:
    return layout(
        rx.link("← " + strings.CASE_BACK, href=routes.STAFF_CASES, size="2"),
        notice(CaseState.error),
        notice(CaseState.message, kind="ok"),
        rx.cond(
            CaseState.found,
            rx.fragment(
                rx.card(
                    rx.hstack(
                        rx.badge(CaseState.d["status_label"], size="3", id="staff-case-status"),
                        rx.cond(
                            CaseState.d["overdue"],
                            rx.badge(strings.INBOX_OVERDUE_BADGE, color_scheme="red", size="3"),
                        ),
                        rx.spacer(),
                        rx.text(CaseState.d["code"], size="2", color_scheme="gray"),
                        width="100%",
                        align="center",
                    ),
                    rx.text(CaseState.d["description"], size="3", white_space="pre-wrap", margin_y="8px"),
                    rx.text(
                        CaseState.d["category"],
                        " · ",
                        CaseState.d["building"],
                        " · ",
                        CaseState.d["source"],
                        " · ",
                        CaseState.d["created"],
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.cond(CaseState.d["book"] != "", rx.text(CaseState.d["book"], size="2", color_scheme="gray")),
                    rx.cond(
                        CaseState.d["office"] != "",
                        rx.text(
                            strings.CASE_FORWARD_OFFICE,
                            ":",
                            CaseState.d["office"],
                            " · ",
                            CaseState.d["office_due"],
                            size="2",
                        ),
                    ),
                    rx.cond(
                        CaseState.d["assignee"] != "",
                        rx.text(strings.CASE_ASSIGN_TO, ":", CaseState.d["assignee"], size="2"),
                    ),
                    rx.box(
                        rx.text(strings.CASE_CONTACT, weight="medium", size="2"),
                        rx.cond(
                            CaseState.d["anonymous"],
                            rx.text(strings.CASE_ANONYMOUS, size="2", color_scheme="gray"),
                            rx.vstack(
                                rx.text(
                                    CaseState.contact["name"],
                                    " ",
                                    CaseState.contact["phone"],
                                    " ",
                                    CaseState.contact["email"],
                                    " ",
                                    CaseState.contact["student_no"],
                                    size="2",
                                    id="case-contact",
                                ),
                                rx.button(
                                    strings.CASE_REVEAL, on_click=CaseState.reveal_contact, size="2", variant="ghost"
                                ),
                                spacing="1",
                            ),
                        ),
                        margin_top="8px",
                    ),
                ),
                _actions(),
                rx.cond(
                    CaseState.d["status"] == "resolved",
                    rx.link(
                        rx.button(strings.STORY_PUBLISH, size="3", variant="soft", class_name="qy-btn"),
                        href=routes.STAFF_STORY_NEW + "?case=" + CaseState.d["id"],
                    ),
                ),
                _proposal_maker(),
                rx.card(
                    rx.heading(strings.CASE_HISTORY, as_="h2", size="4", margin_bottom="12px"),
                    rx.el.ol(rx.foreach(CaseState.history, _history_item), class_name="qy-timeline"),
                ),
            ),
        ),
        active=core_routes.STAFF,
        title=strings.CASE_TITLE,
    )


# ---- proposals -------------------------------------------------------------------------------


def proposal_list() -> rx.Component:
    return layout(
        rx.cond(
            ProposalState.items.length() > 0,
            rx.vstack(
                rx.foreach(
                    ProposalState.items,
                    lambda p: rx.link(
                        rx.hstack(
                            rx.badge(p["status"], size="2"),
                            rx.spacer(),
                            rx.text(p["progress"], "%", size="2"),
                            width="100%",
                        ),
                        rx.text(p["title"], weight="bold", size="3"),
                        rx.text(p["office"], " · ", p["cases_label"], size="1", color_scheme="gray"),
                        href=routes.proposal_url(p["id"]),
                        class_name="qy-case-row",
                        underline="none",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            rx.text(strings.PROPOSALS_EMPTY, color_scheme="gray"),
        ),
        active=core_routes.STAFF,
        title=strings.PROPOSALS_TITLE,
    )


def _pinput(label: str, name: str, value, **kw) -> rx.Component:
    return field(label, rx.input(value=value, on_change=lambda v: ProposalState.set_input(name, v), size="3", **kw))


def proposal_detail() -> rx.Component:
    status = ProposalState.p["status"]
    return layout(
        rx.link("← " + strings.PROPOSALS_TITLE, href=routes.STAFF_PROPOSALS, size="2"),
        notice(ProposalState.error),
        notice(ProposalState.message, kind="ok"),
        rx.cond(
            ProposalState.found,
            rx.fragment(
                rx.card(
                    rx.hstack(
                        rx.badge(ProposalState.p["status_label"], size="3", id="proposal-status"),
                        rx.spacer(),
                        rx.text(ProposalState.p["progress"], "%", size="3", weight="bold"),
                        width="100%",
                    ),
                    rx.heading(ProposalState.p["title"], as_="h2", size="5", margin_y="8px"),
                    rx.text(ProposalState.p["summary"], size="3", white_space="pre-wrap"),
                    rx.cond(
                        ProposalState.p["office"] != "",
                        rx.text(
                            strings.CASE_FORWARD_OFFICE,
                            ":",
                            ProposalState.p["office"],
                            " · ",
                            ProposalState.p["due"],
                            size="2",
                            margin_top="8px",
                        ),
                    ),
                    rx.progress(
                        value=ProposalState.progress_value,
                        max=100,
                        margin_top="8px",
                        aria_label=strings.PROPOSAL_PROGRESS_LABEL,
                    ),
                    rx.link(
                        rx.button(
                            rx.icon("file_text", aria_hidden="true"),
                            strings.PROPOSAL_LETTER,
                            size="3",
                            variant="soft",
                            class_name="qy-btn",
                            margin_top="12px",
                        ),
                        href=routes.letter_url(ProposalState.p["id"]),
                        is_external=True,
                    ),
                    rx.cond(
                        ProposalState.p["status"] == "resolved",
                        rx.link(
                            rx.button(
                                strings.STORY_PUBLISH,
                                size="3",
                                variant="soft",
                                class_name="qy-btn",
                                margin_top="12px",
                                margin_left="8px",
                            ),
                            href=routes.STAFF_STORY_NEW + "?proposal=" + ProposalState.p["id"],
                        ),
                    ),
                ),
                rx.cond(
                    status != "resolved",
                    rx.card(
                        rx.heading(strings.CASE_ACTIONS, as_="h2", size="4", margin_bottom="8px"),
                        rx.vstack(
                            disclosure(
                                strings.CASE_FORWARD,
                                field(
                                    strings.CASE_FORWARD_OFFICE,
                                    native_select(
                                        ProposalState.offices,
                                        ProposalState.office_id,
                                        lambda v: ProposalState.set_input("office_id", v),
                                        placeholder="—",
                                        id="proposal-office",
                                    ),
                                ),
                                _pinput(strings.CASE_FORWARD_DUE, "due_date", ProposalState.due_date, type="date"),
                                _btn(strings.CASE_FORWARD, ProposalState.forward, variant="soft"),
                            ),
                            disclosure(
                                strings.PROPOSAL_UPDATE,
                                _pinput(
                                    strings.PROPOSAL_PROGRESS_LABEL,
                                    "progress",
                                    ProposalState.progress,
                                    type="number",
                                    input_mode="numeric",
                                ),
                                _pinput(strings.PROPOSAL_MILESTONE_LABEL, "milestone", ProposalState.milestone),
                                _btn(strings.PROPOSAL_UPDATE, ProposalState.update_progress, variant="soft"),
                            ),
                            rx.cond(
                                status == "forwarded",
                                disclosure(
                                    strings.CASE_OFFICE_REPLY,
                                    field(
                                        strings.CASE_OFFICE_REPLY_TEXT,
                                        rx.text_area(
                                            value=ProposalState.office_reply_text,
                                            size="3",
                                            width="100%",
                                            on_change=lambda v: ProposalState.set_input("office_reply_text", v),
                                        ),
                                    ),
                                    photo_picker(ProposalState, "proposal_reply_photos"),
                                    _btn(strings.CASE_OFFICE_REPLY, ProposalState.office_reply, variant="soft"),
                                ),
                            ),
                            _resolve_with_confirmation(status),
                            width="100%",
                            spacing="3",
                        ),
                    ),
                ),
                rx.cond(
                    ProposalState.p["origin"] != "",
                    rx.flex(
                        rx.link(ProposalState.p["origin"], href=ProposalState.p["origin_href"], id="proposal-origin"),
                        rx.cond(
                            ProposalState.p["origin_doc_href"] != "",
                            rx.link(
                                strings.PROPOSAL_ORIGIN_DOC,
                                href=ProposalState.p["origin_doc_href"],
                                is_external=True,
                                id="proposal-origin-doc",
                            ),
                        ),
                        gap="12px",
                        wrap="wrap",
                    ),
                ),
                rx.card(
                    rx.heading(ProposalState.p["cases_label"], as_="h2", size="4", margin_bottom="8px"),
                    rx.vstack(
                        rx.foreach(
                            ProposalState.linked,
                            lambda c: rx.link(
                                rx.text(c["excerpt"], size="2"),
                                rx.text(c["status"], " · ", c["code"], size="1", color_scheme="gray"),
                                href=routes.case_url(c["id"]),
                                class_name="qy-case-row",
                                underline="none",
                            ),
                        ),
                        spacing="2",
                        width="100%",
                    ),
                ),
            ),
        ),
        active=core_routes.STAFF,
        title=strings.PROPOSALS_TITLE,
    )


def book_entry() -> rx.Component:
    def inp(label, name, value, **kw):
        return field(
            label, rx.input(value=value, on_change=lambda v: BookEntryState.set_input(name, v), size="3", **kw)
        )

    return layout(
        rx.link("← " + strings.CASE_BACK, href=routes.STAFF_CASES, size="2"),
        rx.card(
            rx.vstack(
                field(
                    strings.SUBMIT_BUILDING,
                    native_select(
                        BookEntryState.buildings,
                        BookEntryState.building_id,
                        lambda v: BookEntryState.set_input("building_id", v),
                        placeholder=strings.SUBMIT_BUILDING_PICK,
                    ),
                ),
                inp(strings.BOOK_PAGE, "book_page", BookEntryState.book_page, input_mode="numeric"),
                inp(strings.BOOK_DATE, "book_date", BookEntryState.book_date, type="date"),
                field(
                    strings.SUBMIT_CATEGORY,
                    native_select(
                        BookEntryState.categories,
                        BookEntryState.category_id,
                        lambda v: BookEntryState.set_input("category_id", v),
                        placeholder=strings.SUBMIT_CATEGORY_PICK,
                    ),
                ),
                field(
                    strings.SUBMIT_DESCRIPTION,
                    rx.text_area(
                        value=BookEntryState.description,
                        size="3",
                        rows="6",
                        width="100%",
                        on_change=lambda v: BookEntryState.set_input("description", v),
                    ),
                ),
                rx.text(strings.BOOK_PHOTO_HINT, size="1", color_scheme="gray"),
                photo_picker(BookEntryState, "book_photos"),
                notice(BookEntryState.error),
                rx.button(strings.BOOK_SAVE, on_click=BookEntryState.save, size="3", class_name="qy-btn", width="100%"),
                spacing="3",
                width="100%",
            ),
        ),
        active=core_routes.STAFF,
        title=strings.BOOK_TITLE,
    )
