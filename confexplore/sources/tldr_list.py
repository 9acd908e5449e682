"""The tl;dr list (ICLR 2021 style): no titles, no blank lines.

::

    Author One, Author Two, Author Three
    tl;dr: One sentence.                      <- optional
    The abstract, on one line.

Lines are classified as author lines (comma-separated names), tl;dr lines and
prose; a record is ``authors [tl;dr] abstract``.
"""

from __future__ import annotations

import re
from typing import Any

from ..text import _AFFILIATION_MARK, _LEADING_MARK, NAME_PARTICLES, extract_urls, split_authors, strip_et_al
from ._common import ParseContext, clean_as_is, clean_paragraphs, nonblank

__all__ = ["detect", "parse", "FIELDS", "looks_like_author_line"]

FIELDS = ("authors", "tldr", "abstract", "code_urls")

_TLDR = re.compile(r"^tl\s*;?\s*dr\s*[:.\-–—]\s*(?P<text>.*)$", re.IGNORECASE)  # also "TLDR: ", "TL;DR - "
_PARTICLES = NAME_PARTICLES | {"and"}  # "and" inside an author line reads as part of the names
_SENTENCE_END = re.compile(r"[.!?:;]$")
_INITIAL_END = re.compile(r"\b(?:[A-Z]|Jr|Sr)\.$")  # "Joshua B.", "Martin Luther King Jr."
_MAX_AUTHOR_LINE = 50_000  # characters: a list of 450 authors (BIG-bench) is ~7,000
# (an " and " is looked for only where a run of spaces starts: tried at every space of a long
# run, the regex took seconds on a line of 30k tabs)
_PARTS = re.compile(r"[,;]|(?<!\s)\s+and\s+")
_FIRST_SEP = re.compile(r"[,;]")
_MARKS_ONLY = re.compile(r"[\d\s*†‡§¶∗⁰¹²³⁴⁵⁶⁷⁸⁹]+")
# letters of any script, spaces and the punctuation names use; no digits or markup
_NAME_CHARS = re.compile(r"[^\W\d_]+(?:[\s,;.'’()\-]+[^\W\d_]+)*[\s,;.'’()\-]*")


def _name_word(word: str) -> bool:
    word = word.strip("*_()'\"")
    if not word:
        return True
    if word.lower() in _PARTICLES:
        return True
    first = word[0]
    return first.isupper() or (first.isdigit() is False and not first.isalpha() and len(word) > 1)


# Fast path of looks_like_author_line: comma-separated parts of 1-6 words that all
# start with an ASCII capital, ending in a letter. Every line it matches passes the
# full test (which reads such words as names); a line it does not match gets the full test.
_PLAIN_NAMES = re.compile(r"[A-Z][^\s,]*(?: [A-Z][^\s,]*){0,5}(?:, ?[A-Z][^\s,]*(?: [A-Z][^\s,]*){0,5})*(?<=[^\W\d_])")


def looks_like_author_line(text: str) -> bool:
    """True when *text* reads as a comma-separated list of person names.

    Examples
    --------
    >>> looks_like_author_line("Bo Zhao, Konda Reddy Mopuri, Hakan Bilen")
    True
    >>> looks_like_author_line("We study how neural networks extrapolate.")
    False
    """
    text = strip_et_al(text.strip())
    if len(text) <= _MAX_AUTHOR_LINE and _PLAIN_NAMES.fullmatch(text) and ";" not in text:
        return "," in text or 2 <= text.count(" ") + 1 <= 5
    if not text or len(text) > _MAX_AUTHOR_LINE or text[-1] in "!?:;":
        return False
    if text[-1] == "." and not _INITIAL_END.search(text[-4:]):
        return False
    first = _FIRST_SEP.split(text, 1)[0]
    if len(first.split()) > 6:  # prose: a long clause before the first comma (or semicolon)
        return False
    # parts without a letter are affiliation numbers or marks ("Carol White1,2"), not names
    parts = [p for p in map(str.strip, _PARTS.split(text)) if p and not _MARKS_ONLY.fullmatch(p)]
    # affiliation numbers copied from a PDF ("Alice Smith 1, Bob Jones 2"; "Alice Smith,1 Bob
    # Jones,2", where they lead the next name: not the first, "1Stanford University" is no name)
    parts = [_AFFILIATION_MARK.sub("", _LEADING_MARK.sub("", p) if k else p) for k, p in enumerate(parts)]
    if not parts:
        return False
    good = 0
    for part in parts:
        words = part.split()
        if 1 <= len(words) <= 6 and all(_name_word(w) for w in words) and any(c.isalpha() for c in part):
            good += 1
    if len(parts) == 1:
        return good == 1 and 2 <= len(parts[0].split()) <= 5
    return good / len(parts) >= 0.85


