"""Shared text cleaning: whitespace, control characters, markdown escapes,
mojibake, author names, folding keys and links.

Every parser goes through these functions, so a quirk is fixed once for all
formats. LaTeX is never touched: abstracts keep ``$p<N$`` and ``\\mathcal{O}``
verbatim.
"""

from __future__ import annotations

import codecs
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = [
    "clean_text",
    "clean_title",
    "clean_name",
    "split_authors",
    "fold_key",
    "author_key",
    "author_keys",
    "fold_ascii",
    "NAME_PARTICLES",
    "fold_tokens",
    "extract_urls",
    "strip_autolinks",
    "strip_et_al",
    "strip_markup",
    "fix_mojibake",
    "looks_like_mojibake",
    "remove_control_chars",
    "unescape_markdown",
]

# C0/C1 control characters except tab and newline; also zero-width and BOM.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_WS = re.compile(r"\s+")
# A cheap test for UTF-8 text that was decoded as Latin-1/cp1252: a lead byte
# of a two- or three-byte sequence (Ã, Â, Ä, Å, â, …) followed by a character
# from the continuation range as cp1252 shows it. ftfy is slow on clean text,
# so it only runs where this matches.
# The second line is the same for text decoded as Mac Roman ("Schr√∂dinger"): lead
# bytes C2-C6 show as ¬ √ ƒ ≈ ∆ and E2 80 as ‚Ä, continuation bytes 80-BF as the
# Mac Roman characters below ("√T" or "√2" in mathematics do not match). After the root
# sign √ (lead C3), continuation bytes A0-BF (lower-case letters: "Poincar√©") show as
# symbols that mathematics writes after a root too ("√µ", "√∂f"), so there they count
# only inside a word. The other leads keep every continuation: "¬±" (±), "ƒ∞smail" (İ).
_MAC_ROMAN_CONTINUATION = bytes(range(0x80, 0xA0)).decode("mac_roman")
_MAC_ROMAN_SYMBOLS = bytes(range(0xA0, 0xC0)).decode("mac_roman")
_LEAD = "\u00c2-\u00c5\u00c6-\u00cf\u00d0-\u00df\u00e2\u00e3"  # Latin-1/cp1252 lead bytes
_MAC_LEAD = "\u00ac\u221a\u0192\u2248\u2206"  # Mac Roman lead bytes C2-C6
_MAC_LEAD_NOT_ROOT = "\u00ac\u0192\u2248\u2206"  # the same without √
# one class of every lead character first (re skips ahead on it: several times faster
# than an alternation of two patterns), then which continuation that lead allows
_HANGUL = "\uac00-\ud7a3"
_MOJIBAKE_HINT = re.compile(
    f"[{_LEAD}{_MAC_LEAD}\u201a{_HANGUL}]"
    f"(?:(?<=[{_LEAD}])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
    f"|(?<=[{_MAC_LEAD}])[{_MAC_ROMAN_CONTINUATION}]|(?<=[{_MAC_LEAD_NOT_ROOT}])[{_MAC_ROMAN_SYMBOLS}]"
    f"|(?<=[^\\W\\d_]\u221a)[{_MAC_ROMAN_SYMBOLS}]"
    f"|(?<=\u201a)[\u00c4\u00c5]"
    # UTF-8 read as cp949 (_CP949_MOJIBAKE below): a Hangul syllable glued to a Latin letter or digit
    f"|(?<=[A-Za-z0-9][{_HANGUL}])|(?<=[{_HANGUL}])(?=[A-Za-z]))"
)
# Latin Extended-A letters that UTF-8 lead byte C4 gives with continuation
# bytes B6..BF; they occur in no person's name we know of (Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ).
_SHIFTED_LEAD = re.compile("[\u0136-\u013f]")
_SHIFTED_HINT = re.compile("\u00c4[\u00b6-\u00bf]")
# UTF-8 read as Korean cp949/EUC-KR: each two-byte character (°, ±, é, ü) becomes one
# Hangul syllable ("360째" for "360°", "M체ller"), which ftfy does not repair. Only a
# syllable glued to a Latin letter or digit is taken for one: Korean words stand apart.
_CP949_MOJIBAKE = re.compile(f"[{_HANGUL}](?:(?<=[A-Za-z0-9].)|(?=[A-Za-z]))")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
# Affiliation numbers and marks after a name: attached to it ("Sparrow1", "Smith¹", "Chen*†",
# "Jr.1"), or after a space one or two digits ("Ann Lee 3", "Ann Lee 1, 2"); a four-digit DBLP
# number ("Wei Wang 0001") tells people apart and stays.
_MARK_SIGNS = "⁰¹²³⁴⁵⁶⁷⁸⁹†‡§¶∗*"  # superscript digits and footnote signs
_MARKS = "\\d" + _MARK_SIGNS
_SPACED_MARK = rf"(?:\d{{1,2}}|[{_MARK_SIGNS}]+)"
_AFFILIATION_MARK = re.compile(
    rf"(?:(?<=[^\W\d_])|(?<=\.))[{_MARKS}][{_MARKS},]*$"
    rf"|(?<=[^\W\d_])\s+{_SPACED_MARK}(?:\s*,\s*{_SPACED_MARK})*$"
)
# Before the name and apart from it ("1 Bob Jones", from "Alice Smith,1 Bob Jones,2"); digits
# that are part of a name ("3M", "4Paradigm") stay.
_LEADING_MARK = re.compile(rf"^[{_MARKS}][{_MARKS},]*\s+(?=[^\W\d_])")
_NAME_MARKS = re.compile(rf"[\\_&{_MARKS}]|^and\s", re.IGNORECASE)
# _NAME_MARKS for ASCII text whose only whitespace is " " (the "and " prefix tested apart)
_ASCII_NAME_MARKS = re.compile(r"[\\*_0-9&]")
#: lower-case words that belong to names ("Patrick van der Gama", "Luis de la Torre", "Ana e Silva")
NAME_PARTICLES = frozenset(
    "de van der von den la le da di du del della des dos das los las ter ten zu bin ibn al el y e st".split()
)
_AND_START = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_ET_AL = re.compile(r"(?:^|[,;]?\s+)et\.?\s+al\.?$", re.IGNORECASE)
_AND_SPLIT = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD_EXTRA = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d",
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i",
        "þ": "th", "Þ": "th", "ħ": "h",
    }
)
class _Folding(dict):
    """str.translate table that folds each non-ASCII character once, on first sight."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKD", char.translate(_FOLD_EXTRA))
        folded = "".join(c for c in folded if not unicodedata.combining(c)).translate(_FOLD_EXTRA)
        self[code] = folded
        return folded


_FOLD = _Folding()
#: bytes.translate table: ASCII letters lowered, digits kept, every other byte a space
ASCII_WORDS = bytes(
    (c | 0x20 if 65 <= c <= 90 else c) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else 32
    for c in range(256)
)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

# hosts of code: a link to one written without its scheme is still a link ("Code: github.com/a/b")
_CODE_HOST_NAMES = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")
_CODE_HOSTS = rf"(?:www\.)?(?:{'|'.join(map(re.escape, _CODE_HOST_NAMES))})"
_URL = re.compile(
    r"""https?://[^\s<>"'\][{}|\\^`]+"""
    rf"""|(?<![\w@./:-]){_CODE_HOSTS}/[\w.~%-][^\s<>"'\][{{}}|\\^`]*""",
    re.IGNORECASE,
)
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)}'\""
# An XML namespace declaration (xmlns="…", xmlns:mml="…") right before a URL: not a link.
_XMLNS_BEFORE = re.compile(r"""xmlns(?::[\w.-]+)?\s*=\s*["']?$""", re.IGNORECASE)
# Inline HTML, JATS and MathML tags that publishers leave in abstracts
# ("<sup xmlns:mml=…>1</sup>", "<jats:italic>", "<i>"); only removed where the
# text also closes that tag (or for a self-closed "<br/>"), so "$a<b>c$" in LaTeX stays.
_INLINE_TAG = re.compile(
    r"""<(?P<close>/?)(?P<name>(?:[a-z][\w.-]*:)?(?:sup|sub|i|b|em|strong|u|br|p|span|tt|small|big|italic|bold"""
    r"""|sc|monospace|underline|inline-formula|tex-math|tex|math|mi|mn|mo|msub|msup|mrow))"""
    r"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""",
    re.IGNORECASE,
)


