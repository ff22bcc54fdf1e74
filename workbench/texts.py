"""Reading the user's text files safely.

Every problem a user can fix (a missing file, a directory, no permission, an
empty or binary file, bytes that are not UTF-8, line-aligned files of different
lengths) becomes an ``InputError`` with one line that names the file and says
what is wrong, so the CLI can print it instead of a traceback.

Texts come back with a UTF-8 byte order mark removed and every line ending
(``\\r\\n``, ``\\r``) turned into ``\\n``, so that character offsets computed on
them (see ``workbench.segment``) do not depend on the platform the file came from.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from workbench.errors import InputError

__all__ = ["MAX_BYTES", "check_aligned", "read_lines", "read_text"]

# A text under review is a few pages; a file far larger than any test set is
# almost certainly the wrong file (a model, an archive), and reading it would
# only delay the error.
MAX_BYTES = 64 * 1024 * 1024

# How much of the start of a file the "mostly non-text" check looks at.
_SNIFF_CHARS = 8192
# Share of control characters above which a file is taken for binary. Real text
# has none besides tabs and line breaks, so a tenth is already far out.
_MAX_CONTROL_SHARE = 0.10
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Return the contents of the UTF-8 text file ``path``.

    The BOM is stripped and line endings are normalised to ``\\n``. Raises
    ``InputError`` when the file is missing, a directory or other non-file,
    unreadable, larger than ``max_bytes``, empty or whitespace-only, binary, or
    not valid UTF-8 (the message gives the byte offset and line of the first
    bad byte).
    """
    name = str(path)
    if not name.strip():
        raise InputError("no file name given")
    data = _read_bytes(Path(path), name, max_bytes)
    text = _decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: file contains only whitespace")
    return text


def read_lines(path: str | Path, *, max_bytes: int = MAX_BYTES) -> list[str]:
    """Return the lines of a line-aligned text file (one segment per line).

    The same checks as ``read_text`` apply. Only the line break is removed from
    each line: empty lines stay as ``""`` and other whitespace is kept, because
    line ``n`` of one file must stay paired with line ``n`` of the others.
    """
    text = read_text(path, max_bytes=max_bytes)
    lines = text.split("\n")
    if text.endswith("\n"):
        # The final newline terminates the last line; it does not start a new one.
        lines.pop()
    return lines


def check_aligned(name_to_lines: Mapping[str, Sequence[str]]) -> int:
    """Check that line-aligned files have the same number of lines.

    Returns that number (0 for an empty mapping); raises ``InputError`` naming
    every file and its line count when they differ.
    """
    counts = {name: len(lines) for name, lines in name_to_lines.items()}
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{name} has {count} lines" for name, count in counts.items())
        raise InputError(f"files are not line-aligned: {listed}")
    return next(iter(counts.values()), 0)


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except NotADirectoryError:
        raise InputError(f"{name}: no such file (a parent is not a directory)") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a directory, not a text file")
    if not stat.S_ISREG(info.st_mode):
        # Reading a FIFO or a device could block forever or never end.
        raise InputError(f"{name}: not a regular file")
    if info.st_size > max_bytes:
        raise InputError(f"{name}: file is too large ({info.st_size:,} bytes, limit {max_bytes:,})")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    if len(data) > max_bytes:
        raise InputError(f"{name}: file is too large (limit {max_bytes:,} bytes)")
    if not data:
        raise InputError(f"{name}: file is empty")
    return data


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: file is UTF-16 encoded; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{name}: looks like a binary file (NUL byte at offset {nul})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if _mostly_control(data[:_SNIFF_CHARS].decode("utf-8", errors="replace")):
            raise InputError(f"{name}: looks like a binary file, not text") from None
        before = data[: err.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        raise InputError(
            f"{name}: not valid UTF-8 at byte offset {err.start} "
            f"(line {line}, byte 0x{data[err.start]:02x}); save the file as UTF-8"
        ) from None
    if _mostly_control(text[:_SNIFF_CHARS]):
        raise InputError(f"{name}: looks like a binary file, not text")
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mostly_control(sample: str) -> bool:
    if not sample:
        return False
    controls = sum(
        1
        for char in sample
        if (char < " " or "\x7f" <= char <= "\x9f") and char not in _TEXT_CONTROLS
    )
    return controls / len(sample) > _MAX_CONTROL_SHARE
