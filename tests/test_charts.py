"""Tests of confexplore.charts: specs, rendering, aggregates, selections, scale.

The aggregate tests recompute every number the charts show straight from the
bundled catalog (plain Python counting, not the chart code), and every chart
is rendered for real with vl-convert and its pixels inspected.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections import Counter, defaultdict
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from PIL import Image

from confexplore import charts
from confexplore.text import fold_key

# ---------------------------------------------------------------- helpers


def datasets(spec: dict) -> dict[str, list[dict]]:
    return spec.get("datasets", {})


def check_fields(spec: dict) -> list[str]:
    """Every encoded field, facet field and selection field exists in the data of its view.

    Returns the (view, field) pairs checked, so tests can also see that
    something was checked. Raises AssertionError naming a missing field.
    """
    data = datasets(spec)
    checked: list[str] = []

    def columns(node, inherited):
        d = node.get("data")
        if isinstance(d, dict) and "name" in d:
            rows = data[d["name"]]
            cols = set()
            for r in rows:
                cols.update(r)
            return cols
        if isinstance(d, dict) and "values" in d:
            cols = set()
            for r in d["values"]:
                cols.update(r)
            return cols
        return inherited

    def fields_of(defn):
        if isinstance(defn, list):
            for item in defn:
                yield from fields_of(item)
        elif isinstance(defn, dict):
            if "field" in defn and isinstance(defn["field"], str):
                yield defn["field"]
            if "condition" in defn:
                yield from fields_of(defn["condition"])

    def walk(node, inherited):
        assert "transform" not in node, "charts aggregate in pandas; no Vega-Lite transforms expected"
        cols = columns(node, inherited)
        for channel, defn in node.get("encoding", {}).items():
            for field in fields_of(defn):
                assert cols is not None, f"view encodes {field!r} but has no data"
                assert field in cols, f"{channel} encodes {field!r}, not among {sorted(cols)}"
                checked.append(field)
        for channel, defn in (node.get("facet") or {}).items():
            for field in fields_of(defn):
                assert field in cols, f"facet {channel} on {field!r}, not among {sorted(cols)}"
                checked.append(field)
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for child in node.get(key, []):
                walk(child, cols)
        if "spec" in node:
            walk(node["spec"], cols)

    walk(spec, None)
    # Selection fields must exist in every view they are bound to.
    for param in spec.get("params", []):
        for field in (param.get("select") or {}).get("fields", []):
            assert any(field in rows[0] for rows in data.values() if rows), f"selection field {field!r} is in no dataset"
    return checked


def unit_specs(spec: dict):
    yield spec
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            yield from unit_specs(child)
    if "spec" in spec:
        yield from unit_specs(spec["spec"])


def rows_with(spec: dict, *cols: str, several: bool = False) -> list[dict]:
    """The rows (as embedded) of the one dataset with all of ``cols``; or of all of them."""
    found = [rows for rows in datasets(spec).values() if rows and set(cols) <= set(rows[0])]
    if several:
        assert found, f"no dataset with {cols}"
        return [row for rows in found for row in rows]
    assert len(found) == 1, f"expected one dataset with {cols}, found {len(found)}"
    return found[0]


def dataset_with(spec: dict, *cols: str, several: bool = False) -> pd.DataFrame:
    return pd.DataFrame(rows_with(spec, *cols, several=several))


def render_png(chart) -> np.ndarray:
    png = vlc.vegalite_to_png(chart.to_dict(validate=True), scale=1)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def assert_not_blank(pixels: np.ndarray, *, min_inked: float = 0.01, min_coloured: float = 0.002) -> None:
    height, width, _ = pixels.shape
    assert width > 150 and height > 80, f"image is only {width}x{height}"
    gray = pixels.mean(axis=2)
    inked = (gray < 235).mean()
    coloured = (pixels.max(axis=2) - pixels.min(axis=2) > 60).mean()  # saturated marks, not just text
    assert gray.std() > 8, "image is (nearly) one flat colour"
    assert inked > min_inked, f"only {inked:.3%} of pixels are not white"
    assert coloured > min_coloured, f"only {coloured:.3%} of pixels are coloured: no marks drawn?"


def title_of(spec: dict) -> tuple[str, list[str]]:
    title = spec.get("title", {})
    if isinstance(title, str):
        return title, []
    sub = title.get("subtitle", [])
    return title.get("text", ""), [sub] if isinstance(sub, str) else list(sub)


# ---------------------------------------------------------------- fixtures


def _row(pid, title, authors, venue, year, presentation, *, tldr=None, abstract=None, session=None):
    return {
        "paper_id": pid,
        "title": title,
        "authors": authors,
        "n_authors": len(authors),
        "abstract": abstract,
        "tldr": tldr,
        "venue": venue,
        "year": year,
        "presentation": presentation,
        "session": session,
        "url": None,
        "code_urls": [],
        "sources": ["synthetic"],
    }


@pytest.fixture(scope="module")
def tiny():
    """A hand-made catalog with the contract's columns and the awkward cases."""
    rows = [
        _row("a", "Graph networks for molecules", ["Barnabás Póczos", "Ann Lee"], "ICLR", 2019, "Oral",
             abstract="We study graph neural networks on molecules. A graph is a set of nodes."),
        _row("b", "Adversarial robustness of graph models", ["Barnabas Poczos", "Bob Smith"], "ICLR", 2019, "Poster",
             abstract="Adversarial examples fool graph models; we defend them."),
        _row("c", None, ["barnabás póczos", "Ann Lee"], "ICLR", 2021, "Spotlight",
             tldr="We use transformers for graphs.", abstract="Transformers meet graphs in this work.", session="Oral Session 1"),
        _row("d", None, ["Chen Wei", "Ann Lee"], "ICLR", 2021, "Oral",
             abstract="Contrastive learning of visual representations with t-SNE plots and a transformer.", session="Oral Session 1"),
        _row("e", "</script><script>alert('x')</script> Attacks", ["Eve Mallory"], "NeurIPS", 2018, "Spotlight",
             abstract="Escaping <b>markup</b> in titles.", session="Tue Track 2"),
        _row("f", "Unscheduled work", ["Ann Lee"], "NeurIPS", 2018, None, abstract="Contrastive graph learning."),
    ]
    papers = pd.DataFrame(rows)
    papers["year"] = papers["year"].astype("Int64")
    papers["n_authors"] = papers["n_authors"].astype("Int64")
    for col in ("paper_id", "title", "abstract", "tldr", "venue", "presentation", "session", "url"):
        papers[col] = papers[col].astype("string")
    utc = "UTC"
    talk_rows = [
        # c and d overlap (d starts before c ends): both must stay visible.
        ("c", "ICLR", 2021, "Oral Session 1", "Spotlight", "2021-05-04 18:00", "2021-05-04 18:10", "America/Los_Angeles"),
        ("d", "ICLR", 2021, "Oral Session 1", "Oral", "2021-05-04 18:05", "2021-05-04 18:20", "America/Los_Angeles"),
        ("e", "NeurIPS", 2018, "Tue Track 2", "Spotlight", "2018-12-04 20:30", "2018-12-04 20:35", "America/Los_Angeles"),
    ]
    talks = pd.DataFrame(talk_rows, columns=["paper_id", "venue", "year", "session", "presentation", "start", "end", "timezone"])
    talks["start"] = pd.to_datetime(talks["start"]).dt.tz_localize(utc)
    talks["end"] = pd.to_datetime(talks["end"]).dt.tz_localize(utc)
    talks["year"] = talks["year"].astype("Int64")
    talks["moderators"] = [[] for _ in range(len(talks))]
    starts = papers[["paper_id"]].merge(talks[["paper_id", "start", "end"]], how="left", on="paper_id")
    papers["start"], papers["end"] = starts["start"].to_numpy(), starts["end"].to_numpy()
    papers["timezone"] = pd.Series(["America/Los_Angeles" if s else None for s in papers["session"].notna()], dtype="string")
    authorships = pd.DataFrame(
        [(pid, i + 1, name, fold_key(name)) for pid, names in zip(papers["paper_id"], papers["authors"]) for i, name in enumerate(names)],
        columns=["paper_id", "position", "author", "author_key"],
    )
    return SimpleNamespace(papers=papers, authorships=authorships, talks=talks)


