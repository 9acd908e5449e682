"""Benchmark ``cx.load_catalog`` against a plain regex pass over the same files.

For the bundled catalog and for synthetic catalogs of 1k, 10k and 100k papers
per format (written by ``benchmarks/generate.py``), each format on its own and
all four together, this measures in the same run:

``load_catalog``
    ``cat = cx.load_catalog(sources)`` (reading, cleaning, linking), then the
    first access to ``cat.papers``, ``cat.authorships`` and ``cat.talks``
    (they are built lazily), timed separately and together;
``regex``
    a straightforward regex pass that is told each file's format and pulls the
    same fields out of the same files (title, authors, abstract, tl;dr,
    presentation, venue, year, session, moderators, start/end as UTC
    timestamps, url, source, line) into one pandas DataFrame, with no
    cleaning and no linking.

Every measurement runs in a fresh subprocess (so sizes and methods do not
contaminate each other's memory or caches), after ``import`` (import time is
reported apart).  Wall time is the median over the repetitions; peak memory
is the process's peak resident set (``ru_maxrss``), which counts pandas/pyarrow
buffers that ``tracemalloc`` cannot see.  The table goes to
``benchmarks/RESULTS_load.md``.

Usage::

    python benchmarks/generate.py                 # once: writes benchmarks/data/n{1000,10000,100000}
    python benchmarks/bench_load.py               # all sizes, ~10 minutes on 2 cores
    python benchmarks/bench_load.py --sizes 1000 --reps 3 --out /tmp/r.md   # a quick look
    python benchmarks/bench_load.py --profile 100000 all    # cProfile one case

Targets (issue 2): the bundled catalog loads in <= 0.3 s after import; 100k
papers in <= 3x the regex pass and <= 2 GB peak.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Sequence

__all__ = ["main", "regex_pass", "run_case"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
RESULTS = HERE / "RESULTS_load.md"
FORMATS = ("accepted-list", "tldr-list", "paper-list", "session-page")
TARGET_BUNDLED_S = 0.3
TARGET_RATIO = 3.0
TARGET_PEAK_MB = 2048
NOTES_MARKER = "<!-- analysis below: written by hand, kept when the table above is regenerated -->"
# 5 at 100k: a ratio of medians of 3 moved by 0.5 between runs on a shared machine
DEFAULT_REPS = {"bundled": 7, 1_000: 5, 10_000: 3, 100_000: 5}


# --------------------------------------------------------------------------
# The baseline: one regex per format, no cleaning, no linking
# --------------------------------------------------------------------------

_ACCEPTED = re.compile(
    r"^(?:\[(?P<t1>[^\n]+)\]\(#\)|(?P<t2>[^\n]+))\n\n"
    r"- (?P<authors>[^\n]*)\n\n?"
    r"- abstract@\[open-review\\\((?P<kind>\w+)\\\)\]\(#\): (?P<abstract>.*?)"
    r"(?=\n\n(?:[^\n]+)\n\n- |\Z)",
    re.M | re.S,
)
_TLDR = re.compile(r"^(?P<authors>[^\n]+)\n(?:tl;dr: (?P<tldr>[^\n]*)\n)?(?P<abstract>[^\n]*)$", re.M)
_PAPER_LIST = re.compile(
    r"^[ \t]*## \[\d+\] (?P<title>[^\n]*)\n\s*"
    r"\*\*Authors\*\*: \*(?P<authors>[^\n]*)\*\n\s*"
    r"\*\*Conference\*\*: \*(?P<conf>\w+) (?P<year>\d{4})\*\n\s*"
    r"\*\*URL\*\*: \[[^\n\]]*\]\((?P<url>[^\n)]*)\)\n\s*"
    r"\*\*Abstract\*\*:\n\s*(?P<abstract>.*?)\n\s*----",
    re.M | re.S,
)
_SESSION_NAME = re.compile(r"^Session\n\n(?P<name>[^\n]+)", re.M)
_MODERATORS = re.compile(r"^Moderators: (?P<names>[^\n]+)", re.M)
_TALK = re.compile(
    r"^\w{3} (?P<day>\d{1,2}) (?P<mon>[A-Za-z]{3})[A-Za-z]*\.? (?P<t1>\d\d:\d\d) - (?P<t2>\d\d:\d\d) (?P<tz>[A-Z]{2,5})\n\n"
    r"(?P<kind>Oral|Spotlight|Poster)\n(?P<title>[^\n]*)\n?\n(?P<authors>[^\n]*)\n\n"
    r"(?P<abstract>.*?)(?=\n\n\w{3} \d{1,2} [A-Za-z]+\.? \d\d:\d\d - |\Z)",
    re.M | re.S,
)
_CONF = {"iclr": "ICLR", "nips": "NeurIPS", "neurips": "NeurIPS", "icml": "ICML", "cvpr": "CVPR", "aaai": "AAAI", "ijcai": "IJCAI"}
_MONTH = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_UTC_OFFSET = {"PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
               "UTC": 0, "GMT": 0, "BST": 1, "CET": 1, "CEST": 2, "HST": -10, "JST": 9, "KST": 9}


def regex_pass(sources: Sequence[tuple[str, str, str | None, int | None, str]]):
    """Extract the catalog fields of *sources* with one plain regex per format.

    Parameters
    ----------
    sources : sequence of (path, format, venue, year, name)
        The files, each with its format (the baseline does not detect formats),
        and venue/year for the formats that do not carry them.

    Returns
    -------
    pandas.DataFrame
        One row per record: source, line, title, authors (list), abstract,
        tldr, presentation, venue, year, session, moderators (list), start,
        end (UTC), url.  Text is left as written.

    Examples
    --------
    >>> from pathlib import Path
    >>> f = Path(__import__("tempfile").mkdtemp()) / "t.txt"
    >>> _ = f.write_text("A B, C D\\ntl;dr: short\\nAn abstract.", encoding="utf-8")
    >>> regex_pass([(str(f), "tldr-list", "ICLR", 2021, "t.txt")])[["authors", "tldr"]].iloc[0].tolist()
    [['A B', 'C D'], 'short']
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for path, fmt, venue, year, name in sources:
        with open(path, encoding="utf-8", errors="replace") as fh:  # universal newlines: CRLF -> LF
            text = fh.read()
        line, last = 1, 0

        def line_of(pos: int) -> int:
            nonlocal line, last
            line += text.count("\n", last, pos)
            last = pos
            return line

        if fmt == "accepted-list":
            for m in _ACCEPTED.finditer(text):
                rows.append({"source": name, "line": line_of(m.start()), "title": m["t1"] or m["t2"],
                             "authors": m["authors"].split(", "), "abstract": m["abstract"],
                             "presentation": m["kind"], "venue": venue, "year": year})
        elif fmt == "tldr-list":
            for m in _TLDR.finditer(text):
                rows.append({"source": name, "line": line_of(m.start()), "authors": m["authors"].split(", "),
                             "tldr": m["tldr"], "abstract": m["abstract"], "venue": venue, "year": year})
        elif fmt == "paper-list":
            for m in _PAPER_LIST.finditer(text):
                rows.append({"source": name, "line": line_of(m.start()), "title": m["title"],
                             "authors": m["authors"].split(", "), "abstract": m["abstract"], "url": m["url"],
                             "venue": _CONF.get(m["conf"].lower(), m["conf"]), "year": int(m["year"])})
        elif fmt == "session-page":
            session = _SESSION_NAME.search(text)
            mods = _MODERATORS.search(text)
            moderators = mods["names"].split(" · ") if mods else []
            for m in _TALK.finditer(text):
                rows.append({"source": name, "line": line_of(m.start()), "title": m["title"] or None,
                             "authors": m["authors"].split(" · "), "abstract": m["abstract"],
                             "presentation": m["kind"], "venue": venue, "year": year,
                             "session": session["name"] if session else None, "moderators": moderators,
                             "_slot": (m["day"], m["mon"], m["t1"], m["t2"], m["tz"])})
        else:
            raise ValueError(f"format must be one of {', '.join(map(repr, FORMATS))}; got {fmt!r}")
    frame = pd.DataFrame(rows)
    for col in ("title", "tldr", "url", "session", "presentation", "venue", "abstract", "source"):
        if col not in frame:
            frame[col] = None
        frame[col] = frame[col].astype("string")
    frame["year"] = frame["year"].astype("Int64")
    # time slots -> UTC timestamps, vectorised
    if "_slot" in frame:
        slot = frame["_slot"]
        has = slot.notna()
        parts = pd.DataFrame(slot[has].tolist(), index=slot[has].index, columns=["d", "m", "t1", "t2", "tz"])
        date = (frame.loc[has, "year"].astype(str) + "-" + parts["m"].str.lower().map(_MONTH).astype(str)
                + "-" + parts["d"])
        offset = pd.to_timedelta(parts["tz"].map(_UTC_OFFSET).fillna(0), unit="h")
        for col, t in (("start", "t1"), ("end", "t2")):
            local = pd.to_datetime(date + " " + parts[t], format="%Y-%m-%d %H:%M")
            frame[col] = (local - offset).dt.tz_localize("UTC").reindex(frame.index)
        frame = frame.drop(columns="_slot")
    else:
        frame["start"] = frame["end"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    return frame


# --------------------------------------------------------------------------
# Cases and the worker (one measurement per subprocess)
# --------------------------------------------------------------------------


def _bundled_sources() -> list[tuple[str, str, str | None, int | None, str]]:
    import tomllib

    data = ROOT / "confexplore" / "data"
    with open(data / "manifest.toml", "rb") as fh:
        manifest = tomllib.load(fh)
    return [(str(data / "sources" / s["file"]), s["format"], s["venue"], s["year"], s["file"]) for s in manifest["source"]]


def _synthetic_sources(size: int, fmt: str, data: Path) -> tuple[list[tuple], dict[str, Any]]:
    directory = data / f"n{size}"
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    files = [f for f in manifest["files"] if fmt == "all" or f["format"] == fmt]
    sources = [
        (str(directory / f["path"]), f["format"], f["venue"] if f["needs_venue_year"] else None,
         f["year"] if f["needs_venue_year"] else None, f["path"])
        for f in files
    ]
    expected_papers = manifest["expected"]["papers"] if fmt == "all" else manifest["formats"][fmt]["papers"]
    return sources, {"records": sum(f["records"] for f in files), "papers": expected_papers}


def _linking_check(records, directory: Path) -> dict[str, int] | None:
    """Compare load_catalog's paper_ids with the generator's truth.json.

    ``missed``: extra paper_ids given to one synthetic paper (links not made);
    ``merged``: extra synthetic papers sharing one paper_id (false merges).
    """
    import pandas as pd

    path = directory / "truth.json"
    if not path.exists():
        return None
    truth = json.loads(path.read_text(encoding="utf-8"))["uids"]
    recs = records[["source", "line", "paper_id"]].sort_values(["source", "line"], kind="stable")
    uid = []
    unmatched = 0
    for name, group in recs.groupby("source", sort=False):
        expected = truth.get(name)
        if expected is None or len(expected) != len(group):
            unmatched += len(group)
            uid += [None] * len(group)
        else:
            uid += expected
    frame = pd.DataFrame({"paper_id": recs["paper_id"].to_numpy(), "uid": uid}).dropna()
    missed = int((frame.groupby("uid")["paper_id"].nunique() - 1).sum())
    merged = int((frame.groupby("paper_id")["uid"].nunique() - 1).sum())
    return {"missed": missed, "merged": merged, "unmatched_records": unmatched}


def _rss_now_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for row in fh:
            if row.startswith("VmRSS:"):
                return int(row.split()[1]) / 1024
    return float("nan")


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def run_case(method: str, size: str, fmt: str, *, data: Path = DATA, profile: Path | None = None) -> dict[str, Any]:
    """Measure one (method, catalog) pair in this process and return the numbers.

    Call it in a fresh process (``bench_load.py --worker ...`` does): the
    peak memory is the process's.
    """
    import warnings

    t0 = time.perf_counter()
    if method == "cx":
        import confexplore as cx
    else:
        import pandas  # noqa: F401  (the baseline's only import; not timed below)
    import_s = time.perf_counter() - t0
    if size == "bundled":
        sources, expected = _bundled_sources(), {"records": 1022, "papers": 992}
    else:
        sources, expected = _synthetic_sources(int(size), fmt, data)
    rss_before = _rss_now_mb()
    out: dict[str, Any] = {"method": method, "size": size, "format": fmt, "files": len(sources),
                           "import_s": import_s, "expected": expected}
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    if method == "cx":
        items = None if size == "bundled" else [cx.Source(p, venue=v, year=y, name=n) for p, _, v, y, n in sources]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            c1, t1 = time.process_time(), time.perf_counter()
            cat = cx.load_catalog(items)
            t2 = time.perf_counter()
            papers, authorships, talks = cat.papers, cat.authorships, cat.talks
            c3, t3 = time.process_time(), time.perf_counter()
        if size != "bundled":
            out["linking"] = _linking_check(cat.records, data / f"n{size}")
        out.update(load_s=t2 - t1, tables_s=t3 - t2, total_s=t3 - t1, cpu_s=c3 - c1, records=len(cat.records),
                   papers=len(papers),
                   authorships=len(authorships), talks=len(talks), problems=len(cat.problems),
                   warnings=len(caught),
                   problem_kinds=cat.problems["kind"].value_counts().to_dict() if len(cat.problems) else {})
    else:
        c1, t1 = time.process_time(), time.perf_counter()
        frame = regex_pass(sources)
        c2, t2 = time.process_time(), time.perf_counter()
        out.update(load_s=t2 - t1, tables_s=0.0, total_s=t2 - t1, cpu_s=c2 - c1, records=len(frame))
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    out.update(rss_before_mb=rss_before, peak_rss_mb=_peak_rss_mb())
    return out


def _spawn(method: str, size: str, fmt: str, data: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", method, size, fmt, "--data", str(data)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"worker failed ({' '.join(cmd[2:])}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def _machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            cpu = next((r.split(":", 1)[1].strip() for r in fh if r.startswith("model name")), cpu)
    except OSError:
        pass
    import pandas

    versions = f"Python {platform.python_version()}, pandas {pandas.__version__}"
    try:
        import pyarrow

        versions += f", pyarrow {pyarrow.__version__}"
    except ImportError:
        pass
    return f"{platform.platform()}; {cpu}; {os.cpu_count()} CPUs; {mem:.1f} GiB RAM; {versions}"


def _fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _render(rows: list[dict[str, Any]], import_s: float, started: str, elapsed: float, argv: Sequence[str],
            load: tuple[float, float]) -> str:
    lines = [
        "# load_catalog benchmark",
        "",
        f"- date: {started} (run took {elapsed / 60:.1f} min)",
        f"- machine: {_machine()}",
        f"- 1-minute load average at start / end: {load[0]:.1f} / {load[1]:.1f} (other work on the machine "
        "inflates wall times; both methods alternate, so the ratios are less affected)",
        f"- command: `{' '.join(['python benchmarks/bench_load.py', *argv])}`",
        f"- `import confexplore`: {import_s:.2f} s (median, fresh process; not included below)",
        "- synthetic catalogs: `benchmarks/generate.py` (seed 0), N papers in *each* format; `all` = the four "
        "formats together (4N records; tl;dr-list papers reappear on paper lists and session pages, so fewer papers)",
        "- load_catalog = `cx.load_catalog(sources)`; tables = first access to `.papers`, `.authorships`, `.talks` "
        "(lazy); total = both. regex = plain regex pass to a DataFrame (same fields, no cleaning/linking). "
        "Times: median of the repetitions, each in a fresh process; CPU = process CPU time (user+sys) of the "
        "same section, less sensitive than wall time to other load on the machine. "
        "Peak = process peak RSS (ru_maxrss).",
        "",
        "| catalog | format | files | records | papers (expected) | links missed / false merges | problems | reps "
        "| load_catalog s | tables s | total s | regex s | ratio wall | CPU s cx / regex | ratio CPU "
        "| peak MB cx | peak MB regex |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        cx, rx = r["cx"], r["regex"]
        papers = f"{cx['papers']} ({cx['expected']['papers']})"
        if cx["records"] != cx["expected"]["records"]:
            papers += f"; records {cx['records']}/{cx['expected']['records']}"
        if rx["records"] != cx["expected"]["records"]:
            papers += f"; regex rows {rx['records']}"
        link = cx.get("linking")
        link_txt = f"{link['missed']} / {link['merged']}" if link else "-"
        lines.append(
            f"| {r['size']} | {r['format']} | {cx['files']} | {cx['expected']['records']} | {papers} | {link_txt} "
            f"| {cx['problems']} | {r['reps']} | {_fmt_s(cx['load_s'])} | {_fmt_s(cx['tables_s'])} "
            f"| {_fmt_s(cx['total_s'])} | {_fmt_s(rx['total_s'])} | {cx['total_s'] / rx['total_s']:.1f}x "
            f"| {_fmt_s(cx['cpu_s'])} / {_fmt_s(rx['cpu_s'])} | {cx['cpu_s'] / rx['cpu_s']:.1f}x "
            f"| {cx['peak_rss_mb']:.0f} | {rx['peak_rss_mb']:.0f} |"
        )
    lines += ["", "## Targets", ""]
    for r in rows:
        cx, rx = r["cx"], r["regex"]
        if r["size"] == "bundled":
            ok = cx["load_s"] <= TARGET_BUNDLED_S
            lines.append(
                f"- bundled catalog in <= {TARGET_BUNDLED_S} s after import: load_catalog() {cx['load_s']:.3f} s wall, "
                f"median of {r['reps']} ({cx['total_s']:.3f} s wall, {cx['cpu_s']:.3f} s CPU with the tables) "
                f"-> **{'met' if ok else 'MISSED'}**"
            )
        elif r["size"] == "100000":
            ratio = cx["cpu_s"] / rx["cpu_s"]
            fast, small = ratio <= TARGET_RATIO, cx["peak_rss_mb"] <= TARGET_PEAK_MB
            scope = " (400k records: beyond the 100k-paper target, for scale)" if r["format"] == "all" else ""
            lines.append(
                f"- 100k, {r['format']}{scope}: time {ratio:.1f}x the regex pass in CPU "
                f"({cx['total_s'] / rx['total_s']:.1f}x wall; target <= {TARGET_RATIO:g}x) -> "
                f"**{'met' if fast else 'MISSED'}**; peak {cx['peak_rss_mb']:.0f} MB (target <= {TARGET_PEAK_MB} MB) "
                f"-> **{'met' if small else 'MISSED'}**"
            )
    problems = [(r["size"], r["format"], r["cx"]["problem_kinds"]) for r in rows if r["cx"]["problems"]]
    if problems:
        lines += ["", "## Problems reported by load_catalog", ""]
        lines += [f"- {s} / {f}: " + ", ".join(f"{k} {v}" for k, v in kinds.items()) for s, f, kinds in problems]
    return "\n".join(lines) + "\n"


def _profile_report(stats_path: Path, limit: int = 25) -> str:
    import io
    import pstats

    buf = io.StringIO()
    stats = pstats.Stats(str(stats_path), stream=buf)
    stats.sort_stats("tottime").print_stats(limit)
    buf.write("\n")
    stats.sort_stats("cumulative").print_stats(limit)
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=[*FORMATS, "all"], choices=[*FORMATS, "all"])
    parser.add_argument("--reps", type=int, default=None, help="repetitions per case (default: 7/5/3/5 by size, 1 for 100k all)")
    parser.add_argument("--data", type=Path, default=DATA, help="where generate.py wrote n<N>/ (default benchmarks/data)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled-catalog row")
    parser.add_argument("--generate", action="store_true", help="(re)generate missing synthetic catalogs first")
    parser.add_argument("--worker", nargs=3, metavar=("METHOD", "SIZE", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--profile", nargs=2, metavar=("SIZE", "FORMAT"),
                        help="cProfile load_catalog on one case and print the hotspots")
    args = parser.parse_args(argv)
    if args.worker:
        method, size, fmt = args.worker
        print(json.dumps(run_case(method, size, fmt, data=args.data)))
        return 0
    if args.profile:
        size, fmt = args.profile
        stats = HERE / "out" / f"profile_{size}_{fmt}.pstats"
        stats.parent.mkdir(exist_ok=True)
        result = run_case("cx", size, fmt, data=args.data, profile=stats)
        print(json.dumps({k: v for k, v in result.items() if k != "problem_kinds"}))
        print(_profile_report(stats))
        print(f"stats saved to {stats} (open with: python -m pstats {stats})", file=sys.stderr)
        return 0

    for size in args.sizes:
        if not (args.data / f"n{size}" / "manifest.json").exists():
            if not args.generate:
                parser.error(f"no synthetic catalog in {args.data / f'n{size}'}; run "
                             f"`python benchmarks/generate.py --sizes {size}` first, or pass --generate")
            sys.path.insert(0, str(HERE))
            import generate

            generate.generate(args.data / f"n{size}", size, seed=0)

    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load_start = os.getloadavg()[0]
    t_start = time.perf_counter()
    cases: list[tuple[str, str]] = [] if args.no_bundled else [("bundled", "all")]
    cases += [(str(s), f) for s in args.sizes for f in args.formats]
    rows, import_times = [], []
    failures: list[tuple[str, str, str]] = []
    for size, fmt in cases:
        key = "bundled" if size == "bundled" else int(size)
        # the 400k-record stress case (100k of each format at once) runs once: it takes minutes
        reps = args.reps or (1 if (key == 100_000 and fmt == "all") else DEFAULT_REPS.get(key, 1))
        runs: dict[str, list[dict[str, Any]]] = {"cx": [], "regex": []}
        try:
            for _ in range(reps):
                for method in ("regex", "cx"):  # alternate, so drift hits both alike
                    runs[method].append(_spawn(method, size, fmt, args.data))
        except RuntimeError as exc:  # a failing load_catalog is a result too: report it, go on
            print(exc, file=sys.stderr, flush=True)
            failures.append((size, fmt, str(exc).strip().splitlines()[-1]))
            continue
        row: dict[str, Any] = {"size": size, "format": fmt, "reps": reps}
        for method, results in runs.items():
            merged = dict(results[-1])
            for k in ("load_s", "tables_s", "total_s", "cpu_s"):
                merged[k] = statistics.median(r[k] for r in results)
            merged["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
            row[method] = merged
        import_times += [r["import_s"] for r in runs["cx"]]
        rows.append(row)
        cx, rx = row["cx"], row["regex"]
        print(f"{size:>8} {fmt:<14} cx {cx['total_s']:8.3f} s ({cx['load_s']:.3f}+{cx['tables_s']:.3f}) "
              f"regex {rx['total_s']:7.3f} s  x{cx['total_s'] / rx['total_s']:5.1f} (CPU x{cx['cpu_s'] / rx['cpu_s']:5.1f})  peak {cx['peak_rss_mb']:6.0f} / "
              f"{rx['peak_rss_mb']:5.0f} MB  papers {cx['papers']} ({cx['expected']['papers']}) problems {cx['problems']}",
              file=sys.stderr, flush=True)
    report = _render(rows, statistics.median(import_times) if import_times else float("nan"), started,
                     time.perf_counter() - t_start, argv, (load_start, os.getloadavg()[0]))
    if failures:
        report += "\n## Failed measurements\n\n" + "".join(f"- {s} / {f}: `{e}`\n" for s, f, e in failures)
    if args.out.exists():  # keep the hand-written analysis below the marker
        old = args.out.read_text(encoding="utf-8")
        if NOTES_MARKER in old:
            report += "\n" + NOTES_MARKER + old.split(NOTES_MARKER, 1)[1]
    args.out.write_text(report, encoding="utf-8")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_load.json").write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
