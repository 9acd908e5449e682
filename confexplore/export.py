"""Export papers and talks: CSV, Parquet, BibTeX, iCalendar and a Markdown reading list.

Every function takes a DataFrame shaped like ``cat.papers`` (or ``cat.talks``
for :func:`to_ics`), returns the exported text (``bytes`` for Parquet) and,
with ``path=``, also writes it to that file (UTF-8). The functions work on any
selection: ``cx.export.to_bibtex(app.selected)``.

Formats are produced by libraries, not by hand: BibTeX by ``bibtexparser`` 2,
iCalendar by ``icalendar``, CSV and Parquet by pandas/pyarrow.

Papers without a title
    416 ICLR 2021 papers have no title in any source. Exports never invent
    one: the CSV and Parquet keep ``title`` empty (NA); BibTeX, iCalendar and
    Markdown show the paper's tl;dr (or, without one, the first sentence of
    its abstract) behind the marker ``[no title]``, e.g.
    ``[no title] tl;dr: We propose ...``, and the BibTeX entry says so in its
    ``note`` field.

Catalog text is data
    Whatever a title or abstract contains (``<script>``, ``[x](javascript:…)``,
    ``$p<N$``) comes out as text: escaped for Markdown, escaped for LaTeX
    outside math in BibTeX, escaped by icalendar in iCalendar. BibTeX,
    iCalendar and Markdown carry only ``http(s)`` links; CSV and Parquet
    keep every value as it is.
"""

from __future__ import annotations

import os
import re
import uuid
import warnings
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

import pandas as pd

__all__ = ["to_csv", "to_parquet", "to_bibtex", "to_ics", "to_markdown"]

#: Marker put before the text shown in place of a missing title.
UNTITLED_MARK = "[no title]"

#: Full conference names for BibTeX ``booktitle`` (keys upper-case).
#: A venue missing here is written as it is spelled in the catalog.
VENUE_NAMES = {
    "AAAI": "AAAI Conference on Artificial Intelligence",
    "ACL": "Annual Meeting of the Association for Computational Linguistics",
    "AISTATS": "International Conference on Artificial Intelligence and Statistics",
    "COLT": "Conference on Learning Theory",
    "CORL": "Conference on Robot Learning",
    "CVPR": "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
    "ECCV": "European Conference on Computer Vision",
    "EMNLP": "Conference on Empirical Methods in Natural Language Processing",
    "ICCV": "IEEE/CVF International Conference on Computer Vision",
    "ICLR": "International Conference on Learning Representations",
    "ICML": "International Conference on Machine Learning",
    "IJCAI": "International Joint Conference on Artificial Intelligence",
    "KDD": "ACM SIGKDD Conference on Knowledge Discovery and Data Mining",
    "NAACL": "Conference of the North American Chapter of the Association for Computational Linguistics",
    "NEURIPS": "Advances in Neural Information Processing Systems",
    "NIPS": "Advances in Neural Information Processing Systems",
    "UAI": "Conference on Uncertainty in Artificial Intelligence",
}

_WS = re.compile(r"\s+")
_UNTIMED_CHOICES = ("warn", "ignore", "raise")


# --------------------------------------------------------------------------- helpers


def _is_missing(value: Any) -> bool:
    """True for None/NA/NaN/NaT scalars; never for lists or arrays."""
    if value is None:
        return True
    if _is_list_like_cell(value) or isinstance(value, dict):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    """A clean one-paragraph string, or None for missing/blank values."""
    if _is_missing(value):
        return None
    text = _WS.sub(" ", str(value)).strip()
    return text or None


def _as_list(value: Any) -> list[str]:
    """A list-like cell (list, tuple, numpy array) as a list of non-empty strings."""
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    try:
        items = list(value)
    except TypeError:
        return [str(value)]
    return [str(v) for v in items if not _is_missing(v) and str(v).strip()]


def _is_list_like_cell(value: Any) -> bool:
    """True for list, tuple, set and numpy arrays (what a list column holds)."""
    if isinstance(value, (list, tuple, set)):
        return True
    return (
        hasattr(value, "__array__")
        and hasattr(value, "__len__")
        and not isinstance(value, (str, bytes, pd.Timestamp, datetime))
    )


