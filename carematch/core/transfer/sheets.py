"""Reading a roster as clerks keep it: .xlsx (title rows, merged or two-level headers, footers) or .csv
in UTF-8 (with or without BOM) or GB18030.

The result is a `Table`: which column holds which field, and the data rows with the row number Excel
shows, so every verdict can point at the row a clerk sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carematch.core.errors import UserInputError, msg
from carematch.core.registry import Field, field_table

HEADER_SCAN_ROWS = 30
"""A header row is looked for among the first rows only (titles and notes sit above it)."""

_FOOTER = re.compile(
    r"^(填表人|填报人|填表单位|填报单位|填表日期|填报日期|制表|合计|总计|小计|共计|审核|审核人|负责人|单位负责人|经办人|"
    r"联系人[:：]|注[:：]|说明[:：]|备注[:：])"
)
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_HEADER_NOISE = re.compile(r"[*＊\s]|[(（](必填|选填|必须|可选)[)）]")


def header_key(text: object) -> str:
    """A header as compared: full/half width folded, spaces, * and (必填) dropped, case folded."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return _HEADER_NOISE.sub("", folded).lower()


def header_lookup(fields: Sequence[Field]) -> dict[str, Field]:
    lookup: dict[str, Field] = {}
    for column in fields:
        for header in column.headers:
            lookup.setdefault(header_key(header), column)
    return lookup


@dataclass
class DataRow:
    number: int
    """The row number Excel shows (for CSV: the record's line, counting the header)."""
    cells: tuple[Any, ...]

    def values(self, columns: dict[int, Field]) -> dict[str, Any]:
        return {column.name: _cell(self.cells[i]) if i < len(self.cells) else None for i, column in columns.items()}


@dataclass
class Table:
    headers: list[str]
    """The header texts as the file has them (for the rejected-row report)."""
    columns: dict[int, Field]
    """Column index -> field."""
    rows: list[DataRow] = field(default_factory=list)
    skipped_footer: list[int] = field(default_factory=list)
    sheet: str = ""

    def has(self, name: str) -> bool:
        return any(column.name == name for column in self.columns.values())


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path, kind: str) -> Table:
    """The rows of the first sheet (of an .xlsx) that has a header row for `kind`."""
    fields = field_table(kind)
    suffix = path.suffix.lower()
    if not path.exists():
        raise UserInputError(msg("找不到文件“{f}”", "File “{f}” not found", f=str(path)))
    if suffix == ".csv":
        return _table(_csv_rows(path), fields, path.name)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _xlsx_table(path, fields)
    raise UserInputError(
        msg(
            "只能导入 .xlsx、.xls 或 .csv 文件，而不是“{f}”",
            "Only .xlsx, .xls or .csv files can be imported, not “{f}”",
            f=path.name,
        )
    )


def _xlsx_table(path: Path, fields: Sequence[Field]) -> Table:
    # calamine (Rust) reads a sheet about 25 times faster than openpyxl: a county roster of
    # 50,000 rows is read in seconds. Dates come back as dates, whole numbers as int.
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types for damaged or foreign files
        raise UserInputError(
            msg(
                "“{f}”不是有效的 Excel 文件（{e}）",
                "“{f}” is not a valid Excel file ({e})",
                f=path.name,
                e=str(error)[:120],
            )
        ) from None
    first_problem: UserInputError | None = None
    for name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(name)
            return _table(_sheet_rows(sheet), fields, name)
        except UserInputError as problem:
            first_problem = first_problem or problem
    if first_problem is None:
        raise UserInputError(msg("“{f}”中没有工作表", "“{f}” holds no sheet", f=path.name))
    raise first_problem


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # Without skip_empty_area the grid starts at A1, so index + 1 is the row number Excel shows.
    grid: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    _fill_merged(grid, sheet.merged_cell_ranges or [])
    for number, row in enumerate(grid, start=1):
        yield number, tuple(row)


def _fill_merged(grid: list[list[Any]], ranges: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Every cell of a merged range takes the range's value: clerks merge a township down all of its
    rows, or a header over two header rows, and each row means that value."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UserInputError(
            msg(
                "无法识别 CSV 文件的编码（应为 UTF-8 或 GB18030/GBK）",
                "The CSV file's encoding is not UTF-8 or GB18030/GBK",
            )
        ) from None


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    text = _decode(path.read_bytes())
    # The separator used most in the first lines (Excel writes commas; some systems tabs or ';').
    head = "\n".join(text.splitlines()[:10])
    delimiter = max(",\t;", key=lambda d: (head.count(d), d == ","))
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        yield number, tuple(row)


def _table(rows: Iterator[tuple[int, tuple[Any, ...]]], fields: Sequence[Field], sheet: str) -> Table:
    lookup = header_lookup(fields)
    seen: list[tuple[int, tuple[Any, ...]]] = []
    best: tuple[int, int, dict[int, Field], list[str]] | None = None
    for number, cells in rows:
        seen.append((number, cells))
        above = seen[-2][1] if len(seen) > 1 else ()
        columns, headers = _match_headers(cells, above, lookup)
        if len(columns) >= 2 and (best is None or len(columns) > len(best[2])):
            best = (number, len(seen) - 1, columns, headers)
        if number >= HEADER_SCAN_ROWS or (best is not None and len(seen) - 1 > best[1] + 2):
            break
    if best is None:
        raise UserInputError(
            msg(
                "在表“{s}”的前{n}行中找不到表头（例如 {h}）",
                "No header row (such as {h}) found in the first {n} rows of sheet “{s}”",
                s=sheet,
                n=HEADER_SCAN_ROWS,
                h="、".join(f.zh for f in fields[:3]),
            )
        )
    _, header_index, columns, headers = best
    table = Table(headers=headers, columns=columns, sheet=sheet)
    for number, cells in [*seen[header_index + 1 :], *rows]:
        if all(_blank(c) for c in cells):
            continue
        first = next((str(c).strip() for c in cells if not _blank(c)), "")
        if _FOOTER.match(unicodedata.normalize("NFKC", first)):
            table.skipped_footer.append(number)
            continue
        table.rows.append(DataRow(number, cells))
    return table


def _match_headers(
    cells: Sequence[Any], above: Sequence[Any], lookup: dict[str, Field]
) -> tuple[dict[int, Field], list[str]]:
    """Columns this row heads; a cell left empty under a vertically merged header takes the text above."""
    columns: dict[int, Field] = {}
    headers: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        text = "" if _blank(cell) else str(cell).strip()
        if not text and index < len(above) and not _blank(above[index]):
            text = str(above[index]).strip()
        headers.append(text)
        if isinstance(cell, dt.date | dt.datetime):
            continue
        key = header_key(text)
        # "联系电话(手机)": a note in brackets after a known header still names that column.
        column = lookup.get(key) or lookup.get(_TRAILING_NOTE.sub("", key))
        if column is not None and column.name not in taken:
            columns[index] = column
            taken.add(column.name)
    return columns, headers
