"""The catalog: read sources, clean and link their records into one table of papers.

>>> import confexplore as cx
>>> cat = cx.load_catalog()
>>> len(cat.papers), len(cat.records), len(cat.talks)
(992, 1022, 26)
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import os
import re
import tomllib
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._gc import gc_paused
from .errors import CatalogWarning, ParseError
from .sources import FORMATS, RECORD_FIELDS, ParseContext, _decode, detect_format, parse_lines
from .sources.paper_list import normalise_venue
from .text import ASCII_WORDS, author_key, author_keys, fold_key, fold_tokens, looks_like_mojibake

__all__ = ["Source", "Catalog", "load_catalog", "read_source", "bundled_sources", "PAPER_COLUMNS", "STRING"]

#: Columns of ``Catalog.papers``, in order.
PAPER_COLUMNS = (
    "paper_id", "title", "authors", "n_authors", "abstract", "tldr", "venue", "year", "presentation",
    "session", "start", "end", "timezone", "url", "code_urls", "sources",
)
_LIST_FIELDS = ("authors", "moderators", "code_urls")
_TIME_FIELDS = ("start", "end")
#: The dtype of every text column of the catalog's tables: pandas' ``string`` dtype
#: (missing values are ``pd.NA``) stored as Python strings, not in Arrow. Searching,
#: filtering and the widgets select rows far more often than they run vectorised
#: string methods, and selecting rows copies pointers here where Arrow copies the
#: characters: ``take`` of 300 rows of 16 columns costs half as much, of 18,000 rows
#: a third; building a column is 20x faster too. Columns compare equal to
#: ``"string"``; ``.astype("string")`` gives the Arrow storage where that is wanted.
STRING = pd.StringDtype("python")
# Which format to take a field from when linked records disagree: first wins.
_FIELD_PRIORITY: dict[str, tuple[str, ...]] = {
    "title": ("paper-list", "accepted-list", "session-page", "tldr-list"),
    "authors": ("paper-list", "tldr-list", "accepted-list", "session-page"),
    "abstract": ("paper-list", "tldr-list", "accepted-list", "session-page"),
    "tldr": ("tldr-list", "paper-list", "accepted-list", "session-page"),
    "presentation": ("session-page", "accepted-list", "paper-list", "tldr-list"),
    "session": ("session-page", "paper-list", "accepted-list", "tldr-list"),
    "url": ("paper-list", "accepted-list", "session-page", "tldr-list"),
    "venue": ("paper-list", "session-page", "accepted-list", "tldr-list"),
    "year": ("paper-list", "session-page", "accepted-list", "tldr-list"),
}
_PROGRESS_MIN_FILES = 20
ErrorMode = Literal["report", "raise"]


@dataclass(frozen=True)
class Source:
    """A catalog file and what is known about it beyond its text.

    Parameters
    ----------
    path : str or path-like
        The file.
    venue, year : optional
        Used where the file does not say (tl;dr lists and session pages do not).
    format : optional
        One of ``confexplore.sources.FORMATS``; detected from the text when omitted.
    name : optional
        The name used in ``sources`` and ``problems``; the file name by default.
    description : optional
        One line saying what the file is.
    known_problems : optional
        ``(line, kind)`` pairs of problems the file is known to have (the bundled
        manifest names damage that is in the published file itself): they are
        still listed in ``problems``, but neither warned about nor raised with
        ``errors="raise"``.

    Examples
    --------
    >>> import confexplore as cx
    >>> cx.Source("talks.txt", venue="ICLR", year=2021).name
    'talks.txt'
    """

    path: Any
    venue: str | None = None
    year: int | None = None
    format: str | None = None
    name: str | None = None
    description: str | None = None
    known_problems: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        kinds = ("skipped", "incomplete", "encoding", "context")  # the kinds that warn
        try:  # any whole number (a NumPy integer from cat.problems too), not a float or bool
            known = tuple((operator.index(line), kind) for line, kind in self.known_problems
                          if not isinstance(line, bool))
        except (TypeError, ValueError):
            known = None
        if known is None or len(known) != len(self.known_problems) or not all(
            line > 0 and kind in kinds for line, kind in known
        ):
            raise ValueError(f"known_problems must be (line, kind) pairs, a line number and one of "
                             f"{', '.join(map(repr, kinds))}, such as [(12, 'incomplete')]; got {self.known_problems!r}")
        object.__setattr__(self, "known_problems", known)
        if self.format is not None and self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(map(repr, FORMATS))}; got {self.format!r}")
        if self.year is not None:
            try:
                object.__setattr__(self, "year", int(self.year))
            except (TypeError, ValueError):
                raise ValueError(f"year must be a whole number such as 2021; got {self.year!r}") from None
        if self.venue is not None:
            object.__setattr__(self, "venue", normalise_venue(str(self.venue)))
        if self.name is None:
            object.__setattr__(self, "name", _path_name(self.path))

    def read_bytes(self) -> bytes:
        """The file's bytes; :class:`ParseError` if it cannot be opened."""
        try:
            if hasattr(self.path, "read_bytes"):
                return self.path.read_bytes()
            with open(os.fspath(self.path), "rb") as fh:
                return fh.read()
        except (OSError, TypeError) as exc:
            raise ParseError(self.path, f"cannot be read ({exc.__class__.__name__}: {getattr(exc, 'strerror', None) or exc})") from None


def _path_name(path: Any) -> str:
    name = getattr(path, "name", None)
    if isinstance(name, str) and name:
        return name
    return os.path.basename(os.fspath(path))


# --------------------------------------------------------------------------- bundled data

def _manifest() -> list[dict[str, Any]]:
    data = resources.files("confexplore").joinpath("data", "manifest.toml").read_text(encoding="utf-8")
    return tomllib.loads(data)["source"]


