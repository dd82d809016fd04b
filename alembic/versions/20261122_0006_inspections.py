"""inspections

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 11:33:46.984723
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("target_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("rectify_days", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "checklist_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_template.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("template_id", "number", name="uq_checklist_version_number"),
    )
    with op.batch_alter_table("checklist_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_version_template_id"), ["template_id"], unique=False)

    op.create_table(
        "inspection_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("inspector_ids", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_template.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspection_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_series_building_id"), ["building_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_series_template_id"), ["template_id"], unique=False)

    op.create_table(
        "checklist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("guidance", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("photo_on_fail", sa.Boolean(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["checklist_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_item_version_id"), ["version_id"], unique=False)

    op.create_table(
        "inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("critical_failed", sa.Integer(), nullable=False),
        sa.Column("inspector_names", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["inspection_series.id"],
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_template.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["checklist_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series_id", "planned_on", name="uq_inspection_series_day"),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index("ix_inspection_building_planned", ["building_id", "planned_on"], unique=False)
        batch_op.create_index("ix_inspection_status_planned", ["status", "planned_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_template_id"), ["template_id"], unique=False)

    op.create_table(
        "inspection_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("result_ts", sa.BigInteger(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("note_ts", sa.BigInteger(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["checklist_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "item_id", name="uq_answer_item"),
    )
    with op.batch_alter_table("inspection_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_answer_inspection_id"), ["inspection_id"], unique=False)

    op.create_table(
        "inspection_inspector",
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("inspection_id", "user_id"),
    )
    with op.batch_alter_table("inspection_inspector", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_inspector_user_id"), ["user_id"], unique=False)

    op.create_table(
        "inspection_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("photo_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["checklist_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["photo.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "item_id", "photo_id", name="uq_inspection_photo"),
    )
    with op.batch_alter_table("inspection_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_photo_inspection_id"), ["inspection_id"], unique=False)

    op.create_table(
        "rectification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("responsible", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("close_note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("close_photo_ids", sa.JSON(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_report.id"],
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["checklist_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "item_id", name="uq_rectification_item"),
    )
    with op.batch_alter_table("rectification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectification_building_id"), ["building_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rectification_inspection_id"), ["inspection_id"], unique=False)
        batch_op.create_index("ix_rectification_status_due", ["status", "due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rectification", schema=None) as batch_op:
        batch_op.drop_index("ix_rectification_status_due")
        batch_op.drop_index(batch_op.f("ix_rectification_inspection_id"))
        batch_op.drop_index(batch_op.f("ix_rectification_building_id"))

    op.drop_table("rectification")
    with op.batch_alter_table("inspection_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_photo_inspection_id"))

    op.drop_table("inspection_photo")
    with op.batch_alter_table("inspection_inspector", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_inspector_user_id"))

    op.drop_table("inspection_inspector")
    with op.batch_alter_table("inspection_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_answer_inspection_id"))

    op.drop_table("inspection_answer")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_template_id"))
        batch_op.drop_index("ix_inspection_status_planned")
        batch_op.drop_index("ix_inspection_building_planned")

    op.drop_table("inspection")
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_item_version_id"))

    op.drop_table("checklist_item")
    with op.batch_alter_table("inspection_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_series_template_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_series_building_id"))

    op.drop_table("inspection_series")
    with op.batch_alter_table("checklist_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_version_template_id"))

    op.drop_table("checklist_version")
    op.drop_table("checklist_template")
