"""Surveys (问卷): build, answer on a phone, see the results, export them, and turn a finding into
a proposal."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import api
    from quanyi_app.core.permissions import Perm
    from quanyi_app.core.ui import panels
    from quanyi_app.core.ui.pages import STAFF_TITLE
    from quanyi_app.core.web import HOME_CARDS, add_card, add_plain_routes
    from quanyi_app.surveys import api as surveys_api
    from quanyi_app.surveys import pages, routes, strings
    from quanyi_app.surveys import web as surveys_web
    from quanyi_app.surveys.state import SurveyEditState, SurveyListState, SurveyResultsState

    add_plain_routes(surveys_web.ROUTES)  # /surveys, /q/<code>, /surveys/<id>/results
    api.add_routes(surveys_api.ROUTES)  # exports, the report, the poster
    add_card(HOME_CARDS, surveys_web.home_card, order=25)  # open surveys
    panels.add_link(panels.HOME_LINKS, order=24, icon="clipboard_list", label=strings.PAGE_TITLE, href=routes.SURVEYS)

    app.add_page(pages.survey_list, route=routes.STAFF_SURVEYS, title=STAFF_TITLE, on_load=SurveyListState.open_page)
    app.add_page(
        pages.survey_builder,
        route=f"{routes.STAFF_SURVEYS}/[sid]",
        title=STAFF_TITLE,
        on_load=SurveyEditState.open_page,
    )
    app.add_page(
        pages.survey_results,
        route=f"{routes.STAFF_SURVEYS}/[sid]/results",
        title=STAFF_TITLE,
        on_load=SurveyResultsState.open_page,
    )
    panels.add_link(
        panels.WORKBENCH,
        order=54,
        icon="clipboard_list",
        label=strings.NAV_STAFF,
        href=routes.STAFF_SURVEYS,
        permission=Perm.SURVEY_MANAGE,
    )
