"""Reading text files: clear one-line errors, BOM and line endings normalised."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from workbench.errors import ExitCode, InputError
from workbench.texts import check_aligned, read_lines, read_text

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"


def _write(tmp_path: Path, data: bytes, name: str = "input.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path | str, **kwargs: int) -> str:
    with pytest.raises(InputError) as caught:
        read_text(path, **kwargs)
    message = str(caught.value)
    # One line a user can act on, naming the file.
    assert "\n" not in message
    assert str(path) in message
    assert caught.value.exit_code is ExitCode.BAD_INPUT
    return message


# --- contents that must be refused: (bytes, words the message must contain) ---------
BAD_CONTENTS = [
    pytest.param(b"", "file is empty", id="empty"),
    pytest.param(b"   \n\t\n  \r\n", "only whitespace", id="whitespace-only"),
    pytest.param("\u00a0\u3000\n".encode(), "only whitespace", id="unicode-whitespace-only"),
    pytest.param(b"\xef\xbb\xbf\n\n", "only whitespace", id="bom-and-blank-lines"),
    pytest.param(b"GIF89a\x01\x00\x01\x00\x00\xff", "binary file (NUL byte at offset 7)", id="nul"),
    pytest.param(b"abc\x00", "NUL byte at offset 3", id="nul-at-end"),
    pytest.param(
        bytes(range(1, 32)) * 20 + b"some text", "looks like a binary file", id="control-bytes"
    ),
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x0b\x0c\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\xff\xfe\xfd",
        "looks like a binary file",
        id="binary-not-utf8",
    ),
    pytest.param(
        "Café au lait\n".encode("latin-1"),
        "not valid UTF-8 at byte offset 3 (line 1, byte 0xe9)",
        id="latin-1-line-1",
    ),
    pytest.param(
        "Haftar\nMaj. Gen. Haftar in Benghazi — 2014\n".encode("cp1252"),
        "not valid UTF-8 at byte offset 36 (line 2, byte 0x97)",
        id="cp1252-line-2",
    ),
    pytest.param(
        b"one\r\ntwo\rthree \xd8\n",
        "(line 3, byte 0xd8)",
        id="truncated-arabic-after-crlf-and-cr",
    ),
    pytest.param("Arabic text".encode("utf-16"), "UTF-16 encoded", id="utf-16"),
]


@pytest.mark.parametrize(("data", "expected"), BAD_CONTENTS)
def test_bad_contents_are_refused_with_a_clear_message(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    message = _error(_write(tmp_path, data))
    assert expected in message


@pytest.mark.parametrize(("data", "expected"), BAD_CONTENTS)
def test_read_lines_applies_the_same_checks(tmp_path: Path, data: bytes, expected: str) -> None:
    with pytest.raises(InputError, match=re.escape(expected)):
        read_lines(_write(tmp_path, data))


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "nowhere.txt")


def test_missing_file_given_as_str(tmp_path: Path) -> None:
    assert "no such file" in _error(str(tmp_path / "nowhere.txt"))


def test_empty_file_name() -> None:
    with pytest.raises(InputError, match="no file name given"):
        read_text("")


def test_parent_is_a_file(tmp_path: Path) -> None:
    parent = _write(tmp_path, b"text")
    assert "no such file" in _error(parent / "child.txt")


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in _error(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in _error(fifo)


def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"secret text")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read any file (root)")
        assert "permission denied" in _error(path)
    finally:
        path.chmod(0o644)


def test_permission_error_while_opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same path as above, reached even when the tests run as root.
    path = _write(tmp_path, b"secret text")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert "permission denied" in _error(path)


def test_too_large(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, b"word " * 100), max_bytes=100)
    assert "too large (500 bytes, limit 100)" in message


# --- contents that are read: (bytes, text) -------------------------------------------
GOOD_CONTENTS = [
    pytest.param(b"Haftar\n", "Haftar\n", id="plain"),
    pytest.param(b"\xef\xbb\xbfHaftar\n", "Haftar\n", id="bom-stripped"),
    pytest.param(b"a\r\nb\r\n", "a\nb\n", id="crlf"),
    pytest.param(b"a\rb\r", "a\nb\n", id="cr"),
    pytest.param(b"a\r\n\r\nb\rc\n", "a\n\nb\nc\n", id="mixed-endings"),
    pytest.param(b"\xef\xbb\xbfa\r\nb", "a\nb", id="bom-and-crlf-no-final-newline"),
    pytest.param("حفتر وروسيا\n".encode(), "حفتر وروسيا\n", id="arabic"),
    pytest.param(b"tab\there\x0cpage\n", "tab\there\x0cpage\n", id="tab-and-form-feed"),
    pytest.param("a\ufeffb".encode(), "a\ufeffb", id="bom-inside-kept"),
]


@pytest.mark.parametrize(("data", "text"), GOOD_CONTENTS)
def test_read_text(tmp_path: Path, data: bytes, text: str) -> None:
    assert read_text(_write(tmp_path, data)) == text


def test_read_text_of_the_article() -> None:
    text = read_text(REPO / "texts" / "haftar-russia.en.txt")
    assert text.startswith("Haftar and Russia – a mercenary-med relationship\n")
    assert "\r" not in text


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"a\nb\n", ["a", "b"]),
        (b"a\nb", ["a", "b"]),
        (b"a\n\nb\n", ["a", "", "b"]),
        (b"a\n\n", ["a", ""]),
        (b"\na\n", ["", "a"]),
        (b"  a \t\n b\n", ["  a \t", " b"]),
        (b"a\r\n\r\nb\r\n", ["a", "", "b"]),
        (b"\xef\xbb\xbfa\nb\n", ["a", "b"]),
        # U+2028 is not a line break for sacrebleu's line files either.
        ("a\u2028b\nc\n".encode(), ["a\u2028b", "c"]),
    ],
)
def test_read_lines(tmp_path: Path, data: bytes, lines: list[str]) -> None:
    assert read_lines(_write(tmp_path, data)) == lines


def test_check_aligned_returns_the_common_count() -> None:
    assert check_aligned({"src.en": ["a", "", "c"], "back.en": ["x", "y", "z"]}) == 3
    assert check_aligned({"one.en": ["a"]}) == 1
    assert check_aligned({}) == 0


def test_check_aligned_names_files_and_counts() -> None:
    with pytest.raises(InputError) as caught:
        check_aligned({"src.en": ["a", "b", "c"], "pivot.ar": ["x", "y", "z"], "back.en": ["x"]})
    message = str(caught.value)
    assert message == (
        "files are not line-aligned: src.en has 3 lines, pivot.ar has 3 lines, back.en has 1 lines"
    )


@pytest.mark.corpora
def test_flores_files_read_and_align() -> None:
    folder = CORPORA / "flores-dev" / "en-ar"
    if not folder.is_dir():
        pytest.skip(f"../shared/corpora not found at {CORPORA}")
    files = {
        name: read_lines(folder / name)
        for name in ("flores-dev.en", "flores-dev.ar", "flores-dev.nllb.ar")
    }
    assert check_aligned(files) == 997
    assert all(line.strip() for lines in files.values() for line in lines)
