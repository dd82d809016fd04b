"""Staff pages: login, workbench, account administration."""

from __future__ import annotations

import reflex as rx

from quanyi_app import routes, strings
from quanyi_app.components.figures import figures_card
from quanyi_app.components.forms import field, native_select
from quanyi_app.components.photos import photo_dropzone
from quanyi_app.components.shell import layout, notice
from quanyi_app.state.admin import ROLE_OPTIONS, AdminUsersState
from quanyi_app.state.auth import LoginState
from quanyi_app.state.session import SessionState
from quanyi_app.state.workbench import WorkbenchState

UPLOAD_ID = "workbench_photos"


def login() -> rx.Component:
    return layout(
        rx.card(
            rx.form(
                rx.vstack(
                    notice(LoginState.error),
                    field(
                        strings.LOGIN_USERNAME,
                        rx.input(name="username", value=LoginState.username, on_change=LoginState.set_username,
                                 auto_complete="username", auto_capitalize="none", size="3", required=True,
                                 id="login-username"),
                    ),
                    field(
                        strings.LOGIN_PASSWORD,
                        rx.input(name="password", type="password", value=LoginState.password,
                                 on_change=LoginState.set_password, auto_complete="current-password", size="3",
                                 required=True, id="login-password"),
                    ),
                    rx.button(
                        rx.cond(LoginState.busy, strings.LOGIN_BUSY, strings.LOGIN_SUBMIT),
                        type="submit", size="3", width="100%", loading=LoginState.busy, class_name="qy-btn",
                    ),
                    spacing="4",
                ),
                on_submit=LoginState.submit,
                reset_on_submit=False,
            ),
            width="100%",
        ),
        active=routes.ME,
        title=strings.LOGIN_TITLE,
    )


def _photo_library() -> rx.Component:
    return rx.card(
        rx.heading(strings.PHOTO_LIBRARY, as_="h2", size="4"),
        rx.text(strings.PHOTO_LIBRARY_HINT, size="2", color_scheme="gray", margin_bottom="8px"),
        photo_dropzone(WorkbenchState.upload_photos, UPLOAD_ID, icon="image_plus"),
        rx.cond(WorkbenchState.uploading, rx.text(strings.PHOTO_UPLOADING, size="2", role="status")),
        notice(WorkbenchState.upload_error),
        notice(WorkbenchState.upload_message, kind="ok"),
        rx.cond(
            WorkbenchState.photos.length() > 0,
            rx.box(
                rx.foreach(
                    WorkbenchState.photos,
                    lambda p: rx.link(
                        rx.image(src=p["thumb"], alt=p["size"], loading="lazy"), href=p["full"], is_external=True
                    ),
                ),
                class_name="qy-photo-grid",
                margin_top="8px",
            ),
            rx.text(strings.PHOTO_LIBRARY_EMPTY, size="2", color_scheme="gray"),
        ),
    )


def _ins_stat(label: str, value, test_id: str, href: str) -> rx.Component:
    return rx.link(
        rx.text(value, size="6", weight="bold", id=test_id),
        rx.text(label, size="1", color_scheme="gray"),
        href=href, underline="none", color="inherit", class_name="qy-stat-link",
    )


def _inspection_card() -> rx.Component:
    return rx.card(
        rx.heading(strings.FIG_INS_TITLE, as_="h2", size="4", margin_bottom="8px"),
        rx.grid(
            _ins_stat(strings.FIG_INS_WEEK, WorkbenchState.ins_week, "fig-ins-week",
                      rx.cond(SessionState.user_role == "inspector", routes.INSPECT, routes.STAFF_INSPECTIONS)),
            _ins_stat(strings.FIG_INS_OPEN, WorkbenchState.ins_open, "fig-ins-open", routes.STAFF_RECTIFICATIONS),
            _ins_stat(strings.FIG_INS_OVERDUE, WorkbenchState.ins_overdue, "fig-ins-overdue", routes.STAFF_RECTIFICATIONS),
            columns="3", gap="8px", width="100%",
        ),
        rx.flex(
            rx.link(rx.button(rx.icon("clipboard_check", aria_hidden="true"), strings.INS_MY_LIST, size="3", variant="soft",
                              class_name="qy-btn"), href=routes.INSPECT),
            rx.cond(SessionState.user_role != "inspector",
                    rx.link(rx.button(rx.icon("calendar_check", aria_hidden="true"), strings.INS_NAV_PLANS, size="3",
                                      variant="soft", class_name="qy-btn"), href=routes.STAFF_INSPECTIONS)),
            rx.link(rx.button(rx.icon("wrench", aria_hidden="true"), strings.INS_NAV_RECTS, size="3", variant="soft",
                              class_name="qy-btn"), href=routes.STAFF_RECTIFICATIONS),
            gap="8px", wrap="wrap", margin_top="12px",
        ),
        width="100%",
    )