def _builders():
    return {
        "counts": lambda cat: charts.counts(cat.papers),
        "counts_session": lambda cat: charts.counts(cat.papers, by="session", color="venue-year"),
        "counts_plain_year": lambda cat: charts.counts(cat.papers, by="year", color=None),
        "top_authors": lambda cat: charts.top_authors(cat, n=12),
        "term_trends": lambda cat: charts.term_trends(cat.papers, terms=["graph", "adversarial", "transformer"]),
        "term_trends_distinctive": lambda cat: charts.term_trends(cat.papers, n_terms=4),
        "schedule": lambda cat: charts.schedule(cat),
        "topic_map": lambda cat: charts.topic_map(cat.papers, n_clusters=6),
        "coauthors": lambda cat: charts.coauthors(cat, "Sergey Levine"),
    }


@pytest.fixture(scope="module")
def built(catalog):
    """Every chart built once on the bundled catalog."""
    return {name: build(catalog) for name, build in _builders().items()}


# ---------------------------------------------------------------- every chart


@pytest.mark.parametrize("name", list(_builders()))
def test_spec_validates_and_encodes_existing_columns(built, name):
    chart = built[name]
    assert isinstance(chart, alt.TopLevelMixin)
    spec = chart.to_dict(validate=True)
    json.dumps(spec, allow_nan=False)  # strict JSON: browsers reject NaN
    checked = check_fields(spec)
    assert len(checked) >= 3
    text, subtitle = title_of(spec)
    assert text and subtitle, "every chart has a title and a subtitle"
    assert spec["config"]["title"]["anchor"] == charts.THEME["title"]["anchor"]  # themed per chart


@pytest.mark.parametrize("name", list(_builders()))
def test_renders_to_a_non_blank_png(built, name):
    assert_not_blank(render_png(built[name]))


def test_charts_do_not_touch_global_altair_state(catalog):
    before = (alt.theme.active, alt.renderers.active, alt.data_transformers.active)
    charts.counts(catalog.papers)
    charts.term_trends(catalog.papers, terms=["graph"])
    assert (alt.theme.active, alt.renderers.active, alt.data_transformers.active) == before


