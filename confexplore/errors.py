"""Exceptions and warnings raised by confexplore."""

from __future__ import annotations

__all__ = ["ParseError", "CatalogWarning"]


class ParseError(ValueError):
    """Input that cannot be read: names the file and, where there is one, the line.

    Attributes
    ----------
    path : str
        The file (or source name) that could not be read.
    line : int or None
        1-based line number of the offending text, where there is one.
    reason : str
        What went wrong and what to do about it.
    """

    def __init__(self, path: object, reason: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class CatalogWarning(UserWarning):
    """Emitted when records were skipped or kept incomplete while loading a catalog.

    The details are rows of ``Catalog.problems``.
    """
