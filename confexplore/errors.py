"""Exceptions and warnings raised by confexplore."""

from __future__ import annotations

import re

__all__ = ["ParseError", "CatalogWarning"]

_LONG_RUN = re.compile(r"\S{121,}")


def _abbreviate(text: str) -> str:
    """*text* with each run of more than 120 non-space characters shown by its ends
    ("'Tue 4 May 1111…1111 - 11:15 PDT'"): a message quoting a damaged line or a pasted
    blob stays readable (a :class:`QueryError` keeps the whole query in ``query`` and
    ``term``; the file itself holds the whole line).

    Examples
    --------
    >>> _abbreviate("time slot not understood: '" + "1" * 500 + "'")
    "time slot not understood: '11111111111111111111111111111111111111111111111111111111111…1111111111111111111'"
    """
    return _LONG_RUN.sub(lambda m: f"{m.group(0)[:60]}…{m.group(0)[-20:]}", text) if len(text) > 120 else text


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
        self.reason = _abbreviate(reason)
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {self.reason}")


class CatalogWarning(UserWarning):
    """Emitted when records were skipped or kept incomplete while loading a catalog.

    The details are rows of ``Catalog.problems``.
    """
