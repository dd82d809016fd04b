"""Proposals (提案): QR points, cases, casework, proposals to offices, typical cases, figures,
categories, and paper proposal-book entry."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import api, mine
    from quanyi_app.core.accounts.session import SessionState
    from quanyi_app.core.permissions import Perm
    from quanyi_app.core.photos import services as photo_services
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import META, STAFF_TITLE, page_title
    from quanyi_app.core.ui.shell import add_tab
    from quanyi_app.core.web import HOME_CARDS, add_card, add_plain_routes
    from quanyi_app.proposals import api as proposals_api
    from quanyi_app.proposals import routes, strings
    from quanyi_app.proposals import web as proposals_web
    from quanyi_app.proposals.pages import casework, categories, qr_admin, report, stories
    from quanyi_app.proposals.pages.figures import figures_card
    from quanyi_app.proposals.services.cases import mine as this_phones
    from quanyi_app.proposals.services.cases import photos_held
    from quanyi_app.proposals.state.book_entry import BookEntryState
    from quanyi_app.proposals.state.casework import CaseState, InboxState, ProposalState
    from quanyi_app.proposals.state.categories import CategoriesState
    from quanyi_app.proposals.state.figures import FiguresState
    from quanyi_app.proposals.state.qr_admin import QrAdminState
    from quanyi_app.proposals.state.stories import StoriesState, StoryEditorState
    from quanyi_app.proposals.state.submit import SubmitState

    add_tab(routes.PROPOSALS, "message_square_warning", strings.NAV_PROPOSALS, order=10)
    submit_title = page_title(strings.SUBMIT_TITLE)
    app.add_page(
        report.proposals_page,
        route=routes.PROPOSALS,
        title=submit_title,
        on_load=[SessionState.load_identity, SubmitState.load_form],
        meta=META,
    )
    app.add_page(casework.inbox, route=routes.STAFF_CASES, title=STAFF_TITLE, on_load=InboxState.open_page)
    app.add_page(
        casework.case_detail, route=f"{routes.STAFF_CASES}/[cid]", title=STAFF_TITLE, on_load=CaseState.open_page
    )
    app.add_page(
        casework.proposal_list, route=routes.STAFF_PROPOSALS, title=STAFF_TITLE, on_load=ProposalState.open_list
    )
    app.add_page(
        casework.proposal_detail,
        route=f"{routes.STAFF_PROPOSALS}/[pid]",
        title=STAFF_TITLE,
        on_load=ProposalState.open_page,
    )
    app.add_page(qr_admin.qr_page, route=routes.STAFF_QR, title=STAFF_TITLE, on_load=QrAdminState.open_page)
    app.add_page(casework.book_entry, route=routes.STAFF_BOOK, title=STAFF_TITLE, on_load=BookEntryState.open_page)
    stories_title = page_title(strings.STORIES_TITLE)
    app.add_page(
        stories.story_list,
        route=routes.STORIES,
        title=stories_title,
        on_load=[SessionState.load_identity, StoriesState.load_list],
        meta=META,
    )
    app.add_page(
        stories.story_detail,
        route=f"{routes.STORIES}/[sid]",
        title=stories_title,
        on_load=StoriesState.load_detail,
        meta=META,
    )
    app.add_page(
        stories.story_editor, route=routes.STAFF_STORY_NEW, title=STAFF_TITLE, on_load=StoryEditorState.open_page
    )
    app.add_page(
        categories.categories_page, route=routes.STAFF_CATEGORIES, title=STAFF_TITLE, on_load=CategoriesState.open_page
    )
    api.add_routes(proposals_api.ROUTES)
    add_plain_routes(proposals_web.ROUTES)  # the scan landing /s/<code> and tracking /t/<code>
    add_card(HOME_CARDS, proposals_web.figures_card, order=10)  # the public figures on the home page
    panels.add_link(
        panels.HERO, order=10, icon="message_square_warning", label=strings.HOME_CTA_SUBMIT, href=routes.PROPOSALS
    )
    panels.add_link(panels.HOME_LINKS, order=10, icon="book_open", label=strings.HOME_STORIES_LINK, href=routes.STORIES)
    panels.add_card(
        panels.WORKBENCH,
        lambda: figures_card(detailed=True),
        order=20,
        permission=Perm.CASE_TRIAGE,
        on_load=[FiguresState.load],
    )
    for order, icon, label, href, perm in (
        (10, "inbox", strings.NAV_CASES, routes.STAFF_CASES, Perm.CASE_TRIAGE),
        (20, "files", strings.NAV_PROPOSALS_STAFF, routes.STAFF_PROPOSALS, Perm.PROPOSAL_MANAGE),
        (30, "qr_code", strings.NAV_QR, routes.STAFF_QR, Perm.QR_MANAGE),
        (40, "tags", strings.NAV_CATEGORIES, routes.STAFF_CATEGORIES, Perm.CATEGORY_EDIT),
    ):
        panels.add_link(panels.WORKBENCH, order=order, icon=icon, label=label, href=href, permission=perm)

    photo_services.add_usage(photos_held)  # their photos are never purged as drafts

    mine.add(this_phones)  # 我的 lists this phone's records
