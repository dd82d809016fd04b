"""lost and found

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:44:06.563269
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOUND_CATEGORIES = [
    ("id_doc", "证件", False),
    ("campus_card", "校园卡", False),
    ("keys", "钥匙", True),
    ("electronics", "电子产品", True),
    ("wallet", "钱包", True),
    ("stationery", "书本文具", True),
    ("clothing", "衣物", True),
    ("umbrella", "雨伞", True),
    ("other", "其他", True),
]


def upgrade() -> None:
    op.create_table(
        "found_category",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("photos_public", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    # The categories the department's registers use; retention is editable afterwards.
    op.bulk_insert(
        sa.table(
            "found_category",
            sa.column("code"),
            sa.column("name"),
            sa.column("retention_days"),
            sa.column("photos_public"),
            sa.column("sort_order"),
        ),
        [
            {"code": code, "name": name, "retention_days": 90, "photos_public": public, "sort_order": i}
            for i, (code, name, public) in enumerate(FOUND_CATEGORIES)
        ],
    )
    op.create_table(
        "lost_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("lost_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("contact_email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("device_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["category"],
            ["found_category.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("lost_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lost_report_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_lost_report_device_hash"), ["device_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_lost_report_open"), ["open"], unique=False)

    op.create_table(
        "found_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("place_found", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pickup_point_id", sa.Integer(), nullable=False),
        sa.Column("hidden_details", sa.Text(), server_default="", nullable=False),
        sa.Column("card_number", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("photo_ids", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("retention_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collected_by_name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("identity_check", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("handed_over_by_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disposal_outcome", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("disposal_note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("disposed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category"],
            ["found_category.code"],
        ),
        sa.ForeignKeyConstraint(
            ["disposed_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["handed_over_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pickup_point_id"],
            ["pickup_point.id"],
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("found_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_found_item_card_number"), ["card_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_found_item_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_found_item_pickup_point_id"), ["pickup_point_id"], unique=False)
        batch_op.create_index("ix_found_status_found_at", ["status", "found_at"], unique=False)
        batch_op.create_index("ix_found_status_retention", ["status", "retention_until"], unique=False)

    op.create_table(
        "found_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("item_ids", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_table(
        "pickup_assignment",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("pickup_point_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pickup_point_id"],
            ["pickup_point.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "pickup_point_id"),
    )
    op.create_table(
        "found_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("device_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("contact_email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("pickup_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["found_item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("found_claim", schema=None) as batch_op:
        batch_op.create_index("ix_claim_item_device", ["item_id", "device_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_found_claim_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_found_claim_status"), ["status"], unique=False)

    op.create_table(
        "found_gram",
        sa.Column("gram", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["found_item.id"],
        ),
        sa.PrimaryKeyConstraint("gram", "item_id"),
    )
    with op.batch_alter_table("found_gram", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_found_gram_item_id"), ["item_id"], unique=False)

    op.create_table(
        "found_item_move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("from_point_id", sa.Integer(), nullable=False),
        sa.Column("to_point_id", sa.Integer(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["from_point_id"],
            ["pickup_point.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["found_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_point_id"],
            ["pickup_point.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("found_item_move", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_found_item_move_item_id"), ["item_id"], unique=False)

    op.create_table(
        "lost_match",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["found_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["lost_report.id"],
        ),
        sa.PrimaryKeyConstraint("report_id", "item_id"),
    )


def downgrade() -> None:
    op.drop_table("lost_match")
    with op.batch_alter_table("found_item_move", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_found_item_move_item_id"))

    op.drop_table("found_item_move")
    with op.batch_alter_table("found_gram", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_found_gram_item_id"))

    op.drop_table("found_gram")
    with op.batch_alter_table("found_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_found_claim_status"))
        batch_op.drop_index(batch_op.f("ix_found_claim_item_id"))
        batch_op.drop_index("ix_claim_item_device")

    op.drop_table("found_claim")
    op.drop_table("pickup_assignment")
    op.drop_table("found_publication")
    with op.batch_alter_table("found_item", schema=None) as batch_op:
        batch_op.drop_index("ix_found_status_retention")
        batch_op.drop_index("ix_found_status_found_at")
        batch_op.drop_index(batch_op.f("ix_found_item_pickup_point_id"))
        batch_op.drop_index(batch_op.f("ix_found_item_category"))
        batch_op.drop_index(batch_op.f("ix_found_item_card_number"))

    op.drop_table("found_item")
    with op.batch_alter_table("lost_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lost_report_open"))
        batch_op.drop_index(batch_op.f("ix_lost_report_device_hash"))
        batch_op.drop_index(batch_op.f("ix_lost_report_category"))

    op.drop_table("lost_report")
    op.drop_table("found_category")
