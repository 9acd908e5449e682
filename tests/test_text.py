"""confexplore.text: the shared cleaning every reader relies on."""

from __future__ import annotations

import pytest

from confexplore.text import (
    author_key,
    clean_name,
    clean_text,
    clean_title,
    extract_urls,
    fix_mojibake,
    fold_key,
    looks_like_mojibake,
    split_authors,
    strip_markup,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Barnabás Póczos", "Barnabas Poczos"),
        ("Joshua B. Tenenbaum", "Joshua B Tenenbaum"),
        ("Piotr Stańczyk", "Piotr Stanczyk"),
        ("ŁUKASZ KAISER", "Lukasz Kaiser"),
        ("Guang-He Lee", "Guang He Lee"),
        ("YIFANG FU", "Yifang Fu"),
    ],
)
def test_fold_key_joins_spellings_of_one_person(a, b):
    assert fold_key(a) == fold_key(b)


@pytest.mark.parametrize(("a", "b"), [("Tian Qi Chen", "Tianqi Chen"), ("Jun Zhu", "Jun Zhou")])
def test_fold_key_keeps_different_people_apart(a, b):
    assert fold_key(a) != fold_key(b)


def test_split_authors_removes_emphasis_and_trailing_and():
    line = "Mariya Toneva, *Alessandro Sordoni*, Remi Tachet des Combes*, Adam Trischler, and Geoffrey J. Gordon"
    assert split_authors(line) == [
        "Mariya Toneva",
        "Alessandro Sordoni",
        "Remi Tachet des Combes",
        "Adam Trischler",
        "Geoffrey J. Gordon",
    ]


def test_split_authors_two_names_joined_by_and():
    assert split_authors("Like Hui and Mikhail Belkin") == ["Like Hui", "Mikhail Belkin"]


def test_split_authors_middle_dot():
    assert split_authors("Tian Qi Chen · Yulia Rubanova · David Duvenaud", sep="·") == [
        "Tian Qi Chen",
        "Yulia Rubanova",
        "David Duvenaud",
    ]


def test_names_containing_and_are_not_split():
    assert split_authors("Alexander Anderson, Sandra Wachter") == ["Alexander Anderson", "Sandra Wachter"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # affiliation numbers: "1,2" after a name is not a second author "2"
        ("Jack Sparrow1,2, Will Turner2", ["Jack Sparrow", "Will Turner"]),
        ("A. Smith¹, B. Jones²,³", ["A. Smith", "B. Jones"]),
        ("Ann Lee*, †, Bob Ray", ["Ann Lee", "Bob Ray"]),
        # copied from a PDF: the numbers follow the comma and lead the next name, or stand apart
        ("Alice Smith,1 Bob Jones,2", ["Alice Smith", "Bob Jones"]),
        ("Alice Smith,1,2 Bob Jones,3 Carol King3", ["Alice Smith", "Bob Jones", "Carol King"]),
        ("Alice Smith 1, Bob Jones 2", ["Alice Smith", "Bob Jones"]),
        # digits that belong to a name stay: DBLP's numbers for namesakes, company names
        ("Wei Wang 0001, Yang Liu 0003", ["Wei Wang 0001", "Yang Liu 0003"]),
        ("Ada Lovelace, 3M, 4Paradigm Research", ["Ada Lovelace", "3M", "4Paradigm Research"]),
        # semicolons between names
        ("Alice Smith; Bob Jones; Carol King", ["Alice Smith", "Bob Jones", "Carol King"]),
        ("Alice Smith, Bob Jones; Carol King, Dan Brown", ["Alice Smith", "Bob Jones", "Carol King", "Dan Brown"]),
        # family name first
        ("Smith, Alice; Jones, Bob", ["Alice Smith", "Bob Jones"]),
        ("van der Berg, Jan; Smith, J. R.; García Márquez, G.", ["Jan van der Berg", "J. R. Smith", "G. García Márquez"]),
        ("Smith, A., Jones, B. C., and van Dyk, D.", ["A. Smith", "B. C. Jones", "D. van Dyk"]),
        ("Mausam, J. Smith", ["Mausam", "J. Smith"]),
        ("Alice Smith, J. R. R. Tolkien", ["Alice Smith", "J. R. R. Tolkien"]),
        # commas inside parentheses do not separate names
        ("Alice Smith (Google Research, Brain Team), Bob Jones", ["Alice Smith (Google Research, Brain Team)", "Bob Jones"]),
        ("Alice Smith (Google; DeepMind), Bob Jones", ["Alice Smith (Google; DeepMind)", "Bob Jones"]),
        ("Ann Lee (Physics and Astronomy), Bo Chen", ["Ann Lee (Physics and Astronomy)", "Bo Chen"]),
        # family names that are also particles elsewhere; an unusual entry does not cut the rest
        ("Le, Quoc V.; Mikolov, Tomas", ["Quoc V. Le", "Tomas Mikolov"]),
        ("De, Soham; Smith, Samuel L.", ["Soham De", "Samuel L. Smith"]),
        ("García Márquez, Gabriel; Smith, John", ["Gabriel García Márquez", "John Smith"]),
        ("Mausam; Weld, Daniel S.", ["Mausam", "Daniel S. Weld"]),
        ("Smith, Alice (MIT); Jones, Bob (CMU)", ["Alice Smith (MIT)", "Bob Jones (CMU)"]),
        # "and" and "et al." in family-first lists
        ("Smith, A.; Jones, B.; and Brown, C.", ["A. Smith", "B. Jones", "C. Brown"]),
        ("Smith, A., Jones, B. and Brown, C.", ["A. Smith", "B. Jones", "C. Brown"]),
        ("Smith, A. and Jones, B.", ["A. Smith", "B. Jones"]),
        ("Wu, Y., et al.", ["Y. Wu"]),
        ("Smith, J.; Doe, J.; et al.", ["J. Smith", "J. Doe"]),
        # "and" between two names anywhere in the list
        ("Alice Smith and Bob Jones; Carol King", ["Alice Smith", "Bob Jones", "Carol King"]),
        # not turned round: a full name followed by initials of no one
        ("Alice Smith, B. C.", ["Alice Smith", "B. C."]),
    ],
)
def test_split_authors_reads_other_ways_of_writing_author_lists(line, names):
    assert split_authors(line) == names