def remove_control_chars(text: str) -> tuple[str, int]:
    """Remove control and zero-width characters; return the text and how many went.

    Examples
    --------
    >>> remove_control_chars("a\\x07b")
    ('ab', 1)
    """
    cleaned, n = _CONTROL.subn("", text)
    return cleaned, n


def looks_like_mojibake(text: str) -> bool:
    """Cheap test: does *text* contain a UTF-8-read-as-Latin-1 sequence?

    Examples
    --------
    >>> looks_like_mojibake("Daniel ZÃ¼chner"), looks_like_mojibake("Daniel Zügner")
    (True, False)
    >>> looks_like_mojibake("a pair of 360째 panoramas"), looks_like_mojibake("한국어 (Korean)")
    (True, False)
    """
    # str.isascii() is O(1) in CPython: most text is ASCII and cannot hold mojibake
    return not text.isascii() and _MOJIBAKE_HINT.search(text) is not None


def fix_mojibake(text: str) -> str:
    """Repair mojibake with ftfy, but only where :func:`looks_like_mojibake` says so.

    Examples
    --------
    >>> fix_mojibake("Stephan GÃ¼nnemann")
    'Stephan Günnemann'
    """
    if not looks_like_mojibake(text):
        return text
    return _repair(text)


@functools.lru_cache(maxsize=1024)
def _repair(text: str) -> str:
    """fix_mojibake's repair (cached: the parsers test a field, report the repair,
    then clean the same text, and ftfy takes milliseconds on an abstract)."""
    import ftfy  # lazy: ftfy's import and its fixing are both slow

    fixed = ftfy.fix_text(
        text,
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        normalization="NFC",
    )
    if _CP949_MOJIBAKE.search(fixed):
        fixed = _CP949_MOJIBAKE.sub(_uncp949, fixed)
    # Some sources also shifted the UTF-8 lead byte C3 to C4 ("GÄ¼nter" for
    # "Günter"), which ftfy decodes faithfully into letters no name uses
    # (Ķ, ļ, …). Where that happened, read the pair with lead byte C3 instead.
    return _SHIFTED_LEAD.sub(lambda m: bytes([0xC3, 0x80 + ord(m.group(0)) - 0x100]).decode("utf-8", "replace")
                             if 0x80 <= 0x80 + ord(m.group(0)) - 0x100 <= 0xBF else m.group(0), fixed) \
        if _SHIFTED_LEAD.search(fixed) and _SHIFTED_HINT.search(text) else fixed


