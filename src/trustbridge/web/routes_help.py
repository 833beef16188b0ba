"""The Help now page: what to do right away, grounding, helplines and emergency numbers.

A person can choose their country (a small GET form, so it works without JavaScript); their
helplines are then shown first and the rest stay one tap away. The choice is kept in a
cookie, not in the store, so it works while the store is locked or not made yet, and it is
never sent anywhere: every helpline is in ``content/crisis.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trustbridge.content import Crisis, Helpline, load_crisis
from trustbridge.web.deps import NowDep
from trustbridge.web.render import render

router = APIRouter()

#: the cookie that remembers the chosen country (read by ``_crisis.html`` too)
COUNTRY_COOKIE = "tb_country"
#: the cookie's value after "somewhere else": show every helpline, none first
ANYWHERE = "any"
#: the helplines that serve every country (a directory of lines)
INTERNATIONAL = "INT"
TEN_YEARS = 10 * 365 * 24 * 3600


@dataclass(frozen=True, slots=True)
class Helplines:
    """The helplines as the page lists them: the person's country first, if they chose one."""

    country: str  # a code from crisis.yaml, or "" when none is chosen
    country_name: str
    first: list[Helpline]  # the country's own lines, then the international directory
    others: list[Helpline]  # every other line, in the order crisis.yaml gives them


def countries(crisis: Crisis) -> list[tuple[str, str]]:
    """Every country with a helpline, as (code, name), by name."""
    named = {h.country: h.country_name for h in crisis.helplines if h.country != INTERNATIONAL}
    return sorted(named.items(), key=lambda item: item[1])


def chosen_country(request: Request, crisis: Crisis) -> tuple[str, str | None]:
    """The country to show first, and the cookie value to keep (``None``: keep it as it is).

    ``?country=GB`` is a new choice; ``?country=`` (somewhere else) clears it; with no
    ``country`` in the address, the cookie says. Anything not in crisis.yaml counts as none.
    """
    known = {code for code, _ in countries(crisis)}
    asked = request.query_params.get("country")
    if asked is not None:
        code = asked.strip().upper()
        return (code, code) if code in known else ("", ANYWHERE)
    kept = request.cookies.get(COUNTRY_COOKIE, "").upper()
    return (kept if kept in known else ""), None


def helplines_for(crisis: Crisis, country: str) -> Helplines:
    directory = [h for h in crisis.helplines if h.country == INTERNATIONAL]
    own = [h for h in crisis.helplines if country and h.country == country]
    if not own:
        return Helplines("", "", [], list(crisis.helplines))
    others = [h for h in crisis.helplines if h.country not in (country, INTERNATIONAL)]
    return Helplines(country, own[0].country_name, [*own, *directory], others)


def emergency_numbers(crisis: Crisis) -> dict[str, list[str]]:
    """Each emergency number with the places it serves, so the list fits a phone screen."""
    names = {line.country: line.country_name for line in crisis.helplines}
    names["EU"] = "European Union"
    grouped: dict[str, list[str]] = {}
    for code, number in crisis.emergency_numbers.items():
        grouped.setdefault(number, []).append(names.get(code, code))
    return grouped


def own_plan(request: Request) -> tuple[list[tuple[str, str]], bool]:
    """The person's safety plan as (heading, text) pairs, and whether to say it shows once unlocked.

    This page is open to anyone who can reach the server, so the plan is shown only to the
    browser holding this server's session (see :mod:`.gate`). From the open store; while it
    is locked, only from the copy the person chose to keep outside the encryption. Nothing
    here may keep crisis help from showing, so any problem just leaves the plan out.
    """
    from trustbridge.services import safety_plan
    from trustbridge.web.vault import Locked, NoStoreYet

    if not request.app.state.gate.admits(request):
        return [], False
    vault = request.app.state.vault
    try:
        try:
            store = vault.store()
        except NoStoreYet:
            return [], False
        except Locked:
            kept = safety_plan.read_outside(vault.base.data_dir)
            return safety_plan.labelled(kept), not kept
        return safety_plan.labelled(safety_plan.parts_of(safety_plan.get_plan(store))), False
    except Exception:
        return [], False


@router.get("/help-now", response_class=HTMLResponse)
def help_now(request: Request, now: NowDep) -> HTMLResponse:
    crisis = load_crisis()
    country, keep = chosen_country(request, crisis)
    plan, plan_locked = own_plan(request)
    context = {
        "plan": plan,
        "plan_locked": plan_locked,
        "emergency": emergency_numbers(crisis),
        "local_emergency": crisis.emergency_numbers.get(country, ""),
        "countries": countries(crisis),
        "lines": helplines_for(crisis, country),
    }
    response = render(request, "help_now.html", context, now=now)
    if keep is not None:
        response.set_cookie(
            COUNTRY_COOKIE, keep, max_age=TEN_YEARS, httponly=True, samesite="strict"
        )
    return response
