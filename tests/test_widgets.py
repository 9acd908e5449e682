"""The explorer widgets without a browser: Python-side state against search/filter_papers, HTML, exports."""

from __future__ import annotations

import asyncio
import base64
import html
import io
import re
from html.parser import HTMLParser

import bibtexparser
import icalendar
import ipywidgets as W
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confexplore import widgets as cw
from confexplore.search import QueryError, filter_papers, search, similar

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def app(catalog):
    return cw.explore(catalog, offline=False)


def _select_point(app, **point):
    """Click a bar in Python: what the JupyterChart front end sends for a point selection."""
    jc = app.chart_panel.jupyter_chart
    name = app.chart_panel.selection_name
    jc._vl_selections = {name: {"value": {"vlPoint": {"or": [point]}}, "store": []}}


def _expected(papers, query="", filters=None, *, points=None):
    """What the explorer must show: search rows kept where filter_papers keeps them."""
    filters = filters or {}
    kept = filter_papers(papers, **filters)
    if query.strip():
        rows = search(papers, query)
        rows = rows[rows.index.isin(kept.index)]
    else:
        rows = kept
    if points:
        keep = np.zeros(len(rows), dtype=bool)
        for point in points:
            match = np.ones(len(rows), dtype=bool)
            for field, value in point.items():
                col = rows[field]
                match &= col.isna().to_numpy() if value is None else (col == value).fillna(False).to_numpy(dtype=bool)
            keep |= match
        rows = rows[keep]
    return rows


# --------------------------------------------------------------------------- state = search/filter


def test_initial_state_shows_every_paper(app, papers):
    assert app.query == "" and app.filters == {}
    assert app.count_text == f"{len(papers)} of {len(papers)} papers" == "992 of 992 papers"
    pdt.assert_frame_equal(app.results, papers)
    assert app.selected.empty and list(app.selected.columns) == list(papers.columns)
    assert isinstance(app, W.VBox) and "cx-explorer" in app._dom_classes


@pytest.mark.parametrize(
    "query",
    ['"neural ordinary differential equations"', "graph networks", "author:levine",
     "venue:iclr year:2021 type:oral", "adversarial -robustness", "the"],
)
def test_query_results_equal_search(app, papers, query):
    app.query = query
    expected = search(papers, query)
    pdt.assert_frame_equal(app.results, expected)
    assert app.count_text == f"{len(expected)} of 992 papers"
    assert app.search_box.text.value == query


@pytest.mark.parametrize(
    "filters",
    [{"venue": "ICLR"}, {"venue": ["ICLR", "NeurIPS"]}, {"year": (2019, 2021)}, {"year": [2018, 2021]},
     {"year": 2021, "presentation": "Oral"}, {"author": "Poczos"}, {"has_tldr": True}, {"has_tldr": False},
     {"session": "track 2"}, {"venue": "neurips", "year": "2018.."}],
)
def test_filter_results_equal_filter_papers(app, papers, filters):
    app.filters = filters
    expected = filter_papers(papers, **filters)
    pdt.assert_frame_equal(app.results, expected)
    assert app.count_text == f"{len(expected)} of 992 papers"


def test_query_and_filters_combine_in_search_order(app, papers):
    app.query = "learning"
    app.filters = {"venue": "ICLR", "year": 2019, "presentation": "Oral"}
    expected = _expected(papers, "learning", app.filters)
    assert 0 < len(expected) < 24
    pdt.assert_frame_equal(app.results, expected)
    assert app.results["score"].is_monotonic_decreasing
    app.query = ""  # back to filter order
    pdt.assert_frame_equal(app.results, filter_papers(papers, venue="ICLR", year=2019, presentation="Oral"))


