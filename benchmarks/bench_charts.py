"""Benchmark ``confexplore.charts`` at 1k and 100k papers.

For each size this builds a seeded synthetic catalog in memory (papers,
authorships, talks with the catalog's columns; words, tl;drs and author names
sampled from the bundled catalog, so texts read like abstracts and authors
have a realistic long tail), then for every chart measures

``build``   the chart function call plus ``chart.to_dict()`` (what a notebook
            pays before anything is sent to the browser), median of ``--reps``;
``spec``    the size of the Vega-Lite JSON (what the notebook stores and the
            browser parses);
``render``  ``vl_convert.vegalite_to_png`` of that spec (a stand-in for the
            browser's work), once.

The peer, measured in the same run, is the plain Altair way of drawing the same
picture: hand Altair the raw rows and let Vega-Lite aggregate
(``alt.data_transformers.disable_max_rows()``, ``count()`` / ``transform_*``).
It exists for ``counts``, ``top_authors`` and ``term_trends``; the other charts
have no raw-rows equivalent (a t-SNE of 100k points or a schedule of 100k talks
is not a chart anyone can read), so they are reported alone. Ratios are peer
time / confexplore time and peer spec / confexplore spec.

``--generated`` adds catalogs written by ``benchmarks/generate.py`` and read
with ``cx.load_catalog`` (the accepted-list and session-page formats of
``benchmarks/data/n<N>``), to check the charts on parsed rather than
constructed frames.

Usage::

    .venv/bin/python benchmarks/bench_charts.py                  # 1k and 100k, ~5 minutes on 2 cores
    .venv/bin/python benchmarks/bench_charts.py --sizes 1000 --reps 1 --out /tmp/r.md
    .venv/bin/python benchmarks/bench_charts.py --generated 1000

Results go to ``benchmarks/RESULTS_charts.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import confexplore as cx  # noqa: E402
from confexplore import charts  # noqa: E402
from confexplore.catalog import STRING  # noqa: E402

SEED = 0
TERMS = ["graph", "adversarial", "reinforcement learning", "transformer", "contrastive"]
VENUES = ["ICLR", "NeurIPS", "ICML", "CVPR"]
YEARS = list(range(2017, 2025))
ZONES = {"ICLR": "America/Los_Angeles", "NeurIPS": "America/Vancouver", "ICML": "Europe/Vienna", "CVPR": "America/Chicago"}


# ----------------------------------------------------------------- synthetic catalog


def _word_pool(cat) -> tuple[np.ndarray, np.ndarray]:
    text = " ".join(cat.papers["abstract"].dropna().tolist() + cat.papers["tldr"].dropna().tolist())
    counts = Counter(w for w in re.findall(r"[A-Za-z][A-Za-z-]+", text))
    words = np.array(sorted(counts))
    freq = np.array([counts[w] for w in words], dtype=float)
    return words, freq / freq.sum()


def synthetic_catalog(n: int, *, seed: int = SEED) -> SimpleNamespace:
    """``n`` papers with the catalog's columns; 20 % of them have a talk."""
    rng = np.random.default_rng(seed)
    cat = cx.load_catalog()
    words, p = _word_pool(cat)
    n_topics = 12
    topic = rng.integers(0, n_topics, n)
    boosted = rng.choice(len(words), size=(n_topics, 40), replace=False)

    def texts(length: int) -> list[str]:
        idx = rng.choice(len(words), size=(n, length), p=p)
        k = length // 4  # a quarter of the words come from the paper's topic
        idx[:, :k] = boosted[topic][np.arange(n)[:, None], rng.integers(0, 40, (n, k))]
        idx = rng.permuted(idx, axis=1)
        return [" ".join(row) for row in words[idx]]

    titles = texts(8)
    abstracts = texts(110)
    tldrs = texts(20)
    has_title = rng.random(n) > 0.15
    has_tldr = rng.random(n) < 0.4
    names = cat.authorships["author"].drop_duplicates().to_numpy()
    # A long tail: a few people write many papers.
    weight = 1.0 / np.arange(1, len(names) + 1) ** 0.8
    weight /= weight.sum()
    n_auth = rng.integers(1, 9, n)
    people = names[rng.choice(len(names), size=int(n_auth.sum()), p=weight)]
    authors = [list(dict.fromkeys(a)) for a in np.split(people, np.cumsum(n_auth)[:-1])]
    venue = np.array(VENUES)[rng.integers(0, len(VENUES), n)]
    year = np.array(YEARS)[rng.integers(0, len(YEARS), n)]
    presentation = rng.choice(np.array(["Oral", "Spotlight", "Poster", ""], dtype=object), n, p=[0.04, 0.1, 0.66, 0.2])
    presentation[presentation == ""] = None
    talk = rng.random(n) < 0.2
    session_no = rng.integers(0, max(1, n // 400), n)
    session = np.where(talk, np.char.add("Session ", session_no.astype(str)), None)
    base = pd.to_datetime([f"{y}-05-04 15:00" for y in year], utc=True)
    start = base + pd.to_timedelta(session_no * 180 + rng.integers(0, 12, n) * 10, unit="min")
    start = start.where(talk, pd.NaT)
    papers = pd.DataFrame(
        {
            "paper_id": [f"syn{seed}-{i:06d}" for i in range(n)],
            "title": pd.array(np.where(has_title, titles, None), dtype=STRING),
            "authors": authors,
            "n_authors": pd.array([len(a) for a in authors], dtype="Int64"),
            "abstract": pd.array(abstracts, dtype=STRING),
            "tldr": pd.array(np.where(has_tldr, tldrs, None), dtype=STRING),
            "venue": pd.array(venue, dtype=STRING),
            "year": pd.array(year, dtype="Int64"),
            "presentation": pd.array(presentation, dtype=STRING),
            "session": pd.array(session, dtype=STRING),
            "start": start,
            "end": start + pd.Timedelta(minutes=10),
            "timezone": pd.array([ZONES[v] for v in venue], dtype=STRING),
            "url": pd.array([None] * n, dtype=STRING),
            "code_urls": [[] for _ in range(n)],
            "sources": [["synthetic"] for _ in range(n)],
        }
    )
    from confexplore.text import fold_key

    keys = {name: fold_key(name) for name in set(people)}
    rows = [(pid, i + 1, a, keys[a]) for pid, names_ in zip(papers["paper_id"], authors) for i, a in enumerate(names_)]
    authorships = pd.DataFrame(rows, columns=["paper_id", "position", "author", "author_key"])
    talks = papers.loc[talk, ["paper_id", "venue", "year", "session", "presentation", "start", "end", "timezone"]].reset_index(drop=True)
    return SimpleNamespace(papers=papers, authorships=authorships, talks=talks, name=f"synthetic {n:,}")


def generated_catalog(size: int) -> SimpleNamespace:
    """A catalog written by benchmarks/generate.py, read with cx.load_catalog."""
    folder = ROOT / "benchmarks" / "data" / f"n{size}"
    manifest = json.loads((folder / "manifest.json").read_text())
    sources = [
        cx.Source(str(folder / f["path"]), venue=f["venue"], year=f["year"])
        for f in manifest["files"]
        if f["format"] in ("accepted-list", "session-page")
    ]
    import warnings

    from confexplore.errors import CatalogWarning

    with warnings.catch_warnings():  # damaged synthetic records are the loader's business, not the charts'
        warnings.simplefilter("ignore", CatalogWarning)
        cat = cx.load_catalog(sources)
        papers, authorships, talks = cat.papers, cat.authorships, cat.talks
    return SimpleNamespace(papers=papers, authorships=authorships, talks=talks, name=f"generated n{size}")


# ----------------------------------------------------------------- charts and peers


def prolific(cat) -> str:
    return cat.authorships["author_key"].value_counts().index[0]


def ours(cat) -> dict:
    author = prolific(cat)
    return {
        "counts (venue-year × presentation)": lambda: charts.counts(cat.papers, by="venue-year", color="presentation"),
        "counts (session)": lambda: charts.counts(cat.papers, by="session", color="venue-year"),
        "top_authors (n=20)": lambda: charts.top_authors(cat, n=20),
        f"term_trends ({len(TERMS)} terms)": lambda: charts.term_trends(cat.papers, terms=TERMS),
        "term_trends (distinctive)": lambda: charts.term_trends(cat.papers),
        "schedule": lambda: charts.schedule(cat),
        "topic_map": lambda: charts.topic_map(cat.papers),
        "coauthors (most prolific)": lambda: charts.coauthors(cat, author),
    }


def peers(cat) -> dict:
    """The same pictures, the plain Altair way: raw rows, Vega-Lite aggregates."""
    import altair as alt

    def counts_peer():
        p = cat.papers[["venue", "year", "presentation"]].assign(venue_year=lambda d: d["venue"] + " " + d["year"].astype("string"))
        return alt.Chart(p).mark_bar().encode(y="venue_year:N", x="count():Q", color="presentation:N")

    def session_peer():
        p = cat.papers[["venue", "year", "session"]].assign(venue_year=lambda d: d["venue"] + " " + d["year"].astype("string"))
        return alt.Chart(p).mark_bar().encode(y="session:N", x="count():Q", color="venue_year:N")

    def authors_peer():
        a = cat.authorships[["paper_id", "author_key", "author"]].merge(cat.papers[["paper_id", "venue", "year"]], on="paper_id")
        a = a.assign(venue_year=a["venue"] + " " + a["year"].astype("string"))[["author_key", "author", "venue_year"]]
        return (
            alt.Chart(a)
            .transform_joinaggregate(total="count()", groupby=["author_key"])
            .transform_window(rank="dense_rank()", sort=[alt.SortField("total", order="descending")])
            .transform_filter("datum.rank <= 20")
            .mark_bar()
            .encode(y=alt.Y("author_key:N", sort="-x"), x="count():Q", color="venue_year:N")
        )

    def terms_peer():
        text = cat.papers["title"].fillna("") + " " + cat.papers["tldr"].fillna("") + " " + cat.papers["abstract"].fillna("")
        p = pd.DataFrame({"text": text.str.lower(), "venue_year": cat.papers["venue"] + " " + cat.papers["year"].astype("string")})
        calcs = {}
        for i, term in enumerate(TERMS):
            pattern = r"[\W_]+".join(re.escape(w) for w in re.findall(r"\w+", term))
            calcs[f"t{i}"] = "test(/\\b" + pattern + "\\b/, datum.text) ? 1 : 0"
        chart = alt.Chart(p)
        for name, expr in calcs.items():
            chart = chart.transform_calculate(**{name: expr})
        return (
            chart.transform_fold(list(calcs), as_=["term", "hit"])
            .mark_rect()
            .encode(x="venue_year:N", y="term:N", color="mean(hit):Q")
        )

    return {
        "counts (venue-year × presentation)": counts_peer,
        "counts (session)": session_peer,
        "top_authors (n=20)": authors_peer,
        f"term_trends ({len(TERMS)} terms)": terms_peer,
    }


# ----------------------------------------------------------------- measuring


def measure(build, reps: int, *, render: bool, render_limit_mb: float = 60.0) -> dict:
    times, spec = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        chart = build()
        spec = chart.to_dict(validate=False)
        times.append(time.perf_counter() - t0)
    text = json.dumps(spec, separators=(",", ":"))
    out = {"build_s": statistics.median(times), "spec_kb": len(text) / 1024, "render_s": None}
    if render and len(text) < render_limit_mb * 2**20:
        import vl_convert as vlc

        t0 = time.perf_counter()
        try:
            vlc.vegalite_to_png(spec, scale=1)
            out["render_s"] = time.perf_counter() - t0
        except Exception as exc:  # a peer spec vl-convert cannot handle
            out["render_error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import altair
    import sklearn
    import vl_convert

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"pandas {pd.__version__}, altair {altair.__version__}, scikit-learn {sklearn.__version__}, "
        f"vl-convert {vl_convert.__version__}; 1-minute load average at start {load:.1f} (shared machine)"
    )


def fmt(x, spec: str = ".2f") -> str:
    return "–" if x is None else format(x, spec)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each build (median reported)")
    parser.add_argument("--generated", type=int, nargs="*", default=[], help="also chart benchmarks/data/n<N> catalogs")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS_charts.md")
    args = parser.parse_args(argv)

    started = dt.datetime.now(dt.timezone.utc)
    header = machine()
    print(header, flush=True)
    import altair as alt

    alt.data_transformers.disable_max_rows()  # for the peers; our charts never need it
    import vl_convert as vlc

    # Warm up vl-convert (its first conversion starts a JavaScript runtime) and the chart code.
    vlc.vegalite_to_png(charts.counts(cx.load_catalog().papers).to_dict(), scale=1)
    catalogs = []
    for n in args.sizes:
        t0 = time.perf_counter()
        catalogs.append(synthetic_catalog(n))
        print(f"built {catalogs[-1].name} in {time.perf_counter() - t0:.1f} s", flush=True)
    for n in args.generated:
        t0 = time.perf_counter()
        catalogs.append(generated_catalog(n))
        print(f"loaded {catalogs[-1].name} ({len(catalogs[-1].papers):,} papers) in {time.perf_counter() - t0:.1f} s", flush=True)

    rows = []
    for cat in catalogs:
        peer = peers(cat)
        for name, build in ours(cat).items():
            reps = 1 if name.startswith("topic_map") and len(cat.papers) > 10_000 and args.reps > 1 else args.reps
            mine = measure(build, reps, render=True)
            theirs = measure(peer[name], 1, render=True) if name in peer else None
            row = {"catalog": cat.name, "papers": len(cat.papers), "chart": name, "reps": reps, **mine}
            if theirs:
                row.update({f"peer_{k}": v for k, v in theirs.items()})
            rows.append(row)
            print(json.dumps(row), flush=True)

    lines = [
        "# Chart build times (`benchmarks/bench_charts.py`)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC on {header}.",
        "",
        "*build* = chart function + `to_dict()` (median of reps), *spec* = Vega-Lite JSON size, *render* = "
        "`vl_convert.vegalite_to_png` once. *Peer* = the plain Altair way of the same picture (raw rows embedded, "
        "Vega-Lite aggregates; `disable_max_rows()`), measured in the same run once; "
        "ratios are peer ÷ confexplore. Catalogs: seeded synthetic papers (words, tl;drs and author names "
        "sampled from the bundled catalog; 4 venues × 8 years; 20 % of papers with a talk).",
        "",
        "| catalog | papers | chart | build s | spec KB | render s | peer build s | peer spec KB | peer render s | build ratio | spec ratio |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        has_peer = "peer_build_s" in r
        lines.append(
            f"| {r['catalog']} | {r['papers']:,} | {r['chart']} | {fmt(r['build_s'])} | {fmt(r['spec_kb'], ',.1f')} | {fmt(r['render_s'])} | "
            + (
                f"{fmt(r['peer_build_s'])} | {fmt(r['peer_spec_kb'], ',.0f')} | {fmt(r.get('peer_render_s')) if r.get('peer_render_s') is not None else r.get('peer_render_error', 'skipped (> 60 MB)')} | "
                f"{r['peer_build_s'] / r['build_s']:.1f}× | {r['peer_spec_kb'] / r['spec_kb']:,.0f}× |"
                if has_peer
                else "– | – | – | – | – |"
            )
        )
    lines += [
        "",
        "Notes:",
        "",
        f"- `topic_map` lays out a seeded random sample of {charts.TOPIC_MAP_MAX_POINTS:,} papers above that size "
        "(t-SNE, one OpenMP thread), so its cost stops growing with the catalog apart from reading the texts.",
        "- `schedule` draws whole sessions in time order up to `max_talks=150`; `counts (session)` folds all but the 39 "
        "biggest sessions into one bar; `coauthors` keeps the 30 closest co-authors. The subtitles say so.",
        "- `term_trends (distinctive)` counts words and two-word phrases up to 20,000 papers and single words above "
        "(scikit-learn `CountVectorizer` over every paper: the one chart whose cost grows with the text).",
        "- At 1k papers the peer builds faster (it only wraps the frame) but ships 4-400× more JSON; at 100k the "
        "counts and authors peers are also 2-3× slower to build, all need `disable_max_rows()`, and their spec grows with the catalog (the browser "
        "then aggregates 100k rows; the terms peer, ~100 MB, was too big to render here).",
        "- Timings on a 2-core machine shared with other jobs vary by ±50 % between runs; the spec sizes do not.",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
