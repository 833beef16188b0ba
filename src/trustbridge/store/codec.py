"""The single seam every piece of person-written text passes through on its way to and from disk.

Today it stores text as written. Encryption at rest (a later change) replaces these two
functions, and because the ORM column type and the fast check-in path both call them,
no field can be missed.
"""

from __future__ import annotations


def seal(text: str | None) -> str | None:
    """Turn text into what is written to the database."""
    return text


def unseal(stored: str | None) -> str | None:
    """Turn what the database holds back into the text the person wrote."""
    return stored