def test_inputs_are_not_modified(tiny):
    copies = {k: getattr(tiny, k).copy(deep=True) for k in ("papers", "authorships", "talks")}
    charts.counts(tiny.papers, by="session", color="venue-year")
    charts.top_authors(tiny)
    charts.term_trends(tiny.papers, terms=["graph"])
    charts.schedule(tiny, tz="Asia/Tokyo")
    charts.coauthors(tiny, "Ann Lee")
    for key, before in copies.items():
        pd.testing.assert_frame_equal(getattr(tiny, key), before)


def test_catalog_text_cannot_close_the_html_script_block(tiny):
    for chart in (charts.schedule(tiny), charts.counts(tiny.papers), charts.topic_map(tiny.papers)):
        html = chart.to_html()
        assert "</script><script>alert" not in html
    # ...while the title still reads the same (a zero-width space is invisible).
    data = dataset_with(charts.schedule(tiny).to_dict(), "title", "when")
    shown = [t for t in data["title"] if "Attacks" in t][0]
    assert shown.replace("\u200b", "") == "</script><script>alert('x')</script> Attacks"


def test_empty_input_gives_a_chart_that_says_so(tiny):
    empty = tiny.papers.iloc[0:0]
    for chart in (
        charts.counts(empty),
        charts.term_trends(empty, terms=["graph"]),
        charts.topic_map(empty),
        charts.schedule(tiny.talks.iloc[0:0]),
        charts.top_authors(tiny.authorships.iloc[0:0]),
    ):
        spec = chart.to_dict(validate=True)
        (rows,) = datasets(spec).values()
        assert rows[0]["message"].startswith("No ")
        assert render_png(chart).mean(axis=2).std() > 2  # the message is drawn


# ---------------------------------------------------------------- counts


@pytest.mark.parametrize(
    "by,color,keys",
    [
        ("venue", "presentation", ["venue", "presentation"]),
        ("venue-year", "presentation", ["venue", "year", "presentation"]),
        ("year", None, ["year"]),
        ("presentation", "venue", ["presentation", "venue"]),
        ("session", "venue-year", ["venue", "year", "session"]),
    ],
)
def test_counts_equal_independent_counts_of_the_catalog(catalog, by, color, keys):
    spec = charts.counts(catalog.papers, by=by, color=color).to_dict()
    rows = rows_with(spec, "papers", "share")
    shown = Counter()
    for row in rows:
        shown[tuple(row[k] for k in keys)] += row["papers"]
    expected = Counter()
    for rec in catalog.papers[keys].astype(object).to_dict("records"):
        expected[tuple(None if pd.isna(rec[k]) else (int(rec[k]) if k == "year" else str(rec[k])) for k in keys)] += 1
    assert shown == expected
    assert sum(r["papers"] for r in rows) == len(catalog.papers) == 992
    totals = dataset_with(spec, "total")
    assert totals["total"].sum() == 992


def test_counts_of_the_bundled_catalog_match_the_design_numbers(catalog):
    data = dataset_with(charts.counts(catalog.papers, by="venue-year", color="presentation").to_dict(), "papers", "share")
    got = {(r["venue"], r["year"], r["presentation"]): r["papers"] for r in data.to_dict("records")}
    assert got[("ICLR", 2019, "Oral")] == 24
    assert got[("ICLR", 2019, "Poster")] == 478
    assert got[("NeurIPS", 2018, "Oral")] == 2 and got[("NeurIPS", 2018, "Spotlight")] == 12
    assert sum(v for (venue, year, _), v in got.items() if (venue, year) == ("ICLR", 2021)) == 476


def test_counts_sort_orders(catalog):
    spec = charts.counts(catalog.papers, by="venue-year").to_dict()
    y = spec["layer"][0]["encoding"]["y"]
    assert y["sort"] == ["NeurIPS 2018", "ICLR 2019", "ICLR 2021"]  # chronological
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Oral", "Spotlight", "Poster", "unknown"]
    assert colour["scale"]["range"][:3] == [charts.PRESENTATION_COLORS[p] for p in ("Oral", "Spotlight", "Poster")]
    by_venue = charts.counts(catalog.papers, by="venue").to_dict()["layer"][0]["encoding"]["y"]["sort"]
    assert by_venue == ["ICLR", "NeurIPS"]  # biggest first


def test_counts_folds_long_tails_into_other(tiny):
    many = pd.concat([tiny.papers] * 3, ignore_index=True)
    many["session"] = pd.Series([f"S{i:02d}" for i in range(len(many))], dtype="string")
    spec = charts.counts(many, by="session", color=None, max_bars=5).to_dict()
    data = dataset_with(spec, "papers", "share")
    assert data["by_label"].nunique() == 5
    other = data[data["by_label"].str.startswith("other")]
    assert other["papers"].sum() == len(many) - 4 and other["session"].isna().all()
    assert any("folded" in s for s in title_of(spec)[1])


