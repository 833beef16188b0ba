"""Large regular expressions compiled once per machine, not once per command.

The crisis check joins some hundreds of patterns into a few regexes of tens of thousands of
characters; Python's ``re`` parses and compiles them in pure Python, a few hundred
milliseconds of every check-in with a note. What ``re`` compiles a pattern to is a list of
whole numbers handed to the C engine (``_sre.compile``); :func:`compiled` keeps that list in
the user's cache folder (beside the parsed content files, ``content.cache_folder``), named by
the pattern's checksum and this Python's version and engine, and on the next run hands it to
the engine directly. The engine checks any code it is given before using it, and the pattern
itself is stored and compared, so a stale, damaged or foreign file is never used: it is
compiled again and rewritten. When anything about this fails, ``re.compile`` is used.

Only the app's own patterns are ever kept there, never anything a person wrote.
"""

from __future__ import annotations

import re
import sys
from typing import Any


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the kept compiled form when there is one."""
    try:
        import _sre  # type: ignore[import-not-found]
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:  # another Python: compile as usual
        return re.compile(pattern, flags)
    path = _path(pattern, flags, _sre)
    kept = _read(path)
    if kept is not None and kept[0] == pattern:
        try:
            found: re.Pattern[str] = _sre.compile(*kept)
            return found
        except (TypeError, ValueError, RuntimeError, OverflowError):
            pass  # damaged, or from another engine: compiled again below
    try:  # what re._compiler.compile does, keeping the parts it hands the engine
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        parts = (  # plain ints: the opcodes are an int subclass marshal will not write
            pattern,
            int(flags | parsed.state.flags),
            [int(word) for word in code],
            int(parsed.state.groups - 1),
            {str(name): int(index) for name, index in groupindex.items()},
            tuple(indexgroup),
        )
        made: re.Pattern[str] = _sre.compile(*parts)
    except Exception:  # an internal that changed: the public way, not kept
        return re.compile(pattern, flags)
    _write(path, parts)
    return made


def _path(pattern: str, flags: int, sre: Any) -> Any:
    import os
    import zlib
    from pathlib import Path

    from trustbridge.content import CACHE_ENV, cache_folder

    encoded = pattern.encode("utf-8", "surrogatepass")
    digest = f"{zlib.crc32(encoded):08x}{len(encoded):x}.{flags:x}"
    engine = f"py{sys.version_info[0]}{sys.version_info[1]}.sre{sre.MAGIC}.{sre.CODESIZE}"
    folder = os.environ.get(CACHE_ENV) or cache_folder()
    return Path(folder) / "regex" / f"{digest}.{engine}.marshal"


def _read(path: Any) -> tuple[Any, ...] | None:
    import marshal

    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return kept if isinstance(kept, tuple) and len(kept) == 6 else None


def _write(path: Any, parts: tuple[Any, ...]) -> None:
    from trustbridge.content import keep_parsed

    keep_parsed(path, parts)
