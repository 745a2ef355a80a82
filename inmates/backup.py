"""Backups of the database and the uploaded files, and their restore.

A backup is a folder holding:
- ``database.dump`` (PostgreSQL: ``pg_dump --format=custom``, a consistent snapshot) or
  ``database.sqlite3`` (SQLite: the online backup API, a consistent copy while the app runs);
- ``media.tar.gz``: every file under MEDIA_ROOT;
- ``manifest.json``: when, which engine, row counts per table and the media file list, so a
  restore can be checked.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from config.cache_invalidation import public_content_changed


class BackupError(Exception):
    pass


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict, name: str | None = None) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", name or str(db["NAME"])]
    return args


def table_row_counts(using: str = "default") -> dict[str, int]:
    conn = connections[using]
    with conn.cursor() as cursor:
        tables = sorted(conn.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            # The database's own table names, quoted: no outside input reaches this query.
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def backup_create(*, target: Path) -> Path:
    """Write a backup of the default database and MEDIA_ROOT into the new folder ``target``."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=False)
    db = connection.settings_dict
    vendor = connection.vendor
    if vendor == "postgresql":
        # pg_dump/pg_restore from PATH (PostgreSQL's client tools), with a fixed argument list.
        result = subprocess.run(  # noqa: S603
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target / "database.dump"), *_pg_args(db)],  # noqa: S607
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    elif vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / "database.sqlite3")
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"no backup method for {vendor}")

    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        for name in files:
            archive.add(media_root / name, arcname=name)

    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": vendor,
        "tables": table_row_counts(),
        "media": files,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return target


def _safe_members(archive: tarfile.TarFile):
    for member in archive.getmembers():
        if not (member.isfile() or member.isdir()):
            continue
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(f"unsafe path in media archive: {member.name}")
        yield member


def backup_restore(*, source: Path, database_name: str | None = None, media_root: Path | None = None) -> dict:
    """Restore the backup in ``source`` into the database (``database_name`` overrides the
    configured PostgreSQL database or SQLite file) and ``media_root``. Returns the manifest."""
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text())
    db = connection.settings_dict
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"backup is of {manifest['engine']}, this database is {connection.vendor}")
    if connection.vendor == "postgresql":
        result = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *_pg_args(db, database_name),
                str(source / "database.dump"),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        target_file = Path(database_name or db["NAME"])
        connection.close()
        source_db = sqlite3.connect(source / "database.sqlite3")
        destination = sqlite3.connect(target_file)
        try:
            source_db.backup(destination)
        finally:
            destination.close()
            source_db.close()

    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        members = list(_safe_members(archive))
        archive.extractall(media_root, members=members, filter="data")
    # Every cached public page and piece was made from the data just replaced: none may be served.
    public_content_changed()
    return manifest


def backup_folder_name(base: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(base) / f"etalase-{stamp}"