@pytest.mark.parametrize("kwargs,message", [
    ({"by": "venue_yr"}, "by must be one of 'venue', 'year', 'venue-year', 'presentation', 'session'; got 'venue_yr'"),
    ({"color": "colour"}, "or None; got 'colour'"),
    ({"max_bars": 0}, "max_bars must be a positive integer"),
])
def test_counts_rejects_bad_options_helpfully(tiny, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        charts.counts(tiny.papers, **kwargs)


def test_counts_accepts_spelling_variants_and_missing_columns_are_named(tiny):
    assert charts.counts(tiny.papers, by="Venue_Year").to_dict()["layer"][0]["encoding"]["y"]["sort"][0] == "NeurIPS 2018"
    with pytest.raises(ValueError, match="missing column.*'presentation'"):
        charts.counts(tiny.papers.drop(columns=["presentation"]))
    with pytest.raises(TypeError, match="DataFrame"):
        charts.counts([1, 2, 3])


# ---------------------------------------------------------------- top_authors


def test_top_authors_equal_independent_counts_of_the_catalog(catalog):
    n = 15
    spec = charts.top_authors(catalog, n=n).to_dict()
    data = dataset_with(spec, "author_key", "venue_year", "papers")
    # Independent: distinct papers per folded name, from the raw author strings.
    venue_year = {pid: f"{v} {y}" for pid, v, y in zip(catalog.papers["paper_id"], catalog.papers["venue"], catalog.papers["year"])}
    papers_of: dict[str, set] = defaultdict(set)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for pid, name in zip(catalog.authorships["paper_id"], catalog.authorships["author"]):
        papers_of[fold_key(name)].add(pid)
        spellings[fold_key(name)][name] += 1
    ranked = sorted(papers_of, key=lambda k: -len(papers_of[k]))
    cutoff = len(papers_of[ranked[n - 1]])
    assert set(data["author_key"]) >= {k for k in ranked if len(papers_of[k]) > cutoff}
    assert data["author_key"].nunique() == n
    for key, part in data.groupby("author_key"):
        expected = Counter(venue_year[p] for p in papers_of[key])
        assert dict(zip(part["venue_year"], part["papers"])) == dict(expected)
        assert (part["total"] == len(papers_of[key])).all()
        assert part["author"].iloc[0] == spellings[key].most_common(1)[0][0] or spellings[key][part["author"].iloc[0]] == max(spellings[key].values())
    # bars in descending order of papers
    order = spec["layer"][0]["encoding"]["y"]["sort"]
    totals = data.drop_duplicates("author")[["author", "total"]].set_index("author")["total"]
    assert list(totals.loc[order]) == sorted(totals, reverse=True)


def test_top_authors_merges_spellings_and_labels_the_most_common(tiny):
    data = dataset_with(charts.top_authors(tiny, n=3).to_dict(), "author_key", "papers")
    poczos = data[data["author_key"] == fold_key("Barnabas Poczos")]
    assert poczos["total"].iloc[0] == 3  # three spellings, one person
    assert poczos["author"].iloc[0] == "Barnabás Póczos"  # the accented spelling wins the 1-1-1 tie
    assert dict(zip(poczos["venue_year"], poczos["papers"])) == {"ICLR 2019": 2, "ICLR 2021": 1}
    ann = data[data["author_key"] == "ann lee"]
    assert ann["total"].iloc[0] == 4


def test_top_authors_from_an_authorships_frame(tiny):
    plain = charts.top_authors(tiny.authorships, n=3).to_dict()
    data = dataset_with(plain, "author_key", "papers")
    assert set(data["venue_year"]) == {"all papers"}
    assert any("papers=" in s for s in title_of(plain)[1])
    split = dataset_with(charts.top_authors(tiny.authorships, n=3, papers=tiny.papers).to_dict(), "author_key", "papers")
    assert "ICLR 2019" in set(split["venue_year"])
    with pytest.raises(ValueError, match="n must be at most 500"):
        charts.top_authors(tiny, n=501)
    with pytest.raises(TypeError, match="Catalog or the cat.authorships"):
        charts.top_authors("Ann Lee")


# ---------------------------------------------------------------- term_trends


def _mentions(text: str, term: str) -> bool:
    words = re.findall(r"\w+", term.lower())
    return re.search(r"\b" + r"[\W_]+".join(map(re.escape, words)) + r"\b", text.lower()) is not None


def test_term_shares_equal_independent_counts(catalog):
    terms = ["graph", "reinforcement learning", "GAN", "meta-learning"]
    data = dataset_with(charts.term_trends(catalog.papers, terms=terms).to_dict(), "term", "share")
    text = {}
    for rec in catalog.papers[["paper_id", "title", "tldr", "abstract", "venue", "year"]].astype(object).to_dict("records"):
        text[rec["paper_id"]] = (" ".join(str(rec[c]) for c in ("title", "tldr", "abstract") if isinstance(rec[c], str)), f"{rec['venue']} {rec['year']}")
    for term in terms:
        for vy in ("NeurIPS 2018", "ICLR 2019", "ICLR 2021"):
            group = [t for t, g in text.values() if g == vy]
            hits = sum(_mentions(t, term) for t in group)
            row = data[(data["term"] == term) & (data["venue_year"] == vy)].iloc[0]
            assert row["mentioning"] == hits and row["papers"] == len(group)
            assert row["share"] == pytest.approx(hits / len(group), abs=1e-4)
    assert data[data["term"] == "graph"]["mentioning"].sum() > 20


def test_distinctive_terms_show_what_changed_between_iclr_2019_and_2021(catalog):
    spec = charts.term_trends(catalog.papers, n_terms=6).to_dict()
    data = dataset_with(spec, "term", "distinctive_of", several=True)
    home = data[data["home"]]
    for _, row in home.iterrows():
        others = data[(data["term"] == row["term"]) & ~data["home"] & (data["venue_year"].str.startswith("ICLR"))]
        assert row["mentioning"] >= 3
        assert all(row["share"] > o for o in others["share"])  # more common at home than in the other ICLR
    assert "contrastive" in set(home[home["venue_year"] == "ICLR 2021"]["term"])
    assert spec["params"][0]["name"] == charts.TERMS_SELECTION
    assert len(spec["params"][0]["views"]) == len(spec["vconcat"]) == 3


def test_papers_mentioning_matches_the_chart(tiny):
    mask = charts.papers_mentioning(tiny.papers, "t-SNE")
    assert mask.tolist() == [False, False, False, True, False, False]
    assert charts.papers_mentioning(tiny.papers, "Graph").tolist() == [True, True, False, False, False, True]
    assert charts.papers_mentioning(tiny.papers, "graphs").tolist() == [False, False, True, False, False, False]  # whole words


@pytest.mark.parametrize("terms,error", [([], "terms is empty"), (["  "], "non-empty strings"), (["--"], "no letters or digits")])
def test_term_trends_rejects_bad_terms(tiny, terms, error):
    with pytest.raises(ValueError, match=error):
        charts.term_trends(tiny.papers, terms=terms)


def test_term_trends_keeps_the_biggest_venue_years(tiny):
    many = pd.concat([tiny.papers.assign(year=pd.array([y] * len(tiny.papers), dtype="Int64")) for y in range(2000, 2020)], ignore_index=True)
    many = pd.concat([many, many[many["year"] == 2005]], ignore_index=True)  # 2005 is the biggest
    for terms in (["graph"], None):
        spec = charts.term_trends(many, terms=terms, max_groups=4, min_papers=1).to_dict()
        data = dataset_with(spec, "term", "share", several=True)
        assert data["venue_year"].nunique() == 4 and "ICLR 2005" in set(data["venue_year"])
        assert any("the 4 biggest of 40 venue-years" in s for s in title_of(spec)[1])


def test_a_single_term_string_is_one_term(tiny):
    data = dataset_with(charts.term_trends(tiny.papers, terms="graph").to_dict(), "term", "share")
    assert set(data["term"]) == {"graph"}


# ---------------------------------------------------------------- schedule


def test_schedule_in_the_venue_zone_by_default_and_any_zone_on_request(tiny):
    for tz in (None, "Asia/Kolkata"):
        spec = charts.schedule(tiny, tz=tz).to_dict()
        data = dataset_with(spec, "row", "start", "end")
        assert len(data) == len(tiny.talks)
        for _, talk in tiny.talks.iterrows():
            zone = ZoneInfo(tz or talk["timezone"])
            local = talk["start"].tz_convert(zone)
            row = data[data["paper_id"] == talk["paper_id"]].iloc[0]
            assert row["start"] == local.strftime("%Y-%m-%dT%H:%M:%SZ")
            assert row["when"].endswith(local.strftime("%H:%M") + "–" + talk["end"].tz_convert(zone).strftime("%H:%M") + " " + local.strftime("%Z"))
        assert (tz or "America/Los_Angeles") in " ".join(title_of(spec)[1])
    enc = spec["spec"]["encoding"]
    assert enc["x"]["scale"]["type"] == "utc"  # wall-clock strings are shown as written


def test_schedule_keeps_overlapping_talks_on_separate_rows(tiny):
    data = dataset_with(charts.schedule(tiny).to_dict(), "row", "overlaps")
    session = data[data["session_label"] == "ICLR 2021 · Oral Session 1 · Tue 4 May 2021 (PDT)"]
    assert session["row"].nunique() == 2
    assert session["overlaps"].tolist() == [1, 1]
    assert data[data["paper_id"] == "e"]["overlaps"].item() == 0


def test_schedule_titles_fall_back_to_a_marked_tldr_or_abstract(tiny):
    data = dataset_with(charts.schedule(tiny).to_dict(), "row", "title")
    titles = dict(zip(data["paper_id"], data["title"]))
    assert titles["c"] == "[tl;dr] We use transformers for graphs."
    assert titles["d"].startswith("[abstract] Contrastive learning")
    assert dict(zip(data["paper_id"], data["authors"]))["c"] == "barnabás póczos, Ann Lee"
    bare = charts.schedule(tiny.talks)  # no papers: ids, and the subtitle says how to get titles
    assert any("papers=" in s for s in title_of(bare.to_dict())[1])


def test_schedule_on_the_bundled_catalog(catalog):
    spec = charts.schedule(catalog).to_dict()
    data = dataset_with(spec, "row", "start")
    assert len(data) == len(catalog.talks) == 26
    assert data["time_zone"].unique().tolist() == ["America/Los_Angeles"]
    assert not data["title"].str.startswith("[untitled]").any()
    first = data[data["session_label"].str.startswith("NeurIPS")].sort_values("start").iloc[0]
    assert first["start"] == "2018-12-04T12:30:00Z" and first["title"] == "Evolved Policy Gradients"  # 12:30 PST as printed


def test_schedule_caps_talks_and_picks_sessions(tiny):
    spec = charts.schedule(tiny, max_talks=1).to_dict()
    assert len(dataset_with(spec, "row")) == 1
    assert any("max_talks" in s for s in title_of(spec)[1])
    only = dataset_with(charts.schedule(tiny, sessions=["Oral Session 1"]).to_dict(), "row")
    assert set(only["paper_id"]) == {"c", "d"}
    with pytest.raises(ValueError, match="no session named 'Oral Sesion 1'; did you mean 'Oral Session 1'"):
        charts.schedule(tiny, sessions=["Oral Sesion 1"])


@pytest.mark.parametrize("tz", ["PST", "Mars/Olympus"])
def test_schedule_unknown_time_zone_says_what_to_pass(tiny, tz):
    with pytest.raises(ValueError, match="use an IANA name such as 'America/Los_Angeles'"):
        charts.schedule(tiny, tz=tz)


# ---------------------------------------------------------------- topic_map


def test_topic_map_is_deterministic(catalog):
    one = json.dumps(charts.topic_map(catalog.papers).to_dict(), sort_keys=True)
    two = json.dumps(charts.topic_map(catalog.papers).to_dict(), sort_keys=True)
    assert one == two
    # the seed is what fixes it: another seed, another layout (checked on a sample, for speed)
    seed0 = charts.topic_layout(catalog.papers, max_points=300, random_state=0)
    seed1 = charts.topic_layout(catalog.papers, max_points=300, random_state=1)
    assert not seed0[["x", "y"]].equals(seed1[["x", "y"]])


def test_topic_map_points_clusters_and_labels(built, catalog):
    spec = built["topic_map"].to_dict()
    points = dataset_with(spec, "paper_id", "x", "y", "topic")
    assert len(points) == len(catalog.papers) and points["paper_id"].is_unique
    assert points["cluster"].nunique() == 6
    sizes = points.groupby("cluster").size()
    assert list(sizes.sort_index()) == sorted(sizes, reverse=True)  # 1 = biggest
    untitled = set(catalog.papers.loc[catalog.papers["title"].isna(), "paper_id"])
    marked = points[points["paper_id"].isin(untitled)]["title"]
    assert len(marked) == 416 and marked.str.match(r"\[(tl;dr|abstract)\] ").all()
    names = dataset_with(spec, "name")
    assert len(names) == 6 and all(len(n.split(", ")) >= 1 for n in names["name"])
    assert any("reinforcement" in t or "policy" in t for t in points["topic"].unique())


def test_topic_map_samples_above_max_points_and_says_so(catalog):
    chart = charts.topic_map(catalog.papers, max_points=200, n_clusters=3)
    spec = chart.to_dict()
    assert len(dataset_with(spec, "paper_id", "x")) == 200
    assert any("random sample of 200 of 992 papers" in s for s in title_of(spec)[1])
    layout = charts.topic_layout(catalog.papers, max_points=200, n_clusters=3)
    assert layout.attrs["sampled"] and set(layout["paper_id"]) <= set(catalog.papers["paper_id"])
    with pytest.raises(ValueError, match="max_points must be at most 5000"):
        charts.topic_map(catalog.papers, max_points=6000)


def test_topic_map_on_tiny_input_still_draws(tiny):
    spec = charts.topic_map(tiny.papers).to_dict(validate=True)
    assert len(dataset_with(spec, "paper_id", "x")) == 6
    assert_not_blank(render_png(charts.topic_map(tiny.papers)), min_inked=0.005, min_coloured=0.0002)


# ---------------------------------------------------------------- coauthors


def test_coauthors_edges_are_weighted_by_joint_papers(catalog):
    spec = charts.coauthors(catalog, "sergey levine", max_coauthors=300).to_dict()
    nodes = dataset_with(spec, "author_key", "joint")
    edges = dataset_with(spec, "x2", "weight")
    ego = fold_key("Sergey Levine")
    by_paper: dict[str, set] = defaultdict(set)
    for pid, name in zip(catalog.authorships["paper_id"], catalog.authorships["author"]):
        by_paper[pid].add(fold_key(name))
    joint = Counter(k for keys in by_paper.values() if ego in keys for k in keys if k != ego)
    assert dict(zip(nodes["author_key"], nodes["joint"])) == {**joint, ego: sum(ego in keys for keys in by_paper.values())}
    name = dict(zip(nodes["author_key"], nodes["name"]))
    ego_edges = edges[edges["kind"] == "with the author"]
    assert len(ego_edges) == len(joint)
    pairs = {frozenset(p.split(" – ")): w for p, w in zip(ego_edges["pair"], ego_edges["weight"])}
    for key, count in joint.items():
        assert pairs[frozenset((name[ego], name[key]))] == count
    # edges between co-authors count their joint papers anywhere in the catalog
    for _, edge in edges[edges["kind"] != "with the author"].head(20).iterrows():
        a, b = (k for k, v in name.items() if v in edge["pair"].split(" – "))
        assert edge["weight"] == sum(a in keys and b in keys for keys in by_paper.values())


def test_coauthors_is_deterministic_and_capped(catalog):
    one = charts.coauthors(catalog, "Sergey Levine").to_dict()
    assert json.dumps(one, sort_keys=True) == json.dumps(charts.coauthors(catalog, "Sergey Levine").to_dict(), sort_keys=True)
    assert len(dataset_with(one, "author_key", "joint")) == 31  # the author + 30 closest
    assert any("max_coauthors" in s for s in title_of(one)[1])


def test_coauthors_resolves_names_through_author_key(tiny):
    for name in ("Barnabas Poczos", "BARNABÁS PÓCZOS", "poczos"):
        nodes = dataset_with(charts.coauthors(tiny, name).to_dict(), "author_key", "joint")
        assert nodes.loc[nodes["role"] == "author", "name"].item() == "Barnabás Póczos"


def test_coauthors_unknown_author_suggests_close_names(catalog, tiny):
    with pytest.raises(ValueError, match=r"no author 'Sergei Levin' in the catalog; did you mean 'Sergey Levine'"):
        charts.coauthors(catalog, "Sergei Levin")
    with pytest.raises(ValueError, match=r"no author 'Ann Leee' in the catalog; did you mean 'Ann Lee'"):
        charts.coauthors(tiny, "Ann Leee")
    tiny_two = SimpleNamespace(papers=tiny.papers, authorships=pd.concat(
        [tiny.authorships, pd.DataFrame([{"paper_id": "f", "position": 2, "author": "Zoe Lee", "author_key": "zoe lee"}])]))
    with pytest.raises(ValueError, match=r"'Lee' matches 2 authors: 'Ann Lee', 'Zoe Lee'; pass the full name"):
        charts.coauthors(tiny_two, "Lee")


def test_coauthors_of_someone_without_coauthors(tiny):
    spec = charts.coauthors(tiny, "Eve Mallory").to_dict(validate=True)
    assert len(dataset_with(spec, "author_key", "joint")) == 1
    render_png(charts.coauthors(tiny, "Eve Mallory"))


# ---------------------------------------------------------------- selections


def _observed(chart, name, vl_value, store):
    jc = alt.JupyterChart(chart)
    assert name in jc.selections.trait_names()
    seen = []
    jc.selections.observe(lambda change: seen.append(change["new"]), names=name)
    jc._vl_selections = {name: {"value": vl_value, "store": store}}
    assert seen, "the observer was not called"
    return seen[-1], getattr(jc.selections, name)


def test_counts_selection_reaches_python(catalog):
    chart = charts.counts(catalog.papers, by="venue-year", color="presentation")
    assert charts.COUNTS_SELECTION == "count_select"
    picked = {"venue": "ICLR", "year": 2019, "presentation": "Oral"}
    got, now = _observed(chart, charts.COUNTS_SELECTION, {"vlPoint": {"or": [picked]}}, [{"unit": "layer_0", "values": list(picked.values())}])
    assert got.value == [picked] and now.value == [picked]
    # the explorer's filter: every field names a papers column
    rows = catalog.papers
    for field, value in picked.items():
        rows = rows[rows[field] == value]
    assert len(rows) == 24


def test_term_selection_reaches_python(catalog):
    chart = charts.term_trends(catalog.papers)
    picked = {"term": "contrastive", "venue": "ICLR", "year": 2021}
    got, _ = _observed(chart, charts.TERMS_SELECTION, {"vlPoint": {"or": [picked]}}, [])
    assert got.value == [picked]
    papers = catalog.papers
    rows = papers[charts.papers_mentioning(papers, got.value[0]["term"]) & (papers["year"] == 2021)]
    data = dataset_with(chart.to_dict(), "term", "mentioning", several=True)
    assert len(rows) == data[(data["term"] == "contrastive") & (data["venue_year"] == "ICLR 2021")]["mentioning"].item()


def test_topic_brush_reaches_python(built, catalog):
    chart = built["topic_map"]
    brush = {"x": [-5.0, 5.0], "y": [-5.0, 5.0]}
    got, _ = _observed(chart, charts.TOPIC_SELECTION, brush, [])
    assert got.value == brush
    layout = charts.topic_layout(catalog.papers, n_clusters=6)
    inside = layout[layout["x"].between(*got.value["x"]) & layout["y"].between(*got.value["y"])]
    assert 0 < len(inside) < len(layout)
    jc = alt.JupyterChart(chart)
    assert charts.TOPIC_LEGEND_SELECTION in jc.selections.trait_names()


def test_author_selection_reaches_python(catalog):
    got, _ = _observed(charts.top_authors(catalog), charts.AUTHORS_SELECTION, {"vlPoint": {"or": [{"author_key": "sergey levine"}]}}, [])
    assert got.value == [{"author_key": "sergey levine"}]


# ---------------------------------------------------------------- offline renderer


def test_enable_offline_switches_renderer_and_back():
    before, was_offline = alt.renderers.active, alt.JupyterChart._is_offline
    try:
        charts.enable_offline(renderer="html")
        assert alt.renderers.active == "html"
        spec = charts.counts(pd.DataFrame({"venue": ["ICLR"], "presentation": ["Oral"]})).to_dict()
        html = alt.renderers.get()(spec)["text/html"]  # what a notebook cell would show
        assert "jsdelivr" not in html and len(html) > 500_000  # the JavaScript travels with the chart
        charts.enable_offline()
        assert alt.renderers.active == "jupyter" and alt.JupyterChart._is_offline
        with pytest.raises(ValueError, match="renderer must be 'jupyter' or 'html'"):
            charts.enable_offline(renderer="cdn")
    finally:
        alt.renderers.enable(before)
        alt.JupyterChart.enable_offline(was_offline)
    assert alt.renderers.active == before


# ---------------------------------------------------------------- scale


def synthetic_catalog(n: int, *, seed: int = 0) -> SimpleNamespace:
    """A seeded catalog of ``n`` papers with the contract's columns (short texts)."""
    rng = np.random.default_rng(seed)
    words = np.array("graph neural network adversarial robust transformer policy reinforcement learning "
                     "contrastive diffusion generative model kernel bayesian sparse attention language "
                     "vision federated privacy causal optimization convex stochastic gradient".split())
    venues = np.array(["ICLR", "NeurIPS", "ICML", "CVPR"])
    first = np.array(["Ann", "Bo", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jun"])
    last = np.array([f"Name{i}" for i in range(800)])
    title_idx = rng.integers(0, len(words), (n, 5))
    titles = [" ".join(r) for r in words[title_idx]]
    n_auth = rng.integers(1, 6, n)
    people = np.char.add(np.char.add(first[rng.integers(0, len(first), n_auth.sum())], " "), last[rng.integers(0, len(last), n_auth.sum())])
    splits = np.cumsum(n_auth)[:-1]
    authors = [list(a) for a in np.split(people, splits)]
    start = pd.Timestamp("2020-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 2000, n) * 15, unit="min")
    papers = pd.DataFrame({
        "paper_id": [f"syn-{i}" for i in range(n)],
        "title": pd.array(titles, dtype="string"),
        "authors": authors,
        "n_authors": pd.array(n_auth, dtype="Int64"),
        "abstract": pd.array(titles, dtype="string"),
        "tldr": pd.array([None] * n, dtype="string"),
        "venue": pd.array(venues[rng.integers(0, 4, n)], dtype="string"),
        "year": pd.array(rng.integers(2015, 2025, n), dtype="Int64"),
        "presentation": pd.array(rng.choice(["Oral", "Spotlight", "Poster"], n, p=[0.05, 0.15, 0.8]), dtype="string"),
        "session": pd.array([f"Session {i}" for i in rng.integers(0, 3000, n)], dtype="string"),
        "start": start,
        "end": start + pd.Timedelta(minutes=10),
        "timezone": pd.array(["America/New_York"] * n, dtype="string"),
    })
    pid = np.repeat(papers["paper_id"].to_numpy(), n_auth)
    authorships = pd.DataFrame({"paper_id": pid, "position": np.concatenate([np.arange(1, k + 1) for k in n_auth]),
                                "author": people, "author_key": np.char.lower(people)})
    talks = papers[["paper_id", "venue", "year", "session", "presentation", "start", "end", "timezone"]]
    return SimpleNamespace(papers=papers, authorships=authorships, talks=talks)


def test_every_chart_stays_small_on_100k_papers():
    """No MaxRowsError and a bounded spec at 100k papers (build times: benchmarks/bench_charts.py)."""
    t0 = time.perf_counter()
    big = synthetic_catalog(100_000)
    bounds = {  # bytes of Vega-Lite JSON
        "counts": (lambda: charts.counts(big.papers, by="venue-year", color="presentation"), 30_000),
        "counts_session": (lambda: charts.counts(big.papers, by="session"), 40_000),
        "top_authors": (lambda: charts.top_authors(big, n=20), 20 * 40 * 200),  # authors x venue-years
        "term_trends": (lambda: charts.term_trends(big.papers, terms=["graph", "policy", "diffusion model"]), 60_000),
        "schedule": (lambda: charts.schedule(big), 150 * 1_000),
        "topic_map": (lambda: charts.topic_map(big.papers, max_points=300), 300 * 700),
        "coauthors": (lambda: charts.coauthors(big, big.authorships["author"].iloc[0]), 60_000),
    }
    for name, (build, bound) in bounds.items():
        chart = build()
        size = len(json.dumps(chart.to_dict(validate=False)))  # raises MaxRowsError if rows were embedded
        assert size < bound, f"{name}: {size:,} bytes"
    colours = charts.top_authors(big, n=20).to_dict()["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert len(colours) == 12 and colours[-1] == "other (29 venue-years)"  # 40 venue-years: 11 + other
    sub = " ".join(title_of(charts.schedule(big).to_dict())[1])
    assert "showing" in sub and "sessions" in sub
    assert time.perf_counter() - t0 < 60
