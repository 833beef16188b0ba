"""Large regular expressions compiled once per machine, not once per command.

The crisis check joins some hundreds of patterns into a few regexes of tens of thousands of
characters; Python's ``re`` parses and compiles them in pure Python, a few hundred
milliseconds of every check-in with a note. What ``re`` compiles a pattern to is a list of
whole numbers handed to the C engine (``_sre.compile``); :func:`compiled` keeps that list in
the user's cache folder (beside the parsed content files, ``cachedir.cache_folder``), named by
the pattern's checksum and this Python's version and engine, and on the next run hands it to
the engine directly. The engine checks any code it is given before using it, and the pattern
itself is stored and compared, so a stale, damaged or foreign file is never used: it is
compiled again and rewritten. When anything about this fails, ``re.compile`` is used.

Some patterns also take longer to build, in Python, than to compile: the crisis check merges
its patterns into a trie (``crisis._trie``). :func:`compiled_from` keeps such a pattern named
by what it is built from and by the code that builds it, so a run that finds it kept neither
builds nor compiles it; changing the sources or that code makes it built afresh.

Only the app's own patterns are ever kept there, never anything a person wrote.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
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
        found = _engine(_sre, kept)
        if found is not None:
            return found
    parts = _parts(pattern, flags, _parser, _compiler)
    made = None if parts is None else _engine(_sre, parts)
    if parts is None or made is None:  # an internal that changed: the public way, not kept
        return re.compile(pattern, flags)
    _write(path, parts)
    return made


def compiled_from(
    source: Sequence[str],
    build: Callable[[Sequence[str]], str],
    *uses: Callable[..., Any],
    flags: int = 0,
) -> re.Pattern[str]:
    """``compiled(build(source), flags)``, without calling ``build`` when the result is kept.

    ``build`` must depend on nothing but ``source`` and code: its own and that of the
    functions named in ``uses`` (what it calls). The kept copy is named by the sources and by
    that code, and holds both, so it is used only for the very same sources built by the very
    same code; otherwise the pattern is built and kept again.
    """
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:
        return re.compile(build(source), flags)
    key = _source_key(source, (build, *uses))
    path = _path(key, flags, _sre)
    kept = _read_built(path)
    if kept is not None and kept[0] == key:
        found = _engine(_sre, kept[1])
        if found is not None:
            return found
    pattern = build(source)
    parts = _parts(pattern, flags, _parser, _compiler)
    made = None if parts is None else _engine(_sre, parts)
    if parts is None or made is None:
        return re.compile(pattern, flags)
    from trustbridge.content import keep_parsed

    keep_parsed(path, (key, parts))
    return made


def _source_key(source: Sequence[str], code: Sequence[Callable[..., Any]]) -> str:
    """The sources, and a checksum of the code that builds from them, as one string."""
    import marshal
    import zlib

    made_by = b"".join(marshal.dumps(function.__code__) for function in code)
    return f"built {zlib.crc32(made_by):08x} {len(made_by):x}\x00" + "\x00".join(source)


def _engine(sre: Any, parts: Any) -> re.Pattern[str] | None:
    """The engine's pattern from kept parts; ``None`` when it refuses them (damaged, or
    from another engine)."""
    try:
        found: re.Pattern[str] = sre.compile(*parts)
    except (TypeError, ValueError, RuntimeError, OverflowError):
        return None
    return found


def _parts(pattern: str, flags: int, _parser: Any, _compiler: Any) -> tuple[Any, ...] | None:
    """What ``re._compiler.compile`` hands the engine, as plain values ``marshal`` writes;
    ``None`` when an internal changed."""
    try:
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
    except Exception:  # an internal that changed
        return None
    return parts


def _path(pattern: str, flags: int, sre: Any) -> Any:
    import zlib
    from pathlib import Path

    from trustbridge.cachedir import kept_folder

    encoded = pattern.encode("utf-8", "surrogatepass")
    digest = f"{zlib.crc32(encoded):08x}{len(encoded):x}.{flags:x}"
    engine = f"py{sys.version_info[0]}{sys.version_info[1]}.sre{sre.MAGIC}.{sre.CODESIZE}"
    folder = kept_folder()
    return Path(folder) / "regex" / f"{digest}.{engine}.marshal"


def _read(path: Any) -> tuple[Any, ...] | None:
    import marshal

    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return kept if isinstance(kept, tuple) and len(kept) == 6 else None


def _read_built(path: Any) -> tuple[str, tuple[Any, ...]] | None:
    import marshal

    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], tuple)):
        return None
    return kept if len(kept[1]) == 6 else None


def _write(path: Any, parts: tuple[Any, ...]) -> None:
    from trustbridge.content import keep_parsed

    keep_parsed(path, parts)
