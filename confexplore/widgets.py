"""The explorer: linked ipywidgets for searching, filtering, reading and exporting papers.

:func:`explore` builds the whole app; every part is also a widget of its own:

===================  ===========================================================
:class:`SearchBox`   the query text (runs on Enter, or after a pause with
                     ``debounce=``), a clear button and the query syntax help
:class:`FilterPanel` venue, year range, presentation, session, author (with
                     suggestions) and "has tl;dr", options and counts from the data
:class:`ResultsView` "N of M papers", sort, pages, one row per paper (expands to
                     its abstract), tick boxes
:class:`PaperCard`   one paper in full and its "more like this" list
:class:`ChartPanel`  a :func:`confexplore.charts.counts` chart whose clicked bars
                     narrow the results
:class:`Explorer`    all of the above, linked, plus export buttons
===================  ===========================================================

What the explorer shows is plain Python state::

    app = cx.explore(cat)
    app.query = 'graph "neural network"'
    app.filters = {"venue": "ICLR", "year": (2019, 2021)}
    app.results      # the rows shown (all pages), in the order shown
    app.selected     # the ticked rows
    app.export("bibtex", path="reading.bib")

How results are computed
------------------------
``app.results`` is, row for row, what the public search functions return:
:func:`confexplore.search.search` over the explorer's papers, kept where
:func:`confexplore.search.filter_papers` with ``app.filters`` keeps the paper,
then narrowed by the chart selection (if any) and sorted. With an empty query
it is ``filter_papers(papers, **app.filters)``. With
``explore(..., rank_within="filters")`` a query ranks only the filtered
papers instead: ``search(filter_papers(papers, **app.filters), app.query)``
(the same papers; BM25 statistics of the subset can order them differently). The search of one query and the
filter of one filter set are cached, so changing a filter does not search
again, and changing the query does not filter again.

The chart shows the papers the query and filters leave (before its own
selection). It is redrawn after the rows are updated: inside a running kernel
the redraw is queued on the event loop, so the rows appear first. A redraw
that changes the chart clears its selection, since the bars it referred to are
gone.

Catalog text is data
--------------------
Every catalog string that becomes HTML is escaped with :func:`html.escape`;
only ``http(s)`` links are made clickable. Text is wrapped in
``class="mathjax_ignore"`` so JupyterLab never typesets ``$p<N$``: LaTeX
shows as the catalog has it. Widget labels, options and tooltips are set as
text by ipywidgets.

Exports
-------
The export buttons write the ticked papers (or all results) with
:mod:`confexplore.export` to files named by the "Save as" box, relative to
``export_dir`` (the kernel's working directory by default, i.e. next to the
notebook), and show a download link (a ``data:`` URI, for exports up to
2 MB) so the file also reaches a browser whose kernel runs elsewhere
(Binder). :meth:`Explorer.export` does the same from code.
"""

from __future__ import annotations

import asyncio
import base64
import html
import math
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ipywidgets as W
import numpy as np
import pandas as pd
import traitlets as T

__all__ = [
    "EXPORT_FORMATS",
    "FILTER_KEYS",
    "SORTS",
    "ChartPanel",
    "Explorer",
    "FilterPanel",
    "PaperCard",
    "ResultsView",
    "SearchBox",
    "explore",
]

#: The keys of ``Explorer.filters``: the keyword arguments of ``filter_papers``.
FILTER_KEYS: tuple[str, ...] = ("venue", "year", "presentation", "session", "author", "has_tldr")

#: Sort orders of :class:`ResultsView` (key -> label). Ties keep relevance order.
SORTS: dict[str, str] = {
    "relevance": "Relevance",
    "title": "Title (A–Z)",
    "year": "Year (newest first)",
    "start": "Talk time",
}

#: Export formats: name -> (file extension, MIME type, label).
EXPORT_FORMATS: dict[str, tuple[str, str, str]] = {
    "csv": (".csv", "text/csv", "CSV"),
    "bibtex": (".bib", "application/x-bibtex", "BibTeX"),
    "ics": (".ics", "text/calendar", "iCalendar"),
    "markdown": (".md", "text/markdown", "Markdown"),
}
_FORMAT_ALIASES = {"bib": "bibtex", "ical": "ics", "icalendar": "ics", "calendar": "ics", "md": "markdown"}

#: Exports up to this size also get a download link (a data: URI in the page).
_DOWNLOAD_LINK_MAX_BYTES = 2_000_000
#: Author suggestions offered by the author box (the most prolific first).
_AUTHOR_SUGGESTIONS_MAX = 5000
_CACHE_SIZE = 16
_HIDDEN = "none"
#: The value of the "no filter" option of a dropdown (ipywidgets reads a None value as "no option chosen").
_ANY = ""

_STYLE = """<style>
.cx-explorer { max-width: 1000px; }
.cx-text { font-size: 13px; line-height: 1.4; color: #222; }
.cx-row { padding: 2px 0 4px 0; }
.cx-title { font-size: 14px; font-weight: 600; }
.cx-num { color: #777; font-weight: normal; margin-right: 4px; }
.cx-mark { display: inline-block; font-size: 11px; font-weight: 600; color: #6a4c00;
  background: #fff1c7; border: 1px solid #e8cf7a; border-radius: 3px; padding: 0 4px; margin-right: 4px; }
.cx-untitled { font-weight: normal; font-style: italic; }
.cx-authors { color: #333; }
.cx-meta { color: #555; font-size: 12px; }
.cx-text a { color: #1a5fb4; text-decoration: underline; }
.cx-matched { color: #777; font-size: 11px; }
.cx-text details summary { cursor: pointer; color: #1a5fb4; font-size: 12px; }
.cx-abstract { margin: 4px 0 2px 0; color: #333; white-space: pre-wrap; }
.cx-count { font-size: 15px; font-weight: 600; }
.cx-muted { color: #666; font-size: 12px; }
.cx-error { color: #b00020; font-size: 12px; }
.cx-chip { display: inline-block; background: #e8f0fb; border: 1px solid #b6cbeb; border-radius: 10px;
  padding: 0 8px; font-size: 12px; color: #17407a; }
.cx-card h3 { font-size: 16px; margin: 0 0 4px 0; }
.cx-card .cx-label { color: #666; font-size: 12px; }
.cx-rowbox { border-bottom: 1px solid #eee; }
.cx-help table { border-collapse: collapse; font-size: 12px; }
.cx-help td { padding: 1px 8px 1px 0; vertical-align: top; }
.cx-help code { background: #f3f3f3; padding: 0 3px; }
.cx-filters .widget-readout { min-width: 84px; overflow: visible; }
</style>"""


# --------------------------------------------------------------------------- small helpers


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    if _missing(value):
        return None
    text = " ".join(str(value).split())
    return text or None


def _names(value: Any) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    try:
        return [str(v) for v in value if not _missing(v) and str(v).strip()]
    except TypeError:
        return [str(value)]


def _http_url(value: Any) -> str | None:
    """The value if it is a plain http(s) URL (no javascript:, data:, spaces or quotes)."""
    text = _text(value)
    if not text or any(c in text for c in " \"'<>`\\") or any(ord(c) < 32 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _link(url: str, label: str) -> str:
    return f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_e(label)}</a>'


def _first_sentence(text: str, limit: int = 200) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _title_html(row: Mapping[str, Any]) -> str:
    """The title, or the tl;dr marked ``[tl;dr]`` (or ``[no title]`` + abstract) where none exists."""
    title = _text(row.get("title"))
    if title:
        return _e(title)
    tldr = _text(row.get("tldr"))
    if tldr:
        return f'<span class="cx-mark" title="This paper has no title; its tl;dr is shown">[tl;dr]</span><span class="cx-untitled">{_e(tldr)}</span>'
    abstract = _text(row.get("abstract"))
    text = _first_sentence(abstract) if abstract else str(row.get("paper_id", "unknown paper"))
    return f'<span class="cx-mark" title="This paper has no title">[no title]</span><span class="cx-untitled">{_e(text)}</span>'


def _plain_title(row: Mapping[str, Any], limit: int = 90) -> str:
    """A one-line text label (for tooltips): title, else ``[tl;dr] ...``."""
    title = _text(row.get("title"))
    if not title:
        tldr = _text(row.get("tldr"))
        title = f"[tl;dr] {tldr}" if tldr else f"[no title] {_first_sentence(_text(row.get('abstract')) or str(row.get('paper_id', '')))}"
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _year_text(value: Any) -> str | None:
    if _missing(value):
        return None
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return _text(value)


def _meta_parts(row: Mapping[str, Any]) -> list[str]:
    return [p for p in (_text(row.get("venue")), _year_text(row.get("year")), _text(row.get("presentation"))) if p]


def _talk_time(row: Mapping[str, Any]) -> str | None:
    """``Tue 4 May 2021, 11:00–11:15 PDT`` in the venue's zone (UTC when unknown)."""
    start = row.get("start")
    if _missing(start):
        return None
    start = pd.Timestamp(start)
    end = row.get("end")
    end = None if _missing(end) else pd.Timestamp(end)
    zone_name = _text(row.get("timezone"))
    if start.tzinfo is None:
        start = start.tz_localize("UTC")
        end = end.tz_localize("UTC") if end is not None and end.tzinfo is None else end
    if zone_name:
        try:
            start = start.tz_convert(zone_name)
            end = end.tz_convert(zone_name) if end is not None else None
        except Exception:  # an unknown zone name: keep UTC
            pass
    text = f"{start:%a} {start.day} {start:%b %Y}, {start:%H:%M}"
    if end is not None:
        text += f"–{end:%H:%M}"
    return f"{text} {start.tzname() or ''}".strip()


def _links_html(row: Mapping[str, Any]) -> list[str]:
    links = []
    if url := _http_url(row.get("url")):
        links.append(_link(url, "paper"))
    codes = [u for u in (_http_url(c) for c in _names(row.get("code_urls"))) if u]
    for i, url in enumerate(codes, start=1):
        links.append(_link(url, "code" if len(codes) == 1 else f"code {i}"))
    return links


