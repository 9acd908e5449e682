"""Ranked search, field filters and "more like this" over a papers DataFrame.

Three functions, each taking any papers frame (the bundled catalog, a filtered
subset, a catalog of your own) and returning rows of it:

* :func:`search` -- BM25 ranking over title, tl;dr, abstract and authors, with a
  small query language (phrases, exclusions, ``author:``, ``year:2019..2021``, ...);
* :func:`filter_papers` -- keyword filters (venue, year, presentation, session,
  author with spelling tolerance, has_tldr);
* :func:`similar` -- the papers closest in content to one paper ("more like this").

Engine
------
Full-text search runs on `tantivy <https://github.com/quickwit-oss/tantivy-py>`_,
an in-memory Lucene-like index written in Rust: BM25 scoring, positional phrase
queries and top-k collection happen in Rust, so a query over 100k papers costs
about half a millisecond before the result DataFrame is built (see
``benchmarks/RESULTS_search.md`` for measurements against SQLite FTS5 and a
pandas ``str.contains`` scan). :func:`similar` runs tantivy's MoreLikeThis query
on the same index. tantivy (and rapidfuzz, for author spelling) are imported the
first time they are needed, never by ``import confexplore``.

Text is split into words, lower-cased and folded to ASCII (``Póczos`` ->
``poczos``) the same way at index and at query time. Words are not stemmed (a
Snowball stemmer doubles the index build time); instead each query word is
expanded into its singular/plural forms that occur in the index, so
``networks`` finds ``network`` and ``policy`` finds ``policies``.

Caching
-------
The index of a frame is built on the first call and reused for later calls with
the same frame object; the last 8 frames (up to 500,000 papers in all) are kept.
An entry is dropped when its frame is garbage collected, and rebuilt when the
frame has been modified since (a column set, a cell written, rows dropped in
place): the cache keeps a shallow copy-on-write snapshot, so any write gives the
frame new column buffers, which the cache notices. Mutating a Python list
*inside* an ``authors`` cell is the one change it cannot see; assign a new list
instead.

A new frame object -- a subset from :func:`filter_papers` or boolean indexing --
gets its own index. For a large catalog, searching the whole frame with field
terms (``venue:iclr year:2021``) is faster than indexing many subsets.
"""

from __future__ import annotations

import bisect
import concurrent.futures
import copy
import functools
import itertools
import math
import numbers
import os
import re
import threading
import unicodedata
import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from ._gc import gc_paused
from .errors import _abbreviate
from .text import _TRANSLITERATED, _UMLAUT, author_key, fold_key

__all__ = ["QUERY_FIELDS", "TEXT_FIELDS", "QueryError", "filter_papers", "search", "similar", "suggest_query"]


class QueryError(ValueError):
    """A search query that cannot be understood; the message says what is valid.

    Attributes
    ----------
    query : str
        The whole query.
    term : str
        The part of the query at fault.
    """

    def __init__(self, message: str, *, query: str = "", term: str = "") -> None:
        self.query = query
        self.term = term
        super().__init__(_abbreviate(message))  # a pasted blob: shown by its ends (query and term keep it)


# --------------------------------------------------------------------------- fields

#: The text columns searched by free words, best first; also the names used in
#: the ``matched`` column of :func:`search`.
TEXT_FIELDS: tuple[str, ...] = ("title", "tldr", "abstract", "authors")

# BM25 weight of a match in each text field (title highest).
_BOOST = {"title": 3.0, "tldr": 1.5, "abstract": 1.0, "authors": 2.0}

#: Field names accepted in queries (``name:value``) and the column each one reads.
QUERY_FIELDS: dict[str, str] = {
    "author": "authors",
    "authors": "authors",
    "title": "title",
    "abstract": "abstract",
    "tldr": "tldr",
    "venue": "venue",
    "year": "year",
    "type": "presentation",
    "presentation": "presentation",
    "session": "session",
}
_FILTER_COLUMNS = ("venue", "year", "presentation", "session")
_VALID_FIELDS_TEXT = (
    "author:, title:, abstract:, tldr:, venue:, year: (e.g. year:2021 or year:2019..2021), "
    "type: (or presentation:) and session:"
)
_PRESENTATIONS = ("Oral", "Spotlight", "Poster")

# Words never used to find similar papers (besides words in half the papers or more).
_MLT_STOPWORDS = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
        "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either",
        "et", "etc", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
        "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "ie", "if", "in",
        "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
        "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
        "over", "own", "per", "same", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
        "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was",
        "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
        "within", "without", "would", "you", "your", "yours", "yourself", "yourselves",
    ]
)

# Words left out of free-text queries (unless quoted or the query has nothing
# else): Lucene's classic English stop set, and "vs"/"versus" ("GAN vs VAE").
_STOPWORDS = frozenset(
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
        "this", "to", "was", "will", "with", "vs", "versus",
    ]
)
# an initial among free words: "S." of "S. Levine"
_INITIAL_WORD = re.compile(r"[^\W\d_]\.")
# a possessive "'s" of an unquoted word: "Newton's method" also finds "Newton method"
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")


# --------------------------------------------------------------------------- text folding


def _searchable(text: str) -> str:
    """*text* as the index reads it (and query words): NFKC, so accents are composed
    letters (a frame's text written as letters and combining marks, from macOS or a
    PDF, would split words at every accent) and compatibility forms are their plain
    letters: "ℓ2" is "l2", the math letters of a PDF copy ("𝐱", "𝑓") are "x", "f",
    "Ⅱ" is "ii" (tantivy's ASCII folding already reads "ﬁ", "²", full-width
    letters). The frame's text itself is not changed."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):  # (both C-fast)
        return text
    return unicodedata.normalize("NFKC", text)


def _fold(value: str) -> str:
    """The catalog's folding (:func:`confexplore.text.fold_key`): case, accents, punctuation."""
    return fold_key(value)


# the index leaves out words of _MAX_TOKEN_BYTES or more (tantivy's remove_long filter)
_MAX_TOKEN_BYTES = 64


@functools.cache
def _analyzer():
    """The tantivy text analyzer used for the index and for query words."""
    import tantivy

    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_MAX_TOKEN_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


_IRREGULAR = {
    "matrix": "matrices", "index": "indices", "vertex": "vertices", "appendix": "appendices",
    "criterion": "criteria", "phenomenon": "phenomena", "datum": "data", "child": "children",
    "man": "men", "woman": "women", "mouse": "mice", "foot": "feet", "tooth": "teeth",
    "medium": "media", "curriculum": "curricula", "optimum": "optima", "maximum": "maxima",
    "minimum": "minima", "spectrum": "spectra", "simplex": "simplices", "radius": "radii",
    "stimulus": "stimuli", "focus": "foci", "nucleus": "nuclei", "leaf": "leaves",
    "half": "halves", "self": "selves", "life": "lives", "knife": "knives",
}
_IRREGULAR_BACK = {plural: singular for singular, plural in _IRREGULAR.items()}
_VOWELS = frozenset("aeiou")


def _inflections(token: str) -> list[str]:
    """*token* and its likely singular/plural forms (the caller keeps those in the index).

    >>> _inflections("networks"), _inflections("policy"), _inflections("analysis")
    (['networks', 'network'], ['policy', 'policies'], ['analysis', 'analyses'])
    >>> _inflections("ideas"), _inflections("bias"), _inflections("matrices")
    (['ideas', 'idea', 'ideases'], ['bias', 'bia', 'biases'], ['matrices', 'matrix', 'matrice', 'matric'])
    """
    if len(token) in (2, 3) and token.isalpha() and not any(c in "aeiouy" for c in token[:2]):
        # acronyms: "lms" / "lm", "nns" / "nn", "gps" / "gp" (a 3-letter one such as "cnn" below)
        if len(token) == 2:
            return [token, token + "s"]
        if token.endswith("s") and token[1] != "s":
            return [token, token[:2]]
    if len(token) < 3 or not token.isalpha():
        return [token]
    out = [token]

    def add(form: str) -> None:
        if len(form) >= 3 and form not in out:
            out.append(form)

    if token in _IRREGULAR:
        add(_IRREGULAR[token])
    if token in _IRREGULAR_BACK:
        add(_IRREGULAR_BACK[token])
    if token.endswith(("as", "os", "us")) and len(token) > 3:  # ideas/idea, bias/biases, bonus/bonuses
        add(token[:-1])
        add(token + "es")
    elif token.endswith("s") and not token.endswith(("ss", "is")):  # plural -> singular
        if token.endswith("ies") and len(token) > 4:
            add(token[:-3] + "y")
            add(token[:-1])
        elif token.endswith("es") and len(token) > 4:
            add(token[:-1])
            add(token[:-2])
            if token.endswith("ses") and not token.endswith("sses"):
                add(token[:-2] + "is")  # analyses -> analysis
        elif len(token) > 3:
            add(token[:-1])
    elif token.endswith("is") and len(token) > 3:  # singular -> plural
        add(token[:-2] + "es")  # hypothesis -> hypotheses
    elif token.endswith(("s", "x", "z", "ch", "sh")):
        add(token + "es")
    elif token.endswith("y") and token[-2] not in _VOWELS:
        add(token[:-1] + "ies")
    else:
        add(token + "s")
    return out


# Prefixes written joined, hyphenated or apart ("pretraining", "pre-training",
# "pre training"): a query word that starts with one also finds the two-word form.
_COMPOUND_PREFIXES = (
    "anti", "auto", "back", "bi", "co", "cross", "data", "feed", "few", "fine", "hyper", "inter", "intra", "meta",
    "micro", "multi", "non", "off", "over", "post", "pre", "re", "self", "semi", "sub", "super", "trade", "under",
    "zero",
)


_HYPHENATED = re.compile(r"\w[-\u2010\u2011]\w")  # "pre-training", not "U.S." or "we're"
_LETTERS_DIGITS = re.compile(r"([a-z]{2,})(\d+)")  # "cifar10", "resnet50" (as "CIFAR-10", "ResNet-50")


def _compound_variant(tokens: list[str]) -> list[str] | None:
    """The other way of writing a compound word, or None.

    >>> _compound_variant(["pre", "training"]), _compound_variant(["pretraining"])
    (['pretraining'], ['pre', 'training'])
    >>> _compound_variant(["k", "means"]), _compound_variant(["network"]) is None
    (['kmeans'], True)
    """
    if 2 <= len(tokens) <= 4:
        joined = "".join(tokens)
        return [joined] if len(joined.encode("utf-8")) < _MAX_TOKEN_BYTES else None
    if len(tokens) == 1:
        word = tokens[0]
        for prefix in _COMPOUND_PREFIXES:
            rest = word[len(prefix):]
            # "overall" is not "over all": no split before a function word
            if word.startswith(prefix) and len(rest) >= 3 and rest.isalpha() and rest not in _MLT_STOPWORDS:
                return [prefix, rest]
    return None


# A query's words are looked up in every text field, and again when the query is
# typed on: both helpers above run once per distinct word.
@functools.lru_cache(maxsize=4096)
def _inflections_of(token: str) -> tuple[str, ...]:
    return tuple(_inflections(token))


@functools.lru_cache(maxsize=4096)
def _compound_variant_of(tokens: tuple[str, ...]) -> list[str] | None:
    return _compound_variant(list(tokens))


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Term:
    """One piece of a parsed query."""

    field: str | None  # None: any text field; else a column name from QUERY_FIELDS
    value: str
    phrase: bool = False
    negated: bool = False
    raw: str = ""
    or_previous: bool = False  # joined to the term before by OR


_PIECE = re.compile(
    r"""(?P<neg>-(?=[^\s-]))?(?:(?P<field>[A-Za-z_][A-Za-z0-9_]*):)?"""
    r"""(?:"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]*))"""
)
_SPACE = re.compile(r"\s+")


# In a query with operators (or "field:(" / "-("), parentheses are tokens of their own: "("
# at the start of a piece (after "-", "NOT" or "field:"), ")" where a piece ends; a word may
# hold balanced parentheses ("f(x)").
_GROUP_PIECE = re.compile(
    r"""(?P<neg>-(?=[^\s-]))?(?:(?P<field>[A-Za-z_][A-Za-z0-9_]*):)?"""
    r"""(?:(?P<open>\()|"(?P<phrase>[^"]*)(?:"|$)|(?P<word>(?:[^\s"()]+|\([^\s"()]*\))*))"""
)
_OPERATOR_WORD = re.compile(r"(?:^|[\s(])(?:OR|NOT|AND|\|\||&&)(?=[\s)]|$)")
_GROUP_START = re.compile(r"(?:^|\s)-?(?:[A-Za-z_][A-Za-z0-9_]*:)?\(")
_EXPLICIT_GROUP = re.compile(r"(?:^|\s)(?:-|-?[A-Za-z_][A-Za-z0-9_]*:)\(")  # "-(…)", "title:(…)"


