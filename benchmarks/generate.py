"""Write synthetic paper catalogs for the load benchmark.

Each synthetic catalog holds *N* papers in **each** of the four source formats
that confexplore reads, written the way the real files are written, quirks
included:

``accepted-list``
    like ``iclr2019_accepted_papers.md``: ``[Title](#)`` or plain title lines,
    ``- authors``, ``- abstract@[open-review\\(Oral\\)](#): text``, abstracts
    continuing over further paragraphs, emphasis marks on some authors
    (``*Name*``, ``Name*``), a trailing ``and`` before the last author,
    markdown escapes in titles, mojibake in some names, ``<https://...>``
    autolinks.  One file per conference; venue and year are not in the file.
``tldr-list``
    like ``iclr2021_papers_with_tldr.txt``: no titles; an authors line, an
    optional ``tl;dr: ...`` line, an abstract line; no blank lines, no final
    newline.  One file per conference; venue and year are not in the file.
``paper-list``
    like ``iclr2021_paper_list_page5.md``: ``## [N] Title``, ``**Authors**``,
    ``**Conference**: *nips 2022*``, ``**URL**``, ``**Abstract**``, ``----``
    between entries and page navigation links at the end, 200 entries a page,
    venues iclr/nips/icml/cvpr/aaai/ijcai.  Some conferences are written
    indented (8 spaces, as the publishing script does), some with CRLF line
    endings; a few abstracts carry stray control characters.
``session-page``
    like the NeurIPS 2018 / ICLR 2021 session pages: a header with ``Session``
    and a name, or ``Moderators: a · b``; then per talk a time slot
    (``Tue 4 Dec. 12:30 - 12:35 PST``), Oral/Spotlight/Poster, a title line
    (or none), authors joined by `` · `` and abstract paragraph(s).  10 to 20
    talks a page, so a large catalog is many small files.

Words, sentences and names are sampled from the bundled catalog files, read
with crude regular expressions (this module does not import confexplore).  As
in the bundled catalog, some papers of the tl;dr lists reappear in the paper
lists (10 %) and on the session pages (50 %), so loading all four formats
together exercises linking.

Next to the files, ``manifest.json`` lists every file with its format, venue,
year and record count (venue and year are what ``cx.Source`` needs for the
formats that do not carry them) and the expected number of distinct papers;
``truth.json`` says which synthetic paper each record is, so a benchmark can
count missed links and false merges.

Run ``python benchmarks/generate.py --help``; the default writes 1k, 10k and
100k catalogs under ``benchmarks/data/n<N>/``.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import math
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

__all__ = [
    "ALL",
    "DEFAULT_OUT",
    "DEFAULT_SIZES",
    "FORMATS",
    "Pools",
    "generate",
    "load_pools",
    "main",
]

FORMATS: tuple[str, ...] = ("accepted-list", "tldr-list", "paper-list", "session-page")
"""The four source formats, named as in confexplore's data manifest."""
ALL = FORMATS
DEFAULT_SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data"
BUNDLED = HERE.parent / "confexplore" / "data" / "sources"
MANIFEST = "manifest.json"
TRUTH = "truth.json"
GENERATOR_VERSION = 1

#: formats whose files say nothing about venue and year: the loader must be told.
NEEDS_VENUE_YEAR = {"accepted-list": True, "tldr-list": True, "paper-list": False, "session-page": True}
_SUBDIR = {"accepted-list": "accepted", "tldr-list": "tldr", "paper-list": "paper-list", "session-page": "sessions"}

