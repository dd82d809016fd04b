"""Proposals (提案): common problems merged from several cases into one formal proposal.

Each linked case keeps its own history; every proposal step is written onto each linked
case as a public event (so it shows on every proposer's tracking page and is emailed to
every proposer who left an address), and moves the case's status along with the proposal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, or_, select

from quanyi_app.core import audit
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Office
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, college_scope, require
from quanyi_app.core.photos.services import publish_photos
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case, CaseStatus, Proposal, ProposalStatus
from quanyi_app.proposals.services.cases import CLOSED_STATUSES, add_event
from quanyi_app.proposals.services.casework import check_due, get_case, reply_text

TITLE_MAX = 80


@dataclass(frozen=True)
class ProposalView:
    id: int
    title: str
    summary: str
    office: str
    office_id: int | None
    due_at: datetime | None
    status: str
    progress: int
    case_count: int
    created_at: datetime
    origin: str = ""
    origin_href: str = ""
    origin_doc_href: str = ""


def _cases(session: Session, proposal_id: int) -> list[Case]:
    return list(session.exec(select(Case).where(Case.proposal_id == proposal_id).order_by(col(Case.id))).all())


def _get(session: Session, actor: Principal | None, proposal_id: int) -> Proposal:
    """The proposal, when the caller may manage it: a college-scoped member of staff only when
    every case merged into it belongs to their college (so nothing of another college's case —
    its code, text, photos or public timeline — is reachable through a proposal)."""
    require(actor, Perm.PROPOSAL_MANAGE)
    p = session.get(Proposal, proposal_id)
    if p is None:
        raise UserError(strings.PROPOSAL_NOT_FOUND)
    colleges = set(session.exec(select(Case.college_id).where(Case.proposal_id == p.id)).all())
    require(actor, Perm.PROPOSAL_MANAGE, colleges=colleges)
    return p


def get_proposal(*, session: Session, actor: Principal | None, proposal_id: int) -> Proposal:
    """For other services of this feature (the letter): the proposal, scope checked."""
    return _get(session, actor, proposal_id)


def linked_cases(*, session: Session, actor: Principal | None, proposal_id: int) -> list[Case]:
    """The cases merged into a proposal the caller may manage, oldest first."""
    return _cases(session, _get(session, actor, proposal_id).id)


def _broadcast(
    session: Session,
    actor: Principal,
    p: Proposal,
    kind: str,
    *,
    body: str = "",
    status: str | None = None,
    photo_ids: list[int] | None = None,
    public_url: str = "",
) -> None:
    for case in _cases(session, p.id):
        if status is not None:
            case.status = status
            if status == CaseStatus.resolved.value:
                case.resolved_at = utcnow()
            if case.first_response_at is None:
                case.first_response_at = utcnow()
        add_event(
            session,
            case,
            kind,
            actor=actor,
            body=body,
            proposal_id=p.id,
            office_id=p.office_id,
            photo_ids=photo_ids,
            public_url=public_url,
        )


def create(
    *,
    session: Session,
    actor: Principal,
    title: str,
    summary: str,
    case_ids: list[int],
    office_id: int | None = None,
    due_at: datetime | None = None,
    public_url: str = "",
    origin: str = "",
    origin_href: str = "",
    origin_doc_href: str = "",
) -> Proposal:
    """A proposal merging cases; or, with an ``origin`` (a survey's finding), one with no case."""
    require(actor, Perm.PROPOSAL_MANAGE)
    title, summary = (title or "").strip(), (summary or "").strip()
    if not 4 <= len(title) <= TITLE_MAX:
        raise UserError(strings.PROPOSAL_TITLE_LENGTH)
    if not 10 <= len(summary) <= 5000:
        raise UserError(strings.PROPOSAL_SUMMARY_LENGTH)
    if not case_ids and not origin:
        raise UserError(strings.PROPOSAL_NEEDS_CASES)
    if office_id is not None and session.get(Office, office_id) is None:
        raise UserError(shared.OFFICE_NOT_FOUND)
    cases = [get_case(session=session, actor=actor, case_id=cid) for cid in dict.fromkeys(case_ids)]
    for case in cases:
        if case.proposal_id is not None:
            raise UserError(strings.PROPOSAL_CASE_TAKEN.format(code=case.tracking_code))
        if case.status in CLOSED_STATUSES:
            raise UserError(strings.PROPOSAL_CASE_CLOSED.format(code=case.tracking_code))
    p = Proposal(
        title=title,
        summary=summary,
        office_id=office_id,
        due_at=due_at,
        created_by_id=actor.user_id,
        origin=origin[:200],
        origin_href=origin_href[:200],
        origin_doc_href=origin_doc_href[:200],
    )
    session.add(p)
    session.flush()
    for case in cases:
        case.proposal_id = p.id
        if case.status == CaseStatus.received.value:
            case.status = CaseStatus.accepted.value
        if case.first_response_at is None:
            case.first_response_at = utcnow()
        add_event(session, case, "merged", actor=actor, proposal_id=p.id, public_url=public_url)
    audit.record(
        session=session,
        action="proposal.create",
        actor_id=actor.user_id,
        target_type="proposal",
        target_id=p.id,
        cases=[c.id for c in cases],
    )
    session.flush()
    return p


def forward(
    *, session: Session, actor: Principal, proposal_id: int, office_id: int, due_at: datetime, public_url: str = ""
) -> None:
    p = _get(session, actor, proposal_id)
    if p.status == ProposalStatus.resolved.value:
        raise UserError(strings.PROPOSAL_CLOSED)
    if session.get(Office, office_id) is None:
        raise UserError(shared.OFFICE_NOT_FOUND)
    check_due(due_at)
    p.office_id, p.due_at, p.status = office_id, due_at, ProposalStatus.forwarded.value
    for case in _cases(session, p.id):
        case.office_id, case.office_due_at = office_id, due_at
    _broadcast(session, actor, p, "forwarded", status=CaseStatus.forwarded.value, public_url=public_url)
    audit.record(
        session=session, action="proposal.forward", actor_id=actor.user_id, target_type="proposal", target_id=p.id
    )
    session.flush()


def update_progress(
    *, session: Session, actor: Principal, proposal_id: int, progress: int, milestone: str, public_url: str = ""
) -> None:
    p = _get(session, actor, proposal_id)
    milestone = (milestone or "").strip()
    if not 0 <= progress <= 100:
        raise UserError(strings.PROPOSAL_PROGRESS_RANGE)
    if not 2 <= len(milestone) <= 500:
        raise UserError(strings.PROPOSAL_MILESTONE_LENGTH)
    p.progress = progress
    _broadcast(
        session, actor, p, "proposal_update", body=f"{milestone}({strings.PROGRESS}{progress}%)", public_url=public_url
    )
    audit.record(
        session=session, action="proposal.progress", actor_id=actor.user_id, target_type="proposal", target_id=p.id
    )
    session.flush()


def record_office_reply(
    *, session: Session, actor: Principal, proposal_id: int, body: str, photo_ids: list[int], public_url: str = ""
) -> None:
    p = _get(session, actor, proposal_id)
    if p.status != ProposalStatus.forwarded.value:
        raise UserError(strings.CASE_NOT_FORWARDED)
    body = reply_text(body)
    p.status = ProposalStatus.replied.value
    publish_photos(session, photo_ids)
    _broadcast(
        session,
        actor,
        p,
        "office_reply",
        body=body,
        status=CaseStatus.replied.value,
        photo_ids=photo_ids,
        public_url=public_url,
    )
    audit.record(
        session=session, action="proposal.office_reply", actor_id=actor.user_id, target_type="proposal", target_id=p.id
    )
    session.flush()


def resolve(*, session: Session, actor: Principal, proposal_id: int, body: str = "", public_url: str = "") -> None:
    p = _get(session, actor, proposal_id)
    if p.status == ProposalStatus.resolved.value:
        raise UserError(strings.PROPOSAL_CLOSED)
    p.status, p.progress, p.resolved_at = ProposalStatus.resolved.value, 100, utcnow()
    _broadcast(
        session,
        actor,
        p,
        "resolved",
        body=(body or "").strip()[:2000],
        status=CaseStatus.resolved.value,
        public_url=public_url,
    )
    audit.record(
        session=session, action="proposal.resolve", actor_id=actor.user_id, target_type="proposal", target_id=p.id
    )
    session.flush()


def _views(session: Session, rows: list[Proposal]) -> list[ProposalView]:
    ids = [p.id for p in rows]
    counts = dict(
        session.exec(
            select(Case.proposal_id, func.count())
            .where(col(Case.proposal_id).in_(ids or [-1]))
            .group_by(Case.proposal_id)
        ).all()
    )
    offices = {o.id: o.name for o in session.exec(select(Office)).all()}
    return [
        ProposalView(
            id=p.id,
            title=p.title,
            summary=p.summary,
            office=offices.get(p.office_id, ""),
            office_id=p.office_id,
            due_at=p.due_at,
            status=p.status,
            progress=p.progress,
            case_count=counts.get(p.id, 0),
            created_at=p.created_at,
            origin=p.origin,
            origin_href=p.origin_href,
            origin_doc_href=p.origin_doc_href,
        )
        for p in rows
    ]


def list_proposals(*, session: Session, actor: Principal) -> list[ProposalView]:
    """Proposals the caller may manage, newest first (for college-scoped staff: those whose
    cases all belong to their college)."""
    require(actor, Perm.PROPOSAL_MANAGE)
    query = select(Proposal).order_by(col(Proposal.created_at).desc())
    mine = college_scope(actor)
    if mine is not None:
        elsewhere = select(Case.proposal_id).where(
            col(Case.proposal_id).is_not(None), or_(col(Case.college_id).is_(None), Case.college_id != mine)
        )
        query = query.where(col(Proposal.id).not_in(elsewhere))
    return _views(session, list(session.exec(query).all()))


def get_view(*, session: Session, actor: Principal, proposal_id: int) -> ProposalView:
    return _views(session, [_get(session, actor, proposal_id)])[0]