@dataclass
class _Group:
    start: int  # len(terms) when it opened
    op: str | None  # the operator just before it
    negated: bool  # NOT (…) / -(…): no member may match
    field: str | None  # field:(…): the field of every member without one
    mixed: bool = False  # some member is joined to the one before by AND


def _parse_query(query: str) -> list[_Term]:
    """Split *query* into terms; raise :class:`QueryError` for unknown fields.

    >>> for t in _parse_query('graph "neural net" -survey author:bengio'):
    ...     print(t.field, repr(t.value), t.phrase, t.negated)
    None 'graph' False False
    None 'neural net' True False
    None 'survey' False True
    authors 'bengio' False False
    """
    if not isinstance(query, str):
        raise TypeError(f"query must be a str, e.g. 'graph neural network year:2021'; got {type(query).__name__}")
    if _SURROGATE.search(query):  # half a character (a broken copy or decode): no word can hold it
        query = _SURROGATE.sub("\ufffd", query)
    if not query.isascii():
        # accents typed as a letter and a combining mark (macOS, text copied from a PDF) are the
        # composed letters; typographic double quotes (“…”, as editors write them) are quotes
        query = unicodedata.normalize("NFC", query).translate(_CURLY_QUOTES)
    # OR / NOT / AND are operators when written in capitals, as in other engines, unless a
    # longer query is all in capitals and reads as text, with words such as ALL, TO, ARE: a
    # pasted title ("NOT ALL FEATURES ARE EQUAL", "TO BE OR NOT TO BE"); "GAN OR VAE OR RNN"
    # and "(GAN OR VAE) AND MNIST" keep their operators
    operators = any(c.islower() for c in query) or len(query.split()) <= 4
    caps = not operators and not any(
        w.lower() in _MLT_STOPWORDS for w in re.findall(r"\w+", query) if w not in ("OR", "AND", "NOT")
    )
    if caps:
        try:
            return _parse_any(query, operators=True)
        except QueryError:  # ("DEEP LEARNING OR NOT"): a title after all
            pass
    return _parse_any(query, operators=operators)


def _parse_any(query: str, *, operators: bool) -> list[_Term]:
    query = _SPACED_YEAR_RANGE.sub(r"\1..\2", query)  # "year:2019 - 2021"
    # parentheses group in a query with operators or an explicit "-(…)" / "field:(…)" group;
    # a bare "(…)" groups too ("image (-gan)") unless that cannot be read: then the query is
    # a pasted title or abstract ("a detector (e.g. Single Shot MultiBox Detection (SSD))",
    # "Kernel RNN Learning (KeRNL), …"), whose parentheses are text
    explicit = bool(_EXPLICIT_GROUP.search(query)) or (operators and bool(_OPERATOR_WORD.search(query)))
    if explicit or not _GROUP_START.search(query):
        return _parse_terms(query, operators=operators, grouping=explicit)
    try:
        return _parse_terms(query, operators=operators, grouping=True)
    except QueryError:
        return _parse_terms(query, operators=operators, grouping=False)


_SURROGATE = re.compile("[\ud800-\udfff]")
_CURLY_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'))


def _parse_terms(query: str, *, operators: bool, grouping: bool) -> list[_Term]:
    terms: list[_Term] = []
    operator: str | None = None  # a pending OR / NOT / AND
    before = ""  # the piece before this one, as written
    piece_re = _GROUP_PIECE if grouping else _PIECE
    group: _Group | None = None
    closed_mixed = False  # the group that just closed had an AND inside
    i, n = 0, len(query)
    while i < n:
        space = _SPACE.match(query, i)
        if space:
            i = space.end()
            continue
        if grouping and query[i] == ")":
            i += 1
            if group is not None:
                closed_mixed = _close_group(group, len(terms), query)
                group = None
            continue
        m = piece_re.match(query, i)
        if m is None or m.end() == i:  # cannot happen with these patterns, but never loop forever
            i += 1
            continue
        raw = m.group(0)
        i = m.end()
        prior, before = before, raw
        if raw in ("&&", "||") or (raw in ("OR", "NOT", "AND") and operators):
            word = {"&&": "AND", "||": "OR"}.get(raw, raw)
            if word == "OR" and closed_mixed:
                _group_error(query)
            nothing_before = not terms or (group is not None and len(terms) == group.start)  # "(OR gan)"
            if operator is not None or (word in ("OR", "AND") and nothing_before):
                example = "'diffusion NOT image'" if word == "NOT" else f"'gan {word} diffusion'"
                where = "a term after it" if word == "NOT" else "a word, phrase or field term on each side"
                raise QueryError(
                    f"{word} needs {where}, e.g. {example}; to search for the word itself, quote it: \"{raw}\"",
                    query=query, term=raw,
                )
            operator = word
            continue
        closed_mixed = False
        name = m.group("field")
        negated = bool(m.group("neg"))
        if negated and m.group("word") and (
            (len(prior) == 1 and prior.isalnum()) or prior.endswith("$") or _LATEX_MARKS.search(prior)
            or (m.start() > 0 and not query[m.start() - 1].isspace() and query[m.start() - 1] not in "([")
            or (_NUMBER.fullmatch(m.group("word")) and not m.group("field"))
        ):
            # "d -dimensional", "$k$ -means", "L_p -norm", "\mathcal{G} -SGD": a hyphen after a
            # letter or formula in pasted text; "(pre)-training", "(state, action)-tuples": a
            # hyphen glued to the text before it; "-1": a number
            negated = False
        if grouping and m.group("open"):
            if group is not None:
                _group_error(query)  # nested
            column = None
            if name is not None:
                column = QUERY_FIELDS.get(name.lower())
                if column is None:
                    raise QueryError(
                        f"unknown field {name + ':'!r} in {raw!r}; the fields are {_VALID_FIELDS_TEXT}",
                        query=query, term=raw,
                    )
            group = _Group(len(terms), operator, negated or operator == "NOT", column)
            operator = None  # taken by the group
            continue
        phrase = m.group("phrase") is not None
        value = m.group("phrase") if phrase else m.group("word")
        column = None
        if name is not None and name.lower() in ("http", "https", "ftp") and value.startswith("//"):
            # a pasted link, not a field: its words as a phrase
            name, phrase, value = None, True, raw[1:] if negated else raw
        if name is not None and name.lower() not in QUERY_FIELDS and not value.strip() and not phrase:
            # "code2seq: Generating …": a word that ends in a colon (a pasted title), not a field term
            name, value = None, name
        if name is not None:
            column = QUERY_FIELDS.get(name.lower())
            if column is None:
                raise QueryError(
                    f"unknown field {name + ':'!r} in {raw!r}; the fields are {_VALID_FIELDS_TEXT}. "
                    f"To search for the text itself, put it in quotes: \"{raw.lstrip('-')}\"",
                    query=query,
                    term=raw,
                )
            if not value.strip():
                raise QueryError(
                    f"{name}: needs a value, e.g. {name}:{_field_example(column)} "
                    f"(no space after the colon)",
                    query=query,
                    term=raw,
                )
        if not value.strip():
            continue
        or_previous = operator == "OR"
        negated = negated or operator == "NOT"
        if group is not None:
            if column is None and name is None:
                column = group.field  # "title:(graph OR neural)"
            first = len(terms) == group.start
            if first:
                or_previous = group.op == "OR" and not group.negated
            elif operator != "OR":
                group.mixed = True
            if group.negated:  # NOT (a OR b): neither a nor b
                negated, or_previous = True, False
        term = _Term(column, value.strip(), phrase, negated, raw, or_previous)
        if term.or_previous:  # (an OR is only accepted after a term)
            _check_or(terms[-1], term, query)
        terms.append(term)
        operator = None
    if group is not None:  # a group left open runs to the end
        _close_group(group, len(terms), query)
    if operator is not None:
        example = "'diffusion NOT image'" if operator == "NOT" else f"'gan {operator} diffusion'"
        raise QueryError(
            f"{operator} at the end of the query needs a term after it, e.g. {example}",
            query=query, term=operator,
        )
    return terms


_LATEX_MARKS = re.compile(r"[\\_^{}]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?%?")


def _close_group(group: _Group, n_terms: int, query: str) -> bool:
    """Check a group as it closes; return whether it held an AND (then no OR may follow)."""
    if group.mixed and (group.op in ("OR", "NOT") or group.negated):
        _group_error(query)
    return group.mixed and n_terms - group.start > 1


def _group_error(query: str) -> None:
    raise QueryError(
        "parentheses can only group words joined by OR, e.g. '(gan OR diffusion) -image' or "
        "'NOT (gan OR diffusion)', not nested; a group of several words next to OR or NOT "
        "('a OR (b c)') needs two searches",
        query=query, term="(",
    )


def _check_or(left: _Term, right: _Term, query: str) -> None:
    """OR joins words, phrases and text-field terms, or two values of one filter field."""
    text = (None, *TEXT_FIELDS)
    if left.negated or right.negated:
        raise QueryError(
            f"{left.raw} OR {right.raw}: an excluded term cannot be part of an OR; "
            f"write the exclusion on its own, e.g. 'gan OR diffusion -survey'",
            query=query, term=right.raw,
        )
    if (left.field in text) != (right.field in text) or (left.field not in text and left.field != right.field):
        raise QueryError(
            f"{left.raw} OR {right.raw}: OR joins words or phrases ('gan OR diffusion', "
            f"'author:bengio OR author:hinton') or two values of one field ('venue:iclr OR venue:neurips')",
            query=query, term=right.raw,
        )


def _field_example(column: str) -> str:
    return {
        "authors": "bengio",
        "title": "transformer",
        "abstract": '"graph neural network"',
        "tldr": "robustness",
        "venue": "iclr",
        "year": "2019..2021",
        "presentation": "oral",
        "session": '"track 2"',
    }[column]


_YEAR = re.compile(r"\d{4}")
_DASHES = "\\-\u2010-\u2015\u2212"  # hyphen-minus, the Unicode hyphens and dashes, minus sign
_DASH_RANGE = re.compile(rf"(\d{{4}})\s*[{_DASHES}]\s*(\d{{4}})")
# "year:>2020", "year:<=2021" (as GitHub's and many search boxes' syntax has it): open ranges
_YEAR_COMPARISON = re.compile(r"(>=?|<=?|≥|≤)\s*(\d{4})")
_SPACED_YEAR_RANGE = re.compile(rf"(?i)\b(year:\d{{4}})\s+[{_DASHES}]\s+(\d{{4}})\b")


def _parse_year_spec(spec: str) -> list[tuple[int | None, int | None]]:
    """``"2019"``, ``"2019..2021"``, ``"2019.."``, ``"..2021"``, ``">2020"`` (also ``>=``,
    ``<``, ``<=``) or a comma list of those.

    Returns inclusive (low, high) ranges; raises ValueError with the reason.
    """
    ranges: list[tuple[int | None, int | None]] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        dash = _DASH_RANGE.fullmatch(part)
        if dash:  # "2019-2021", as people write ranges
            part = f"{dash.group(1)}..{dash.group(2)}"
        comparison = _YEAR_COMPARISON.fullmatch(part)
        if comparison:  # ">2020" is 2021.., "<=2021" is ..2021 (">9999" and "<0000": no year)
            op, y = comparison.group(1), int(comparison.group(2))
            if op == ">":
                ranges.append((y + 1, None))
            elif op == "<":
                ranges.append((None, y - 1))
            else:
                ranges.append((y, None) if op in (">=", "≥") else (None, y))
        elif ".." in part:
            low_s, _, high_s = part.partition("..")
            low_s, high_s = low_s.strip(), high_s.strip()
            malformed = [x for x in (low_s, high_s) if x and not _YEAR.fullmatch(x)]
            if malformed or not (low_s or high_s):
                raise ValueError(f"{part!r} is not a year range; write it like 2019..2021, 2019.. or ..2021")
            low = int(low_s) if low_s else None
            high = int(high_s) if high_s else None
            if low is not None and high is not None and low > high:
                raise ValueError(f"the year range {part!r} is empty; write the earlier year first: {high}..{low}")
            ranges.append((low, high))
        elif _YEAR.fullmatch(part):
            ranges.append((int(part), int(part)))
        else:
            raise ValueError(
                f"{part!r} is not a year; use a 4-digit year (2021), a range (2019..2021, 2019.., ..2021, "
                f">2020, <=2021) or a comma list (2019,2021)"
            )
    if not ranges:
        raise ValueError("no year given; use e.g. 2021 or 2019..2021")
    return ranges


