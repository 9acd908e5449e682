"""Format readers on files they have never seen: other venues, layouts and damage."""

from __future__ import annotations

import gzip
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import confexplore as cx


def problems_of(df: pd.DataFrame) -> pd.DataFrame:
    """read_source's problems (plain dicts in attrs) as a table."""
    return pd.DataFrame(df.attrs["problems"], columns=["source", "line", "kind", "message", "record_kept"])


PAPER_LIST = """\
  ## [1] Deep Sets for \\*Everyone\\*

  **Authors**: *Alice Smith, Bob Jones*

  **Conference**: *nips 2017*

  **URL**: [https://papers.nips.cc/paper/1](https://papers.nips.cc/paper/1)

  **Abstract**:

  We study sets. Our code is at https://github.com/alice/sets.
  It is fast.

  Second paragraph.

  ----

  ## [2] Graph Things

  **Authors**: *Carol White*

  **Conference**: *cvpr 2020*

  **URL**: [https://example.org/2](https://example.org/2)

  **Abstract**:

  Graphs are everywhere and we study them at length in this paper.

  ----

  [Go to the next page](CVPR-2020-list02.md)
"""

ACCEPTED = """\
[Learning \\(Fast\\) Things](#)

- Ada Lovelace, *Charles Babbage*, and Grace Hopper*
- abstract@[open-review\\(Oral\\)](#): We learn things fast. See <https://github.com/ada/fast>.

More detail in a second paragraph.

A Plain Title Line

- Alan Turing
- abstract@[open-review\\(Poster\\)](#): Machines can think, we argue at some length here.
"""

TLDR = """\
Ada Lovelace, Charles Babbage
tl;dr: Engines compute.
We describe an analytical engine that computes things and can be programmed by cards.
grace hopper, alan turing
We describe a compiler that translates English-like words into machine code for computers.
"""

SESSION = """\
Session

Wed Track 1 -- Session 3

Wed 5 Dec. 10:00 - 10:15 EST

Oral
A Paper With One Author

Single Person

First paragraph of abstract.

Second paragraph of abstract.

Wed 5 Dec. 10:15 - 10:20 EST

Spotlight

Alice Smith · Bob Jones

No title on this talk, only authors and an abstract that is long enough to be prose.

Wed 5 Dec. 23:50 - 00:10 EST

Poster
Late Night Poster

Carol White · Dan Brown

An abstract of a poster shown late at night.
"""


def write(tmp_path, name, text, *, newline="\n", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def test_paper_list_other_venues_indented_crlf(tmp_path):
    path = write(tmp_path, "list.md", PAPER_LIST, newline="\r\n")
    df = cx.read_source(path)
    assert df.attrs["format"] == "paper-list"
    assert df[["venue", "year"]].astype(object).values.tolist() == [["NeurIPS", 2017], ["CVPR", 2020]]
    first = df.iloc[0]
    assert first["title"] == "Deep Sets for *Everyone*"
    assert first["authors"] == ["Alice Smith", "Bob Jones"]
    assert first["abstract"] == "We study sets. Our code is at https://github.com/alice/sets. It is fast.\n\nSecond paragraph."
    assert first["code_urls"] == ["https://github.com/alice/sets"]
    assert first["url"] == "https://papers.nips.cc/paper/1"
    assert first["number"] == 1
    assert df.iloc[1]["authors"] == ["Carol White"]
    assert len(problems_of(df)) == 0


def test_paper_list_with_control_characters_is_repaired_and_reported(tmp_path):
    path = write(tmp_path, "list.md", PAPER_LIST.replace("Graph Things", "Graph\x0b Things\x1b"))
    df = cx.read_source(path)
    assert df.iloc[1]["title"] == "Graph Things"
    problems = problems_of(df)
    assert (problems["kind"] == "repaired").sum() == 1
    assert problems["message"].str.contains("control character").all()


def test_paper_list_cut_inside_its_last_paper_is_reported(tmp_path):
    # the others end with a rule; a file that stops inside a paper has lost its end
    cut = PAPER_LIST[: PAPER_LIST.index("at length")]
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):
        df = cx.read_source(write(tmp_path, "cut.md", cut))
    assert df["title"].tolist() == ["Deep Sets for *Everyone*", "Graph Things"]
    assert df.iloc[1]["abstract"] == "Graphs are everywhere and we study them"
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[18, "incomplete"]]
    assert "file ends (line 28) inside this paper" in problems["message"].iloc[0]
    assert "abstract" in problems["message"].iloc[0]
    with pytest.raises(cx.ParseError, match=r"cut\.md, line 18: the file ends"):
        cx.read_source(write(tmp_path, "cut.md", cut), errors="raise")
    # a complete file, and a file of one paper with no rule at all, are not flagged
    assert problems_of(cx.read_source(write(tmp_path, "whole.md", PAPER_LIST))).empty
    one = PAPER_LIST[PAPER_LIST.index("  ## [2]") : PAPER_LIST.index("  ----\n\n  [Go")]
    assert problems_of(cx.read_source(write(tmp_path, "one.md", one))).empty


def test_paper_list_starting_inside_a_paper_keeps_it_without_title(tmp_path):
    # a page cut at the top: the end of a title line, then the fields of that paper
    start = PAPER_LIST.index("  **Authors**: *Alice")
    text = "Everyone, cut short\n\n" + PAPER_LIST[start:]
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(write(tmp_path, "tail.md", text))
    assert len(df) == 2
    first = df.iloc[0]
    assert pd.isna(first["title"]) and first["authors"] == ["Alice Smith", "Bob Jones"]
    assert first["abstract"].startswith("We study sets.") and first["url"] == "https://papers.nips.cc/paper/1"
    assert (first["venue"], first["year"], first["line"]) == ("NeurIPS", 2017, 3)
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[1, "ignored"], [3, "incomplete"]]
    assert "starts inside this paper" in problems["message"].iloc[1]
    # text before the first paper is one problem row per block, not one per line
    text = "Some notes\nmore notes\n\n  ----\n\n" + PAPER_LIST
    problems = problems_of(cx.read_source(write(tmp_path, "pre.md", text)))
    assert problems[["line", "kind"]].values.tolist() == [[1, "ignored"]]
    assert "lines 1-4 (it ends with a rule" in problems["message"].iloc[0]


def test_paper_list_papers_without_the_usual_header_are_kept(tmp_path):
    # a header lost after a rule, a heading of another shape, bold labels with the colon inside
    rest = PAPER_LIST[PAPER_LIST.index("  **Authors**: *Carol") :]
    text = PAPER_LIST[: PAPER_LIST.index("  ## [2]")] + rest.replace("**Authors**:", "**Authors:**") + (
        "\n## 12. Heading Without Brackets\n\n**Authors**: *Eve Black*\n\n**Abstract**:\n\nText twelve.\n\n----\n"
    )
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):
        df = cx.read_source(cx.Source(write(tmp_path, "ICML-2022-list03.md", text)))
    assert df["authors"].tolist() == [["Alice Smith", "Bob Jones"], ["Carol White"], ["Eve Black"]]
    assert pd.isna(df["title"].iloc[1]) and df["abstract"].iloc[1].startswith("Graphs are everywhere")
    assert df["title"].iloc[2] == "Heading Without Brackets" and df["number"].iloc[2] == 12
    # the third paper names no conference: ICML 2022 from the file name, with no "record without venue"
    assert df[["venue", "year"]].iloc[2].tolist() == ["ICML", 2022]
    problems = problems_of(df)
    assert problems[problems["kind"] == "incomplete"]["message"].tolist() == [
        "this paper has no '## [N] title' line, so the record has no title"
    ]
    assert not problems["message"].str.contains("without venue").any()


def test_paper_list_structured_abstract_and_abstract_without_its_label(tmp_path):
    text = PAPER_LIST.replace("We study sets. Our code is at https://github.com/alice/sets.",
                              "**Background**: Sets matter.\n\n  **Methods**: We study sets.")
    text = text.replace("  **Abstract**:\n\n  Graphs are", "  Graphs are")  # the second paper's label is lost
    text = text.replace("  ----\n\n  [Go", "  **Keywords**: graphs\n\n  ----\n\n  [Go")
    df = cx.read_source(write(tmp_path, "s.md", text))
    assert df["abstract"].iloc[0].startswith("**Background**: Sets matter.\n\n**Methods**: We study sets.")
    assert df["abstract"].iloc[1] == "Graphs are everywhere and we study them at length in this paper."
    assert df["url"].iloc[1] == "https://example.org/2"
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[28, "repaired"], [30, "ignored"]]
    assert "no **Abstract** label" in problems["message"].iloc[0]


def test_decode_keeps_utf8_letters_on_a_windows_1252_line_and_other_damage():
    from confexplore.sources import decode

    # one Latin-1 name on a line of UTF-8 names: only the Latin-1 bytes are read as Windows-1252
    mixed = "Álvaro Ízquierdo, Ýmir Ðorđević, ".encode() + "Renée Dupont".encode("latin-1") + b"\nnext\n"
    lines, problems = decode(mixed, "m.txt")
    assert lines[0] == "Álvaro Ízquierdo, Ýmir Ðorđević, Renée Dupont"
    assert [(p["line"], p["kind"]) for p in problems] == [(1, "encoding")]
    # a file cut inside a character loses that character only, and says so
    lines, problems = decode("a\nJosé Ál".encode()[:-2], "cut.txt")
    assert lines == ["a", "José "] and problems[0]["line"] == 2 and "inside a UTF-8 character" in problems[0]["message"]
    # UTF-16 without a byte-order mark, either byte order
    for codec in ("utf-16-le", "utf-16-be"):
        lines, problems = decode("Ada Lovelace, Alan Turing\nAn abstract.\n".encode(codec), "u.txt")
        assert lines[:2] == ["Ada Lovelace, Alan Turing", "An abstract."]
        assert codec.upper() in problems[0]["message"]
    # a stray NUL in a long text file is removed like other control characters
    text = ("x" * 300 + "\n") * 3
    lines, problems = decode(text.encode().replace(b"xxx", b"x\x00x", 1), "n.txt")
    assert lines[0] == "x" * 299 and problems[0]["message"] == "removed 1 NUL byte(s), the first on line 1"
    # its line counts CR line ends too, as the lines themselves do
    lines, problems = decode(("a\rb\r\n" + "x" * 600 + "\x00").encode(), "cr.txt")
    assert lines[2] == "x" * 600 and problems[0]["line"] == 3


def test_decode_fast_path_knows_every_ascii_control_character():
    # decode skips ASCII lines of files without these bytes: the set must be what
    # remove_control_chars removes among ASCII characters
    from confexplore.sources import _ASCII_CONTROL_BYTES, decode
    from confexplore.text import remove_control_chars

    removed = bytes(c for c in range(128) if remove_control_chars(chr(c))[1])
    assert removed == _ASCII_CONTROL_BYTES
    # a file with no ASCII control byte still has its non-ASCII lines checked
    lines, problems = decode("Zero\u200bwidth Café\nplain line\n".encode("utf-8"), "f.txt")
    assert lines[0] == "Zerowidth Café" and lines[1] == "plain line"
    assert [p["line"] for p in problems] == [1]


def test_decode_finds_control_characters_on_any_line_and_line_ending():
    """decode finds lines with ASCII control bytes from the bytes (CRLF and CR turned into
    LF first) and looks at non-ASCII lines itself: every line must come out as a plain
    split of the text with the control characters removed, the first one reported."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore.sources import decode
    from confexplore.text import _CONTROL

    pieces = st.sampled_from(["word", " ", "Zoë", "\n", "\r\n", "\r", "\x07", "\x1b", "\t", "\x0c", "\x7f",
                              "\x85", "\u200b", "\ufeff", "é", "x" * 40])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, min_size=1, max_size=25).map("".join))
    def check(text):
        plain = re.sub("\r\n?", "\n", text.removeprefix("\ufeff")).split("\n")
        expected = [_CONTROL.sub("", line) for line in plain]
        n_controls = sum(len(_CONTROL.findall(line)) for line in plain)
        if not any(line.strip() for line in expected) or n_controls > max(20, len(text) // 10):
            with pytest.raises(cx.ParseError):
                decode(text.encode("utf-8"), "t.txt")
            return
        lines, problems = decode(text.encode("utf-8"), "t.txt")
        assert lines == expected
        if n_controls:
            first = next(i for i, line in enumerate(plain, 1) if _CONTROL.search(line))
            assert (problems[-1]["line"], problems[-1]["message"]) == (
                first, f"removed {n_controls} control character(s), the first on line {first}")
        else:
            assert problems == []

    check()


def test_accepted_list_layout(tmp_path):
    df = cx.read_source(cx.Source(write(tmp_path, "accepted.md", ACCEPTED), venue="ICLR", year=2019))
    assert df.attrs["format"] == "accepted-list"
    assert df["title"].tolist() == ["Learning (Fast) Things", "A Plain Title Line"]
    assert df.iloc[0]["authors"] == ["Ada Lovelace", "Charles Babbage", "Grace Hopper"]
    assert df["presentation"].tolist() == ["Oral", "Poster"]
    assert df.iloc[0]["abstract"] == "We learn things fast. See https://github.com/ada/fast.\n\nMore detail in a second paragraph."
    assert df.iloc[0]["code_urls"] == ["https://github.com/ada/fast"]
    assert df["line"].tolist() == [1, 8]


def test_accepted_list_abstracts_with_lists_links_and_wrapped_lines(tmp_path):
    text = """\
