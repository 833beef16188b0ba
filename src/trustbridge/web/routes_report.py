"""The report for a therapist: choose, preview, download."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
