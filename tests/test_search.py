"""Tests for confexplore.search: query syntax, errors, ranking, caching, filters, similar."""

from __future__ import annotations

import gc
import importlib
import os
import re
import subprocess
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from confexplore.catalog import STRING
from confexplore.search import QueryError, filter_papers, search, similar, suggest_query
from confexplore.text import author_keys

S = importlib.import_module("confexplore.search")  # the module; `confexplore.search` is the function

PAPER_COLUMNS = [
    "paper_id", "title", "authors", "n_authors", "abstract", "tldr", "venue", "year", "presentation",
    "session", "start", "end", "timezone", "url", "code_urls", "sources",
]


def make_papers(rows: list[dict], *, text: pd.StringDtype = STRING) -> pd.DataFrame:
    """A papers frame with the catalog's columns and dtypes from a few dicts
    (*text*: the dtype of the text columns; pandas' default keeps them in Arrow)."""
    full = []
    for i, r in enumerate(rows):
        authors = r.get("authors", [])
        full.append({
            "paper_id": r.get("paper_id", f"p{i}"),
            "title": r.get("title"),
            "authors": authors,
            "n_authors": len(authors),
            "abstract": r.get("abstract"),
            "tldr": r.get("tldr"),
            "venue": r.get("venue", "ICLR"),
            "year": r.get("year", 2021),
            "presentation": r.get("presentation"),
            "session": r.get("session"),
            "start": pd.NaT,
            "end": pd.NaT,
            "timezone": None,
            "url": None,
            "code_urls": [],
            "sources": ["test"],
        })
    df = pd.DataFrame(full, columns=PAPER_COLUMNS)
    for col in ("paper_id", "title", "abstract", "tldr", "venue", "presentation", "session", "timezone", "url"):
        df[col] = df[col].astype(text)
    df["year"] = df["year"].astype("Int64")
    df["n_authors"] = df["n_authors"].astype("Int64")
    for col in ("start", "end"):
        df[col] = pd.to_datetime(df[col], utc=True)
    return df


ROWS = [
    {"title": "Graph Neural Networks for Molecules", "abstract": "We learn molecular property prediction with message passing.",
         "authors": ["Yoshua Bengio", "Ann Lee"], "venue": "ICLR", "year": 2021, "presentation": "Oral", "session": "Oral Session 1"},
    {"title": "A Survey of Graph Networks", "abstract": "We review many graph models and their applications.",
         "authors": ["Samy Bengio"], "venue": "NeurIPS", "year": 2019, "presentation": "Poster", "session": "Tue Track 2 -- Session 2"},
    {"title": "Network Pruning at Scale", "abstract": "Pruning removes weights; we also prune a graph of layers.",
         "authors": ["Barnabás Póczos"], "venue": "ICLR", "year": 2019, "presentation": "Spotlight"},
    {"title": None, "tldr": "We study neural networks trained with SGD.",
         "abstract": "A neural network trained by gradient descent extrapolates linearly.",
         "authors": ["Sergey Levine", "Chelsea Finn"], "venue": "ICLR", "year": 2020, "presentation": "Poster"},
    {"title": "Policy Gradient Methods", "abstract": "Reinforcement learning policies are improved by gradient ascent.",
         "authors": ["Alexander Levin"], "venue": "NeurIPS", "year": 2021, "session": "Tue Track 2 -- Session 2"},
    {"title": "Diffusion Models for Images", "abstract": "Denoising diffusion generates images; no graph is involved.",
         "authors": [], "venue": "ICML", "year": 2022, "presentation": "Poster"},
]


@pytest.fixture()
def small() -> pd.DataFrame:
    return make_papers(ROWS)


def ids(frame: pd.DataFrame) -> list[str]:
    return frame["paper_id"].tolist()


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# --------------------------------------------------------------------------- parsing


def terms(query: str) -> list[tuple]:
    return [(t.field, t.value, t.phrase, t.negated) for t in S._parse_query(query)]


def test_parse_words_phrases_exclusions_and_fields():
    assert terms('graph "neural network" -survey -"a phrase" author:bengio') == [
        (None, "graph", False, False),
        (None, "neural network", True, False),
        (None, "survey", False, True),
        (None, "a phrase", True, True),
        ("authors", "bengio", False, False),
    ]


def test_parse_field_aliases_are_case_insensitive_and_take_quoted_values():
    assert terms('Author:"Yoshua Bengio" TYPE:oral presentation:poster Title:gan') == [
        ("authors", "Yoshua Bengio", True, False),
        ("presentation", "oral", False, False),
        ("presentation", "poster", False, False),
        ("title", "gan", False, False),
    ]
    assert terms("-venue:iclr year:2019..2021 session:track") == [
        ("venue", "iclr", False, True),
        ("year", "2019..2021", False, False),
        ("session", "track", False, False),
    ]


def test_parse_unbalanced_quote_is_a_phrase_to_the_end():
    assert terms('graph "neural network models') == [
        (None, "graph", False, False),
        (None, "neural network models", True, False),
    ]


def test_parse_empty_and_stray_characters():
    assert terms("") == []
    assert terms("   ") == []
    # a lone "-" is a word, and so is "--" (only a single "-" excludes); both are dropped later (no letters)
    assert terms('- "" --') == [(None, "-", False, False), (None, "--", False, False)]
    assert terms('x "" y') == [(None, "x", False, False), (None, "y", False, False)]


def test_parse_colon_inside_words_that_are_not_fields():
    # digits before a colon are not a field name
    assert terms("12:30") == [(None, "12:30", False, False)]
    assert terms('"arXiv:1706.03762"') == [(None, "arXiv:1706.03762", True, False)]


def test_unknown_field_lists_valid_fields_and_suggests_quotes():
    with pytest.raises(QueryError) as info:
        S._parse_query("graph auther:bengio")
    msg = str(info.value)
    assert "'auther:'" in msg
    for name in ("author:", "title:", "abstract:", "venue:", "year:", "type:", "session:"):
        assert name in msg
    assert '"auther:bengio"' in msg
    assert info.value.term == "auther:bengio"
    assert isinstance(info.value, ValueError)


def test_field_without_value_is_an_error(papers):
    with pytest.raises(QueryError, match=r"title: needs a value, e\.g\. title:"):
        S._parse_query("graph title: networks")
    # commas and nothing between them: no value either (it matched nothing, silently)
    for query, field in (("venue:,", "venue"), ("graph type:,,", "type"), ("session:,", "session")):
        with pytest.raises(QueryError, match=rf"{field}: needs a value, e\.g\. {field}:"):
            search(papers, query)
    assert len(search(papers, "venue:iclr,")) == len(search(papers, "venue:iclr"))
    # a text field with only punctuation: nothing to look for (it returned every paper)
    for query, field in (("author:,", "author"), ("gan title:-", "title"), ('abstract:"..."', "abstract"),
                         ("-tldr:;", "tldr")):
        with pytest.raises(QueryError, match=rf"{field}: has no word to look for, e\.g\. {field}:"):
            search(papers, query)


def test_year_ranges_written_with_a_dash_and_pasted_links(papers):
    dotted = search(papers, "year:2019..2021")
    assert search(papers, "year:2019-2021")["paper_id"].tolist() == dotted["paper_id"].tolist()
    assert search(papers, "year:2019–2020")["paper_id"].tolist() == search(papers, "year:2019..2020")["paper_id"].tolist()
    assert filter_papers(papers, year="2019-2021")["paper_id"].tolist() == dotted["paper_id"].tolist()
    # a link is text to find, not an unknown field 'https:'
    linked = search(papers, "https://github.com")
    assert len(linked) > 5
    assert all("github.com" in " ".join(urls) or "github.com" in str(abstract)
               for urls, abstract in zip(linked["code_urls"], linked["abstract"]))
    assert not set(search(papers, "-https://github.com")["paper_id"]) & set(linked["paper_id"])


def test_or_not_and_operators(papers):
    def ids(q):
        return set(search(papers, q)["paper_id"])

    gan, diffusion = ids("gan"), ids("diffusion")
    assert gan - diffusion and diffusion - gan  # the union below is more than either
    assert ids("gan OR diffusion") == gan | diffusion
    assert ids("gan || diffusion") == gan | diffusion
    assert ids("gan OR diffusion OR flows") == gan | diffusion | ids("flows")
    assert ids('"generative adversarial" OR diffusion') == ids('"generative adversarial"') | diffusion
    assert ids("author:bengio OR author:levine") == ids("author:bengio") | ids("author:levine")
    assert ids("(gan OR diffusion) -image") == (gan | diffusion) - ids("image")
    assert ids("(gan OR diffusion) OR flows") == gan | diffusion | ids("flows")
    assert ids("venue:iclr OR venue:neurips") == ids("venue:iclr,neurips")
    assert ids("diffusion NOT image") == ids("diffusion -image") < diffusion
    assert ids("graph AND networks") == ids("graph networks") == ids("graph && networks")
    # lower case: the words themselves (stop words here), as before
    assert ids("graph or networks") == ids("graph networks")


def test_parentheses_group_words_joined_by_or(papers):
    def ids(q):
        return set(search(papers, q)["paper_id"])

    gan, diffusion = ids("gan"), ids("diffusion")
    assert ids("NOT (gan OR diffusion)") == ids("-(gan OR diffusion)") == ids("-gan -diffusion")
    assert ids("NOT (gan OR diffusion)") == set(papers["paper_id"]) - gan - diffusion
    assert ids("(gan OR diffusion) (image OR video)") == (gan | diffusion) & (ids("image") | ids("video"))
    assert ids("title:(graph OR neural)") == ids("title:graph") | ids("title:neural")
    assert ids("author:(bengio OR levine)") == ids("author:bengio OR author:levine")
    assert ids("year:(2019 OR 2021)") == ids("year:2019,2021")
    assert ids("(graph neural networks)") == ids("graph neural networks")  # no operator: as without