[Paper One](#)

- Alice Smith,
  Bob Jones, Carol White
- abstract@[open-review\\(Poster\\)](#): This abstract was hard-wrapped
at seventy columns, so its one paragraph runs
over three lines. We list our contributions:

- a new method for X,
- a theory for Y.

[Code and data](https://github.com/alice/method)

[Paper Two](#)

- Dan Brown
- abstract@[open-review\\(Oral\\)](#): Abstract two.
"""
    df = cx.read_source(cx.Source(write(tmp_path, "a.md", text), venue="ICLR", year=2019))
    assert df["title"].tolist() == ["Paper One", "Paper Two"]
    assert df["authors"].tolist() == [["Alice Smith", "Bob Jones", "Carol White"], ["Dan Brown"]]
    assert df["abstract"].iloc[0] == (
        "This abstract was hard-wrapped at seventy columns, so its one paragraph runs over three lines. "
        "We list our contributions:\n\n- a new method for X,\n\n- a theory for Y.\n\n"
        "[Code and data](https://github.com/alice/method)"
    )
    assert df["code_urls"].iloc[0] == ["https://github.com/alice/method"]
    assert problems_of(df).empty


def test_accepted_list_damaged_paper_after_an_abstract_is_not_read_as_its_text(tmp_path):
    # an author line followed by a damaged abstract line (no "@") is a paper, not a list in the abstract
    text = ACCEPTED.replace("- abstract@[open-review\\(Poster\\)](#)", "- abstract[open-review\\(Poster\\)](#)")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "a.md", text), venue="ICLR", year=2019))
    assert df["title"].tolist()[:2] == ["Learning (Fast) Things", "A Plain Title Line"]
    assert df["abstract"].iloc[0].endswith("More detail in a second paragraph.")
    assert df["authors"].iloc[1] == ["Alan Turing"]
    assert (problems_of(df)["kind"] == "incomplete").any()


def test_tldr_list_with_lowercase_names_and_missing_tldr(tmp_path):
    df = cx.read_source(cx.Source(write(tmp_path, "t.txt", TLDR), venue="ICLR", year=2021))
    assert df.attrs["format"] == "tldr-list"
    assert df["authors"].tolist() == [["Ada Lovelace", "Charles Babbage"], ["grace hopper", "alan turing"]]
    assert df["tldr"].tolist()[0] == "Engines compute."
    assert pd.isna(df["tldr"].iloc[1])
    assert "title" not in df.columns  # the format has none
    assert set(df["venue"]) == {"ICLR"}


def test_tldr_list_author_lines_with_et_al_jr_and_hundreds_of_names(tmp_path):
    many = ", ".join(f"Author Number{chr(65 + i % 26)}{chr(65 + i // 26)}" for i in range(450))  # ~10,000 characters
    text = (
        "Ada Lovelace, Charles Babbage, et al.\nAn abstract about engines that compute numbers for all of us, day and night.\n"
        "Carol White, Martin Luther King Jr.\nAn abstract about dreams, written as one long sentence here for the test to read.\n"
        f"{many}\nAn abstract of a benchmark written by very many people over a long time and with care.\n"
    )
    df = cx.read_source(cx.Source(write(tmp_path, "t.txt", text), venue="ICLR", year=2021))
    assert df["authors"].map(len).tolist() == [2, 2, 450]
    assert df["authors"].iloc[1] == ["Carol White", "Martin Luther King Jr."]
    assert df["abstract"].iloc[0].startswith("An abstract about engines")
    assert problems_of(df).empty


def test_tldr_list_author_lines_with_semicolons_and_affiliation_numbers(tmp_path):
    text = (
        "Ada Lovelace; Charles Babbage; Grace Hopper\nAn abstract about engines that compute numbers for all of us, day and night.\n"
        "Carol White1,2, Dan Brown2\nAn abstract about dreams, written as one long sentence here for the test to read.\n"
        "Eve Black; Finn Green; Gus Brown; Hal White\nAn abstract about four authors, whose names a semicolon separates here.\n"
        "Ivy Stone,1 Jon Reed,2\nAn abstract copied from a PDF, where the affiliation numbers lead each next name.\n"
        "Kim Lane 1, Lou Park 2\nAn abstract copied from a PDF, where the affiliation numbers follow each name.\n"
    )
    df = cx.read_source(cx.Source(write(tmp_path, "t.txt", text), venue="ICLR", year=2021))
    assert df["authors"].tolist() == [
        ["Ada Lovelace", "Charles Babbage", "Grace Hopper"], ["Carol White", "Dan Brown"],
        ["Eve Black", "Finn Green", "Gus Brown", "Hal White"], ["Ivy Stone", "Jon Reed"], ["Kim Lane", "Lou Park"],
    ]
    assert df["abstract"].iloc[0].startswith("An abstract about engines")
    assert problems_of(df).empty


def test_tldr_list_affiliation_lines_are_not_author_lines():
    from confexplore.sources.tldr_list import looks_like_author_line

    # institutions numbered for a PDF's author list, a numbered lab, a title-like line
    for line in ("1Stanford University, 2Google Research", "1 Meta AI", "3D Shape Generation"):
        assert not looks_like_author_line(line), line
    for line in ("Alice Smith,1 Bob Jones,2", "Alice Smith 1, Bob Jones 2", "Jack Sparrow1,2, Will Turner2"):
        assert looks_like_author_line(line), line


def test_tldr_list_reports_mojibake_repaired_in_the_tldr(tmp_path):
    # the tl;dr was checked after cleaning had repaired it, so its repair went unreported
    text = ("Alice Smith, Bob Jones\ntl;dr: A GÃ¼nter-style summary.\n"
            "We study a thing in depth and find that it works well in most cases we tried here.\n")
    df = cx.read_source(cx.Source(write(tmp_path, "t.txt", text), venue="ICLR", year=2021))
    assert df["tldr"].tolist() == ["A Günter-style summary."]
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[2, "repaired"]]  # the tl;dr's own line
    assert problems["message"].iloc[0] == "mojibake repaired in tl;dr: 'A GÃ¼nter-style summary.' -> 'A Günter-style summary.'"


def test_session_page_single_author_no_title_and_midnight(tmp_path):
    df = cx.read_source(cx.Source(write(tmp_path, "s.txt", SESSION), venue="NeurIPS", year=2018))
    assert df.attrs["format"] == "session-page"
    assert df["title"].tolist()[0] == "A Paper With One Author"
    assert df["authors"].tolist() == [["Single Person"], ["Alice Smith", "Bob Jones"], ["Carol White", "Dan Brown"]]
    assert pd.isna(df["title"].iloc[1])
    assert df["abstract"].iloc[0] == "First paragraph of abstract.\n\nSecond paragraph of abstract."
    assert df["presentation"].tolist() == ["Oral", "Spotlight", "Poster"]
    assert set(df["session"]) == {"Wed Track 1 -- Session 3"}
    assert df["start"].iloc[0] == pd.Timestamp("2018-12-05 15:00", tz="UTC")
    # 23:50 - 00:10 ends the next day
    assert df["end"].iloc[2] - df["start"].iloc[2] == pd.Timedelta(minutes=20)
    assert set(df["timezone"]) == {"America/New_York"}


POSTER_SESSION = """\
Poster Session
Poster Session 2
Hall J
Tue 29 Nov 9 a.m. CST — 11 a.m. CST

Chat is not available.

Tue 29 Nov 9 a.m. CST — 11 a.m. CST
Poster
Hall J #711
A Unified Sequence Interface for Vision Tasks
Ting Chen · Saurabh Saxena
[ Abstract ] [ OpenReview ]
Tasks are sequences.

Tue 29 Nov noon CST — 12:15 p.m. CST
Affinity Poster
Attention Is All You Need
Abstract without authors on the page.

Tue 12:30 - 12:35 CST
Spotlight
A Talk With A Day But No Month
Ivy Chen

Tue Dec 29th 10:05 -- 10:20 AM (CST) @ West Exhibition Hall C
Oral
Ordinal Days And A Room
Ann Bee · Cy Dee
Abstract of the ordinal talk.

Tue 29 Nov 1:00 - 1:15 UTC+25
Oral
A Talk In An Impossible Zone
Dee Eff
Abstract of the impossible zone.

Tue 29 Nov 11 p.m. CAT — Wed 30 Nov 1 a.m. CAT
Poster
A Talk Past Midnight In Kigali
Eve Gee · Fay Hay
Abstract of the late talk.

Tue 29 Nov 2 p.m. CST — 3 p.m. CST
"""


def test_session_page_layouts_of_other_years(tmp_path):
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "s.txt", POSTER_SESSION), venue="NeurIPS", year=2022))
    assert df["title"].tolist() == [
        "A Unified Sequence Interface for Vision Tasks", "Attention Is All You Need", "A Talk With A Day But No Month",
        "Ordinal Days And A Room", "A Talk In An Impossible Zone", "A Talk Past Midnight In Kigali",
    ]
    assert set(df["session"]) == {"Poster Session 2"}  # the name under the page's label
    first = df.iloc[0]  # the place and the link buttons are not part of the talk
    assert first["abstract"] == "Tasks are sequences." and first["authors"] == ["Ting Chen", "Saurabh Saxena"]
    assert df.iloc[1]["authors"] == [] and df.iloc[1]["presentation"] == "Poster"
    assert df["start"].iloc[1] == pd.Timestamp("2022-11-29 18:00", tz="UTC")  # noon CST
    assert pd.isna(df["start"].iloc[2]) and df.iloc[2]["authors"] == ["Ivy Chen"]  # not glued to the talk before
    assert df["start"].iloc[3] == pd.Timestamp("2022-12-29 16:05", tz="UTC")  # "10:05 -- 10:20 AM (CST)"
    assert df["end"].iloc[3] == pd.Timestamp("2022-12-29 16:20", tz="UTC")
    assert pd.isna(df["start"].iloc[4])  # an impossible offset loses this time only
    assert df["start"].iloc[5] == pd.Timestamp("2022-11-29 21:00", tz="UTC")
    assert df["end"].iloc[5] == pd.Timestamp("2022-11-29 23:00", tz="UTC")
    problems = problems_of(df)
    by_line = problems.groupby("line")["message"].agg(" | ".join)
    assert "no talk under it (the session's own time?)" in by_line[4]
    assert "time slot not understood: 'Tue 12:30 - 12:35 CST'" in by_line[21]
    assert "impossible UTC offset 'UTC+25'" in by_line[32]
    from confexplore.sources.session_page import parse_slot

    assert str(parse_slot("Tue 4 Dec 12 noon — 12:15 p.m. HST", year=2018)["start"]) == "2018-12-04 22:00:00+00:00"
    assert "unknown time zone 'UTCX'" in parse_slot("Wed 26 Jul 10:38 — 10:46 UTCX", year=2023)["error"]
    # the page ends after a time line: a talk may be lost, and it is counted as such
    last = problems[problems["line"] == 44].iloc[0]
    assert last["kind"] == "skipped" and not last["record_kept"] and "ends after this time line" in last["message"]
    with pytest.warns(cx.CatalogWarning):
        cat = cx.load_catalog([cx.Source(write(tmp_path, "s.txt", POSTER_SESSION), venue="NeurIPS", year=2022)])
    assert int(cat.sources["records"].iloc[0]) == len(cat.records) + 1


def test_session_page_lone_name_with_a_middle_initial_is_the_author(tmp_path):
    text = ("Thu 17 Jul 08:00 - 10:00 EDT\n\nPoster\n\nBo Han · Yifei Gong\n\nAn abstract of a poster shown here.\n\n"
            "Thu 17 Jul 08:00 - 10:00 EDT\n\nPoster\n\nJorge A St-charles\n\nAnother abstract of a poster.\n")
    df = cx.read_source(cx.Source(write(tmp_path, "s.txt", text), venue="ICML", year=2014))
    assert df["authors"].tolist() == [["Bo Han", "Yifei Gong"], ["Jorge A St-charles"]]
    assert problems_of(df).empty


def test_session_page_cards_with_the_kind_above_the_time_line(tmp_path):
    text = (
        "Oral Session\nOral 2A Efficient Learning\n\nTue 12 Dec 10:30 a.m. CST — 11:30 a.m. CST\n\nChat is not available.\n\n"
        "Oral\nTue 12 Dec 10:30 — 10:45 CST\nFirst Title\n\nAnn Bee · Cy Dee\n\nAbstract one.\n\n"
        "Spotlight\nTue 12 Dec 10:45 — 11:00 CST\nSecond Title\n\nEve Gee\n\nAbstract two.\n"
    )
    df = cx.read_source(cx.Source(write(tmp_path, "s.txt", text), venue="NeurIPS", year=2023))
    assert df["title"].tolist() == ["First Title", "Second Title"]
    assert df["presentation"].tolist() == ["Oral", "Spotlight"]
    assert df["abstract"].tolist() == ["Abstract one.", "Abstract two."]  # not "Abstract one.\n\nSpotlight"
    assert set(df["session"]) == {"Oral 2A Efficient Learning"}


def test_session_page_year_inferred_from_weekday(tmp_path):
    df = cx.read_source(cx.Source(write(tmp_path, "session.txt", SESSION), venue="NeurIPS"))
    assert set(df["year"]) == {2018}  # 5 December was a Wednesday in 2018
    kinds = problems_of(df)["kind"].tolist()
    assert kinds.count("inferred") == 1


def test_session_page_twelve_hour_clock_and_other_zone(tmp_path):
    text = "Thu 15 Jul 9:00 a.m. - 9:15 a.m. CEST\n\nOral\nA Title\n\nAnn Author · Bo Author\n\nAbstract text.\n"
    df = cx.read_source(cx.Source(write(tmp_path, "icml.txt", text), venue="ICML", year=2021))
    assert df["start"].iloc[0] == pd.Timestamp("2021-07-15 07:00", tz="UTC")
    assert df["timezone"].iloc[0] == "Europe/Paris"


def test_impossible_time_is_kept_and_reported(tmp_path):
    bad = SESSION.replace("10:15 - 10:20", "25:15 - 10:20")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "s.txt", bad), year=2018))
    assert len(df) == 3
    assert pd.isna(df["start"].iloc[1])
    problems = problems_of(df)
    row = problems[problems["kind"] == "incomplete"].iloc[0]
    assert row["line"] == 16 and "impossible time" in row["message"]
    with pytest.raises(cx.ParseError, match=r"s\.txt, line 16: impossible time"):
        cx.read_source(cx.Source(write(tmp_path, "s.txt", bad), year=2018), errors="raise")


def test_record_missing_abstract_is_kept_and_reported(tmp_path):
    damaged = ACCEPTED.replace("- abstract@[open-review\\(Poster\\)](#): Machines can think, we argue at some length here.\n", "")
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):
        cat = cx.load_catalog([cx.Source(write(tmp_path, "a.md", damaged), venue="ICLR", year=2019)])
    assert len(cat.papers) == 2
    p = cat.problems
    assert p[["line", "kind"]].astype(object).values.tolist() == [[8, "incomplete"]]
    assert "abstract" in p["message"].iloc[0]


def test_truncated_file(tmp_path):
    text = PAPER_LIST[: PAPER_LIST.index("**Abstract**:\n\n  Graphs")]
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(write(tmp_path, "trunc.md", text))
    assert len(df) == 2
    assert pd.isna(df["abstract"].iloc[1])


def test_bom_and_latin1(tmp_path):
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + PAPER_LIST.encode())
    assert len(cx.read_source(bom)) == 2
    latin = write(tmp_path, "latin.md", PAPER_LIST.replace("Carol White", "Carol Whité"), encoding="latin-1")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(latin)
    assert df.iloc[1]["authors"] == ["Carol Whité"]
    enc = problems_of(df)
    assert enc["kind"].tolist() == ["encoding"] and enc["line"].tolist() == [20]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_bom(tmp_path, codec):
    path = tmp_path / "u.md"
    # ("utf-16" and "utf-32" write the machine's byte order after a byte-order mark)
    path.write_bytes((("\ufeff" if codec.endswith("-be") else "") + PAPER_LIST).encode(codec))
    df = cx.read_source(path)
    expected = cx.read_source(write(tmp_path, "u8.md", PAPER_LIST))
    assert df.drop(columns="source").equals(expected.drop(columns="source")) and df.attrs["problems"] == []


def test_decomposed_accents_are_read_as_composed_letters(tmp_path):
    """A file written with letters and combining marks (macOS, a PDF copy) holds the same
    text as the composed one: it is read as that, so what people type finds it."""
    import unicodedata

    text = PAPER_LIST.replace("Carol White", "Barnabás Póczos")
    nfd = cx.read_source(write(tmp_path, "nfd.md", unicodedata.normalize("NFD", text)))
    nfc = cx.read_source(write(tmp_path, "nfc.md", text))
    assert unicodedata.normalize("NFD", text) != text
    assert nfd.drop(columns="source").equals(nfc.drop(columns="source")) and nfd.attrs["problems"] == []
    assert "Barnabás Póczos" in nfd.iloc[1]["authors"]


def test_utf32_bom_over_other_bytes_is_a_clear_error(tmp_path):
    path = tmp_path / "u32.md"
    path.write_bytes(b"\xff\xfe\x00\x00A\x00\x00\x00\x00\xd8\x00\x00")  # a lone surrogate
    with pytest.raises(cx.ParseError, match="u32.md: starts with a UTF-32 byte-order mark but is not UTF-32"):
        cx.read_source(path)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "is empty"),
        (b"  \n\n \r\n", "is empty"),
        (b"\x07\x07\n \x1b\n", "is empty"),  # nothing left once control characters go
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"just some words\nthat are not a catalog\n", "format not recognised"),
        ("# A heading\n\nSome prose, of no known format. It goes on for a while.\n".encode(), "format not recognised"),
    ],
)
def test_unreadable_files_raise_parse_error_naming_the_file(tmp_path, content, match):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(cx.ParseError, match=match) as info:
        cx.read_source(path)
    assert info.value.path == "input.txt"
    assert str(info.value).startswith("input.txt")


def test_missing_file_raises_parse_error(tmp_path):
    with pytest.raises(cx.ParseError, match="nope.md: cannot be read"):
        cx.load_catalog(tmp_path / "nope.md")


def test_bad_options_say_what_is_valid(tmp_path):
    with pytest.raises(ValueError, match="errors must be one of 'report', 'raise'; got 'ignore'"):
        cx.load_catalog(errors="ignore")
    with pytest.raises(ValueError, match="format must be one of 'accepted-list'"):
        cx.Source("x.md", format="csv")
    with pytest.raises(ValueError, match="distinct name"):
        cx.load_catalog([tmp_path / "a.md", tmp_path / "a.md"])


def test_venue_and_year_from_the_file_name(tmp_path):
    df = cx.read_source(write(tmp_path, "ICLR-2021-tldr.txt", TLDR))
    assert set(df["venue"]) == {"ICLR"} and set(df["year"]) == {2021}
    assert (problems_of(df)["kind"] == "inferred").sum() == 2


def test_unknown_venue_is_reported(tmp_path):
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(write(tmp_path, "t.txt", TLDR))
    p = problems_of(df)
    assert p["kind"].tolist() == ["context"]
    assert "cx.Source(path, venue=..., year=...)" in p["message"].iloc[0]


def test_near_miss_same_authors_different_abstract_not_merged(tmp_path):
    other = TLDR.replace("We describe an analytical engine that computes things and can be programmed by cards.",
                         "A completely different study of looms, weaving patterns and textile history in Europe.")
    a = cx.Source(write(tmp_path, "a.txt", TLDR), venue="ICLR", year=2021)
    b = cx.Source(write(tmp_path, "b.txt", other), venue="ICLR", year=2021)
    cat = cx.load_catalog([a, b])
    # the first record differs in its abstract: two papers; the second is the same paper: linked
    assert len(cat.papers) == 3
    assert sorted(cat.papers["sources"].map(len).tolist()) == [1, 1, 2]


def test_same_paper_different_years_not_merged(tmp_path):
    a = cx.Source(write(tmp_path, "a.txt", TLDR), venue="ICLR", year=2021)
    b = cx.Source(write(tmp_path, "b.txt", TLDR), venue="ICLR", year=2022)
    assert len(cx.load_catalog([a, b]).papers) == 4


def test_linking_across_formats_with_title_from_list(tmp_path):
    session = (
        "Mon 4 May 11:00 - 11:15 PDT\n\nOral\n\nCarol White\n\n"
        "Graphs are everywhere and we study them at length in this paper.\n"
    )
    cat = cx.load_catalog([
        write(tmp_path, "list.md", PAPER_LIST),
        cx.Source(write(tmp_path, "session.txt", session), venue="CVPR", year=2020),
    ])
    assert len(cat.papers) == 2
    row = cat.papers[cat.papers["venue"] == "CVPR"].iloc[0]
    assert row["title"] == "Graph Things" and row["presentation"] == "Oral"
    assert row["sources"] == ["list.md", "session.txt"]
    assert len(cat.talks) == 1 and cat.talks["paper_id"].iloc[0] == row["paper_id"]


def test_many_files_show_a_progress_bar(tmp_path, capsys):
    paths = [write(tmp_path, f"p{i}.md", PAPER_LIST.replace("[1]", f"[{i}]").replace("sets", f"sets{i}")) for i in range(3)]
    cx.load_catalog(paths, progress=True)
    assert "reading catalog files" in capsys.readouterr().err


def test_read_source_warns_only_for_damage(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cx.read_source(write(tmp_path, "list.md", PAPER_LIST))


TITLELESS_SESSION = """Oral Session 3

Tue 4 May 11:00 - 11:15 PDT

Oral

Ankit Vani · Max Schwarzer · Aaron Courville

Although neural module networks have an architectural bias towards compositionality, they need layouts.

Tue 4 May 11:15 - 11:30 PDT

Spotlight

Patrick van der Gama

We show that a single author with a name particle is still read as the author of the talk.

Tue 4 May 11:30 - 11:45 PDT

Spotlight

eran malach

A lower-case name on a page whose talks have no titles is the talk's only author, not its title.
"""


def test_titleless_session_page_reads_lone_lowercase_or_particle_names_as_authors(tmp_path):
    df = cx.read_source(cx.Source(write(tmp_path, "s.txt", TITLELESS_SESSION), venue="ICLR", year=2021))
    assert df["authors"].tolist() == [
        ["Ankit Vani", "Max Schwarzer", "Aaron Courville"], ["Patrick van der Gama"], ["eran malach"],
    ]
    assert df["title"].isna().all()
    assert len(problems_of(df)) == 0


def test_lone_lowercase_line_on_a_titled_page_stays_a_title(tmp_path):
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):
        df = cx.read_source(cx.Source(write(tmp_path, "s.txt", SESSION_TITLED_LONE), venue="NeurIPS", year=2018))
    assert problems_of(df)["message"].tolist() == ["talk without authors"]
    row = df.iloc[1]
    assert row["title"] == "graph networks revisited"
    assert row["authors"] == []


SESSION_TITLED_LONE = """Tue 4 Dec. 10:05 - 10:20 PST

Oral

Neural Ordinary Differential Equations

Tian Qi Chen · Yulia Rubanova · Jesse Bettencourt · David Duvenaud

We introduce a new family of deep neural network models.

Tue 4 Dec. 10:20 - 10:25 PST

Spotlight

graph networks revisited

We revisit graph networks and find that they work well on many tasks we tried.
"""


def test_paper_list_mojibake_in_authors_is_reported_on_the_authors_line(tmp_path):
    path = write(tmp_path, "list.md", PAPER_LIST.replace("Carol White", "Carol GÃ¼nther"))
    df = cx.read_source(path)
    assert df.iloc[1]["authors"] == ["Carol Günther"]
    problems = problems_of(df)
    repaired = problems[problems["message"].str.contains("mojibake repaired in authors")]
    assert repaired["line"].tolist() == [20]  # the **Authors** line, not the paper's header (line 18)


def test_paper_list_line_patterns_read_as_the_plain_lazy_patterns():
    """The header/field regexes strip trailing text in Python (for speed); they must read
    every line as the straightforward lazy patterns do."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore.sources import paper_list

    lazy_header = re.compile(r"^\s*#{1,6}\s*\[(?P<number>[^\]]*)\]\s*(?P<title>.*?)\s*#*\s*$")
    lazy_field = re.compile(r"^\s*\*\*(?P<name>[A-Za-z][A-Za-z /_-]*?)\s*:?\*\*\s*:?\s*(?P<value>.*?)\s*$")
    bits = st.sampled_from(["#", " ", "\t", "[", "]", "7", "a", "T", "*", ":", "\x0b", "\u2028", "\xa0", "C#", "**"])

    @settings(max_examples=500, deadline=None)
    @given(st.sampled_from(["", "## [3] ", "**URL**: ", "  **Abstract**:", "# [x]", "**Authors:** ", "**Authors**",
                            "**Conference** :", "\t**URL**", "**Abstract**::", "**Code**: "]),
           st.lists(bits, max_size=12).map("".join))
    def check(prefix, rest):
        line = prefix + rest
        old, new = lazy_header.match(line), paper_list._HEADER.match(line)
        assert (old is None) == (new is None)
        if old:
            assert old.group("number") == new.group("number")
            assert old.group("title") == new.group("title").rstrip().rstrip("#").rstrip()
        old, new = lazy_field.match(line), paper_list._FIELD.match(line)
        assert (old is None) == (new is None)
        if old:
            assert (old.group("name"), old.group("value")) == (new.group("name"), new.group("value").rstrip())
        # the parser reads field lines through _field, which skips the regex for the usual names
        if line.strip().startswith("**"):
            expected = (old.group("name").strip().lower(), old.group("value")) if old else None
            assert paper_list._field(line, line.strip()) == expected

    check()


def test_paper_list_whole_papers_read_as_line_by_line(monkeypatch):
    """The regex that reads ordinary papers whole gives the records and problems of the
    line-by-line reading, near misses included (header shapes, label spellings, values a
    line-by-line reading takes otherwise, abstract lines that are fields, rules, links or
    script elements, rules of other spellings, missing and repeated fields, text between
    papers, markup, mojibake, whitespace)."""
    import re

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from confexplore.sources import ParseContext, paper_list
    from confexplore.text import split_authors

    # each place in a paper: lines the regex takes (values of every kind), and near misses
    header = (["## [12] A Title", "#[5]Title ##", "## [x] \t", "## [4]", "###### [2] Ã¼ber \u00e9", "## [8] Tab\there  ",
               "## [9] &amp; <b>x</b> \\*A\\*", "## [] *Bold*", "## [007] x", "## [1] Part] Two"],
              ["## [7] (Re)thinking Nets", "## [Linked](https://x.org/t)", "## [0] [T](https://x.org/u) b", "####### [1] x",
               "## [3] [Hash](#) x", "## 12. Loose", "### Other Heading", "**Authors**: *Eve Ng*"])
    blank = (["", "", "  ", "\t", "\xa0", "\u2028"], ["x\u2028", "Stray text."])
    values = {
        # (names that split_authors' fast path cuts at ", ", and near misses of it)
        "Authors": (["*Ann Lee, Bo Li*", "Ann Lee", "*Daniel ZÃ¼chner, J\u00fcrgen M*", "*Bo  Li*", "*Smith, A., Lee, B.*",
                     "*A and B*", "**", ":x", "*Ann Lee* ", "*Bo Li, et al.*", "*Bo Li et al*", "*Bo Li, Jr., Ann Lee*",
                     "*Bo Li, III*", "*Bo, IIIa, Srinivas, Jrx*", "*And Bo, Li*", "*Bo and, Li and*", "*Ann Neal.*",
                     "*Bo Li, A. Bcdefghi.*", "*Bo Li, A. Bcdefghij.*", "*Bo Li,Ann Lee*", "*Bo Li, Ann Lee**",
                     "**Bo Li**", "*Bo Li*x", "*O'Neil-Smith, Jo D.*", "*Bo Li, Zoë Ng*", "*Bo Li1, Ann Lee*", "* Bo Li*",
                     "*Bo Li , Ann Lee*", "*Bo Li; Ann Lee*", "*Bo (MIT), Al*", "*bo li, an al*", "_Bo Li_", "*B*",
                     "*Smith, A.B.C.D.E.F., Lee, B.*", "*Smith, A.B.C.D.E.F.G., Lee, B.*", "*Bo Li, Ann Lee, Ann et Al.*",
                     "*Bo Li, Ann Lee, Ann ET AL.*"],
                    ["", " ", "#hash", "# 2. Heading", "## [4] Hi"]),
        "Conference": (["*iclr 2021*", "*nips 2019*", "*ICLR*", "cvpr'20", "*icml 2021*"], ["", "# 3. x"]),
        "URL": (["[https://x.org/1](https://x.org/1)", "https://github.com/a/b", "[a](b) c", "x.org", "none"], ["", "#"]),
    }
    labels = (["**{}**: ", "**{}**:", "**{}** : ", "**{}**::", "**{}**", " **{}**:  "],
              ["**{}:** ", "**{lower}**: ", "* *{}**: ", "**{}**:\n"])
    text = (["We study sets. Code: https://github.com/a/b.", "A second line.", "Ã¼ber alles.", "R&amp;D  x\tz", ") goes on.",
             "é", "& so", "1. One", "x" * 90, " Lead space.", "Trail space. ", "With <b>a tag</b> and https://x.org/z.",
             "Closing.  ", "<sup>2</sup>", "<https://x.org/y>", "<b>x</b> y", "p &lt; 0.05.", "a\tb."],
            ["- item", "* item", "_x_", "**Background**: b.", "**Code**: github.com/c/d", "[Back to top](#)", "[a](b) c",
             "[Go to the next page](p2.md)", "# heading", "## [5] Header In Abstract", "## 2. Loose", "---", "- - -",
             "**Abstract**:"])
    abstract_value = ([""], ["Inline text.", "#", "x"])
    rule = (["----", "---", "----  ", "----\t", "--------"], ["- - -", "-\t-\t-", "---- \xa0", "***", "", "--", "---- x"])
    between = ["", "- [ ] viewed", "[Go to the previous page](p0.md)", "## 3. Loose", "Stray text.", "**Presentation**: Oral",
               "**Authors**: *Eve Ng*", "**Abstract**:", "Text."]

    @st.composite
    def paper(draw):
        # a paper of lines the regex takes, one with a near miss (in the first place of a kind), or many
        mode = draw(st.sampled_from(["whole", "whole", "one miss", "one miss", "wild"]))
        kinds = [header, blank, labels, *values.values(), abstract_value, text, rule]
        missed = [draw(st.sampled_from(kinds))] if mode == "one miss" else []

        def pick(choices):
            miss = choices in missed or mode == "wild" and draw(st.booleans())
            if miss and mode == "one miss":
                missed.clear()
            return draw(st.sampled_from(choices[miss]))

        lines = [pick(header), pick(blank)]
        for label in ("Authors", "Conference", "URL"):
            spelled = pick(labels).format(label, lower=label.lower())
            lines += [spelled + pick(values[label]), pick(blank)]
        lines += [pick(labels).format("Abstract", lower="abstract") + pick(abstract_value), pick(blank)]
        for k in range(draw(st.integers(0, 5))):
            lines.append(pick(text) if k == 0 or draw(st.integers(0, 3)) else pick(blank))
        lines += [pick(blank), pick(rule), *draw(st.lists(st.sampled_from(between), max_size=2))]
        if mode == "wild" and draw(st.booleans()):  # lines swapped, doubled or cut
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            how = draw(st.sampled_from(["swap", "double", "cut"]))
            if how == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif how == "double":
                lines.insert(j, lines[i])
            else:
                del lines[i:]
        indent = draw(st.sampled_from(["", "", "  ", "\t", "        ", "\xa0"]))
        return [indent + line for line in "\n".join(lines).split("\n")]

    def read(lines, whole, mojibake, venue):
        ctx = ParseContext(name="l.md", venue=venue, year=2021 if venue else None, mojibake_possible=mojibake)
        with monkeypatch.context() as m:
            if not whole:  # a regex that matches nothing: every line is read one by one
                m.setattr(paper_list, "_ENTRY", re.compile(r"(?!)"))
            paper_list.parse(lines, ctx)
        return [list(r.items()) for r in ctx.records], ctx.problems

    @settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from(between + header[0]), max_size=3), st.lists(paper(), min_size=1, max_size=5),
           st.booleans(), st.sampled_from([None, "ICLR"]), st.booleans())
    def check(before, papers, mojibake, venue, trailing_newline):
        lines = before + [line for p in papers for line in p] + ([""] if trailing_newline else [])
        assert read(lines, True, mojibake, venue) == read(lines, False, mojibake, venue)

    check()
    # and each line of both kinds, for sure, in its place in an ordinary paper between two others
    usual = {"header": "## [12] A Title", "Authors": "**Authors**: *Ann Lee, Bo Li*", "Conference": "**Conference**: *iclr 2021*",
             "URL": "**URL**: x.org", "Abstract": "**Abstract**:", "text": "We study sets.", "rule": "----"}
    instead = {"header": sum(header, []), "text": sum(text, []), "rule": sum(rule, []),
               "Abstract": [x.format("Abstract", lower="abstract") + v for x in sum(labels, []) for v in sum(abstract_value, [])]}
    for label, (ok, misses) in values.items():
        instead[label] = [f"**{label}**: {v}" for v in ok + misses] + [
            x.format(label, lower=label.lower()) + ok[0] for x in sum(labels, [])]
    for place, xs in instead.items():
        for x in xs:
            lines = "\n".join(line for p in (usual, {**usual, place: x}, usual) for line in (
                p["header"], "", p["Authors"], p["Conference"], "", p["URL"], p["Abstract"], "", p["text"], "", p["rule"])
            ).split("\n")
            for mojibake in (False, True):
                assert read(lines, True, mojibake, None) == read(lines, False, mojibake, None), x

    # the author lines the regex cuts at ", " itself are those split_authors cuts there
    word = st.sampled_from(["Ann", "Lee", "Bo", "Li", "Ng"] * 5 + [
        "and", "And", "AND", "Jr.", "Jr", "Sr", "SR", "II", "III", "IIIa", "IV", "Ivo", "al.", "al", "AL", "Al.", "AL.", "Neal.",
        "A.", "A.B.C.D.E.F.", "A.B.C.D.E.F.G.", "O'Neil", "Smith-Jones", "Zoë", "Lee1", "x_y", "&", "*", "(MIT)", "et", ""])
    name = st.lists(word, min_size=1, max_size=4).flatmap(
        lambda ws: st.sampled_from([" "] * 5 + ["  ", "-"]).map(lambda sp: sp.join(ws)))
    line = st.lists(name, min_size=1, max_size=5).flatmap(
        lambda ns: st.sampled_from([", "] * 6 + [",", " , ", "; ", " and "]).map(lambda sep: sep.join(ns)))
    entry = "## [1] T\n**Authors**: *{}*\n**Conference**: *iclr 2021*\n**URL**: x\n**Abstract**:\nText.\n----\n"

    @settings(max_examples=1000, deadline=None)
    @given(line)
    def names(line):
        whole = paper_list._ENTRY.match(entry.format(line))
        if whole is not None and whole["simple"] is not None:
            assert whole["simple"].split(", ") == split_authors(paper_list._unwrap(f"*{line}*"))

    names()


def test_read_source_frames_combine_like_any_frame(tmp_path):
    # pandas compares attrs when frames are concatenated or merged; the problems
    # must be plain values for that to work
    a = cx.read_source(write(tmp_path, "a.md", PAPER_LIST.replace("Graph Things", "Graph\x0b Things")))
    b = cx.read_source(cx.bundled_sources()[2])
    assert a.attrs["problems"] and isinstance(a.attrs["problems"][0], dict)
    both = pd.concat([a, b], ignore_index=True)
    assert len(both) == len(a) + len(b)
    assert len(pd.concat([a, a])) == 2 * len(a)
    assert a[["title", "venue"]].astype(str).shape == (len(a), 2)
    assert len(a.merge(a[["line", "title"]], on="line")) == len(a)
    assert problems_of(a)["kind"].tolist() == ["repaired"]


def test_tldr_author_line_fast_path_agrees_with_the_full_test(monkeypatch):
    """The plain-names regex only short-cuts lines the full test would accept."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore.sources import tldr_list

    pieces = st.sampled_from(["Ada", "Lovelace", "van", "Jr.", "B.", "and", ",", ", ", ";", "; ", " ", "1", "2,",
                              "Zoë", "O'Neil", "-", "(", ")", "et al.", "x", "We", "study", "."])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(pieces, min_size=1, max_size=14).map("".join))
    def check(line):
        fast = tldr_list.looks_like_author_line(line)
        with monkeypatch.context() as m:
            m.setattr(tldr_list, "_PLAIN_NAMES", re.compile(r"(?!)"))
            full = tldr_list.looks_like_author_line(line)
        assert fast == full

    check()


def test_tldr_list_whole_records_read_as_line_by_line():
    """The regex that reads ordinary tl;dr records whole gives the records and problems of the
    line-by-line reading (and detection the kinds of classifying each line), near misses included (names it does not take, prose it does not
    take, markup, mojibake, double spaces, continuation lines, blank lines)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore.sources import ParseContext, tldr_list
    from confexplore.sources._common import nonblank

    names = st.sampled_from(["Ada Lovelace", "Bo Li", "Jürgen Schmidhuber", "Daniel ZÃ¼chner", "Rianne van den Berg",
                             "Jr.", "J. Smith", "Smith", "III", "and Bob Jones", "Ann Lee 1", "zhang wei", "Ed Al",
                             "Et Al", "Marc'Aurelio Ranzato", "Đorđe Jovanović", "Ana e Silva", "AND", "Sr", "A.",
                             "Tl Dr", "TLDR: Ann Lee", "Yee Whye Teh Who Has Many Names", "Bo  Li", "Bo Li;",
                             # names in any case (authors only where authors are expected)
                             "suchismita padhy", "Nur Muhammad (Mahi) Shafiullah", "Maarten v. de Hoop", "ab",
                             "Anmol d'Aspremont", "pierre luc Zarka", "A. Bonev", "tl dr-x", "Kan (Dj)", "(Dj) Li",
                             "bo li al", "Bo-Yu", "we study the", "qiang", "zoë o’neil", "Li (", "a.", "x y z w v"])
    author_line = st.lists(names, min_size=1, max_size=5).flatmap(
        lambda ns: st.sampled_from([", ", ",", " and ", "; "]).map(lambda sep: sep.join(ns)))
    words = st.sampled_from(["We", "study", "the", "CNN", "code:", "github.com/a/b", "https://x.org/y", "A", "al",
                             "et", "Jr", "&amp;", "R&D", "<sup>1</sup>", "<", "Ã¼ber", "é", "\t", " ", "x_y", "1%",
                             "tl;dr:", "Olah"])
    ends = st.sampled_from([".", "?", ":", "!", ";", "", " .", "A.", " A.", "Jr.", " Jr.", " Sr.", " et al.", ", et al.",
                            " et. al.", "al.", " al", "CNN.", " CNN.", "-C.", ")", " ", ","])
    # prose, and lines of names that end as prose might (near misses of both tests)
    prose = st.tuples(st.one_of(st.lists(words, min_size=1, max_size=12).map(" ".join), author_line), ends).map("".join)
    tldr = st.tuples(st.sampled_from(["tl;dr: ", "TL;DR - ", "TLDR ", "tl;dr:", "tl;dr:  "]), prose).map("".join)
    record = st.tuples(author_line, st.one_of(st.none(), tldr), prose, st.sampled_from(["", "", "\n", "\n  "]),
                       st.one_of(st.none(), prose))
    to_text = lambda recs: "\n".join(  # noqa: E731
        "\n".join(x for x in (a, t, p + gap, more) if x is not None) for a, t, p, gap, more in recs)

    def read(lines, whole):
        ctx = ParseContext(name="t.txt")
        if whole:
            tldr_list.parse(lines, ctx)
        else:
            tldr_list._finish(tldr_list._read_lines(lines, 1, len(lines) + 1, ctx, None), ctx)
        return ctx.records, ctx.problems

    def kinds_agree(lines):
        # detection's line kinds (ordinary records' lines taken from the regex) are those of
        # classifying every line one by one, each in the state the line before leaves
        texts = [t for _, t in nonblank(lines)]
        one_by_one: list[str] = []
        for k, t in enumerate(texts):
            one_by_one.append(tldr_list._classify(t, expecting_authors=k == 0 or one_by_one[-1] == "text"))
        return tldr_list._kinds(texts) == one_by_one

    @settings(max_examples=400, deadline=None)
    @given(st.lists(record, min_size=1, max_size=6).map(to_text), st.booleans())
    def check(text, trailing_newline):
        lines = (text + ("\n" if trailing_newline else "")).split("\n")
        assert read(lines, True) == read(lines, False)
        assert kinds_agree(lines)

    # each near miss as the line after an author line (a prose or a tl;dr line), and as an author line
    near = ["Ada Lovelace A.", "Ada Lovelace Jr.", "Ada Lovelace, et al.", "Ada Lovelace et. al.", "Ada Lovelace,",
            "Ada Lovelace;", "Ada CNN.", "Ada Lovelace", "Ada", "We study  this.", "We study\tthis.", " We study.",
            "We study. ", "tl;dr: x.", "Tl Dr: We.", "TL;DR. We.", "R&amp;D.", "a <b>b</b> c.", "Ã¼ber.", "Über.",
            "Ed Al", "Ed Al.", "Bo Li, Ann Lee 1", "Bo Li, Ann van Lee", "bo li, ann lee", "Bo Li; Ann Lee",
            "Bo Li, Jr., Ann Lee", "Smith, A., Lee, B.", "Bo Li and Ann Lee", "AND Bo Li", "Bo Li, III",
            "qiang liu, Bo Li", "Nur Muhammad (Mahi) Li", "Maarten v. de Hoop", "bo li al", "bo li, ann lee b.",
            "we study this", "a b c d e", "a b c d e f", "bo li, a b c d e", "tl dr-x y", "Bo (Li"]
    for x in near:
        for text in (f"Bo Li, Ann Lee\n{x}\nBo Li, Ann Lee\nWe study.", f"Bo Li, Ann Lee\ntl;dr: x\n{x}\nOn.",
                     f"Bo Li, Ann Lee\ntl;dr: {x}\nWe study.", f"We.\n{x}\ntl;dr: it.\nWe study.\nMore."):
            assert read(text.split("\n"), True) == read(text.split("\n"), False), text
            assert kinds_agree(text.split("\n")), text
    check()


MLSYS_SESSION = """\
Session

Session 8: LLM Serving

Tue 13 May 10:30 - 10:45 PDT

Oral
Seesaw: High-throughput LLM Inference via Model Re-sharding

Qidong Su ⋅ Wei Zhao ⋅ Xin Li ⋅ Gennady Pekhimenko

To improve the efficiency of distributed large language model inference, various strategies have been proposed.

Tue 13 May 10:45 - 11:00 PDT

Oral
Kernels for Dot Products

Ann Lee1 ⋅ Juan Carlos de los Reyes2 ⋅ Bo Chen

Inner Products ⋅ Everywhere
We compute w ⋅ x for every input and show that it is fast in practice on many machines.
"""


def test_session_page_authors_joined_by_dot_operators(tmp_path):
    # MLSys pages join authors with U+22C5; a dot operator between words that are not names stays text
    df = cx.read_source(cx.Source(write(tmp_path, "mlsys.txt", MLSYS_SESSION), venue="MLSys", year=2025))
    assert df["authors"].tolist() == [["Qidong Su", "Wei Zhao", "Xin Li", "Gennady Pekhimenko"], ["Ann Lee", "Juan Carlos de los Reyes", "Bo Chen"]]
    assert df["session"].tolist() == ["Session 8: LLM Serving"] * 2
    assert df["abstract"].iloc[1] == ("Inner Products ⋅ Everywhere We compute w ⋅ x for every input and show that "
                                      "it is fast in practice on many machines.")


AFFILIATED_SESSION = """\
Tue 8 Dec 06:00 - 06:15 PST

Oral
On the Training Dynamics of Deep Networks with L2 Regularization

Aitor Lewkowycz (Google) · Guy Gur-Ari (Google)

We study the role of L2 regularization in deep learning, and uncover simple relations between the performance of the model, the L2 coefficient, the learning rate, and the number of training steps.
"""

AFFILIATED_LIST = """\
## [7] On the Training Dynamics of Deep Networks with L2 Regularization

**Authors**: *Aitor Lewkowycz, Guy Gur-Ari*

**Conference**: *nips 2020*

**URL**: [https://example.org/l2](https://example.org/l2)

**Abstract**:

We study the role of L2 regularization in deep learning, and uncover simple relations between the performance of the model, the L2 coefficient, the learning rate, and the number of training steps.

----
"""


def test_affiliations_after_names_are_kept_but_not_part_of_the_author_key(tmp_path):
    cat = cx.load_catalog([
        write(tmp_path, "list.md", AFFILIATED_LIST),
        cx.Source(write(tmp_path, "session.txt", AFFILIATED_SESSION), venue="NeurIPS", year=2020),
    ])
    # one paper: the surnames agree once "(Google)" is left out of the keys
    assert len(cat.papers) == 1 and cat.papers["sources"].iloc[0] == ["list.md", "session.txt"]
    assert set(cat.authorships["author_key"]) == {"aitor lewkowycz", "guy gur ari"}
    assert cat.papers["paper_id"].iloc[0].startswith("neurips2020-lewkowycz-")
    session_only = cx.load_catalog([cx.Source(write(tmp_path, "s2.txt", AFFILIATED_SESSION), venue="NeurIPS", year=2020)])
    assert session_only.papers["authors"].iloc[0] == ["Aitor Lewkowycz (Google)", "Guy Gur-Ari (Google)"]  # as written
    assert session_only.authorships["author_key"].tolist() == ["aitor lewkowycz", "guy gur ari"]
    assert session_only.papers["paper_id"].iloc[0].startswith("neurips2020-lewkowycz-")
    assert len(cx.filter_papers(session_only.papers, author="Aitor Lewkowycz")) == 1
    assert len(cx.filter_papers(session_only.papers, author="Aitor Lewkowycz (Google)")) == 1  # as written
    from confexplore import widgets as cw

    panel = cw.FilterPanel(session_only.papers)  # without authorships: keys made from the names
    assert panel.author.options == ("Aitor Lewkowycz (Google)", "Guy Gur-Ari (Google)")
    panel.author.value = "Aitor Lewkowycz (Google)"
    assert len(cx.filter_papers(session_only.papers, **panel.filters)) == 1


def test_paper_list_heading_that_is_a_link(tmp_path):
    # "## [Title](url)" is a linked title, not "## [N] Title" with number "Title"
    text = (
        "## [On Neuronal Capacity](https://example.org/12562)\n\n**Authors**: *Pierre Baldi, Roman Vershynin*\n\n"
        "**Conference**: *nips 2018*\n\n**Abstract**:\n\nWe define the capacity of a learning machine.\n\n----\n\n"
        "## [7] Graph Things\n\n**Authors**: *Ann Lee*\n\n**Conference**: *nips 2018*\n\n"
        "**URL**: [https://example.org/7](https://example.org/7)\n\n**Abstract**:\n\nGraphs.\n\n----\n"
    )
    df = cx.read_source(write(tmp_path, "list.md", text))
    assert df["title"].tolist() == ["On Neuronal Capacity", "Graph Things"]
    assert df["url"].tolist() == ["https://example.org/12562", "https://example.org/7"]
    assert df["authors"].iloc[0] == ["Pierre Baldi", "Roman Vershynin"]
    assert pd.isna(df["number"].iloc[0]) and df["number"].iloc[1] == 7
    other = text.replace("](https://example.org/12562)", "](#)").replace("## [7] Graph Things", "## [7](Re)thinking Graphs")
    df = cx.read_source(write(tmp_path, "list2.md", other))
    assert df["title"].tolist() == ["On Neuronal Capacity", "(Re)thinking Graphs"]  # "#" is no address
    assert pd.isna(df["url"].iloc[0]) and df["url"].iloc[1] == "https://example.org/7" and df["number"].iloc[1] == 7


def test_paper_list_empty_heading_before_the_first_paper_is_not_the_reported_text(tmp_path):
    text = "## \n\nsome text\n\n" + PAPER_LIST
    cat = cx.load_catalog([write(tmp_path, "list.md", text)])
    first = cat.problems.iloc[0]
    assert (first["line"], first["kind"]) == (3, "ignored") and first["message"].endswith("line 3: 'some text'")


def test_session_page_saved_through_mac_roman_is_repaired(tmp_path):
    # UTF-8 bytes read as Mac Roman and saved again: "·" became "¬∑", "±" "¬±", "é" "√©"
    page = ("Tue 4 Dec. 12:30 - 12:35 PST\n\nOral\nRobust Things\n\nRené Vidal · Pieter Abbeel\n\n"
            "We reach 92.3±0.4% accuracy in a few hours of training on a single machine with many cores.\n")
    damaged = page.encode("utf-8").decode("mac_roman")
    assert "¬∑" in damaged and "Ren√©" in damaged
    cat = cx.load_catalog([cx.Source(write(tmp_path, "s.txt", damaged), venue="NeurIPS", year=2018)])
    assert cat.papers["authors"].iloc[0] == ["René Vidal", "Pieter Abbeel"]
    assert "92.3±0.4%" in cat.papers["abstract"].iloc[0]
    assert (cat.problems["kind"] == "repaired").sum() >= 2


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (gzip.compress(b"## [1] A paper\n"), "gzip-compressed"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF"),
        (b"BZh91AY&SY\x00\x01", "bzip2"),
        (b"\x89PNG\r\n\x1a\n\x00", "PNG image"),
        (b"<!DOCTYPE html>\n<html><body><h1>Accepted papers</h1></body></html>\n", "HTML/XML page"),
    ],
)
def test_files_picked_by_mistake_are_named_with_what_to_do(tmp_path, data, says):
    path = tmp_path / "listing.txt"
    path.write_bytes(data)
    with pytest.raises(cx.ParseError, match="listing.txt") as info:
        cx.read_source(path)
    assert says in str(info.value)


# A file cut short ends inside a word, with no line break, in its last record. The bundled
# files are real listings, large enough for the reader to know their words.
@pytest.mark.parametrize("index", [0, 1, 3, 4], ids=["accepted-list", "tldr-list", "session-page", "session-page-2"])
def test_a_file_cut_inside_a_word_of_its_last_record_is_reported(tmp_path, index):
    source = cx.bundled_sources()[index]
    text = source.path.read_text(encoding="utf-8")
    whole = cx.read_source(source)
    last = whole["abstract"].iloc[-1]
    start = text.rindex(last.split()[0] + " " + last.split()[1])  # where the last abstract begins
    # a long word inside it that the file also has before (so a cut right after it is a whole word)
    word = max((w for w in last.split()[5:-3] if w.isalpha() and len(w) >= 7 and f" {w} " in text[:start]), key=len)
    cut = text[: text.rindex(word) + 4]  # "...archit"
    path = write(tmp_path, "cut.txt", cut)
    cut_source = cx.Source(path, venue=source.venue, year=source.year, format=source.format)
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):
        df = cx.read_source(cut_source)
    assert len(df) == len(whole) and df["line"].tolist() == whole["line"].tolist()
    assert df["abstract"].iloc[-1].endswith(word[:4]) and last.startswith(df["abstract"].iloc[-1][:-4])
    problems = problems_of(df)
    cut_rows = problems[problems["kind"] == "incomplete"]
    assert cut_rows["line"].tolist() == [int(whole["line"].iloc[-1])]
    assert "the file ends inside a word" in cut_rows["message"].iloc[0]
    assert repr(df["abstract"].iloc[-1][-20:])[1:] in cut_rows["message"].iloc[0]
    with pytest.raises(cx.ParseError, match=rf"cut\.txt, line {int(whole['line'].iloc[-1])}: the file ends inside a word"):
        cx.read_source(cut_source, errors="raise")
    # cut after a whole word of the file, the text may simply end there: not reported
    cut = text[: text.rindex(word) + len(word)]
    assert problems_of(cx.read_source(cx.Source(write(tmp_path, "at-a-word.txt", cut), venue=source.venue,
                                                year=source.year, format=source.format))).query("kind == 'incomplete'").empty


@pytest.mark.parametrize("ending", [
    "an abstract that ends with a full stop.",  # complete, no line break after it: common on GitHub
    "engines that compute",  # a whole word (the file has it elsewhere): abstracts may end without a stop
    "accuracy of 93.2%",  # numbers are whole
    "code at github.com/a/b",
    "code at https://github.com/a/b",  # a URL is a whole word
    "with $O(n)$",  # closing LaTeX
    "an abstract that stops\n",  # a line break after it: a whole line, not a cut one
])
def test_a_last_record_that_ends_cleanly_is_not_reported(tmp_path, ending):
    # after the 434 records of the bundled tl;dr list (so that its words are known)
    source = cx.bundled_sources()[1]
    lines = source.path.read_text(encoding="utf-8").split("\n")
    before_last = "\n".join(lines[: int(cx.read_source(source)["line"].iloc[-1]) - 1])  # its cut last record left out
    text = before_last + "\n" + TLDR.rstrip("\n").rsplit("\n", 1)[0] + "\nWe describe " + ending
    df = cx.read_source(cx.Source(write(tmp_path, "t.txt", text), venue="ICLR", year=2018))
    assert len(df) == 433 + 2 and problems_of(df).query("kind == 'incomplete'").empty
    # a file of a few records holds too few words to tell a cut word from a whole one
    small = TLDR.rstrip("\n").rsplit("\n", 1)[0] + "\nWe describe an abstract that stops at a wor"
    assert problems_of(cx.read_source(cx.Source(write(tmp_path, "s.txt", small), venue="ICLR", year=2018))).empty


def test_the_cut_is_reported_once_when_the_format_reports_it(tmp_path):
    # a paper list cut in its last paper: its own "no closing rule" problem, not a second one
    cut = PAPER_LIST[: PAPER_LIST.index("at length") + 5]
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):
        problems = problems_of(cx.read_source(write(tmp_path, "cut.md", cut)))
    assert problems["kind"].tolist() == ["incomplete"] and "inside this paper" in problems["message"].iloc[0]
    # a tl;dr list cut in an author line: the record has no abstract, and says so once
    cut = TLDR[: TLDR.index("alan tu")]
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):
        problems = problems_of(cx.read_source(cx.Source(write(tmp_path, "t.txt", cut), venue="ICLR", year=2018)))
    assert problems[["line", "kind"]].values.tolist() == [[4, "incomplete"]]
    assert "without abstract" in problems["message"].iloc[0]


