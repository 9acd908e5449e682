"""Altair charts of a conference catalog.

Every function here is pure: it takes DataFrames (or a whole
:class:`~confexplore.Catalog`), returns an Altair chart and displays nothing.
Options are keyword-only. All charts share one look, :data:`THEME`, applied to
each chart with ``chart.configure(...)`` rather than through a global
``alt.theme.enable`` side effect.

========================  =====================================================
function                  what it shows
========================  =====================================================
:func:`counts`            papers per venue / year / venue-year / presentation /
                          session, stacked by a second column
:func:`top_authors`       the most prolific authors, split by venue-year
:func:`term_trends`       share of papers mentioning each term per venue-year
                          (or each venue-year's most distinctive terms)
:func:`schedule`          a Gantt-like timeline of the talks of each session
:func:`topic_map`         papers placed in 2-D by their text, coloured by topic
:func:`coauthors`         the ego network of one author
========================  =====================================================

Selections
----------
Four charts carry a named Vega-Lite selection that an
``alt.JupyterChart`` exposes to Python (``jc.selections.<name>``), so a table
or the explorer can follow a click or a brush:

* :data:`COUNTS_SELECTION` (``"count_select"``), a point selection on the
  papers columns behind the clicked bar, e.g. ``[{"venue": "ICLR",
  "presentation": "Oral"}]``; ``None`` stands for a missing value.
* :data:`TERMS_SELECTION` (``"term_select"``), a point selection on ``term``,
  ``venue`` and ``year`` of the clicked cell; :func:`papers_mentioning` turns
  the term back into rows.
* :data:`TOPIC_SELECTION` (``"topic_brush"``), an interval on the map's ``x``
  and ``y``, and :data:`TOPIC_LEGEND_SELECTION` (``"topic_pick"``), a click
  on a legend entry (field ``topic``); :func:`topic_layout` gives every
  paper's ``x``, ``y`` and ``topic`` to filter on.
* :data:`AUTHORS_SELECTION` (``"author_select"``) on :func:`top_authors`
  (field ``author_key``).

Scale
-----
Altair refuses to embed more than 5,000 rows (``MaxRowsError``) and every row
embedded makes the notebook bigger, so the charts never embed the catalog
itself: each aggregates in pandas first and embeds only what it draws (a
100,000-paper ``counts`` chart is a few kilobytes). Where the drawing itself
grows with the catalog, it is capped and the subtitle says so:
``counts(max_bars=40)`` folds the smallest categories into "other",
``term_trends(max_groups=12)`` keeps the biggest venue-years,
``schedule(max_talks=150)`` shows the first sessions, ``coauthors(
max_coauthors=30)`` keeps the closest co-authors, and :func:`topic_map` lays
out a seeded random sample of :data:`TOPIC_MAP_MAX_POINTS` papers (t-SNE
time grows faster than linearly; 3,000 points take seconds). VegaFusion is not
needed: it would only shrink charts that aggregate in the browser, and these
aggregate before. ``benchmarks/bench_charts.py`` measures all of this at 1k
and 100k papers.

Chart data is embedded as plain JSON records built here rather than handed to
Altair as DataFrames: under pandas 3, Altair 6.3 writes missing values of
object columns as ``NaN``, which is not JSON.

To combine two of these charts with ``|`` or ``&``, clear their theme first
(``c.config = alt.Undefined``) and configure the combination once:
``(a | b).configure(**THEME)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "AUTHORS_SELECTION",
    "COUNTS_BY",
    "COUNTS_SELECTION",
    "PRESENTATION_COLORS",
    "TERMS_SELECTION",
    "THEME",
    "TOPIC_LEGEND_SELECTION",
    "TOPIC_MAP_MAX_POINTS",
    "TOPIC_SELECTION",
    "UNKNOWN",
    "coauthors",
    "counts",
    "enable_offline",
    "papers_mentioning",
    "schedule",
    "term_trends",
    "top_authors",
    "topic_layout",
    "topic_map",
]

#: Name of the point selection of :func:`counts`.
COUNTS_SELECTION = "count_select"
#: Name of the point selection of :func:`term_trends`.
TERMS_SELECTION = "term_select"
#: Name of the interval (brush) selection of :func:`topic_map`.
TOPIC_SELECTION = "topic_brush"
#: Name of the legend selection of :func:`topic_map` (field ``topic``).
TOPIC_LEGEND_SELECTION = "topic_pick"
#: Name of the point selection of :func:`top_authors`.
AUTHORS_SELECTION = "author_select"

#: Above this many papers :func:`topic_map` lays out a seeded random sample.
TOPIC_MAP_MAX_POINTS = 3000
#: Altair's own limit on embedded rows; no chart here embeds more.
_ALTAIR_MAX_ROWS = 5000

#: The values :func:`counts` accepts for ``by`` and ``color``.
COUNTS_BY = ("venue", "year", "venue-year", "presentation", "session")

#: Label used for a missing value (no presentation, no session, ...).
UNKNOWN = "unknown"
_OTHER = "other"

#: One colour per presentation kind, shared by every chart.
PRESENTATION_COLORS = {
    "Oral": "#c73e3a",
    "Spotlight": "#e8a33d",
    "Poster": "#3b75af",
    UNKNOWN: "#b9b9b9",
}
_PRESENTATION_ORDER = ["Oral", "Spotlight", "Poster"]
THEME_BAR_COLOR = "#3b75af"

#: The Vega-Lite config every chart is built with.
THEME: dict[str, Any] = {
    "font": "Liberation Sans, Helvetica, Arial, sans-serif",
    "background": "white",
    "padding": 8,
    "title": {
        "fontSize": 15,
        "fontWeight": "bold",
        "anchor": "start",
        "color": "#222222",
        "subtitleFontSize": 11,
        "subtitleColor": "#555555",
        "offset": 10,
    },
    "axis": {
        "labelFontSize": 11,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "titleColor": "#333333",
        "labelColor": "#333333",
        "labelLimit": 320,
        "gridColor": "#e9e9e9",
        "domainColor": "#999999",
        "tickColor": "#999999",
    },
    "legend": {
        "labelFontSize": 11,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "labelLimit": 320,
        "symbolType": "square",
    },
    "header": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 600},
    "view": {"stroke": None},
    "bar": {"cornerRadiusEnd": 1},
    "range": {"category": {"scheme": "tableau10"}},
}

# Stop words on top of scikit-learn's English list: words every abstract uses.
_ACADEMIC_STOP_WORDS = frozenset(
    """
    paper propose proposed proposes approach approaches method methods result results
    show shows shown demonstrate demonstrates use used using based new novel work
    present presents introduce introduces existing achieve achieves experiments
    experimental state art problem problems different performance significantly
    task tasks various study provide provides allows improve improved improves
    effective able applied apply well also however furthermore moreover recent
    recently via large set sets way thus key while first one two three many prior
    """.split()
)
_TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w-]*[^\W_]\b"  # 2+ characters, starting with a letter
_URL_RE = r"(?:https?://|www\.)\S+"
_MATH_RE = r"\$[^$]*\$"
_LATEX_CMD_RE = r"\\[A-Za-z]+"

_VENUE_YEAR_SEP = " "


# --------------------------------------------------------------------------- helpers


def _alt():
    import altair as alt  # lazy: altair is a heavy import

    return alt


def _themed(chart):
    """Apply :data:`THEME` to one chart (returns a new chart)."""
    return chart.configure(**THEME)


def _title(alt, text: str, subtitle: Sequence[str] | str | None = None):
    if subtitle is None:
        return alt.TitleParams(text=text)
    if isinstance(subtitle, str):
        subtitle = [subtitle]
    return alt.TitleParams(text=text, subtitle=list(subtitle))


def _empty_chart(title: str, message: str):
    """A valid chart that says why there is nothing to draw."""
    alt = _alt()
    data = pd.DataFrame({"message": [message]})
    chart = (
        alt.Chart(_data(data))
        .mark_text(fontSize=13, color="#666666")
        .encode(text=alt.Text("message:N"))
        .properties(title=_title(alt, title), width=420, height=80)
    )
    return _themed(chart)


def _defuse_text(value: object) -> object:
    if isinstance(value, str) and "<" in value:
        # Altair's HTML output embeds the spec in a <script> block unescaped:
        # a title containing "</script>" would end it. A zero-width space
        # after "<" keeps the text as it reads and the script block closed.
        return value.replace("</", "<\u200b/").replace("<!--", "<\u200b!--")
    return value


def _json_value(value: object) -> object:
    """One cell as plain JSON: None for any missing value, Python numbers, safe text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return _defuse_text(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_json_value(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return _defuse_text(str(value))


def _data(df: pd.DataFrame) -> dict:
    """A frame as inline Vega-Lite data (``{"values": [...]}``), cleaned by :func:`_json_value`.

    Not handed to Altair as a DataFrame: under pandas 3, Altair 6.3's
    sanitizer turns ``None`` in object columns back into ``NaN`` and writes
    ``NaN`` into the JSON, which browsers refuse. Every chart here embeds a
    bounded, already aggregated frame, so building the records is cheap.
    """
    cols = [str(c) for c in df.columns]
    return {"values": [dict(zip(cols, map(_json_value, row))) for row in df.itertuples(index=False, name=None)]}


def _is_catalog(obj: object) -> bool:
    return not isinstance(obj, pd.DataFrame) and hasattr(obj, "papers")


def _papers_of(obj: object, what: str = "papers") -> pd.DataFrame:
    if _is_catalog(obj):
        obj = obj.papers  # type: ignore[attr-defined]
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(
            f"{what} must be a pandas DataFrame (e.g. cat.papers) or a Catalog; "
            f"got {type(obj).__name__}"
        )
    return obj


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"{what} is missing column(s) {', '.join(map(repr, missing))}; it has "
            f"{', '.join(map(repr, df.columns))}. Pass cat.{what} from cx.load_catalog()."
        )


def _positive_int(value: object, name: str, *, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}; got {value!r}")
    return int(value)


def _str_or_none(series: pd.Series) -> list[object]:
    """Python values for embedding: str, or None where missing."""
    return [None if pd.isna(v) else str(v) for v in series]


def _int_or_none(series: pd.Series) -> list[object]:
    return [None if pd.isna(v) else int(v) for v in series]


def _venue_year(df: pd.DataFrame) -> pd.DataFrame:
    """Columns venue (str/NA), year (Int64) and the label venue_year ("ICLR 2019")."""
    venue = df["venue"].astype("string") if "venue" in df else pd.Series(pd.NA, index=df.index, dtype="string")
    year = pd.to_numeric(df["year"], errors="coerce").astype("Int64") if "year" in df else pd.Series(pd.NA, index=df.index, dtype="Int64")
    label = venue.fillna("?") + _VENUE_YEAR_SEP + year.astype("string").fillna("?")
    label = label.where(venue.notna() | year.notna(), UNKNOWN)
    return pd.DataFrame({"venue": venue, "year": year, "venue_year": label}, index=df.index)


def _venue_year_order(vy: pd.DataFrame) -> list[str]:
    """Venue-year labels in chronological order (year, then venue); unknown last."""
    keys = vy.drop_duplicates("venue_year")
    keys = keys.assign(
        _y=keys["year"].fillna(10**6).astype("int64"),
        _v=keys["venue"].fillna("~"),
    ).sort_values(["_y", "_v"], kind="stable")
    return keys["venue_year"].astype(str).tolist()


def _paper_text(df: pd.DataFrame) -> pd.Series:
    """Title, tl;dr and abstract joined; empty string where a paper has none."""
    parts = [df[c].astype("string").fillna("") for c in ("title", "tldr", "abstract") if c in df]
    if not parts:
        return pd.Series("", index=df.index, dtype="string")
    text = parts[0]
    for part in parts[1:]:
        text = text.str.cat(part, sep=". ")
    return text.str.strip(" .").astype("string")


def _truncate(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]) + "…"


