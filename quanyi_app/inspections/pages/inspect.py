"""Inspector pages: /inspect (my list), the run page, the report, one rectification."""

from __future__ import annotations

import json

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core.accounts.session import LOGGED_IN, allowed
from quanyi_app.core.permissions import Perm
from quanyi_app.core.ui.forms import field, native_select
from quanyi_app.core.ui.photos import photo_picker
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.inspections import routes, strings
from quanyi_app.inspections.state.inspect import FixState, InspectHomeState, ReportState, RunState

# What the run page's script (assets/inspect.js) says.
RUN_MESSAGES = json.dumps(strings.INS_RUN_MESSAGES, ensure_ascii=False)


def download_link(label: str, href, icon: str, *, soft: bool = False) -> rx.Component:
    """A plain anchor (not a client-side route) so the browser downloads the file."""
    return rx.el.a(
        rx.icon(icon, size=20, aria_hidden="true"),
        label,
        href=href,
        download="",
        custom_attrs={"reloadDocument": True},
        class_name="qy-dl qy-dl-soft" if soft else "qy-dl",
    )


def plan_row(p) -> rx.Component:
    return rx.link(
        rx.flex(
            rx.text(p["target"], weight="bold", size="4"),
            rx.badge(p["status"], color_scheme=rx.cond(p["overdue"], "red", "blue"), size="2"),
            justify="between",
            align="center",
            gap="8px",
        ),
        rx.text(p["template"], size="2", color_scheme="gray"),
        rx.flex(
            rx.text(
                p["day"],
                size="2",
                weight="medium",
                color=rx.cond(p["overdue"], "var(--red-11)", "var(--gray-12)"),
            ),
            rx.cond(p["overdue"], rx.text(strings.INS_LATE, size="2", color="var(--red-11)")),
            rx.cond(p["weekly"], rx.badge(strings.INS_WEEKLY, variant="soft", color_scheme="gray")),
            rx.cond(p["score"] != "", rx.text(strings.INS_SCORE, " ", p["score"], size="2")),
            gap="8px",
            align="center",
            wrap="wrap",
        ),
        rx.text(p["inspectors"], size="1", color_scheme="gray"),
        rx.cond(p["today"], rx.box(p["action"], class_name="qy-ins-go", aria_hidden="true")),
        href=p["href"],
        underline="none",
        width="100%",
        class_name=rx.cond(p["overdue"], "qy-case-row qy-case-row-overdue", "qy-case-row"),
    )


def home() -> rx.Component:
    s = InspectHomeState
    return layout(
        rx.cond(
            LOGGED_IN,
            rx.fragment(
                notice(s.home_error),
                rx.cond(
                    s.can_run,
                    rx.vstack(
                        rx.heading(strings.INS_MY_LIST, as_="h2", size="5"),
                        rx.cond(
                            s.plans.length() > 0,
                            rx.vstack(rx.foreach(s.plans, plan_row), width="100%", spacing="3"),
                            rx.text(strings.INS_MY_EMPTY, color_scheme="gray"),
                        ),
                        rx.cond(
                            s.recent.length() > 0, rx.heading(strings.INS_RECENT, as_="h2", size="5", margin_top="12px")
                        ),
                        rx.vstack(rx.foreach(s.recent, plan_row), width="100%", spacing="3"),
                        width="100%",
                        spacing="3",
                    ),
                ),
            ),
            rx.card(
                rx.text(strings.INS_HOME_INTRO, size="3"),
                rx.link(
                    rx.button(
                        rx.icon("log_in", aria_hidden="true"),
                        strings.INS_HOME_LOGIN,
                        size="3",
                        class_name="qy-btn",
                        margin_top="12px",
                    ),
                    href=core_routes.LOGIN + "?next=" + routes.INSPECT,
                ),
                width="100%",
            ),
        ),
        _public_summary(),
        active=routes.INSPECT,
        title=strings.PAGE_INSPECT_TITLE,
    )