def _check_frame(df: Any, func: str, required: Iterable[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"{func}() expects a pandas DataFrame such as cat.papers or app.selected; "
            f"got {type(df).__name__}"
        )
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(
            f"{func}() needs the column(s) {', '.join(map(repr, missing))}; the frame has "
            f"{', '.join(map(repr, df.columns)) or 'no columns'}. Pass cat.papers or a selection of it."
        )


def _write(path: str | os.PathLike[str] | None, data: str | bytes) -> None:
    if path is None:
        return
    if isinstance(data, bytes):
        with open(path, "wb") as fh:
            fh.write(data)
    else:
        # newline="" keeps the text byte-for-byte (iCalendar needs CRLF).
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)


def _first_sentence(text: str, limit: int = 200) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence


def _display_title(row: dict[str, Any]) -> tuple[str, bool]:
    """The title, or a marked stand-in built from the tl;dr/abstract; and whether it is a stand-in."""
    title = _text(row.get("title"))
    if title:
        return title, False
    tldr = _text(row.get("tldr"))
    if tldr:
        return f"{UNTITLED_MARK} tl;dr: {tldr}", True
    abstract = _text(row.get("abstract"))
    if abstract:
        return f"{UNTITLED_MARK} {_first_sentence(abstract)}", True
    return f"{UNTITLED_MARK} {row.get('paper_id', 'unknown paper')}", True


def _http_url(value: Any) -> str | None:
    """The value if it is an http(s) URL, else None (no ``javascript:`` links in exports)."""
    text = _text(value)
    if text and re.match(r"https?://[^\s]+$", text, re.IGNORECASE):
        return text
    return None


def _year(value: Any) -> int | None:
    if _is_missing(value):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _venue_year(row: dict[str, Any]) -> str:
    return " ".join(p for p in (_text(row.get("venue")), str(_year(row.get("year")) or "")) if p)


# --------------------------------------------------------------------------- CSV / Parquet


def to_csv(df: pd.DataFrame, *, path: str | os.PathLike[str] | None = None, list_sep: str = "; ") -> str:
    """Export a papers (or talks) frame as CSV text.

    List columns (``authors``, ``code_urls``, ``sources``, ``moderators``) are
    joined with *list_sep*; timestamps become ISO-8601 strings with their UTC
    offset (``2021-05-04T18:00:00+00:00``); missing values are empty cells.
    The index is not written.

    Parameters
    ----------
    df : pandas.DataFrame
        Papers or talks, e.g. ``cat.papers`` or ``app.selected``.
    path : str or path-like, optional
        Also write the CSV there (UTF-8).
    list_sep : str, default "; "
        Separator for list cells. Split them back with ``.str.split(list_sep)``.

    Returns
    -------
    str
        The CSV text.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"paper_id": ["p1"], "authors": [["Ada Lovelace", "Alan Turing"]],
    ...                    "start": pd.to_datetime(["2021-05-04 18:00"], utc=True)})
    >>> print(to_csv(df), end="")
    paper_id,authors,start
    p1,Ada Lovelace; Alan Turing,2021-05-04T18:00:00+00:00
    """
    _check_frame(df, "to_csv", [])
    out = pd.DataFrame(index=df.index)
    for name in df.columns:
        col = df[name]
        if isinstance(col.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(col.dtype):
            out[name] = pd.array(
                [None if pd.isna(t) else t.isoformat() for t in col], dtype="string"
            )
        elif col.dtype == object and any(_is_list_like_cell(v) for v in col):
            out[name] = pd.array(
                [
                    None if _is_missing(v) else (list_sep.join(_as_list(v)) if _is_list_like_cell(v) else str(v))
                    for v in col
                ],
                dtype="string",
            )
        else:
            out[name] = col
    text = out.to_csv(index=False, lineterminator="\n")
    _write(path, text)
    return text


def to_parquet(df: pd.DataFrame, *, path: str | os.PathLike[str] | None = None) -> bytes:
    """Export a papers (or talks) frame as Parquet bytes (lists and time zones kept).

    Parameters
    ----------
    df : pandas.DataFrame
        Papers or talks.
    path : str or path-like, optional
        Also write the bytes there.

    Returns
    -------
    bytes
        The Parquet file; read it back with ``pd.read_parquet(io.BytesIO(data))``.

    Examples
    --------
    >>> import io, pandas as pd
    >>> df = pd.DataFrame({"paper_id": ["p1"], "authors": [["Ada Lovelace"]]})
    >>> list(pd.read_parquet(io.BytesIO(to_parquet(df)))["authors"][0])
    ['Ada Lovelace']
    """
    _check_frame(df, "to_parquet", [])
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:  # pragma: no cover - pyarrow is installed with confexplore
        raise ImportError("to_parquet() needs pyarrow: pip install pyarrow") from exc
    data = df.reset_index(drop=True).to_parquet(None, index=False)
    _write(path, data)
    return data


# --------------------------------------------------------------------------- BibTeX

_LATEX_SPECIALS = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
                   "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_MATH = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$")