@pytest.mark.parametrize("query, filters", [
    ("learning", {"venue": "ICLR", "year": 2021}),
    ("author:levine", {"presentation": "Oral"}),
    ("policy", {"has_tldr": True}),
])
def test_rank_within_filters_equals_search_of_filtered_papers(catalog, papers, query, filters):
    app = cw.explore(catalog, offline=False, rank_within="filters", query=query, filters=filters)
    pdt.assert_frame_equal(app.results, search(filter_papers(papers, **filters), query))
    default = cw.explore(catalog, offline=False, query=query, filters=filters)  # the same papers
    assert set(default.results["paper_id"]) == set(app.results["paper_id"])
    app.filters = {}  # no filters: the catalog ranking
    pdt.assert_frame_equal(app.results, search(papers, query))
    with pytest.raises(ValueError, match="rank_within must be"):
        cw.explore(catalog, offline=False, rank_within="subset")


def test_bad_query_and_filters_raise_and_keep_state(app):
    app.query = "graph"
    before = app.results
    with pytest.raises(QueryError, match="unknown field"):
        app.query = "colour:red"
    with pytest.raises(ValueError, match="venue must be one of"):
        app.filters = {"venue": "iclr2019"}
    with pytest.raises(ValueError, match="unknown filter 'venu'.*filter_papers"):
        app.filters = {"venu": "ICLR"}
    assert app.query == "graph" and app.filters == {}
    pdt.assert_frame_equal(app.results, before)


def test_filters_drop_none_values(app):
    app.filters = {"venue": None, "author": "  ", "year": 2019}
    assert app.filters == {"year": 2019}


# --------------------------------------------------------------------------- the controls


def test_search_box_runs_query_and_shows_errors_escaped(app, papers):
    box = app.search_box
    assert box.text.continuous_update is False  # runs on Enter/blur, not per keystroke
    box.text.value = "diffusion"  # what Enter sends
    assert app.query == "diffusion"
    pdt.assert_frame_equal(app.results, search(papers, "diffusion"))
    box.text.value = "colour:<b>red</b>"
    assert app.query == "diffusion"  # unchanged
    assert "cx-error" in box.message.value and "colour:&lt;b&gt;red" in box.message.value and "<b>" not in box.message.value
    box.clear_button.click()
    assert app.query == "" and box.text.value == "" and box.message.value == ""
    assert app.count_text == "992 of 992 papers"
    box.help_button.value = True
    assert box.help.layout.display is None and "author:bengio" in box.help.value


def test_empty_result_offers_venue_and_year_words_as_filters(app, papers):
    box, offer = app.search_box, app.suggestion_box
    assert offer.layout.display == "none" and app.suggestion is None
    box.text.value = "iclr 2021 oral"  # words of no abstract: nothing matches
    assert app.count_text == "0 of 992 papers"
    assert offer.layout.display is None and app.results_view.empty.layout.display is None
    assert app.suggestion == app.suggestion_button.description == "venue:iclr year:2021 type:oral"
    app.suggestion_button.click()
    assert box.text.value == app.query == "venue:iclr year:2021 type:oral"
    pdt.assert_frame_equal(app.results, search(papers, "venue:iclr year:2021 type:oral"))
    assert len(app.results) == 5 and offer.layout.display == "none" and app.suggestion is None
    box.text.value = "zzzqqq neurips"  # a suggestion that finds nothing is not offered
    assert app.count_text == "0 of 992 papers" and app.suggestion is None and offer.layout.display == "none"
    box.text.value = "tranformer"  # a misspelt word: the closest word the papers have
    assert app.suggestion == "transformer" and offer.layout.display is None
    box.text.value = "neurips 2018"  # nothing as words; the suggestion finds the 14 session papers
    assert app.suggestion == "venue:neurips year:2018" and offer.layout.display is None
    box.text.value = "neurips 2018 year:20x"  # malformed: the error shows, not the last query's offer
    assert "cx-error" in box.message.value and app.query == "neurips 2018" and offer.layout.display == "none"
    app.filters = {"venue": "NeurIPS"}  # a refresh while the error shows: the offer still waits
    assert "cx-error" in box.message.value and offer.layout.display == "none"
    app.filters = {}
    box.text.value = "neurips 2018"  # valid again: the same query, the offer is back
    assert box.message.value == "" and app.suggestion == "venue:neurips year:2018" and offer.layout.display is None
    app.filters = {"venue": "ICLR"}  # the suggestion would find no ICLR paper: not offered
    assert app.count_text == "0 of 992 papers" and app.suggestion is None and offer.layout.display == "none"
    box.text.value = "iclr 2021 oral"
    assert app.suggestion == "venue:iclr year:2021 type:oral"
    app.filters = {"venue": "ICLR", "presentation": "Spotlight"}
    assert app.suggestion is None and offer.layout.display == "none"
    app.filters = {"venue": "ICLR"}
    box.text.value = "diffusion"  # a query that finds papers offers nothing
    assert len(app.results) and offer.layout.display == "none"