def _authors_html(names: list[str], limit: int | None = 12) -> str:
    if not names:
        return '<span class="cx-muted">authors unknown</span>'
    if limit is not None and len(names) > limit:
        return _e(", ".join(names[:limit])) + f' <span class="cx-muted">and {len(names) - limit} more</span>'
    return _e(", ".join(names))


def row_html(row: Mapping[str, Any], *, number: int | None = None, matched: str | None = None) -> str:
    """The HTML of one result row (every catalog string escaped)."""
    num = f'<span class="cx-num">{number}.</span>' if number is not None else ""
    meta = [_e(" · ".join(_meta_parts(row)))] if _meta_parts(row) else []
    when = _talk_time(row)
    session = _text(row.get("session"))
    if when or session:
        meta.append(_e(" · ".join(p for p in (when, session) if p)))
    meta += _links_html(row)
    parts = [
        f'<div class="cx-title">{num}{_title_html(row)}</div>',
        f'<div class="cx-authors">{_authors_html(_names(row.get("authors")))}</div>',
        f'<div class="cx-meta">{" · ".join(meta)}'
        + (f' <span class="cx-matched">· matched: {_e(matched)}</span>' if matched else "")
        + "</div>",
    ]
    abstract = _text(row.get("abstract"))
    tldr = _text(row.get("tldr")) if _text(row.get("title")) else None
    if abstract or tldr:
        inner = (f"<div><b>tl;dr:</b> {_e(tldr)}</div>" if tldr else "") + (
            f'<div class="cx-abstract">{_e(row.get("abstract")).strip()}</div>' if abstract else ""
        )
        parts.append(f"<details><summary>Abstract</summary>{inner}</details>")
    return f'<div class="cx-text cx-row mathjax_ignore tex2jax_ignore">{"".join(parts)}</div>'


def card_html(row: Mapping[str, Any]) -> str:
    """The HTML of a paper card (every catalog string escaped)."""
    out = [f"<h3>{_title_html(row)}</h3>", f'<div class="cx-authors">{_authors_html(_names(row.get("authors")), None)}</div>']
    meta = " · ".join(_meta_parts(row))
    if meta:
        out.append(f'<div class="cx-meta">{_e(meta)}</div>')
    when, session = _talk_time(row), _text(row.get("session"))
    if when or session:
        out.append(f'<div class="cx-meta">Talk: {_e(" · ".join(p for p in (when, session) if p))}</div>')
    links = _links_html(row)
    if links:
        out.append(f'<div class="cx-meta">{" · ".join(links)}</div>')
    if tldr := _text(row.get("tldr")):
        out.append(f'<p><span class="cx-label">tl;dr</span><br>{_e(tldr)}</p>')
    if _text(row.get("abstract")):
        out.append(f'<p><span class="cx-label">Abstract</span></p><div class="cx-abstract">{_e(row.get("abstract")).strip()}</div>')
    sources = _names(row.get("sources"))
    foot = [f"id {row.get('paper_id')}"] + ([f"from {', '.join(sources)}"] if sources else [])
    out.append(f'<div class="cx-muted">{_e(" · ".join(foot))}</div>')
    return f'<div class="cx-text cx-card mathjax_ignore tex2jax_ignore">{"".join(out)}</div>'


def _hide(widget: W.DOMWidget, hidden: bool) -> None:
    value = _HIDDEN if hidden else None
    if widget.layout.display != value:
        widget.layout.display = value