def _loosely_author_line(text: str) -> bool:
    """Names written in any case: short comma-separated parts, no sentences."""
    text = strip_et_al(text.strip())
    if not text or len(text) > _MAX_AUTHOR_LINE or text[-1] in "!?:;" or len(_FIRST_SEP.split(text, 1)[0].split()) > 6:
        return False
    if re.search(r"\w{2,}\.$", text[-4:]) or re.search(r"\b[a-z]\w+\.\s", text):
        return False
    if not _NAME_CHARS.fullmatch(text):
        return False
    parts = [p.strip() for p in _PARTS.split(text) if p.strip()]
    if not parts or any(len(p.split()) > 6 for p in parts):
        return False
    if len(parts) == 1:
        return 1 <= len(parts[0].split()) <= 5
    return sum(len(p.split()) for p in parts) / len(parts) <= 4.0


def _classify(text: str, *, expecting_authors: bool = False) -> str:
    if _TLDR.match(text):
        return "tldr"
    if looks_like_author_line(text):
        return "authors"
    if expecting_authors and _loosely_author_line(text):
        return "authors"
    return "text"


def detect(lines: list[str]) -> float:
    """Confidence that *lines* are a tl;dr list."""
    items = nonblank(lines)
    if not items:
        return 0.0
    sample = items[:600]
    kinds = _kinds([t for _, t in sample])
    records = 0
    covered = 0
    k = 0
    while k < len(kinds):
        if kinds[k] == "authors" and k + 1 < len(kinds):
            j = k + 1
            if kinds[j] == "tldr":
                j += 1
            if j < len(kinds) and kinds[j] == "text" and len(sample[j][1].split(None, 11)) == 12:  # 12+ words
                records += 1
                covered += j - k + 1
                k = j + 1
                continue
        k += 1
    if records == 0:
        return 0.0
    # blank lines between records are not part of this format
    blank_share = 1 - len(items) / max(1, sum(1 for _ in lines))
    score = covered / len(sample) - max(0.0, blank_share - 0.1)
    return max(0.0, min(score, 0.9))


