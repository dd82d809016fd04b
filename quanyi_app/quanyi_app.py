"""Wiring only: the app, head tags, pages, API mount."""

from __future__ import annotations

import reflex as rx
from reflex.app import default_error_boundary

from quanyi_app import routes, strings
from quanyi_app.api.routes import api, with_cache_headers, with_low_priority_preloads
from quanyi_app.jobs import housekeeping
from quanyi_app.components.shell import connection_notice, error_fallback, hydrate_fallback
from quanyi_app.pages import casework, categories, found, found_desk, inspect, inspect_admin, public, qr_admin, report, staff, stories
from quanyi_app.state.admin import AdminUsersState
from quanyi_app.state.auth import LoginState
from quanyi_app.state.book_entry import BookEntryState
from quanyi_app.state.casework import CaseState, InboxState, ProposalState
from quanyi_app.state.categories import CategoriesState
from quanyi_app.state.errors import backend_exception_handler
from quanyi_app.state.figures import FiguresState
from quanyi_app.state.found import (
    ClaimStatusState,
    FoundItemState,
    FoundListState,
    LostReportState,
    PublicationState,
)
from quanyi_app.state.found_desk import (
    FoundDeskState,
    FoundRegisterState,
    FoundStaffItemState,
    LostDeskState,
    PickupAdminState,
    PublicationDeskState,
)
from quanyi_app.state.inspect import FixState, InspectHomeState, ReportState, RunState
from quanyi_app.state.inspect_admin import ChecklistState, HistoryState, InspectionPlanState, RectListState
from quanyi_app.state.qr_admin import QrAdminState
from quanyi_app.state.session import SessionState
from quanyi_app.state.stories import StoriesState, StoryEditorState
from quanyi_app.state.submit import SubmitState
from quanyi_app.state.track import TrackState
from quanyi_app.state.workbench import WorkbenchState

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
    rx.script(src="/inspect.js", defer=True),
]

app = rx.App(
    stylesheets=["/quanyi.css"],
    head_components=head,
    html_lang="zh-CN",
    api_transformer=[api, with_cache_headers, with_low_priority_preloads],
    backend_exception_handler=backend_exception_handler,
    hydrate_fallback=hydrate_fallback,
)
app.register_lifespan_task(housekeeping)
# Reflex's connection toasts are English: show our Chinese notice instead.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_notice() if stateful else None
# …and its English "An error occurred while rendering this page" with a Chinese one.
app.app_wraps[(55, "ErrorBoundary")] = lambda stateful: default_error_boundary(
    fallback_render=error_fallback(), **({} if stateful else {"on_error": rx.noop()})
)

PUBLIC_LOAD = SessionState.load_identity
META = [{"name": "description", "content": strings.APP_DESCRIPTION}]

app.add_page(public.home, route=routes.HOME, title=strings.APP_FULL_NAME, on_load=[PUBLIC_LOAD, FiguresState.load], meta=META)
app.add_page(report.proposals_page, route=routes.PROPOSALS, title=f"{strings.SUBMIT_TITLE} · {strings.APP_NAME}",
             on_load=[PUBLIC_LOAD, SubmitState.load_form], meta=META)
app.add_page(report.scan_page, route=f"{routes.SCAN}/[qr_code]", title=f"{strings.SUBMIT_TITLE} · {strings.APP_NAME}",
             on_load=SubmitState.load_scan, meta=META)
app.add_page(report.track_page, route=f"{routes.TRACK}/[track_code]", title=f"{strings.TRACK_TITLE} · {strings.APP_NAME}",
             on_load=TrackState.open_page, meta=META)
app.add_page(inspect.home, route=routes.INSPECT, title=f"{strings.PAGE_INSPECT_TITLE} · {strings.APP_NAME}",
             on_load=InspectHomeState.open_page, meta=META)
app.add_page(public.me, route=routes.ME, title=f"{strings.PAGE_ME_TITLE} · {strings.APP_NAME}", on_load=PUBLIC_LOAD, meta=META)
app.add_page(staff.login, route=routes.LOGIN, title=f"{strings.LOGIN_TITLE} · {strings.APP_NAME}", on_load=LoginState.open_page, meta=META)
app.add_page(staff.workbench, route=routes.STAFF, title=f"{strings.STAFF_TITLE} · {strings.APP_NAME}",
             on_load=[WorkbenchState.open_page, FiguresState.load], meta=META)
app.add_page(staff.users, route=routes.STAFF_USERS, title=f"{strings.USERS_TITLE} · {strings.APP_NAME}", on_load=AdminUsersState.open_page, meta=META)
app.add_page(public.not_found, route="404", title=f"{strings.NOT_FOUND_TITLE} · {strings.APP_NAME}", on_load=PUBLIC_LOAD)