# --------------------------------------------------------------------------- the per-frame index


def _as_names(value: Any) -> list[str]:
    """The author names of one cell: a list of str (anything else is cleaned up)."""
    if type(value) is list and all(type(v) is str for v in value):
        return value
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


class _Vocab:
    """Integer codes for one filter column (values folded for matching)."""

    def __init__(self, values: pd.Series | None, n: int) -> None:
        self.present = values is not None
        self.codes = np.full(n, -1, dtype=np.int64)
        self.folded: list[str] = []
        self.names: list[str] = []
        if values is None or n == 0:
            return
        raw_codes, raw_uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
        mapping = np.full(len(raw_uniques), -1, dtype=np.int64)
        slot: dict[str, int] = {}
        for i, value in enumerate(raw_uniques.tolist()):
            if not isinstance(value, str) or not value.strip():
                continue
            key = _fold(value)
            if key not in slot:
                slot[key] = len(self.folded)
                self.folded.append(key)
                self.names.append(value.strip())
            mapping[i] = slot[key]
        raw_codes = np.asarray(raw_codes, dtype=np.int64)
        if len(mapping):
            self.codes = np.where(raw_codes >= 0, mapping[np.maximum(raw_codes, 0)], -1)


class _Index:
    """Everything search/filter/similar need for one frame; heavy parts built lazily."""

    def __init__(self, papers: pd.DataFrame) -> None:
        self.n = len(papers)
        self.columns = frozenset(papers.columns)
        self._frame = papers  # the cache's shallow snapshot: shares memory with the caller's frame
        self._lock = threading.RLock()
        self.venue = _Vocab(papers["venue"] if "venue" in self.columns else None, self.n)
        self.presentation = _Vocab(papers["presentation"] if "presentation" in self.columns else None, self.n)
        self.session = _Vocab(papers["session"] if "session" in self.columns else None, self.n)
        if "year" in papers.columns:
            years = pd.to_numeric(papers["year"], errors="coerce")
            self.year_present = True
            self.years = np.asarray(years.fillna(-1).to_numpy(dtype=np.float64), dtype=np.int64)
        else:
            self.year_present = False
            self.years = np.full(self.n, -1, dtype=np.int64)
        self.paper_ids = papers["paper_id"].astype(object).to_numpy() if "paper_id" in papers.columns else None
        self._engine: Any = None
        self._author_table: Any = None
        self._result_base: pd.DataFrame | None = None

    # ------------------------------------------------------------------ tantivy
    def engine(self) -> _Engine:
        with self._lock:
            if self._engine is None:
                self._engine = _Engine(self)
            return self._engine

    def result_base(self) -> pd.DataFrame:
        """The frame with ``score`` and ``matched`` columns already in place.

        Taking rows from it and overwriting those two columns is about twice as
        fast as adding two columns to the taken rows.
        """
        with self._lock:
            if self._result_base is None:
                base = self._frame.drop(columns=[c for c in ("score", "matched") if c in self.columns])
                self._result_base = base.assign(
                    score=np.zeros(self.n),
                    matched=pd.Categorical.from_codes(np.zeros(self.n, dtype=np.int8), dtype=_matched_dtype()),
                )
            return self._result_base

    def take_rows(self, positions: np.ndarray, taken: dict | None = None, **extra: Any) -> pd.DataFrame:
        """Rows *positions* of the frame, with the *extra* columns (score, matched) after its own.

        The columns are taken one by one (or given: *taken*, from :meth:`take_columns`) and
        the frame is built once around them: a third faster for a page of results than
        ``DataFrame.take`` and then setting two columns (column labels are unique: see
        :func:`_index_for`).
        """
        data = self.take_columns(positions) if taken is None else taken
        base = self.result_base()
        data.update(extra)
        names, labels = self._result_labels
        if tuple(data) != names:  # (only when called with other extra columns)
            labels = pd.Index(list(data))
        out = _frame_around(data, base.index.take(positions), labels)
        if base.attrs:
            out.attrs = copy.deepcopy(base.attrs)
        return out

    @functools.cached_property
    def _result_labels(self) -> tuple[tuple[Any, ...], pd.Index]:
        """The result frame's column labels, as a tuple and as the frame's Index."""
        columns = self.result_base().columns
        return tuple(columns), columns

    def take_columns(self, positions: np.ndarray) -> dict:
        """The frame's own columns at *positions*, by label."""
        return {label: take(positions) for label, take in self._column_takers}

    @functools.cached_property
    def _column_takers(self) -> list[tuple[Any, Any]]:
        """(label, a function taking rows of that column) for the frame's own columns."""
        base = self.result_base()
        return [(c, _coded_take(base[c].array) or base[c].array.take) for c in base.columns if c not in ("score", "matched")]

    @functools.cached_property
    def id_rows(self) -> dict[str, list[int]]:
        """The frame positions of each paper_id (missing ids, NA or NaN, left out; a user's
        frame may number its papers: int ids are kept, and 3 finds 3.0)."""
        out: dict[Any, list[int]] = {}
        for i, pid in enumerate(self.paper_ids if self.paper_ids is not None else ()):
            if type(pid) is str or (isinstance(pid, numbers.Number) and pid == pid and not isinstance(pid, bool)):
                out.setdefault(pid, []).append(i)
        return out

    @functools.cached_property
    def arrow_rows(self) -> bool:
        """Whether some column keeps its values in Arrow, whose row copies run without the GIL."""
        return any((isinstance(d, pd.StringDtype) and d.storage == "pyarrow") or isinstance(d, pd.ArrowDtype)
                   for d in self._frame.dtypes)

    # ------------------------------------------------------------------ filters
    @functools.cached_property
    def present_years(self) -> list[int]:
        return np.unique(self.years[self.years >= 0]).tolist()

    def year_codes(self, ranges: Sequence[tuple[int | None, int | None]]) -> set[int]:
        """The years of these papers that fall in any of *ranges* (inclusive)."""
        present = self.present_years
        out: set[int] = set()
        for low, high in ranges:
            out |= {y for y in present if (low is None or y >= low) and (high is None or y <= high)}
        return out

    def texts(self, col: str, start: int = 0, stop: int | None = None) -> list[str | None]:
        """Rows *start* to *stop* of column *col*: str where there is text, None elsewhere."""
        stop = self.n if stop is None else stop
        if col not in self.columns:
            return [None] * (stop - start)
        values = self._frame[col].iloc[start:stop].tolist()
        return [_searchable(v) if type(v) is str and v else None for v in values]

    def authors(self, start: int = 0, stop: int | None = None) -> list[list[str]]:
        stop = self.n if stop is None else stop
        if "authors" not in self.columns:
            return [[] for _ in range(stop - start)]
        return [[_searchable(a) for a in _as_names(v)] for v in self._frame["authors"].iloc[start:stop].tolist()]

    @functools.cached_property
    def umlaut_aliases(self) -> dict[str, set[str]]:
        """Author words written with an umlaut in this frame ("Jürgen"), folded as the index
        folds them ("jurgen"), each with its German transliteration ("juergen"), both ways."""
        aliases: dict[str, set[str]] = {}
        if "authors" not in self.columns:
            return aliases
        for names in self._frame["authors"].tolist():
            for name in _as_names(names):
                if name.isascii() or not _UMLAUT.search(name := _searchable(name)):  # (composed: "ü", not "u" + "¨")
                    continue
                for word in name.split():
                    if _UMLAUT.search(word):
                        folded, other = _fold(word), _fold(word.translate(_TRANSLITERATED))
                        if folded and other and folded != other and " " not in folded + other:
                            aliases.setdefault(folded, set()).add(other)
                            aliases.setdefault(other, set()).add(folded)
        return aliases

    def has_text(self, col: str) -> np.ndarray:
        return np.fromiter((v is not None and not v.isspace() for v in self.texts(col)), dtype=bool, count=self.n)

    # ------------------------------------------------------------------ authors
    def author_table(self) -> _AuthorTable:
        with self._lock:
            if self._author_table is None:
                self._author_table = _AuthorTable(self.authors(), self.umlaut_aliases)
            return self._author_table