def _algebra(papers):
    every = set(papers["paper_id"])

    def ids(q):
        return set(search(papers, q)["paper_id"])

    return every, ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # field terms, filters and phrases inside a group; "(" and ")" apart from the words
        ("(author:bengio OR author:levine)", lambda A, I: I("author:bengio") | I("author:levine")),
        ("NOT (author:bengio OR author:levine)", lambda A, I: A - I("author:bengio") - I("author:levine")),
        ("gan OR (title:diffusion OR flow)", lambda A, I: I("gan") | I("title:diffusion") | I("flow")),
        ("NOT (venue:iclr OR venue:neurips)", lambda A, I: set()),
        ("(year:2019 OR year:2021)", lambda A, I: I("year:2019,2021")),
        ('NOT ("generative adversarial" OR diffusion)', lambda A, I: A - I('"generative adversarial"') - I("diffusion")),
        ('-title:("graph neural" OR gan)', lambda A, I: A - I('title:"graph neural"') - I("title:gan")),
        ('gan OR ("generative adversarial" OR flow)', lambda A, I: I("gan") | I('"generative adversarial"') | I("flow")),
        ('(gan OR "generative adversarial") OR flow', lambda A, I: I("gan") | I('"generative adversarial"') | I("flow")),
        ("NOT ( gan OR diffusion )", lambda A, I: A - I("gan") - I("diffusion")),
        ("gan OR ( diffusion )", lambda A, I: I("gan") | I("diffusion")),
        # a negation inside a group
        ("image (-gan)", lambda A, I: I("image") - I("gan")),
        ("image AND (NOT gan)", lambda A, I: I("image") - I("gan")),
        ("gan AND (diffusion OR flow)", lambda A, I: I("gan") & (I("diffusion") | I("flow"))),
        ("venue:iclr (gan OR diffusion)", lambda A, I: I("venue:iclr") & (I("gan") | I("diffusion"))),
    ],
)
def test_groups_follow_set_algebra(papers, query, expected):
    every, ids = _algebra(papers)
    assert ids(query) == expected(every, ids)


def test_parentheses_in_pasted_text_are_text(papers):
    """Without operators, parentheses are characters: a pasted sentence of an abstract
    ('Kernel RNN Learning (KeRNL), a …') finds its paper, as before grouping existed."""
    found = 0
    tried = 0
    for pid, abstract in zip(papers["paper_id"], papers["abstract"]):
        if not isinstance(abstract, str):
            continue
        sentence = next((x for x in re.split(r"(?<=\.)\s", abstract) if "(" in x and len(x.split()) >= 6), None)
        if sentence is None:
            continue
        tried += 1
        found += pid in search(papers, sentence, limit=3)["paper_id"].tolist()
        if tried == 150:
            break
    assert tried == 150 and found >= 145


@pytest.mark.parametrize("query", ["gan OR (reinforcement policy)", "(graph neural) OR gan", "NOT (gan diffusion)",
                                   "(a OR (b c))", "NOT (gan image", "gan OR (diffusion image"])
def test_groups_this_syntax_cannot_express_raise_query_error(small, query):
    # silently reading "a OR (b c)" as "(a OR b) c" would give wrong rows
    with pytest.raises(QueryError, match="parentheses can only group words joined by OR"):
        search(small, query)


def test_operators_in_a_pasted_title_in_capitals_are_words(papers):
    # ICLR's PDFs print titles in capitals: "CBOW IS NOT ALL YOU NEED: …" is a title, not "CBOW -ALL"
    title = "CBOW Is Not All You Need: Combining CBOW with the Compositional Matrix Space Model"
    pid = papers.loc[papers["title"] == title, "paper_id"].tolist()
    assert len(pid) == 1
    assert search(papers, title.upper(), limit=1)["paper_id"].tolist() == pid
    assert len(search(papers, "AND THEN THERE WERE NONE")) == 0  # words, not a misplaced AND
    # a short query in capitals keeps its operators
    assert set(search(papers, "GAN OR DIFFUSION")["paper_id"]) == set(search(papers, "gan OR diffusion")["paper_id"])
    # and so does a longer one that is not text: acronyms, no words such as ALL, TO, ARE
    for caps, lower in [("GAN OR VAE OR RNN", "gan OR vae OR rnn"), ("LSTM OR GRU OR RNN", "lstm OR gru OR rnn"),
                        ("(GAN OR VAE) AND MNIST", "(gan OR vae) mnist"), ("NOT GAN MNIST CIFAR SVHN", "-gan mnist cifar svhn")]:
        found = set(search(papers, caps)["paper_id"])
        assert found == set(search(papers, lower)["paper_id"]) and found, caps
    assert len(search(papers, "NOT ALL FEATURES ARE EQUAL")) <= len(search(papers, "not all features are equal"))


def test_pasted_text_hyphens_glued_to_text_or_after_formulas_are_not_exclusions(papers):
    """Sentences of the catalog's own abstracts, pasted, find their paper: a hyphen right
    after ")" or after LaTeX ("L_p -norm") joins words; "-1" is a number."""
    for sentence in ["samples which (state, action)-tuples may have",
                     "An ADMM (alternating direction method of multipliers)-based framework"]:
        found = search(papers, sentence)
        assert len(found) >= 1 and any(sentence.split("(")[1][:20] in a for a in found["abstract"].iloc[:1]), sentence
    assert terms("(pre)-training") == [(None, "pre", False, False), (None, "training", False, False)]
    assert terms("L_p -norm") == [(None, "L_p", False, False), (None, "norm", False, False)]
    assert terms("\\mathcal{G} -SGD")[-1] == (None, "SGD", False, False)
    assert terms("-1") == [(None, "1", False, False)]
    assert terms("image -gan")[-1] == (None, "gan", False, True)  # an exclusion as ever


def test_decomposed_accents_curly_quotes_and_possessives_in_queries(papers):
    import unicodedata

    assert set(ids(search(papers, unicodedata.normalize("NFD", "Póczos")))) == set(ids(search(papers, "Póczos")))
    assert len(search(papers, "Póczos")) >= 2
    # a frame whose own text is decomposed is searched as the same text
    nfd = papers.assign(authors=papers["authors"].map(lambda names: [unicodedata.normalize("NFD", a) for a in names]))
    assert set(ids(search(nfd, "Póczos"))) == set(ids(search(papers, "Póczos")))
    assert ids(search(papers, "\u201cgraph neural network\u201d")) == ids(search(papers, '"graph neural network"'))
    # "Newton's method" finds the papers that write "Newton method" too
    newton = set(ids(search(papers, "Newton's method")))
    assert newton >= set(ids(search(papers, '"newton method"'))) and newton
    assert ids(search(papers, "GAN vs VAE")) == ids(search(papers, "GAN VAE"))


def test_compatibility_letters_of_pdf_copies_match_their_plain_letters():
    """Abstracts copied from PDFs write "ℓ2", math letters ("𝐱") and ligatures ("ﬁ"); a user
    types "l2", "x", "fine": both are the same words, in the index and in the query.
    The frame's own text is returned unchanged."""
    df = make_papers([
        {"title": "Sparse recovery under the ℓ2 norm", "abstract": "We bound the error of 𝐱 for all inputs."},
        {"title": "L2 regularization revisited", "abstract": "Weight decay is not L2 regularization."},
        {"title": "Eﬃcient ﬁne-tuning", "abstract": "Stage Ⅱ of training is cheaper."},
        {"title": "Unrelated", "abstract": "A paper on lattices."},
    ])
    assert set(ids(search(df, "l2"))) == {"p0", "p1"}
    assert set(ids(search(df, "ℓ2"))) == {"p0", "p1"}
    assert ids(search(df, '"l2 norm"')) == ["p0"]
    assert ids(search(df, "abstract:x")) == ["p0"] and ids(search(df, "𝐱")) == ["p0"]
    assert ids(search(df, "efficient fine-tuning")) == ["p2"] and ids(search(df, "stage ii")) == ["p2"]
    assert search(df, "ℓ2 norm")["title"].tolist() == ["Sparse recovery under the ℓ2 norm"]
    assert search(df, "l3").empty


@pytest.mark.parametrize(
    ("joined", "written"),
    [("CIFAR10", "CIFAR-10"), ("ResNet50", "ResNet-50"), ("tsne", "t-SNE"), ("kmeans", "k-means"),
     ("qlearning", "Q-learning"), ("modelbased", "model-based"), ("longterm", "long-term"), ("onpolicy", "on-policy")],
)
def test_catalog_a_word_typed_joined_finds_it_hyphenated(papers, joined, written):
    """Users type "cifar10", "tsne", "modelbased"; papers write CIFAR-10, t-SNE, model-based."""
    found = set(search(papers, joined)["paper_id"])
    assert found >= set(search(papers, written)["paper_id"]) and found


def test_catalog_acronyms_are_plural_insensitive(papers):
    for plural, singular in [("LMs", "LM"), ("NNs", "NN"), ("GPs", "GP")]:
        assert set(ids(search(papers, plural))) == set(ids(search(papers, singular))) and len(search(papers, plural))
    # not words that only look like one: "its", "has", "bus" keep their form
    assert S._inflections("its") == ["its"] and S._inflections("bus") == ["bus"]


def test_catalog_initials_among_free_words_are_not_required_words(papers):
    """Free-text "S. Levine": "S." is an initial, not a word each paper must have (it was
    found in any possessive 's: 6 papers, few of them Levine's)."""
    found = search(papers, "S. Levine")
    sergey = set(filter_papers(papers, author="Sergey Levine")["paper_id"])
    assert sergey <= set(found["paper_id"])
    assert set(found["paper_id"]) == set(search(papers, "Levine")["paper_id"])
    assert ids(search(papers, '"S. Levine"')) == ids(search(papers, '"s levine"'))  # a phrase keeps it
    assert len(search(papers, "q learning")) < len(search(papers, "learning"))  # a letter without a period stays


def test_suggest_query_writes_a_name_with_initials_as_an_author_term(papers):
    """"Y. Bengio" typed as free words looks for a "y" and "bengio" in the text; the
    suggestion names the author, as filter_papers(author=) finds him."""
    assert suggest_query(papers, "Y. Bengio") == 'author:"Y. Bengio"'
    assert suggest_query(papers, "Y. Bengio iclr 2019") == 'author:"Y. Bengio" venue:iclr year:2019'
    assert suggest_query(papers, "M. van der Schaar") == 'author:"M. van der Schaar"'
    assert set(search(papers, 'author:"S. Levine"')["paper_id"]) == set(filter_papers(papers, author="S. Levine")["paper_id"])
    assert suggest_query(papers, "X. Nobody") is None  # no such author
    assert suggest_query(papers, '"Y. Bengio"') is None  # a phrase is what the user asked for
    assert suggest_query(papers, "graph -Y. Bengio") is None


def test_suggest_query_offers_no_respelling_that_finds_nothing(papers):
    # "presentation" is in no paper's text; "preservation" is, but "type:oral preservation" finds nothing
    assert suggest_query(papers, "oral presentation") == "type:oral presentation"  # the filter's syntax still
    assert suggest_query(papers, "tsne") is None  # t-SNE papers are found: nothing to respell
    assert suggest_query(papers, "graph nueral networks") == "graph neural networks"