_KEY_STOPWORDS = frozenset(
    "a an and are as at by can do does for from how in into is it its of on or our the "
    "to toward towards under via we what when where which why with without "
    # words that open a tl;dr rather than name a topic
    "this that these those paper propose proposes proposed present presents introduce introduces "
    "show shows study studies new novel use using".split()
)


def _balance_braces(text: str) -> str:
    """Make braces safe inside a BibTeX ``{...}`` value.

    BibTeX counts every brace, escaped or not; bibtexparser skips escaped ones.
    Literal ``\\{``/``\\}`` become ``\\textbraceleft{}``/``\\textbraceright{}``
    and unmatched braces likewise, so both read the value the same way.
    Matched ``{...}`` groups (LaTeX grouping such as ``{BERT}``) stay.
    """
    text = text.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}")
    chars = list(text)
    stack: list[int] = []
    unmatched: set[int] = set()
    i = 0
    while i < len(chars):
        c = chars[i]
        if text.startswith("\\textbrace", i):  # skip our own replacements' "{}"
            j = text.index("{}", i)
            i = j + 2
            continue
        if c == "{":
            stack.append(i)
        elif c == "}":
            if stack:
                stack.pop()
            else:
                unmatched.add(i)
        i += 1
    unmatched.update(stack)
    if not unmatched:
        return text
    return "".join(
        ("\\textbraceleft{}" if c == "{" else "\\textbraceright{}") if i in unmatched else c
        for i, c in enumerate(chars)
    )


def _latex_escape(text: str) -> str:
    """Escape LaTeX specials outside ``$...$`` math; keep math and commands verbatim.

    ``&`` ``%`` ``#`` ``_`` get a backslash (unless they already have one),
    ``^`` and ``~`` become text symbols, a lone ``$`` becomes ``\\$``; braces
    are balanced (see :func:`_balance_braces`). Unicode stays as it is (the
    file is UTF-8).
    """
    parts: list[str] = []
    pos = 0
    for m in _MATH.finditer(text):
        parts.append(_escape_plain(text[pos : m.start()]))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(_escape_plain(text[pos:]))
    return _balance_braces("".join(parts))


def _escape_plain(text: str) -> str:
    out: list[str] = []
    for i, c in enumerate(text):
        escaped = i > 0 and text[i - 1] == "\\"
        if c in "&%#_" and not escaped:
            out.append(_LATEX_SPECIALS[c])
        elif c in "^~" and not escaped:
            out.append(_LATEX_SPECIALS[c])
        elif c == "$" and not escaped:
            out.append(r"\$")
        else:
            out.append(c)
    return "".join(out)


def _key_word(text: str) -> str:
    from confexplore.text import fold_key

    for word in fold_key(text).split():
        if word not in _KEY_STOPWORDS and not word.isdigit():
            return word
    return ""


def _base_key(row: dict[str, Any], title: str) -> str:
    from confexplore.text import author_key

    authors = _as_list(row.get("authors"))
    last = ""
    if authors:
        parts = author_key(authors[0]).split()
        # skip generational suffixes: "Jr", "III"
        while len(parts) > 1 and parts[-1] in {"jr", "sr", "ii", "iii", "iv"}:
            parts.pop()
        last = parts[-1] if parts else ""
    year = _year(row.get("year"))
    word = _key_word(title.replace(UNTITLED_MARK, "").replace("tl;dr:", ""))
    return f"{last or 'anon'}{year if year is not None else 'nd'}{word}"