def test_split_authors_middle_dot_keeps_parentheses_whole():
    assert split_authors("Ann Lee (MIT · CSAIL) · Bo Chen", sep="·") == ["Ann Lee (MIT · CSAIL)", "Bo Chen"]


def test_clean_name_keeps_parenthesised_nickname():
    assert clean_name("Krishnamurthy (Dj) Dvijotham") == "Krishnamurthy (Dj) Dvijotham"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Daniel ZÃ¼chner", "Daniel Züchner"),
        ("Jorge PÃ©rez", "Jorge Pérez"),
        ("Ullrich KÃ¶the", "Ullrich Köthe"),
        ("GÄ¼nter Klambauer", "Günter Klambauer"),
        ("it’s", "it’s"),
        # UTF-8 read as Mac Roman
        ("the Schr√∂dinger Bridge problem", "the Schrödinger Bridge problem"),
        ("Mart√≠n Abadi, Fran√ßois Chollet", "Martín Abadi, François Chollet"),
        ("the model‚Äôs output", "the model’s output"),
        # UTF-8 read as Korean cp949 (a real CVPR 2022 abstract: "a pair of 360째 panoramas")
        ("a pair of 360째 panoramas", "a pair of 360° panoramas"),
        ("M체ller at 35째C, x짹0.5", "Müller at 35°C, x±0.5"),
        # Korean text is left alone: its syllables stand apart from Latin letters and digits
        ("한국어 (Korean), 첫째", "한국어 (Korean), 첫째"),
    ],
)
def test_fix_mojibake(broken, fixed):
    assert fix_mojibake(broken) == fixed


def test_mojibake_test_is_cheap_and_quiet_on_clean_text():
    assert not looks_like_mojibake("Barnabás Póczos, Łukasz Kaiser, Ørsted — “quoted”")
    assert looks_like_mojibake("Stephan GÃ¼nnemann")
    # square roots and approximations in mathematics are not Mac Roman mojibake
    assert not looks_like_mojibake("a regret of O(√T) with √2 and ≈ 3 µm, ¬p")