def _display_titles(df: pd.DataFrame, limit: int = 110) -> list[str]:
    """Title, or a marked stand-in: ``[tl;dr] ...``, ``[abstract] ...``, ``[untitled] id``."""
    out = []
    cols = {c: df[c].tolist() if c in df else [None] * len(df) for c in ("title", "tldr", "abstract", "paper_id")}
    for title, tldr, abstract, pid in zip(cols["title"], cols["tldr"], cols["abstract"], cols["paper_id"]):
        if isinstance(title, str) and title.strip():
            out.append(_truncate(title, limit))
        elif isinstance(tldr, str) and tldr.strip():
            out.append("[tl;dr] " + _truncate(tldr, limit - 8))
        elif isinstance(abstract, str) and abstract.strip():
            words = " ".join(abstract.split()[:14])
            out.append("[abstract] " + _truncate(words, limit - 11))
        else:
            out.append(f"[untitled] {pid}")
    return out


def _authors_short(values: Iterable[object], limit: int = 4) -> list[str]:
    out = []
    for names in values:
        if names is None or (not isinstance(names, (list, tuple, np.ndarray)) and pd.isna(names)):
            out.append("")
            continue
        names = [str(n) for n in names]
        text = ", ".join(names[:limit])
        if len(names) > limit:
            text += f" + {len(names) - limit} more"
        out.append(text)
    return out


def _declutter(
    x: np.ndarray, y: np.ndarray, texts: Sequence[str], *, align: Sequence[str], xdom: Sequence[float],
    ydom: Sequence[float], width: float, height: float, dx: float = 0.0, font_px: float = 11.0, rounds: int = 80,
) -> tuple[np.ndarray, np.ndarray]:
    """Move text labels apart vertically so that they do not overlap.

    Works in pixels (from the scale domains and the chart size) and returns
    new label ``(x, y)`` positions in data units: labels are pushed inside
    the plot horizontally and apart vertically, as little as needed.
    """
    n = len(texts)
    px = (np.asarray(x, float) - xdom[0]) / (xdom[1] - xdom[0]) * width
    py = (ydom[1] - np.asarray(y, float)) / (ydom[1] - ydom[0]) * height
    w = np.array([0.6 * font_px * len(t) for t in texts])
    align = np.asarray(align)
    left = np.where(align == "left", px + dx, np.where(align == "right", px - dx - w, px - w / 2))
    # Keep every label inside the plot horizontally.
    shift = np.clip(left, 2.0, np.maximum(width - w - 2.0, 2.0)) - left
    left = left + shift
    px = px + shift
    right = left + w
    h = font_px + 2.0
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                if right[i] <= left[j] or right[j] <= left[i]:
                    continue
                gap = abs(py[i] - py[j])
                if gap >= h:
                    continue
                push = (h - gap) / 2 + 0.1
                if py[i] <= py[j]:
                    py[i] -= push
                    py[j] += push
                else:
                    py[i] += push
                    py[j] -= push
                moved = True
        if not moved:
            break
    py = np.clip(py, h / 2, height - h / 2)
    return xdom[0] + px / width * (xdom[1] - xdom[0]), ydom[1] - py / height * (ydom[1] - ydom[0])


def _fold(name: str) -> str:
    from confexplore.text import author_key

    return author_key(name)


# --------------------------------------------------------------------------- counts

_BY_FIELDS = {
    "venue": ["venue"],
    "year": ["year"],
    "venue-year": ["venue", "year"],
    "presentation": ["presentation"],
    "session": ["venue", "year", "session"],
}
_BY_TITLES = {
    "venue": "Venue",
    "year": "Year",
    "venue-year": "Venue and year",
    "presentation": "Presentation",
    "session": "Session",
}


def _check_by(value: object, name: str, *, allow_none: bool) -> str | None:
    if value is None and allow_none:
        return None
    if isinstance(value, str):
        norm = value.strip().lower().replace("_", "-").replace(" ", "-")
        if norm in ("venueyear", "venue-year", "venue/year"):
            norm = "venue-year"
        if norm in _BY_FIELDS:
            return norm
    choices = ", ".join(map(repr, COUNTS_BY)) + (" or None" if allow_none else "")
    raise ValueError(f"{name} must be one of {choices}; got {value!r}")


