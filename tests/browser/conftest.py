"""A real server on a free port and Debian's chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.served import Served, serving

pytestmark = pytest.mark.browser


class ServerURL(str):
    """A running server's base URL, with the server itself (for one-time links)."""

    served: Served


def _serve(home: Path) -> Iterator[ServerURL]:
    """Start ``trustbridge serve`` for the store in ``home`` and yield its base URL."""
    with serving(home) as served:
        url = ServerURL(served.url)
        url.served = served
        yield url


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A server on a fresh store kept unencrypted, so the first page is the home page."""
    from trustbridge.config import load_settings
    from trustbridge.store.db import open_store

    open_store(load_settings(tmp_path / "data")).close()
    yield from _serve(tmp_path / "data")


@pytest.fixture
def first_server(tmp_path: Path) -> Iterator[str]:
    """A server with no store yet: the first page is the set-up page."""
    yield from _serve(tmp_path / "data")


def _let_in(page: Any, request: pytest.FixtureRequest) -> None:
    """Open a one-time link of the test's server first, as the person's own browser would."""
    for name in ("server", "first_server"):
        if name in request.fixturenames:
            url = request.getfixturevalue(name)
            page.goto(url.served.new_link())


def _page(browser: Any, request: pytest.FixtureRequest, width: int, height: int) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    _let_in(page, request)
    yield page
    context.close()


@pytest.fixture
def phone(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from _page(browser, request, 375, 812)


@pytest.fixture
def desktop(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from _page(browser, request, 1280, 900)


def serving_filled(tmp_path: Path, fill: Callable[[Path], object]) -> Iterator[Any]:
    """A real server on a store that ``fill`` made in ``tmp_path / "data"``: the body of a
    page test's ``site`` fixture."""
    home = tmp_path / "data"
    fill(home)
    with serving(home) as served:
        yield served


def fits_width(page: Any) -> bool:
    """Whether the page needs no sideways scrolling at its width.

    Waits for the current document to be parsed first: right after a click that
    navigates, the new URL can be committed while the document is still empty
    (CI once saw ``documentElement`` null here)."""
    page.wait_for_load_state("domcontentloaded")
    width = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    return bool(page.evaluate(width))
