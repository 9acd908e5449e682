"""The paginated paper-list markdown, published for many venues and years.

::

    ## [800] Title

    **Authors**: *Author One, Author Two*

    **Conference**: *iclr 2021*

    **URL**: [https://openreview.net/forum?id=…](https://openreview.net/forum?id=…)

    **Abstract**:

    Wrapped lines of the abstract …

    ----

Lines may be indented, end in CRLF, or carry control characters; the venue and
year of each record come from its ``**Conference**`` field.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from ..text import clean_title, extract_urls, split_authors
from ._common import ParseContext, clean_as_is, clean_paragraphs, normalise_presentation

__all__ = ["detect", "parse", "FIELDS", "VENUES", "normalise_venue"]

FIELDS = ("title", "authors", "abstract", "venue", "year", "url", "code_urls", "number", "presentation")

# The title and value groups run to the end of the line; the trailing spaces (and a
# header's closing #'s) are stripped in Python: a lazy group before "\s*$" makes the
# regex try the rest of the line at every character, several times slower.
_HEADER = re.compile(r"^\s*#{1,6}\s*\[(?P<number>[^\]]*)\]\s*(?P<title>.*)$")
# "## [Title](https://…)": a heading that is a link, not "## [N] Title"
# (an address, not "## [7](Re)thinking …"); "#" is a link to nowhere
_LINKED_TITLE = r"\[(?P<title>[^\]]+)\]\((?P<url>(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.|/|#)[^)\s]*)\)\s*(?P<rest>.*)$"
_LINK_HEADER = re.compile(rf"^\s*#{{1,6}}\s*{_LINKED_TITLE}")
# the title of "## [0] [Title](https://…)" (a numbered heading whose title is a link)
_LINK_TITLE = re.compile(_LINKED_TITLE)
# (the name is words joined by spaces, read possessively: a lazy name over "[A-Za-z /_-]"
# tried the rest of the line at every space, minutes on "**Confe" + 300k spaces + "rence**")
_FIELD = re.compile(
    r"^\s*\*\*(?P<name>[A-Za-z][A-Za-z/_-]*+(?: ++[A-Za-z/_-]++)*+)\s*+:?\*\*\s*:?\s*(?P<value>.*)$"
)  # also "**Authors:**"
# a markdown heading of another shape ("## 12. Title", "### Title"): a paper's title when its fields follow
_LOOSE_HEADER = re.compile(r"^\s*#{1,6}\s*(?:(?P<number>\d+)[.)]\s+)?(?P<title>[^\s#].*)$")
_RULE = re.compile(r"^\s*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")  # also "* * *", "- - -"
_RULE_STARTS = frozenset({"---", "***", "___", "- -", "* *", "_ _"})
_NAV = re.compile(r"^\s*\[(?:go to|next|previous|back)[^\]]*\]\([^)]*\)\s*$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)")
# sections of a structured abstract ("**Background**: …"): abstract text, not fields
_ABSTRACT_SECTIONS = frozenset({
    "background", "motivation", "objective", "objectives", "aim", "aims", "purpose", "introduction", "method",
    "methods", "approach", "results", "findings", "conclusion", "conclusions", "significance", "availability",
    "contact", "discussion", "limitations",
})
# fields that only a paper has: one of them before any header starts a paper whose header is missing
_PAPER_FIELDS = frozenset({"authors", "conference", "url", "abstract"})
_CONFERENCE = re.compile(r"(?P<venue>[A-Za-z][A-Za-z&.\- ]*?)[\s'-]*(?P<year>(?:19|20)\d\d)\b")

#: lower-case spellings -> the venue name used in the catalog
VENUES = {
    "iclr": "ICLR", "nips": "NeurIPS", "neurips": "NeurIPS", "icml": "ICML", "cvpr": "CVPR",
    "iccv": "ICCV", "eccv": "ECCV", "aaai": "AAAI", "ijcai": "IJCAI", "acl": "ACL", "emnlp": "EMNLP",
    "naacl": "NAACL", "coling": "COLING", "kdd": "KDD", "uai": "UAI", "aistats": "AISTATS",
    "colt": "COLT", "corl": "CoRL", "wacv": "WACV", "interspeech": "Interspeech", "icra": "ICRA",
    "iros": "IROS", "sigir": "SIGIR", "www": "WWW", "mlsys": "MLSys", "tmlr": "TMLR", "jmlr": "JMLR",
    "miccai": "MICCAI", "bmvc": "BMVC", "icassp": "ICASSP", "eacl": "EACL", "wsdm": "WSDM",
}


def normalise_venue(name: str | None) -> str | None:
    """'nips' -> 'NeurIPS', 'iclr' -> 'ICLR'; unknown names are kept, upper-cased if short.

    Examples
    --------
    >>> normalise_venue("nips"), normalise_venue("Iclr"), normalise_venue("myconf")
    ('NeurIPS', 'ICLR', 'MYCONF')
    """
    if not name:
        return None
    key = re.sub(r"[^a-z]", "", name.lower())
    if key in VENUES:
        return VENUES[key]
    name = name.strip()
    return name.upper() if len(name) <= 8 else name


@functools.lru_cache(maxsize=4096)
def _read_conference(field: str) -> tuple[str | None, int | None]:
    """The text of a **Conference** field ('*iclr 2021*') -> ('ICLR', 2021); (None, None)
    when empty. Cached: a page repeats a few values many times."""
    conference = _unwrap(field)
    if not conference:
        return None, None
    m = _CONFERENCE.search(conference)
    if m:
        return normalise_venue(m.group("venue")), int(m.group("year"))
    return normalise_venue(conference), None


# the usual field lines ("**Authors**: *…*"), read without the regex: a third of a page's
# lines are field lines, and the regex was ~7% of reading a page
_COMMON_FIELDS = {f"**{n}**": n.lower() for n in ("Authors", "Conference", "URL", "Abstract")}


def _field(line: str, text: str) -> tuple[str, str] | None:
    """(name in lower case, value) of a field line ``**Name**: value``, as :data:`_FIELD`
    reads it; None for other lines. *text* is *line* stripped."""
    end = text.find("**", 2)
    name = _COMMON_FIELDS.get(text[: end + 2]) if end > 0 else None
    if name is not None:
        value = text[end + 2 :].lstrip()
        if value[:1] == ":":
            value = value[1:].lstrip()
        return name, value
    m = _FIELD.match(line)
    return (m.group("name").strip().lower(), m.group("value").rstrip()) if m else None


def _unwrap(value: str) -> str:
    value = value.strip()
    if value[:1] not in ("*", "_") or value[-1:] not in ("*", "_"):
        return value
    for mark in ("***", "**", "*", "__", "_"):
        if len(value) > 2 * len(mark) and value.startswith(mark) and value.endswith(mark):
            return value[len(mark) : -len(mark)].strip()
    return value


def detect(lines: list[str]) -> float:
    """Confidence that *lines* are a paper-list page."""
    # "#" / "**" in line: a fast C test before each regex, which needs those characters
    headers = sum(1 for line in lines if "#" in line and _HEADER.match(line))
    if headers == 0:
        return 0.0
    fields = sum(1 for line in lines if "**" in line and _FIELD.match(line))
    return 0.6 + 0.4 * min(1.0, fields / (2 * headers)) if fields else 0.3


# --------------------------------------------------------------------------- whole papers at once
# Most papers of a page are the header, the four usual fields, one line each, the abstract's
# paragraphs and a rule, with blank lines between. One compiled regex over the file's text
# recognises such a paper at C speed, in a way the line-by-line reading is sure to read the
# same; every other line goes through it. Whitespace at either end of a line is allowed, as
# the reading strips lines; possessive quantifiers keep the regex from giving it back (and a
# look-ahead after it from seeing another start).
_IN_LINE = r"[^\S\n]"  # whitespace inside a line (\s less the line break of the joined text)
_BLANK_LINES = rf"(?:{_IN_LINE}*+\n)*"
# _HEADER's line, with a title that does not start with "(" or "[" (where parse looks for a link)
_ENTRY_HEADER = rf"^{_IN_LINE}*+#{{1,6}}{_IN_LINE}*+\[(?P<number>[^\]\n]*+)\]{_IN_LINE}*+(?P<title>(?![(\[])[^\n]*+)\n"


# Of the author lines, "*Name, Name*" that split_authors' fast path takes and cuts at ", "
# (plain ASCII words; no "and" word before another, nor a lone suffix after a comma; no
# closing "al." or " al"; a second name that is not a short "X." initials part of a
# family-first list): the names are the line between the stars split at ", ", and ASCII
# holds no mojibake to report
_SIMPLE_WORD = r"(?!(?i:and) )[A-Za-z][A-Za-z.'\-]*+"
_SIMPLE_NAME = rf"{_SIMPLE_WORD}(?: {_SIMPLE_WORD})*+"
_SIMPLE_NEXT = r", (?!(?:[JS]r|JR|SR|I{2,3}|IV)(?![A-Za-z]))"
_SIMPLE_AUTHORS = (
    rf"\*(?P<simple>{_SIMPLE_NAME}"
    rf"(?:{_SIMPLE_NEXT}(?![^,*\n]{{0,11}}\.[,*]){_SIMPLE_NAME}(?:{_SIMPLE_NEXT}{_SIMPLE_NAME})*+)?+)"
    rf"(?<!(?i:al\.))(?<! (?i:al))\*{_IN_LINE}*+\n"
)


def _entry_field(label: str, simple: str = "") -> str:
    """A usual field's line, as _field reads it, with a value on it (no continuation lines).
    The value does not start with "#": one that is a heading of another shape starts a paper
    at the next field (_ends_in_heading). *simple*: a pattern tried first for the value."""
    value = rf"(?P<{label.lower()}>[^\s#][^\n]*+)\n"
    return (rf"{_BLANK_LINES}{_IN_LINE}*+\*\*{label}\*\*{_IN_LINE}*+:?+{_IN_LINE}*+"
            + (rf"(?:{simple}|{value})" if simple else value))


# A line of the abstract: not a header or heading ("#"), a rule or a field ("-", "*", "_"; so
# no structured abstract's "**Background**:" either) or a navigation link ("[")
_ENTRY_TEXT = rf"{_IN_LINE}*+[^\s#*\-_\[][^\n]*+"
_ENTRY = re.compile(
    _ENTRY_HEADER + _entry_field("Authors", _SIMPLE_AUTHORS) + _entry_field("Conference") + _entry_field("URL")
    + rf"{_BLANK_LINES}{_IN_LINE}*+\*\*Abstract\*\*{_IN_LINE}*+:?+{_IN_LINE}*+\n"
    + rf"{_BLANK_LINES}(?:(?P<abstract>{_ENTRY_TEXT}(?:\n{_BLANK_LINES}{_ENTRY_TEXT})*+)\n{_BLANK_LINES})?"
    # a rule of dashes as _RULE reads it (and parse lets it: "---" at the start) and the blank lines after it
    + rf"{_IN_LINE}*+---+[ \t]*+\n{_BLANK_LINES}",
    re.MULTILINE,
)


def parse(lines: list[str], ctx: ParseContext) -> None:
    """Read the records of a paper-list page into *ctx*.

    A state machine over the lines: a header starts a paper, ``**Name**:`` starts a
    field (whose lines, with blank ones as paragraph breaks, run to the next field),
    a rule (``----``) closes the paper.

    Ordinary papers (see ``_ENTRY``) are read whole, from the header to the rule, by
    one regex over the file's text; the lines between them go through the state
    machine (:func:`read`), whose state a paper read whole leaves as its lines
    would have: closed, by a rule, and finished (:func:`_finish_whole`) when the
    line-by-line reading would finish it, so the problems keep their order.
    """
    record: dict[str, Any] | None = None
    fields: dict[str, list[tuple[int, str]]] = {}  # the current paper's fields
    field: str | None = None  # the field being read, its lines in body
    body: list[tuple[int, str]] = []
    closed = False  # a rule ended the current paper
    rules = 0  # papers a rule has ended
    preamble: list[tuple[int, str]] = []  # text before the first paper
    heading: tuple[int, str, str] | None = None  # a heading of another shape, waiting for a paper's fields

    # a line the page repeats in every paper ("- [ ] viewed": a reader's checkbox) is
    # one problem, counted, not one per paper
    repeated: dict[tuple[str, str], list] = {}  # (what, text) -> [its problem, lines seen]

    def ignore_repeated(number: int, text: str, what: str) -> None:
        seen = repeated.get((what, text))
        if seen is None:
            ctx.problem(number, "ignored", f"{what}: {text[:80]!r}")
            repeated[(what, text)] = [ctx.problems[-1], 1]
        else:
            problem, seen[1] = seen[0], seen[1] + 1
            problem["message"] = (f"{what}: {text[:80]!r}, on {seen[1]} lines "
                                  f"(the first {problem['line']}, the last {number})")

    def ignore_text(number: int, text: str) -> None:
        if record is None:
            if not _NAV.match(text) and not text.startswith("#"):
                preamble.append((number, text))
        elif not _NAV.match(text):
            ignore_repeated(number, text, "text after the end of a paper was not read")

    def report_preamble() -> None:
        if not preamble:
            return
        (start, text), end = preamble[0], preamble[-1][0]
        where = f"line {start}" if start == end else f"lines {start}-{end}"
        cut = " (it ends with a rule: the end of a paper that starts before this file)" if _RULE.match(preamble[-1][1]) else ""
        ctx.problem(start, "ignored", f"text before the first paper was not read, {where}{cut}: {text[:80]!r}")
        preamble.clear()

    def read(begin: int, stop: int) -> None:
        """Read lines *begin* to *stop* - 1 (1-based) one by one, in the state the lines before left."""
        nonlocal record, fields, field, body, closed, rules, heading
        for number, line in enumerate(lines[begin - 1 : stop - 1], begin):
            text = line.strip()
            if not text:  # half of all lines: a blank line only separates paragraphs of a field
                if field is not None and body:
                    body.append((number, ""))
                continue
            first = text[0]
            if first == "#":
                header = _HEADER.match(line)
                if header:
                    if field is not None:
                        fields[field] = body
                    field, body = None, []
                    _finish(record, ctx)
                    report_preamble()
                    title = header.group("title").rstrip().rstrip("#").rstrip()
                    fields = {}
                    link = _LINK_HEADER.match(line) if title.startswith("(") else None
                    titled = _LINK_TITLE.match(title) if title.startswith("[") else None
                    if link:  # the brackets hold the title, the parentheses its address
                        title = f"{link.group('title')} {link.group('rest').rstrip().rstrip('#')}".strip()
                        url = link.group("url")
                        record = ctx.add(number, _title=title, _number="", _fields=fields,
                                         _heading_url=None if url.startswith("#") else url)
                    elif titled:  # "## [0] [Title](https://…)": a number, then the title as a link
                        url = titled.group("url")
                        record = ctx.add(number, _title=f"{titled.group('title')} {titled.group('rest')}".strip(),
                                         _number=header.group("number"), _fields=fields,
                                         _heading_url=None if url.startswith("#") else url)
                    else:
                        record = ctx.add(number, _title=title, _number=header.group("number"), _fields=fields)
                    closed = False
                    continue
            if record is None or closed:
                found = _field(line, text) if text.startswith("**") else None
                if found and found[0] in _PAPER_FIELDS:
                    # a paper whose "## [N] Title" line is missing: the file starts inside it, or a
                    # heading of another shape ("## 12. Title") or none at all follows a rule
                    report_preamble()
                    if record is not None:
                        _finish(record, ctx)
                    fields = {}
                    if heading is not None:
                        record = ctx.add(heading[0], _title=heading[1], _number=heading[2], _fields=fields)
                    else:
                        record = ctx.add(number, _title="", _number="", _fields=fields,
                                         _headless="start" if record is None else "rule")
                    heading, closed = None, False
                elif first == "#" and (h := _LOOSE_HEADER.match(line)):
                    if heading is not None:
                        ignore_text(*heading[:2])
                    heading = (number, h.group("title").rstrip().rstrip("#").rstrip(), h.group("number") or "")
                    continue
                else:
                    if heading is not None:
                        ignore_text(*heading[:2])
                        heading = None
                    ignore_text(number, text)
                    continue
            if first in "-*_" and text[:3] in _RULE_STARTS and _RULE.match(line):
                if field is not None:
                    fields[field] = body
                field, body = None, []
                rules += not closed
                closed = True
                continue
            if not closed and first == "*":
                found = _field(line, text) if text.startswith("**") else None
                if found and field == "abstract" and found[0] in _ABSTRACT_SECTIONS:
                    found = None  # "**Background**: …" inside a structured abstract is abstract text
                if found and found[0] in _PAPER_FIELDS and (found[0] in fields or found[0] == field):
                    again = body if found[0] == field else fields[found[0]]
                    empty = not any(t for _, t in again)
                    # (only right after itself: after other fields, the same label is another paper's)
                    if found[0] == field and not _ends_in_heading(body) and (
                            empty or _joined([x for x in again if x[1]]) == found[1]):
                        # the same label twice in a row, or a field given again with the same text
                        ctx.problem(number, "repaired", f"the **{found[0]}** label is given twice in a row: read once"
                                    if empty else f"**{found[0]}** is given again with the same text: read once")
                        continue  # the line is skipped: the field being read goes on
                if found and found[0] in _PAPER_FIELDS and (found[0] in fields or found[0] == field or _ends_in_heading(body)):
                    # the field again, or a field right after a heading of another shape ("## 2. Title"
                    # and no rule before it): another paper, whose "## [N] title" line is missing or
                    # of that shape; read it as one
                    heading = _pop_heading(body)
                    if field is not None:
                        fields[field] = body
                    _finish(record, ctx)
                    fields = {}
                    if heading is not None:
                        record = ctx.add(heading[0], _title=heading[1], _number=heading[2], _fields=fields)
                    else:
                        record = ctx.add(number, _title="", _number="", _fields=fields, _headless="again")
                    heading = None
                    field, value = found
                    body = [(number, value)] if value else []
                    continue
                if found:
                    if field is not None:
                        fields[field] = body
                    field, value = found
                    body = [(number, value)] if value else []
                    continue
            if field is None:
                ignore_repeated(number, text, "text outside any field was not read")
                continue
            if first == "[" and _NAV.match(text):
                continue  # "[Go to the previous page](…)" at the end of a page with no closing rule
            body.append((number, text))

    def take_whole(entry: re.Match[str], number: int) -> None:
        """Take the paper of *entry* (an ``_ENTRY`` match at line *number*) as its lines would
        be read: its header finishes the paper before, its rule closes it. Its fields are
        read when it is finished; until then nothing reads them (nor *fields*: no field is
        open after a rule, and the next paper starts a new dict)."""
        nonlocal record, field, body, closed, rules
        if field is not None:
            fields[field] = body
        field, body = None, []
        _finish(record, ctx)
        report_preamble()
        record = ctx.add(number, _entry=entry)
        rules += 1
        closed = True

    # decode split the text at "\n" only: the same lines (joined again unless decode kept the text)
    text = ctx.text if ctx.text is not None else "\n".join(lines)
    pos, number = 0, 1  # where the lines not read yet start: text position and line number
    for entry in _ENTRY.finditer(text):
        start = entry.start()
        if start != pos:
            first = number + text.count("\n", pos, start)
            read(number, first)
            number = first
        take_whole(entry, number)
        pos = entry.end()  # (the start of a line: an entry ends with a line break)
        number += text.count("\n", start, pos)
    read(number, len(lines) + 1)
    if heading is not None:
        ignore_text(*heading[:2])
    last_field = field
    if field is not None:
        fields[field] = body
    _finish(record, ctx)
    report_preamble()
    if record is not None and not closed and rules:
        # the other papers end with a rule: the file was cut inside this one
        what = f"its {last_field} field" if last_field else "it"
        message = (f"the file ends (line {len(lines)}) inside this paper, before the ---- rule that ends the "
                   f"others: {what} may be cut short")
        said = next((p for p in reversed(ctx.problems) if p["line"] == record["line"] and p["kind"] == "incomplete"
                     and p["message"].startswith("record without")), None)
        if said is not None:  # one row for the one record: what it lacks, and why
            said["message"] = f"{said['message']}: {message}"
        else:
            ctx.problem(record["line"], "incomplete", message)


def _ends_in_heading(body: list[tuple[int, str]]) -> bool:
    """Does a field's text end (blank lines aside) in a heading of another shape ("## 2. Title")?"""
    for _, text in reversed(body):  # (a loop: called for every field line, and most end in text)
        if text:
            return text[0] == "#" and _LOOSE_HEADER.match(text) is not None
    return False