def _suffixes() -> Iterable[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    n = 2
    while True:
        for a in letters:
            yield f"{a}{n}"
        n += 1


def _citation_keys(rows: list[dict[str, Any]], titles: list[str]) -> list[str]:
    """Readable keys ``lastname2021word``, made unique independently of row order.

    Papers sharing a base key get suffixes a, b, c... in ``paper_id`` order,
    so the same set of papers always gets the same keys.
    """
    bases = [_base_key(r, t) for r, t in zip(rows, titles)]
    groups: dict[str, list[int]] = {}
    for i, b in enumerate(bases):
        groups.setdefault(b, []).append(i)
    keys = list(bases)
    used = {b for b, members in groups.items() if len(members) == 1}
    for base, members in sorted(groups.items()):
        if len(members) == 1:
            continue
        members.sort(key=lambda i: (str(rows[i].get("paper_id", "")), i))
        suffixes = _suffixes()
        for i in members:
            key = base + next(suffixes)
            while key in used:
                key = base + next(suffixes)
            keys[i] = key
            used.add(key)
    return keys


def to_bibtex(df: pd.DataFrame, *, path: str | os.PathLike[str] | None = None) -> str:
    """Export papers as BibTeX ``@inproceedings`` entries (written by bibtexparser 2).

    One entry per row, in the frame's order. Fields: ``author`` (names joined
    with `` and ``), ``title`` (in double braces so styles keep its case),
    ``booktitle`` (the full conference name, e.g. "International Conference
    on Learning Representations (ICLR)"), ``year``, ``url``, ``abstract``, and
    ``note`` for a paper without a title: its ``title`` field then holds
    ``[no title] tl;dr: ...``.

    Citation keys are ``<first author's last name><year><first title word>``
    folded to ASCII (``poczos2019graph``). Papers of one export that would
    share a key get a, b, c... in ``paper_id`` order, so the same papers
    always get the same keys, whatever the row order.

    Text stays UTF-8 (use biber, or pdflatex with its default UTF-8 input);
    outside ``$...$`` math, LaTeX specials ``& % # _ ^ ~ $`` are escaped and
    unbalanced braces replaced by ``\\textbraceleft{}``/``\\textbraceright{}``,
    so every entry parses back and stray special characters do not break a
    LaTeX run. Math and backslash commands are kept as the catalog has them.
    Only ``http(s)`` URLs are written.

    Parameters
    ----------
    df : pandas.DataFrame
        Papers, e.g. ``cat.papers`` or ``app.selected``; needs ``paper_id``,
        ``title``, ``authors``, ``venue`` and ``year``.
    path : str or path-like, optional
        Also write the ``.bib`` there (UTF-8).

    Returns
    -------
    str
        The BibTeX text.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"paper_id": ["iclr2019-poczos-1"], "title": ["Graph nets"],
    ...     "authors": [["Barnabás Póczos", "Ada Lovelace"]], "venue": ["ICLR"], "year": [2019]})
    >>> print(to_bibtex(df), end="")
    @inproceedings{poczos2019graph,
      author = {Barnabás Póczos and Ada Lovelace},
      title = {{Graph nets}},
      booktitle = {International Conference on Learning Representations (ICLR)},
      year = {2019}
    }
    """
    _check_frame(df, "to_bibtex", ["paper_id", "title", "authors", "venue", "year"])
    import bibtexparser
    from bibtexparser import model

    rows = df.to_dict("records")
    shown = [_display_title(r) for r in rows]
    keys = _citation_keys(rows, [t for t, _ in shown])
    library = bibtexparser.Library()
    for row, (title, untitled), key in zip(rows, shown, keys):
        fields: list[model.Field] = []
        authors = _as_list(row.get("authors"))
        if authors:
            fields.append(model.Field("author", " and ".join(_latex_escape(_WS.sub(" ", a).strip()) for a in authors)))
        fields.append(model.Field("title", "{" + _latex_escape(title) + "}"))
        venue = _text(row.get("venue"))
        if venue:
            full = VENUE_NAMES.get(venue.upper())
            fields.append(model.Field("booktitle", _latex_escape(f"{full} ({venue})" if full else venue)))
        year = _year(row.get("year"))
        if year is not None:
            fields.append(model.Field("year", str(year)))
        url = _http_url(row.get("url"))
        if url:
            fields.append(model.Field("url", _balance_braces(url)))
        abstract = _text(row.get("abstract"))
        if abstract:
            fields.append(model.Field("abstract", _latex_escape(abstract)))
        if untitled:
            fields.append(
                model.Field(
                    "note",
                    "No title in the source catalog; the title field shows the paper's "
                    + ("tl;dr" if _text(row.get("tldr")) else "abstract"),
                )
            )
        library.add(model.Entry("inproceedings", key, fields))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    text = bibtexparser.write_string(library, bibtex_format=fmt)
    _write(path, text)
    return text


# --------------------------------------------------------------------------- iCalendar


def _zone(name: str | None):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name is None or name.upper() in {"UTC", "Z", "ETC/UTC"}:
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as 'America/Los_Angeles', "
            "'Europe/Berlin' or 'UTC'"
        ) from exc


