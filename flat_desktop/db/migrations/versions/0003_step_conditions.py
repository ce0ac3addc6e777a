"""step templates may apply only to some orders (a condition on the spec values)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flat_desktop.db.models import JSONType

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("step_templates") as batch:
        batch.add_column(sa.Column("condition", JSONType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("step_templates") as batch:
        batch.drop_column("condition")
