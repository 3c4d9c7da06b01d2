"""Offline exchange of changes between stations and the county, by checksummed files.

`export_changes` / `import_file` move changes; `open_conflicts` / `settle` let a person decide
between two versions made at the same time in two places. See exchange.py for the design.
"""

from carematch.core.sync.conflicts import CHOICES, Choice, ConflictView, find_conflict, open_conflicts, settle
from carematch.core.sync.exchange import (
    ExportSummary,
    ImportSummary,
    SyncStatus,
    database_identity,
    database_name,
    export_changes,
    import_changes,
    import_file,
    renew_identity,
    status,
)
from carematch.core.sync.package import Package, read_package

__all__ = [
    "CHOICES",
    "Choice",
    "ConflictView",
    "ExportSummary",
    "ImportSummary",
    "Package",
    "SyncStatus",
    "database_identity",
    "database_name",
    "export_changes",
    "find_conflict",
    "import_changes",
    "import_file",
    "open_conflicts",
    "read_package",
    "renew_identity",
    "settle",
    "status",
]