def test_clean_text_keeps_latex_verbatim():
    text = r"a rate of  $\mathcal{O}(\log\{T\}/\sqrt{T})$ and $p<N$"
    assert clean_text(text) == r"a rate of $\mathcal{O}(\log\{T\}/\sqrt{T})$ and $p<N$"


def test_clean_text_removes_control_characters_and_normalises_space():
    assert clean_text("a\x07 b\u200b\n\tc ") == "a b c"
    assert clean_text("   ") is None


def test_clean_title_undoes_markdown_escapes():
    assert clean_title(r"TimbreTron: A WaveNet\(CycleGAN\(CQT\(Audio\)\)\) Pipeline") == (
        "TimbreTron: A WaveNet(CycleGAN(CQT(Audio))) Pipeline"
    )


def test_extract_urls_strips_punctuation_and_latex_braces():
    text = (
        "Code at <https://github.com/a/b>. Videos: https://youtu.be/x, "
        r"and \url{https://github.com/galdl/rl_delay_basic.git}. Again https://github.com/a/b"
    )
    assert extract_urls(text) == [
        "https://github.com/a/b",
        "https://youtu.be/x",
        "https://github.com/galdl/rl_delay_basic.git",
    ]


def test_extract_urls_finds_code_host_links_written_without_a_scheme():
    # from a real ICML 2022 abstract: "Code is available at github.com/UCSC-REAL/BeyondImages."
    assert extract_urls("Code is available at github.com/UCSC-REAL/BeyondImages.") == [
        "https://github.com/UCSC-REAL/BeyondImages"
    ]
    assert extract_urls("(see huggingface.co/datasets/x; www.gitlab.com/a/b)") == [
        "https://huggingface.co/datasets/x", "https://www.gitlab.com/a/b"
    ]
    # the same link twice is one link; other hosts, e-mail-like text and bare hosts are not links
    assert extract_urls("https://github.com/a/b and github.com/a/b") == ["https://github.com/a/b"]
    assert extract_urls("me@github.com/x, docs.github.com/x, our site x.org/y, github.com/") == []



def test_extract_urls_tries_the_regex_where_a_link_can_start_only(monkeypatch):
    """In ASCII text _URL is only tried where the lowered text has "http" or a code host's
    name: the links are those of running it over all of the text, near misses included."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore import text as cx_text

    pieces = st.sampled_from(["http://", "https://", "HTTPS://", "hTTp:", "www.", "WWW.", "github.com/", "GitHub.Com/a",
                              "gitlab.com", "huggingface.co/x", "HuggingFace.co", "codeberg.org/", "bitbucket.org/q",
                              "www.github.com/b", "x.org/", " ", "a", "/", ".", ",", ")", "(", "<", ">", '"', "'",
                              'xmlns="', "xmlns:mml=", "\\url{", "}", "@", "-", ":", "é", "ſ", "\n"])

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(pieces, min_size=1, max_size=12).map("".join))
    def check(text):
        fast = extract_urls(text)
        with monkeypatch.context() as m:
            m.setattr(cx_text, "_url_matches", cx_text._URL.finditer)
            assert fast == extract_urls(text)

    check()

def test_extract_urls_keeps_balanced_parentheses():
    assert extract_urls("see https://en.wikipedia.org/wiki/Foo_(bar).") == ["https://en.wikipedia.org/wiki/Foo_(bar)"]


def _split_authors_reference(text: str, sep: str = ",") -> list[str]:
    """split_authors without its fast path: every part through clean_name."""
    from confexplore.text import _author_parts, clean_name

    return [name for name in map(clean_name, _author_parts(text, sep)) if name]


def test_split_authors_fast_path_gives_what_clean_name_gives():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(
        ["Ada", "Lovelace", "van", "de", "and", "AND", "&", "*", "_", "**", "1", "†", "\\*", ",", ";", " ", "  ",
         "\t", "Zoë", "Ã¼", "J.", "-", "'", "\x07", "\u200b", "·", "(", ")", "¹", "A.", "Smith,", "2,"]
    )

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join), st.sampled_from([",", "·"]))
    def check(text, sep):
        assert split_authors(text, sep=sep) == _split_authors_reference(text, sep)

    check()


def test_split_authors_plain_line_route_gives_what_the_full_route_gives():
    """Plain ASCII lines ("Ada Lovelace, Bob Jones") are split at ", " without looking at
    each part: the result must be that of the full route, including near misses (an
    "and", "et al.", initials second, a family-first list, doubled spaces)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    name_list = ["Ada Lovelace", "J. Smith", "Jr.", "A.", "B. C.", "Al", "al.", "et al.", "O'Neil",
                             "Jean-Paul Sartre", "AND", "and Bob", "Smith", "Mary  Shelley", "Le", "X", "de la Cruz",
                             "Quoc V. Le", "and", "&", "Zoë", "Bob Jones ", "II", "Sr", "iv", "Jr. Smith",
                             "Barnabás Póczos", "GÃ¼nter Klambauer", "José¹", "Ann\u0301e Lee", "Łukasz Kaiser",
                             "李飞飞", "Ana_Silva", "Bo2 Chen", "Zoë\xa0Kim", "Eva ½", "Ö", "Ω Li", "Jan GroÃŸ"]
    names = st.sampled_from(name_list)
    seps = st.sampled_from([", ", ", ", ", ", ",", " , ", " and ", ", and "])

    @settings(max_examples=600, deadline=None)
    @given(st.lists(st.tuples(names, seps), min_size=1, max_size=6), st.sampled_from(["", "and ", "And "]))
    def check(items, prefix):
        text = prefix + "".join(n + s for n, s in items[:-1]) + items[-1][0]
        assert split_authors(text) == _split_authors_reference(text)

    check()
    for name in name_list:  # every near miss alone, first and last (the search above is seeded)
        for text in (name, f"{name}, Ada Lovelace", f"Ada Lovelace, Bob Jones, {name}"):
            assert split_authors(text) == _split_authors_reference(text), text
    assert split_authors("Ada Lovelace, Charles Babbage") == ["Ada Lovelace", "Charles Babbage"]
    assert split_authors("Smith, A., Jones, B.") == ["A. Smith", "B. Jones"]