def _utc(value: Any, column: str) -> datetime | None:
    if _is_missing(value):
        return None
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        raise ValueError(
            f"to_ics() needs time-zone-aware {column!r} times; this one is naive ({ts}). "
            f"Localize the column first, e.g. df[{column!r}] = df[{column!r}].dt.tz_localize('UTC')"
        )
    return ts.tz_convert("UTC").to_pydatetime().astimezone(timezone.utc)


def to_ics(
    talks_or_papers: pd.DataFrame,
    *,
    papers: pd.DataFrame | None = None,
    tz: str | None = None,
    untimed: str = "warn",
    name: str = "confexplore schedule",
    stamp: datetime | None = None,
    path: str | os.PathLike[str] | None = None,
) -> str:
    """Export scheduled talks as an iCalendar (``.ics``) file (written by icalendar).

    One ``VEVENT`` per talk: ``SUMMARY`` "[Oral] Title", ``DTSTART``/``DTEND``
    in the venue's local time zone (with its ``VTIMEZONE``; UTC where the zone
    is unknown) or in *tz*, ``DESCRIPTION`` with authors, abstract and link,
    ``LOCATION`` the session, ``CATEGORIES`` venue+year and presentation,
    ``URL``, and a ``UID`` made from ``paper_id`` and the start time, so
    importing the file again updates the same events instead of duplicating
    them.

    Parameters
    ----------
    talks_or_papers : pandas.DataFrame
        Either ``cat.talks`` (then pass *papers* for titles, authors and
        abstracts) or a papers frame with ``start``/``end`` columns, such as
        ``app.selected``. Rows without a start time (posters, unscheduled
        papers) are left out.
    papers : pandas.DataFrame, optional
        Papers to take titles etc. from when the first argument is a talks
        frame; without it, talks are named by ``paper_id``.
    tz : str, optional
        IANA zone for all event times (e.g. "Europe/Berlin", "UTC"). Default:
        each talk's ``timezone`` column (the venue's local zone).
    untimed : {"warn", "ignore", "raise"}, default "warn"
        What to do when some rows have no start time. If no row has one, a
        ``ValueError`` is raised whatever this says.
    name : str, default "confexplore schedule"
        Calendar name (``NAME``/``X-WR-CALNAME``).
    stamp : datetime, optional
        ``DTSTAMP`` of every event; default now. Pass a fixed time for
        byte-identical output.
    path : str or path-like, optional
        Also write the ``.ics`` there.

    Returns
    -------
    str
        The iCalendar text (CRLF line ends, as RFC 5545 wants).

    Examples
    --------
    >>> import pandas as pd
    >>> talks = pd.DataFrame({"paper_id": ["p1"], "title": ["Graph nets"], "presentation": ["Oral"],
    ...     "start": pd.to_datetime(["2021-05-04 18:00"], utc=True),
    ...     "end": pd.to_datetime(["2021-05-04 18:15"], utc=True),
    ...     "timezone": ["America/Los_Angeles"]})
    >>> ics = to_ics(talks)
    >>> [line for line in ics.splitlines() if line.startswith(("SUMMARY", "DTSTART;"))]
    ['SUMMARY:[Oral] Graph nets', 'DTSTART;TZID=America/Los_Angeles:20210504T110000']
    """
    _check_frame(talks_or_papers, "to_ics", ["paper_id"])
    if untimed not in _UNTIMED_CHOICES:
        raise ValueError(f"untimed must be one of {', '.join(map(repr, _UNTIMED_CHOICES))}; got {untimed!r}")
    df = talks_or_papers
    if "start" not in df.columns:
        raise ValueError(
            "to_ics() needs talk times: this frame has no 'start' column. "
            "Pass cat.talks (with papers=cat.papers) or a papers frame with start/end columns."
        )
    is_talks = "title" not in df.columns
    if papers is not None:
        if not is_talks:
            raise ValueError(
                "papers= is only used with a talks frame (cat.talks); this frame already has titles"
            )
        _check_frame(papers, "to_ics", ["paper_id"])
    fixed_zone = _zone(tz) if tz is not None else None

    info: dict[str, dict[str, Any]] = {}
    if papers is not None:
        for rec in papers.to_dict("records"):
            info.setdefault(str(rec["paper_id"]), rec)

    from icalendar import Calendar, Event

    rows = df.to_dict("records")
    events = []
    skipped = 0
    years: list[int] = []
    for row in rows:
        start = _utc(row.get("start"), "start")
        if start is None:
            skipped += 1
            continue
        end = _utc(row.get("end"), "end") if "end" in row else None
        pid = str(row["paper_id"])
        # the talk's own values (session, presentation, time zone) win over the paper's
        paper = {**info.get(pid, {}), **{k: v for k, v in row.items() if not _is_missing(v)}}
        if is_talks and pid not in info:
            title, untitled = pid, False
        else:
            title, untitled = _display_title(paper)
        if untitled and len(title) > 160:
            title = title[:159].rstrip() + "…"
        presentation = _text(paper.get("presentation"))
        zone = fixed_zone or _zone(_text(paper.get("timezone")) if _text(paper.get("timezone")) else None)
        session = _text(paper.get("session"))
        authors = _as_list(paper.get("authors"))
        moderators = _as_list(paper.get("moderators"))
        description = "\n\n".join(
            p
            for p in (
                ", ".join(authors),
                _text(paper.get("abstract")) or "",
                f"Moderators: {', '.join(moderators)}" if moderators else "",
                _http_url(paper.get("url")) or "",
            )
            if p
        )
        categories = [c for c in (_venue_year(paper), presentation) if c]
        event = Event.new(
            uid=f"{pid}-{start:%Y%m%dT%H%M%SZ}@confexplore",
            summary=f"[{presentation}] {title}" if presentation else title,
            start=start.astimezone(zone),
            end=end.astimezone(zone) if end is not None else None,
            stamp=(stamp or datetime.now(timezone.utc)).replace(microsecond=0),
            description=description or None,
            location=session,
            categories=categories,
            url=_http_url(paper.get("url")),
        )
        events.append(event)
        years.append(start.year)
    n = len(rows)
    if not events:
        raise ValueError(
            f"none of the {n} rows has a talk time, so there is nothing to put in a calendar; "
            "only scheduled talks (Orals/Spotlights with a time slot) can be exported: "
            "pass cat.talks with papers=cat.papers, or papers with a 'start' time, "
            "e.g. df[df['start'].notna()]"
        )
    if skipped:
        message = (
            f"to_ics(): {skipped} of {n} rows have no talk time (posters or unscheduled papers) "
            "and were left out of the calendar; pass untimed='ignore' to accept this silently"
        )
        if untimed == "raise":
            raise ValueError(message.replace("; pass untimed='ignore' to accept this silently", ""))
        if untimed == "warn":
            warnings.warn(message, UserWarning, stacklevel=2)

    cal = Calendar.new(
        prodid="-//confexplore//confexplore schedule//EN",
        name=name,
        description=f"{len(events)} talk{'s' if len(events) != 1 else ''} exported by confexplore",
        subcomponents=events,
        # a stable calendar UID (Calendar.new would draw a random one)
        uid=str(uuid.uuid5(uuid.NAMESPACE_URL, "confexplore:" + "\n".join(sorted(e["UID"] for e in events)))),
    )
    cal.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    text = cal.to_ical().decode("utf-8")
    _write(path, text)
    return text


