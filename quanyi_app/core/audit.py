"""The audit log: who did what to which record, and when."""

from __future__ import annotations

from sqlmodel import Session

from quanyi_app.core.accounts.models import AuditLog


def record(
    *,
    session: Session,
    action: str,
    actor_id: int | None = None,
    target_type: str = "",
    target_id: object = "",
    **detail,
) -> AuditLog:
    """Add an audit entry to ``session`` (committed with the change it describes)."""
    entry = AuditLog(
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail,
    )
    session.add(entry)
    return entry