def test_compounds_do_not_join_abbreviations_or_split_before_function_words(papers):
    def ids(q):
        return set(search(papers, q)["paper_id"])

    assert ids("U.S.") == ids('"u s"')  # not "us", as in "allows us"
    assert ids("overall") < ids("overall OR \"over all\"")  # "over all tasks" is not "overall"
    assert ids("dataset") == ids("data-set") > ids('"dataset"')  # "data set" is


def test_year_ranges_with_spaced_or_unicode_dashes(papers):
    dotted = search(papers, "year:2019..2021")["paper_id"].tolist()
    for q in ("year:2019 - 2021", "year:2019 – 2021", "year:2019‐2021", "year:2019−2021"):
        assert search(papers, q)["paper_id"].tolist() == dotted, q


@pytest.mark.parametrize(
    "query, pattern",
    [
        ("OR graph", "OR needs a word"),
        ("(OR graph)", "OR needs a word"),
        ("graph (AND neural)", "AND needs a word"),
        ("NOT NOT graph", "NOT needs a term after it, e.g. 'diffusion NOT image'"),
        ("graph OR", "OR at the end"),
        ("graph OR OR networks", "OR needs a word"),
        ("graph OR -survey", "excluded term cannot be part of an OR"),
        ("graph OR venue:iclr", "OR joins words or phrases"),
        ("graph NOT", "NOT at the end of the query needs a term after it, e.g. 'diffusion NOT image'"),
    ],
)
def test_misplaced_operators_raise_query_error(small, query, pattern):
    with pytest.raises(QueryError, match=pattern):
        search(small, query)


def test_a_pasted_title_with_a_colon_finds_its_paper(papers):
    """'code2seq: Generating …' is a title, not an unknown field 'code2seq:'."""
    titled = papers.dropna(subset=["title"])
    with_colon = titled[titled["title"].str.contains(": ", regex=False)]
    assert len(with_colon) > 100
    for pid, title in zip(with_colon["paper_id"], with_colon["title"]):
        assert search(papers, title, limit=1)["paper_id"].tolist() == [pid], title
    with pytest.raises(QueryError, match="unknown field 'titel:'"):
        search(papers, "titel:attention")  # a field term with a misspelt field still says what is valid


def test_query_must_be_a_string(small):
    with pytest.raises(TypeError, match="query must be a str"):
        search(small, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query, pattern",
    [
        ("year:2021..2019", r"empty; write the earlier year first: 2019\.\.2021"),
        ("year:2021-2019", r"empty; write the earlier year first"),
        ("year:20x1", r"'20x1' is not a year"),
        ("year:21", r"4-digit year"),
        ("year:..", r"not a year range"),
        ("year:>20", r"'>20' is not a year.*>2020, <=2021"),
        ("year:=>2020", r"'=>2020' is not a year"),
    ],
)
def test_bad_year_raises_query_error_saying_what_is_valid(small, query, pattern):
    with pytest.raises(QueryError, match=pattern):
        search(small, query)


def test_unknown_venue_and_type_list_the_valid_values(small):
    with pytest.raises(QueryError) as info:
        search(small, "graph venue:iclr2019")
    assert "'ICLR'" in str(info.value) and "'NeurIPS'" in str(info.value) and "'ICML'" in str(info.value)
    with pytest.raises(QueryError, match=r"type must be one of 'Oral', 'Poster', 'Spotlight'"):
        search(small, "type:keynote")


def test_filter_on_a_missing_column_is_a_query_error():
    own = pd.DataFrame({"title": ["Graph networks", "Image models"]})
    assert search(own, "graph")["title"].tolist() == ["Graph networks"]
    with pytest.raises(QueryError, match="no 'venue' column"):
        search(own, "venue:iclr")


def test_limit_is_checked(small):
    with pytest.raises(ValueError, match="limit must be 0 or more"):
        search(small, "graph", limit=-1)
    with pytest.raises(TypeError, match="limit must be a whole number"):
        search(small, "graph", limit=2.5)  # type: ignore[arg-type]
    assert len(search(small, "graph", limit=0)) == 0


def test_papers_must_be_a_dataframe():
    with pytest.raises(TypeError, match="papers must be a pandas DataFrame"):
        search([{"title": "x"}], "x")  # type: ignore[arg-type]


QUERY_PIECES = st.sampled_from(
    ['"', "-", ":", ",", "..", " ", "graph", "Póczos", "title:", "author:", "year:", "venue:", "type:",
     "session:", "2019", "2021..2019", "iclr", "oral", "x", "é", "中文", "(", ")", "*", "\\", "\t", "-\"a b\"",
     " OR ", " NOT ", " AND ", "||", "https://", "2019-2021", "pre-training", "pretraining", " (", ") ", "-(",
     "title:(", "NOT ("]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(QUERY_PIECES | st.text(max_size=4), max_size=8).map("".join), st.sampled_from([3, None]))
def test_any_query_gives_rows_or_a_query_error(small, query, limit):
    try:
        res = search(small, query, limit=limit)
    except QueryError as exc:
        assert str(exc)
        return
    assert list(res.columns) == PAPER_COLUMNS + ["score", "matched"]
    assert len(res) <= (3 if limit else len(small))
    assert set(res["paper_id"]) <= set(small["paper_id"])


def test_inflections():
    assert S._inflections("networks")[:2] == ["networks", "network"]
    assert "policies" in S._inflections("policy")
    assert "policy" in S._inflections("policies")
    assert "analyses" in S._inflections("analysis")
    assert "matrices" in S._inflections("matrix")
    assert "boxes" in S._inflections("box") and "box" in S._inflections("boxes")
    assert S._inflections("3d") == ["3d"]


# --------------------------------------------------------------------------- search semantics


def test_result_has_original_rows_plus_score_and_matched(small):
    res = search(small, "graph")
    assert list(res.columns) == PAPER_COLUMNS + ["score", "matched"]
    assert set(res.index) <= set(small.index)
    pd.testing.assert_frame_equal(res[PAPER_COLUMNS], small.loc[res.index, PAPER_COLUMNS])
    assert res["score"].dtype == np.float64
    assert (res["score"] > 0).all()
    assert res["score"].is_monotonic_decreasing


def test_all_words_must_match_somewhere(small):
    assert ids(search(small, "graph")) and set(ids(search(small, "graph"))) == {"p0", "p1", "p2", "p5"}
    assert set(ids(search(small, "graph pruning"))) == {"p2"}
    assert ids(search(small, "graph zebra")) == []


def test_title_match_outranks_abstract_match(small):
    res = search(small, "graph")
    # p0 and p1 have "graph" in the title, p2 and p5 only in the abstract
    assert set(ids(res)[:2]) == {"p0", "p1"}
    assert "title" in res.loc[res.paper_id == "p0", "matched"].iloc[0]
    assert res.loc[res.paper_id == "p5", "matched"].iloc[0] == "abstract"


def test_plural_case_and_diacritics_insensitive(small):
    assert "p3" in ids(search(small, "NETWORKS"))  # p3 has "network" and "networks"
    assert "p2" in ids(search(small, "networks"))  # p2 only has "Network"
    assert ids(search(small, "policy")) == ["p4"]  # text says "policies" / "Policy"
    assert ids(search(small, "poczos")) == ["p2"]
    assert ids(search(small, "Póczos")) == ["p2"]
    assert ids(search(small, "author:POCZOS")) == ["p2"]


def test_matched_names_the_fields(small):
    res = search(small, "bengio")
    assert set(ids(res)) == {"p0", "p1"}
    assert (res["matched"] == "authors").all()
    res = search(small, "neural")
    row = res.set_index("paper_id").loc["p3"]
    assert row["matched"] == "tldr, abstract"


def test_phrase_requires_adjacent_words(small):
    assert set(ids(search(small, "neural networks"))) == {"p0", "p3"}
    assert ids(search(small, '"graph neural"')) == ["p0"]
    assert set(ids(search(small, '"neural network"'))) == {"p0", "p3"}  # plural-insensitive phrases
    assert ids(search(small, '"networks graph"')) == []
    assert ids(search(small, '"graph neural')) == ids(search(small, '"graph neural"'))


def test_exclusions(small):
    assert set(ids(search(small, "graph -survey"))) == {"p0", "p2", "p5"}
    assert set(ids(search(small, 'graph -"message passing"'))) == {"p1", "p2", "p5"}
    assert set(ids(search(small, "-graph"))) == {"p3", "p4"}
    assert set(ids(search(small, "-bengio -poczos"))) == {"p3", "p4", "p5"}
    assert "p1" not in ids(search(small, "graph -surveys"))  # plural-insensitive exclusion


def test_field_terms_restrict_to_one_field(small):
    assert set(ids(search(small, "title:graph"))) == {"p0", "p1"}
    assert set(ids(search(small, "abstract:graph"))) == {"p1", "p2", "p5"}
    assert ids(search(small, "tldr:sgd")) == ["p3"]
    assert set(ids(search(small, "author:bengio"))) == {"p0", "p1"}
    assert ids(search(small, 'author:"samy bengio"')) == ["p1"]
    # a name: its words in any order, initials for names, as filter_papers(author=) reads it
    assert ids(search(small, 'author:"bengio samy"')) == ["p1"]
    assert ids(search(small, 'author:"Bengio, Samy"')) == ["p1"]
    assert ids(search(small, 'author:"S. Levine"')) == ["p3"]
    assert ids(search(small, "author:S.Levine")) == ["p3"]
    assert ids(search(small, 'author:"Levine S."')) == ["p3"]
    assert ids(search(small, 'author:"S. Bengio"')) == ["p1"]
    assert ids(search(small, 'author:"Y. Lee"')) == []  # two people of one paper are not one name
    assert ids(search(small, 'author:"Sergey Levin"')) == []  # Levine and Levin differ
    assert ids(search(small, 'author:"Sergey Q. Levine"')) == ["p3"]  # a middle initial the source left out
    assert ids(search(small, 'author:"Sergy Levine"')) == ["p3"]  # one letter off
    assert ids(search(small, "author:levine,finn")) == ["p3"]  # unquoted commas: a list of names
    assert set(ids(search(small, "author:levin,poczos"))) == {"p2", "p4"}
    assert set(ids(search(small, 'graph -author:"Y. Bengio"'))) == {"p1", "p2", "p5"}
    assert (search(small, 'author:"S. Levine"')["matched"] == "authors").all()
    assert set(ids(search(small, "title:graph title:networks"))) == {"p0", "p1"}
    assert ids(search(small, "-title:graph title:network")) == ["p2"]
    assert (search(small, "title:graph")["matched"] == "title").all()


