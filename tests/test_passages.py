"""Passages are verbatim sentences of content; site chrome and headings never are."""

from __future__ import annotations

import pytest

from index.passages import split_passages

from .conftest import SEEDS

CHROME = [
    "IE 11 is not supported",
    "More to explorer",
    "source site-34",
    "Image: Kim Jong Un",
    "/ Source: Reuters",
    "via AP file",
    "The corona epidemic started from a military parade",
    "What the U.S. Tells the World",
    "Why This matters to Russia",
    "Interception or Just Watching?",
    "Sign of Russia’s “scarcity”",
    "The situation is tense",
    "North Korea Catcalls Its Russian Ammo",
    "Pyongyang: All just rumours",
]


def _passages(doc_id: str, text: str, manifest: dict[str, dict[str, str]]) -> list[str]:
    return [text[p.start : p.end] for p in split_passages(text, manifest[doc_id].get("title"))]


def test_every_passage_is_a_slice_of_the_original(
    seed_texts: dict[str, str], seed_manifest: dict[str, dict[str, str]]
) -> None:
    for doc_id, text in seed_texts.items():
        passages = split_passages(text, seed_manifest[doc_id].get("title"))
        assert passages, doc_id
        for p in passages:
            quote = text[p.start : p.end]
            assert quote == quote.strip() and quote, (doc_id, p)
            assert text.find(quote) != -1


@pytest.mark.parametrize("chrome", CHROME)
def test_chrome_and_headings_are_never_passages(
    chrome: str, seed_texts: dict[str, str], seed_manifest: dict[str, dict[str, str]]
) -> None:
    assert any(chrome in text for text in seed_texts.values()), "the fixture must exist in the seeds"
    for doc_id, text in seed_texts.items():
        assert not any(chrome in p for p in _passages(doc_id, text, seed_manifest))


def test_the_title_repeated_at_the_top_is_not_a_passage(
    seed_texts: dict[str, str], seed_manifest: dict[str, dict[str, str]]
) -> None:
    for doc_id, text in seed_texts.items():
        title = seed_manifest[doc_id]["title"]
        assert all(not p.startswith(title[:40]) for p in _passages(doc_id, text, seed_manifest))


def test_a_photo_caption_is_content_without_its_credit(
    seed_texts: dict[str, str], seed_manifest: dict[str, dict[str, str]]
) -> None:
    passages = _passages("002_6ccdad6a103b25cf", seed_texts["002_6ccdad6a103b25cf"], seed_manifest)
    caption = "North Korean leader Kim Jong Un and Russian President Vladimir Putin in Vladivostok, Russia, in 2019."
    assert caption in passages


def test_sentences_are_split_but_abbreviations_are_not() -> None:
    text = (
        "Headline of the piece\n\n"
        "The U.S. said it would act. Officials at the U.N. Security Council agreed. Mr. Kim left."
    )
    assert [text[p.start : p.end] for p in split_passages(text)] == [
        "The U.S. said it would act.",
        "Officials at the U.N. Security Council agreed.",
        "Mr. Kim left.",
    ]


def test_hard_wrapped_lines_form_one_sentence_and_bullets_are_trimmed() -> None:
    text = "Title line\n\nThe minister said the talks\nwould resume next week.\n\n  • A bulleted point stands alone.\n"
    assert [text[p.start : p.end] for p in split_passages(text)] == [
        "The minister said the talks\nwould resume next week.",
        "A bulleted point stands alone.",
    ]


def test_without_a_title_the_first_line_is_taken_as_the_title() -> None:
    text = "Minister resigns over leak\n\nThe minister resigned on Friday after the leak."
    assert [text[p.start : p.end] for p in split_passages(text)] == ["The minister resigned on Friday after the leak."]


def test_an_article_of_only_chrome_has_no_passages() -> None:
    chrome = "IE 11 is not supported. For an optimal experience visit our site on another browser."
    assert split_passages(f"Title\n\n{chrome}\n\nMore to explore") == []


def test_seed_folder_holds_the_five_articles() -> None:
    assert len(list(SEEDS.glob("*.txt"))) == 5
