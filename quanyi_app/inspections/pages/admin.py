"""Staff pages for inspections: planning and export, rectifications, a target's history, checklists."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core.accounts.session import allowed
from quanyi_app.core.permissions import Perm
from quanyi_app.core.ui.forms import field, native_select
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.inspections import routes, strings
from quanyi_app.inspections.pages.inspect import download_link, plan_row, rect_row
from quanyi_app.inspections.state.admin import ChecklistState, HistoryState, InspectionPlanState, RectListState


def ins_nav() -> rx.Component:
    links = [
        (routes.STAFF_INSPECTIONS, strings.INS_NAV_PLANS),
        (routes.STAFF_RECTIFICATIONS, strings.INS_NAV_RECTS),
        (routes.INSPECT, strings.INS_MY_LIST),
    ]
    return rx.el.nav(
        *[rx.link(label, href=href, class_name="qy-chip-link") for href, label in links],
        rx.cond(
            allowed(Perm.CHECKLIST_EDIT),
            rx.link(strings.INS_NAV_CHECKLISTS, href=routes.STAFF_CHECKLISTS, class_name="qy-chip-link"),
        ),
        aria_label=strings.INS_ADMIN_TITLE,
        class_name="qy-chip-row",
    )


def _person(p) -> rx.Component:
    s = InspectionPlanState
    return rx.el.label(
        rx.checkbox(
            checked=s.form_people.contains(p["id"]), on_change=lambda on: s.toggle_person(p["id"], on), size="3"
        ),
        rx.text(p["name"], " ", rx.text.span(p["role"], color_scheme="gray", size="1")),
        class_name="qy-check-row",
    )


def _plan_row(p) -> rx.Component:
    s = InspectionPlanState
    return rx.box(
        plan_row(p),
        rx.cond(
            p["can_cancel"],
            rx.button(
                strings.INS_PLAN_CANCEL,
                size="2",
                variant="soft",
                color_scheme="gray",
                on_click=s.cancel(p["id"]),
                aria_label=strings.INS_PLAN_CANCEL + " " + p["target"] + " " + p["day"],
                class_name="qy-btn-sm",
            ),
        ),
        class_name="qy-ins-plan-row",
        width="100%",
    )


def plans_page() -> rx.Component:
    s = InspectionPlanState
    return layout(
        ins_nav(),
        notice(s.error),
        notice(s.message, kind="ok"),
        rx.card(
            rx.heading(strings.INS_PLAN_NEW, as_="h2", size="4", margin_bottom="8px"),
            rx.vstack(
                field(
                    strings.INS_PLAN_TEMPLATE,
                    native_select(
                        s.templates, s.form_template, s.set_form_template, placeholder="—", id="f-ins-template"
                    ),
                ),
                field(
                    strings.INS_PLAN_TARGET,
                    native_select(
                        s.buildings, s.form_building, s.set_form_building, placeholder="—", id="f-ins-target"
                    ),
                ),
                field(
                    strings.INS_PLAN_DAY,
                    rx.input(type="date", value=s.form_day, on_change=s.set_form_day, size="3", id="f-ins-day"),
                ),
                rx.el.fieldset(
                    rx.el.legend(strings.INS_PLAN_PEOPLE, class_name="qy-legend"),
                    rx.foreach(s.people, _person),
                    class_name="qy-fieldset",
                ),
                rx.el.label(
                    rx.checkbox(checked=s.form_weekly, on_change=s.set_form_weekly, size="3"),
                    rx.text(strings.INS_PLAN_WEEKLY),
                    class_name="qy-check-row",
                ),
                rx.button(strings.INS_PLAN_SUBMIT, size="3", class_name="qy-btn", width="100%", on_click=s.plan),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        rx.heading(strings.INS_PLAN_LIST, as_="h2", size="4"),
        rx.cond(
            s.plans.length() > 0,
            rx.vstack(rx.foreach(s.plans, _plan_row), width="100%", spacing="2"),
            rx.text(strings.INS_PLAN_EMPTY, color_scheme="gray"),
        ),
        rx.cond(
            s.series.length() > 0,
            rx.card(
                rx.heading(strings.INS_SERIES, as_="h2", size="4"),
                rx.foreach(
                    s.series,
                    lambda x: rx.flex(
                        rx.text(
                            x["weekday"],
                            " · ",
                            x["target"],
                            " · ",
                            x["template"],
                            " · ",
                            x["inspectors"],
                            size="2",
                            flex="1",
                        ),
                        rx.button(
                            strings.INS_SERIES_STOP,
                            size="2",
                            variant="soft",
                            color_scheme="red",
                            on_click=s.stop(x["id"]),
                            aria_label=strings.INS_SERIES_STOP + " " + x["target"],
                            class_name="qy-btn-sm",
                        ),
                        align="center",
                        gap="8px",
                        padding_y="6px",
                    ),
                ),
                width="100%",
            ),
        ),
        rx.card(
            rx.heading(strings.INS_TARGETS, as_="h2", size="4", margin_bottom="8px"),
            rx.el.nav(
                rx.foreach(s.targets, lambda t: rx.link(t["name"], href=t["href"], class_name="qy-chip-link")),
                aria_label=strings.INS_TARGETS,
                class_name="qy-chip-row",
            ),
            width="100%",
        ),
        rx.card(
            rx.heading(strings.INS_EXPORT, as_="h2", size="4", margin_bottom="8px"),
            rx.vstack(
                field(
                    strings.INS_EXPORT_FROM,
                    rx.input(type="date", value=s.export_from, on_change=s.set_export_from, size="3"),
                ),
                field(
                    strings.INS_EXPORT_TO, rx.input(type="date", value=s.export_to, on_change=s.set_export_to, size="3")
                ),
                spacing="2",
                width="100%",
            ),
            rx.flex(
                download_link(
                    strings.INS_EXPORT_CSV, routes.export_url("csv", s.export_from, s.export_to), "file_text", soft=True
                ),
                download_link(
                    strings.INS_EXPORT_XLSX, routes.export_url("xlsx", s.export_from, s.export_to), "sheet", soft=True
                ),
                gap="8px",
                wrap="wrap",
                margin_top="8px",
            ),
            width="100%",
        ),
        active=core_routes.STAFF,
        title=strings.INS_ADMIN_TITLE,
    )


def rects_page() -> rx.Component:
    s = RectListState
    choices = [
        ("open", strings.RECT_FILTER_OPEN),
        ("overdue", strings.RECT_FILTER_OVERDUE),
        ("closed", strings.RECT_FILTER_CLOSED),
    ]
    return layout(
        ins_nav(),
        notice(s.error),
        rx.el.div(
            *[
                rx.el.button(
                    label,
                    type="button",
                    on_click=s.set_rect_filter(value),
                    aria_pressed=rx.cond(s.rect_filter == value, "true", "false"),
                    class_name="qy-chip",
                )
                for value, label in choices
            ],
            role="group",
            aria_label=strings.RECT_LIST_TITLE,
            class_name="qy-chip-row",
        ),
        rx.cond(
            s.rects.length() > 0,
            rx.vstack(
                rx.foreach(
                    s.rects,
                    lambda r: rx.box(rx.text(r["target"], size="1", color_scheme="gray"), rect_row(r), width="100%"),
                ),
                width="100%",
                spacing="3",
            ),
            rx.text(strings.RECT_EMPTY, color_scheme="gray"),
        ),
        active=core_routes.STAFF,
        title=strings.RECT_LIST_TITLE,
    )


def history_page() -> rx.Component:
    s = HistoryState
    return layout(
        ins_nav(),
        notice(s.error),
        rx.heading(s.target_name, as_="h2", size="5"),
        rx.cond(
            s.trend.length() > 1,
            rx.card(
                rx.heading(strings.INS_HISTORY_TREND, as_="h3", size="3"),
                rx.recharts.line_chart(
                    rx.recharts.line(data_key="score", stroke="#c8102e", stroke_width=2, is_animation_active=False),
                    rx.recharts.x_axis(data_key="day", padding={"left": 12, "right": 20}),
                    rx.recharts.y_axis(domain=[0, 100], width=36),
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                    rx.recharts.graphing_tooltip(),
                    data=s.trend,
                    height=220,
                    width="100%",
                ),
                width="100%",
                role="img",
                aria_label=strings.INS_HISTORY_TREND,
            ),
        ),
        rx.heading(strings.INS_HISTORY_TITLE, as_="h2", size="4"),
        rx.cond(
            s.history.length() > 0,
            rx.vstack(
                rx.foreach(
                    s.history,
                    lambda h: rx.link(
                        rx.flex(
                            rx.text(h["day"], weight="bold"),
                            rx.text(strings.INS_SCORE, " ", h["score"]),
                            rx.badge(
                                rx.cond(h["passed"], strings.INS_VERDICT_PASS, strings.INS_VERDICT_FAIL),
                                color_scheme=rx.cond(h["passed"], "green", "red"),
                            ),
                            justify="between",
                            align="center",
                            gap="8px",
                        ),
                        rx.text(h["template"], " · ", h["inspectors"], size="2", color_scheme="gray"),
                        rx.text(h["failed"], size="2"),
                        href=h["href"],
                        underline="none",
                        class_name="qy-case-row",
                        width="100%",
                    ),
                ),
                width="100%",
                spacing="2",
            ),
            rx.text(strings.INS_HISTORY_EMPTY, color_scheme="gray"),
        ),
        active=core_routes.STAFF,
        title=strings.INS_HISTORY_TITLE,
    )


def _item_form() -> rx.Component:
    s = ChecklistState
    return rx.card(
        rx.vstack(
            field(
                strings.CHK_SECTION,
                rx.input(value=s.f_section, on_change=lambda v: s.set_field("f_section", v), size="3", max_length=32),
            ),
            field(
                strings.CHK_TEXT,
                rx.text_area(value=s.f_text, on_change=lambda v: s.set_field("f_text", v), max_length=120),
            ),
            field(
                strings.CHK_GUIDANCE,
                rx.text_area(value=s.f_guidance, on_change=lambda v: s.set_field("f_guidance", v), max_length=300),
            ),
            field(
                strings.CHK_WEIGHT,
                rx.input(
                    type="number",
                    min=1,
                    max=10,
                    value=s.f_weight,
                    on_change=lambda v: s.set_field("f_weight", v),
                    size="3",
                ),
            ),
            rx.el.label(
                rx.checkbox(checked=s.f_photo, on_change=lambda v: s.set_field("f_photo", v), size="3"),
                rx.text(strings.CHK_PHOTO),
                class_name="qy-check-row",
            ),
            rx.el.label(
                rx.checkbox(checked=s.f_critical, on_change=lambda v: s.set_field("f_critical", v), size="3"),
                rx.text(strings.CHK_CRITICAL),
                class_name="qy-check-row",
            ),
            rx.flex(
                rx.button(strings.CHK_SAVE_ITEM, size="3", class_name="qy-btn", on_click=s.save_item),
                rx.button(
                    strings.CHK_CANCEL,
                    size="3",
                    variant="soft",
                    color_scheme="gray",
                    class_name="qy-btn",
                    on_click=s.stop_editing,
                ),
                gap="8px",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _chk_item(i) -> rx.Component:
    s = ChecklistState
    return rx.cond(
        s.editing == i["id"],
        _item_form(),
        rx.box(
            rx.text(i["section"], size="1", color_scheme="gray"),
            rx.text(i["no"], ". ", i["text"], weight="medium"),
            rx.cond(i["guidance"] != "", rx.text(i["guidance"], size="2", color_scheme="gray")),
            rx.flex(
                rx.text(i["weight_label"], size="1"),
                rx.cond(i["critical"], rx.badge(strings.INS_CRITICAL_BADGE, color_scheme="red", variant="soft")),
                rx.cond(i["photo"], rx.badge(strings.INS_PHOTO_REQUIRED_BADGE, color_scheme="amber", variant="soft")),
                gap="6px",
                align="center",
            ),
            rx.flex(
                rx.button(
                    strings.CHK_EDIT,
                    size="2",
                    variant="soft",
                    on_click=s.edit_item(i["id"]),
                    class_name="qy-btn-sm",
                    aria_label=strings.CHK_EDIT + " " + i["label"],
                ),
                rx.button(
                    strings.CHK_UP,
                    size="2",
                    variant="soft",
                    color_scheme="gray",
                    on_click=s.move_item(i["id"], -1),
                    class_name="qy-btn-sm",
                    aria_label=strings.CHK_UP + " " + i["label"],
                ),
                rx.button(
                    strings.CHK_DOWN,
                    size="2",
                    variant="soft",
                    color_scheme="gray",
                    on_click=s.move_item(i["id"], 1),
                    class_name="qy-btn-sm",
                    aria_label=strings.CHK_DOWN + " " + i["label"],
                ),
                rx.button(
                    strings.CHK_DELETE,
                    size="2",
                    variant="soft",
                    color_scheme="red",
                    on_click=s.delete_item(i["id"]),
                    class_name="qy-btn-sm",
                    aria_label=strings.CHK_DELETE + " " + i["label"],
                ),
                gap="6px",
                wrap="wrap",
                margin_top="6px",
            ),
            class_name="qy-case-row",
            width="100%",
        ),
    )


def checklists_page() -> rx.Component:
    s = ChecklistState
    return layout(
        ins_nav(),
        notice(s.error),
        notice(s.message, kind="ok"),
        field(strings.CHK_PICK, native_select(s.tpl_options, s.tpl_id, s.pick_template)),
        rx.card(
            rx.heading(strings.CHK_SETTINGS, as_="h2", size="4", margin_bottom="8px"),
            rx.vstack(
                field(
                    strings.CHK_NAME,
                    rx.input(value=s.tpl_name, on_change=lambda v: s.set_field("tpl_name", v), size="3"),
                ),
                field(
                    strings.CHK_PASS_MARK,
                    rx.input(
                        type="number",
                        value=s.tpl_pass_mark,
                        min=0,
                        max=100,
                        on_change=lambda v: s.set_field("tpl_pass_mark", v),
                        size="3",
                    ),
                ),
                field(
                    strings.CHK_DAYS,
                    rx.input(
                        type="number",
                        value=s.tpl_days,
                        min=1,
                        max=90,
                        on_change=lambda v: s.set_field("tpl_days", v),
                        size="3",
                    ),
                ),
                field(
                    strings.CHK_OFFICE,
                    native_select(s.offices, s.tpl_office, lambda v: s.set_field("tpl_office", v), placeholder="—"),
                ),
                rx.button(
                    strings.CHK_SAVE_SETTINGS, size="3", variant="soft", class_name="qy-btn", on_click=s.save_settings
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        rx.heading(strings.CHK_ITEMS, as_="h2", size="4"),
        rx.text(s.version_label, size="2", color=rx.cond(s.has_draft, "var(--amber-11)", "var(--gray-11)")),
        rx.cond(
            s.has_draft,
            rx.flex(
                rx.button(
                    rx.icon("upload", aria_hidden="true"),
                    strings.CHK_PUBLISH,
                    size="3",
                    class_name="qy-btn",
                    on_click=s.publish,
                ),
                rx.button(
                    strings.CHK_DISCARD,
                    size="3",
                    variant="soft",
                    color_scheme="gray",
                    class_name="qy-btn",
                    on_click=s.discard,
                ),
                gap="8px",
                wrap="wrap",
            ),
        ),
        rx.vstack(rx.foreach(s.items, _chk_item), width="100%", spacing="2"),
        rx.cond(
            s.editing == "new",
            _item_form(),
            rx.button(
                rx.icon("plus", aria_hidden="true"),
                strings.CHK_ADD,
                size="3",
                variant="soft",
                class_name="qy-btn",
                width="100%",
                on_click=s.edit_item("new"),
            ),
        ),
        active=core_routes.STAFF,
        title=strings.CHK_TITLE,
    )
