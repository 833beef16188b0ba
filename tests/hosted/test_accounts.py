"""The accounts service's own rules, on the real server: codes, limits and names."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest

from tests.hosted.web import ADMIN_PASSWORD, Clock
from trustbridge.config import Settings
from trustbridge.services import accounts as a
from trustbridge.store.db import make_engine, upgrade_if_behind


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(database_url: str, tmp_path: Path, clock: Clock) -> Iterator[a.Accounts]:
    engine = make_engine(Settings(tmp_path, database_url))
    upgrade_if_behind(engine)
    yield a.Accounts(engine, a.Policy(), clock)
    engine.dispose()


@pytest.mark.parametrize(
    ("moment", "code"),
    [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"),
     (2000000000, "69279037"), (20000000000, "65353130")],
)  # fmt: skip
def test_the_totp_library_matches_rfc_6238(moment: int, code: str) -> None:
    """RFC 6238, appendix B (SHA-1): pyotp computes the codes Trustbridge checks."""
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert pyotp.TOTP(secret, digits=8).at(moment) == code


def test_names_are_one_account_whatever_their_case_or_form(service: a.Accounts) -> None:
    service.create("Maïa", ADMIN_PASSWORD)
    with pytest.raises(a.NameTaken):
        service.create("MAÏA", ADMIN_PASSWORD)
    decomposed = "Mai\u0308a"
    assert service.sign_in(decomposed, ADMIN_PASSWORD, "127.0.0.1").complete


@pytest.mark.parametrize("name", ["", "   ", "x" * 65, "tab\there"])
def test_unusable_names_are_refused_in_words(service: a.Accounts, name: str) -> None:
    with pytest.raises(a.BadName):
        service.create(name, ADMIN_PASSWORD)


def test_a_right_password_clears_the_count_of_wrong_ones(service: a.Accounts, clock: Clock) -> None:
    service.create("Admin", ADMIN_PASSWORD)
    for _ in range(4):
        with pytest.raises(a.WrongDetails):
            service.sign_in("Admin", "wrong words here", "10.0.0.1")
    service.sign_in("Admin", ADMIN_PASSWORD, "10.0.0.1")
    for _ in range(4):
        with pytest.raises(a.WrongDetails):
            service.sign_in("Admin", "wrong words here", "10.0.0.1")
    assert service.sign_in("Admin", ADMIN_PASSWORD, "10.0.0.1").complete


def test_old_tries_and_sessions_are_pruned(service: a.Accounts, clock: Clock) -> None:
    service.create("Admin", ADMIN_PASSWORD)
    with pytest.raises(a.WrongDetails):
        service.sign_in("Admin", "wrong words here", "10.0.0.1")
    token = service.sign_in("Admin", ADMIN_PASSWORD, "10.0.0.1").token
    clock.advance(hours=13)
    service.prune()
    assert service.sessions(service.find("Admin").id) == []  # type: ignore[union-attr]
    assert service.session_for(token) is None


def test_a_code_from_the_future_or_long_past_is_refused(service: a.Accounts, clock: Clock) -> None:
    secret = pyotp.random_base32()
    now = clock.now
    assert a._totp_step(secret, pyotp.TOTP(secret).at(now), now, None) is not None
    for off in (-90, 60):
        moment = now + dt.timedelta(seconds=off)
        assert a._totp_step(secret, pyotp.TOTP(secret).at(moment), now, None) is None