def _summary_row(b) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(b["building"], weight="bold", size="3"),
            rx.badge(b["kind"], size="1", variant="soft", color_scheme="gray"),
            rx.spacer(),
            rx.badge(b["verdict"], size="2", color_scheme=rx.cond(b["passed"], "green", "red")),
            align="center",
            width="100%",
        ),
        rx.text(strings.PUBLIC_LAST_ON, b["last_on"], " · ", b["score"], size="2", margin_top="4px"),
        rx.text(b["open_fixes"], size="2", color_scheme="gray"),
        width="100%",
    )


def _public_summary() -> rx.Component:
    s = InspectHomeState
    return rx.vstack(
        rx.heading(strings.PUBLIC_TITLE, as_="h2", size="5", margin_top="16px"),
        rx.text(strings.PUBLIC_INTRO, size="2", color_scheme="gray"),
        rx.cond(
            s.summary.length() > 0,
            rx.vstack(rx.foreach(s.summary, _summary_row), width="100%", spacing="2"),
            rx.text(strings.PUBLIC_EMPTY, size="2"),
        ),
        width="100%",
        spacing="2",
        id="public-summary",
    )


# ---- the run page ------------------------------------------------------------------------------


def _choice(item, value: str, label: str, icon: str) -> rx.Component:
    return rx.el.button(
        rx.icon(icon, size=20, aria_hidden="true"),
        label,
        type="button",
        data_set=value,
        class_name=f"qy-ins-btn qy-ins-{value}",
        aria_label=item["label"] + " " + label,
    )


def _item_row(item) -> rx.Component:
    return rx.fragment(
        rx.cond(item["section"] != "", rx.heading(item["section"], as_="h2", size="4", class_name="qy-ins-section")),
        rx.el.section(
            rx.flex(
                rx.text(item["no"], ". ", item["text"], weight="medium", size="3", class_name="qy-ins-text"),
                gap="6px",
            ),
            rx.flex(
                rx.cond(item["critical"], rx.badge(strings.INS_CRITICAL_BADGE, color_scheme="red", variant="soft")),
                rx.cond(
                    item["photo"],
                    rx.badge(
                        rx.icon("camera", size=12, aria_hidden="true"),
                        strings.INS_PHOTO_REQUIRED_BADGE,
                        color_scheme="amber",
                        variant="soft",
                    ),
                ),
                rx.text(item["weight"], size="1", color_scheme="gray"),
                gap="6px",
                wrap="wrap",
                align="center",
            ),
            rx.cond(item["guidance"] != "", rx.text(item["guidance"], size="2", color_scheme="gray")),
            rx.el.div(
                _choice(item, "pass", strings.INS_PASS, "check"),
                _choice(item, "fail", strings.INS_FAIL, "x"),
                _choice(item, "na", strings.INS_NA, "minus"),
                class_name="qy-ins-choices",
                role="group",
                aria_label=item["label"] + " " + item["text"],
            ),
            rx.el.details(
                rx.el.summary(strings.INS_NOTE, " / ", strings.INS_TAKE_PHOTO, class_name="qy-ins-more"),
                rx.el.textarea(
                    data_note="1",
                    rows=2,
                    placeholder=strings.INS_NOTE_PLACEHOLDER,
                    max_length=300,
                    class_name="qy-ins-note",
                    aria_label=item["label"] + " " + strings.INS_NOTE,
                ),
                class_name="qy-ins-details",
            ),
            rx.el.div(
                rx.el.label(
                    rx.icon("camera", size=20, aria_hidden="true"),
                    strings.INS_TAKE_PHOTO,
                    rx.el.input(
                        type="file",
                        accept="image/*",
                        capture="environment",
                        data_photo_input="1",
                        class_name="qy-ins-file",
                        aria_label=item["label"] + " " + strings.INS_TAKE_PHOTO,
                    ),
                    class_name="qy-ins-camera",
                ),
                rx.el.div(data_photos="1", class_name="qy-ins-photos"),
                class_name="qy-ins-photo-row",
            ),
            rx.el.p(data_msg="1", role="status", class_name="qy-ins-msg"),
            data_item=item["id"],
            data_photo=rx.cond(item["photo"], "1", ""),  # read by assets/inspect.js
            id="ins-item-" + item["id"],
            class_name="qy-ins-item",
        ),
    )