def test_filter_panel_controls_and_filters_follow_each_other(app, papers):
    panel = app.filter_panel
    labels = [label for label, _ in panel.venue.options]
    assert labels == ["All venues", "ICLR (978)", "NeurIPS (14)"]
    panel.venue.value = "NeurIPS"
    assert app.filters == {"venue": "NeurIPS"} and app.count_text == "14 of 992 papers"
    panel.year.value = (2019, 2021)
    assert app.filters == {"venue": "NeurIPS", "year": (2019, 2021)} and app.count_text == "0 of 992 papers"
    panel.venue.value = ""
    panel.author.value = "Levine"
    panel.has_tldr.value = True
    expected = filter_papers(papers, year=(2019, 2021), author="Levine", has_tldr=True)
    pdt.assert_frame_equal(app.results, expected)
    panel.reset_button.click()
    assert app.filters == {} and panel.year.value == (2018, 2021) and panel.venue.value == "" and panel.author.value == ""
    # from code to the controls
    app.filters = {"venue": "ICLR", "year": 2019, "presentation": "Oral"}
    assert (panel.venue.value, panel.year.value, panel.presentation.value) == ("ICLR", (2019, 2019), "Oral")
    app.filters = {"venue": ["ICLR", "NeurIPS"], "year": [2018, 2021]}
    assert panel.venue.value == ("ICLR", "NeurIPS")
    assert "year: [2018, 2021]" in panel.message.value  # shown as a note: a slider cannot show it
    panel.has_tldr.value = False  # touching another control keeps the year list
    assert app.filters == {"venue": ("ICLR", "NeurIPS"), "year": [2018, 2021], "has_tldr": False}
    pdt.assert_frame_equal(app.results, filter_papers(papers, venue=["ICLR", "NeurIPS"], year=[2018, 2021], has_tldr=False))


def test_author_suggestions_come_from_author_keys(catalog):
    panel = cw.FilterPanel(catalog.papers, authorships=catalog.authorships)
    options = list(panel.author.options)
    keys = catalog.authorships["author_key"]
    assert len(options) == keys.nunique() == len(set(options))
    from confexplore.text import fold_key

    assert len({fold_key(o) for o in options}) == len(options)  # one spelling per person
    per_key = catalog.authorships.groupby("author_key")["paper_id"].nunique()
    assert fold_key(options[0]) == per_key.idxmax()  # most prolific first
    # without authorships: keys folded from the papers' author lists
    alone = cw.FilterPanel(catalog.papers)
    assert len(alone.author.options) == keys.nunique()


# --------------------------------------------------------------------------- the chart


