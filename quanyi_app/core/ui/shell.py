"""The app shell: top bar, bottom tab bar on phones, side navigation on wide screens."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from quanyi_app.core import routes, strings
from quanyi_app.core.accounts.session import LOGGED_IN
from quanyi_app.core.web import is_plain

_TABS: dict[str, tuple[int, str, str]] = {}


def add_tab(route: str, icon: str, label: str, *, order: int) -> None:
    """A feature's entry in the bottom tab bar and the side navigation (lowest order first).
    Called from ``register(app)``; pages are rendered after every feature has registered."""
    _TABS[route] = (order, icon, label)


def tabs() -> list[tuple[str, str, str]]:
    return [(route, icon, label) for route, (_, icon, label) in sorted(_TABS.items(), key=lambda kv: kv[1][0])]


TABBAR_HEIGHT = "64px"
SIDENAV_WIDTH = "232px"


def _tab(route: str, icon: str, label: str, active: str) -> rx.Component:
    is_active = route == active
    return rx.link(
        rx.icon(icon, size=22, aria_hidden="true"),
        rx.text(label, size="1", weight="medium" if is_active else "regular"),
        href=route,
        reload_document=is_plain(route),
        aria_current="page" if is_active else None,
        class_name="qy-tab" + (" qy-tab-active" if is_active else ""),
        underline="none",
    )


def tab_bar(active: str) -> rx.Component:
    return rx.el.nav(
        *[_tab(r, i, label, active) for r, i, label in tabs()],
        aria_label=strings.NAV_MAIN_LABEL,
        class_name="qy-tabbar",
    )


def _side_link(route: str, icon: str, label: str, active: str) -> rx.Component:
    is_active = route == active
    return rx.link(
        rx.icon(icon, size=20, aria_hidden="true"),
        rx.text(label, size="3"),
        href=route,
        reload_document=is_plain(route),
        aria_current="page" if is_active else None,
        class_name="qy-side-link" + (" qy-side-link-active" if is_active else ""),
        underline="none",
    )


def side_nav(active: str) -> rx.Component:
    return rx.el.nav(
        rx.link(
            rx.heading(strings.APP_NAME, size="6", class_name="qy-brand"),
            rx.text(strings.DEPARTMENT, size="1", color_scheme="gray"),
            href=routes.HOME,
            reload_document=is_plain(routes.HOME),
            underline="none",
            class_name="qy-side-brand",
        ),
        *[_side_link(r, i, label, active) for r, i, label in tabs()],
        rx.spacer(),
        _side_link(routes.STAFF, "layout_dashboard", strings.NAV_STAFF, active),
        aria_label=strings.NAV_MAIN_LABEL,
        class_name="qy-sidenav",
    )


def top_bar() -> rx.Component:
    return rx.el.header(
        rx.link(
            rx.hstack(
                rx.box(strings.APP_NAME[0], class_name="qy-logo", aria_hidden="true"),
                rx.vstack(
                    rx.text(strings.APP_NAME, weight="bold", size="4", line_height="1.1"),
                    rx.text(strings.DEPARTMENT, size="1", color_scheme="gray", line_height="1.1"),
                    spacing="0",
                ),
                align="center",
                spacing="2",
            ),
            href=routes.HOME,
            reload_document=is_plain(routes.HOME),
            underline="none",
            color="inherit",
        ),
        rx.cond(
            LOGGED_IN,
            rx.link(
                rx.icon("layout_dashboard", size=18, aria_hidden="true"),
                strings.NAV_STAFF,
                href=routes.STAFF,
                class_name="qy-top-action",
                underline="none",
            ),
        ),
        class_name="qy-topbar",
    )


def connection_notice() -> rx.Component:
    """A Chinese stand-in for Reflex's English connection toasts."""
    return rx.cond(
        has_connection_errors,
        rx.box(
            rx.icon("wifi_off", size=16, aria_hidden="true"),
            rx.text(strings.CONN_LOST, size="2"),
            role="status",
            aria_live="polite",
            class_name="qy-conn",
        ),
    )


def layout(*children: rx.Component, active: str = "", title: str = "") -> rx.Component:
    """A page: skip link, bars, and the content column."""
    return rx.fragment(
        rx.el.a(strings.SKIP_TO_CONTENT, href="#main", class_name="qy-skip"),
        rx.desktop_only(side_nav(active)),
        rx.box(
            rx.mobile_and_tablet(top_bar()),
            rx.el.main(
                rx.heading(title, as_="h1", size="7", class_name="qy-page-title") if title else rx.fragment(),
                *children,
                id="main",
                tab_index=-1,
                class_name="qy-main",
            ),
            class_name="qy-content",
        ),
        rx.mobile_and_tablet(tab_bar(active)),
    )


def error_fallback() -> rx.Component:
    """Shown instead of a page whose rendering failed (replaces Reflex's English one)."""
    from reflex_base.vars.base import Var
    from reflex_base.vars.function import ArgsFunctionOperation

    body = rx.box(
        rx.heading(strings.RENDER_ERROR_TITLE, as_="h1", size="6"),
        rx.text(strings.RENDER_ERROR_BODY, size="3"),
        rx.el.button(strings.RELOAD, on_click=rx.call_script("window.location.reload()"), class_name="qy-reload"),
        rx.el.a(strings.BACK_HOME, href=routes.HOME, class_name="qy-reload qy-reload-light"),
        role="alert",
        class_name="qy-render-error",
    )
    return ArgsFunctionOperation.create(("event_args",), Var.create(body))


def notice(message, *, kind: str = "error") -> rx.Component:
    """An inline message that screen readers announce; empty string renders nothing."""
    icon, color = {"error": ("circle_alert", "red"), "info": ("info", "amber")}.get(kind, ("circle_check", "green"))
    return rx.cond(
        message != "",
        rx.callout(
            message,
            icon=icon,
            color_scheme=color,
            role="alert" if kind == "error" else "status",
            size="2",
            width="100%",
        ),
    )


def hydrate_fallback() -> rx.Component:
    """What a phone shows from the first HTML byte on routes that are not prerendered (/s/<code>,
    /t/<code>): the brand bar and a Chinese line, plain HTML + CSS, no state, no JavaScript."""
    return rx.el.div(
        rx.el.header(
            rx.el.div(strings.APP_NAME[0], class_name="qy-logo", aria_hidden="true"),
            rx.el.div(rx.el.strong(strings.APP_NAME), rx.el.div(strings.DEPARTMENT, class_name="qy-fallback-sub")),
            class_name="qy-fallback-bar",
        ),
        rx.el.main(
            rx.el.h1(strings.HOME_TITLE, class_name="qy-fallback-title"),
            rx.el.p(strings.LOADING_PAGE, class_name="qy-fallback-text"),
            class_name="qy-fallback-main",
        ),
    )
