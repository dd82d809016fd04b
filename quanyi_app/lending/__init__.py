"""Umbrella lending (爱心伞): umbrellas with QR labels at the pickup points, borrow by scanning,
return anywhere, reminders and overdue through the outbox."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import api, jobs, mine
    from quanyi_app.core.permissions import Perm
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import STAFF_TITLE, page_title
    from quanyi_app.core.web import add_plain_routes
    from quanyi_app.lending import api as lending_api
    from quanyi_app.lending import routes, strings
    from quanyi_app.lending import web as lending_web
    from quanyi_app.lending.jobs import EVERY_SECONDS, follow_up_loans_once
    from quanyi_app.lending.pages import desk, public
    from quanyi_app.lending.pages.figures import workbench_card
    from quanyi_app.lending.services.loans import mine as this_phones
    from quanyi_app.lending.state.desk import UmbrellaDeskState
    from quanyi_app.lending.state.figures import LendingFiguresState
    from quanyi_app.lending.state.public import BorrowState, LoanState, ReturnPointState

    title = page_title(strings.PAGE_TITLE)
    app.add_page(public.borrow, route=f"{routes.BORROW}/[umbrella_code]", title=title, on_load=BorrowState.load)
    app.add_page(public.loan, route=f"{routes.LOAN}/[loan_code]", title=title, on_load=LoanState.load)
    app.add_page(
        public.return_point, route=f"{routes.RETURN_POINT}/[point_code]", title=title, on_load=ReturnPointState.load
    )
    panels.add_link(panels.HOME_LINKS, order=30, icon="umbrella", label=strings.HOME_LINK, href=routes.UMBRELLA)

    api.add_routes(lending_api.ROUTES)
    add_plain_routes(lending_web.ROUTES)  # /umbrella
    app.add_page(desk.desk, route=routes.STAFF_LENDING, title=STAFF_TITLE, on_load=UmbrellaDeskState.open_page)

    panels.add_card(
        panels.WORKBENCH,
        workbench_card,
        order=20,
        permission=Perm.LENDING_DESK,
        on_load=[LendingFiguresState.load],
    )
    panels.add_link(
        panels.WORKBENCH,
        order=40,
        icon="umbrella",
        label=strings.NAV_DESK,
        href=routes.STAFF_LENDING,
        permission=Perm.LENDING_DESK,
    )

    jobs.every(EVERY_SECONDS, "umbrella reminders, overdue and lost loans", follow_up_loans_once)

    mine.add(this_phones)  # 我的 lists this phone's loans
