#!/usr/bin/env python3
"""Fault check (issue 8): the app survives a PostgreSQL restart and loses no write to an outage.

Against a THROWAWAY PostgreSQL server (it is restarted and stopped; a scratch database is made on
it and dropped again), this script:

1. makes a scratch database, migrates it, and seeds a little data: a product on the public
   catalogue, an exhibition running today with a booth, and a signed-in ministry staff member
   (``--seed-demo`` loads the whole demo, ``manage.py seed_demo``, instead: ~20 s more);
2. serves the app with gunicorn (2 workers, DEBUG=0) and keeps asking for a product page and
   /healthz from two threads;
3. restarts PostgreSQL (``pg_ctl restart -m fast``) and measures the time from PostgreSQL being back
   up to the app answering 200 again: at most 5 s (``--max-recovery``), with no error after that,
   only 503s (never a 500) while it was down, and the same gunicorn processes throughout;
4. stops PostgreSQL (``pg_ctl stop``), sends a buyer's inquiry and a sales-desk sale, asks for
   /healthz, starts PostgreSQL again, and checks each write: either it answered success and the row
   is there, or it answered 503 saying it was not saved (the inquiry form given back) and no row is
   there. Success without a row fails the check. Both are then sent again and stored exactly once.

Configuration (environment):
    DATABASE_URL   postgres://user@host:port/db of the throwaway server (its database is left alone)
    PGBIN          PostgreSQL's bin folder (default /usr/lib/postgresql/15/bin)
    PGDATA_DIR     the server's data folder (pg_ctl -D)
    PG_CTL_USER    run pg_ctl as this user through runuser (default: postgres when run as root)
    PG_LOG         server log file (default: "log" next to PGDATA_DIR, as .ci/run makes it)

Run with the project's virtualenv: ``.venv/bin/python .ci/pg_restart_check.py``. Prints a report;
exit status 0 when every check passed, 1 when one failed, 2 when it could not run.
"""

import argparse
import http.client
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DB = "etalase_pg_restart_check"
CSRF_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# Run by ``manage.py shell -c`` in the scratch database: the little data the checks need.
SEED = r"""
import datetime, json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from exhibitions.models import Booth, Delegation
from inmates import roles
from products.models import Product
from tests import factories

prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang-uji")
product = factories.make_product(
    prison=prison, name="Kain Batik Tulis Parang", slug="kain-batik-uji", price=350000
)
today = timezone.localdate()
exhibition = factories.make_exhibition(
    title="Pameran Uji Gangguan", slug="pameran-uji-gangguan", is_published=True,
    start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=2),
)
delegation = factories.make_delegation(
    exhibition=exhibition, prison=prison, name="Lapas Kelas I Cipinang", status=Delegation.Status.ACCEPTED
)
delegation.products.add(product)
booth = Booth.objects.create(exhibition=exhibition, delegation=delegation, code="A-07", zone="Hall A")
staff = factories.make_user(role=roles.MINISTRY_STAFF, username="staf-uji-gangguan")
session = SessionStore()
session[SESSION_KEY] = str(staff.pk)
session[BACKEND_SESSION_KEY] = "inmates.backends.EtalaseBackend"
session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
session.create()
approved = Product.objects.filter(status=Product.Status.APPROVED).order_by("-pk")
page = approved.values_list("slug", flat=True).first()
print(json.dumps({
    "product_slug": product.slug, "product_id": product.pk, "booth_id": booth.pk,
    "session_key": session.session_key, "page_slug": page,
}))
"""


# --- Output ----------------------------------------------------------------------------------------

STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.1f}s] {message}", flush=True)


class Report:
    def __init__(self):
        self.checks: list[tuple[bool, str]] = []

    def check(self, ok: bool, text: str) -> bool:
        self.checks.append((ok, text))
        log(f"{'PASS' if ok else 'FAIL'}  {text}")
        return ok

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(ok for ok, _ in self.checks)


# --- PostgreSQL -----------------------------------------------------------------------------------