def _dimension(df: pd.DataFrame, dim: str) -> tuple[pd.Series, pd.Series]:
    """(label, sort key) per paper for one counts dimension."""
    if dim in ("venue-year", "session"):
        vy = _venue_year(df)
    if dim == "venue":  # no natural order: biggest first (ties alphabetical, later)
        label = df["venue"].astype("string").fillna(UNKNOWN)
        key = -label.map(label.value_counts()).astype("float64")
        return label, key.where(label != UNKNOWN, np.inf)
    if dim == "year":
        year = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
        return year.astype("string").fillna(UNKNOWN), year.astype("float64").fillna(np.inf)
    if dim == "venue-year":
        order = {v: i for i, v in enumerate(_venue_year_order(vy))}
        return vy["venue_year"], vy["venue_year"].map(order).astype("float64")
    if dim == "presentation":
        label = df["presentation"].astype("string").fillna(UNKNOWN)
        rank = {p: i for i, p in enumerate(_PRESENTATION_ORDER)}
        key = label.map(lambda p: rank.get(p, 50 if p != UNKNOWN else 99)).astype("float64")
        return label, key
    # session: label "ICLR 2021 · Oral Session 1", ordered by venue-year, then first talk.
    session = df["session"].astype("string")
    label = vy["venue_year"] + " · " + session.fillna("no session")
    vy_rank = vy["venue_year"].map({v: i for i, v in enumerate(_venue_year_order(vy))}).astype("float64")
    if "start" in df:
        start = pd.to_datetime(df["start"], utc=True, errors="coerce")
        first = start.groupby(label).transform("min")
        t = (first - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds().fillna(np.inf)
    else:
        t = pd.Series(np.inf, index=df.index)
    key = vy_rank * 1e12 + t.clip(upper=1e11).where(session.notna(), 5e11)  # "no session" last in its venue-year
    return label, key


def counts(papers, *, by: str = "venue", color: str | None = "presentation", max_bars: int = 40):
    """Bar chart of papers per venue, year, venue-year, presentation or session.

    Counts rows of ``papers`` (one per distinct paper), stacks each bar by
    ``color`` and labels each bar with its total. Clicking a bar segment
    selects it: the selection :data:`COUNTS_SELECTION` holds the papers
    columns behind it (``venue``, ``year``, ``presentation``, ``session``).

    Parameters
    ----------
    papers : DataFrame or Catalog
        ``cat.papers`` (or a filtered subset of it), or the catalog itself.
    by : {"venue", "year", "venue-year", "presentation", "session"}
        One bar per value of this column. Sessions are named with their
        venue-year ("ICLR 2021 · Oral Session 1").
    color : same choices as ``by``, or None
        Split each bar by this column; None draws plain bars.
    max_bars : int
        At most this many bars: beyond it the smallest categories are
        folded into one "other" bar (and the subtitle says so). The same
        applies to colours beyond 12.

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    ValueError
        For an unknown ``by``/``color`` or a frame without the needed columns.

    Examples
    --------
    >>> import confexplore as cx
    >>> cat = cx.load_catalog()
    >>> chart = cx.charts.counts(cat.papers, by="venue-year", color="presentation")
    """
    alt = _alt()
    papers = _papers_of(papers)
    by = _check_by(by, "by", allow_none=False)
    color = _check_by(color, "color", allow_none=True)
    max_bars = _positive_int(max_bars, "max_bars", maximum=1000)
    needed = set(_BY_FIELDS[by]) | set(_BY_FIELDS[color] if color else [])
    _require(papers, sorted(needed), "papers")
    if len(papers) == 0:
        return _empty_chart(f"Papers per {_BY_TITLES[by].lower()}", "No papers to count.")

    fields = list(dict.fromkeys(_BY_FIELDS[by] + (_BY_FIELDS[color] if color else [])))
    by_label, by_key = _dimension(papers, by)
    frame = pd.DataFrame({"by_label": by_label, "by_key": by_key})
    if color:
        color_label, color_key = _dimension(papers, color)
        frame["color_label"] = color_label
        frame["color_key"] = color_key
    notes = []

    # Fold the smallest categories into "other" beyond the caps.
    def fold(label_col: str, key_col: str, cap: int, noun: str) -> None:
        sizes = frame.groupby(label_col).size().sort_values(ascending=False, kind="stable")
        if len(sizes) <= cap:
            return
        keep = set(sizes.index[: cap - 1])
        rest = ~frame[label_col].isin(keep)
        n_rest = len(sizes) - len(keep)
        other = f"{_OTHER} ({n_rest:,} {noun})"
        frame.loc[rest, label_col] = other
        frame.loc[rest, key_col] = np.inf
        notes.append(f"{n_rest:,} smallest {noun} folded into “{other}”")

    fold("by_label", "by_key", max_bars, {"year": "years"}.get(by, by.replace("-", " ") + "s"))
    if color:
        fold("color_label", "color_key", 12, color.replace("-", " ") + "s")

    # Selection fields carry the real papers values (None where missing or folded).
    for field in fields:
        values = papers[field]
        frame[field] = pd.to_numeric(values, errors="coerce").astype("Int64") if field == "year" else values.astype("string")
    folded = frame["by_label"].str.startswith(_OTHER + " (")
    if color:
        folded = folded | frame["color_label"].str.startswith(_OTHER + " (")
    for field in fields:
        frame.loc[folded, field] = pd.NA

    group_cols = ["by_label"] + (["color_label"] if color else [])
    agg = (
        frame.groupby(group_cols, sort=False, dropna=False)
        .agg(papers=("by_key", "size"), by_key=("by_key", "min"), **({"color_key": ("color_key", "min")} if color else {}),
             **{f: (f, "first") for f in fields})
        .reset_index()
    )
    totals = agg.groupby("by_label", sort=False)["papers"].sum()
    agg["share"] = (agg["papers"] / agg["by_label"].map(totals)).round(4)
    agg = agg.sort_values(["by_key", "by_label"] + (["color_key", "color_label"] if color else []), kind="stable")
    by_order = list(dict.fromkeys(agg["by_label"]))

    data = agg[group_cols + fields + ["papers", "share"]].reset_index(drop=True)
    for field in fields:  # one value per bar (first skips NA, and a label has one value); as Python values
        values = _int_or_none(data[field]) if field == "year" else _str_or_none(data[field])
        data[field] = pd.Series(values, index=data.index, dtype=object)
    tot = pd.DataFrame({"by_label": by_order, "total": [int(totals[b]) for b in by_order]})

    sel = alt.selection_point(name=COUNTS_SELECTION, fields=fields)
    y = alt.Y("by_label:N", sort=by_order, title=None, axis=alt.Axis(labelLimit=320))  # the chart title names it
    tooltip = [alt.Tooltip("by_label:N", title=_BY_TITLES[by])]
    if color:
        color_order = list(dict.fromkeys(agg.sort_values(["color_key", "color_label"], kind="stable")["color_label"]))
        if color == "presentation":
            domain = color_order
            scale = alt.Scale(domain=domain, range=[PRESENTATION_COLORS.get(p, "#8c6d9c") for p in domain])
        else:
            scale = alt.Scale(domain=color_order, scheme="tableau10" if len(color_order) <= 10 else "tableau20")
        color_enc = alt.Color("color_label:N", title=_BY_TITLES[color], scale=scale, sort=color_order,
                              legend=alt.Legend(orient="right"))
        data["color_rank"] = data["color_label"].map({c: i for i, c in enumerate(color_order)}).astype("int64")
        tooltip.append(alt.Tooltip("color_label:N", title=_BY_TITLES[color]))
        order = alt.Order("color_rank:Q", sort="ascending")
    else:
        color_enc = alt.value(THEME_BAR_COLOR)
        order = alt.Undefined
    tooltip += [alt.Tooltip("papers:Q", title="Papers", format=","), alt.Tooltip("share:Q", title="Share of bar", format=".1%")]

    bars = (
        alt.Chart(_data(data))
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("papers:Q", title="Papers", stack="zero", axis=alt.Axis(format=",d", tickMinStep=1)),
            color=color_enc,
            order=order,
            opacity=alt.condition(sel, alt.value(1.0), alt.value(0.35)),
            tooltip=tooltip,
        )
        .add_params(sel)
    )
    labels = (
        alt.Chart(_data(tot))
        .mark_text(align="left", dx=4, fontSize=11, color="#333333")
        .encode(y=alt.Y("by_label:N", sort=by_order), x=alt.X("total:Q"), text=alt.Text("total:Q", format=","))
    )
    subtitle = [f"{len(papers):,} papers" + (f" · colour: {_BY_TITLES[color].lower()}" if color else "") + " · click a bar to select"]
    subtitle += notes
    chart = alt.layer(bars, labels).properties(
        title=_title(alt, f"Papers per {_BY_TITLES[by].lower()}", subtitle),
        width=460,
        height=alt.Step(22),
    )
    return _themed(chart)



# --------------------------------------------------------------------------- top_authors


def _author_frames(obj, papers) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    if _is_catalog(obj) and hasattr(obj, "authorships"):
        auth = obj.authorships
        if papers is None:
            papers = obj.papers
    elif isinstance(obj, pd.DataFrame):
        auth = obj
    else:
        raise TypeError(
            "catalog_or_authorships must be a Catalog or the cat.authorships DataFrame; "
            f"got {type(obj).__name__}"
        )
    _require(auth, ["paper_id", "author"], "authorships")
    if "author_key" not in auth.columns:
        auth = auth.assign(author_key=[_fold(a) for a in auth["author"].astype(str)])
    if papers is not None:
        papers = _papers_of(papers, "papers")
        _require(papers, ["paper_id", "venue", "year"], "papers")
    return auth, papers


def _spellings(auth: pd.DataFrame) -> pd.Series:
    """Most common spelling per author_key (ties: more accented letters, then A-Z)."""
    spell = auth.groupby(["author_key", "author"], sort=False).size().rename("n").reset_index()
    spell["accents"] = [sum(ord(ch) > 127 for ch in str(a)) for a in spell["author"]]
    spell = spell.sort_values(["author_key", "n", "accents", "author"], ascending=[True, False, False, True], kind="stable")
    return spell.drop_duplicates("author_key").set_index("author_key")["author"].astype(str)


