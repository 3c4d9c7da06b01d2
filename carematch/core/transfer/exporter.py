"""Export: the import template written back (export → import → export gives the same content), and
the assignments list (citizen IDs masked: it leaves the station's hands).

The resident template keeps the full citizen ID because it is what a re-import is keyed on.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.enums import CoordSource, CoordSystem
from carematch.core.errors import Message, UserInputError, msg
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Record, Resident, Township
from carematch.core.registry import FIELDS, KINDS, Field, check_kind
from carematch.core.validation import mask_citizen_id

EXPORT_KINDS = (*KINDS, "assignments")
_CENTROIDS = (CoordSource.VILLAGE, CoordSource.TOWNSHIP)
_TEXT_COLUMNS = {"citizen_id", "phone", "emergency_phone", "code", "centre_code"}

ASSIGNMENT_HEADERS: tuple[tuple[str, str], ...] = (
    ("身份证号", "citizen_id"),
    ("姓名", "name"),
    ("乡镇(街道)", "township"),
    ("村(社区)", "village"),
    ("服务", "kind"),
    ("服务方编号", "provider_code"),
    ("服务方名称", "provider_name"),
    ("距离(米)", "distance_m"),
    ("送餐", "delivery"),
    ("上门日", "visit_days"),
    ("状态", "status"),
    ("提出时间", "proposed_at"),
    ("确认时间", "confirmed_at"),
    ("开始时间", "started_at"),
    ("结束时间", "ended_at"),
    ("需重新匹配", "needs_rematch"),
    ("重新匹配原因", "rematch_reason"),
)


def cell_value(value: Any) -> Any:
    """A stored value as a clerk writes it in the template."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "zh", value.value))
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if value == "":
        return None
    return value


def record_row(kind: str, record: Any, fields: Sequence[Field]) -> list[Any]:
    """One template row. Coordinates that are only a village or township centre stay blank: an
    import places the record there again, and a later, better gazetteer centre is then used."""
    centroid = getattr(record, "coord_source", None) in _CENTROIDS
    row: list[Any] = []
    for column in fields:
        if column.name in ("lon", "lat"):
            value = None if centroid else getattr(record, column.name)
        elif column.name == "coord_system":
            value = None if centroid or getattr(record, "lon", None) is None else CoordSystem.WGS84.value
        elif column.name == "centre_code":
            value = record.centre.code if record.centre is not None else None
        elif column.name == "village" and kind == "gazetteer":
            value = getattr(record, "_village_name", "")
        else:
            value = getattr(record, column.name)
        row.append(cell_value(value))
    return row


def _records(session: Session, kind: str) -> Iterator[Any]:
    if kind == "residents":
        query: Any = select(Resident).order_by(
            Resident.township, Resident.village, Resident.name_pinyin, Resident.citizen_id
        )
    elif kind == "centres":
        query = select(CareCentre).order_by(CareCentre.code)
    elif kind == "meal-points":
        query = select(MealPoint).order_by(MealPoint.code)
    elif kind == "caregivers":
        query = select(Caregiver).options(selectinload(Caregiver.centre)).order_by(Caregiver.code)
    else:
        yield from _gazetteer_rows(session)
        return
    model: type[Record] = query.column_descriptions[0]["entity"]
    yield from session.scalars(query.where(model.deleted_at.is_(None)).execution_options(yield_per=1000))


class _GazetteerRow:
    """A township (village blank) or a village, shaped like the gazetteer template."""

    def __init__(self, township: Township, village: Any = None) -> None:
        self.township = township.name
        self.county = township.county
        self._village_name = village.name if village is not None else ""
        source = village if village is not None else township
        self.lon, self.lat, self.coord_source = source.lon, source.lat, source.coord_source
        self.elderly_population = village.elderly_population if village is not None else None
        self.aliases = list(village.aliases or []) if village is not None else []


def _gazetteer_rows(session: Session) -> Iterator[_GazetteerRow]:
    townships = session.scalars(
        select(Township)
        .where(Township.deleted_at.is_(None))
        .options(selectinload(Township.villages))
        .order_by(Township.name)
    )
    for township in townships:
        yield _GazetteerRow(township)
        for village in sorted(township.villages, key=lambda v: v.name):
            if village.deleted_at is None:
                yield _GazetteerRow(township, village)