def test_chart_selection_narrows_results(app, papers):
    app.filters = {"venue": "NeurIPS"}
    _select_point(app, venue="NeurIPS", year=2018, presentation="Spotlight")
    assert app.chart_selection == [{"venue": "NeurIPS", "year": 2018, "presentation": "Spotlight"}]
    expected = _expected(papers, filters={"venue": "NeurIPS"}, points=app.chart_selection)
    assert len(expected) == 12
    pdt.assert_frame_equal(app.results, expected)
    assert app.count_text == "12 of 992 papers"
    assert "narrowed by the chart selection" in app.results_view.count.value
    assert "NeurIPS · 2018 · Spotlight" in app.chart_panel.chip.value
    # a query on top keeps the selection while the chart stays the same
    app.chart_panel.clear_button.click()
    assert app.chart_selection == [] and app.count_text == "14 of 992 papers"


def test_chart_selection_with_missing_values_and_query(app, papers):
    app.query = "reinforcement"
    _select_point(app, venue="ICLR", year=2021, presentation=None)
    expected = _expected(papers, "reinforcement", points=[{"venue": "ICLR", "year": 2021, "presentation": None}])
    assert len(expected) > 0
    pdt.assert_frame_equal(app.results, expected)
    assert "unknown presentation" in app.chart_panel.chip.value


def _chart_data(app) -> pd.DataFrame:
    spec = app.chart_panel.jupyter_chart.spec
    rows = [r for values in spec["datasets"].values() for r in values if "papers" in r]
    return pd.DataFrame(rows)


def test_filters_redraw_the_chart_and_clear_its_selection(app, papers):
    data = _chart_data(app)
    assert data["papers"].sum() == len(papers)
    _select_point(app, venue="ICLR", year=2019, presentation="Oral")
    assert app.count_text == "24 of 992 papers"
    revision = app.chart_panel.jupyter_chart.spec["usermeta"]["confexplore"]["revision"]
    app.filters = {"venue": "NeurIPS"}
    assert app.chart_selection == []  # its bars are gone
    assert app.count_text == "14 of 992 papers"
    data = _chart_data(app)
    assert set(data["venue"]) == {"NeurIPS"} and data["papers"].sum() == 14
    assert app.chart_panel.jupyter_chart.spec["usermeta"]["confexplore"]["revision"] > revision
    # the query redraws it too
    app.query = "policy"
    assert _chart_data(app)["papers"].sum() == len(_expected(papers, "policy", {"venue": "NeurIPS"}))
    # sorting and paging do not
    spec = app.chart_panel.jupyter_chart.spec
    app.sort = "title"
    assert app.chart_panel.jupyter_chart.spec is spec


def test_chart_by_menu_redraws(app):
    app.chart_panel.by_menu.value = "presentation"
    data = _chart_data(app)
    assert "presentation" in data.columns and "venue" not in data.columns
    _select_point(app, presentation="Oral")
    assert app.count_text == "31 of 992 papers"


async def _loop_tick():
    await asyncio.sleep(0)
    await asyncio.sleep(0)


@pytest.mark.anyio
async def test_chart_redraw_waits_for_the_rows_in_a_running_loop(catalog, anyio_backend):
    app = cw.explore(catalog, offline=False)
    before = app.chart_panel.jupyter_chart.spec
    app.filters = {"venue": "NeurIPS"}
    assert app.count_text == "14 of 992 papers"  # rows at once
    assert app.chart_panel.jupyter_chart.spec is before  # chart queued on the loop
    await _loop_tick()
    assert _chart_data(app)["papers"].sum() == 14


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_search_box_debounce(anyio_backend):
    box = cw.SearchBox(debounce=0.05)
    assert box.text.continuous_update is True
    box.text.value = "gra"
    box.text.value = "graph"
    assert box.query == ""  # not on every keystroke
    await asyncio.sleep(0.2)
    assert box.query == "graph"
    with pytest.raises(ValueError, match="debounce must be"):
        cw.SearchBox(debounce=-1)


# --------------------------------------------------------------------------- rows, sort, pages


