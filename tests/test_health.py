"""/healthz (config/health.py): database and storage status for monitors, as JSON with 200 or
503, never cached, no sign-in, and no error details given away (they go to the log)."""

import json

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db

SECRET_DETAIL = 'connection to server at "db.internal.example" (10.9.8.7), port 5432 failed'


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does while PostgreSQL is unreachable."""

    def fail(self, sql, params=None):
        raise OperationalError(SECRET_DETAIL)

    monkeypatch.setattr(CursorWrapper, "execute", fail)


def test_healthz_all_ok_answers_200_json_and_leaves_no_file(client, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "storage": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert list(settings.MEDIA_ROOT.iterdir()) == []  # the probe file was written and removed


def test_healthz_needs_no_sign_in_and_no_session(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "Location" not in response


def test_healthz_database_down_answers_503_without_the_details(client, database_down, caplog):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error", "storage": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "db.internal" not in response.content.decode()
    assert any(SECRET_DETAIL in (record.exc_text or "") for record in caplog.records)


def test_healthz_storage_not_writable_answers_503(client, settings, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"  # cannot be created, even by root

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "storage": "error"}
    assert str(tmp_path) not in response.content.decode()
    assert any("media storage" in record.getMessage() for record in caplog.records)


def test_healthz_missing_static_manifest_is_a_storage_error(client, settings, tmp_path):
    # In production (DEBUG=0) every page's static URLs come from collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "static"

    missing = client.get("/healthz")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    present = client.get("/healthz")

    assert (missing.status_code, json.loads(missing.content)["storage"]) == (503, "error")
    assert (present.status_code, json.loads(present.content)["storage"]) == (200, "ok")


def test_healthz_is_never_served_from_the_page_cache(client, settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE = True
    first = client.get("/healthz")

    def fail(self, sql, params=None):
        raise OperationalError(SECRET_DETAIL)

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    second = client.get("/healthz")

    assert first.status_code == 200
    assert second.status_code == 503  # answered afresh, not the stored "ok"
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_healthz_answers_head_and_refuses_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
