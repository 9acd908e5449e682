"""The accepted-papers list (ICLR 2019 style).

::

    [Title with \\(escapes\\)](#)        <- or a plain title line
    - Author One, *Author Two*, and Author Three
    - abstract@[open-review\\(Oral\\)](#): First paragraph of the abstract …

    Further paragraphs of the same abstract …

A plain title line is recognised by what follows it: the author line.
"""

from __future__ import annotations

import re
from typing import Any

from ..text import clean_title, extract_urls, split_authors
from ._common import ParseContext, clean_paragraphs, nonblank, normalise_presentation

__all__ = ["detect", "parse", "FIELDS"]

FIELDS = ("title", "authors", "abstract", "presentation", "url", "code_urls")

_ITEM = re.compile(r"^[-*+]\s+(?P<rest>.*)$")
_ABSTRACT = re.compile(
    r"^[-*+]\s+abstract\s*@\s*(?:\[(?P<label>(?:\\.|[^\]])*)\]\((?P<link>[^)]*)\))?\s*:?\s*(?P<text>.*)$",
    re.IGNORECASE,
)
_KIND = re.compile(r"\\?\(\s*([A-Za-z][A-Za-z ]*?)\s*\\?\)")
_TITLE_LINK = re.compile(r"^\[(?P<title>.+)\]\((?P<link>[^)\s]*)\)\s*$")
_HEADING = re.compile(r"^#{1,6}\s")


def detect(lines: list[str]) -> float:
    """Confidence that *lines* are an accepted-papers list."""
    n_abstract = sum(1 for line in lines if _ABSTRACT.match(line.strip()))
    if n_abstract == 0:
        return 0.0
    n_items = sum(1 for line in lines if _ITEM.match(line.strip()))
    # every record has an author item and an abstract item
    return 0.6 + 0.4 * min(1.0, 2 * n_abstract / max(n_items, 1))


def _names_like(text: str) -> bool:
    """Could a bullet be an author line ("Carol White, Dan Brown") rather than a point of a list?"""
    text = text.strip().strip("*_")
    return text[:1].isupper() and ":" not in text and not text.endswith((".", ";", ","))


_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]|[-*+•])\s")


def _looks_like_title(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 40 and len(text) <= 300 and not (text.endswith(".") and len(words) > 20)


def parse(lines: list[str], ctx: ParseContext) -> None:
    """Read the records of an accepted-papers list into *ctx*."""
    items = nonblank(lines)
    kinds = []
    for _, text in items:
        if _ABSTRACT.match(text):
            kinds.append("abstract")
        elif _ITEM.match(text):
            kinds.append("authors")
        elif _TITLE_LINK.match(text):
            kinds.append("title")
        else:
            kinds.append("text")
    in_list = False
    for k in range(len(items)):
        nxt = kinds[k + 1] if k + 1 < len(kinds) else None
        prev = kinds[k - 1] if k else None
        if kinds[k] == "authors" and prev in ("abstract", "text") and nxt != "abstract" and (
                in_list or nxt == "authors") and not _names_like(_ITEM.match(items[k][1]).group("rest")):  # type: ignore[union-attr]
            # a bullet list inside an abstract (an author line is followed by the abstract)
            kinds[k] = "text"
            in_list = True
            continue
        in_list = False
        if kinds[k] == "title" and nxt not in ("authors", "abstract", None) and _TITLE_LINK.match(
                items[k][1]).group("link").strip() not in ("", "#"):  # type: ignore[union-attr]
            kinds[k] = "text"  # a link of its own inside an abstract ("[Code](https://…)"), not a paper
        elif kinds[k] == "text" and prev == "authors" and items[k - 1][1].endswith(","):
            kinds[k] = "more-authors"  # an author line wrapped onto the next line
    # a plain text line is a title when the author line (or, failing that, the
    # abstract line) comes right after it
    for k in range(len(items)):
        if kinds[k] == "text" and k + 1 < len(kinds):
            nxt = kinds[k + 1]
            if nxt == "authors" or (nxt == "abstract" and _looks_like_title(items[k][1])):
                kinds[k] = "plain-title"

    record: dict[str, Any] | None = None
    paras: list[str] = []
    last_text = -1  # the line of the abstract text read last
    for (number, text), kind in zip(items, kinds):
        if kind in ("title", "plain-title"):
            _finish(record, paras, ctx)
            paras = []
            record = ctx.add(number)
            if kind == "title":
                m = _TITLE_LINK.match(text)
                assert m is not None
                record["_title"] = m.group("title")
                link = m.group("link").strip()
                if link and link != "#":
                    record["url"] = link
            else:  # a plain title, or a heading ("### Title", "## [Title](#)")
                heading = _HEADING.match(text)
                title = text[heading.end():].strip().rstrip("#").rstrip() if heading else text
                m = _TITLE_LINK.match(title) if heading else None
                if m:
                    title = m.group("title")
                    link = m.group("link").strip()
                    if link and link != "#":
                        record["url"] = link
                record["_title"] = title
        elif kind == "authors":
            if record is None or "_authors" in record or "_abstract_line" in record:
                _finish(record, paras, ctx)
                paras = []
                record = ctx.add(number)
            record["_authors"] = _ITEM.match(text).group("rest")  # type: ignore[union-attr]
            record["_authors_line"] = number
        elif kind == "more-authors":
            record["_authors"] += " " + text  # type: ignore[index]
        elif kind == "abstract":
            if record is None or "_abstract_line" in record:
                _finish(record, paras, ctx)
                paras = []
                record = ctx.add(number)
            m = _ABSTRACT.match(text)
            assert m is not None
            record["_abstract_line"] = number
            label = m.group("label") or ""
            k = _KIND.search(label)
            record["presentation"] = normalise_presentation(k.group(1)) if k else None
            link = (m.group("link") or "").strip()
            if link and link != "#" and "url" not in record:
                record["url"] = link
            paras = [m.group("text")]
        else:  # text: a further paragraph of the abstract
            if record is None:
                if not _HEADING.match(text):
                    ctx.problem(number, "ignored", f"text before the first paper was not read: {text[:80]!r}")
                continue
            if "_abstract_line" not in record:
                ctx.problem(number, "repaired", "text with no 'abstract@' marker before it was read as the abstract")
                record["_abstract_line"] = number
            if paras and number == last_text + 1 and not _LIST_MARK.match(text):
                paras[-1] += " " + text  # a hard-wrapped paragraph: lines with no blank line between
            else:
                paras.append(text)
        last_text = number
    _finish(record, paras, ctx)


def _finish(record: dict[str, Any] | None, paras: list[str], ctx: ParseContext) -> None:
    if record is None:
        return
    line = record["line"]
    raw_title = record.pop("_title", None)
    raw_authors = record.pop("_authors", None)
    authors_line = record.pop("_authors_line", line)
    has_abstract = record.pop("_abstract_line", None) is not None
    ctx.check_mojibake(raw_title, line, "title")
    ctx.check_mojibake(raw_authors, authors_line, "authors")
    record["title"] = clean_title(raw_title)
    record["authors"] = split_authors(raw_authors)
    abstract = clean_paragraphs(ctx, paras, line) if has_abstract else None
    record["abstract"] = abstract
    record["code_urls"] = extract_urls(abstract)
    record.setdefault("presentation", None)
    record.setdefault("url", None)
    missing = [f for f in ("title", "authors", "abstract") if not record[f]]
    if missing:
        ctx.problem(line, "incomplete", f"record without {' and '.join(missing)}")
