"""Quote groups (``_fusion_quotes``): which printings are one utterance, who said it, and
who reports it unquoted. The articles are small texts in our own words with fictional
names, built as documents by hand so that only the grouping rules are under test (the
quote extractor is not run: each quote is given with its speaker as an extractor would
read it)."""

from __future__ import annotations

from storyline.model import Article, Document, Quote, QuoteGroup, Sentence
from storyline.stages._fusion_align import Unit
from storyline.stages._fusion_quotes import clean_name, quote_groups, word_diff


def _doc(aid: str, sentences: list[str],
         quotes: tuple[tuple[str, str, str], ...] = ()) -> Document:
    """An article of ``sentences`` with ``quotes`` as (words quoted, speaker, cue)."""
    text, spans = "", []
    for s in sentences:
        if text:
            text += " "
        spans.append((len(text), len(text) + len(s)))
        text += s
    sents = tuple(Sentence(i, a, b, text[a:b]) for i, (a, b) in enumerate(spans))
    found = []
    for words, speaker, cue in quotes:
        start = text.index(words)
        index = next(s.index for s in sents if s.start <= start < s.end)
        found.append(Quote(start, start + len(words), words, speaker, cue, index))
    article = Article(id=aid, ref=aid, title=aid, text=text, source=f"{aid}.example.com")
    return Document(article, sentences=sents, quotes=tuple(found))


def _groups(*docs: Document) -> list[QuoteGroup]:
    units = [Unit(d, s.index, d.article.outlet, d.article.outlet, {}, frozenset())
             for d in docs for s in d.sentences]
    groups, _ = quote_groups(list(docs), None, units,
                             {d.article.id: d.article.outlet for d in docs}, {})
    for g in groups:  # every printing shown is the article's own text
        for v in g.variants:
            doc = next(d for d in docs if d.article.id == v.article_id)
            start, end = v.citation.char_span
            assert doc.article.text[start:end] == v.text == v.citation.text
    return groups


WALL = "We will rebuild the harbour wall before the winter storms arrive,"


def test_a_paraphrase_has_the_speaker_as_the_subject_of_a_speech_verb() -> None:
    """Narration naming the speaker is no paraphrase, nor a printing in quotation marks
    the extractor did not read; "Ruddle said the town would ..." and "He vowed ..." after
    a sentence naming him are."""
    quoted = _doc("a", [f'"{WALL}" said Mayor Tomas Ruddle on Monday.'],
                  ((WALL, "Mayor Tomas Ruddle", "said"),))
    narration = _doc("b", ["Mayor Tomas Ruddle on Monday sent crews to rebuild the harbour wall "
                           "before the winter storms arrive."])
    reported = _doc("c", ["Tomas Ruddle said the town would rebuild the harbour wall before the "
                          "storms of winter arrive."])
    unread = _doc("d", [f"``{WALL} ``Tomas Ruddle said at the pier."])
    pronoun = _doc("e", ["Tomas Ruddle spoke at the pier on Monday.",
                         "He vowed to rebuild the harbour wall before winter storms arrive."])
    verbatim = _doc("f", ["We will rebuild the harbour wall before the winter storms arrive, "
                          "Tomas Ruddle told the council."])
    (group,) = _groups(quoted, narration, reported, unread, pronoun, verbatim)
    assert group.speaker == "Tomas Ruddle"
    assert {p.source for p in group.paraphrases} == {"c.example.com", "e.example.com"}


def test_two_sentences_quoted_as_one_do_not_chain_two_utterances() -> None:
    """Outlet a quotes two sentences as one; b and c quote them apart. Each sentence is
    one group, listing each article once, and a's printing is cut at its sentence end."""
    a = _doc("a", ['"The old bridge is safe for traffic.', 'We checked every bolt twice," '
                   'said Inspector Lena Marsh.'],
             (("The old bridge is safe for traffic. We checked every bolt twice,",
               "Inspector Lena Marsh", "said"),))
    b = _doc("b", ['"The old bridge is safe for traffic," Marsh said.',
                   '"We checked every bolt twice," she added.'],
             (("The old bridge is safe for traffic,", "Marsh", "said"),
              ("We checked every bolt twice,", "Marsh", "added")))
    c = _doc("c", ['"We checked every bolt twice," Lena Marsh said.'],
             (("We checked every bolt twice,", "Lena Marsh", "said"),))
    groups = _groups(a, b, c)
    assert len(groups) == 2 and {g.speaker for g in groups} == {"Lena Marsh"}
    for g in groups:
        ids = [v.article_id for v in g.variants]
        assert len(ids) == len(set(ids))
        assert all(op != "replace" for v in g.variants for op, _ in v.diff)
    texts = sorted([v.article_id, v.text] for g in groups for v in g.variants)
    assert texts == [["a", "The old bridge is safe for traffic."],
                     ["a", "We checked every bolt twice,"],
                     ["b", "The old bridge is safe for traffic,"],
                     ["b", "We checked every bolt twice,"],
                     ["c", "We checked every bolt twice,"]]


