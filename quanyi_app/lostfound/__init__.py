"""Lost and found (失物招领): pickup points, found items, claims, lost reports, campus cards,
numbered publications."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import api, jobs, mine
    from quanyi_app.core.accounts.session import SessionState
    from quanyi_app.core.permissions import Perm
    from quanyi_app.core.photos import services as photo_services
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import META, STAFF_TITLE, page_title
    from quanyi_app.core.ui.shell import add_tab
    from quanyi_app.core.web import add_plain_routes
    from quanyi_app.lostfound import api as found_api
    from quanyi_app.lostfound import routes, strings
    from quanyi_app.lostfound import web as found_web
    from quanyi_app.lostfound.jobs import PURGE_EVERY_SECONDS, purge_once
    from quanyi_app.lostfound.pages import desk, found
    from quanyi_app.lostfound.services.found import mine as this_phones
    from quanyi_app.lostfound.services.found import photos_held
    from quanyi_app.lostfound.state.desk import (
        FoundDeskState,
        FoundRegisterState,
        FoundStaffItemState,
        LostDeskState,
        PickupAdminState,
        PublicationDeskState,
    )
    from quanyi_app.lostfound.state.found import (
        ClaimStatusState,
        LostReportState,
        PublicationState,
    )

    add_tab(routes.FOUND, "package_search", strings.NAV_FOUND, order=20)
    found_title = page_title(strings.PAGE_FOUND_TITLE)
    lost_title = page_title(strings.LOST_TITLE)
    app.add_page(
        found.claim_status, route=f"{routes.FOUND_CLAIM}/[claim_code]", title=found_title, on_load=ClaimStatusState.load
    )
    app.add_page(
        found.card_lookup,
        route=routes.FOUND_CARD,
        title=page_title(strings.CARD_TITLE),
        on_load=SessionState.load_identity,
        meta=META,
    )
    app.add_page(
        found.publication,
        route=f"{routes.FOUND_PUB}/[pub_no]",
        title=found_title,
        on_load=PublicationState.load,
        meta=META,
    )
    app.add_page(
        found.lost_form,
        route=routes.LOST,
        title=lost_title,
        on_load=[SessionState.load_identity, LostReportState.open_form],
        meta=META,
    )
    app.add_page(
        found.lost_report, route=f"{routes.LOST}/[lost_code]", title=lost_title, on_load=LostReportState.open_report
    )
    app.add_page(desk.desk, route=routes.STAFF_FOUND, title=STAFF_TITLE, on_load=FoundDeskState.open_page)
    app.add_page(desk.register, route=routes.STAFF_FOUND_NEW, title=STAFF_TITLE, on_load=FoundRegisterState.open_page)
    app.add_page(
        desk.staff_item,
        route=f"{routes.STAFF_FOUND_ITEM}/[desk_fid]",
        title=STAFF_TITLE,
        on_load=FoundStaffItemState.open_page,
    )
    app.add_page(desk.lost_desk, route=routes.STAFF_LOST, title=STAFF_TITLE, on_load=LostDeskState.open_page)
    app.add_page(
        desk.publications, route=routes.STAFF_FOUND_PUBS, title=STAFF_TITLE, on_load=PublicationDeskState.open_page
    )
    app.add_page(desk.pickup_points, route=routes.STAFF_PICKUP, title=STAFF_TITLE, on_load=PickupAdminState.open_page)
    api.add_routes(found_api.ROUTES)
    add_plain_routes(found_web.ROUTES)  # /found and /found/item/<id>
    panels.add_link(panels.HERO, order=20, icon="search", label=strings.HOME_CTA_FOUND, href=routes.FOUND)
    panels.add_link(
        panels.WORKBENCH,
        order=50,
        icon="package_search",
        label=strings.DESK_TITLE,
        href=routes.STAFF_FOUND,
        permission=Perm.FOUND_DESK,
    )
    jobs.every(PURGE_EVERY_SECONDS, "purging lost-and-found personal data", purge_once)
    photo_services.add_usage(photos_held)  # their photos are never purged as drafts
    mine.add(this_phones)  # 我的 lists this phone's records
