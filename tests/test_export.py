"""Tests for confexplore.export: every format is parsed back with its own library."""

from __future__ import annotations

import html
import io
import random
import re
import warnings
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import bibtexparser
import icalendar
import mistune
import pandas as pd
import pytest

from confexplore import export as ex

HOSTILE_TITLE = 'Attention <script>alert("x")</script> & 50% of #1 a_b $p<N$ {BERT} [x](javascript:alert(1))'
IMG_ABSTRACT = "We show $p<N$ <img src=x onerror=alert(1)>, with 100% more {braces} and a lone } brace."
PDT = "America/Los_Angeles"


def _papers() -> pd.DataFrame:
    """A small papers frame with exactly the catalog's columns (pandas 3 dtypes)."""
    rows = [
        dict(paper_id="iclr2021-xu-3f2a9c", title=None, authors=["Keyulu Xu", "Stefanie Jegelka"],
             abstract="Graph networks are studied.\nA second line, with \"quotes\".",
             tldr="GNNs extrapolate linearly.", venue="ICLR", year=2021, presentation="Oral",
             session="Oral Session 1", start="2021-05-04 18:00", end="2021-05-04 18:15",
             timezone=PDT, url="https://openreview.net/forum?id=UH-cmocLJC",
             code_urls=["https://github.com/x/y"], sources=["iclr2021_papers_with_tldr", "iclr2021_oral"]),
        dict(paper_id="iclr2019-poczos-a1b2c3", title="Graph Neural Nets für Ärzte: Ünïcödé",
             authors=["Barnabás Póczos", "Ruslan Salakhutdinov"], abstract=IMG_ABSTRACT, tldr=None,
             venue="ICLR", year=2019, presentation="Poster", session=None, start=None, end=None,
             timezone=None, url="javascript:alert(1)", code_urls=[], sources=["iclr2019_accepted_papers"]),
        dict(paper_id="neurips2018-smith-000001", title=HOSTILE_TITLE, authors=["John Smith Jr."],
             abstract=None, tldr=None, venue="NeurIPS", year=2018, presentation="Spotlight",
             session="Tue Track 2 -- Session 2", start="2018-12-04 20:30", end="2018-12-04 20:35",
             timezone=PDT, url=None, code_urls=[], sources=["neurips2018_session"]),
        dict(paper_id="iclr2021-xu-000002", title=None, authors=["Keyulu Xu"], abstract=None,
             tldr="Another short tl;dr.", venue="ICLR", year=2021, presentation=None, session=None,
             start=None, end=None, timezone=None, url=None, code_urls=[], sources=["iclr2021_papers_with_tldr"]),
    ]
    df = pd.DataFrame(rows)
    for col in ["paper_id", "title", "abstract", "tldr", "venue", "presentation", "session", "timezone", "url"]:
        df[col] = df[col].astype("string")
    df["year"] = df["year"].astype("Int64")
    df["n_authors"] = df["authors"].map(len)
    df["start"] = pd.to_datetime(df["start"], utc=True)
    df["end"] = pd.to_datetime(df["end"], utc=True)
    return df


def _talks(sample: pd.DataFrame) -> pd.DataFrame:
    timed = sample[sample["start"].notna()]
    return pd.DataFrame({
        "paper_id": timed["paper_id"].to_numpy(), "venue": timed["venue"].to_numpy(),
        "year": timed["year"].to_numpy(), "session": timed["session"].to_numpy(),
        "presentation": timed["presentation"].to_numpy(), "start": timed["start"].to_numpy(),
        "end": timed["end"].to_numpy(), "timezone": timed["timezone"].to_numpy(),
        "moderators": [["Mod One", "Mod Two"]] * len(timed), "source": "s", "line": 1,
    }).assign(start=lambda d: pd.to_datetime(d["start"], utc=True), end=lambda d: pd.to_datetime(d["end"], utc=True))


@pytest.fixture
def sample() -> pd.DataFrame:
    return _papers()


# ---------------------------------------------------------------- CSV / Parquet

