"""Lost and found (失物招领): registering, public browsing and search, claims, handover,
moves, retention and disposal, lost reports with match suggestions, campus-card lookups.

Who may do what: any student (no account) browses, searches, claims and files lost reports.
Staff (role staff/admin) register items at the pickup points they are assigned to, and only
they (or an admin) see an item's hidden details and its claims, approve or reject claims,
hand items over, move them and dispose of them. Every step goes into the audit log.

Privacy: public text never carries card numbers (long digit runs are masked), ID documents
and campus cards have no public photos, claimants and collectors are never shown publicly,
and a claimant never learns whether their description matched the hidden details.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, insert
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit, codes, textsearch
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.models import User
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import local_str
from quanyi_app.core.contact import EMAIL_RE, PHONE_RE, device_hash, mask_email, mask_phone
from quanyi_app.core.errors import UserError
from quanyi_app.core.mine import PER_KIND, MineItem
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.permissions import Perm, is_point_bound, require
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.photos.services import publish_photos
from quanyi_app.core.routes import absolute
from quanyi_app.core.textclean import clean, visible
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.models import (
    Claim,
    ClaimStatus,
    FoundCategory,
    FoundGram,
    FoundItem,
    FoundStatus,
    ItemMove,
    LostMatch,
    LostReport,
    PickupAssignment,
    PickupPoint,
)

PAGE_SIZE = 20
COUNT_CAP = 500  # "共 500+ 件": counting every match of a one-character search costs more than it tells
TITLE_MAX = 40
TEXT_MAX = 500
PLACE_MAX = 80
MAX_PHOTOS = 4
CLAIM_MIN = 5
CLAIMS_PER_DEVICE = 3
LOST_PER_DEVICE_PER_DAY = 5
# All claims, and all lost reports, per hour: many fresh devices cannot flood the desk.
ANONYMOUS_PER_HOUR = 200
PERSONAL_DATA_DAYS = 90
MATCH_WINDOW_BEFORE = timedelta(days=1)  # an item "found" shortly before the reported loss time
MATCH_WINDOW_AFTER = timedelta(days=30)
MATCH_MIN_SCORE = 0.2
CARD_RE = re.compile(r"^\d{6,20}$")
CAMPUS_CARD = "campus_card"
ID_DOC = "id_doc"
DISPOSAL_OUTCOMES = ("donated", "security", "destroyed")
IDENTITY_METHODS = ("campus_card", "id_card", "student_id", "other")
_LONG_DIGITS = re.compile(r"\d{6,}")


# ---- masking ----------------------------------------------------------------------------------


def mask_card(number: str) -> str:
    return f"{number[:2]}{'*' * max(4, len(number) - 6)}{number[-4:]}" if len(number) > 6 else "******"


def public_text(text: str) -> str:
    """Text as shown publicly: any run of 6+ digits (card, ID or phone numbers) is masked."""
    return _LONG_DIGITS.sub(lambda m: mask_card(m.group()), text or "")


def clean_card_number(raw: str) -> str:
    number = re.sub(r"[\s-]", "", raw or "")
    if not CARD_RE.match(number):
        raise UserError(strings.FOUND_CARD_INVALID)
    return number


# ---- pickup points and who works there --------------------------------------------------------


def assigned_points(session: Session, actor: Principal) -> set[int] | None:
    """The points ``actor`` acts for; None means every point (admins)."""
    require(actor, Perm.FOUND_DESK)
    if not is_point_bound(actor):
        return None
    rows = session.exec(select(PickupAssignment.pickup_point_id).where(PickupAssignment.user_id == actor.user_id)).all()
    return set(rows)


def _require_point(session: Session, actor: Principal, point_id: int) -> None:
    """Desk work at ``point_id``: only for staff on its roster (admins everywhere)."""
    rostered = set(
        session.exec(select(PickupAssignment.user_id).where(PickupAssignment.pickup_point_id == point_id)).all()
    )
    require(actor, Perm.FOUND_DESK, point_staff=rostered)


def _point(session: Session, point_id: int | None, *, active: bool = True) -> PickupPoint:
    point = session.get(PickupPoint, point_id) if point_id else None
    if point is None or (active and not point.active):
        raise UserError(strings.FOUND_POINT_REQUIRED)
    return point


def categories(session: Session) -> list[FoundCategory]:
    return list(session.exec(select(FoundCategory).order_by(col(FoundCategory.sort_order))).all())


def _category(session: Session, code: str) -> FoundCategory:
    cat = session.get(FoundCategory, code or "")
    if cat is None:
        raise UserError(strings.FOUND_CATEGORY_REQUIRED)
    return cat


# ---- registering ------------------------------------------------------------------------------


@dataclass
class ItemDraft:
    category: str
    title: str
    place_found: str
    found_at: datetime | None
    pickup_point_id: int | None
    description: str = ""
    hidden_details: str = ""
    card_number: str = ""
    photo_ids: list[int] = field(default_factory=list)


def _index(session: Session, item: FoundItem) -> None:
    session.execute(delete(FoundGram).where(FoundGram.item_id == item.id))
    grams = textsearch.grams(item.search_text)
    if grams:
        session.execute(insert(FoundGram), [{"gram": g, "item_id": item.id} for g in sorted(grams)])


def search_text(title: str, description: str, place: str, category_name: str) -> str:
    """What search matches: the public text of an item and its category's name ("雨伞" finds
    "蓝色格子折叠伞" filed under 雨伞). Migration 0009 rebuilt older items with the same rule."""
    return textsearch.normalise(public_text(title), public_text(description), public_text(place), category_name)


def register_item(*, session: Session, actor: Principal, draft: ItemDraft, public_url: str = "") -> FoundItem:
    """Register a found item at a pickup point the caller works at."""
    require(actor, Perm.FOUND_DESK)
    point = _point(session, draft.pickup_point_id)
    _require_point(session, actor, point.id)
    cat = _category(session, draft.category)
    now = utcnow()
    card = None
    if cat.code == CAMPUS_CARD:
        card = clean_card_number(draft.card_number)
    title = (draft.title or "").strip() or (cat.name if cat.code in (CAMPUS_CARD, ID_DOC) else "")
    if not title:
        raise UserError(strings.FOUND_TITLE_REQUIRED)
    if len(title) > TITLE_MAX:
        raise UserError(strings.FOUND_TITLE_LONG.format(n=TITLE_MAX))
    place = (draft.place_found or "").strip()
    if not place:
        raise UserError(strings.FOUND_PLACE_REQUIRED)
    if len(place) > PLACE_MAX:
        raise UserError(strings.FOUND_PLACE_LONG.format(n=PLACE_MAX))
    description = (draft.description or "").strip()
    hidden = (draft.hidden_details or "").strip()
    if len(description) > TEXT_MAX or len(hidden) > TEXT_MAX:
        raise UserError(strings.FOUND_TEXT_LONG.format(n=TEXT_MAX))
    if draft.found_at is None or draft.found_at > now + timedelta(minutes=10):
        raise UserError(strings.FOUND_WHEN_INVALID)
    if draft.found_at < now - timedelta(days=366):
        raise UserError(strings.FOUND_WHEN_TOO_OLD)
    if len(draft.photo_ids) > MAX_PHOTOS:
        raise UserError(shared.PHOTO_TOO_MANY_FILES.format(n=MAX_PHOTOS))
    item = FoundItem(
        category=cat.code,
        title=title,
        description=description,
        place_found=place,
        found_at=draft.found_at,
        pickup_point_id=point.id,
        hidden_details=hidden,
        card_number=card,
        photo_ids=list(draft.photo_ids),
        retention_until=draft.found_at + timedelta(days=cat.retention_days),
        registered_by_id=actor.user_id,
        created_at=now,
    )
    item.search_text = search_text(item.title, item.description, item.place_found, cat.name)
    if cat.photos_public:
        publish_photos(session, item.photo_ids)
    session.add(item)
    session.flush()
    _index(session, item)
    audit.record(
        session=session,
        action="found.register",
        actor_id=actor.user_id,
        target_type="found_item",
        target_id=item.id,
        point=point.id,
        category=cat.code,
    )
    notify_lost_matches(session=session, item=item, public_url=public_url)
    return item


# ---- public list, search and detail -----------------------------------------------------------


@dataclass
class PublicFilter:
    q: str = ""
    category: str = ""
    point_id: int | None = None
    since: datetime | None = None  # found on or after
    until: datetime | None = None  # found before
    page: int = 1


@dataclass
class PublicCard:
    id: int
    title: str
    category: str
    place_found: str
    found_at: datetime
    point_name: str
    thumb_sha: str
    card_masked: str


def parse_query(q: str) -> list[str]:
    """The search terms of a typed query; refuses an empty one and one made only of symbols."""
    if not (q or "").strip():
        raise UserError(strings.FOUND_SEARCH_EMPTY)
    terms = textsearch.runs(q)
    if not terms:
        raise UserError(strings.FOUND_SEARCH_SYMBOLS)
    return terms[:8]


def _public_query(flt: PublicFilter, columns):
    query = select(*columns).where(FoundItem.status == FoundStatus.held.value)
    if flt.category:
        query = query.where(FoundItem.category == flt.category)
    if flt.point_id:
        query = query.where(FoundItem.pickup_point_id == flt.point_id)
    if flt.since is not None:
        query = query.where(FoundItem.found_at >= flt.since)
    if flt.until is not None:
        query = query.where(FoundItem.found_at < flt.until)
    if flt.q.strip():
        query = query.where(
            *textsearch.match_clause(FoundGram, FoundItem.search_text, FoundItem.id, parse_query(flt.q))
        )
    return query


def _thumbs(session: Session, rows) -> dict[int, str]:
    first = {r.id: r.photo_ids[0] for r in rows if r.photo_ids}
    if not first:
        return {}
    public = {
        p.id: p.sha256
        for p in session.exec(select(Photo).where(col(Photo.id).in_(set(first.values())), col(Photo.is_public))).all()
    }
    return {item_id: public[pid] for item_id, pid in first.items() if pid in public}


def _point_names(session: Session) -> dict[int, PickupPoint]:
    return {p.id: p for p in session.exec(select(PickupPoint)).all()}


def search_items(*, session: Session, flt: PublicFilter) -> tuple[list[PublicCard], int]:
    """One page of held items, newest first, and how many match (COUNT_CAP + 1 means "more
    than COUNT_CAP")."""
    page = max(1, flt.page)
    rows = session.exec(
        _public_query(flt, [FoundItem])
        .order_by(col(FoundItem.found_at).desc(), col(FoundItem.id).desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    total = session.exec(
        select(func.count()).select_from(_public_query(flt, [FoundItem.id]).limit(COUNT_CAP + 1).subquery())
    ).one()
    return public_cards(session, list(rows)), total


@dataclass
class PublicItem:
    id: int
    title: str
    description: str
    category: str
    place_found: str
    found_at: datetime
    status: str
    point_name: str
    point_place: str
    point_hours: str
    point_contact: str
    photo_shas: list[str]
    card_masked: str


def public_item(*, session: Session, item_id: int | None) -> PublicItem:
    item = session.get(FoundItem, item_id) if item_id else None
    if item is None or item.status == FoundStatus.disposed.value:
        raise UserError(strings.FOUND_ITEM_NOT_FOUND)
    cat = session.get(FoundCategory, item.category)
    point = session.get(PickupPoint, item.pickup_point_id)
    shas = []
    if cat is not None and cat.photos_public and item.photo_ids:
        by_id = {
            p.id: p.sha256
            for p in session.exec(select(Photo).where(col(Photo.id).in_(item.photo_ids), Photo.is_public)).all()
        }
        shas = [by_id[i] for i in item.photo_ids if i in by_id]
    return PublicItem(
        id=item.id,
        title=public_text(item.title),
        description=public_text(item.description),
        category=cat.name if cat else "",
        place_found=public_text(item.place_found),
        found_at=item.found_at,
        status=item.status,
        point_name=point.name,
        point_place=point.place,
        point_hours=point.opening_hours,
        point_contact=point.contact,
        photo_shas=shas,
        card_masked=mask_card(item.card_number) if item.card_number else "",
    )


# ---- claims -----------------------------------------------------------------------------------


def _contact(name: str, phone: str, email: str, *, required: bool) -> tuple[str, str, str]:
    name = (name or "").strip()[:32]
    phone = re.sub(r"[\s-]", "", phone or "")
    email = (email or "").strip()
    if phone and not PHONE_RE.match(phone):
        raise UserError(shared.CASE_PHONE_INVALID)
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        raise UserError(shared.CASE_EMAIL_INVALID)
    if required and not (phone or email):
        raise UserError(strings.FOUND_CONTACT_REQUIRED)
    return name, phone, email


def submit_claim(
    *,
    session: Session,
    item_id: int | None,
    device_id: str,
    description: str,
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    secret: str,
    honeypot: str = "",
) -> Claim:
    if honeypot:
        raise UserError(shared.CASE_REJECTED_BOT)
    item = session.get(FoundItem, item_id) if item_id else None
    if item is None or item.status == FoundStatus.disposed.value:
        raise UserError(strings.FOUND_ITEM_NOT_FOUND)
    if item.status == FoundStatus.collected.value:
        raise UserError(strings.FOUND_ALREADY_COLLECTED)
    if not device_id:
        raise UserError(shared.DEVICE_NEEDED)
    _within_hourly_budget(session, Claim)
    dev = device_hash(secret, device_id)
    made = session.exec(select(func.count(Claim.id)).where(Claim.item_id == item.id, Claim.device_hash == dev)).one()
    if made >= CLAIMS_PER_DEVICE:
        raise UserError(strings.FOUND_CLAIM_LIMIT.format(n=CLAIMS_PER_DEVICE))
    description = clean(description or "").strip()
    if len(visible(description)) < CLAIM_MIN:
        raise UserError(strings.FOUND_CLAIM_DESCRIBE.format(n=CLAIM_MIN))
    if len(description) > TEXT_MAX:
        raise UserError(strings.FOUND_TEXT_LONG.format(n=TEXT_MAX))
    name, phone, email = _contact(contact_name, contact_phone, contact_email, required=True)
    claim = Claim(
        code=codes.unique_code(session, Claim.code),
        item_id=item.id,
        device_hash=dev,
        description=description,
        contact_name=name,
        contact_phone=phone,
        contact_email=email,
    )
    session.add(claim)
    session.flush()
    audit.record(session=session, action="found.claim", target_type="found_claim", target_id=claim.id, item=item.id)
    return claim


@dataclass
class ClaimView:
    code: str
    status: str
    item_id: int
    item_title: str
    reason: str
    pickup_code: str
    point_name: str
    point_place: str
    point_hours: str
    created_at: datetime


def _within_hourly_budget(session: Session, model) -> None:
    since = utcnow() - timedelta(hours=1)
    if session.exec(select(func.count(model.id)).where(model.created_at > since)).one() >= ANONYMOUS_PER_HOUR:
        raise UserError(shared.ANONYMOUS_BUDGET_SPENT)


def _by_code(session: Session, model, code: str, missing: str):
    """The claim or lost report behind a student's link, or a Chinese refusal."""
    norm = codes.normalise(code)
    row = session.exec(select(model).where(model.code == norm)).first() if norm else None
    if row is None:
        raise UserError(missing)
    return row


def claim_view(*, session: Session, code: str) -> ClaimView:
    """What a claimant sees on their own link: the status, never the hidden details."""
    claim = _by_code(session, Claim, code, strings.FOUND_CLAIM_NOT_FOUND)
    item = session.get(FoundItem, claim.item_id)
    point = session.get(PickupPoint, item.pickup_point_id)
    return ClaimView(
        code=claim.code,
        status=claim.status,
        item_id=item.id,
        item_title=public_text(item.title),
        reason=claim.reason,
        pickup_code=claim.pickup_code if claim.status == ClaimStatus.approved.value else "",
        point_name=point.name,
        point_place=point.place,
        point_hours=point.opening_hours,
        created_at=claim.created_at,
    )


def _staff_item(session: Session, actor: Principal, item_id: int | None) -> FoundItem:
    require(actor, Perm.FOUND_DESK)
    item = session.get(FoundItem, item_id) if item_id else None
    if item is None:
        raise UserError(strings.FOUND_ITEM_NOT_FOUND)
    _require_point(session, actor, item.pickup_point_id)
    return item


def _staff_claim(session: Session, actor: Principal, claim_id: int | None) -> tuple[Claim, FoundItem]:
    require(actor, Perm.FOUND_DESK)
    claim = session.get(Claim, claim_id) if claim_id else None
    if claim is None:
        raise UserError(strings.FOUND_CLAIM_NOT_FOUND)
    return claim, _staff_item(session, actor, claim.item_id)


def _mail(session: Session, to: str, subject: str, body: str) -> None:
    if to:
        session.add(OutboundMessage(recipient=to, subject=subject, body=body))


def approve_claim(*, session: Session, actor: Principal, claim_id: int | None, public_url: str = "") -> Claim:
    claim, item = _staff_claim(session, actor, claim_id)
    if item.status != FoundStatus.held.value:
        raise UserError(strings.FOUND_ALREADY_COLLECTED)
    if claim.status != ClaimStatus.pending.value:
        raise UserError(strings.FOUND_CLAIM_DECIDED)
    other = session.exec(
        select(Claim.id).where(Claim.item_id == item.id, Claim.status == ClaimStatus.approved.value)
    ).first()
    if other is not None:
        raise UserError(strings.FOUND_CLAIM_ONE_APPROVED)
    claim.status = ClaimStatus.approved.value
    claim.pickup_code = f"{secrets.randbelow(10**6):06d}"
    claim.decided_at = utcnow()
    claim.decided_by_id = actor.user_id
    session.add(claim)
    point = session.get(PickupPoint, item.pickup_point_id)
    link = absolute(public_url, routes.claim_url(claim.code))
    _mail(
        session,
        claim.contact_email,
        strings.FOUND_MAIL_APPROVED_SUBJECT.format(title=item.title),
        strings.FOUND_MAIL_APPROVED_BODY.format(
            title=public_text(item.title),
            code=claim.pickup_code,
            point=point.name,
            place=point.place,
            hours=point.opening_hours,
            link=link,
        ),
    )
    audit.record(
        session=session,
        action="found.claim_approve",
        actor_id=actor.user_id,
        target_type="found_claim",
        target_id=claim.id,
        item=item.id,
    )
    return claim


def reject_claim(
    *, session: Session, actor: Principal, claim_id: int | None, reason: str, public_url: str = ""
) -> Claim:
    claim, item = _staff_claim(session, actor, claim_id)
    reason = (reason or "").strip()
    if not reason:
        raise UserError(strings.FOUND_REASON_REQUIRED)
    if len(reason) > 200:
        raise UserError(strings.FOUND_TEXT_LONG.format(n=200))
    if claim.status not in (ClaimStatus.pending.value, ClaimStatus.approved.value):
        raise UserError(strings.FOUND_CLAIM_DECIDED)
    _reject(claim, reason, actor)
    session.add(claim)
    link = absolute(public_url, routes.claim_url(claim.code))
    _mail(
        session,
        claim.contact_email,
        strings.FOUND_MAIL_REJECTED_SUBJECT.format(title=item.title),
        strings.FOUND_MAIL_REJECTED_BODY.format(title=public_text(item.title), reason=reason, link=link),
    )
    audit.record(
        session=session,
        action="found.claim_reject",
        actor_id=actor.user_id,
        target_type="found_claim",
        target_id=claim.id,
        item=item.id,
    )
    return claim


def _reject(claim: Claim, reason: str, actor: Principal) -> None:
    claim.status = ClaimStatus.rejected.value
    claim.reason = reason
    claim.pickup_code = ""
    claim.decided_at = utcnow()
    claim.decided_by_id = actor.user_id


def _close_open_claims(
    session: Session, item: FoundItem, actor: Principal, reason: str, keep: int | None = None
) -> None:
    for other in session.exec(
        select(Claim).where(
            Claim.item_id == item.id, col(Claim.status).in_([ClaimStatus.pending.value, ClaimStatus.approved.value])
        )
    ).all():
        if other.id != keep:
            _reject(other, reason, actor)
            session.add(other)


def hand_over(
    *,
    session: Session,
    actor: Principal,
    item_id: int | None,
    pickup_code: str,
    collector_name: str,
    identity_method: str,
    identity_note: str = "",
    walk_in_confirmed: bool = False,
) -> FoundItem:
    """Give the item to its owner: with an approved claim's pickup code, or in person at the desk
    (no code) after checking identity. Closes the item and every other claim on it.

    Without a code while online claims are open, nothing happens until staff confirm
    (``walk_in_confirmed``): a forgotten code would otherwise reject those claims silently."""
    item = _staff_item(session, actor, item_id)
    if item.status != FoundStatus.held.value:
        raise UserError(strings.FOUND_ALREADY_COLLECTED)
    name = (collector_name or "").strip()
    if not name or len(name) > 32:
        raise UserError(strings.FOUND_COLLECTOR_REQUIRED)
    if identity_method not in IDENTITY_METHODS:
        raise UserError(strings.FOUND_IDENTITY_REQUIRED)
    note = (identity_note or "").strip()[:80]
    code = (pickup_code or "").strip()
    claim = None
    if not code and not walk_in_confirmed:
        waiting = session.exec(
            select(func.count(Claim.id)).where(
                Claim.item_id == item.id,
                col(Claim.status).in_([ClaimStatus.pending.value, ClaimStatus.approved.value]),
            )
        ).one()
        if waiting:
            raise UserError(strings.FOUND_WALK_IN_CONFIRM.format(n=waiting))
    if code:
        claim = session.exec(
            select(Claim).where(
                Claim.item_id == item.id, Claim.status == ClaimStatus.approved.value, Claim.pickup_code == code
            )
        ).first()
        if claim is None:
            raise UserError(strings.FOUND_PICKUP_CODE_WRONG)
        claim.status = ClaimStatus.collected.value
        session.add(claim)
    now = utcnow()
    item.status = FoundStatus.collected.value
    item.collected_at = now
    item.collected_by_name = name
    item.identity_check = strings.IDENTITY_METHODS[identity_method] + (f"({note})" if note else "")
    item.handed_over_by_id = actor.user_id
    item.claim_id = claim.id if claim else None
    session.add(item)
    _close_open_claims(session, item, actor, strings.FOUND_CLOSED_COLLECTED, keep=claim.id if claim else None)
    audit.record(
        session=session,
        action="found.handover",
        actor_id=actor.user_id,
        target_type="found_item",
        target_id=item.id,
        claim=claim.id if claim else None,
        method=identity_method,
    )
    return item


# ---- moves, retention, disposal ---------------------------------------------------------------


def move_item(
    *, session: Session, actor: Principal, item_id: int | None, to_point_id: int | None, note: str = ""
) -> FoundItem:
    item = _staff_item(session, actor, item_id)
    if item.status != FoundStatus.held.value:
        raise UserError(strings.FOUND_NOT_HELD)
    point = _point(session, to_point_id)
    if point.id == item.pickup_point_id:
        raise UserError(strings.FOUND_MOVE_SAME)
    session.add(
        ItemMove(
            item_id=item.id,
            from_point_id=item.pickup_point_id,
            to_point_id=point.id,
            note=(note or "").strip()[:200],
            actor_id=actor.user_id,
        )
    )
    audit.record(
        session=session,
        action="found.move",
        actor_id=actor.user_id,
        target_type="found_item",
        target_id=item.id,
        frm=item.pickup_point_id,
        to=point.id,
    )
    item.pickup_point_id = point.id
    session.add(item)
    return item


def dispose_item(
    *,
    session: Session,
    actor: Principal,
    item_id: int | None,
    outcome: str,
    note: str = "",
    now: datetime | None = None,
) -> FoundItem:
    item = _staff_item(session, actor, item_id)
    now = now or utcnow()
    if item.status != FoundStatus.held.value:
        raise UserError(strings.FOUND_NOT_HELD)
    if outcome not in DISPOSAL_OUTCOMES:
        raise UserError(strings.FOUND_OUTCOME_REQUIRED)
    if item.retention_until > now:
        raise UserError(strings.FOUND_NOT_DUE.format(day=local_str(item.retention_until, "%Y-%m-%d")))
    item.status = FoundStatus.disposed.value
    item.disposed_at = now
    item.disposal_outcome = outcome
    item.disposal_note = (note or "").strip()[:200]
    item.disposed_by_id = actor.user_id
    session.add(item)
    _close_open_claims(session, item, actor, strings.FOUND_CLOSED_DISPOSED)
    audit.record(
        session=session,
        action="found.dispose",
        actor_id=actor.user_id,
        target_type="found_item",
        target_id=item.id,
        outcome=outcome,
    )
    return item


def set_retention(*, session: Session, actor: Principal, category: str, days: int | None) -> None:
    require(actor, Perm.PICKUP_ADMIN)
    cat = _category(session, category)
    if days is None or not 7 <= days <= 730:
        raise UserError(strings.FOUND_RETENTION_RANGE)
    audit.record(
        session=session,
        action="found.retention",
        actor_id=actor.user_id,
        target_type="found_category",
        target_id=cat.code,
        old=cat.retention_days,
        new=days,
    )
    cat.retention_days = days
    session.add(cat)


def purge_personal_data(*, session: Session, now: datetime | None = None) -> dict[str, int]:
    """Blank personal data on claims decided, handovers done and lost reports filed more than
    90 days ago (such reports also close: no more matching). Returns counts."""
    now = now or utcnow()
    cutoff = now - timedelta(days=PERSONAL_DATA_DAYS)
    counts = {"claims": 0, "reports": 0, "handovers": 0}
    for claim in session.exec(
        select(Claim).where(
            col(Claim.status).in_([ClaimStatus.rejected.value, ClaimStatus.collected.value]),
            col(Claim.decided_at) < cutoff,
            col(Claim.purged_at).is_(None),
        )
    ).all():
        claim.contact_name = claim.contact_phone = claim.contact_email = claim.device_hash = ""
        claim.description = strings.PURGED
        claim.purged_at = now
        session.add(claim)
        counts["claims"] += 1
    for report in session.exec(
        select(LostReport).where(
            col(LostReport.created_at) < cutoff,
            col(LostReport.purged_at).is_(None),
        )
    ).all():
        if report.open:
            report.open = False
            report.closed_at = now
        report.contact_name = report.contact_phone = report.contact_email = report.device_hash = ""
        report.purged_at = now
        session.add(report)
        counts["reports"] += 1
    for item in session.exec(
        select(FoundItem).where(
            FoundItem.status == FoundStatus.collected.value,
            col(FoundItem.collected_at) < cutoff,
            FoundItem.collected_by_name != strings.PURGED,
        )
    ).all():
        item.collected_by_name = strings.PURGED
        session.add(item)
        counts["handovers"] += 1
    if any(counts.values()):
        audit.record(session=session, action="found.purge", **counts)
    return counts


# ---- staff views ------------------------------------------------------------------------------


@dataclass
class StaffFilter:
    status: str = FoundStatus.held.value  # held / due (past retention) / collected / disposed / all
    point_id: int | None = None
    q: str = ""
    page: int = 1


@dataclass
class StaffRow:
    id: int
    title: str
    category: str
    point_name: str
    found_at: datetime
    status: str
    retention_until: datetime
    overdue: bool
    pending_claims: int


def staff_items(
    *, session: Session, actor: Principal, flt: StaffFilter, now: datetime | None = None
) -> tuple[list[StaffRow], int]:
    require(actor, Perm.FOUND_DESK)
    now = now or utcnow()
    query = select(FoundItem)
    if flt.status == "due":
        query = query.where(FoundItem.status == FoundStatus.held.value, FoundItem.retention_until <= now)
    elif flt.status in {s.value for s in FoundStatus}:
        query = query.where(FoundItem.status == flt.status)
    if flt.point_id:
        query = query.where(FoundItem.pickup_point_id == flt.point_id)
    if flt.q.strip():
        terms = parse_query(flt.q)
        query = query.where(*textsearch.match_clause(FoundGram, FoundItem.search_text, FoundItem.id, terms))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(FoundItem.found_at).desc(), col(FoundItem.id).desc())
        .limit(PAGE_SIZE)
        .offset((max(1, flt.page) - 1) * PAGE_SIZE)
    ).all()
    ids = [r.id for r in rows]
    pending = (
        dict(
            session.exec(
                select(Claim.item_id, func.count(Claim.id))
                .where(col(Claim.item_id).in_(ids), Claim.status == ClaimStatus.pending.value)
                .group_by(Claim.item_id)
            ).all()
        )
        if ids
        else {}
    )
    cats = {c.code: c.name for c in categories(session)}
    points = _point_names(session)
    return [
        StaffRow(
            id=r.id,
            title=r.title,
            category=cats.get(r.category, ""),
            point_name=points[r.pickup_point_id].name,
            found_at=r.found_at,
            status=r.status,
            retention_until=r.retention_until,
            overdue=r.status == FoundStatus.held.value and r.retention_until <= now,
            pending_claims=pending.get(r.id, 0),
        )
        for r in rows
    ], total


@dataclass
class StaffClaim:
    id: int
    status: str
    description: str
    contact: str
    created_at: datetime
    reason: str
    pickup_code: str


@dataclass
class StaffItemView:
    item: FoundItem
    category: str
    point_name: str
    photo_shas: list[str]
    claims: list[StaffClaim]
    moves: list[tuple[datetime, str, str, str, str]]  # at, from, to, who, note
    registered_by: str
    handed_over_by: str
    can_act: bool


def staff_item(*, session: Session, actor: Principal, item_id: int | None) -> StaffItemView:
    """Everything about one item, hidden details and claims included, for its point's staff."""
    item = _staff_item(session, actor, item_id)
    cat = session.get(FoundCategory, item.category)
    points = _point_names(session)
    names = {u.id: u.display_name for u in session.exec(select(User)).all()}
    shas = []
    if item.photo_ids:
        by_id = {p.id: p.sha256 for p in session.exec(select(Photo).where(col(Photo.id).in_(item.photo_ids))).all()}
        shas = [by_id[i] for i in item.photo_ids if i in by_id]
    claims = [
        StaffClaim(
            id=c.id,
            status=c.status,
            description=c.description,
            contact=" ".join(x for x in (c.contact_name, c.contact_phone, c.contact_email) if x),
            created_at=c.created_at,
            reason=c.reason,
            pickup_code=c.pickup_code,
        )
        for c in session.exec(select(Claim).where(Claim.item_id == item.id).order_by(col(Claim.created_at))).all()
    ]
    moves = [
        (m.at, points[m.from_point_id].name, points[m.to_point_id].name, names.get(m.actor_id, ""), m.note)
        for m in session.exec(select(ItemMove).where(ItemMove.item_id == item.id).order_by(col(ItemMove.at))).all()
    ]
    audit.record(
        session=session, action="found.view_hidden", actor_id=actor.user_id, target_type="found_item", target_id=item.id
    )
    return StaffItemView(
        item=item,
        category=cat.name if cat else "",
        point_name=points[item.pickup_point_id].name,
        photo_shas=shas,
        claims=claims,
        moves=moves,
        registered_by=names.get(item.registered_by_id, ""),
        handed_over_by=names.get(item.handed_over_by_id, ""),
        can_act=item.status == FoundStatus.held.value,
    )


# ---- campus cards -----------------------------------------------------------------------------


@dataclass
class CardResult:
    found: bool
    masked: str
    point_name: str = ""
    point_place: str = ""
    point_hours: str = ""
    found_at: datetime | None = None
    item_id: int | None = None


def lookup_card(*, session: Session, number: str) -> CardResult:
    """Was this campus card handed in, and where is it? Needs the full number."""
    number = clean_card_number(number)
    item = session.exec(
        select(FoundItem)
        .where(
            FoundItem.category == CAMPUS_CARD,
            FoundItem.card_number == number,
            FoundItem.status == FoundStatus.held.value,
        )
        .order_by(col(FoundItem.found_at).desc())
    ).first()
    if item is None:
        return CardResult(found=False, masked=mask_card(number))
    point = session.get(PickupPoint, item.pickup_point_id)
    return CardResult(
        found=True,
        masked=mask_card(number),
        point_name=point.name,
        point_place=point.place,
        point_hours=point.opening_hours,
        found_at=item.found_at,
        item_id=item.id,
    )


# ---- lost reports and matching ----------------------------------------------------------------


def submit_lost_report(
    *,
    session: Session,
    category: str,
    description: str,
    place: str,
    lost_at: datetime | None,
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    device_id: str,
    secret: str,
    honeypot: str = "",
) -> LostReport:
    if honeypot:
        raise UserError(shared.CASE_REJECTED_BOT)
    cat = _category(session, category)
    description = clean(description or "").strip()
    if len(visible(description)) < CLAIM_MIN:
        raise UserError(strings.FOUND_LOST_DESCRIBE.format(n=CLAIM_MIN))
    if len(description) > TEXT_MAX:
        raise UserError(strings.FOUND_TEXT_LONG.format(n=TEXT_MAX))
    place = (place or "").strip()
    if len(place) > PLACE_MAX:
        raise UserError(strings.FOUND_PLACE_LONG.format(n=PLACE_MAX))
    now = utcnow()
    if lost_at is None or lost_at > now + timedelta(minutes=10) or lost_at < now - timedelta(days=366):
        raise UserError(strings.FOUND_LOST_WHEN_INVALID)
    name, phone, email = _contact(contact_name, contact_phone, contact_email, required=True)
    if not device_id:
        raise UserError(shared.DEVICE_NEEDED)
    _within_hourly_budget(session, LostReport)
    dev = device_hash(secret, device_id)
    recent = session.exec(
        select(func.count(LostReport.id)).where(
            LostReport.device_hash == dev, LostReport.created_at > now - timedelta(days=1)
        )
    ).one()
    if recent >= LOST_PER_DEVICE_PER_DAY:
        raise UserError(strings.FOUND_LOST_RATE)
    report = LostReport(
        code=codes.unique_code(session, LostReport.code),
        category=cat.code,
        description=description,
        place=place,
        lost_at=lost_at,
        contact_name=name,
        contact_phone=phone,
        contact_email=email,
        device_hash=dev,
    )
    session.add(report)
    session.flush()
    audit.record(session=session, action="found.lost_report", target_type="lost_report", target_id=report.id)
    return report


def _report_grams(report: LostReport) -> set[str]:
    return textsearch.bigrams(f"{report.description} {report.place}")


def suggestions(*, session: Session, report: LostReport, limit: int = 5) -> list[tuple[FoundItem, float]]:
    """Held items of the same category found in the report's time window, ranked by how many
    of the report's character pairs their public text shares (category + time + text)."""
    mine = _report_grams(report)
    if not mine:
        return []
    window = (
        FoundItem.category == report.category,
        FoundItem.status == FoundStatus.held.value,
        FoundItem.found_at >= report.lost_at - MATCH_WINDOW_BEFORE,
        FoundItem.found_at <= report.lost_at + MATCH_WINDOW_AFTER,
    )
    shared = func.count(FoundGram.gram).label("shared")
    rows = session.exec(
        select(FoundGram.item_id, shared)
        .join(FoundItem, FoundItem.id == FoundGram.item_id)
        .where(col(FoundGram.gram).in_(sorted(mine)), *window)
        .group_by(FoundGram.item_id)
        .order_by(shared.desc())
        .limit(limit * 4)
    ).all()
    scored = [(item_id, n / len(mine)) for item_id, n in rows if n / len(mine) >= MATCH_MIN_SCORE]
    scored.sort(key=lambda t: -t[1])
    return [(session.get(FoundItem, item_id), round(score, 2)) for item_id, score in scored[:limit]]


def _match_score(report: LostReport, item: FoundItem) -> float:
    mine = _report_grams(report)
    theirs = {g for g in textsearch.grams(item.search_text) if len(g) == 2}
    return len(mine & theirs) / len(mine) if mine else 0.0


def notify_lost_matches(*, session: Session, item: FoundItem, public_url: str = "") -> int:
    """A newly registered item: record a match for every open lost report it fits, and tell
    the student (email if given; the report's own page lists its matches either way)."""
    reports = session.exec(
        select(LostReport).where(
            LostReport.open,
            LostReport.category == item.category,
            LostReport.lost_at <= item.found_at + MATCH_WINDOW_BEFORE,
            LostReport.lost_at >= item.found_at - MATCH_WINDOW_AFTER,
        )
    ).all()
    n = 0
    for report in reports:
        score = _match_score(report, item)
        if score < MATCH_MIN_SCORE:
            continue
        session.add(LostMatch(report_id=report.id, item_id=item.id, score=round(score, 2)))
        link = absolute(public_url, routes.lost_report_url(report.code))
        _mail(
            session,
            report.contact_email,
            strings.FOUND_MAIL_MATCH_SUBJECT,
            strings.FOUND_MAIL_MATCH_BODY.format(title=public_text(item.title), link=link),
        )
        n += 1
    return n


@dataclass
class LostView:
    code: str
    category: str
    description: str
    place: str
    lost_at: datetime
    open: bool
    matches: list[PublicCard]


def public_cards(session: Session, items: list[FoundItem]) -> list[PublicCard]:
    cats = {c.code: c.name for c in categories(session)}
    points = _point_names(session)
    thumbs = _thumbs(session, items)
    return [
        PublicCard(
            id=i.id,
            title=public_text(i.title),
            category=cats.get(i.category, ""),
            place_found=public_text(i.place_found),
            found_at=i.found_at,
            point_name=points[i.pickup_point_id].name,
            thumb_sha=thumbs.get(i.id, ""),
            card_masked=mask_card(i.card_number) if i.card_number else "",
        )
        for i in items
    ]


def lost_view(*, session: Session, code: str) -> LostView:
    """A lost report's own page: what was reported and every held item that matches it."""
    report = _by_code(session, LostReport, code, strings.FOUND_LOST_NOT_FOUND)
    items: dict[int, FoundItem] = {}
    if report.open:
        recorded = session.exec(
            select(FoundItem)
            .join(LostMatch, LostMatch.item_id == FoundItem.id)
            .where(LostMatch.report_id == report.id, FoundItem.status == FoundStatus.held.value)
        ).all()
        items = {i.id: i for i in recorded}
        for item, _ in suggestions(session=session, report=report):
            items.setdefault(item.id, item)
    cat = session.get(FoundCategory, report.category)
    return LostView(
        code=report.code,
        category=cat.name if cat else "",
        description=report.description,
        place=report.place,
        lost_at=report.lost_at,
        open=report.open,
        matches=public_cards(session, sorted(items.values(), key=lambda i: i.found_at, reverse=True)),
    )


def close_lost_report(*, session: Session, code: str) -> None:
    """The student found their thing (or gives up): stop matching and notifying."""
    report = _by_code(session, LostReport, code, strings.FOUND_LOST_NOT_FOUND)
    if report.open:
        report.open = False
        report.closed_at = utcnow()
        session.add(report)


@dataclass
class StaffLostRow:
    id: int
    category: str
    description: str
    place: str
    lost_at: datetime
    contact: str
    suggestions: list[tuple[int, str, float]]


def staff_lost_reports(*, session: Session, actor: Principal, limit: int = 50) -> list[StaffLostRow]:
    """Open lost reports, newest first, each with its suggested items (contact masked)."""
    require(actor, Perm.FOUND_DESK)
    cats = {c.code: c.name for c in categories(session)}
    out = []
    for r in session.exec(
        select(LostReport).where(col(LostReport.open)).order_by(col(LostReport.created_at).desc()).limit(limit)
    ).all():
        contact = " ".join(
            x
            for x in (
                mask_phone(r.contact_phone) if r.contact_phone else "",
                mask_email(r.contact_email) if r.contact_email else "",
            )
            if x
        )
        out.append(
            StaffLostRow(
                id=r.id,
                category=cats.get(r.category, ""),
                description=r.description,
                place=r.place,
                lost_at=r.lost_at,
                contact=contact,
                suggestions=[(i.id, public_text(i.title), s) for i, s in suggestions(session=session, report=r)],
            )
        )
    return out


def photos_held(session: Session, since: datetime) -> set[int]:
    """The photos found items hold (for the drafts purge)."""
    from quanyi_app.core.photos.services import ids_in_lists

    return ids_in_lists(session.exec(select(FoundItem.photo_ids).where(FoundItem.created_at >= since)).all())


def mine(session: Session, device_hash_: str) -> list[MineItem]:
    """This phone's claims and lost reports, for 我的 (core/mine.py)."""
    claims = session.exec(
        select(Claim, FoundItem.title)
        .join(FoundItem, col(FoundItem.id) == Claim.item_id)
        .where(Claim.device_hash == device_hash_)
        .order_by(col(Claim.created_at).desc())
        .limit(PER_KIND)
    ).all()
    reports = session.exec(
        select(LostReport)
        .where(LostReport.device_hash == device_hash_, col(LostReport.purged_at).is_(None))
        .order_by(col(LostReport.created_at).desc())
        .limit(PER_KIND)
    ).all()
    found = [
        MineItem(
            kind=strings.MINE_KIND_CLAIM,
            title=public_text(title),
            status=strings.CLAIM_STATUS_LABELS.get(claim.status, claim.status),
            href=routes.claim_url(claim.code),
            at=claim.created_at,
            open=claim.status in (ClaimStatus.pending.value, ClaimStatus.approved.value),
        )
        for claim, title in claims
    ]
    found += [
        MineItem(
            kind=strings.MINE_KIND_LOST,
            title=" ".join(report.description.split())[:24],
            status=strings.MINE_LOST_OPEN if report.open else strings.MINE_LOST_CLOSED,
            href=routes.lost_report_url(report.code),
            at=report.created_at,
            open=report.open,
        )
        for report in reports
    ]
    return found
