"""Write the curated notebooks from the cell texts below and store them with outputs.

Run from the repository root with the pinned environment (binder/requirements.txt):

    python notebooks/build_notebooks.py            # all notebooks
    python notebooks/build_notebooks.py 03         # only 03-authors

Each notebook is executed top to bottom with nbclient; the stored outputs are
what ``pytest --nbval`` later compares against. Widget state (Altair's bundled
JavaScript, ~1 MB) is dropped from the saved metadata: it is rebuilt when the
notebook runs. Every code cell uses only the public API, so it is a snippet a
reader can copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent

SETUP = """\
import confexplore as cx
import pandas as pd

cx.charts.enable_offline()            # charts work without internet (no CDN)
pd.set_option("display.max_colwidth", 70)
cat = cx.load_catalog()               # the bundled catalog
"""

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01-quickstart": [
        ("md", """\
# confexplore quickstart

confexplore loads conference paper listings into pandas, links the records that describe
the same paper, and gives you search, filters, charts and an explorer widget.
This notebook takes five minutes: load the bundled catalog, look at its tables, run a
first search, draw a first chart and open the explorer."""),
        ("code", SETUP),
        ("md", "A catalog is a handful of DataFrames. `cat.sources` lists the files it was read from:"),
        ("code", "cat"),
        ("code", 'cat.sources[["name", "format", "venue", "year", "records"]]'),
        ("md", """\
`cat.papers` has one row per distinct paper. A paper found in several files is one row,
each field taken from the file that has it; `sources` says which files contributed."""),
        ("code", 'cat.papers[["paper_id", "title", "venue", "year", "presentation", "n_authors"]].head()'),
        ("code", """\
linked = cat.papers[cat.papers["sources"].map(len) > 1]
print(len(linked), "papers were linked from two files, e.g.:")
linked[["title", "tldr", "presentation", "sources"]].head(3)"""),
        ("md", """\
## A first search

`cx.search` ranks papers by relevance (BM25 over title, tl;dr, abstract and authors) and
says which fields matched. See `02-search-and-filter` for the query syntax."""),
        ("code", """\
hits = cx.search(cat.papers, "neural ordinary differential equations", limit=5)
hits[["title", "venue", "year", "score", "matched"]]"""),
        ("md", "## A first chart\n\nEvery chart function takes a DataFrame and returns an Altair chart."),
        ("code", 'cx.charts.counts(cat.papers, by="venue-year", color="presentation")'),
        ("md", """\
## The explorer

`cx.explore` opens search, filters, results and charts in one widget. Its state is
available from Python: set `.query` or `.filters`, read `.results` (what is shown) and
`.selected` (what you ticked)."""),
        ("code", "app = cx.explore(cat)\napp"),
        ("code", """\
app.query = "graph neural network"
app.filters = {"year": 2021}
app.results[["title", "tldr"]].head()"""),
    ],
    "02-search-and-filter": [
        ("md", """\
# Search, filters and "more like this"

`cx.search(papers, query)` understands free words, `"quoted phrases"`, `-excluded` words
and field terms: `author:`, `title:`, `abstract:`, `tldr:`, `venue:`, `year:` (also
`year:2019..2021`), `type:` (or `presentation:`) and `session:`; `OR` and `NOT` in capitals,
with parentheses to group words joined by `OR`. Matching ignores case, accents and plurals,
and a compound word matches however it is written ("pretraining", "pre-training")."""),
        ("code", SETUP),
        ("code", """\
cx.search(cat.papers, '"graph neural networks" -adversarial', limit=5)[["title", "year", "score", "matched"]]"""),
        ("code", """\
cx.search(cat.papers, "(gan OR diffusion) -image", limit=5)[["title", "year", "score", "matched"]]"""),
        ("md", "Field terms narrow without ranking; an empty query returns everything they allow:"),
        ("code", """\
orals = cx.search(cat.papers, "venue:iclr year:2021 type:oral")
orals[["paper_id", "tldr", "start"]]"""),
        ("code", """\
