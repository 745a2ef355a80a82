"""A server worker freezes its heap once it is warm (config/heap.py), so that the garbage
collector's full passes stop pausing requests."""

import gc
import importlib

import pytest
from django.core.signals import request_finished
from django.test import Client

from config import heap

pytestmark = pytest.mark.django_db


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    request_finished.disconnect(dispatch_uid=heap.DISPATCH_UID)
    gc.unfreeze()


def _still_connected() -> bool:
    """Whether the freezing receiver is connected (Signal.disconnect says so; it disconnects it)."""
    return request_finished.disconnect(dispatch_uid=heap.DISPATCH_UID)


def test_heap_is_frozen_once_after_the_given_number_of_requests(unfrozen, monkeypatch):
    collections = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(1) or real_collect(*a))
    heap.freeze_after(requests=3)
    client = Client()

    for _ in range(2):
        assert client.get("/healthz").status_code == 200
    assert gc.get_freeze_count() == 0 and collections == []

    client.get("/healthz")
    assert gc.get_freeze_count() > 10_000  # the modules, templates and URL patterns loaded so far
    assert collections == [1]  # garbage collected first, not frozen with the rest

    for _ in range(5):
        client.get("/healthz")
    assert collections == [1]  # once: the receiver is gone
    assert not _still_connected()


def test_zero_turns_it_off(unfrozen):
    heap.freeze_after(requests=0)
    for _ in range(3):
        Client().get("/healthz")
    assert gc.get_freeze_count() == 0
    assert not _still_connected()


def test_the_web_servers_entry_point_turns_it_on(unfrozen, settings):
    settings.GC_FREEZE_AFTER_REQUESTS = 2
    import config.wsgi  # (connects the receiver on its first import, with this setting)

    request_finished.disconnect(dispatch_uid=heap.DISPATCH_UID)
    importlib.reload(config.wsgi)
    Client().get("/healthz")
    assert gc.get_freeze_count() == 0  # not after one request
    Client().get("/healthz")
    assert gc.get_freeze_count() > 0
