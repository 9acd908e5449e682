"""confexplore: explore machine-learning conference papers in Jupyter.

>>> import confexplore as cx
>>> cat = cx.load_catalog()
>>> cat.papers.shape[0]
992

The chart, export and widget modules (``cx.charts``, ``cx.export``,
``cx.widgets``) are imported on first use, so ``import confexplore`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from .catalog import Catalog, Source, bundled_sources, load_catalog, read_source
from .errors import CatalogWarning, ParseError
from .search import QueryError, filter_papers, search, similar, suggest_query

__all__ = [
    "Catalog",
    "CatalogWarning",
    "ParseError",
    "QueryError",
    "Source",
    "bundled_sources",
    "charts",
    "explore",
    "export",
    "filter_papers",
    "load_catalog",
    "read_source",
    "search",
    "similar",
    "sources_formats",
    "suggest_query",
    "widgets",
]

__version__ = "0.1.0"

_LAZY_MODULES = ("charts", "export", "widgets")


def sources_formats() -> tuple[str, ...]:
    """The names of the catalog file formats confexplore reads.

    Examples
    --------
    >>> import confexplore as cx
    >>> cx.sources_formats()
    ('accepted-list', 'tldr-list', 'paper-list', 'session-page')
    """
    from .sources import FORMATS

    return tuple(FORMATS)


def explore(catalog_or_papers: Any, **options: Any) -> Any:
    """Open the explorer widget on a catalog (or a papers DataFrame).

    A thin wrapper around :func:`confexplore.widgets.explore`; see there for options.

    Examples
    --------
    >>> import confexplore as cx
    >>> app = cx.explore(cx.load_catalog())   # doctest: +SKIP
    >>> app.query = "diffusion"               # doctest: +SKIP
    """
    from .widgets import explore as _explore

    return _explore(catalog_or_papers, **options)


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'confexplore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
