"""The web server's collector settings: start-up objects frozen, full collections rarer."""

from __future__ import annotations

import gc

from trustbridge.web.app import OLD_GENERATION_EVERY, calm_garbage_collection


def test_the_server_freezes_what_exists_and_collects_the_old_generation_less_often() -> None:
    before = gc.get_threshold()
    try:
        calm_garbage_collection()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (before[0], before[1], OLD_GENERATION_EVERY)
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
