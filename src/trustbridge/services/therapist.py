"""Hosted mode's therapist's view: reports a person chose to share with a therapist's account.

An account is a therapist's when the operator marks it (``trustbridge hosted therapist``).
A person shares a report from its preview, with a therapist they pick by sign-in name (or
from the list of therapists' accounts), until a day they choose (four weeks unless they
choose otherwise, a year at most). The therapist then sees that report, and nothing else of
the person: not their entries, not their other reports, not their partner space.

**A share is a copy of the report made when it is shared**, not the report as of now: the
therapist sees exactly what the person saw in the preview and chose to send, and nothing
written or changed later reaches them without a new choice. To share newer entries, the
person shares again. Taking a share back deletes the copy; a share that has ended is not
shown to the therapist (by the app's clock here, and by the database's clock in its policy)
and stays in the person's list, to be removed, until they remove it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.services.accounts import AccountProblem, fold
from trustbridge.services.base import NotFound, local_day
from trustbridge.store.db import Store

#: how long a share lasts unless the person chooses otherwise
DEFAULT_DAYS = 28
#: the latest end a person can choose
MOST_DAYS = 366
ENDS_ON = Field("ends_on", "Share until", "date", required=True, lo=0, hi=MOST_DAYS,
                noun="the last day the therapist can see it")  # fmt: skip
THERAPIST = Field("therapist", "Therapist's sign-in name", required=True,
                  noun="the therapist's sign-in name")  # fmt: skip
FIELDS = (THERAPIST, ENDS_ON)
NO_THERAPIST = (
    "There is no therapist's account with that sign-in name here. Please check the name with "
    "your therapist, or pick one from the list."
)


class ShareProblem(AccountProblem):
    pass


@dataclass(frozen=True, slots=True)
class ShareRow:
    id: int
    #: the therapist's name (in the person's list) or the person's (in the therapist's)
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    since: dt.date
    until: dt.date
    sections: tuple[str, ...]

    def active(self, now: dt.datetime) -> bool:
        return self.expires_at > now

    @property
    def last_day(self) -> dt.date:
        """The last day the share can be seen, in this machine's time zone."""
        return (self.expires_at - dt.timedelta(microseconds=1)).astimezone().date()


def _aware(stored: dt.datetime) -> dt.datetime:
    return stored if stored.tzinfo is not None else stored.replace(tzinfo=dt.UTC)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def default_end(now: dt.datetime) -> dt.date:
    return local_day(now) + dt.timedelta(days=DEFAULT_DAYS)


def end_of(day: dt.date) -> dt.datetime:
    """The moment a share ending on ``day`` ends: the start of the next day, here."""
    local = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone()
    return local.astimezone(dt.UTC)


def therapists(store: Store, me: int) -> list[tuple[int, str]]:
    """Every therapist's account one could share with (not one's own), by name."""
    with store.sessions() as session:
        found = session.execute(
            text(
                "SELECT id, name FROM accounts WHERE is_therapist AND disabled_at IS NULL "
                "AND id <> :me ORDER BY name_key"
            ),
            {"me": me},
        ).all()
        return [(int(i), str(n)) for i, n in found]


def choose(raw: dict[str, object], me: int, store: Store, now: dt.datetime) -> tuple[int, dt.date]:
    """The therapist's account and the last day, checked; ``ValidationError`` by field."""
    values = clean(FIELDS, raw, local_day(now))
    name, ends_on = str(values["therapist"]), values["ends_on"]
    assert isinstance(ends_on, dt.date)
    with store.sessions() as session:
        found = session.scalar(
            text(
                "SELECT id FROM accounts WHERE name_key = :key AND is_therapist "
                "AND disabled_at IS NULL AND id <> :me"
            ),
            {"key": fold(name), "me": me},
        )
    if found is None:
        raise ValidationError({THERAPIST.name: NO_THERAPIST})
    return int(found), ends_on


