"""Moving registry data in and out: Excel/CSV import with row-level verdicts, export of the templates.

The window and the command line call these same functions.
"""

from __future__ import annotations

from carematch.core.transfer.exporter import EXPORT_KINDS, export_file, write_rejected_report
from carematch.core.transfer.importer import ImportVerdict, RejectedRow, import_file
from carematch.core.transfer.sheets import Table, read_table

__all__ = [
    "EXPORT_KINDS",
    "ImportVerdict",
    "RejectedRow",
    "Table",
    "export_file",
    "import_file",
    "read_table",
    "write_rejected_report",
]