def _assignment_rows(session: Session) -> Iterator[list[Any]]:
    query = (
        select(Assignment)
        .where(Assignment.deleted_at.is_(None))
        .options(
            selectinload(Assignment.resident),
            selectinload(Assignment.meal_point),
            selectinload(Assignment.care_centre),
            selectinload(Assignment.caregiver),
        )
        .order_by(Assignment.proposed_at, Assignment.id)
    )
    for a in session.scalars(query):
        provider = a.provider
        yield [
            mask_citizen_id(a.resident.citizen_id),
            a.resident.name,
            a.resident.township or None,
            a.resident.village or None,
            a.kind.zh,
            provider.code,
            provider.name,
            a.distance_m,
            cell_value(a.delivery),
            cell_value(a.visit_days),
            a.status.zh,
            cell_value(a.proposed_at),
            cell_value(a.confirmed_at),
            cell_value(a.started_at),
            cell_value(a.ended_at),
            cell_value(a.needs_rematch),
            a.rematch_reason or None,
        ]


def export_rows(session: Session, kind: str) -> tuple[list[str], Iterator[list[Any]]]:
    if kind == "assignments":
        return [zh for zh, _ in ASSIGNMENT_HEADERS], _assignment_rows(session)
    fields = FIELDS[check_kind(kind)]
    return [f.zh for f in fields], (record_row(kind, r, fields) for r in _records(session, kind))


def export_file(
    session: Session,
    kind: str,
    path: Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Write the template (.xlsx, or .csv in UTF-8 with BOM so Excel reads it); the number of rows."""
    if kind not in EXPORT_KINDS:
        raise UserInputError(
            msg("不能导出“{k}”，可用：{a}", "Cannot export “{k}”; use one of: {a}", k=kind, a=", ".join(EXPORT_KINDS))
        )
    cancel = cancel or CancelToken()
    path = Path(path)
    headers, rows = export_rows(session, kind)
    text_columns = {i for i, f in enumerate(FIELDS.get(kind, ())) if f.name in _TEXT_COLUMNS}
    if kind == "assignments":
        text_columns = {0, 5}
    suffix = path.suffix.lower()
    partial = path.with_name(path.name + ".partial")
    if suffix == ".csv":
        count = _write_csv(partial, headers, rows, progress, cancel)
    elif suffix == ".xlsx":
        count = _write_xlsx(partial, headers, rows, text_columns, progress, cancel)
    else:
        raise UserInputError(
            msg("只能导出为 .xlsx 或 .csv，而不是“{f}”", "Export writes .xlsx or .csv, not “{f}”", f=path.name)
        )
    partial.replace(path)  # a cancelled or failed export never leaves half a file under the real name
    return count


def _write_csv(
    path: Path, headers: list[str], rows: Iterable[list[Any]], progress: Progress, cancel: CancelToken
) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
            count += 1
            if count % 1000 == 0:
                cancel.raise_if_cancelled()
                progress(count, 0)
    return count


def _write_xlsx(
    path: Path,
    headers: list[str],
    rows: Iterable[list[Any]],
    text_columns: set[int],
    progress: Progress,
    cancel: CancelToken,
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(24, len(header) * 2 + 4))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        out: list[Any] = []
        for index, value in enumerate(row):
            if index in text_columns or isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                # Text format keeps IDs and phones from turning into numbers when a clerk edits them.
                cell.number_format = "@" if index in text_columns else "yyyy-mm-dd"
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
        count += 1
        if count % 1000 == 0:
            cancel.raise_if_cancelled()
            progress(count, 0)
    workbook.save(path)
    return count


def write_rejected_report(verdict: Any, path: Path) -> Path:
    """The rejected rows as they were, plus a 错误原因 column: fix them and import this file again."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    path = Path(path)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("退回的行")
    headers = [*verdict.headers, "错误原因", "原行号"]
    bold, warn = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    width = len(verdict.headers)
    for rejected in verdict.rejected:
        cells = list(rejected.cells[:width]) + [None] * max(0, width - len(rejected.cells))
        reason = WriteOnlyCell(sheet, value="；".join(_reason(m) for m in rejected.errors))
        reason.fill = warn
        row: list[Any] = []
        for value in cells:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.number_format = "@"
            row.append(cell)
        sheet.append([*row, reason, rejected.row])
    partial = path.with_name(path.name + ".partial")
    workbook.save(partial)
    partial.replace(path)
    return path


def _reason(message: Message) -> str:
    return message.text("zh")