def test_split_authors_plain_dotted_route_gives_what_the_full_route_gives():
    """Session pages join names by " · ": a plain such line takes the same fast route as a
    comma line, and must give what the full route gives (near misses included: commas,
    "and", "et al.", suffixes, initials second, which after " · " is no family-first list)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    name_list = ["Ada Lovelace", "J. Smith", "Jr.", "A.", "B. C.", "Al", "al.", "et al.", "O'Neil", "Smith, A.",
                 "Jean-Paul Sartre", "AND", "and Bob", "Mary  Shelley", "X", "de la Cruz", "Quoc V. Le", "and",
                 "&", "Zoë", "Bob Jones ", "II", "Sr", "iv", "Barnabás Póczos", "GÃ¼nter Klambauer", "José¹",
                 "Łukasz Kaiser", "李飞飞", "Ana_Silva", "Bo2 Chen", "Ann Lee (Google)", "Eva ½", "Ω Li"]
    names = st.sampled_from(name_list)
    seps = st.sampled_from([" · ", " · ", " · ", "·", " ·  ", " and ", ", ", " ⋅ "])

    @settings(max_examples=600, deadline=None)
    @given(st.lists(st.tuples(names, seps), min_size=1, max_size=6))
    def check(items):
        text = "".join(n + s for n, s in items[:-1]) + items[-1][0]
        assert split_authors(text, sep="·") == _split_authors_reference(text, "·")

    check()
    for name in name_list:
        for text in (name, f"{name} · Ada Lovelace", f"Ada Lovelace · Bob Jones · {name}", f"A. Smith · {name}"):
            assert split_authors(text, sep="·") == _split_authors_reference(text, "·"), text
    assert split_authors("Yuheng Lai · Leying Guan", sep="·") == ["Yuheng Lai", "Leying Guan"]
    assert split_authors("Ada Lovelace · B. Jones", sep="·") == ["Ada Lovelace", "B. Jones"]


def test_split_authors_keeps_a_name_suffix_after_a_comma_with_its_name():
    assert split_authors("Martin Luther King, Jr., Ada Lovelace") == ["Martin Luther King Jr.", "Ada Lovelace"]
    assert split_authors("Ada Lovelace, Robert W. Heath, Jr.") == ["Ada Lovelace", "Robert W. Heath Jr."]
    assert split_authors("Ada Lovelace, Henry Ford, II, Bob Jones") == ["Ada Lovelace", "Henry Ford II", "Bob Jones"]
    assert split_authors("Ada Lovelace and Robert Heath, Jr.") == ["Ada Lovelace", "Robert Heath Jr."]
    # a suffix-like word inside a name, or a name that merely starts like one, is left alone
    assert split_authors("Iris Jr Smith, Ivan Petrov") == ["Iris Jr Smith", "Ivan Petrov"]
    assert split_authors("Ada Lovelace, Srinivas Rao") == ["Ada Lovelace", "Srinivas Rao"]
    # with an affiliation mark; case matters ("Ii", "Iv" are family names); a family-first
    # list of initials keeps its pairs
    assert split_authors("Robert W. Heath, Jr.*, Ada Lovelace") == ["Robert W. Heath Jr.", "Ada Lovelace"]
    assert split_authors("Ada Lovelace, Robert Heath, Jr.1, Bob Jones") == ["Ada Lovelace", "Robert Heath Jr.", "Bob Jones"]
    assert split_authors("Sato, T., Ii, N.") == ["T. Sato", "N. Ii"]
    assert split_authors("Ada Lovelace, Iv") == ["Ada Lovelace", "Iv"]


def test_fold_key_and_fold_tokens_match_the_plain_regex_folding():
    """fold_key/fold_tokens take faster routes (bytes.translate, a codec error handler);
    they must give what the plain definition gives: fold accents, lower, keep [0-9a-z] runs."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore.text import _FOLD, fold_tokens

    def reference_key(name: str) -> str:
        return re.sub(r"[^0-9a-z]+", " ", name.translate(_FOLD).lower()).strip()

    def reference_tokens(text: str) -> list[str]:
        return re.findall(r"[0-9a-z]+", text.translate(_FOLD).lower())

    chars = st.sampled_from(list("aZ09 .-'é") + ["ß", "Ł", "ø", "Æ", "ı", "ﬁ", "K", "²", "深", "α", "\u0301", "\t", "Ä",
                                                   "½", "ŉ", "İ", "ǅ", "ʼ", "Ω", "ℌ"])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(chars, max_size=20).map("".join))
    def check(text):
        assert fold_key.__wrapped__(text) == reference_key(text)
        assert fold_tokens(text) == reference_tokens(text)

    check()


