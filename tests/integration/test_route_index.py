"""Looking routes up by their path's first word finds, for every path and method, the route
the app's whole list would have found (first full match, else first partial one)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.routing import BaseRoute, Match

from trustbridge.config import load_settings
from trustbridge.store.db import open_store
from trustbridge.web.app import create_app
from trustbridge.web.route_index import IndexedRouting, RouteIndex

from .support import signed_in

METHODS = ("GET", "POST", "HEAD", "PUT", "DELETE")
SAMPLE = {"str": "x7", "int": "7", "float": "1.5", "path": "a/b/c",
          "uuid": "12345678-1234-5678-1234-567812345678"}  # fmt: skip


def first_match(routes: Sequence[BaseRoute], path: str, method: str) -> BaseRoute | None:
    scope = {"type": "http", "path": path, "root_path": "", "method": method}
    partial = None
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial


def leaf_paths(route: BaseRoute) -> Iterator[str]:
    """The path patterns of ``route``, of every route of an included router."""
    children = getattr(route, "effective_candidates", None)
    if children is not None:
        for child in children():
            yield from leaf_paths(child)
    else:
        yield getattr(route, "path", "/")


def sample_paths(pattern: str) -> list[str]:
    """A path ``pattern`` matches, with and without a trailing slash, and one below it."""
    filled = re.sub(r"\{\w+(?::(\w+))?\}", lambda m: SAMPLE[m.group(1) or "str"], pattern)
    return [filled, filled.rstrip("/") or "/", filled + "/", filled + "/x.css"]


def assert_same_routes(app: FastAPI) -> None:
    """Every route's paths, with every method, resolve to the same route either way, and the
    index leaves most routes out for each word."""
    routes = app.router.routes
    index = RouteIndex(routes)
    patterns = [pattern for route in routes for pattern in leaf_paths(route)]
    assert len(patterns) > 100
    for pattern in patterns:
        found_any = False
        for path in sample_paths(pattern):
            for method in METHODS:
                found = first_match(routes, path, method)
                assert first_match(index.candidates(path), path, method) is found, (path, method)
                found_any = found_any or found is not None
        assert found_any, pattern  # the samples do reach the route
    assert max(len(x) for x in index.by_word.values()) < len(routes) / 2


def local_app(folder: Path) -> FastAPI:
    settings = load_settings(folder / "web")
    open_store(settings).close()
    return create_app(settings)


def test_every_local_route_resolves_as_before(tmp_path: Path) -> None:
    assert_same_routes(local_app(tmp_path))


def test_the_app_routes_through_the_index_and_sees_routes_added_later(tmp_path: Path) -> None:
    web = local_app(tmp_path)
    assert isinstance(web.router.middleware_stack, IndexedRouting)
    with signed_in(TestClient(web)) as client:
        assert client.get("/static/app.css").status_code == 200
        web.add_api_route("/routing-check/{n:int}", lambda n: {"n": n})
        assert client.get("/routing-check/4").json() == {"n": 4}
        assert client.get("/no-such-page").status_code == 404
        assert client.put("/static/app.css").status_code == 405


def test_a_route_added_to_an_included_router_is_seen_and_the_index_is_made_only_then(
    tmp_path: Path,
) -> None:
    web = local_app(tmp_path)
    later = APIRouter()
    later.add_api_route("/later-check/a", lambda: {"a": 1})
    web.include_router(later)
    routing = web.router.middleware_stack
    assert isinstance(routing, IndexedRouting)
    with signed_in(TestClient(web)) as client:
        assert client.get("/later-check/a").json() == {"a": 1}
        made = routing.by_word
        assert client.get("/later-check/a").json() == {"a": 1}
        assert routing.by_word is made  # nothing changed: the same index
        later.add_api_route("/later-check/b", lambda: {"b": 2})
        assert client.get("/later-check/b").json() == {"b": 2}
        assert routing.by_word is not made
        deeper = APIRouter()
        deeper.add_api_route("/later-check/c", lambda: {"c": 3})
        later.include_router(deeper)
        assert client.get("/later-check/c").json() == {"c": 3}


WORDS = ("", "tools", "journal", "circle", "stages", "settings", "static", "7", "x7", "new")


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> list[BaseRoute]:
    return local_app(tmp_path_factory.mktemp("routes")).router.routes


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS) | st.text("abz/{}-_.%", max_size=6), max_size=4),
    trailing=st.booleans(),
    method=st.sampled_from(METHODS),
)
def test_any_path_resolves_as_before(
    routes: list[BaseRoute], words: list[str], trailing: bool, method: str
) -> None:
    path = "/" + "/".join(words) + ("/" if trailing else "")
    index = RouteIndex(routes)
    assert first_match(index.candidates(path), path, method) is first_match(routes, path, method)
