"""Option values without Pydantic, where Typer's answer is certain without it.

Typer checks every option value, even one not given, with a Pydantic ``TypeAdapter``; loading
Pydantic and building the adapters takes longer than most commands' own work. The values these
commands take are nearly all text, which the adapter hands back as it is, whole numbers in a
range, and paths (an export's ``--out``, an import's file). :func:`install` has every parameter
pass those straight through, exactly as the adapter would return them; anything else (a number
written another way, a value out of range, a path Typer would refuse or resolve) goes to Typer's
own conversion, built when first needed, so every result and every message stays Typer's. With
a Typer that checks values some other way, nothing is changed."""

from __future__ import annotations

import os
import stat
from functools import cached_property
from pathlib import Path
from typing import Any

try:
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer.core import _TyperParameter
except ImportError:  # another Typer: its own checks run unchanged
    RuntimeParam = None  # type: ignore[assignment,misc]

#: :func:`as_is` cannot be sure of the value: Typer's own conversion decides
UNSURE = object()


def as_is(descriptor: Any, value: object) -> object:
    """What Typer's adapter returns for ``value`` when it is sure without it, else ``UNSURE``.

    Text (``str``) comes back unchanged, and repeated text (``list[str]``) as a list; a whole
    number already an ``int``, or written in plain digits, comes back as that ``int`` when it
    is within the option's bounds.
    """
    info = descriptor.parameter_info
    if info.parser is not None or descriptor.file_annotation is not None:
        return UNSURE
    if descriptor.annotation is str and type(value) is str:
        return value
    if descriptor.annotation == list[str] and isinstance(value, list | tuple):
        return list(value) if all(type(item) is str for item in value) else UNSURE
    if descriptor.annotation is int and type(value) in (int, str):
        text = str(value)
        if not (text.isascii() and text.isdigit()):
            return UNSURE
        number = int(text)
        if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
            return number
    if descriptor.annotation is Path and type(value) is str:
        return _path(info, value)
    return UNSURE


def _path(info: Any, value: str) -> object:
    """What Typer's path conversion gives for ``value`` (``Path(value)``: Pydantic's reading of
    text as a path) when none of its checks refuses it; ``UNSURE`` when one would, or when it
    would resolve the path or read ``-`` as standard input or make another type of it."""
    if info.resolve_path or info.allow_dash or info.path_type is not None:
        return UNSURE
    path = Path(value)
    try:
        found = os.stat(path)
    except OSError:
        return UNSURE if info.exists else path
    except ValueError:  # a null character, or text the file system cannot take
        return UNSURE
    refused = (
        (not info.file_okay and stat.S_ISREG(found.st_mode))
        or (not info.dir_okay and stat.S_ISDIR(found.st_mode))
        or (info.readable and not os.access(path, os.R_OK))
        or (info.writable and not os.access(path, os.W_OK))
    )
    return UNSURE if refused else path


if RuntimeParam is not None:

    class QuickParam(RuntimeParam):
        """A parameter's conversion: certain values here, the rest through Typer's adapter.

        Not a dataclass itself (Typer's frozen parent is): defining one compiles its methods
        from source, which costs every command more than all its parameters' conversions.
        """

        def __init__(self, descriptor: TypeDescriptor) -> None:
            super().__init__(descriptor.parameter_info, descriptor.annotation)
            self.descriptor = descriptor

        @cached_property
        def typer_param(self) -> RuntimeParam:
            return build_runtime_param(self.descriptor)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            found = as_is(self.descriptor, value)
            if found is UNSURE:
                return self.typer_param._coerce_value(value, param=param, ctx=ctx)
            return found


def install() -> None:
    """Have every Typer parameter, the help options Click adds included, convert through
    :class:`QuickParam` (Typer builds a parameter's conversion on first use; this builds ours)."""
    if RuntimeParam is not None and hasattr(_TyperParameter, "get_runtime_param"):
        _TyperParameter.get_runtime_param = _quick_param  # type: ignore[method-assign,assignment]


def _quick_param(param: _TyperParameter) -> RuntimeParam:
    if param._runtime_param is None:
        descriptor = param.type_descriptor
        param._runtime_param = QuickParam(descriptor)
    return param._runtime_param