def test_author_typo_falls_back_to_close_spellings(small):
    assert set(ids(search(small, "author:bengoi"))) == {"p0", "p1"}
    # an exact name exists, so no fuzzy neighbours come along ("levine" is not "levin")
    assert ids(search(small, "author:levine")) == ["p3"]
    assert ids(search(small, "author:levin")) == ["p4"]


def test_filter_terms(small):
    assert set(ids(search(small, "venue:iclr"))) == {"p0", "p2", "p3"}
    assert set(ids(search(small, "venue:ICLR,icml"))) == {"p0", "p2", "p3", "p5"}
    assert set(ids(search(small, "venue:iclr venue:icml"))) == {"p0", "p2", "p3", "p5"}
    assert set(ids(search(small, "-venue:iclr"))) == {"p1", "p4", "p5"}
    assert set(ids(search(small, "year:2021"))) == {"p0", "p4"}
    assert set(ids(search(small, "year:2019..2020"))) == {"p1", "p2", "p3"}
    assert set(ids(search(small, "year:2021.."))) == {"p0", "p4", "p5"}
    assert set(ids(search(small, "year:..2019"))) == {"p1", "p2"}
    assert set(ids(search(small, "year:2019,2022"))) == {"p1", "p2", "p5"}
    assert set(ids(search(small, "year:2019..2021 -year:2020"))) == {"p0", "p1", "p2", "p4"}
    # comparisons, as search boxes write them: open ranges
    assert set(ids(search(small, "year:>2020"))) == set(ids(search(small, "year:2021..")))
    assert set(ids(search(small, "year:>=2021"))) == {"p0", "p4", "p5"}
    assert set(ids(search(small, "year:≥2021"))) == {"p0", "p4", "p5"}
    assert set(ids(search(small, "year:<2020"))) == {"p1", "p2"}
    assert set(ids(search(small, "year:<=2019"))) == {"p1", "p2"}
    assert set(ids(search(small, "year:≤2019,>2021"))) == {"p1", "p2", "p5"}
    assert set(ids(search(small, "-year:>2020"))) == {"p1", "p2", "p3"}
    assert set(ids(filter_papers(small, year=">2020"))) == {"p0", "p4", "p5"}
    # at the ends of 4-digit years: nothing, not an error about a year the user did not write
    assert ids(search(small, "year:>9999")) == [] and ids(search(small, "year:<0000")) == []
    assert len(search(small, "-year:>9999")) == len(small)
    assert set(ids(search(small, "type:poster"))) == {"p1", "p3", "p5"}
    assert set(ids(search(small, "presentation:Oral"))) == {"p0"}
    assert set(ids(search(small, "type:posters venue:nips"))) == {"p1"}  # plural and NeurIPS's old name
    assert set(ids(search(small, 'session:"track 2"'))) == {"p1", "p4"}
    assert set(ids(search(small, "session:oral"))) == {"p0"}
    assert ids(search(small, "year:1990")) == []
    # a day written out finds the site's abbreviation, as filter_papers does
    assert set(ids(search(small, "session:tuesday"))) == {"p1", "p4"}
    assert set(ids(search(small, 'session:"tuesday track 2"'))) == {"p1", "p4"}
    assert ids(filter_papers(small, session="Tuesday")) == ["p1", "p4"]
    assert set(ids(search(small, "-session:tues"))) == {"p0", "p2", "p3", "p5"}
    assert ids(search(small, "venue:iclr type:spotlight year:2019")) == ["p2"]
    assert ids(search(small, "year:2022 type:oral")) == []
    # a valid type that these papers do not have is not an error
    assert ids(search(small.iloc[1:], "type:oral")) == []


def test_filters_combine_with_text_like_an_intersection(small):
    for q, f in [("graph", "venue:iclr"), ("gradient", "year:2020..2021"), ("networks", "-type:poster")]:
        both = set(ids(search(small, f"{q} {f}")))
        assert both == set(ids(search(small, q))) & set(ids(search(small, f)))
        ranked = ids(search(small, f"{q} {f}"))
        assert ranked == [i for i in ids(search(small, q)) if i in both]  # filters do not change the ranking


def test_empty_query_returns_everything_in_frame_order(small):
    res = search(small, "")
    assert ids(res) == ids(small)
    assert (res["score"] == 0).all() and (res["matched"] == "").all()
    assert ids(search(small, "", limit=2)) == ["p0", "p1"]
    assert ids(search(small, "year:2021")) == ["p0", "p4"]


def test_stop_words_are_skipped_unless_alone_or_quoted(small):
    assert ids(search(small, "the graph of networks")) == ids(search(small, "graph networks"))
    assert ids(search(small, "the")) == []  # alone, a stop word is searched for: no paper says "the"
    assert ids(search(small, "and")) == ["p1"]  # "many graph models and their applications"
    assert ids(search(small, '"of graph"')) == ["p1"]


def test_a_word_too_long_for_the_index_matches_no_paper(small):
    """The index leaves out words of 64 bytes or more; a query word that long cannot be in
    any paper (it used to be dropped, so the query returned every paper)."""
    long_word = "x" * 70
    assert ids(search(small, long_word)) == []
    assert ids(search(small, f"graph {long_word}")) == []
    assert ids(search(small, f'"graph {long_word} networks"')) == []
    assert ids(search(small, f"title:{long_word}")) == []
    assert ids(search(small, f"graph OR {long_word}")) == ids(search(small, "graph"))
    assert ids(search(small, f"graph -{long_word}")) == ids(search(small, "graph"))
    assert ids(search(small, "x" * 63)) == []  # the longest word the index keeps: searched as usual
    # words as the index's tokenizer cuts them, with combining marks and circled letters
    assert ids(search(small, "اَلتَّعَلُّمُالْآلِيُّوَالذَّكَاءُالِاصْطِنَاعِيُّ")) == []
    assert ids(search(small, "Ⓐ" * 22)) == []
    # a query with no word at all (punctuation, an emoji) still returns everything
    assert ids(search(small, "🤖 --")) == ids(small)


def test_limit_keeps_the_best_and_breaks_ties_by_frame_order():
    rows = [{"title": "Same title here", "abstract": "identical text"} for _ in range(120)]
    rows[77] = {"title": "Same title here here", "abstract": "identical text here"}
    df = make_papers(rows)
    full = search(df, "here")
    assert ids(full)[0] == "p77"
    assert ids(full)[1:] == [f"p{i}" for i in range(120) if i != 77]
    for limit in (1, 5, 50, 119, 500):
        assert ids(search(df, "here", limit=limit)) == ids(full)[:limit]


def test_a_tie_at_the_limit_is_fetched_until_it_ends(monkeypatch):
    # 3 papers score best, 300 tie after them (the same title), 2,700 score lower: a
    # limit inside the tie needs every tied paper (in frame order), not tantivy's cut
    # of it, which follows the index's segments (several: a multi-threaded build)
    monkeypatch.setattr(S, "_THREADED_MIN_DOCS", 1000)
    rng = np.random.default_rng(7)
    kinds = rng.permutation(["best"] * 3 + ["tie"] * 300 + ["low"] * 2700)
    titles = {"best": "alpha alpha", "tie": "alpha model", "low": "another model"}
    rows = [{"title": titles[k], "abstract": "alpha appears here" if k == "low" else "no word"} for k in kinds]
    df = make_papers(rows)
    full = search(df, "alpha")
    assert len(full) == 3003
    tied = [f"p{i}" for i, k in enumerate(kinds) if k == "tie"]
    assert ids(full)[3:303] == tied  # in frame order
    engine = S._index_for(df).engine()
    fetched: list[int] = []

    class Counting:  # the searcher, noting how many hits each search asks for
        def __init__(self, searcher):
            self.searcher = searcher

        def search(self, query, limit, **kw):
            fetched.append(limit)
            return self.searcher.search(query, limit, **kw)

        def __getattr__(self, name):
            return getattr(self.searcher, name)

    monkeypatch.setattr(engine, "searcher", Counting(engine.searcher))
    for limit in (1, 3, 4, 20, 150, 302, 303, 304, 1000):
        fetched.clear()
        assert ids(search(df, "alpha", limit=limit)) == ids(full)[:limit], limit
        if 3 < limit <= 150:  # the first fetch ends inside the tie: it is followed, no further than it runs
            ranking = fetched[:-1]  # (the last search is the `matched` one)
            assert len(ranking) >= 2 and max(ranking) < len(df), (limit, fetched)


def test_repeated_calls_give_identical_results(small):
    first = search(small, "graph networks -survey")
    for _ in range(3):
        pd.testing.assert_frame_equal(search(small, "graph networks -survey"), first)


def test_search_results_can_be_searched_again(small):
    res = search(small, "graph")
    again = search(res, "networks")
    assert list(again.columns) == PAPER_COLUMNS + ["score", "matched"]
    assert set(ids(again)) == {"p0", "p1", "p2"}


def test_punctuation_only_terms_are_ignored(small):
    assert ids(search(small, "graph - ; ,")) == ids(search(small, "graph"))


def test_non_default_index_and_missing_values():
    df = make_papers(ROWS).set_index(pd.Index([f"row{i}" for i in range(len(ROWS))]))
    df.loc["row1", "abstract"] = pd.NA
    df.at["row2", "authors"] = []
    res = search(df, "graph")
    assert list(res.index[:2]) == ["row0", "row1"]  # title matches of equal length: frame order
    assert set(res.index[2:]) == {"row2", "row5"}
    assert ids(search(df, "poczos")) == []


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_large_result_paths_agree_with_small_ones(monkeypatch, storage):
    # > 5000 results exercise the unrestricted "matched" query; a multi-threaded build
    # (forced here) gives several index segments, whose hits are mapped back by position.
    # Text in Arrow (pandas' default) is copied on the worker thread, the catalog's
    # Python strings on the calling one.
    monkeypatch.setattr(S, "_THREADED_MIN_DOCS", 1000)
    words = ["alpha", "beta", "gamma", "delta"]
    rows = [{"title": f"{words[i % 4]} model {i}", "abstract": f"text about {words[(i + 1) % 4]} and more",
                 "venue": "ICLR" if i % 3 else "NeurIPS", "year": 2019 + i % 3} for i in range(6000)]
    df = make_papers(rows, text=pd.StringDtype(storage))
    assert S._index_for(df).arrow_rows is (storage == "pyarrow")
    res = search(df, "alpha")
    assert len(res) == 3000
    # best first; equal scores in frame order, across the index's segments
    assert res["score"].is_monotonic_decreasing
    frame_pos = res["paper_id"].str[1:].astype(int)
    assert all(g.is_monotonic_increasing for _, g in frame_pos.groupby(res["score"].to_numpy()))
    assert (res.iloc[:1500]["matched"] == "title").all()
    assert (res.iloc[1500:]["matched"] == "abstract").all()
    assert ids(search(df, "alpha", limit=10)) == ids(res)[:10]
    assert set(ids(search(df, "alpha venue:neurips year:2019"))) == {f"p{i}" for i in range(6000) if i % 4 in (0, 3) and i % 3 == 0}
    assert ids(search(df, "alpha", limit=4000)) == ids(res)
    # 3000 rows (copied on the worker thread if in Arrow): the one-thread path gives the same frame
    assert len(res) >= S._PARALLEL_ROWS
    monkeypatch.setattr(S, "_PARALLEL_ROWS", len(df) + 1)
    pd.testing.assert_frame_equal(search(df, "alpha"), res)
    pd.testing.assert_frame_equal(search(df, "alpha beta"), search(df, "alpha beta", limit=len(df)))


