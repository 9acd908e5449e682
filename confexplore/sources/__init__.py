"""Readers for the catalog file formats: one module per format.

Each format module has ``detect(lines) -> float`` (how sure it is, 0 to 1)
and ``parse(lines, ctx) -> None`` which appends records and problems to the
:class:`ParseContext`. :func:`decode` turns bytes into lines and
:func:`detect_format` picks the format of a file it has never seen.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..errors import ParseError
from . import accepted_list, paper_list, session_page, tldr_list
from ._common import ParseContext

__all__ = [
    "FORMATS",
    "RECORD_FIELDS",
    "ParseContext",
    "decode",
    "detect_format",
    "parse_lines",
]

#: format name -> module; the names appear in manifests, ``Source(format=…)``
#: and ``Catalog.sources``.
FORMATS = {
    "accepted-list": accepted_list,
    "tldr-list": tldr_list,
    "paper-list": paper_list,
    "session-page": session_page,
}

#: Every field a record may carry, in column order.
RECORD_FIELDS = (
    "title",
    "authors",
    "abstract",
    "tldr",
    "venue",
    "year",
    "presentation",
    "session",
    "moderators",
    "start",
    "end",
    "timezone",
    "url",
    "code_urls",
    "number",
)

_MIN_CONFIDENCE = 0.5


def _cp1252_error(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8, read as Windows-1252 (bytes it
    leaves undefined are dropped)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="ignore"), exc.end


codecs.register_error("confexplore.cp1252", _cp1252_error)
# The ASCII characters text.remove_control_chars takes out (C0 controls but tab,
# LF and CR, and DEL): an ASCII line without these bytes has no control character,
# so only the other lines need looking at.
_ASCII_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _line_at(data: bytes, pos: int) -> int:
    """The 1-based line of byte *pos*, counting LF, CRLF and CR line ends (as decode splits)."""
    head = data[:pos]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode(data: bytes, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Decode a file's bytes into lines; raise :class:`ParseError` if it is not text.

    UTF-8 (with or without BOM), UTF-16 (with a BOM, or recognised by its NUL
    bytes) and UTF-32 (with a BOM) are read as such; bytes that are not valid UTF-8 are read as
    Windows-1252 and reported, the rest of their line staying UTF-8. CRLF and CR
    line endings are accepted. Control characters (and a few stray NUL bytes) are
    removed and reported; a file cut inside a character loses that character.
    """
    lines, problems, _, _ = _decode(data, name)
    return lines, problems


