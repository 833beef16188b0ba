"""The safety plan: one plan, filled in on a calm day, shown first on Help now.

The plan lives in the store like everything else, so while an encrypted store is locked it
cannot be read. A person may choose to keep a plain copy next to the store so Help now can
show it even then: a small JSON file, mode 0600, written whole (never half) on every save,
and overwritten then removed when they turn the choice off, delete the plan, or delete
everything. With the choice off, nothing of the plan exists outside the store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from trustbridge.domain import support as sup
from trustbridge.domain.fields import clean, clean_value
from trustbridge.domain.support import labelled as labelled  # the pages call it from here
from trustbridge.services import support_reads
from trustbridge.services.base import Saved, crisis_in, local_day
from trustbridge.services.support_reads import OUTSIDE_FILENAME as OUTSIDE_FILENAME
from trustbridge.services.support_reads import Parts
from trustbridge.services.support_reads import outside_path as outside_path  # what pages call
from trustbridge.services.support_reads import parts_of as parts_of
from trustbridge.store import models as m
from trustbridge.store.backup import erase, truncate_wal
from trustbridge.store.db import Store

#: the most of the file read back: seven parts at their longest, with room to spare
_MAX_OUTSIDE_BYTES = 1024 * 1024


def get_plan(store: Store) -> SimpleNamespace | None:
    """The plan (:func:`.support_reads.safety_plan`, on the store's connection), or ``None``."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return support_reads.safety_plan(Through(session))


def save_plan(store: Store, raw: Mapping[str, object], now: dt.datetime) -> Saved[m.SafetyPlan]:
    """Save the plan (every part optional, but not all empty) and the outside copy as chosen."""
    today = local_day(now)
    values = clean(sup.SAFETY_PLAN_FIELDS, raw, today)
    given = raw.get(sup.KEEP_OUTSIDE.name)
    keep = False if given in (None, "") else bool(clean_value(sup.KEEP_OUTSIDE, given, today))
    with store.session() as session:
        plan = session.scalars(select(m.SafetyPlan).order_by(m.SafetyPlan.id)).first()
        if plan is None:
            plan = m.SafetyPlan()
            session.add(plan)
        for name, value in values.items():
            setattr(plan, name, value)
        plan.updated_at = now
        plan.keep_outside = keep
    truncate_wal(store.engine)  # text a part no longer holds does not linger in the WAL
    sync_outside(store.settings.data_dir, plan)
    return Saved(plan, crisis_in(sup.SAFETY_PLAN_FIELDS, values))


def sync_outside(data_dir: Path, plan: m.SafetyPlan | None) -> None:
    """Write the outside copy when the plan asks for one; otherwise make sure there is none."""
    if plan is None or not plan.keep_outside:
        erase_outside(data_dir)
        return
    from trustbridge.exchange.files import write_private

    data = {"parts": parts_of(plan), "updated_at": plan.updated_at.isoformat()}
    write_private(outside_path(data_dir), json.dumps(data).encode("utf-8"), overwrite=True)


def erase_outside(data_dir: Path) -> list[Path]:
    """Overwrite and remove the outside copy; the files removed (none when there was none)."""
    path = outside_path(data_dir)
    if not path.is_file():
        return []
    erase(path)
    return [path]


def read_outside(data_dir: Path) -> Parts:
    """The parts kept outside the encryption, readable while locked; empty when there are none."""
    path = outside_path(data_dir)
    try:
        if path.stat().st_size > _MAX_OUTSIDE_BYTES:
            return {}
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    parts = data.get("parts") if isinstance(data, dict) else None
    if not isinstance(parts, dict):
        return {}
    return {
        name: parts[name]
        for name in sup.PLAN_PARTS
        if isinstance(parts.get(name), str) and parts[name]
    }


def delete_plan(store: Store) -> bool:
    """Remove the plan and its outside copy; whether there was a plan."""
    with store.session() as session:
        plan = session.scalars(select(m.SafetyPlan)).first()
        if plan is not None:
            session.delete(plan)
    truncate_wal(store.engine)
    erase_outside(store.settings.data_dir)
    return plan is not None