def rect_row(r) -> rx.Component:
    return rx.link(
        rx.flex(
            rx.text(r["title"], weight="medium", size="3"),
            rx.badge(
                rx.cond(r["overdue"], strings.RECT_OVERDUE, r["status"]),
                color_scheme=rx.cond(r["overdue"], "red", rx.cond(r["open"], "amber", "green")),
            ),
            justify="between",
            gap="8px",
        ),
        rx.cond(r["detail"] != "", rx.text(r["detail"], size="2")),
        rx.text(
            strings.RECT_OWNER, ":", r["owner"], " · ", strings.RECT_DUE, ":", r["due"], size="2", color_scheme="gray"
        ),
        href=r["href"],
        underline="none",
        width="100%",
        class_name=rx.cond(r["overdue"], "qy-case-row qy-case-row-overdue", "qy-case-row"),
    )


def run() -> rx.Component:
    s = RunState
    return layout(
        notice(s.run_error),
        rx.cond(
            s.run_id != "",
            rx.el.div(
                rx.card(
                    rx.heading(s.run_target, as_="h2", size="5"),
                    rx.text(s.run_title, size="2", color_scheme="gray"),
                    rx.text(
                        strings.INS_DATE, ":", s.run_day, " · ", strings.INS_INSPECTORS, ":", s.run_inspectors, size="2"
                    ),
                    width="100%",
                ),
                rx.cond(
                    s.run_rects.length() > 0,
                    rx.box(
                        rx.heading(strings.INS_OPEN_RECTS, as_="h2", size="4"),
                        rx.text(strings.INS_OPEN_RECTS_HINT, size="2", color_scheme="gray"),
                        rx.vstack(rx.foreach(s.run_rects, rect_row), spacing="2", width="100%", margin_top="8px"),
                        class_name="qy-ins-rects",
                    ),
                ),
                rx.el.div(
                    rx.el.div(
                        rx.text(strings.INS_PROGRESS, size="2", weight="medium"),
                        rx.el.span(id="ins-count", class_name="qy-ins-count"),
                        rx.el.button(
                            rx.icon("arrow_down", size=18, aria_hidden="true"),
                            strings.INS_NEXT,
                            type="button",
                            id="ins-next",
                            class_name="qy-ins-next",
                        ),
                        class_name="qy-ins-progress-head",
                    ),
                    rx.el.div(
                        rx.el.div(id="ins-bar", class_name="qy-ins-bar-fill"),
                        id="ins-progress",
                        role="progressbar",
                        aria_label=strings.INS_PROGRESS,
                        aria_valuemin=0,
                        class_name="qy-ins-bar",
                    ),
                    rx.el.p(id="ins-sync", role="status", aria_live="polite", class_name="qy-ins-sync"),
                    class_name="qy-ins-sticky",
                ),
                rx.foreach(s.run_items, _item_row),
                rx.el.div(id="ins-error", role="alert", class_name="qy-ins-error"),
                rx.el.button(
                    rx.icon("send", size=20, aria_hidden="true"),
                    strings.INS_SUBMIT,
                    type="button",
                    id="ins-submit",
                    class_name="qy-ins-submit",
                ),
                id="ins-run",
                data_run=s.run_data,
                data_msgs=RUN_MESSAGES,
                class_name="qy-ins-run",
            ),
        ),
        active=routes.INSPECT,
        title=strings.INS_RUN_TITLE,
    )


# ---- the report ----------------------------------------------------------------------------------


def _thumbs(thumbs) -> rx.Component:
    return rx.cond(
        thumbs != "",
        rx.box(
            rx.foreach(
                thumbs.split(" "),
                lambda t: rx.link(
                    rx.image(src=t, alt=strings.RECT_FAILURE_PHOTOS, loading="lazy"),
                    href=t.replace("_t.jpg", ".jpg"),
                    is_external=True,
                ),
            ),
            class_name="qy-photo-grid",
        ),
    )


