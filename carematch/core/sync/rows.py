"""Records as plain JSON rows and back, for the exchange file and for held conflict versions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from sqlalchemy import Date, DateTime, Uuid, inspect
from sqlalchemy.orm.attributes import flag_modified

from carematch.core.audit import json_value
from carematch.core.models import REGISTRY_MODELS, Base, EnumValue, Record

MODELS_BY_TABLE: dict[str, type[Record]] = {model.__tablename__: model for model in REGISTRY_MODELS}
# Parents before children, so a record's references exist when it is written.
TABLE_ORDER: dict[str, int] = {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}

# `version` is this database's optimistic-lock counter, not part of what the record says.
LOCAL_COLUMNS = frozenset({"version"})


def to_row(record: Record) -> dict[str, Any]:
    mapper = inspect(record).mapper
    return {
        attr.key: json_value(getattr(record, attr.key)) for attr in mapper.column_attrs if attr.key not in LOCAL_COLUMNS
    }


def decode(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, Uuid):
        return uuid.UUID(str(value))
    if isinstance(column_type, DateTime):
        return dt.datetime.fromisoformat(str(value))
    if isinstance(column_type, Date):
        return dt.date.fromisoformat(str(value))
    if isinstance(column_type, EnumValue):
        for member in column_type.enum_cls:
            if member.value == value or str(member.value) == str(value):
                return member
        raise ValueError(f"{value!r} is not a {column_type.enum_cls.__name__}")
    return value


def from_row(model: type[Record], row: dict[str, Any]) -> dict[str, Any]:
    """Attribute values for the model from a plain row; columns the model lacks are an error."""
    columns = {attr.key: attr.columns[0].type for attr in inspect(model).column_attrs}
    unknown = set(row) - set(columns)
    if unknown:
        raise ValueError(f"unknown columns {sorted(unknown)} for {model.__tablename__}")
    return {key: decode(columns[key], value) for key, value in row.items() if key not in LOCAL_COLUMNS}


def to_row_values(values: dict[str, Any]) -> dict[str, Any]:
    """Attribute values in their plain (JSON) form, to compare with plain key values."""
    return {key: json_value(value) for key, value in values.items()}


def write_into(record: Record, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key != "id":
            setattr(record, key, value)
    if "updated_at" in values:
        # Keep the time of the change itself; without this an unchanged value lets onupdate stamp "now".
        flag_modified(record, "updated_at")


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(data: Any) -> str:
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal apart from when they were saved: two stations made the same change."""
    return {k: v for k, v in a.items() if k != "updated_at"} == {k: v for k, v in b.items() if k != "updated_at"}


def precedence(row: dict[str, Any] | None, vector: dict[str, int]) -> tuple[str, str]:
    """Which of two concurrent versions the registry shows until a person settles it.

    The later save wins, ties broken by content: every database picks the same one from the same
    pair, so all of them converge while the other version is held as a conflict.
    """
    saved = str(row.get("updated_at") or "") if row is not None else ""
    return (saved, digest([row, vector]))