ICML_POSTER_SESSION = """\
Skip to yearly menu bar Skip to main content


Poster Session

Poster Session 4 East

East Exhibition Hall A-B
Wed 16 Jul 4:30 p.m. PDT — 7 p.m. PDT
Abstract:
Chat is not available.


Poster
#E-1000
FairICP: Encouraging Equalized Odds via Inverse Conditional Permutation

Yuheng Lai · Leying Guan

Equalized odds, an important notion of algorithmic fairness, aims to ensure that sensitive variables do not unfairly influence the prediction.


Poster
#E-1001
Optimal Fair Learning Robust to Adversarial Distribution Shift

Sushant Agarwal · Amit Jayant Deshpande · Rajmohan Rajaraman · Ravi Sundaram

Previous work in fair machine learning has characterised the Fair Bayes Optimal Classifier.


Poster
Hall B #12
A Poster Without Abstract

Eve Black · Frank Green


Poster
#W-7
Last One

Grace Hopper

A single-author poster whose abstract is long enough to read as prose, here.
"""


def test_poster_session_page_gives_its_time_once_then_every_poster(tmp_path):
    # ICML 2025 poster sessions: one time line in the header, then card after card
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):  # the poster without abstract
        df = cx.read_source(cx.Source(write(tmp_path, "icml2025_poster_session.txt", ICML_POSTER_SESSION), venue="ICML"))
    assert df["title"].tolist() == [
        "FairICP: Encouraging Equalized Odds via Inverse Conditional Permutation",
        "Optimal Fair Learning Robust to Adversarial Distribution Shift",
        "A Poster Without Abstract",
        "Last One",
    ]
    assert df["authors"].tolist() == [
        ["Yuheng Lai", "Leying Guan"],
        ["Sushant Agarwal", "Amit Jayant Deshpande", "Rajmohan Rajaraman", "Ravi Sundaram"],
        ["Eve Black", "Frank Green"],
        ["Grace Hopper"],
    ]
    assert df["abstract"].iloc[0].endswith("the prediction.") and "Poster" not in df["abstract"].iloc[0]
    assert df["abstract"].iloc[1] == "Previous work in fair machine learning has characterised the Fair Bayes Optimal Classifier."
    assert pd.isna(df["abstract"].iloc[2])
    assert (df["presentation"] == "Poster").all() and (df["session"] == "Poster Session 4 East").all()
    # every poster is shown during the session: 16:30-19:00 PDT
    assert df["start"].astype(str).unique().tolist() == ["2025-07-16 23:30:00+00:00"]
    assert df["end"].astype(str).unique().tolist() == ["2025-07-17 02:00:00+00:00"]
    # the first talk is at its time line, the others at their own first line
    assert df["line"].tolist() == [9, 23, 32, 39]
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[9, "inferred"], [32, "incomplete"]]
    assert problems["message"].iloc[1] == "talk without abstract"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a title that ends like a sentence, above a line of names
        ("Optimal Fair Learning Robust to Adversarial Distribution Shift",
         "Optimal Fair Learning Is Robust to Adversarial Distribution Shift."),
        # ... or above one author
        ("Last One", "Is Attention All You Need? Not Quite."),
        # a title made of digits under the card's board line
        ("Last One", "1984"),
    ],
)
def test_poster_titles_that_read_like_a_sentence_or_a_board_number_stay_titles(tmp_path, old, new):
    # before: the poster was glued to the abstract of the one above it (or lost its title)
    page = ICML_POSTER_SESSION.replace(old, new)
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "p.txt", page), venue="ICML"))
    expected = [t.replace(old, new) for t in (
        "FairICP: Encouraging Equalized Odds via Inverse Conditional Permutation",
        "Optimal Fair Learning Robust to Adversarial Distribution Shift",
        "A Poster Without Abstract",
        "Last One",
    )]
    assert df["title"].tolist() == expected
    assert df["authors"].tolist()[1:] == [
        ["Sushant Agarwal", "Amit Jayant Deshpande", "Rajmohan Rajaraman", "Ravi Sundaram"],
        ["Eve Black", "Frank Green"],
        ["Grace Hopper"],
    ]
    assert pd.isna(df["abstract"].iloc[2])  # nothing of the next poster in the abstract above it
    assert df["abstract"].iloc[3] == "A single-author poster whose abstract is long enough to read as prose, here."
    assert (df["presentation"] == "Poster").all()


