"""The exchange file: one zip with a manifest and a payload whose SHA-256 the manifest carries.

Everything is checked before any database is touched: a file that is not a zip, has no manifest,
is of another format, fails its checksum or does not parse is refused with one reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carematch.core.errors import UserInputError, msg

FORMAT = "carematch-sync"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOAD = "payload.json"


@dataclass(frozen=True)
class Package:
    database_id: str
    database_name: str
    schema: str
    since: int
    upto: int
    exported_at: str
    received: dict[str, int]
    records: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]


def write_package(path: Path, package: Package) -> None:
    payload = json.dumps(
        {
            "database_id": package.database_id,
            "since": package.since,
            "upto": package.upto,
            "received": package.received,
            "records": package.records,
            "conflicts": package.conflicts,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "database_id": package.database_id,
        "database_name": package.database_name,
        "schema": package.schema,
        "since": package.since,
        "upto": package.upto,
        "exported_at": package.exported_at,
        "records": len(package.records),
        "conflicts": len(package.conflicts),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr(PAYLOAD, payload)
    os.replace(partial, path)


def _refuse(path: Path, zh: str, en: str) -> UserInputError:
    return UserInputError(
        msg(
            "同步文件“{f}”" + zh + "，数据库未作任何改动",
            "Sync file “{f}” " + en + "; nothing was changed",
            f=path.name,
        )
    )


def read_package(path: Path) -> Package:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names or PAYLOAD not in names:
                raise _refuse(path, "不是 CareMatch 同步文件", "is not a CareMatch sync file")
            manifest_bytes = archive.read(MANIFEST)
            payload_bytes = archive.read(PAYLOAD)
    except FileNotFoundError:
        raise UserInputError(msg("找不到文件“{f}”", "File not found: “{f}”", f=str(path))) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise _refuse(path, "已损坏或不是同步文件", "is damaged or not a sync file") from None
    try:
        manifest = json.loads(manifest_bytes)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("format")
    except ValueError:
        raise _refuse(path, "不是 CareMatch 同步文件", "is not a CareMatch sync file") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise _refuse(
            path, "来自更新版本的程序，请先升级 CareMatch", "comes from a newer program; update CareMatch first"
        )
    if hashlib.sha256(payload_bytes).hexdigest() != manifest.get("payload_sha256"):
        raise _refuse(
            path, "校验和不符（文件在传递中损坏或被改动）", "fails its checksum (damaged or altered on the way)"
        )
    try:
        payload = json.loads(payload_bytes)
        package = Package(
            database_id=str(manifest["database_id"]),
            database_name=str(manifest.get("database_name", "")),
            schema=str(manifest["schema"]),
            since=int(payload["since"]),
            upto=int(payload["upto"]),
            exported_at=str(manifest.get("exported_at", "")),
            received={str(k): int(v) for k, v in dict(payload["received"]).items()},
            records=list(payload["records"]),
            conflicts=list(payload["conflicts"]),
        )
        if payload["database_id"] != package.database_id:
            raise ValueError("identity")
    except (KeyError, ValueError, TypeError, AttributeError):
        raise _refuse(path, "内容不完整", "is incomplete") from None
    return package