def test_a_quote_without_a_speaker_is_named_only_when_its_article_names_him_near() -> None:
    """Outlet b prints the words with no speaker read, under a paragraph on someone else:
    its printing is shown in Marsh's row as naming no speaker. Outlet c names Marsh in
    the sentence before: its printing is hers."""
    words = "Every cable on the span was replaced last spring,"
    a = _doc("a", [f'"{words}" Lena Marsh said.'], ((words, "Lena Marsh", "said"),))
    b = _doc("b", ["Councillor Ivo Brandt opened the meeting.", "Traffic will resume soon.",
                   "The council met on Friday.", f'"{words}" the statement read.'],
             ((words, "", "read"),))
    c = _doc("c", ["Lena Marsh led the inspection.", f'"{words}" she said.'],
             ((words, "", "said"),))
    (group,) = _groups(a, b, c)
    assert group.speaker == "Lena Marsh"
    assert {v.article_id: v.speaker_named for v in group.variants} == \
        {"a": True, "b": False, "c": True}


def test_words_no_outlet_gives_a_speaker_are_a_row_without_one() -> None:
    """Two outlets print one sentence in quotation marks and neither says who spoke it:
    one row with no speaker, after the named speakers. A label of three words printed
    by both is no row, nor is a quote only one outlet prints."""
    words = "Crews will stay on the ridge through the night,"
    a = _doc("a", [f'"{words}" the notice read.', 'Residents called it "a long week."',
                   '"The road is shut," Mayor Ada Quill said.'],
             ((words, "", "read"), ("a long week.", "", ""),
              ("The road is shut,", "Mayor Ada Quill", "said")))
    b = _doc("b", [f'A notice read: "{words}"', 'Some spoke of "a long week."'],
             ((words, "", "read"), ("a long week.", "", "")))
    c = _doc("c", ['"Nobody should drive up there tonight."'],
             (("Nobody should drive up there tonight.", "", ""),))
    groups = _groups(a, b, c)
    assert [g.speaker for g in groups] == ["Ada Quill", ""]
    unnamed = groups[-1]
    assert unnamed.speaker_entity_id == "" and unnamed.paraphrases == ()
    assert [(v.article_id, v.speaker_named) for v in unnamed.variants] == \
        [("a", False), ("b", False)]


def test_one_person_under_two_names_is_one_speaker_across_the_story() -> None:
    """"Stanley Perlo", "Stan Perlo" and "Perlo" quoted on different things are one
    speaker; "But Professor Varoufakis" is shown as "Varoufakis"; two McDermotts (father
    and son) stay apart."""
    docs = [
        _doc("a", ['"The verdict will be appealed next month," said Stanley Perlo.'],
             (("The verdict will be appealed next month,", "Stanley Perlo", "said"),)),
        _doc("b", ['"Our client never had a fair hearing," Stan Perlo said.'],
             (("Our client never had a fair hearing,", "Stan Perlo", "said"),)),
        _doc("c", ['"The jury heard only half the story," Perlo said.'],
             (("The jury heard only half the story,", "Perlo", "said"),)),
        _doc("d", ['"The team played with real heart tonight," said Greg McDermott.',
                   '"I just kept shooting the ball," said Doug McDermott.'],
             (("The team played with real heart tonight,", "Greg McDermott", "said"),
              ("I just kept shooting the ball,", "Doug McDermott", "said"))),
        _doc("e", ['"The protest was taken over by a small band," But Professor Varoufakis '
                   'said.'],
             (("The protest was taken over by a small band,", "But Professor Varoufakis",
               "said"),)),
    ]
    speakers = [g.speaker for g in _groups(*docs)]
    assert sorted(set(speakers)) == ["Doug McDermott", "Greg McDermott", "Stanley Perlo",
                                     "Varoufakis"]
    assert speakers.count("Stanley Perlo") == 3
    assert clean_name("Lawyer Michael Marinaccio") == "Michael Marinaccio"
    assert clean_name("White House") == "White House" and clean_name("Juror No") == "Juror No"


