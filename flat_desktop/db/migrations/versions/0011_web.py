"""web ordering desk: requesters' sign-in accounts

Revision ID: 0011_web
Revises: 0010_work_time

A requester of an ordering department signs in at the web ordering desk with a staff number and
a password (an argon2 hash is kept), locked for a while after repeated failures.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import flat_desktop.db.models

revision = "0011_web"
down_revision = "0010_work_time"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("staff_no", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.Column("created_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["requester_id"], ["requesters.id"],
                                name=op.f("fk_web_accounts_requester_id_requesters"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_accounts")),
        sa.UniqueConstraint("requester_id", name=op.f("uq_web_accounts_requester_id")),
        sa.UniqueConstraint("staff_no", name=op.f("uq_web_accounts_staff_no")),
    )


def downgrade() -> None:
    op.drop_table("web_accounts")