def _coded_take(array: Any) -> Any:
    """For a column of Python strings with few distinct values (venue, presentation,
    session, timezone), a function taking its rows through small integer codes, or None.

    Copying rows of Python strings reads one 8-byte pointer per row from the column and
    touches the string it points to; after a search, those are rarely in the CPU cache
    (~1.5 ms for 18k of 100k rows per column, against 0.2 ms when cached). Codes of one
    or two bytes and a few distinct strings stay cached: the same rows, the same values
    (equal strings; missing values are the dtype's own NA), in a fraction of the time.
    """
    if not (isinstance(array.dtype, pd.StringDtype) and array.dtype.storage == "python"):
        return None
    n = len(array)
    if n < 1_000 or not hasattr(array, "_from_backing_data"):
        return None
    if len(pd.unique(array[:2_000])) > 500:  # a sample says: mostly distinct (titles, ids)
        return None
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    if len(uniques) > min(n // 8, 30_000):
        return None
    values = np.empty(len(uniques) + 1, dtype=object)
    values[:-1] = np.asarray(uniques, dtype=object)
    values[-1] = array.dtype.na_value  # code -1: missing
    small = codes.astype(np.int8 if len(uniques) < 127 else np.int16)
    wrap = array._from_backing_data

    def take(positions: np.ndarray) -> Any:
        return wrap(values.take(small.take(positions)))

    return take


def _frame_around(columns: dict[Any, Any], index: pd.Index, labels: pd.Index) -> pd.DataFrame:
    """A frame of *columns* (1-D arrays of one length, under the unique *labels*, in
    order), not copied.

    pandas' constructor checks and converts every column again, ~10 µs each: 0.15 ms of
    every search, as much as tantivy's own query on 10k papers. These arrays are taken
    from the frame's own columns (or are the score and ``matched`` arrays), so the
    frame is built around them as they are; the result equals the constructor's
    (tests/test_search.py holds the two equal for every kind of column). Should
    pandas' internals change, the public constructor is used.
    """
    build = _block_builder()
    if build is not None:
        try:
            return build(list(columns.values()), labels, index)
        except (AttributeError, TypeError, ValueError):
            pass
    return pd.DataFrame(columns, index=index, copy=False)


@functools.cache
def _block_builder() -> Any:
    """pandas' own frame assembly from checked arrays, or None where it is not found."""
    try:
        from pandas.core.internals.construction import arrays_to_mgr
    except ImportError:
        return None
    if not hasattr(pd.DataFrame, "_from_mgr"):
        return None

    def build(arrays: list[Any], labels: pd.Index, index: pd.Index) -> pd.DataFrame:
        mgr = arrays_to_mgr(arrays, labels, index, verify_integrity=False, consolidate=False)
        return pd.DataFrame._from_mgr(mgr, axes=mgr.axes)

    return build


# Below this many papers the index is written by one thread: one segment, and the
# thread start-up would cost more than it saves.
_THREADED_MIN_DOCS = 20_000
_BUILD_CHUNK = 5_000


class _Engine:
    """The tantivy index of one frame."""

    def __init__(self, index: _Index) -> None:
        import tantivy

        self.tantivy = tantivy
        sb = tantivy.SchemaBuilder()
        for f in TEXT_FIELDS:
            sb.add_text_field(f, tokenizer_name="cx")
        sb.add_integer_field("pos", fast=True, indexed=True)
        for f in _FILTER_COLUMNS:
            sb.add_integer_field(f, indexed=True)
        self.schema = sb.build()
        self.index = tantivy.Index(self.schema)
        self.index.register_tokenizer("cx", _analyzer())
        n = index.n
        threads = 1 if n < _THREADED_MIN_DOCS else max(1, min(4, os.cpu_count() or 1))
        writer = self.index.writer(heap_size=64_000_000 * threads, num_threads=threads)
        venue = index.venue.codes.tolist()
        pres = index.presentation.codes.tolist()
        sess = index.session.codes.tolist()
        years = index.years.tolist()
        Document = tantivy.Document
        # Columns become Python strings a chunk at a time: memory stays flat (not
        # every abstract as a Python str at once), and indexing threads overlap.
        for start in range(0, n, _BUILD_CHUNK):
            stop = min(n, start + _BUILD_CHUNK)
            title = index.texts("title", start, stop)
            tldr = index.texts("tldr", start, stop)
            abstract = index.texts("abstract", start, stop)
            authors = index.authors(start, stop)
            for j, i in enumerate(range(start, stop)):
                kw: dict[str, Any] = {"pos": i}
                if title[j] is not None:
                    kw["title"] = title[j]
                if tldr[j] is not None:
                    kw["tldr"] = tldr[j]
                if abstract[j] is not None:
                    kw["abstract"] = abstract[j]
                if authors[j]:
                    kw["authors"] = authors[j]
                if venue[i] >= 0:
                    kw["venue"] = venue[i]
                if pres[i] >= 0:
                    kw["presentation"] = pres[i]
                if sess[i] >= 0:
                    kw["session"] = sess[i]
                if years[i] >= 0:
                    kw["year"] = years[i]
                writer.add_document(Document(**kw))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.n = n

    # ------------------------------------------------------------------ helpers
    def doc_freq(self, field_name: str, term: str) -> int:
        return self.searcher.doc_freq(field_name, term)

    def term_counts(self, prefix: str) -> dict[str, int]:
        """Words of the title, tl;dr and abstract fields starting with *prefix*, with how
        many documents have them (summed over the fields); words in one paper only are left out.
        Kept on the engine (it lives as long as its frame's index)."""
        cache: dict[str, dict[str, int]] = self.__dict__.setdefault("_term_counts", {})
        found = cache.get(prefix)
        if found is None:
            counts: dict[str, int] = {}
            for field_name in ("title", "tldr", "abstract"):
                for term, n in self.searcher.terms_with_prefix(field_name, prefix):
                    counts[term] = counts.get(term, 0) + n
            found = cache[prefix] = {t: n for t, n in counts.items() if n >= 2 and t.isalpha()}
        return found

    def field_query(
        self, field_name: str, tokens: list[str], *, expand: bool, fuzzy: bool = False, compound: bool = False
    ):
        """Query for *tokens* (one word or a phrase) in one field, or None if it cannot match.

        Returns ``(query, bound)``: *bound* is at least the number of documents the
        query can match (from document frequencies), so searches can ask tantivy
        for no more hits than that. With *compound* (an unquoted word), the word
        written joined or hyphenated is found too: ``pre-training`` also finds
        "pretraining", ``pretraining`` also finds "pre-training" / "pre training".
        """
        found = self._field_query(field_name, tokens, expand=expand, fuzzy=fuzzy)
        variant = _compound_variant_of(tuple(tokens)) if compound else None
        if variant is None and compound and len(tokens) == 1:
            variant = self._split_word(field_name, tokens[0], known=found is not None)
        if variant is None:
            return found
        other = self._field_query(field_name, variant, expand=expand)
        if other is None or found is None:
            return other if found is None else found
        return self.tantivy.Query.disjunction_max_query([found[0], other[0]]), found[1] + other[1]

    def _split_word(self, field_name: str, word: str, *, known: bool) -> list[str] | None:
        """A joined word as the two words the field writes it with ("cifar10" as "cifar 10",
        for CIFAR-10; "kmeans", "tsne", "modelbased" as "k means", "t sne", "model based"),
        or None. Letters and digits are split where they meet; a word of letters only when
        the field does not have it joined (*known*), at the place where both halves are
        commonest in the field."""
        if len(word) < 4 or len(word.encode("utf-8")) >= _MAX_TOKEN_BYTES:
            return None
        m = _LETTERS_DIGITS.fullmatch(word)
        if m:
            return [m.group(1), m.group(2)] if all(self.doc_freq(field_name, p) for p in m.groups()) else None
        if known or not word.isalpha():
            return None
        best, best_df = None, 0
        for i in range(1, len(word) - 2):
            left, right = word[:i], word[i:]
            if (left in _STOPWORDS and len(right) < 4) or (len(left) == 1 and len(right) < 3):
                continue  # ("onpolicy" is "on policy"; "isin" is not "is in")
            df = min(self.doc_freq(field_name, left), self.doc_freq(field_name, right))
            if df > best_df:
                best, best_df = [left, right], df
        return best

    def _field_query(self, field_name: str, tokens: list[str], *, expand: bool, fuzzy: bool = False):
        T = self.tantivy
        forms: list[list[str]] = []
        bound = self.n
        for tok in tokens:
            candidates = _inflections_of(tok) if expand else (tok,)
            freqs = [(c, self.doc_freq(field_name, c)) for c in candidates]
            present = [c for c, df in freqs if df > 0]
            if not present:
                if fuzzy and len(tokens) == 1 and len(tok) >= 4:
                    distance = 1 if len(tok) < 8 else 2
                    return T.Query.fuzzy_term_query(self.schema, field_name, tok, distance=distance), self.n
                return None
            forms.append(present)
            bound = min(bound, sum(df for _, df in freqs))
        if len(tokens) == 1:
            if len(forms[0]) == 1:
                return T.Query.term_query(self.schema, field_name, forms[0][0], index_option="freq"), bound
            return T.Query.disjunction_max_query(
                [T.Query.term_query(self.schema, field_name, f, index_option="freq") for f in forms[0]]
            ), bound
        if all(len(f) == 1 for f in forms):
            return T.Query.phrase_query(self.schema, field_name, [f[0] for f in forms]), bound
        if math.prod(len(f) for f in forms) <= 16:  # a few spellings: exact phrases (fast)
            return T.Query.disjunction_max_query(
                [T.Query.phrase_query(self.schema, field_name, list(words)) for words in itertools.product(*forms)]
            ), bound
        patterns = [f[0] if len(f) == 1 else "(?:" + "|".join(re.escape(x) for x in f) + ")" for f in forms]
        return T.Query.regex_phrase_query(self.schema, field_name, patterns), bound

    def any_of(self, field_name: str, values: list[int]):
        """Documents whose integer *field_name* is one of *values* (unscored)."""
        T = self.tantivy
        # A boolean of term queries is ~10x faster than a term-set query for a few
        # hundred values (the term set scans the term dictionary).
        if len(values) <= 256:
            return T.Query.boolean_query(
                [(T.Occur.Should, T.Query.term_query(self.schema, field_name, v)) for v in values]
            )
        return T.Query.term_set_query(self.schema, field_name, values)

    def positions_and_scores(self, query, limit: int | None, bound: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """All (or the best *limit*) hits, ordered by score then frame position.

        *bound*, if given, is an upper bound on the number of matching documents.
        """
        n = self.n if bound is None else min(self.n, max(1, bound))
        if n == 0 or limit == 0:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float64)
        # at least 256 hits: fetching them costs what fetching 40 does (the matches are
        # scanned once either way), and a tie across the limit that ends within them needs
        # no second search (for a phrase, ~5 ms at 100k papers)
        fetch = n if limit is None else min(n, max(2 * limit, limit + 32, 256))
        hits = self.searcher.search(query, fetch, count=False).hits
        # Hits whose score ties the last kept one may continue past what was fetched
        # (tantivy cuts a tie by segment layout); then fetch four times as many, until a
        # lower score ends the fetched hits: every hit of the tie is then in hand, and
        # ties are broken by frame position. (Fetching every match at once cost a broad
        # query with a long tie ~15 ms at 100k papers; the tie rarely runs that far.)
        while limit is not None and fetch < n and len(hits) == fetch > limit and hits[-1][0] >= hits[limit - 1][0]:
            fetch = min(n, 4 * fetch)
            hits = self.searcher.search(query, fetch, count=False).hits
        if not hits:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float64)
        scores, positions = self._split_hits(hits)
        # tantivy returns hits by descending score; put equal scores in frame order.
        ties = scores[1:] == scores[:-1]
        if ties.any():
            # one sort of (score group, position) packed in an int64: twice as fast as lexsort
            group = np.concatenate(([0], np.cumsum(~ties)))
            keys = np.sort((group << 32) | positions)
            positions = (keys & 0xFFFFFFFF).astype(np.intp)
            scores = scores[np.flatnonzero(np.concatenate(([True], ~ties)))][keys >> 32]
        if limit is not None:
            positions, scores = positions[:limit], scores[:limit]
        return positions, scores

    def _split_hits(self, hits: list) -> tuple[np.ndarray, np.ndarray]:
        """(scores, frame positions) of tantivy's (score, address) hits.

        ``map(itemgetter)`` runs in C: for 18k hits, 1 ms where ``zip(*hits)`` takes 2.
        """
        scores = np.fromiter(map(_FIRST, hits), dtype=np.float64, count=len(hits))
        return scores, self._positions(list(map(_SECOND, hits)))

    def _positions(self, addresses: list) -> np.ndarray:
        return np.asarray(self.searcher.fast_field_values("pos", addresses), dtype=np.intp)

    def docset(self, query, bound: int | None = None) -> np.ndarray:
        """Frame positions of every document matching *query* (unordered)."""
        if self.n == 0:
            return np.empty(0, dtype=np.intp)
        limit = self.n if bound is None else min(self.n, max(1, bound))
        hits = self.searcher.search(query, limit, count=False).hits
        return self._positions(list(map(_SECOND, hits)))


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


# --------------------------------------------------------------------------- cache

_CACHE_SIZE = 8  # frames
_CACHE_PAPERS = 500_000  # papers over all cached frames (an index of 100k papers takes ~200 MB)
_cache: OrderedDict[int, _Entry] = OrderedDict()
_cache_lock = threading.RLock()


@dataclass
class _Entry:
    ref: weakref.ref
    token: tuple
    snapshot: pd.DataFrame
    index: _Index = field(repr=False)


def _frame_token(df: pd.DataFrame) -> tuple:
    """Changes whenever *df*'s data changes, given that a cache snapshot shares its blocks.

    pandas 3 copies a block on write when another frame (our snapshot) shares it, so
    every write (setting a cell, a column, sorting in place) gives *df* new block values.
    """
    try:
        blocks = tuple(id(b.values) for b in df._mgr.blocks)
    except AttributeError:  # a pandas without BlockManager.blocks: compare column arrays
        blocks = tuple(id(df[c].array) for c in df.columns)
    return (len(df), id(df.columns), id(df.index), blocks)  # (a new index is a new object: the cache holds the old)


def _drop(key: int, ref: weakref.ref) -> None:
    with _cache_lock:
        entry = _cache.get(key)
        if entry is not None and entry.ref is ref:
            del _cache[key]


def _index_for(papers: pd.DataFrame) -> _Index:
    if not isinstance(papers, pd.DataFrame):
        raise TypeError(
            f"papers must be a pandas DataFrame such as cx.load_catalog().papers; got {type(papers).__name__}"
        )
    if not papers.columns.is_unique:
        repeated = papers.columns[papers.columns.duplicated()].unique().tolist()
        raise ValueError(
            f"papers has repeated column names {repeated}: give each column one name, e.g. "
            "papers.loc[:, ~papers.columns.duplicated()] keeps the first of each"
        )
    key = id(papers)
    token = _frame_token(papers)
    with _cache_lock:
        entry = _cache.get(key)
        if entry is not None and entry.ref() is papers and entry.token == token:
            _cache.move_to_end(key)
            return entry.index
    snapshot = papers.copy(deep=False)
    index = _Index(snapshot)
    ref = weakref.ref(papers, lambda r, key=key: _drop(key, r))
    with _cache_lock:
        _cache[key] = _Entry(ref, _frame_token(papers), snapshot, index)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE or (
            len(_cache) > 1 and sum(e.index.n for e in _cache.values()) > _CACHE_PAPERS
        ):
            _cache.popitem(last=False)
    return index


def _clear_cache() -> None:
    """Forget every cached index (for tests and benchmarks)."""
    with _cache_lock:
        _cache.clear()


# --------------------------------------------------------------------------- query plan


@dataclass
class _Plan:
    positive: list[dict[str, Any]]  # per text clause: {field: tantivy query}
    negative: list[dict[str, Any]]
    filters: dict[str, tuple[set[int] | None, set[int]]]  # column -> (allowed codes or None, excluded codes)
    impossible: bool = False
    bound: int = 1 << 62  # no more documents than this can match the positive clauses


_VENUE_ALIASES = {"nips": "neurips"}


def _resolve(vocab: _Vocab, col: str, folded: str) -> tuple[int | None, bool]:
    """The code of a folded venue/presentation value, and whether the value is valid.

    Tolerates a plural ("orals") and the old name of NeurIPS ("nips"); a
    presentation type or a known conference these papers happen not to have is
    valid, with no code.
    """
    candidates = [folded, _VENUE_ALIASES.get(folded, folded)]
    if folded.endswith("s"):
        candidates.append(folded[:-1])
    for candidate in candidates:
        if candidate in vocab.folded:
            return vocab.folded.index(candidate), True
    if col == "presentation":
        return None, any(c in {"oral", "spotlight", "poster"} for c in candidates)
    # a conference these papers happen not to have ("venue:icml" on a subset of ICLR papers,
    # a catalog of one venue): valid, with no code; only an unknown name is a mistake
    return None, col == "venue" and any(c in _known_venues() for c in candidates)