def _set(widget: Any, name: str, value: Any) -> None:
    """Set a trait only when it changes (each change is a message to the browser)."""
    if getattr(widget, name) != value:
        setattr(widget, name, value)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _papers_frame(catalog_or_papers: Any) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(papers, authorships or None) from a Catalog, a papers DataFrame or None (bundled)."""
    if catalog_or_papers is None:
        from .catalog import load_catalog

        catalog_or_papers = load_catalog()
    if isinstance(catalog_or_papers, pd.DataFrame):
        papers, authorships = catalog_or_papers, None
    elif isinstance(getattr(catalog_or_papers, "papers", None), pd.DataFrame):
        papers = catalog_or_papers.papers
        authorships = getattr(catalog_or_papers, "authorships", None)
        authorships = authorships if isinstance(authorships, pd.DataFrame) else None
    else:
        raise TypeError(
            "explore() takes a Catalog (cx.load_catalog()) or a papers DataFrame (cat.papers or a "
            f"subset of it); got {type(catalog_or_papers).__name__}"
        )
    if "paper_id" not in papers.columns:
        raise ValueError(
            "the papers frame needs a 'paper_id' column (ticks, paper cards and exports use it); "
            "pass cx.load_catalog().papers or a subset of it"
        )
    if not papers.index.is_unique:
        papers = papers.reset_index(drop=True)
    return papers, authorships


class _LRU(OrderedDict):
    def __init__(self, size: int = _CACHE_SIZE) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> Any:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value

    def fetch(self, key: Any) -> Any:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


# --------------------------------------------------------------------------- SearchBox

_QUERY_HELP = """<div class="cx-help cx-text"><table>
<tr><td><code>graph networks</code></td><td>every word must occur (title, tl;dr, abstract or authors); plurals match too</td></tr>
<tr><td><code>"neural network"</code></td><td>a phrase</td></tr>
<tr><td><code>-survey</code></td><td>leave out papers with that word (or <code>-"a phrase"</code>)</td></tr>
<tr><td><code>gan OR diffusion</code></td><td>either word (OR in capitals)</td></tr>
<tr><td><code>author:bengio</code></td><td>a word of an author's name (close misspellings are tried)</td></tr>
<tr><td><code>title:</code> <code>abstract:</code> <code>tldr:</code></td><td>a word or phrase in that field only</td></tr>
<tr><td><code>venue:iclr</code> <code>year:2019..2021</code></td><td>venue, year or year range (<code>year:2019,2021</code>: either; <code>year:&gt;2020</code>: after 2020)</td></tr>
<tr><td><code>type:oral</code> <code>session:"track 2"</code></td><td>presentation type; words of the session name</td></tr>
</table><div class="cx-muted">Results are ranked by relevance (BM25; title matches count most). Press Enter to search.</div></div>"""


class SearchBox(W.VBox):
    """A search field: the query runs on Enter (or when the field loses focus).

    Parameters
    ----------
    query : str, default ""
        The initial query.
    debounce : float, optional
        Also run the query this many seconds after typing stops (needs a
        running kernel event loop, as in Jupyter; without one the query runs at
        once). ``None`` (default): only on Enter or leaving the field.
    placeholder : str, optional
        The hint shown in the empty field.

    Attributes
    ----------
    query : str (traitlet)
        The submitted query; observe it to react to searches.
    text : ipywidgets.Text
        The input field (its ``value`` is what is typed).

    Examples
    --------
    >>> box = SearchBox(query="graph")
    >>> box.text.value = "diffusion"
    >>> box.query
    'diffusion'
    """

    query = T.Unicode("")

    def __init__(self, *, query: str = "", debounce: float | None = None, placeholder: str | None = None, **kwargs: Any) -> None:
        if debounce is not None and (isinstance(debounce, bool) or not isinstance(debounce, (int, float)) or debounce < 0):
            raise ValueError(f"debounce must be a number of seconds (e.g. 0.4) or None; got {debounce!r}")
        self.debounce = debounce
        self._timer: asyncio.TimerHandle | None = None
        self.text = W.Text(
            value=query,
            description="Search",
            placeholder=placeholder or 'e.g. graph "neural network" author:bengio year:2021 -survey',
            continuous_update=debounce is not None,
            tooltip="Search titles, tl;drs, abstracts and authors; press Enter to run",
            layout=W.Layout(flex="1 1 auto", width="auto", min_width="240px"),
            style={"description_width": "52px"},
        )
        self.search_button = W.Button(description="Search", icon="search", button_style="primary",
                                      tooltip="Run the search (Enter does the same)", layout=W.Layout(width="92px"))
        self.clear_button = W.Button(description="Clear", icon="times", tooltip="Clear the search",
                                     layout=W.Layout(width="76px"))
        self.help_button = W.ToggleButton(value=False, description="Syntax", icon="question-circle",
                                          tooltip="Show or hide the query syntax", layout=W.Layout(width="86px"))
        self.help = W.HTML(_QUERY_HELP, layout=W.Layout(display=_HIDDEN, margin="2px 0 4px 58px"))
        self.message = W.HTML("", layout=W.Layout(margin="0 0 0 58px"))
        super().__init__(
            [W.HBox([self.text, self.search_button, self.clear_button, self.help_button]), self.message, self.help],
            **kwargs,
        )
        self.add_class("cx-searchbox")
        self.query = query
        self.text.observe(self._on_text, names="value")
        self.search_button.on_click(lambda _b: self.submit())
        self.clear_button.on_click(lambda _b: self.clear())
        self.help_button.observe(lambda ch: _hide(self.help, not ch["new"]), names="value")

    # -------------------------------------------------------------- actions
    def submit(self) -> None:
        """Run what is typed now (as pressing Enter does)."""
        self._cancel_timer()
        self.query = self.text.value

    def clear(self) -> None:
        """Empty the field and the query."""
        self._cancel_timer()
        self.text.value = ""
        self.query = ""

    def show_error(self, message: str | None) -> None:
        """Show *message* under the field (escaped); ``None`` removes it."""
        _set(self.message, "value", "" if not message else f'<div class="cx-error" role="alert">{_e(message)}</div>')

    def _on_text(self, change: dict) -> None:
        if self.debounce is None:
            self.submit()
            return
        loop = _running_loop()
        self._cancel_timer()
        if loop is None:
            self.submit()
        else:
            self._timer = loop.call_later(self.debounce, self.submit)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


# --------------------------------------------------------------------------- FilterPanel


def _count_label(name: str, n: int) -> str:
    return f"{name} ({n:,})"


class FilterPanel(W.VBox):
    """Field filters for a papers frame; options and their paper counts come from the data.

    Parameters
    ----------
    papers : pandas.DataFrame
        The papers whose values fill the controls (e.g. ``cat.papers``).
    authorships : pandas.DataFrame, optional
        ``cat.authorships``: author suggestions are made from its
        ``author_key`` (one suggestion per person, in the most common
        spelling). Without it the keys are folded from ``papers["authors"]``.
    filters : dict, optional
        Initial filters.

    Attributes
    ----------
    filters : dict (traitlet)
        Keyword arguments for :func:`confexplore.search.filter_papers`, only
        the filters in use, e.g. ``{"venue": "ICLR", "year": (2019, 2021)}``.
        Settable: the controls follow.

    Examples
    --------
    >>> import confexplore as cx
    >>> cat = cx.load_catalog()
    >>> panel = FilterPanel(cat.papers, authorships=cat.authorships)
    >>> panel.venue.value = "NeurIPS"
    >>> panel.filters
    {'venue': 'NeurIPS'}
    """

    filters = T.Dict()

    def __init__(self, papers: pd.DataFrame, *, authorships: pd.DataFrame | None = None,
                 filters: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        self._papers = papers
        self._syncing = False
        style = {"description_width": "86px"}
        wide = W.Layout(width="310px")

        self.venue = W.Dropdown(description="Venue", options=self._options(papers, "venue", "All venues"),
                                tooltip="Show papers of one venue", style=style, layout=wide)
        years = pd.to_numeric(papers["year"], errors="coerce").dropna().astype(int) if "year" in papers else pd.Series([], dtype=int)
        self._year_bounds = (int(years.min()), int(years.max())) if len(years) else (0, 0)
        lo, hi = self._year_bounds
        self.year = W.IntRangeSlider(
            value=(lo, hi), min=lo, max=max(hi, lo), step=1, description="Year", continuous_update=False,
            disabled=lo == hi, tooltip="Show papers from this range of years", style=style, layout=wide,
        )
        self.presentation = W.Dropdown(description="Presentation",
                                       options=self._options(papers, "presentation", "Any presentation"),
                                       tooltip="Oral, spotlight or poster", style=style, layout=wide)
        self.session = W.Dropdown(description="Session", options=self._session_options(papers),
                                  tooltip="Show the talks of one session", style=style, layout=wide)
        self.author = W.Combobox(
            description="Author", placeholder="a name, e.g. Levine", options=self._author_suggestions(papers, authorships),
            ensure_option=False, continuous_update=False,
            tooltip="Papers by this author (case, accents and small typos do not matter); press Enter",
            style=style, layout=wide,
        )
        n_tldr = int(papers["tldr"].notna().sum()) if "tldr" in papers else 0
        self.has_tldr = W.Dropdown(
            description="tl;dr",
            options=[("Any", _ANY), (_count_label("With a tl;dr", n_tldr), True),
                     (_count_label("Without a tl;dr", len(papers) - n_tldr), False)],
            tooltip="Keep papers with (or without) a tl;dr", style=style, layout=wide,
        )
        self.reset_button = W.Button(description="Reset filters", icon="undo", tooltip="Remove every filter",
                                     layout=W.Layout(width="130px", margin="4px 0 0 90px"))
        self.message = W.HTML("")
        self._controls = {
            "venue": self.venue, "year": self.year, "presentation": self.presentation,
            "session": self.session, "author": self.author, "has_tldr": self.has_tldr,
        }
        for key in ("venue", "presentation", "session"):
            if key not in papers.columns:
                self._controls[key].disabled = True
        super().__init__(
            [self.venue, self.year, self.presentation, self.session, self.author, self.has_tldr,
             self.reset_button, self.message],
            **kwargs,
        )
        self.add_class("cx-filters")
        for control in self._controls.values():
            control.observe(self._on_control, names="value")
        self.reset_button.on_click(lambda _b: self.reset())
        if filters:
            self.filters = dict(filters)

    # -------------------------------------------------------------- options
    @staticmethod
    def _options(papers: pd.DataFrame, column: str, everything: str) -> list[tuple[str, Any]]:
        if column not in papers.columns:
            return [(everything, _ANY)]
        counts = papers[column].dropna().astype(str).value_counts()
        order = sorted(counts.index, key=lambda v: (-counts[v], v)) if column != "presentation" else sorted(
            counts.index, key=lambda v: (["Oral", "Spotlight", "Poster"].index(v) if v in ("Oral", "Spotlight", "Poster") else 9, v))
        return [(everything, _ANY)] + [(_count_label(v, int(counts[v])), v) for v in order if v.strip()]

    @staticmethod
    def _session_options(papers: pd.DataFrame) -> list[tuple[str, Any]]:
        if "session" not in papers.columns:
            return [("All sessions", _ANY)]
        frame = papers.loc[papers["session"].notna(), [c for c in ("session", "venue", "year") if c in papers.columns]]
        out: list[tuple[str, Any]] = [("All sessions", _ANY)]
        for session, group in frame.groupby("session", sort=True):
            where = []
            if "venue" in group and "year" in group:
                where = sorted({" ".join(p for p in (_text(v), _year_text(y)) if p) for v, y in zip(group["venue"], group["year"])})
            label = f"{session} ({', '.join(where) + ', ' if where else ''}{len(group):,})"
            out.append((label, str(session)))
        return out

    @staticmethod
    def _author_suggestions(papers: pd.DataFrame, authorships: pd.DataFrame | None) -> list[str]:
        if authorships is not None and {"author", "author_key", "paper_id"} <= set(authorships.columns):
            auth = authorships[["paper_id", "author", "author_key"]]
            if "paper_id" in papers.columns and len(auth):
                auth = auth[auth["paper_id"].isin(papers["paper_id"])]
        elif "authors" in papers.columns:
            from .text import author_keys

            names = papers["authors"].explode().dropna()
            names = names.to_numpy(dtype=object).astype(str)
            distinct = pd.unique(names)  # each spelling folded once, one person's spellings one key
            keys = dict(zip(distinct, author_keys(distinct)))
            auth = pd.DataFrame({"paper_id": papers["authors"].explode().dropna().index, "author": names})
            auth["author_key"] = [keys[a] for a in names]
        else:
            return []
        if not len(auth):
            return []
        spelling = auth.groupby(["author_key", "author"]).size().reset_index(name="n")
        spelling = spelling.sort_values(["author_key", "n", "author"], ascending=[True, False, True]).drop_duplicates("author_key")
        papers_per_key = auth.groupby("author_key")["paper_id"].nunique()
        spelling["papers"] = spelling["author_key"].map(papers_per_key)
        spelling = spelling.sort_values(["papers", "author"], ascending=[False, True]).head(_AUTHOR_SUGGESTIONS_MAX)
        return [a for a in spelling["author"].tolist() if a.strip()]

    # -------------------------------------------------------------- state
    def reset(self) -> None:
        """Remove every filter."""
        self.filters = {}

    def _from_controls(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("venue", "presentation", "session", "has_tldr"):
            value = self._controls[key].value
            if not (isinstance(value, str) and value == _ANY):
                out[key] = value
        lo, hi = self.year.value
        if (lo, hi) != self._year_bounds:
            out["year"] = (lo, hi)
        author = self.author.value.strip()
        if author:
            out["author"] = author
        return out

    def _on_control(self, change: dict) -> None:
        if self._syncing:
            return
        previous = dict(self.filters)
        new = self._from_controls()
        # keep a filter set from code as it was while its control is untouched
        for key, value in previous.items():
            if key not in new and change["owner"] is not self._controls[key] and not self._shown(key, value):
                new[key] = value
        self.filters = new

    def _shown(self, key: str, value: Any) -> bool:
        """Whether the control of *key* shows *value* (or could not show it at all)."""
        control = self._controls[key]
        if key == "year":
            return self._year_value(value) == control.value
        if key == "author":
            return control.value.strip() == str(value)
        return control.value == (tuple(value) if isinstance(value, (list, set, frozenset)) else value)

    def _year_value(self, year: Any) -> tuple[int, int] | None:
        lo, hi = self._year_bounds
        if isinstance(year, (int, np.integer)) and not isinstance(year, bool):
            return (min(max(int(year), lo), hi),) * 2
        if isinstance(year, tuple) and len(year) == 2:
            a = lo if year[0] is None else int(year[0])
            b = hi if year[1] is None else int(year[1])
            return (min(max(a, lo), hi), min(max(b, lo), hi))
        if isinstance(year, range) and len(year) and year.step == 1:
            return self._year_value((year.start, year.stop - 1))
        if isinstance(year, str) and re.fullmatch(r"\s*(\d{4})?\s*\.\.\s*(\d{4})?\s*|\s*\d{4}\s*", year):
            m = re.findall(r"\d{4}|\.\.", year)
            if m == [m[0]] and m[0] != "..":
                return self._year_value(int(m[0]))
            a = int(m[0]) if m[0] != ".." else None
            b = int(m[-1]) if m[-1] != ".." else None
            return self._year_value((a, b))
        return None

    @T.observe("filters")
    def _filters_changed(self, change: dict) -> None:
        self._syncing = True
        try:
            filters = change["new"]
            notes = []
            for key in ("venue", "presentation", "session", "has_tldr"):
                control = self._controls[key]
                value = filters.get(key, _ANY)
                values = [v for _, v in control.options]
                if isinstance(value, (list, set, frozenset)):
                    value = tuple(value)
                if value not in values:
                    label = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
                    control.options = list(control.options) + [(label, value)]
                control.value = value
            year = filters.get("year")
            shown = self._year_bounds if year is None else self._year_value(year)
            if shown is None:
                notes.append(f"year: {year!r}")
                shown = self._year_bounds
            self.year.value = shown
            author = filters.get("author")
            if isinstance(author, (list, tuple, set)):
                notes.append("authors: " + ", ".join(map(str, author)))
                author = None
            self.author.value = "" if author is None else str(author)
            _set(self.message, "value", "" if not notes else
                 f'<div class="cx-muted">Also filtered by {_e("; ".join(notes))}</div>')
        finally:
            self._syncing = False


# --------------------------------------------------------------------------- ResultsView


class _Row:
    """The widgets of one result row (reused from page to page)."""

    def __init__(self, view: "ResultsView", slot: int) -> None:
        self.position = -1
        self.tick = W.Checkbox(value=False, description="select", indent=False,
                               tooltip="Tick to add this paper to the selection (for export)",
                               layout=W.Layout(width="72px", min_width="72px", margin="2px 0 0 0"))
        self.body = W.HTML("", layout=W.Layout(flex="1 1 auto", width="auto"))
        self.details = W.Button(description="Details", icon="file-text-o",
                                tooltip="Open this paper in the paper card, with similar papers",
                                layout=W.Layout(width="88px", min_width="88px"))
        self.box = W.HBox([self.tick, self.body, self.details], layout=W.Layout(display=_HIDDEN, width="100%", align_items="flex-start"))
        self.box.add_class("cx-rowbox")
        self.tick.observe(lambda ch: view._on_tick(self, ch["new"]), names="value")
        self.details.on_click(lambda _b: view._on_details(self))


class ResultsView(W.VBox):
    """A paged, sortable list of papers with tick boxes.

    Parameters
    ----------
    papers : pandas.DataFrame
        All papers the rows can come from (its index must be unique); the
        count says "N of len(papers) papers".
    results : pandas.DataFrame, optional
        The rows to show, in relevance order (rows of *papers*, e.g. a
        :func:`confexplore.search.search` result). Default: every paper.
    page_size : int, default 20
        Rows per page.
    sort : {"relevance", "title", "year", "start"}
        Initial sort order (see :data:`SORTS`).

    Attributes
    ----------
    sort, page, page_size : traitlets
        Sort key, page (0-based) and rows per page; settable.
    n_selected : int (traitlet)
        How many papers are ticked.

    Examples
    --------
    >>> import confexplore as cx
    >>> from confexplore.search import search
    >>> papers = cx.load_catalog().papers
    >>> view = ResultsView(papers, results=search(papers, "adversarial"), page_size=5)
    >>> view.count_text == f"{len(search(papers, 'adversarial'))} of 992 papers"
    True
    """

    sort = T.Unicode("relevance")
    page = T.Int(0)
    page_size = T.Int(20)
    n_selected = T.Int(0)

    def __init__(self, papers: pd.DataFrame, *, results: pd.DataFrame | None = None, page_size: int = 20,
                 sort: str = "relevance", **kwargs: Any) -> None:
        if not papers.index.is_unique:
            raise ValueError("papers must have a unique index; use papers.reset_index(drop=True)")
        self._papers = papers
        self._n = len(papers)
        self._positions = np.arange(self._n, dtype=np.intp)  # relevance order
        self._source: pd.DataFrame | None = None  # frame holding the rows (e.g. a search result)
        self._source_rows: np.ndarray | None = None  # row of _source for each of _positions
        self._quiet = False
        self._perm = self._positions  # display order: indexes into self._positions
        self._ticked: dict[int, None] = {}
        self._open_callbacks = W.CallbackDispatcher()
        self._keys: dict[str, np.ndarray] = {}
        self._rows: list[_Row] = []
        self._note = ""

        self.count = W.HTML("", layout=W.Layout(width="auto"))
        self.sort_menu = W.Dropdown(options=[(v, k) for k, v in SORTS.items()], value="relevance", description="Sort by",
                                    tooltip="Order of the results", style={"description_width": "54px"},
                                    layout=W.Layout(width="230px"))
        self.prev_button = W.Button(description="Previous", icon="chevron-left", tooltip="Previous page",
                                    layout=W.Layout(width="100px"))
        self.next_button = W.Button(description="Next", icon="chevron-right", tooltip="Next page",
                                    layout=W.Layout(width="80px"))
        self.page_label = W.HTML("", layout=W.Layout(width="auto", margin="0 6px"))
        self.tick_all_button = W.Button(description="Tick all results", icon="check-square-o",
                                        tooltip="Tick every paper of the results (all pages)", layout=W.Layout(width="140px"))
        self.untick_button = W.Button(description="Untick all", icon="square-o", tooltip="Clear the selection",
                                      layout=W.Layout(width="104px"))
        self.selected_label = W.HTML("", layout=W.Layout(width="auto", margin="0 6px"))
        self.empty = W.HTML("", layout=W.Layout(display=_HIDDEN))
        self.list = W.VBox([], layout=W.Layout(width="100%"))
        header = W.HBox(
            [self.count, W.HBox([self.sort_menu, self.prev_button, self.page_label, self.next_button])],
            layout=W.Layout(justify_content="space-between", align_items="center", flex_flow="row wrap", width="100%"),
        )
        ticks = W.HBox([self.selected_label, self.tick_all_button, self.untick_button],
                       layout=W.Layout(align_items="center", flex_flow="row wrap"))
        self.ticks_bar = ticks
        super().__init__([W.HTML(_STYLE), header, ticks, self.empty, self.list], **kwargs)
        self.add_class("cx-results")
        self.sort_menu.observe(lambda ch: setattr(self, "sort", ch["new"]), names="value")
        self.prev_button.on_click(lambda _b: self._turn(-1))
        self.next_button.on_click(lambda _b: self._turn(+1))
        self.tick_all_button.on_click(lambda _b: self.tick_all())
        self.untick_button.on_click(lambda _b: self.untick_all())
        self._ensure_rows(page_size)
        self.page_size = page_size
        self.sort = sort
        if results is not None:
            self.results = results
        else:
            self._render()

    # -------------------------------------------------------------- validation
    @T.validate("sort")
    def _valid_sort(self, proposal: dict) -> str:
        value = proposal["value"]
        if value not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(map(repr, SORTS))}; got {value!r}")
        return value

    @T.validate("page_size")
    def _valid_page_size(self, proposal: dict) -> int:
        value = proposal["value"]
        if not 1 <= value <= 500:
            raise ValueError(f"page_size must be between 1 and 500; got {value}")
        return value

    @T.observe("sort")
    def _sort_changed(self, change: dict) -> None:
        _set(self.sort_menu, "value", change["new"])
        self._reorder()
        self._first_page()
        self._render()

    def _ensure_rows(self, size: int) -> None:
        while len(self._rows) < size:
            self._rows.append(_Row(self, len(self._rows)))
        children = tuple(r.box for r in self._rows[:size])
        if self.list.children != children:
            self.list.children = children

    @T.observe("page_size")
    def _page_size_changed(self, change: dict) -> None:
        self._ensure_rows(change["new"])
        self._first_page()
        self._render()

    @T.observe("page")
    def _page_changed(self, change: dict) -> None:
        if not self._quiet:
            self._render()

    def _first_page(self) -> None:
        self._quiet = True
        try:
            self.page = 0
        finally:
            self._quiet = False

    # -------------------------------------------------------------- results
    @property
    def results(self) -> pd.DataFrame:
        """The rows shown (all pages), in the order shown. Set it to show other rows of ``papers``."""
        order = self._perm
        if self._source is not None:
            return self._source.iloc[self._source_rows[order]]
        return self._papers.take(self._positions[order])

    @results.setter
    def results(self, frame: pd.DataFrame) -> None:
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"results must be a DataFrame of rows of the view's papers; got {type(frame).__name__}")
        positions = self._papers.index.get_indexer(frame.index)
        if (positions < 0).any():
            raise ValueError(
                "results must be rows of the papers this view was made with (matched by index); "
                f"{int((positions < 0).sum())} rows are not"
            )
        self.show(positions, source=frame, source_rows=np.arange(len(frame), dtype=np.intp))

    @property
    def positions(self) -> np.ndarray:
        """Row positions (in ``papers``) of the results, in the order shown."""
        return self._positions[self._perm]

    @property
    def count_text(self) -> str:
        """``"N of M papers"``."""
        return f"{len(self._positions):,} of {self._n:,} papers"

    @property
    def selected(self) -> pd.DataFrame:
        """The ticked papers, in the order of ``papers``."""
        return self._papers.take(np.sort(np.fromiter(self._ticked, dtype=np.intp, count=len(self._ticked))))

    def show(self, positions: np.ndarray, *, source: pd.DataFrame | None = None,
             source_rows: np.ndarray | None = None, note: str = "") -> None:
        """Show the papers at *positions* (of ``papers``) in that (relevance) order.

        *source*, if given, is the frame :attr:`results` takes its rows from
        (e.g. a search result, with its ``score`` and ``matched`` columns):
        row ``source_rows[i]`` of it is the paper at ``positions[i]``. Rows
        are only copied out of it when asked for. *note* is shown after the count.
        """
        positions = np.asarray(positions, dtype=np.intp)
        if source is not None:
            source_rows = np.asarray(source_rows if source_rows is not None else np.arange(len(source)), dtype=np.intp)
            if len(source_rows) != len(positions):
                raise ValueError("source_rows must have one row of source per position")
        self._positions = positions
        self._source = source
        self._source_rows = source_rows if source is not None else None
        self._note = note
        self._reorder()
        self._first_page()
        self._render()

    def _sort_key(self, name: str) -> np.ndarray:
        key = self._keys.get(name)
        if key is not None:
            return key
        p = self._papers
        n = self._n
        if name == "title" and "title" in p:
            title = p["title"].astype("string").str.casefold().str.strip()
            key = title.rank(method="dense", na_option="bottom").to_numpy(dtype=np.float64, na_value=np.inf)
        elif name == "year" and "year" in p:
            key = -pd.to_numeric(p["year"], errors="coerce").astype("float64").fillna(-np.inf).to_numpy()
        elif name == "start" and "start" in p:
            start = pd.to_datetime(p["start"], utc=True, errors="coerce")
            key = (start - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds().astype("float64").fillna(np.inf).to_numpy()
        else:
            key = np.zeros(n)
        self._keys[name] = key
        return key

    def _reorder(self) -> None:
        if self.sort == "relevance" or len(self._positions) < 2:
            self._perm = np.arange(len(self._positions), dtype=np.intp)
        else:
            self._perm = np.argsort(self._sort_key(self.sort)[self._positions], kind="stable").astype(np.intp)

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(len(self._positions) / self.page_size))

    def _turn(self, step: int) -> None:
        self.page = min(max(self.page + step, 0), self.page_count - 1)

    @T.validate("page")
    def _valid_page(self, proposal: dict) -> int:
        return min(max(int(proposal["value"]), 0), self.page_count - 1) if hasattr(self, "_positions") else 0

    def _render(self) -> None:
        if not self._rows:
            return
        size = self.page_size
        start = self.page * size
        order = self._perm[start : start + size]
        positions = self._positions[order]
        frame = self._source.iloc[self._source_rows[order]] if self._source is not None else self._papers.take(positions)
        records = frame.to_dict("records")
        for i, row in enumerate(self._rows[:size]):
            if i < len(records):
                rec = records[i]
                matched = rec.get("matched") if self._source is not None else None
                matched = None if _missing(matched) or not str(matched) else str(matched)
                row.position = int(positions[i])
                _set(row.body, "value", row_html(rec, number=start + i + 1, matched=matched))
                _set(row.tick, "value", row.position in self._ticked)
                _hide(row.box, False)
            else:
                row.position = -1
                _hide(row.box, True)
        total = len(self._positions)
        _set(self.count, "value", f'<span class="cx-count" role="status" aria-live="polite">{_e(self.count_text)}</span>'
             + (f' <span class="cx-muted">{_e(self._note)}</span>' if self._note else ""))
        first = start + 1 if total else 0
        _set(self.page_label, "value", f'<span class="cx-muted">{first:,}–{min(start + size, total):,} · page {self.page + 1:,} of {self.page_count:,}</span>')
        _set(self.prev_button, "disabled", self.page == 0)
        _set(self.next_button, "disabled", self.page >= self.page_count - 1)
        _set(self.tick_all_button, "description", f"Tick all {total:,}" if total != 1 else "Tick it")
        _set(self.tick_all_button, "disabled", total == 0)
        _set(self.empty, "value", '<div class="cx-muted" style="padding:8px 0">No papers match. Try fewer words, '
             "another spelling, or remove a filter.</div>")
        _hide(self.empty, total > 0)
        self._update_selected_label()

    # -------------------------------------------------------------- ticks
    def _on_tick(self, row: _Row, value: bool) -> None:
        if row.position < 0:
            return
        if value and row.position not in self._ticked:
            self._ticked[row.position] = None
        elif not value and row.position in self._ticked:
            del self._ticked[row.position]
        else:
            return
        self._update_selected_label()

    def tick(self, paper_ids: str | Iterable[str], *, value: bool = True) -> None:
        """Tick (or with ``value=False`` untick) papers by ``paper_id``."""
        ids = [paper_ids] if isinstance(paper_ids, str) else list(paper_ids)
        positions = np.flatnonzero(self._papers["paper_id"].isin(ids).to_numpy(dtype=bool, na_value=False))
        self._tick_positions(positions, value)

    def _tick_positions(self, positions: Iterable[int], value: bool) -> None:
        for pos in positions:
            pos = int(pos)
            if value:
                self._ticked[pos] = None
            else:
                self._ticked.pop(pos, None)
        for row in self._rows:
            if row.position >= 0:
                _set(row.tick, "value", row.position in self._ticked)
        self._update_selected_label()

    def tick_all(self) -> None:
        """Tick every paper of the results (all pages)."""
        self._tick_positions(self.positions, True)

    def untick_all(self) -> None:
        """Clear the selection."""
        self._ticked.clear()
        self._tick_positions([], True)

    def is_ticked(self, position: int) -> bool:
        return int(position) in self._ticked

    def _update_selected_label(self) -> None:
        n = len(self._ticked)
        self.n_selected = n
        _set(self.selected_label, "value", f'<span class="cx-muted"><b>{n:,}</b> ticked</span>')
        _set(self.untick_button, "disabled", n == 0)

    # -------------------------------------------------------------- details
    def on_open(self, callback: Callable[[int], Any], *, remove: bool = False) -> None:
        """Call ``callback(position)`` when a row's "Details" button is pressed."""
        self._open_callbacks.register_callback(callback, remove=remove)

    def _on_details(self, row: _Row) -> None:
        if row.position >= 0:
            self._open_callbacks(row.position)