# --------------------------------------------------------------------------- whole records at once
# Most records of a tl;dr list are three (or two) ordinary lines. One compiled regex over the
# file's text recognises such a record at C speed, in a way the line-by-line reading
# (_read_lines) is sure to read the same; every other line goes through _read_lines. (The
# regex runs fast where its matches follow each other: it scans little text between them.)
_IN_LINE = r"[^\S\n]"  # whitespace inside a line (\s less the line break of the joined text)
# _TLDR's label (its \s* inside one line): a tl;dr line, whatever the state of the record
_TLDR_LABEL = rf"(?i:tl{_IN_LINE}*;?{_IN_LINE}*dr{_IN_LINE}*[:.\-–—])"
# An author line that looks_like_author_line's fast path (_PLAIN_NAMES) accepts, with no ";"
# and no closing " al" (strip_et_al leaves it as it is): an author line whatever the state.
# Name particles ("van", "de") are words too: a line with one misses _PLAIN_NAMES, and the full
# test reads each part (1-6 words, each capitalised or a particle; a single part 2-5 words) as a
# good name (its marks only come off the end of a word that starts with a capital)
_PARTICLE_WORD = rf"(?:{'|'.join(sorted(NAME_PARTICLES, key=len, reverse=True))})(?=[ ,\n]|\Z)"
# The author-line patterns below repeat possessively (*+, {0,5}+): a word ends only where a
# separator follows, and one branch at most can match at a place (capital or particle; an
# initial "v." before a word "v"), so giving characters back never leads to a match. Without,
# a line that fails late (a name in lower case or with an accent at its end, tried by each
# pattern in turn) was tried again in every shorter split: the regex took 1.3-1.5x as long at
# 100k records. (A match given up here only sends its lines to the line-by-line reading.)
_FAST_WORD = rf"(?:[A-Z][^\s,;]*+|{_PARTICLE_WORD})"
_FAST_PART = rf"{_FAST_WORD}(?: {_FAST_WORD}){{0,5}}+"
_FAST_AUTHORS = (
    rf"(?:{_FAST_PART}(?:, ?{_FAST_PART})++|{_FAST_WORD}(?: {_FAST_WORD}){{1,4}}+)(?<=[^\W\d_])(?<! [Aa][Ll])"
)
# Of those, lines that split_authors' fast path takes and cuts at ", " (ASCII plain words, no
# "and" word, no lone suffix after a comma, a second name that is not a short "X." initials
# part of a family-first list): their names are line.split(", ") without calling it
_SIMPLE_WORD = rf"(?:(?!(?i:and)(?![A-Za-z.'\-]))[A-Z][A-Za-z.'\-]*+|{_PARTICLE_WORD})"
_SIMPLE_PART = rf"{_SIMPLE_WORD}(?: {_SIMPLE_WORD}){{0,5}}+"
_SIMPLE_NEXT = r", (?!(?:[JS]r|JR|SR|I{2,3}|IV)\b)"
_SIMPLE_AUTHORS = (
    rf"(?:{_SIMPLE_PART}{_SIMPLE_NEXT}(?![^,\n]{{0,11}}\.(?:,|\n|\Z)){_SIMPLE_PART}(?:{_SIMPLE_NEXT}{_SIMPLE_PART})*+"
    rf"|{_SIMPLE_WORD}(?: {_SIMPLE_WORD}){{1,4}}+)(?<=[A-Za-z])(?<! [Aa][Ll])"
)
# An author line that only _loosely_author_line accepts ("suchismita padhy, Bo Li", "Nur Muhammad
# (Mahi) Shafiullah", "Maarten v. de Hoop"): names in any case, which read as authors only where
# authors are expected (first, or after an abstract), so the readers take such a match only there.
# Letters of any script; parts of 1-4 words (a single part 1-5 words, several at most 4 on average);
# "'" and "-" inside a word, "(" and ")" around one, "." only after a one-letter initial (never
# after a word of 2+ letters, which _loosely_author_line reads as a sentence's end); the line
# starts with a letter and ends with a letter or ")" and not in " al" (strip_et_al)
_LETTER = r"[^\W\d_]"
_LOOSE_WORD = rf"(?:{_LETTER}\.|\(?{_LETTER}++(?:['’\-]{_LETTER}++)*+\)?+)"
_LOOSE_PART = rf"{_LOOSE_WORD}(?: {_LOOSE_WORD}){{0,3}}+"
_LOOSE_AUTHORS = rf"(?={_LETTER}){_LOOSE_PART}(?:, ?{_LOOSE_PART})*+(?:(?<={_LETTER})|(?<=\)))(?<! [Aa][Ll])"
# The abstract: a line that is prose for looks_like_author_line and _loosely_author_line
# whatever the state, because it ends in "!", "?", ":" or ";", or in "." after a character
# that ends no initial ("A.", "Jr.": _INITIAL_END, where a capital after a letter or digit, as
# in "CNN.", is none) nor "et al." (strip_et_al); and not a tl;dr line. The tl;dr and the
# abstract start and end with no space (as the stripped lines do).
_RECORD = re.compile(
    rf"^(?!{_TLDR_LABEL})(?:(?P<simple>{_SIMPLE_AUTHORS})|(?P<authors>{_FAST_AUTHORS})|(?P<loose>{_LOOSE_AUTHORS}))\n"
    rf"(?:{_TLDR_LABEL}{_IN_LINE}*(?P<tldr>\S[^\n]*+)(?<=\S)\n)?"
    rf"(?!{_TLDR_LABEL})(?P<abstract>(?=\S)[^\n]*+)"
    r"(?:(?<=[!?:;])|(?:(?<=[^A-Z]\.)|(?<=\w[A-Z]\.))(?<![JS]r\.)(?<!(?i:et\sal\.))(?<!(?i:et\.\sal\.)))",
    re.MULTILINE,
)


