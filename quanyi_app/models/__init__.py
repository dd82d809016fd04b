"""All tables. Importing this module registers every table on ``SQLModel.metadata``."""

from quanyi_app.models.accounts import AuditLog, LoginSession, Role, User
from quanyi_app.models.base import UTCDateTime, utcnow
from quanyi_app.models.campus import (
    Building,
    BuildingKind,
    Campus,
    Category,
    College,
    Office,
    PickupPoint,
)
from quanyi_app.models.cases import (
    Case,
    CaseEvent,
    CaseSource,
    CaseStatus,
    OutboundMessage,
    Proposal,
    ProposalStatus,
    QrCode,
    QrKind,
    QrPoint,
    ReplyTemplate,
    Story,
)
from quanyi_app.models.media import Photo

__all__ = [
    "Case",
    "CaseEvent",
    "CaseSource",
    "CaseStatus",
    "OutboundMessage",
    "Proposal",
    "ProposalStatus",
    "QrCode",
    "QrKind",
    "QrPoint",
    "ReplyTemplate",
    "Story",
    "AuditLog",
    "Building",
    "BuildingKind",
    "Campus",
    "Category",
    "College",
    "LoginSession",
    "Office",
    "Photo",
    "PickupPoint",
    "Role",
    "User",
    "UTCDateTime",
    "utcnow",
]