# --------------------------------------------------------------------------- PaperCard


class PaperCard(W.VBox):
    """One paper in full, with its "more like this" list (:func:`confexplore.search.similar`).

    Parameters
    ----------
    papers : pandas.DataFrame
        The papers to show from and to find similar papers in.
    paper_id : str, optional
        The paper shown; ``None`` hides the card.
    k : int, default 5
        How many similar papers to list.

    Attributes
    ----------
    paper_id : str or None (traitlet)
        Settable; the "Show" buttons of the similar list set it.
    ticked : bool (traitlet)
        The card's "in selection" box.

    Examples
    --------
    >>> import confexplore as cx
    >>> papers = cx.load_catalog().papers
    >>> card = PaperCard(papers, paper_id=papers["paper_id"].iloc[0], k=3)
    >>> len(card.similar_papers)
    3
    """

    paper_id = T.Unicode(None, allow_none=True)
    ticked = T.Bool(False)

    def __init__(self, papers: pd.DataFrame, *, paper_id: str | None = None, k: int = 5, **kwargs: Any) -> None:
        self._papers = papers
        self.k = k
        self._similar: pd.DataFrame = papers.iloc[:0]
        self._cache = _LRU(64)
        self.body = W.HTML("")
        self.close_button = W.Button(description="Close", icon="times", tooltip="Close the paper card",
                                     layout=W.Layout(width="80px"))
        self.tick = W.Checkbox(value=False, description="in selection", indent=False,
                               tooltip="Tick to add this paper to the selection", layout=W.Layout(width="auto"))
        self.similar_label = W.HTML('<div class="cx-text"><b>More like this</b></div>')
        self._similar_rows = []
        for _ in range(k):
            button = W.Button(description="Show", tooltip="", layout=W.Layout(width="64px", min_width="64px"))
            text = W.HTML("", layout=W.Layout(flex="1 1 auto", width="auto"))
            box = W.HBox([button, text], layout=W.Layout(display=_HIDDEN, align_items="flex-start"))
            button.on_click(self._on_show)
            self._similar_rows.append((button, text, box))
        self.message = W.HTML("")
        super().__init__(
            [W.HTML(_STYLE), W.HBox([self.tick, self.close_button], layout=W.Layout(justify_content="space-between")),
             self.body, self.similar_label, *[b for _, _, b in self._similar_rows], self.message],
            layout=kwargs.pop("layout", W.Layout(border="1px solid #d6d6d6", padding="6px 10px", width="100%")),
            **kwargs,
        )
        self.add_class("cx-paper-card")
        self.close_button.on_click(lambda _b: setattr(self, "paper_id", None))
        self.tick.observe(lambda ch: setattr(self, "ticked", ch["new"]), names="value")
        if paper_id is None:
            _hide(self, True)
        self.paper_id = paper_id

    @property
    def similar_papers(self) -> pd.DataFrame:
        """The "more like this" rows shown (with a ``score`` column)."""
        return self._similar

    @T.observe("ticked")
    def _ticked_changed(self, change: dict) -> None:
        _set(self.tick, "value", change["new"])

    @T.observe("paper_id")
    def _paper_changed(self, change: dict) -> None:
        self._show(change["new"])

    def _show(self, paper_id: str | None) -> None:
        if paper_id is None:
            _hide(self, True)
            return
        hits = np.flatnonzero(self._papers["paper_id"].to_numpy(dtype=object) == paper_id)
        if not len(hits):
            raise ValueError(f"paper_id {paper_id!r} is not in these papers; use a value of papers['paper_id']")
        row = self._papers.iloc[int(hits[0])].to_dict()
        _set(self.body, "value", card_html(row))
        similar = self._cache.fetch(paper_id)
        if similar is None:
            from .search import similar as find_similar

            similar = self._cache.put(paper_id, find_similar(self._papers, paper_id, k=self.k))
        self._similar = similar
        records = similar.to_dict("records")
        for i, (button, text, box) in enumerate(self._similar_rows):
            if i < len(records):
                rec = records[i]
                button.tooltip = f"Show: {_plain_title(rec)}"
                button._cx_paper_id = rec["paper_id"]
                meta = " · ".join(_meta_parts(rec))
                _set(text, "value", f'<div class="cx-text mathjax_ignore tex2jax_ignore">{_title_html(rec)} '
                     f'<span class="cx-muted">{_e(meta)}</span></div>')
                _hide(box, False)
            else:
                _hide(box, True)
        _set(self.similar_label, "value", '<div class="cx-text"><b>More like this</b></div>' if records
             else '<div class="cx-text cx-muted">No similar papers found.</div>')
        _hide(self, False)

    def _on_show(self, button: W.Button) -> None:
        pid = getattr(button, "_cx_paper_id", None)
        if pid is not None:
            self.paper_id = pid


