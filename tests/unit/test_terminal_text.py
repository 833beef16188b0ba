"""The printing functions make control codes visible before anything reaches the terminal."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from trustbridge.cli import output
from trustbridge.domain.fields import Field

ESC = "\x1b"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),  # CSI: colours, cursor moves, clearing
        ("\x1b]0;title\x07", "␛]0;title␇"),  # OSC ending in BEL: window title, clipboard
        ("\x1b]8;;http://x\x1b\\a\x1b]8;;\x1b\\", "␛]8;;http://x␛\\a␛]8;;␛\\"),  # OSC ... ST
        ("lone \x1b", "lone ␛"),
        ("back\bspace del\x7f", "back␈space del␡"),
        ("over\rwrite", "over␍write"),
        ("c1 \x9b2J \x85 \x9d", "c1 \ufffd2J \ufffd \ufffd"),
        ("\u202eevil\u202c \u2066x\u2069", "\ufffdevil\ufffd \ufffdx\ufffd"),
        ("line\nnext\ttab", "line\nnext\ttab"),  # layout a person chose stays
        ("windows\r\nline", "windows\nline"),
        ("Zoë, 日本, emoji 🌱, arabic مرحبا", "Zoë, 日本, emoji 🌱, arabic مرحبا"),
    ],
)
def test_visible(written: str, shown: str) -> None:
    assert output.visible(written) == shown


def test_say_and_show_fields_print_nothing_a_terminal_would_act_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    output.say("\x1b[2Jhello\x9b")
    output.say("err \x1b]0;x\x07", err=True)
    fields = (Field("title", "Title"), Field("body", "Body", "longtext"))
    output.show_fields(SimpleNamespace(title="t\x1b[1m", body="a\x1b[5m\nb\u202e"), fields)
    captured = capsys.readouterr()
    assert ESC not in captured.out + captured.err
    assert "\x9b" not in captured.out and "\u202e" not in captured.out
    assert "␛[2Jhello" in captured.out and "    a␛[5m" in captured.out


def test_table_cells_and_title_are_made_visible(capsys: pytest.CaptureFixture[str]) -> None:
    output.table(["Title"], [("\x1b[31mred\x9b",)], title="\x1b]0;t\x07")
    out = capsys.readouterr().out
    assert ESC not in out and "\x9b" not in out and "\x07" not in out
    assert "␛[31mred" in out


def test_json_keeps_the_text_but_escapes_every_control(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "a\x1b[1mb \x9b c \x7f d \u202e e \u2028 f"
    output.print_json([{"title": text}])
    output.print_data({"note": text})
    out = capsys.readouterr().out
    for raw in (ESC, "\x9b", "\x7f", "\u202e"):
        assert raw not in out
    first, second = out.split("\n]\n")
    assert json.loads(first + "\n]") == [{"title": text}]
    assert json.loads(second) == {"note": text}