def workbench() -> rx.Component:
    return layout(
        rx.card(
            rx.heading(SessionState.user_display_name, as_="h2", size="5"),
            rx.text(strings.STAFF_ROLE_PREFIX, SessionState.user_role_label, size="2", color_scheme="gray"),
            rx.flex(
                rx.cond(
                    SessionState.user_role == "office",
                    rx.fragment(),
                    rx.fragment(
                        rx.link(rx.button(rx.icon("inbox", aria_hidden="true"), strings.NAV_CASES, size="3",
                                          class_name="qy-btn"), href=routes.STAFF_CASES),
                        rx.link(rx.button(rx.icon("files", aria_hidden="true"), strings.NAV_PROPOSALS_STAFF, size="3",
                                          variant="soft", class_name="qy-btn"), href=routes.STAFF_PROPOSALS),
                        rx.link(rx.button(rx.icon("qr_code", aria_hidden="true"), strings.NAV_QR, size="3",
                                          variant="soft", class_name="qy-btn"), href=routes.STAFF_QR),
                        rx.link(rx.button(rx.icon("tags", aria_hidden="true"), strings.NAV_CATEGORIES, size="3",
                                          variant="soft", class_name="qy-btn"), href=routes.STAFF_CATEGORIES),
                        rx.link(rx.button(rx.icon("package_search", aria_hidden="true"), strings.DESK_TITLE, size="3",
                                          variant="soft", class_name="qy-btn"), href=routes.STAFF_FOUND),
                    ),
                ),
                rx.cond(
                    SessionState.is_admin,
                    rx.link(rx.button(rx.icon("users", aria_hidden="true"), strings.NAV_USERS, size="3",
                                      variant="soft", class_name="qy-btn"), href=routes.STAFF_USERS),
                ),
                rx.button(rx.icon("log_out", aria_hidden="true"), strings.LOGOUT, size="3", variant="soft",
                          color_scheme="gray", on_click=SessionState.logout, class_name="qy-btn"),
                gap="10px", wrap="wrap", margin_top="12px",
            ),
        ),
        rx.cond(SessionState.user_role != "office", _inspection_card()),
        rx.cond(SessionState.user_role != "office", figures_card(detailed=True)),
        rx.cond(SessionState.user_role != "office", _photo_library()),
        active=routes.STAFF,
        title=strings.STAFF_TITLE,
    )


def _user_card(u) -> rx.Component:
    return rx.card(
        rx.box(
            rx.hstack(
                rx.text(u["display_name"], weight="bold", size="3"),
                rx.text(u["username"], size="2", color_scheme="gray"),
                rx.spacer(),
                rx.badge(u["status"], color_scheme=rx.cond(u["active"] == "1", "green", "gray"), size="2"),
                align="center", width="100%",
            ),
            rx.text(u["role"], size="2"),
            rx.flex(
                rx.cond(
                    u["active"] == "1",
                    rx.button(strings.USERS_DISABLE, size="3", variant="soft", color_scheme="red",
                              on_click=AdminUsersState.set_active(u["id"], False), class_name="qy-btn",
                              aria_label=strings.USERS_DISABLE + " " + u["username"]),
                    rx.button(strings.USERS_ENABLE, size="3", variant="soft", color_scheme="green",
                              on_click=AdminUsersState.set_active(u["id"], True), class_name="qy-btn",
                              aria_label=strings.USERS_ENABLE + " " + u["username"]),
                ),
                rx.button(strings.USERS_RESET, size="3", variant="soft", color_scheme="gray",
                          on_click=AdminUsersState.reset_password(u["id"]), class_name="qy-btn",
                          aria_label=strings.USERS_RESET + " " + u["username"]),
                gap="8px", wrap="wrap",
            ),
            class_name="qy-user-row",
        ),
    )


def users() -> rx.Component:
    return layout(
        notice(AdminUsersState.error),
        notice(AdminUsersState.message, kind="ok"),
        rx.card(
            rx.heading(strings.USERS_CREATE, as_="h2", size="4", margin_bottom="8px"),
            rx.form(
                rx.vstack(
                    field(strings.USERS_USERNAME, rx.input(name="username", value=AdminUsersState.new_username,
                                                              on_change=AdminUsersState.set_new_username, size="3",
                                                              auto_capitalize="none", required=True)),
                    field(strings.USERS_DISPLAY_NAME, rx.input(name="display_name", value=AdminUsersState.new_display_name,
                                                                  on_change=AdminUsersState.set_new_display_name, size="3",
                                                                  required=True)),
                    field(
                        strings.USERS_ROLE,
                        rx.el.select(
                            *[rx.el.option(o["label"], value=o["value"]) for o in ROLE_OPTIONS],
                            name="role",
                            value=AdminUsersState.new_role,
                            on_change=AdminUsersState.set_new_role,
                            class_name="rt-reset",
                            style={"border": "1px solid #d0d0d7", "borderRadius": "8px", "padding": "0 10px"},
                        ),
                    ),
                    rx.cond(
                        AdminUsersState.new_role == "staff",
                        field(strings.USERS_SCOPE, native_select(AdminUsersState.colleges, AdminUsersState.new_college,
                                                                 AdminUsersState.set_new_college,
                                                                 placeholder=strings.USERS_SCOPE_ALL)),
                    ),
                    rx.cond(
                        AdminUsersState.new_role == "office",
                        field(strings.USERS_OFFICE, native_select(AdminUsersState.offices, AdminUsersState.new_office,
                                                                  AdminUsersState.set_new_office, placeholder="—")),
                    ),
                    field(strings.USERS_PASSWORD, rx.input(name="password", type="password", value=AdminUsersState.new_password,
                                                              on_change=AdminUsersState.set_new_password, size="3",
                                                              auto_complete="new-password", required=True),
                           hint=strings.USERS_PASSWORD_HINT),
                    rx.button(strings.USERS_CREATE_SUBMIT, type="submit", size="3", class_name="qy-btn", width="100%"),
                    spacing="3",
                ),
                on_submit=AdminUsersState.create_user,
                reset_on_submit=False,
            ),
        ),
        rx.heading(strings.USERS_LIST, as_="h2", size="4"),
        rx.foreach(AdminUsersState.users, _user_card),
        active=routes.STAFF,
        title=strings.USERS_TITLE,
    )
