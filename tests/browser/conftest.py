"""Browser tests drive the system Chromium through Playwright against pytest-django's live_server.

Where Chromium is absent they skip with the reason; in CI (ETALASE_REQUIRE_BROWSER=1) a missing
Chromium fails instead, so the browser tests can never be skipped silently there.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    browser_items = [i for i in items if "tests/browser/" in str(i.fspath).replace(os.sep, "/")]
    if browser_items and os.environ.get("ETALASE_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("Chromium is required here (ETALASE_REQUIRE_BROWSER=1) but not found")
    skip = pytest.mark.skip(
        reason="Chromium is not installed (apt-get install chromium): browser tests skipped"
    )
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def context(context):
    # Pages of the live server answer in well under a second; a missing element should fail the
    # test in seconds, not after Playwright's default 30.
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache outlives a test: an earlier test's inquiries from 127.0.0.1 would
    # count against the per-address rate limit of this one.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
