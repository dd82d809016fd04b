"""events with places: open days, pools of places (college quotas), registrations (lottery,
waitlist, tickets)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reg_opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reg_closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirm_hours", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("seed", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seed_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("list_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_reg_closes_at"), ["reg_closes_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_status"), ["status"], unique=False)

    op.create_table(
        "event_pool",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("college_id", sa.Integer(), nullable=True),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["college_id"],
            ["college.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_pool", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_pool_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), nullable=True),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("ticket", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("student_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("student_no", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("college_id", sa.Integer(), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("device_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("won_draw", sa.Boolean(), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=True),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_in_by_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_report.id"],
        ),
        sa.ForeignKeyConstraint(
            ["checked_in_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["college_id"],
            ["college.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pool_id"],
            ["event_pool.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("event_id", "student_key", name="uq_registration_student"),
        sa.UniqueConstraint("ticket"),
    )
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_registration_device_hash"), ["device_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registration_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registration_offer_expires_at"), ["offer_expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registration_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_registration_status"))
        batch_op.drop_index(batch_op.f("ix_event_registration_offer_expires_at"))
        batch_op.drop_index(batch_op.f("ix_event_registration_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_registration_device_hash"))

    op.drop_table("event_registration")
    with op.batch_alter_table("event_pool", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_pool_event_id"))

    op.drop_table("event_pool")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_status"))
        batch_op.drop_index(batch_op.f("ix_event_starts_at"))
        batch_op.drop_index(batch_op.f("ix_event_reg_closes_at"))

    op.drop_table("event")