VENUES = ("ICLR", "NeurIPS", "ICML", "CVPR", "AAAI", "IJCAI")
YEARS = tuple(range(2013, 2026))
# label used on the paper-list pages ("**Conference**: *nips 2022*") and in file names
_LABEL = {"ICLR": "iclr", "NeurIPS": "nips", "ICML": "icml", "CVPR": "cvpr", "AAAI": "aaai", "IJCAI": "ijcai"}
# month, n-th weekday (0=Mon), week of month: when each venue holds its talks
_WHEN = {
    "ICLR": (4, 0, 4),
    "NeurIPS": (12, 0, 1),
    "ICML": (7, 0, 2),
    "CVPR": (6, 0, 3),
    "AAAI": (2, 1, 1),
    "IJCAI": (8, 0, 2),
}
# time-zone abbreviation printed on the session pages, (standard, daylight)
_TZ = {
    "ICLR": ("PST", "PDT"),
    "NeurIPS": ("PST", "PDT"),
    "ICML": ("EST", "EDT"),
    "CVPR": ("PST", "PDT"),
    "AAAI": ("EST", "EDT"),
    "IJCAI": ("CET", "CEST"),
}
# month names as conference sites (Django's "N" format, AP style) print them
_AP_MONTH = ("", "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_DOW = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Rates of the quirks (per record unless said otherwise).  The bundled files
# have them at roughly these rates (46/502 plain titles, 24/502 orals, ...).
RATES = {
    "plain_title": 0.09,  # accepted-list: plain title line instead of [Title](#)
    "extra_paragraphs": 0.10,  # abstract continues over 1-3 more paragraphs
    "emphasis": 0.03,  # accepted-list: *Name* or Name* on an author
    "trailing_and": 0.01,  # accepted-list: "A, B, and C"
    "mojibake": 0.015,  # accepted-list: one author name as UTF-8 read as cp1252
    "autolink": 0.05,  # a code link in the abstract
    "tldr": 393 / 434,  # tldr-list: has a tl;dr line
    "wrapped": 0.10,  # paper-list: abstract hard-wrapped over several lines
    "control_char": 0.005,  # paper-list: a stray control character in the abstract
    "indented_conf": 0.4,  # paper-list: a whole conference written indented
    "crlf_conf": 0.3,  # paper-list: a whole conference written with CRLF
    "reuse_paper_list": 0.10,  # paper-list entry that is also in the tl;dr list
    "reuse_session": 0.50,  # talk whose paper is also in the tl;dr list
    "moderated_page": 0.4,  # session page: Moderators header and no titles
    "poster_page": 0.2,  # session page: a poster session (all Poster, one slot)
}
_PRESENTATION = (("Oral", 0.05), ("Spotlight", 0.02), ("Poster", 0.93))
_CONTROL_CHARS = ("\x02", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f")


# --------------------------------------------------------------------------
# Pools: what the synthetic text is sampled from
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pools:
    """Words, sentences and names sampled from real catalog files.

    Attributes
    ----------
    titles : list of str
        Real titles (markdown escapes undone).
    title_starts : list of str
        First words of the real titles.
    title_next : dict
        Word -> list of the words that follow it in a real title ("" ends a title).
    title_words : list of str
        Every plain title word, with repeats (a unigram distribution).
    title_lengths : list of int
        Number of words of each real title.
    sentences : list of str
        Abstract sentences.
    abstract_words : list of str
        Plain lower-case words of the abstracts, with repeats.
    tldrs : list of str
        Real tl;dr lines.
    names : list of str
        Clean author names.
    first_names, last_names : list of str
        The names split at their last space.
    accented : list of str
        Names with non-ASCII letters (the ones mojibake can hit).
    author_counts : list of int
        Number of authors of each real paper (a distribution to sample from).
    """

    titles: list[str]
    title_starts: list[str]
    title_next: dict[str, list[str]]
    title_words: list[str]
    title_lengths: list[int]
    sentences: list[str]
    abstract_words: list[str]
    tldrs: list[str]
    names: list[str]
    first_names: list[str]
    last_names: list[str]
    accented: list[str]
    author_counts: list[int]


_DANGLING = frozenset("a an and at by for from in into of on or the to via with without".split())
_PLAIN_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
_TIME_LINE = re.compile(r"^\w{3} \d{1,2} \w+\.? \d\d:\d\d - \d\d:\d\d [A-Z]{2,5}$", re.M)


def _unescape_md(text: str) -> str:
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)


def _clean_name(name: str) -> str:
    name = name.strip().strip("*").strip()
    if name.startswith("and "):
        name = name[4:]
    return re.sub(r"\s+", " ", name)


def _split_authors(line: str) -> list[str]:
    sep = " · " if " · " in line else ", "
    return [n for n in (_clean_name(x) for x in line.split(sep)) if n]


def load_pools(sources: Path | str | None = None) -> Pools:
    """Read titles, sentences and names from the bundled catalog files.

    The files are parsed with crude regular expressions, independently of
    confexplore's own parsers, and each file's format is sniffed from its text.

    Parameters
    ----------
    sources : path, optional
        Directory of source files; defaults to ``confexplore/data/sources``
        next to this script.

    Returns
    -------
    Pools

    Examples
    --------
    >>> pools = load_pools()
    >>> len(pools.names) > 1000
    True
    """
    directory = Path(sources) if sources is not None else BUNDLED
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise FileNotFoundError(f"no source files in {directory}; pass --sources DIR with the bundled catalog files")
    titles: list[str] = []
    abstracts: list[str] = []
    tldrs: list[str] = []
    author_lines: list[list[str]] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        if "- abstract@[" in text:  # accepted list
            titles += [_unescape_md(t) for t in re.findall(r"^\[(.+)\]\(#\)$", text, re.M)]
            titles += re.findall(r"^([^\[\-\s][^\n]{3,200})\n\n- (?!abstract@)", text, re.M)
            author_lines += [_split_authors(a) for a in re.findall(r"^- (?!abstract@)(.+)$", text, re.M)]
            abstracts += re.findall(r"^- abstract@\[[^\]]*\]\(#\): (.+)$", text, re.M)
        elif "**Authors**:" in text:  # paper list
            titles += [t.strip() for t in re.findall(r"^\s*## \[\d+\] (.+)$", text, re.M)]
            author_lines += [_split_authors(a) for a in re.findall(r"\*\*Authors\*\*: \*(.+)\*", text)]
            abstracts += [
                " ".join(a.split()) for a in re.findall(r"\*\*Abstract\*\*:\s*\n(.*?)\n\s*----", text, re.S)
            ]
        elif _TIME_LINE.search(text):  # session page
            for block in _TIME_LINE.split(text)[1:]:
                paras = [p.strip() for p in block.strip("\n").split("\n\n") if p.strip()]
                if len(paras) < 3:
                    continue
                head = paras[0].split("\n")
                if len(head) > 1:
                    titles.append(head[1].strip())
                author_lines.append(_split_authors(paras[1]))
                abstracts += paras[2:]
        elif "tl;dr: " in text:  # tl;dr list
            lines = text.split("\n")
            i = 0
            while i + 1 < len(lines):
                author_lines.append(_split_authors(lines[i]))
                i += 1
                if lines[i].startswith("tl;dr: "):
                    tldrs.append(lines[i][7:].strip())
                    i += 1
                if i < len(lines):
                    abstracts.append(lines[i])
                i += 1
    # sentences: crude split, drop links (links are added at a controlled rate)
    sentences = sorted(
        {
            s.strip()
            for a in abstracts
            for s in _SENTENCE_SPLIT.split(a)
            if 30 <= len(s.strip()) <= 400
            and s.strip()[-1] in ".!?)\"'”"
            and "http" not in s and "](" not in s and "<" not in s[:1]
        }
    )
    names = sorted(
        {n for line in author_lines for n in line if 3 <= len(n) <= 40 and not re.search(r"[ÃÂÄ]|\*", n)}
    )
    first, last = set(), set()
    for n in names:
        if " " in n:
            f, _, l = n.rpartition(" ")
            first.add(f)
            last.add(l)
    titles = sorted({t.strip() for t in titles if t.strip()})
    nxt: dict[str, list[str]] = defaultdict(list)
    starts, words = [], []
    for t in titles:
        toks = t.split()
        starts.append(toks[0])
        words += [w for w in toks if _PLAIN_WORD.match(w)]
        for a, b in zip(toks, toks[1:] + [""]):
            nxt[a].append(b)
    return Pools(
        titles=titles,
        title_starts=starts,
        title_next=dict(nxt),
        title_words=words,
        title_lengths=sorted(len(t.split()) for t in titles),
        sentences=sentences,
        abstract_words=[w for s in sentences for w in s.split(" ") if _PLAIN_WORD.match(w) and w.islower()],
        tldrs=sorted(set(tldrs)),
        names=names,
        first_names=sorted(first),
        last_names=sorted(last),
        accented=[n for n in names if not n.isascii()],
        author_counts=sorted(len(a) for a in author_lines if a),
    )


# --------------------------------------------------------------------------
# Synthetic papers
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Paper:
    uid: int
    title: str
    authors: list[str]
    paragraphs: list[str]  # abstract paragraphs
    tldr: str | None
    presentation: str


class _PaperFactory:
    """Draws papers from the pools; titles are unique across everything it makes."""

    def __init__(self, pools: Pools, seen_titles: set[str], uid_start: int) -> None:
        self.p = pools
        self.seen = seen_titles
        self.uid = uid_start

    def title(self, rng: random.Random) -> str:
        p = self.p
        for _ in range(30):
            target = rng.choice(p.title_lengths)
            words = [rng.choice(p.title_starts)]
            while len(words) < target:
                if rng.random() < 0.15:  # jump, so titles are not copies of real ones
                    w = rng.choice(p.title_words)
                else:
                    w = rng.choice(p.title_next.get(words[-1]) or [""])
                if not w:
                    if len(words) >= 3:
                        break
                    w = rng.choice(p.title_words)
                words.append(w)
            while len(words) > 3 and words[-1].lower() in _DANGLING:
                words.pop()
            title = " ".join(words).rstrip(":,;-")
            key = re.sub(r"[^a-z0-9]+", "", title.lower())
            if key not in self.seen:
                self.seen.add(key)
                return title
        title = f"{title} {rng.choice(p.title_words)} {len(self.seen)}"
        self.seen.add(re.sub(r"[^a-z0-9]+", "", title.lower()))
        return title

    def sentence(self, rng: random.Random, text: str | None = None) -> str:
        """A real sentence with about 15 % of its plain words swapped for others.

        Real abstracts do not share sentences; without the swaps a 100k
        catalog would repeat each pool sentence ~50 times, which no real
        catalog does (and which would swamp any blocking on abstract text).
        """
        words = (text or rng.choice(self.p.sentences)).split(" ")
        plain = [i for i, w in enumerate(words) if _PLAIN_WORD.match(w)]
        for i in rng.sample(plain, max(1, round(len(plain) * 0.15))) if plain else ():
            w = rng.choice(self.p.abstract_words)
            words[i] = w[:1].upper() + w[1:] if i == 0 else w
        return " ".join(words)

    def name(self, rng: random.Random) -> str:
        p = self.p
        if rng.random() < 0.5:
            return rng.choice(p.names)
        return f"{rng.choice(p.first_names)} {rng.choice(p.last_names)}"

    def paper(self, rng: random.Random, *, single_paragraph: bool = False) -> _Paper:
        p = self.p
        n_auth = rng.choice(p.author_counts)
        authors: list[str] = []
        while len(authors) < n_auth:
            n = self.name(rng)
            if n not in authors:
                authors.append(n)
        paragraphs = [" ".join(self.sentence(rng) for _ in range(rng.randint(3, 10)))]
        if not single_paragraph and rng.random() < RATES["extra_paragraphs"]:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                paragraphs.append(" ".join(self.sentence(rng) for _ in range(rng.randint(1, 4))))
        if rng.random() < RATES["tldr"]:
            tldr = self.sentence(rng, rng.choice(p.tldrs) if rng.random() < 0.5 and p.tldrs else None)
        else:
            tldr = None
        r = rng.random()
        presentation = "Poster"
        acc = 0.0
        for label, share in _PRESENTATION:
            acc += share
            if r < acc:
                presentation = label
                break
        self.uid += 1
        return _Paper(self.uid, self.title(rng), authors, paragraphs, tldr, presentation)


def _code_url(rng: random.Random, paper: _Paper) -> str:
    user = re.sub(r"[^A-Za-z0-9]", "", paper.authors[0].split()[-1]) or "lab"
    repo = "-".join(re.sub(r"[^A-Za-z0-9]", "", w) for w in paper.title.split()[:3]) or "code"
    host = rng.choice(("github.com", "github.com", "github.com", "gitlab.com"))
    return f"https://{host}/{user.lower()}/{repo}"


def _mojibake(name: str) -> str:
    out = []
    for b in name.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(bytes([b]).decode("latin-1"))
    return "".join(out)


def _paper_url(rng: random.Random, venue: str, year: int, paper: _Paper) -> str:
    hexid = "%032x" % rng.getrandbits(128)
    if venue == "ICLR":
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
        return "https://openreview.net/forum?id=" + "".join(rng.choice(alphabet) for _ in range(rng.choice((10, 11))))
    if venue == "NeurIPS":
        if year >= 2022:
            return f"http://papers.nips.cc/paper_files/paper/{year}/hash/{hexid}-Abstract-Conference.html"
        return f"https://proceedings.neurips.cc/paper/{year}/hash/{hexid}-Abstract.html"
    if venue == "ICML":
        last = re.sub(r"[^a-z]", "", paper.authors[0].split()[-1].lower()) or "anon"
        return f"https://proceedings.mlr.press/v{year * 7 - 13959}/{last}{year % 100:02d}{rng.choice('abcdefghijkl')}.html"
    if venue == "CVPR":
        last = re.sub(r"[^A-Za-z]", "", paper.authors[0].split()[-1]) or "Anon"
        words = "_".join(re.sub(r"[^A-Za-z0-9]", "", w) for w in paper.title.split()[:6])
        return f"https://openaccess.thecvf.com/content/CVPR{year}/html/{last}_{words}_CVPR_{year}_paper.html"
    if venue == "AAAI":
        return f"https://ojs.aaai.org/index.php/AAAI/article/view/{rng.randint(10000, 29999)}"
    return f"https://www.ijcai.org/proceedings/{year}/{rng.randint(1, 999):04d}"


# --------------------------------------------------------------------------
# Rendering, one function per format
# --------------------------------------------------------------------------


def _md_escape_title(title: str) -> str:
    return re.sub(r"([()\[\]*_\\])", r"\\\1", title)


def _render_accepted(rng: random.Random, papers: Sequence[_Paper], pools: Pools) -> str:
    chunks = ["\n\n"]  # the real file opens with two blank lines
    for k, paper in enumerate(papers):
        if rng.random() < RATES["plain_title"]:
            chunks.append(f"{paper.title}\n\n")
        else:
            chunks.append(f"[{_md_escape_title(paper.title)}](#)\n\n")
        names = list(paper.authors)
        if rng.random() < RATES["mojibake"]:
            i = rng.randrange(len(names))
            if names[i].isascii() and pools.accented:
                names[i] = rng.choice(pools.accented)
            names[i] = _mojibake(names[i])
        if rng.random() < RATES["emphasis"]:
            for i in rng.sample(range(len(names)), min(len(names), rng.choice((1, 1, 2)))):
                names[i] = f"*{names[i]}*" if rng.random() < 0.6 else f"{names[i]}*"
        line = ", ".join(names)
        if len(names) >= 2 and rng.random() < RATES["trailing_and"]:
            line = ", ".join(names[:-1]) + ", and " + names[-1]
        first = paper.paragraphs[0]
        if rng.random() < RATES["autolink"]:
            first += f" Code is available at <{_code_url(rng, paper)}>."
        chunks.append(f"- {line}\n- abstract@[open-review\\({paper.presentation}\\)](#): {first}")
        for extra in paper.paragraphs[1:]:
            chunks.append(f"\n\n{extra}")
        if k + 1 < len(papers):
            chunks.append("\n\n")
    return "".join(chunks)  # like the real file: no final newline


def _render_tldr(rng: random.Random, papers: Sequence[_Paper], pools: Pools) -> str:
    lines = []
    for paper in papers:
        lines.append(", ".join(paper.authors))
        if paper.tldr is not None:
            lines.append(f"tl;dr: {paper.tldr}")
        abstract = " ".join(paper.paragraphs)
        if rng.random() < RATES["autolink"]:
            abstract += f" Our code is available at {_code_url(rng, paper)}."
        lines.append(abstract)
    return "\n".join(lines)  # no final newline, like the real dump


def _render_paper_list(
    rng: random.Random,
    entries: Sequence[tuple[int, _Paper, str]],
    *,
    label: str,
    year: int,
    page: int,
    n_pages: int,
    indent: bool,
    crlf: bool,
) -> str:
    # Mirrors the publishing script: an f-string whose continuation lines are
    # indented 8 spaces in one version of it and not in another.
    pad = " " * 8 if indent else ""
    conf = label.upper()
    out = []
    for number, paper, url in entries:
        abstract_paras = []
        for para in paper.paragraphs:
            if rng.random() < RATES["wrapped"]:
                parts = _SENTENCE_SPLIT.split(para)
                para = "\n".join(" ".join(parts[i : i + 2]) for i in range(0, len(parts), 2))
            abstract_paras.append(para)
        abstract = "\n\n".join(abstract_paras)
        if rng.random() < RATES["autolink"]:
            abstract += f" The code is publicly available at: {_code_url(rng, paper)}."
        if rng.random() < RATES["control_char"]:
            spaces = [m.start() for m in re.finditer(" ", abstract)]
            if spaces:
                at = rng.choice(spaces)
                abstract = abstract[:at] + rng.choice(_CONTROL_CHARS) + abstract[at:]
        title = paper.title
        if title.endswith("."):  # the script drops every '.' of such titles
            title = title.replace(".", "")
        out.append(
            f"## [{number}] {title}\n\n"
            f"{pad}**Authors**: *{', '.join(paper.authors)}*\n\n"
            f"{pad}**Conference**: *{label} {year}*\n\n"
            f"{pad}**URL**: [{url}]({url})\n\n"
            f"{pad}**Abstract**:\n\n"
            f"{pad}{abstract}\n\n"
            f"{pad}----\n\n"
            f"{pad}"
        )
    if page == 1:
        nav = [f"[Go to the next page]({conf}-{year}-list{page + 1:02d}.md)"] if n_pages > 1 else []
    elif page == n_pages:
        nav = [f"[Go to the previous page]({conf}-{year}-list{page - 1:02d}.md)"]
    else:
        nav = [
            f"[Go to the previous page]({conf}-{year}-list{page - 1:02d}.md)",
            f"[Go to the next page]({conf}-{year}-list{page + 1:02d}.md)",
        ]
    nav.append("[Go to the catalog section](README.md)")
    text = "".join(out) + "".join(f"\n\n{n}" for n in nav)
    return text.replace("\n", "\r\n") if crlf else text


def _conference_start(venue: str, year: int) -> dt.date:
    month, weekday, week = _WHEN[venue]
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[min(week, len(days)) - 1]


def _is_dst(venue: str, day: dt.date) -> bool:
    return 4 <= day.month <= 10


def _render_session(
    rng: random.Random,
    talks: Sequence[_Paper],
    pools: Pools,
    factory: _PaperFactory,
    *,
    venue: str,
    day: dt.date,
    start_minute: int,
    track: int,
    session: int,
    moderated: bool,
    poster: bool,
) -> str:
    dow = _DOW[day.weekday()]
    tz = _TZ[venue][1 if _is_dst(venue, day) else 0]
    stamp = f"{dow} {day.day} {_AP_MONTH[day.month]}"
    if moderated:
        mods = " · ".join(factory.name(rng) for _ in range(rng.choice((2, 3, 3))))
        head = f"Moderators: {mods}\n\nAbstract:\n\nChat is not available.\n\n"
    else:
        name = f"Poster Session {session}" if poster else f"{dow} Track {track} -- Session {session}"
        head = f"Skip to yearly menu bar Skip to main content\n\n\nSession\n\n{name}\n\nAbstract:\nChat is not available.\n\n"
    blocks = []
    minute = start_minute
    for paper in talks:
        if poster:
            kind, begin, end = "Poster", start_minute, start_minute + 120
        else:
            kind = "Oral" if rng.random() < 0.25 else "Spotlight"
            length = 15 if kind == "Oral" else rng.choice((5, 10))
            if rng.random() < 0.1:
                minute += rng.choice((5, 10, 13))  # a break between talks
            begin, end = minute, minute + length
            minute = end
        slot = f"{stamp} {begin // 60:02d}:{begin % 60:02d} - {end // 60:02d}:{end % 60:02d} {tz}"
        title = "" if moderated else f"\n{paper.title}"
        authors = " · ".join(paper.authors)
        abstract = "\n\n".join(paper.paragraphs)
        blocks.append(f"{slot}\n\n{kind}{title}\n\n{authors}\n\n{abstract}")
    return head + "\n\n".join(blocks)  # no final newline


# --------------------------------------------------------------------------
# The catalog as a whole
# --------------------------------------------------------------------------


def _group_size(n_papers: int) -> int:
    return max(250, min(2000, math.ceil(n_papers / 4)))


def _conferences(seed: int) -> list[tuple[str, int]]:
    confs = [(v, y) for y in YEARS for v in VENUES]
    random.Random(f"{seed}-conferences").shuffle(confs)
    return confs


def _groups(n_papers: int, seed: int) -> list[tuple[int, int, str, int]]:
    """(start, stop, venue, year) of each conference; the same for every format."""
    size = _group_size(n_papers)
    confs = _conferences(seed)
    return [
        (start, min(start + size, n_papers), *confs[i % len(confs)])
        for i, start in enumerate(range(0, n_papers, size))
    ]


def _stem(venue: str, year: int, taken: dict[str, int]) -> str:
    stem = f"{_LABEL[venue] if venue != 'NeurIPS' else 'neurips'}{year}"
    taken[stem] = taken.get(stem, 0) + 1
    return stem if taken[stem] == 1 else f"{stem}_{taken[stem]}"


def _clear_previous(out: Path) -> None:
    """Delete the files a previous run listed in its manifest (and nothing else)."""
    manifest = out / MANIFEST
    if not manifest.exists():
        return
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
        listed = [out / f["path"] for f in previous.get("files", [])]
    except (ValueError, KeyError, TypeError):
        listed = []
    for path in listed:
        if path.is_file() and out in path.resolve().parents:
            path.unlink()
    for sub in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
    manifest.unlink()
    if (out / TRUTH).is_file():
        (out / TRUTH).unlink()


def generate(
    out_dir: Path | str,
    n_papers: int,
    *,
    seed: int = 0,
    formats: Iterable[str] = ALL,
    sources: Path | str | None = None,
) -> list[Path]:
    """Write a synthetic catalog of *n_papers* papers in each of *formats*.

    Files go to ``out_dir/<format dir>/...`` and are listed, with their
    format, venue, year and record count, in ``out_dir/manifest.json``;
    ``out_dir/truth.json`` says which synthetic paper each record is.  The
    output is a function of ``(n_papers, seed)`` only: asking for fewer formats
    writes exactly the same files for the formats asked for.

    Parameters
    ----------
    out_dir : path
        Directory to write into (created if needed).  Files listed by an
        earlier manifest in it are replaced; nothing else is touched.
    n_papers : int
        Papers (records) per format, at least 1.
    seed : int, optional
        Seed of every random choice.
    formats : iterable of str, optional
        Any of ``FORMATS``; all four by default.
    sources : path, optional
        Directory of real catalog files to sample from (the bundled ones by default).

    Returns
    -------
    list of Path
        The files written (truth.json, then manifest.json last).

    Examples
    --------
    >>> import tempfile
    >>> paths = generate(tempfile.mkdtemp(), 50, seed=1, formats=["tldr-list"])
    >>> [p.name for p in paths][-1]
    'manifest.json'
    """
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats must be a non-empty selection of {', '.join(map(repr, FORMATS))}; got {unknown or formats!r}")
    if not isinstance(n_papers, int) or n_papers < 1:
        raise ValueError(f"n_papers must be a positive int; got {n_papers!r}")
    pools = load_pools(sources)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _clear_previous(out)
    groups = _groups(n_papers, seed)
    real_titles = {re.sub(r"[^a-z0-9]+", "", t.lower()) for t in pools.titles}
    files: list[dict] = []
    written: list[Path] = []
    uids: dict[str, list[int]] = {}

    truth: dict[str, list[int]] = {}

    def emit(fmt: str, rel: str, text: str, venue: str, year: int, chunk: Sequence[_Paper], **extra) -> None:
        records = len(chunk)
        truth[rel] = [p.uid for p in chunk]
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
        files.append(
            {
                "path": rel,
                "format": fmt,
                "venue": venue,
                "year": year,
                "records": records,
                "needs_venue_year": NEEDS_VENUE_YEAR[fmt],
                **extra,
            }
        )

    # Papers: each format draws its own from its own random stream (uid
    # ranges do not overlap), so one format's output does not depend on which
    # other formats were asked for.  The tl;dr papers are drawn whenever a
    # format reuses some of them.
    def draw(fmt: str, base: int, *, single: bool = False) -> list[_Paper]:
        rng = random.Random(f"{seed}-papers-{fmt}")
        factory = _PaperFactory(pools, set(real_titles), base)
        return [factory.paper(rng, single_paragraph=single) for _ in range(n_papers)]

    base = {fmt: (i + 1) * 10 * (n_papers + 1) for i, fmt in enumerate(FORMATS)}
    need_tldr = any(f in formats for f in ("tldr-list", "paper-list", "session-page"))
    tldr_papers = draw("tldr-list", base["tldr-list"]) if need_tldr else []

    def reuse(fmt: str, own: list[_Paper], share: float) -> list[_Paper]:
        """Replace about *share* of *own* (per conference) by tl;dr papers of the same conference."""
        rng = random.Random(f"{seed}-reuse-{fmt}")
        result = list(own)
        for start, stop, _, _ in groups:
            candidates = [p for p in tldr_papers[start:stop] if len(p.paragraphs) == 1]
            picks = [i for i in range(start, stop) if rng.random() < share]
            for i, paper in zip(picks, rng.sample(candidates, min(len(picks), len(candidates)))):
                result[i] = paper
        return result

    for fmt in formats:
        rng = random.Random(f"{seed}-render-{fmt}")
        factory = _PaperFactory(pools, set(), 0)  # names for moderators only
        taken: dict[str, int] = {}
        sub = _SUBDIR[fmt]
        if fmt == "tldr-list":
            papers = tldr_papers
        else:
            papers = draw(fmt, base[fmt])
            if fmt == "paper-list":
                papers = reuse(fmt, papers, RATES["reuse_paper_list"])
            elif fmt == "session-page":
                papers = reuse(fmt, papers, RATES["reuse_session"])
        uids[fmt] = [p.uid for p in papers]

        for start, stop, venue, year in groups:
            chunk = papers[start:stop]
            stem = _stem(venue, year, taken)
            if fmt == "accepted-list":
                emit(fmt, f"{sub}/{stem}_accepted_papers.md", _render_accepted(rng, chunk, pools), venue, year, chunk)
            elif fmt == "tldr-list":
                emit(fmt, f"{sub}/{stem}_papers_with_tldr.txt", _render_tldr(rng, chunk, pools), venue, year, chunk)
            elif fmt == "paper-list":
                label = _LABEL[venue]
                indent = rng.random() < RATES["indented_conf"]
                crlf = rng.random() < RATES["crlf_conf"]
                n_pages = math.ceil(len(chunk) / 200)
                url_rng = random.Random(f"{seed}-urls-{stem}")
                entries = [(i, p, _paper_url(url_rng, venue, year, p)) for i, p in enumerate(chunk)]
                for page in range(1, n_pages + 1):
                    part = entries[(page - 1) * 200 : page * 200]
                    text = _render_paper_list(
                        rng, part, label=label, year=year, page=page, n_pages=n_pages, indent=indent, crlf=crlf
                    )
                    emit(
                        fmt,
                        f"{sub}/{stem}/{label.upper()}-{year}-list{page:02d}.md",
                        text,
                        venue,
                        year,
                        [p for _, p, _ in part],
                        indented=indent,
                        crlf=crlf,
                    )
            else:  # session pages: 10-20 talks each, parallel tracks over five days
                first_day = _conference_start(venue, year)
                i = 0
                page = 0
                while i < len(chunk):
                    k = min(rng.randint(10, 20), len(chunk) - i)
                    talks = chunk[i : i + k]
                    i += k
                    day = first_day + dt.timedelta(days=page % 5)
                    slot = page // 5
                    track, session = slot % 4 + 1, slot // 4 + 1
                    start_minute = 8 * 60 + ((session - 1) % 8) * 90 + rng.choice((0, 0, 15, 30))
                    moderated = rng.random() < RATES["moderated_page"]
                    poster = rng.random() < RATES["poster_page"]
                    text = _render_session(
                        rng,
                        talks,
                        pools,
                        factory,
                        venue=venue,
                        day=day,
                        start_minute=start_minute,
                        track=track,
                        session=session,
                        moderated=moderated,
                        poster=poster,
                    )
                    kind = "poster" if poster else "moderated" if moderated else "track"
                    name = f"{sub}/{stem}/{stem}_{_DOW[day.weekday()].lower()}_{kind}{track}_s{session:02d}.txt"
                    emit(fmt, name, text, venue, year, talks, titles=not moderated)
                    page += 1

    manifest = {
        "generator": "benchmarks/generate.py",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "n_papers": n_papers,
        "formats": {
            fmt: {
                "files": sum(f["format"] == fmt for f in files),
                "records": sum(f["records"] for f in files if f["format"] == fmt),
                "papers": len(set(uids[fmt])),
            }
            for fmt in formats
        },
        "expected": {
            "records": sum(f["records"] for f in files),
            "papers": len({u for fmt in formats for u in uids[fmt]}),
            "note": "papers = distinct synthetic papers; records of the paper-list and session pages that repeat a "
            "tl;dr-list paper describe the same paper (same authors and abstract) and should be linked",
        },
        "files": files,
    }
    # which synthetic paper each record is, file by file in record order: lets
    # the benchmark check linking (missed links, false merges) at any size
    (out / TRUTH).write_text(json.dumps({"uids": truth}, separators=(",", ":")) + "\n", encoding="utf-8")
    written.append(out / TRUTH)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    written.append(out / MANIFEST)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python benchmarks/generate.py [--sizes N ...] [--seed S] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="papers per format (default: 1000 10000 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="catalogs go to OUT/n<N>/ (default: benchmarks/data)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--sources", type=Path, default=None, help="real files to sample from (default: the bundled catalog)")
    args = parser.parse_args(argv)
    for n in args.sizes:
        t0 = time.perf_counter()
        paths = generate(args.out / f"n{n}", n, seed=args.seed, formats=args.formats, sources=args.sources)
        size = sum(p.stat().st_size for p in paths)
        print(
            f"n={n}: {len(paths) - 1} files, {size / 1e6:.1f} MB in {args.out / f'n{n}'} ({time.perf_counter() - t0:.1f} s)",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