# Files people pick by mistake, by their first bytes: what they are and what to do instead
_NOT_TEXT = (
    (b"\x1f\x8b", "is gzip-compressed data; decompress it first (gunzip) and read the text file"),
    (b"PK\x03\x04", "is a ZIP archive (or an Office document); extract the text file, or save the document as plain text"),
    (b"%PDF-", "is a PDF; save its text first (e.g. `pdftotext file.pdf`) and read that"),
    (b"BZh", "is bzip2-compressed data; decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "is xz-compressed data; decompress it first (unxz)"),
    (b"\x28\xb5\x2f\xfd", "is zstd-compressed data; decompress it first (unzstd)"),
    (b"\x89PNG", "is a PNG image, not a text file"),
    (b"\xff\xd8\xff", "is a JPEG image, not a text file"),
)


# control bytes that text files do not hold (tab, LF, VT, FF, CR and ESC aside)
_BINARY_BYTES = bytes(range(1, 9)) + bytes(range(14, 27)) + bytes(range(28, 32))


def _text_once_zeros_go(data: bytes) -> bool:
    """Is *data* text apart from its NUL bytes: other control bytes rare, and UTF-8 (or
    nearly)? Binary files (images, archives, databases) hold many of both."""
    rest = data.replace(b"\x00", b"")
    if not rest.strip():
        return False
    if len(rest) - len(rest.translate(None, _BINARY_BYTES)) > len(rest) // 1000:
        return False
    return rest.decode("utf-8", "replace").count("\ufffd") <= len(rest) // 1000


def _decode(data: bytes, name: str) -> tuple[list[str], list[dict[str, Any]], list[int], str | None]:
    """:func:`decode`, also giving the indexes of the lines that are not ASCII, and the
    lines joined by "\\n" where decoding has it at hand (None where it changed a line)."""
    for magic, what in _NOT_TEXT:
        if data.startswith(magic) and (magic != b"BZh" or data[3:4].isdigit()):
            raise ParseError(name, what)
    problems: list[dict[str, Any]] = []

    def note(line: int | None, kind: str, message: str) -> None:
        problems.append({"source": name, "line": line, "kind": kind, "message": message, "record_kept": True})

    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32's byte-order mark
        try:
            data = b"\xef\xbb\xbf" + data.decode("utf-32").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(name, f"starts with a UTF-32 byte-order mark but is not UTF-32 ({exc.reason})") from None
    nuls = data.count(b"\x00") if b"\x00" in data else 0  # (`in` is memchr: 10x faster than count)
    if nuls and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        odd = data[1::2].count(b"\x00")
        if nuls >= len(data) // 4 and max(odd, nuls - odd) >= 0.95 * nuls:
            # text in UTF-16 without a byte-order mark: every other byte of ASCII letters is NUL
            codec = "utf-16-le" if odd > nuls - odd else "utf-16-be"
            try:
                data = data.decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                note(1, "encoding", f"read as {codec.upper()} (the file has no byte-order mark); save it as UTF-8")
                nuls = 0
        if nuls and nuls <= min(20, len(data) // 200 + 1):
            # a few stray NUL bytes in a text file: removed like other control characters
            line = _line_at(data, data.find(b"\x00"))
            data = data.replace(b"\x00", b"")
            note(line, "repaired", f"removed {nuls} NUL byte(s), the first on line {line}")
        elif nuls and _text_once_zeros_go(data):
            text_end = data.rstrip(b"\x00")
            if b"\x00" not in text_end and text_end.endswith((b"\n", b"\r")):
                # zeros after the text's last line break only: padding (a copy to a block
                # device, a preallocated file); zeros after a cut line are damage (below)
                line = _line_at(data, len(text_end))
                data = text_end
                note(line, "repaired", f"removed {nuls} NUL bytes after the end of the text (zero padding), "
                     f"on line {line}")
            else:
                # runs of zero bytes in the text: blocks a crash or a failed copy filled with
                # zeros. What they overwrote is lost; the text around them is read
                first, last = _line_at(data, data.find(b"\x00")), _line_at(data, data.rfind(b"\x00"))
                runs = len(re.findall(rb"\x00+", data))
                data = data.replace(b"\x00", b"")
                where = f"line {first}" if first == last else f"lines {first}-{last}"
                note(first, "incomplete", f"removed {nuls} NUL bytes in {runs} run(s) on {where}: that part of the "
                     "file is damaged (filled with zeros), and records there may be cut or merged")
    # the lines (0-based) holding an ASCII control character, found in the bytes (one C
    # pass, far faster than str.isprintable() on every line); None: unknown (UTF-16)
    control_lines: set[int] | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError(name, f"starts with a UTF-16 byte-order mark but is not UTF-16 ({exc.reason})") from None
    else:
        nul = data.find(b"\x00")
        if nul >= 0 and not data.strip(b"\x00"):
            raise ParseError(name, "holds nothing but zero (NUL) bytes: none of its text is left", line=1)
        if nul >= 0:
            line = _line_at(data, nul)
            raise ParseError(
                name,
                "is not a text file (it contains NUL bytes); give a UTF-8 text file in one of the "
                f"formats {', '.join(FORMATS)}",
                line=line,
            )
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\r" in data:  # CR and LF are never part of a UTF-8 (or cp1252) character
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        control_lines = _control_lines(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.end == len(data):
                # the file was cut inside a character: drop its first bytes, say so
                data = data[: exc.start]
                note(data.count(b"\n") + 1, "repaired", "the file ends inside a UTF-8 character (a cut file?): "
                     "its first byte(s) were left out")
            parts = []
            bad_lines = []
            for i, raw in enumerate(data.split(b"\n"), start=1):
                try:
                    parts.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    # only the bytes that are not UTF-8 are read as Windows-1252: the
                    # line's valid UTF-8 letters stay as they are
                    parts.append(raw.decode("utf-8", "confexplore.cp1252"))
                    bad_lines.append(i)
            text = "\n".join(parts)
            if bad_lines:
                shown = ", ".join(map(str, bad_lines[:10])) + (" …" if len(bad_lines) > 10 else "")
                note(bad_lines[0], "encoding",
                     f"{len(bad_lines)} line(s) hold bytes that are not UTF-8, read as Windows-1252: {shown}")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    # control characters: remove, and say where (isprintable() is a fast C test, and
    # every character remove_control_chars takes out is non-printable; str.isascii()
    # costs nothing)
    from ..text import remove_control_chars

    removed = 0
    first = None
    nonascii = [i for i, line in enumerate(lines) if not line.isascii()]
    whole: str | None = text  # the lines joined, while no line is changed
    for i in nonascii:
        if not unicodedata.is_normalized("NFC", lines[i]):
            whole = None
            # accents written as a letter and a combining mark (files from macOS, text copied
            # from a PDF) become the composed letters: the same text, found by what people type
            lines[i] = unicodedata.normalize("NFC", lines[i])
    if control_lines is None:  # UTF-16: every line is looked at
        suspects: Iterable[int] = range(len(lines))
    elif control_lines:
        suspects = sorted(i for i in control_lines.union(nonascii) if i < len(lines))
    else:
        suspects = nonascii
    for i in suspects:
        line = lines[i]
        if line.isprintable():
            continue
        cleaned, n = remove_control_chars(line)
        if n:
            lines[i] = cleaned
            whole = None
            removed += n
            first = first or i + 1
    if removed:
        if removed > max(20, len(text) // 10):
            raise ParseError(name, "is not a text file (too many control characters)", line=first)
        note(first, "repaired", f"removed {removed} control character(s), the first on line {first}")
    # (after removing control characters: a file of nothing else is empty too)
    if not text or text.isspace() or (removed and not any(line.strip() for line in lines)):
        raise ParseError(name, "is empty: there are no paper records to read")
    return lines, problems, nonascii, whole


# every ASCII control byte that text.remove_control_chars takes out becomes NUL (a file
# reaching _control_lines holds no NUL byte of its own any more), the other bytes stay
_CONTROL_TO_NUL = bytes(0 if bytes([b]) in _ASCII_CONTROL_BYTES else b for b in range(256))


def _control_lines(data: bytes) -> set[int]:
    """The lines (0-based, split at LF) of *data* that hold an ASCII control byte.

    One ``bytes.translate`` and a ``find`` per such line: far faster than testing
    every decoded line with ``str.isprintable()``.
    """
    marked = data.translate(_CONTROL_TO_NUL)
    out: set[int] = set()
    line, counted = 0, 0
    pos = marked.find(b"\x00")
    while pos >= 0:
        line += data.count(b"\n", counted, pos)
        out.add(line)
        counted = data.find(b"\n", pos)
        if counted < 0:
            break
        pos = marked.find(b"\x00", counted)
    return out


def detect_format(lines: list[str], name: str) -> str:
    """Name the format of *lines*, or raise :class:`ParseError` saying what is supported."""
    # the marked-up formats are cheap to recognise; the tl;dr list (plain lines)
    # is only tried when none of them is sure
    # the beginning of a file tells its format; reading all of a large one is slow
    head = lines[:600]
    scores: dict[str, float] = {}
    for fmt, module in FORMATS.items():
        if fmt == "tldr-list":
            continue
        scores[fmt] = module.detect(head)
        if scores[fmt] >= 1.0:  # sure (no detector says more): the formats after it cannot win
            break
    if max(scores.values()) < 0.9:
        scores["tldr-list"] = FORMATS["tldr-list"].detect(head)
    best = max(scores, key=scores.__getitem__)
    if scores[best] < _MIN_CONFIDENCE:
        first = next((i for i, line in enumerate(lines, 1) if line.strip()), None)
        opening = lines[first - 1].lstrip().lower() if first else ""
        if opening.startswith(("<!doctype html", "<html", "<?xml")) or (opening.startswith("<") and "<body" in "\n".join(head).lower()):
            raise ParseError(
                name,
                "is an HTML/XML page, not the text of one; open it in a browser, select the listing, copy it "
                "into a .txt file and read that (supported formats: " + ", ".join(f"{fmt!r}" for fmt in FORMATS) + ")",
                line=first,
            )
        event = FORMATS["session-page"].day_schedule(head)
        if event is not None:
            raise ParseError(name, FORMATS["session-page"].DAY_SCHEDULE, line=event)
        raise ParseError(
            name,
            "format not recognised; supported formats are "
            + ", ".join(f"{fmt!r}" for fmt in FORMATS)
            + " (see DESIGN.md); pass Source(path, format=...) if you know it",
            line=first,
        )
    return best


def parse_lines(lines: list[str], fmt: str, ctx: ParseContext) -> None:
    """Parse *lines* as format *fmt* into *ctx*.

    *lines* are those :func:`decode` returns: the parsers rely on its removal of
    control characters (all but the tab).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(map(repr, FORMATS))}; got {fmt!r}")
    FORMATS[fmt].parse(lines, ctx)