STAFF_TITLE = f"{strings.STAFF_TITLE} · {strings.APP_NAME}"
app.add_page(casework.inbox, route=routes.STAFF_CASES, title=STAFF_TITLE, on_load=InboxState.open_page)
app.add_page(casework.case_detail, route=f"{routes.STAFF_CASES}/[cid]", title=STAFF_TITLE, on_load=CaseState.open_page)
app.add_page(casework.proposal_list, route=routes.STAFF_PROPOSALS, title=STAFF_TITLE, on_load=ProposalState.open_list)
app.add_page(casework.proposal_detail, route=f"{routes.STAFF_PROPOSALS}/[pid]", title=STAFF_TITLE,
             on_load=ProposalState.open_page)
app.add_page(qr_admin.qr_page, route=routes.STAFF_QR, title=STAFF_TITLE, on_load=QrAdminState.open_page)
app.add_page(casework.book_entry, route=routes.STAFF_BOOK, title=STAFF_TITLE, on_load=BookEntryState.open_page)
app.add_page(stories.story_list, route=routes.STORIES, title=f"{strings.STORIES_TITLE} · {strings.APP_NAME}",
             on_load=[PUBLIC_LOAD, StoriesState.load_list], meta=META)
app.add_page(stories.story_detail, route=f"{routes.STORIES}/[sid]", title=f"{strings.STORIES_TITLE} · {strings.APP_NAME}",
             on_load=StoriesState.load_detail, meta=META)
app.add_page(stories.story_editor, route=routes.STAFF_STORY_NEW, title=STAFF_TITLE, on_load=StoryEditorState.open_page)
app.add_page(categories.categories_page, route=routes.STAFF_CATEGORIES, title=STAFF_TITLE, on_load=CategoriesState.open_page)

FOUND_TITLE = f"{strings.PAGE_FOUND_TITLE} · {strings.APP_NAME}"
app.add_page(found.found_list, route=routes.FOUND, title=FOUND_TITLE, on_load=[PUBLIC_LOAD, FoundListState.load], meta=META)
app.add_page(found.found_item, route=f"{routes.FOUND_ITEM}/[fid]", title=FOUND_TITLE, on_load=FoundItemState.load, meta=META)
app.add_page(found.claim_status, route=f"{routes.FOUND_CLAIM}/[claim_code]", title=FOUND_TITLE, on_load=ClaimStatusState.load)
app.add_page(found.card_lookup, route=routes.FOUND_CARD, title=f"{strings.CARD_TITLE} · {strings.APP_NAME}", on_load=PUBLIC_LOAD,
             meta=META)
app.add_page(found.publication, route=f"{routes.FOUND_PUB}/[pub_no]", title=FOUND_TITLE, on_load=PublicationState.load, meta=META)
app.add_page(found.lost_form, route=routes.LOST, title=f"{strings.LOST_TITLE} · {strings.APP_NAME}",
             on_load=[PUBLIC_LOAD, LostReportState.open_form], meta=META)
app.add_page(found.lost_report, route=f"{routes.LOST}/[lost_code]", title=f"{strings.LOST_TITLE} · {strings.APP_NAME}",
             on_load=LostReportState.open_report)
app.add_page(found_desk.desk, route=routes.STAFF_FOUND, title=STAFF_TITLE, on_load=FoundDeskState.open_page)
app.add_page(found_desk.register, route=routes.STAFF_FOUND_NEW, title=STAFF_TITLE, on_load=FoundRegisterState.open_page)
app.add_page(found_desk.staff_item, route=f"{routes.STAFF_FOUND_ITEM}/[desk_fid]", title=STAFF_TITLE,
             on_load=FoundStaffItemState.open_page)
app.add_page(found_desk.lost_desk, route=routes.STAFF_LOST, title=STAFF_TITLE, on_load=LostDeskState.open_page)
app.add_page(found_desk.publications, route=routes.STAFF_FOUND_PUBS, title=STAFF_TITLE, on_load=PublicationDeskState.open_page)
app.add_page(found_desk.pickup_points, route=routes.STAFF_PICKUP, title=STAFF_TITLE, on_load=PickupAdminState.open_page)

INSPECT_TITLE = f"{strings.PAGE_INSPECT_TITLE} · {strings.APP_NAME}"
app.add_page(inspect.run, route=f"{routes.INSPECT_RUN}/[run_id]", title=INSPECT_TITLE, on_load=RunState.open_page)
app.add_page(inspect.report_page, route=f"{routes.INSPECT_REPORT}/[rep_id]", title=INSPECT_TITLE, on_load=ReportState.open_page)
app.add_page(inspect.fix_page, route=f"{routes.INSPECT_FIX}/[fix_id]", title=INSPECT_TITLE, on_load=FixState.open_page)
app.add_page(inspect_admin.plans_page, route=routes.STAFF_INSPECTIONS, title=STAFF_TITLE, on_load=InspectionPlanState.open_page)
app.add_page(inspect_admin.rects_page, route=routes.STAFF_RECTIFICATIONS, title=STAFF_TITLE, on_load=RectListState.open_page)
app.add_page(inspect_admin.history_page, route=f"{routes.STAFF_TARGET_HISTORY}/[target_id]", title=STAFF_TITLE,
             on_load=HistoryState.open_page)
app.add_page(inspect_admin.checklists_page, route=routes.STAFF_CHECKLISTS, title=STAFF_TITLE, on_load=ChecklistState.open_page)
