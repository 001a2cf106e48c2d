"""A claimed quotation compared with an article: verbatim, altered with a word-level diff, or absent."""

from __future__ import annotations

from bot.quote_diff import compare

TEXT = (
    "North Korea said: “We have never had arms dealings with Russia and have no plans to do so,” "
    "the ministry said. It called the claims ‘rumours’ spread by hostile forces."
)


def changes(claim: str) -> list[tuple[str, str, str]]:
    found = compare(claim, TEXT)
    assert found is not None
    return [(entry.op, entry.claimed, entry.article) for entry in found.diff if entry.op != "equal"]


def test_a_verbatim_claim_is_found_whatever_its_case_punctuation_and_quote_marks() -> None:
    found = compare("we have never had arms dealings with russia!", TEXT)
    assert found is not None and found.verdict == "verbatim" and found.similarity == 1.0
    assert TEXT[found.start : found.end] == "We have never had arms dealings with Russia"
    assert compare("It called the claims 'rumours'", TEXT) is not None


def test_an_ellipsis_marks_an_omission_not_an_alteration() -> None:
    for claim in ("We have never had … no plans to do so", "We have never had [...] no plans to do so"):
        found = compare(claim, TEXT)
        assert found is not None and found.verdict == "verbatim"
        assert TEXT[found.start : found.end] == "We have never had arms dealings with Russia and have no plans to do so"
        assert changes(claim) == [("omitted", "", "arms dealings with Russia and have")]


def test_a_changed_word_is_named_with_the_words_the_article_has() -> None:
    found = compare("We have never had arms dealings with China", TEXT)
    assert found is not None and found.verdict == "altered" and round(found.similarity, 2) == 0.88
    assert changes("We have never had arms dealings with China") == [("changed", "China", "Russia")]


def test_added_and_missing_words_are_read_from_the_claims_side() -> None:
    assert changes("We have never ever had arms dealings with Russia") == [("added", "ever", "")]
    assert changes("We never had arms dealings with Russia") == [("missing", "", "have")]


def test_a_claim_sharing_too_few_words_in_order_is_not_found() -> None:
    assert compare("North Korean soldiers are fighting alongside Russian troops in Kursk", TEXT) is None
    assert compare("Russia with dealings arms had never have we", TEXT) is None
    assert compare("…", TEXT) is None


def test_the_slice_is_the_articles_own_text_at_exact_offsets() -> None:
    found = compare("WE HAVE NEVER HAD ARMS DEALINGS WITH CHINA", TEXT)
    assert found is not None
    assert TEXT[found.start : found.end] == "We have never had arms dealings with Russia"


def test_a_claim_sharing_only_a_long_name_with_the_article_is_not_found() -> None:
    """Eight of ten words in order, yet all the article shares with the claim is the name
    of an institute: no statement of the claim is in it."""
    article = "A fellow at the Center for Strategic and International Studies, said in June that talks stalled."
    assert compare("Seoul-based Center for Strategic and International Studies, said in", article) is None


def test_a_changed_word_beside_a_long_name_is_still_altered() -> None:
    article = "The Center for Strategic and International Studies found that shipments doubled in May."
    found = compare("the Center for Strategic and International Studies found that shipments halved", article)
    assert found is not None and found.verdict == "altered"
    assert [(e.claimed, e.article) for e in found.diff if e.op == "changed"] == [("halved", "doubled")]
