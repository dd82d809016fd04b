"""Wiring only: the app, head tags, then the core and one ``register(app)`` per feature."""

from __future__ import annotations

import reflex as rx
from reflex.app import default_error_boundary

from quanyi_app import core, events, home, inspections, lending, lostfound, proposals, surveys
from quanyi_app.core import admission, strings
from quanyi_app.core.accounts.cookies import with_device_cookie, with_private_cookies
from quanyi_app.core.api import (
    api,
    with_cache_headers,
    with_low_priority_preloads,
    with_request_limits,
    with_security_headers,
)
from quanyi_app.core.ui.errors import backend_exception_handler
from quanyi_app.core.ui.shell import connection_notice, error_fallback, hydrate_fallback

THEME_COLOR = "#c8102e"

head = [
    rx.el.link(rel="manifest", href="/manifest.webmanifest"),
    rx.el.meta(name="theme-color", content=THEME_COLOR),
    rx.el.meta(name="application-name", content=strings.APP_NAME),
    rx.el.meta(name="apple-mobile-web-app-capable", content="yes"),
    rx.el.meta(name="apple-mobile-web-app-title", content=strings.APP_NAME),
    rx.el.meta(name="format-detection", content="telephone=no"),
    rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
    rx.el.link(rel="icon", href="/icons/icon-192.png", type="image/png"),
    rx.script(src="/register-sw.js", defer=True),
    rx.script(src="/a11y.js", defer=True),
    rx.script(src="/draft.js", defer=True),
    rx.script(src="/inspect.js", defer=True),
    rx.script(src="/checkin.js", defer=True),
]

app = admission.App(
    stylesheets=["/quanyi.css"],
    head_components=head,
    html_lang="zh-CN",
    api_transformer=[
        api,
        with_private_cookies,
        with_device_cookie,
        with_cache_headers,
        with_low_priority_preloads,
        with_security_headers,
        with_request_limits,  # outermost: an oversized body is refused before anything reads it
    ],
    backend_exception_handler=backend_exception_handler,
    hydrate_fallback=hydrate_fallback,
    # Notices at the top: at the bottom the phone's tab bar would cover them (a reset password
    # shown once must be readable).
    toaster=rx.toast.provider(position="top-center", close_button=True, offset="72px", rich_colors=True),
)
# Reflex's connection toasts are English: show our Chinese notice instead.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_notice() if stateful else None
# …and its English "An error occurred while rendering this page" with a Chinese one.
app.app_wraps[(55, "ErrorBoundary")] = lambda stateful: default_error_boundary(
    fallback_render=error_fallback(), **({} if stateful else {"on_error": rx.noop()})
)

core.register(app)
proposals.register(app)
lostfound.register(app)
inspections.register(app)
lending.register(app)
events.register(app)
surveys.register(app)
home.register(app)  # last: the home page and workbench show what the features registered
