"""confexplore: explore machine-learning conference papers in Jupyter.

>>> import confexplore as cx
>>> cat = cx.load_catalog()
>>> cat.papers.shape[0]
992
"""

from __future__ import annotations

from .catalog import Catalog, Source, bundled_sources, load_catalog, read_source
from .errors import CatalogWarning, ParseError

__all__ = [
    "Catalog",
    "CatalogWarning",
    "ParseError",
    "Source",
    "bundled_sources",
    "load_catalog",
    "read_source",
]

__version__ = "0.1.0"
