"""The bytes of a file packaged with :mod:`trustbridge.content`, read without importing it.

The crisis check reads its prototype phrasings' bytes on every run (their checksum names
the vectors kept for them), and importing :mod:`trustbridge.content` just for that, and
making its dataclasses, took longer than a short note's check. The file is read through the
package's own loader (a folder or a zip file alike), found without running the package.
"""

from __future__ import annotations

from typing import Any


def content_bytes(name: str) -> bytes:
    """The bytes of ``name`` in the content package's folder."""
    import os
    from importlib.util import find_spec

    spec = find_spec("trustbridge.content")
    if spec is None or spec.loader is None or spec.origin is None:
        raise OSError("the content package cannot be found")
    loader: Any = spec.loader
    return bytes(loader.get_data(os.path.join(os.path.dirname(spec.origin), name)))