def test_a_quote_of_stop_words_only_is_one_group() -> None:
    words = "Would we have done it without him?"
    docs = [_doc(x, [f'"{words}" coach Ray Dunmore asked.'], ((words, "Ray Dunmore", "asked"),))
            for x in "abc"]
    (group,) = _groups(*docs)
    assert len(group.variants) == 3


def test_spacing_around_apostrophes_and_punctuation_is_no_difference() -> None:
    diff = word_diff("I ’ m sure the Band - Aid holds , for now",
                     "I'm sure the Band-Aid holds, for now")
    assert [op for op, _ in diff] == ["equal"]
    assert diff == (("equal", "I'm sure the Band-Aid holds, for now"),)


def test_a_company_is_never_the_person_who_shares_its_name() -> None:
    """The roster keeps Ford the company (org:ford) apart from Mayor Ann Ford; merging
    speakers by surname must not give her the company's words."""
    from storyline.model import Entity
    from storyline.stages._roster import Roster

    a = _doc("a", ["Ford Motor reported its earnings on Tuesday.",
                   "\u201cSales of our trucks rose sharply in the third quarter,\u201d Ford said."],
             (("Sales of our trucks rose sharply in the third quarter,", "Ford", "said"),))
    b = _doc("b", ["The city council met on Tuesday.",
                   "\u201cI will fight for every auto worker in this city,\u201d said Mayor Ann "
                   "Ford."],
             (("I will fight for every auto worker in this city,", "Ann Ford", "said"),))
    roster = Roster((Entity("org:ford", "Ford", "ORG", (), ("a",)),
                     Entity("person:ann-ford", "Ann Ford", "PERSON", (), ("b",))),
                    {}, {("a", "Ford"): "org:ford", ("b", "Ann Ford"): "person:ann-ford"})
    units = [Unit(d, s.index, d.article.outlet, d.article.outlet, {}, frozenset())
             for d in (a, b) for s in d.sentences]
    groups, _ = quote_groups([a, b], roster, units,
                             {d.article.id: d.article.outlet for d in (a, b)}, {})
    speakers = {g.speaker for g in groups if any("trucks" in v.text for v in g.variants)}
    assert speakers == {"Ford"}


def test_a_spokesman_of_the_speaker_does_not_make_a_paraphrase() -> None:
    """"said Obama's spokesman ...": the spokesman speaks, not the person he speaks for."""
    a = _doc("a", ["\u201cWe will never negotiate with the kidnappers who hold our sailors,\u201d "
                   "President Ilan Varga said on Monday."],
             (("We will never negotiate with the kidnappers who hold our sailors,",
               "Ilan Varga", "said"),))
    b = _doc("b", ["The government will never negotiate with the kidnappers who hold the "
                   "sailors, said Varga\u2019s spokesman Tomas Reed on Monday."])
    (group,) = [g for g in _groups(a, b) if "kidnappers" in g.variants[0].text]
    assert not group.paraphrases


def test_a_role_printed_for_a_name_is_no_attribution_conflict() -> None:
    """"According to the chapel's minister" and "the Rev. Tomas Ruddle said" may be one
    person: no conflict. "The ministry" and a named minister are not."""
    words = "We have no idea what caused the fire at the chapel,"
    a = _doc("a", [f"According to the chapel's minister, \u201c{words}\u201d"],
             ((words, "the chapel's minister", "according to"),))
    b = _doc("b", [f"\u201c{words}\u201d the Rev. Tomas Ruddle said on Saturday."],
             ((words, "Tomas Ruddle", "said"),))
    c = _doc("c", [f"According to a statement from the ministry, \u201c{words}\u201d"],
             ((words, "the ministry", "according to"),))
    units = [Unit(d, s.index, d.article.outlet, d.article.outlet, {}, frozenset())
             for d in (a, b, c) for s in d.sentences]
    sources = {d.article.id: d.article.outlet for d in (a, b, c)}
    _, role = quote_groups([a, b], None, units[:2], sources, {})
    assert not role
    _, institution = quote_groups([b, c], None, units[1:], sources, {})
    assert [c.slot for c in institution] == ["attribution"]