cx.search(cat.papers, "author:bengio year:2019..2021")[["title", "authors", "year"]].head()"""),
        ("md", """\
Venue and year typed as plain words are looked for in the text, where they rarely are.
`cx.suggest_query` writes them as filters (the explorer offers this when a query finds
nothing):"""),
        ("code", """\
query = "neurips 2018 spotlight"
print(len(cx.search(cat.papers, query)), "papers as words")
better = cx.suggest_query(cat.papers, query)
print(better, "->", len(cx.search(cat.papers, better)), "papers")"""),
        ("md", "A malformed query raises `cx.QueryError`, which says what is valid:"),
        ("code", """\
try:
    cx.search(cat.papers, "conference:iclr")
except cx.QueryError as error:
    print(error)"""),
        ("md", """\
## Filters

`cx.filter_papers` takes a value or a list per field; `year` also takes a range, and
`author` tolerates spelling ("poczos" finds "Barnabás Póczos")."""),
        ("code", """\
cx.filter_papers(cat.papers, venue="ICLR", year=(2019, 2021), presentation=["Oral", "Spotlight"], author="levine")[
    ["title", "tldr", "year", "presentation", "authors"]
]"""),
        ("code", 'cx.filter_papers(cat.papers, author="poczos")[["title", "authors"]]'),
        ("md", "Search and filters compose: filter first, then rank what is left."),
        ("code", """\
with_tldr = cx.filter_papers(cat.papers, has_tldr=True, year=2021)
cx.search(with_tldr, "reinforcement learning exploration", limit=3)[["tldr", "score"]]"""),
        ("md", "## More like this\n\n`cx.similar` finds the papers closest in content to one paper."),
        ("code", """\
node = cx.search(cat.papers, "neural ordinary differential equations", limit=1)["paper_id"].iloc[0]
cx.similar(cat.papers, node, k=5)[["title", "tldr", "score"]]"""),
        ("md", """\
## The same in the explorer

The explorer calls these functions: its results are the search over the whole catalog,
in rank order, restricted to the papers the filters keep."""),
        ("code", """\
app = cx.explore(cat)
app.query = "reinforcement learning"
app.filters = {"venue": "ICLR", "year": 2019, "presentation": "Oral"}
app"""),
        ("code", """\
hits = cx.search(cat.papers, "reinforcement learning")
kept = cx.filter_papers(cat.papers, venue="ICLR", year=2019, presentation="Oral")
expected = hits[hits["paper_id"].isin(kept["paper_id"])]
print(app.count_text)
app.results["paper_id"].tolist() == expected["paper_id"].tolist()"""),
        ("md", "Tick papers in the list (or from Python) and take them back as a DataFrame, or export them:"),
        ("code", """\
app.tick(app.results["paper_id"].head(2))
app.selected[["title", "year", "presentation"]]"""),
    ],
    "03-authors": [
        ("md", """\
# Authors

`cat.authorships` has one row per (paper, author position). `author_key` folds case,
accents and punctuation, so spelling variants of one person count together; a name written
both with umlauts and with their transliteration ("Jürgen" and "Juergen Schmidhuber") gets
one key too."""),
        ("code", SETUP),
        ("code", "cat.authorships.head()"),
        ("md", "## Who publishes most"),
        ("code", "cx.charts.top_authors(cat, n=15)"),
        ("code", """\
(cat.authorships.groupby("author_key")
    .agg(papers=("paper_id", "nunique"), spellings=("author", lambda s: sorted(set(s))))
    .sort_values("papers", ascending=False)
    .head(10))"""),
        ("md", "## Spelling variants folded by `author_key`"),
        ("code", """\
variants = cat.authorships.groupby("author_key")["author"].unique()
variants[variants.map(len) > 1].head(10)"""),
        ("md", "## A co-author network\n\nThe ego network of one author, edges weighted by joint papers."),
        ("code", 'cx.charts.coauthors(cat, "Yoshua Bengio")'),
        ("code", 'cx.filter_papers(cat.papers, author="Yoshua Bengio")[["title", "venue", "year", "presentation"]].head()'),
    ],
    "04-topics-and-trends": [
        ("md", """\
