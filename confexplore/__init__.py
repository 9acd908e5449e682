"""confexplore: explore machine-learning conference papers in Jupyter.

>>> import confexplore as cx
>>> cat = cx.load_catalog()
>>> cat.papers.shape[0]
992
"""

from __future__ import annotations

from .catalog import Catalog, Source, bundled_sources, load_catalog, read_source
from .errors import CatalogWarning, ParseError


def sources_formats() -> tuple[str, ...]:
    """The names of the catalog file formats confexplore reads.

    >>> sources_formats()
    ('accepted-list', 'tldr-list', 'paper-list', 'session-page')
    """
    from .sources import FORMATS

    return tuple(FORMATS)


__all__ = [
    "Catalog",
    "CatalogWarning",
    "ParseError",
    "Source",
    "bundled_sources",
    "load_catalog",
    "read_source",
    "sources_formats",
]

__version__ = "0.1.0"