def bundled_sources() -> list[Source]:
    """The sources that ship with confexplore, as listed in its manifest.

    Examples
    --------
    >>> import confexplore as cx
    >>> [s.name for s in cx.bundled_sources()][:2]
    ['iclr2019_accepted_papers.md', 'iclr2021_papers_with_tldr.txt']
    """
    root = resources.files("confexplore").joinpath("data", "sources")
    return [
        Source(
            root.joinpath(entry["file"]),
            venue=entry["venue"],
            year=entry["year"],
            format=entry["format"],
            name=entry["file"],
            description=entry["description"],
            known_problems=tuple(entry.get("known_problems", ())),
        )
        for entry in _manifest()
    ]


# --------------------------------------------------------------------------- reading

def _as_source(item: Any) -> Source:
    if isinstance(item, Source):
        return item
    if isinstance(item, (str, os.PathLike)) or hasattr(item, "read_bytes"):
        return Source(item)
    raise TypeError(f"a source must be a path or a cx.Source; got {type(item).__name__}")


def _check_errors(errors: str) -> None:
    if errors not in ("report", "raise"):
        raise ValueError(f"errors must be one of 'report', 'raise'; got {errors!r}")


def _read(source: Source, errors: ErrorMode) -> tuple[ParseContext, str]:
    data = source.read_bytes()
    lines, problems, nonascii, text = _decode(data, source.name or "")
    fmt = source.format or detect_format(lines, source.name or "")
    ctx = ParseContext(name=source.name or "", venue=source.venue, year=source.year, text=text)
    ctx.mojibake_possible = any(looks_like_mojibake(lines[i]) for i in nonascii)
    if ctx.year is None:
        ctx.year_hint = _name_context(ctx.name, ctx.venue)[1]
    ctx.problems.extend(problems)
    try:
        parse_lines(lines, fmt, ctx)
    except ParseError:
        raise
    except Exception as exc:  # a parser bug must still name the file
        raise ParseError(source.name, f"could not be read as {fmt!r}: {exc.__class__.__name__}: {exc}") from exc
    ctx.text = None  # not kept past reading: at 100k papers per format, hundreds of MB
    _check_cut_end(lines, ctx)
    if ctx.venue is None or ctx.year is None:
        _context_from_name(ctx)
    venue, year = ctx.venue, ctx.year
    for record in ctx.records:  # a record's own venue and year first, the file's where it has none
        if record.get("venue") is None:
            record["venue"] = venue
        if record.get("year") is None:
            record["year"] = year
    # (where the file gives one, every record has it now)
    unknown = [f for f, v in (("venue", venue), ("year", year)) if v is None and any(r[f] is None for r in ctx.records)]
    if unknown:
        n = sum(1 for r in ctx.records if any(r.get(f) is None for f in unknown))
        ctx.problem(
            None, "context",
            f"{' and '.join(unknown)} unknown for {n} record(s): the file does not say; "
            f"give {' and '.join(unknown)} with cx.Source(path, {', '.join(f'{f}=...' for f in unknown)})",
        )
    # in file order (parsers note some problems when a record ends); file-wide ones last
    ctx.problems.sort(key=lambda p: (p["line"] is None, p["line"] or 0))
    if errors == "raise":
        for problem in ctx.problems:
            if problem["kind"] in ("skipped", "incomplete") and (problem["line"], problem["kind"]) not in source.known_problems:
                raise ParseError(source.name, problem["message"], line=problem["line"])
    if not ctx.records:
        raise ParseError(source.name, f"no paper records found (read as {fmt!r})")
    return ctx, fmt


# How a sentence, a URL or LaTeX may end: text that ends otherwise stops mid-sentence.
_COMPLETE_END = re.compile(r"""(?:[.!?…)\]}"'’”$*_`>]|https?://\S+)\s*$""", re.IGNORECASE)
# Characters of text before the last line needed to tell a cut word from a whole one (~1,500 words)
_CUT_VOCABULARY = 10_000
# What the formats say of a last record that the file cut: its end, or a missing abstract
_SAID_CUT = re.compile(r"\b(?:the (?:file|page) ends\b(?! before it starts)|without (?:\w+ and )?abstract)")


def _check_cut_end(lines: list[str], ctx: ParseContext) -> None:
    """Report the last record of a file that stops inside a word with no line break after it.

    A file cut short (a partial download, ``head -c``, a copy that lost its end) ends
    inside its last record, most often in the abstract. A last line with no line
    break after it, that is the end of the last record's text and that ends in a
    fragment of a word (letters that make no word anywhere else in the file: "… related
    to th") says so. Whole words are not enough: many abstracts end without a full stop
    ("… code is available at"), and most files on the web end without a line break. A
    file of a few records holds too few words to tell: it is not checked. Each format's
    own checks (a paper with no closing rule, a page that ends after a time line, a
    record without its abstract) come first: what they report is not reported again.
    """
    if not ctx.records or not lines or not lines[-1].strip():
        return
    last = lines[-1].strip()
    if _COMPLETE_END.search(last):
        return
    record = ctx.records[-1]
    if any(p["line"] is not None and p["line"] >= record["line"] and p["kind"] in ("incomplete", "skipped")
           and _SAID_CUT.search(p["message"]) for p in ctx.problems):
        return  # the format said where the file ends, or that the abstract is missing
    # the last word is cut when the file holds no such word elsewhere ("… related to th"); a
    # last line that stops at a whole word ("… neighbors algorithm") may be the end of the text
    words = last.split()
    fragment = words[-1].rsplit("-", 1)[-1] if words else ""
    if not fragment.isalpha():
        return
    rest = "\n".join(lines[:-1])
    if len(rest) < _CUT_VOCABULARY or (len(fragment) == 1 and fragment.lower() in "ai") or (len(fragment) > 1 and re.search(
            rf"(?:^|\s)[\"'(\[]*{re.escape(fragment)}[\"'.,;:!?)\]]*(?=\s|$)", rest, re.IGNORECASE)):
        return  # too little text to know the file's words, or a word it has (as a whole word between spaces)
    tail = " ".join(words[-3:])
    for field in ("abstract", "tldr", "title", "authors"):
        value = record.get(field)
        text = ", ".join(value) if isinstance(value, list) else value
        if isinstance(text, str) and text.rstrip().endswith(tail):
            text = text.rstrip()
            shown = ("…" if len(text) > 60 else "") + text[-60:]
            ctx.problem(record["line"], "incomplete",
                        f"the file ends inside a word, with no line break, in this record (a cut file?): its "
                        f"{field} may be cut short after {shown!r}")
            return


