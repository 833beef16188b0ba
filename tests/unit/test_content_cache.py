"""The parsed copy of a content file kept in the cache folder: used only for the same bytes,
and never needed: a missing, damaged or unwritable copy means the file is parsed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustbridge import content


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(folder))
    return folder


def test_a_parsed_copy_is_kept_and_read_back(cache: Path) -> None:
    first = content._read_yaml("program.yaml")
    [kept] = (cache / "content").iterdir()
    assert kept.name.startswith("program.yaml.") and kept.suffix == ".marshal"
    assert content._read_yaml("program.yaml") == first
    assert content._parse_program(first) == content.load_program()


def test_a_damaged_copy_is_parsed_again(cache: Path) -> None:
    expected = content._read_yaml("crisis.yaml")
    [kept] = (cache / "content").iterdir()
    kept.write_bytes(b"\x00not marshal")
    assert content._read_yaml("crisis.yaml") == expected


def test_other_bytes_have_another_copy(cache: Path) -> None:
    one = content._kept_path("program.yaml", b"a: 1\n")
    other = content._kept_path("program.yaml", b"a: 2\n")
    assert one != other and one.parent == other.parent == cache / "content"


def test_an_unwritable_cache_folder_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(blocked))
    assert content._read_yaml("program.yaml")["stages"]


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/someone"},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": "/var/tmp/cache"},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": "relative/is/ignored"},
        {"HOME": "/home/someone/", "XDG_CACHE_HOME": ""},
    ],
)
def test_the_cache_folder_is_the_one_platformdirs_names(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    for name in ("HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert content.cache_folder() == platformdirs.user_cache_dir("trustbridge", False)
