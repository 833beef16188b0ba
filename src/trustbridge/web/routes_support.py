"""The support layer: the support map and the safety plan."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
