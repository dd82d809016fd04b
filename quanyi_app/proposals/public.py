"""What other features may use of proposals (and nothing else of it is imported elsewhere).

- ``open_case_from``: file a case in the proposal tracker on behalf of another feature (an
  inspection's rectification made public), so students can follow it on a tracking page;
- ``post_public_update``: add a public reply with photos to such a case;
- ``tracking_codes``: the tracking codes of cases, for links;
- ``proposal_from_finding``: a proposal from a survey's finding, linked back to it;
- ``categories``, ``case_by_tracking``, ``post_meeting_news``: a meeting's questions are filed in
  the case categories, may name the student's own case, and tell those cases what was answered
  and promised (their tracking pages, and an email through the outbox when one was left);
- the figures card and its state, for the home page and the workbench.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.errors import UserError
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.models import Case, CaseSource, Category
from quanyi_app.proposals.services.cases import Submission, add_event, get_case_by_tracking, submit_case


@dataclass(frozen=True)
class OpenedCase:
    id: int
    tracking_code: str
    source: str


def open_case_from(
    *,
    session: Session,
    actor: Principal,
    category_code: str,
    description: str,
    building_id: int | None,
    photo_ids: list[int],
    secret: str,
    public_url: str = "",
    source: str = CaseSource.inspection.value,
    category_id: int | None = None,
    contact_phone: str = "",
    contact_email: str = "",
) -> OpenedCase:
    """A new case from another feature's record (source 'inspect'; 'event' for a problem raised
    at an event; 'duty' for a walk-in at the duty room, with the student's contact when given), in
    the category ``category_id`` or named by ``category_code``, or else the first
    active one. The caller has checked its own permission; filing needs ``case.triage`` as well
    (checked by submit_case)."""
    if source not in (CaseSource.inspection.value, CaseSource.event.value, CaseSource.duty.value):
        raise ValueError(source)
    category = (
        (session.get(Category, category_id) if category_id else None)
        or session.exec(select(Category).where(Category.code == category_code, col(Category.active))).first()
        or session.exec(select(Category).where(col(Category.active)).order_by(col(Category.sort_order))).first()
    )
    if category is None:
        raise UserError(strings.CASE_CATEGORY_REQUIRED)
    case = submit_case(
        Submission(
            category_id=category.id,
            description=description,
            idempotency_key=uuid.uuid4().hex,
            building_id=building_id,
            photo_ids=list(photo_ids),
            source=source,
            anonymous=not (contact_phone or contact_email),
            contact_phone=contact_phone,
            contact_email=contact_email,
        ),
        session=session,
        secret=secret,
        actor=actor,
        public_url=public_url,
    )
    return OpenedCase(id=case.id, tracking_code=case.tracking_code, source=case.source)


def post_public_update(
    *, session: Session, actor: Principal, case_id: int, body: str, photo_ids: list[int], public_url: str = ""
) -> None:
    """A public reply on a case another feature opened (the students following it see it, and
    those who left an email are told). The caller has checked its own permission for the change."""
    case = session.get(Case, case_id)
    if case is None:
        return
    add_event(session, case, "public_reply", actor=actor, photo_ids=list(photo_ids), body=body, public_url=public_url)


def categories(*, session: Session) -> list[tuple[int, str]]:
    """The active case categories (id, name), in their order (names are public)."""
    rows = session.exec(select(Category).where(col(Category.active)).order_by(col(Category.sort_order))).all()
    return [(c.id, c.name) for c in rows]


def case_by_tracking(*, session: Session, code: str) -> int | None:
    """The id of the case with this tracking code (None when there is none)."""
    try:
        return get_case_by_tracking(session=session, code=code).id
    except UserError:
        return None


def post_meeting_news(
    *,
    session: Session,
    actor: Principal,
    case_ids: list[int],
    kind: str,
    body: str,
    office_id: int | None = None,
    photo_ids: list[int] | None = None,
    public_url: str = "",
) -> int:
    """A public entry on each case behind a meeting's question: ``kind`` "meeting" (its minutes
    answered the question) or "commitment" (a promise made there moved). The caller has checked
    its own permission. Returns how many cases were told."""
    if kind not in ("meeting", "commitment"):
        raise ValueError(kind)
    told = 0
    for case in session.exec(select(Case).where(col(Case.id).in_(sorted(set(case_ids))))).all():
        add_event(
            session,
            case,
            kind,
            actor=actor,
            body=body,
            office_id=office_id,
            photo_ids=list(photo_ids or []),
            public_url=public_url,
        )
        told += 1
    return told


def proposal_from_finding(
    *,
    session: Session,
    actor: Principal,
    title: str,
    summary: str,
    office_id: int | None,
    origin: str,
    origin_href: str,
    origin_doc_href: str = "",
) -> tuple[int, str]:
    """A proposal made from another feature's finding (a survey's result), with no case merged:
    its page shows where it came from (``origin``, linking to ``origin_href``). Needs
    ``proposal.manage`` (checked by the proposals service). Returns (id, its staff page)."""
    from quanyi_app.proposals.services import proposals

    p = proposals.create(
        session=session,
        actor=actor,
        title=title,
        summary=summary,
        case_ids=[],
        office_id=office_id,
        origin=origin,
        origin_href=origin_href,
        origin_doc_href=origin_doc_href,
    )
    return p.id, proposal_path(p.id)


def ratings_by_month(*, session: Session, months: list[str]) -> dict[str, tuple[int, float | None]]:
    """Students' ratings of their resolved cases (1–5) per month ("2026-11" → (how many, mean)),
    beside the satisfaction surveys."""
    from quanyi_app.core.campustime import CAMPUS_TZ

    out: dict[str, list[int]] = {m: [] for m in months}
    rows = session.exec(select(Case.rated_at, Case.rating).where(col(Case.rating).is_not(None))).all()
    for at, rating in rows:
        key = at.astimezone(CAMPUS_TZ).strftime("%Y-%m") if at else ""
        if key in out:
            out[key].append(rating)
    return {m: (len(v), round(sum(v) / len(v), 2) if v else None) for m, v in out.items()}


def proposal_titles(*, session: Session, proposal_ids: list[int]) -> dict[int, str]:
    from quanyi_app.proposals.models import Proposal

    if not proposal_ids:
        return {}
    return dict(session.exec(select(Proposal.id, Proposal.title).where(col(Proposal.id).in_(proposal_ids))).all())


def proposal_path(proposal_id: int) -> str:
    """A proposal's staff page."""
    return f"{routes.STAFF_PROPOSALS}/{proposal_id}"


def track_path(code: str) -> str:
    """The tracking page of a case (for links from other features)."""
    return routes.track_url(code)


def tracking_codes(*, session: Session, case_ids: list[int]) -> dict[int, str]:
    if not case_ids:
        return {}
    return dict(session.exec(select(Case.id, Case.tracking_code).where(col(Case.id).in_(case_ids))).all())
