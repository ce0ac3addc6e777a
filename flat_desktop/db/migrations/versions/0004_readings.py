"""readings (ruby markup) of the names and titles a worker sees and hears

Revision ID: 0004_readings
Revises: 0003

Job types, machines and routes get the reading of their name; orders and jobs the reading of
their title. People and departments already keep theirs (kana). Existing rows start with no
reading: the station proposes one with its Japanese analyser until a supervisor stores one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_readings"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("job_types", "machines", "routes", "orders", "jobs")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("reading", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("reading")