def _context_from_name(ctx: ParseContext) -> None:
    """Take a venue and year missing from the source from its file name (e.g. 'ICLR-2021-list04.md')."""
    venue, year = _name_context(ctx.name, ctx.venue)
    if ctx.venue is None and venue and any(r.get("venue") is None for r in ctx.records):
        ctx.venue = venue
        ctx.problem(None, "inferred", f"venue {venue!r} taken from the file name")
    if ctx.year is None and year and any(r.get("year") is None for r in ctx.records):
        ctx.year = year
        ctx.problem(None, "inferred", f"year {ctx.year} taken from the file name")


def _name_context(name: str, venue: str | None = None) -> tuple[str | None, int | None]:
    """The venue and year a file name gives ('ICLR-2021-list04.md'); a year only next to a
    venue (of the name, or *venue*), so that other numbers in names are not taken for one."""
    from .sources.paper_list import VENUES

    stem = name.lower()
    found = next((VENUES[w] for w in re.findall(r"[a-z]+", stem) if w in VENUES), None)
    year_match = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", stem)
    year = int(year_match.group(1)) if year_match and (found or venue) else None
    return found, year


def _records_frame(
    contexts: Sequence[ParseContext], cols: Sequence[str], *, raw: dict[str, list[Any]] | None = None
) -> pd.DataFrame:
    """One row per record of *contexts*: the fields *cols*, then ``source`` and ``line``.

    Built column by column (a list per field, then one typed array each): several
    times faster than a frame of per-record dicts at 100k records. *raw*, if given,
    receives the Python values of each column (linking reads them without
    converting the frame's Arrow strings back).
    """
    lists: dict[str, list[Any]] = {c: [] for c in (*cols, "line")}
    for ctx in contexts:
        for c, values in _fields_of(ctx.records, lists).items():
            lists[c] += values
    for c in _LIST_FIELDS:
        if c in lists:
            lists[c] = [[] if v is None else v for v in lists[c]]
    lists["source"] = [ctx.name for ctx in contexts for _ in ctx.records]
    lists["line"] = lists.pop("line")  # the fields, then source and line
    if raw is not None:
        raw.update(lists)
    return pd.DataFrame({c: _typed_column(c, values) for c, values in lists.items()}, copy=False)


def _fields_of(records: list[dict[str, Any]], wanted: Iterable[str]) -> dict[str, Sequence[Any]]:
    """The values of each *wanted* field of *records* (dicts; None where a record has no such key).

    A reader gives all its records the same keys, nearly always: they are then taken
    with one ``itemgetter`` per record and transposed by ``zip`` (at C speed; a list
    per field looked up record by record took 3x as long), and a field no record has
    is None throughout without a look at any record.
    """
    n = len(records)
    keys = list(records[0]) if n else []
    if len(keys) >= 2 and len(set(map(len, records))) == 1:  # same size as the first: same keys unless one is missing
        try:
            rows = list(map(operator.itemgetter(*keys), records))
        except KeyError:
            pass
        else:
            found = dict(zip(keys, zip(*rows)))
            return {c: found[c] if c in found else [None] * n for c in wanted}
    return {c: [r.get(c) for r in records] for c in wanted}


_INT_FIELDS = ("year", "number", "line", "n_authors", "position")


def _column_kind(name: str) -> str:
    """How a catalog column is typed: 'list' (object), 'time' (UTC), 'int' (Int64), 'str', 'keep' (as given)."""
    if name in _LIST_FIELDS or name == "sources":
        return "list"
    if name in _TIME_FIELDS:
        return "time"
    if name in _INT_FIELDS:
        return "int"
    return "keep" if name == "score" else "str"


def _typed_column(name: str, values: list[Any]) -> Any:
    """*values* (one Python value per row) as the array type of column *name*."""
    kind = _column_kind(name)
    # (the readers' values are str, int, datetime or None: count's == is safe on them, and 20x
    # faster than an identity test through map)
    if kind in ("time", "int", "str") and values and values.count(None) == len(values):
        return _missing_column(kind, len(values))  # a field no record has (most fields of most formats)
    if kind == "list":
        return pd.Series(values, dtype=object)
    if kind == "keep":
        return pd.Series(values)
    if kind == "time":
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True)
    if kind == "int":
        # a paper list's entry "number" may be a label such as "12a"
        if name == "number" and any(v is not None and not isinstance(v, int) for v in values):
            return pd.Series(values, dtype=object).astype(STRING)
        return pd.array(values, dtype="Int64")
    return _string_array(values)


def _missing_column(kind: str, n: int) -> Any:
    """An all-missing column of *n* rows, typed as :func:`_typed_column` types None values
    (made whole, without looking at *n* values one by one)."""
    if kind == "time":  # (the unit pandas gives a column of None)
        return pd.Series(np.full(n, np.datetime64("NaT", "s"))).dt.tz_localize("UTC")
    if kind == "int":
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    return pd.array(np.full(n, pd.NA, dtype=object), dtype=STRING, copy=False)


