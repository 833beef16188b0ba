"""Stage 8: partner check-ins, rituals, appreciation, shared goals and wins."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