class Postgres:
    def __init__(self, *, database_url: str, pgbin: str, pgdata: str, user: str, logfile: str):
        self.url = urlsplit(database_url)
        self.pgbin, self.pgdata, self.user, self.logfile = pgbin, pgdata, user, logfile
        # The server's own command line, for `pg_ctl start` after `pg_ctl stop` (restart reuses it).
        self.options = self._options()

    def _options(self) -> str:
        words = shlex.split(Path(self.pgdata, "postmaster.opts").read_text())[1:]
        kept, skip = [], False
        for word in words:
            if skip:
                skip = False
            elif word == "-D":
                skip = True
            else:
                kept.append(word)
        return shlex.join(kept)

    def pg_ctl(self, *args: str) -> float:
        """Runs pg_ctl; returns the seconds it took. The server it starts writes to the log file,
        never to our pipes (a pipe held open by the server would never end)."""
        command = [os.path.join(self.pgbin, "pg_ctl"), "-D", self.pgdata, *args]
        if self.user and os.geteuid() == 0:
            command = ["runuser", "-u", self.user, "--", *command]
        started = time.monotonic()
        with open(self.logfile, "ab") as out:
            result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, timeout=60, check=False)
        if result.returncode:
            raise RuntimeError(
                f"pg_ctl {' '.join(args)} failed (exit {result.returncode}); see {self.logfile}"
            )
        return time.monotonic() - started

    def restart(self) -> float:
        return self.pg_ctl("restart", "-m", "fast", "-w", "-t", "30")

    def stop(self) -> float:
        return self.pg_ctl("stop", "-m", "fast", "-w", "-t", "30")

    def start(self) -> float:
        return self.pg_ctl("start", "-w", "-t", "30", "-l", self.logfile, "-o", self.options)

    def running(self) -> bool:
        command = [os.path.join(self.pgbin, "pg_ctl"), "-D", self.pgdata, "status"]
        if self.user and os.geteuid() == 0:
            command = ["runuser", "-u", self.user, "--", *command]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        return subprocess.run(command, check=False, **quiet).returncode == 0

    def url_for(self, database: str) -> str:
        return urlunsplit(self.url._replace(path="/" + database))

    def connect(self, database: str):
        import psycopg2

        return psycopg2.connect(self.url_for(database), connect_timeout=5)

    def recreate(self, database: str) -> None:
        admin = self.connect(self.url.path.lstrip("/") or "postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{database}"')
        admin.close()

    def drop(self, database: str) -> None:
        admin = self.connect(self.url.path.lstrip("/") or "postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()

    def count(self, database: str, sql: str, params) -> int:
        connection = self.connect(database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()[0]
        finally:
            connection.close()


# --- The app -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    def __init__(self, *, database_url: str, workdir: Path):
        self.port = free_port()
        self.errorlog = workdir / "gunicorn.log"
        self.csrf = "".join(secrets.choice(CSRF_ALPHABET) for _ in range(32))
        self.session = ""
        self.process = None
        media, static = workdir / "media", workdir / "static"
        media.mkdir()
        static.mkdir()
        self.env = {
            **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "60",
            "MEDIA_ROOT": str(media),
            "STATIC_ROOT": str(static),
            "STATIC_MANIFEST": "0",  # no collectstatic needed: pages link the source files
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # no mail server here
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {args[0]} failed (exit {result.returncode}):\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.errorlog),
        ]
        if os.path.isdir("/dev/shm"):  # nosec B108
            command += ["--worker-tmp-dir", "/dev/shm"]  # nosec B108
        # The app's own log (tracebacks of the outage, by design) goes to the file, not the report.
        with open(self.errorlog, "ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, start_new_session=True, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.request("GET", "/healthz").status == 200 and len(self.workers()) == 2:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; {self.errorlog}:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.errorlog.read_text()[-3000:] if self.errorlog.exists() else "(no log)"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def workers(self) -> set[int]:
        """The PIDs of the gunicorn master's children (its workers)."""
        children = set()
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path("/proc", entry, "stat").read_text()
                except OSError:
                    continue
                # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    children.add(int(entry))
        return children

    def pids(self) -> tuple[int, frozenset]:
        return self.process.pid, frozenset(self.workers())

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict | None = None,
        timeout: float = 8.0,
    ) -> "Answer":
        cookies = f"csrftoken={self.csrf}" + (f"; sessionid={self.session}" if self.session else "")
        all_headers = {"Host": "127.0.0.1", "Cookie": cookies, **(headers or {})}
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
            return Answer(started, time.monotonic(), response.status, dict(response.getheaders()), content)
        except (OSError, http.client.HTTPException) as error:
            return Answer(started, time.monotonic(), 0, {}, str(error).encode())
        finally:
            connection.close()


class Answer:
    __slots__ = ("body", "headers", "received", "sent", "status")

    def __init__(self, sent, received, status, headers, body):
        self.sent, self.received, self.status, self.headers, self.body = sent, received, status, headers, body

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Load:
    """Two threads asking, one after the other, for the product page and /healthz."""

    def __init__(self, app: App, paths: list[str]):
        self.app, self.paths = app, paths
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(2)]

    def _run(self, offset: int) -> None:
        i = offset
        while not self.stopping.is_set():
            answer = self.app.request("GET", self.paths[i % len(self.paths)], timeout=8)
            with self.lock:
                self.answers.append(answer)
            i += 1
            time.sleep(0.02)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)

    def snapshot(self) -> list[Answer]:
        with self.lock:
            return list(self.answers)