# --------------------------------------------------------------------------- ChartPanel


_CHART_BY_LABELS = {
    "venue-year": "Venue & year",
    "venue": "Venue",
    "year": "Year",
    "presentation": "Presentation",
    "session": "Session",
}


class ChartPanel(W.VBox):
    """A :func:`confexplore.charts.counts` bar chart whose clicked bars select papers.

    Shown through ``alt.JupyterChart``, so the selection reaches Python;
    with ``offline=True`` the chart's JavaScript comes with the widget (no CDN).

    Parameters
    ----------
    papers : pandas.DataFrame, optional
        The papers to count (:meth:`update` redraws with other papers).
    by : str, default "venue-year"
        One bar per value of this column (see :data:`confexplore.charts.COUNTS_BY`).
    color : str or None, default "presentation"
        Split bars by this column.
    width : int, default 300
        Width of the plotting area in pixels.
    offline : bool, default True
        Bundle Vega's JavaScript into the widget (``alt.JupyterChart.enable_offline()``).

    Attributes
    ----------
    selection : list of dict (traitlet)
        The clicked bar segments: the papers values behind each, e.g.
        ``[{"venue": "ICLR", "year": 2019, "presentation": "Oral"}]``
        (``None`` for a missing value); ``[]`` when nothing is selected.
    by : str (traitlet)
        Settable, also from the "Count by" menu.

    Examples
    --------
    >>> import confexplore as cx
    >>> panel = ChartPanel(cx.load_catalog().papers, offline=False)
    >>> panel.selection
    []
    """

    selection = T.List()
    by = T.Unicode("venue-year")

    def __init__(self, papers: pd.DataFrame | None = None, *, by: str = "venue-year", color: str | None = "presentation",
                 width: int = 300, offline: bool = True, **kwargs: Any) -> None:
        import altair as alt

        from . import charts

        if by not in charts.COUNTS_BY:
            raise ValueError(f"by must be one of {', '.join(map(repr, charts.COUNTS_BY))}; got {by!r}")
        if offline:
            alt.JupyterChart.enable_offline()
        self._charts = charts
        self.color = color
        self.width = width
        self._frame = papers
        self._revision = 0
        self._key: Any = None
        self._rows_key: Any = None
        self._cache = _LRU(8)
        self.selection_name = charts.COUNTS_SELECTION
        self.jupyter_chart = alt.JupyterChart(None, debounce_wait=30)
        self.by_menu = W.Dropdown(options=[(_CHART_BY_LABELS.get(b, b), b) for b in charts.COUNTS_BY],
                                  value=by, description="Count by", tooltip="What the bars count",
                                  style={"description_width": "64px"}, layout=W.Layout(width="230px"))
        self.clear_button = W.Button(description="Clear chart selection", icon="times",
                                     tooltip="Stop narrowing the results by the clicked bar",
                                     layout=W.Layout(width="170px"), disabled=True)
        self.chip = W.HTML("")
        self.message = W.HTML("")
        super().__init__([W.HBox([self.by_menu, self.clear_button]), self.chip, self.jupyter_chart, self.message], **kwargs)
        self.add_class("cx-chart")
        self.by = by
        self.by_menu.observe(lambda ch: setattr(self, "by", ch["new"]), names="value")
        self.clear_button.on_click(lambda _b: self.clear_selection())
        if papers is not None:
            self.update(papers)

    @staticmethod
    def rows_key(positions: np.ndarray, n: int) -> tuple:
        """A key for a set of rows (positions out of *n* papers), for :meth:`update`."""
        ordered = np.sort(np.asarray(positions, dtype=np.int64))
        return (n, len(ordered), hash(ordered.tobytes()))

    def would_change(self, rows_key: Any) -> bool:
        """Whether :meth:`update` with these rows would draw another chart."""
        return (self.by, self.color, rows_key) != self._key

    def update(self, papers: pd.DataFrame, *, rows_key: Any = None) -> bool:
        """Draw the counts of *papers*; return whether the chart changed.

        A changed chart starts with no selection. *rows_key* identifies the
        rows (see :meth:`rows_key`): drawing the rows drawn now does nothing.
        """
        rows_key = rows_key if rows_key is not None else ("frame", id(papers), len(papers))
        self._frame = papers
        self._rows_key = rows_key
        key = (self.by, self.color, rows_key)
        if key == self._key:
            return False
        chart = self._cache.fetch(key)
        if chart is None:
            try:
                chart = self._charts.counts(papers, by=self.by, color=self.color)
            except Exception as exc:  # a chart problem must not break the explorer
                _set(self.message, "value", f'<div class="cx-error">The chart could not be drawn: {_e(exc)}</div>')
                return False
            chart = self._cache.put(key, chart.properties(width=self.width))
        _set(self.message, "value", "")
        self._draw(chart)
        self._key = key
        return True

    def _draw(self, chart: Any) -> None:
        self._revision += 1
        chart = chart.properties(usermeta={"confexplore": {"revision": self._revision}})
        self.jupyter_chart.chart = chart  # new Selections object: observe it again
        self.jupyter_chart.selections.observe(self._on_selection, names=self.selection_name)
        self._set_selection([])

    def clear_selection(self) -> None:
        """Forget the clicked bars (and redraw the chart so it shows none)."""
        chart = self.jupyter_chart.chart
        if chart is not None:
            self._draw(chart)
        self._set_selection([])

    def _on_selection(self, change: dict) -> None:
        value = getattr(change["new"], "value", None) or []
        self._set_selection([dict(v) for v in value if isinstance(v, Mapping)])

    def _set_selection(self, points: list[dict]) -> None:
        if points != self.selection:
            self.selection = points

    @T.observe("selection")
    def _selection_changed(self, change: dict) -> None:
        points = change["new"]
        _set(self.clear_button, "disabled", not points)
        if not points:
            _set(self.chip, "value", "")
            return
        labels = []
        for point in points:
            labels.append(" · ".join("unknown " + k if v is None else str(v) for k, v in point.items()))
        _set(self.chip, "value", '<div class="cx-text">Chart selection: '
             + " ".join(f'<span class="cx-chip">{_e(label)}</span>' for label in labels) + "</div>")

    @T.observe("by")
    def _by_changed(self, change: dict) -> None:
        if change["new"] not in self._charts.COUNTS_BY:
            raise ValueError(f"by must be one of {', '.join(map(repr, self._charts.COUNTS_BY))}; got {change['new']!r}")
        _set(self.by_menu, "value", change["new"])
        if self._frame is not None and change["old"] != change["new"]:
            self.update(self._frame, rows_key=self._rows_key)


