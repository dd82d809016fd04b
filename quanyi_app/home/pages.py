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


def _feature(icon: str, title: str, body: str) -> rx.Component:
    return rx.card(
        rx.box(
            rx.box(rx.icon(icon, size=22, aria_hidden="true"), class_name="qy-feature-icon"),
            rx.vstack(
                rx.heading(title, as_="h2", size="4"),
                rx.text(body, size="2", color_scheme="gray"),
                spacing="1",
            ),
            class_name="qy-feature",
        ),
    )


def _cta(link, *, first: bool) -> rx.Component:
    """A call to action in the hero: the first one solid and dark, the others light."""
    style = {"color_scheme": "gray", "high_contrast": True} if first else {}
    return rx.link(
        rx.button(
            rx.icon(link.icon, aria_hidden="true"),
            link.label,
            size="3",
            variant="solid",
            class_name="qy-btn" if first else "qy-btn qy-btn-light",
            **style,
        ),
        href=link.href,
        reload_document=is_plain(link.href),
    )


def home() -> rx.Component:
    return layout(
        rx.box(
            rx.heading(shared.HOME_TITLE, as_="h1", size="7"),
            rx.text(strings.HOME_LEAD, as_="p", size="3", margin_top="8px"),
            rx.flex(
                *[_cta(link, first=n == 0) for n, link in enumerate(panels.links_of(panels.HERO))],
                gap="10px",
                wrap="wrap",
                margin_top="16px",
            ),
            class_name="qy-hero",
        ),
        rx.box(*[_feature(i, t, b) for i, t, b in strings.HOME_FEATURES], class_name="qy-grid"),
        *panels.cards(panels.HOME),
        *[
            rx.link(
                link.label,
                href=link.href,
                reload_document=is_plain(link.href),
                size="3",
                weight="medium",
                padding="8px 0",
            )
            for link in panels.links_of(panels.HOME_LINKS)
        ],
        rx.card(
            rx.heading(strings.HOME_HOW_TITLE, as_="h2", size="4", margin_bottom="8px"),
            rx.el.ol(
                *[rx.el.li(rx.text(step, size="3"), margin_bottom="6px") for step in strings.HOME_HOW_STEPS],
                padding_left="1.4em",
            ),
        ),
        rx.link(strings.HOME_STAFF_LINK, href=core_routes.STAFF, size="2", color_scheme="gray", padding="12px 0"),
        active=core_routes.HOME,
    )


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
                rx.button(shared.BACK_HOME, size="3", class_name="qy-btn", margin_top="12px"), href=core_routes.HOME
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
