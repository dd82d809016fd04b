"""Events: reception days and other meetings (接待日/见面会) with questions before them, minutes,
and the public commitment board (承诺事项)."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import api, jobs
    from quanyi_app.core.permissions import Perm
    from quanyi_app.core.photos import services as photo_services
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import STAFF_TITLE
    from quanyi_app.core.web import HOME_CARDS, add_card, add_plain_routes
    from quanyi_app.events import api as events_api
    from quanyi_app.events import routes, strings
    from quanyi_app.events import web as events_web
    from quanyi_app.events.jobs import EVERY_SECONDS, follow_up_events_once
    from quanyi_app.events.pages import commitments, duty, meetings, places
    from quanyi_app.events.services.commitments import photos_held
    from quanyi_app.events.state.commitments import CommitmentDeskState, EventsDeskFiguresState, EventsFiguresState
    from quanyi_app.events.state.duty import DutyDeskState
    from quanyi_app.events.state.meetings import MeetingListState, MeetingState
    from quanyi_app.events.state.places import EventListState, EventState

    api.add_routes(events_api.ROUTES)  # the minutes PDF, the poster, the image to share
    add_plain_routes(events_web.ROUTES)  # /meetings, /meetings/<id>, /commitments
    add_card(HOME_CARDS, events_web.duty_card, order=15)  # the duty room: open now, or next
    add_card(HOME_CARDS, events_web.home_card, order=20)  # the next meeting, the board's counts
    panels.add_link(panels.HOME_LINKS, order=20, icon="calendar", label=strings.MEETINGS_TITLE, href=routes.MEETINGS)
    panels.add_link(panels.HOME_LINKS, order=21, icon="list_checks", label=strings.BOARD_TITLE, href=routes.COMMITMENTS)
    panels.add_link(panels.HOME_LINKS, order=22, icon="ticket", label=strings.EVW_LINK, href=routes.EVENTS)
    panels.add_link(panels.HOME_LINKS, order=23, icon="door_open", label=strings.DUTY_HOME_LINK, href=routes.DUTY)

    app.add_page(
        meetings.meeting_list, route=routes.STAFF_MEETINGS, title=STAFF_TITLE, on_load=MeetingListState.open_page
    )
    app.add_page(
        meetings.meeting_detail,
        route=f"{routes.STAFF_MEETINGS}/[mid]",
        title=STAFF_TITLE,
        on_load=MeetingState.open_page,
    )
    app.add_page(places.event_list, route=routes.STAFF_EVENTS, title=STAFF_TITLE, on_load=EventListState.open_page)
    app.add_page(
        places.event_detail, route=f"{routes.STAFF_EVENTS}/[eid]", title=STAFF_TITLE, on_load=EventState.open_page
    )
    app.add_page(duty.desk, route=routes.STAFF_DUTY, title=STAFF_TITLE, on_load=DutyDeskState.open_page)
    app.add_page(
        commitments.desk, route=routes.STAFF_COMMITMENTS, title=STAFF_TITLE, on_load=CommitmentDeskState.open_page
    )
    panels.add_card(
        panels.WORKBENCH,
        commitments.workbench_card,
        order=15,
        permission=Perm.COMMITMENT_UPDATE,
        on_load=[EventsFiguresState.load],
    )
    panels.add_card(
        panels.WORKBENCH,
        commitments.events_card,
        order=16,
        permission=Perm.MEETING_MANAGE,
        on_load=[EventsDeskFiguresState.load],
    )
    for order, icon, label, href, perm in (
        (50, "calendar", strings.NAV_STAFF_MEETINGS, routes.STAFF_MEETINGS, Perm.MEETING_MANAGE),
        (51, "list_checks", strings.NAV_STAFF_COMMITMENTS, routes.STAFF_COMMITMENTS, Perm.COMMITMENT_UPDATE),
        (52, "ticket", strings.NAV_STAFF_EVENTS, routes.STAFF_EVENTS, Perm.MEETING_MANAGE),
        (53, "door_open", strings.NAV_STAFF_DUTY, routes.STAFF_DUTY, Perm.DUTY_DESK),
    ):
        panels.add_link(panels.WORKBENCH, order=order, icon=icon, label=label, href=href, permission=perm)

    jobs.every(EVERY_SECONDS, "event draws, lapsed offers, registrations purge", follow_up_events_once)
    photo_services.add_usage(photos_held)  # evidence photos are never purged as drafts
