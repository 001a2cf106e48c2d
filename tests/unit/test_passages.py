"""Passages are verbatim paragraphs of content and the headline; site chrome and headings never are."""

from __future__ import annotations

import pytest

from index.passages import MAX_PASSAGE_WORDS, sentences, split_passages
from tests.conftest import SEEDS

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


def test_the_headline_is_one_passage_marked_as_such(
    seed_texts: dict[str, str], seed_manifest: dict[str, dict[str, str]]
) -> None:
    for doc_id, text in seed_texts.items():
        title = seed_manifest[doc_id]["title"]
        passages = split_passages(text, title)
        repeats = [p for p in passages if text[p.start : p.end].startswith(title[:40])]
        assert all(p.headline for p in repeats), doc_id
        assert [p for p in passages if p.headline] == repeats[:1] == passages[:1], doc_id


def test_the_headline_below_a_browser_warning_is_the_headline() -> None:
    text = "IE 11 is not supported. For an optimal experience visit our site on another browser.\n\n"
    text += "Minister resigns over leak\n\nThe minister resigned on Friday."
    for title in ("Minister resigns over leak", None):
        assert [(text[p.start : p.end], p.headline) for p in split_passages(text, title)] == [
            ("Minister resigns over leak", True),
            ("The minister resigned on Friday.", False),
        ]


def test_a_title_line_repeated_below_the_headline_is_dropped() -> None:
    text = "Minister resigns over leak\n\nMinister resigns over leak\n\nThe minister resigned on Friday."
    passages = split_passages(text, "Minister resigns over leak")
    assert [(text[p.start : p.end], p.headline) for p in passages] == [
        ("Minister resigns over leak", True),
        ("The minister resigned on Friday.", False),
    ]


def test_a_photo_caption_is_content_without_its_credit(
    seed_texts: dict[str, str], seed_manifest: dict[str, dict[str, str]]
) -> None:
    passages = _passages("002_6ccdad6a103b25cf", seed_texts["002_6ccdad6a103b25cf"], seed_manifest)
    caption = "North Korean leader Kim Jong Un and Russian President Vladimir Putin in Vladivostok, Russia, in 2019."
    assert caption in passages


def test_sentences_are_split_but_abbreviations_are_not() -> None:
    text = "The U.S. said it would act. Officials at the U.N. Security Council agreed. Mr. Kim left."
    assert [text[p.start : p.end] for p in sentences(text, 0, len(text))] == [
        "The U.S. said it would act.",
        "Officials at the U.N. Security Council agreed.",
        "Mr. Kim left.",
    ]


def test_a_paragraph_is_one_passage_and_a_long_one_is_cut_between_sentences() -> None:
    short = "The minister said the talks would resume. She gave no date."
    sentence = "Then " + " ".join(["word"] * (MAX_PASSAGE_WORDS // 2 - 2)) + " end."
    text = f"Title line\n\n{short}\n\n{sentence} {sentence} {sentence}"
    body = [text[p.start : p.end] for p in split_passages(text) if not p.headline]
    assert body == [short, f"{sentence} {sentence}", sentence]


def test_hard_wrapped_lines_form_one_paragraph_and_bullets_are_trimmed() -> None:
    text = "Title line\n\nThe minister said the talks\nwould resume next week.\n\n  • A bulleted point stands alone.\n"
    assert [text[p.start : p.end] for p in split_passages(text)] == [
        "Title line",
        "The minister said the talks\nwould resume next week.",
        "A bulleted point stands alone.",
    ]


def test_without_a_title_the_first_line_is_taken_as_the_headline() -> None:
    text = "Minister resigns over leak\n\nMinister resigns over leak\n\nThe minister resigned on Friday after the leak."
    assert [(text[p.start : p.end], p.headline) for p in split_passages(text)] == [
        ("Minister resigns over leak", True),
        ("The minister resigned on Friday after the leak.", False),
    ]


def test_an_article_of_only_chrome_has_no_passages() -> None:
    chrome = "IE 11 is not supported. For an optimal experience visit our site on another browser."
    assert split_passages(f"Title\n\n{chrome}\n\nMore to explore") == []


def test_seed_folder_holds_the_five_articles() -> None:
    assert len(list(SEEDS.glob("*.txt"))) == 5
