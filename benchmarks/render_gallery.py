"""Render every chart of ``confexplore.charts`` on the bundled catalog to PNG.

Usage::

    .venv/bin/python benchmarks/render_gallery.py [OUTDIR]

Writes ``docs/gallery/<chart>.png`` (scale 1, palette PNG, 5-40 KB each) and
``docs/gallery/README.md``, the page that shows them with the calls that drew them,
with vl-convert, the same engine the tests render with. Look at them after any
change to ``confexplore/charts.py``.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import vl_convert as vlc  # noqa: E402

import confexplore as cx  # noqa: E402
from confexplore import charts  # noqa: E402

AUTHOR = "Sergey Levine"


TERMS = ["graph", "adversarial", "reinforcement learning", "transformer", "gan", "meta-learning", "contrastive"]

#: file stem -> (the call, as shown on the page, and how to build it)
GALLERY = {
    "counts_venue_year": ('cx.charts.counts(cat.papers, by="venue-year", color="presentation")',
                          lambda cat: charts.counts(cat.papers, by="venue-year", color="presentation")),
    "counts_session": ('cx.charts.counts(cat.papers, by="session", color="venue-year")',
                       lambda cat: charts.counts(cat.papers, by="session", color="venue-year")),
    "top_authors": ("cx.charts.top_authors(cat, n=20)", lambda cat: charts.top_authors(cat, n=20)),
    "term_trends": (f"cx.charts.term_trends(cat.papers, terms={TERMS!r})", lambda cat: charts.term_trends(cat.papers, terms=TERMS)),
    "term_trends_distinctive": ("cx.charts.term_trends(cat.papers)", lambda cat: charts.term_trends(cat.papers)),
    "schedule": ("cx.charts.schedule(cat)", lambda cat: charts.schedule(cat)),
    "schedule_berlin": ('cx.charts.schedule(cat, tz="Europe/Berlin")', lambda cat: charts.schedule(cat, tz="Europe/Berlin")),
    "topic_map": ("cx.charts.topic_map(cat.papers)", lambda cat: charts.topic_map(cat.papers)),
    "coauthors": (f"cx.charts.coauthors(cat, {AUTHOR!r})", lambda cat: charts.coauthors(cat, AUTHOR)),
}


def page(names: list[str]) -> str:
    """The gallery page: every chart with the call that drew it."""
    lines = [
        "# Chart gallery",
        "",
        "Every chart of `confexplore.charts` on the bundled catalog (`cat = cx.load_catalog()`), rendered with",
        "vl-convert by `benchmarks/render_gallery.py` (static images: in a notebook the charts have tooltips, and",
        "clicks and brushes reach Python through `alt.JupyterChart`).",
        "",
    ]
    for name in names:
        call, _ = GALLERY[name]
        lines += [f"## `{call}`", "", f"![{name}]({name}.png)", ""]
    return "\n".join(lines)


def small_png(png: bytes) -> bytes:
    """Quantise to a 128-colour palette (a third of the size, same look), if Pillow is there."""
    try:
        from PIL import Image
    except ImportError:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue() if buffer.tell() < len(png) else png


def main(outdir: str | None = None) -> None:
    out = Path(outdir) if outdir else ROOT / "docs" / "gallery"
    out.mkdir(parents=True, exist_ok=True)
    cat = cx.load_catalog()
    for name, (_, build) in GALLERY.items():
        t0 = time.perf_counter()
        chart = build(cat)
        t1 = time.perf_counter()
        png = small_png(vlc.vegalite_to_png(chart.to_dict(validate=True), scale=1))
        (out / f"{name}.png").write_bytes(png)
        print(f"{name:26s} build {t1 - t0:6.2f} s  render {time.perf_counter() - t1:5.2f} s  {len(png) / 1024:6.1f} KB")
    (out / "README.md").write_text(page(list(GALLERY)), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