def _pop_heading(body: list[tuple[int, str]]) -> tuple[int, str, str] | None:
    """Take a heading of another shape ("## 2. Title") off the end of the field being read,
    where a paper that follows with no rule before it left it: (line, title, number)."""
    while body and not body[-1][1]:
        body.pop()
    if body and body[-1][1].startswith("#") and (h := _LOOSE_HEADER.match(body[-1][1])):
        number = body.pop()[0]
        while body and not body[-1][1]:
            body.pop()
        return number, h.group("title").rstrip().rstrip("#").rstrip(), h.group("number") or ""
    return None


# A line that is one superscript or subscript element. IEEE abstracts (CVPR, ICCV) cut
# such an element out of the text onto a line of its own: "area of 8.1m", "<sup>2</sup>",
# " when trained" is 8.1m^2, "(SP", "<sup>2</sup>", ") transformer" is (SP^2).
_SCRIPT_LINE = re.compile(
    r"<(?:[a-z][\w.-]*:)?su[pb](?:\s[^<>]*)?>[^<>]{1,40}</(?:[a-z][\w.-]*:)?su[pb]\s*>", re.IGNORECASE
)
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}%'’")


def _paras(texts: Iterable[str]) -> list[str]:
    """The paragraphs of a field's lines (joined by spaces; blank lines between paragraphs).

    A superscript or subscript on a line of its own is joined to the word it was cut
    from (a letter, digit or bracket ends the line before), and the text after it
    follows with no space where it starts with punctuation. After a sentence's end
    ("[39].") it stays apart: a footnote mark, which cleaning drops.
    """
    paras: list[list[str]] = [[]]
    glued = False  # the last line taken was a script element joined to its word
    for text in texts:
        if not text:
            if paras[-1]:
                paras.append([])
            glued = False
        elif glued:
            paras[-1][-1] += ("" if text[0] in _NO_SPACE_BEFORE else " ") + text
            glued = False
        elif (
            paras[-1] and text[0] == "<" and (paras[-1][-1][-1:].isalnum() or paras[-1][-1][-1:] in ")]")
            and _SCRIPT_LINE.fullmatch(text)
        ):
            paras[-1][-1] += text
            glued = True
        else:
            paras[-1].append(text)
    return [" ".join(p) for p in paras if p]


