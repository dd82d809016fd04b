"""What surveys lead to: a finding turned into a proposal (linked both ways: the proposal's page
says 来自问卷《…》, N 份答卷 and links to the results; the results list their proposals), and the
yearly satisfaction check month (满意度抽查月) beside the ratings students give resolved cases."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from quanyi_app.core import audit
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import campus_today
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, require
from quanyi_app.proposals import public as proposals
from quanyi_app.surveys import routes, strings
from quanyi_app.surveys.models import Survey, SurveyFinding
from quanyi_app.surveys.services import build


def to_proposal(
    *,
    session: Session,
    actor: Principal,
    survey_id: int | None,
    question_id: int | None,
    title: str,
    summary: str,
    office_id: int | None,
) -> SurveyFinding:
    require(actor, Perm.SURVEY_MANAGE)
    survey = build.get_survey(session, survey_id)
    if question_id and question_id not in {q.id for q in build.questions(session, survey.id)}:
        raise UserError(strings.QUESTION_NOT_FOUND)
    n = build.answer_count(session, survey.id)
    pid, _href = proposals.proposal_from_finding(
        session=session,
        actor=actor,
        title=title,
        summary=summary,
        office_id=office_id,
        origin=strings.FROM_SURVEY.format(title=survey.title, n=n),
        origin_href=routes.staff_results_url(survey.id),
    )
    finding = SurveyFinding(survey_id=survey.id, question_id=question_id or None, proposal_id=pid, responses=n)
    session.add(finding)
    session.flush()
    audit.record(
        session=session, action="survey.finding", actor_id=actor.user_id, target_type="survey", target_id=survey.id
    )
    return finding


@dataclass
class FindingRow:
    title: str
    href: str


def of_survey(*, session: Session, survey_id: int) -> list[FindingRow]:
    rows = session.exec(
        select(SurveyFinding).where(SurveyFinding.survey_id == survey_id).order_by(col(SurveyFinding.id))
    ).all()
    titles = proposals.proposal_titles(session=session, proposal_ids=[f.proposal_id for f in rows])
    return [FindingRow(titles.get(f.proposal_id, ""), proposals.proposal_path(f.proposal_id)) for f in rows]


def satisfaction_month(*, session: Session, actor: Principal) -> Survey:
    """One click: this month's satisfaction check from the department's own template, open now."""
    require(actor, Perm.SURVEY_MANAGE)
    survey = build.from_template(session=session, actor=actor, key="satisfaction")
    today = campus_today()
    survey.title = strings.SAT_TITLE.format(year=today.year, month=today.month)
    session.add(survey)
    build.publish(session=session, actor=actor, survey_id=survey.id)
    return survey