# --- The checks ----------------------------------------------------------------------------------------


def app_connections(pg: Postgres, database: str) -> int:
    """How many connections the app holds to ``database`` (kept between requests: CONN_MAX_AGE)."""
    return pg.count(
        database,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [database],
    )


def check_idle_restart(app: App, pg: Postgres, report: Report, *, paths: list[str], database: str) -> None:
    """Every worker holds a connection; PostgreSQL restarts while nobody asks anything, which
    leaves each worker a dead connection. The next requests must all succeed: each worker checks
    its connection before using it (CONN_HEALTH_CHECKS) and reconnects, instead of failing once."""
    log("== PostgreSQL restart between requests (every worker left with a dead connection)")
    with Load(app, paths):  # two requests at a time: both workers answer, and keep a connection
        deadline = time.monotonic() + 10
        while app_connections(pg, database) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    held = app_connections(pg, database)
    log(f"the app holds {held} connection(s) to {database}; pg_ctl restart -m fast took {pg.restart():.2f} s")
    with Load(app, paths) as load:
        deadline = time.monotonic() + 10
        while len(load.snapshot()) < 12 and time.monotonic() < deadline:
            time.sleep(0.05)
    answers = load.snapshot()
    failed = [a.status for a in answers if a.status != 200]
    report.check(
        held >= 2 and len(answers) >= 12 and not failed,
        f"first {len(answers)} requests after it: {len(failed)} not 200{f' {failed}' if failed else ''} "
        f"(the {held} kept connections were replaced without an error)",
    )


def check_restart(app: App, pg: Postgres, report: Report, *, paths: list[str], max_recovery: float) -> None:
    log("== PostgreSQL restart while requests run")
    before = app.pids()
    with Load(app, paths) as load:
        time.sleep(1.5)
        restart_at = time.monotonic()
        took = pg.restart()
        up_at = time.monotonic()
        log(f"pg_ctl restart -m fast took {took:.2f} s (PostgreSQL accepting connections again)")
        deadline = up_at + max_recovery + 5
        while time.monotonic() < deadline:
            if any(a.status == 200 and a.sent >= up_at for a in load.snapshot()):
                break
            time.sleep(0.05)
        time.sleep(3.0)  # keep asking for a while: every worker must be back, not just one
    answers = load.snapshot()
    warm = [a for a in answers if a.received < restart_at]
    during = [a for a in answers if a.received >= restart_at and a.sent < up_at]
    after = [a for a in answers if a.sent >= up_at]
    first_ok = min((a.received for a in after if a.status == 200), default=None)
    report.check(
        bool(warm) and all(a.status == 200 for a in warm),
        f"before the restart: {len(warm)} requests, all 200",
    )
    statuses = sorted({a.status for a in during})
    report.check(
        all(a.status in (200, 503) for a in during),
        f"during the restart: {len(during)} requests answered {statuses or '-'} "
        "(503 'try again' or 200; never 500 or no answer)",
    )
    if first_ok is None:
        report.check(
            False,
            f"the app answered 200 again after PostgreSQL was back (not within {max_recovery + 5:.0f} s)",
        )
    else:
        recovery = max(0.0, first_ok - up_at)
        report.check(
            recovery <= max_recovery,
            f"the app answered 200 {recovery:.2f} s after PostgreSQL was back (limit {max_recovery:.0f} s)",
        )
        late = [a for a in after if a.received > first_ok and a.status != 200]
        report.check(
            not late,
            f"after that: {len(after)} requests, {len(late)} not 200 "
            f"({sorted({a.status for a in late}) or 'none'}): every worker reconnected by itself",
        )
    report.check(
        app.pids() == before,
        f"same gunicorn processes (master {before[0]}, workers "
        f"{sorted(before[1])}): the app was not restarted",
    )


