"""Balance signals: isolation, leaning on one person, needs met only with others, and the window."""

from __future__ import annotations

import datetime as dt

import pytest

from trustbridge.domain.balance import BalanceDay, balance_report

TODAY = dt.date(2026, 3, 1)


def logged(
    count: int,
    alone: int = 120,
    connected: int = 90,
    solitude: bool | None = True,
    closeness: bool | None = True,
    start: int = 0,
) -> list[BalanceDay]:
    return [
        BalanceDay(TODAY - dt.timedelta(days=start + i), alone, connected, solitude, closeness)
        for i in range(count)
    ]


def kinds(days: list[BalanceDay], support: dict[str, float] | None = None) -> list[str]:
    return [s.kind for s in balance_report(days, support or {}, TODAY).signals]


def test_a_balanced_log_raises_nothing() -> None:
    report = balance_report(logged(14), {"Sam": 3, "Ana": 3, "Lee": 2}, TODAY)
    assert report.signals == ()
    assert report.days == 14
    assert report.alone_per_day == 120 and report.connected_per_day == 90
    assert report.solitude_met_share == 1.0 and report.closeness_met_share == 1.0


def test_empty_log() -> None:
    report = balance_report([], {}, TODAY)
    assert report.days == 0 and report.signals == ()
    assert report.alone_per_day is None and report.connected_per_day is None
    assert report.solitude_met_share is None and report.closeness_met_share is None


def test_isolation_from_little_connected_time() -> None:
    assert kinds(logged(6, alone=300, connected=20)) == ["isolation"]


def test_isolation_from_closeness_mostly_unmet() -> None:
    days = (
        logged(3, closeness=False)
        + logged(2, closeness=True, start=3)
        + logged(2, closeness=None, start=5)
    )
    assert kinds(days) == ["isolation"]
    mostly_met = logged(2, closeness=False) + logged(3, closeness=True, start=2)
    assert kinds(mostly_met) == []


def test_over_reliance() -> None:
    report = balance_report(logged(10), {"Sam": 7, "Ana": 2, "Lee": 1}, TODAY)
    (signal,) = report.signals
    assert signal.kind == "over_reliance"
    assert "Sam" in signal.explanation and "70%" in signal.explanation
    assert signal.title == "Leaning on one person for most support"
    assert kinds([], {"Sam": 3, "Ana": 2}) == ["over_reliance"]  # exactly 60% of 5


def test_no_over_reliance_when_support_is_thin_or_spread() -> None:
    assert kinds([], {"Sam": 4}) == []  # under 5 in total
    assert kinds([], {"Sam": 5, "Ana": 4}) == []
    assert kinds([], {}) == []


def test_negative_support_is_refused() -> None:
    with pytest.raises(ValueError, match="Sam"):
        balance_report([], {"Sam": -1}, TODAY)


def test_needs_met_only_through_others() -> None:
    days = logged(7, alone=20, connected=240, solitude=False)
    assert kinds(days) == ["needs_through_others"]
    enough_alone = logged(7, alone=100, connected=240, solitude=False)
    assert kinds(enough_alone) == []


def test_no_day_signals_with_too_few_days() -> None:
    assert kinds(logged(4, alone=300, connected=0, closeness=False)) == []
    assert kinds(logged(4, alone=10, connected=300, solitude=False)) == []


def test_window_is_respected() -> None:
    old = logged(10, alone=300, connected=0, closeness=False, start=21)
    report = balance_report(old + logged(2), {}, TODAY)
    assert report.days == 2 and report.signals == ()
    future = logged(6, alone=300, connected=0, start=-10)
    assert balance_report(future, {}, TODAY).days == 0
    edge = logged(1, start=20) + logged(1, start=21)
    assert balance_report(edge, {}, TODAY).days == 1
    assert balance_report(edge, {}, TODAY, weeks=4).days == 2
    assert kinds(old) == []
    assert [s.kind for s in balance_report(old, {}, TODAY, weeks=5).signals] == ["isolation"]


def test_same_day_entries_are_added_up() -> None:
    morning = BalanceDay(TODAY, 30, 10, None, False)
    evening = BalanceDay(TODAY, 60, 20, True, None)
    report = balance_report([morning, evening], {}, TODAY)
    assert report.days == 1
    assert report.alone_per_day == 90 and report.connected_per_day == 30
    assert report.solitude_met_share == 1.0 and report.closeness_met_share == 0.0


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        balance_report([], {}, TODAY, weeks=0)
    with pytest.raises(ValueError):
        balance_report([BalanceDay(TODAY, -5, 0, None, None)], {}, TODAY)


def test_wording_is_kind_and_never_a_diagnosis() -> None:
    days = logged(7, alone=5, connected=20, solitude=False, closeness=False)
    report = balance_report(days, {"Sam": 9, "Ana": 1}, TODAY)
    assert [s.kind for s in report.signals] == [
        "isolation",
        "over_reliance",
        "needs_through_others",
    ]
    for signal in report.signals:
        text = (signal.title + " " + signal.explanation).lower()
        assert "codependen" not in text and "disorder" not in text and "diagnos" not in text
        assert signal.title and len(signal.explanation.split(". ")) >= 2