def _uncp949(m: re.Match[str]) -> str:
    """A Hangul syllable read back as the UTF-8 character whose bytes it was (or kept)."""
    try:
        char = m.group(0).encode("cp949").decode("utf-8")
    except UnicodeError:
        return m.group(0)
    return char if "\u0080" <= char <= "\u07ff" else m.group(0)  # one two-byte character


def unescape_markdown(text: str) -> str:
    r"""Undo markdown backslash escapes (``\(`` → ``(``).

    Not for abstracts: there a backslash belongs to LaTeX.

    Examples
    --------
    >>> unescape_markdown(r"Kernel RNN Learning \(KeRNL\)")
    'Kernel RNN Learning (KeRNL)'
    """
    return _MD_ESCAPE.sub(r"\1", text)


def clean_text(text: str | None) -> str | None:
    """Normalise whitespace, drop control characters and repair mojibake.

    Returns ``None`` for empty text. LaTeX and backslashes are kept verbatim.

    Examples
    --------
    >>> clean_text("  two\\n lines  with $p<N$ ")
    'two lines with $p<N$'
    """
    return _clean_text(text)


def _clean_text(text: str | None, mojibake: bool = True) -> str | None:
    """:func:`clean_text`; *mojibake* False: the caller has found none in this very text."""
    if text is None:
        return None
    # isprintable() is a fast C scan: every character _CONTROL removes is
    # non-printable, and so is every whitespace character but the ASCII space
    if text.isprintable():
        if not mojibake or text.isascii() or not looks_like_mojibake(text):
            # only single spaces inside: nothing to normalise (the common case)
            if "  " not in text and text[:1] != " " and text[-1:] != " ":
                return text or None
            return " ".join(text.split()) or None
    elif _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    text = " ".join(fix_mojibake(text).split())  # (looked at again: removing characters may make mojibake)
    return text or None


def _clean_read(text: str | None, mojibake: bool = True) -> str | None:
    """:func:`clean_text` for text made of lines that ``sources.decode`` returned.

    decode has removed every control character but the tab from those lines, so
    ASCII text with no tab holds no whitespace but the space: the C scan of
    ``str.isprintable()`` (3-4 µs for an abstract) is not needed to know it.
    """
    if text is not None and text.isascii() and "\t" not in text:
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text or None
        return " ".join(text.split()) or None
    return _clean_text(text, mojibake)


# Inline LaTeX: "$...$" or "$$...$$" (the captured span keeps its dollars); "\$" is an escaped dollar
# Inside maths, the markdown escapes a listing adds to a whole title ("$O\\(\\sqrt{T}\\)$",
# "$L\\_1$" in the ICLR 2019 list) are undone; "\\{", "\\|", "\\!" and the like are LaTeX there.
_MATH_ESCAPE = re.compile(r"\\([()\[\]_*])")
_MATH_SPAN = re.compile(r"((?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$)")


# the delimiters around the whole title, and none inside it ("*A* and *B*" is not one span)
_WHOLE_EMPHASIS = re.compile(r"(\*{1,3}|_{1,2})(?=[^\s*_])([^*_]+)(?<=[^\s*_])\1")


def clean_title(text: str | None) -> str | None:
    r"""Clean a title: markdown escapes undone (inside ``$…$`` only those LaTeX does not use), whitespace normalised.

    Examples
    --------
    >>> clean_title(r"Going the extra \(gradient\) mile ")
    'Going the extra (gradient) mile'
    >>> clean_title(r"Halfspaces on $\{0,1\}^n$ with $\|w\|_1$ Margin \(Extended\)")
    'Halfspaces on $\\{0,1\\}^n$ with $\\|w\\|_1$ Margin (Extended)'
    >>> clean_title("**A Title Set in Bold**")
    'A Title Set in Bold'
    >>> clean_title("Tools &amp; Agents")
    'Tools & Agents'
    """
    text = clean_text(text)
    if text is None:
        return None
    text = _unescape_entities(text)
    if text[:1] in "*_":  # emphasis around the whole title ("**Title**", "_Title_"), not inside it
        m = _WHOLE_EMPHASIS.fullmatch(text)
        if m:
            text = m.group(2).strip()
    if "\\" not in text and text.isascii():  # no escapes; clean_text gave printable single-spaced text
        return text
    if "$" in text:  # LaTeX between dollars keeps its backslashes ("$\\{0,1\\}^n$", "$\\|w\\|$")
        parts = _MATH_SPAN.split(text)
        text = "".join(_MATH_ESCAPE.sub(r"\1", part) if k % 2 else unescape_markdown(part)
                       for k, part in enumerate(parts))
        return clean_text(text)
    return clean_text(unescape_markdown(text))