@functools.cache
def _known_venues() -> frozenset[str]:
    """Folded names of the conferences confexplore's readers know ('iclr', 'neurips', 'nips', ...)."""
    from .sources.paper_list import VENUES

    return frozenset(VENUES) | frozenset(_fold(v) for v in VENUES.values())


# day and month names as sites abbreviate them ("Tue Track 2", "Thurs 10 Dec"): a session
# term or filter written either way finds the other
_CALENDAR_WORDS = {
    **{day: day[:3] for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")},
    "tues": "tue", "weds": "wed", "thur": "thu", "thurs": "thu",
    **{month: month[:3] for month in ("january", "february", "march", "april", "june", "july", "august",
                                      "september", "october", "november", "december")},
    "sept": "sep",
}


def _calendar_words(folded: str) -> str:
    return " ".join(_CALENDAR_WORDS.get(w, w) for w in folded.split())


def _session_codes(vocab: _Vocab, folded: str) -> set[int]:
    """Codes of the sessions named *folded*, or else of those with its words in a row
    (day and month names matched to their abbreviations)."""
    exact = {c for c, s in enumerate(vocab.folded) if s == folded}
    if exact or not folded:
        return exact
    needle = f" {_calendar_words(folded)} "
    return {c for c, s in enumerate(vocab.folded) if needle in f" {_calendar_words(s)} "}


def _no_session(vocab: _Vocab, value: str) -> str:
    shown = sorted(vocab.names)
    if not shown:
        return f"session {value!r} matches no session: these papers have no session names"
    more = f" and {len(shown) - 12} more" if len(shown) > 12 else ""
    return (f"session {value!r} matches no session of these papers; sessions are "
            f"{', '.join(repr(s) for s in shown[:12])}{more} (case does not matter; a part of the name works)")


def _filter_codes(index: _Index, term: _Term, query: str) -> set[int]:
    col = term.field
    assert col is not None
    if col == "year":
        if not index.year_present:
            raise QueryError(f"{term.raw!r}: these papers have no 'year' column", query=query, term=term.raw)
        try:
            ranges = _parse_year_spec(term.value)
        except ValueError as exc:
            raise QueryError(f"{term.raw!r}: {exc}", query=query, term=term.raw) from None
        return index.year_codes(ranges)
    vocab: _Vocab = getattr(index, col)
    if not vocab.present:
        raise QueryError(f"{term.raw!r}: these papers have no {col!r} column", query=query, term=term.raw)
    values = [term.value] if term.phrase else [v for v in term.value.split(",") if v.strip()]
    if not values:  # "venue:," : commas and nothing between them
        field_name = "type" if col == "presentation" else col
        raise QueryError(f"{term.raw!r}: {field_name}: needs a value, e.g. {field_name}:{_field_example(col)}",
                         query=query, term=term.raw)
    codes: set[int] = set()
    for value in values:
        folded = _fold(value)
        if col == "session":
            found = _session_codes(vocab, folded)
            if not found and index.n:
                raise QueryError(f"{term.raw!r}: {_no_session(vocab, value)}", query=query, term=term.raw)
            codes |= found
            continue
        code, valid = _resolve(vocab, col, folded)
        if code is not None:
            codes.add(code)
        if valid or index.n == 0:
            continue
        names = sorted(set(vocab.names) | (set(_PRESENTATIONS) if col == "presentation" else set()))
        field_name = "type" if col == "presentation" else col
        raise QueryError(
            f"{term.raw!r}: {field_name} must be one of {', '.join(repr(x) for x in names)} "
            f"(case does not matter); got {value!r}",
            query=query,
            term=term.raw,
        )
    return codes


def _plan(index: _Index, terms: list[_Term], query: str) -> _Plan:
    """Resolve parsed terms against one frame's index: filter codes and tantivy queries."""
    plan = _Plan([], [], {})
    text_terms = [t for t in terms if t.field is None or t.field in TEXT_FIELDS]
    for t in terms:
        if t.field in _FILTER_COLUMNS:
            codes = _filter_codes(index, t, query)
            allowed, excluded = plan.filters.get(t.field, (None, set()))
            if t.negated:
                excluded = excluded | codes
            else:
                allowed = codes if allowed is None else allowed | codes
            plan.filters[t.field] = (allowed, excluded)
    if not text_terms:
        return plan
    analyzer = _analyzer()
    # words joined by OR: one clause (a member is never dropped as a stop word)
    in_or = {id(t) for a, b in zip(text_terms, text_terms[1:]) if b.or_previous for t in (a, b)}
    tokenized: list[tuple[_Term, list[str]]] = []
    for t in text_terms:
        value = _searchable(t.value)
        if _too_long(value):  # the index leaves such words out: no paper matches (toks [])
            tokenized.append((t, []))
        elif toks := analyzer.analyze(value if t.phrase else _POSSESSIVE.sub("", value)):
            # ("Newton's method" finds "Newton method" too; no words, as in punctuation or emoji:
            # nothing to match)
            tokenized.append((t, toks))
        elif t.field is not None:  # "author:," or "title:-": a field term with nothing to look for
            name = t.raw.lstrip("-").split(":", 1)[0].lower() or t.field
            raise QueryError(f"{t.raw!r}: {name}: has no word to look for, e.g. {name}:{_field_example(t.field)}",
                             query=query, term=t.raw)
    # Stop words: dropped from free, unquoted words unless nothing else would be left.
    # So are initials ("S." of "S. Levine"): a lone letter is found in any possessive "'s"
    content = [
        (t, toks)
        for t, toks in tokenized
        if t.negated or t.phrase or t.field is not None or len(toks) != 1
        or (toks[0] not in _STOPWORDS and not _INITIAL_WORD.fullmatch(t.value)) or id(t) in in_or
    ]
    if any(not t.negated for t, _ in content):
        tokenized = content
    if not tokenized:
        return plan
    engine = index.engine()
    groups: list[list[tuple[_Term, list[str]]]] = []
    for t, toks in tokenized:
        if t.or_previous and groups and id(groups[-1][-1][0]) in in_or:
            groups[-1].append((t, toks))
        else:
            groups.append([(t, toks)])
    # The same word or phrase given again ("neural neural", a pasted text): one clause worth
    # as much as its copies (BM25 adds equal clauses up), not one search clause per copy
    keys = [tuple((t.field, tuple(toks), t.phrase, t.negated) for t, toks in group) for group in groups]
    copies = Counter(keys)
    for key, group in zip(keys, groups):
        times = copies.pop(key, 0)
        if not times:
            continue  # a copy of a clause already planned
        members: dict[str, list[Any]] = {}  # per field, the queries of the group's members
        bound = 0
        for t, toks in group:
            if not toks:  # a word too long for the index: this member matches nothing
                continue
            for f in TEXT_FIELDS if t.field is None else (t.field,):
                names = _author_names(t) if t.field == "authors" else []
                if t.field == "authors" and (len(toks) > 1 or t.phrase or "," in t.value) \
                        and all(author_key(name).split() for name in names):
                    # a name: as filter_papers(author=) finds it; unquoted commas list names (a
                    # name with no letter of the Latin alphabet, "李飞飞", has no key: its words below)
                    found = _author_name_query(index, engine, names)
                    if found is None:
                        continue
                else:
                    found = engine.field_query(
                        f, toks, expand=f != "authors", fuzzy=(t.field == "authors" and not t.negated and not t.phrase),
                        compound=f != "authors" and not t.phrase and (len(toks) == 1 or _HYPHENATED.search(t.value)),
                    )
                    if t.field == "authors" and len(toks) == 1 and (aliases := index.umlaut_aliases.get(toks[0])):
                        # author:juergen also finds "Jürgen" (and author:jurgen "Juergen") where the
                        # frame writes the name with an umlaut somewhere
                        more = [q for a in sorted(aliases) if (q := engine.field_query(f, [a], expand=False))]
                        if more:
                            parts = ([found] if found is not None else []) + more
                            found = (_any_of(engine, [q for q, _ in parts]), sum(b for _, b in parts))
                if found is not None:
                    q, field_bound = found
                    members.setdefault(f, []).append(q)
                    bound += field_bound
        # members joined by OR: one flat query per field, scored by the sum of those that match
        # (a chain of two-member queries, as deep as the members, overflowed tantivy's stack)
        per_field = {f: qs[0] if len(qs) == 1 else _any_of(engine, qs) for f, qs in members.items()}
        if group[0][0].negated:
            if per_field:
                plan.negative.append(per_field)
        elif per_field:
            if times > 1:
                per_field = {f: engine.tantivy.Query.boost_query(q, float(times)) for f, q in per_field.items()}
            plan.positive.append(per_field)
            plan.bound = min(plan.bound, bound)
        else:
            plan.impossible = True
    return plan


def _author_names(t: _Term) -> list[str]:
    """The names of an author term: a phrase is one name; unquoted, commas list names."""
    return [t.value] if t.phrase else [v for v in t.value.split(",") if v.strip()]


def _author_name_query(index: _Index, engine: _Engine, names: list[str]):
    """``author:"S. Levine"``, ``author:"Bengio, Yoshua"``, ``author:hinton,lecun``: papers
    with an author so named, as ``filter_papers(author=names)`` finds them (see
    :meth:`_AuthorTable.rows_for`), scored by the name's words in the authors field.
    Returns ``(query, bound)``, or None when no author is named so."""
    table = index.author_table()
    found_rows = [table.rows_for(name) for name in names if author_key(name).split()]
    rows = np.unique(np.concatenate(found_rows)) if found_rows else np.empty(0, dtype=np.intp)
    if not len(rows):
        return None
    T = engine.tantivy
    clauses = [(T.Occur.Must, T.Query.const_score_query(engine.any_of("pos", rows.tolist()), 0.0))]
    tokens = [t for name in names for t in author_key(name).split()]
    for tok in dict.fromkeys(t for t in tokens if len(t) > 1):
        found = engine.field_query("authors", [tok], expand=False, fuzzy=True)
        if found is not None:
            clauses.append((T.Occur.Should, found[0]))
    if len(clauses) == 1:  # initials only: every such paper scores alike
        clauses = [(T.Occur.Must, T.Query.const_score_query(engine.any_of("pos", rows.tolist()), 1.0))]
    return T.Query.boolean_query(clauses), len(rows)


@functools.cache
def _word_splitter():
    """The index's tokenizer without its filters: the words as the length limit sees them."""
    import tantivy

    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).build()


def _too_long(value: str) -> bool:
    """Whether *value* holds a word the index leaves out (so it can match no paper)."""
    if len(value.encode("utf-8")) < _MAX_TOKEN_BYTES:
        return False
    return any(len(w.encode("utf-8")) >= _MAX_TOKEN_BYTES for w in _word_splitter().analyze(value))


def _any_of(engine: _Engine, queries: list[Any]) -> Any:
    """A query for documents that match any of *queries*, scored by the sum (a boolean OR)."""
    T = engine.tantivy
    return T.Query.boolean_query([(T.Occur.Should, q) for q in queries])


def _filter_mask(index: _Index, filters: dict[str, tuple[set[int] | None, set[int]]]) -> np.ndarray:
    mask = np.ones(index.n, dtype=bool)
    for col, (allowed, excluded) in filters.items():
        codes = index.years if col == "year" else getattr(index, col).codes
        if allowed is not None:
            mask &= np.isin(codes, np.fromiter(allowed - excluded, dtype=np.int64))
        elif excluded:
            mask &= ~np.isin(codes, np.fromiter(excluded, dtype=np.int64))
    return mask


def _tantivy_filters(engine: _Engine, filters) -> list:
    T = engine.tantivy
    clauses = []
    for col, (allowed, excluded) in filters.items():
        if allowed is not None:
            q = engine.any_of(col, sorted(allowed - excluded))
            clauses.append((T.Occur.Must, T.Query.const_score_query(q, 0.0)))
        elif excluded:
            clauses.append((T.Occur.MustNot, engine.any_of(col, sorted(excluded))))
    return clauses


def _any_field(engine: _Engine, per_field: dict[str, Any], *, boosted: bool):
    T = engine.tantivy
    subs = [
        (T.Occur.Should, T.Query.boost_query(q, _BOOST[f]) if boosted else q) for f, q in per_field.items()
    ]
    return subs[0][1] if len(subs) == 1 else T.Query.boolean_query(subs)


_MATCHED_NAMES = [", ".join(f for bit, f in enumerate(TEXT_FIELDS) if code >> bit & 1) for code in range(16)]


@functools.cache
def _matched_dtype() -> pd.CategoricalDtype:
    return pd.CategoricalDtype(_MATCHED_NAMES)


def _matched_fields(plan: _Plan) -> list[str]:
    """The text fields that some positive clause of *plan* searches."""
    return [f for f in TEXT_FIELDS if any(f in c for c in plan.positive)]


