"""The user's cache folder for Trustbridge: where parsed content, compiled patterns and the
crisis check's prepared models are kept (only the app's own, never anything a person wrote).

A module of its own, so the crisis check and the compiled patterns can find the folder
without importing :mod:`trustbridge.content` and making its dataclasses, which takes longer
than a short check; :mod:`trustbridge.content` offers the same names.
"""

from __future__ import annotations

#: where the parsed copies of the content files are kept, when not the user's cache folder
CACHE_ENV = "TRUSTBRIDGE_CACHE_DIR"


def cache_folder() -> str:
    """The user's cache folder for Trustbridge, as ``platformdirs`` names it.

    On Linux that is plain XDG (``$XDG_CACHE_HOME``, else ``~/.cache``), worked out here:
    importing ``platformdirs`` takes about 5 ms, longer than reading the parsed copy it is
    looked up for. Elsewhere (Android included), or when the home folder is not an absolute
    path (``platformdirs`` then asks the password database), ``platformdirs`` is asked.
    """
    import os
    import sys

    android = hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ
    if sys.platform.startswith("linux") and not android:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        home = os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "trustbridge")
        if os.path.isabs(home):
            return os.path.join(os.path.expanduser("~/.cache"), "trustbridge")
    import platformdirs

    return platformdirs.user_cache_dir("trustbridge", False)


def kept_folder() -> str:
    """Where the app keeps its prepared copies: ``TRUSTBRIDGE_CACHE_DIR`` when set, else
    :func:`cache_folder`."""
    import os

    return os.environ.get(CACHE_ENV) or cache_folder()
