"""Entry point of the ``trustbridge`` command.

A plain command line (a complete check-in, a list, a page) is run by the quick dispatcher
(``cli.dispatch``) without loading Typer; whatever it leaves goes to the Typer app in
``cli.app``, which is also reachable here as ``trustbridge.cli.main.app``.

The options of every run (``--home``, ``--no-input``, ``--passphrase-file``) belong before
the command, but people write them where the command's own options go too (``trustbridge
init --passphrase-file F``), as other tools allow; :func:`globals_first` moves them to the
front, so both spellings do the same.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

#: the BLAS thread pools NumPy may start, each told to keep to one thread (see :func:`run`)
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
#: the options of every run that take a value, and the one that does not
GLOBAL_WITH_VALUE = ("--home", "--passphrase-file")
GLOBAL_FLAGS = ("--no-input",)


def globals_first(argv: Sequence[str]) -> list[str]:
    """``argv`` with the options of every run that follow the command moved before it.

    Only those exact options move (with their value), in the order written; nothing after
    ``--`` moves, and an option with no value after it stays, for Typer to explain.
    """
    front: list[str] = []
    rest: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--":
            rest += [arg, *args]
            break
        if arg in GLOBAL_FLAGS or ("=" in arg and arg.partition("=")[0] in GLOBAL_WITH_VALUE):
            front.append(arg)
        elif arg in GLOBAL_WITH_VALUE and args:
            front += [arg, args.pop(0)]
        else:
            rest.append(arg)
    return front + rest


def run() -> None:
    """Console-script entry point."""
    # One command does one small piece of work: the crisis check multiplies a few short
    # sentences at most. OpenBLAS would start a thread per core when NumPy is imported, and
    # its threads wait for work by spinning; on a busy machine starting and feeding them cost
    # more than the whole check (a third more CPU, and several times the wall time). Set
    # before anything imports NumPy; a value the person set themselves is kept.
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    from trustbridge.cli.dispatch import run_line

    argv = globals_first(sys.argv[1:])
    code = run_line(argv)
    if code is not None:
        sys.exit(code)
    from trustbridge.cli.app import app

    app(args=argv)


def __getattr__(name: str) -> Any:
    if name == "app":
        from trustbridge.cli.app import app

        return app
    raise AttributeError(name)