def selection_mask(papers: pd.DataFrame, points: list[Mapping[str, Any]]) -> np.ndarray:
    """Boolean mask of the *papers* rows behind a :class:`ChartPanel` selection.

    A row matches a point when every field of the point equals the row's value
    (``None`` matches a missing value); it is kept when it matches any point.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"venue": ["ICLR", "NeurIPS", None], "year": [2019, 2018, 2019]})
    >>> selection_mask(df, [{"venue": "ICLR", "year": 2019}, {"venue": None, "year": 2019}]).tolist()
    [True, False, True]
    """
    keep = np.zeros(len(papers), dtype=bool)
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for point in points:
        match = np.ones(len(papers), dtype=bool)
        for field, value in point.items():
            if field not in papers.columns:
                match[:] = False
                break
            if field not in columns:
                col = papers[field]
                if field == "year":
                    values = pd.to_numeric(col, errors="coerce").astype("float64").to_numpy()
                    columns[field] = (values, np.isnan(values))
                else:
                    missing = col.isna().to_numpy(dtype=bool)
                    columns[field] = (col.astype("string").fillna("").to_numpy(dtype=object), missing)
            values, missing = columns[field]
            if value is None:
                match &= missing
            elif field == "year":
                try:
                    match &= values == float(value)
                except (TypeError, ValueError):
                    match[:] = False
            else:
                match &= (values == str(value)) & ~missing
        keep |= match
    return keep


# --------------------------------------------------------------------------- Explorer


