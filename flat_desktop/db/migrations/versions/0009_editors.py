"""step pictures: photos of a machine or a finished sample, shown on the station's step

Revision ID: 0009_editors
Revises: 0007_check

A picture is stored once, under the SHA-256 of its bytes; step templates and job steps name it
in their existing ``picture`` column (so a job keeps its picture when the template changes).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import flat_desktop.db.models

revision = "0009_editors"
down_revision = "0007_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "step_pictures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_pictures")),
        sa.UniqueConstraint("sha256", name=op.f("uq_step_pictures_sha256")),
    )


def downgrade() -> None:
    op.drop_table("step_pictures")
