"""registry io schema: search columns and indexes for residents

Revision ID: 0003
Revises: 0002

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_tail', sa.String(length=4), nullable=False, server_default=''))
    # Existing rows get their ID tail; the server default only served the ALTER.
    tail = "right(citizen_id, 4)" if op.get_bind().dialect.name == "postgresql" else "substr(citizen_id, -4)"
    op.execute(f"UPDATE residents SET id_tail = {tail}")
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.alter_column('id_tail', server_default=None)
        batch_op.create_index(batch_op.f('ix_residents_id_tail'), ['id_tail'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_phone'), ['phone'], unique=False)
        batch_op.create_index('ix_residents_village', ['village'], unique=False)
        batch_op.create_index('ix_residents_township_initials', ['township', 'name_initials'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index('ix_residents_township_initials')
        batch_op.drop_index('ix_residents_village')
        batch_op.drop_index(batch_op.f('ix_residents_phone'))
        batch_op.drop_index(batch_op.f('ix_residents_name'))
        batch_op.drop_index(batch_op.f('ix_residents_id_tail'))
        batch_op.drop_column('id_tail')