def _joined(body: list[tuple[int, str]]) -> str:
    """The text of a field's lines joined by spaces (most fields have one line)."""
    if len(body) == 1:  # a field's first line is never blank
        return body[0][1]
    return " ".join(t for _, t in body if t)


def _finish(record: dict[str, Any] | None, ctx: ParseContext) -> None:
    if record is None:
        return
    entry = record.pop("_entry", None)
    if entry is not None:
        _finish_whole(record, entry, ctx)
        return
    line = record["line"]
    fields: dict[str, list[tuple[int, str]]] = record.pop("_fields", {})
    _read_title(record, record.pop("_title"), record.pop("_number"), ctx)
    authors_body = fields.pop("authors", [])
    authors = _joined(authors_body)
    ctx.check_mojibake(authors, authors_body[0][0] if authors_body else line, "authors")
    record["authors"] = split_authors(_unwrap(authors)) if authors else []
    _read_venue_year(record, _joined(fields.pop("conference", [])), ctx)
    url_body = fields.pop("url", [])
    abstract_body = fields.pop("abstract", [])
    blank = next((k for k, (_, t) in enumerate(url_body) if not t), None)
    if not abstract_body and blank is not None and any(t for _, t in url_body[blank:]):
        # paragraphs after the URL with no "**Abstract**:" label before them: the abstract
        url_body, abstract_body = url_body[:blank], url_body[blank + 1 :]
        ctx.problem(abstract_body[0][0], "repaired", "text after the URL with no **Abstract** label was read as the abstract")
    record["url"] = _read_url(_joined(url_body))
    heading_url = record.pop("_heading_url", None)
    if record["url"] is None and heading_url:
        record["url"] = heading_url
    abstract = clean_paragraphs(ctx, _paras(t for _, t in abstract_body), abstract_body[0][0] if abstract_body else line)
    record["abstract"] = abstract
    code = extract_urls(abstract)
    for key in ("code", "github"):
        if key in fields:
            text = " ".join(t for _, t in fields.pop(key))
            code += [u for u in extract_urls(text) if u not in code]
    record["code_urls"] = code
    kind = fields.pop("presentation", None) or fields.pop("type", None)
    record["presentation"] = normalise_presentation(_unwrap(" ".join(t for _, t in kind))) if kind else None
    for name, body in fields.items():
        ctx.problem(body[0][0] if body else line, "ignored", f"field **{name}** is not part of the catalog and was not read")
    _report_missing(record, record.pop("_headless", False), ctx)