def test_csv_round_trips_with_pandas(sample, tmp_path):
    path = tmp_path / "sample.csv"
    text = ex.to_csv(sample, path=path)
    assert path.read_text(encoding="utf-8") == text
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(sample.columns)
    assert len(back) == len(sample)
    for col in ["authors", "code_urls", "sources"]:
        got = [[] if v == "" else v.split("; ") for v in back[col]]
        assert got == [list(v) for v in sample[col]]
    for col in ["title", "abstract", "tldr", "url", "session"]:
        expected = ["" if pd.isna(v) else v for v in sample[col]]
        assert list(back[col]) == expected
    for col in ["start", "end"]:
        parsed = pd.to_datetime(back[col].replace("", None), utc=True, format="ISO8601")
        pd.testing.assert_series_equal(parsed, sample[col], check_names=False, check_dtype=False)
        assert all(v == "" or re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", v) for v in back[col])
    assert list(back["year"]) == ["2021", "2019", "2018", "2021"]


def test_csv_custom_list_separator(sample):
    back = pd.read_csv(io.StringIO(ex.to_csv(sample, list_sep="|")), dtype=str, keep_default_na=False)
    assert back.loc[0, "authors"] == "Keyulu Xu|Stefanie Jegelka"


def test_parquet_keeps_lists_and_time_zones(sample, tmp_path):
    path = tmp_path / "p.parquet"
    data = ex.to_parquet(sample, path=path)
    assert isinstance(data, bytes) and path.read_bytes() == data
    back = pd.read_parquet(io.BytesIO(data))
    assert [list(v) for v in back["authors"]] == [list(v) for v in sample["authors"]]
    assert str(back["start"].dt.tz) == "UTC"
    assert back["start"].equals(sample["start"])
    assert back["title"].isna().tolist() == sample["title"].isna().tolist()


@pytest.mark.parametrize("func", [ex.to_csv, ex.to_parquet, ex.to_bibtex, ex.to_markdown, ex.to_ics])
def test_non_frame_input_says_what_to_pass(func):
    with pytest.raises(TypeError, match="expects a pandas DataFrame such as cat.papers"):
        func([{"paper_id": "x"}])


def test_missing_columns_are_named(sample):
    with pytest.raises(ValueError, match="'authors'"):
        ex.to_bibtex(sample.drop(columns=["authors"]))


# ---------------------------------------------------------------- BibTeX

def _unlatex(value: str) -> str:
    """Undo the documented escaping of to_bibtex (specials outside math, braces)."""
    value = value.replace(r"\textbraceleft{}", "{").replace(r"\textbraceright{}", "}")
    value = value.replace(r"\textasciicircum{}", "^").replace(r"\textasciitilde{}", "~")
    return re.sub(r"\\([&%#_$])", r"\1", value)


def _parse_bib(text: str) -> bibtexparser.Library:
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    return lib


def test_bibtex_round_trips_fields(sample, tmp_path):
    path = tmp_path / "refs.bib"
    text = ex.to_bibtex(sample, path=path)
    assert path.read_text(encoding="utf-8") == text
    lib = _parse_bib(text)
    assert len(lib.entries) == len(sample)
    assert all(e.entry_type == "inproceedings" for e in lib.entries)
    keys = [e.key for e in lib.entries]
    assert len(set(keys)) == len(keys)
    by_title = {e.fields_dict["title"].value: e for e in lib.entries}

    accented = by_title["{Graph Neural Nets für Ärzte: Ünïcödé}"]   # double braces: case protected
    assert accented.fields_dict["author"].value == "Barnabás Póczos and Ruslan Salakhutdinov"
    assert accented.fields_dict["booktitle"].value == "International Conference on Learning Representations (ICLR)"
    assert accented.fields_dict["year"].value == "2019"
    assert "url" not in accented.fields_dict           # javascript: links are not exported
    assert _unlatex(accented.fields_dict["abstract"].value) == IMG_ABSTRACT
    assert "$p<N$" in accented.fields_dict["abstract"].value       # math kept verbatim
    assert accented.key == "poczos2019graph"

    hostile = next(e for e in lib.entries if "script" in e.fields_dict["title"].value)
    raw_title = hostile.fields_dict["title"].value
    assert raw_title.startswith("{") and raw_title.endswith("}")
    assert _unlatex(raw_title[1:-1]) == HOSTILE_TITLE
    assert r"50\% of \#1 a\_b $p<N$ {BERT}" in raw_title      # LaTeX-safe, math and grouping kept
    assert hostile.fields_dict["booktitle"].value == "Advances in Neural Information Processing Systems (NeurIPS)"
    assert hostile.key == "smith2018attention"                  # "Jr." is not the last name


def test_bibtex_untitled_papers_use_marked_tldr(sample):
    lib = _parse_bib(ex.to_bibtex(sample))
    untitled = [e for e in lib.entries if "[no title]" in e.fields_dict["title"].value]
    assert len(untitled) == 2
    first = untitled[0]
    assert first.fields_dict["title"].value == "{[no title] tl;dr: GNNs extrapolate linearly.}"
    assert "no title" in first.fields_dict["note"].value.lower()
    assert first.fields_dict["url"].value == "https://openreview.net/forum?id=UH-cmocLJC"


def test_bibtex_keys_unique_and_independent_of_row_order():
    base = dict(title="Graph attention", authors=["Keyulu Xu"], venue="ICLR", year=2021)
    df = pd.DataFrame([dict(base, paper_id=f"iclr2021-xu-{i}") for i in range(30)])
    keys = dict(zip(df["paper_id"], (e.key for e in _parse_bib(ex.to_bibtex(df)).entries)))
    assert len(set(keys.values())) == 30
    assert keys["iclr2021-xu-0"] == "xu2021grapha" and keys["iclr2021-xu-1"] == "xu2021graphb"
    shuffled = df.sample(frac=1, random_state=3)
    keys2 = dict(zip(shuffled["paper_id"], (e.key for e in _parse_bib(ex.to_bibtex(shuffled)).entries)))
    assert keys2 == keys


@pytest.mark.parametrize(
    "title",
    ["unbalanced { brace", "closing } first {", r"escaped \{ brace", "}{", "x^2 ~ y $5 and $x$ 100%", "back\\slash"],
)
def test_bibtex_awkward_titles_stay_parseable(title):
    df = pd.DataFrame([dict(paper_id="p", title=title, authors=["A B"], venue="ICLR", year=2020)])
    entry = _parse_bib(ex.to_bibtex(df)).entries[0]
    value = entry.fields_dict["title"].value
    assert value.count("{") == value.count("}")
    if "\\{" not in title:
        assert _unlatex(value[1:-1]) == title


# ---------------------------------------------------------------- iCalendar

def _events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_ics_pdt_talk_is_local_with_vtimezone(sample, tmp_path):
    path = tmp_path / "talks.ics"
    text = ex.to_ics(sample, untimed="ignore", path=path)
    assert path.read_bytes() == text.encode("utf-8")
    assert "\r\n" in text
    cal = icalendar.Calendar.from_ical(text)
    assert [tz.tz_name for tz in cal.timezones] == [PDT]
    events = _events(text)
    assert len(events) == 2
    oral = next(e for e in events if e["UID"].startswith("iclr2021-xu-3f2a9c"))
    start = oral.decoded("DTSTART")
    assert start.tzinfo is not None and start.replace(tzinfo=None) == datetime(2021, 5, 4, 11, 0)
    assert start.astimezone(timezone.utc) == datetime(2021, 5, 4, 18, 0, tzinfo=timezone.utc)
    assert oral.decoded("DTEND").astimezone(timezone.utc) == datetime(2021, 5, 4, 18, 15, tzinfo=timezone.utc)
    assert oral["DTSTART"].params["TZID"] == PDT
    assert str(oral["SUMMARY"]) == "[Oral] [no title] tl;dr: GNNs extrapolate linearly."
    desc = str(oral["DESCRIPTION"])
    assert "Keyulu Xu, Stefanie Jegelka" in desc and 'A second line, with "quotes".' in desc
    assert str(oral["LOCATION"]) == "Oral Session 1"
    assert [str(c) for c in oral.categories] == ["ICLR 2021", "Oral"]
    assert str(oral["URL"]) == "https://openreview.net/forum?id=UH-cmocLJC"


def test_ics_hostile_text_round_trips_verbatim(sample):
    events = _events(ex.to_ics(sample, untimed="ignore"))
    spot = next(e for e in events if e["UID"].startswith("neurips2018-smith"))
    assert str(spot["SUMMARY"]) == f"[Spotlight] {HOSTILE_TITLE}"
    assert str(spot["LOCATION"]) == "Tue Track 2 -- Session 2"
    # 12:30 PST on 4 Dec 2018
    assert spot.decoded("DTSTART").replace(tzinfo=None) == datetime(2018, 12, 4, 12, 30)


@pytest.mark.parametrize("tz, local_hour", [("UTC", 18), ("Europe/Berlin", 20), ("Asia/Kolkata", 23)])
def test_ics_explicit_time_zone(sample, tz, local_hour):
    text = ex.to_ics(sample, tz=tz, untimed="ignore")
    oral = next(e for e in _events(text) if e["UID"].startswith("iclr2021-xu-3f2a9c"))
    start = oral.decoded("DTSTART")
    assert start.hour == local_hour
    assert start.astimezone(timezone.utc).hour == 18
    if tz == "UTC":
        assert "DTSTART:20210504T180000Z" in text and "BEGIN:VTIMEZONE" not in text
    else:
        assert [z.tz_name for z in icalendar.Calendar.from_ical(text).timezones] == [tz]


def test_ics_uids_stable_and_output_reproducible(sample):
    stamp = datetime(2024, 1, 1, tzinfo=timezone.utc)
    a = ex.to_ics(sample, untimed="ignore", stamp=stamp)
    b = ex.to_ics(sample.iloc[::-1], untimed="ignore", stamp=stamp)
    assert sorted(e["UID"] for e in _events(a)) == sorted(e["UID"] for e in _events(b))
    assert a == ex.to_ics(sample, untimed="ignore", stamp=stamp)
    uids = [e["UID"] for e in _events(a)]
    assert len(set(uids)) == len(uids)


def test_ics_untimed_rows_warn_ignore_or_raise(sample):
    with pytest.warns(UserWarning, match="2 of 4 rows have no talk time"):
        ex.to_ics(sample)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex.to_ics(sample, untimed="ignore")
    with pytest.raises(ValueError, match="2 of 4 rows have no talk time"):
        ex.to_ics(sample, untimed="raise")
    with pytest.raises(ValueError, match="none of the 2 rows has a talk time"):
        ex.to_ics(sample[sample["start"].isna()])
    with pytest.raises(ValueError, match="untimed must be one of"):
        ex.to_ics(sample, untimed="skip")


def test_ics_from_talks_frame_with_papers(sample):
    talks = _talks(sample)
    events = _events(ex.to_ics(talks, papers=sample))
    assert len(events) == 2
    oral = next(e for e in events if e["UID"].startswith("iclr2021-xu-3f2a9c"))
    assert str(oral["SUMMARY"]).startswith("[Oral] [no title] tl;dr:")
    assert "Moderators: Mod One, Mod Two" in str(oral["DESCRIPTION"])
    # without papers= the talk is named by its id
    bare = _events(ex.to_ics(talks))
    assert {str(e["SUMMARY"]) for e in bare} == {"[Oral] iclr2021-xu-3f2a9c", "[Spotlight] neurips2018-smith-000001"}
    with pytest.raises(ValueError, match="papers= is only used with a talks frame"):
        ex.to_ics(sample, papers=sample)


def test_ics_rejects_naive_times_and_unknown_zones(sample):
    naive = sample.assign(start=sample["start"].dt.tz_localize(None))
    with pytest.raises(ValueError, match="time-zone-aware 'start'.*tz_localize"):
        ex.to_ics(naive, untimed="ignore")
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        ex.to_ics(sample, tz="Mars/Olympus", untimed="ignore")
    with pytest.raises(ValueError, match="no 'start' column"):
        ex.to_ics(sample.drop(columns=["start"]))


# ---------------------------------------------------------------- Markdown

def _items(md_text: str) -> list[str]:
    rendered = mistune.html(md_text)
    return re.findall(r"<li>(.*?)</li>", rendered, flags=re.S)


def test_markdown_reading_list_structure(sample, tmp_path):
    path = tmp_path / "list.md"
    text = ex.to_markdown(sample, path=path)
    assert path.read_text(encoding="utf-8") == text
    assert text.startswith("# Reading list\n\n1. ")
    items = _items(text)
    assert len(items) == 4
    assert items[0].startswith("<em>[no title] tl;dr:</em> GNNs extrapolate linearly.")
    assert '<a href="https://openreview.net/forum?id=UH-cmocLJC">paper</a>' in items[0]
    assert '<a href="https://github.com/x/y">code</a>' in items[0]
    assert "ICLR 2021, Oral" in items[0]
    assert items[1].startswith("<strong>Graph Neural Nets für Ärzte: Ünïcödé</strong> — Barnabás Póczos, Ruslan Salakhutdinov. ICLR 2019, Poster.")


def test_markdown_hostile_text_cannot_inject(sample):
    text = ex.to_markdown(sample, abstracts=True)
    rendered = mistune.html(text)
    assert "<script" not in rendered and "<img" not in rendered
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    strong = re.findall(r"<strong>(.*?)</strong>", rendered, flags=re.S)
    assert html.unescape(strong[1]) == HOSTILE_TITLE        # shown as text, exactly
    assert "<em>" not in html.unescape(strong[1])
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).count(IMG_ABSTRACT) == 1