def test_sort_orders(app, papers):
    app.query = "learning"
    relevance = app.results
    app.sort = "title"
    by_title = relevance.assign(_k=relevance["title"].str.casefold().str.strip()).sort_values(
        "_k", kind="stable", na_position="last").drop(columns="_k")
    pdt.assert_frame_equal(app.results, by_title)
    app.sort = "year"
    pdt.assert_frame_equal(app.results, relevance.sort_values("year", ascending=False, kind="stable", na_position="last"))
    app.sort = "start"
    pdt.assert_frame_equal(app.results, relevance.sort_values("start", kind="stable", na_position="last"))
    assert app.results_view.sort_menu.value == "start"
    app.results_view.sort_menu.value = "relevance"
    pdt.assert_frame_equal(app.results, relevance)
    with pytest.raises(ValueError, match="sort must be one of"):
        app.sort = "date"


def _visible_rows(view):
    return [r for r in view._rows if r.box.layout.display != "none"]


def test_pages(catalog, papers):
    app = cw.explore(catalog, offline=False, page_size=5)
    view = app.results_view
    app.filters = {"venue": "NeurIPS"}  # 14 papers: pages of 5, 5, 4
    assert view.page_count == 3 and view.prev_button.disabled and not view.next_button.disabled
    titles = filter_papers(papers, venue="NeurIPS")["title"].tolist()
    shown = lambda: [re.search(r"</span>(.*?)</div>", r.body.value).group(1) for r in _visible_rows(view)]  # noqa: E731
    assert shown() == [html.escape(t) for t in titles[:5]]
    view.next_button.click()
    view.next_button.click()
    assert view.page == 2 and view.next_button.disabled
    assert shown() == [html.escape(t) for t in titles[10:]]
    assert "11–14 · page 3 of 3" in view.page_label.value
    assert '<span class="cx-num">11.</span>' in _visible_rows(view)[0].body.value
    app.query = "policy"  # new results start on page 1
    assert view.page == 0


def test_row_html_shows_fields_and_links(catalog, papers):
    app = cw.explore(catalog, offline=False)
    app.query = '"neural ordinary differential equations"'
    row = app.results_view._rows[0].body.value
    assert "Neural Ordinary Differential Equations" in row
    assert "NeurIPS · 2018 · Oral" in row
    assert "Tue 4 Dec 2018, " in row and "PST" in row and "Tue Track 2 -- Session 2" in row
    assert "<details><summary>Abstract</summary>" in row
    assert "matched: title" in row
    # links: paper url and code urls, http(s) only, opened safely
    with_code = papers[papers["code_urls"].map(len) > 0].iloc[0]
    app.query = ""
    app.filters = {}
    html_ = cw.row_html(with_code.to_dict())
    assert f'href="{html.escape(with_code["code_urls"][0])}"' in html_ and 'rel="noopener noreferrer"' in html_
    untitled = papers[papers["title"].isna() & papers["tldr"].notna()].iloc[0]
    assert cw.row_html(untitled.to_dict()).count("[tl;dr]") == 1


# --------------------------------------------------------------------------- escaping


def _hostile(papers: pd.DataFrame) -> pd.DataFrame:
    evil = papers.head(4).copy()
    evil["title"] = pd.array([SCRIPT + " Title", IMG, None, None], dtype="string")
    evil["abstract"] = pd.array([f"We bound $p<N$ and {IMG}", "<b>bold</b> & co", SCRIPT, None], dtype="string")
    evil["tldr"] = pd.array([None, None, f"{IMG} tl;dr", None], dtype="string")
    evil["authors"] = [[SCRIPT], [IMG, "Ada"], ['"><svg onload=alert(1)>'], []]
    evil["venue"] = pd.array(["<i>ICLR</i>", "ICLR", "ICLR", "ICLR"], dtype="string")
    evil["session"] = pd.array([IMG, None, None, None], dtype="string")
    evil["url"] = pd.array(["javascript:alert(1)", 'https://x.org/"onmouseover="alert(1)', "https://ok.org/a?b=1&c=2", None],
                           dtype="string")
    evil["code_urls"] = [["data:text/html,<script>alert(1)</script>"], [], ["https://github.com/a/b"], []]
    evil["sources"] = [[SCRIPT], [], [], []]
    evil["paper_id"] = pd.array([f"evil-{i}<b>" for i in range(4)], dtype="string")
    return evil


