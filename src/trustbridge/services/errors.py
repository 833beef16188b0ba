"""The errors services raise, in a module light enough for the command line's quick reads."""

from __future__ import annotations


class NotFound(LookupError):
    """The record asked for does not exist (or was deleted)."""


class NoSuchPerson(NotFound):
    """No one in the circle by the name or number given (the message may suggest names)."""