def test_a_sentence_and_a_name_inside_an_abstract_open_no_poster(tmp_path):
    # the short-title rule needs a kind or board line above: inside an abstract it is text
    page = ICML_POSTER_SESSION.replace(
        "aims to ensure that sensitive variables do not unfairly influence the prediction.",
        "aims to ensure that sensitive variables do not unfairly influence the prediction.\n\n"
        "We call it fairness.\nResults\n\nMore text follows in a second paragraph of the same abstract.",
    )
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "p.txt", page), venue="ICML"))
    assert len(df) == 4
    assert "We call it fairness. Results" in df["abstract"].iloc[0]


AISTATS_POSTER_SESSION = """\
Skip to yearly menu bar Skip to main content


Poster Session

Poster Session 2

Main Ballroom
Sun 3 May 7 a.m. PDT — 10 a.m. PDT
Abstract:
Chat is not available.


1
Efficient Uncoupled Learning Dynamics with $\\tilde{O}\\left(T^{-1/4}\\right)$ Last-Iterate Convergence

ARNAB MAITI ⋅ Claire Jie Zhang ⋅ Kevin Jamieson

In this paper, we study last-iterate convergence of learning algorithms in bilinear saddle-point problems.


10
Rank Lifting and Random Non-Linear Maps

Andrea Drago ⋅ Maria Sofia Bucarelli

Deep neural networks exhibit improved training and generalization performance as the number of parameters grows.
"""