@functools.lru_cache(maxsize=100_000)
def clean_name(name: str) -> str:
    """Clean one author name: emphasis marks, affiliation marks, escapes, mojibake.

    Examples
    --------
    >>> clean_name("*Hongge Chen*"), clean_name("Octavian-Eugen Ganea*")
    ('Hongge Chen', 'Octavian-Eugen Ganea')
    """
    name = clean_text(name) or ""
    if not _NAME_MARKS.search(name):  # the common case: nothing to remove
        return name.strip(" ,;")
    name = unescape_markdown(name)
    name = _LEADING_MARK.sub("", _AND_START.sub("", name))
    # repeat: "*Name*1" or "Name*," leave marks on both sides
    for _ in range(2):
        name = name.strip("*_").strip()  # emphasis marks (str.strip: a regex took seconds on a long run)
        name = _AFFILIATION_MARK.sub("", name).strip()
    return name.strip(" ,;")


# An author line of plain names ("Ada Lovelace, Barnabás Póczos"): words of letters, '.',
# "'" and '-' that start with a letter, one space between words, ", " between names.
# For such a line the full route of split_authors gives text.split(", ") unless the line
# ends in "et al", holds an "and" or a lone suffix (", Jr."), or its second name is initials
# (tested apart): ~4x faster.
_PLAIN_WORD = r"[A-Za-z][A-Za-z.'\-]*"
_PLAIN_WORD_ANY = r"[^\W\d_][\w.'\-]*"  # letters of any script; _plain_letters() rules out digits and "_"
# a name suffix standing alone between commas ("King, Jr., Ada Lovelace"): part of the name before
# (case matters: "Ii" and "Iv" are family names, "Sato, T., Ii, N." a family-first list)
_SUFFIX_WORD = r"(?:[JS]r|JR|SR|I{2,3}|IV)"
_SUFFIX = re.compile(rf"(?P<suffix>{_SUFFIX_WORD}\.?)[{_MARKS}]*")
_SUFFIX_AFTER_COMMA = re.compile(rf",\s*{_SUFFIX_WORD}\b")
_PLAIN_AUTHOR_LINE = re.compile(rf"{_PLAIN_WORD}(?: {_PLAIN_WORD})*(?:, {_PLAIN_WORD}(?: {_PLAIN_WORD})*)*")
_PLAIN_AUTHOR_LINE_ANY = re.compile(
    rf"{_PLAIN_WORD_ANY}(?: {_PLAIN_WORD_ANY})*(?:, {_PLAIN_WORD_ANY}(?: {_PLAIN_WORD_ANY})*)*"
)


# the punctuation of plain names, deleted to test that everything else is a letter
_NAME_PUNCTUATION = dict.fromkeys(map(ord, " ,.'-"))


def _plain_letters(text: str) -> bool:
    """Is a non-ASCII line a list of plain names, clean as they are: the shape of
    _PLAIN_AUTHOR_LINE, letters only (no digits, underscores or superscripts, which
    \\w also admits), nothing for clean_text to repair?"""
    return (
        _PLAIN_AUTHOR_LINE_ANY.fullmatch(text) is not None
        and text.translate(_NAME_PUNCTUATION).isalpha()  # (so printable, too)
        and not looks_like_mojibake(text)
    )


def split_authors(text: str | None, *, sep: str = ",") -> list[str]:
    """Split an author line into clean names.

    Handles ``,`` and `` · `` separators, a trailing ``and`` before the last
    author, and ``A and B`` with no comma.

    Examples
    --------
    >>> split_authors("Matthew Riemer, Yuhai Tu, and Gerald Tesauro")
    ['Matthew Riemer', 'Yuhai Tu', 'Gerald Tesauro']
    >>> split_authors("Rein Houthooft · Pieter Abbeel", sep="·")
    ['Rein Houthooft', 'Pieter Abbeel']
    """
    line = text
    if sep == "·":  # names joined by " · " (session pages) take the same route, as the comma line they make
        line = text.replace(" · ", ", ") if text and "," not in text else None
    elif sep != ",":
        line = None
    if (
        line is not None
        and (_PLAIN_AUTHOR_LINE.fullmatch(line) if line.isascii() else _plain_letters(line))
        and line[-3:].lower() not in ("al.", " al")
        and line[:4].lower() != "and "
        and not _AND_SPLIT.search(line)
        and not _SUFFIX_AFTER_COMMA.search(line)
    ):
        names = line.split(", ")
        # (a second name of initials may be a family-first list: "Smith, A., Jones, B."; never after " · ")
        if sep != "," or len(names) < 2 or names[1][-1:] != "." or len(names[1]) > 12:
            return names
    names = []
    for part in _author_parts(text, sep):
        # an ASCII part of the cleaned line is clean text already: clean_name would only
        # strip it, unless it has marks (most names are seen once: a cache would not help)
        if part.isascii() and not _ASCII_NAME_MARKS.search(part) and part[:4].lower() != "and ":
            name = part.strip(" ,;")
        else:
            name = clean_name(part)
        if name:
            names.append(name)
    return names