_ALLOWED_TAGS = {"div", "span", "details", "summary", "a", "b", "p", "br", "h3"}
_ALLOWED_ATTRS = {"class", "title", "href", "target", "rel", "role", "aria-live"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def _check_markup(fragment: str) -> str:
    """Assert *fragment* has only our own tags/attributes and http(s) links; return its text."""
    parser = _Tags()
    parser.feed(fragment)
    assert set(parser.tags) <= _ALLOWED_TAGS, parser.tags
    assert {name for name, _ in parser.attrs} <= _ALLOWED_ATTRS, parser.attrs
    for name, value in parser.attrs:
        if name == "href":
            assert re.match(r"https?://[^\s\"'<>]+$", value), value
    return "".join(parser.text)


def test_hostile_catalog_is_escaped_everywhere(papers, tmp_path):
    evil = _hostile(papers)
    app = cw.explore(evil, offline=False, export_dir=tmp_path)
    fragments = [r.body.value for r in _visible_rows(app.results_view)]
    assert len(fragments) == 4
    texts = [_check_markup(f) for f in fragments]
    assert SCRIPT + " Title" in texts[0] and "We bound $p<N$ and " + IMG in texts[0]
    assert IMG in texts[1] and "<b>bold</b> & co" in texts[1]
    assert "[tl;dr]" in texts[2] and IMG + " tl;dr" in texts[2]
    assert "[no title]" in texts[3]
    assert all("mathjax_ignore" in f for f in fragments)
    assert "javascript:" not in fragments[0] and "data:text/html" not in fragments[0]
    assert 'href="https://ok.org/a?b=1&amp;c=2"' in fragments[2]
    # the card, the similar list, the filter options, the chart chip, the header
    app.show_paper("evil-0<b>")
    _check_markup(app.paper_card.body.value)
    assert SCRIPT in _check_markup(app.paper_card.body.value)
    for _button, text, _box in app.paper_card._similar_rows:
        _check_markup(text.value)
    _select_point(app, venue="<i>ICLR</i>", year=2019, presentation="Poster")
    assert "&lt;i&gt;ICLR&lt;/i&gt;" in app.chart_panel.chip.value
    _check_markup(app.chart_panel.chip.value)
    _check_markup(app.results_view.count.value)
    assert "&lt;i&gt;ICLR&lt;/i&gt;" in app.children[1].value
    # an error message that quotes the query
    app.search_box.text.value = f"colour:{SCRIPT}"
    assert "<script>" not in app.search_box.message.value and "&lt;script&gt;" in app.search_box.message.value
    # export status: the file name is escaped too
    app.export_name.value = '<img src=x onerror=alert(1)>'
    app.tick(["evil-0<b>"])
    app.export_buttons["markdown"].click()
    status = app.export_status.value
    assert "<img" not in status and "&lt;img" in status


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=60), abstract=st.text(max_size=80), author=st.text(max_size=30),
       url=st.one_of(st.none(), st.text(max_size=40), st.just("https://a.org/x")))
def test_row_and_card_html_never_carry_markup(title, abstract, author, url):
    row = {"paper_id": "p1", "title": title or None, "abstract": abstract or None, "tldr": None,
           "authors": [author] if author else [], "venue": "ICLR", "year": 2021, "presentation": "Oral",
           "url": url, "code_urls": [url] if url else []}
    for fragment in (cw.row_html(row, number=1, matched="title"), cw.card_html(row)):
        text = _check_markup(fragment)
        for value in (title, abstract, author):
            clean = " ".join(value.split())
            if clean:
                assert clean in " ".join(text.split())


