"""Staff pages: login and account administration."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes, strings
from quanyi_app.core.accounts.admin import NEW_PASSWORD_FIELD, ROLE_OPTIONS, AdminUsersState
from quanyi_app.core.accounts.login import LoginState
from quanyi_app.core.permissions import ROLE_SCOPES
from quanyi_app.core.ui.forms import field, native_select, post_form
from quanyi_app.core.ui.shell import layout, notice


def _roles_scoped_by(scope: str) -> rx.Var:
    """The roles whose accounts are limited to one college (or office), as a frontend list."""
    return rx.Var.create([role for role, scopes in ROLE_SCOPES.items() if scope in scopes])


def login() -> rx.Component:
    """A plain HTML form posting to /api/login: the server answers with the HttpOnly cookie."""
    return layout(
        rx.card(
            post_form(
                rx.vstack(
                    notice(LoginState.error),
                    notice(LoginState.notice, kind="ok"),
                    field(
                        strings.LOGIN_USERNAME,
                        rx.input(
                            name="username",
                            default_value=LoginState.username,
                            key=LoginState.username,
                            auto_complete="username",
                            auto_capitalize="none",
                            size="3",
                            required=True,
                            max_length=64,
                            id="login-username",
                        ),
                    ),
                    field(
                        strings.LOGIN_PASSWORD,
                        rx.input(
                            name="password",
                            type="password",
                            auto_complete="current-password",
                            size="3",
                            required=True,
                            max_length=256,
                            id="login-password",
                        ),
                    ),
                    rx.el.input(type="hidden", name="next", value=LoginState.next_path),
                    rx.button(strings.LOGIN_SUBMIT, type="submit", size="3", width="100%", class_name="qy-btn"),
                    spacing="4",
                ),
                action=routes.API_LOGIN,
                fresh_session=True,
            ),
            width="100%",
        ),
        active=routes.ME,
        title=strings.LOGIN_TITLE,
    )


def logout_button(label: str, icon: str = "") -> rx.Component:
    """Logging out is a form post to /api/logout: the server revokes the token and clears the cookie."""
    return post_form(
        rx.button(
            *([rx.icon(icon, aria_hidden="true")] if icon else []),
            label,
            type="submit",
            size="3",
            variant="soft",
            color_scheme="gray",
            class_name="qy-btn",
        ),
        action=routes.API_LOGOUT,
        fresh_session=True,
        style={"display": "contents"},
    )


def _user_card(u) -> rx.Component:
    return rx.card(
        rx.box(
            rx.hstack(
                rx.text(u["display_name"], weight="bold", size="3"),
                rx.text(u["username"], size="2", color_scheme="gray"),
                rx.spacer(),
                rx.badge(u["status"], color_scheme=rx.cond(u["active"], "green", "gray"), size="2"),
                align="center",
                width="100%",
            ),
            rx.text(u["role"], size="2"),
            rx.flex(
                rx.cond(
                    u["active"],
                    rx.button(
                        strings.USERS_DISABLE,
                        size="3",
                        variant="soft",
                        color_scheme="red",
                        on_click=AdminUsersState.set_active(u["id"], False),
                        class_name="qy-btn",
                        aria_label=strings.USERS_DISABLE + " " + u["username"],
                    ),
                    rx.button(
                        strings.USERS_ENABLE,
                        size="3",
                        variant="soft",
                        color_scheme="green",
                        on_click=AdminUsersState.set_active(u["id"], True),
                        class_name="qy-btn",
                        aria_label=strings.USERS_ENABLE + " " + u["username"],
                    ),
                ),
                rx.button(
                    strings.USERS_RESET,
                    size="3",
                    variant="soft",
                    color_scheme="gray",
                    on_click=AdminUsersState.reset_password(u["id"]),
                    class_name="qy-btn",
                    aria_label=strings.USERS_RESET + " " + u["username"],
                ),
                gap="8px",
                wrap="wrap",
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
                    field(
                        strings.USERS_USERNAME,
                        rx.input(
                            name="username",
                            value=AdminUsersState.new_username,
                            on_change=AdminUsersState.set_new_username,
                            size="3",
                            auto_capitalize="none",
                            required=True,
                        ),
                    ),
                    field(
                        strings.USERS_DISPLAY_NAME,
                        rx.input(
                            name="display_name",
                            value=AdminUsersState.new_display_name,
                            on_change=AdminUsersState.set_new_display_name,
                            size="3",
                            required=True,
                        ),
                    ),
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
                        _roles_scoped_by("college").contains(AdminUsersState.new_role),
                        field(
                            strings.USERS_SCOPE,
                            native_select(
                                AdminUsersState.colleges,
                                AdminUsersState.new_college,
                                AdminUsersState.set_new_college,
                                placeholder=strings.USERS_SCOPE_ALL,
                            ),
                        ),
                    ),
                    rx.cond(
                        _roles_scoped_by("office").contains(AdminUsersState.new_role),
                        field(
                            strings.USERS_OFFICE,
                            native_select(
                                AdminUsersState.offices,
                                AdminUsersState.new_office,
                                AdminUsersState.set_new_office,
                                placeholder="—",
                            ),
                        ),
                    ),
                    field(
                        strings.USERS_PASSWORD,
                        rx.input(
                            name="password",
                            type="password",
                            size="3",
                            auto_complete="new-password",
                            required=True,
                            max_length=256,
                            id=NEW_PASSWORD_FIELD,
                        ),
                        hint=strings.USERS_PASSWORD_HINT,
                    ),
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