def test_poster_session_cards_opened_by_a_board_number_take_the_session_label_as_kind(tmp_path):
    # AISTATS 2026: no "Poster" line per card, only its board number; the page says "Poster Session"
    df = cx.read_source(cx.Source(write(tmp_path, "p.txt", AISTATS_POSTER_SESSION), venue="AISTATS", year=2026))
    assert df["title"].tolist() == [
        "Efficient Uncoupled Learning Dynamics with $\\tilde{O}\\left(T^{-1/4}\\right)$ Last-Iterate Convergence",
        "Rank Lifting and Random Non-Linear Maps",
    ]
    assert df["authors"].tolist() == [["ARNAB MAITI", "Claire Jie Zhang", "Kevin Jamieson"],
                                      ["Andrea Drago", "Maria Sofia Bucarelli"]]
    assert df["abstract"].str.endswith("saddle-point problems.").iloc[0] and "Rank Lifting" not in df["abstract"].iloc[0]
    assert df["presentation"].tolist() == ["Poster", "Poster"] and (df["session"] == "Poster Session 2").all()
    assert df["start"].astype(str).unique().tolist() == ["2026-05-03 14:00:00+00:00"]
    assert df["line"].tolist() == [9, 22]
    assert problems_of(df).empty  # no "talk without presentation": the page names the kind


MLSYS_NO_TIMES = """\
Skip to yearly menu bar Skip to main content

Main Navigation

*  MLSys
  *  Code of Conduct
*  Select Year: (2025)
  * 2025
*  Schedule



Session

Session 8: LLM and Diffusion Model Serving

Moderator: Pradeep Dubey

Abstract:
Chat is not available.

#36
Outstanding Paper Honorable Mention

Seesaw: High-throughput LLM Inference via Model Re-sharding

Qidong Su ⋅ Wei Zhao ⋅ Xin Li ⋅ Christina Giannoula ⋅
Gennady Pekhimenko

To improve the efficiency of distributed large language model (LLM) inference, various parallelization strategies
have been proposed.

#37

ScaleFusion: Scalable Inference of Spatial-Temporal Diffusion Transformers

Jiacheng Yang ⋅ Jun Wu ⋅ Gennady Pekhimenko

Recent advancements in training diffusion models have made generating high-quality videos possible.

Successful Page Load

MLSys logo

Useful links
* Sponsor Information

Contact

Phone: +1 (858) 761-6256
"""

NO_TIMES_NO_BOARDS = """\
Session

Session 3: Systems

Chat is not available.

First Paper Title

Ann Lee · Bo Chen

The first abstract is long enough to read as prose, with a full stop at its end.

Second Paper Title
On Two Lines

Carol White · Dan Brown

The second abstract is long enough to read as prose, with a full stop at its end.

Eve Black · Fay Green

A talk with no title: its abstract is long enough to read as prose, and ends here.
"""


def test_session_page_with_no_time_line(tmp_path):
    # MLSys 2025 session pages (copied with the site's menu and footer) give no time at all
    with pytest.warns(cx.CatalogWarning, match="3 record problem"):
        df = cx.read_source(cx.Source(write(tmp_path, "mlsys_2025_session8.txt", MLSYS_NO_TIMES)))
    assert df.attrs["format"] == "session-page"
    assert df["title"].tolist() == [  # the board number and the award are not part of the title
        "Seesaw: High-throughput LLM Inference via Model Re-sharding",
        "ScaleFusion: Scalable Inference of Spatial-Temporal Diffusion Transformers",
    ]
    # an author line wrapped after its separator is one line of names
    assert df["authors"].tolist() == [
        ["Qidong Su", "Wei Zhao", "Xin Li", "Christina Giannoula", "Gennady Pekhimenko"],
        ["Jiacheng Yang", "Jun Wu", "Gennady Pekhimenko"],
    ]
    assert df["abstract"].iloc[0].endswith("have been proposed.")
    assert df["abstract"].iloc[1].endswith("videos possible.")  # the footer is not the last abstract's
    assert (df["session"] == "Session 8: LLM and Diffusion Model Serving").all()
    assert df["moderators"].tolist() == [["Pradeep Dubey"]] * 2
    assert df["start"].isna().all() and df[["venue", "year"]].values.tolist() == [["MLSys", 2025]] * 2
    assert df["line"].tolist() == [22, 33]  # each talk at its first line, the board number
    problems = problems_of(df)
    kinds = problems.groupby("kind")["line"].apply(list).to_dict()
    assert kinds["incomplete"] == [22, 33]  # no Oral/Poster on the page
    assert kinds["ignored"] == [23, 41]  # the award line (not part of the title), the footer
    assert "award line" in problems["message"][problems["line"] == 23].iloc[0]
    assert "footer (lines 41-50)" in problems["message"][problems["line"] == 41].iloc[0]
    assert "no time line" in problems.set_index("kind").loc["context", "message"]


def test_session_page_with_no_time_line_or_board_numbers_splits_at_each_authors_line(tmp_path):
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "s.txt", NO_TIMES_NO_BOARDS), venue="MLSys", year=2024))
    assert df["title"].tolist()[:2] == ["First Paper Title", "Second Paper Title On Two Lines"]
    assert pd.isna(df["title"].iloc[2])
    assert df["authors"].tolist() == [["Ann Lee", "Bo Chen"], ["Carol White", "Dan Brown"], ["Eve Black", "Fay Green"]]
    assert df["abstract"].str.startswith(("The first", "The second", "A talk with")).all()
    assert df["session"].tolist() == ["Session 3: Systems"] * 3
    # without the site's lines, names joined by " · " alone do not make a session page
    with pytest.raises(cx.ParseError, match="format not recognised"):
        cx.read_source(write(tmp_path, "bare.txt", NO_TIMES_NO_BOARDS.replace("Chat is not available.\n", "")))


TWO_TALKS = """\
Session

Tue Track 2 -- Session 2

Tue 4 Dec. 12:30 - 12:35 PST

Spotlight
Evolved Policy Gradients

Rein Houthooft · Yuhua Chen · Pieter Abbeel

We propose a metalearning approach for learning gradient-based reinforcement learning algorithms in many settings.
{inside}
Tue 4 Dec. 12:35 - 12:40 PST

Spotlight
Adapted Deep Embeddings

Tyler Scott · Karl Ridgeway

The focus in machine learning has branched beyond training classifiers on a single task to many tasks.
"""


@pytest.mark.parametrize("inside", [
    "\nKeywords: Meta Learning · Reinforcement Learning\n",  # names-like, but a colon: not authors
    "evaluated in\n2048\nand in several randomized environments, where it learns faster.\n",  # a number line
    "\nPoster\n\nWe also release code for all the experiments, with scripts to reproduce every figure.\n",
    "\nUseful links\n\nOur code and data are released with the paper, with scripts that reproduce every figure.\n",
], ids=["keywords", "number", "kind-word", "footer-words"])
def test_lines_inside_an_abstract_do_not_open_a_talk(tmp_path, inside):
    # each of these read as one more talk (or cut the page) in a first version of poster-card splitting
    df = cx.read_source(cx.Source(write(tmp_path, "s.txt", TWO_TALKS.format(inside=inside)), year=2018, venue="NeurIPS"))
    assert df["title"].tolist() == ["Evolved Policy Gradients", "Adapted Deep Embeddings"]
    assert df["authors"].str.len().tolist() == [3, 2]
    words = inside.split()
    assert words[0] in df["abstract"].iloc[0] and words[-1] in df["abstract"].iloc[0]
    assert problems_of(df).empty


def test_a_place_line_under_the_authors_stays_with_its_talk(tmp_path):
    # NeurIPS 2022 cards: Poster / title / authors / "Hall J #711" / link buttons / abstract
    text = """\
Poster Session

Poster Session 2

Tue 29 Nov 9 a.m. CST — 11 a.m. CST
Poster
A Unified Sequence Interface for Vision Tasks
Ting Chen · Saurabh Saxena
Hall J #711
[ Abstract ] [ OpenReview ]
Tasks are sequences, and we show that many vision tasks can be cast as one sequence task.

Tue 29 Nov 9 a.m. CST — 11 a.m. CST
Poster
Another Poster Title
Ann Lee · Bo Chen
Hall J #712
Another abstract long enough to read as prose, with a full stop at the end.
"""
    df = cx.read_source(cx.Source(write(tmp_path, "s.txt", text), year=2022, venue="NeurIPS"))
    assert df["title"].tolist() == ["A Unified Sequence Interface for Vision Tasks", "Another Poster Title"]
    assert df["abstract"].str.startswith(("Tasks are", "Another abstract")).all() and problems_of(df).empty


def test_spotlight_poster_cards_and_moderator_s_lines(tmp_path):
    text = ICML_POSTER_SESSION.replace("Poster\n#E-1001", "Spotlight Poster\n#E-1001")
    with pytest.warns(cx.CatalogWarning):  # the poster without abstract
        df = cx.read_source(cx.Source(write(tmp_path, "icml2025.txt", text), venue="ICML"))
    assert df["presentation"].tolist() == ["Poster", "Spotlight", "Poster", "Poster"]
    assert df["abstract"].iloc[0].endswith("the prediction.")
    page = MLSYS_NO_TIMES.replace("Moderator: Pradeep Dubey", "Moderator(s): Pradeep Dubey · Ann Lee")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "mlsys_2025.txt", page)))
    assert df["moderators"].tolist() == [["Pradeep Dubey", "Ann Lee"]] * 2 and len(df) == 2


def test_a_real_session_page_saved_as_a_markdown_web_capture():
    # tests/data/mlsys_2025_session8_webcapture.md: https://mlsys.org/virtual/2025/session/3155 as a
    # web-capture tool saved it (a public page): headings, bold link titles over two heading lines,
    # author lines wrapped after " ⋅ ", the site's menu and footer around the talks
    path = Path(__file__).parent / "data" / "mlsys_2025_session8_webcapture.md"
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(path)
    assert df["title"].tolist() == [
        "Seesaw: High-throughput LLM Inference via Model Re-sharding",
        "ScaleFusion: Scalable Inference of Spatial-Temporal Diffusion Transformers for High-Resolution Long Video Generation",
        "TurboAttention: Efficient attention approximation for high throughputs llm",
        "FlexInfer: Flexible LLM Inference with CPU Computations",
        "SOLA: Optimizing SLO Attainment for Large Language Model Serving with State-Aware Scheduling",
    ]
    assert df["authors"].str.len().tolist() == [9, 8, 6, 8, 9]
    assert df["authors"].iloc[0][-1] == "Gennady Pekhimenko"  # the wrapped end of the first line of names
    assert df["abstract"].iloc[-1].endswith("than the state-of-the-art systems on average.")
    assert (df["session"] == "Session 8: LLM and Diffusion Model Serving").all()
    assert df["moderators"].tolist() == [["Pradeep Dubey"]] * 5
    assert df[["venue", "year"]].drop_duplicates().values.tolist() == [["MLSys", 2025]]  # from the file name
    problems = problems_of(df)
    ignored = problems[problems["kind"] == "ignored"]["message"].tolist()
    assert ignored[0] == "an award line is not part of the title and was not read: 'Outstanding Paper Honorable Mention'"
    assert "footer" in ignored[1]


