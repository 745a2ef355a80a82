"""A throwaway PostgreSQL 15 for the benchmark, started the way .ci/run starts CI's: ``initdb`` as the
``postgres`` user into a temporary directory, on a free loopback port, with fsync off. Stopped
and removed again on exit."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator

PGBIN = "/usr/lib/postgresql/15/bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*args: str) -> None:
    command = list(args)
    if os.geteuid() == 0:
        # initdb refuses to run as root.
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def ensure_installed() -> None:
    if os.path.exists(f"{PGBIN}/initdb"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(
            "PostgreSQL 15 is not installed (no /usr/lib/postgresql/15/bin/initdb): install the Debian "
            "package postgresql-15, or give DATABASE_URL=postgres://... of a database to use."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql-15"], check=True, env=env)


@contextlib.contextmanager
def throwaway_postgres(*, settings: tuple[str, ...] = ()) -> Iterator[str]:
    """Start PostgreSQL 15 and yield the DATABASE_URL of an empty database ``etalase``."""
    ensure_installed()
    if os.geteuid() == 0:

        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        if subprocess.run(["id", "postgres"], **quiet).returncode:
            home = ["--home-dir", "/var/lib/postgresql", "--shell", "/bin/bash"]
            subprocess.run(["useradd", "--system", *home, "postgres"], check=True)
    directory = tempfile.mkdtemp(prefix="etalase-bench-pg.")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    data = os.path.join(directory, "data")
    port = free_port()
    options = " ".join(
        [
            "-c listen_addresses=127.0.0.1",
            f"-p {port}",
            f"-k {directory}",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            *(f"-c {setting}" for setting in settings),
        ]
    )
    try:
        _as_postgres(
            f"{PGBIN}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        logfile = os.path.join(directory, "log")
        _as_postgres(f"{PGBIN}/pg_ctl", "-D", data, "-l", logfile, "-w", "-o", options, "start")
        _as_postgres(f"{PGBIN}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "etalase")
        yield f"postgres://postgres@127.0.0.1:{port}/etalase"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            _as_postgres(f"{PGBIN}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(directory, ignore_errors=True)
