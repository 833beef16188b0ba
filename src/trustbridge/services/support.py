"""The support map: who helps with what, linked to the circle when it is someone there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from trustbridge.domain import support as sup
from trustbridge.domain.fields import clean
from trustbridge.services.base import NotFound, Saved, crisis_in, local_day
from trustbridge.services.people import resolve_person
from trustbridge.store import models as m
from trustbridge.store.backup import truncate_wal
from trustbridge.store.db import Store


def add_contact(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.SupportContact]:
    """Save someone or something that helps; a circle link is checked like any "who" field."""
    values = clean(sup.SUPPORT_FIELDS, raw, local_day(now))
    with store.session() as session:
        chosen = values.pop("person")
        person_id = None if chosen is None else resolve_person(session, chosen).id
        helps = values.pop("helps_with")
        contact = m.SupportContact(
            created_at=now, person_id=person_id, helps_with=",".join(helps) or None,  # type: ignore[arg-type]
            **values,
        )  # fmt: skip
        session.add(contact)
    return Saved(contact, crisis_in(sup.SUPPORT_FIELDS, values))


@dataclass(frozen=True, slots=True)
class ContactView:
    contact: m.SupportContact
    person_name: str | None
    helps: list[str]


@dataclass(frozen=True, slots=True)
class SupportMap:
    contacts: list[ContactView]
    #: gentle hints for the kinds of help nobody on the map gives yet
    gaps: list[str]


def support_map(store: Store) -> SupportMap:
    with store.sessions() as session:
        rows = session.execute(
            select(m.SupportContact, m.Person.name)
            .outerjoin(m.Person, m.Person.id == m.SupportContact.person_id)
            .order_by(m.SupportContact.id)
        ).all()  # fmt: skip
    views = [ContactView(c, name, sup.helps_with_keys(c.helps_with)) for c, name in rows]
    return SupportMap(views, sup.gaps(v.helps for v in views))


def get_contact(store: Store, contact_id: int) -> m.SupportContact:
    with store.sessions() as session:
        contact = session.get(m.SupportContact, contact_id)
        if contact is None:
            raise NotFound(f"No one on your support map with number {contact_id}.")
        return contact


def delete_contact(store: Store, contact_id: int) -> None:
    """Remove one entry for good (zeroed on disk and out of the WAL, as every delete is)."""
    with store.session() as session:
        contact = session.get(m.SupportContact, contact_id)
        if contact is None:
            raise NotFound(f"No one on your support map with number {contact_id}.")
        session.delete(contact)
    truncate_wal(store.engine)
