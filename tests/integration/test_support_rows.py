"""The support map and the safety plan, read as plain rows, are what the ORM reads: the
same records in the same order, with the same values and the same names from the circle."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from tests.integration.support import fresh_people, values
from trustbridge.domain import support as sup
from trustbridge.services import safety_plan, support
from trustbridge.store import models as m
from trustbridge.store.db import Store

NOW = dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC)
ONCE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HELPS = st.lists(st.sampled_from([key for key, _ in sup.HELP_AREAS]), unique=True, max_size=3)
CONTACTS = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 2)), HELPS), max_size=8)
PLANS = st.lists(st.dictionaries(st.sampled_from(sup.PLAN_PARTS), st.text(min_size=1)), max_size=3)


@ONCE
@given(contacts=CONTACTS)
def test_the_support_map_is_what_the_orm_reads(
    store: Store, contacts: list[tuple[int | None, list[str]]]
) -> None:
    with store.session() as session:
        people = fresh_people(session, m.SupportContact)
        for n, (who, helps) in enumerate(contacts):
            session.add(m.SupportContact(
                name=f"Contact {n}", kind="person" if who is not None else "group",
                person_id=None if who is None else people[who].id,
                helps_with=",".join(helps) or None, created_at=NOW,
            ))  # fmt: skip
    with store.session() as session:
        expected = [
            (values(c, "support_contacts"), name, sup.helps_with_keys(c.helps_with))
            for c, name in session.execute(
                select(m.SupportContact, m.Person.name)
                .outerjoin(m.Person, m.Person.id == m.SupportContact.person_id)
                .order_by(m.SupportContact.id)
            ).all()
        ]
    found = support.support_map(store)
    assert [
        (values(v.contact, "support_contacts"), v.person_name, v.helps) for v in found.contacts
    ] == expected
    assert found.gaps == sup.gaps(helps for _, _, helps in expected)


@ONCE
@given(plans=PLANS, keep=st.booleans())
def test_the_safety_plan_is_the_first_the_orm_finds(
    store: Store, plans: list[dict[str, str]], keep: bool
) -> None:
    with store.session() as session:
        session.execute(delete(m.SafetyPlan))
        for parts in plans:
            session.add(m.SafetyPlan(updated_at=NOW, keep_outside=keep, **parts))
    with store.session() as session:
        first = session.scalars(select(m.SafetyPlan).order_by(m.SafetyPlan.id)).first()
        expected = None if first is None else values(first, "safety_plans")
        parts = safety_plan.parts_of(first)
    found = safety_plan.get_plan(store)
    assert (None if found is None else values(found, "safety_plans")) == expected
    assert safety_plan.parts_of(found) == parts