def check_writes_during_outage(
    app: App, pg: Postgres, report: Report, *, database: str, seed: dict, max_recovery: float
) -> None:
    log("== Writes while PostgreSQL is stopped")
    before = app.pids()
    marker = f"Uji gangguan {uuid.uuid4()}"
    inquiry = {
        "buyer_name": "Ibu Ratna",
        "organisation": "Hotel Melati",
        "email": "ratna@hotelmelati.example",
        "phone": "0812 3456 7890",
        "quantity": "40",
        "message": f"Kami ingin memesan 40 kain. {marker}",
        "csrfmiddlewaretoken": app.csrf,
    }
    inquiry_path = f"/produk/{seed['product_slug']}/"
    form_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1{inquiry_path}",
    }
    key = str(uuid.uuid4())
    sale = {
        "product": seed["product_id"],
        "quantity": 1,
        "unit_price": 350000,
        "payment_method": "cash",
        "idempotency_key": key,
        "sold_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
    }
    sale_path = f"/portal/stan/{seed['booth_id']}/kasir/catat/"
    sale_headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": app.csrf,
        "X-Requested-With": "XMLHttpRequest",
    }

    def send_inquiry():
        return app.request("POST", inquiry_path, body=urlencode(inquiry).encode(), headers=form_headers)

    def send_sale():
        app.session = seed["session_key"]
        try:
            return app.request("POST", sale_path, body=json.dumps(sale).encode(), headers=sale_headers)
        finally:
            app.session = ""

    log(f"pg_ctl stop -m fast took {pg.stop():.2f} s")
    try:
        health = app.request("GET", "/healthz")
        inquiry_answer = send_inquiry()
        sale_answer = send_sale()
    finally:
        took = pg.start()
        up_at = time.monotonic()
        log(f"pg_ctl start took {took:.2f} s")

    try:
        health_body = json.loads(health.body)
    except ValueError:
        health_body = {}
    report.check(
        health.status == 503 and health_body.get("database") == "error",
        f"/healthz while stopped: {health.status} {health_body or health.text()[:80]}",
    )

    # Back: how soon, then what was stored.
    recovered = None
    while time.monotonic() < up_at + max_recovery + 5:
        if app.request("GET", inquiry_path).status == 200:
            recovered = time.monotonic() - up_at
            break
        time.sleep(0.05)
    waited = f"{recovered:.2f} s" if recovered is not None else f"not within {max_recovery + 5:.0f} s"
    report.check(
        recovered is not None and recovered <= max_recovery,
        f"after pg_ctl start the product page answered 200 in {waited}",
    )

    inquiry_rows = pg.count(
        database, "SELECT count(*) FROM exhibitions_inquiry WHERE message LIKE %s", [f"%{marker}"]
    )
    sale_rows = pg.count(database, "SELECT count(*) FROM exhibitions_sale WHERE idempotency_key = %s", [key])

    # The inquiry: success is the redirect to the thank-you page; an error must say it was not
    # saved and give the form back with the message.
    text = inquiry_answer.text()
    inquiry_ok = inquiry_answer.status == 302 and "/permintaan/terkirim/" in inquiry_answer.headers.get(
        "Location", ""
    )
    inquiry_error = (
        inquiry_answer.status == 503
        and "BELUM" in text
        and marker in text
        and "Retry-After" in inquiry_answer.headers
    )
    report.check(
        (inquiry_ok and inquiry_rows == 1) or (inquiry_error and inquiry_rows == 0),
        f"inquiry during the outage: answered {inquiry_answer.status}"
        f"{' (not saved; the form came back filled in)' if inquiry_error else ''}, "
        f"rows stored: {inquiry_rows}",
    )

    # The sale: success is 201/200 with the sale; an error is 503 JSON, which the desk keeps in
    # its queue. With its idempotency key a stored row after an error is harmless (sent again, it
    # is found, not counted twice), so only "success without a row" fails here.
    try:
        sale_body = json.loads(sale_answer.body)
    except ValueError:
        sale_body = {}
    sale_ok = sale_answer.status in (200, 201) and bool(sale_body.get("sale"))
    sale_error = (
        sale_answer.status == 503
        and sale_answer.headers.get("Content-Type", "").startswith("application/json")
        and "BELUM" in sale_body.get("error", "")
    )
    report.check(
        (sale_ok and sale_rows == 1) or (sale_error and sale_rows in (0, 1)),
        f"sales-desk sale during the outage: answered {sale_answer.status} "
        f"{sale_body.get('error', '') if sale_error else ''}, rows stored: {sale_rows}",
    )

    # What the buyer and the desk do next: send again. Each is then stored exactly once.
    again_inquiry = send_inquiry() if inquiry_error else None
    again_sale = send_sale() if sale_error else None
    inquiry_rows = pg.count(
        database, "SELECT count(*) FROM exhibitions_inquiry WHERE message LIKE %s", [f"%{marker}"]
    )
    sale_rows = pg.count(database, "SELECT count(*) FROM exhibitions_sale WHERE idempotency_key = %s", [key])
    report.check(
        inquiry_rows == 1 and sale_rows == 1,
        f"sent again after the outage (inquiry {again_inquiry.status if again_inquiry else '-'}, "
        f"sale {again_sale.status if again_sale else '-'}): stored exactly once "
        f"(inquiry rows {inquiry_rows}, sale rows {sale_rows})",
    )
    report.check(app.pids() == before, "same gunicorn processes after the stop and start")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-recovery", type=float, default=5.0, help="seconds allowed (default 5)")
    parser.add_argument("--seed-demo", action="store_true", help="also load the whole demo (seed_demo)")
    parser.add_argument("--keep-database", action="store_true", help="leave the scratch database")
    args = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL", "")
    pgdata = os.environ.get("PGDATA_DIR", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not pgdata:
        print(
            "Set DATABASE_URL (postgres://...) and PGDATA_DIR of a throwaway PostgreSQL server.",
            file=sys.stderr,
        )
        return 2
    pg = Postgres(
        database_url=database_url,
        pgbin=os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"),
        pgdata=pgdata,
        user=os.environ.get("PG_CTL_USER", "postgres" if os.geteuid() == 0 else ""),
        logfile=os.environ.get("PG_LOG", str(Path(pgdata).resolve().parent / "log")),
    )
    report = Report()
    app = None
    with tempfile.TemporaryDirectory(prefix="etalase-pg-restart-") as workdir:
        try:
            log(f"scratch database {SCRATCH_DB} on {pg.url.hostname}:{pg.url.port}")
            pg.recreate(SCRATCH_DB)
            app = App(database_url=pg.url_for(SCRATCH_DB), workdir=Path(workdir))
            app.manage("migrate", "--noinput", "-v", "0")
            if args.seed_demo:
                app.manage("seed_demo")
            seed = json.loads(app.manage("shell", "-c", SEED).strip().splitlines()[-1])
            log("migrated and seeded; starting gunicorn (2 workers, DEBUG=0)")
            app.start()
            master, workers = app.pids()
            log(f"gunicorn on 127.0.0.1:{app.port}: master {master}, workers {sorted(workers)}")
            paths = [f"/produk/{seed['page_slug']}/", "/healthz"]
            check_idle_restart(app, pg, report, paths=paths, database=SCRATCH_DB)
            check_restart(app, pg, report, paths=paths, max_recovery=args.max_recovery)
            check_writes_during_outage(
                app, pg, report, database=SCRATCH_DB, seed=seed, max_recovery=args.max_recovery
            )
        except Exception as error:  # noqa: BLE001 - reported, then a clear exit status
            report.check(False, f"the check could not finish: {error}")
            if app is not None:
                print(f"--- gunicorn log ---\n{app.log_tail()}", file=sys.stderr)
        finally:
            if app is not None:
                app.stop()
            if not pg.running():
                log("PostgreSQL was left stopped: starting it again")
                pg.start()
            if not args.keep_database:
                try:
                    pg.drop(SCRATCH_DB)
                except Exception as error:  # noqa: BLE001
                    log(f"could not drop {SCRATCH_DB}: {error}")

    passed = sum(ok for ok, _ in report.checks)
    print(
        f"\n== PostgreSQL restart check: {passed}/{len(report.checks)} checks passed, "
        f"{time.monotonic() - STARTED:.0f} s: {'OK' if report.ok else 'FAILED'}"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
