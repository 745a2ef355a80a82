"""Settings for several app instances: media storage (MEDIA_STORAGE, STORAGES) and sessions
(SESSION_STORE), read from the environment. The S3 back-end (django-storages, boto3) is optional:
the tests pretend it is installed, or not, whatever this machine has."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings import media_storage

_PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
AWS_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_LOCATION",
    "AWS_QUERYSTRING_AUTH",
    "AWS_QUERYSTRING_EXPIRE",
)

# Run in a child process: load the settings with the given environment and print what they made.
# PRETEND names modules to treat as installed (or, with "-", as missing) whatever is installed.
_PROBE = """
import importlib.machinery, json, os, sys, types
for name in filter(None, os.environ.get("PRETEND", "").split(",")):
    if name.startswith("-"):
        sys.modules[name[1:]] = None  # find_spec() answers None: "not installed"
    else:
        module = types.ModuleType(name)
        module.__spec__ = importlib.machinery.ModuleSpec(name, None)
        sys.modules[name] = module
try:
    from config import settings
except Exception as error:
    print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
else:
    print(json.dumps({"default": settings.STORAGES["default"], "session": settings.SESSION_ENGINE}))
"""


def _settings_with(env: dict[str, str], pretend: str = "") -> dict:
    base = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
    base.update(DEBUG="1", PRETEND=pretend)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        check=False,
        env={**base, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def aws_env(monkeypatch):
    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def s3_installed(monkeypatch):
    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name in ("storages", "boto3"):
            return importlib.machinery.ModuleSpec(name, None)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


# --- Media storage ---------------------------------------------------------------------------------


def test_settings_media_on_local_disk_by_default():
    assert _settings_with({})["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_storage("local") == media_storage("") == media_storage(" LOCAL ")


def test_settings_media_on_s3_from_the_aws_variables(aws_env, s3_installed):
    aws_env.setenv("AWS_STORAGE_BUCKET_NAME", "etalase-media")
    aws_env.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.go.id")
    aws_env.setenv("AWS_S3_REGION_NAME", "ap-southeast-3")
    aws_env.setenv("AWS_ACCESS_KEY_ID", "AKIAETALASE")
    aws_env.setenv("AWS_SECRET_ACCESS_KEY", "rahasia")

    assert media_storage("s3") == {
        "BACKEND": "config.s3_storage.CheckedS3Storage",
        "OPTIONS": {
            "bucket_name": "etalase-media",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 3600,
            "endpoint_url": "https://s3.example.go.id",
            "region_name": "ap-southeast-3",
            "access_key": "AKIAETALASE",
            "secret_key": "rahasia",
        },
    }


def test_settings_s3_leaves_unset_credentials_to_boto3_and_takes_a_public_domain(aws_env, s3_installed):
    aws_env.setenv("AWS_STORAGE_BUCKET_NAME", "etalase-media")
    aws_env.setenv("AWS_S3_CUSTOM_DOMAIN", "media.etalase.example.go.id")
    aws_env.setenv("AWS_QUERYSTRING_AUTH", "0")

    options = media_storage("s3")["OPTIONS"]

    assert "access_key" not in options and "secret_key" not in options and "endpoint_url" not in options
    assert options["custom_domain"] == "media.etalase.example.go.id"
    assert options["querystring_auth"] is False


def test_settings_s3_needs_a_bucket(aws_env, s3_installed):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        media_storage("s3")


def test_settings_unknown_media_storage_is_refused():
    with pytest.raises(ImproperlyConfigured, match="unknown storage 'ftp'"):
        media_storage("ftp")


def test_settings_s3_without_django_storages_fails_with_the_install_command():
    env = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "etalase-media"}

    missing = _settings_with(env, pretend="-storages,-boto3")
    only_boto3 = _settings_with(env, pretend="storages,-boto3")

    assert missing["error"].startswith(
        "ImproperlyConfigured: MEDIA_STORAGE=s3 needs django-storages and boto3"
    )
    assert "(storages, boto3 missing)" in missing["error"]
    assert "pip install 'django-storages[s3]==1.14.6'" in missing["error"]
    assert "(boto3 missing)" in only_boto3["error"]


def test_settings_s3_chosen_in_the_environment_reaches_storages():
    env = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "etalase-media", "AWS_S3_REGION_NAME": "x-1"}

    loaded = _settings_with(env, pretend="storages,boto3")

    assert loaded["default"]["BACKEND"] == "config.s3_storage.CheckedS3Storage"
    assert loaded["default"]["OPTIONS"]["bucket_name"] == "etalase-media"
    assert loaded["default"]["OPTIONS"]["region_name"] == "x-1"


def test_settings_s3_storage_builds_signed_urls_when_installed(settings, aws_env):
    # Only where django-storages is installed (it is optional): the options are ones it accepts.
    pytest.importorskip("storages.backends.s3")
    from django.core.files.storage import storages

    aws_env.setenv("AWS_STORAGE_BUCKET_NAME", "etalase-media")
    aws_env.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9")
    aws_env.setenv("AWS_S3_REGION_NAME", "us-east-1")
    aws_env.setenv("AWS_ACCESS_KEY_ID", "AKIAETALASE")
    aws_env.setenv("AWS_SECRET_ACCESS_KEY", "rahasia")
    settings.STORAGES = {**settings.STORAGES, "default": media_storage("s3")}

    storage = storages["default"]
    url = storage.signed_url("thumbs/abc-320.jpg", content_type="image/jpeg")

    assert (storage.bucket_name, storage.file_overwrite) == ("etalase-media", False)
    assert storage.url("thumbs/abc-320.jpg") == "/media/thumbs/abc-320.jpg"  # through the check
    assert url.startswith("http://127.0.0.1:9/etalase-media/thumbs/abc-320.jpg?")
    assert "Signature=" in url and "Expires=" in url


# --- Sessions --------------------------------------------------------------------------------------


def test_settings_sessions_in_the_database_by_default():
    assert _settings_with({})["session"] == "django.contrib.sessions.backends.db"


def test_settings_cached_sessions_need_a_shared_cache():
    private = _settings_with({"SESSION_STORE": "cached_db"})
    shared = _settings_with({"SESSION_STORE": "cached_db", "CACHE_URL": "redis://127.0.0.1:6379/0"})
    unknown = _settings_with({"SESSION_STORE": "cookies"})

    assert private["error"] == (
        "ImproperlyConfigured: SESSION_STORE=cached_db needs a shared CACHE_URL (redis://, db://, file://)."
    )
    assert shared["session"] == "django.contrib.sessions.backends.cached_db"
    assert unknown["error"].startswith("ImproperlyConfigured: SESSION_STORE: unknown store 'cookies'")