def _author_parts(text: str | None, sep: str) -> list[str]:
    """The cleaned author line cut into one stripped part per name (names not cleaned yet)."""
    text = clean_text(text) if text is not None else None
    if not text:
        return []
    semicolons = sep == "," and ";" in text
    if semicolons:
        parts = _semicolon_parts(text)
    elif "(" in text:  # "Ann Lee (Google Research, Brain Team)": no cut inside parentheses
        parts = _split_outside_parens(text, sep)
        if sep != "," and len(parts) == 1:
            parts = _split_outside_parens(text, ",")
    else:
        parts = text.split(sep)
        if sep != "," and len(parts) == 1:
            parts = text.split(",")
    parts = [p.strip() for p in parts]
    if not parts:
        return []
    # "…, Eve Black et al." / "…, et al.": the list goes on elsewhere; "et al." is no one's name
    parts[-1] = strip_et_al(parts[-1])
    # "A and B" (two authors, "X, Y and Z", "Smith, A. and Jones, B."), not inside parentheses
    if _AND_SPLIT.search(text):
        parts = [q for p in parts for q in ([p] if "(" in p else _AND_SPLIT.split(p))]
    parts = [p for p in parts if p]
    if len(parts) >= 2 and any(_SUFFIX.fullmatch(p) for p in parts[1:]):
        # "Martin Luther King, Jr.": a name suffix after a comma belongs to the full name
        # before it (not to a bare family name or initials of a family-first list)
        merged: list[str] = []
        for p in parts:
            suffix = _SUFFIX.fullmatch(p)
            if suffix and merged and " " in merged[-1] and not _SUFFIX.fullmatch(merged[-1]):
                merged[-1] = f"{merged[-1]} {suffix['suffix']}"
            else:
                merged.append(p)
        parts = merged
    if not semicolons and sep == "," and len(parts) >= 2 and parts[1][-1:] == "." and len(parts[1]) <= 12:
        parts = _pair_family_initials(parts)
    # a part without a letter is no one's name: the "2" of "Jack Sparrow1,2", a lone "*"
    return [p for p in parts if p and (p[0].isalpha() or any(map(str.isalpha, p)))]


_SEP_OR_PAREN = {sep: re.compile(rf"[(){re.escape(sep)}]") for sep in (",", "·", ";")}


def _split_outside_parens(text: str, sep: str) -> list[str]:
    """*text* split at each *sep* that is not inside parentheses: one whose next
    parenthesis to the right is not a ")" ("Ann Lee (MIT, CS), Bo Chen" is two parts).

    One pass from the right over the separators and parentheses alone (a lookahead
    for the ")" from every separator took seconds on a line of 100k of them).
    """
    if ")" not in text:
        return text.split(sep)
    cuts = []
    closing = False  # the next parenthesis to the right closes one
    for m in reversed(list(_SEP_OR_PAREN[sep].finditer(text))):
        c = m.group()
        if c == ")":
            closing = True
        elif c == "(":
            closing = False
        elif not closing:
            cuts.append(m.start())
    parts, end = [], len(text)
    for cut in cuts:  # right to left
        parts.append(text[cut + 1 : end])
        end = cut
    parts.append(text[:end])
    return parts[::-1]


# "Smith, Alice" / "van der Berg, J. R." / "Smith, Alice (MIT)": a family name, a comma,
# given names or initials, perhaps an affiliation in parentheses
_FAMILY_FIRST = re.compile(r"(?P<family>[^,()\d]+?),\s*(?P<given>[^,()\d]+?)(?:\s*(?P<paren>\([^()]*\)))?")
_INITIAL = re.compile(r"(?:[^\W\d_]\.-?)+|[^\W\d_]")  # "J.", "J.-P.", "J"


def _semicolon_parts(text: str) -> list[str]:
    """Parts of an author line that uses ';' between names.

    A list whose "Family, Given" entries mostly read that way (see
    :func:`_family_first`) is family-name-first: "Smith, Alice; Jones, Bob" gives
    "Alice Smith", "Bob Jones", an entry without a comma is one name ("Mausam"),
    and an affiliation in parentheses stays at the end. Otherwise commas inside
    an entry separate names too ("Ann Lee, Bo Chen; Cy Dee").
    """
    chunks = [_AND_START.sub("", c.strip()) for c in _split_outside_parens(text, ";")]
    chunks = [c for c in chunks if c]
    if chunks:
        chunks[-1] = strip_et_al(chunks[-1])
        chunks = [c for c in chunks if c]
    with_comma = [c for c in chunks if "," in c]
    if len(chunks) >= 2 and with_comma:
        found = {c: _FAMILY_FIRST.fullmatch(c) for c in with_comma}
        if all(m is not None and not _AND_SPLIT.search(m["given"]) for m in found.values()):
            readings = {c: (m["family"].split(), m["given"].split(), m["paren"]) for c, m in found.items()}  # type: ignore[index]
            if 2 * sum(_family_first(f, g) for f, g, _ in readings.values()) >= len(readings):
                out = []
                for c in chunks:
                    if c not in readings:
                        out.append(c)
                        continue
                    family, given, paren = readings[c]
                    out.append(" ".join(given + family + ([paren] if paren else [])))
                return out
    return [p for c in chunks for p in _split_outside_parens(c, ",")]