def test_strip_markup_removes_publisher_tags_and_keeps_latex():
    cvpr = ('estimating a 3D attention field.<sup xmlns:mml="http://www.w3.org/1998/Math/MathML" '
            'xmlns:xlink="http://www.w3.org/1999/xlink">1</sup> Code: <https://github.com/a/b>.')
    assert strip_markup(cvpr) == "estimating a 3D attention field. Code: https://github.com/a/b."
    assert strip_markup("<jats:p>We show <jats:italic>x</jats:italic>.</jats:p>") == " We show x. "
    assert strip_markup("for $0<b>1$ and $p<N$, a<i>b") == "for $0<b>1$ and $p<N$, a<i>b"  # nothing closes them
    assert strip_markup("no markup at all") == "no markup at all"
    # a paragraph or line-break tag is markup only where the text shows it is ("</p>", "<br/>")
    assert strip_markup("$x<p>y$ and $a<br>b$") == "$x<p>y$ and $a<br>b$"
    assert strip_markup("one<br/>two") == "one two"


def test_strip_markup_drops_footnote_marks_and_keeps_exponents_and_indices():
    x = 'xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns:xlink="http://www.w3.org/1999/xlink"'
    # CVPR 2022 (IEEE): footnote marks on their own lines, twice; before, "models 1 1 Throughout"
    ieee = f"Current NLE models\n<sup {x}>1</sup>\n<sup {x}>1</sup>\nThroughout this paper"
    assert " ".join(strip_markup(ieee).split()) == "Current NLE models Throughout this paper"
    # the same once the reader has joined the abstract's lines
    assert " ".join(strip_markup(" ".join(ieee.split("\n"))).split()) == "Current NLE models Throughout this paper"
    # thousands of superscripts in one abstract (the first version looked back over the whole text for each)
    assert strip_markup("word x<sup>2</sup> " * 4000).count("x^2") == 4000
    cases = {
        "up to 10<sup>5</sup> times": "up to 10^5 times",  # before: "105 times"
        "x<sup>2</sup> + y<sub>i</sub>": "x^2 + y_i",
        "H<sub>2</sub>O": "H_2O",
        "10<sup>-3</sup>": "10^{-3}",
        "O(n<sup>2</sup>)": "O(n^2)",
        "the 2<sup>nd</sup> place": "the 2nd place",
        "models<sup>1</sup> are": "models^1 are",  # a footnote or an exponent: kept, not guessed away
        "<jats:sup>†</jats:sup>Equal contribution": "Equal contribution",
        "$a<sup>b$": "$a<sup>b$",  # nothing closes it
        # kept, from the last review: exponents after a tag, a bracket or a unit; isotopes
        "σ<sub>t</sub><sup>2</sup> of": "σ_t^2 of",
        "<jats:italic>x</jats:italic><jats:sup>2</jats:sup>": "x^2",
        "(n+1)<sup>2</sup> and E[X]<sup>2</sup>": "(n+1)^2 and E[X]^2",
        "5 km<sup>2</sup>, sin<sup>2</sup> x, SO<sup>3</sup>": "5 km^2, sin^2 x, SO^3",
        "with <sup>13</sup>C glucose": "with ^13C glucose",
        "x<Sup>2</Sup>": "x^2",
        "e<sup>x<sub>i</sub></sup>": "e^{x_i}",
        "x<sup> </sup>y": "x y",
    }
    for raw, clean in cases.items():
        assert strip_markup(raw) == clean, raw


