"""The support map: who helps with what, linked to the circle when it is someone there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from trustbridge.domain import support as sup
from trustbridge.domain.fields import clean
from trustbridge.services import support_reads
from trustbridge.services.base import Saved, crisis_in, local_day, numbered
from trustbridge.services.entries import Through
from trustbridge.services.people import person_value, resolve_person
from trustbridge.services.support_reads import SupportMap
from trustbridge.store import models as m
from trustbridge.store.backup import truncate_wal
from trustbridge.store.db import Store


def add_contact(
    store: Store, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.SupportContact]:
    """Save someone or something that helps; a circle link is checked like any "who" field."""
    values = clean(sup.SUPPORT_FIELDS, raw, local_day(now))
    with store.session() as session:
        contact = m.SupportContact(created_at=now, **_columns(session, values))
        session.add(contact)
    return Saved(contact, crisis_in(sup.SUPPORT_FIELDS, values))


def update_contact(
    store: Store, contact_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.SupportContact]:
    """Change an entry of the map to what was filled in, by the rules of adding one.

    ``raw`` holds the whole entry as its edit form shows it (``contact_values`` gives it).
    """
    values = clean(sup.SUPPORT_FIELDS, raw, local_day(now))
    with store.session() as session:
        contact = _find(session, contact_id)
        for key, value in _columns(session, values).items():
            setattr(contact, key, value)
    return Saved(contact, crisis_in(sup.SUPPORT_FIELDS, values), updated=True)


def _columns(session: Session, values: Mapping[str, object]) -> dict[str, object]:
    """Checked values as the entry keeps them: the circle link by number, the help as keys."""
    columns = dict(values)
    chosen = columns.pop("person")
    columns["person_id"] = None if chosen is None else resolve_person(session, chosen).id
    columns["helps_with"] = ",".join(columns["helps_with"]) or None  # type: ignore[arg-type]
    return columns


def contact_values(store: Store, contact_id: int) -> dict[str, object]:
    """What an entry holds now, as its edit form asks for it: the circle link by name."""
    with store.sessions() as session:
        contact = _find(session, contact_id)
        person = None if contact.person_id is None else session.get(m.Person, contact.person_id)
        values = {f.name: getattr(contact, f.name, None) for f in sup.SUPPORT_FIELDS}
        values["person"] = None if person is None else person_value(person)
        values["helps_with"] = sup.helps_with_keys(contact.helps_with)
        return values


def support_map(store: Store) -> SupportMap:
    """The map (:func:`.support_reads.support_map`, on the store's connection)."""
    with store.sessions() as session:
        return support_reads.support_map(Through(session))


def _find(session: Session, contact_id: int) -> m.SupportContact:
    return numbered(session, m.SupportContact, contact_id, "one on your support map")


def get_contact(store: Store, contact_id: int) -> m.SupportContact:
    with store.sessions() as session:
        return _find(session, contact_id)


def delete_contact(store: Store, contact_id: int) -> None:
    """Remove one entry for good (zeroed on disk and out of the WAL, as every delete is)."""
    with store.session() as session:
        session.delete(_find(session, contact_id))
    truncate_wal(store.engine)