# --------------------------------------------------------------------------- card and ticks


def test_paper_card_with_more_like_this(app, papers):
    app.query = '"neural ordinary differential equations"'
    card = app.paper_card
    assert card.layout.display == "none"
    app.results_view._rows[0].details.click()
    pid = app.results["paper_id"].iloc[0]
    assert card.paper_id == pid and card.layout.display is None
    assert "Neural Ordinary Differential Equations" in card.body.value
    pdt.assert_frame_equal(card.similar_papers, similar(papers, pid, k=5))
    first_similar = card.similar_papers["paper_id"].iloc[0]
    card._similar_rows[0][0].click()  # "Show"
    assert card.paper_id == first_similar
    card.tick.value = True  # "in selection" on the card ticks the paper
    assert app.selected["paper_id"].tolist() == [first_similar]
    app.tick(first_similar, value=False)
    assert card.tick.value is False and app.selected.empty
    card.close_button.click()
    assert card.paper_id is None and card.layout.display == "none"


def test_ticks_survive_pages_and_queries(app, papers):
    app.query = "graph"
    rows = app.results_view._rows
    rows[0].tick.value = True
    rows[2].tick.value = True
    picked = [app.results["paper_id"].iloc[0], app.results["paper_id"].iloc[2]]
    app.query = "policy"
    app.results_view.tick_all()
    n_policy = len(search(papers, "policy"))
    assert len(app.selected) == len(set(picked) | set(search(papers, "policy")["paper_id"]))
    pdt.assert_frame_equal(app.selected, papers[papers["paper_id"].isin(set(picked) | set(search(papers, "policy")["paper_id"]))])
    assert f"<b>{len(app.selected)}</b> ticked" in app.results_view.selected_label.value
    assert app.results_view.tick_all_button.description == f"Tick all {n_policy}"
    app.results_view.untick_button.click()
    assert app.selected.empty and not any(r.tick.value for r in rows)


# --------------------------------------------------------------------------- exports


def test_exports_of_the_selection_parse_back(app, papers, tmp_path):
    talks = papers[papers["start"].notna()]
    picked = [talks["paper_id"].iloc[0], talks["paper_id"].iloc[1], papers["paper_id"].iloc[0]]
    app.tick(picked)
    selected = app.selected
    assert set(selected["paper_id"]) == set(picked)

    csv = app.export("csv", path=tmp_path / "sel.csv")
    back = pd.read_csv(io.StringIO(csv))
    assert back["paper_id"].tolist() == selected["paper_id"].tolist()
    assert (tmp_path / "sel.csv").read_text(encoding="utf-8") == csv
    assert "score" not in back.columns

    lib = bibtexparser.parse_string(app.export("bib"))
    assert lib.failed_blocks == [] and len(lib.entries) == 3
    titled = selected["title"].dropna().tolist()
    bib_titles = [e.fields_dict["title"].value for e in lib.entries]
    assert all(any(t in b for b in bib_titles) for t in titled)

    cal = icalendar.Calendar.from_ical(app.export("ics"))
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2  # the paper without a talk is left out
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert [s.astimezone(tz=None).timestamp() for s in starts] == sorted(
        t.timestamp() for t in talks["start"].iloc[:2])
    assert {z.tz_name for z in cal.timezones} <= set(talks["timezone"].dropna())

    md = app.export("md")
    assert md.startswith("# Reading list") and md.count("\n1. ") + md.count("\n2. ") + md.count("\n3. ") == 3


