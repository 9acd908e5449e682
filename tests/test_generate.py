"""The benchmark's synthetic-catalog generator (benchmarks/generate.py).

It writes the requested number of records in each format, in the shapes of
the real files, and the same bytes for the same seed.  Records are counted here
with the formats' own markers, independently of the generator and of
confexplore's parsers.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("cx_bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


N = 600  # > 2 conferences of 250 per format, a couple of seconds at most


@pytest.fixture(scope="module")
def catalog(gen, tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    paths = gen.generate(out, N, seed=7)
    return out, paths, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


_TIME = re.compile(r"^\w{3} \d{1,2} \w+\.? \d\d:\d\d - \d\d:\d\d (PST|PDT|EST|EDT|CET|CEST)$", re.M)


def count_records(fmt: str, text: str) -> int:
    text = text.replace("\r\n", "\n")
    if fmt == "accepted-list":
        return len(re.findall(r"^- abstract@\[open-review\\\((Oral|Spotlight|Poster)\\\)\]\(#\): ", text, re.M))
    if fmt == "tldr-list":
        lines = text.split("\n")
        tldr = sum(line.startswith("tl;dr: ") for line in lines)
        assert (len(lines) - tldr) % 2 == 0, "every record is an authors line and an abstract line"
        return (len(lines) - tldr) // 2
    if fmt == "paper-list":
        return len(re.findall(r"^\s*## \[\d+\] \S", text, re.M))
    return len(_TIME.findall(text))


def test_each_format_has_the_requested_number_of_records(catalog, gen):
    out, paths, manifest = catalog
    files = [p for p in paths if p.name not in ("manifest.json", "truth.json")]
    assert {f["format"] for f in manifest["files"]} == set(gen.FORMATS)
    assert sorted(out / f["path"] for f in manifest["files"]) == sorted(files)
    for fmt in gen.FORMATS:
        listed = [f for f in manifest["files"] if f["format"] == fmt]
        counted = {f["path"]: count_records(fmt, (out / f["path"]).read_text(encoding="utf-8")) for f in listed}
        assert counted == {f["path"]: f["records"] for f in listed}, fmt
        assert sum(counted.values()) == N == manifest["formats"][fmt]["records"]
    assert manifest["expected"]["records"] == 4 * N
    # tl;dr papers reappear on paper lists and session pages, as in the bundled catalog
    assert 3 * N < manifest["expected"]["papers"] < 4 * N
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))["uids"]
    assert {k: len(v) for k, v in truth.items()} == {f["path"]: f["records"] for f in manifest["files"]}
    assert len({u for v in truth.values() for u in v}) == manifest["expected"]["papers"]
    by_format = {fmt: {u for f in manifest["files"] if f["format"] == fmt for u in truth[f["path"]]} for fmt in gen.FORMATS}
    assert by_format["paper-list"] & by_format["tldr-list"] and by_format["session-page"] & by_format["tldr-list"]
    assert not by_format["accepted-list"] & (by_format["tldr-list"] | by_format["paper-list"])


def test_a_repeated_paper_has_the_same_authors_and_abstract(catalog):
    out, _, manifest = catalog
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))["uids"]
    tldr_file = next(f["path"] for f in manifest["files"] if f["format"] == "tldr-list")
    lines = (out / tldr_file).read_text(encoding="utf-8").split("\n")
    records, i = [], 0
    while i < len(lines):
        authors, i = lines[i], i + 1
        if lines[i].startswith("tl;dr: "):
            i += 1
        records.append((authors, lines[i]))
        i += 1
    where = dict(zip(truth[tldr_file], records))
    talks = [f for f in manifest["files"] if f["format"] == "session-page" and set(truth[f["path"]]) & where.keys()]
    text = (out / talks[0]["path"]).read_text(encoding="utf-8")
    uid = next(u for u in truth[talks[0]["path"]] if u in where)
    authors, abstract = where[uid]
    assert authors.replace(", ", " · ") + "\n\n" + abstract in text


def test_files_have_the_shapes_and_quirks_of_the_real_ones(catalog):
    out, _, manifest = catalog
    text = {fmt: "" for fmt in manifest["formats"]}
    for f in manifest["files"]:
        text[f["format"]] += (out / f["path"]).read_bytes().decode("utf-8") + "\n"
    acc = text["accepted-list"]
    assert re.search(r"^\[.+\]\(#\)\n\n- ", acc, re.M) and re.search(r"^[A-Z][^\[\n]+\n\n- (?!abstract)", acc, re.M)
    assert re.search(r"^- .*\*\w", acc, re.M), "emphasis marks on some author"
    assert re.search(r"^- .*, and [A-Z]", acc, re.M), "trailing 'and' before the last author"
    assert "Ã" in acc, "some mojibake"
    assert re.search(r"<https://git(hub|lab)\.com/[^>]+>", acc)
    assert re.search(r"^- abstract@.*\n\n[A-Z][^\n]*\.\n\n(\[|[A-Z])", acc, re.M), "abstract continues"
    tldr = text["tldr-list"]
    assert "\n\n" not in tldr.rstrip("\n") and "tl;dr: " in tldr
    plist = text["paper-list"]
    assert re.search(r"^\*\*Conference\*\*: \*(iclr|nips|icml|cvpr|aaai|ijcai) 20\d\d\*", plist, re.M)
    assert "[Go to the catalog section](README.md)" in plist
    sessions = text["session-page"]
    assert "Moderators: " in sessions and "\nSession\n\n" in sessions
    assert re.search(r"^(Oral|Spotlight|Poster)\n\n\S.* · ", sessions, re.M), "a talk without a title"
    assert re.search(r"^(Oral|Spotlight|Poster)\n[^\n]+\n\n\S.* · ", sessions, re.M), "a talk with a title"
    assert all(len(_TIME.findall((out / f["path"]).read_text(encoding="utf-8"))) <= 20
               for f in manifest["files"] if f["format"] == "session-page")
    # the formats that do not carry venue and year are marked so
    needs = {f["format"]: f["needs_venue_year"] for f in manifest["files"]}
    assert needs == {"accepted-list": True, "tldr-list": True, "paper-list": False, "session-page": True}


def test_variants_across_conferences(gen, tmp_path):
    # 4 000 papers = 4 conferences of 1 000: with seed 0 both CRLF and LF, indented and flush ones
    manifest_path = gen.generate(tmp_path, 4000, seed=0, formats=["paper-list"])[-1]
    files = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    raw = [(tmp_path / f["path"]).read_bytes() for f in files]
    assert any(b"\r\n" in r for r in raw) and any(b"\r\n" not in r for r in raw)
    assert [b"\r\n" in r for r in raw] == [f["crlf"] for f in files]
    assert any(f["indented"] for f in files) and not all(f["indented"] for f in files)
    assert [bool(re.search(rb"^ {8}\*\*Authors\*\*", r, re.M)) for r in raw] == [f["indented"] for f in files]


def test_deterministic_given_a_seed(gen, tmp_path):
    def snapshot(directory, seed, formats=gen.ALL):
        gen.generate(directory, 300, seed=seed, formats=formats)
        return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}

    first = snapshot(tmp_path / "a", 3)
    assert first == snapshot(tmp_path / "b", 3)
    other = snapshot(tmp_path / "c", 4)
    assert other.keys() != first.keys() or any(other[k] != first[k] for k in first)
    # one format alone: the same files as in the full run
    alone = snapshot(tmp_path / "d", 3, ["session-page"])
    assert {k: v for k, v in alone.items() if k not in ("manifest.json", "truth.json")} == {
        k: v for k, v in first.items() if k.startswith("sessions/")
    }


def test_rerun_replaces_only_its_own_files(gen, tmp_path):
    gen.generate(tmp_path, 300, seed=1)
    mine = tmp_path / "notes.txt"
    mine.write_text("keep me", encoding="utf-8")
    gen.generate(tmp_path, 100, seed=1, formats=["tldr-list"])
    listed = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["files"]
    on_disk = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert on_disk == sorted([f["path"] for f in listed] + ["manifest.json", "notes.txt", "truth.json"])
    assert mine.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(("kwargs", "match"), [({"formats": ["csv"]}, "formats must be"), ({"n_papers": 0}, "positive")])
def test_bad_arguments_say_what_is_valid(gen, tmp_path, kwargs, match):
    args = {"n_papers": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        gen.generate(tmp_path, args.pop("n_papers"), **args)