def _matched(engine: _Engine, plan: _Plan, positions: np.ndarray | None, extra: list) -> np.ndarray:
    """Bit mask per result row: which text fields matched a positive query clause.

    Costs one more search. For a few results, each field's clauses become a
    constant-score query worth 1, 2, 4 or 8, summed over the result documents
    only. For many results, the query is the main query's structure with every
    (clause, field) match worth its own power of two, so the sum says exactly
    which fields matched which clause (exact in float32 for up to 6 clauses);
    past 6 clauses, the main query itself selects the documents.

    With *positions* None, the mask of every document of the frame (zero where
    the query does not match) is returned: it needs no ranked positions, so it
    can run while the ranking search does.
    """
    T = engine.tantivy
    if positions is not None and len(positions) == 0:
        return np.zeros(0, dtype=np.int8)
    used = _matched_fields(plan)
    if len(used) == 1:
        return np.full(engine.n if positions is None else len(positions), 1 << TEXT_FIELDS.index(used[0]),
                       dtype=np.int8)
    few = positions is not None and len(positions) <= 128

    def const(q, value: float):
        return T.Query.const_score_query(q, value)

    clause_bits = len(plan.positive) <= 6
    if not few and clause_bits:
        musts = [
            (T.Occur.Must, T.Query.boolean_query(
                [(T.Occur.Should, const(q, float(1 << (4 * i + TEXT_FIELDS.index(f))))) for f, q in clause.items()]
            ))
            for i, clause in enumerate(plan.positive)
        ]
        bits_query = T.Query.boolean_query(musts + extra)
    else:
        parts = []
        for f in used:
            qs = [c[f] for c in plan.positive if f in c]
            q = qs[0] if len(qs) == 1 else T.Query.boolean_query([(T.Occur.Should, x) for x in qs])
            parts.append((T.Occur.Should, const(q, float(1 << TEXT_FIELDS.index(f)))))
        if few:
            restrict = engine.any_of("pos", positions.tolist())  # type: ignore[union-attr]
        else:
            restrict = T.Query.boolean_query(
                [(T.Occur.Must, _any_field(engine, c, boosted=False)) for c in plan.positive] + extra
            )
        bits_query = T.Query.boolean_query(
            [(T.Occur.Must, const(restrict, 0.0)), (T.Occur.Must, T.Query.boolean_query(parts))]
        )
    limit = len(positions) if few else max(1, min(engine.n, plan.bound))  # type: ignore[arg-type]
    hits = engine.searcher.search(bits_query, limit, count=False).hits
    bits = np.zeros(engine.n, dtype=np.int8)
    if hits:
        raw, where = engine._split_hits(hits)
        codes = np.rint(raw).astype(np.int64)
        if not few and clause_bits:
            folded = np.zeros_like(codes)
            for i in range(len(plan.positive)):
                folded |= (codes >> (4 * i)) & 0xF
            codes = folded
        bits[where] = codes.astype(np.int8)
    return bits if positions is None else bits[positions]


# From this many result rows on, rows held in Arrow are copied out of the frame on a
# worker thread while the ``matched`` search runs: pyarrow copies strings and tantivy
# searches without holding the GIL, so the two overlap (on 2 cores, 17,718 rows of
# 100k: median 37 -> 33 ms, 13,067 rows: 46 -> 37 ms). Below it, the thread hand-off
# costs more than it saves.
_PARALLEL_ROWS = 2_000
# With limit=None and between this many possible matches (an upper bound from document
# frequencies), the `matched` search runs beside the ranking search instead of after it
# (100k papers, 500-3,000 rows: 25% faster). Past the upper end, when the frame keeps
# text in Arrow (pandas' default ``str``), copying the rows costs more than a search,
# and overlapping it with the `matched` search (above) pays more. The catalog keeps
# text as Python strings (catalog.STRING), whose rows are copied holding the GIL:
# nothing overlaps with that copy, and the `matched` search runs beside the ranking
# at any size.
_CONCURRENT_BOUND = (128, 12_000)


@functools.cache
def _worker() -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="confexplore-search")


if hasattr(os, "register_at_fork"):  # a forked child has no worker thread: it starts its own
    os.register_at_fork(after_in_child=_worker.cache_clear)


def _result_frame(
    index: _Index, positions: np.ndarray, scores: np.ndarray, bits: np.ndarray, rows: pd.DataFrame | None = None,
    taken: dict | None = None,
) -> pd.DataFrame:
    score = np.round(scores, 4)
    matched = pd.Categorical.from_codes(bits.astype(np.int8, copy=False), dtype=_matched_dtype())
    if rows is None:
        return index.take_rows(positions, taken, score=score, matched=matched)
    rows["score"] = score
    rows["matched"] = matched
    return rows


def _check_limit(limit: Any, name: str = "limit") -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number{' or None' if name == 'limit' else ''}; got {limit!r}")
    if limit < 0:
        raise ValueError(f"{name} must be 0 or more{' (None for every match)' if name == 'limit' else ''}; got {limit}")
    return int(limit)


# --------------------------------------------------------------------------- public API


def search(papers: pd.DataFrame, query: str, *, limit: int | None = None) -> pd.DataFrame:
    """Rows of *papers* that match *query*, best first.

    Ranking is BM25 over the title (weighted highest), tl;dr, abstract and
    authors. Matching ignores case, accents and plural endings: ``networks``
    finds "network", ``poczos`` finds "Póczos"; a compound word matches however
    it is written: ``pretraining`` finds "pre-training" and "pre training".

    Query syntax (terms are separated by spaces; all of them must hold unless
    joined by OR):

    ===================================  ============================================
    ``graph networks``                   every word must occur in the title, tl;dr,
                                         abstract or authors (common words such as
                                         *the*, *of* are skipped)
    ``"neural network"``                 a phrase; a quote left open runs to the end
    ``-survey``, ``-"a phrase"``         leave out papers that have it
                                         (``NOT survey`` is the same)
    ``gan OR diffusion``                 either word (``OR`` in capitals; it
                                         also joins phrases and text fields:
                                         ``author:bengio OR author:hinton``)
    ``(gan OR diffusion) -image``        parentheses group words joined by OR;
                                         ``title:(a OR b)``, ``NOT (a OR b)``
    ``author:bengio``                    a word in the author names (misspellings
                                         are tried when no name has it; an
                                         umlaut's transliteration, ``juergen``,
                                         finds "Jürgen" too);
                                         ``author:"yoshua bengio"``: one author
                                         so named, as ``filter_papers(author=)``
                                         finds them: words in any order
                                         (``"Bengio, Yoshua"``), initials
                                         (``"Y. Bengio"``), middle names in or
                                         out (``"joshua tenenbaum"`` finds
                                         Joshua B. Tenenbaum), one letter off;
                                         ``author:hinton,lecun``: either
    ``title:gan``, ``abstract:``,        the word or phrase in that field only
    ``tldr:``
    ``venue:iclr``                       that venue; ``venue:iclr,neurips``: either
    ``year:2021``                        also ``year:2019..2021`` (or ``2019-2021``),
                                         ``year:2019..``, ``year:..2020``,
                                         ``year:>2020``, ``year:<=2021``,
                                         ``year:2019,2021``
    ``type:oral``                        oral, spotlight or poster
                                         (``presentation:`` is the same)
    ``session:"track 2"``                words of the session name (day and
                                         month names also as "Tue", "Dec");
                                         one no session has is an error
    ===================================  ============================================

    Any field term can be negated (``-venue:iclr``). Repeating a filter field
    (venue, year, type, session) means either value; repeating a text field means
    both. Field names and values ignore case. A query with no words (or only
    punctuation) returns every paper the field terms allow, in frame order with
    score 0; a word of 64 bytes or more matches no paper (the index leaves such
    words out). Venue and year typed as free words (``neurips 2018``) are looked
    for in the text; :func:`suggest_query` rewrites them as filters. A pasted
    title works as it is ("BERT: Pre-training of …": a word
    that ends in a colon is a word); to search for other text that contains a
    colon, quote it: ``"arXiv:1706.03762"``. So does pasted text: a hyphen glued
    to the text before it (``(pre)-training``) or after a formula (``L_p -norm``)
    joins words rather than excluding one, ``-1`` is a number, ``Newton's`` also
    finds "Newton", an initial (the ``S.`` of ``S. Levine``) is no required word,
    typographic quotes (“…”) are quotes, and ``OR``/``NOT`` are words in a title
    pasted in capitals (one with words such as ALL, TO, ARE).

    Parameters
    ----------
    papers : pandas.DataFrame
        A papers frame: ``cx.load_catalog().papers``, a subset of it, or your own
        frame with some of the columns title, tldr, abstract, authors (list of
        names), venue, year, presentation, session.
    query : str
        The query, in the syntax above.
    limit : int, optional
        Return at most this many rows (the best ones). ``None`` returns every match.

    Returns
    -------
    pandas.DataFrame
        The matching rows (original index and columns) ordered by relevance, plus
        ``score`` (BM25, higher is better; ties keep frame order) and ``matched``
        (categorical: which of title, tldr, abstract, authors matched, e.g.
        ``"title, abstract"``; empty for a query with no words).

    Raises
    ------
    QueryError
        For an unknown field, a malformed year, a field term with no word
        (``title:,``), a session no paper has, or a venue/type that is neither
        in these papers nor a known conference/presentation kind (``venue:icml``
        on ICLR papers finds nothing; ``venue:iclr2019`` is an error); the
        message lists what is valid.

    Notes
    -----
    The index is built on the first search of a frame (about 50 ms for 1,000
    papers, a few seconds for 100,000) and reused while the frame is unchanged.

    Examples
    --------
    >>> import confexplore as cx
    >>> papers = cx.load_catalog().papers
    >>> hits = cx.search(papers, '"ordinary differential equations"', limit=3)
    >>> hits.iloc[0]["title"]
    'Neural Ordinary Differential Equations'
    >>> len(cx.search(papers, "venue:iclr year:2021 type:oral"))
    5
    """
    limit = _check_limit(limit)
    terms = _parse_query(query)
    index = _index_for(papers)
    with gc_paused():
        return _search(index, terms, query, limit)


def _search(index: _Index, terms: list[_Term], query: str, limit: int | None) -> pd.DataFrame:
    plan = _plan(index, terms, query)
    empty = np.empty(0, dtype=np.intp)
    if plan.impossible or any(a is not None and not (a - e) for a, e in plan.filters.values()):
        return _result_frame(index, empty, np.empty(0), np.empty(0, dtype=np.int8))
    if not plan.positive:
        mask = _filter_mask(index, plan.filters)
        if plan.negative:
            engine = index.engine()
            T = engine.tantivy
            neg = T.Query.boolean_query(
                [(T.Occur.Should, _any_field(engine, c, boosted=False)) for c in plan.negative]
            )
            mask[engine.docset(neg)] = False
        positions = np.flatnonzero(mask)
        if limit is not None:
            positions = positions[:limit]
        return _result_frame(index, positions, np.zeros(len(positions)), np.zeros(len(positions), dtype=np.int8))
    engine = index.engine()
    T = engine.tantivy
    extra = [(T.Occur.MustNot, _any_field(engine, c, boosted=False)) for c in plan.negative]
    extra += _tantivy_filters(engine, plan.filters)
    clauses = [(T.Occur.Must, _any_field(engine, c, boosted=True)) for c in plan.positive] + extra
    tq = clauses[0][1] if len(clauses) == 1 else T.Query.boolean_query(clauses)
    low, high = _CONCURRENT_BOUND
    if not index.arrow_rows:
        high = math.inf
    if limit is None and low < plan.bound <= high and len(_matched_fields(plan)) > 1:
        # every match is returned: the `matched` search needs no ranked positions, so it
        # runs on the worker thread while this one ranks and copies the rows
        all_bits = _worker().submit(_matched, engine, plan, None, extra)
        rows = taken = None
        try:
            positions, scores = engine.positions_and_scores(tq, limit, plan.bound)
            if index.arrow_rows:
                rows = index.result_base().take(positions)
            else:  # the columns now, while tantivy searches; the frame once the bits are in
                taken = index.take_columns(positions)
        finally:
            bits = all_bits.result()
        return _result_frame(index, positions, scores, bits[positions], rows, taken)
    positions, scores = engine.positions_and_scores(tq, limit, plan.bound)
    if len(positions) < _PARALLEL_ROWS or not index.arrow_rows:
        return _result_frame(index, positions, scores, _matched(engine, plan, positions, extra))
    rows = _worker().submit(index.result_base().take, positions)
    try:
        bits = _matched(engine, plan, positions, extra)
    finally:
        taken = rows.result()
    return _result_frame(index, positions, scores, bits, taken)


