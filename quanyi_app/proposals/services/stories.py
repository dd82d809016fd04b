"""Typical cases (维权典例): resolved cases or proposals published as anonymised stories."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from quanyi_app.core import audit
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.photos.services import publish_photos
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case, CaseEvent, CaseStatus, ProposalStatus, Story
from quanyi_app.proposals.services.casework import get_case
from quanyi_app.proposals.services.proposals import get_proposal

_REDACTIONS = [
    re.compile(r"1[3-9]\d{9}"),  # mobile numbers
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # email addresses
    re.compile(r"\d{8,}"),  # student numbers, card numbers, QQ numbers
]


def redact(text: str) -> str:
    """Remove contact data a student may have typed into free text."""
    for pattern in _REDACTIONS:
        text = pattern.sub("***", text)
    return text


@dataclass
class Draft:
    title: str = ""
    problem: str = ""
    office_reply: str = ""
    change: str = ""
    before_photo_ids: list[int] | None = None
    case_id: int | None = None
    proposal_id: int | None = None


def _submitted_photos(session: Session, case_ids: list[int]) -> list[int]:
    if not case_ids:
        return []
    events = session.exec(
        select(CaseEvent).where(col(CaseEvent.case_id).in_(case_ids), CaseEvent.kind == "submitted")
    ).all()
    return [pid for e in events for pid in (e.photo_ids or [])][:4]


def _last_reply(session: Session, case_ids: list[int]) -> str:
    if not case_ids:
        return ""
    ev = session.exec(
        select(CaseEvent)
        .where(col(CaseEvent.case_id).in_(case_ids), CaseEvent.kind == "office_reply")
        .order_by(col(CaseEvent.at).desc())
    ).first()
    return ev.body if ev else ""


def draft_from_case(*, session: Session, actor: Principal, case_id: int) -> Draft:
    require(actor, Perm.STORY_PUBLISH)
    case = get_case(session=session, actor=actor, case_id=case_id)
    if case.status != CaseStatus.resolved.value:
        raise UserError(strings.STORY_NOT_RESOLVED)
    return Draft(
        title="",
        problem=redact(case.description),
        office_reply=redact(_last_reply(session, [case.id])),
        before_photo_ids=_submitted_photos(session, [case.id]),
        case_id=case.id,
    )


def draft_from_proposal(*, session: Session, actor: Principal, proposal_id: int) -> Draft:
    require(actor, Perm.STORY_PUBLISH)
    p = get_proposal(session=session, actor=actor, proposal_id=proposal_id)
    if p.status != ProposalStatus.resolved.value:
        raise UserError(strings.STORY_NOT_RESOLVED)
    ids = [c.id for c in session.exec(select(Case).where(Case.proposal_id == p.id)).all()]
    return Draft(
        title=p.title,
        problem=redact(p.summary),
        office_reply=redact(_last_reply(session, ids)),
        before_photo_ids=_submitted_photos(session, ids),
        proposal_id=p.id,
    )


def publish(*, session: Session, actor: Principal, draft: Draft, after_photo_ids: list[int]) -> Story:
    require(actor, Perm.STORY_PUBLISH)
    title, problem, change = (draft.title or "").strip(), (draft.problem or "").strip(), (draft.change or "").strip()
    if not 4 <= len(title) <= 80:
        raise UserError(strings.STORY_TITLE_LENGTH)
    if not 10 <= len(problem) <= 3000 or not 4 <= len(change) <= 3000:
        raise UserError(strings.STORY_TEXT_LENGTH)
    if draft.case_id is None and draft.proposal_id is None:
        raise UserError(strings.STORY_SOURCE_MISSING)
    if draft.case_id is not None:  # the source must be within the caller's scope
        get_case(session=session, actor=actor, case_id=draft.case_id)
    if draft.proposal_id is not None:
        get_proposal(session=session, actor=actor, proposal_id=draft.proposal_id)
    before = [pid for pid in (draft.before_photo_ids or []) if session.get(Photo, pid) is not None][:4]
    after = [pid for pid in after_photo_ids if session.get(Photo, pid) is not None][:4]
    publish_photos(session, before + after)
    story = Story(
        title=title,
        problem=redact(problem),
        office_reply=redact((draft.office_reply or "").strip()),
        change=redact(change),
        before_photo_ids=before,
        after_photo_ids=after,
        case_id=draft.case_id,
        proposal_id=draft.proposal_id,
        created_by_id=actor.user_id,
    )
    session.add(story)
    session.flush()
    audit.record(
        session=session, action="story.publish", actor_id=actor.user_id, target_type="story", target_id=story.id
    )
    session.flush()
    return story


def unpublish(*, session: Session, actor: Principal, story_id: int) -> None:
    require(actor, Perm.STORY_PUBLISH)
    story = session.get(Story, story_id)
    if story is None:
        raise UserError(strings.STORY_NOT_FOUND)
    story.published = False
    session.add(story)
    audit.record(
        session=session, action="story.unpublish", actor_id=actor.user_id, target_type="story", target_id=story.id
    )
    session.flush()


@dataclass(frozen=True)
class PublicStory:
    id: int
    title: str
    problem: str
    office_reply: str
    change: str
    before: list[str]  # photo sha256s
    after: list[str]
    published_at: datetime


def _shas(session: Session, ids: list[int]) -> list[str]:
    rows = {p.id: p for p in session.exec(select(Photo).where(col(Photo.id).in_(ids or [-1]))).all()}
    return [rows[i].sha256 for i in ids if i in rows and rows[i].is_public]


def public_list(*, session: Session, limit: int = 50) -> list[PublicStory]:
    stories = session.exec(
        select(Story).where(Story.published).order_by(col(Story.published_at).desc()).limit(limit)
    ).all()
    return [_public(session, s) for s in stories]


def public_detail(*, session: Session, story_id: int) -> PublicStory:
    story = session.get(Story, story_id)
    if story is None or not story.published:
        raise UserError(strings.STORY_NOT_FOUND)
    return _public(session, story)


def _public(session: Session, s: Story) -> PublicStory:
    return PublicStory(
        id=s.id,
        title=s.title,
        problem=s.problem,
        office_reply=s.office_reply,
        change=s.change,
        before=_shas(session, s.before_photo_ids),
        after=_shas(session, s.after_photo_ids),
        published_at=s.published_at,
    )