@pytest.mark.parametrize(
    "query", ["learning", "neural networks", "graph OR adversarial -image", "deep learning venue:iclr year:2019",
              '"neural network" training', "learning title:networks"],
)
def test_matched_search_beside_the_ranking_gives_the_same_frame(papers, monkeypatch, query):
    """With limit=None the `matched` search may run on the worker thread beside the
    ranking; the frame must be the one the one-after-the-other path gives."""
    plan = S._plan(S._index_for(papers), S._parse_query(query), query)
    low, high = S._CONCURRENT_BOUND
    assert low < plan.bound <= high and len(S._matched_fields(plan)) > 1  # the path under test is taken
    beside = search(papers, query)
    assert len(beside) > 0 and beside["matched"].nunique() > 1
    monkeypatch.setattr(S, "_CONCURRENT_BOUND", (1 << 62, 1 << 62))
    pd.testing.assert_frame_equal(search(papers, query), beside)


def _every_kind_of_column(n: int) -> dict:
    """One column of each kind a user's papers frame may hold, *n* rows."""
    rng = np.random.default_rng(3)
    return {
        "title": pd.array([f"graph paper {i}" for i in range(n)], dtype=STRING),
        "abstract": pd.array([f"graph networks {i}" if i % 3 else None for i in range(n)], dtype="str"),
        "authors": pd.array([[f"Ann Lee{i}"] for i in range(n)], dtype=object),
        "n_authors": pd.array(list(range(n)), dtype="Int64"),
        "weight": rng.random(n),
        "flag": pd.array(rng.random(n) > 0.5, dtype=bool),
        "maybe": pd.array([True, None] * (n // 2) + [False] * (n % 2), dtype="boolean"),
        "start": pd.array(pd.date_range("2021-05-03", periods=n, freq="h", tz="UTC")),
        "naive": pd.array(pd.date_range("2021-05-03", periods=n, freq="D")),
        "length": pd.array(pd.to_timedelta(np.arange(n), unit="m")),
        "venue": pd.Categorical(["ICLR", "NeurIPS"] * (n // 2) + ["ICLR"] * (n % 2)),
        "month": pd.array(pd.period_range("2021-01", periods=n, freq="M")),
        "window": pd.arrays.IntervalArray.from_breaks(np.arange(n + 1)),
        "rank": pd.array(list(range(n)), dtype="int64[pyarrow]"),
    }


def test_result_frames_are_the_frames_pandas_builds():
    """Result rows are assembled around the taken arrays without pandas' constructor
    (its checks cost as much as a query on 10k papers): the frame must equal the
    constructor's for every kind of column, dtypes and index included."""
    columns = _every_kind_of_column(7)
    positions = np.array([5, 0, 6, 2])
    taken = {k: pd.Series(v).array.take(positions) for k, v in columns.items()}
    taken["score"] = np.round(np.linspace(3, 1, 4), 4)
    taken["matched"] = pd.Categorical.from_codes(np.array([1, 2, 3, 1], dtype=np.int8), dtype=S._matched_dtype())
    index = pd.Index(["a", "b", "c", "d", "e", "f", "g"], dtype="str").take(positions)
    fast = S._frame_around(dict(taken), index, pd.Index(list(taken)))
    slow = pd.DataFrame(dict(taken), index=index, copy=False)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.dtypes.tolist() == slow.dtypes.tolist() and fast.index.equals(slow.index)
    # the same blocks inside, too (an object column is kept as a NumPy array, never wrapped)
    assert [(type(b).__name__, type(b.values).__name__) for b in fast._mgr.blocks] == \
        [(type(b).__name__, type(b.values).__name__) for b in slow._mgr.blocks]
    # and the same through search, on a user's frame with these columns
    frame = pd.DataFrame(columns, index=pd.RangeIndex(100, 107))
    found = search(frame, "graph networks")
    expected = frame.loc[found.index]
    assert len(found) == 4
    pd.testing.assert_frame_equal(found.drop(columns=["score", "matched"]), expected, check_exact=True)
    found.iloc[0, 0] = "changed"  # a write to the result leaves the frame alone
    assert "changed" not in frame["title"].tolist()


@pytest.mark.parametrize("na_value", [pd.NA, np.nan])
def test_few_valued_string_columns_are_taken_through_codes(na_value):
    """Columns of Python strings with few distinct values (venue, presentation) are
    copied into results through small codes: the values, missing ones and dtype must
    be those of the frame's own rows."""
    dtype = pd.StringDtype("python", na_value=na_value)
    n = 3000
    venues = ["ICLR", "NeurIPS", "ICML", None]
    frame = make_papers([{"title": f"graph paper {i}" if i % 2 else f"other paper {i}"} for i in range(n)], text=dtype)
    frame["venue"] = pd.array([venues[i % 4] for i in range(n)], dtype=dtype)
    frame["session"] = pd.array([f"Session {i % 300}" if i % 5 else None for i in range(n)], dtype=dtype)
    index = S._index_for(frame)
    coded = {label for label, take in index._column_takers if take.__qualname__.startswith("_coded_take")}
    assert {"venue", "session"} <= coded and not {"title", "paper_id", "authors"} & coded
    found = search(frame, "graph")
    assert len(found) == n // 2
    expected = frame.loc[found.index]
    pd.testing.assert_frame_equal(found.drop(columns=["score", "matched"]), expected, check_exact=True)
    assert found["venue"].isna().sum() == expected["venue"].isna().sum() > 0
    assert all(v is na_value for v in found["venue"].array[found["venue"].isna().to_numpy()])
    # a frame whose strings are all different is copied row by row, as before
    assert S._coded_take(frame["title"].array) is None


@pytest.mark.parametrize("query", ["w1 w5", "w1 w2 w3 w4 w5 w6 w7 w8", "w1 w2 w3 w4 w5 w6 w7 -w9"])
def test_matched_is_the_same_for_few_and_many_results(query):
    # > 128 results use a different "matched" query than a page of 10; both must agree
    rng = np.random.default_rng(7)
    rows = []
    for i in range(400):
        words = [f"w{j}" for j in range(1, 10)]
        title = " ".join(rng.choice(words, size=4, replace=False))
        abstract = " ".join(words[:8]) + (" w9" if i % 5 == 0 else "")
        tldr = " ".join(rng.choice(words, size=3, replace=False)) if i % 2 else None
        rows.append({"title": title, "abstract": abstract, "tldr": tldr})
    df = make_papers(rows)
    full = search(df, query)
    assert len(full) > 128
    page = search(df, query, limit=10)
    pd.testing.assert_frame_equal(page, full.iloc[:10])
    by_id = full.set_index("paper_id")["matched"]
    for pid, matched in zip(page["paper_id"], page["matched"]):
        assert by_id[pid] == matched
    expected = [
        ", ".join(f for f in ("title", "tldr", "abstract") if isinstance(r[f], str) and any(
            w in r[f].split() for w in query.split() if not w.startswith("-")))
        for r in (rows[int(pid[1:])] for pid in full["paper_id"])
    ]
    assert full["matched"].tolist() == expected


def _count_alpha_in_child(df, conn):
    conn.send(len(search(df, "alpha")))
    conn.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_large_results_work_in_a_forked_child():
    # the rows of a large result are copied on a worker thread; a child forked after
    # that thread started has no such thread and must start its own, not wait forever
    import multiprocessing
    import warnings

    df = make_papers([{"title": f"alpha model {i}"} for i in range(S._PARALLEL_ROWS + 500)], text=pd.StringDtype("pyarrow"))
    assert len(search(df, "alpha")) == len(df)  # the parent's worker thread now exists
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12+: fork with threads
        proc = ctx.Process(target=_count_alpha_in_child, args=(df, child))
        proc.start()
    try:
        assert parent.poll(60), "the forked child's search did not finish"
        assert parent.recv() == len(df)
    finally:
        proc.join(10)
        if proc.is_alive():
            proc.kill()


def test_search_leaves_the_garbage_collector_as_it_found_it(small):
    assert gc.isenabled()
    search(small, "graph")
    assert gc.isenabled()
    with pytest.raises(QueryError):
        search(small, "venue:nowhere graph")
    assert gc.isenabled()
    gc.disable()
    try:
        search(small, "graph")
        assert not gc.isenabled()
    finally:
        gc.enable()


# --------------------------------------------------------------------------- cache


def test_index_is_reused_for_the_same_unchanged_frame(small):
    first = S._index_for(small)
    assert S._index_for(small) is first
    search(small, "graph")
    assert S._index_for(small) is first


def test_cache_sees_writes_to_the_frame(small):
    assert ids(search(small, "zebra")) == []
    small.loc[2, "title"] = "Zebra Pruning"
    assert ids(search(small, "zebra")) == ["p2"]
    small.at[4, "authors"] = ["Zoe Zebra"]
    assert set(ids(search(small, "zebra"))) == {"p2", "p4"}
    small["abstract"] = small["abstract"].str.replace("graph", "tree")
    assert set(ids(search(small, "abstract:tree"))) == {"p1", "p2", "p5"}
    small.loc[small["year"] == 2021, "venue"] = "CVPR"
    assert set(ids(search(small, "venue:cvpr"))) == {"p0", "p4"}
    del small["session"]
    with pytest.raises(QueryError, match="no 'session' column"):
        search(small, "session:oral")
    assert set(ids(search(small, "graph"))) == {"p0", "p1"}  # p5's abstract now says "tree"


def test_cache_does_not_confuse_frames_that_reuse_an_address():
    # Frames made and dropped in a loop often get the id() of an earlier, collected frame.
    for i in range(30):
        df = make_papers([{"title": f"word{i} paper"}, {"title": "other"}])
        assert ids(search(df, f"word{i}")) == ["p0"]
        del df
        if i % 10 == 9:
            gc.collect()
    assert len(S._cache) <= S._CACHE_SIZE


def test_subset_frames_get_their_own_index(small):
    sub = small[small["venue"] == "ICLR"]
    assert set(ids(search(sub, "graph"))) == {"p0", "p2"}
    assert set(ids(search(small, "graph"))) == {"p0", "p1", "p2", "p5"}


def test_import_does_not_load_heavy_libraries():
    code = (
        "import sys, confexplore, confexplore.search; "
        "heavy = [m for m in ('tantivy', 'sklearn', 'rapidfuzz', 'scipy') if m in sys.modules]; "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


# --------------------------------------------------------------------------- filter_papers


def test_filter_by_venue_year_presentation_session(small):
    assert ids(filter_papers(small)) == ids(small)
    assert ids(filter_papers(small, venue="iclr")) == ["p0", "p2", "p3"]
    assert ids(filter_papers(small, venue=["NeurIPS", "ICML"])) == ["p1", "p4", "p5"]
    assert ids(filter_papers(small, year=2021)) == ["p0", "p4"]
    assert ids(filter_papers(small, year=[2019, 2022])) == ["p1", "p2", "p5"]
    assert ids(filter_papers(small, year=(2019, 2020))) == ["p1", "p2", "p3"]
    assert ids(filter_papers(small, year=(2021, None))) == ["p0", "p4", "p5"]
    assert ids(filter_papers(small, year=range(2019, 2021))) == ["p1", "p2", "p3"]
    assert ids(filter_papers(small, year="2020..2021")) == ["p0", "p3", "p4"]
    assert ids(filter_papers(small, year=np.int64(2019))) == ["p1", "p2"]
    assert ids(filter_papers(small, presentation="poster")) == ["p1", "p3", "p5"]
    assert ids(filter_papers(small, presentation="Orals", venue="NIPS")) == []
    assert ids(filter_papers(small, presentation=["Oral", "Spotlight"])) == ["p0", "p2"]
    assert ids(filter_papers(small, session="Tue Track 2 -- Session 2")) == ["p1", "p4"]
    assert ids(filter_papers(small, session="oral session")) == ["p0"]
    assert ids(filter_papers(small, venue="ICLR", year=(2019, 2020), presentation="Poster")) == ["p3"]
    assert ids(filter_papers(small, has_tldr=True)) == ["p3"]
    assert ids(filter_papers(small, has_tldr=False)) == ["p0", "p1", "p2", "p4", "p5"]
    assert ids(filter_papers(small, year=1999)) == []
    assert ids(filter_papers(small, presentation="Oral", year=2022)) == []


def test_filter_returns_rows_of_papers(small):
    res = filter_papers(small, venue="ICLR")
    pd.testing.assert_frame_equal(res, small.iloc[[0, 2, 3]])


def test_author_names_in_other_scripts_are_found_quoted_or_not():
    # a name with no letter of the Latin alphabet has no author key: its words are searched
    df = make_papers([{"title": "a", "authors": ["李飞飞", "Ann Lee"]}, {"title": "b", "authors": ["Bob Smith"]}])
    for q in ['author:"李飞飞"', "author:李飞飞", '"李飞飞"']:
        assert ids(search(df, q)) == ["p0"], q


def test_errors_on_papers_without_any_value_say_so(small):
    no_sessions = small.assign(session=pd.array([pd.NA] * len(small), dtype="string"))
    with pytest.raises(ValueError, match="these papers have no session names"):
        filter_papers(no_sessions, session="Oral Session 1")
    no_venues = small.assign(venue=pd.array([pd.NA] * len(small), dtype="string"))
    with pytest.raises(ValueError, match="these papers have no venue values"):
        filter_papers(no_venues, venue="iclr2019")
    with pytest.raises(TypeError, match=r"k must be a whole number; got 2.5"):
        similar(small, "p0", k=2.5)  # type: ignore[arg-type]


def test_a_known_venue_these_papers_lack_gives_no_rows(small):
    """A subset (or a catalog of one venue) asked for a conference it lacks has no such
    papers; that is an answer, not a mistake. A name no reader knows stays an error."""
    iclr = small[small["venue"] == "ICLR"]
    assert len(filter_papers(iclr, venue="ICML")) == 0
    assert len(filter_papers(iclr, venue="cvpr")) == 0
    assert ids(filter_papers(iclr, venue=["NeurIPS", "ICLR"])) == ids(iclr)
    assert len(search(iclr, "venue:nips")) == 0
    assert ids(search(iclr, "-venue:icml")) == ids(iclr)
    with pytest.raises(ValueError, match=r"venue must be one of 'ICLR'.*got 'iclr2019'"):
        filter_papers(iclr, venue="iclr2019")
    with pytest.raises(QueryError, match=r"venue must be one of 'ICLR'.*got 'neurip'"):
        search(iclr, "venue:neurip")


def test_filter_errors_name_the_valid_values(small):
    with pytest.raises(ValueError, match=r"venue must be one of 'ICLR', 'ICML', 'NeurIPS'.*got 'iclr2019'"):
        filter_papers(small, venue="iclr2019")
    with pytest.raises(ValueError, match=r"presentation must be one of 'Oral', 'Poster', 'Spotlight'"):
        filter_papers(small, presentation="talk")
    with pytest.raises(ValueError, match=r"session 'track 9' matches no session.*'Oral Session 1'"):
        filter_papers(small, session="track 9")
    # search says the same of a session term, instead of finding nothing in silence
    with pytest.raises(QueryError, match=r"'session:\"track 9\"': session 'track 9' matches no session.*'Oral Session 1'"):
        search(small, 'gan session:"track 9"')
    with pytest.raises(QueryError, match=r"session 'wednesday' matches no session"):
        search(small, "session:wednesday")
    assert ids(search(small.iloc[:0], "session:wednesday")) == []  # no papers: nothing to name
    with pytest.raises(ValueError, match=r"earlier year first"):
        filter_papers(small, year=(2021, 2019))
    with pytest.raises(ValueError, match=r"'2019\.\.\.2021' is not a year range"):
        filter_papers(small, year="2019...2021")
    with pytest.raises(TypeError, match="year must be"):
        filter_papers(small, year=2021.5)
    with pytest.raises(TypeError, match="year must be"):
        filter_papers(small, year=True)
    with pytest.raises(TypeError, match="venue must be a venue name"):
        filter_papers(small, venue=3)
    with pytest.raises(TypeError, match="has_tldr must be True or False"):
        filter_papers(small, has_tldr="yes")
    with pytest.raises(ValueError, match="has no letters"):
        filter_papers(small, author="--")


def test_filter_by_author_tolerates_spelling_but_not_other_people(small):
    assert ids(filter_papers(small, author="levine")) == ["p3"]
    assert ids(filter_papers(small, author="Sergey Levine")) == ["p3"]
    assert ids(filter_papers(small, author="S. Levine")) == ["p3"]
    assert ids(filter_papers(small, author="levine sergey")) == ["p3"]
    assert ids(filter_papers(small, author="Poczos")) == ["p2"]
    assert ids(filter_papers(small, author="Barnabas Poczos")) == ["p2"]
    assert ids(filter_papers(small, author="Póczoss")) == ["p2"]  # one letter off
    assert ids(filter_papers(small, author="bengio")) == ["p0", "p1"]
    assert ids(filter_papers(small, author="Yoshua Bengoi")) == ["p0"]
    assert ids(filter_papers(small, author=["finn", "levin"])) == ["p3", "p4"]
    # not other people
    assert ids(filter_papers(small, author="lee")) == ["p0"]
    assert ids(filter_papers(small, author="Sergey Levin")) == []  # no such person; Levine and Levin differ
    assert ids(filter_papers(small, author="chen")) == []
    assert ids(filter_papers(small, author="Ann")) == ["p0"]
    assert ids(filter_papers(small, author="Yoshua Lee")) == []


# --------------------------------------------------------------------------- similar


def test_similar_excludes_itself_and_scores_decrease(small):
    res = similar(small, "p0", k=3)
    assert "p0" not in ids(res)
    assert len(res) <= 3
    assert list(res.columns) == PAPER_COLUMNS + ["score"]
    assert res["score"].is_monotonic_decreasing
    assert (res["score"] > 0).all()
    assert ids(res)[0] == "p1"  # the other paper with "graph" and "networks" in its title


def test_similar_leaves_out_papers_with_nothing_in_common():
    df = make_papers([{"title": "alpha beta"}, {"title": "gamma delta"}, {"title": "alpha gamma"}])
    assert ids(similar(df, "p0")) == ["p2"]
    assert ids(similar(df, "p2")) == ["p0", "p1"]  # equal scores: frame order


def test_similar_on_a_frame_that_numbers_its_papers(small):
    """A user's own frame may have int ids (NA among them): they work as ids, and a
    number given as text is pointed to the number."""
    numbered = small.assign(paper_id=pd.array([None, 11, 12, 13, 14, 15], dtype="Int64"))
    as_str = similar(small, "p1")
    got = similar(numbered, 11)
    assert got.index.tolist() == as_str.index.tolist() and len(got) >= 2
    assert got["score"].tolist() == as_str["score"].tolist()
    assert similar(numbered, np.int64(11))["paper_id"].tolist() == got["paper_id"].tolist()
    with pytest.raises(ValueError, match="did you mean 11"):
        similar(numbered, "11")
    with pytest.raises(ValueError, match=r"paper_id 99 is not in these papers\. "):
        similar(numbered, 99)


def test_similar_errors(small):
    with pytest.raises(ValueError, match=r"paper_id 'p99' is not in these papers.*papers\['paper_id'\]"):
        similar(small, "p99")
    with pytest.raises(ValueError, match="did you mean 'p0'"):
        similar(small, "p0 ")
    with pytest.raises(ValueError, match="paper_id 3 is not in these papers"):
        similar(small, 3)  # the ids are str
    with pytest.raises(TypeError, match="paper_id must be a value of papers"):
        similar(small, ["p0"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="paper_id must be a value of papers"):
        similar(small, True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k must be 0 or more"):
        similar(small, "p0", k=-1)
    assert len(similar(small, "p0", k=0)) == 0
    with pytest.raises(ValueError, match="no 'paper_id' column"):
        similar(small.drop(columns=["paper_id"]), "p0")


# --------------------------------------------------------------------------- the bundled catalog


def folded_text(row: pd.Series) -> str:
    parts = [row[c] for c in ("title", "tldr", "abstract") if isinstance(row[c], str)]
    parts += list(row["authors"])
    return re.sub(r"[^0-9a-z]+", " ", fold(" | ".join(parts)))


def test_catalog_neural_odes_ranks_first(papers):
    res = search(papers, "neural ordinary differential equations", limit=5)
    assert res["title"].iloc[0] == "Neural Ordinary Differential Equations"
    assert res["venue"].iloc[0] == "NeurIPS" and res["year"].iloc[0] == 2018
    assert "title" in res["matched"].iloc[0]


def test_catalog_author_bengio_finds_every_bengio_paper(papers, catalog):
    authorships = catalog.authorships
    expected = set(authorships.loc[authorships["author_key"].str.split().map(lambda t: "bengio" in t), "paper_id"])
    assert len(expected) >= 20
    res = search(papers, "author:bengio")
    assert set(res["paper_id"]) == expected
    sources = {s for row in res["sources"] for s in row}
    assert len(sources) >= 3  # Bengio papers come from several source files
    assert set(search(papers, "bengio")["paper_id"]) >= expected


def test_catalog_iclr_2021_orals_are_the_five_of_the_session_page(papers, catalog):
    res = search(papers, "venue:iclr year:2021 type:oral")
    talks = catalog.talks
    orals = set(talks.loc[(talks["venue"] == "ICLR") & (talks["year"] == 2021) & (talks["presentation"] == "Oral"), "paper_id"])
    assert len(orals) == 5
    assert set(res["paper_id"]) == orals
    assert ids(filter_papers(papers, venue="ICLR", year=2021, presentation="Oral")) == ids(res)


def test_catalog_phrases_and_exclusions(papers):
    phrase = search(papers, '"generative adversarial"')
    loose = search(papers, "generative adversarial")
    assert 10 < len(phrase) < len(loose)
    for _, row in phrase.iterrows():
        assert "generative adversarial" in folded_text(row)
    excluded = search(papers, "generative -adversarial")
    assert len(excluded) > 10
    for _, row in excluded.iterrows():
        text = folded_text(row)
        assert "generative" in text and not re.search(r"\badversarial\b", text)
    assert set(excluded["paper_id"]).isdisjoint(phrase["paper_id"])


def test_catalog_plural_finds_singular(papers):
    res = search(papers, "title:networks")
    singular_only = [t for t in res["title"] if re.search(r"\bnetwork\b", t.lower()) and "networks" not in t.lower()]
    assert singular_only, "a title with only 'network' should match 'networks'"


@pytest.mark.parametrize(
    ("joined", "hyphenated"),
    [("pretraining", "pre-training"), ("metalearning", "meta-learning"), ("multitask", "multi-task"),
     ("nonconvex", "non-convex"), ("autoencoder", "auto-encoder"), ("finetuning", "fine-tuning")],
)
def test_catalog_compound_words_match_joined_hyphenated_or_apart(papers, joined, hyphenated):
    """A compound written joined, hyphenated or as two words is one query; a quoted
    phrase stays exact."""
    first, rest = hyphenated.split("-")
    folded = papers.apply(folded_text, axis=1)  # hyphens are spaces here, as in the index
    spelled = folded.str.contains(rf"\b(?:{joined}|{first} {rest})(?:s|es)?\b")
    joined_hits = set(search(papers, joined)["paper_id"])
    assert joined_hits == set(papers.loc[spelled, "paper_id"])
    assert set(search(papers, hyphenated)["paper_id"]) == joined_hits
    # both spellings occur, so the test compares something
    assert folded.str.contains(rf"\b{joined}").any() and folded.str.contains(rf"\b{first} {rest}").any()
    exact = set(search(papers, f'"{hyphenated}"')["paper_id"])
    assert exact < joined_hits


def test_catalog_filter_author_spelling(papers, catalog):
    authorships = catalog.authorships
    keys = authorships["author_key"]
    sergey = set(authorships.loc[keys == "sergey levine", "paper_id"])
    any_levine = set(authorships.loc[keys.str.split().map(lambda t: "levine" in t), "paper_id"])
    poczos = set(authorships.loc[keys == "barnabas poczos", "paper_id"])
    assert len(sergey) >= 20 and any_levine > sergey and poczos
    assert set(filter_papers(papers, author="levine")["paper_id"]) == any_levine  # Sergey, Nir, Yoav...
    assert set(filter_papers(papers, author="Sergey Levine")["paper_id"]) == sergey
    assert set(filter_papers(papers, author="S. Levine")["paper_id"]) == sergey
    assert set(filter_papers(papers, author="Poczos")["paper_id"]) == poczos
    assert set(filter_papers(papers, author="Barnabás Póczos")["paper_id"]) == poczos


def test_catalog_author_umlaut_or_transliteration_finds_both_spellings(papers, catalog):
    a = catalog.authorships
    both = set(a.loc[a["author"].isin(["Jürgen Schmidhuber", "Juergen Schmidhuber"]), "paper_id"])
    assert len(both) == 6 and len(set(a.loc[a["author"] == "Juergen Schmidhuber", "paper_id"])) == 1
    for name in ("Jürgen Schmidhuber", "Juergen Schmidhuber", "Jurgen Schmidhuber"):
        assert set(filter_papers(papers, author=name)["paper_id"]) == both, name
        assert set(search(papers, f'author:"{name}"')["paper_id"]) == both, name
    scholkopf = set(a.loc[a["author_key"] == "bernhard scholkopf", "paper_id"])
    assert scholkopf and set(filter_papers(papers, author="Bernhard Schoelkopf")["paper_id"]) == scholkopf
    # one word, as the index reads it: each spelling finds the others
    words = [set(search(papers, f"author:{w}")["paper_id"]) for w in ("jürgen", "juergen", "jurgen")]
    assert words[0] == words[1] == words[2] and both <= words[0]


def test_author_transliteration_only_for_words_written_with_an_umlaut():
    # "Michael" is no transliteration of "Michal": neither finds the other
    frame = pd.DataFrame({"paper_id": ["a", "b", "c"], "title": ["x", "y", "z"],
                          "authors": [["Michal Valko"], ["Michael Valko"], ["Jürgen Klein"]]})
    assert ids(filter_papers(frame, author="Michal Valko")) == ["a"]
    assert ids(filter_papers(frame, author="Michael Valko")) == ["b"]
    assert ids(filter_papers(frame, author="Juergen Klein")) == ["c"]
    assert ids(search(frame, "author:michael")) == ["b"] and ids(search(frame, "author:juergen")) == ["c"]


def test_author_transliteration_of_an_umlaut_written_decomposed():
    """A name copied from macOS or a PDF writes "ü" as "u" and a combining diaeresis: it is
    the same umlaut, with the same transliteration."""
    decomposed = unicodedata.normalize("NFD", "Jürgen Schmidhuber")
    assert decomposed != "Jürgen Schmidhuber"
    frame = pd.DataFrame({"paper_id": ["a", "b"], "title": ["x", "y"],
                          "authors": [[decomposed], ["Juergen Schmidhuber"]]})
    for word in ("juergen", "jurgen", "jürgen"):
        assert ids(search(frame, f"author:{word}")) == ["a", "b"], word
    assert ids(filter_papers(frame, author="Juergen Schmidhuber")) == ["a", "b"]
    assert author_keys([decomposed, "Juergen Schmidhuber"]) == ["jurgen schmidhuber"] * 2


@pytest.mark.parametrize(
    "name",
    ["Bengio, Yoshua", "Levine S", "van der schaar, mihaela", "Yoshua Bengo", "salakhutdinow", "Tommi S. Jaakkola",
     "Ian J. Goodfellow", "Jimmy Lei Ba", "S. Levine", "Y. Lee", "Barnabás Póczos", "Wei Wang", "J. B. Tenenbaum"],
)
def test_catalog_author_term_finds_what_filter_papers_finds(papers, name):
    """``author:"…"`` in a query and ``filter_papers(author=…)`` name the same people."""
    wanted = set(filter_papers(papers, author=name)["paper_id"])
    assert set(search(papers, f'author:"{name}"')["paper_id"]) == wanted


def test_catalog_author_with_middle_names_left_out(papers, catalog):
    """A query with a middle initial or name finds the same person's papers where the
    source leaves it out (the reverse held already: "Tommi Jaakkola" finds "Tommi S. Jaakkola")."""
    keys = catalog.authorships["author_key"]
    for query, plain in [("Ian J. Goodfellow", "ian goodfellow"), ("Jimmy Lei Ba", "jimmy ba")]:
        wanted = set(catalog.authorships.loc[keys == plain, "paper_id"])
        assert wanted and wanted <= set(filter_papers(papers, author=query)["paper_id"]), query
    jaakkola = set(filter_papers(papers, author="Tommi Jaakkola")["paper_id"])
    assert set(filter_papers(papers, author="Tommi S. Jaakkola")["paper_id"]) == jaakkola
    assert len(filter_papers(papers, author="Goodfellow Ian J.")) == 0  # the order of the words decides here
    # only middle words may be missing: "Tian Qi Chen" is not "Qi Chen" nor "Tianqi Chen" (a name with
    # all its words, in any order, is: "Chen, Tian Qi")
    people = make_papers([{"title": f"paper {k}", "authors": [name]}
                          for k, name in enumerate(["Tian Qi Chen", "Qi Chen", "Tianqi Chen", "Tian Chen", "Chen, Tian Qi"])])
    assert ids(filter_papers(people, author="Tian Qi Chen")) == ["p0", "p3", "p4"]
    assert set(ids(search(people, 'author:"Tian Qi Chen"'))) == {"p0", "p3", "p4"}


@pytest.mark.parametrize(
    ("query", "key"),
    [('author:"S. Levine"', "sergey levine"), ('author:"Sergey Levine"', "sergey levine"),
     ('author:"joshua tenenbaum"', "joshua b tenenbaum"), ('author:"J. B. Tenenbaum"', "joshua b tenenbaum"),
     ('author:"Y. Bengio"', "yoshua bengio")],
)
def test_catalog_author_name_with_initials_or_no_middle_name(papers, catalog, query, key):
    """``author:"S. Levine"`` finds the papers of Sergey Levine (and of no other Levine), as
    ``filter_papers(author="S. Levine")`` does; "Joshua Tenenbaum" finds "Joshua B. Tenenbaum"."""
    authorships = catalog.authorships
    wanted = set(authorships.loc[authorships["author_key"] == key, "paper_id"])
    assert len(wanted) >= 5
    found = search(papers, query)
    assert set(found["paper_id"]) == wanted
    assert (found["score"] > 0).all() and found["score"].is_monotonic_decreasing


@pytest.mark.parametrize(
    "title, neighbours",
    [
        # Checked by reading the abstracts: both continuous-depth / neural-ODE models.
        ("Neural Ordinary Differential Equations",
         {"Neural Jump Ordinary Differential Equations: Consistent Continuous-Time Prediction and Filtering",
          "FFJORD: Free-Form Continuous Dynamics for Scalable Reversible Generative Models"}),
        # Both about network pruning and what the pruned sub-networks are worth.
        ("The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
         {"Rethinking the Value of Network Pruning"}),
        # Both theory of batch normalization.
        ("Towards Understanding Regularization in Batch Normalization",
         {"A Mean Field Theory of Batch Normalization", "Theoretical Analysis of Auto Rate-Tuning by Batch Normalization"}),
    ],
)
def test_catalog_similar_neighbours_share_the_topic(papers, title, neighbours):
    pid = papers.loc[papers["title"] == title, "paper_id"].iloc[0]
    res = similar(papers, pid, k=5)
    assert len(res) == 5 and pid not in set(res["paper_id"])
    assert neighbours <= set(res["title"].dropna())


# --------------------------------------------------------------------------- suggest_query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("iclr 2021 oral", "venue:iclr year:2021 type:oral"),
        ("NeurIPS 2018 spotlights", "venue:neurips year:2018 type:spotlights"),
        ("nips 2018 attention", "venue:nips year:2018 attention"),  # the old name is an alias
        ("iclr2019 gan", "venue:iclr year:2019 gan"),
        ("ICLR19 gan", "venue:iclr year:2019 gan"),
        ("neurips'18 robust", "venue:neurips year:2018 robust"),
        ("2019-2021 gan", "year:2019..2021 gan"),
        ("gan -iclr", "gan -venue:iclr"),
        ("author:bengio iclr", "author:bengio venue:iclr"),  # field terms stay as written
        ('"iclr 2019" gan 2019', '"iclr 2019" gan year:2019'),  # phrases too
        ("iclr OR neurips gan", "venue:iclr OR venue:neurips gan"),
        ("neurips 2018 - 2021", "venue:neurips year:2018..2021"),  # a spaced range stays one range
        ("gan 2019 – 2021", "gan year:2019..2021"),
    ],
)
def test_suggest_query_writes_venue_year_and_type_words_as_filters(papers, query, expected):
    assert suggest_query(papers, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "graph neural networks",
        '"iclr 2021 oral"',  # a phrase is what the user asked for
        "gan 1999",  # no paper of that year
        "icml attention",  # no such venue in these papers
        "venue:iclr year:2021",  # already filters
        "-iclr2019 gan",  # a glued negation would mean something else split in two
        "NOT iclr2019 graph",  # so would NOT, or OR on either side of it
        "iclr OR neurips2018",
        "year:2019 - 2021 gan",  # a range of the year field, not two words
        "title:( iclr OR neurips )",  # words of a field group belong to that field
        "NOT ALL GANS ARE CREATED EQUAL ICLR 2019",  # a pasted title in capitals: OR/NOT are words there
        "",
    ],
)
def test_suggest_query_leaves_other_queries_alone(papers, query):
    assert suggest_query(papers, query) is None


def test_suggest_query_finds_what_the_filters_find(papers):
    # the words find nothing as text; the suggestion finds exactly the filtered papers
    assert len(search(papers, "iclr 2021 oral")) == 0
    suggestion = suggest_query(papers, "iclr 2021 oral")
    expected = filter_papers(papers, venue="ICLR", year=2021, presentation="Oral")
    assert sorted(ids(search(papers, suggestion))) == sorted(ids(expected))
    assert len(expected) == 5


def test_suggest_query_uses_only_what_the_frame_has(small):
    frame = small.drop(columns=["venue", "year", "presentation"])
    assert suggest_query(frame, "iclr 2021 oral") is None
    assert suggest_query(small, "2021 gan") == "year:2021 gan"
    assert suggest_query(small, "2018 gan") is None  # small has 2019-2022 papers only
    assert suggest_query(small, "icml2022 diffusion") == "venue:icml year:2022 diffusion"
    other = small.assign(venue=pd.array(["中文会议"] * len(small), dtype="string"))
    assert suggest_query(other, "图 网络") is None  # a word that folds to nothing names no venue
    with pytest.raises(TypeError, match="query must be a str"):
        suggest_query(small, None)


_QUERY_BITS = st.sampled_from(
    ["iclr", "ICLR2019", "neurips'19", "nips", "2019", "2021", "2019-2022", "oral", "posters", "-iclr", "-2021",
     "OR", "NOT", "(", ")", '"', "author:", "venue:", "year:", "graph", "-", "foo:bar", "2019..", "icml22", ",", " "]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_QUERY_BITS, st.text(max_size=6)), max_size=8).map(" ".join))
@example(query="2019 - 2019")  # a spaced year range (found by this test)
@example(query="gan - 2019")  # a lone dash that is no range: kept
def test_suggest_query_never_breaks_a_query(small, query):
    suggestion = suggest_query(small, query)
    if suggestion is None:
        return
    assert suggestion != query
    search(small, suggestion)  # a valid query (raises QueryError otherwise)
    # only free words were rewritten: what is left of the query outside them is kept (the
    # dash of a spaced year range, "2019 - 2021", belongs to the range: year:2019..2021)
    words = query.split()
    kept = [p for k, p in enumerate(words) if not re.fullmatch(r"-?[\w'’]+(?:-\w+)?", p)
            and not (p == "-" and 0 < k < len(words) - 1 and all(re.fullmatch(r"(?:19|20)\d\d", w)
                                                               for w in (words[k - 1], words[k + 1])))]
    for piece in kept:
        assert piece in suggestion


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("graph nueral networks", "graph neural networks"),  # two letters swapped: one edit
        ("tranformer attention", "transformer attention"),
        ("diffusion modles", "diffusion models"),  # of the close words, the one more papers have
        ("varational autoencoders", "variational autoencoders"),
        ("reinforcment learning iclr 2019", "reinforcement learning venue:iclr year:2019"),
    ],
)
def test_suggest_query_respells_words_no_paper_has(papers, query, expected):
    assert len(search(papers, query)) == 0
    assert suggest_query(papers, query) == expected
    assert len(search(papers, expected)) > 0


