from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import Config
from storyline.model import Article
from storyline.stages.clean import clean, page_date
from storyline.stages.ingest import read_file

from .conftest import HILL, needs_pompeo


def _hill() -> Article:
    item = next(read_file(HILL, Config()))
    assert isinstance(item.result, Article)
    return clean(item.result)


@needs_pompeo
def test_hover_cards_are_removed_and_names_kept() -> None:
    article = _hill()
    assert "PompeoMike" not in article.text and "TrumpDonald" not in article.text
    assert "MORE" not in article.text
    assert "Secretary of State Mike Pompeo will travel to North Korea on Thursday" in article.text
    assert "made by President Trump and Chairman Kim in Singapore" in article.text
    cards = [r for r in article.removed if r.kind == "hover-card"]
    assert len(cards) == 2
    assert cards[0].text.startswith("Mike PompeoChina plays the Trump card")


@needs_pompeo
def test_repeated_title_and_photo_credit_are_removed() -> None:
    article = _hill()
    kinds = {r.kind: r.text for r in article.removed}
    assert kinds["repeated-title"] == "Pompeo to travel to North Korea on July 5 to meet with Kim"
    assert kinds["photo-credit"] == "© Getty Images"
    assert not article.text.startswith("Pompeo to travel")
    assert "Getty" not in article.text


@needs_pompeo
def test_cleaning_keeps_every_sentence_of_the_body() -> None:
    article = _hill()
    for phrase in ("We see progress and momentum in the process",
                   "dismantle North Korea's nuclear program within a year."):
        assert phrase in article.text


def test_lead_sentence_used_as_title_is_not_debris() -> None:
    article = Article(id="x", ref="x", title="Ten people were hurt when a bus crashed in Lyon.",
                      text="Ten people were hurt when a bus crashed in Lyon.\nMore follows here.")
    assert clean(article).text.startswith("Ten people were hurt")


def test_page_timestamps_are_removed_and_give_the_posting_day() -> None:
    body = ("UPDATED: FRIDAY, MARCH 6, 2015, 9: 56 AM\n"
            "Posted on Thu Mar 5, 2015 08: 45 AM PDT\n"
            "The ferry to Corvara left the harbour at 6: 40 a. m. on Thursday.\n"
            "Updated 4: 08 p. m. ET\n"
            "Mar 6 2015, 5: 03pm\n"
            "on March 6th, 2015\n"
            "Voting closes at 6: 00 p.m. local time (1300 GMT) on Sunday.")
    cleaned = clean(Article(id="x", ref="x", title="Ferry leaves", text=body))
    # Sentences that give a time stay; the stamps (with or without a day) go.
    assert cleaned.text.splitlines() == [
        "The ferry to Corvara left the harbour at 6: 40 a. m. on Thursday.",
        "Voting closes at 6: 00 p.m. local time (1300 GMT) on Sunday."]
    assert [r.kind for r in cleaned.removed] == ["timestamp"] * 5
    # The posting, not the update, is the page's day.
    assert page_date(cleaned.removed) == ("2015-03-05",
                                          "Posted on Thu Mar 5, 2015 08: 45 AM PDT")
    numeric = clean(Article(id="y", ref="y", title="t", text="05 / 03 / 2013 at 11: 00 AM EDT\n"
                            "Text of the report follows here."))
    assert page_date(numeric.removed) == ("2013-05-03", "05 / 03 / 2013 at 11: 00 AM EDT")
    assert page_date(clean(Article(id="z", ref="z", title="t", text="Updated 9: 06 AM\nA "
                                   "report.")).removed) is None
    # A bare year, an amount, a lifespan are lines of the text, not stamps.
    kept = ["2008", "$2000", "10:30", "March 3, 1941 - May 2, 2013"]
    lines = clean(Article(id="w", ref="w", title="t", text="\n".join(kept + ["A report."])))
    assert lines.text.splitlines() == kept + ["A report."]


def test_share_newsletter_and_related_lines_are_removed() -> None:
    body = ("Share this article\nThe council voted on Tuesday to close the bridge.\n"
            "Advertisement\nSign up for our morning newsletter\n"
            "Related: Bridge repairs delayed again\n(Reporting by Ana Lopes; Editing by Tom Rae)")
    cleaned = clean(Article(id="x", ref="x", title="Bridge closes", text=body))
    assert cleaned.text == "The council voted on Tuesday to close the bridge."
    assert {r.kind for r in cleaned.removed} == {
        "share-line", "advertisement", "newsletter", "related-link", "byline-boilerplate"}


def test_link_text_addressed_to_the_reader_is_removed() -> None:
    """"Read more" on its own line or after a paragraph's last sentence is a link, not the
    report; a sentence that says "read more" and a line "See?" are the report."""
    body = ("Two mines near Corvara were halted after the quake. Read more\n"
            "Continue reading »\nHe told pupils to read more.\nSee?\n\"Watch.\"\nClick here")
    cleaned = clean(Article(id="x", ref="x", title="Quake halts mines", text=body))
    assert cleaned.text == ("Two mines near Corvara were halted after the quake.\n"
                            "He told pupils to read more.\nSee?\n\"Watch.\"")
    assert [r.kind for r in cleaned.removed] == ["reader-prompt"] * 3


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400),
       st.text(max_size=40))
def test_clean_is_idempotent(text: str, title: str) -> None:
    once = clean(Article(id="x", ref="x", title=title, text=text))
    twice = clean(once)
    assert twice.text == once.text
    assert twice.removed == once.removed