@pytest.mark.parametrize(("label", "kind"), [
    ("Oral", "Oral"), ("Talk", "Oral"), ("Contributed  Talk", "Oral"), ("Spotlight Presentation", "Spotlight"),
    ("spotlight", "Spotlight"), ("Poster", "Poster"), ("Invited", "Invited"),  # an unknown label stays as written
])
def test_accepted_list_presentation_labels_of_other_years(tmp_path, label, kind):
    text = ACCEPTED.replace("open-review\\(Oral\\)", f"open-review\\({label}\\)")
    df = cx.read_source(cx.Source(write(tmp_path, "a.md", text), venue="ICLR", year=2020))
    assert df["presentation"].iloc[0] == kind


# Layouts from two adversarial reviews (tests/data/session_layouts/): each file, the titles and
# the number of authors of its talks. Every one of them was read wrong by some version of the
# poster-card splitting: talks split in two, glued, or text lost.
SESSION_LAYOUTS = {
    # a place line under the authors, then a wrapped abstract (NeurIPS 2022)
    "d6": (["A Unified Sequence Interface for Vision Tasks", "Another Poster Title"], [2, 2]),
    # a one-sentence abstract after the place line
    "d8": (["A Unified Sequence Interface for Vision Tasks", "Another Poster Title"], [2, 2]),
    # "ranked #1" alone on a line of a wrapped abstract: text, not a board number
    "e5": (["Evolved Policy Gradients", "Adapted Deep Embeddings"], [3, 2]),
    # no time line and no blank lines: the line above each line of names is its title
    "d10": (["Seesaw: High-throughput LLM Inference", "ScaleFusion: Scalable Inference"], [3, 3]),
    # a NeurIPS 2023 place with parentheses: "Great Hall & Hall B1+B2 (level 1) #1108"
    "d13": (["A Title Here", "Another Title"], [2, 2]),
    # AISTATS board numbers, one poster with a single author
    "d16": (["Efficient Uncoupled Learning Dynamics with Last-Iterate Convergence",
             "Rank Lifting and Random Non-Linear Maps", "Another Poster"], [3, 1, 2]),
    # no time line, the session's label and name above the first board number
    "d17": (["Seesaw: High-throughput LLM Inference via Model Re-sharding",
             "ScaleFusion: Scalable Inference of Spatial-Temporal Diffusion Transformers"], [5, 3]),
    # a card with only a title, then a full one
    "c12": (["A Poster Whose Authors Are Hidden", "Optimal Fair Learning Robust to Adversarial Distribution Shift"], [0, 2]),
}


@pytest.mark.parametrize("name", SESSION_LAYOUTS)
def test_session_page_layouts_from_reviews(name):
    path = Path(__file__).parent / "data" / "session_layouts" / f"{name}.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.CatalogWarning)  # some talks lack a kind or an abstract
        df = cx.read_source(cx.Source(path, venue="NeurIPS", year=2022))
    titles, n_authors = SESSION_LAYOUTS[name]
    assert df["title"].tolist() == titles
    assert df["authors"].str.len().tolist() == n_authors
    # every line of every abstract is somewhere: no text glued to the next title or lost
    text = path.read_text(encoding="utf-8")
    for abstract in df["abstract"].dropna():
        assert all(word in text for word in abstract.split())
    if name == "e5":
        assert "ranked #1 The loss" in df["abstract"].iloc[0]
    if name == "d17":
        assert (df["session"] == "Session 8: LLM and Diffusion Model Serving").all()


def test_cut_check_tells_fragments_from_whole_words(tmp_path):
    # one letter ("t") is a fragment unless it is "a" or "I"; "pre" in "pre-trained" is no word
    source = cx.bundled_sources()[0]  # the accepted list: ~650 kB of English
    text = source.path.read_text(encoding="utf-8")
    for ending, flagged in [("models are t", True), ("we pre", True), ("and a", False), ("models are", False)]:
        body = text + "\n\n[Extra Paper](#)\n\n- Ann Lee\n- abstract@[open-review\\(Poster\\)](#): Our " + ending
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cx.CatalogWarning)
            df = cx.read_source(cx.Source(write(tmp_path, "a.md", body), venue="ICLR", year=2019, format="accepted-list"))
        cut = problems_of(df).query("kind == 'incomplete'")
        assert (len(cut) == 1) == flagged, ending


def test_known_problems_take_numpy_integers_from_a_problems_table():
    import numpy as np

    assert cx.Source("x.txt", known_problems=[(np.int64(12), "incomplete")]).known_problems == ((12, "incomplete"),)


def test_neurips_2021_oral_session_page_with_kinds_in_parentheses(tmp_path):
    # tests/data/neurips_2021_oral_session1.txt: the start of https://neurips.cc/virtual/2021/session/44803
    # as a browser copies it (the excerpt stops inside the second abstract). The site writes the
    # kind in parentheses, "(Oral)", and has a "(Q&A)" slot between the talks.
    text = (Path(__file__).parent / "data" / "neurips_2021_oral_session1.txt").read_text(encoding="utf-8")
    path = write(tmp_path, "neurips_2021_oral_session1.txt", text)
    cat = cx.load_catalog([path])
    df = cat.records
    assert df["title"].tolist() == [
        "Framing RNN as a kernel method: A neural ODE approach",
        "A Universal Law of Robustness via Isoperimetry",
    ]  # not "(Oral) Framing …", and no record for the Q&A slot
    assert df["presentation"].tolist() == ["Oral", "Oral"]
    assert df["authors"].tolist() == [
        ["Adeline Fermanian", "Pierre Marion", "Jean-Philippe Vert", "Gérard Biau"],
        ["Sebastien Bubeck", "Mark Sellke"],
    ]
    assert (df["session"] == "Oral Session 1: Deep Learning Theory and Causality").all()
    assert df["moderators"].tolist() == [["Nadav Cohen"]] * 2
    # Tue 7 Dec is a Tuesday in 2021 and in 2027: the file name says 2021
    assert df["start"].astype(str).tolist() == ["2021-12-07 08:00:00+00:00", "2021-12-07 08:20:00+00:00"]
    assert df["year"].tolist() == [2021, 2021]
    problems = cat.problems
    assert problems.loc[problems["line"] == 24, "message"].tolist() == ["'Q&A' slot is not a paper and was not read"]
    assert not problems["kind"].isin(["skipped", "incomplete"]).any()
    assert "year 2021 taken from the file name" in problems["message"].str.cat(sep="\n")
    cx.read_source(path, errors="raise")  # nothing to raise: every talk has its kind


TUTORIAL_EVENT = """\
Tutorial
Thu Dec 10 01:00 PM -- 01:50 PM (PST)
Policy Optimization in Reinforcement Learning
Sham M Kakade · Martha White · Nicolas Le Roux

This tutorial will cover policy gradient methods in reinforcement learning, with a focus on optimization.
"""


@pytest.mark.parametrize(
    ("name", "year", "note"),
    [
        # Thursday 10 December: 2020 (and 2026). The file name's year wins when the weekday agrees...
        ("neurips_2020_tutorial.txt", 2020, "year 2020 taken from the file name"),
        # ... and not when it does not (10 Dec 2019 was a Tuesday): the calendar decides, and says so
        ("neurips_2019_tutorial.txt", None, "inferred from the weekday and date"),
    ],
)
def test_a_time_line_without_a_year_takes_the_file_names_year_when_the_weekday_agrees(tmp_path, name, year, note):
    path = write(tmp_path, name, TUTORIAL_EVENT)
    with pytest.warns(cx.CatalogWarning):
        cat = cx.load_catalog([path])
    record = cat.records.iloc[0]
    assert record["title"] == "Policy Optimization in Reinforcement Learning"
    if year is not None:
        assert record["year"] == year and str(record["start"]) == "2020-12-10 21:00:00+00:00"
    else:
        assert record["year"] != 2019 and record["start"].weekday() == 3  # a Thursday, as the page says
    messages = cat.problems["message"].str.cat(sep="\n")
    assert note in messages
    assert cat.problems["message"].str.contains("taken from the file name").sum() == (1 if year else 0) + 1  # + venue


def test_kinds_in_parentheses_only_as_whole_lines():
    from confexplore.sources.session_page import _unbracket

    assert _unbracket("(Oral)") == "Oral" and _unbracket("(Q&A)") == "Q&A" and _unbracket("(Spotlight)") == "Spotlight"
    assert _unbracket("(see the appendix)") == "(see the appendix)"
    assert _unbracket("We study (oral) health.") == "We study (oral) health."


PAPER_LIST_LOOSE = """\
## [1] Learning Dissemination Strategies
**Authors**: *Abdullah Al Maruf, Luyao Niu*
**Conference**: *ijcai 2023*
**Abstract**:
Text one, the first paper's abstract.

## 2. Artificial Agents Inspired by Human Motivation Psychology
**Authors**: *Anupama Arukgoda, Erandi Lakshika*
**Conference**: *ijcai 2023*
**Abstract**:
Text two, the second paper's abstract.
"""


def test_paper_list_a_heading_of_another_shape_with_no_rule_before_it_starts_a_paper(tmp_path):
    # from a real IJCAI 2023 list (euisuk-chung/vlm-paper-search): before, the second paper's
    # fields overwrote the first's, and the first paper's title got the second's authors
    df = cx.read_source(cx.Source(write(tmp_path, "ijcai.md", PAPER_LIST_LOOSE), format="paper-list"))
    assert df["title"].tolist() == ["Learning Dissemination Strategies",
                                     "Artificial Agents Inspired by Human Motivation Psychology"]
    assert df["authors"].tolist() == [["Abdullah Al Maruf", "Luyao Niu"], ["Anupama Arukgoda", "Erandi Lakshika"]]
    assert df["abstract"].tolist() == ["Text one, the first paper's abstract.", "Text two, the second paper's abstract."]
    assert df["number"].tolist() == [1, 2] and df["line"].tolist() == [1, 7]
    assert problems_of(df).empty


def test_paper_list_a_field_given_twice_starts_another_paper_and_says_so(tmp_path):
    text = PAPER_LIST_LOOSE.replace("\n## 2. Artificial Agents Inspired by Human Motivation Psychology\n", "\n")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "ijcai.md", text), format="paper-list"))
    assert df["authors"].tolist() == [["Abdullah Al Maruf", "Luyao Niu"], ["Anupama Arukgoda", "Erandi Lakshika"]]
    assert df["abstract"].tolist() == ["Text one, the first paper's abstract.", "Text two, the second paper's abstract."]
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[7, "incomplete"]]
    assert "fields begin again" in problems["message"].iloc[0]


def test_paper_list_numbered_heading_whose_title_is_a_link(tmp_path):
    text = ("## [0] [Data Structures for Density Estimation](https://proceedings.mlr.press/v202/aamand23a.html)\n"
            "**Authors**: *Anders Aamand, Alexandr Andoni*\n**Conference**: *icml 2023*\n**Abstract**:\n"
            "We study statistical/computational tradeoffs.\n----\n")
    df = cx.read_source(write(tmp_path, "icml.md", text))
    assert df["title"].tolist() == ["Data Structures for Density Estimation"]
    assert df["url"].tolist() == ["https://proceedings.mlr.press/v202/aamand23a.html"]
    assert df["number"].tolist() == [0]


def test_paper_list_ieee_tex_tags_are_removed_and_their_latex_kept(tmp_path):
    # CVPR 2022/2023 lists (IEEE Xplore abstracts) wrap inline maths in <tex xmlns:…> tags
    text = ("## [0] Learning to Track Instances without Video Annotations\n\n**Authors**: *A B, C D*\n\n"
            "**Conference**: *cvpr 2022*\n\n**Abstract**:\n\nwe achieve the new state-of-the-art, 19.9% and 15.7% \n"
            '<tex xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns:xlink="http://www.w3.org/1999/xlink">'
            "$TrackAP_{50}$</tex>\n on TAO validation and test sets.\n\n----\n")
    df = cx.read_source(write(tmp_path, "cvpr.md", text))
    assert df["abstract"].iloc[0] == "we achieve the new state-of-the-art, 19.9% and 15.7% $TrackAP_{50}$ on TAO validation and test sets."
    assert df["code_urls"].iloc[0] == []