def _as_list(value: Any, name: str, kinds: tuple[type, ...], example: str) -> list:
    if isinstance(value, kinds):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset, pd.Series, np.ndarray, pd.Index)):
        items = list(value)
        bad = [v for v in items if not isinstance(v, kinds)]
        if bad:
            raise TypeError(f"{name} values must be {example}; got {bad[0]!r}")
        return items
    raise TypeError(f"{name} must be {example} or a list of them; got {value!r}")


def _year_ranges(year: Any) -> list[tuple[int | None, int | None]]:
    example = "a year (2021), a range (2019..2021 as a string, (2019, 2021) or range(2019, 2022)) or a list of years"
    if isinstance(year, bool):
        raise TypeError(f"year must be {example}; got {year!r}")
    if isinstance(year, (int, np.integer)):
        return [(int(year), int(year))]
    if isinstance(year, str):
        try:
            return _parse_year_spec(year)
        except ValueError as exc:
            raise ValueError(f"year: {exc}") from None
    if isinstance(year, range):
        if year.step != 1:
            return [(y, y) for y in year]
        if len(year) == 0:
            raise ValueError(f"year range {year!r} is empty; e.g. range(2019, 2022) means 2019 to 2021")
        return [(year.start, year.stop - 1)]
    if isinstance(year, tuple):
        def is_bound(v: Any) -> bool:
            return v is None or (isinstance(v, (int, np.integer)) and not isinstance(v, bool))

        if len(year) != 2 or not all(is_bound(v) for v in year):
            raise TypeError(
                f"a year tuple is an inclusive range (low, high), e.g. (2019, 2021) or (2019, None); got {year!r}"
            )
        low, high = (None if v is None else int(v) for v in year)
        if low is not None and high is not None and low > high:
            raise ValueError(f"year range {year!r} is empty; write the earlier year first: ({high}, {low})")
        if low is None and high is None:
            raise ValueError("year range (None, None) has no bound; leave year out to keep every year")
        return [(low, high)]
    if isinstance(year, (list, set, frozenset, np.ndarray, pd.Series, pd.Index)):
        out = []
        for y in year:
            out.extend(_year_ranges(y))
        if not out:
            raise ValueError("year is an empty list; leave year out to keep every year")
        return out
    raise TypeError(f"year must be {example}; got {year!r}")


def _vocab_mask(index: _Index, col: str, values: list[str], *, kind: str) -> np.ndarray:
    vocab: _Vocab = getattr(index, col)
    if not vocab.present:
        raise ValueError(f"these papers have no {col!r} column, so {kind}= cannot be used")
    codes: set[int] = set()
    for value in values:
        folded = _fold(value)
        if col == "session":
            found = _session_codes(vocab, folded)
            if not found and index.n:
                raise ValueError(_no_session(vocab, value))
            codes |= found
            continue
        code, valid = _resolve(vocab, col, folded)
        if code is not None:
            codes.add(code)
        elif not valid and index.n:
            names = sorted(set(vocab.names) | (set(_PRESENTATIONS) if col == "presentation" else set()))
            if not names:
                raise ValueError(f"{kind} {value!r} matches nothing: these papers have no {col} values")
            raise ValueError(
                f"{kind} must be one of {', '.join(repr(x) for x in names)} (case does not matter); got {value!r}"
            )
    return np.isin(vocab.codes, np.fromiter(codes, dtype=np.int64))


class _AuthorTable:
    """Author names of a frame, folded, for spelling-tolerant lookups."""

    def __init__(self, authors: list[list[str]], umlaut_aliases: dict[str, set[str]] | None = None) -> None:
        fold = fold_key
        flat = list(itertools.chain.from_iterable(authors))
        rows = np.repeat(np.arange(len(authors), dtype=np.intp), [len(a) for a in authors])
        name_codes, names = pd.factorize(np.asarray(flat, dtype=object))
        folded_words: dict[str, str] = {}

        def key(name: str) -> str:  # author_key(name), folding each distinct word once
            if name.endswith(")"):  # "Aitor Lewkowycz (Google)": the affiliation is not part of the key
                return author_key(name)
            out = []
            for word in name.split():
                f = folded_words.get(word)
                if f is None:
                    f = folded_words[word] = fold(word)
                if f:
                    out.append(f)
            return " ".join(out)

        key_of_name = np.asarray([key(n) for n in names], dtype=object)
        key_codes, keys = pd.factorize(key_of_name)
        occurrence_keys = key_codes[name_codes] if len(flat) else np.empty(0, dtype=np.intp)
        order = np.argsort(occurrence_keys, kind="stable")
        self.keys: list[str] = list(keys)
        self._rows = rows[order]
        self._offsets = np.searchsorted(occurrence_keys[order], np.arange(len(self.keys) + 1))
        names_by_token: dict[str, list[int]] = {}
        for i, k in enumerate(self.keys):
            for t in k.split():
                names_by_token.setdefault(t, []).append(i)
        self.names_by_token = names_by_token
        self.tokens = sorted(names_by_token)
        # a word written with an umlaut somewhere in these names ("Jürgen"): its folded form and
        # its German transliteration ("jurgen", "juergen") find each other's names
        self.umlaut_aliases = umlaut_aliases or {}

    def rows_of(self, name_indexes: Iterable[int]) -> np.ndarray:
        parts = [self._rows[self._offsets[i] : self._offsets[i + 1]] for i in name_indexes]
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)

    def _token_matches(self, token: str, *, fuzzy: bool) -> set[int]:
        """Indexes of names having *token* (an initial matches any word it starts)."""
        if len(token) == 1:
            start = bisect.bisect_left(self.tokens, token)
            stop = bisect.bisect_left(self.tokens, chr(ord(token) + 1))
            return {i for t in self.tokens[start:stop] for i in self.names_by_token[t]}
        if not fuzzy or len(token) < 4:
            found = set(self.names_by_token.get(token, ()))
            for other in self.umlaut_aliases.get(token, ()):  # "juergen" finds "Jürgen", "jurgen" "Juergen"
                found.update(self.names_by_token.get(other, ()))
            return found
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        max_distance = 1 if len(token) < 8 else 2
        found = process.extract(token, self.tokens, scorer=OSA.distance, score_cutoff=max_distance, limit=None)
        if not found:
            return set()
        best = min(score for _, score, _ in found)
        return {i for t, score, _ in found if score == best for i in self.names_by_token[t]}

    def rows_for(self, query: str) -> np.ndarray:
        """Rows with an author named *query*: a name having every word of it, in any order
        ("Bengio, Yoshua"), where a one-letter word is an initial ("S. Levine"); for a query
        of three words or more, also a name that starts and ends with its first and last
        words and has only words of it, the others being middle names or initials the
        source left out ("Ian J. Goodfellow" finds "Ian Goodfellow"; "Tian Qi Chen" does
        not find "Qi Chen"). Failing that, the same with each word spelt one or two letters off."""
        tokens = author_key(query).split()  # a name as written: "Aitor Lewkowycz (Google)"
        if not tokens:
            raise ValueError(f"author {query!r} has no letters or digits to match; give a name such as 'Levine'")
        full = [t for t in tokens if len(t) > 1]
        for fuzzy in (False, True):
            names: set[int] | None = None
            for tok in tokens:
                found = self._token_matches(tok, fuzzy=fuzzy)
                names = found if names is None else names & found
                if not names:
                    break
            if len(tokens) >= 3 and len(full) >= 2 and not fuzzy:
                # the first and last words of the query as those of the name, what was between
                # them left out ("Tian Qi Chen" is not "Qi Chen")
                words, first, last = set(full), full[0], full[-1]
                shorter = {i for i in self._token_matches(last, fuzzy=False)
                           if len(k := self.keys[i].split()) >= 2 and k[0] == first and k[-1] == last
                           and words.issuperset(k)}
                names = shorter if names is None else names | shorter
            if names:
                return self.rows_of(names)
        return np.empty(0, dtype=np.intp)


def filter_papers(
    papers: pd.DataFrame,
    *,
    venue: str | Iterable[str] | None = None,
    year: Any = None,
    presentation: str | Iterable[str] | None = None,
    session: str | Iterable[str] | None = None,
    author: str | Iterable[str] | None = None,
    has_tldr: bool | None = None,
) -> pd.DataFrame:
    """Rows of *papers* that pass every given filter, in their original order.

    Each filter takes one value or a list (a paper passes if it matches any of
    them); filters left as ``None`` are not applied. Text values ignore case and
    accents.

    Parameters
    ----------
    papers : pandas.DataFrame
        A papers frame such as ``cx.load_catalog().papers`` or a subset of it.
    venue : str or list of str, optional
        Venue names, e.g. ``"ICLR"`` or ``["ICLR", "NeurIPS"]``.
    year : int, str, tuple, range or list, optional
        ``2021``; ``[2019, 2021]`` (either year); an inclusive range as
        ``(2019, 2021)``, ``(2019, None)``, ``"2019..2021"``, ``">2020"`` or
        ``range(2019, 2022)``.
    presentation : str or list of str, optional
        ``"Oral"``, ``"Spotlight"``, ``"Poster"``.
    session : str or list of str, optional
        A session name, or words of it (``"track 2"``).
    author : str or list of str, optional
        A name or part of one: ``"levine"`` finds Sergey Levine, ``"Poczos"``
        finds Barnabás Póczos; ``"S. Levine"`` and ``"Levine, Sergey"`` work
        too (words in any order, initials for names), and a name of three words
        or more also finds the person without the middle ones (``"Ian J.
        Goodfellow"`` finds Ian Goodfellow). When no author has the words
        exactly, the closest spellings (one or two letters off, via rapidfuzz)
        are used instead.
    has_tldr : bool, optional
        Keep only papers with (True) or without (False) a tl;dr.

    Returns
    -------
    pandas.DataFrame
        The rows that pass, with the original index and columns.

    Raises
    ------
    ValueError
        For a venue, presentation or session these papers do not have (the
        message lists the valid ones) or a malformed year. A known conference
        (ICML, CVPR, ...) or presentation kind these papers lack is no error:
        no rows pass.
    TypeError
        For a value of the wrong type.

    Examples
    --------
    >>> import confexplore as cx
    >>> papers = cx.load_catalog().papers
    >>> len(cx.filter_papers(papers, venue="ICLR", year=2021, presentation="Oral"))
    5
    >>> poczos = cx.filter_papers(papers, author="Poczos")  # spelled with and without accents
    >>> sorted(name for names in poczos["authors"] for name in names if "czos" in name)
    ['Barnabas Poczos', 'Barnabás Póczos']
    """
    index = _index_for(papers)
    mask = np.ones(index.n, dtype=bool)
    if venue is not None:
        values = _as_list(venue, "venue", (str,), "a venue name such as 'ICLR'")
        mask &= _vocab_mask(index, "venue", values, kind="venue")
    if presentation is not None:
        values = _as_list(presentation, "presentation", (str,), "'Oral', 'Spotlight' or 'Poster'")
        mask &= _vocab_mask(index, "presentation", values, kind="presentation")
    if session is not None:
        values = _as_list(session, "session", (str,), "a session name such as 'Oral Session 1'")
        mask &= _vocab_mask(index, "session", values, kind="session")
    if year is not None:
        if not index.year_present:
            raise ValueError("these papers have no 'year' column, so year= cannot be used")
        codes = index.year_codes(_year_ranges(year))
        mask &= np.isin(index.years, np.fromiter(codes, dtype=np.int64))
    if author is not None:
        names = _as_list(author, "author", (str,), "an author name such as 'Levine'")
        table = index.author_table()
        keep = np.zeros(index.n, dtype=bool)
        for name in names:
            keep[table.rows_for(name)] = True
        mask &= keep
    if has_tldr is not None:
        if not isinstance(has_tldr, (bool, np.bool_)):
            raise TypeError(f"has_tldr must be True or False; got {has_tldr!r}")
        with_tldr = index.has_text("tldr")
        mask &= with_tldr if has_tldr else ~with_tldr
    return papers.iloc[np.flatnonzero(mask)]


