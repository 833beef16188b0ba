"""Every importer by its key, so the command line and the web offer the same ones, in one order."""

from __future__ import annotations

from trustbridge.exchange import daylio, freecbt, jrnl, json_format
from trustbridge.exchange.common import Importer

IMPORTERS: dict[str, Importer] = {
    i.key: i for i in (json_format.IMPORTER, jrnl.IMPORTER, daylio.IMPORTER, freecbt.IMPORTER)
}


def importer(key: str) -> Importer:
    """The importer with this key; ``KeyError`` if there is none."""
    return IMPORTERS[key]