def _kinds(texts: list[str]) -> list[str]:
    """:func:`_classify` of each of *texts* (stripped lines), each in the state the line
    before leaves: "authors" is expected first and after prose.

    The lines of ordinary records (``_RECORD`` over the lines joined) read the same in
    any state (a record whose names are in any case, where authors are expected:
    first or right after another record), so only the other lines are classified one
    by one, in order (after each such line the state is known). The same kinds as
    classifying every line, at a fraction of the cost.
    """
    kinds: list[str | None] = [None] * len(texts)
    joined = "\n".join(texts)
    line, pos = 0, 0  # the line (0-based) that holds text position pos
    expected = 0  # where a line is read expecting authors: the first, and each after a match's abstract
    for m in _RECORD.finditer(joined):
        if m["simple"] is None and len(m["authors"] or m["loose"]) > _MAX_AUTHOR_LINE:
            continue  # as parse: not an author line for looks_like_author_line
        if m["loose"] is not None and m.start() != expected:
            continue  # names in any case are authors only where authors are expected: classified below
        line += joined.count("\n", pos, m.start())
        kinds[line] = "authors"
        if m["tldr"] is not None:
            line += 1
            kinds[line] = "tldr"
        line += 1
        kinds[line] = "text"
        pos = m.end()
        expected = pos + 1  # the line after an abstract
    for k, kind in enumerate(kinds):
        if kind is None:
            kinds[k] = _classify(texts[k], expecting_authors=k == 0 or kinds[k - 1] == "text")
    return kinds  # type: ignore[return-value]


def parse(lines: list[str], ctx: ParseContext) -> None:
    """Read the records of a tl;dr list into *ctx*.

    Ordinary records (see ``_RECORD``) are read whole; the lines between them go
    through :func:`_read_lines`, which the open record is handed to. A record read
    whole is finished where the next one starts right after it (an author line
    finishes a record) or the file ends; otherwise it is handed on, unfinished, to
    the line-by-line reading, so continuation lines and the problems they make
    come out the same. A record whose names only read as names where authors are
    expected (``loose``: lower case, parentheses) is read whole only there; elsewhere
    its lines are left to the line-by-line reading.
    """
    # decode split the text at "\n" only: the same lines (joined again unless decode kept the text)
    text = ctx.text if ctx.text is not None else "\n".join(lines)
    record: dict[str, Any] | None = None  # the open record of the line-by-line reading
    pending: tuple[re.Match[str], int] | None = None  # a record read whole, not finished yet
    pos, number = 0, 1  # where the lines not read yet start: text position and line number
    for m in _RECORD.finditer(text):
        if m["simple"] is None and len(m["authors"] or m["loose"]) > _MAX_AUTHOR_LINE:
            continue  # no author line for looks_like_author_line: left to the line-by-line reading
        start = m.start()
        if pending is not None:
            if start == pos:  # the next line starts a record: the pending one is complete
                _finish_whole(*pending, ctx)
            else:
                record = _reopen(*pending, ctx)
            pending = None
        if start != pos:
            first = number + text.count("\n", pos, start)
            record = _read_lines(lines, number, first, ctx, record)
            pos, number = start, first
        if record is not None:
            if m["loose"] is not None and "_abstract" not in record:
                continue  # names in any case are authors only where authors are expected: read line by line
            _finish(record, ctx)  # an author line finishes the open record
            record = None
        pending = (m, number)
        pos, number = m.end() + 1, number + (2 if m["tldr"] is None else 3)
    if pending is not None:
        if any(map(str.strip, lines[number - 1 :])):
            record = _reopen(*pending, ctx)
        else:
            _finish_whole(*pending, ctx)
    _finish(_read_lines(lines, number, len(lines) + 1, ctx, record), ctx)


