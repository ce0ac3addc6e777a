"""quality check and delivery: job types that need no check, and the note of a job sent back

Revision ID: 0007_check
Revises: 0006_cards

``job_types.check_waived``: a job of the type is delivered without a passed check (the mail
rounds and the evening paper, whose round is the delivery). ``jobs.rework_note``: what the
last failed check said must be redone, shown and said at the worker's station.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_check"
down_revision = "0006_cards"
branch_labels = None
depends_on = None

WAIVED = ("mail_round", "evening_paper", "lending")  # as flat_desktop/demo/catalog.py


def upgrade() -> None:
    with op.batch_alter_table("job_types") as batch:
        batch.add_column(sa.Column("check_waived", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("rework_note", sa.Text(), nullable=False, server_default=""))
    # A station made before this revision keeps delivering its rounds without a check.
    job_types = sa.table("job_types", sa.column("key", sa.String), sa.column("check_waived", sa.Boolean))
    op.execute(job_types.update().where(job_types.c.key.in_(WAIVED)).values(check_waived=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("rework_note")
    with op.batch_alter_table("job_types") as batch:
        batch.drop_column("check_waived")