def _one_family_name(family: list[str]) -> bool:
    """One family name: a single word ("Le", "De"), or one word besides particles ("van der Berg")."""
    return len(family) == 1 or sum(w.lower() not in NAME_PARTICLES for w in family) == 1


def _family_first(family: list[str], given: list[str]) -> bool:
    """Whether words *family*, *given* read as "Family, Given": one family name, or
    given names that are initials ("García Márquez, G.")."""
    if not family or not given or len(family) > 4 or len(given) > 4:
        return False
    return _one_family_name(family) or all(_INITIAL.fullmatch(w) for w in given)


def _pair_family_initials(original: list[str]) -> list[str]:
    """"Smith, A., Jones, B. C." cut at every comma: rejoined as "A. Smith", "B. C. Jones"
    when every second part is initials and every other part one family name."""
    parts = [_AND_START.sub("", p) for p in original]
    if len(parts) % 2 or not all(
        g.split() and all(_INITIAL.fullmatch(w) for w in g.split()) and _one_family_name(f.split())
        for f, g in zip(parts[::2], parts[1::2])
    ):
        return original
    return [f"{g} {f}" for f, g in zip(parts[::2], parts[1::2])]


def strip_et_al(text: str) -> str:
    """*text* without a closing "et al." (the test of the last characters keeps it cheap
    on long lines).

    Examples
    --------
    >>> strip_et_al("Alice Smith, Bob Jones, et al."), strip_et_al("Kamal Al")
    ('Alice Smith, Bob Jones', 'Kamal Al')
    """
    return _ET_AL.sub("", text) if text[-3:].lower() in ("al.", " al") else text


@functools.lru_cache(maxsize=200_000)
def fold_key(name: str) -> str:
    """A key for one person: case, diacritics and punctuation folded.

    "Barnabás Póczos" and "Barnabas Poczos" share a key, as do
    "Joshua B. Tenenbaum" and "Joshua B Tenenbaum"; "Tian Qi Chen" and
    "Tianqi Chen" do not (spaces between name parts are kept).

    Examples
    --------
    >>> fold_key("Barnabás Póczos") == fold_key("barnabas poczos")
    True
    >>> fold_key("Joshua B. Tenenbaum")
    'joshua b tenenbaum'
    """
    # letters with no ASCII form (CJK, Greek, ...) are left out; one bytes.translate
    # (lower case, non-alphanumerics to spaces), then the spaces collapsed: the same
    # result as a regex over the folded text, a few times faster
    return " ".join(_word_bytes(name).translate(ASCII_WORDS).decode("ascii").split())


# "Aitor Lewkowycz (Google)": conference pages put an affiliation (or a nickname) after a name
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")


# German umlauts and their transliteration ("Jürgen" / "Juergen"): folding alone makes
# "jurgen" and "juergen"; the catalog and author search treat the two as one where both occur
_UMLAUT = re.compile("[äöüÄÖÜ]")
_TRANSLITERATED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def author_key(name: str) -> str:
    """The key of one author: :func:`fold_key` of the name without a trailing part in parentheses.

    The name itself is kept as written; only its key leaves out an affiliation
    or nickname at the end, so "Aitor Lewkowycz (Google)" is the same person as
    "Aitor Lewkowycz" in other sources. A name that is all parentheses keeps them.

    Examples
    --------
    >>> author_key("Aitor Lewkowycz (Google)") == author_key("Aitor Lewkowycz")
    True
    >>> author_key("Nur Muhammad (Mahi) Shafiullah")
    'nur muhammad mahi shafiullah'
    """
    if name.endswith(")"):
        stripped = _TRAILING_PARENS.sub("", name)
        if stripped.strip():
            name = stripped
    return fold_key(name)


def author_keys(names: Iterable[str], *, known: Mapping[str, str] | None = None) -> list[str]:
    """The :func:`author_key` of each of *names*, one person's spellings given one key.

    Beyond what :func:`author_key` folds, a name written both with umlauts and with
    their German transliteration among *names* ("Jürgen Schmidhuber" and "Juergen
    Schmidhuber"; "Schölkopf", "Schoelkopf") gets the umlaut spelling's key for both.
    Only spellings both present are merged: folding alone keeps "jurgen" and
    "juergen" apart, and "Manuel" keeps its "ue". *known* maps names to keys already
    folded (each name is folded once otherwise).

    Examples
    --------
    >>> author_keys(["Jürgen Schmidhuber", "Juergen Schmidhuber", "Manuel Wuthrich"])
    ['jurgen schmidhuber', 'jurgen schmidhuber', 'manuel wuthrich']
    """
    names = list(names)
    known = known or {}
    keys = [known.get(name) or author_key(name) for name in names]
    present = set(keys)
    remap = {}
    for name, key in zip(names, keys):
        if name.isascii():
            continue
        name = unicodedata.normalize("NFC", name)  # "u" + combining diaeresis is "ü" too
        if _UMLAUT.search(name):
            alt = author_key(name.translate(_TRANSLITERATED))
            if alt != key and alt in present:
                remap[alt] = key
    return [remap.get(k, k) for k in keys] if remap else keys


