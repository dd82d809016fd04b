"""The surveys feature's routes and URL builders."""

from __future__ import annotations

from quanyi_app.core.routes import join

SURVEYS = "/surveys"  # public: open surveys and published results
ANSWER = "/q"  # /q/<code>: answer (a tagged link has its own code)
STAFF_SURVEYS = "/staff/surveys"


def answer_url(code) -> str:
    return join(ANSWER, code)


def results_url(survey_id) -> str:
    return f"{SURVEYS}/{survey_id}/results"


def staff_survey_url(survey_id) -> str:
    return join(STAFF_SURVEYS, survey_id)
