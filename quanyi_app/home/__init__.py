"""The site's own pages: home, 我的, 404, and the staff workbench. Registered last: they show
what the features registered (core/ui/panels.py)."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import routes as core_routes
    from quanyi_app.core import strings as shared
    from quanyi_app.core.accounts.session import SessionState
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import META, page_title
    from quanyi_app.core.ui.shell import add_tab
    from quanyi_app.core.web import add_plain_routes
    from quanyi_app.home import pages, strings
    from quanyi_app.home import web as home_web
    from quanyi_app.home.state import MeState, WorkbenchState

    add_tab(core_routes.HOME, "house", strings.NAV_HOME, order=0)
    add_tab(core_routes.ME, "user", strings.NAV_ME, order=90)
    add_plain_routes(home_web.ROUTES)  # the home page /
    app.add_page(
        pages.me,
        route=core_routes.ME,
        title=page_title(strings.PAGE_ME_TITLE),
        on_load=MeState.open_page,
        meta=META,
    )
    app.add_page(
        pages.workbench,
        route=core_routes.STAFF,
        title=page_title(shared.STAFF_TITLE),
        on_load=[WorkbenchState.open_page, *panels.on_load(panels.WORKBENCH)],
        meta=META,
    )
    app.add_page(
        pages.not_found, route="404", title=page_title(strings.NOT_FOUND_TITLE), on_load=SessionState.load_identity
    )