def _string_array(values: Sequence[Any]) -> Any:
    """A :data:`STRING` array of *values* (str or None; anything else becomes its str)."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return pd.array(arr, dtype=STRING, copy=False)


def _coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame*'s columns cast to their catalog types in place (see :func:`_column_kind`)."""
    for c in frame.columns:
        kind = _column_kind(c)
        if kind == "time":
            frame[c] = pd.to_datetime(frame[c], utc=True)
        elif kind == "int":
            frame[c] = frame[c].astype("Int64")
        elif kind == "str":
            frame[c] = frame[c].astype(STRING)
    return frame


def read_source(source: Any, *, errors: ErrorMode = "report") -> pd.DataFrame:
    """Read one catalog file: one row per record, before linking.

    Parameters
    ----------
    source : path or Source
        The file; its format is detected when not given.
    errors : {'report', 'raise'}
        ``'report'`` (default) keeps damaged records where it can, lists them in
        ``df.attrs['problems']`` and warns; ``'raise'`` raises :class:`ParseError`.

    Returns
    -------
    DataFrame
        The fields the format carries (title, authors, abstract, venue, year, …)
        plus ``source`` and ``line``. ``df.attrs['format']`` names the format read;
        ``df.attrs['problems']`` is a list of dicts (source, line, kind, message,
        record_kept), as plain values so that pandas can compare and copy the
        attrs when frames are combined: ``pd.DataFrame(df.attrs['problems'])``
        makes it a table like ``Catalog.problems``.

    Examples
    --------
    >>> import confexplore as cx
    >>> df = cx.read_source(cx.bundled_sources()[3])
    >>> df[["presentation", "title"]].iloc[4].tolist()
    ['Oral', 'Neural Ordinary Differential Equations']
    >>> df.attrs["format"], df.attrs["problems"]
    ('session-page', [])
    """
    _check_errors(errors)
    src = _as_source(source)
    ctx, fmt = _read(src, errors)
    fields = [f for f in RECORD_FIELDS if f in FORMATS[fmt].FIELDS or f in ("venue", "year")]
    frame = _records_frame([ctx], fields)
    # plain values only: pandas compares attrs with == when frames are concatenated
    # or merged, which a DataFrame in attrs turns into an error
    frame.attrs["problems"] = [dict(p) for p in ctx.problems]
    frame.attrs["format"] = fmt
    _warn(_problems_frame(ctx.problems), known=[(src.name, line, kind) for line, kind in src.known_problems])
    return frame