# Topics and trends: ICLR 2019 and ICLR 2021

What did people write about, and what changed? Shares are per venue-year, so conferences
of different sizes compare fairly."""),
        ("code", SETUP),
        ("md", "With no terms, `term_trends` shows the most distinctive terms of each venue-year (tf-idf):"),
        ("code", 'iclr = cx.filter_papers(cat.papers, venue="ICLR")\ncx.charts.term_trends(iclr)'),
        ("md", "Or the share of papers mentioning terms you choose:"),
        ("code", 'cx.charts.term_trends(iclr, terms=["adversarial", "graph", "transformer", "meta-learning", "contrastive"])'),
        ("code", """\
share = {
    year: cx.search(cx.filter_papers(iclr, year=year), "contrastive")["paper_id"].size / (iclr["year"] == year).sum()
    for year in (2019, 2021)
}
{year: f"{value:.1%}" for year, value in share.items()}"""),
        ("md", """\
## A map of topics

Every paper as a point placed by its text (tf-idf, SVD and t-SNE, seeded), coloured by
cluster, each cluster named by its top terms. Hover for titles (or the tl;dr, marked,
where a paper has no title)."""),
        ("code", "cx.charts.topic_map(cat.papers)"),
    ],
    "05-plan-your-conference": [
        ("md", """\
# Plan your conference

Session timelines in your time zone, talks that overlap, and a personal schedule and
reading list to take away."""),
        ("code", SETUP),
        ("code", 'cat.talks[["paper_id", "session", "presentation", "start", "end", "timezone"]].head()'),
        ("md", "Times are stored in UTC and shown in the venue's own zone by default:"),
        ("code", "cx.charts.schedule(cat)"),
        ("md", "…or in yours:"),
        ("code", 'cx.charts.schedule(cat, tz="Europe/Berlin")'),
        ("code", """\
talks = cat.talks.assign(local_start=cat.talks["start"].dt.tz_convert("Europe/Berlin"))
talks[["paper_id", "presentation", "local_start"]].head(3)"""),
        ("md", "## Talks that overlap\n\nTwo talks overlap when one starts before the other ends:"),
        ("code", """\
t = cat.talks[["paper_id", "start", "end"]]
pairs = t.merge(t, how="cross", suffixes=("", "_other"))
overlaps = pairs[(pairs["paper_id"] < pairs["paper_id_other"])
                 & (pairs["start"] < pairs["end_other"]) & (pairs["start_other"] < pairs["end"])]
len(overlaps)"""),
        ("md", "## A personal schedule\n\nPick talks, then export them as iCalendar (with time zones) for your calendar app."),
        ("code", """\
mine = cx.search(cat.papers, "type:oral")
my_talks = cat.talks[cat.talks["paper_id"].isin(mine["paper_id"])]
ics = cx.export.to_ics(my_talks, papers=cat.papers, stamp=pd.Timestamp("2026-01-01", tz="UTC"))
print("\\n".join(ics.splitlines()[:12]))"""),
        ("md", "## A reading list\n\nThe same selection as BibTeX and as a Markdown list:"),
        ("code", "print(cx.export.to_bibtex(mine.head(2)))"),
        ("code", "print(cx.export.to_markdown(mine.head(3)))"),
        ("md", """\
Each export also writes a file when given `path=`, e.g.
`cx.export.to_ics(my_talks, papers=cat.papers, path="my-schedule.ics")`."""),
    ],
    "06-bring-your-own-catalog": [
        ("md", """\
# Bring your own catalog

`cx.read_source` reads a file in any supported format without being told which;
`cx.load_catalog` links several files into one catalog. This notebook writes small
example files into a temporary folder and reads them back."""),
        ("code", """\
import tempfile
from pathlib import Path

