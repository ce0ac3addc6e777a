"""files attached at the web desk kept in the database, where every console can open them

Revision ID: 0012_order_files
Revises: 0011_web

In a folder of the PC that runs the desk, the other PCs could not reach them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import flat_desktop.db.models

revision = "0012_order_files"
down_revision = "0011_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("order_code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_files")),
        sa.UniqueConstraint("name", name=op.f("uq_order_files_name")),
    )
    with op.batch_alter_table("order_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_files_order_code"), ["order_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("order_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_files_order_code"))
    op.drop_table("order_files")