def _report_item(r) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.text(r["no"], ". ", r["text"], size="2", flex="1"),
            rx.badge(
                r["label"], color_scheme=rx.match(r["result"], ("pass", "green"), ("fail", "red"), "gray"), size="2"
            ),
            justify="between",
            gap="8px",
            align="start",
        ),
        rx.cond(r["note"] != "", rx.text(strings.INS_NOTE, ":", r["note"], size="2", color_scheme="gray")),
        _thumbs(r["thumbs"]),
        class_name="qy-ins-report-row",
    )


def report_page() -> rx.Component:
    s = ReportState
    return layout(
        notice(s.rep_error),
        rx.cond(
            s.rep_id != "",
            rx.vstack(
                rx.card(
                    rx.heading(s.rep_target, as_="h2", size="5"),
                    rx.text(s.rep_title, size="2", color_scheme="gray"),
                    rx.flex(
                        rx.box(
                            rx.text(strings.INS_SCORE, size="2", color_scheme="gray"),
                            rx.text(s.rep_score, size="8", weight="bold", class_name="qy-ins-score"),
                        ),
                        rx.box(
                            rx.badge(
                                rx.cond(s.rep_passed, strings.INS_REPORT_VERDICT_PASS, strings.INS_REPORT_VERDICT_FAIL),
                                color_scheme=rx.cond(s.rep_passed, "green", "red"),
                                size="3",
                            ),
                            rx.text(strings.INS_PASS_MARK, " ", s.rep_pass_mark, size="1", color_scheme="gray"),
                        ),
                        gap="20px",
                        align="center",
                        margin_y="8px",
                    ),
                    rx.cond(
                        s.rep_critical != "0",
                        rx.text(
                            strings.INS_REPORT_CRITICAL,
                            s.rep_critical,
                            size="2",
                            color="var(--red-11)",
                            weight="medium",
                        ),
                    ),
                    rx.text(strings.INS_DATE, ":", s.rep_day, size="2"),
                    rx.text(strings.INS_INSPECTORS, ":", s.rep_inspectors, size="2"),
                    rx.text(strings.INS_REPORT_SUBMITTED, ":", s.rep_submitted, size="2"),
                    rx.flex(
                        download_link(strings.INS_REPORT_PDF, s.rep_pdf, "file_down"),
                        rx.cond(
                            allowed(Perm.INSPECTION_PLAN),
                            rx.link(
                                rx.button(
                                    rx.icon("chart_line", aria_hidden="true"),
                                    strings.INS_HISTORY_LINK,
                                    size="3",
                                    variant="soft",
                                    class_name="qy-btn",
                                ),
                                href=routes.target_history_url(s.rep_building),
                            ),
                        ),
                        gap="8px",
                        wrap="wrap",
                        margin_top="12px",
                    ),
                    width="100%",
                ),
                rx.heading(strings.INS_REPORT_RECTS, as_="h2", size="4"),
                rx.cond(
                    s.rep_rects.length() > 0,
                    rx.vstack(rx.foreach(s.rep_rects, rect_row), width="100%", spacing="2"),
                    rx.text(strings.INS_REPORT_NO_FAILED, color_scheme="gray"),
                ),
                rx.heading(strings.INS_REPORT_FAILED, as_="h2", size="4"),
                rx.cond(
                    s.rep_failed.length() > 0,
                    rx.vstack(rx.foreach(s.rep_failed, _report_item), width="100%", spacing="2"),
                    rx.text(strings.INS_REPORT_NO_FAILED, color_scheme="gray"),
                ),
                rx.el.details(
                    rx.el.summary(strings.INS_REPORT_ALL, class_name="qy-ins-more"),
                    rx.vstack(rx.foreach(s.rep_items, _report_item), width="100%", spacing="2"),
                    width="100%",
                ),
                width="100%",
                spacing="3",
            ),
        ),
        active=routes.INSPECT,
        title=strings.INS_REPORT_TITLE,
    )


# ---- one rectification ----------------------------------------------------------------------------


