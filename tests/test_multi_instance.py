"""Two app instances, one PostgreSQL, one Redis: a change made through one is served fresh by the other.

Each instance is a gunicorn of its own (as on two hosts) with its own page cache in its process's
memory; what they share is the database and the Redis cache that holds the public content version
(config/cache_invalidation.py) and the rate limits. The test starts its own redis-server (Debian's
package) on a free port and migrates a database of its own on the PostgreSQL server of
DATABASE_URL (not pytest's test database: both instances must see committed data), then:

- a visitor on instance B gets the catalogue from B's page cache (X-Page-Cache: hit);
- a curator signs in on A and approves a submitted product in the curation queue;
- B's copy of the curator's admin list of submitted products, kept for them, is stale at once;
- B at once serves the product page and the catalogue with the product in it, rendered afresh;
- the curator's session (in the database) is valid on B too;
- a prison officer withdraws the maker's consent through A, and B at once stops showing the maker.

It needs PostgreSQL and redis-server, and skips without them, except where
ETALASE_REQUIRE_SERVICES=1 (CI): there a missing service fails it.
"""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import dj_database_url
import pytest
from django.conf import settings

pytestmark = pytest.mark.services

PASSWORD = "Lintas-instans-2018!"
PRODUCT_NAME = "Tas Anyaman Rotan Lintas Instans"
PRODUCT_SLUG = "tas-anyaman-rotan-lintas-instans"
MAKER_NAME = "Pak Sukarta Lintasan"
SETTLE_SECONDS = 1  # PUBLIC_PAGE_CACHE_SETTLE_SECONDS of the instances
# The child processes get only what they need, plus what the test sets (see tests/test_settings.py).
_PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")

# Run by `manage.py shell -c` against the new database: migrate it, then make the data.
SETUP_SCRIPT = f"""
import json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.utils import timezone
from inmates import roles
from products.models import Product
from tests import factories as f

prison = f.make_prison(name="Lapas Kelas IIA Lintas Instans", slug="lapas-lintas-instans")
f.make_user(role=roles.MINISTRY_STAFF, username="kurator", password={PASSWORD!r})
f.make_officer(prison=prison, username="petugas", password={PASSWORD!r})
maker = f.make_inmate(prison=prison, display_name={MAKER_NAME!r}, legal_name="Sukarta Bin Rahmat")
f.make_consent(inmate=maker)
product = f.make_product(
    prison=prison, name={PRODUCT_NAME!r}, slug={PRODUCT_SLUG!r},
    status=Product.Status.SUBMITTED, submitted_at=timezone.now(),
)
product.makers.add(maker)
f.make_photo(product)  # a product is approved only with a photo
print(json.dumps({{"product": product.pk, "maker": maker.pk}}))
"""


# --- Services --------------------------------------------------------------------------------------


def _require(condition: bool, reason: str) -> None:
    """Skip without the service; fail instead in CI, where every service must be there."""
    if condition:
        return
    if os.environ.get("ETALASE_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason}, and ETALASE_REQUIRE_SERVICES=1 requires it", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log_path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"process on port {port} exited ({process.returncode}):\n{_tail(log_path)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listens on port {port} after {timeout} s:\n{_tail(log_path)}")


