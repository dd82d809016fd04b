"""Surveys (问卷): build, answer on a phone, see the results, export them, and turn a finding into
a proposal."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core.ui import panels
    from quanyi_app.core.web import HOME_CARDS, add_card, add_plain_routes
    from quanyi_app.surveys import routes, strings
    from quanyi_app.surveys import web as surveys_web

    add_plain_routes(surveys_web.ROUTES)  # /surveys, /q/<code>, /surveys/<id>/results
    add_card(HOME_CARDS, surveys_web.home_card, order=25)  # open surveys
    panels.add_link(panels.HOME_LINKS, order=24, icon="clipboard_list", label=strings.PAGE_TITLE, href=routes.SURVEYS)