def _problems_frame(problems: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(problems, columns=["source", "line", "kind", "message", "record_kept"])
    frame["line"] = frame["line"].astype("Int64")
    frame["record_kept"] = frame["record_kept"].astype("bool")
    for c in ("source", "kind", "message"):
        frame[c] = frame[c].astype(STRING)
    return frame


def _warn(problems: pd.DataFrame, *, stacklevel: int = 3, known: Iterable[tuple[str, int, str]] = ()) -> None:
    serious = problems[problems["kind"].isin(["skipped", "incomplete", "encoding", "context"])]
    known = set(known)
    if known and len(serious):  # problems a source's manifest names are listed, not warned about
        keys = zip(serious["source"], serious["line"].fillna(-1).astype("int64"), serious["kind"])
        serious = serious[[key not in known for key in keys]]
    if len(serious):
        by_source = serious.groupby("source", sort=False).size()
        detail = "; ".join(f"{src}: {n}" for src, n in by_source.items())
        others = len(problems) - len(serious)
        also = f", and {others} repair(s) or note(s)" if others else ""
        warnings.warn(
            f"{len(serious)} record problem(s) while reading ({detail}); the problems table lists them with "
            f"lines and reasons{also}",
            CatalogWarning,
            stacklevel=stacklevel,
        )


# --------------------------------------------------------------------------- linking

class _Abstracts:
    """Folded abstract tokens, kept small: blocking keys (the first and last words)
    and an id digest per record, full token lists only for records that are
    compared (memory stays low at 100k+).

    The words are those of :func:`fold_tokens`: each abstract's first and last
    characters are folded to ASCII bytes (at C speed for ASCII text, nearly all of
    it), then lowered and split with one ``bytes.translate`` (several times faster
    than a regex).
    """

    _HEAD_CHARS, _TAIL_CHARS = 500, 300

    def __init__(self, texts: list[Any]) -> None:
        self.texts = [t if isinstance(t, str) else "" for t in texts]
        self.heads: list[str | None] = []
        self.tails: list[str] = []
        self.digests: list[str] = []
        add_head, add_tail, add_digest = self.heads.append, self.tails.append, self.digests.append
        sha1, table = hashlib.sha1, ASCII_WORDS
        head_n, tail_n = self._HEAD_CHARS, self._TAIL_CHARS
        for text in self.texts:
            if not text:
                add_head(None)
                add_tail("")
                add_digest("")
                continue
            # accents folded, other letters separating words, as fold_tokens does (ASCII as it is)
            head = text[:head_n].encode("ascii", "confexplore.fold_or_space").translate(table).split(None, 40)
            if len(head) > 40:
                head.pop()  # the rest of the text after the first 40 words
            # only the last 12 words are kept: split no more than needed
            tail = text[-tail_n:].encode("ascii", "confexplore.fold_or_space").translate(table).rsplit(None, 12)
            if len(tail) == 13 or len(text) > tail_n:
                del tail[:1]  # the rest, or a first word that may be cut
            add_head(b" ".join(head[:12]).decode("ascii") if len(head) >= 8 else None)
            add_tail(b" ".join(tail).decode("ascii"))
            add_digest(sha1(b" ".join(head)).hexdigest()[:6] if head else "")
        self._full: dict[int, list[str]] = {}
        self._words: dict[str, str] = {}

    def full(self, i: int) -> list[str]:
        tokens = self._full.get(i)
        if tokens is None:
            # each distinct word kept once: the lists of every compared record share them
            # (400k records: 0.4 GB at the peak of linking instead of 1.6 GB)
            tokens = fold_tokens(self.texts[i])
            tokens = self._full[i] = list(map(self._words.setdefault, tokens, tokens))
        return tokens


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i


def _similar_text(a: list[str], b: list[str]) -> float:
    """Similarity of two token lists in [0, 1] (rapidfuzz's normalised Indel on tokens)."""
    from rapidfuzz.distance import Indel

    if not a or not b:
        return 0.0
    whole = Indel.normalized_similarity(a, b)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if whole >= 0.8 or len(short) < 30:
        return whole
    # one source may cut the abstract short: compare with the other's beginning
    return max(whole, Indel.normalized_similarity(short, long_[: len(short)]))


def _author_overlap(a: list[str], b: list[str]) -> float:
    """Share of the shorter author list whose surname appears in the other (spelling-tolerant)."""
    if not a or not b:
        return 0.0
    last_a = {k.split()[-1] for k in a if k}
    last_b = {k.split()[-1] for k in b if k}
    if not last_a or not last_b:
        return 0.0
    return len(last_a & last_b) / min(len(last_a), len(last_b))


def _author_keys(authors: list[Any]) -> tuple[dict[str, str], dict[str, str]]:
    """author_key of every distinct name in a column of author lists, each folded once,
    and the surname (the key's last word) of each name whose key has one."""
    distinct = dict.fromkeys(itertools.chain.from_iterable(names for names in authors if isinstance(names, list)))
    key_of: dict[str, str] = {}
    surname_of: dict[str, str] = {}
    table = ASCII_WORDS
    for name in distinct:
        if name.endswith(")"):
            key = author_key(name)
            words = key.split()
        else:  # fold_key, inline: its words give the surname too
            words = name.encode("ascii", "confexplore.fold_or_space").translate(table).decode("ascii").split()
            key = " ".join(words)
        key_of[name] = key
        if words:
            surname_of[name] = words[-1]
    return key_of, surname_of


def _blocks(keys: list[str | None], *, largest: int) -> list[list[int]]:
    """Positions sharing a key (None: no key), in increasing order, for keys held by 2..*largest* positions."""
    codes, _ = pd.factorize(np.array(keys, dtype=object), use_na_sentinel=True)
    if not len(codes) or codes.max() < 0:
        return []
    counts = np.bincount(codes[codes >= 0])
    wanted = (counts >= 2) & (counts <= largest)
    positions = np.flatnonzero((codes >= 0) & wanted[np.maximum(codes, 0)])
    if not len(positions):
        return []
    positions = positions[np.argsort(codes[positions], kind="stable")]
    starts = np.flatnonzero(np.diff(codes[positions])) + 1
    return [group.tolist() for group in np.split(positions, starts)]


def _link(
    columns: dict[str, list[Any]], abstracts: _Abstracts, key_of: dict[str, str], surname_of: dict[str, str]
) -> tuple[list[int], list[dict[str, Any]]]:
    """Group records describing the same paper; return a group id per record and problems.

    *columns*: the records' title, authors, venue, year, source and line as lists.
    """
    n = len(columns["source"])
    fold = fold_key.__wrapped__  # titles are all different: no LRU bookkeeping
    titles = [fold(t) if isinstance(t, str) else "" for t in columns["title"]]
    authors = [a if isinstance(a, list) else [] for a in columns["authors"]]
    venues = [v if isinstance(v, str) else None for v in columns["venue"]]
    years = [y if type(y) is int else None if _missing(y) else int(y) for y in columns["year"]]
    sources = columns["source"]
    lines = columns["line"]

    # blocking: records sharing a key (folded title, first or last abstract words,
    # author surnames) are compared; keys shared by more than 50 records say nothing
    heads = abstracts.heads
    key_columns = [
        [t or None for t in titles],
        heads,
        [abstracts.tails[i] if heads[i] is not None else None for i in range(n)],
        ["|".join(sorted(filter(None, map(surname_of.get, names)))) if names else None for names in authors],
    ]
    candidates: set[tuple[int, int]] = set()
    for column in key_columns:
        for members in _blocks(column, largest=50):
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    candidates.add((members[x], members[y]))

    def same(value_a: Any, value_b: Any) -> bool:
        return value_a is None or value_b is None or value_a == value_b

    # folded author names, only for the records that are compared
    record_keys = {i: [key_of[x] for x in authors[i]] for i in {i for pair in candidates for i in pair}}
    scored: list[tuple[float, int, int]] = []
    for i, j in candidates:
        if not (same(venues[i], venues[j]) and same(years[i], years[j])):
            continue
        score = _match_score(i, j, titles, abstracts, record_keys)
        if score is not None:
            scored.append((score, i, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))

    uf = _UnionFind(n)
    group_sources: dict[int, set[str]] = {}
    problems: list[dict[str, Any]] = []
    for score, i, j in scored:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        src_i = group_sources.setdefault(ri, {sources[ri]})
        src_j = group_sources.setdefault(rj, {sources[rj]})
        if src_i & src_j:
            if score >= 0.97:
                problems.append({
                    "source": sources[j], "line": int(lines[j]), "kind": "duplicate",
                    "message": f"same paper as line {int(lines[i])} of {sources[i]}: merged into one row",
                    "record_kept": True,
                })
            else:
                continue
        uf.parent[rj] = ri
        src_i |= group_sources.pop(rj)
    return [uf.find(i) for i in range(n)], problems


def _match_score(i: int, j: int, titles: list[str], abstracts: _Abstracts, authors: dict[int, list[str]]) -> float | None:
    """How surely records i and j are one paper (None: they are not)."""
    has_titles = bool(titles[i] and titles[j])
    full_i = abstracts.full(i) if abstracts.texts[i] else []
    full_j = abstracts.full(j) if abstracts.texts[j] else []
    has_abstracts = len(full_i) >= 8 and len(full_j) >= 8
    has_authors = bool(authors[i] and authors[j])
    if has_titles and titles[i] != titles[j]:
        from rapidfuzz import fuzz

        if fuzz.ratio(titles[i], titles[j]) < 90:
            return None
    abstract_sim = _similar_text(full_i, full_j) if has_abstracts else None
    if abstract_sim is not None and abstract_sim < 0.8:
        return None
    author_sim = _author_overlap(authors[i], authors[j]) if has_authors else None
    if author_sim is not None and author_sim < 0.5:
        return None
    evidence = [s for s in (abstract_sim, author_sim, 1.0 if has_titles else None) if s is not None]
    # one kind of evidence alone is not enough unless it is a long abstract
    if len(evidence) < 2 and not (abstract_sim is not None and abstract_sim >= 0.95):
        return None
    return sum(evidence) / len(evidence)


def _paper_id(
    venue: Any, year: Any, authors: list[str], digest: str, title: Any, key_of: dict[str, str] | None = None
) -> str:
    """'<venue><year>-<first author's surname>-<6 hex digits of the abstract's first words>'."""
    if not digest:
        basis = (fold_key(title) if isinstance(title, str) else "") or "|".join(fold_key(a) for a in authors)
        digest = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:6]
    first = ((key_of or {}).get(authors[0]) or author_key(authors[0])) if authors else ""
    surname = first.rsplit(" ", 1)[-1] if first else "anon"
    venue_part = fold_key(venue).replace(" ", "") if isinstance(venue, str) else "unknown"
    year_part = "" if _missing(year) else str(int(year))
    return f"{venue_part}{year_part}-{surname}-{digest}"


