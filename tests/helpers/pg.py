"""A throwaway PostgreSQL for the team tests: initdb in a temporary folder, pg_ctl start on a free
port, trust authentication on 127.0.0.1 only. Skipped, with the reason, when psycopg or the
PostgreSQL server binaries are missing (CI installs Debian's postgresql: packaging/install-system-deps.sh).

initdb refuses to run as root; as root (CI) the server runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.helpers.tls import Certs


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    cands = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]), reverse=True
    )
    return Path(cands[0]).parent if cands else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    datadir: Path
    port: int
    runas: list[str]
    log: Path
    superuser: str = "postgres"
    #: more server options (" -c name=value …"), e.g. the TLS server's
    options: str = ""
    _dbs: itertools.count = field(default_factory=lambda: itertools.count(1))  # type: ignore[type-arg]

    def dsn(self, user: str | None = None, dbname: str = "postgres", **extra: str) -> str:
        parts = {
            "host": "127.0.0.1",
            "port": str(self.port),
            "user": user or self.superuser,
            "dbname": dbname,
            **extra,
        }
        return " ".join(f"{k}={v}" for k, v in parts.items())

    def ctl(self, *args: str) -> None:
        subprocess.run(
            [
                *self.runas,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-l",
                str(self.log),
                "-w",
                *args,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        self.ctl(
            "-o",
            f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c full_page_writes=off{self.options}",
            "start",
        )  # synchronous_commit stays on: a commit must survive a crash

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "stop")


def _missing(reason: str) -> None:
    """Skip, with the reason, unless $IIJ_REQUIRE_POSTGRES is set (CI: .ci/run), where it is a failure."""
    if os.environ.get("IIJ_REQUIRE_POSTGRES"):
        pytest.fail(f"{reason} (IIJ_REQUIRE_POSTGRES is set)")
    pytest.skip(reason)


_SHARED: list[PgServer] = []
#: the group role whose members must give a password (the rest of the tests' roles are trusted)
PASSWORD_GROUP = "iij_password_login"


@pytest.fixture(scope="session")
def pg_server(pytestconfig: pytest.Config) -> PgServer:
    """One server for the whole run, whichever test module asks first (each module binds this fixture
    under its own name, so the server itself is kept here and stopped when pytest ends)."""
    if not _SHARED:
        gen = _start()
        _SHARED.append(next(gen))
        pytestconfig.add_cleanup(lambda: next(gen, None))
    return _SHARED[0]


def _start(certs: Certs | None = None) -> Iterator[PgServer]:
    """A server in a new temporary folder; with `certs`, TLS on (ssl=on with its certificate and key)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg (psycopg[binary]) is not installed: the team tests need it")
    bindir = _bindir()
    if bindir is None or not (bindir / "initdb").exists():
        _missing(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql "
            "(packaging/install-system-deps.sh) to run the team database tests"
        )
        raise AssertionError  # unreachable: _missing skipped or failed
    root = Path(tempfile.mkdtemp(prefix="iij-pg-"))
    runas: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            _missing("running as root without runuser: initdb refuses root")
        runas = [runuser, "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    datadir = root / "data"
    subprocess.run(
        [
            *runas,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # members of PASSWORD_GROUP log in with a password (scram); everyone else is trusted
    hba = datadir / "pg_hba.conf"
    hba.write_text(
        f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n" + hba.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    options = ""
    if certs is not None:
        # the server's own copies, owned by the user it runs as (it refuses a key others may read)
        for name, source in (("server.crt", certs.server_cert), ("server.key", certs.server_key)):
            target = datadir / name
            shutil.copyfile(source, target)
            target.chmod(0o600)
            if runas:
                shutil.chown(target, "postgres")
        options = " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
    server = PgServer(bindir, datadir, _free_port(), runas, root / "log.txt", options=options)
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class TeamDb:
    server: PgServer
    dbname: str
    roles: list[str]

    @property
    def owner_dsn(self) -> str:
        return self.server.dsn(dbname=self.dbname)

    def dsn(self, role: str) -> str:
        return self.server.dsn(user=role, dbname=self.dbname)

    def owner(self) -> Any:
        import psycopg

        return psycopg.connect(self.owner_dsn, autocommit=True)

    def member(self, role: str, team: str, kind: str, display: str = "", password: str = "") -> str:
        """A login role in `team` of `kind` (the team is made when missing); returns its DSN. With a
        `password`, the server asks for it (scram), as a real team server does."""
        from psycopg import sql

        from configurator.team import schema

        with self.owner() as conn:
            if role not in self.roles:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
                conn.execute(f'CREATE ROLE "{role}" LOGIN')
                self.roles.append(role)
            if password:
                group = sql.Identifier(PASSWORD_GROUP)
                if (
                    conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_GROUP,)).fetchone()
                    is None
                ):
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(group))
                conn.execute(
                    sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password))
                )
                conn.execute(sql.SQL("GRANT {} TO {}").format(group, sql.Identifier(role)))
            schema.add_team(conn, team, f"{team}チーム")
            schema.add_member(conn, role, team, kind, display or role)
        return self.dsn(role)


@pytest.fixture
def team_db(pg_server: PgServer) -> Iterator[TeamDb]:
    """A fresh database with the team schema (team init), dropped afterwards with its login roles."""
    with team_db_on(pg_server) as db:
        yield db


@contextlib.contextmanager
def team_db_on(pg_server: PgServer) -> Iterator[TeamDb]:
    """team_db on a server of the caller's (e.g. tls_server's)."""
    import psycopg

    from configurator.team import schema

    name = f"team{next(pg_server._dbs)}"
    with psycopg.connect(pg_server.dsn(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'team_template'").fetchone():
            conn.execute("CREATE DATABASE team_template")  # team init once; each test copies it (faster)
            schema.init(pg_server.dsn(dbname="team_template"))
        conn.execute(f"CREATE DATABASE {name} TEMPLATE team_template")
    db = TeamDb(pg_server, name, [])
    try:
        yield db
    finally:
        with psycopg.connect(pg_server.dsn(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            for role in db.roles:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@dataclass
class TlsServer:
    server: PgServer
    certs: Certs


_SHARED_TLS: list[TlsServer] = []


@pytest.fixture(scope="session")
def tls_server(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TlsServer:
    """A second server with TLS on (ssl=on), its certificate signed by a CA made for the run (tls.py):
    started once, by the first test that asks, stopped when pytest ends (as pg_server). Trust
    authentication, as pg_server."""
    if not _SHARED_TLS:
        from tests.helpers.tls import make_certs

        certs = make_certs(tmp_path_factory.mktemp("tls"))
        gen = _start(certs)
        _SHARED_TLS.append(TlsServer(next(gen), certs))
        pytestconfig.add_cleanup(lambda: next(gen, None))
    return _SHARED_TLS[0]


# --- the local side of a team test: a laptop's store and an order with a title -------------------


def local_store(path: Path) -> Any:
    """A laptop's draft store in `path` (no daily maintenance: tests control time)."""
    from configurator.store.drafts import DraftStore

    return DraftStore.open(path, maintenance=False)


def titled_order(title: str) -> dict[str, Any]:
    from tests.conftest import example

    doc = example("mixed.iij-order.json")
    doc["title"] = title
    return doc
