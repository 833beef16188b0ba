"""Entry point of the ``trustbridge`` command.

A complete check-in and ``person show NAME`` are handled straight away without loading
Typer (see ``cli.fast``); everything else goes to the Typer app in ``cli.app``, which is
also reachable here as ``trustbridge.cli.main.app``.
"""

from __future__ import annotations

import sys
from typing import Any


def run() -> None:
    """Console-script entry point."""
    from trustbridge.cli.fast import try_fast

    code = try_fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from trustbridge.cli.app import app

    app()


def __getattr__(name: str) -> Any:
    if name == "app":
        from trustbridge.cli.app import app

        return app
    raise AttributeError(name)
