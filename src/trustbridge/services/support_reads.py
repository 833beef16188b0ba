"""The support map and the safety plan, read as plain rows.

The one way they are read: the web on the store's connection (``services.support``,
``services.safety_plan``), the command line on a plain read-only connection without
SQLAlchemy (importing it and the models takes longer than a whole command may). Records
have the models' attribute names and values (:mod:`trustbridge.store.rows`); in hosted mode
only the account's own rows are read. ``tests/integration/test_support_rows.py`` checks
they are what the ORM reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from trustbridge.domain import support as sup
from trustbridge.store import rows

if TYPE_CHECKING:
    from trustbridge.store.models import SafetyPlan

#: the plain copy of the plan kept beside the store when asked: its name says what it is
OUTSIDE_FILENAME = "safety-plan-unencrypted.json"

Parts = dict[str, str]


@dataclass(frozen=True, slots=True)
class ContactView:
    contact: Any
    person_name: str | None
    helps: list[str]


@dataclass(frozen=True, slots=True)
class SupportMap:
    contacts: list[ContactView]
    #: gentle hints for the kinds of help nobody on the map gives yet
    gaps: list[str]


def support_map(connection: Any) -> SupportMap:
    """Everyone and everything on the map, in the order added, with the name of the person
    in the circle each is (when it is someone there), and the kinds of help nobody gives."""
    cursor = connection.cursor()
    found = rows.select(cursor, "support_contacts", order="id")
    linked = (c.person_id for c in found if c.person_id is not None)
    people = rows.read(cursor, "people", {"name": None}, linked)
    views = [
        ContactView(c, people[c.person_id].name if c.person_id in people else None,
                    sup.helps_with_keys(c.helps_with))
        for c in found
    ]  # fmt: skip
    return SupportMap(views, sup.gaps(v.helps for v in views))


def safety_plan(connection: Any) -> SimpleNamespace | None:
    """The safety plan (the first one saved), or ``None`` when there is none yet."""
    found = rows.select(connection.cursor(), "safety_plans", order="id", limit=1)
    return found[0] if found else None


def parts_of(plan: SimpleNamespace | SafetyPlan | None) -> Parts:
    """The filled-in parts of a plan, in the plan's order."""
    if plan is None:
        return {}
    found = {name: getattr(plan, name) for name in sup.PLAN_PARTS}
    return {name: text for name, text in found.items() if text}


def outside_path(data_dir: Path) -> Path:
    return data_dir / OUTSIDE_FILENAME
