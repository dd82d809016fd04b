"""What every feature uses: settings, database, accounts and permissions, photos, notifications,
jobs, print primitives, the UI shell. Nothing here imports a feature."""

from __future__ import annotations


def register(app) -> None:
    """The core's pages (login, accounts), its /api routes and its background jobs."""
    from quanyi_app.core import api, jobs, memory, routes, strings, tabstate
    from quanyi_app.core.accounts import cookies, landing, web
    from quanyi_app.core.accounts import pages as account_pages
    from quanyi_app.core.accounts.admin import AdminUsersState
    from quanyi_app.core.accounts.login import LoginState
    from quanyi_app.core.notify.pages import outbox_card
    from quanyi_app.core.notify.state import OutboxState
    from quanyi_app.core.permissions import Perm
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import page_title

    app.add_page(
        account_pages.login, route=routes.LOGIN, title=page_title(strings.LOGIN_TITLE), on_load=LoginState.open_page
    )
    app.add_page(
        account_pages.users,
        route=routes.STAFF_USERS,
        title=page_title(strings.USERS_TITLE),
        on_load=AdminUsersState.open_page,
    )
    panels.add_link(
        panels.WORKBENCH,
        order=90,
        icon="users",
        label=strings.NAV_USERS,
        href=routes.STAFF_USERS,
        permission=Perm.USER_ADMIN,
    )
    panels.add_card(panels.WORKBENCH, outbox_card, order=5, permission=Perm.OUTBOX_MANAGE, on_load=[OutboxState.load])
    cookies.bind_app(app)
    app.add_middleware(tabstate.KeepPathAlive())
    api.add_routes(web.ROUTES)
    # Case triagers (staff, admins) start on the workbench; features add other roles' landings.
    landing.add(routes.STAFF, Perm.CASE_TRIAGE, order=10)
    _private_state_store()
    from quanyi_app.core.photos.jobs import PURGE_EVERY_SECONDS, purge_drafts_once

    jobs.every(PURGE_EVERY_SECONDS, "purging photo drafts", purge_drafts_once)
    app.register_lifespan_task(jobs.periodic)
    app.register_lifespan_task(jobs.sender)
    app.register_lifespan_task(memory.release_memory)


def _private_state_store() -> None:
    """Reflex's on-disk state store (``.states``) is for this process's user only: the directory is
    0700, so no other account can open a file in it, whatever the file's own mode (no per-file pass
    at start-up, which would grow with the store). Secrets never enter state (accounts/cookies.py);
    this keeps the rest — what students typed into forms — private too. With Redis, states expire."""
    import os

    from reflex.utils.prerequisites import get_states_dir

    folder = get_states_dir().absolute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    except OSError:  # a read-only checkout: Reflex will say so when it writes
        pass