def _finish_whole(record: dict[str, Any], entry: re.Match[str], ctx: ParseContext) -> None:
    """Finish the record of a paper read whole (an ``_ENTRY`` match) as :func:`_finish` does
    the same paper read line by line, whose fields hold one line each (the abstract, its
    paragraphs' lines), with no other field, no link in the header and no repair to make.

    The field lines' numbers are only counted where a problem needs one; an ASCII
    abstract that clean_paragraphs would leave as it is (most) is not cleaned.
    """
    line = record["line"]
    _read_title(record, entry["title"].rstrip().rstrip("#").rstrip(), entry["number"], ctx)
    simple = entry["simple"]
    if simple is not None:
        record["authors"] = simple.split(", ")
    else:
        authors = entry["authors"].rstrip()
        if ctx.mojibake_possible:  # (else check_mojibake reports nothing)
            ctx.check_mojibake(authors, _line_of(entry, "authors", line), "authors")
        record["authors"] = split_authors(_unwrap(authors))
    _read_venue_year(record, entry["conference"].rstrip(), ctx)
    record["url"] = _read_url(entry["url"].rstrip())
    abstract = entry["abstract"]
    if abstract is not None:
        # (a paragraph of one line, most abstracts, is that line)
        paras = _paras(map(str.strip, abstract.split("\n"))) if "\n" in abstract else [abstract.strip()]
        if all(map(clean_as_is, paras)):
            abstract = "\n\n".join(paras)
        else:
            abstract = clean_paragraphs(ctx, paras, _line_of(entry, "abstract", line))
    record["abstract"] = abstract
    record["code_urls"] = extract_urls(abstract)
    record["presentation"] = None
    _report_missing(record, False, ctx)