# A piece of a query as suggest_query reads it: a quoted phrase (left alone) or a run of non-spaces.
_SUGGEST_PIECE = re.compile(r'"[^"]*(?:"|$)|[^\s"]+')
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_YEAR_RANGE_WORD = re.compile(rf"((?:19|20)\d\d)(?:\.\.|[{_DASHES}])((?:19|20)\d\d)")
# "2019 - 2021" written as free words
_SPACED_FREE_YEARS = re.compile(rf"(?<![\w:.\-])((?:19|20)\d\d)\s+[{_DASHES}]\s+((?:19|20)\d\d)(?![\w.])")
_FIELD_GROUP_START = re.compile(r"-?[A-Za-z_][A-Za-z0-9_]*:\(")
# a person's name written with initials among free words: "Y. Bengio", "M. van der Schaar", "C.-J. Hsieh"
_INITIALS_NAME = re.compile(
    r"(?<![^\s(])(?:[A-Z]\.(?:-[A-Z]\.)?\s?){1,3}(?:(?:van|von|de|der|den|la|le|da|di|du|del|dos)\s+)*"
    r"[A-Z][^\W\d_]+(?:[-'’][A-Z]?[^\W\d_]+)?(?![^\s)])"
)
_OPERATORS = frozenset({"OR", "NOT", "AND", "||", "&&"})
# "iclr2019", "iclr19", "NeurIPS'18", "cvpr-2021": a venue name glued to a year
_VENUE_YEAR_WORD = re.compile(r"([^\W\d_]+)['’_-]?((?:19|20)?\d\d)")


def _closest_term(engine: _Engine, token: str) -> str | None:
    """The word of the text fields closest in spelling to *token* (one or two edits or swaps
    of neighbouring letters, same first letter; the more papers have it the better), or None."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA  # edits, and two neighbouring letters swapped ("nueral") as one

    counts = engine.term_counts(token[0])
    if not counts:
        return None
    limit = 1 if len(token) < 8 else 2
    close = process.extract(token, list(counts), scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not close:
        return None
    best = min(close, key=lambda c: (c[1], -counts[c[0]], c[0]))
    return best[0]


def suggest_query(papers: pd.DataFrame, query: str) -> str | None:
    """*query* with its free words that name a venue, year or presentation written as filters.

    :func:`search` looks for free words in the text: ``neurips 2018 attention``
    finds papers whose text has all three words, usually none. This function
    rewrites such words into the filter terms people usually mean, for the
    venues, years and presentation types these papers have:
    ``venue:neurips year:2018 attention``. A venue glued to a year
    (``iclr2019``, ``iclr19``) becomes both filters; ``2019-2021`` becomes
    ``year:2019..2021``; a name with initials (``Y. Bengio``) becomes
    ``author:"Y. Bengio"`` where such an author exists. A word no paper has is
    replaced by the closest word the papers have (one edit or swap, two for
    words of 8 letters or more: ``tranformer`` becomes ``transformer``).
    Phrases, field terms and other words stay as written. The explorer offers the rewrite when a query finds nothing.

    Parameters
    ----------
    papers : pandas.DataFrame
        The papers frame the query is for.
    query : str
        A query in :func:`search`'s syntax.

    Returns
    -------
    str or None
        The rewritten query, or None when no free word names a venue, year or
        presentation of *papers* or is misspelt (or the rewrite would not be a
        valid query). A respelt word is only offered where the rewrite finds
        papers: if the whole rewrite finds none, the filters alone, then the
        spellings alone, are tried, and failing both the filters alone are
        returned (they show how the venue and year are written).

    Examples
    --------
    >>> import confexplore as cx
    >>> papers = cx.load_catalog().papers
    >>> cx.suggest_query(papers, "iclr 2021 oral")
    'venue:iclr year:2021 type:oral'
    >>> cx.suggest_query(papers, "neurips2018 spotlight robust")
    'venue:neurips year:2018 type:spotlight robust'
    >>> cx.suggest_query(papers, "graph nueral networks")
    'graph neural networks'
    >>> cx.suggest_query(papers, "graph neural networks") is None
    True
    """
    if not isinstance(query, str):
        raise TypeError(f"query must be a str, e.g. 'iclr 2021 oral'; got {type(query).__name__}")
    index = _index_for(papers)

    def has_year(low: int, high: int) -> bool:
        return bool(index.year_codes([(low, high)]))

    def resolved(vocab: _Vocab, col: str, word: str) -> bool:
        folded = _fold(word)  # a word that folds to nothing (other scripts) names nothing
        return vocab.present and bool(folded) and _resolve(vocab, col, folded)[0] is not None

    def venue_term(word: str) -> str | None:
        return f"venue:{word.lower()}" if word.isalnum() and resolved(index.venue, "venue", word) else None

    def rewrite(word: str) -> str | None:
        if index.year_present:
            if _YEAR_WORD.fullmatch(word) and has_year(int(word), int(word)):
                return f"year:{word}"
            if m := _YEAR_RANGE_WORD.fullmatch(word):
                low, high = sorted((int(m[1]), int(m[2])))
                if has_year(low, high):
                    return f"year:{low}..{high}"
        venue = venue_term(word)
        if venue:
            return venue
        if word.isalpha() and resolved(index.presentation, "presentation", word):
            return f"type:{word.lower()}"
        m = _VENUE_YEAR_WORD.fullmatch(word)
        if m and index.year_present:
            year = int(m[2]) if len(m[2]) == 4 else 2000 + int(m[2])
            venue = venue_term(m[1])
            if venue and has_year(year, year):
                return f"{venue} year:{year}"
        return None

    def respell(word: str) -> str | None:
        """The closest word of the index for a free word that no paper has (a typo)."""
        if not (word.isalpha() and len(word) >= 4 and word.isascii()) or index.n == 0:
            return None
        token = _fold(word)
        if token in _STOPWORDS or len(search(papers, word, limit=1)):
            return None
        return _closest_term(index.engine(), token)

    if not any(c.islower() for c in query) and len(query.split()) > 4:
        return None  # a pasted title in capitals: lower-case field names would turn its OR/NOT into operators
    # "2019 - 2021" is one range, as "year:2019 - 2021" is for search
    query = _SPACED_YEAR_RANGE.sub(r"\1..\2", query)
    query = _SPACED_FREE_YEARS.sub(r"\1..\2", query)
    pieces = list(_SUGGEST_PIECE.finditer(query))
    changes: list[tuple[int, int, str, str]] = []  # (start, end, new text, "filter" or "spelling")
    # a name with initials among the free words ("Y. Bengio"): the author it names, if any
    for m in _INITIALS_NAME.finditer(query):
        before = query[:m.start()]
        if before.count('"') % 2 or before.rstrip().endswith(":") or before.endswith("-"):
            continue  # inside a phrase, a field's value, an exclusion
        if len(index.author_table().rows_for(m.group(0))):
            changes.append((m.start(), m.end(), f'author:"{m.group(0)}"', "filter"))
    named = [(a, b) for a, b, *_ in changes]
    in_group = False  # inside "field:( ... )": the words belong to that field
    for k, m in enumerate(pieces):
        piece = m.group(0)
        if any(a <= m.start() < b for a, b in named):
            continue
        if in_group:
            in_group = ")" not in piece
            continue
        if _FIELD_GROUP_START.match(piece):
            in_group = ")" not in piece
            continue
        if piece.startswith('"'):  # a phrase is what the user asked for
            continue
        negated = piece.startswith("-") and len(piece) > 1
        word = piece[1:] if negated else piece
        new, kind = rewrite(word), "filter"
        if new is None and not negated:
            new, kind = respell(word), "spelling"
        if new is None:
            continue
        if " " in new:  # "iclr2019" becomes two terms: not where an operator or "-" would take only one
            before = pieces[k - 1].group(0) if k else ""
            after = pieces[k + 1].group(0) if k + 1 < len(pieces) else ""
            if negated or before in _OPERATORS or after in _OPERATORS:
                continue
        if negated:
            new = "-" + new
        changes.append((m.start(), m.end(), new, kind))
    # every change; else only the filters, or only the spellings: the first that finds a paper
    # ("oral presentation" is not worth "type:oral preservation", which finds nothing); if none
    # does, the filters alone still show how to write them ("nips 2018 attention")
    changes.sort()
    tried = set()
    fallback = None
    for kinds in ({"filter", "spelling"}, {"filter"}, {"spelling"}):
        out, last = [], 0
        for start, end, new, kind in changes:
            if kind in kinds:
                out.append(query[last:start] + new)
                last = end
        suggestion = "".join(out) + query[last:]
        if not out or suggestion in tried:
            continue
        tried.add(suggestion)
        try:
            if len(search(papers, suggestion, limit=1)):
                return suggestion
        except QueryError:
            continue
        respelt = "spelling" in kinds and any(kind == "spelling" for *_, kind in changes)
        if not respelt:
            fallback = fallback or suggestion  # filters only: a valid rewrite that shows their syntax
    return fallback


def similar(papers: pd.DataFrame, paper_id: str, *, k: int = 10) -> pd.DataFrame:
    """The *k* papers of *papers* closest in content to one paper ("more like this").

    The paper's title (counted twice), tl;dr and abstract are reduced to their
    most distinctive words (tf-idf: frequent in the paper, rare in the catalog;
    English stop words and words in more than half the papers left out), and
    the other papers are ranked by BM25 over those words, with tantivy's
    MoreLikeThis query on the same index :func:`search` uses.

    Parameters
    ----------
    papers : pandas.DataFrame
        A papers frame with a ``paper_id`` column, e.g. ``cx.load_catalog().papers``.
    paper_id : str or int
        The paper to start from; a value of ``papers["paper_id"]`` (the catalog's
        ids are str; a frame of your own may number its papers).
    k : int, default 10
        How many papers to return at most.

    Returns
    -------
    pandas.DataFrame
        Up to *k* rows of *papers*, most similar first, without the paper itself,
        plus a ``score`` column (BM25; higher is more similar, ties keep frame
        order). Papers sharing no distinctive word with it are left out, so fewer
        than *k* rows can come back.

    Raises
    ------
    ValueError
        If *paper_id* is not in *papers*.

    Examples
    --------
    >>> import confexplore as cx
    >>> papers = cx.load_catalog().papers
    >>> pid = cx.search(papers, '"neural ordinary differential equations"', limit=1)["paper_id"].iloc[0]
    >>> more = cx.similar(papers, pid, k=5)
    >>> len(more), bool(more["score"].is_monotonic_decreasing)
    (5, True)
    >>> "Neural Jump Ordinary Differential Equations" in more["title"].iloc[0]
    True
    """
    if k is None:
        raise TypeError("k must be a whole number (how many similar papers to return); got None")
    k = _check_limit(k, "k")
    if not isinstance(paper_id, (str, numbers.Integral)) or isinstance(paper_id, (bool, np.bool_)):
        raise TypeError(f"paper_id must be a value of papers['paper_id'] (a str, or an int where the ids are "
                        f"numbers); got {paper_id!r}")
    index = _index_for(papers)
    if index.paper_ids is None:
        raise ValueError("papers has no 'paper_id' column; similar() needs one to name the paper to start from")
    rows = np.asarray(index.id_rows.get(paper_id, ()), dtype=np.intp)
    if len(rows) == 0:
        example = f", e.g. {index.paper_ids[0]!r}" if index.n else ""
        close = ""
        if index.n:
            from rapidfuzz import process

            choices = [str(p) for p in index.paper_ids]
            if isinstance(paper_id, str) and any(isinstance(p, str) for p in index.paper_ids):
                guess = process.extractOne(paper_id, choices, score_cutoff=80)
                at = guess[2] if guess else None
            else:  # numbers, or a number given as text: only the same digits are a guess
                at = choices.index(str(paper_id)) if str(paper_id) in choices else None
            if at is not None:  # the id itself: 5, not '5', where the ids are numbers
                close = f"; did you mean {index.paper_ids[at]!r}?"
        raise ValueError(
            f"paper_id {paper_id!r} is not in these papers{close or '.'} Use a value of papers['paper_id']{example}."
        )
    empty = np.empty(0, dtype=np.intp)
    base = papers.drop(columns=["score"]) if "score" in papers.columns else papers
    row = int(rows[0])
    fields: dict[str, list[str]] = {}
    for col, times in (("title", 2), ("tldr", 1), ("abstract", 1)):
        text = papers[col].iloc[row] if col in papers.columns else None
        if isinstance(text, str) and text.strip():
            fields[col] = [text] * times
    if not fields or k == 0:
        out = base.take(empty)
        out["score"] = np.empty(0)
        return out
    engine = index.engine()
    T = engine.tantivy
    mlt = T.Query.more_like_this_document_fields_query(
        engine.schema,
        fields,
        min_doc_frequency=2,
        max_doc_frequency=max(2, index.n // 2) if index.n >= 100 else None,
        min_term_frequency=1,
        max_query_terms=30,
        min_word_length=3,
        stop_words=sorted(_MLT_STOPWORDS),
    )
    query = T.Query.boolean_query([(T.Occur.Must, mlt), (T.Occur.MustNot, engine.any_of("pos", rows.tolist()))])
    positions, scores = engine.positions_and_scores(query, k)
    out = base.take(positions)
    out["score"] = np.round(scores, 4)
    return out
