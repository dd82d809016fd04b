"""cases qr points proposals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:36:09.497147
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "reply_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "qr_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("scan_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("qr_point", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qr_point_building_id"), ["building_id"], unique=False)

    op.create_table(
        "case_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("device_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("qr_point_id", sa.Integer(), nullable=True),
        sa.Column("college_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("contact_email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("contact_student_no", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("book_page", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("book_date", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reject_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("office_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_response_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rating_comment", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
        ),
        sa.ForeignKeyConstraint(
            ["college_id"],
            ["college.id"],
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
        ),
        sa.ForeignKeyConstraint(
            ["qr_point_id"],
            ["qr_point.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
        sa.UniqueConstraint("tracking_code"),
    )
    with op.batch_alter_table("case_report", schema=None) as batch_op:
        batch_op.create_index("ix_case_building_category", ["building_id", "category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_report_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_report_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_report_college_id"), ["college_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_report_device_hash"), ["device_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_report_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_report_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_report_qr_point_id"), ["qr_point_id"], unique=False)
        batch_op.create_index("ix_case_status_created", ["status", "created_at"], unique=False)

    op.create_table(
        "qr_code",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["qr_point.id"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("qr_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qr_code_point_id"), ["point_id"], unique=False)

    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("photo_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_report.id"],
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "outbound_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_report.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbound_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbound_message_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbound_message_sent_at"), ["sent_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("outbound_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbound_message_sent_at"))
        batch_op.drop_index(batch_op.f("ix_outbound_message_case_id"))

    op.drop_table("outbound_message")
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_event_case_id"))

    op.drop_table("case_event")
    with op.batch_alter_table("qr_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qr_code_point_id"))

    op.drop_table("qr_code")
    with op.batch_alter_table("case_report", schema=None) as batch_op:
        batch_op.drop_index("ix_case_status_created")
        batch_op.drop_index(batch_op.f("ix_case_report_qr_point_id"))
        batch_op.drop_index(batch_op.f("ix_case_report_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_case_report_office_id"))
        batch_op.drop_index(batch_op.f("ix_case_report_device_hash"))
        batch_op.drop_index(batch_op.f("ix_case_report_college_id"))
        batch_op.drop_index(batch_op.f("ix_case_report_category_id"))
        batch_op.drop_index(batch_op.f("ix_case_report_assignee_id"))
        batch_op.drop_index("ix_case_building_category")

    op.drop_table("case_report")
    with op.batch_alter_table("qr_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qr_point_building_id"))

    op.drop_table("qr_point")
    op.drop_table("proposal")
    op.drop_table("reply_template")