def _line_of(entry: re.Match[str], group: str, line: int) -> int:
    """The line number of where *group* of *entry* (a match that starts at *line*) starts."""
    return line + entry.string.count("\n", entry.start(), entry.start(group))


def _read_title(record: dict[str, Any], raw_title: str, number: str, ctx: ParseContext) -> None:
    """The record's title and number, from its header's."""
    ctx.check_mojibake(raw_title, record["line"], "title")
    record["title"] = clean_title(_unwrap(raw_title))
    number = number.strip()
    record["number"] = int(number) if number.isdigit() else (number or None)


def _read_venue_year(record: dict[str, Any], conference: str, ctx: ParseContext) -> None:
    """The record's venue and year, from its **Conference** field, or else the source's."""
    line = record["line"]
    venue, year = _read_conference(conference)
    if venue and ctx.venue and venue != ctx.venue:
        ctx.problem(line, "inferred", f"the record says venue {venue!r}; the source was given {ctx.venue!r}: kept {venue!r}")
    if year and ctx.year and year != ctx.year:
        ctx.problem(line, "inferred", f"the record says year {year}; the source was given {ctx.year}: kept {year}")
    record["venue"] = venue or ctx.venue
    record["year"] = year or ctx.year


def _read_url(text: str) -> str | None:
    """The address of a **URL** field: its markdown link's, or else the first link in it."""
    link = _MD_LINK.search(text)
    return (link.group("url") if link else (extract_urls(text) or [None])[0]) or None


def _report_missing(record: dict[str, Any], headless: str | bool, ctx: ParseContext) -> None:
    """Report what the finished record lacks (*headless*: why it has no header, if so)."""
    line = record["line"]
    # (a venue missing here may come from the file name; _read reports it if not)
    missing = [f for f in ("authors", "abstract") if not record[f]]
    if not record["title"] and not headless:
        missing.insert(0, "title")
    if headless:
        where = ("the file starts inside this paper: its '## [N] title' line is not in the file" if headless == "start"
                 else "a paper's fields begin again here, with no '## [N] title' line before them" if headless == "again"
                 else "this paper has no '## [N] title' line")
        ctx.problem(line, "incomplete", f"{where}, so the record has no title"
                    + (f" and no {' and '.join(missing)}" if missing else ""))
    elif missing:
        ctx.problem(line, "incomplete", f"record without {' and '.join(missing)}")
