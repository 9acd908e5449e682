"""The bundled catalog: counts, linking, tables and the data contract."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import warnings
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import confexplore as cx
from confexplore.catalog import PAPER_COLUMNS
from confexplore.text import fold_key

from confexplore.catalog import _manifest as manifest_entries

MANIFEST = manifest_entries()


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_manifest_file_is_bundled_unchanged(entry):
    data = resources.files("confexplore").joinpath("data", "sources", entry["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert entry["format"] in cx.sources_formats()


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_every_record_of_each_source_is_read(entry, catalog):
    row = catalog.sources.set_index("name").loc[entry["file"]]
    assert row["records"] == entry["records"]
    assert row["format"] == entry["format"]
    assert (row["venue"], row["year"]) == (entry["venue"], entry["year"])


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_detection_agrees_with_the_manifest(entry):
    path = resources.files("confexplore").joinpath("data", "sources", entry["file"])
    known = [tuple(k) for k in entry.get("known_problems", [])]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = cx.read_source(path)  # the bare file: its damage is warned about like any other file's
    assert df.attrs["format"] == entry["format"]
    assert len(df) == entry["records"]
    serious = [(p["line"], p["kind"]) for p in df.attrs["problems"] if p["kind"] in ("skipped", "incomplete", "encoding")]
    assert serious == known
    assert [w.category for w in caught] == ([cx.CatalogWarning] if known else [])
    # as the manifest describes it (cx.bundled_sources()), the same problems are listed, with no warning
    source = next(s for s in cx.bundled_sources() if s.name == entry["file"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        listed = cx.read_source(source, errors="raise").attrs["problems"]
    assert [(p["line"], p["kind"]) for p in listed if p["kind"] != "repaired"] == known


def test_counts(catalog):
    assert len(catalog.records) == 1022
    assert len(catalog.papers) == 992
    assert len(catalog.talks) == 26
    assert catalog.papers["paper_id"].is_unique


def test_records_in_equal_records_out_plus_skipped(catalog):
    skipped = (~catalog.problems["record_kept"]).sum()
    assert catalog.sources["records"].sum() == len(catalog.records) + skipped
    assert set(catalog.records["paper_id"]) == set(catalog.papers["paper_id"])


def test_thirty_papers_linked_from_two_sources(catalog):
    papers = catalog.papers
    linked = papers[papers["sources"].map(len) > 1]
    assert len(linked) == 30
    pairs = linked["sources"].map(lambda s: tuple(sorted(s))).value_counts().to_dict()
    assert pairs == {
        ("iclr2021_oral_session_tue_moderated.txt", "iclr2021_papers_with_tldr.txt"): 12,
        ("iclr2021_paper_list_page5.md", "iclr2021_papers_with_tldr.txt"): 18,
    }


def test_linked_paper_takes_each_field_from_the_source_that_has_it(catalog):
    papers = catalog.papers
    from_list = papers[papers["sources"].map(lambda s: "iclr2021_paper_list_page5.md" in s and len(s) == 2)]
    # title and URL only exist in the list page, tl;dr only in the tl;dr list
    assert from_list["title"].notna().all()
    assert from_list["url"].str.startswith("https://openreview.net/").all()
    assert from_list["tldr"].notna().sum() >= 15
    from_session = papers[papers["sources"].map(lambda s: "iclr2021_oral_session_tue_moderated.txt" in s)]
    assert from_session["presentation"].value_counts().to_dict() == {"Spotlight": 7, "Oral": 5}
    assert from_session["start"].notna().all()
    assert from_session["tldr"].notna().sum() >= 10


def test_truncated_abstract_is_completed_from_the_other_source(catalog):
    papers = catalog.papers
    row = papers[papers["authors"].map(lambda a: a == ["Matthew Smart", "Anton Zilman"])].iloc[0]
    assert row["abstract"].endswith("utilize RBMs.")
    assert len(row["sources"]) == 2


def test_venue_year_presentation_counts(papers):
    counts = papers.groupby(["venue", "year", "presentation"]).size().to_dict()
    assert counts == {
        ("ICLR", 2019, "Oral"): 24,
        ("ICLR", 2019, "Poster"): 478,
        ("ICLR", 2021, "Oral"): 5,
        ("ICLR", 2021, "Spotlight"): 7,
        ("NeurIPS", 2018, "Oral"): 2,
        ("NeurIPS", 2018, "Spotlight"): 12,
    }
    assert papers.groupby(["venue", "year"]).size().to_dict() == {
        ("ICLR", 2019): 502,
        ("ICLR", 2021): 476,
        ("NeurIPS", 2018): 14,
    }


def test_titles_present_where_some_source_has_one(papers):
    assert papers["title"].isna().sum() == 416
    assert papers.loc[papers["year"] == 2019, "title"].notna().all()


def test_tldr_count(papers):
    # 434 tl;dr-list records, 41 of them without a tl;dr
    assert papers["tldr"].notna().sum() == 434 - 41


def test_papers_columns_and_types(papers):
    assert tuple(papers.columns) == PAPER_COLUMNS
    assert str(papers["start"].dtype).endswith(", UTC]")
    assert (papers["n_authors"] == papers["authors"].map(len)).all()
    assert papers["authors"].map(lambda a: isinstance(a, list) and all(isinstance(x, str) for x in a)).all()
    assert papers["code_urls"].map(lambda a: isinstance(a, list)).all()


def test_text_is_clean(papers, catalog):
    names = catalog.authorships["author"]
    assert not names.str.contains(r"[*\\]|^and |\s{2}|Ã", regex=True).any()
    assert not papers["title"].dropna().str.contains(r"\\\(|\\\)|\](?:\(#\))|\s{2}", regex=True).any()
    assert "Daniel Züchner" in set(names)
    assert "Hongge Chen" in set(names)
    assert "Octavian-Eugen Ganea" in set(names)
    titles = set(papers["title"].dropna())
    assert "TimbreTron: A WaveNet(CycleGAN(CQT(Audio))) Pipeline for Musical Timbre Transfer" in titles
    assert "Music Transformer: Generating Music with Long-Term Structure" in titles  # a plain title line


def test_multi_paragraph_abstracts_are_whole(papers):
    row = papers[papers["title"] == "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"].iloc[0]
    assert row["abstract"].count("\n\n") == 2
    assert row["abstract"].endswith("compare it to the infinite-width limit.")
    karel = papers[papers["abstract"].str.contains("Karel DSL", na=False)].iloc[0]
    assert karel["abstract"].startswith("The goal of program synthesis")


def test_latex_is_kept_verbatim(papers):
    assert papers["abstract"].str.contains(r"$\mathcal{O}(\log\{T\}/\sqrt{T})$", regex=False).any()
    assert papers["abstract"].str.contains("$p<N$", regex=False).sum() >= 1


def test_code_urls_come_from_abstracts(papers):
    all_urls = {u for urls in papers["code_urls"] for u in urls}
    assert "https://github.com/HumanCompatibleAI/rlsp" in all_urls
    assert "https://github.com/galdl/rl_delay_basic.git" in all_urls
    assert not any(u.endswith((".", ",", ")", "}")) for u in all_urls)
    # the autolink's angle brackets are gone from the abstract text
    assert not papers["abstract"].str.contains("<https://", regex=False).any()


def test_authorships(catalog):
    a = catalog.authorships
    assert list(a.columns) == ["paper_id", "position", "author", "author_key"]
    assert len(a) == catalog.papers["n_authors"].sum()
    assert (a.groupby("paper_id")["position"].min() == 1).all()
    assert a["author_key"].str.fullmatch(r"[0-9a-z ]+").all()
    keys = set(a["author_key"])
    assert fold_key("Barnabás Póczos") in keys


def test_tables_are_built_with_the_garbage_collector_held_off():
    # a collection while a table is built walks every object of the catalog and frees
    # nothing (no table holds a cycle); with the threshold at 1 any allocation of a
    # container would start one, so none may start inside the functions that build them
    import gc

    cat = cx.load_catalog()
    builders = {"_build_papers", "_build_authorships", "_build_talks"}
    inside: list[str] = []

    def note(phase: str, info: dict) -> None:
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_name in builders:
                inside.append(frame.f_code.co_name)
                return
            frame = frame.f_back

    threshold = gc.get_threshold()
    gc.callbacks.append(note)
    gc.set_threshold(1)
    try:
        assert len(cat.papers) and len(cat.authorships) and len(cat.talks)
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(note)
    assert inside == []
    assert gc.isenabled()


def test_authorships_follow_each_papers_list_and_skip_missing_names():
    cat = cx.load_catalog()
    papers = cat.papers.copy()
    lists = papers["authors"].tolist()
    lists[:4] = [[], [None, "Ann Lee", np.nan, "Bo Chen"], ("Cy Day", "Di Eve"), [pd.NA]]
    lists[-1] = []
    papers["authors"] = pd.Series(lists, index=papers.index, dtype=object)
    cat.__dict__["papers"] = papers  # (the cached table, replaced before authorships is built)
    a = cat.authorships
    ids = papers["paper_id"].tolist()
    assert ids[0] not in set(a["paper_id"]) and ids[3] not in set(a["paper_id"]) and ids[-1] not in set(a["paper_id"])
    rows = a.head(4)[["paper_id", "position", "author", "author_key"]].to_numpy().tolist()
    assert rows == [[ids[1], 1, "Ann Lee", "ann lee"], [ids[1], 2, "Bo Chen", "bo chen"],
                    [ids[2], 1, "Cy Day", "cy day"], [ids[2], 2, "Di Eve", "di eve"]]
    assert len(a) == sum(len([x for x in names if isinstance(x, str)]) for names in lists)
    assert a["position"].dtype == "Int64" and a.index.equals(pd.RangeIndex(len(a)))
    # positions count 1, 2, ... within each paper, in its list's order
    assert (a.groupby("paper_id", sort=False).cumcount() + 1 == a["position"]).all()


def test_authorships_one_key_for_an_umlaut_and_its_transliteration(catalog):
    # the bundled files write "Jürgen Schmidhuber" and (ICLR 2019 list) "Juergen Schmidhuber":
    # one person, one key; folding alone gave "jurgen …" and "juergen …"
    a = catalog.authorships
    spellings = a[a["author"].str.contains("Schmidhuber")]
    assert set(spellings["author"]) == {"Jürgen Schmidhuber", "Juergen Schmidhuber"}
    assert set(spellings["author_key"]) == {"jurgen schmidhuber"}
    # only spellings both present merge: a name with "ue" and no umlaut twin keeps its key
    assert set(a.loc[a["author"] == "Manuel Wuthrich", "author_key"]) == {"manuel wuthrich"}
    from confexplore.text import author_keys

    names = ["Jürgen Müller", "Juergen Mueller", "Michael Jordan", "Michal Jordan", "Joel Z"]
    assert author_keys(names) == ["jurgen muller", "jurgen muller", "michael jordan", "michal jordan", "joel z"]
    assert author_keys(["Juergen Mueller"]) == ["juergen mueller"]  # no umlaut spelling: kept


def test_talks(catalog):
    talks = catalog.talks
    assert len(talks) == 26
    assert talks["start"].notna().all() and (talks["end"] > talks["start"]).all()
    neurips = talks[talks["venue"] == "NeurIPS"]
    assert set(neurips["session"]) == {"Tue Track 2 -- Session 2"}
    first = neurips.iloc[0]
    # Tue 4 Dec. 12:30 PST is 20:30 UTC
    assert first["start"] == pd.Timestamp("2018-12-04 20:30", tz="UTC")
    assert first["timezone"] == "America/Los_Angeles"
    iclr = talks[talks["venue"] == "ICLR"]
    assert iclr["moderators"].map(tuple).unique().tolist() == [("Caglar Gulcehre", "Jens Kober", "Simon S Du")]
    # Tue 4 May 11:00 PDT is 18:00 UTC
    assert iclr["start"].min() == pd.Timestamp("2021-05-04 18:00", tz="UTC")


def test_neural_ode_paper(papers):
    row = papers[papers["title"] == "Neural Ordinary Differential Equations"].iloc[0]
    assert row["authors"] == ["Tian Qi Chen", "Yulia Rubanova", "Jesse Bettencourt", "David Duvenaud"]
    assert row["presentation"] == "Oral"
    assert row["venue"] == "NeurIPS" and row["year"] == 2018


def test_paper_ids_are_stable_across_processes(papers):
    code = "import confexplore as cx; print(','.join(cx.load_catalog().papers['paper_id']))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert out.stdout.strip().split(",") == papers["paper_id"].tolist()


def test_paper_ids_are_pinned(papers):
    """paper_ids are kept across versions too (users keep them in plans and exports):
    a change to how they are made fails here."""
    ids = papers["paper_id"].tolist()
    assert ids[:2] == ["iclr2019-azizzadenesheli-8685ef", "iclr2019-lee-a4886a"]
    assert papers.loc[papers["title"] == "Neural Ordinary Differential Equations", "paper_id"].tolist() == [
        "neurips2018-chen-f288a9"]
    assert hashlib.sha256("\n".join(ids).encode()).hexdigest() == (
        "828d1a9c204f5502978319d363e11db7296e53fca35eda8ce266049e774c0377")


def test_records_frame_reads_records_with_any_keys():
    """The records frame takes each reader's records whole when they share their keys, and
    reads them one by one otherwise (same number of keys, other keys; missing fields)."""
    from confexplore.catalog import _records_frame
    from confexplore.sources import RECORD_FIELDS, ParseContext

    same = ParseContext(name="a.txt", records=[
        {"line": 1, "authors": ["A B"], "abstract": "x", "venue": "ICLR", "year": 2021},
        {"line": 4, "authors": ["C D"], "abstract": "y", "venue": "ICLR", "year": 2021}])
    mixed = ParseContext(name="b.txt", records=[
        {"line": 2, "title": "T", "abstract": "z", "venue": "ICML", "year": 2020},
        {"line": 7, "authors": ["E F"], "tldr": "t", "venue": "ICML", "year": 2020},  # as many keys, others
        {"line": 9, "venue": None, "year": None, "url": "u", "number": 3}])
    short = ParseContext(name="c.txt", records=[{"line": 3}])
    raw: dict = {}
    frame = _records_frame([same, mixed, short], RECORD_FIELDS, raw=raw)
    records = same.records + mixed.records + short.records
    assert list(frame.columns) == [*RECORD_FIELDS, "source", "line"]
    for field in RECORD_FIELDS:
        want = [r.get(field) for r in records]
        if field in ("authors", "moderators", "code_urls"):
            want = [[] if v is None else v for v in want]
        assert list(raw[field]) == want, field
    assert raw["source"] == ["a.txt"] * 2 + ["b.txt"] * 3 + ["c.txt"] and raw["line"] == [1, 4, 2, 7, 9, 3]
    assert frame["title"].tolist()[2] == "T" and frame["tldr"].isna().tolist() == [True, True, True, False, True, True]
    assert frame["number"].tolist()[4] == 3 and frame["url"].tolist()[4] == "u"
    # lists of fields no record has are each their own list
    assert raw["moderators"][0] is not raw["moderators"][1]


def test_problems_on_bundled_catalog_are_only_repairs(catalog):
    p = catalog.problems
    assert list(p.columns) == ["source", "line", "kind", "message", "record_kept"]
    assert set(p["kind"]) == {"repaired", "incomplete"}
    assert p["line"].notna().all()
    assert p[p["kind"] == "repaired"]["message"].str.contains("mojibake").all()
    # the one record problem is damage in the published tl;dr dump, named in the manifest
    cut = p[p["kind"] == "incomplete"]
    known = [(e["file"], *k) for e in MANIFEST for k in e.get("known_problems", [])]
    assert list(zip(cut["source"], cut["line"], cut["kind"])) == known == [("iclr2021_papers_with_tldr.txt", 1259, "incomplete")]
    assert cut["record_kept"].all() and "related to th'" in cut["message"].iloc[0]


def test_sources_table(catalog):
    s = catalog.sources
    assert list(s["name"]) == [e["file"] for e in MANIFEST]
    assert {"name", "venue", "year", "format", "records"} <= set(s.columns)


def test_bundled_load_does_not_warn(recwarn):
    cx.load_catalog()
    assert not [w for w in recwarn if issubclass(w.category, cx.CatalogWarning)]


def test_linked_records_merge_by_the_field_rules(catalog):
    """The merge rules on four records of one paper and a one-record paper, built by hand."""
    from confexplore.catalog import _build_papers

    names = dict(zip(catalog.sources["format"], catalog.sources["name"]))
    late_page, early_page = "neurips2018_session_tue_track2_session2.txt", "iclr2021_oral_session_tue_moderated.txt"
    base = catalog.records.iloc[:5].copy().reset_index(drop=True)
    t = pd.Timestamp
    rows = {
        "paper_id": ["p", "p", "p", "p", "q"],
        "source": [names["paper-list"], names["tldr-list"], late_page, early_page, names["tldr-list"]],
        "title": ["From the list", None, "From a page", None, None],
        "authors": [[], ["Ann Lee", "Bo Chen"], ["A. Lee"], ["Ann Lee"], ["Cy Dee"]],
        "abstract": ["Short.", "The longest abstract of all.", None, "A longer abstract.", "Q."],
        "tldr": [None, "One line.", None, None, "Q line."],
        "presentation": [None, None, "Spotlight", "Oral", None],
        "session": [None, None, "Late session", None, None],
        "start": [pd.NaT, pd.NaT, t("2021-05-04 18:00", tz="UTC"), t("2021-05-04 17:00", tz="UTC"), pd.NaT],
        "end": [pd.NaT, pd.NaT, t("2021-05-04 18:15", tz="UTC"), t("2021-05-04 17:15", tz="UTC"), pd.NaT],
        "timezone": [None, None, "America/Los_Angeles", "America/New_York", "Europe/Paris"],
        "code_urls": [["https://a"], ["https://b", "https://a"], [], ["https://c"], []],
    }
    records = base.copy()
    for column, values in rows.items():
        records[column] = pd.Series(values, dtype=records[column].dtype)
    papers = _build_papers(records, catalog.sources).set_index("paper_id")
    p, q = papers.loc["p"], papers.loc["q"]
    assert p["title"] == "From the list"  # paper lists first for titles
    assert p["authors"] == ["Ann Lee", "Bo Chen"] and p["n_authors"] == 2  # an empty list is no author list
    assert p["abstract"] == "The longest abstract of all."  # a source may cut its copy short
    assert p["tldr"] == "One line."
    # the earliest talk gives the slot, its zone and presentation; its session is missing, so the priority's
    assert p["start"] == t("2021-05-04 17:00", tz="UTC") and p["timezone"] == "America/New_York"
    assert p["presentation"] == "Oral" and p["session"] == "Late session"
    assert p["code_urls"] == ["https://a", "https://b", "https://c"]  # union, in record order
    assert p["sources"] == [names["paper-list"], names["tldr-list"], late_page, early_page]
    # a one-record paper is that record, a time zone without a slot included
    assert q["timezone"] == "Europe/Paris" and pd.isna(q["start"]) and q["sources"] == [names["tldr-list"]]
    assert papers.index.tolist() == ["p", "q"]  # in the order of each paper's first record


@pytest.mark.parametrize("bad", [[(1.9, "incomplete")], [(1, None)], [(1, "Incomplete")], [(0, "incomplete")], [3], "12"])
def test_known_problems_must_name_a_line_and_a_kind_that_warns(bad):
    with pytest.raises(ValueError, match=r"known_problems must be \(line, kind\) pairs"):
        cx.Source("x.txt", known_problems=bad)
    assert cx.Source("x.txt", known_problems=[[12, "incomplete"]]).known_problems == ((12, "incomplete"),)