def _tail(path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # gunicorn and redis-server: quick shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class _Instances:
    def __init__(self, a: str, b: str, ids: dict):
        self.a, self.b, self.ids = a, b, ids


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    database_url = os.environ.get("DATABASE_URL", "")
    _require(
        database_url.startswith(("postgres://", "postgresql://")),
        "needs PostgreSQL (DATABASE_URL=postgres://...): two instances share one database server",
    )
    redis_server = shutil.which("redis-server")
    _require(redis_server is not None, "needs redis-server (apt-get install redis-server)")
    import psycopg2

    tmp = tmp_path_factory.mktemp("instances")
    processes: list[subprocess.Popen] = []
    server = dj_database_url.parse(database_url)
    name = f"etalase_instances_{uuid.uuid4().hex[:10]}"
    admin_connection = psycopg2.connect(
        dbname="postgres",
        user=server["USER"],
        password=server["PASSWORD"],
        host=server["HOST"],
        port=server["PORT"] or 5432,
    )
    admin_connection.autocommit = True
    created = False
    try:
        with admin_connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        created = True

        redis_port = _free_port()
        redis_log = tmp / "redis.log"
        with open(redis_log, "wb") as log:
            redis = subprocess.Popen(
                [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no", "--dir", str(tmp), "--daemonize", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes.append(redis)

        parts = urllib.parse.urlsplit(database_url)
        env = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=urllib.parse.urlunsplit(parts._replace(path=f"/{name}")),
            CONN_MAX_AGE="0",
            CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
            PUBLIC_PAGE_CACHE="1",
            PUBLIC_PAGE_CACHE_SETTLE_SECONDS=str(SETTLE_SECONDS),
            STATIC_MANIFEST="0",  # no collectstatic here; pages still render
            MEDIA_ROOT=str(tmp / "media"),
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            LOG_LEVEL="WARNING",
        )

        def manage(*args: str) -> str:
            result = subprocess.run(
                [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
                check=False,
                env=env,
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert result.returncode == 0, f"manage.py {args[0]}: {result.stdout}{result.stderr}"
            return result.stdout

        _wait_for_port(redis_port, redis, redis_log, timeout=10)
        servers = []  # both start while the database is migrated: they touch it only per request
        for label in ("a", "b"):
            port, log_path = _free_port(), tmp / f"gunicorn-{label}.log"
            command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
            with open(log_path, "wb") as log:
                process = subprocess.Popen(
                    [*command, "--workers", "1", "--timeout", "60", "--error-logfile", "-"],
                    env=env,
                    cwd=settings.BASE_DIR,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            processes.append(process)
            servers.append((port, process, log_path))
        ids = json.loads(manage("shell", "-c", SETUP_SCRIPT).strip().splitlines()[-1])
        for port, process, log_path in servers:
            _wait_for_port(port, process, log_path)
        yield _Instances(*(f"http://127.0.0.1:{port}" for port, _, _ in servers), ids=ids)
    finally:
        for process in reversed(processes):
            _stop(process)
        if created:
            with admin_connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin_connection.close()


# --- A small HTTP client: one cookie jar per person, redirects not followed -----------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url: str, data: dict | None = None):
        body = None
        if data is not None:
            token = next(c.value for c in self.jar if c.name == "csrftoken")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return error.code, error.headers, error.read().decode(errors="replace")

    def get(self, url: str):
        return self.request(url)

    def post(self, url: str, data: dict):
        return self.request(url, data)

    def sign_in(self, login_url: str, username: str) -> None:
        self.get(login_url)  # the CSRF cookie
        status, _, body = self.post(login_url, {"username": username, "password": PASSWORD})
        assert status == 302, f"sign-in of {username} at {login_url} failed ({status}):\n{body[:2000]}"


def _until(check, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(0.2)


def _cached(visitor: Browser, url: str):
    """GET ``url`` until it comes from the page cache; the last answer."""

    def hit():
        status, headers, body = visitor.get(url)
        return (status, headers, body) if headers.get("X-Page-Cache") == "hit" else None

    return _until(hit, timeout=10 * SETTLE_SECONDS + 5, what=f"{url} served from the page cache")


# --- The test ----------------------------------------------------------------------------------------


def test_change_through_one_instance_is_served_fresh_by_the_other(instances):
    a, b, ids = instances.a, instances.b, instances.ids
    visitor = Browser()
    catalogue, product_page = f"{b}/produk/", f"{b}/produk/{PRODUCT_SLUG}/"

    # B keeps the catalogue in its own page cache; the submitted product is not public yet.
    status, _, body = _cached(visitor, catalogue)
    assert status == 200 and PRODUCT_NAME not in body
    assert visitor.get(product_page)[0] == 404

    # A curator approves it through A, in the curation queue. On B, the admin's list of submitted
    # products is kept for the curator (config/cache_middleware.SignedInPageCacheMiddleware).
    curator = Browser()
    curator.sign_in(f"{a}/admin/login/", "kurator")
    submitted_list = f"{b}/admin/products/product/?status__exact=submitted"
    status, _, body = _cached(curator, submitted_list)
    assert status == 200 and PRODUCT_NAME in body
    queue_url = f"{a}/admin/products/product/kurasi/"
    status, _, queue = curator.get(queue_url)
    assert status == 200 and PRODUCT_NAME in queue
    version = re.search(
        rf'name="product" value="{ids["product"]}">\s*<input type="hidden" name="version" value="([^"]+)"',
        queue,
    )
    assert version, queue[:3000]
    status, _, _ = curator.post(
        queue_url, {"product": ids["product"], "version": version.group(1), "decision": "approve"}
    )
    assert status == 302
    queue = curator.get(queue_url)[2]
    assert f"“{PRODUCT_NAME}” disetujui" in queue  # the success message
    assert f'name="product" value="{ids["product"]}"' not in queue  # no longer waiting

    # B's copy of the curator's list is stale at once: the write on A changed the data version.
    status, headers, body = curator.get(submitted_list)
    assert (status, headers.get("X-Page-Cache")) == (200, "miss")
    assert PRODUCT_NAME not in body

    # B serves it at once: rendered afresh, not its cached copy of the catalogue.
    status, headers, body = visitor.get(catalogue)
    assert (status, headers.get("X-Page-Cache")) == (200, "miss")
    assert PRODUCT_NAME in body
    status, _, body = visitor.get(product_page)
    assert status == 200 and PRODUCT_NAME in body and MAKER_NAME in body
    # ... and caches the new state again once the change has settled.
    status, _, body = _cached(visitor, catalogue)
    assert PRODUCT_NAME in body

    # The curator's session lives in the database: signed in on A is signed in on B.
    status, _, body = curator.get(f"{b}/admin/products/product/")
    assert status == 200 and PRODUCT_NAME in body

    # The maker's consent is withdrawn through A, by their prison's officer.
    status, _, body = _cached(visitor, product_page)
    assert MAKER_NAME in body
    officer = Browser()
    officer.sign_in(f"{a}/masuk/", "petugas")
    withdraw = f"{a}/portal/peserta/{ids['maker']}/persetujuan/cabut/"
    assert officer.post(withdraw, {})[0] == 302

    # B stops showing the maker at once; the product stays, credited to the prison.
    status, headers, body = visitor.get(product_page)
    assert (status, headers.get("X-Page-Cache")) == (200, "miss")
    assert PRODUCT_NAME in body and MAKER_NAME not in body