class Explorer(W.VBox):
    """Search, filters, chart, results, paper card and exports, linked; see :func:`explore`.

    Attributes
    ----------
    query : str (traitlet)
        The search query (:func:`confexplore.search.search` syntax). Setting a
        malformed one raises :class:`confexplore.search.QueryError`.
    filters : dict (traitlet)
        Keyword arguments of :func:`confexplore.search.filter_papers` in use.
        Setting checks them (``ValueError``/``TypeError`` as filter_papers raises).
    results : DataFrame
        The rows shown, all pages, in the order shown.
    selected : DataFrame
        The ticked rows.
    rank_within : {"catalog", "filters"}
        How a query and filters combine (see :func:`explore`).
    suggestion : str or None
        When the query shows no paper: :func:`confexplore.search.suggest_query`'s
        rewrite of it, if that shows papers here; offered as a button.
    """

    query = T.Unicode("")
    filters = T.Dict()

    def __init__(self, catalog_or_papers: Any = None, *, query: str = "", filters: Mapping[str, Any] | None = None,
                 page_size: int = 20, sort: str = "relevance", chart_by: str = "venue-year", chart: bool = True,
                 debounce: float | None = None, offline: bool = True, export_dir: str | os.PathLike[str] = ".",
                 export_name: str = "confexplore-selection", rank_within: str = "catalog", **kwargs: Any) -> None:
        if rank_within not in ("catalog", "filters"):
            raise ValueError(f"rank_within must be 'catalog' or 'filters'; got {rank_within!r}")
        self.rank_within = rank_within
        papers, authorships = _papers_frame(catalog_or_papers)
        self.papers = papers
        self.export_dir = Path(export_dir)
        self._n = len(papers)
        filter_cols = [c for c in ("paper_id", "venue", "year", "presentation", "session", "authors", "tldr", "start")
                       if c in papers.columns]
        # filter_papers only reads these columns: filtering this narrow frame (positional index)
        # returns the same rows as filtering `papers`, without copying titles and abstracts.
        # The chart counts rows of it too.
        self._filter_frame = papers[filter_cols].reset_index(drop=True)
        self._search_cache = _LRU()
        self._filter_cache = _LRU()
        self._chart_pending = False
        self._syncing = False
        self._ready = False
        self._base = np.arange(self._n, dtype=np.intp)
        self._search_rank: np.ndarray | None = None
        self._hits: pd.DataFrame | None = None

        self.search_box = SearchBox(query=query, debounce=debounce)
        self.filter_panel = FilterPanel(papers, authorships=authorships, layout=W.Layout(width="330px", min_width="330px"))
        self.results_view = ResultsView(papers, page_size=page_size, sort=sort,
                                        layout=W.Layout(flex="1 1 auto", width="auto", min_width="0"))
        self.paper_card = PaperCard(papers, layout=W.Layout(width="40%", min_width="300px", margin="0 0 0 10px",
                                                           border="1px solid #d6d6d6", padding="6px 10px",
                                                           display=_HIDDEN, align_self="flex-start"))
        self.chart_panel = ChartPanel(None, by=chart_by, offline=offline,
                                      layout=W.Layout(flex="1 1 auto", width="auto", min_width="0")) if chart else None

        # export bar
        self.export_scope = W.Dropdown(options=[("ticked papers", "selected"), ("all results", "results")],
                                       value="selected", description="Export", tooltip="Which papers the export buttons write",
                                       style={"description_width": "46px"}, layout=W.Layout(width="180px"))
        self.export_name = W.Text(value=export_name, description="as", placeholder="file name (no extension)",
                                  tooltip=f"File name, without extension, in {self.export_dir}",
                                  style={"description_width": "20px"}, layout=W.Layout(width="230px"))
        self.export_buttons = {}
        for fmt, (ext, _mime, label) in EXPORT_FORMATS.items():
            button = W.Button(description=label, icon="download", tooltip=f"Write the papers as {label} ({ext})",
                              layout=W.Layout(width="auto"))
            button.on_click(lambda _b, fmt=fmt: self._export_clicked(fmt))
            self.export_buttons[fmt] = button
        self.export_status = W.HTML("")
        # a query that finds nothing because it names a venue or year as words, or misspells
        # a word: offer suggest_query's rewrite
        self.suggestion_note = W.HTML('<span class="cx-muted">Venue, year and type are filters, and words '
                                      'match as spelled. Did you mean</span>')
        self.suggestion_button = W.Button(description="the suggested query", icon="search", layout=W.Layout(width="auto"),
                                          tooltip="Run this query instead")
        self.suggestion_button.on_click(lambda _b: self._take_suggestion())
        self.suggestion_box = W.HBox([self.suggestion_note, self.suggestion_button],
                                     layout=W.Layout(display=_HIDDEN, align_items="center"))
        self._suggestion: str | None = None

        header = W.HTML(
            f'<div class="cx-text"><b style="font-size:15px">confexplore</b> '
            f'<span class="cx-muted">{_e(self._describe(papers))}</span></div>'
        )
        top = W.HBox([self.filter_panel] + ([self.chart_panel] if self.chart_panel else []),
                     layout=W.Layout(flex_flow="row wrap", align_items="flex-start", width="100%"))
        export_bar = W.HBox([self.export_scope, self.export_name, *self.export_buttons.values()],
                            layout=W.Layout(flex_flow="row wrap", align_items="center"))
        self.results_view.ticks_bar.children = tuple(self.results_view.ticks_bar.children) + (export_bar,)
        rv_children = list(self.results_view.children)
        rv_children.insert(rv_children.index(self.results_view.ticks_bar) + 1, self.export_status)
        rv_children.insert(rv_children.index(self.results_view.empty) + 1, self.suggestion_box)
        self.results_view.children = tuple(rv_children)
        body = W.HBox([self.results_view, self.paper_card], layout=W.Layout(width="100%", align_items="flex-start"))
        super().__init__([W.HTML(_STYLE), header, self.search_box, top, body],
                         layout=kwargs.pop("layout", W.Layout(width="100%", max_width="1000px")), **kwargs)
        self.add_class("cx-explorer")

        # wiring
        self.search_box.observe(self._on_search_box, names="query")
        self.filter_panel.observe(self._on_filter_panel, names="filters")
        if self.chart_panel is not None:
            self.chart_panel.observe(self._on_chart_selection, names="selection")
        self.results_view.on_open(self._open_card)
        self.results_view.observe(lambda _ch: self._card_tick_state(), names="n_selected")
        self.paper_card.observe(self._on_card_tick, names="ticked")
        self.paper_card.observe(lambda _ch: self._card_tick_state(), names="paper_id")
        with self._hold():
            self.filters = dict(filters or {})
            self.query = query
            self.filter_panel.filters = dict(self.filters)
            self.search_box.query = self.query
        self._ready = True
        self._refresh()

    # -------------------------------------------------------------- public state
    @property
    def results(self) -> pd.DataFrame:
        """The rows shown (all pages), in the order shown; with a query, plus ``score`` and ``matched``."""
        return self.results_view.results

    @property
    def selected(self) -> pd.DataFrame:
        """The ticked papers (rows of ``papers``, in its order)."""
        return self.results_view.selected

    @property
    def count_text(self) -> str:
        """``"N of M papers"`` as shown above the results."""
        return self.results_view.count_text

    @property
    def chart_selection(self) -> list[dict]:
        """The clicked chart bars (see :attr:`ChartPanel.selection`); ``[]`` for none."""
        return list(self.chart_panel.selection) if self.chart_panel is not None else []

    @property
    def sort(self) -> str:
        return self.results_view.sort

    @sort.setter
    def sort(self, value: str) -> None:
        self.results_view.sort = value

    def tick(self, paper_ids: str | Iterable[str], *, value: bool = True) -> None:
        """Tick (or untick) papers by ``paper_id``; ``app.selected`` follows."""
        self.results_view.tick(paper_ids, value=value)

    def show_paper(self, paper_id: str | None) -> None:
        """Show one paper (and papers like it) in the paper card; ``None`` closes it."""
        self.paper_card.paper_id = paper_id

    # -------------------------------------------------------------- query and filters
    @T.validate("query")
    def _valid_query(self, proposal: dict) -> str:
        query = proposal["value"]
        self._search(query)  # raises QueryError for a malformed query
        return query

    @T.validate("filters")
    def _valid_filters(self, proposal: dict) -> dict:
        filters = self._normalise_filters(proposal["value"])
        self._filter_positions(filters)  # raises for a bad value
        return filters

    @T.observe("query")
    def _query_changed(self, change: dict) -> None:
        if not self._syncing:
            with self._hold():
                self.search_box.text.value = change["new"]
                self.search_box.query = change["new"]
        self.search_box.show_error(None)
        self._refresh()

    @T.observe("filters")
    def _filters_changed(self, change: dict) -> None:
        if not self._syncing:
            with self._hold():
                self.filter_panel.filters = dict(change["new"])
        self._refresh()

    def _on_search_box(self, change: dict) -> None:
        if self._syncing:
            return
        from .search import QueryError

        try:
            with self._hold():
                self.query = change["new"]
        except QueryError as exc:
            self.search_box.show_error(str(exc))
        else:
            self.search_box.show_error(None)
        self._show_offer()  # the query may be unchanged (no refresh), but the error came or went

    def _on_chart_selection(self, change: dict) -> None:
        if not self._syncing:
            self._refresh(chart=False)

    def _on_filter_panel(self, change: dict) -> None:
        if self._syncing:
            return
        try:
            with self._hold():
                self.filters = dict(change["new"])
        except (ValueError, TypeError) as exc:
            _set(self.filter_panel.message, "value", f'<div class="cx-error" role="alert">{_e(exc)}</div>')

    def _hold(self):
        explorer = self

        class _Guard:
            def __enter__(self_inner):
                self_inner.previous = explorer._syncing
                explorer._syncing = True

            def __exit__(self_inner, *exc):
                explorer._syncing = self_inner.previous
                return False

        return _Guard()

    @staticmethod
    def _normalise_filters(filters: Any) -> dict[str, Any]:
        if not isinstance(filters, Mapping):
            raise TypeError(f"filters must be a dict such as {{'venue': 'ICLR', 'year': (2019, 2021)}}; got {filters!r}")
        unknown = [k for k in filters if k not in FILTER_KEYS]
        if unknown:
            raise ValueError(
                f"unknown filter {unknown[0]!r}; filters are {', '.join(map(repr, FILTER_KEYS))} "
                "(the keyword arguments of cx.filter_papers)"
            )
        out = {}
        for key in FILTER_KEYS:  # a fixed key order
            value = filters.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            out[key] = value
        return out

    def _search(self, query: str) -> tuple[pd.DataFrame, np.ndarray] | None:
        """(search result, its positions in papers), cached; None for a blank query."""
        if not query.strip():
            return None
        hit = self._search_cache.fetch(query)
        if hit is None:
            from .search import search

            frame = search(self.papers, query)
            hit = self._search_cache.put(query, (frame, self.papers.index.get_indexer(frame.index).astype(np.intp)))
        return hit

    def _filter_positions(self, filters: Mapping[str, Any]) -> np.ndarray | None:
        """Positions kept by ``filter_papers(papers, **filters)``, cached; None without filters."""
        if not filters:
            return None
        key = repr(sorted(filters.items()))
        hit = self._filter_cache.fetch(key)
        if hit is None:
            from .search import filter_papers

            kept = filter_papers(self._filter_frame, **filters)
            hit = self._filter_cache.put(key, kept.index.to_numpy(dtype=np.intp))
        return hit

    def _search_within(self, query: str, filters: Mapping[str, Any], kept: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
        """``search(filter_papers(papers, **filters), query)`` and its positions in papers, cached."""
        key = ("within", query, repr(sorted(filters.items())))
        hit = self._search_cache.fetch(key)
        if hit is None:
            from .search import search

            subset_key = ("subset", key[2])
            subset = self._filter_cache.fetch(subset_key)  # kept alive: the search index is cached per frame
            if subset is None:
                subset = self._filter_cache.put(subset_key, self.papers.iloc[kept])
            frame = search(subset, query)
            hit = self._search_cache.put(key, (frame, self.papers.index.get_indexer(frame.index).astype(np.intp)))
        return hit

    # -------------------------------------------------------------- update
    def _refresh(self, *, chart: bool = True) -> None:
        """Recompute the results from query, filters and chart selection; redraw what changed."""
        if not self._ready:
            return
        searched = self._search(self.query)
        kept = self._filter_positions(self.filters)
        if searched is None:
            base = np.arange(self._n, dtype=np.intp) if kept is None else kept
            hits, rows = None, None
        elif kept is not None and self.rank_within == "filters":
            hits, base = self._search_within(self.query, self.filters, kept)
            rows = np.arange(len(base), dtype=np.intp)
        else:
            hits, positions = searched
            if kept is None:
                rows = np.arange(len(positions), dtype=np.intp)
            else:
                mask = np.zeros(self._n, dtype=bool)
                mask[kept] = True
                rows = np.flatnonzero(mask[positions])
            base = positions[rows]
        self._base = base
        panel = self.chart_panel
        if panel is not None and chart and panel.selection:
            if panel.would_change(panel.rows_key(base, self._n)):
                with self._hold():
                    panel._set_selection([])  # the bars it referred to are being redrawn
        points = self.chart_selection
        note = ""
        if points:
            keep = self._selection_mask(points)[base]
            base_rows = np.flatnonzero(keep)
            final = base[base_rows]
            rows = base_rows if rows is None else rows[base_rows]
            note = "(narrowed by the chart selection)"
        else:
            final = base
        self.results_view.show(final, source=hits, source_rows=rows, note=note)
        self._show_suggestion(searched is not None and len(final) == 0)
        if chart:
            self._schedule_chart()

    @property
    def suggestion(self) -> str | None:
        """The query offered when the current one finds nothing (see :func:`confexplore.suggest_query`)."""
        return self._suggestion

    def _show_suggestion(self, wanted: bool) -> None:
        suggestion = None
        if wanted:
            from .search import suggest_query

            key = ("suggestion", self.query)
            cached = self._search_cache.fetch(key)
            if cached is None:
                cached = self._search_cache.put(key, (suggest_query(self.papers, self.query),))
            suggestion = cached[0]
        if suggestion is not None:
            # offer only a query that shows papers here: with these filters and chart selection
            searched = self._search(suggestion)
            positions = searched[1] if searched is not None else np.empty(0, dtype=np.intp)
            kept = self._filter_positions(self.filters)
            if kept is not None:
                positions = positions[np.isin(positions, kept)]
            points = self.chart_selection
            if points and len(positions):
                positions = positions[self._selection_mask(points)[positions]]
            if not len(positions):
                suggestion = None
        self._suggestion = suggestion
        if suggestion is not None:
            _set(self.suggestion_button, "description", suggestion)
        self._show_offer()

    def _show_offer(self) -> None:
        # while the box shows a query error the results stay those of the last valid query,
        # but its suggestion would replace the text being typed: the offer waits
        _hide(self.suggestion_box, self._suggestion is None or bool(self.search_box.message.value))

    def _take_suggestion(self) -> None:
        if self._suggestion is None:
            return
        self.search_box.text.value = self._suggestion
        self.search_box.submit()

    def _selection_mask(self, points: list[dict]) -> np.ndarray:
        return selection_mask(self._filter_frame, points)

    def _schedule_chart(self) -> None:
        """Redraw the chart for the current query and filters: later on the event loop if one runs."""
        if self.chart_panel is None:
            return
        loop = _running_loop()
        if loop is None:
            self._redraw_chart()
        elif not self._chart_pending:
            self._chart_pending = True
            loop.call_soon(self._redraw_chart)

    def _redraw_chart(self) -> None:
        self._chart_pending = False
        panel = self.chart_panel
        base = self._base
        rows_key = panel.rows_key(base, self._n)
        if not panel.would_change(rows_key):
            return
        frame = self._filter_frame.take(base)
        had_selection = bool(panel.selection)
        with self._hold():
            panel.update(frame, rows_key=rows_key)
        if had_selection:
            self._refresh(chart=False)

    # -------------------------------------------------------------- card and ticks
    def _open_card(self, position: int) -> None:
        self.paper_card.paper_id = str(self.papers["paper_id"].iloc[position])

    def _card_position(self) -> int | None:
        pid = self.paper_card.paper_id
        if pid is None:
            return None
        hits = np.flatnonzero(self.papers["paper_id"].to_numpy(dtype=object) == pid)
        return int(hits[0]) if len(hits) else None

    def _card_tick_state(self) -> None:
        pos = self._card_position()
        if pos is not None:
            with self._hold():
                self.paper_card.ticked = self.results_view.is_ticked(pos)

    def _on_card_tick(self, change: dict) -> None:
        if self._syncing:
            return
        pos = self._card_position()
        if pos is not None:
            self.results_view._tick_positions([pos], change["new"])

    # -------------------------------------------------------------- export
    def export(self, fmt: str, *, rows: str = "selected", path: str | os.PathLike[str] | None = None) -> str:
        """Export the ticked papers (or all results) through :mod:`confexplore.export`.

        Parameters
        ----------
        fmt : {"csv", "bibtex", "ics", "markdown"}
            The format (also "bib", "ical", "md").
        rows : {"selected", "results"}, default "selected"
            The ticked papers, or every result in the order shown.
        path : str or path-like, optional
            Also write the file there.

        Returns
        -------
        str
            The exported text.

        Raises
        ------
        ValueError
            For an unknown format, no rows to export, or (iCalendar) no row with a talk time.

        Examples
        --------
        >>> import confexplore as cx
        >>> app = explore(cx.load_catalog(), offline=False)
        >>> app.query = '"neural ordinary differential equations"'
        >>> app.tick(app.results["paper_id"].iloc[0])
        >>> "Neural Ordinary Differential Equations" in app.export("bibtex")
        True
        """
        from . import export as ex

        name = _FORMAT_ALIASES.get(str(fmt).lower(), str(fmt).lower())
        if name not in EXPORT_FORMATS:
            raise ValueError(f"fmt must be one of {', '.join(map(repr, EXPORT_FORMATS))}; got {fmt!r}")
        if rows not in ("selected", "results"):
            raise ValueError(f"rows must be 'selected' (the ticked papers) or 'results'; got {rows!r}")
        frame = self.selected if rows == "selected" else self.results
        if not len(frame):
            raise ValueError("nothing to export: no paper is ticked; tick some papers (or 'Tick all') first"
                             if rows == "selected" else "nothing to export: the results are empty")
        frame = frame.drop(columns=[c for c in ("score", "matched") if c in frame.columns])
        if name == "csv":
            return ex.to_csv(frame, path=path)
        if name == "bibtex":
            return ex.to_bibtex(frame, path=path)
        if name == "markdown":
            return ex.to_markdown(frame, path=path)
        if "start" not in frame.columns or not frame["start"].notna().any():
            raise ValueError(
                f"none of the {len(frame):,} papers has a talk time, so there is nothing to put in a calendar; "
                "tick papers with a talk (sort by 'Talk time' to find them)"
            )
        return ex.to_ics(frame, untimed="ignore", name="confexplore selection", path=path)

    def _export_clicked(self, fmt: str) -> None:
        ext, mime, label = EXPORT_FORMATS[fmt]
        stem = self.export_name.value.strip() or "confexplore-selection"
        path = self.export_dir / (stem if stem.lower().endswith(ext) else stem + ext)
        try:
            text = self.export(fmt, rows=self.export_scope.value, path=path)
        except (ValueError, OSError) as exc:
            _set(self.export_status, "value", f'<div class="cx-error" role="alert">{_e(label)} export: {_e(exc)}</div>')
            return
        data = text.encode("utf-8")
        n = len(self.selected) if self.export_scope.value == "selected" else len(self.results)
        link = ""
        if len(data) <= _DOWNLOAD_LINK_MAX_BYTES:
            uri = f"data:{mime};charset=utf-8;base64,{base64.b64encode(data).decode('ascii')}"
            link = f' · <a download="{_e(path.name)}" href="{_e(uri)}">download {_e(path.name)}</a>'
        _set(self.export_status, "value",
             f'<div class="cx-text" role="status">Wrote {n:,} paper{"s" if n != 1 else ""} as {_e(label)} to '
             f'<code>{_e(path)}</code> ({len(data) / 1024:,.1f} KB){link}</div>')

    # -------------------------------------------------------------- misc
    @staticmethod
    def _describe(papers: pd.DataFrame) -> str:
        if not {"venue", "year"} <= set(papers.columns) or not len(papers):
            return f"{len(papers):,} papers"
        vy = (papers["venue"].astype("string").fillna("?") + " " + papers["year"].astype("string").fillna("?")).value_counts()
        parts = ", ".join(sorted(vy.index)[:6]) + (f" and {len(vy) - 6} more" if len(vy) > 6 else "")
        return f"{len(papers):,} papers from {parts}"

    def __repr__(self) -> str:
        return f"<confexplore Explorer: {self.count_text}, query={self.query!r}, filters={self.filters!r}>"


def explore(catalog_or_papers: Any = None, **kwargs: Any) -> Explorer:
    """Open the paper explorer: search, filters, chart, results, paper card and exports, linked.

    Parameters
    ----------
    catalog_or_papers : Catalog or pandas.DataFrame, optional
        ``cx.load_catalog()`` (its authorships give the author suggestions),
        ``cat.papers`` or any subset of it. Default: the bundled catalog.
    query : str, optional
        Initial search (syntax of :func:`confexplore.search.search`).
    filters : dict, optional
        Initial filters, keyword arguments of :func:`confexplore.search.filter_papers`.
    page_size : int, default 20
        Result rows per page.
    sort : {"relevance", "title", "year", "start"}, default "relevance"
    chart_by : str, default "venue-year"
        What the chart counts (see :data:`confexplore.charts.COUNTS_BY`).
    chart : bool, default True
        Show the chart panel.
    debounce : float, optional
        Also search this many seconds after typing stops; default: on Enter.
    offline : bool, default True
        Charts carry their JavaScript (no CDN needed): calls
        ``alt.JupyterChart.enable_offline()``, which applies to every
        ``alt.JupyterChart`` of the kernel. It adds about 0.9 MB of widget
        state to a saved notebook: strip ``metadata.widgets`` before
        committing one.
    export_dir : str or path-like, default "."
        Folder the export buttons write to.
    export_name : str, default "confexplore-selection"
        File name (without extension) the export buttons start with.
    rank_within : {"catalog", "filters"}, default "catalog"
        How a query and filters combine. ``"catalog"``: rank the whole
        catalog, keep the papers the filters pass (``search(papers, q)``
        restricted to ``filter_papers(papers, **f)``): a paper's rank does not
        depend on the filters and the search runs once per query, so changing
        a filter costs milliseconds at any size. ``"filters"``: rank only the
        filtered papers, ``search(filter_papers(papers, **f), q)`` exactly
        (BM25 statistics of the subset: the same papers, sometimes in another
        order); each new filter set builds a search index of its papers
        (about 0.1 s per 1,000 papers).

    Returns
    -------
    Explorer
        An ipywidgets widget; display it, and read or set ``.query``,
        ``.filters``, ``.results``, ``.selected`` from code.

    Examples
    --------
    >>> import confexplore as cx
    >>> app = explore(cx.load_catalog(), offline=False)
    >>> app.filters = {"venue": "NeurIPS"}
    >>> app.count_text
    '14 of 992 papers'
    >>> app.query = '"neural ordinary differential equations"'
    >>> app.results["title"].iloc[0]
    'Neural Ordinary Differential Equations'
    """
    return Explorer(catalog_or_papers, **kwargs)
