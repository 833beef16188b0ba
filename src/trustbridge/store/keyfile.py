"""Where an encrypted store keeps its keys file, and whether it has one.

Every command that opens the store first asks whether it is encrypted; for a store that is
not, that question is all it needs of :mod:`.keys`, whose dataclasses take longer to make
than the answer. :mod:`.keys` offers the same names.
"""

from __future__ import annotations

from pathlib import Path

KEYS_FILENAME = "trustbridge.keys"


def keys_path(folder: Path) -> Path:
    return Path(folder) / KEYS_FILENAME


def exists(folder: Path) -> bool:
    return keys_path(folder).is_file()