# --------------------------------------------------------------------------- the catalog

class Catalog:
    """A linked catalog of papers from one or more sources.

    Build it with :func:`load_catalog`. Its tables are pandas DataFrames:

    ``papers``
        one row per distinct paper (see ``PAPER_COLUMNS``);
    ``authorships``
        one row per (paper, author position): paper_id, position, author, author_key;
    ``talks``
        scheduled talks: paper_id, venue, year, session, presentation, start, end,
        timezone, moderators, source, line;
    ``records``
        every source record before linking, with source, line and the paper_id it went to;
    ``problems``
        what was skipped, kept incomplete or repaired: source, line, kind, message, record_kept;
    ``sources``
        one row per source: name, venue, year, format, records, description.
    """

    def __init__(self, records: pd.DataFrame, problems: pd.DataFrame, sources: pd.DataFrame) -> None:
        self.records = records
        self.problems = problems
        self.sources = sources
        # name -> author_key(name): load_catalog fills it from linking, which saves
        # folding every name again for authorships
        self._author_keys: dict[str, str] | None = None

    def __repr__(self) -> str:
        return (
            f"<Catalog: {len(self.papers)} papers from {len(self.records)} records in "
            f"{len(self.sources)} sources; {len(self.talks)} talks; {len(self.problems)} problems>"
        )

    @cached_property
    def papers(self) -> pd.DataFrame:
        with gc_paused():
            return _build_papers(self.records, self.sources)

    @cached_property
    def authorships(self) -> pd.DataFrame:
        # (as papers: a collection here would walk every object of the catalog and free nothing)
        with gc_paused():
            return self._build_authorships()

    def _build_authorships(self) -> pd.DataFrame:
        # one row per name of each paper's list, missing names left out; built from
        # the lists directly (explode, dropna and a groupby count took 3x as long)
        lists = [names if isinstance(names, (list, tuple)) else () for names in self.papers["authors"].tolist()]
        lengths = np.fromiter(map(len, lists), dtype=np.intp, count=len(lists))
        names = np.empty(int(lengths.sum()), dtype=object)
        names[:] = list(itertools.chain.from_iterable(lists))
        missing = pd.isna(names)
        if missing.any():
            owner = np.repeat(np.arange(len(lengths)), lengths)
            lengths = lengths - np.bincount(owner[missing], minlength=len(lengths))
            names = names[~missing]
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        # each distinct name is folded once
        codes, distinct = pd.factorize(names)
        keys = np.array(author_keys(distinct, known=self._author_keys or {}), dtype=object)
        return pd.DataFrame(
            {
                "paper_id": _string_array(np.repeat(self.papers["paper_id"].to_numpy(dtype=object), lengths)),
                "position": pd.array(np.arange(len(names)) - starts + 1, dtype="Int64"),
                "author": _string_array(names),
                "author_key": _string_array(keys[codes] if len(codes) else keys[:0]),
            }
        )

    @cached_property
    def talks(self) -> pd.DataFrame:
        with gc_paused():
            return self._build_talks()

    def _build_talks(self) -> pd.DataFrame:
        recs = self.records
        fmt = dict(zip(self.sources["name"], self.sources["format"]))
        is_talk = recs["source"].map(fmt).eq("session-page") | recs["start"].notna()
        cols = ["paper_id", "venue", "year", "session", "presentation", "start", "end", "timezone", "moderators", "source", "line"]
        talks = recs.loc[is_talk, cols].reset_index(drop=True)
        return talks.sort_values(["start", "source", "line"], kind="stable", na_position="last").reset_index(drop=True)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _build_papers(records: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per paper_id, in the order of each paper's first record.

    A paper of one record is that record. For linked records, each field comes from
    the first record, in the field's order of formats (``_FIELD_PRIORITY``), that has
    it; the abstract is the longest one (a source may cut its copy short); the time
    slot, end and time zone are those of the earliest talk, whose presentation and
    session then win; code links and sources are the union, in record order.

    Every choice is a row position per paper, made with array sorts, and each column
    is taken from ``records`` once: no per-record Python objects (at 400k records the
    dictionary per linked record this replaced raised the peak by 0.55 GB, and took 6x
    the time).
    """
    n = len(records)
    codes, _ = pd.factorize(records["paper_id"].to_numpy(dtype=object))  # first-appearance order
    n_papers = int(codes.max()) + 1 if n else 0
    sizes = np.bincount(codes, minlength=n_papers)
    multi_paper = sizes > 1
    in_multi = multi_paper[codes]
    position = np.arange(n)
    first_row = np.full(n_papers, n, dtype=np.intp)
    np.minimum.at(first_row, codes, position)

    # choices are made among the records of linked papers only (most papers have one)
    rows = np.flatnonzero(in_multi)
    row_codes = codes[rows]
    fmt_of = dict(zip(sources["name"], sources["format"]))
    fmt_codes, fmts = pd.factorize(records["source"].iloc[rows].map(fmt_of).to_numpy(dtype=object),
                                   use_na_sentinel=True)

    def first_of_each(*keys: np.ndarray) -> np.ndarray:
        """Per linked paper (in code order), the record that sorts first by *keys* (most significant last)."""
        order = np.lexsort((rows, *keys, row_codes))
        starts = np.flatnonzero(np.r_[True, row_codes[order][1:] != row_codes[order][:-1]]) if len(rows) else rows
        return rows[order[starts]]

    def missing(column: str) -> np.ndarray:
        if column == "authors":
            names = records["authors"].tolist()
            return np.fromiter((not (isinstance(names[r], list) and names[r]) for r in rows), dtype=bool, count=len(rows))
        return records[column].isna().to_numpy(dtype=bool)[rows]

    linked = np.flatnonzero(multi_paper)  # the codes first_of_each answers for, in order
    chosen: dict[str, np.ndarray] = {}
    for field_name, order in _FIELD_PRIORITY.items():
        by_format = np.array([order.index(f) if f in order else 99 for f in fmts] + [99], dtype=np.int64)
        rank = by_format[fmt_codes]  # code -1 (no format) takes the last entry: 99
        gone = missing(field_name)
        if field_name == "abstract" and len(rows):
            length = records["abstract"].str.len().fillna(0).to_numpy(dtype=np.int64)[rows]
            pick = first_of_each(rank, -length, gone)
        else:
            pick = first_of_each(rank, gone)
        chosen[field_name] = first_row.copy()
        chosen[field_name][linked] = pick

    # the earliest talk of a linked paper: its time slot, zone, presentation and session
    no_start = missing("start")
    start_ns = records["start"].to_numpy(dtype="datetime64[ns]").view(np.int64)[rows] if n else rows
    earliest = first_of_each(start_ns, no_start)
    at = np.searchsorted(rows, earliest)  # the earliest talks' places among the linked records
    has_talk = np.zeros(n_papers, dtype=bool)
    has_talk[linked] = ~no_start[at]
    timed = first_row.copy()
    timed[linked] = earliest
    for field_name in ("presentation", "session"):
        override = np.zeros(n_papers, dtype=bool)
        override[linked] = has_talk[linked] & ~missing(field_name)[at]
        chosen[field_name] = np.where(override, timed, chosen[field_name])

    columns: dict[str, Any] = {}
    for field_name in PAPER_COLUMNS:
        if field_name in chosen:
            columns[field_name] = records[field_name].take(chosen[field_name]).reset_index(drop=True)
        elif field_name in ("start", "end", "timezone"):
            taken = records[field_name].take(timed).reset_index(drop=True)
            columns[field_name] = taken.where(~(multi_paper & ~has_talk)) if len(linked) else taken
    columns["paper_id"] = records["paper_id"].take(first_row).reset_index(drop=True)
    authors = columns["authors"].tolist()
    # linked papers get their own author lists; one-record papers share the record's
    for g in linked.tolist():
        authors[g] = list(authors[g] or [])
    columns["authors"] = pd.Series(authors, dtype=object)
    columns["n_authors"] = pd.Series(list(map(len, authors)), dtype=object)
    source_names = records["source"].tolist()
    code_lists = records["code_urls"].tolist()
    firsts = first_row.tolist()  # Python ints: list indexing with NumPy integers is slow
    sources_of: list[Any] = [[source_names[r]] for r in firsts]
    urls_of: list[Any] = [code_lists[r] for r in firsts]
    for r, g in zip(rows.tolist(), row_codes.tolist()):  # record order: the union keeps first occurrences first
        if r == firsts[g]:
            sources_of[g], urls_of[g] = [source_names[r]], list(code_lists[r])
            continue
        if source_names[r] not in sources_of[g]:
            sources_of[g].append(source_names[r])
        urls_of[g] += [u for u in code_lists[r] if u not in urls_of[g]]
    columns["sources"] = pd.Series(sources_of, dtype=object)
    columns["code_urls"] = pd.Series(urls_of, dtype=object)
    papers = pd.DataFrame({c: columns[c] for c in PAPER_COLUMNS})
    return _coerce(papers)


def _assign_ids(
    columns: dict[str, list[Any]], fmts: list[Any], groups: list[int], abstracts: _Abstracts,
    key_of: dict[str, str], surname_of: dict[str, str],
) -> list[str]:
    """The paper_id of each record: its group's (see :func:`_paper_id`), numbered "-2", "-3", ...
    where groups share one, in the order of their first records."""
    n = len(groups)
    titles, texts, digests = columns["title"], abstracts.texts, abstracts.digests
    authors, venues, years = columns["authors"], columns["venue"], columns["year"]
    group = np.asarray(groups, dtype=np.intp)
    linked = (np.bincount(group, minlength=n)[group] > 1).tolist() if n else []
    members: dict[int, list[int]] = {}
    for i in np.flatnonzero(linked).tolist():
        members.setdefault(groups[i], []).append(i)
    # a one-record paper's id from its own fields (most papers); each venue and year formatted once
    venue_part = {v: fold_key(v).replace(" ", "") if isinstance(v, str) else "unknown" for v in dict.fromkeys(venues)}
    year_part = {y: "" if _missing(y) else str(int(y)) for y in dict.fromkeys(years)}
    pri = _FIELD_PRIORITY["abstract"]
    taken: dict[str, int] = {}
    ids: list[str] = [""] * n  # a one-record paper's at its record; a linked paper's at its first record
    for i in range(n):  # groups in the order of their first records
        if not linked[i]:
            names = authors[i]
            digest = digests[i]
            if digest and (not names or names[0] in key_of):
                surname = surname_of.get(names[0], "anon") if names else "anon"
                base = f"{venue_part[venues[i]]}{year_part[years[i]]}-{surname}-{digest}"
            else:
                venue = venues[i] if isinstance(venues[i], str) else None
                year = None if _missing(years[i]) else years[i]
                base = _paper_id(venue, year, names, digest, titles[i], key_of)
        else:
            idx = members[groups[i]]
            if idx[0] != i:
                continue
            idx = sorted(idx, key=lambda i: (pri.index(fmts[i]) if fmts[i] in pri else 99, i))
            best = next((i for i in idx if texts[i]), idx[0])
            auth_i = next((i for i in idx if authors[i]), idx[0])
            title_i = next((i for i in idx if isinstance(titles[i], str)), idx[0])
            venue = next((venues[i] for i in idx if isinstance(venues[i], str)), None)
            year = next((years[i] for i in idx if not _missing(years[i])), None)
            base = _paper_id(venue, year, authors[auth_i], digests[best], titles[title_i], key_of)
        k = taken.get(base, 0)
        taken[base] = k + 1
        ids[i] = f"{base}-{k + 1}" if k else base
    for members_of in members.values():
        first = ids[members_of[0]]
        for i in members_of[1:]:
            ids[i] = first
    return ids


def load_catalog(
    sources: Iterable[Any] | Any | None = None,
    *,
    errors: ErrorMode = "report",
    progress: bool | None = None,
) -> Catalog:
    """Load and link a catalog of papers.

    Parameters
    ----------
    sources : path, Source, or a list of them; optional
        The files to read. By default the catalog bundled with confexplore.
        Formats are detected; give ``cx.Source(path, venue=..., year=...)``
        where the file does not say its venue and year.
    errors : {'report', 'raise'}
        ``'report'`` (default) keeps what it can of damaged records, lists every
        problem in ``catalog.problems`` and warns; ``'raise'`` raises
        :class:`ParseError` at the first damaged record.
    progress : bool, optional
        Show a progress bar (tqdm); by default only when many files are read.

    Returns
    -------
    Catalog

    Raises
    ------
    ParseError
        A file that cannot be opened, is not text, or whose format is not recognised.

    Examples
    --------
    >>> import confexplore as cx
    >>> cat = cx.load_catalog()
    >>> cat.papers.loc[cat.papers["venue"] == "NeurIPS", "presentation"].value_counts().to_dict()
    {'Spotlight': 12, 'Oral': 2}
    """
    _check_errors(errors)
    with gc_paused():
        return _load(sources, errors=errors, progress=progress)


def _load(sources: Any, *, errors: ErrorMode, progress: bool | None) -> Catalog:
    if sources is None:
        items = bundled_sources()
    elif isinstance(sources, (str, os.PathLike, Source)) or hasattr(sources, "read_bytes"):
        items = [_as_source(sources)]
    else:
        items = [_as_source(s) for s in sources]
    if not items:
        raise ValueError("sources is empty: give at least one file, or nothing for the bundled catalog")
    names = [s.name for s in items]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(
            f"two sources share the name {dupes[0]!r}; give each a distinct name with cx.Source(path, name=...)"
        )
    show = len(items) >= _PROGRESS_MIN_FILES if progress is None else progress
    iterator: Iterable[Source] = items
    if show:
        from tqdm.auto import tqdm

        iterator = tqdm(items, desc="reading catalog files", unit="file")
    contexts: list[ParseContext] = []
    all_problems, source_rows = [], []
    for src in iterator:
        ctx, fmt = _read(src, errors)
        contexts.append(ctx)
        all_problems.extend(ctx.problems)
        # (_read gave every record a venue and a year, None where unknown)
        venues = {v for r in ctx.records if (v := r["venue"])}
        years = {y for r in ctx.records if (y := r["year"])}
        source_rows.append(
            {
                "name": src.name,
                "venue": src.venue or (venues.pop() if len(venues) == 1 else None),
                "year": src.year or (years.pop() if len(years) == 1 else None),
                "format": fmt,
                # records found in the file: read, or reported as not kept
                "records": len(ctx.records) + sum(1 for p in ctx.problems if not p["record_kept"]),
                "description": src.description,
            }
        )
    columns: dict[str, list[Any]] = {}
    records = _records_frame(contexts, RECORD_FIELDS, raw=columns)
    del contexts
    sources_df = pd.DataFrame(source_rows)
    sources_df["records"] = sources_df["records"].astype("int64")
    for c in ("name", "venue", "format", "description"):
        sources_df[c] = sources_df[c].astype(STRING)
    sources_df["year"] = sources_df["year"].astype("Int64")
    fmt_of = dict(zip(sources_df["name"], sources_df["format"]))
    abstracts = _Abstracts(columns["abstract"])
    key_of, surname_of = _author_keys(columns["authors"])
    groups, link_problems = _link(columns, abstracts, key_of, surname_of)
    all_problems.extend(link_problems)
    fmts = [fmt_of.get(name) for name in columns["source"]]
    records.insert(0, "paper_id", _string_array(_assign_ids(columns, fmts, groups, abstracts, key_of, surname_of)))
    problems = _problems_frame(all_problems)
    _warn(problems, stacklevel=4, known=[(s.name, line, kind) for s in items for line, kind in s.known_problems])
    catalog = Catalog(records, problems, sources_df)
    catalog._author_keys = key_of
    return catalog