def test_extract_urls_skips_xml_namespace_names():
    text = '<sup xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns="http://www.w3.org/1999/xhtml">1</sup> see https://github.com/a/b'
    assert extract_urls(text) == ["https://github.com/a/b"]


def test_mojibake_hint_is_the_plain_alternation_of_its_cases():
    # the hint is written with one leading class for speed; it must match where the
    # readable alternation does: cp1252 lead + continuation | Mac Roman lead + a letter
    # continuation | a Mac Roman lead but √ + a symbol continuation | a letter, √ + a symbol
    # continuation | ‚Ä | a Hangul syllable glued to a Latin letter or digit (cp949)
    import random
    import re

    import confexplore.text as T

    plain = re.compile(
        f"[{T._LEAD}][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
        f"|[{T._MAC_LEAD}][{T._MAC_ROMAN_CONTINUATION}]|[¬ƒ≈∆][{T._MAC_ROMAN_SYMBOLS}]|[^\\W\\d_]√[{T._MAC_ROMAN_SYMBOLS}]"
        f"|\u201a[\u00c4\u00c5]"
        f"|[A-Za-z0-9][{T._HANGUL}]|[{T._HANGUL}][A-Za-z]"
    )
    assert len(T._MAC_ROMAN_CONTINUATION + T._MAC_ROMAN_SYMBOLS) == 64  # bytes 80-BF
    alphabet = ("aÃÂÄâã¬√ƒ≈∆‚ÄÅ¼©–€™ŠœŸ∂ôé 1(\u0080\u00bf째한" + T._MAC_ROMAN_CONTINUATION[::7]
                + T._MAC_ROMAN_SYMBOLS[::5])
    rng = random.Random(0)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert bool(plain.search(text)) == bool(T._MOJIBAKE_HINT.search(text)), repr(text)


