"""geography schema

Revision ID: 0002
Revises: 0001

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Former names of merged or renamed villages (撤并/更名), which addresses still use.
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aliases', sa.JSON(), nullable=False, server_default='[]'))
    # The server default only served the ALTER for existing rows; the model supplies the value.
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.alter_column('aliases', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.drop_column('aliases')
