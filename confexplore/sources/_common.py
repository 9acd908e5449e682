"""Pieces shared by the format readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import _abbreviate
from ..text import _clean_read, fix_mojibake, looks_like_mojibake, strip_markup


@dataclass
class ParseContext:
    """What a parser reads into: the records and problems of one file."""

    name: str
    venue: str | None = None
    year: int | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    #: False when no line of the file looks like mojibake: per-field checks are skipped
    mojibake_possible: bool = True
    #: a year the file's name gives, for a reader to weigh against what the file says
    year_hint: int | None = None
    #: the file's lines joined by "\n", as decoding left them (None: not at hand); a
    #: reader that reads the whole text takes it instead of joining the lines again
    text: str | None = field(default=None, repr=False)

    def problem(self, line: int | None, kind: str, message: str, *, kept: bool = True) -> None:
        """Record a problem. *kind*: 'skipped', 'incomplete', 'repaired', 'ignored', 'encoding', 'inferred'."""
        self.problems.append(
            {"source": self.name, "line": line, "kind": kind, "message": _abbreviate(message), "record_kept": kept}
        )

    def check_mojibake(self, raw: str | list[str] | None, line: int | None, what: str) -> bool:
        """Report (as 'repaired') text that the cleaning step will repair.

        *raw* is the text, or its paragraphs, exactly as they will be cleaned: the repair
        is cached per string, so cleaning the same strings does not run ftfy again.
        Returns True where every part was looked at and none looks like mojibake (the
        cleaning step need not look again).
        """
        if not self.mojibake_possible or not raw:
            return False
        parts = [raw] if isinstance(raw, str) else raw
        if not any(looks_like_mojibake(p) for p in parts):
            return True
        raw, fixed = " ".join(parts), " ".join(map(fix_mojibake, parts))
        if fixed != raw:
            if len(raw) > 160:  # show the first damaged words, not a whole abstract
                words_raw, words_fixed = raw.split(), fixed.split()
                changed = [(a, b) for a, b in zip(words_raw, words_fixed) if a != b]
                raw, fixed = " ".join(a for a, _ in changed[:5]), " ".join(b for _, b in changed[:5])
            self.problem(line, "repaired", f"mojibake repaired in {what}: {raw.strip()!r} -> {fixed.strip()!r}")
        return False

    def add(self, line: int, **fields: Any) -> dict[str, Any]:
        """Start a record at *line* and return it (fields may be filled in later)."""
        record: dict[str, Any] = {"line": line, **fields}
        self.records.append(record)
        return record


def nonblank(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based line number, stripped text) of every non-blank line."""
    # strip() and the regex ^\s*$ agree on what is whitespace
    return [(i, text) for i, text in enumerate(map(str.strip, lines), 1) if text]


def clean_paragraphs(ctx: ParseContext, paras: list[str], line: int | None, what: str = "abstract") -> str | None:
    """A field of paragraphs made of lines from ``decode``: markup undone, mojibake
    reported and repaired, whitespace cleaned, paragraphs joined by a blank line."""
    parts = [strip_markup(p) for p in paras]
    looked = ctx.check_mojibake(parts, line, what)  # (True: no part is mojibake, none is looked at again)
    cleaned = [c for c in (_clean_read(p, mojibake=not looked) for p in parts) if c]
    return "\n\n".join(cleaned) or None


def clean_as_is(text: str) -> bool:
    """Whether clean_paragraphs would return this paragraph unchanged (a stripped line, or such
    lines joined by spaces): ASCII with no tab, double space, tag or entity (no markup, mojibake
    or whitespace to fix)."""
    return text.isascii() and "  " not in text and "\t" not in text and "<" not in text and "&" not in text


PRESENTATIONS = {
    "oral": "Oral", "spotlight": "Spotlight", "poster": "Poster",
    # what listings also call them: a talk is an oral; the session reader knows these too
    "talk": "Oral", "contributed talk": "Oral", "oral presentation": "Oral",
    "spotlight presentation": "Spotlight", "spotlight poster": "Spotlight",
    "oral poster": "Oral", "poster presentation": "Poster",
}


def normalise_presentation(label: str | None) -> str | None:
    """'oral' -> 'Oral', 'Talk' -> 'Oral', 'Spotlight Presentation' -> 'Spotlight'; other
    labels are kept as written (capitalised)."""
    if not label:
        return None
    label = label.strip()
    return PRESENTATIONS.get(" ".join(label.lower().split()), label[:1].upper() + label[1:])