def test_export_buttons_write_files_and_download_links(catalog, papers, tmp_path):
    app = cw.explore(catalog, offline=False, export_dir=tmp_path)
    app.export_buttons["bibtex"].click()
    assert "nothing to export" in app.export_status.value  # nothing ticked yet
    app.query = '"neural ordinary differential equations"'
    app.export_scope.value = "results"
    for fmt, (ext, mime, _label) in cw.EXPORT_FORMATS.items():
        app.export_buttons[fmt].click()
        path = tmp_path / f"confexplore-selection{ext}"
        assert path.exists(), app.export_status.value
        status = app.export_status.value
        match = re.search(r'href="data:([^;]+);charset=utf-8;base64,([^"]+)"', status)
        assert match and match.group(1) == mime
        assert base64.b64decode(match.group(2)) == path.read_bytes()
        assert f"Wrote {len(app.results)} papers" in status
    # iCalendar of papers without talks: a message, no file
    app.query = "venue:iclr year:2019"
    app.export_name.value = "posters"
    app.export_buttons["ics"].click()
    assert "has a talk time" in app.export_status.value and not (tmp_path / "posters.ics").exists()
    with pytest.raises(ValueError, match="fmt must be one of"):
        app.export("pdf")
    with pytest.raises(ValueError, match="no paper is ticked"):
        app.export("csv")


# --------------------------------------------------------------------------- components, labels, input


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_every_control_has_a_label(app):
    controls = [w for w in _walk(app) if isinstance(w, (W.Text, W.Dropdown, W.Button, W.ToggleButton, W.Checkbox,
                                                          W.IntRangeSlider, W.Combobox))]
    assert len(controls) > 40
    for control in controls:
        assert (control.description or "").strip(), control
        assert (control.tooltip or "").strip() or isinstance(control, W.Button) and control.description, control


def test_components_work_alone(papers):
    hits = search(papers, "adversarial")
    view = cw.ResultsView(papers, results=hits, page_size=3)
    pdt.assert_frame_equal(view.results, hits)
    assert view.count_text == f"{len(hits)} of 992 papers"
    with pytest.raises(ValueError, match="must be rows of the papers"):
        view.results = hits.reset_index(drop=True).set_axis(range(10_000, 10_000 + len(hits)))
    panel = cw.FilterPanel(papers, filters={"venue": "ICLR"})
    assert panel.venue.value == "ICLR" and panel.filters == {"venue": "ICLR"}
    chart = cw.ChartPanel(papers, offline=False)
    assert chart.jupyter_chart.spec is not None and chart.selection == []
    card = cw.PaperCard(papers, paper_id=papers["paper_id"].iloc[0], k=3)
    assert len(card.similar_papers) == 3
    with pytest.raises(ValueError, match="is not in these papers"):
        card.paper_id = "nope"


def test_explore_takes_catalog_frame_subset_or_nothing(catalog, papers):
    half = cw.explore(papers.iloc[::2], offline=False, chart=False)
    assert half.count_text == "496 of 496 papers" and half.chart_panel is None
    dup = pd.concat([papers.head(3), papers.head(3)])  # a repeated index is renumbered
    assert cw.explore(dup, offline=False).count_text == "6 of 6 papers"
    with pytest.raises(ValueError, match="'paper_id' column"):
        cw.explore(papers.drop(columns="paper_id"), offline=False)
    with pytest.raises(TypeError, match="Catalog"):
        cw.explore([1, 2, 3])
    app = cw.explore(catalog, offline=False, query="graph", filters={"venue": "ICLR"}, sort="year", page_size=7)
    pdt.assert_frame_equal(app.results, _expected(papers, "graph", {"venue": "ICLR"}).sort_values(
        "year", ascending=False, kind="stable"))
    assert app.search_box.text.value == "graph" and app.filter_panel.venue.value == "ICLR"
    assert len(_visible_rows(app.results_view)) == 7


def test_offline_charts_carry_their_javascript(papers):
    import altair as alt

    panel = cw.ChartPanel(papers.head(50), offline=True)
    assert alt.JupyterChart._is_offline
    assert "https://esm.sh" not in panel.jupyter_chart._esm and len(panel.jupyter_chart._esm) > 100_000
