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
        origin_doc_href=routes.report_url(survey.id),
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


@dataclass
class SatisfactionMonth:
    month: str
    surveys: int  # answers to the month's satisfaction checks
    survey_mean: float | None  # their 1–5 ratings
    cases: int  # resolved cases rated that month
    case_mean: float | None


def satisfaction_by_month(*, session: Session, actor: Principal, months: int = 6) -> list[SatisfactionMonth]:
    """The satisfaction checks (every rating question of the satisfaction template) beside the
    ratings students gave resolved cases, month by month."""
    from quanyi_app.core.campustime import CAMPUS_TZ
    from quanyi_app.surveys.models import SurveyResponse

    require(actor, Perm.SURVEY_MANAGE)
    today = campus_today()
    keys = []
    for offset in range(months):
        y, m = divmod(today.year * 12 + today.month - 1 - offset, 12)
        keys.append(f"{y}-{m + 1:02d}")
    checks = session.exec(select(Survey).where(Survey.template == "satisfaction")).all()
    ratings: dict[str, list[float]] = {k: [] for k in keys}
    answered: dict[str, int] = dict.fromkeys(keys, 0)
    for survey in checks:
        rated = [str(q.id) for q in build.questions(session, survey.id) if q.kind == "rating"]
        for r in session.exec(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all():
            key = r.created_at.astimezone(CAMPUS_TZ).strftime("%Y-%m")
            if key not in ratings:
                continue
            answered[key] += 1
            ratings[key] += [r.answers[q] for q in rated if q in r.answers]
    cases = proposals.ratings_by_month(session=session, months=keys)
    return [
        SatisfactionMonth(
            month=k,
            surveys=answered[k],
            survey_mean=round(sum(ratings[k]) / len(ratings[k]), 2) if ratings[k] else None,
            cases=cases[k][0],
            case_mean=cases[k][1],
        )
        for k in keys
    ]