# --------------------------------------------------------------------------- Markdown

# CommonMark lets any ASCII punctuation be backslash-escaped. These are the
# characters that can start markup inside a line: code spans, emphasis,
# links/images, raw HTML and autolinks, entities, strikethrough, math.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~$!|])")


def _md(text: str) -> str:
    """Catalog text as inert Markdown: one line, every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _WS.sub(" ", text).strip())


def _md_url(url: Any) -> str | None:
    """An http(s) URL as a CommonMark ``<...>`` link destination, or None if unsafe."""
    text = _http_url(url)
    if text is None:
        return None
    return "<" + text.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">"


def to_markdown(
    df: pd.DataFrame,
    *,
    path: str | os.PathLike[str] | None = None,
    heading: str | None = "Reading list",
    abstracts: bool = False,
) -> str:
    """Export papers as a numbered Markdown reading list.

    Each item: the title in bold (or ``*[no title] tl;dr:*`` and the tl;dr),
    authors, venue, year and presentation, then ``[paper]`` and ``[code]``
    links. Catalog text is escaped, so a title cannot add links, HTML or math;
    only ``http(s)`` links are written.

    Parameters
    ----------
    df : pandas.DataFrame
        Papers, e.g. ``app.selected``.
    path : str or path-like, optional
        Also write the Markdown there (UTF-8).
    heading : str or None, default "Reading list"
        A ``#`` heading on top; None for none.
    abstracts : bool, default False
        Add each abstract as an indented quote under its item.

    Returns
    -------
    str
        The Markdown text.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"paper_id": ["p1"], "title": ["Graph *nets*"], "authors": [["Ada Lovelace"]],
    ...     "venue": ["ICLR"], "year": [2019], "presentation": ["Oral"], "url": ["https://openreview.net/forum?id=x"]})
    >>> print(to_markdown(df, heading=None), end="")
    1. **Graph \\*nets\\*** — Ada Lovelace. ICLR 2019, Oral. [paper](<https://openreview.net/forum?id=x>)
    """
    _check_frame(df, "to_markdown", ["paper_id"])
    lines: list[str] = []
    if heading:
        lines += [f"# {_md(heading)}", ""]
    rows = df.to_dict("records")
    width = len(str(len(rows)))
    for number, row in enumerate(rows, start=1):
        title, untitled = _display_title(row)
        if untitled:
            rest = title[len(UNTITLED_MARK) :].strip()
            label = f"{UNTITLED_MARK} tl;dr:" if rest.startswith("tl;dr:") else UNTITLED_MARK
            rest = rest[len("tl;dr:") :].strip() if rest.startswith("tl;dr:") else rest
            head = f"*{_md(label)}* {_md(rest)}"
        else:
            head = f"**{_md(title)}**"
        authors = _as_list(row.get("authors"))
        meta = ", ".join(p for p in (_venue_year(row), _text(row.get("presentation")) or "") if p)
        tail = ". ".join(p for p in (_md(", ".join(authors)) if authors else "", _md(meta) if meta else "") if p)
        links = []
        if (u := _md_url(row.get("url"))) is not None:
            links.append(f"[paper]({u})")
        codes = [c for c in (_md_url(x) for x in _as_list(row.get("code_urls"))) if c]
        for i, c in enumerate(codes, start=1):
            links.append(f"[code{'' if len(codes) == 1 else ' ' + str(i)}]({c})")
        line = f"{number}. " + head
        if tail:
            line += f" — {tail}."
        if links:
            line += " " + " · ".join(links)
        lines.append(line)
        if abstracts and (abstract := _text(row.get("abstract"))):
            lines.append(" " * (width + 2) + "> " + _md(abstract))
    text = "\n".join(lines) + "\n"
    _write(path, text)
    return text
