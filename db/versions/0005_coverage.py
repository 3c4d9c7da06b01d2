"""coverage schema

Revision ID: 0005
Revises: 0003

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "coverage_snapshots",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("month", "scope", "figure", name=op.f("pk_coverage_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("coverage_snapshots")