@pytest.mark.parametrize("query", ["-tranformer gan", '"tranformer"', "qwertyuiop", "author:bengoi", "graph neural networks"])
def test_suggest_query_respells_only_free_words_with_a_close_match(papers, query):
    # exclusions, phrases and field terms are the user's; a word far from every word stays
    assert suggest_query(papers, query) is None


def test_a_repeated_word_is_one_clause_worth_its_copies(papers):
    """BM25 adds equal clauses up: "neural neural" scores twice "neural", from one search
    clause (500 copies of a word, or a pasted text repeating itself, stay one clause)."""
    once, twice = search(papers, "neural"), search(papers, "neural neural")
    assert ids(twice) == ids(once) and len(once) > 10
    np.testing.assert_allclose(twice["score"].to_numpy(), 2 * once["score"].to_numpy(), atol=2e-4)
    assert twice["matched"].tolist() == once["matched"].tolist()
    query = "graph " * 500 + "neural -survey -survey"
    plan = S._plan(S._index_for(papers), S._parse_query(query), query)
    assert len(plan.positive) == 2 and len(plan.negative) == 1
    heavy = search(papers, query)  # the same papers, "graph" weighing 500 times more
    assert sorted(ids(heavy)) == sorted(ids(search(papers, "graph neural -survey"))) and len(heavy) > 5