def test_markdown_heading_and_abstract_options(sample):
    text = ex.to_markdown(sample.iloc[[1]], heading=None, abstracts=True)
    lines = text.splitlines()
    assert lines[0].startswith("1. **")
    assert lines[1].startswith("   > ")
    assert ex.to_markdown(sample.iloc[[1]], heading=None).count("\n") == 1


# ---------------------------------------------------------------- the bundled catalog

# `catalog` is the session fixture from conftest.py (the bundled catalog)

def test_bundled_catalog_bibtex(catalog):
    papers = catalog.papers
    lib = _parse_bib(ex.to_bibtex(papers))
    assert len(lib.entries) == len(papers)
    assert len({e.key for e in lib.entries}) == len(papers)
    notes = sum("note" in e.fields_dict for e in lib.entries)
    assert notes == int(papers["title"].isna().sum())
    for entry in lib.entries:
        value = entry.fields_dict["title"].value
        assert value.count("{") == value.count("}")


def test_bundled_catalog_ics_times(catalog):
    text = ex.to_ics(catalog.talks, papers=catalog.papers)
    events = _events(text)
    assert len(events) == len(catalog.talks)
    starts_utc = sorted(e.decoded("DTSTART").astimezone(timezone.utc) for e in events)
    assert starts_utc == sorted(t.to_pydatetime() for t in catalog.talks["start"])
    # ICLR 2021's first oral is at 11:00 PDT, i.e. 18:00 UTC
    iclr = [e for e in events if "ICLR 2021" in [str(c) for c in e.categories]]
    first = min(iclr, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART").astimezone(ZoneInfo(PDT)).hour == 11
    assert first.decoded("DTSTART").astimezone(timezone.utc).hour == 18


def test_bundled_catalog_csv_and_markdown(catalog):
    papers = catalog.papers
    back = pd.read_csv(io.StringIO(ex.to_csv(papers)), dtype=str, keep_default_na=False)
    assert back["paper_id"].tolist() == papers["paper_id"].tolist()
    assert [v.split("; ") if v else [] for v in back["authors"]] == [list(a) for a in papers["authors"]]
    items = _items(ex.to_markdown(papers))
    assert len(items) == len(papers)
    rng = random.Random(0)
    for i in rng.sample(range(len(papers)), 50):
        title = papers["title"].iloc[i]
        if not pd.isna(title):
            shown = re.search(r"<strong>(.*?)</strong>", items[i], flags=re.S).group(1)
            assert html.unescape(shown) == " ".join(title.split())
