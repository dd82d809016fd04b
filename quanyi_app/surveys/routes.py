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


def staff_results_url(survey_id) -> str:
    return f"{STAFF_SURVEYS}/{survey_id}/results"


API_EXPORT = "/api/surveys/{sid:int}/export.{kind}"  # staff: csv / xlsx (?since=&until=&link=)
API_REPORT = "/api/surveys/{sid:int}/report.pdf"  # staff: the report for an office
API_POSTER = "/api/surveys/{sid:int}/poster.pdf"  # staff: A4 poster with the QR (?link=<id>)


def export_url(survey_id, kind: str) -> str:
    return f"/api/surveys/{survey_id}/export.{kind}"


def report_url(survey_id) -> str:
    return f"/api/surveys/{survey_id}/report.pdf"


def poster_url(survey_id) -> str:
    return f"/api/surveys/{survey_id}/poster.pdf"
