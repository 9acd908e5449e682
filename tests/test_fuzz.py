"""Property tests: arbitrary text and mutated real files raise nothing but ParseError."""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import confexplore as cx
from confexplore.catalog import _manifest

FILES = [e["file"] for e in _manifest()]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _real_bytes(name: str) -> bytes:
    return resources.files("confexplore").joinpath("data", "sources", name).read_bytes()


def _load_or_parse_error(tmp_path, data: bytes, name: str = "input.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.CatalogWarning)
        try:
            cat = cx.load_catalog([path])
        except cx.ParseError as exc:
            assert exc.path == name
            return None
    # what went in is accounted for: every record kept or reported as skipped
    skipped = int((~cat.problems["record_kept"]).sum())
    assert int(cat.sources["records"].sum()) == len(cat.records) + skipped
    assert set(cat.records["paper_id"]) == set(cat.papers["paper_id"])
    assert cat.records["line"].notna().all()
    assert (cat.papers["n_authors"] == cat.papers["authors"].map(len)).all()
    return cat


@SETTINGS
@given(text=st.text(max_size=2000))
def test_arbitrary_text(tmp_path_factory, text):
    _load_or_parse_error(tmp_path_factory.mktemp("t"), text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path_factory, data):
    _load_or_parse_error(tmp_path_factory.mktemp("b"), data)


# real pages of other sites kept as test fixtures (poster pages, session pages, web captures)
DATA = Path(__file__).parent / "data"
PAGES = sorted(p.name for p in DATA.iterdir() if p.is_file())
# lines of the quirks the readers handle, planted anywhere
QUIRKS = [b"Tue 4 Dec. 99:99 - 12:00 PST", b"## [x]", b"- abstract@", b"tl;dr:", b"**Authors**:", b"\x0b\x1b", b"Oral",
          b"[", b"]", b"Show more", b"Lay Summary", b"Chat is not available.", b"=====", b"<sup>2</sup>", b"- [ ] viewed",
          "Poster  Wed, Dec 3, 2025 \u2022 4:30 PM \u2013 7:30 PM PST".encode(), b"Select Year: (2024)", b"2024 Poster",
          "360\ucc30 &amp; github.com/a/b".encode(), b'[ [OpenReview](https://x.org/a "OpenReview")]', b"Main Navigation"]


@st.composite
def mutated(draw, names=tuple(FILES), read=_real_bytes):
    name = draw(st.sampled_from(names))
    lines = read(name).split(b"\n")
    # work on a window so each example stays small and fast
    start = draw(st.integers(0, max(0, len(lines) - 60)))
    lines = lines[start : start + 60]
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "garble", "truncate", "insert"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "garble":
            junk = draw(st.binary(min_size=1, max_size=8))
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + junk + lines[i][k:]
        elif op == "truncate":
            k = draw(st.integers(0, len(lines[i])))
            lines = lines[:i] + [lines[i][:k]]
        else:
            lines.insert(i, draw(st.sampled_from(QUIRKS)))
    return name, b"\n".join(lines)


@SETTINGS
@given(case=mutated())
def test_mutated_real_files(tmp_path_factory, case):
    name, data = case
    _load_or_parse_error(tmp_path_factory.mktemp("m"), data, name=name)


@SETTINGS
@given(case=mutated(tuple(PAGES), lambda name: (DATA / name).read_bytes()))
def test_mutated_real_pages_of_other_sites(tmp_path_factory, case):
    name, data = case
    _load_or_parse_error(tmp_path_factory.mktemp("p"), data, name=name)


@pytest.mark.parametrize("name", FILES)
def test_every_prefix_of_a_real_file_is_accounted_for(tmp_path, name):
    """Cut a real file at ten places: records read + problems always add up, never a crash."""
    data = _real_bytes(name)
    for k in range(1, 11):
        cut = data[: len(data) * k // 10]
        cat = _load_or_parse_error(tmp_path, cut, name=name)
        if cat is not None and k == 10:
            assert len(cat.records) == next(e["records"] for e in _manifest() if e["file"] == name)
        if cat is not None:
            assert isinstance(cat.papers, pd.DataFrame)


def test_a_long_run_of_one_character_is_read_in_one_pass(tmp_path):
    """A line holding a long run of one character (300k spaces after a heading, a run of
    underscores in a name, of tabs in a line that may be names, of "a; " after a name in
    parentheses, of spaces inside a field's label) is read like any line.
    Regexes that retried the rest of the run at each of its characters took minutes on
    such lines; the loads here run in a child process that must finish within a bound
    far above their ~1 s each (a hang guard, not a speed measurement: see benchmarks/)."""
    import subprocess
    import sys

    run = 300_000
    session = (DATA / "neurips_2021_oral_session1.txt").read_text(encoding="utf-8").splitlines(True)
    session[4] = session[4][:20] + "_" * run + session[4][20:]
    poster = (DATA / "icml_2025_poster_page_with_viewer.txt").read_text(encoding="utf-8").splitlines(True)
    poster[24] = poster[24][:1] + "\t" * run + poster[24][1:]
    cases = {
        "heading.md": "## [1] A title" + " " * run + "x\n\n**Authors**: *Ann Lee*\n\n**Abstract**:\n\nText.\n\n----\n",
        "session.txt": "".join(session),
        "poster.txt": "".join(poster),
        "names.txt": "Ann Lee" + " " * run + "and Bo Chen\nAn abstract.\n",
        "field.md": "## [1] A title\n\n**Authors**: *Ann Lee*\n\n**Confe" + " " * run + "rence**: *iclr 2021*\n\n"
                    "**Abstract**:\n\nText.\n\n----\n",
        "semicolons.md": "[A title](#)\n\n- Ann Lee (MIT), *" + "a; " * (run // 3) + "\n\n- abstract@[open-review\\(Poster\\)](#): "
                         "Text.\n\n[Another title](#)\n\n- Bo Chen\n\n- abstract@[open-review\\(Oral\\)](#): More text.\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "import confexplore as cx\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        cat = cx.load_catalog([path], progress=False)\n"
        "        print(path, len(cat.records), len(cat.papers))\n"
        "    except cx.ParseError as exc:\n"
        "        print(path, 'ParseError', exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *(str(tmp_path / n) for n in cases)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(cases) and not any("Traceback" in line for line in lines)
    read = {line.split()[0].rsplit("/", 1)[-1]: line.split()[1:] for line in lines}
    assert read["heading.md"] == ["1", "1"] and read["poster.txt"] == ["1", "1"], read
    assert read["semicolons.md"] == ["2", "2"] and read["field.md"] == ["1", "1"], read


def test_messages_show_a_long_damaged_line_by_its_ends(tmp_path):
    # a time line with 5,000 characters planted in it: the problem quotes its ends, not all
    # of it; the same for a query with a pasted blob (the error's term keeps it whole)
    lines = (DATA / "neurips_2021_oral_session1.txt").read_text(encoding="utf-8").splitlines(True)
    slot = next(i for i, line in enumerate(lines) if line.startswith(("Mon ", "Tue ", "Wed ", "Thu ", "Fri ")))
    head, tail = lines[slot][:12], lines[slot][12:].rstrip()
    lines[slot] = head + "1" * 5000 + tail + "\n"
    path = tmp_path / "page.txt"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.warns(cx.CatalogWarning):
        cat = cx.load_catalog([path])
    quoted = cat.problems[cat.problems["message"].str.contains("11111", regex=False)]
    assert len(quoted) >= 1 and (quoted["message"].str.len() < 400).all()
    assert quoted["message"].str.contains("…", regex=False).all()
    # the run without a space ('mi' + 5,000 ones + 'dnight'), by its first 60 and last 20 characters
    assert quoted["message"].iloc[0].endswith(f"'{head}{'1' * 58}…{'1' * 14}{tail}'")
    error = cx.ParseError("page.txt", f"not understood: '{'1' * 5000}'", line=9)
    assert str(error) == f"page.txt, line 9: not understood: '{'1' * 59}…{'1' * 19}'"
    with pytest.raises(cx.QueryError) as bad:
        cx.search(cx.load_catalog().papers, "foo:" + "y" * 5000)
    assert len(str(bad.value)) < 600 and bad.value.term == "foo:" + "y" * 5000
