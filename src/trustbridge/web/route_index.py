"""Routes looked up by the first segment of the path, so that a request tries the few routers
that could answer it rather than all of them: with some 160 routes behind 22 routers, FastAPI
tries each router's routes in turn, which cost about a tenth of a millisecond a request.

The app's routes (mostly included routers) are tried for a path when one of their patterns
could match it, in the app's order: those with a pattern whose first segment is that word, and
those with a pattern whose first segment is not a plain word (a parameter, a host). Every
other route's patterns begin with other words, so none could have matched: the first full
match, and the first partial one (a known path with another method, answered 405), are the
ones the whole list would have found. When none matches, the whole app answers as before
(its redirects between ``/a`` and ``/a/``, its 404).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.routing import APIRouter
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Host
from starlette.types import Receive, Scope, Send


def first_words(route: BaseRoute) -> set[str | None]:
    """The first segments of the paths ``route`` answers, None for one that is not plain text;
    an included router's are its routes' (FastAPI's effective routes, with its prefix)."""
    children = getattr(route, "effective_candidates", None)
    if children is not None:
        return set().union(*(first_words(child) for child in children()))
    path = getattr(route, "path", None)
    if isinstance(route, Host) or not isinstance(path, str) or not path.startswith("/"):
        return {None}
    word = path[1:].partition("/")[0]
    return {None if "{" in word else word}


def path_word(path: str) -> str:
    """The first segment of a request's path: ``tools`` for ``/tools/journal``."""
    return path[1:].partition("/")[0]


class RouteIndex:
    """The app's routes by the first words of their paths, each list in the app's order."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        words = [first_words(route) for route in routes]
        self.anywhere = [r for r, w in zip(routes, words, strict=True) if None in w]
        self.by_word = {
            key: [r for r, w in zip(routes, words, strict=True) if key in w or None in w]
            for key in {word for some in words for word in some if word is not None}
        }

    def candidates(self, path: str) -> list[BaseRoute]:
        """The routes that could match ``path``, in the app's order."""
        return self.by_word.get(path_word(path), self.anywhere)


class IndexedRouting:
    """Stands in for the app router's own dispatch: the same router, shown only the routes
    that could match, and the whole router when none does (see the module's docstring)."""

    def __init__(self, router: APIRouter) -> None:
        self.router = router
        self.version = -1  # the index is made at the first request, once all routes are in
        self.by_word: dict[str, APIRouter] = {}
        self.anywhere = router
        self.watched: list[APIRouter] = []

    def _routes_version(self) -> int:
        """How many changes the routers found when the index was made have had: a route added
        to any of them, or a router included in one, adds to that router's own count, so any
        change to the app's routes since shows. FastAPI's ``_get_routes_version`` tells the
        same by walking every route of every router (180 routes: some 11 microseconds on each
        request)."""
        return sum(router._routes_version for router in self.watched)

    def _look_again(self) -> None:
        self.watched = _reachable(self.router)
        if any(True for _ in self.router._iter_low_priority_routes()):
            # tried after the redirects, which a router shown fewer routes would not make
            self.by_word, self.anywhere = {}, self.router
            return
        index = RouteIndex(self.router.routes)
        self.anywhere = self._trying(index.anywhere)
        self.by_word = {key: self._trying(routes) for key, routes in index.by_word.items()}

    def _trying(self, routes: list[BaseRoute]) -> APIRouter:
        few = copy.copy(self.router)
        few.routes = routes
        few.redirect_slashes = False
        few.default = self.router.app
        return few

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router.app(scope, receive, send)
            return
        version = self._routes_version()
        if version != self.version:  # routes added since, to the app or a router in it
            self._look_again()
            self.version = self._routes_version()  # of the routers found just now
        scope.setdefault("router", self.router)  # url_for looks up names in the whole app
        word = path_word(get_route_path(scope))
        await self.by_word.get(word, self.anywhere).app(scope, receive, send)


def _reachable(router: APIRouter, found: dict[int, APIRouter] | None = None) -> list[APIRouter]:
    """``router`` and every router included in it, however deep, each once (by identity: a
    router is not hashable), as FastAPI's ``_get_routes_version`` counts them."""
    found = {} if found is None else found
    found[id(router)] = router
    for route in router.routes:
        included = getattr(route, "original_router", None)
        if isinstance(included, APIRouter) and id(included) not in found:
            _reachable(included, found)
    return list(found.values())


def index_routes(app: FastAPI) -> None:
    """Have ``app`` try, for each request, only the routes that could match its path (unless
    its router has middleware of its own, or this FastAPI lacks what the index reads: then
    every route is tried, as FastAPI does)."""
    router = app.router
    reads = ("_routes_version", "_iter_low_priority_routes", "middleware_stack")
    if all(hasattr(router, name) for name in reads) and router.middleware_stack == router.app:
        router.middleware_stack = IndexedRouting(router)