def _fold_error(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a run of non-ASCII characters, folded; an error if folding leaves any."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    piece = exc.object[exc.start : exc.end].translate(_FOLD)
    if not piece.isascii():
        raise exc
    return piece, exc.end


codecs.register_error("confexplore.fold", _fold_error)


def _fold_or_space_error(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a run of non-ASCII characters, folded; what has no ASCII
    form (CJK, Greek, ...) becomes a space, which separates words as it would in
    the regex ``[0-9a-z]+`` over the folded text."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    piece = exc.object[exc.start : exc.end].translate(_FOLD)
    if not piece.isascii():
        piece = "".join(c if c.isascii() else " " for c in piece)
    return piece, exc.end


codecs.register_error("confexplore.fold_or_space", _fold_or_space_error)


def _word_bytes(text: str) -> bytes:
    """*text* as ASCII bytes for splitting into words: accents folded, letters with no
    ASCII form turned into spaces (so they separate words). Never fails."""
    return text.encode("ascii") if text.isascii() else text.encode("ascii", "confexplore.fold_or_space")


def fold_ascii(text: str) -> bytes | None:
    """*text* with accented letters reduced to ASCII, as ASCII bytes; None when some
    character has no ASCII form (CJK, Greek, ...).

    The letters are those :func:`fold_key` and :func:`fold_tokens` see (``Ł`` becomes
    ``l``); case and punctuation are kept. Only runs of non-ASCII characters are
    looked up (a codec error handler), not every character.

    Examples
    --------
    >>> fold_ascii("Barnabás Póczos, Øyvind"), fold_ascii("深度学习")
    (b'Barnabas Poczos, oyvind', None)
    """
    try:
        return text.encode("ascii", "confexplore.fold")
    except UnicodeEncodeError:
        return None


def fold_tokens(text: str, *, limit: int = 4000) -> list[str]:
    """The words of *text* folded like :func:`fold_key` (only its first *limit* characters).

    Examples
    --------
    >>> fold_tokens("Déjà vu: GANs, again!")
    ['deja', 'vu', 'gans', 'again']
    """
    # letters with no ASCII form (CJK, Greek, ...) separate words
    return _word_bytes(text[:limit]).translate(ASCII_WORDS).decode("ascii").split()


def strip_autolinks(text: str) -> str:
    """Turn markdown autolinks ``<https://…>`` into plain URLs.

    Examples
    --------
    >>> strip_autolinks("code: <https://github.com/a/b>.")
    'code: https://github.com/a/b.'
    """
    if "<" not in text:
        return text
    return _AUTOLINK.sub(r"\1", text)


def _script(m: re.Match[str]) -> str:
    """A ``<sup>``/``<sub>`` element as text: ``^``/``_`` and its text (``10<sup>5</sup>`` is
    10^5, not 105). Only a clear footnote mark goes: a mark standing alone between spaces
    or lines (IEEE abstracts), or right after a sentence's punctuation (``fast.<sup>1</sup> See``)."""
    raw = m.group("body")
    body = raw.strip()
    text, start, end = m.string, m.start(), m.end()
    before, after = text[start - 1 : start], text[end : end + 1]
    sup = m.group("tag").lower().endswith("sup")
    if not body:
        return raw  # "x<sup> </sup>y": the space stays between the words
    if sup and _FOOTNOTE_MARK.fullmatch(body):
        # a mark standing alone (IEEE puts each on a line of its own), or right after a
        # sentence's punctuation; or footnote signs (†, *) with nothing before them
        at_break = not before or before.isspace() or before in ".,;:"
        alone_after = not after or after.isspace() or after == "<"
        if at_break and (alone_after or not body.strip("*†‡§¶∗")):
            return ""
    if not before or before.isspace():
        # nothing before it to attach it to: a prefix ("<sup>13</sup>C") keeps its mark, else its text
        return ("^" if sup else "_") + body if after.isalnum() else body
    if sup and before.isdigit() and body.lower() in ("st", "nd", "rd", "th"):
        return body  # an ordinal, "2<sup>nd</sup>"
    mark = "^" if sup else "_"
    return mark + body if len(body) == 1 or body.isalnum() else f"{mark}{{{body}}}"


# <sup …>…</sup> / <sub …>…</sub> (also jats:sup, mml:msup is MathML's own) with short text inside
_SCRIPT_TAG = re.compile(
    r"""<(?P<tag>(?:[a-z][\w.-]*:)?su[pb])(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*>"""
    r"""(?P<body>[^<>]{0,40})</(?P=tag)\s*>""",
    re.IGNORECASE,
)
_FOOTNOTE_MARK = re.compile(r"[\d*†‡§¶∗,\s]{1,8}")
_HAS_SCRIPT = re.compile(r"</(?:[a-z][\w.-]*:)?su[bp]\s*>", re.IGNORECASE)


_HTML_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|ndash|mdash|hellip|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _unescape_entities(text: str) -> str:
    """The HTML entities a web page leaves in text ("math &amp; science") as their characters."""
    if "&" in text and ";" in text:  # (two C searches: most text has neither)
        return _HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def strip_markup(text: str) -> str:
    """Undo markup in an abstract: autolinks ``<https://…>`` become plain URLs and
    inline HTML/JATS/MathML tags (``<sup>``, ``<jats:italic>``, …) are removed, their
    text kept. A tag is only removed where the text also closes it (``</sup>``), so
    ``$a<b>c$`` in LaTeX stays as it is. A superscript that is clearly a footnote mark
    (standing alone, or right after a sentence's punctuation) goes with its tags;
    other superscripts and subscripts stay as ``^`` and ``_`` (``10<sup>5</sup>`` →
    ``10^5``, ``H<sub>2</sub>O`` → ``H_2O``, ``<sup>13</sup>C`` → ``^13C``).

    Examples
    --------
    >>> strip_markup('is fast.<sup xmlns:mml="http://www.w3.org/1998/Math/MathML">1</sup> See <https://x.org/a>')
    'is fast. See https://x.org/a'
    >>> strip_markup("up to 10<sup>5</sup> times less H<sub>2</sub>O")
    'up to 10^5 times less H_2O'
    >>> strip_markup("math &amp; science, p &lt; 0.05")
    'math & science, p < 0.05'
    >>> strip_markup("$0<b>1$ stays")
    '$0<b>1$ stays'
    >>> strip_markup('19.9% <tex xmlns:mml="http://www.w3.org/1998/Math/MathML">$AP_{50}$</tex> on TAO')
    '19.9% $AP_{50}$ on TAO'
    """
    text = _unescape_entities(text)
    text = strip_autolinks(text)
    if "<" not in text or ">" not in text:
        return text
    if _HAS_SCRIPT.search(text):
        for _ in range(3):  # inner elements first: "e<sup>x<sub>i</sub></sup>" -> "e^{x_i}"
            text, n = _SCRIPT_TAG.subn(_script, text)
            if not n:
                break
    closed = {m.group("name").lower() for m in _INLINE_TAG.finditer(text) if m.group("close")}
    if not closed and "/>" not in text:
        return text

    def drop(m: re.Match[str]) -> str:
        name = m.group("name").lower()
        local = name.rsplit(":", 1)[-1]
        if name not in closed and not (local == "br" and m.group(0).endswith("/>")):
            return m.group(0)  # nothing closes it: LaTeX such as "$a<b>c$", kept as written
        return " " if local in ("br", "p") else ""

    return _INLINE_TAG.sub(drop, text)


def extract_urls(text: str | None) -> list[str]:
    """Links found in *text*, in order, without duplicates or trailing punctuation.

    Examples
    --------
    >>> extract_urls("See <https://github.com/a/b>. Also \\\\url{https://x.org/y.git}.")
    ['https://github.com/a/b', 'https://x.org/y.git']

    A code host's link written without ``https://`` is found too, with it:

    >>> extract_urls("Code is available at github.com/UCSC-REAL/BeyondImages.")
    ['https://github.com/UCSC-REAL/BeyondImages']
    """
    # fast C searches first (a link has a slash: one character is the fastest search); the
    # regex ignores case and is slow. ".co" and ".org/" are in every code host's name _URL knows.
    if not text or "/" not in text or ("://" not in text and ".co" not in text and ".org/" not in text):
        return []
    found: list[str] = []
    for match in _url_matches(text):
        if _XMLNS_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue  # a namespace name in leftover markup, not a link
        url = match.group(0)
        while url and url[-1] in _URL_TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if "://" not in url[:8]:
            url = "https://" + url
        if len(url) > len("https://") and url not in found:
            found.append(url)
    return found


def _url_matches(text: str) -> Iterable[re.Match[str]]:
    """``_URL.finditer(text)``, without running the slow case-blind regex over all of an ASCII text.

    In ASCII text a match starts where the lowered text has "http", or a code host's name
    (perhaps after "www."): only there is ``_URL`` tried (its look-behind still sees the text
    before), in order, from the end of the last match on; the leftmost match is the one
    ``finditer`` finds. (Outside ASCII, case-blind matching knows letters such as "ſ" for "s".)
    """
    if not text.isascii():
        return _URL.finditer(text)
    low = text.lower()
    starts = []
    for needle in ("http", *_CODE_HOST_NAMES):
        at = low.find(needle)
        while at >= 0:
            starts.append(at)
            if needle != "http" and at >= 4 and low.startswith("www.", at - 4):
                starts.append(at - 4)
            at = low.find(needle, at + 1)
    matches = []
    end = 0
    for at in sorted(starts):
        if at >= end:
            match = _URL.match(text, at)
            if match is not None:
                matches.append(match)
                end = match.end()
    return matches