def test_blocks_of_zero_bytes_in_a_text_file_are_reported_and_the_rest_is_read(tmp_path):
    # a crash or a failed copy leaves blocks of zeros in a file: what they overwrote is
    # lost, the records around them are read, and the problems table says where
    seed = cx.bundled_sources()[2].read_bytes()  # the paper list
    cut = seed.index(b"\n## [", len(seed) // 2)
    damaged = seed[:cut] + b"\x00" * 4096 + seed[cut + 1500 :]
    path = tmp_path / "zeroed.md"
    path.write_bytes(damaged)
    with pytest.warns(cx.CatalogWarning):
        cat = cx.load_catalog([cx.Source(path, venue="ICLR", year=2019)])
    whole = cx.read_source(cx.bundled_sources()[2])
    assert 0 < len(whole) - len(cat.records) <= 2  # the paper the zeros overwrote, at most two
    problems = cat.problems
    line = seed[:cut].count(b"\n") + 1
    zero = problems[problems["message"].str.contains("NUL")]
    assert zero["kind"].tolist() == ["incomplete"]
    assert zero["line"].tolist() == [line] and "removed 4096 NUL bytes in 1 run(s)" in zero["message"].iloc[0]
    with pytest.raises(cx.ParseError, match="NUL bytes"):
        cx.read_source(path, errors="raise")
    # a binary file keeps its error, and so does a file of zeros only
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(cx.ParseError, match="not a text file"):
        cx.read_source(path)
    path.write_bytes(b"\x00" * 4096)
    with pytest.raises(cx.ParseError, match="nothing but zero"):
        cx.read_source(path)


def test_neurips_2020_session_page_with_iso_times_numbered_kinds_and_comma_authors(tmp_path):
    # tests/data/neurips_2020_orals_track01.txt: the public NeurIPS 2020 page
    # https://nips.cc/virtual/2020/public/session_oral_21099.html as a browser copies it, up
    # to its first talk (whose abstract the excerpt cut; it ends on a sentence here), then a
    # Q&A, a spotlight and a joint Q&A written in the page's layout: ISO times with a UTC
    # offset, "1 - Oral: Title", names joined by commas, the chairs under their label
    text = (Path(__file__).parent / "data" / "neurips_2020_orals_track01.txt").read_text(encoding="utf-8")
    cat = cx.load_catalog([write(tmp_path, "neurips_2020_orals_track01.txt", text)])
    df = cat.records
    assert df["title"].tolist() == ["Learning Physical Graph Representations from Visual Scenes",
                                    "A Made-Up Spotlight On Relational Reasoning"]
    assert df["presentation"].tolist() == ["Oral", "Spotlight"]
    assert df["authors"].iloc[0][:3] == ["Daniel Bear", "Chaofei Fan", "Damian Mrowca"] and len(df["authors"].iloc[0]) == 11
    assert df["authors"].iloc[1] == ["Ada Lovelace", "Alan Turing"]
    assert df["abstract"].iloc[0].startswith("Convolutional Neural Networks (CNNs) have proved exceptional")
    assert df["abstract"].iloc[0].endswith("scene representation algorithms.")
    assert df["moderators"].tolist() == [["Laurens van der Maaten", "Fei Sha"]] * 2
    assert (df["session"] == "Orals & Spotlights Track 01: Representation/Relational").all()
    # 18:00-18:15 at UTC-8 on 7 Dec 2020
    assert df["start"].astype(str).tolist() == ["2020-12-08 02:00:00+00:00", "2020-12-08 02:25:00+00:00"]
    assert df["end"].astype(str).tolist() == ["2020-12-08 02:15:00+00:00", "2020-12-08 02:35:00+00:00"]
    assert df["timezone"].tolist() == ["Etc/GMT+8"] * 2 and df["year"].tolist() == [2020, 2020]
    problems = cat.problems
    ignored = problems[problems["kind"] == "ignored"]["message"].tolist()
    assert len(ignored) == 3  # the session's own time, the Q&A, the joint Q&A
    assert any("'Q&A' slot is not a paper" in m for m in ignored)
    assert not problems["kind"].isin(["skipped", "incomplete"]).any()


@pytest.mark.parametrize(
    ("slot", "start", "error"),
    [
        ("2020-12-07T18:00:00-08:00 - 2020-12-07T18:15:00-08:00", "2020-12-08 02:00:00+00:00", None),
        ("2021-07-20T09:00Z - 2021-07-20T09:15Z", "2021-07-20 09:00:00+00:00", None),
        ("2020-12-07T18:00:00 - 2020-12-07T18:15:00", None, "no time zone"),
        ("2020-12-07T18:15:00-08:00 - 2020-12-07T18:00:00-08:00", None, "ends before it starts"),
        ("2020-13-07T18:00:00-08:00 - 2020-13-07T18:15:00-08:00", None, "impossible date"),
    ],
)
def test_iso_time_slots(slot, start, error):
    from confexplore.sources.session_page import parse_slot

    out = parse_slot(slot, year=None)
    assert (str(out["start"]) if out["start"] is not None else None) == start
    assert (error is None and out["error"] is None) or (error is not None and error in out["error"])


def test_a_log_with_iso_times_is_no_session_page(tmp_path):
    log = "".join(f"2020-12-07T18:{m:02d}:00-08:00 INFO worker {m} started, Alice Smith, Bob Jones\n" for m in range(40))
    with pytest.raises(cx.ParseError, match="format not recognised"):
        cx.read_source(write(tmp_path, "run.log", log))


@pytest.mark.parametrize("label", ["tl;dr: ", "TL;DR: ", "TL;DR - ", "TLDR: ", "TL;DR — ", "Tl;dr. "])
def test_tldr_list_labels_as_other_lists_write_them(tmp_path, label):
    text = (
        "Ada Lovelace, Alan Turing\n"
        f"{label}Engines that compute can also compose music.\n"
        "We study analytical engines and show that, given suitable cards, they compose elaborate pieces of music.\n"
        "Grace Hopper, Edsger Dijkstra\n"
        "We study compilers and show that programs written in words are easier to read than machine code.\n"
    ) * 6
    df = cx.read_source(cx.Source(write(tmp_path, "t.txt", text), venue="ICLR", year=2022))
    assert len(df) == 12
    assert df["tldr"].iloc[0] == "Engines that compute can also compose music."
    assert df["abstract"].iloc[0].startswith("We study analytical engines")
    assert problems_of(df).empty


@pytest.mark.parametrize("title_line", ["### Towards Robust, Locally Linear Deep Networks",
                                        "## [Towards Robust, Locally Linear Deep Networks](https://openreview.net/forum?id=x)"])
def test_accepted_list_titles_written_as_headings(tmp_path, title_line):
    record = (f"{title_line}\n\n- Guang-He Lee, David Alvarez-Melis, Tommi S. Jaakkola\n"
              "- abstract@[open-review\\(Poster\\)](#): Deep networks realize complex mappings that are often "
              "understood by their locally linear behavior at or around points of interest.\n\n")
    df = cx.read_source(cx.Source(write(tmp_path, "a.md", record * 3), venue="ICLR", year=2019))
    assert df["title"].tolist() == ["Towards Robust, Locally Linear Deep Networks"] * 3
    assert df["url"].iloc[0] == ("https://openreview.net/forum?id=x" if "](" in title_line else None) or (
        "](" not in title_line and pd.isna(df["url"].iloc[0]))
    assert problems_of(df).empty


@pytest.mark.parametrize("rule", ["----", "* * *", "- - -", "___", ""])
def test_paper_list_rules_of_any_markdown_spelling_or_none(tmp_path, rule):
    # "* * *" is a markdown rule too; a page with no rules ends its last abstract at the
    # page's navigation links, which are not abstract text
    page = cx.bundled_sources()[2].read_bytes().decode("utf-8")
    base = cx.read_source(cx.bundled_sources()[2])
    df = cx.read_source(write(tmp_path, "list.md", page.replace("----", rule)))
    assert df["abstract"].tolist() == base["abstract"].tolist()
    assert df["title"].tolist() == base["title"].tolist()
    assert problems_of(df).empty


def test_paper_list_a_label_given_twice_with_the_same_text_is_read_once(tmp_path):
    page = cx.bundled_sources()[2].read_bytes().decode("utf-8")
    base = cx.read_source(cx.bundled_sources()[2])
    twice = page.replace("**Abstract**:\n", "**Abstract**:\n\n**Abstract**:\n", 1)
    first_authors = next(line for line in page.splitlines() if line.startswith("**Authors**"))
    again = page.replace(first_authors, f"{first_authors}\n\n{first_authors}", 1)
    for text, message in ((twice, "label is given twice in a row"), (again, "given again with the same text")):
        df = cx.read_source(write(tmp_path, "list.md", text))
        assert df["abstract"].tolist() == base["abstract"].tolist()
        assert df["authors"].tolist() == base["authors"].tolist() and len(df) == len(base)
        problems = problems_of(df)
        assert problems["kind"].tolist() == ["repaired"] and message in problems["message"].iloc[0]


def test_paper_list_a_heading_of_another_shape_starts_a_paper_even_when_no_field_repeats(tmp_path):
    text = PAPER_LIST_LOOSE.replace("**Authors**: *Abdullah Al Maruf, Luyao Niu*\n", "")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "ijcai.md", text), format="paper-list"))
    assert df["title"].tolist() == ["Learning Dissemination Strategies",
                                    "Artificial Agents Inspired by Human Motivation Psychology"]
    assert df["authors"].tolist() == [[], ["Anupama Arukgoda", "Erandi Lakshika"]]
    assert df["abstract"].iloc[0] == "Text one, the first paper's abstract."  # no heading in it
    assert problems_of(df)[["line", "kind", "message"]].values.tolist() == [[1, "incomplete", "record without authors"]]


def test_zero_padding_after_a_whole_text_is_a_repair_and_after_a_cut_line_damage(tmp_path):
    seed = cx.bundled_sources()[3]  # the NeurIPS 2018 session page
    path = tmp_path / "padded.txt"
    path.write_bytes(seed.read_bytes() + b"\n" + b"\x00" * 8192)
    df = cx.read_source(cx.Source(path, venue="NeurIPS", year=2018), errors="raise")  # nothing was lost
    assert len(df) == 14
    problems = problems_of(df)
    assert problems["kind"].tolist() == ["repaired"] and "zero padding" in problems["message"].iloc[0]
    # zeros right after text that has no final line break: the zeros may have overwritten its end
    cut = seed.read_bytes()
    path.write_bytes(cut[: cut.rindex(b" the ") + 4] + b"\x00" * 8192)
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(path, venue="NeurIPS", year=2018))
    assert problems_of(df)["kind"].tolist() == ["incomplete"]


# Layouts from this session's review (tests/data/session_layouts/r*.txt): the real NeurIPS
# 2020/2021 and ICLR 2021 pages with a line dropped or added. Each: titles (None: no title),
# presentations and numbers of authors of the talks read.
REVIEW_LAYOUTS = {
    # NeurIPS 2020, the spotlight's time line dropped: "2 - Q&A: …" is no paper, the spotlight is
    "r1": (["Learning Physical Graph Representations from Visual Scenes", "A Made-Up Spotlight On Relational Reasoning"],
           ["Oral", "Spotlight"], [11, 2]),
    # NeurIPS 2021, the second oral's time line dropped: "(Q&A)" / "Q&A" is no paper, the oral is
    "r2": (["Framing RNN as a kernel method: A neural ODE approach", "A Universal Law of Robustness via Isoperimetry"],
           ["Oral", "Oral"], [4, 2]),
    # ICLR 2021 (no titles), "2 - Q&A: Something Asked" above a spotlight's kind: the spotlight is kept
    "r3": ([None] * 12, ["Oral", "Oral", "Spotlight", "Spotlight", "Oral", "Oral", "Spotlight", "Spotlight", "Spotlight",
                         "Oral", "Spotlight", "Spotlight"], [5, 10, 5, 7, 5, 7, 5, 2, 5, 2, 6, 6]),
    # a "Session chairs" label with no names under it: no talk
    "r4": (["Learning Physical Graph Representations from Visual Scenes", "A Made-Up Spotlight On Relational Reasoning"],
           ["Oral", "Spotlight"], [11, 2]),
    # an abstract paragraph that is just "Time": text (the site's buttons only count above a card's text)
    "r5": (["Evolved Policy Gradients"], ["Spotlight"], [3]),
    # a kind line under a talk's authors: that talk's kind; the sentence under it its abstract, not the next title
    "r6": (["First Paper Title", "Second Paper Title", None], [None, "Spotlight", None], [2, 2, 2]),
}


def _read_layout(name: str, expected: tuple[list, list, list], *, year: int) -> pd.DataFrame:
    """Read tests/data/session_layouts/<name>.txt and check its talks' titles (None: none),
    kinds and numbers of authors, and that every word of every abstract is in the file."""
    path = Path(__file__).parent / "data" / "session_layouts" / f"{name}.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.CatalogWarning)
        df = cx.read_source(cx.Source(path, venue="NeurIPS", year=year))
    titles, kinds, n_authors = expected
    assert [None if pd.isna(t) else t for t in df["title"]] == titles
    assert [None if pd.isna(k) else k for k in df["presentation"]] == kinds
    assert df["authors"].str.len().tolist() == n_authors
    text = path.read_text(encoding="utf-8")
    for abstract in df["abstract"].dropna():
        assert all(word in text for word in abstract.split())
    return df


@pytest.mark.parametrize("name", REVIEW_LAYOUTS)
def test_session_page_layouts_from_the_third_review(name):
    df = _read_layout(name, REVIEW_LAYOUTS[name], year=2022)
    if name == "r5":
        assert "evolving a loss.\n\nTime\n\nThe loss is" in df["abstract"].iloc[0]
    if name in ("r1", "r2", "r3"):  # the Q&A is reported where it stands
        assert any("Q&A" in p["message"] and p["kind"] == "ignored" for p in df.attrs["problems"])


def test_iso_offsets_past_14_hours_are_impossible_and_csv_ranges_are_no_session_page(tmp_path):
    from confexplore.sources.session_page import parse_slot

    out = parse_slot("2020-12-07T18:00:00+20:00 - 2020-12-07T18:15:00+20:00", year=None)
    assert out["start"] is None and "impossible UTC offset" in out["error"]
    assert "expected e.g. 'Tue 4 Dec." in parse_slot("12:30 - 12:35 PST", year=2020)["error"]
    csv = "start,end,room\n" + "".join(
        f"2020-12-07T1{h}:00:00-08:00 - 2020-12-07T1{h}:30:00-08:00,Room {h}\n" for h in range(10))
    with pytest.raises(cx.ParseError, match="format not recognised"):
        cx.read_source(write(tmp_path, "rooms.csv", csv))


def test_an_abstract_that_starts_with_the_word_tldr_is_an_abstract(tmp_path):
    text = ("Alice Smith, Bob Jones\nTLDR generation is the task of writing one-sentence summaries of papers, "
            "and we study how well language models do it.\n") * 6
    df = cx.read_source(cx.Source(write(tmp_path, "t.txt", text), venue="ICLR", year=2022))
    assert len(df) == 6 and df["abstract"].iloc[0].startswith("TLDR generation is the task")
    assert df["tldr"].isna().all() and problems_of(df).empty


# Inputs of this session's last review (tests/data/session_layouts/s*.txt, the seeds and
# fixtures with a line dropped or added): titles (None: none), kinds and numbers of authors
SECOND_REVIEW_LAYOUTS = {
    # "Session chairs" inside a talk, above its title: the label is left out (and reported), the title kept
    "s1": (["Adapted Deep Embeddings"], ["Spotlight"], [2]),
    # the first time line dropped: the talk above the new first time line is read, without a time
    "s2": (["Evolved Policy Gradients", "Adapted Deep Embeddings: A Synthesis of Methods for k-Shot Inductive Transfer Learning",
            "Bayesian Model-Agnostic Meta-Learning"], ["Spotlight"] * 3, [7, 3, 6]),
    # "2 - Q&A: …" then a line, then a talk's kind: the talk is read
    "s3": ([None, None], ["Oral", "Spotlight"], [2, 2]),
    # "(Spotlight)" under the authors, a one-sentence abstract right under it: not the next title
    "s4": (["First Paper Title", "Second Paper Title", None], [None, "Spotlight", None], [2, 2, 2]),
    # "2 - Q&A: …" with a line of text under it, then "3 - Spotlight: …": the spotlight is read
    "t1": (["A Made-Up Spotlight On Relational Reasoning"], ["Spotlight"], [2]),
    # "3 - Spotlight: Title" with no authors line: its own talk, titled (reported without authors)
    "t2": (["Learning Physical Graph Representations from Visual Scenes", "Deep Graph Pose Estimation",
            "Another Graph Method"], ["Oral", "Spotlight", "Spotlight"], [3, 0, 2]),
    # poster cards with no abstracts, one title ending in a full stop: three posters
    "t3": (["FairICP: Encouraging Equalized Odds via Inverse Conditional Permutation",
            "Scaling Laws Are Not All You Need.", "A Third Title Here"], ["Poster"] * 3, [2, 2, 2]),
    # a workshop's organizers (names, then a description) above the first time line: not a talk
    "t4": (["Learning to Diagnose"], ["Oral"], [2]),
    # "7 - Poster: …" right under a talk's names, over its wrapped abstract: text of that talk
    "u1": (["Seesaw: High-throughput LLM Inference", "ScaleFusion: Scalable Inference"], [None, None], [3, 3]),
    # a page with no kind lines (ICML 2019 tutorials), its first time line lost: the talk above is read
    # (the page's heading joins its title: the page gives nothing to tell them apart)
    "u2": (["ICML 2019 Videos A Primer on PAC-Bayesian Learning", "Recent Advances in Population-Based Search for Deep "
            "Neural Networks: Quality Diversity, Indirect Encodings, and Open-Ended Algorithms"], [None, None], [2, 3]),
}


@pytest.mark.parametrize("name", SECOND_REVIEW_LAYOUTS)
def test_session_page_layouts_from_the_last_review(name):
    df = _read_layout(name, SECOND_REVIEW_LAYOUTS[name], year=2018)
    if name == "u1":
        assert df["abstract"].iloc[0].startswith("7 - Poster: on the margin of error To improve")
    if name == "t4":  # said, as not read
        problems = problems_of(df)
        assert problems.loc[problems["line"] == 3, "kind"].tolist() == ["skipped"]  # from the block's first line
    if name == "s2":
        problems = problems_of(df)
        assert "above the page's first time line" in problems.loc[problems["line"] == 12, "message"].iloc[0]
        assert pd.isna(df["start"].iloc[0]) and df["start"].iloc[1:].notna().all()


def test_paper_list_the_same_authors_after_an_abstract_are_another_paper(tmp_path):
    text = PAPER_LIST_LOOSE.replace("## 2. Artificial Agents Inspired by Human Motivation Psychology\n", "").replace(
        "Anupama Arukgoda, Erandi Lakshika", "Abdullah Al Maruf, Luyao Niu")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "l.md", text), format="paper-list"))
    assert df["authors"].tolist() == [["Abdullah Al Maruf", "Luyao Niu"]] * 2
    assert df["abstract"].tolist() == ["Text one, the first paper's abstract.", "Text two, the second paper's abstract."]


def test_paper_list_cut_after_a_heading_gives_one_row_for_its_last_paper(tmp_path):
    page = cx.bundled_sources()[2].read_bytes().decode("utf-8")
    cut = page[: page.index("## [810]") + len("## [810] Some Tit")]
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(write(tmp_path, "cut.md", cut))
    problems = problems_of(df)
    last = problems[problems["line"] == df["line"].iloc[-1]]
    assert len(last) == 1 and last["kind"].iloc[0] == "incomplete"
    assert last["message"].iloc[0].startswith("record without authors and abstract: the file ends")


def test_paper_list_the_same_authors_line_after_another_field_starts_another_paper_and_says_so(tmp_path):
    # two papers by the same authors, the second's heading lost: not a duplicate line
    page = cx.bundled_sources()[2].read_bytes().decode("utf-8")
    first_authors = next(line for line in page.splitlines() if line.startswith("**Authors**"))
    first_url = next(line for line in page.splitlines() if line.startswith("**URL**"))
    text = page.replace(first_url, f"{first_url}\n\n{first_authors}", 1)  # again, after the URL
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(write(tmp_path, "list.md", text))
    assert len(df) == 61 and df["authors"].iloc[1] == df["authors"].iloc[0]
    assert "fields begin again" in problems_of(df).loc[lambda p: p["kind"] == "incomplete", "message"].iloc[-1]