def _finish_whole(m: re.Match[str], line: int, ctx: ParseContext) -> None:
    """Add the record of *m* (a ``_RECORD`` match at *line*) finished, as :func:`_finish` would.

    An ASCII tl;dr or abstract with no tab, double space, "<" or "&" is clean as it
    is (clean_paragraphs finds no markup, no mojibake and no whitespace to fix in
    it); any other goes through clean_paragraphs, as in :func:`_finish`, in the
    same order (which the problems it reports keep).
    """
    raw = m["simple"]
    if raw is not None:
        authors = raw.split(", ")
    else:
        raw = m["authors"] or m["loose"]
        ctx.check_mojibake(raw, line, "authors")
        authors = split_authors(raw)
    abstract, tldr = m["abstract"], m["tldr"]
    if not clean_as_is(abstract):
        abstract = clean_paragraphs(ctx, [abstract], line + (1 if tldr is None else 2))
    urls = extract_urls(abstract)
    if tldr is not None:
        if not clean_as_is(tldr):
            tldr = clean_paragraphs(ctx, [tldr], line + 1, "tl;dr")
        more = extract_urls(tldr)
        if more:
            urls += [u for u in more if u not in urls]
    ctx.records.append({"line": line, "authors": authors, "abstract": abstract, "tldr": tldr, "code_urls": urls})
    if not authors or not abstract:
        missing = [f for f, v in (("authors", authors), ("abstract", abstract)) if not v]
        ctx.problem(line, "incomplete", f"record without {' and '.join(missing)}")


def _reopen(m: re.Match[str], line: int, ctx: ParseContext) -> dict[str, Any]:
    """The record of *m* (a ``_RECORD`` match at *line*) as the line-by-line reading leaves it open."""
    record = ctx.add(line, _authors=m["simple"] or m["authors"] or m["loose"])
    line += 1
    if m["tldr"] is not None:
        record["_tldr"] = m["tldr"]
        record["_tldr_line"] = line
        line += 1
    record["_abstract"] = m["abstract"]
    record["_abstract_line"] = line
    return record


def _read_lines(
    lines: list[str], first: int, stop: int, ctx: ParseContext, record: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Read lines *first* to *stop* - 1 (1-based) one by one, *record* open; return the open record."""
    for number, text in enumerate(map(str.strip, lines[first - 1 : stop - 1]), first):
        if not text:
            continue
        kind = _classify(text, expecting_authors=record is None or "_abstract" in record)
        if kind == "authors":
            _finish(record, ctx)
            record = ctx.add(number, _authors=text)
        elif kind == "tldr":
            if record is None or "_tldr" in record or "_abstract" in record:
                _finish(record, ctx)
                record = ctx.add(number)
            record["_tldr"] = _TLDR.match(text).group("text")  # type: ignore[union-attr]
            record["_tldr_line"] = number
        else:
            if record is None:
                record = ctx.add(number)
            if "_abstract" in record:
                ctx.problem(number, "repaired", "a second prose line was read as a continuation of the abstract")
                record["_abstract"] += " " + text
            else:
                record["_abstract"] = text
                record["_abstract_line"] = number
    return record


def _finish(record: dict[str, Any] | None, ctx: ParseContext) -> None:
    if record is None:
        return
    line = record["line"]
    raw_authors = record.pop("_authors", None)
    ctx.check_mojibake(raw_authors, line, "authors")
    record["authors"] = split_authors(raw_authors)
    # a repair is reported on the line of the field it was made in
    abstract = record.pop("_abstract", None)
    abstract_line = record.pop("_abstract_line", line)
    record["abstract"] = clean_paragraphs(ctx, [abstract], abstract_line) if abstract else None
    tldr = record.pop("_tldr", None)
    tldr_line = record.pop("_tldr_line", line)
    record["tldr"] = clean_paragraphs(ctx, [tldr], tldr_line, "tl;dr") if tldr else None
    urls = extract_urls(record["abstract"])
    record["code_urls"] = urls + [u for u in extract_urls(record["tldr"]) if u not in urls]
    missing = [f for f in ("authors", "abstract") if not record[f]]
    if missing:
        ctx.problem(line, "incomplete", f"record without {' and '.join(missing)}")