def test_long_or_chains_are_one_flat_query(papers):
    """Hundreds of words joined by OR (a list of names, say) made a chain of two-member
    queries as deep as the list: ~950 members overflowed tantivy's stack and killed the
    process; 500 took over a second at 100k papers."""
    query = " OR ".join(["graph", "policy", "kernel", "neural"] * 300)
    res = search(papers, query, limit=20)
    assert len(res) == 20
    assert set(ids(search(papers, query))) == set(ids(search(papers, "graph OR policy OR kernel OR neural")))


def test_pasted_text_with_dashes_and_nested_parentheses_finds_its_paper(papers):
    """A pasted abstract is text: "---where" and "--as" are not exclusions, and nested
    parentheses ("(e.g. Single Shot MultiBox Detection (SSD))") are not a malformed group."""
    assert terms("flow ---where --as -means") == [
        (None, "flow", False, False), (None, "---where", False, False), (None, "--as", False, False),
        (None, "means", False, True),
    ]
    text = "a detector (e.g. Single Shot MultiBox Detection (SSD)) for mobile"
    assert [t[1] for t in terms(text)][:3] == ["a", "detector", "(e.g."]
    assert terms("image (-gan)") == [(None, "image", False, False), (None, "gan", False, True)]  # still a group
    with pytest.raises(QueryError, match="OR needs"):
        S._parse_query("(OR graph)")
    for row in range(len(papers)):
        abstract = papers["abstract"].iloc[row]
        if isinstance(abstract, str) and (" --" in abstract or ("(" in abstract and abstract.count("(") > 1)):
            pasted = abstract[:400].rsplit(" ", 1)[0]  # (a whole word last)
            assert papers["paper_id"].iloc[row] in ids(search(papers, pasted, limit=5)), pasted[:80]


