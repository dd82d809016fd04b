"""The site's own pages: home, 我的, 404, and the staff workbench that gathers every feature's figures."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.pages import logout_button
from quanyi_app.core.accounts.session import LOGGED_IN, SessionState, allowed
from quanyi_app.core.permissions import Perm
from quanyi_app.core.ui import panels
from quanyi_app.core.ui.photos import photo_dropzone
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.core.web import is_plain
from quanyi_app.home import strings
from quanyi_app.home.state import MeState, WorkbenchState


def _mine_row(item) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.badge(item["kind"], size="2", variant="soft", color_scheme="gray"),
                rx.spacer(),
                rx.badge(item["status"], size="2", color_scheme=rx.cond(item["open"], "orange", "green")),
                align="center",
                width="100%",
            ),
            rx.text(item["title"], size="3", weight="medium", margin_top="6px"),
            rx.text(item["at"], size="1", color_scheme="gray"),
            width="100%",
        ),
        href=item["href"],
        # Some records open plain pages (a case's /t/<code>) that are not routes of the app.
        reload_document=True,
        underline="none",
        color="inherit",
        width="100%",
        class_name="qy-mine-row",
    )


def me() -> rx.Component:
    return layout(
        rx.card(
            rx.heading(strings.ME_MINE_TITLE, as_="h2", size="4", margin_bottom="4px"),
            rx.text(strings.ME_NO_ACCOUNT, size="2", color_scheme="gray", margin_bottom="8px"),
            rx.cond(
                MeState.mine.length() > 0,
                rx.vstack(rx.foreach(MeState.mine, _mine_row), spacing="2", width="100%", id="my-records"),
                rx.cond(
                    MeState.loaded,
                    rx.vstack(
                        rx.text(strings.ME_EMPTY, size="3"),
                        rx.flex(*panels.links(panels.HERO), gap="10px", wrap="wrap"),
                    ),
                ),
            ),
        ),
        rx.card(
            rx.heading(strings.ME_STAFF_TITLE, as_="h2", size="4", margin_bottom="8px"),
            rx.cond(
                LOGGED_IN,
                rx.vstack(
                    rx.text(
                        strings.ME_LOGGED_IN_AS, SessionState.user_display_name, "(", SessionState.user_role_label, ")"
                    ),
                    rx.flex(
                        rx.link(rx.button(shared.NAV_STAFF, size="3", class_name="qy-btn"), href=core_routes.STAFF),
                        logout_button(strings.LOGOUT),
                        gap="10px",
                        wrap="wrap",
                    ),
                ),
                rx.link(
                    rx.button(shared.LOGIN_TITLE, size="3", variant="soft", class_name="qy-btn"), href=core_routes.LOGIN
                ),
            ),
        ),
        active=core_routes.ME,
        title=strings.PAGE_ME_TITLE,
    )


def not_found() -> rx.Component:
    return layout(
        rx.card(
            rx.text(strings.NOT_FOUND_BODY, size="3"),
            rx.link(
                rx.button(shared.BACK_HOME, size="3", class_name="qy-btn", margin_top="12px"),
                href=core_routes.HOME,
                reload_document=is_plain(core_routes.HOME),
            ),
        ),
        title=strings.NOT_FOUND_TITLE,
    )


UPLOAD_ID = "workbench_photos"


def _photo_library() -> rx.Component:
    return rx.card(
        rx.heading(strings.PHOTO_LIBRARY, as_="h2", size="4"),
        rx.text(strings.PHOTO_LIBRARY_HINT, size="2", color_scheme="gray", margin_bottom="8px"),
        photo_dropzone(WorkbenchState.upload_photos, UPLOAD_ID, icon="image_plus"),
        rx.cond(WorkbenchState.uploading, rx.text(shared.PHOTO_UPLOADING, size="2", role="status")),
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


def workbench() -> rx.Component:
    """Who is logged in, each feature's buttons and cards this caller may use, the photo library."""
    return layout(
        rx.card(
            rx.heading(SessionState.user_display_name, as_="h2", size="5"),
            rx.text(strings.STAFF_ROLE_PREFIX, SessionState.user_role_label, size="2", color_scheme="gray"),
            rx.flex(
                *panels.links(panels.WORKBENCH),
                logout_button(strings.LOGOUT, icon="log_out"),
                gap="10px",
                wrap="wrap",
                margin_top="12px",
            ),
        ),
        *panels.cards(panels.WORKBENCH),
        rx.cond(allowed(Perm.PHOTO_LIBRARY), _photo_library()),
        active=core_routes.STAFF,
        title=shared.STAFF_TITLE,
    )
