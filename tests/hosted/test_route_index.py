"""In hosted mode too, every route resolves through the route index as through the whole list:
the hosted routers put first keep their /settings, /lock, export, import and feed routes."""

from __future__ import annotations

from tests.hosted.web import (
    ADMIN_PASSWORD,
    Site,
    sign_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from tests.integration.test_route_index import assert_same_routes
from trustbridge.web import hosted_routes
from trustbridge.web.route_index import IndexedRouting, RouteIndex


def test_every_hosted_route_resolves_as_before(site: Site) -> None:
    app = site.apps[0]
    assert_same_routes(app)
    settings = RouteIndex(app.router.routes).candidates("/settings")
    assert settings[0].original_router is hosted_routes.router  # type: ignore[attr-defined]


def test_hosted_pages_are_served_through_the_index(site: Site) -> None:
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    assert isinstance(site.apps[0].router.middleware_stack, IndexedRouting)
    assert "Sign out" in client.get("/settings").text
    assert client.get("/circle").status_code == 200
    assert client.get("/no-such-page").status_code == 404