def share(
    store: Store, me: int, therapist_id: int, ends_on: dt.date, made: tuple[dt.date, dt.date],
    sections: list[str], body: str, now: dt.datetime,
) -> int:  # fmt: skip
    """Keep a copy of the report (``body``, as the person's preview showed it) for the
    therapist until the end of ``ends_on``; the share's number."""
    with store.session() as session:
        found = session.scalar(
            text(
                "INSERT INTO report_shares (owner_id, therapist_id, created_at, expires_at, "
                "since, until, sections, body) VALUES (:me, :t, :now, :ends, :since, :until, "
                ":sections, :body) RETURNING id"
            ),
            {
                "me": me, "t": therapist_id, "now": _utc(now), "ends": _utc(end_of(ends_on)),
                "since": made[0], "until": made[1], "sections": "\n".join(sections),
                "body": body,
            },
        )  # fmt: skip
    return int(found)


def _rows(session: Session, sql: str, params: dict[str, object]) -> list[ShareRow]:
    return [
        ShareRow(
            int(r[0]),
            str(r[1]),
            _aware(r[2]),
            _aware(r[3]),
            r[4],
            r[5],
            tuple(str(r[6]).splitlines()),
        )
        for r in session.execute(text(sql), params).all()
    ]


_COLUMNS = "s.id, a.name, s.created_at, s.expires_at, s.since, s.until, s.sections"


def my_shares(store: Store, me: int) -> list[ShareRow]:
    """The reports ``me`` shared, the newest first, with each therapist's name."""
    with store.sessions() as session:
        return _rows(
            session,
            f"SELECT {_COLUMNS} FROM report_shares s JOIN accounts a ON a.id = s.therapist_id "
            "WHERE s.owner_id = :me ORDER BY s.created_at DESC, s.id DESC",
            {"me": me},
        )


def take_back(store: Store, me: int, share_id: int) -> None:
    """Delete a share of one's own (whether or not it has ended)."""
    with store.session() as session:
        gone = session.execute(
            text("DELETE FROM report_shares WHERE id = :id AND owner_id = :me"),
            {"id": share_id, "me": me},
        ).rowcount  # type: ignore[attr-defined]
    if not gone:
        raise NotFound(f"There is no share number {share_id} of yours.")


_FOR_ME = (
    "FROM report_shares s JOIN accounts a ON a.id = s.owner_id "
    "JOIN accounts t ON t.id = s.therapist_id "
    "WHERE s.therapist_id = :me AND t.is_therapist AND s.expires_at > :now"
)


def shared_with_me(store: Store, me: int, now: dt.datetime) -> list[ShareRow]:
    """The reports shared with ``me`` that have not ended, the newest first, with each
    person's name; nothing unless ``me`` is a therapist's account."""
    with store.sessions() as session:
        return _rows(
            session,
            f"SELECT {_COLUMNS} {_FOR_ME} ORDER BY s.created_at DESC, s.id DESC",
            {"me": me, "now": _utc(now)},
        )


def shared_report(store: Store, me: int, share_id: int, now: dt.datetime) -> tuple[ShareRow, str]:
    """One report shared with ``me`` and the copy of it; ``NotFound`` if it is not (any more)."""
    with store.sessions() as session:
        found = _rows(
            session, f"SELECT {_COLUMNS} {_FOR_ME} AND s.id = :id", {"me": me, "now": _utc(now),
                                                                   "id": share_id},
        )  # fmt: skip
        if not found:
            raise NotFound(f"There is no report number {share_id} shared with you.")
        body = session.scalar(
            text("SELECT body FROM report_shares WHERE id = :id AND therapist_id = :me"),
            {"id": share_id, "me": me},
        )
    return found[0], str(body)


def is_therapist(store: Store, me: int) -> bool:
    with store.sessions() as session:
        return bool(
            session.scalar(text("SELECT is_therapist FROM accounts WHERE id = :me"), {"me": me})
        )