import confexplore as cx

folder = Path(tempfile.mkdtemp())
cx.sources_formats()"""),
        ("md", "A page of the paginated paper list, as published for many venues (here NeurIPS, indented):"),
        ("code", '''\
(folder / "NIPS-2022-list01.md").write_text("""\\
        ## [0] Graph Networks at Scale

        **Authors**: *Ada Lovelace, Alan Turing*

        **Conference**: *nips 2022*

        **URL**: [https://example.org/graph](https://example.org/graph)

        **Abstract**:

        We scale graph networks to a billion edges with a new sampler.
        Code: https://github.com/example/graphs.

        ----
""")
cx.read_source(folder / "NIPS-2022-list01.md")[["title", "authors", "venue", "year", "code_urls"]]'''),
        ("md", "A session page of a conference site. Its year comes from the source you give (or the weekday and date):"),
        ("code", '''\
(folder / "talks.txt").write_text("""\\
Session

Wed Track 1 -- Graphs

Wed 7 Dec. 10:00 - 10:15 PST

Oral
Graph Networks at Scale

Ada Lovelace · Alan Turing

We scale graph networks to a billion edges with a new sampler. Code: https://github.com/example/graphs.
""")
talks = cx.Source(folder / "talks.txt", venue="NeurIPS", year=2022)
cx.read_source(talks)[["title", "presentation", "session", "start", "timezone"]]'''),
        ("md", "Loaded together, the two records of the same paper become one row with both sources:"),
        ("code", """\
mine = cx.load_catalog([folder / "NIPS-2022-list01.md", talks])
mine.papers[["title", "presentation", "start", "url", "sources"]]"""),
        ("md", "Add the bundled files to search everything at once:"),
        ("code", """\
everything = cx.load_catalog([*cx.bundled_sources(), folder / "NIPS-2022-list01.md", talks])
cx.search(everything.papers, "graph networks scale", limit=3)[["title", "venue", "year"]]"""),
        ("md", """\
## When a file is damaged

A damaged record is kept where it can be and reported in `problems` (with a warning);
`errors="raise"` stops at the first one instead."""),
        ("code", '''\
(folder / "damaged.txt").write_text("""\\
Wed 7 Dec. 25:00 - 10:15 PST

Oral
A Talk At An Impossible Hour

Grace Hopper · Alan Turing

An abstract long enough to be read as prose, describing the work.
""")
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    damaged = cx.load_catalog([cx.Source(folder / "damaged.txt", venue="NeurIPS", year=2022)])
print(caught[0].message)
damaged.problems[["source", "line", "kind", "message"]]'''),
        ("code", """\
try:
    cx.load_catalog([cx.Source(folder / "damaged.txt", venue="NeurIPS", year=2022)], errors="raise")
except cx.ParseError as error:
    print(error)"""),
        ("md", "A file that is not a catalog at all raises `cx.ParseError` naming the file:"),
        ("code", """\
(folder / "notes.txt").write_text("Some notes about the conference, in no particular format.\\n")
try:
    cx.read_source(folder / "notes.txt")
except cx.ParseError as error:
    print(error)"""),
    ],
}


def build(name: str, cells: list[tuple[str, str]]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for kind, text in cells:
        cell = nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text)
        nb.cells.append(cell)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}})
    client.execute()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" or output.get("name") == "stderr":
                raise RuntimeError(f"{name}: a cell wrote an error or a warning:\n{cell.source}\n{output}")
    nb.metadata.pop("widgets", None)  # ~1 MB of bundled JavaScript; rebuilt on every run
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"  # stable ids keep diffs small
        cell.metadata.pop("execution", None)
    path = HERE / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def main(argv: list[str]) -> None:
    wanted = [n for n in NOTEBOOKS if not argv or any(n.startswith(a) for a in argv)]
    for name in wanted:
        print("built", build(name, NOTEBOOKS[name]).relative_to(HERE.parent))


if __name__ == "__main__":
    main(sys.argv[1:])