ICLR_2025_SINGAPORE = """\
Oral Session 1A
Thu 24 Apr 10 a.m. +08 — 10:15 a.m. +08
Oral
A Talk In Singapore Time
Ann Bee · Cy Dee
Abstract of the Singapore talk.

Thu 24 Apr 10:15 a.m. +08:00 — 10:30 a.m. +08:00
Oral
A Talk With A Colon Offset
Eve Gee
Abstract of the second talk.

Thu 24 Apr 10:30 a.m. -03 — 10:45 a.m. -03
Oral
A Talk In Rio Time
Fay Hay
Abstract of the third talk.

Thu 24 Apr 10:45 a.m. +0530 — 11 a.m. +0530
Oral
A Talk Half An Hour Off
Gus Ivy
Abstract of the fourth talk.

Thu 24 Apr 11 a.m. +25 — 11:15 a.m. +25
Oral
A Talk In No Zone
Hal Jay
Abstract of the fifth talk.
"""


def test_session_page_times_with_bare_utc_offsets(tmp_path):
    """Conference sites print a zone with no abbreviation in the time-zone database as
    its offset ("+08" for Singapore, ICLR 2025): that is the talk's clock."""
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "iclr_2025_oral_1a.txt", ICLR_2025_SINGAPORE), venue="ICLR", year=2025))
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[26, "incomplete"]]
    assert "impossible UTC offset '+25'" in problems["message"].iloc[0]
    assert df["title"].tolist()[0] == "A Talk In Singapore Time" and len(df) == 5
    assert df["start"].tolist()[:4] == [pd.Timestamp(t, tz="UTC") for t in
                                        ("2025-04-24 02:00", "2025-04-24 02:15", "2025-04-24 13:30", "2025-04-24 05:15")]
    assert df["end"].iloc[0] == pd.Timestamp("2025-04-24 02:15", tz="UTC")
    # the display zone is the fixed offset (IANA writes UTC+8 as Etc/GMT-8); half hours have none
    assert df["timezone"].tolist()[:4] == ["Etc/GMT-8", "Etc/GMT-8", "Etc/GMT+3", "UTC"]
    assert pd.isna(df["start"].iloc[4]) and df["title"].iloc[4] == "A Talk In No Zone"  # the talk is kept


@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        # the start of https://iclr.cc/virtual/2023/session/13380, as the site prints it
        ("iclr_2023_poster_session4.txt", 10),
        # the start of https://dev.iclr.cc/virtual/2023/session/13379, copied from the session's title
        # down: none of the site's own lines ("Chat is not available.") above the first card
        ("iclr_2023_poster_session3_no_header.txt", 3),
    ],
)
def test_iclr_2023_poster_session_badges(tmp_path, name, first_line):
    """ICLR 2023 cards carry a badge, "Virtual presentation / poster accept" or "In-Person
    Poster presentation / poster accept": the talk's kind, not part of its title."""
    path = Path(__file__).parent / "data" / name
    with pytest.warns(cx.CatalogWarning, match="1 record problem"):  # the page gives no time line
        df = cx.read_source(cx.Source(path, venue="ICLR", year=2023))
    assert len(df) == 2 and df["line"].iloc[0] == first_line
    assert df["presentation"].tolist() == ["Poster", "Poster"]
    assert df["session"].tolist() == [f"Poster Session {name[len('iclr_2023_poster_session')]}"] * 2
    assert not df["title"].str.contains("presentation|accept|Session", regex=True).any()
    assert df["authors"].iloc[0][:2] in (["Bilal Alsallakh", "David Yan"], ["Jonathan Hayase", "Sewoong Oh"])
    assert all(a and not a.startswith(("Virtual", "In-Person")) for a in df["abstract"])
    assert [p["kind"] for p in df.attrs["problems"]] == ["context"]
    # a badge that names no kind: the session's ("Poster Session 4") applies
    text = path.read_text(encoding="utf-8").replace("/ poster accept", "/ top 25% paper")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, name, text), venue="ICLR", year=2023))
    assert df["presentation"].tolist() == ["Poster", "Poster"] and len(df) == 2


@pytest.mark.parametrize(
    ("badge", "kind"),
    [("In-Person Oral presentation / top 5% paper", "Oral"), ("Virtual presentation / poster accept", "Poster"),
     ("In-Person Poster presentation / top 25% paper", "Poster"),
     ("Virtual presentation / top 25% paper", "Presentation badge"),
     ("Hybrid Spotlight presentation / notable", "Spotlight"),
     ("A presentation / not a badge", "A presentation / not a badge"), ("presentation / accept", "presentation / accept")],
)
def test_session_page_badges_name_the_kind(badge, kind):
    from confexplore.sources.session_page import _KINDS, _kind_line, _unbadge

    assert _unbadge(badge) == kind
    # a badge that names no kind leaves it to the session; a line "Presentation" is no kind
    assert _KINDS["presentation badge"] is None and not _kind_line("Presentation")


NEURIPS_2022_DAY = """\
Skip to yearly menu bar Skip to main content


Timezone: America/Chicago

Registration Desk Sat 3 Dec 07:15 a.m.


Temporal Graph Learning Workshop Sat 3 Dec 07:30 a.m.

Reihaneh Rabbany · Jian Tang

This workshop bridges the conversation among different areas such as temporal knowledge graph learning.
"""


@pytest.mark.parametrize("forced", [False, True])
def test_a_sites_day_schedule_is_not_a_list_of_papers(tmp_path, forced):
    """A virtual site's day page (neurips.cc/virtual/2022/day/12/3) lists the day's events,
    workshops and desks with their start times; read as talks it gave workshops as papers
    under titles like "Timezone: America/Chicago Registration Desk ...". It is refused,
    saying what to read instead, even when the format is forced."""
    path = write(tmp_path, "day.txt", NEURIPS_2022_DAY)
    source = cx.Source(path, format="session-page") if forced else path
    with pytest.raises(cx.ParseError, match=r"day.txt, line 6: is a conference site's day schedule .* open a session's own page"):
        cx.read_source(source)
    # a page of talks with their own time lines is still a session page, whatever its titles say
    talk = "Sat 3 Dec 8:00 a.m. CST — 8:15 a.m. CST\nOral\nA Workshop Sat 3 Dec 07:30 a.m.\nAnn Bee · Cy Dee\nAbstract text.\n"
    with pytest.warns(cx.CatalogWarning):  # no venue or year for this page
        df = cx.read_source(write(tmp_path, "talk.txt", talk))
    assert df["title"].tolist() == ["A Workshop Sat 3 Dec 07:30 a.m."]


IEEE_SCRIPT_LINES = """\
## [803] RGBD2: Generative Scene Synthesis via Incremental View Inpainting Using RGBD Diffusion Models

**Authors**: *Jiabao Lei, Jiapeng Tang, Kui Jia*

**Conference**: *cvpr 2023*

**Abstract**:

In this work, we present a new solution termed RGBD
<sup xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns:xlink="http://www.w3.org/1999/xlink">2</sup>
 that sequentially generates novel RGBD views. A Stereo Pano Pose (SP
<sup xmlns:mml="http://www.w3.org/1998/Math/MathML">2</sup>
) transformer covers 8.1m
<sup>2</sup>
, the best published result is 71.7% Success [39]. 
<sup xmlns:mml="http://www.w3.org/1998/Math/MathML">1</sup>
<sup xmlns:mml="http://www.w3.org/1998/Math/MathML">1</sup>
According to Habitat Challenge 2020.

----
"""


def test_paper_list_ieee_superscript_lines_join_their_word_and_footnotes_go(tmp_path):
    # real CVPR 2022/2023 abstracts (hzxwonder/Conference-Paper): IEEE cuts each <sup> out
    # onto a line of its own. Joined with spaces, "RGBD²" read as a footnote mark and was lost.
    df = cx.read_source(cx.Source(write(tmp_path, "cvpr.md", IEEE_SCRIPT_LINES), format="paper-list"))
    assert df["abstract"].tolist() == [
        "In this work, we present a new solution termed RGBD^2 that sequentially generates novel RGBD views. "
        "A Stereo Pano Pose (SP^2) transformer covers 8.1m^2, the best published result is 71.7% Success [39]. "
        "According to Habitat Challenge 2020."
    ]
    assert problems_of(df).empty


def test_paper_list_a_line_repeated_in_every_paper_is_one_problem(tmp_path):
    # a real NeurIPS 2023 list (hzxwonder/Conference-Paper) keeps a reader's checkbox in each paper
    paper = ("## [{n}] Paper {n}\n\n- [ ] viewed\n\n**Authors**: *Ann Lee*\n\n**Conference**: *nips 2023*\n\n"
             "**Abstract**:\n\nAbstract {n}.\n\n----\n\n")
    text = "".join(paper.format(n=n) for n in range(1, 5)) + "stray\n"
    df = cx.read_source(cx.Source(write(tmp_path, "nips.md", text), format="paper-list"))
    assert df["title"].tolist() == [f"Paper {n}" for n in range(1, 5)]
    problems = problems_of(df)
    assert problems[["line", "kind"]].values.tolist() == [[3, "ignored"], [57, "ignored"]]
    assert problems["message"].tolist() == [
        "text outside any field was not read: '- [ ] viewed', on 4 lines (the first 3, the last 45)",
        "text after the end of a paper was not read: 'stray'",
    ]


# A poster's own page on a conference's virtual site, copied as text (public captures of
# https://iclr.cc/virtual/2024/poster/18794, https://icml.cc/virtual/2025/poster/46224 and
# https://neurips.cc/virtual/2023/poster/71237, in tests/data/): the site's menu, buttons cut
# over lines ("[", "Slides", "]"), a "2024 Poster" badge, "Show more", a lay summary, a footer.
POSTER_PAGES = {
    "iclr_2024_poster_page.txt": ("Efficient Streaming Language Models with Attention Sinks", "ICLR", 2024,
                                  "Deploying Large Language Models", "https://github.com/mit-han-lab/streaming-llm."),
    "icml_2025_poster_page.md": ("RZ-NAS: Enhancing LLM-guided Neural Architecture Search via Reflective Zero-Cost Strategy",
                                 "ICML", 2025, "LLM-to-NAS is a promising field",
                                 "achieving SOTA performance across multiple downstream tasks."),
    "neurips_2023_poster_page.md": ("Rethinking the Role of Token Retrieval in Multi-Vector Retrieval", "NeurIPS", 2023,
                                    "Multi-vector retrieval models such as ColBERT",
                                    "much better recall of the token retrieval stage compared to ColBERT."),
}


# 2025-2026 pages (public captures: an ICML 2026 poster, https://neurips.cc/virtual/2025/loc/san-diego/poster/118942,
# https://icml.cc/virtual/2025/poster/44177 with a paper viewer embedded under it): the time as
# "Wed, Jul 8, 2026 • 10:30 PM – 12:15 AM PDT", on the kind's line on NeurIPS 2025 pages
POSTER_PAGES.update({
    "icml_2026_poster_page.md": ("AutoTool: Dynamic Tool Selection and Integration for Agentic Reasoning", "ICML", 2026,
                                 "Agentic reinforcement learning has advanced",
                                 "dynamically leveraging unseen tools from evolving toolsets during inference."),
    "neurips_2025_poster_page.md": ("Generative RLHF-V: Learning Principles from Multi-modal Human Preference", "NeurIPS",
                                    2025, "Training multi-modal large language models (MLLMs)",
                                    "near-linear improvement with an increasing number of candidate responses."),
    "icml_2025_poster_page_with_viewer.txt": ("Online Robust Reinforcement Learning Through Monte-Carlo Planning", "ICML",
                                              2025, "Monte Carlo Tree Search (MCTS) is a powerful framework",
                                              "underlying reward distribution and transition dynamics."),
})
_TIMED_POSTER_PAGES = {
    # (start, end) in UTC: 10:30 PM PDT is 05:30 UTC the next day, the end past midnight
    "icml_2026_poster_page.md": ("2026-07-09 05:30", "2026-07-09 07:15"),
    "neurips_2025_poster_page.md": ("2025-12-04 00:30", "2025-12-04 03:30"),
}


@pytest.mark.parametrize("name", sorted(POSTER_PAGES))
def test_a_poster_page_is_one_poster_with_its_abstract_alone(name):
    # before: the site's menu became a talk ("Main Navigation" by "ICLR"), and the buttons,
    # the badge, "Show more", the lay summary and the ICLR footer ran into the abstract
    title, venue, year, starts, ends = POSTER_PAGES[name]
    if name in _TIMED_POSTER_PAGES:
        df = cx.read_source(Path(__file__).parent / "data" / name)
        start, end = _TIMED_POSTER_PAGES[name]
        assert df[["start", "end"]].values.tolist() == [[pd.Timestamp(start, tz="UTC"), pd.Timestamp(end, tz="UTC")]]
        assert df["timezone"].tolist() == ["America/Los_Angeles"]
    else:
        with pytest.warns(cx.CatalogWarning, match="1 record problem"):  # no time line: said once
            df = cx.read_source(Path(__file__).parent / "data" / name)
    assert df["title"].tolist() == [title]
    assert df["presentation"].tolist() == ["Poster"]
    row = df.iloc[0]
    assert row["abstract"].startswith(starts) and row["abstract"].endswith(ends), row["abstract"]
    for stray in ("Show more", "OpenReview", "Slides", "2024 Poster", "Lay Summary", "cookies", "Main Navigation",
                  "Log in", "bytez", "&amp;", "====="):
        assert stray not in row["abstract"]
    assert pd.isna(row["session"])  # not a menu entry such as "Journal To Conference Track"
    # the site's menu and year selector name the venue and year (NeurIPS': the capture's URL line above)
    assert (None if pd.isna(row["venue"]) else row["venue"], None if pd.isna(row["year"]) else row["year"]) == (venue, year)
    messages = " ".join(p["message"] for p in df.attrs["problems"])
    assert "talk without" not in messages
    if name == "icml_2025_poster_page.md":
        assert "the lay summary (lines 13-14) is not the abstract and was not read" in messages
    if name.startswith("iclr"):
        assert "the site's footer (lines 44-60) was not read: 'ICLR uses cookies" in messages
    if name == "icml_2026_poster_page.md":  # the project page's link, and the text's "&amp;" read as "&"
        assert row["code_urls"] == ["https://github.com/Gen-Verse/Open-AgentRL"]
        assert "6.4\\% in math & science reasoning" in row["abstract"]
    if name == "icml_2025_poster_page_with_viewer.txt":
        assert "the text after the talk's 'Chat is not available.' line (lines 81-91) is not the talk's" in messages


def test_poster_page_buttons_over_three_lines_and_badges_stay_out_of_the_abstract(tmp_path):
    page = ("POSTER\nEfficient Streaming Language Models with Attention Sinks\n"
            "Guangxuan Xiao · Yuandong Tian · Mike Lewis\n2024 Poster\nProject Page\n[\nSlides\n] \n[\nOpenReview\n] \n"
            "Abstract\nDeploying Large Language Models in streaming applications poses two major challenges.\n"
            "Video\nChat is not available.\n")
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "poster.txt", page), venue="ICLR", year=2024))
    assert df["abstract"].tolist() == ["Deploying Large Language Models in streaming applications poses two major challenges."]
    assert df["authors"].tolist() == [["Guangxuan Xiao", "Yuandong Tian", "Mike Lewis"]]
    # the badge gives the kind where no line above does
    with pytest.warns(cx.CatalogWarning):
        df = cx.read_source(cx.Source(write(tmp_path, "badge.txt", page.replace("POSTER\n", "")), venue="ICLR",
                                      year=2024, format="session-page"))
    assert df["presentation"].tolist() == ["Poster"]
    assert df["title"].tolist() == ["Efficient Streaming Language Models with Attention Sinks"]


_SESSION_FILES = sorted(
    str(p.relative_to(Path(__file__).parent / "data"))
    for p in (Path(__file__).parent / "data").rglob("*.*")
    if p.suffix in (".txt", ".md") and re.search(r"session|poster_page|orals|mlsys|layouts", str(p))
)


@pytest.mark.parametrize("name", _SESSION_FILES)
def test_an_indented_copy_of_a_session_page_reads_as_the_page(tmp_path, name):
    # a page copied or converted with every line indented (two spaces, or a tab): the
    # same talks, times and problems, line for line (the kind and time slot on one line
    # of NeurIPS 2025 pages, the site's menus and day headings were missed before)
    path = Path(__file__).parent / "data" / name
    text = path.read_text(encoding="utf-8", errors="replace")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.CatalogWarning)
        try:
            original = cx.read_source(path)
        except cx.ParseError as exc:
            original = exc
        for indent in ("  ", "\t"):
            copy = tmp_path / f"indented{len(indent)}_{path.name}"
            copy.write_text("".join(indent + line if line.strip() else line for line in text.splitlines(True)),
                            encoding="utf-8")
            if isinstance(original, cx.ParseError):
                with pytest.raises(cx.ParseError):
                    cx.read_source(copy)
                continue
            indented = cx.read_source(copy)
            pd.testing.assert_frame_equal(indented.drop(columns="source"), original.drop(columns="source"))
            assert [(p["line"], p["kind"]) for p in indented.attrs["problems"]] == \
                [(p["line"], p["kind"]) for p in original.attrs["problems"]]