def top_authors(catalog_or_authorships, *, n: int = 20, papers=None):
    """Horizontal bars of the most prolific authors, split by venue-year.

    Authors are grouped by ``author_key`` (case, accents and punctuation
    folded, so "Barnabás Póczos" and "Barnabas Poczos" count together) and
    labelled with their most common spelling. Each paper counts once per
    author. Clicking a bar selects the author (:data:`AUTHORS_SELECTION`,
    field ``author_key``).

    Parameters
    ----------
    catalog_or_authorships : Catalog or DataFrame
        A catalog (its ``authorships`` and ``papers`` are used) or an
        authorships frame with ``paper_id``, ``author`` (and ``author_key``).
    n : int
        How many authors to show (1-500); ties at the cut go alphabetically.
    papers : DataFrame, optional
        Papers with ``paper_id``, ``venue``, ``year`` to split the bars by
        venue-year when an authorships frame is given. Without it the bars
        are not split.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import confexplore as cx
    >>> cat = cx.load_catalog()
    >>> chart = cx.charts.top_authors(cat, n=15)
    """
    alt = _alt()
    n = _positive_int(n, "n", maximum=500)
    auth, papers = _author_frames(catalog_or_authorships, papers)
    if len(auth) == 0:
        return _empty_chart("Most prolific authors", "No authors to count.")
    pairs = auth[["paper_id", "author_key"]].drop_duplicates()
    totals = pairs.groupby("author_key", sort=False).size()
    names = _spellings(auth)
    ranking = pd.DataFrame({"total": totals, "author": names.reindex(totals.index)})
    ranking = ranking.rename_axis("author_key").reset_index()
    ranking = ranking.sort_values(["total", "author", "author_key"], ascending=[False, True, True], kind="stable").head(n)
    keys = ranking["author_key"].tolist()
    chosen = pairs[pairs["author_key"].isin(set(keys))]

    split_note = None
    if papers is not None or {"venue", "year"} <= set(auth.columns):
        src = papers if papers is not None else auth.drop_duplicates("paper_id")
        vy = _venue_year(src).assign(paper_id=src["paper_id"].to_numpy())
        vy = vy.drop_duplicates("paper_id")
        chosen = chosen.merge(vy, on="paper_id", how="left")
        chosen["venue_year"] = chosen["venue_year"].fillna(UNKNOWN)
        present = set(chosen["venue_year"])
        vy_order = [v for v in _venue_year_order(vy) if v in present]
        if chosen["venue_year"].eq(UNKNOWN).any() and UNKNOWN not in vy_order:
            vy_order.append(UNKNOWN)
    else:
        chosen = chosen.assign(venue_year="all papers")
        vy_order = ["all papers"]
        split_note = "pass papers= to split by venue-year"
    if len(vy_order) > 12:  # more colours than anyone can tell apart: fold the smallest
        sizes = chosen["venue_year"].value_counts()
        keep = set(sorted(vy_order, key=lambda v: (-sizes.get(v, 0), vy_order.index(v)))[:11])
        other = f"{_OTHER} ({len(vy_order) - 11} venue-years)"
        chosen["venue_year"] = chosen["venue_year"].where(chosen["venue_year"].isin(keep), other)
        vy_order = [v for v in vy_order if v in keep] + [other]
        split_note = f"{len(vy_order) - 1} venue-years with most of these papers coloured, the rest as “{other}”"

    agg = chosen.groupby(["author_key", "venue_year"], sort=False).size().rename("papers").reset_index()
    agg["author"] = agg["author_key"].map(names).astype(str)
    agg["total"] = agg["author_key"].map(ranking.set_index("author_key")["total"]).astype("int64")
    agg["vy_rank"] = agg["venue_year"].map({v: i for i, v in enumerate(vy_order)}).astype("int64")
    agg = agg.sort_values(["total", "author", "vy_rank"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
    # A label per key; two keys never share a spelling, but keep it unique anyway.
    label = ranking["author"].where(~ranking["author"].duplicated(keep=False), ranking["author"] + " (" + ranking["author_key"] + ")")
    label_of = dict(zip(ranking["author_key"], label))
    agg["author"] = agg["author_key"].map(label_of)
    y_order = [label_of[k] for k in keys]
    data = agg[["author_key", "author", "venue_year", "papers", "total", "vy_rank"]]
    tot = pd.DataFrame({"author": y_order, "total": ranking["total"].astype("int64").tolist()})

    sel = alt.selection_point(name=AUTHORS_SELECTION, fields=["author_key"])
    scheme = "tableau10" if len(vy_order) <= 10 else "tableau20"
    if vy_order[-1].startswith(_OTHER + " ("):
        palette = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#79706e", "#17becf"]
        scale = alt.Scale(domain=vy_order, range=palette[: len(vy_order) - 1] + ["#c8c8c8"])
    else:
        scale = alt.Scale(domain=vy_order, scheme=scheme)
    bars = (
        alt.Chart(_data(data))
        .mark_bar()
        .encode(
            y=alt.Y("author:N", sort=y_order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("papers:Q", title="Papers", stack="zero", axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color("venue_year:N", title="Venue and year", sort=vy_order, scale=scale),
            order=alt.Order("vy_rank:Q", sort="ascending"),
            opacity=alt.condition(sel, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("author:N", title="Author"),
                alt.Tooltip("venue_year:N", title="Venue and year"),
                alt.Tooltip("papers:Q", title="Papers there"),
                alt.Tooltip("total:Q", title="Papers in all"),
            ],
        )
        .add_params(sel)
    )
    labels = (
        alt.Chart(_data(tot))
        .mark_text(align="left", dx=4, fontSize=11, color="#333333")
        .encode(y=alt.Y("author:N", sort=y_order), x=alt.X("total:Q"), text=alt.Text("total:Q", format=","))
    )
    subtitle = [
        f"distinct papers per author among {totals.size:,} authors of {pairs['paper_id'].nunique():,} papers;"
        " spellings merged by author key"
    ]
    if split_note:
        subtitle.append(split_note)
    chart = alt.layer(bars, labels).properties(
        title=_title(alt, f"Most prolific authors (top {len(keys)})", subtitle),
        width=420,
        height=alt.Step(20),
    )
    return _themed(chart)


# --------------------------------------------------------------------------- term_trends


def _term_pattern(term: str) -> str:
    words = re.findall(r"\w+", term.lower())
    if not words:
        raise ValueError(f"term {term!r} has no letters or digits to search for; pass words such as 'graph neural'")
    return r"\b" + r"[\W_]+".join(re.escape(w) for w in words) + r"\b"


def _normalise_terms(terms) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    try:
        terms = list(terms)
    except TypeError:
        raise TypeError(f"terms must be a list of strings or None; got {type(terms).__name__}") from None
    out: dict[str, str] = {}
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            raise ValueError(f"terms must be non-empty strings; got {term!r}")
        _term_pattern(term)
        out.setdefault(" ".join(term.lower().split()), " ".join(term.split()))
    if not out:
        raise ValueError("terms is empty; pass e.g. terms=['graph', 'transformer'] or terms=None for distinctive terms")
    if len(out) > 60:
        raise ValueError(f"at most 60 terms can be charted; got {len(out)}")
    return list(out.values())


def papers_mentioning(papers, term: str) -> pd.Series:
    """Boolean mask: which papers mention ``term`` in title, tl;dr or abstract.

    Matching is case-insensitive on whole words; the words of a multi-word
    term may be separated by any punctuation ("t-SNE" matches "t SNE"). This
    is the test :func:`term_trends` counts with, so a click on its cell
    (:data:`TERMS_SELECTION`) can be turned back into rows.

    Parameters
    ----------
    papers : DataFrame or Catalog
    term : str

    Returns
    -------
    pandas.Series of bool, aligned with ``papers``

    Examples
    --------
    >>> import confexplore as cx
    >>> papers = cx.load_catalog().papers
    >>> papers[cx.charts.papers_mentioning(papers, "graph")].shape[0] > 0
    True
    """
    papers = _papers_of(papers)
    if not isinstance(term, str):
        raise TypeError(f"term must be a string; got {type(term).__name__}")
    pattern = _term_pattern(term)
    text = _paper_text(papers).str.lower()
    return text.str.contains(pattern, regex=True).fillna(False).astype(bool).rename(term)


def _analysis_text(text: pd.Series) -> pd.Series:
    """Text for term statistics: links, LaTeX math and commands removed."""
    text = text.str.replace(_URL_RE, " ", regex=True)
    text = text.str.replace(_MATH_RE, " ", regex=True)
    return text.str.replace(_LATEX_CMD_RE, " ", regex=True)


#: Above this many papers, distinctive terms are single words only (two-word
#: phrases cost about four times as long to count).
_PHRASES_UP_TO = 20_000


def _distinctive_terms(text: pd.Series, group_codes: np.ndarray, n_groups: int, n_terms: int, min_papers: int):
    """Pick each group's most distinctive terms.

    Returns ``(chosen, vocab, df_g)``: ``chosen`` lists ``(group, term index,
    score)``; ``df_g[g, j]`` is how many papers of group ``g`` mention term ``j``.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    vec = CountVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | _ACADEMIC_STOP_WORDS),
        token_pattern=_TOKEN_PATTERN,
        ngram_range=(1, 2) if len(text) <= _PHRASES_UP_TO else (1, 1),
        binary=True,
        min_df=min(min_papers, max(1, len(text))),
        dtype=np.int32,
    )
    try:
        X = vec.fit_transform(_analysis_text(text).tolist())
    except ValueError:  # empty vocabulary
        return [], None, None
    vocab = vec.get_feature_names_out()
    G = sparse.csr_matrix((np.ones(len(group_codes)), (group_codes, np.arange(len(group_codes)))), shape=(n_groups, len(group_codes)))
    df_g = np.asarray((G @ X).todense(), dtype=np.float64)  # papers per group mentioning each term
    n_g = np.bincount(group_codes, minlength=n_groups).astype(np.float64)
    total = df_g.sum(axis=0)
    N = n_g.sum()
    chosen: list[tuple[int, int, float]] = []  # (group, term index, score)
    taken: set[int] = set()
    for g in range(n_groups):
        a = df_g[g] + 0.5  # mentioning here
        b = n_g[g] - df_g[g] + 0.5  # not mentioning here
        if n_groups > 1:
            # z-score of the log-odds ratio, this venue-year against all others
            # (Monroe, Colaresi & Quinn 2008): big where a term is both common
            # here and rarer elsewhere.
            c = total - df_g[g] + 0.5
            d = (N - n_g[g]) - (total - df_g[g]) + 0.5
            score = (np.log(a / b) - np.log(c / d)) / np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
        else:
            score = (df_g[g] / max(n_g[g], 1.0)) * np.log((N + 1.0) / (total + 1.0))  # tf-idf
        eligible = (df_g[g] >= min_papers) & (score > 0)
        order = np.lexsort((vocab, -score))
        picked: list[set[str]] = []
        for j in order:
            if len(picked) >= n_terms:
                break
            if not eligible[j]:
                continue
            words = set(str(vocab[j]).split())
            if j in taken or any(words & w for w in picked):
                continue  # "code available" adds nothing next to "code"
            taken.add(j)
            picked.append(words)
            chosen.append((g, int(j), float(score[j])))
    return chosen, vocab, df_g


def term_trends(
    papers, *, terms: Sequence[str] | str | None = None, n_terms: int = 6, min_papers: int = 3, max_groups: int = 12
):
    """Heatmap: share of each venue-year's papers that mention each term.

    With ``terms=None`` it picks, for every venue-year, the ``n_terms`` terms
    that most set it apart from the other venue-years (tf-idf style: share of
    papers mentioning the term there times the log of how much rarer it is
    elsewhere), so ICLR 2019 next to ICLR 2021 shows what changed. Rows are
    grouped by the venue-year a term is distinctive of. Clicking a cell
    selects it (:data:`TERMS_SELECTION`: fields ``term``, ``venue``,
    ``year``); :func:`papers_mentioning` gives the matching rows.

    Parameters
    ----------
    papers : DataFrame or Catalog
        Needs ``venue``, ``year`` and at least one of ``title``, ``tldr``,
        ``abstract``.
    terms : list of str, str or None
        Words or phrases to chart, matched case-insensitively on whole words
        (see :func:`papers_mentioning`); plurals are separate terms.
    n_terms : int
        Distinctive terms per venue-year when ``terms`` is None (1-30).
    min_papers : int
        A distinctive term must be mentioned by at least this many papers of
        its venue-year.
    max_groups : int
        At most this many venue-year columns (1-40): beyond it the biggest
        are kept and the subtitle says so. Bounds the chart at
        terms × venue-years cells.

    Returns
    -------
    altair.LayerChart or altair.VConcatChart

    Examples
    --------
    >>> import confexplore as cx
    >>> papers = cx.load_catalog().papers
    >>> chart = cx.charts.term_trends(papers, terms=["graph", "adversarial", "transformer"])
    >>> chart = cx.charts.term_trends(papers)          # what set each venue-year apart
    """
    alt = _alt()
    papers = _papers_of(papers)
    _require(papers, ["venue", "year"], "papers")
    if not ({"title", "tldr", "abstract"} & set(papers.columns)):
        raise ValueError("papers needs at least one text column: 'title', 'tldr' or 'abstract'")
    n_terms = _positive_int(n_terms, "n_terms", maximum=30)
    min_papers = _positive_int(min_papers, "min_papers")
    max_groups = _positive_int(max_groups, "max_groups", maximum=40)
    if terms is not None:
        terms = _normalise_terms(terms)
    title = "Share of papers mentioning each term" if terms is not None else "Distinctive terms of each venue-year"
    if len(papers) == 0:
        return _empty_chart(title, "No papers to read.")

    vy = _venue_year(papers)
    group_note = None
    sizes = vy["venue_year"].value_counts()
    if len(sizes) > max_groups:
        # Keep the biggest venue-years (most recent first among equals).
        ranked = vy.drop_duplicates("venue_year").assign(n=lambda d: d["venue_year"].map(sizes), y=lambda d: d["year"].fillna(-1))
        keep = set(ranked.sort_values(["n", "y", "venue_year"], ascending=[False, False, True], kind="stable")["venue_year"].head(max_groups))
        mask = vy["venue_year"].isin(keep).to_numpy()
        group_note = (f"the {max_groups} biggest of {len(sizes)} venue-years ({int(mask.sum()):,} of {len(papers):,} papers);"
                      " filter the papers or raise max_groups to see others")
        papers, vy = papers[mask], vy[mask]
    order = _venue_year_order(vy)
    codes = vy["venue_year"].map({v: i for i, v in enumerate(order)}).to_numpy(dtype=np.int64)
    n_g = np.bincount(codes, minlength=len(order))
    text = _paper_text(papers)
    meta = vy.drop_duplicates("venue_year").set_index("venue_year")

    rows = []
    if terms is not None:
        lowered = text.str.lower()
        for term in terms:
            mask = lowered.str.contains(_term_pattern(term), regex=True).fillna(False).to_numpy(dtype=bool)
            hits = np.bincount(codes[mask], minlength=len(order))
            for g, label in enumerate(order):
                rows.append((term, label, int(hits[g]), None, np.nan))
        y_order = terms
    else:
        chosen, vocab, df_g = _distinctive_terms(text, codes, len(order), n_terms, min_papers)
        if not chosen:
            return _empty_chart(title, f"No term is mentioned by {min_papers}+ papers of one venue-year; lower min_papers.")
        y_order = []
        for g, j, score in chosen:
            term = str(vocab[j])
            y_order.append(term)
            for h, label in enumerate(order):
                rows.append((term, label, int(df_g[h, j]), order[g], round(score, 5) if h == g else np.nan))
    data = pd.DataFrame(rows, columns=["term", "venue_year", "mentioning", "distinctive_of", "score"])
    data["papers"] = data["venue_year"].map(dict(zip(order, n_g.tolist()))).astype("int64")
    data["share"] = (data["mentioning"] / data["papers"].where(data["papers"] > 0)).fillna(0.0).round(4)
    data["venue"] = [None if pd.isna(v) else str(v) for v in data["venue_year"].map(meta["venue"])]
    data["year"] = [None if pd.isna(v) else int(v) for v in data["venue_year"].map(meta["year"])]
    data["label"] = [f"{s:.0%}" if s >= 0.005 or m == 0 else "<1%" for s, m in zip(data["share"], data["mentioning"])]
    data["label"] = data["label"].where(data["mentioning"] > 0, "·")
    data["home"] = data["venue_year"] == data["distinctive_of"]
    data = data.drop(columns=["score"] if terms is not None else [])
    if terms is not None:
        data = data.drop(columns=["distinctive_of", "home"])
    dark_at = max(0.5 * float(data["share"].max()), 0.02)

    sel = alt.selection_point(name=TERMS_SELECTION, fields=["term", "venue", "year"])
    few = len(order) <= 6
    x = alt.X(
        "venue_year:N", sort=order, title=None,
        axis=alt.Axis(orient="top", labelAngle=0 if few else -40, labelAlign="center" if few else "left", labelLimit=160),
    )
    tooltip = [
        alt.Tooltip("term:N", title="Term"),
        alt.Tooltip("venue_year:N", title="Venue and year"),
        alt.Tooltip("share:Q", title="Share of papers", format=".1%"),
        alt.Tooltip("mentioning:Q", title="Papers mentioning", format=","),
        alt.Tooltip("papers:Q", title="Papers there", format=","),
    ]
    if terms is None:
        tooltip.append(alt.Tooltip("distinctive_of:N", title="Distinctive of"))
    color = alt.Color(
        "share:Q", title="Share of papers", scale=alt.Scale(scheme="blues", domain=[0, max(float(data["share"].max()), 0.01)]),
        legend=alt.Legend(format=".0%"),
    )

    def heatmap(part: pd.DataFrame, rows: list[str], *, top_axis: bool, view: str | None = None):
        xx = x if top_axis else alt.X("venue_year:N", sort=order, title=None, axis=None)
        yy = alt.Y("term:N", sort=rows, title=None, axis=alt.Axis(labelLimit=220))
        rect = (
            alt.Chart(_data(part))
            .mark_rect(stroke="white", strokeWidth=1)
            .encode(x=xx, y=yy, color=alt.condition("datum.mentioning == 0", alt.value("#f2f2f2"), color), opacity=alt.condition(sel, alt.value(1.0), alt.value(0.3)), tooltip=tooltip)
        )
        if view is None:
            rect = rect.add_params(sel)
        else:  # one selection shared by several panels: declared once, at the top
            rect = rect.properties(name=view)
        labels = (
            alt.Chart(_data(part))
            .mark_text(fontSize=11)
            .encode(
                x=xx,
                y=yy,
                text=alt.Text("label:N"),
                color=alt.condition(f"datum.share >= {dark_at:.4f}", alt.value("white"), alt.value("#222222")),
                tooltip=tooltip,
            )
        )
        return alt.layer(rect, labels)

    width = max((90 if len(order) <= 6 else 62) * len(order), 200)
    vys = ", ".join(f"{v} ({c:,})" for v, c in zip(order, n_g)) if len(order) <= 6 else f"{len(order)} venue-years, {int(n_g.sum()):,} papers"
    if terms is not None:
        subtitle = [f"whole-word, case-insensitive matches in title, tl;dr and abstract · papers: {vys}", "click a cell to select"]
        if group_note:
            subtitle.insert(1, group_note)
        chart = heatmap(data, y_order, top_axis=True).properties(
            title=_title(alt, title, subtitle), width=width, height=alt.Step(24)
        )
    else:
        subtitle = [
            f"{'words and two-word phrases' if len(papers) <= _PHRASES_UP_TO else 'words'} mentioned far more often in one"
            f" venue-year than in the others (log-odds z-score) · papers: {vys}",
            "cells: share of that venue-year's papers mentioning the term · click a cell to select",
        ]
        if len(order) == 1:
            subtitle[0] = f"only one venue-year ({vys}): its most specific terms by tf-idf"
        if group_note:
            subtitle.insert(1, group_note)
        panels, views = [], []
        for i, home in enumerate(dict.fromkeys(data["distinctive_of"])):
            part = data[data["distinctive_of"] == home].reset_index(drop=True)
            here = set(part["term"])
            rows_here = [t for t in y_order if t in here]
            views.append(f"terms_panel_{i}")
            panels.append(
                heatmap(part, rows_here, top_axis=i == 0, view=views[-1]).properties(
                    title=alt.TitleParams(f"distinctive of {home}", fontSize=12, fontWeight="bold", anchor="start"),
                    width=width,
                    height=alt.Step(20),
                )
            )
        chart = alt.vconcat(*panels, spacing=8).properties(title=_title(alt, title, subtitle))
        chart.params = [
            alt.TopLevelSelectionParameter(
                name=TERMS_SELECTION, select=alt.PointSelectionConfig(type="point", fields=["term", "venue", "year"]), views=views
            )
        ]
    return _themed(chart)


# --------------------------------------------------------------------------- schedule


def _zone(name: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(name, str):
        raise TypeError(f"tz must be an IANA time-zone name such as 'Europe/Vienna'; got {type(name).__name__}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as 'America/Los_Angeles', 'Europe/Vienna' or 'UTC'"
        ) from None


def schedule(talks, *, tz: str | None = None, papers=None, sessions: Sequence[str] | None = None, max_talks: int = 150):
    """Gantt-like timeline of the talks of each session.

    One panel per session (in time order), one row per talk, so talks that
    overlap sit on separate rows side by side in time (the tooltip also says
    how many talks each one overlaps). Bars are coloured by presentation;
    tooltips give the title (or a marked tl;dr/abstract stand-in where the
    paper has none), authors and local times.

    Parameters
    ----------
    talks : DataFrame or Catalog
        ``cat.talks`` (``paper_id``, ``session``, ``presentation``, ``start``,
        ``end`` and ``timezone``; ``venue``/``year`` used when present), or
        the catalog itself (then titles come from its papers).
    tz : str, optional
        IANA time zone to show times in, e.g. ``"Europe/Berlin"``. Default:
        each talk's own venue zone (its ``timezone`` column; UTC if missing).
    papers : DataFrame, optional
        Papers to take titles and authors from (``cat.papers``).
    sessions : list of str, optional
        Only these sessions (names as in the ``session`` column).
    max_talks : int
        Draw at most this many talks: whole sessions in time order until the
        cap (the subtitle says what was left out).

    Returns
    -------
    altair.FacetChart

    Examples
    --------
    >>> import confexplore as cx
    >>> cat = cx.load_catalog()
    >>> chart = cx.charts.schedule(cat)                     # venue's own time
    >>> chart = cx.charts.schedule(cat, tz="Europe/Berlin")
    """
    alt = _alt()
    if _is_catalog(talks) and hasattr(talks, "talks"):
        if papers is None:
            papers = talks.papers
        talks = talks.talks
    if not isinstance(talks, pd.DataFrame):
        raise TypeError(f"talks must be the cat.talks DataFrame or a Catalog; got {type(talks).__name__}")
    _require(talks, ["paper_id", "start", "end"], "talks")
    max_talks = _positive_int(max_talks, "max_talks", maximum=_ALTAIR_MAX_ROWS)
    zone = _zone(tz) if tz is not None else None
    if papers is not None:
        papers = _papers_of(papers, "papers")
        _require(papers, ["paper_id"], "papers")

    df = talks.copy()
    for col in ("session", "presentation", "venue", "year", "timezone"):
        if col not in df:
            df[col] = pd.NA
    df["start"] = pd.to_datetime(df["start"], utc=True, errors="coerce")
    df["end"] = pd.to_datetime(df["end"], utc=True, errors="coerce")
    no_time = int(df["start"].isna().sum())
    df = df[df["start"].notna()]
    if sessions is not None:
        if isinstance(sessions, str):
            sessions = [sessions]
        known = set(df["session"].dropna().astype(str))
        unknown = [s for s in sessions if s not in known]
        if unknown:
            from rapidfuzz import process

            hint = process.extract(unknown[0], sorted(known), limit=3) if known else []
            close = ", ".join(repr(h[0]) for h in hint)
            raise ValueError(f"no session named {unknown[0]!r}" + (f"; did you mean {close}?" if close else "; the talks have no sessions"))
        df = df[df["session"].astype("string").isin(sessions)]
    if len(df) == 0:
        return _empty_chart("Talk schedule", "No talks with start times." + (f" ({no_time} talks have none.)" if no_time else ""))

    no_end = df["end"].isna() | (df["end"] < df["start"])
    df.loc[no_end, "end"] = df.loc[no_end, "start"] + pd.Timedelta(minutes=10)
    if zone is not None:
        df["zone"] = zone.key
    else:
        df["zone"] = df["timezone"].astype("string").fillna("UTC").replace("", "UTC")
        for z in df["zone"].unique():
            _zone(str(z))
    vy = _venue_year(df)
    df["venue_year"] = vy["venue_year"].where(vy["venue_year"] != UNKNOWN, "")

    # Sessions: named, or "talks on <day>" (local day) where the talk has none.
    session = df["session"].astype("string")
    day = pd.Series("", index=df.index, dtype="string")
    for z, idx in df.groupby("zone").groups.items():
        day.loc[idx] = df.loc[idx, "start"].dt.tz_convert(str(z)).dt.strftime("%a %-d %b %Y")
    name = session.where(session.notna(), "talks on " + day)
    df["session_label"] = (df["venue_year"] + " · " + name).str.lstrip(" ·")
    firsts = df.groupby("session_label")["start"].min().sort_values(kind="stable")
    all_sessions = firsts.index.tolist()
    sizes = df.groupby("session_label").size()
    keep, used = [], 0
    for s in all_sessions:
        if used + sizes[s] > max_talks and keep:
            break
        keep.append(s)
        used += int(sizes[s])
    df = df[df["session_label"].isin(keep)].sort_values(["start", "end", "paper_id"], kind="stable")
    notes = []
    total_talks = int(sizes.sum())
    if len(df) > max_talks:
        df = df.head(max_talks)
        notes.append(f"showing the first {max_talks:,} talks of {sizes[keep[0]]:,} in this session (max_talks)")
    if len(keep) < len(all_sessions):
        notes.append(
            f"showing {len(keep):,} of {len(all_sessions):,} sessions ({len(df):,} of {total_talks:,} talks);"
            " pass sessions=[...] or a larger max_talks"
        )
    df["local_start"] = [t.tz_convert(z) for t, z in zip(df["start"], df["zone"])]
    df["local_end"] = [t.tz_convert(z) for t, z in zip(df["end"], df["zone"])]

    # Titles and authors.
    if papers is not None:
        cols = [c for c in ("paper_id", "title", "tldr", "abstract", "authors") if c in papers.columns]
        info = papers[cols].drop_duplicates("paper_id")
        merged = df[["paper_id"]].merge(info, on="paper_id", how="left")
        titles = _display_titles(merged, limit=120)
        authors = _authors_short(merged["authors"] if "authors" in merged else [None] * len(merged), limit=6)
    else:
        titles = [f"[untitled] {p}" for p in df["paper_id"]]
        authors = [""] * len(df)
        notes.append("pass papers= (or a Catalog) for titles and authors")

    # Overlaps within each session.
    overlaps = np.zeros(len(df), dtype=np.int64)
    starts = df["start"].to_numpy()
    ends = df["end"].to_numpy()
    labels_arr = df["session_label"].to_numpy()
    for s in keep:
        idx = np.flatnonzero(labels_arr == s)
        if len(idx) > 1:
            a, b = starts[idx], ends[idx]
            ov = (a[:, None] < b[None, :]) & (b[:, None] > a[None, :])
            overlaps[idx] = ov.sum(axis=1) - 1

    def clock(t) -> str:
        return t.strftime("%H:%M")

    rows = []
    seen: dict[str, int] = {}
    for (_, r), title, who, ov in zip(df.iterrows(), titles, authors, overlaps):
        s, e = r["local_start"], r["local_end"]
        row = f"{clock(s)}  {_truncate(title, 58)}"
        seen[row] = seen.get(row, 0) + 1
        if seen[row] > 1:
            row = f"{row} ({seen[row]})"
        presentation = r["presentation"] if isinstance(r["presentation"], str) and r["presentation"] else UNKNOWN
        when = f"{s.strftime('%a %-d %b')} {clock(s)}–{clock(e)} {s.strftime('%Z')}"
        rows.append(
            {
                "session_label": r["session_label"],
                "row": row,
                "start": s.strftime("%Y-%m-%dT%H:%M:%S") + "Z",  # wall clock, read on a UTC scale
                "end": e.strftime("%Y-%m-%dT%H:%M:%S") + "Z",
                "presentation": presentation,
                "title": title,
                "authors": who,
                "when": when,
                "time_zone": r["zone"],
                "overlaps": int(ov),
                "paper_id": str(r["paper_id"]),
            }
        )
    data = pd.DataFrame(rows)
    # Panel headers: the session, its local day and the zone's abbreviation.
    headers = {}
    for label, part in df.groupby("session_label", sort=False):
        first = min(part["local_start"], key=lambda t: t.value)
        day = first.strftime("%a %-d %b %Y")
        headers[label] = f"{label} ({first.strftime('%Z')})" if label.endswith(day) else f"{label} · {day} ({first.strftime('%Z')})"
    data["session_label"] = data["session_label"].map(headers)
    keep = [headers[k] for k in keep]
    pres = [p for p in _PRESENTATION_ORDER if p in set(data["presentation"])]
    pres += sorted(set(data["presentation"]) - set(_PRESENTATION_ORDER) - {UNKNOWN})
    pres += [UNKNOWN] if UNKNOWN in set(data["presentation"]) else []
    zones_used = sorted(set(data["time_zone"]))
    if zone is not None:
        zone_note = f"times in {zone.key}"
    elif len(zones_used) <= 2:
        zone_note = f"times in each venue's own zone ({', '.join(zones_used)})"
    else:
        zone_note = f"times in each venue's own zone ({len(zones_used)} zones)"
    subtitle = [f"{len(data):,} talks in {len(keep):,} session(s) · {zone_note} · one row per talk, so overlaps show side by side"] + notes
    if no_time:
        subtitle.append(f"{no_time:,} talks without a start time left out")

    base = (
        alt.Chart()
        .mark_bar(cornerRadius=2, height={"band": 0.75})
        .encode(
            x=alt.X("start:T", title="Local time (zone in the panel title)", scale=alt.Scale(type="utc"), axis=alt.Axis(format="%H:%M", labelFlush=False)),
            x2="end:T",
            y=alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=380)),
            color=alt.Color("presentation:N", title="Presentation", sort=pres,
                            scale=alt.Scale(domain=pres, range=[PRESENTATION_COLORS.get(p, "#8c6d9c") for p in pres])),
            tooltip=[
                alt.Tooltip("title:N", title="Title"),
                alt.Tooltip("authors:N", title="Authors"),
                alt.Tooltip("when:N", title="When"),
                alt.Tooltip("presentation:N", title="Presentation"),
                alt.Tooltip("session_label:N", title="Session"),
                alt.Tooltip("overlaps:Q", title="Overlapping talks"),
                alt.Tooltip("paper_id:N", title="Paper id"),
            ],
        )
        .properties(width=360, height=alt.Step(18))
    )
    chart = (
        base.facet(
            data=_data(data),
            row=alt.Row("session_label:N", sort=keep, title=None,
                        header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontWeight="bold")),
        )
        .resolve_scale(x="independent", y="independent")
        .resolve_axis(x="independent")
        .properties(title=_title(alt, "Talk schedule", subtitle), spacing=14)
    )
    return _themed(chart)


# --------------------------------------------------------------------------- topic map


def topic_layout(papers, *, n_clusters: int | None = None, random_state: int = 0, max_points: int = TOPIC_MAP_MAX_POINTS) -> pd.DataFrame:
    """2-D positions and topic clusters of papers from their text.

    TF-IDF of title + tl;dr + abstract, reduced with TruncatedSVD (LSA),
    clustered with KMeans and laid out with t-SNE, all seeded with
    ``random_state``: the same papers give the same layout. Above
    ``max_points`` papers a seeded random sample of ``max_points`` is laid
    out (t-SNE time grows faster than linearly). Papers without any text are
    left out.

    Parameters
    ----------
    papers : DataFrame or Catalog
    n_clusters : int, optional
        Number of topics (1-20). Default: about one per 150 papers, 2-10.
    random_state : int
        Seed for sampling, SVD, KMeans and t-SNE.
    max_points : int
        Lay out at most this many papers (at most 5,000, Altair's row limit).

    Returns
    -------
    DataFrame
        ``paper_id``, ``x``, ``y``, ``cluster`` (1 = biggest), ``topic``
        (cluster number and top terms), ``title`` (or a marked stand-in),
        ``venue_year``, ``authors``; ``attrs`` holds ``n_papers`` (input),
        ``n_without_text``, ``sampled`` (bool) and ``method``. Filter it with
        a :data:`TOPIC_SELECTION` brush value: ``layout[layout.x.between(*v["x"])
        & layout.y.between(*v["y"])]``.

    Examples
    --------
    >>> import confexplore as cx
    >>> layout = cx.charts.topic_layout(cx.load_catalog().papers)
    >>> sorted(layout.columns)[:3]
    ['authors', 'cluster', 'paper_id']
    """
    papers = _papers_of(papers)
    _require(papers, ["paper_id"], "papers")
    if not ({"title", "tldr", "abstract"} & set(papers.columns)):
        raise ValueError("papers needs at least one text column: 'title', 'tldr' or 'abstract'")
    max_points = _positive_int(max_points, "max_points", maximum=_ALTAIR_MAX_ROWS)
    if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)):
        raise ValueError(f"random_state must be an integer seed; got {random_state!r}")
    if n_clusters is not None:
        n_clusters = _positive_int(n_clusters, "n_clusters", maximum=20)

    text = _paper_text(papers)
    has_text = text.str.len().fillna(0).to_numpy() > 0
    work = papers[has_text]
    text = text[has_text]
    n_total = len(work)
    sampled = n_total > max_points
    if sampled:
        rng = np.random.default_rng(random_state)
        pick = np.sort(rng.choice(n_total, size=max_points, replace=False))
        work = work.iloc[pick]
        text = text.iloc[pick]
    n = len(work)
    cols = ["paper_id", "x", "y", "cluster", "topic", "title", "venue_year", "authors"]
    if n == 0:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        out.attrs.update(n_papers=len(papers), n_without_text=int((~has_text).sum()), sampled=False, method="none")
        return out

    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
    from sklearn.preprocessing import normalize

    if n_clusters is None:
        n_clusters = int(np.clip(round(n / 150), 2, 10))
    n_clusters = max(1, min(n_clusters, n))
    big = n >= 50
    vec = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | _ACADEMIC_STOP_WORDS),
        token_pattern=_TOKEN_PATTERN,
        min_df=2 if big else 1,
        max_df=0.5 if big else 1.0,
        sublinear_tf=True,
        dtype=np.float64,
    )
    try:
        X = vec.fit_transform(_analysis_text(text).tolist())
    except ValueError:  # nothing but stop words
        vec = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", dtype=np.float64)
        X = vec.fit_transform(text.tolist())
    vocab = vec.get_feature_names_out()
    k = min(50, X.shape[1] - 1, n - 1)
    if k >= 2:
        Z = TruncatedSVD(n_components=k, random_state=random_state).fit_transform(X)
        Z = normalize(Z)
    else:
        Z = normalize(X.toarray())
    from threadpoolctl import threadpool_limits  # a scikit-learn dependency

    if n_clusters > 1:
        with threadpool_limits(limits=1, user_api="openmp"):
            labels = KMeans(n_clusters=n_clusters, n_init=4, random_state=random_state).fit_predict(Z)
    else:
        labels = np.zeros(n, dtype=int)
    if n >= 20:
        from sklearn.manifold import TSNE

        perplexity = float(min(30.0, max(5.0, (n - 1) / 4)))
        tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=random_state, max_iter=500)
        # One OpenMP thread: the result is the same, and on a busy or shared
        # machine (Binder) two spinning threads made it 5-10x slower.
        with threadpool_limits(limits=1, user_api="openmp"):
            xy = tsne.fit_transform(Z)
        method = "t-SNE"
    else:
        xy = np.zeros((n, 2))
        xy[:, : min(2, Z.shape[1])] = Z[:, : min(2, Z.shape[1])]
        method = "SVD"

    # Renumber clusters by size (1 = biggest) and name them by their top terms.
    sizes = np.bincount(labels, minlength=n_clusters)
    rank = {old: new + 1 for new, old in enumerate(sorted(range(n_clusters), key=lambda c: (-sizes[c], c)))}
    cluster = np.array([rank[c] for c in labels])
    overall = np.asarray(X.mean(axis=0)).ravel()
    names = {}
    for c in range(1, n_clusters + 1):
        rows = cluster == c
        mean = np.asarray(X[rows].mean(axis=0)).ravel()
        score = mean - overall if n_clusters > 1 else mean
        top: list[str] = []
        for j in np.lexsort((vocab, -score))[:30]:
            term = str(vocab[j])
            if score[j] <= 0 or len(top) == 3:
                break
            if any(term.startswith(t[:5]) or t.startswith(term[:5]) for t in top):
                continue  # "graphs" adds nothing next to "graph"
            top.append(term)
        names[c] = f"{c}: " + (", ".join(top) if top else "misc")
    vy = _venue_year(work)
    out = pd.DataFrame(
        {
            "paper_id": work["paper_id"].astype(str).to_numpy(),
            "x": np.round(xy[:, 0], 3),
            "y": np.round(xy[:, 1], 3),
            "cluster": cluster.astype("int64"),
            "topic": [names[c] for c in cluster],
            "title": _display_titles(work, limit=120),
            "venue_year": vy["venue_year"].astype(str).to_numpy(),
            "authors": _authors_short(work["authors"] if "authors" in work else [None] * n),
        }
    )
    out.attrs.update(n_papers=len(papers), n_without_text=int((~has_text).sum()), sampled=sampled, method=method)
    return out


def topic_map(papers, *, n_clusters: int | None = None, random_state: int = 0, max_points: int = TOPIC_MAP_MAX_POINTS):
    """Every paper as a point in 2-D from its text, coloured by topic cluster.

    Layout from :func:`topic_layout` (TF-IDF → TruncatedSVD → t-SNE, KMeans
    clusters named by their top terms, all seeded: two calls give the same
    chart). Each cluster's name is written at its centre; tooltips give the
    title (or the tl;dr, marked, where there is none). Drag to brush
    (:data:`TOPIC_SELECTION`, fields ``x``/``y``) or click a legend entry
    (:data:`TOPIC_LEGEND_SELECTION`, field ``topic``). Above ``max_points``
    papers a seeded random sample is drawn and the subtitle says so.

    Parameters
    ----------
    papers : DataFrame or Catalog
    n_clusters : int, optional
        Number of topics (1-20); default about one per 150 papers, 2-10.
    random_state : int
        Seed for every random step.
    max_points : int
        Most papers laid out (default :data:`TOPIC_MAP_MAX_POINTS`, at most 5,000).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import confexplore as cx
    >>> chart = cx.charts.topic_map(cx.load_catalog().papers, n_clusters=8)
    """
    alt = _alt()
    layout = topic_layout(papers, n_clusters=n_clusters, random_state=random_state, max_points=max_points)
    if len(layout) == 0:
        return _empty_chart("Topic map", "No paper has a title, tl;dr or abstract to place.")
    attrs = layout.attrs
    topics = [t for _, t in sorted(set(zip(layout["cluster"], layout["topic"])))]
    # Name each cluster at its densest spot (the point with most same-cluster
    # neighbours nearby), not its mean, which may fall between two blobs.
    span = max(float(layout["x"].max() - layout["x"].min()), float(layout["y"].max() - layout["y"].min()), 1e-9)
    spots = []
    for (c, topic), part in layout.groupby(["cluster", "topic"], sort=True):
        pts = part[["x", "y"]].to_numpy(dtype=float)
        if len(pts) > 1500:  # bound the O(n^2) distance matrix
            pts = pts[np.linspace(0, len(pts) - 1, 1500).astype(int)]
        d2 = ((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=2)
        best = pts[int(np.argmax((d2 < (0.06 * span) ** 2).sum(axis=1)))]
        spots.append({"cluster": int(c), "topic": topic, "x": round(float(best[0]), 3), "y": round(float(best[1]), 3)})
    centres = pd.DataFrame(spots)
    centres["name"] = [", ".join(t.split(": ", 1)[1].split(", ")[:2]) for t in centres["topic"]]
    brush = alt.selection_interval(name=TOPIC_SELECTION, encodings=["x", "y"])
    pick = alt.selection_point(name=TOPIC_LEGEND_SELECTION, fields=["topic"], bind="legend")
    scheme = "tableau10" if len(topics) <= 10 else "tableau20"
    pad_x = (layout["x"].max() - layout["x"].min()) * 0.04 + 1e-3
    pad_y = (layout["y"].max() - layout["y"].min()) * 0.04 + 1e-3
    xs = alt.Scale(domain=[float(layout["x"].min() - pad_x), float(layout["x"].max() + pad_x)], nice=False, zero=False)
    ys = alt.Scale(domain=[float(layout["y"].min() - pad_y), float(layout["y"].max() + pad_y)], nice=False, zero=False)
    axis_x = alt.Axis(labels=False, ticks=False, grid=False, domain=True)
    width, height = 560, 440
    label_x, label_y = _declutter(
        centres["x"].to_numpy(), centres["y"].to_numpy(), centres["name"].tolist(), align=["center"] * len(centres),
        xdom=xs.domain, ydom=ys.domain, width=width, height=height, font_px=13,
    )
    centres["x"], centres["y"] = np.round(label_x, 3), np.round(label_y, 3)
    points = (
        alt.Chart(_data(layout))
        .mark_circle(size=28, stroke="white", strokeWidth=0.3)
        .encode(
            x=alt.X("x:Q", title=f"{attrs['method']} dimension 1", scale=xs, axis=axis_x),
            y=alt.Y("y:Q", title=f"{attrs['method']} dimension 2", scale=ys, axis=axis_x),
            color=alt.Color("topic:N", title="Topic (top terms)", sort=topics,
                            scale=alt.Scale(domain=topics, scheme=scheme), legend=alt.Legend(symbolType="circle")),
            opacity=alt.condition(brush & pick, alt.value(0.85), alt.value(0.12)),
            tooltip=[
                alt.Tooltip("title:N", title="Title"),
                alt.Tooltip("authors:N", title="Authors"),
                alt.Tooltip("venue_year:N", title="Venue and year"),
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("paper_id:N", title="Paper id"),
            ],
        )
        .add_params(brush, pick)
    )
    halo = (
        alt.Chart(_data(centres))
        .mark_text(fontSize=12, fontWeight="bold", stroke="white", strokeWidth=4, strokeOpacity=0.9)
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text=alt.Text("name:N"))
    )
    names = (
        alt.Chart(_data(centres))
        .mark_text(fontSize=12, fontWeight="bold", color="#222222")
        .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text=alt.Text("name:N"))
    )
    shown = len(layout)
    first = f"{shown:,} papers · {len(topics)} topics (TF-IDF → SVD → {attrs['method']}, KMeans; seed {random_state})"
    subtitle = [first, "drag to select an area · click a legend entry to pick a topic"]
    if attrs["sampled"]:
        total = attrs["n_papers"] - attrs["n_without_text"]
        subtitle.insert(1, f"random sample of {shown:,} of {total:,} papers (max_points={max_points:,})")
    if attrs["n_without_text"]:
        subtitle.insert(1, f"{attrs['n_without_text']:,} papers without any text left out")
    chart = alt.layer(points, halo, names).properties(
        title=_title(alt, "Topic map", subtitle), width=width, height=height
    )
    return _themed(chart)


# --------------------------------------------------------------------------- coauthors


def _resolve_author(author: str, names: pd.Series) -> str:
    """Turn a typed name into an author_key, or raise with close names.

    ``names`` maps every author_key of the catalog to its usual spelling.
    """
    if not isinstance(author, str) or not author.strip():
        raise ValueError(f"author must be a non-empty name such as 'Sergey Levine'; got {author!r}")
    key = _fold(author)
    known = set(names.index)
    if key in known:
        return key
    tokens = set(key.split())
    if tokens:
        partial = sorted(k for k in known if tokens <= set(k.split()))
        if len(partial) == 1:
            return partial[0]
        if len(partial) > 1:
            shown = ", ".join(repr(names.get(k, k)) for k in partial[:8])
            more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
            raise ValueError(f"{author!r} matches {len(partial)} authors: {shown}{more}; pass the full name")
    from rapidfuzz import fuzz, process, utils

    choices = {k: names.get(k, k) for k in known}
    close = process.extract(key, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=3)
    hint = ", ".join(repr(c[0]) for c in close)
    raise ValueError(f"no author {author!r} in the catalog" + (f"; did you mean {hint}?" if hint else ""))


def coauthors(catalog, author: str, *, max_coauthors: int = 30, random_state: int = 0):
    """Ego network of one author: their co-authors and who wrote with whom.

    The name is matched through ``author_key`` (case and accents folded);
    a surname alone works when it is unique. Lines join people who wrote
    papers together, thicker for more joint papers; circles are sized by
    joint papers with the author. The layout is networkx's spring layout with
    a fixed seed, the author at the centre.

    Parameters
    ----------
    catalog : Catalog or DataFrame
        A catalog (its authorships and papers) or an authorships frame.
    author : str
        The author's name, e.g. ``"Sergey Levine"`` or ``"levine"``.
    max_coauthors : int
        Keep at most this many co-authors, those with the most joint papers
        (the subtitle says when some were left out).
    random_state : int
        Seed of the layout.

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    ValueError
        If the name matches nobody (with close names suggested) or several
        people.

    Examples
    --------
    >>> import confexplore as cx
    >>> chart = cx.charts.coauthors(cx.load_catalog(), "Sergey Levine")
    """
    alt = _alt()
    max_coauthors = _positive_int(max_coauthors, "max_coauthors", maximum=300)
    auth, papers = _author_frames(catalog, None)
    if len(auth) == 0:
        raise ValueError("the catalog has no authorships")
    names = _spellings(auth)
    ego = _resolve_author(author, names)
    pairs = auth[["paper_id", "author_key"]].drop_duplicates()
    ego_papers = set(pairs.loc[pairs["author_key"] == ego, "paper_id"])
    on_ego = pairs[pairs["paper_id"].isin(ego_papers)]
    joint = on_ego[on_ego["author_key"] != ego].groupby("author_key").size()
    joint = joint.sort_values(ascending=False, kind="stable")
    joint = pd.Series(joint.to_numpy(), index=joint.index)
    order = sorted(joint.index, key=lambda k: (-joint[k], names.get(k, k)))
    n_all = len(order)
    kept = order[:max_coauthors]
    members = [ego] + kept
    member_set = set(members)

    # Edges among the ego network, weighted by joint papers anywhere in the catalog.
    sub = pairs[pairs["author_key"].isin(member_set)]
    pair_rows = sub.merge(sub, on="paper_id")
    pair_rows = pair_rows[pair_rows["author_key_x"] < pair_rows["author_key_y"]]
    weights = pair_rows.groupby(["author_key_x", "author_key_y"]).size()

    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(members)
    for (a, b), w in weights.items():
        G.add_edge(a, b, weight=int(w))
    if len(members) > 1:
        pos = nx.spring_layout(G, weight="weight", seed=random_state, pos={ego: (0.0, 0.0), **{
            k: (math.cos(2 * math.pi * i / len(kept)), math.sin(2 * math.pi * i / len(kept))) for i, k in enumerate(kept)}},
            fixed=[ego], iterations=100, k=1.2 / math.sqrt(len(members)))
    else:
        pos = {ego: (0.0, 0.0)}

    titles = {}
    if papers is not None and "paper_id" in papers:
        mine = papers[papers["paper_id"].isin(ego_papers)]
        titles = dict(zip(mine["paper_id"].astype(str), _display_titles(mine, limit=80)))
    ego_list = sorted(ego_papers)
    node_rows = []
    for k in members:
        x, y = (float(v) for v in pos[k])
        shared = ego_list if k == ego else sorted(set(pairs.loc[pairs["author_key"] == k, "paper_id"]) & ego_papers)
        sample = "; ".join(titles.get(str(p), str(p)) for p in shared[:3]) + (f"; + {len(shared) - 3} more" if len(shared) > 3 else "")
        node_rows.append(
            {
                "author_key": k,
                "name": names.get(k, k),
                "x": round(x, 4),
                "y": round(y, 4),
                "joint": int(len(ego_papers) if k == ego else joint[k]),
                "role": "author" if k == ego else "co-author",
                "papers_sample": sample,
            }
        )
    nodes = pd.DataFrame(node_rows)
    edge_rows = []
    for a, b, d in G.edges(data=True):
        edge_rows.append(
            {
                "x": round(float(pos[a][0]), 4), "y": round(float(pos[a][1]), 4),
                "x2": round(float(pos[b][0]), 4), "y2": round(float(pos[b][1]), 4),
                "weight": int(d["weight"]),
                "pair": f"{names.get(a, a)} – {names.get(b, b)}",
                "kind": "with the author" if ego in (a, b) else "between co-authors",
            }
        )
    edges = pd.DataFrame(edge_rows, columns=["x", "y", "x2", "y2", "weight", "pair", "kind"])

    width, height = 560, 440
    span_x = max(float(nodes["x"].abs().max()), 0.5)
    span_y = max(float(nodes["y"].abs().max()), 0.5)
    xdom, ydom = [-span_x * 1.55, span_x * 1.55], [-span_y * 1.12, span_y * 1.12]
    xs = alt.Scale(domain=xdom, nice=False)
    ys = alt.Scale(domain=ydom, nice=False)

    def X(field):
        return alt.X(f"{field}:Q", scale=xs, axis=None)

    def Y(field):
        return alt.Y(f"{field}:Q", scale=ys, axis=None)

    # Labels: beside each co-author, away from the centre; the author's above.
    nodes["align"] = np.where(nodes["role"] == "author", "center", np.where(nodes["x"] >= 0, "left", "right"))
    label_y = nodes["y"] + np.where(nodes["role"] == "author", (ydom[1] - ydom[0]) * 22 / height, 0.0)
    label_x, label_y = _declutter(
        nodes["x"].to_numpy(), label_y.to_numpy(), nodes["name"].tolist(), align=nodes["align"].tolist(),
        xdom=xdom, ydom=ydom, width=width, height=height, dx=9,
    )
    nodes["label_x"], nodes["label_y"] = np.round(label_x, 4), np.round(label_y, 4)
    max_w = int(edges["weight"].max()) if len(edges) else 1
    layers = []
    if len(edges):
        layers.append(
            alt.Chart(_data(edges))
            .mark_rule(strokeCap="round")
            .encode(
                x=X("x"), y=Y("y"), x2="x2:Q", y2="y2:Q",
                strokeWidth=alt.StrokeWidth("weight:Q", title="Joint papers", scale=alt.Scale(domain=[1, max(max_w, 2)], range=[1, 6]),
                                            legend=alt.Legend(tickMinStep=1, format="d", symbolType="stroke")),
                color=alt.Color("kind:N", title="Line", scale=alt.Scale(domain=["with the author", "between co-authors"], range=["#8fb0d6", "#dadada"]),
                                legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3)),
                order=alt.Order("weight:Q"),
                tooltip=[alt.Tooltip("pair:N", title="Co-authors"), alt.Tooltip("weight:Q", title="Joint papers")],
            )
        )
    layers.append(
        alt.Chart(_data(nodes[["author_key", "name", "x", "y", "joint", "role", "papers_sample"]]))
        .mark_circle(stroke="white", strokeWidth=1, opacity=1)
        .encode(
            x=X("x"), y=Y("y"),
            size=alt.Size("joint:Q", title="Joint papers", scale=alt.Scale(range=[50, 450]), legend=None),
            fill=alt.Fill("role:N", title="Node", scale=alt.Scale(domain=["author", "co-author"], range=["#c73e3a", "#3b75af"]),
                          legend=alt.Legend(symbolType="circle")),
            tooltip=[
                alt.Tooltip("name:N", title="Author"),
                alt.Tooltip("joint:Q", title="Joint papers (for the author: all)"),
                alt.Tooltip("papers_sample:N", title="Papers"),
            ],
        )
    )
    for align in ("left", "right", "center"):
        part = nodes.loc[nodes["align"] == align, ["name", "label_x", "label_y", "role"]]
        if not len(part):
            continue
        dx = {"left": 9, "right": -9, "center": 0}[align]
        bold = "bold" if align == "center" else "normal"
        size = 13 if align == "center" else 11
        for halo in (True, False):
            mark = alt.Chart(_data(part)).mark_text(
                align=align, dx=dx, baseline="middle", fontSize=size, fontWeight=bold,
                **({"stroke": "white", "strokeWidth": 3, "strokeOpacity": 0.85} if halo else {"color": "#222222"}),
            )
            layers.append(mark.encode(x=X("label_x"), y=Y("label_y"), text=alt.Text("name:N")))
    n_papers = len(ego_papers)
    subtitle = [f"{n_all:,} co-author(s) over {n_papers:,} paper(s) · line width: joint papers · layout: spring, seed {random_state}"]
    if n_all > len(kept):
        subtitle.append(f"showing the {len(kept):,} co-authors with most joint papers of {n_all:,} (max_coauthors)")
    chart = alt.layer(*layers).resolve_scale(color="independent").properties(
        title=_title(alt, f"Co-authors of {names.get(ego, author)}", subtitle), width=width, height=height
    )
    return _themed(chart)


# --------------------------------------------------------------------------- offline


def enable_offline(*, renderer: str = "jupyter") -> None:
    """Make charts display without internet (no CDN), e.g. in a firewalled lab.

    Altair's default renderer loads Vega from a CDN and shows "Error loading
    script" offline. This switches to a renderer that carries the JavaScript
    itself (taken from vl-convert). It is a global setting of the running
    kernel, so it is a separate, explicit call; the chart functions never
    change it.

    Parameters
    ----------
    renderer : {"jupyter", "html"}
        ``"jupyter"``: ``alt.JupyterChart`` widgets (selections reach
        Python; stores ~0.9 MB of widget state in a saved notebook, strip
        ``metadata.widgets`` before committing). ``"html"``: static HTML with
        the JavaScript inlined in every output (~0.9 MB per chart).

    Examples
    --------
    >>> import confexplore as cx
    >>> cx.charts.enable_offline()                    # doctest: +SKIP
    """
    alt = _alt()
    if renderer == "jupyter":
        alt.JupyterChart.enable_offline()
        alt.renderers.enable("jupyter", offline=True)
    elif renderer == "html":
        alt.renderers.enable("html", template="inline")
    else:
        raise ValueError(f"renderer must be 'jupyter' or 'html'; got {renderer!r}")

