"""orders carry their lists (card holders, name tags, file labels); workers carry their schedule

Revision ID: 0006_cards
Revises: 0004_readings

``order_rows``: one row per card holder, name tag or file label of an order, made from the
``order_created`` event. ``workers.weekdays``: the weekdays a worker usually works (Monday to
Friday for everyone already there); ``worker_days_off``: the days they are away. Route runs are
assigned from who is scheduled that day.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flat_desktop.db.models import JSONType

revision = "0006_cards"
down_revision = "0004_readings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kana", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("section", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_order_rows_order_id_orders"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_rows")),
        sa.UniqueConstraint("order_id", "position", name=op.f("uq_order_rows_order_id")),
    )
    op.create_table(
        "worker_days_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["workers.id"], name=op.f("fk_worker_days_off_worker_id_workers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_days_off")),
        sa.UniqueConstraint("worker_id", "day", name=op.f("uq_worker_days_off_worker_id")),
    )
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("weekdays", JSONType, nullable=False, server_default=sa.text("'[0, 1, 2, 3, 4]'")))


def downgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("weekdays")
    op.drop_table("worker_days_off")
    op.drop_table("order_rows")