def fix_page() -> rx.Component:
    s = FixState
    f = s.fix
    return layout(
        notice(s.error),
        notice(s.message, kind="ok"),
        rx.cond(
            f.id != "",
            rx.vstack(
                rx.card(
                    rx.flex(
                        rx.heading(f["title"], as_="h2", size="4"),
                        rx.badge(
                            rx.cond(f["overdue"], strings.RECT_OVERDUE, f["status"]),
                            color_scheme=rx.cond(f["overdue"], "red", rx.cond(f["open"], "amber", "green")),
                            size="2",
                        ),
                        justify="between",
                        gap="8px",
                    ),
                    rx.cond(f["detail"] != "", rx.text(f["detail"], size="3")),
                    rx.text(f["target"], " · ", strings.RECT_OWNER, ":", f["owner"], size="2", color_scheme="gray"),
                    rx.text(strings.RECT_DUE, ":", f["due"], size="2", color_scheme="gray"),
                    rx.link(strings.RECT_FROM_INSPECTION, href=f["inspection"], size="2"),
                    rx.cond(
                        s.fix_failure_photos.length() > 0,
                        rx.box(
                            rx.foreach(
                                s.fix_failure_photos,
                                lambda u: rx.image(src=u, alt=strings.RECT_FAILURE_PHOTOS, loading="lazy"),
                            ),
                            class_name="qy-photo-grid",
                            margin_top="8px",
                        ),
                    ),
                    rx.cond(
                        s.fix_case_code != "",
                        rx.link(strings.RECT_CASE_LINK, href=s.fix_case_href, size="2"),
                    ),
                    width="100%",
                ),
                rx.cond(
                    f["open"],
                    rx.card(
                        rx.heading(strings.RECT_CLOSE_TITLE, as_="h2", size="4"),
                        rx.text(strings.RECT_CLOSE_HINT, size="2", color_scheme="gray"),
                        photo_picker(s, "fix_photos", strings.RECT_CLOSE_PHOTOS_LABEL),
                        field(
                            strings.RECT_CLOSE_NOTE,
                            rx.text_area(value=s.fix_note, on_change=s.set_fix_note, max_length=300),
                        ),
                        rx.button(
                            rx.icon("circle_check", aria_hidden="true"),
                            strings.RECT_CLOSE_BUTTON,
                            size="3",
                            class_name="qy-btn",
                            width="100%",
                            on_click=s.close_fix,
                            margin_top="8px",
                        ),
                        width="100%",
                    ),
                    rx.card(
                        rx.text(strings.RECT_STATUS_CLOSED, " · ", f["closed_at"], weight="medium"),
                        rx.cond(f["close_note"] != "", rx.text(f["close_note"], size="2")),
                        rx.box(
                            rx.foreach(
                                s.fix_close_photos,
                                lambda u: rx.image(src=u, alt=strings.RECT_CLOSE_PHOTOS, loading="lazy"),
                            ),
                            class_name="qy-photo-grid",
                        ),
                        width="100%",
                    ),
                ),
                rx.cond(
                    allowed(Perm.RECTIFICATION_MANAGE) & (f["open"]),
                    rx.card(
                        rx.heading(strings.RECT_EDIT_TITLE, as_="h2", size="4"),
                        field(
                            strings.RECT_OFFICE,
                            native_select(s.fix_offices, s.fix_office, s.set_fix_office, placeholder="—"),
                        ),
                        field(
                            strings.RECT_OTHER_OWNER,
                            rx.input(value=s.fix_owner, on_change=s.set_fix_owner, size="3", max_length=64),
                        ),
                        field(
                            strings.RECT_DUE, rx.input(type="date", value=s.fix_due, on_change=s.set_fix_due, size="3")
                        ),
                        rx.button(
                            strings.RECT_SAVE, size="3", class_name="qy-btn", on_click=s.save_fix, margin_top="8px"
                        ),
                        rx.cond(
                            s.fix_case_code == "",
                            rx.box(
                                rx.text(strings.RECT_MAKE_CASE_HINT, size="2", color_scheme="gray", margin_top="12px"),
                                rx.button(
                                    rx.icon("megaphone", aria_hidden="true"),
                                    strings.RECT_MAKE_CASE,
                                    size="3",
                                    variant="soft",
                                    class_name="qy-btn",
                                    on_click=s.make_case,
                                ),
                            ),
                        ),
                        width="100%",
                    ),
                ),
                width="100%",
                spacing="3",
            ),
        ),
        active=routes.INSPECT,
        title=strings.RECT_TITLE,
    )
