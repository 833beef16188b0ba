"""Trustbridge: a private companion for rebuilding trust, in yourself and in others."""

__version__ = "0.1.0"
