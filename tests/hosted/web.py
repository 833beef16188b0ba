"""What the hosted web tests share: an app on the test's database, a clock they move, sign-in.

Each app is built as ``trustbridge serve --database-url`` builds it, on the real PostgreSQL
of :mod:`tests.hosted.conftest`, with the clock that sessions and sign-in limits read
injected, so timeouts are tested by moving it, never by waiting. As in production, the schema
is made by the tables' owner (here the cluster's superuser) and the apps connect as the app's
own role (:data:`APP_ROLE`, set up by ``grant_app_role``), which row-level security holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from trustbridge.config import Settings
from trustbridge.services import hosted
from trustbridge.services.accounts import Accounts, Policy, grant_app_role
from trustbridge.store.db import make_engine
from trustbridge.web.hosted_app import create_hosted_app
from trustbridge.web.hosted_gate import SECURE_COOKIE, HostedConfig

START = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
#: strong enough for zxcvbn, and nothing like the names
ADMIN_PASSWORD = "violet harbour kettle drums"
MAYA_PASSWORD = "copper lantern quietly sings"
SITE = "https://testserver"
#: the role the apps connect as: not a superuser, not the tables' owner, no BYPASSRLS
APP_ROLE = "trustbridge_app"


def app_role_url(owner_url: str, folder: Path) -> str:
    """Set the database at ``owner_url`` up as an operator does (``hosted migrate``, then
    ``grant-app-role``) and return the address the app connects with, as :data:`APP_ROLE`."""
    settings = Settings(folder, owner_url)
    hosted.migrate(settings)
    engine = make_engine(settings)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                    f"'{APP_ROLE}') THEN CREATE ROLE {APP_ROLE} LOGIN; END IF; END $$"
                )
            )
        grant_app_role(engine, APP_ROLE)
    finally:
        engine.dispose()
    return make_url(owner_url).set(username=APP_ROLE).render_as_string(hide_password=False)


@dataclass
class Clock:
    now: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Site:
    """One database, any number of app servers on it, and one clock for them all.

    ``owner_url`` is the tables' owner's address (a superuser here: it sees every row, for
    checking what was stored); ``database_url`` the app role's, which the apps use.
    """

    owner_url: str
    folder: Path
    clock: Clock = field(default_factory=Clock)
    apps: list[FastAPI] = field(default_factory=list)
    database_url: str = ""
    _owner_engine: Engine | None = None

    def __post_init__(self) -> None:
        self.database_url = app_role_url(self.owner_url, self.folder)

    def app(self, *, secure: bool = True) -> FastAPI:
        config = HostedConfig(secure=secure, allowed_hosts=frozenset({"testserver"}))
        settings = Settings(self.folder, self.database_url)
        made = create_hosted_app(settings, config, policy=Policy(), clock=self.clock)
        self.apps.append(made)
        return made

    def client(self, app: FastAPI | None = None) -> TestClient:
        return TestClient(app or self.apps[0], base_url=SITE)

    @property
    def accounts(self) -> Accounts:
        found: Accounts = self.apps[0].state.accounts
        return found

    @property
    def engine(self) -> Engine:
        """The apps' engine: connected as :data:`APP_ROLE`."""
        return self.accounts.engine

    @property
    def owner_engine(self) -> Engine:
        """The tables' owner (a superuser, which row-level security does not hold): for
        looking at every row a test stored, whoever's it is."""
        if self._owner_engine is None:
            self._owner_engine = make_engine(Settings(self.folder, self.owner_url))
        return self._owner_engine

    def close(self) -> None:
        for made in self.apps:
            made.state.vault.close()
        if self._owner_engine is not None:
            self._owner_engine.dispose()


def sign_in(client: TestClient, name: str, password: str, **headers: str) -> None:
    """Sign in through the form; fails the test unless it worked."""
    response = client.post("/signin", data={"name": name, "password": password, "next": "/"},
                           follow_redirects=False, headers=headers)  # fmt: skip
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"
    assert client.cookies.get(SECURE_COOKIE)


def signed_in(client: TestClient) -> bool:
    """Whether this browser's session still lets it see a page that needs one."""
    response = client.get("/settings", follow_redirects=False)
    if response.status_code == 200:
        return True
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")
    return False


def code_at(secret: str, moment: dt.datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


@pytest.fixture(name="site")
def site_fixture(database_url: str, tmp_path: Path) -> Iterator[Site]:
    """A hosted site on a fresh database, with an administrator, Admin, who can sign in."""
    made = Site(database_url, tmp_path)
    made.app()
    made.accounts.create("Admin", ADMIN_PASSWORD, is_admin=True)
    try:
        yield made
    finally:
        made.close()


def add_maya(site: Site) -> int:
    """A second account, made the way people join: by an invitation."""
    token, _ = site.accounts.invite(None)
    return site.accounts.accept(token, "Maya", MAYA_PASSWORD)


def import_file(client: TestClient, key: str, data: bytes, name: str = "mine.json",
                **fields: str) -> Any:  # fmt: skip
    """Import a file as a person does: upload it, see its preview, choose it again and import
    it. The preview's answer when that is where it was refused."""
    preview = client.post(f"/settings/exchange/import/{key}", files={"file": (name, data)},
                          data=fields)  # fmt: skip
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', preview.text)
    if preview.status_code != 200 or found is None:
        return preview
    return client.post(f"/settings/exchange/import/{key}/confirm", files={"file": (name, data)},
                       data={**fields, "digest": found[1]})  # fmt: skip
