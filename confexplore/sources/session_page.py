"""A conference site's session page, saved as text.

::

    Session
    Tue Track 2 -- Session 2            <- or "Moderators: A · B · C"
    Tue 4 Dec. 12:30 - 12:35 PST
    Spotlight
    Evolved Policy Gradients            <- the title line may be missing
    Rein Houthooft · Yuhua Chen · Pieter Abbeel
    The abstract, in one or more paragraphs …

Times become timezone-aware timestamps (stored in UTC, with the page's zone
kept in ``timezone`` for display). The year comes from the source (manifest,
``Source(year=…)``), from the page, or else from the weekday and date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import ParseError
from ..text import _CODE_HOSTS, NAME_PARTICLES, clean_text, clean_title, extract_urls, split_authors
from ._common import ParseContext, clean_paragraphs, normalise_presentation
from .paper_list import VENUES, normalise_venue
from .tldr_list import looks_like_author_line

__all__ = ["detect", "parse", "FIELDS", "TIMEZONES", "parse_slot"]

FIELDS = (
    "title", "authors", "abstract", "venue", "year", "presentation", "session", "moderators",
    "start", "end", "timezone", "code_urls",
)

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_TIME = r"(?:noon|midnight|\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?|noon)?)"  # also "12 noon"
# a line that starts like a time slot: weekday, then a day and a month in either order
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# (also a weekday and a clock with no date, "Tue 12:30 - 12:35 PST": not understood,
# but reported on its line instead of read as part of the talk before it)
_SLOT_START = re.compile(
    # "2020-12-07T18:00:00-08:00 - 2020-12-07T18:15:00-08:00" (NeurIPS 2020): a range, not a log line's time
    r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d\S*\s*(?:--|-|–|—|to)\s*\d{4}-\d\d-\d\d[T ]\d\d:\d\d|"
    rf"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)\b"
    r"|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?\s*(?:-|–|—|to)\s*\d)",
    re.IGNORECASE,
)
# the kind and the time on one line: "Poster  Wed, Dec 3, 2025 • 4:30 PM – 7:30 PM PST" (NeurIPS 2025)
_KIND_SLOT = re.compile(r"^(?P<kind>oral|spotlight|poster)\s+(?P<slot>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s.*)$",
                        re.IGNORECASE)


_KIND_STARTS = tuple(f"{k} " for kind in ("Poster", "Oral", "Spotlight") for k in (kind, kind.upper(), kind.lower()))


def _dedent(lines: list[str]) -> list[str]:
    """*lines* without the spaces before them: a page copied or converted with its lines
    indented reads as the page. (Its lines keep their numbers.)"""
    if not any(line[:1] in (" ", "\t") for line in lines):
        return lines
    return [line.lstrip() if line[:1] in (" ", "\t") else line for line in lines]


def _split_kind_slots(lines: list[str]) -> list[str]:
    """Lines with a kind and a time slot on one line split over that line and the blank one
    above it ("Poster" / "Wed, Dec 3, …"), as other pages write them; lines keep their numbers."""
    if not any(line.startswith(_KIND_STARTS) and _KIND_SLOT.match(line.strip()) for line in lines):
        return lines
    out = list(lines)
    for i, line in enumerate(out):
        m = _KIND_SLOT.match(line.strip()) if line.startswith(_KIND_STARTS) else None
        if m and _SLOT_START.match(m.group("slot")) and i and not out[i - 1].strip():
            out[i - 1], out[i] = m.group("kind"), m.group("slot")
    return out


_ISO = r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?"
_ISO_START = re.compile(r"\d{4}-\d\d-\d\d[T ]")
_ISO_SLOT = re.compile(rf"^(?P<start>{_ISO})\s*(?:--|-|–|—|to)\s*(?P<end>{_ISO})$")
_DATE = (r"(?:(?P<d{n}>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m{n}>[A-Za-z]{{3,9}})\.?"
         r"|(?P<m{n}b>[A-Za-z]{{3,9}})\.?\s+(?P<d{n}b>\d{{1,2}})(?:st|nd|rd|th)?)")
# an abbreviation, an offset from UTC, or a bare offset: moment-timezone writes "+08" for
# Singapore and "-03" for São Paulo, where the time-zone database has no abbreviation
_ZONE = r"\(?(?:[A-Z]{2,5}|(?:UTC|GMT)\s*[+-]\s*\d{1,4}(?::?\d{2})?|[+-]\d{2}(?::?\d{2})?(?![\d:]))\)?"
_SLOT = re.compile(
    r"^(?P<wd>[A-Za-z]{3})[a-z]*\.?,?\s+" + _DATE.format(n=1) +
    r",?(?:\s+(?P<year>(?:19|20)\d\d))?,?\s+(?:[•·|]\s+)?"  # "Wed, Jul 8, 2026 • 10:30 PM" (2025 sites)
    rf"(?P<t1>{_TIME})\s*(?:(?P<tz1>{_ZONE})\s*)?(?:--|-|–|—|to)\s*"
    # the end on another day: "Thu 10 Dec 11 p.m. PST — Fri 11 Dec 1 a.m. PST"
    r"(?:(?P<wd2>[A-Za-z]{3})[a-z]*\.?,?\s+" + _DATE.format(n=2) + r",?\s+)?"
    rf"(?P<t2>{_TIME})\s*(?P<tz>{_ZONE})?\s*(?:@.*)?$",  # "@ West Exhibition Hall C": the room
    re.IGNORECASE,
)
_KINDS = {
    "oral": "Oral", "spotlight": "Spotlight", "poster": "Poster", "contributed talk": "Oral",
    "talk": "Oral", "oral presentation": "Oral", "spotlight presentation": "Spotlight", "affinity poster": "Poster",
    "spotlight poster": "Spotlight", "oral poster": "Oral",  # ICML 2024-25 poster cards of orals and spotlights
    "presentation badge": None,  # a badge that names no kind (see _unbadge): the session's kind
}
_NOT_PAPERS = {"break", "coffee break", "lunch", "opening remarks", "closing remarks", "q&a", "joint q&a", "panel",
               "invited talk", "keynote", "social", "live q&a", "discussion", "tutorial"}
_BOILERPLATE = re.compile(
    r"^(?:\[?skip to .*|abstract:?|chat is not available\.?|log in and register to view live content|session|"
    r"\[?\s*visit .*\]?|"
    r"to ask questions please use rocketchat.*|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+\d{1,2}\s+[a-z]{3,9}\.?)$",
    re.IGNORECASE,
)
# Lines that are not part of a talk: a poster's place ("Hall J #711", "Poster position
# #123", "Exhibit Hall 1 #310"), link buttons ("[ Abstract ] [ OpenReview ]", "Project Page").
# A poster's board number alone ("#E-1000", "#36") also opens its card on pages with no kind
# lines; so does a bare number ("10" above a title, AISTATS), but only where a card starts.
_PLACE = re.compile(r"^(?:[\w .&+'()-]{0,60}#\s?(?:[A-Za-z]{1,3}\s?-?\s?)?\d+[A-Za-z]?|poster position\s*#?\s*\d+)$",
                    re.IGNORECASE)  # also "Great Hall & Hall B1+B2 (level 1) #1108" (NeurIPS 2023)
_LINKS = re.compile(r"^(?:\[\s*[\w &/.'-]{1,30}\s*\]\s*)+$|^(?:project page|paper|slides|video|code)(?:\s*[|·]\s*\w+)*$",
                    re.IGNORECASE)
# Words of titles, rarely of names: a lone line with one of them is a title, not an author
# (not "a": "Jorge A Smith" has a middle initial)
_TITLE_WORDS = frozenset(
    "the is are of for with via from all you we our how why what when towards using learning neural "
    "networks through beyond without".split()
)
# The site's own lines around a session's talks: with names joined by " · " under them, a
# page is a session page even when it gives no time line (MLSys 2025 session pages).
_MODERATOR_WORDS = r"(?:moderators?|moderator\(s\)|chairs?|chair\(s\)|session chairs?)"
_SITE_MARK = re.compile(rf"^\[?(?:chat is not available\.?|skip to yearly menu bar.*|{_MODERATOR_WORDS}\s*:.+|"
                        r"log in and register to view live content)$",
                        re.IGNORECASE)
# An award above a title ("Outstanding Paper Honorable Mention", "Best Paper Award"): not the title
_AWARD = re.compile(r"^(?:(?:outstanding|best|distinguished)\s+(?:[\w-]+\s+){0,3}?(?:paper|award|prize)s?"
                    r"(?:\s+(?:award|honou?rable mention|runner[- ]up|finalist))?|honou?rable mention)$", re.IGNORECASE)
# a page's label above the session's own name ("Session", "Poster Session", "Oral Session")
# the site's buttons (NeurIPS 2020): not talk text above a card's first sentence (after it, an abstract's words)
_SITE_WORDS = re.compile(r"^(?:video|chat|schedule|time)$", re.IGNORECASE)
# "1 - Oral: Learning Physical Graph Representations …" (NeurIPS 2020): number, kind and title on one line
_NUMBERED_KIND = re.compile(r"^\d{1,4}\s*[-–—]\s*(?P<kind>[A-Za-z&][A-Za-z& ]{1,30}?)\s*:\s*(?P<title>.+)$")
# a moderators' label alone on its line, their names on the next ("Session chairs" / "A, B")
_MODERATORS_LABEL = re.compile(rf"^{_MODERATOR_WORDS}$", re.IGNORECASE)
_KIND_SESSION = re.compile(r"^(oral|spotlight|poster)s?\s+sessions?\b", re.IGNORECASE)
_GENERIC_SESSION = re.compile(r"^(?:(?:oral|poster|spotlight)s?\s+)?sessions?$", re.IGNORECASE)
_MODERATORS = re.compile(rf"^{_MODERATOR_WORDS}\s*:\s*(?P<names>.*)$", re.IGNORECASE)

#: time-zone abbreviations seen on conference sites: (UTC offset in hours, IANA zone for display)
TIMEZONES: dict[str, tuple[float, str]] = {
    "PST": (-8, "America/Los_Angeles"), "PDT": (-7, "America/Los_Angeles"),
    "MST": (-7, "America/Denver"), "MDT": (-6, "America/Denver"),
    "CST": (-6, "America/Chicago"), "CDT": (-5, "America/Chicago"),
    "EST": (-5, "America/New_York"), "EDT": (-4, "America/New_York"),
    "AKST": (-9, "America/Anchorage"), "AKDT": (-8, "America/Anchorage"), "HST": (-10, "Pacific/Honolulu"),
    "UTC": (0, "UTC"), "GMT": (0, "UTC"), "WET": (0, "Europe/Lisbon"), "WEST": (1, "Europe/Lisbon"),
    "BST": (1, "Europe/London"), "CET": (1, "Europe/Paris"), "CEST": (2, "Europe/Paris"),
    "EET": (2, "Europe/Athens"), "EEST": (3, "Europe/Athens"), "MSK": (3, "Europe/Moscow"),
    "IST": (5.5, "Asia/Kolkata"), "SGT": (8, "Asia/Singapore"), "HKT": (8, "Asia/Hong_Kong"),
    "JST": (9, "Asia/Tokyo"), "KST": (9, "Asia/Seoul"), "AEST": (10, "Australia/Sydney"),
    "AEDT": (11, "Australia/Sydney"), "NZST": (12, "Pacific/Auckland"), "NZDT": (13, "Pacific/Auckland"),
    "CAT": (2, "Africa/Kigali"), "EAT": (3, "Africa/Nairobi"), "WAT": (1, "Africa/Lagos"),
    "SAST": (2, "Africa/Johannesburg"), "ICT": (7, "Asia/Bangkok"), "PHT": (8, "Asia/Manila"),
    "AWST": (8, "Australia/Perth"), "ACST": (9.5, "Australia/Adelaide"), "ACDT": (10.5, "Australia/Adelaide"),
    "BRT": (-3, "America/Sao_Paulo"), "ART": (-3, "America/Argentina/Buenos_Aires"), "PKT": (5, "Asia/Karachi"),
    "GST": (4, "Asia/Dubai"), "NPT": (5.75, "Asia/Kathmandu"),
}


def _dotted(text: str) -> bool:
    """True for a line of names joined by " · " (or by " ⋅ ", U+22C5, as MLSys pages do).

    A dot operator counts only in a line that reads as a list of names (most
    parts name-like, affiliation marks allowed): " ⋅ " in an abstract ("w ⋅ x") is text.
    """
    if " · " in text:
        return True
    if " ⋅ " not in text:
        return False
    return looks_like_author_line(text.replace(" ⋅ ", ", "))  # the test for comma-separated names


def _split_dotted(text: str | None) -> list[str]:
    if text and " · " not in text and _dotted(text):
        text = text.replace(" ⋅ ", " · ")
    return split_authors(text, sep="·")


_WRAPPED = ("⋅", "·", "⋅ ", "· ")


def _unwrap(lines: list[str]) -> list[str]:
    """Join an author line that wraps after its separator ("… ⋅ Christina Giannoula ⋅" then
    "Gennady Pekhimenko"): the second line is emptied, so line numbers stay."""
    # line by line: four substring searches of the page's text take 5x longer (most
    # pages hold a character past Latin-1, and such text is searched 2 bytes at a time)
    if not any(line.endswith(_WRAPPED) for line in lines):
        return lines
    out = list(lines)
    for i in range(len(out) - 1):
        line = out[i].rstrip()
        if line.endswith(("⋅", "·")) and out[i + 1].strip() and _names_line(joined := f"{line} {out[i + 1].strip()}"):
            out[i], out[i + 1] = joined, ""  # only when the two read as one line of names
    return out


# the text after the marks; closing marks and spaces are stripped in Python (a lazy group
# before "\s*#*\s*$" tries the rest of the line at every character: minutes on a line
# of 200k spaces)
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})\s*$")
_REF_LINK = re.compile(r"\[([^\]]*)\](?:\[\d+\]|\([^)\s]*\))")


def _plain_headings(lines: list[str]) -> list[str]:
    """A page saved as markdown (a web capture: ``### Session``, ``##### **[Title][33]**``,
    a title over two heading lines) read as the page's text: heading marks, bold marks
    and link brackets removed. Board numbers (``#36``) have no space after the mark."""
    out = []
    for line in lines:
        if line[:3] in ("===", "---") and _UNDERLINE.match(line):
            out.append("")  # a setext heading's underline ("Title" / "=====")
            continue
        m = _HEADING.match(line)
        if m:
            line = _REF_LINK.sub(r"\1", m.group(1).rstrip().rstrip("#").rstrip().replace("**", ""))
            line = re.sub(r"^\[|\]\[\d+\]$|\]$", "", line)  # a link cut over two heading lines
        out.append(line)
    return out


# The first lines of a conference site's footer, after the last talk: "Successful Page
# Load", "Useful links", or the cookie notice above them ("ICLR uses cookies for essential
# functions only. … Our Privacy Policy » Accept", ICLR 2024)
_FOOTERS = ("Successful Page Load", "Useful links", "USEFUL LINKS", "Useful Links")
_COOKIE_NOTICE = re.compile(r"^[\w .&-]{1,30} uses cookies\b.*\bAccept$")


def _footer_line(line: str) -> bool:
    return (line.startswith(_FOOTERS) and line.strip() in _FOOTERS) or (
        line.endswith("Accept") and _COOKIE_NOTICE.match(line.strip()) is not None)


# the first characters of lines that need one of parse's rarer passes
_UNUSUAL_STARTS = ("# ", "##", "[", "===", "---", "Show ", "SHOW ", "Lay ", "LAY ", *_FOOTERS)
_SHOW_MORE = re.compile(r"^show (?:more|less)$", re.IGNORECASE)
_LAY_SUMMARY = re.compile(r"^lay summary:?$", re.IGNORECASE)
# a poster's page on a conference's virtual site (ICLR 2024, NeurIPS 2023, ICML 2025):
# the site's buttons, each cut over three lines ("[", "Slides", "]") or written as markdown
# links ("[[ Paper](https://… "Paper")]  [[ Slides](…)]"); the badge "2024 Poster"
_MD_BUTTONS = re.compile(r"^(?:\[?\s*\[\s*[\w &/.'-]{1,30}\s*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)\s*\]?\s*)+$")
_CHAT = re.compile(r"^chat is not available\.?$", re.IGNORECASE)
_CODE_HOST = re.compile(rf"https?://{_CODE_HOSTS}/", re.IGNORECASE)
_SELECT_YEAR = re.compile(r"^[*+\s\[]*select year:\s*\(?(?P<year>(?:19|20)\d\d)\)?(?:\s*\]\S*)?$", re.IGNORECASE)
_YEAR_BADGE = re.compile(r"^(?:19|20)\d\d\s+(?P<kind>oral|spotlight|poster)s?$", re.IGNORECASE)


def _poster_page_lines(lines: list[str], ctx: ParseContext) -> list[str]:
    """The lines of a page with a poster page's buttons and sections made plain: a button cut
    over three lines becomes one ("[ Slides ]"), "Show more" buttons go, and a "Lay
    Summary" section (not the abstract: the catalog has no column for it) is left out and
    reported. Lines keep their numbers."""
    out = list(lines)
    for i in range(len(out) - 2):
        if out[i].strip() == "[" and out[i + 2].strip() == "]" and 0 < len(out[i + 1].strip()) <= 30:
            out[i], out[i + 1], out[i + 2] = f"[ {out[i + 1].strip()} ]", "", ""
    for i, line in enumerate(out):
        text = line.strip()
        if not text or text[0] not in "SsLl":
            continue
        if _SHOW_MORE.match(text):
            out[i] = ""
        elif _LAY_SUMMARY.match(text):
            end = i + 1
            while end < len(out) and not (_SHOW_MORE.match(t := out[end].strip()) or _SITE_WORDS.match(t)
                                          or _SITE_MARK.match(t) or t.lower() in _KINDS or _dotted(t)):
                end += 1
            body = " ".join(t for t in map(str.strip, out[i + 1:end]) if t)
            ctx.problem(i + 1, "ignored", f"the lay summary (lines {i + 1}-{end}) is not the abstract and was "
                        f"not read: {body[:60]!r}")
            out[i:end] = [""] * (end - i)
    return out


def _footer_start(lines: list[str]) -> int | None:
    """The line where the site's footer starts, if the page was copied with it: a footer's
    first line with no line of names after it (the words alone in an abstract, or a second
    page copied after the first, are not the end)."""
    marks = [i for i, line in enumerate(lines) if _footer_line(line)]
    for i in marks:
        if not any(_dotted(line) for line in lines[i + 1:]):
            return i
    return None


def _first_names_line(lines: list[str]) -> int | None:
    """The first line of names joined by " · " that is not a moderators line."""
    return next((i for i, line in enumerate(lines) if _dotted(line.strip()) and not _MODERATORS.match(line.strip())), None)


# A virtual site's day schedule lists the day's events, each as a line "Title Sat 3 Dec 07:30 a.m."
# under "Timezone: America/Chicago": workshops, tutorials, desks, socials; not papers.
_EVENT_LINE = re.compile(r"^\S.*\s(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+\d{1,2}\s+[a-z]{3,9}\.?\s+"
                         r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?$", re.IGNORECASE)
_TIMEZONE_LINE = re.compile(r"^time\s?zone:\s*[A-Za-z_]+/[A-Za-z_/+-]+$", re.IGNORECASE)


def day_schedule(lines: list[str]) -> int | None:
    """The line (1-based) of the first event of a site's day schedule, if *lines* are one."""
    if any(_SLOT_START.match(line.strip()) for line in lines):
        return None
    return _first_event(lines)


def _may_be_event(text: str) -> bool:
    """A cheap test that every line _EVENT_LINE matches passes: it ends in a clock
    ("07:30", "7 pm", "07:30 a.m."). The regex alone scans every space of a line, and
    a page's abstracts are long: most of detection's time on other formats went there."""
    last = text[-1:]
    return last.isdigit() or last in "mM" or (last == "." and text[-2:-1] in "mM")


def _first_event(lines: list[str]) -> int | None:
    """:func:`day_schedule` of lines known to have no time line."""
    events = [i for i, line in enumerate(lines) if _may_be_event(text := line.strip()) and _EVENT_LINE.match(text)]
    if events and (len(events) >= 2 or any(_TIMEZONE_LINE.match(line.strip()) for line in lines[:events[0]])):
        return events[0] + 1
    return None


DAY_SCHEDULE = ("is a conference site's day schedule (the day's events, such as workshops, tutorials and desks, "
                "each with its start time), not a list of papers: open a session's own page, whose talks have their "
                "times, titles and authors, and read that")


def detect(lines: list[str]) -> float:
    """Confidence that *lines* are a session page."""
    lines = _dedent(lines)
    slots = [i for i, line in enumerate(lines) if _SLOT_START.match(line.strip())]
    if not slots and (split := _split_kind_slots(lines)) is not lines:
        lines = split
        slots = [i for i, line in enumerate(lines) if _SLOT_START.match(line.strip())]
    if not slots:
        if _first_event(lines) is not None:
            return 0.0
        if not any("·" in line or "⋅" in line for line in lines):
            return 0.0  # (no line of names joined by dots: what follows finds none; most pages of other formats)
        # no time line: the site's own lines above names joined by " · " (MLSys pages)
        lines = _unwrap(_plain_headings(lines))
        names = _first_names_line(lines)
        if names is None:
            return 0.0
        if any(_SITE_MARK.match(line.strip()) for line in lines[:names]):
            return 0.6
        # or a talk's kind right above its title and names (a poster card copied without
        # the site's header: "Poster" or a badge, the title, the names)
        above = [t for line in lines[max(0, names - 6):names] if (t := line.strip())][-3:]
        return 0.5 if any(_unbadge(t).lower() in _KINDS for t in above[:-1] or above) else 0.0
    dotted = sum(1 for line in lines if _dotted(line))
    kinds = sum(1 for line in lines if line.strip().lower() in _KINDS)
    if not dotted and not kinds and all(_ISO_START.match(lines[i].strip()) for i in slots):
        # ranges of ISO times and nothing of a talk (a CSV, a log): only "1 - Oral: Title" lines make it one
        if not any(line[:1].isdigit() and _numbered_kind(line.strip()) for line in lines):
            return 0.0
    return 0.7 + 0.3 * min(1.0, (dotted + kinds) / (2 * len(slots)))


_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # a page repeats its few clocks and zones
def _meridiem(text: str) -> str | None:
    m = _CLOCK.fullmatch(text.strip())
    return m.group(3).lower() if m and m.group(3) else None


@functools.lru_cache(maxsize=4096)  # a page repeats its few clocks and zones
def _clock(text: str, meridiem: str | None = None) -> tuple[int, int] | None:
    """'9 a.m.' -> (9, 0), 'noon' -> (12, 0); *meridiem* ('a'/'p') applies to a bare
    clock ("10:05 -- 10:20 AM" states it once, for both)."""
    text = text.strip().lower()
    if text.endswith("noon") and text[:-4].strip() in ("", "12", "12:00", "12.00"):  # "noon", "12 noon"
        return 12, 0
    if text == "midnight":
        return 0, 0
    m = _CLOCK.fullmatch(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    half = m.group(3) or meridiem
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


_OFFSET = re.compile(r"(?:UTC|GMT)?(?P<sign>[+-])(?P<hh>\d{1,4})(?::(?P<mm>\d{2}))?")


@functools.lru_cache(maxsize=4096)  # a page repeats its few clocks and zones
def _zone(name: str) -> tuple[dt.tzinfo, str] | str:
    """(tzinfo, IANA name for display) of a zone written on a page, or the reason it cannot be read."""
    name = name.upper().replace(" ", "").strip("()")
    if name in TIMEZONES:
        offset_hours, iana = TIMEZONES[name]
        return dt.timezone(dt.timedelta(hours=offset_hours)), iana
    m = _OFFSET.fullmatch(name)
    if m:
        hh, mm = m.group("hh"), m.group("mm") or ""
        if not mm and len(hh) > 2:
            hh, mm = hh[:-2], hh[-2:]
        if len(hh) > 2 or int(mm or 0) > 59 or int(hh) > 14:
            return f"impossible UTC offset {name!r}"
        sign = -1 if m.group("sign") == "-" else 1
        offset = dt.timedelta(hours=int(hh), minutes=int(mm or 0)) * sign
        return dt.timezone(offset), _offset_zone(offset.total_seconds() / 3600)
    return f"unknown time zone {name!r}"



def _parse_iso_slot(text: str, out: dict[str, Any]) -> dict[str, Any]:
    """ "2020-12-07T18:00:00-08:00 - 2020-12-07T18:15:00-08:00": the date, clock and UTC offset of each end."""
    m = _ISO_SLOT.match(text)
    try:
        start, end = (dt.datetime.fromisoformat(m.group(g).replace(" ", "T")) for g in ("start", "end")) if m else (None, None)
    except ValueError as exc:
        out["error"] = f"impossible date or time in time slot {text!r} ({exc})"
        return out
    if start is None or end is None:
        out["error"] = f"time slot not understood: {text!r} (expected e.g. '2020-12-07T18:00:00-08:00 - 2020-12-07T18:15:00-08:00')"
        return out
    if out["year"] is not None and start.year != out["year"]:
        out["mismatch"] = f"the time slot {text!r} is in {start.year}, the source says {out['year']}: is the year right?"
    out["year"] = start.year
    if start.tzinfo is None or end.tzinfo is None:
        out["error"] = (f"no time zone in time slot {text!r}: start and end left empty "
                        "(the page does not say which clock its times are on)")
        return out
    offset = start.utcoffset().total_seconds() / 3600  # type: ignore[union-attr]
    if max(abs(offset), abs(end.utcoffset().total_seconds() / 3600)) > 14:  # type: ignore[union-attr]
        out["error"] = f"impossible UTC offset in time slot {text!r}: start and end left empty"
        return out
    if end < start:
        out["error"] = f"impossible time: the talk ends before it starts in {text!r}"
        return out
    out["start"], out["end"] = start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)
    out["timezone"] = _offset_zone(offset)  # the page gives an offset, not a place
    return out


def _offset_zone(hours: float) -> str:
    """The IANA zone of a fixed UTC offset ("Etc/GMT+8" is UTC-8: IANA writes the sign inverted);
    "UTC" for an offset of part of an hour, which has no such zone."""
    return f"Etc/GMT{'+' if hours <= 0 else '-'}{abs(int(hours))}" if hours and hours == int(hours) else "UTC"


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None


def _infer_year(weekday: int, month: int, day: int) -> int | None:
    this_year = dt.date.today().year
    for year in range(this_year, 1990, -1):
        try:
            if dt.date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def parse_slot(text: str, *, year: int | None, hint: int | None = None) -> dict[str, Any]:
    """Parse a time-slot line into start/end timestamps.

    Returns a dict with ``start``, ``end`` (``datetime`` in UTC; the catalog's
    tables hold them as a UTC ``datetime64`` column),
    ``timezone`` (IANA name), ``year``, and ``error`` (a reason, or None).
    With no *year*, a *hint* (the file name's year) is taken when the line's weekday
    falls on its date that year; otherwise the year is the latest whose calendar
    fits the weekday.

    Examples
    --------
    >>> s = parse_slot("Tue 4 May 11:00 - 11:15 PDT", year=2021)
    >>> str(s["start"]), s["timezone"]
    ('2021-05-04 18:00:00+00:00', 'America/Los_Angeles')
    """
    # the same time line recurs across a conference's pages (parallel tracks): read it once
    return dict(_parse_slot_cached(text.strip(), year, hint))


@functools.lru_cache(maxsize=8192)
def _parse_slot_cached(text: str, year: int | None, hint: int | None) -> tuple[tuple[str, Any], ...]:
    return tuple(_parse_slot(text, year=year, hint=hint).items())


def _parse_slot(text: str, *, year: int | None, hint: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"start": None, "end": None, "timezone": None, "year": year, "error": None}
    if _ISO_START.match(text.strip()):
        return _parse_iso_slot(text.strip(), out)
    m = _SLOT.match(text.strip())
    if not m:
        out["error"] = f"time slot not understood: {text.strip()!r} (expected e.g. 'Tue 4 Dec. 12:30 - 12:35 PST')"
        return out
    month = _MONTHS.get((m.group("m1") or m.group("m1b")).lower()[:3])
    day = int(m.group("d1") or m.group("d1b"))
    weekday = _WEEKDAYS.index(m.group("wd").lower()) if m.group("wd").lower() in _WEEKDAYS else None
    if month is None or weekday is None:
        out["error"] = f"impossible date in time slot {text.strip()!r}"
        return out
    if m.group("year"):
        year = int(m.group("year"))
    inferred = False
    hinted = False
    if year is None and hint is not None and _weekday_of(hint, month, day) == weekday:
        year, hinted = hint, True  # the file name's year, which the weekday agrees with
    if year is None:
        year = _infer_year(weekday, month, day)
        inferred = True
    out["year"] = year
    try:
        date = dt.date(year, month, day) if year else None
    except ValueError:
        date = None
    if date is None:
        out["error"] = f"impossible date in time slot {text.strip()!r}"
        return out
    end_date = date
    if m.group("wd2"):
        end_month = _MONTHS.get((m.group("m2") or m.group("m2b")).lower()[:3])
        try:
            end_date = dt.date(year, end_month or 0, int(m.group("d2") or m.group("d2b")))
        except ValueError:
            out["error"] = f"impossible end date in time slot {text.strip()!r}"
            return out
        if end_date < date:  # "Dec 31 ... — Jan 1": the next year
            end_date = end_date.replace(year=year + 1)
    t1 = _clock(m.group("t1"), None if _meridiem(m.group("t1")) else _meridiem(m.group("t2")))
    t2 = _clock(m.group("t2"))
    if t1 is not None and t2 is not None and t1 > t2 and not _meridiem(m.group("t1")) and end_date == date:
        t1 = _clock(m.group("t1"))  # "11:30 - 1 PM": the start's own reading
    if t1 is None or t2 is None:
        out["error"] = f"impossible time in time slot {text.strip()!r}"
        return out
    zones = []
    for group in ("tz1", "tz"):
        zone = _zone(m.group(group)) if m.group(group) else None
        if isinstance(zone, str):
            out["error"] = f"{zone} in time slot {text.strip()!r}: start and end left empty"
            return out
        zones.append(zone)
    start_zone, end_zone = zones[0] or zones[1], zones[1] or zones[0]
    if start_zone is None or end_zone is None:
        out["error"] = (f"no time zone in time slot {text.strip()!r}: start and end left empty "
                        "(the page does not say which clock its times are on)")
        return out
    tzinfo, iana = start_zone
    start = dt.datetime.combine(date, dt.time(*t1), tzinfo)
    end = dt.datetime.combine(end_date, dt.time(*t2), end_zone[0])
    if end < start and end_date == date:
        # past midnight ("11 p.m. - 1 a.m.", "10 p.m. - midnight"): only for a talk of at most 12 hours
        if end + dt.timedelta(days=1) - start <= dt.timedelta(hours=12):
            end += dt.timedelta(days=1)
    if end < start:
        out["error"] = f"impossible time: the talk ends before it starts in {text.strip()!r}"
        end = None
    if not inferred and date.weekday() != weekday:
        out["mismatch"] = f"{m.group('wd')} does not match {date.isoformat()} in {text.strip()!r}: is the year right?"
    if inferred:
        out["warning"] = f"year {year} inferred from the weekday and date in {text.strip()!r}"
    elif hinted:
        out["warning"] = f"year {year} taken from the file name, the weekday and date agreeing in {text.strip()!r}"
    out["start"] = start.astimezone(dt.timezone.utc)
    out["end"] = end.astimezone(dt.timezone.utc) if end is not None else None
    # the display zone: the IANA zone if it agrees with the stated offset on that day
    if iana != "UTC" and ZoneInfo(iana).utcoffset(start.replace(tzinfo=None)) != start.utcoffset():
        hours = start.utcoffset().total_seconds() / 3600  # type: ignore[union-attr]
        iana = _offset_zone(hours)
    out["timezone"] = iana
    return out


def _is_prose(text: str) -> bool:
    """A sentence rather than a title or a list of names."""
    if len(text) > 250:  # (before splitting: an abstract's line is long)
        return True
    words = text.split()
    return len(words) > 25 or (text.endswith(".") and len(words) >= 5)


def _short_title(text: str) -> bool:
    """A title that ends like a sentence ("Is Attention All You Need? Not Quite."): read as a
    title only where a line of names follows it."""
    words = text.split()
    return text[-1:] in ".?!" and len(text) <= 200 and len(words) <= 20 and "://" not in text


_NAME_WORD = re.compile(r"[^\W\d_]+(?:[.'’\-][^\W\d_]*)*\.?")


def _is_name_like(text: str, *, any_case: bool = False) -> bool:
    """Could *text* be one person's name (or a short list of names)?

    Words must be capitalised, apart from particles such as "van" or "de";
    with *any_case* (a page whose talks have no titles) "eran malach" also passes.
    """
    words = text.split()
    if not 1 <= len(words) <= 5 or ":" in text:
        return False
    if all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words if w.isalpha()):
        return True
    # "eran malach", "Nur Muhammad (mahi) Angelopoulos"
    return any_case and all(_NAME_WORD.fullmatch(w.strip(",()\"")) for w in words)


def _join_moderators(lines: list[str]) -> list[str]:
    """ "Session chairs" / (blank) / "Laurens van der Maaten, Fei Sha" -> one "Session chairs: …" line
    (NeurIPS 2020): the label's line takes the names, theirs is left blank. Only in the page's
    header, above the first kind line or line of authors."""
    out = lines
    taken = -1  # the names line a label took
    for i, line in enumerate(lines):
        text = line.strip()
        if i != taken and (text.lower() in _KINDS or (_dotted(text) and _names_line(text))
                           or (text[:1].isdigit() and _numbered_kind(text))):
            break  # the talks begin: a label below is part of a talk, read with it
        if text[:1] in "MmCcSs" and _MODERATORS_LABEL.match(text):
            j = next((j for j in range(i + 1, min(len(lines), i + 3)) if lines[j].strip()), None)
            if out is lines:
                out = list(lines)
            if j is not None and not _SLOT_START.match(lines[j].strip()) and (
                    _dotted(lines[j].strip()) or looks_like_author_line(lines[j].strip())):
                out[i], out[j] = f"{text}: {lines[j].strip()}", ""
                taken = j
            else:  # a label with no names under it: nothing to read
                out[i] = ""
    return out


# ICLR 2023's badges: "In-Person Oral presentation / top 5% paper", "Virtual presentation / poster accept"
_BADGE = re.compile(r"^(?:(?:in[- ]?person|virtual|hybrid|remote)\s+)?(?P<kind>oral|spotlight|poster)?\s*presentation\s*/"
                    r"\s*(?P<decision>[\w%& -]{1,40})$", re.IGNORECASE)


def _unbadge(line: str) -> str:
    """A site's badge as the talk's kind: "In-Person Oral presentation / top 5% paper" -> "Oral",
    "Virtual presentation / poster accept" -> "Poster"; "Presentation" where the badge does
    not say ("Presentation badge": the session's kind then applies)."""
    m = _BADGE.match(line.strip()) if "/" in line else None
    if m is None or not (m.group("kind") or line.lstrip()[:1] in "IiVvHhRr"):
        return line
    said = m.group("kind") or next((k for k in ("oral", "spotlight", "poster") if k in m.group("decision").lower()), None)
    return said.capitalize() if said else "Presentation badge"


def _unbracket(line: str) -> str:
    """ "(Oral)" -> "Oral", "(Q&A)" -> "Q&A" (NeurIPS 2021 session pages): a kind in parentheses."""
    if line[-1:] == ")" and line[:1] == "(":
        inner = line[1:-1].strip()
        if inner.lower() in _KINDS or inner.lower() in _NOT_PAPERS:
            return inner
    return line


def _titleless_page(lines: list[str], bounds: list[int]) -> bool:
    """True when the page's talks name their authors (" · ") right after the kind, with no title line."""
    direct = titled = 0
    for a, b in zip(bounds, bounds[1:]):
        items = [t for t in (lines[i].strip() for i in range(a + 1, min(b, a + 12))) if t and not _BOILERPLATE.match(t)]
        if items and items[0].lower() in _KINDS:
            items = items[1:]
        if items and _dotted(items[0]):
            direct += 1
        elif len(items) > 1 and _dotted(items[1]):
            titled += 1
    return direct > 0 and titled == 0


def parse(lines: list[str], ctx: ParseContext) -> None:
    """Read the talks of a session page into *ctx*."""
    lines = _dedent(lines)
    event = day_schedule(lines)
    if event is not None:
        raise ParseError(ctx.name, DAY_SCHEDULE, line=event)
    lines = _split_kind_slots(lines)
    # one pass finds whether there is anything for either to do (most pages: nothing)
    unusual = any(line.endswith(_WRAPPED) or line.startswith(_UNUSUAL_STARTS) or line.endswith("Accept")
                  for line in lines)
    lines = _unwrap(_plain_headings(lines)) if unusual else lines
    if unusual:
        lines = _poster_page_lines(lines, ctx)
    if any(line[-1:] == ")" for line in lines):
        lines = [_unbracket(line) for line in lines]
    if any("presentation /" in line.lower() for line in lines):
        lines = [_unbadge(line) for line in lines]
    lines = _join_moderators(lines)
    footer = _footer_start(lines) if unusual else None
    if footer is not None:
        last = max((i for i in range(len(lines)) if lines[i].strip()), default=footer)
        ctx.problem(footer + 1, "ignored", f"the site's footer (lines {footer + 1}-{last + 1}) was not read: "
                    f"{lines[footer].strip()!r}")
        lines = lines[:footer]
    slots = [i for i, line in enumerate(lines) if _SLOT_START.match(line.strip())]
    talks_from = slots[0] if slots else _talks_start(lines)
    # a talk above the first time line (its own time line lost, or a page that gives times
    # for some talks only): names with text under them there; read it, without a time
    early = _talk_above(lines, slots[0]) if slots else None
    if early is not None and early < 0:
        # names with text under them above the first time line, with no kind or board: a
        # talk, or the page's organizers or speakers; not read, and said
        first = -1 - early
        while first < slots[0] and not lines[first].strip():
            first += 1
        ctx.problem(first + 1, "skipped", f"lines {first + 1}-{slots[0]} above the first time line read like a talk "
                    f"(a line of names with text under it) but have no kind or board line, as the page's talks do: "
                    f"not read; they start {lines[first].strip()[:60]!r}", kept=False)
        early = None
    if early is not None:
        talks_from = early
    header = [(i + 1, lines[i].strip()) for i in range(talks_from) if lines[i].strip()]
    session = None
    moderators: list[str] = []
    venue = ctx.venue
    year = ctx.year
    for k, (number, text) in enumerate(header):
        mod = _MODERATORS.match(text)
        if mod:
            moderators = _split_dotted(mod.group("names"))
        elif _GENERIC_SESSION.match(text) and k + 1 < len(header) and not _MODERATORS.match(header[k + 1][1]) \
                and not _BOILERPLATE.match(header[k + 1][1]) and not _PLACE.match(header[k + 1][1]):
            session = clean_text(header[k + 1][1])  # "Poster Session" then "Poster Session 2"
        elif year is None and text[:1] in "Ss*+[" and (selected := _SELECT_YEAR.match(text)):
            year = int(selected.group("year"))  # the site's year menu: "Select Year: (2024)"
        elif venue is None or year is None:
            for word, name in VENUES.items():
                m = re.search(rf"\b{word}\b\s*'?((?:19|20)\d\d)?", text, re.IGNORECASE)
                if m:
                    venue = venue or normalise_venue(name)
                    if m.group(1) and year is None:
                        year = int(m.group(1))
                    break
    if not moderators:  # given under the session's own time line (NeurIPS 2020), not above it
        upto = slots[1] if len(slots) > 1 else talks_from
        mod = next((m for i in range(talks_from, upto) if lines[i][:1] in "MmCcSs"
                    and (m := _MODERATORS.match(lines[i].strip()))), None)
        if mod:
            moderators = _split_dotted(mod.group("names"))
    if session is None:
        menu = _menu_lines(header)
        for number, text in header:
            if re.search(r"\b(?:session|track)\b", text, re.IGNORECASE) and not _GENERIC_SESSION.match(text) \
                    and len(text) < 120 and number not in menu and text[:1] not in "*+-[":
                session = clean_text(text)
                break
    # a "Poster Session" (or "Oral Session") label: the kind of its talks that have no kind line
    label = next((t for _, t in header if _GENERIC_SESSION.match(t) and t.lower() != "session"), None)
    page_kind = _KINDS.get(label.split()[0].lower().rstrip("s")) if label else None  # "Posters Session" too
    if page_kind is None and session and (named := _KIND_SESSION.match(session)):
        page_kind = _KINDS.get(named.group(1).lower())  # "Poster Session 4", "Oral Session 1A"
    if session is None and label:  # only the label: better than nothing
        session = clean_text(label)
    if not slots:
        ctx.problem(None, "context", "the page gives no time line: its talks have no start or end time")
        cards = _split_cards([(i + 1, t) for i in range(talks_from, len(lines)) if (t := lines[i].strip())])
        slot = _read_slot(lines, None, year)
        for c, card in enumerate(c for c in cards if c):
            _parse_talk(lines, None, card, ctx, again=c > 0, at_end=True, venue=venue, year=year, session=session,
                        moderators=moderators, titleless=False, page_kind=page_kind, kind=None, slot=slot)
        return
    if early is not None:
        cards = _split_cards([(i + 1, t) for i in range(early, slots[0]) if (t := lines[i].strip())])
        for c, card in enumerate(c for c in cards if c):
            ctx.problem(card[0][0], "incomplete", "a talk above the page's first time line: it has no start or end time")
            _parse_talk(lines, None, card, ctx, again=c > 0, at_end=False, venue=venue, year=year, session=session,
                        moderators=moderators, titleless=False, page_kind=page_kind, kind=None,
                        slot=_read_slot(lines, None, year))
    bounds = slots + [len(lines)]
    titleless = _titleless_page(lines, bounds)
    # cards that put the kind above the time line ("Oral" / "Tue 12 Dec 10:30 — 10:45 CST" / title)
    kind_above = {k: j for k, slot in enumerate(slots) if (j := _kind_above(lines, slot, bounds[k + 1])) is not None}
    for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
        end = kind_above.get(k + 1, b)
        # a poster session gives its time once, then card after card: each is a talk at that time
        cards = _split_cards([(i + 1, t) for i in range(a + 1, end) if (t := lines[i].strip())])
        slot = _read_slot(lines, a, year, ctx.year_hint)
        for c, card in enumerate(cards):
            _parse_talk(lines, a, card, ctx, again=c > 0, at_end=end >= len(lines), venue=venue, year=year,
                        session=session, moderators=moderators, titleless=titleless, page_kind=page_kind,
                        kind=lines[kind_above[k]].strip() if c == 0 and k in kind_above else None, slot=slot)


def _menu_lines(header: list[tuple[int, str]]) -> set[int]:
    """Line numbers of the site's menu in a page's *header*: from "Main Navigation" to the
    year menu ("Select Year: (2025)"), whose entries ("Journal To Conference Track") are no
    session's name."""
    start = next((n for n, t in header if t.lower() == "main navigation"), None)
    if start is None:
        return set()
    end = next((n for n, t in header if n > start and "select year" in t.lower()), start)
    return {n for n, _ in header if start <= n <= end}


def _talk_above(lines: list[str], first_slot: int) -> int | None:
    """Where a talk above the first time line begins, if one is there: a line of names
    (not the moderators') with a sentence under it, before the first time line."""
    head = lines[:first_slot]
    names = next((i for i, line in enumerate(head) if (" · " in line or " ⋅ " in line) and _names_line(line.strip())
                  and not _MODERATORS.match(line.strip())), None)
    if names is None or not any((t := line.strip()) and not _BOILERPLATE.match(t) and not _SITE_MARK.match(t)
                                for line in head[names + 1:]):
        return None
    above = [t for t in (line.strip() for line in head[:names]) if t][-4:]
    start = _talks_start(head)
    if not any(t.lower() in _KINDS or _is_mark(t) or (t[:1].isdigit() and _numbered_kind(t)) for t in above) and any(
            (t := line.strip()).lower() in _KINDS or (t[:1].isdigit() and _numbered_kind(t)) for line in lines[first_slot:]):
        # names with text under them but no kind or board, on a page whose talks have them: maybe
        # the page's own organizers or speakers
        return -1 - start
    return start


def _talks_start(lines: list[str]) -> int:
    """Where the talks of a page with no time line begin: after the site's lines above the first names."""
    names = _first_names_line(lines)
    if names is None:
        return len(lines)
    marks = [i for i in range(names) if (t := lines[i].strip()) and (_SITE_MARK.match(t) or _BOILERPLATE.match(t))]
    start = marks[-1] + 1 if marks else 0
    # the first talk's card begins at its kind or board line right above its title and names;
    # what is above is the page's header: on a page copied without the site's lines, and on a
    # poster's own page, whose site menu ("Main Navigation", "My Stuff", "Select Year: (2024)")
    # stands between "Skip to main content" and the card
    card = [i for i in range(max(start, names - 6), names) if (t := lines[i].strip()) and (t.lower() in _KINDS or _is_mark(t))]
    if card:
        start = card[0]
    # a "Session" label and the session's name under it belong to the page, not to the first talk
    label = next((i for i in range(names - 1, -1, -1) if _GENERIC_SESSION.match(lines[i].strip())), None)
    if label is not None:
        name = next((i for i in range(label + 1, names) if lines[i].strip()), None)
        if name is not None and not _is_mark(lines[name].strip()) and not _SITE_MARK.match(lines[name].strip()):
            start = max(start, name + 1)
    return start


def _names_line(text: str) -> bool:
    """A line of names joined by " · " (or " ⋅ "): not "Keywords: a · b" or "Code · Data · Slides"."""
    return (_dotted(text) and ":" not in text and not _LINKS.match(text)
            and looks_like_author_line(text.replace(" · ", ", ").replace(" ⋅ ", ", ")))


def _is_mark(text: str) -> bool:
    """A kind ("Poster") or board line ("#E-1000", "Hall J #711", "10") that may open a card."""
    # cheap tests first: the regexes only for the few short lines that pass them
    return len(text) < 80 and (text.lower() in _KINDS or (
        ("#" in text or text[:1] in "Pp") and _PLACE.match(text) is not None) or (text.isdigit() and len(text) <= 4))


def _split_cards(items: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The non-blank (line, text) *items* under one time line, cut into talks.

    A poster session's page gives the session's time once, then its posters::

        Wed 16 Jul 4:30 p.m. PDT — 7 p.m. PDT
        Poster
        #E-1000
        FairICP: Encouraging Equalized Odds via Inverse Conditional Permutation
        Yuheng Lai · Leying Guan
        Equalized odds, an important notion …
        Poster
        #E-1001
        …

    A kind or board line ("Poster", "#E-1000", a bare "10" on AISTATS pages) opens a
    new talk when the talk before it has a title, authors or text and a talk follows
    it: a line of authors, right there or after one to three title lines ("Hall J
    #711" under a talk's authors, above its abstract, is that talk's place; "#1" or
    "Poster" inside an abstract is text). On pages with neither, a second line of
    names after a talk's abstract opens the next talk, with its title: the short lines
    right above the names, or the short paragraph before them.
    """
    marks = [_is_mark(text) for _, text in items]
    # "3 - Spotlight: Title" (NeurIPS 2020): kind and title on one line, which always opens a talk
    kinds_of = [_numbered_kind(text) if text[:1].isdigit() else None for _, text in items]
    # It opens a talk over names (or at the end); not right under a talk's names (there, before
    # the talk's abstract, it is text), over a title or, for a talk's kind, over text
    numbered = [kind is not None and (
        k + 1 == len(items) or _dotted(items[k + 1][1]) or looks_like_author_line(items[k + 1][1])
        or ((k == 0 or not (_dotted(items[k - 1][1]) or looks_like_author_line(items[k - 1][1])))
            and (kind[0].lower() in _KINDS or not _is_prose(items[k + 1][1]))))
        for k, kind in enumerate(kinds_of)]
    if sum(marks) <= 1 and sum(k is not None for k in kinds_of) <= 1 \
            and len([1 for _, text in items if " · " in text or " ⋅ " in text]) <= 1:
        return [items]  # one kind or board line, one line of names at most: one talk (the common case)
    n = len(items)
    names = [_names_line(text) if " · " in text or " ⋅ " in text else False for _, text in items]
    # paragraph number of each item: a blank line (a gap in line numbers) starts a new one
    para = [0] * n
    for x in range(1, n):
        para[x] = para[x - 1] + (items[x][0] != items[x - 1][0] + 1)

    def title_like(x: int, *, carded: bool = False) -> bool:
        text = items[x][1]
        if names[x] or "://" in text or text[-1:] in ",;:":
            return False
        # under a kind or board line, a short line ending like a sentence can be a title
        return not _is_prose(text) or (carded and _short_title(text))

    def titles(lo: int, hi: int, *, carded: bool = False) -> bool:  # items lo..hi-1: 1-3 short lines, no text
        return 0 < hi - lo <= 3 and all(title_like(x, carded=carded) for x in range(lo, hi))

    def card_follows(run: int, *, lenient: bool = True) -> bool:
        """A talk starts at *run*: its authors right there, or after 1-3 title lines."""
        if run < n and names[run]:
            return True
        # a title that ends like a sentence only right under the kind or board line, no blank between
        carded = lenient and 0 < run < n and para[run] == para[run - 1]
        for a in range(run + 1, min(run + 4, n)):
            if marks[a]:
                return False
            if names[a] or (_is_name_like(items[a][1]) and para[a] > para[a - 1] and not _SITE_WORDS.match(items[a][1])):
                return titles(run, a, carded=carded)
            if not title_like(a, carded=carded):
                return False
        return False

    def _numeric_title(run: int) -> bool:
        """"Poster" / "#W-7" / "1984": a bare number after a board line is the title (one board a card)."""
        return run >= 2 and items[run - 1][1].isdigit() and marks[run - 2] and "#" in items[run - 2][1]

    starts = [0]
    seen_names = -1  # the item of the current talk's names, -1 before them
    content = False  # the current talk has names, text or a title
    x = 0
    while x < n:
        text = items[x][1]
        if numbered[x]:
            if content:
                starts.append(x)
                seen_names = -1
            content = True
            x += 1
            continue
        if marks[x]:
            run = x
            while run < n and (marks[run] or _LINKS.match(items[run][1]) or _AWARD.match(items[run][1])):
                run += 1
            # right under the current talk's names (no line, not even a blank one, between) it may be
            # the talk's own kind or place: then a sentence under it is that talk's abstract, not a title
            own = seen_names >= 0 and x == seen_names + 1 and para[x] == para[seen_names] and run == x + 1 \
                and items[x][1].lower() in _KINDS
            if content and (card_follows(run, lenient=not own)
                            or _numeric_title(run) and card_follows(run - 1, lenient=not own)):
                starts.append(x)
                seen_names, content = -1, False
            x = run
            continue
        if names[x]:
            if seen_names >= 0:  # a second line of names: where does the next talk start?
                first = x  # the top of the names' paragraph: a title written right above them
                while first - 1 > seen_names and para[first - 1] == para[x]:
                    first -= 1
                start = x
                if first < x:
                    if first > seen_names + 1 and titles(first, x):  # a title paragraph ending in the names
                        start = first
                    elif x - 1 > seen_names + 1 and title_like(x - 1):  # no blank lines: the line above
                        start = x - 1
                else:  # the names alone: the paragraph before them, if it reads as a title
                    lo = x
                    while lo - 1 > seen_names and para[lo - 1] == para[x] - 1:
                        lo -= 1
                    if lo < x and lo > seen_names + 1 and titles(lo, x):
                        start = lo
                if start > seen_names + 1:  # the talk before has text after its names: its abstract
                    starts.append(start)
            seen_names, content = x, True
        elif not content and not _BOILERPLATE.match(text):
            content = True  # a title, names or text: a kind or board line after it opens another talk
        x += 1
    return [items[a:b] for a, b in zip(starts, starts[1:] + [n]) if a < b]


def _not_paper_line(text: str) -> bool:
    """ "Q&A", "Break", "2 - Q&A: Title": a slot that is no paper."""
    if text.lower() in _NOT_PAPERS:
        return True
    numbered = _numbered_kind(text) if text[:1].isdigit() else None
    return numbered is not None and numbered[0].lower() in _NOT_PAPERS


def _kind_line(text: str) -> bool:
    """ "Oral", "3 - Spotlight: Title": a talk's kind."""
    if text.lower() in _KINDS:
        return True
    numbered = _numbered_kind(text) if text[:1].isdigit() else None
    return numbered is not None and numbered[0].lower() in _KINDS


def _numbered_kind(text: str) -> tuple[str, str] | None:
    """(kind, title) of "1 - Oral: Title" or "2 - Q&A: Title" (NeurIPS 2020), for a kind the page uses."""
    m = _NUMBERED_KIND.match(text)
    if m and (m.group("kind").lower() in _KINDS or m.group("kind").lower() in _NOT_PAPERS):
        return m.group("kind"), m.group("title").strip()
    return None


def _kind_above(lines: list[str], slot: int, end: int) -> int | None:
    """The line of a kind ("Oral") right above the time line at *slot*, when none follows it."""
    above = next((j for j in range(slot - 1, -1, -1) if lines[j].strip()), None)
    if above is None or lines[above].strip().lower() not in _KINDS:
        return None
    below = next((t for t in (lines[j].strip() for j in range(slot + 1, end)) if t and not _BOILERPLATE.match(t)), "")
    return None if below.lower() in _KINDS else above


def _read_slot(lines: list[str], a: int | None, year: int | None, hint: int | None = None) -> dict[str, Any]:
    """:func:`parse_slot` of the time line *a*, read once for all the talks under it (None: no time line)."""
    if a is None:  # a page with no time line
        return {"start": None, "end": None, "timezone": None, "year": year, "error": None}
    try:
        return parse_slot(lines[a], year=year, hint=hint)
    except (ValueError, OverflowError) as exc:  # one odd time line must not cost the whole page
        return {"start": None, "end": None, "timezone": None, "year": year,
                "error": f"time slot not understood: {lines[a].strip()!r} ({exc})"}


def _parse_talk(lines: list[str], a: int | None, raw: list[tuple[int, str]], ctx: ParseContext, *, again: bool,
                at_end: bool, **page: Any) -> None:
    """Read the talk of the non-blank (line, text) *raw* under the time line *a* (None: the page has none).

    *again*: a further card under the same time line; its record is at its own first
    line, and the time line's problems are reported with the first card only.
    ``page["slot"]`` is the time line read by :func:`_read_slot`.
    """
    number = raw[0][0] if again or a is None else a + 1
    slot = page["slot"]
    # a bare number among the card's first lines is its board number ("10" above the title)
    lead = next((x for x, (_, t) in enumerate(raw) if not _is_mark(t) and not _BOILERPLATE.match(t)), len(raw))
    if lead >= 2 and raw[lead - 1][1].isdigit() and "#" in raw[lead - 2][1] and lead < len(raw) \
            and (_dotted(raw[lead][1]) or _is_name_like(raw[lead][1])):
        lead -= 1  # "#W-7" / "1984" / "Grace Hopper": the board, then a title made of digits
    # a place ("Hall J #711") stands above the abstract; after its first sentence "ranked #1" is text
    prose = next((x for x, (_, t) in enumerate(raw) if _is_prose(t) and not _BOILERPLATE.match(t)), len(raw))
    # a poster's own page: what follows its "Chat is not available." line is not the talk's
    # (a paper viewer embedded below it repeats the title and abstract, then the full text)
    chat = next((x for x, (_, t) in enumerate(raw) if x > prose and t[:1] in "Cc" and _CHAT.match(t)), None)
    if chat is not None:
        rest = [(n, t) for n, t in raw[chat + 1:] if not _BOILERPLATE.match(t) and not _SITE_MARK.match(t)]
        if rest:
            ctx.problem(rest[0][0], "ignored", f"the text after the talk's 'Chat is not available.' line (lines "
                        f"{rest[0][0]}-{rest[-1][0]}) is not the talk's and was not read: {rest[0][1][:60]!r}")
        raw = raw[:chat]
    awards = {n for n, t in raw if t[:1] in "OoBbDdHh" and len(t) < 80 and _AWARD.match(t)}
    # the site's link buttons as markdown ("[Project Page](https://github.com/…)"): a code link is kept
    button_code = [u for n, t in raw if t[:1] == "[" and _MD_BUTTONS.match(t) for u in extract_urls(t)
                   if _CODE_HOST.match(u)]
    for n, t in raw:
        if n in awards:
            ctx.problem(n, "ignored", f"an award line is not part of the title and was not read: {t!r}")
    for n, t in raw[:prose]:
        mod = _MODERATORS.match(t) if t[:1] in "MmCcSs" else None
        if mod and _split_dotted(mod.group("names")) != page["moderators"]:
            ctx.problem(n, "ignored", f"a moderators' line among a talk's lines was not read: {t!r}")
        elif t[:1] in "MmCcSs" and _MODERATORS_LABEL.match(t):
            ctx.problem(n, "ignored", f"a moderators' label among a talk's lines was not read: {t!r}")
    # a poster page's badge under the names ("2024 Poster"): the kind, where no line above gives it
    badge = next((m.group("kind") for x, (_, t) in enumerate(raw[:prose]) if t[:1] in "12" and (m := _YEAR_BADGE.match(t))),
                 None)
    items = [(n, t) for x, (n, t) in enumerate(raw)
             if (not _BOILERPLATE.match(t) or _KINDS.get(t.lower())) and not (x < prose and _PLACE.match(t))
             and not (x < prose and _SITE_WORDS.match(t))
             and not _LINKS.match(t) and n not in awards and not (x < lead and t.isdigit())
             and not (x < prose and (_MODERATORS.match(t) or _MODERATORS_LABEL.match(t)))
             and not (x < prose and t[:1] in "12" and _YEAR_BADGE.match(t))
             and not (t[:1] == "[" and _MD_BUTTONS.match(t))]
    # a slot that is no paper ("Q&A", "2 - Q&A: <a talk's title>") with a talk's kind under it
    # ("Oral", "3 - Spotlight: Title"): the Q&A lines are not read, the talk is
    lead_np = next((k for k in range(1, min(len(items), 5)) if _kind_line(items[k][1])), 0) \
        if items and _not_paper_line(items[0][1]) else 0
    if lead_np and not any(_dotted(t) or _is_prose(t) for _, t in items[1:lead_np]):
        ctx.problem(number, "ignored", f"{items[0][1]!r} slot is not a paper and was not read; the talk "
                    f"under it (line {items[lead_np][0]}) has this time line's time")
        number = items[lead_np][0]
        items = items[lead_np:]
    numbered = _numbered_kind(items[0][1]) if items and items[0][1][:1].isdigit() else None
    if numbered and numbered[0].lower() in _NOT_PAPERS:
        # "2 - Q&A: <a paper's title>": the questions on a talk listed on its own (its card
        # ends at the next numbered line), not another paper
        ctx.problem(number, "ignored", f"{numbered[0]!r} slot is not a paper and was not read: {items[0][1]!r}"
                    + (f" (and the {len(items) - 1} line(s) under it)" if len(items) > 1 else ""))
        return
    if numbered:  # "1 - Oral: Title": the kind, then the title, both on the card's first line
        items[:1] = [(items[0][0], numbered[0]), (items[0][0], numbered[1])]
    if page["kind"] and items:
        items.insert(0, (number, page["kind"]))  # the kind written above the time line
    if not items:
        # a time line with no talk under it: the session's own time in the page header, an
        # empty slot, or a page cut right after the time line
        if again or a is None:  # a board number and nothing else after the last talk
            ctx.problem(number, "ignored", f"a line with no talk under it was not read: {raw[0][1]!r}")
        elif at_end:
            ctx.problem(number, "skipped", f"the page ends after this time line, with no talk under it "
                        f"(a cut file?): {lines[a].strip()!r}", kept=False)
        else:
            ctx.problem(number, "ignored", f"a time line with no talk under it (the session's own time?): "
                        f"{lines[a].strip()!r}")
        return
    # paragraphs (blank-line separated) keep the abstract's structure
    paras: list[list[tuple[int, str]]] = []
    last = None
    for n, t in items:
        if last is not None and n == last + 1 and paras:
            paras[-1].append((n, t))
        else:
            paras.append([(n, t)])
        last = n
    flat = [t for p in paras for _, t in p]
    kind = None
    if flat and (flat[0].lower() in _KINDS or flat[0].lower() in _NOT_PAPERS):
        kind = flat[0]
        if kind.lower() in _NOT_PAPERS and len(flat) <= 2:
            ctx.problem(number, "ignored", f"{kind!r} slot is not a paper and was not read")
            return
    # lines after the kind, up to the first long prose line, are title/authors
    lines_after = flat[1:] if kind else flat
    head: list[str] = []
    rest_index = 0
    # an authors line (names joined by " · ") among the first lines settles it:
    # whatever stands above it is the title, even a title ending in "vs."
    dotted = next((i for i, t in enumerate(lines_after[:4]) if _dotted(t)), None)
    if dotted is None and len(lines_after) >= 2 and _is_prose(lines_after[0]) and _short_title(lines_after[0]) \
            and (kind or lead > 0) and _is_name_like(lines_after[1]):
        # a card ("Poster" / "#W-7") whose title ends like a sentence, then its one author
        dotted = 1
    if dotted is not None:
        head, rest_index = lines_after[: dotted + 1], dotted + 1
    for rest_index, t in enumerate(lines_after[rest_index:] if dotted is None else [], start=rest_index):
        if _dotted(t) or not _is_prose(t):
            head.append(t)
            if _dotted(t):
                rest_index += 1
                break
        else:
            break
    else:
        if dotted is None:
            rest_index = len(lines_after)
    author_idx = next((i for i, t in enumerate(head) if _dotted(t)), None)
    title = authors_text = None
    if author_idx is not None:
        authors_text = head[author_idx]
        title = " ".join(head[:author_idx]) or None
    elif len(head) >= 2:
        title, authors_text = head[0], head[1]
        rest_index = min(rest_index, 2)
        if numbered and not looks_like_author_line(authors_text):
            authors_text, rest_index = None, 1  # "3 - Spotlight: Title" over text, not names: its abstract
    elif len(head) == 1:
        # one line and no " · ": a lone author, or a title with no authors
        if _is_name_like(head[0], any_case=page["titleless"]) and not (
                _TITLE_WORDS & {w.lower() for w in head[0].split()}):
            authors_text = head[0]
        else:
            title = head[0]
    if numbered and title is None and authors_text is not None and clean_text(authors_text) == clean_text(numbered[1]):
        title, authors_text = authors_text, None  # "3 - Spotlight: Title" names its title, whatever it looks like
    if kind is None and author_idx is not None and rest_index < len(lines_after) \
            and lines_after[rest_index].lower() in _KINDS:
        kind = lines_after[rest_index]  # "Carol White · Dan Brown" / "Spotlight": the kind under the names
        rest_index += 1
    if kind is None and badge:
        kind = badge
    abstract_lines = lines_after[rest_index:]
    # rebuild the abstract's paragraphs from the remaining lines
    consumed = len(flat) - len(abstract_lines)
    abs_paras: list[str] = []
    seen = 0
    for p in paras:
        texts = [t for _, t in p]
        if seen + len(texts) <= consumed:
            seen += len(texts)
            continue
        skip = max(0, consumed - seen)
        abs_paras.append(" ".join(texts[skip:]))
        seen += len(texts)
    ctx.check_mojibake(title, number, "title")
    ctx.check_mojibake(authors_text, number, "authors")
    abstract = clean_paragraphs(ctx, abs_paras, number)
    record = ctx.add(
        number,
        title=clean_title(title),
        authors=_split_dotted(authors_text),
        abstract=abstract,
        venue=page["venue"],
        year=slot["year"] or page["year"],
        presentation=(_KINDS[kind.lower()] if kind and kind.lower() in _KINDS else normalise_presentation(kind))
        or page["page_kind"],
        session=page["session"],
        moderators=list(page["moderators"]),
        start=slot["start"],
        end=slot["end"],
        timezone=slot["timezone"],
        code_urls=(code := extract_urls(abstract)) + [u for u in dict.fromkeys(button_code) if u not in code],
    )
    if slot["error"]:
        ctx.problem(number, "incomplete", slot["error"] + (f" (line {a + 1}, the time of this talk)" if again else ""))
    if slot.get("mismatch") and not again:
        ctx.problem(number, "inconsistent", slot["mismatch"])
    if slot.get("warning") and not again and not any(
        p["kind"] == "inferred" and p["message"].split(" in ")[0] == slot["warning"].split(" in ")[0]
        for p in ctx.problems
    ):
        ctx.problem(number, "inferred", slot["warning"])
    missing = [f for f in ("authors", "abstract") if not record[f]]
    if not kind and not page["page_kind"]:
        missing.append("presentation")
    if missing:
        ctx.problem(number, "incomplete", f"talk without {' and '.join(missing)}")
