"""Two people saving at once on the embedded SQLite database (make run): with Django's default
(deferred) transactions both read, then both try to write, and one fails at once with "database is
locked" (a 500). With settings.SQLITE_OPTIONS the second waits its turn and both saves land."""

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.utils import ConnectionHandler


@pytest.fixture
def unblocked(django_db_blocker):
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path, unblocked):
    """``(alias, path)`` of a throwaway SQLite file registered as an extra database, so that
    transaction.atomic drives it exactly as it drives the project's own."""
    made = []

    def make(options):
        alias, path = f"sqlite_{len(made)}", tmp_path / f"db{len(made)}.sqlite3"
        sqlite3.connect(path).executescript("CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);")
        conf = ConnectionHandler(
            {
                "default": {"ENGINE": "django.db.backends.dummy"},
                alias: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options},
            }
        ).settings[alias]
        connections.settings[alias] = conf
        made.append(alias)
        return alias, path

    yield make
    for alias in made:
        del connections.settings[alias]


def _read_then_write_at_once(alias) -> list[str]:
    barrier = threading.Barrier(2)
    errors = []

    def save():
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                try:
                    barrier.wait(timeout=1)  # both have read: possible only while neither holds the write lock
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_deferred_transactions_fail_at_once(database):
    alias, _path = database({"timeout": 20})
    errors = _read_then_write_at_once(alias)
    assert errors and "locked" in errors[0]  # what the settings guard against


def test_the_project_s_sqlite_options_let_both_saves_land(database):
    alias, path = database(settings.SQLITE_OPTIONS)

    errors = _read_then_write_at_once(alias)

    assert errors == []
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT n FROM counter").fetchone() == (2,)  # neither save lost
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
