"""Nothing lost: kill a process saving entries at random moments, hundreds of times, and find
every save it confirmed, whole, in a store that passes ``integrity_check``."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import NOW
from trustbridge.services import entries
from trustbridge.store import crashtrial
from trustbridge.store.crashtrial import Heard, Ledger, Report
from trustbridge.store.db import open_store

TRIALS = 200


#: on a busy machine a child can still be opening its store when its delay is over, so a
#: batch whose kills all landed too early to test anything is run again with longer delays
BATCHES = 4


def test_no_confirmed_save_is_lost_when_the_process_is_killed(tmp_path: Path) -> None:
    max_delay = 0.08
    for batch in range(BATCHES):
        folder = tmp_path / f"batch-{batch}"
        report = crashtrial.run_trials(TRIALS, folder, seed=20260314 + batch, max_delay=max_delay)

        assert report.ok, report.lines() + report.problems
        assert report.trials == report.killed == TRIALS
        assert report.lost == report.damaged == report.resurrected == report.unexpected == 0
        if report.killed_mid_save > 0 and report.confirmed > 0 and report.swept > 0:
            return
        max_delay *= 2
    raise AssertionError(f"no batch killed a child in the middle of a save: {report.lines()}")


def _ledger(tmp_path: Path) -> tuple[Ledger, int]:
    """A store holding one entry written exactly as trial 0, save 0 of a child would."""
    ledger = Ledger(tmp_path, "t0k3n")
    store = open_store(crashtrial._settings(tmp_path))
    body = crashtrial.body_for(ledger.token, 0, 0)
    entry_id = int(entries.add(store, "journal", {"body": body}, NOW).record.id)
    store.close()
    return ledger, entry_id


def test_the_checker_notices_a_lost_save(tmp_path: Path) -> None:
    ledger, entry_id = _ledger(tmp_path)
    report = Report()
    heard = Heard(opened=True, saved={entry_id: 0, entry_id + 1: 1}, ending="killed")

    crashtrial.check_trial(ledger, 0, heard, report)

    assert report.lost == 1 and not report.ok


def test_the_checker_notices_a_deletion_undone_and_a_row_nobody_saved(tmp_path: Path) -> None:
    ledger, entry_id = _ledger(tmp_path)
    report = Report()
    crashtrial.check_trial(ledger, 0, Heard(saved={entry_id: 0}, deleted={entry_id}), report)
    assert report.resurrected == 1

    stranger = Report()
    crashtrial.check_trial(Ledger(tmp_path, "t0k3n"), 0, Heard(ending="killed"), stranger)
    assert stranger.unexpected == 1


def test_the_checker_accepts_the_save_in_flight_if_it_committed_whole(tmp_path: Path) -> None:
    ledger, entry_id = _ledger(tmp_path)
    report = Report()
    crashtrial.check_trial(ledger, 0, Heard(opened=True, in_flight=0, ending="killed"), report)
    assert report.ok and report.in_flight_committed == 1 and report.killed_mid_save == 1
    assert ledger.expected == {entry_id: crashtrial.body_for("t0k3n", 0, 0)}