def test_half_characters_in_a_query_match_nothing_instead_of_failing(papers):
    # the half character reads as U+FFFD, punctuation: no word
    assert ids(search(papers, "graph \udcff")) == ids(search(papers, "graph")) != []
    assert ids(search(papers, "author:\udcffabcd")) == []
    suggest_query(papers, "nueral \ud800")  # no UnicodeEncodeError


def test_a_new_index_on_the_same_frame_is_seen(papers):
    df = papers.copy()
    search(df, "graph", limit=1)
    df.index = df["paper_id"]
    assert list(search(df, "graph", limit=3).index) == ids(search(df, "graph", limit=3))


def test_repeated_column_names_are_a_clear_error(papers):
    doubled = pd.concat([papers, papers[["title"]]], axis=1)
    for call in (lambda: search(doubled, "graph"), lambda: similar(doubled, papers["paper_id"].iloc[0]),
                 lambda: filter_papers(doubled, year=2019)):
        with pytest.raises(ValueError, match=r"repeated column names \['title'\]"):
            call()


def test_similar_with_missing_ids_and_no_k(papers):
    gappy = papers.assign(paper_id=papers["paper_id"].where(papers.index != papers.index[0]))
    pid = papers["paper_id"].iloc[3]
    assert ids(similar(gappy, pid, k=3)) == ids(similar(papers, pid, k=3))
    with pytest.raises(TypeError, match="k must be a whole number"):
        similar(papers, pid, k=None)
