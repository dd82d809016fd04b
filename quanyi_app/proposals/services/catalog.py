"""The issue categories students pick from: staff add, rename, reorder and retire them."""

from __future__ import annotations

import re

from sqlmodel import Session, col, func, select

from quanyi_app.core import audit
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, require
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Category


def list_categories(*, session: Session) -> list[Category]:
    return list(session.exec(select(Category).order_by(col(Category.sort_order), col(Category.id))).all())


def active_categories(*, session: Session) -> list[Category]:
    """What students choose from, in the staff's order."""
    return list(session.exec(select(Category).where(col(Category.active)).order_by(col(Category.sort_order))).all())


def _clean_name(session: Session, name: str, exclude_id: int | None = None) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= 16:
        raise UserError(strings.CATEGORY_NAME_LENGTH)
    clash = session.exec(select(Category).where(Category.name == name)).first()
    if clash is not None and clash.id != exclude_id:
        raise UserError(strings.CATEGORY_NAME_TAKEN.format(name=name))
    return name


def add_category(*, session: Session, actor: Principal, name: str) -> Category:
    require(actor, Perm.CATEGORY_EDIT)
    name = _clean_name(session, name)
    last = session.exec(select(func.max(Category.sort_order))).one() or 0
    code = "c" + re.sub(r"[^0-9]", "", str(session.exec(select(func.count()).select_from(Category)).one() + 1))
    while session.exec(select(Category).where(Category.code == code)).first() is not None:
        code += "x"
    cat = Category(code=code, name=name, sort_order=last + 1)
    session.add(cat)
    session.flush()
    audit.record(
        session=session, action="category.add", actor_id=actor.user_id, target_type="category", target_id=cat.id
    )
    session.flush()
    return cat


def _get(session: Session, category_id: int) -> Category:
    cat = session.get(Category, category_id)
    if cat is None:
        raise UserError(strings.CATEGORY_NOT_FOUND)
    return cat


def rename_category(*, session: Session, actor: Principal, category_id: int, name: str) -> None:
    require(actor, Perm.CATEGORY_EDIT)
    cat = _get(session, category_id)
    cat.name = _clean_name(session, name, exclude_id=cat.id)
    session.add(cat)
    audit.record(
        session=session, action="category.rename", actor_id=actor.user_id, target_type="category", target_id=cat.id
    )
    session.flush()


def set_category_active(*, session: Session, actor: Principal, category_id: int, active: bool) -> None:
    """Retired categories leave the student form; existing cases keep theirs."""
    require(actor, Perm.CATEGORY_EDIT)
    cat = _get(session, category_id)
    if not active and session.exec(select(func.count()).select_from(Category).where(Category.active)).one() <= 1:
        raise UserError(strings.CATEGORY_LAST)
    cat.active = active
    session.add(cat)
    audit.record(
        session=session,
        action="category.activate" if active else "category.retire",
        actor_id=actor.user_id,
        target_type="category",
        target_id=cat.id,
    )
    session.flush()


def move_category(*, session: Session, actor: Principal, category_id: int, up: bool) -> None:
    require(actor, Perm.CATEGORY_EDIT)
    cats = list_categories(session=session)
    idx = next((i for i, c in enumerate(cats) if c.id == category_id), None)
    if idx is None:
        raise UserError(strings.CATEGORY_NOT_FOUND)
    other = idx - 1 if up else idx + 1
    if not 0 <= other < len(cats):
        return
    cats[idx], cats[other] = cats[other], cats[idx]
    for order, cat in enumerate(cats):
        cat.sort_order = order
        session.add(cat)
    session.flush()
