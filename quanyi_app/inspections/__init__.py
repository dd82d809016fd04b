"""Inspections (检查): checklists and their versions, plans and weekly series, runs that work
offline, record sheets, rectifications."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import api, jobs
    from quanyi_app.core.accounts import landing
    from quanyi_app.core.permissions import Perm
    from quanyi_app.core.photos import services as photo_services
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import META, STAFF_TITLE, page_title
    from quanyi_app.core.ui.shell import add_tab
    from quanyi_app.inspections import api as inspections_api
    from quanyi_app.inspections import routes, strings
    from quanyi_app.inspections.jobs import PLAN_EVERY_SECONDS, plan_weekly_once
    from quanyi_app.inspections.pages import admin, figures, inspect
    from quanyi_app.inspections.services.rectifications import photos_held
    from quanyi_app.inspections.state.admin import ChecklistState, HistoryState, InspectionPlanState, RectListState
    from quanyi_app.inspections.state.figures import InspectionFiguresState
    from quanyi_app.inspections.state.inspect import FixState, InspectHomeState, ReportState, RunState

    add_tab(routes.INSPECT, "clipboard_check", strings.NAV_INSPECT, order=30)
    title = page_title(strings.PAGE_INSPECT_TITLE)
    app.add_page(inspect.home, route=routes.INSPECT, title=title, on_load=InspectHomeState.open_page, meta=META)
    app.add_page(inspect.run, route=f"{routes.INSPECT_RUN}/[run_id]", title=title, on_load=RunState.open_page)
    app.add_page(
        inspect.report_page, route=f"{routes.INSPECT_REPORT}/[rep_id]", title=title, on_load=ReportState.open_page
    )
    app.add_page(inspect.fix_page, route=f"{routes.INSPECT_FIX}/[fix_id]", title=title, on_load=FixState.open_page)
    app.add_page(
        admin.plans_page, route=routes.STAFF_INSPECTIONS, title=STAFF_TITLE, on_load=InspectionPlanState.open_page
    )
    app.add_page(
        admin.rects_page, route=routes.STAFF_RECTIFICATIONS, title=STAFF_TITLE, on_load=RectListState.open_page
    )
    app.add_page(
        admin.history_page,
        route=f"{routes.STAFF_TARGET_HISTORY}/[target_id]",
        title=STAFF_TITLE,
        on_load=HistoryState.open_page,
    )
    app.add_page(
        admin.checklists_page, route=routes.STAFF_CHECKLISTS, title=STAFF_TITLE, on_load=ChecklistState.open_page
    )
    api.add_routes(inspections_api.ROUTES)
    panels.add_link(
        panels.HOME_LINKS, order=20, icon="clipboard_check", label=strings.HOME_PUBLIC_LINK, href=routes.INSPECT
    )
    # Those who inspect but do not triage cases (inspectors) start on their own rounds.
    landing.add(routes.INSPECT, Perm.INSPECTION_RUN, order=50)
    panels.add_card(
        panels.WORKBENCH,
        figures.workbench_card,
        order=10,
        permission=Perm.INSPECTION_RUN,
        on_load=[InspectionFiguresState.load],
    )
    jobs.every(PLAN_EVERY_SECONDS, "planning weekly inspections", plan_weekly_once)

    photo_services.add_usage(photos_held)  # their photos are never purged as drafts
