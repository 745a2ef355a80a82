"""make backup / make restore: a backup restored into an EMPTY database has every row and file."""

import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from config.cache_invalidation import public_content_version
from inmates.backup import backup_create, backup_restore, media_files, table_row_counts
from products.services import product_image_add
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _some_data():
    prison = factories.make_prison()
    inmate = factories.make_inmate(prison=prison, legal_name="Budi Santoso")
    factories.make_consent(inmate=inmate)
    product = factories.make_product(prison=prison)
    product.makers.add(inmate)
    product_image_add(product=product, file=factories.uploaded_image(), alt_text="Kain batik")
    factories.make_sale(product=product)


def _counts_in_other_database(name: str) -> dict[str, int]:
    if connection.vendor == "sqlite":
        db = sqlite3.connect(name)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables if t != "sqlite_sequence"}
        finally:
            db.close()
    import psycopg2

    settings_dict = dict(connection.settings_dict)
    db = psycopg2.connect(
        dbname=name,
        user=settings_dict["USER"],
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        password=settings_dict["PASSWORD"] or None,
    )
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [r[0] for r in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        db.close()


def test_backup_restores_every_row_and_file_into_an_empty_database(settings, tmp_path):
    _some_data()
    expected_counts = {t: n for t, n in table_row_counts().items() if t != "sqlite_sequence"}
    expected_files = media_files(Path(settings.MEDIA_ROOT))
    assert len(expected_files) == 4  # the image and its three thumbnails

    backup = backup_create(target=tmp_path / "backup")

    restored_media = tmp_path / "restored-media"
    version_before = public_content_version()
    if connection.vendor == "sqlite":
        target = str(tmp_path / "empty.sqlite3")
        backup_restore(source=backup, database_name=target, media_root=restored_media)
    else:
        target = f"{connection.settings_dict['NAME']}_restore"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
            cursor.execute(f'CREATE DATABASE "{target}"')
        backup_restore(source=backup, database_name=target, media_root=restored_media)
    try:
        restored = _counts_in_other_database(target)
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')

    assert restored == expected_counts
    # Nothing cached from the data it replaced is served afterwards.
    assert public_content_version()[0] != version_before[0]
    assert expected_counts["inmates_inmate"] == 1
    assert expected_counts["products_productimage"] == 1
    assert media_files(restored_media) == expected_files
    assert [(restored_media / f).read_bytes() for f in expected_files] == [
        (Path(settings.MEDIA_ROOT) / f).read_bytes() for f in expected_files
    ]


def test_restore_refuses_an_archive_with_unsafe_paths(tmp_path):
    import json
    import tarfile

    from inmates.backup import BackupError

    folder = tmp_path / "evil"
    backup = backup_create(target=folder)
    evil = tmp_path / "evil.txt"
    evil.write_text("x")
    with tarfile.open(backup / "media.tar.gz", "w:gz") as archive:
        archive.add(evil, arcname="../../escaped.txt")
    json.loads((backup / "manifest.json").read_text())
    target = str(tmp_path / "t.sqlite3") if connection.vendor == "sqlite" else None
    if target is None:
        pytest.skip("the path check is independent of the database; checked on SQLite")

    with pytest.raises(BackupError):
        backup_restore(source=backup, database_name=target, media_root=tmp_path / "m")
    assert not (tmp_path.parent / "escaped.txt").exists()