def test_clean_read_agrees_with_clean_text_on_decoded_text():
    """The parsers' cleaner skips the control-character scan for ASCII text without a
    tab; on text that decode can return (no control character but the tab) it must
    give what clean_text gives."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore import ParseError
    from confexplore.sources import decode
    from confexplore.text import _clean_read

    pieces = st.sampled_from(["word", "Zoë", " ", "  ", "\t", "\xa0", "\u2003", "\x07", "\x85", "\u200b", "$p<N$",
                              "GÃ¼nter", "\r", "x"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, max_size=15).map("".join))
    def check(raw):
        try:
            lines, _ = decode(raw.encode("utf-8"), "t.txt")
        except ParseError:  # an empty file: nothing to clean
            return
        text = " ".join(lines)
        assert _clean_read(text) == clean_text(text)

    check()
    assert _clean_read(None) is None and _clean_read("") is None
    assert _clean_read(" two  spaces ") == "two spaces"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Aitor Lewkowycz (Google)", "aitor lewkowycz"),
        ("Guy Gur-Ari (Google Research, Blueshift)", "guy gur ari"),
        ("Yuhuai Wu (Tony)", "yuhuai wu"),
        ("Nur Muhammad (Mahi) Shafiullah", "nur muhammad mahi shafiullah"),  # not at the end: part of the name
        ("(Google)", "google"),  # nothing else: kept
        ("Barnabás Póczos", "barnabas poczos"),
    ],
)
def test_author_key_leaves_out_a_trailing_affiliation(name, key):
    assert author_key(name) == key


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (r"Learning Halfspaces on $\{0,1\}^n$ with $\|w\|_1$ Margin", r"Learning Halfspaces on $\{0,1\}^n$ with $\|w\|_1$ Margin"),
        (r"Kernel RNN Learning \(KeRNL\) on $\mathbb{R}^d$", r"Kernel RNN Learning (KeRNL) on $\mathbb{R}^d$"),
        (r"Display $$\|x\|$$ and \*stars\*", r"Display $$\|x\|$$ and *stars*"),
        (r"Costs \$5 \(or \$10\)", r"Costs \$5 (or \$10)"),  # escaped dollars open no LaTeX
        (r"Open $dollar \(x\)", r"Open $dollar (x)"),  # a lone dollar opens nothing
        # a listing that escapes a whole title escapes inside its maths too
        (r"Achieving $O\(\sqrt{T}\)$ Regret with $L\_1$ Loss", r"Achieving $O(\sqrt{T})$ Regret with $L_1$ Loss"),
    ],
)
def test_clean_title_keeps_latex_verbatim(raw, clean):
    assert clean_title(raw) == clean


@pytest.mark.parametrize("text", ["step size √µ in plain text", "the operator √∂f", "O(√µ)", "x √π", "(√∑ x)"])
def test_mathematics_after_a_root_sign_is_not_taken_for_mac_roman_mojibake(text):
    # after √, Mac Roman shows UTF-8 lower-case letters as symbols (µ ∂ π ∑): only inside a word are they mojibake
    assert not looks_like_mojibake(text) and fix_mojibake(text) == text


@pytest.mark.parametrize(("text", "fixed"), [("Ren√© Vidal", "René Vidal"), ("√âmile Borel", "Émile Borel"),
                                             ("Erwin Schr√∂dinger", "Erwin Schrödinger"),
                                             ("ƒ∞smail ƒ∞lkan Ceylan", "İsmail İlkan Ceylan"),
                                             ("≈ªaneta Wilk", "Żaneta Wilk"), ("≈†ime Vuko", "Šime Vuko"),
                                             ("accuracy 92.3¬±0.4% at 37¬∞C", "accuracy 92.3±0.4% at 37°C")])
def test_mac_roman_mojibake_in_names_is_still_repaired(text, fixed):
    assert fix_mojibake(text) == fixed


@pytest.mark.parametrize(("raw", "clean"), [
    ("**A Title Set in Bold**", "A Title Set in Bold"),
    ("*An Italic Title*", "An Italic Title"),
    ("__Underscored Title__", "Underscored Title"),
    ("*A* and *B*", "*A* and *B*"),  # two spans, not one around the title
    ("__init__ considered harmful", "__init__ considered harmful"),
    ("Plain *emph* title", "Plain *emph* title"),
])
def test_clean_title_removes_emphasis_around_the_whole_title_only(raw, clean):
    from confexplore.text import clean_title

    assert clean_title(raw) == clean


def test_split_outside_parentheses_gives_what_the_lookahead_regex_gave():
    """Separators inside parentheses ("Ann Lee (MIT, CS), Bo Chen") do not split; the
    one-pass split must cut where the old lookahead regex cut, on any mix of names,
    separators and parentheses (balanced or not)."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from confexplore.text import _split_outside_parens

    @settings(max_examples=800, deadline=None)
    @given(st.text(alphabet="ab ,;·()", max_size=24), st.sampled_from([",", "·", ";"]))
    def check(text, sep):
        assert _split_outside_parens(text, sep) == re.split(re.escape(sep) + r"(?![^()]*\))", text)

    check()
    assert _split_outside_parens("Ann Lee (MIT, CS), Bo Chen", ",") == ["Ann Lee (MIT, CS)", " Bo Chen"]
