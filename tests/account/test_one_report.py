"""One change, one variant: a change found both in a quotation and in its claim, or by
the claim and the story-wide figures, is reported once, with its most specific kind."""

from __future__ import annotations

from storyfold.account import consolidate
from storyfold.account.one_report import changed_words, one_report_per_change
from storyfold.account.variants import Variant, VariantSide
from storyfold.model import Article, CopyRelation

LEAD = (
    "The harbour board of Eastmere approved the new winter ferry timetable on Tuesday "
    "after a long debate in the town hall."
)
TAIL = (
    "Ferries will leave every forty minutes from the north pier from November, and the "
    "old south pier will close for repairs until the spring."
)


def _account(quote_a: str, quote_b: str):
    texts = [
        f'{LEAD}\n\n"{quote}," said board chair Ines Marrow after the vote.\n\n{TAIL}'
        for quote in (quote_a, quote_b)
    ]
    arts = [
        Article(f"d{n}#0", f"d{n}", 0, text, title="Ferry timetable approved",
                published="2026-11-03", site=site)
        for n, (text, site) in enumerate(zip(texts, ("herald.test", "courier.test"), strict=True))
    ]  # fmt: skip
    return consolidate(arts, [CopyRelation("d0#0", "d1#0", "near", 0.9, 0.95)])


def test_a_word_changed_in_a_quotation_is_one_quote_variant():
    acc = _account(
        "We have listened to every family on the island and we will keep the pier open",
        "We have listened to every family on the island and we shall keep the pier open",
    )
    reported = [v for v in acc.variants if "shall" in changed_words(v)]
    assert [v.kind for v in reported] == ["quote"]
    assert all(v in acc.variants for c in acc.claims for v in c.variants)


def test_a_figure_changed_in_a_quotation_is_one_figure_variant():
    acc = _account(
        "We counted 1,200 passengers a day last winter and we expect more this year",
        "We counted 1,500 passengers a day last winter and we expect more this year",
    )
    reported = [v for v in acc.variants if {"1", "200"} & changed_words(v) or
                "1,200" in " ".join(s.value for s in v.sides)]  # fmt: skip
    assert [v.kind for v in reported] == ["number"], [(v.kind, v.sides) for v in acc.variants]


def _variant(kind: str, a: str, b: str, arts: tuple[str, str] = ("x", "y")) -> Variant:
    return Variant(kind, None, kind, [VariantSide(a, [arts[0]]), VariantSide(b, [arts[1]])])


def test_only_variants_of_the_same_articles_and_words_are_merged():
    wording = _variant("wording", "will keep", "shall keep")
    quote = Variant("quote", None, "quote", wording.sides, changes=[("will", "shall")])
    elsewhere = _variant("wording", "will keep", "shall keep", ("p", "q"))
    other = _variant("wording", "north pier", "south pier")
    kept = one_report_per_change([wording, quote, elsewhere, other])
    assert kept == [quote, elsewhere, other]
