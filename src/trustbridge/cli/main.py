"""Entry point of the ``trustbridge`` command.

A complete check-in and ``person show NAME`` are handled straight away without loading
Typer (see ``cli.fast``); everything else goes to the Typer app in ``cli.app``, which is
also reachable here as ``trustbridge.cli.main.app``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

#: the BLAS thread pools NumPy may start, each told to keep to one thread (see :func:`run`)
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def run() -> None:
    """Console-script entry point."""
    # One command does one small piece of work: the crisis check multiplies a few short
    # sentences at most. OpenBLAS would start a thread per core when NumPy is imported, and
    # its threads wait for work by spinning; on a busy machine starting and feeding them cost
    # more than the whole check (a third more CPU, and several times the wall time). Set
    # before anything imports NumPy; a value the person set themselves is kept.
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
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
