"""Direct quotes and their speakers.

Quoted spans in straight, curly (double, or single as British outlets print them),
doubled single or ``TeX'' marks (spanning sentences, and for curly and TeX marks up
to three lines, too); a span that reads as a title ("State of the Union.") is no quote
unless a cue follows it. The speaker is the named mention (person or organisation) next
to a speech cue ("said", "told", "according to") outside the quote and in its sentence,
searched after the quote first, then before it. A pronoun speaker ("she said") resolves
to the subject of the previous sentence's speech, else the speaker of the quote before
when no one else is named in between, else the nearest person mentioned before the
pronoun ("He told the judge that LiLo was '...'" is not LiLo's quote). A quote that opens
the sentence or paragraph after an attributed one goes on with its speaker.

Checked on the ECB+ build (quotes as analysis stores them, before and after): 1,640 ->
1,581 quotes (titles dropped, quotes in single marks added), with a speaker 903 -> 1,157,
most of the new ones continued quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from ..model import Mention, Quote, Sentence
from ._roster import TITLES

# What follows a ’ that is an apostrophe, not a closing mark: a letter ("can’t") or a
# contraction printed apart ("don ’ t"); after an "s", a lower-case word that is no cue or
# pronoun (the plural possessive of "the players’ union", not "...,’ police said").
_APOSTROPHE_AFTER = r"\w|\s?(?:s|t|m|re|ll|ve|d)\b"
_POSSESSIVE_AFTER = r"\s+(?!(?:he|she|they|it|we|i|said|says|told|added|asked|wrote)\b)[a-z]"
# Straight quotes stay on one line (an unpaired one would pair with the next line's);
# curly and TeX quotes, whose opening and closing marks differ, may run over up to
# three lines (a text with one sentence a line) when no other quote opens inside.
QUOTE_SPAN = re.compile(r'"(?P<a>[^"\n]{2,}?)"'
                        r'|“(?P<b>[^“”\n]{2,}(?:\n[^“”\n]*){0,2})”'
                        r"|``(?P<c>(?:(?!``|'')[^\n]){2,}(?:\n(?:(?!``|'')[^\n])*){0,2})''"
                        # Curly single marks, as British outlets print a quote (‘I can’t
                        # say,’ he said): one that opens a word, closed by a ’ that is no
                        # apostrophe (``_APOSTROPHE_AFTER``, ``_POSSESSIVE_AFTER``).
                        r"|(?<![\w‘’])‘(?P<d>(?:[^‘’\n]|’(?=" + _APOSTROPHE_AFTER + r")|"
                        r"(?<=s)’(?=" + _POSSESSIVE_AFTER + r")){2,}?)’"
                        r"(?!" + _APOSTROPHE_AFTER + r")(?:(?<!s’)|(?!" + _POSSESSIVE_AFTER + r"))"
                        # Two straight single marks each side (''I can't say,'' he said).
                        r"|(?<![\w'])''(?P<e>(?:(?!'')[^\n]){2,}?)''(?!\w)")
CUE_WORDS = (r"(?i:according to)|said|says|say|told|tells|added|adds|stated|states|declared|"
             r"announced|noted|notes|testified|claimed|"
             r"explained|explains|warned|insisted|argued|wrote|writes|acknowledged|confirmed|"
             r"asked|replied|urged|described|called|exclaimed|interjected|recalled|continued|"
             r"observed|remarked|responded|admitted|conceded|quipped|joked|tweeted|complained|"
             r"boasted|predicted|recounted|shouted|cautioned|pleaded|vowed|stressed|"
             r"emphasi[sz]ed|countered|concluded|lamented|reiterated|maintained|contended")
# Cues whose object comes before the quote ('called her "mentally ill"', 'described him
# as a "mean drunk"'): the speaker is the subject right before the cue, not a person
# named further back, who is often the one called something.
OBJECT_CUES = {"called", "described"}
OBJECT_CUE_GAP_WORDS = 4
MIN_QUOTE_WORDS = 2
# A quoted term this short ("zero day") is an utterance only next to a speech cue: one
# right after it ('"No comment," she said') or at most TERM_CUE_WORDS words before it
# ('called the timing "a cheap stunt"').
TERM_WORDS = 2
TERM_CUE_WORDS = 6
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# A place speaks only as the cue's own subject or object ("China said", "said Beijing");
# found further off it is where something happened ("an Albany street"), not a speaker.
PLACE_LABELS = {"GPE", "NORP"}
PRONOUNS = {"he": "PERSON", "she": "PERSON", "they": "ANY", "it": "ORG"}
_CUE_AFTER = re.compile(r"^[\s,.;:—–-]*(?:(?P<pro>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+)?"
                        r"(?:(?P<cue1>" + CUE_WORDS +
                        r")\b|(?P<nm>.{1,80}?)\s+(?P<cue2>" + CUE_WORDS + r")\b)")
_CUE_ANY = re.compile(r"\b(?:" + CUE_WORDS + r")\b")
_SO_CALLED = re.compile(r"\bso\s*-?\s*$", re.I)  # a "so-called" term is no speech
# Where the name after a cue ends: '"...," said Paul Ferguson, a researcher with X',
# 'said Lt. Ann Ford of the state police', 'said manager Ed Ruiz at a news conference'.
# Where the phrase naming a speaker after "said" ends: punctuation, a full stop that does
# not close an abbreviation ("Capt.", "Gov."), or a function word that does not join a
# name or title ("Secretary of State Mike Pompeo", "Bank of America spokesman").
_CLAUSE_END = re.compile(r"[,;:!?\"“”]|''|``|(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})"
                         r"(?<!\b[A-Z][a-z]{3})\."
                         r"|\s(?:of|at|in|on|for|with|"
                         r"from|during|after|before|to|who|when|while|about|that)\s(?![A-Z])"
                         # "and" joins two jobs before a name ("businessman and blogger
                         # Andrew Halcro"); otherwise it ends the phrase.
                         r"|\sand\s(?![A-Z]|[a-z]+\s+[A-Z])")
_PRONOUN_SPEECH = re.compile(r"\b(?:he|she|they)\s+(?:" + CUE_WORDS + r")\b|\b(?:" + CUE_WORDS +
                             r")\s+(?:he|she|they)\s*[,.]", re.I)
_MARKS = re.compile(r"[\"“”]|``|''")
# A full stop that ends a sentence: after a lower-case word or a closing mark, before a
# capital ("... no evidence of that. Biden said"); not after an abbreviated title
# ("Msgr. Farmer said", "Calif. Gov. Jerry Brown said").
_SENTENCE_END = re.compile(r"(?:(?<![.\w])(?!(?:vs|etc|approx)\.)[a-z][a-z0-9'’]*|[\"”’])"
                           r"[.!?][\"”’)]*\s+[A-Z“\"]")


def _cue_after(text: str, qend: int, line_end: int) -> re.Match[str] | None:
    """The speech cue right after a quote ending at ``qend``, in the quote's own sentence.

    A cue after the sentence has ended names the speaker of the next sentence, not this
    quote's: '... an “unforgivable mistake”. The military said the jet ...', '“... from
    Russia.” There’s no evidence of that. Biden said ...'. A quote that ends on a full
    stop inside its marks ends its sentence too; one that ends on "?" or "!" does not
    ('“Would we have done it without him?” Arians asked.').
    """
    m = _CUE_AFTER.match(text[qend + 1:line_end])  # offsets from qend + 1
    if m is None or re.match(r"\s*[.!?]", text[qend:qend + 3]):
        return None
    closed = text[max(0, qend - 4):qend].rstrip("\"”’'` ")
    if closed.endswith(".") and re.match(r"\s+[A-Z]", text[qend:qend + 3]):
        return None
    if m.group("nm") and _SENTENCE_END.search(m.group("nm")):
        return None
    return m
# Who speaks, by preference: a person, an organisation, then a place ("China said").
_LABEL_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}


def find_quotes(text: str, sentences: tuple[Sentence, ...],
                mentions: tuple[Mention, ...]) -> tuple[Quote, ...]:
    """Find direct quotes in ``text`` with their speakers and cue verbs."""
    quotes: list[Quote] = []
    last_person = ""
    mentions = _people_by_role(text, mentions)
    # The gender the article gives its names, for "he" and "she" (once per article).
    genders = _genders(text, mentions) if re.search(r"\b(?:he|she|He|She)\b", text) else {}
    persons = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.end)
    person_ends = [m.end for m in persons]
    for match in QUOTE_SPAN.finditer(text):
        inner = next(g for g in "abcde" if match.group(g) is not None)
        content = match.group(inner).strip()
        if len(content.split()) < MIN_QUOTE_WORDS:
            continue
        start, end = match.start(inner), match.end(inner)
        sent = sentence_at(sentences, match.start())
        if len(content.split()) <= TERM_WORDS and not _cue_next_to(text, match.start(),
                                                                     match.end(), sent):
            continue
        if _title_like(content) and not _cue_next_to(text, match.start(), match.end(), None,
                                                     after_only=True):
            continue  # a show, book or slogan: 'told CNN's "State of the Union."'
        speaker, cue, at = _speaker(text, match.start(), match.end(), sent, mentions, genders)
        prev = quotes[-1] if quotes else None
        if speaker.lower() in PRONOUNS:
            # "she said": whoever the previous sentence had speaking; else the speaker of
            # the quote before, in this sentence or the two before, when no one else is
            # named in between ('"...," Salazar said. "Because ...," he said'); else the
            # nearest person named before the pronoun, when it comes before the quote ("He
            # told the judge that LiLo was '...'": not LiLo), else before it.
            limit = at if 0 <= at < match.start() else match.start()
            subject = _previous_subject(text, sentences, sent, mentions)
            if not subject and prev is not None and \
                    _speaks_on(prev, speaker, sent, sentences, mentions) and \
                    not _other_named(mentions, prev.speaker, (prev.end, match.start()),
                                     (match.end(), max(at, match.end()))):
                subject = prev.speaker
            if subject and not _may_be(subject, speaker, genders):
                subject = ""  # "Mrs Palin ...", then '"...," he said'
            # The nearest fitting person before the pronoun (searched back from it).
            nearest = next((m.text for m in reversed(persons[:bisect_right(person_ends, limit)])
                            if not _governed(text, m) and _may_be(m.text, speaker, genders)
                            and not _quoted(quotes, m.start)), None)
            speaker = subject or (nearest if nearest is not None else last_person)
        elif _NOMINAL.fullmatch(speaker):
            # "the president said": the person introduced with that role, if any.
            speaker = _role_holder(text, speaker, match.start(), mentions) or speaker
        if not speaker and prev is not None and sent is not None and \
                prev.sentence_index == sent.index:
            speaker, cue = prev.speaker, prev.cue
        elif not speaker and not cue and prev is not None and \
                not _cue_next_to(text, match.start(), match.end(), None, after_only=True) and \
                _continues(text, prev, match.start(), match.end(), mentions):
            # A quote that opens the sentence or paragraph after an attributed one, with
            # only the attribution between, goes on with the same speaker ('"...," said
            # resident Ana Lopez.' + '"People are afraid of retaliation."'); not after a
            # question, whose answer is someone else's; not a quote with a cue of its own
            # ('"...," police said').
            speaker, cue = prev.speaker, ""
        for mention in mentions:
            if mention.label == "PERSON" and mention.end <= match.start():
                last_person = mention.text
        if speaker and _label_of(speaker, mentions) == "PERSON":
            last_person = speaker
        speaker = re.sub(r"['’]s$", "", speaker.strip())
        quotes.append(Quote(start=start, end=end, text=text[start:end], speaker=speaker,
                            cue=cue.lower(), sentence_index=sent.index if sent else -1))
    return tuple(quotes)


_NOMINAL = re.compile(r"(?:the|a|an)\s+[a-z][\w'’ -]{1,60}", re.I)
# Job words before a name that are not part of it ("Lawyer Michael Marinaccio", "Insp
# Gaskin"): titles, less those that start names of things ("White House", "General Motors",
# "Justice Department"), and jobs.
JOB_WORDS = (TITLES - {"white", "house", "press", "national", "security", "state", "of",
                       "u.s.", "us", "foreign", "defense", "defence", "finance", "transport",
                       "health", "interior", "general", "justice", "king", "queen",
                       "prince", "princess", "pope", "executive"}) | {
    "lawyer", "attorney", "clerk", "juror", "insp", "insp.", "comedian", "actor", "actress",
    "singer", "homicide", "councilman", "councilwoman", "councillor", "undersheriff",
    "author", "rev", "rev.", "reverend", "msgr", "msgr.", "pastor", "prosecutor",
    "manager", "spokesman", "spokeswoman", "analyst", "researcher"}
# Nouns of a person's role: a lower-case speaker ending in one is a person not named, and
# a name right after one is a person ("Union leader Marcus Obi", "council spokesman Dev
# Patel"), whatever the tagger called it.
ROLES = (JOB_WORDS | {"minister", "official", "officer", "spokesperson", "source", "aide",
                     "adviser", "advisor", "witness", "neighbour", "neighbor", "resident",
                     "friend", "publicist", "rep", "agent"})
_ROLE_BEFORE = re.compile(r"(?P<role>[A-Za-z.]+)\s+$")
_NAME_LIKE = re.compile(r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}")


def _people_by_role(text: str, mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The mentions, with a name the tagger called an organisation or place read as a
    person when a role noun comes right before it ("Union leader Marcus Obi" tagged ORG)."""
    out = []
    for m in mentions:
        if m.label in ("ORG", "GPE", "NORP", "FAC") and _NAME_LIKE.fullmatch(m.text):
            role = _ROLE_BEFORE.search(text, max(0, m.start - 30), m.start)
            if role is not None and role["role"].lower() in ROLES:
                m = Mention(m.start, m.end, m.text, "PERSON", m.sentence_index)
        out.append(m)
    return tuple(out)


# What "according to" names when it names no entity: "the ministry", "a statement from
# the ministry", "a spokeswoman for the company".
_SOURCE_PHRASE = re.compile(
    r"(?P<via>(?:a|an|the)\s+(?:[a-z]+\s+)?(?:statement|release|spokes(?:man|woman|person)|"
    r"report|letter|filing)\s+(?:from|by|of|for)\s+)?"
    r"(?P<who>(?:the|a|an)\s+[a-z][\w'’-]*(?:\s+(?!(?:the|a|an)\b)[a-z][\w'’-]*){0,3})")
_DOCUMENTS = frozenset("plan report figures data document documents statement release study "
                       "survey poll letter filing records record estimate estimates".split())
_SMALL_WORDS = frozenset("a an the of and or for to in on at by with from as vs".split())
# A continued quote follows its attribution closely: '," said resident Ana Lopez, 54.'
CONTINUATION_GAP_WORDS = 20
# A sentence ending between two quotes (the attribution's own full stop is the one allowed).
_GAP_SENTENCE_END = re.compile(
    r"(?:\b\w{2,}|[\"”’'])" +
    "".join(rf"(?<!\b{a})" for a in "Mr Mrs Ms Dr St Sgt Gov Sen Rep Lt Col Gen Jr Sr Capt "
            "Prof Rev Insp Det".split()) + r"[.!?](?=\s)")


def _title_like(content: str) -> bool:
    """Whether a quote reads as a title (every word capitalised but the small ones):
    "State of the Union.", "Secret Man: The Story of Watergate's Deep Throat"."""
    if content.rstrip(" ,'’\"”").endswith(("?", "!")):
        return False  # "Somebody in the FBI?" is said
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    capitals = sum(1 for w in words if w[0].isupper())
    return 2 <= len(words) <= 9 and capitals >= 2 and \
        all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _other_named(mentions: tuple[Mention, ...], speaker: str,
                 *spans: tuple[int, int]) -> bool:
    """Whether a person who is not ``speaker`` is named inside any of ``spans``."""
    own = set(re.sub(r"['’]s$", "", speaker).split())
    # "Smith" is John Smith; "John Jones" and "Mary Smith" are someone else.
    return any(m.label == "PERSON" and lo <= m.start and m.end <= hi and
               not set(re.sub(r"['’]s$", "", m.text).split()) <= own
               for m in mentions for lo, hi in spans)


_PREPOSITIONS = frozenset("of to for by with against at from on about into than".split())


def _governed(text: str, mention: Mention) -> bool:
    """Whether a preposition governs a name ("the slaying of Los Angeles County Sheriff's
    Deputy Jerry Ortiz"): the word before it, past its capitalised titles."""
    chunk = text[max(0, mention.start - 80):mention.start]
    words = chunk[chunk.rfind("\n") + 1:].split()
    # Titles run up to the name; a comma ends the phrase ("from COVID-19, President Biden"
    # is not governed by "from"), and so does a full stop after a word longer than a
    # title's abbreviation ("shared with Larry Johnson. Peyton Hillis laughed").
    while words and words[-1][:1].isupper() and not words[-1].endswith((",", ";", ":", ")")):
        if words[-1].endswith((".", "!", "?")) and len(words[-1]) > 5:
            return False
        words.pop()
    # "According to Alan Mauldin, ...": the source, not an object.
    return bool(words) and words[-1].lower() in _PREPOSITIONS and \
        not (words[-1].lower() == "to" and len(words) > 1 and
             words[-2].lower() == "according")


# Words right before a name that say a person is a woman or a man ("Mrs Palin", "actress
# Tara Reid", "her husband, Ike"): the only gender evidence used, the article's own.
_FEMALE = frozenset("mrs mrs. ms ms. miss madam lady dame actress mother wife daughter sister "
                    "grandmother aunt niece girl woman queen princess duchess congresswoman "
                    "spokeswoman chairwoman businesswoman sportswoman countess".split())
_MALE = frozenset("mr mr. sir lord actor father husband son brother grandfather uncle nephew "
                  "boy man king prince duke congressman spokesman chairman businessman "
                  "sportsman count".split())
_HONORIFICS = frozenset("mrs mrs. ms ms. miss madam lady dame mr mr. sir lord".split())


def _gender_key(name: str) -> str:
    """A name as printed, without an honorific or a possessive: keyed whole, as a family
    shares its last name ("Joan Felt" is not "Felt")."""
    name = re.sub(r"['’]s$", "", name.strip().lower())
    return re.sub(r"^(?:mrs|mr|ms|miss|dr)\.?\s+", "", name)


def _genders(text: str, mentions: tuple[Mention, ...]) -> dict[str, str]:
    """The gender the article gives a name ("F" or "M"), where a word right before one
    of its mentions says it; a name given both is left out."""
    seen: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.label != "PERSON":
            continue
        words = text[max(0, m.start - 30):m.start].lower().replace(",", " ").split()
        # An honorific printed inside the name ("Mrs Palin"); not "King", a surname too.
        title = m.text.lower().split()[0] if len(m.text.split()) > 1 else ""
        for word in (title if title in _HONORIFICS else "", words[-1] if words else ""):
            if word in _FEMALE:
                seen[_gender_key(m.text)].add("F")
            elif word in _MALE:
                seen[_gender_key(m.text)].add("M")
    return {name: next(iter(g)) for name, g in seen.items() if len(g) == 1}


def _may_be(name: str, pronoun: str, genders: dict[str, str]) -> bool:
    """Whether ``pronoun`` ("he", "she") can stand for the person ``name``."""
    gender = genders.get(_gender_key(name))
    return not (pronoun.lower() == "she" and gender == "M" or
                pronoun.lower() == "he" and gender == "F")


def _speaks_on(prev: Quote, pronoun: str, sent: Sentence | None,
               sentences: tuple[Sentence, ...], mentions: tuple[Mention, ...]) -> bool:
    """Whether a pronoun speaker can be the speaker of the quote before: a person for
    "he" or "she", an organisation for "it", in this sentence or the two before."""
    if not prev.speaker or sent is None or prev.cue == "asked":
        return False
    ended = sentence_at(sentences, max(prev.start, prev.end - 1))
    if ended is None or not 0 <= sent.index - ended.index <= 2:
        return False
    # NER tags some people as organisations ("Laurence Mark", "Varoufakis"); a place
    # is never "he".
    label = _label_of(prev.speaker, mentions)
    if pronoun.lower() in ("he", "she"):
        return label not in PLACE_LABELS
    return label != "PERSON"


def _quoted(quotes: list[Quote], offset: int) -> bool:
    """Whether ``offset`` lies inside one of ``quotes`` (a name a speaker says, "Harrison
    told me ...", is not who "he" is)."""
    i = bisect_right(quotes, offset, key=lambda q: q.start) - 1
    return i >= 0 and quotes[i].start <= offset < quotes[i].end


def _continues(text: str, prev: Quote, start: int, end: int,
               mentions: tuple[Mention, ...]) -> bool:
    """Whether the quote at ``start``-``end`` goes on from ``prev``: it opens a sentence or
    a line right after ``prev``'s attribution (no other sentence between: "Her rival
    disagrees." brings in someone else), with no one else named in between, and no
    question of an interview between them."""
    # An interview: a question no one is said to ask is the interviewer's, and its answer
    # is not the one asked ('"Did you break the law?"' + '"Absolutely not."'); a question
    # the speaker is said to ask ('"See that guy?" said Elverton Thomas') goes on.
    if not prev.speaker or prev.cue == "asked" or text[start:end].rstrip(
            " ,'’\"”`").endswith("?") or (not prev.cue and
                                           prev.text.rstrip(" ,'’\"”`").endswith("?")):
        return False
    gap = text[prev.end:start]
    opening = text[:start].rstrip(" \t\"“”'`‘")
    # A paragraph that opens a quotation and never closes it goes on with the quotation
    # (print style: '“... me.' + '“It’s not like college ...”'): its sentences are the
    # speaker's, not narration between the two quotes.
    narration = re.sub(r"(?m)^\s*(?:“|``|\"|‘).*$", "", gap)
    return len(gap.split()) <= CONTINUATION_GAP_WORDS and \
        len(_GAP_SENTENCE_END.findall(narration)) <= 1 and \
        (not opening or opening[-1] in ".!?\n\"”'’") and not gap.count("\n") > 2 and \
        not _other_named(mentions, prev.speaker, (prev.end, start))
_SUBJECT = re.compile(r"(?P<subj>[^\"“”]{2,80}?)(?:,[^,\"“”]{1,80},)?\s+(?:" + CUE_WORDS +
                      r")\b")


def _cue_next_to(text: str, qstart: int, qend: int, sent: Sentence | None,
                 after_only: bool = False) -> bool:
    """Whether a speech cue stands right after the quote or (unless ``after_only``) a
    few words before it."""
    line_end = text.find("\n", qend)
    if _cue_after(text, qend, len(text) if line_end < 0 else line_end):
        return True
    if after_only:
        return False
    lo = sent.start if sent is not None and sent.start < qstart else \
        text.rfind("\n", 0, qstart) + 1
    for cue in reversed(list(_CUE_ANY.finditer(text, lo, qstart))):
        if not _SO_CALLED.search(text[lo:cue.start()]):
            return len(text[cue.end():qstart].split()) <= TERM_CUE_WORDS
    return False


def _previous_subject(text: str, sentences: tuple[Sentence, ...], sent: Sentence | None,
                      mentions: tuple[Mention, ...]) -> str:
    """Who speaks before ``sent`` ("A spokeswoman for the MHB said ..."): sentences whose
    speaker is itself a pronoun ("he testified") carry the speaker of the one before
    them; a sentence without speech gives its subject, a person it opens with ("Rossi
    laid out the case before Judge Ann Park. He said ...": Rossi)."""
    if sent is None:
        return ""
    for back in range(sent.index - 1, max(-1, sent.index - 5), -1):
        prev = sentences[back]
        m = _SUBJECT.match(text, prev.start, prev.end)
        if m is not None and len(m.group("subj").split()) <= 8:
            lo, hi = m.start("subj"), m.end()  # appositive: "its chief, Martin Graves, said"
            named = [x for x in mentions if lo <= x.start and x.end <= hi and
                     x.label in ("PERSON", "ORG")]
            if named:
                return min(named, key=lambda x: (_LABEL_RANK.get(x.label, 9), x.start)).text
            subject = m.group("subj").strip()
            if _NOMINAL.fullmatch(subject):
                return subject
            if subject.lower() not in PRONOUNS:
                return ""
            continue
        if _PRONOUN_SPEECH.search(prev.text):
            continue
        if back == sent.index - 1:
            # A person it opens with, after at most one word or a role ("Union leader
            # Marcus Obi rejected that.").
            opening = [x for x in mentions if prev.start <= x.start < prev.end and
                       x.label == "PERSON" and _opens(text[prev.start:x.start].split())]
            if opening:
                return opening[0].text
        return ""
    return ""


def _opens(words: list[str]) -> bool:
    """Whether the words before a name leave it opening its sentence: none or one, or a
    role of up to four words ("Union leader", "Transport Minister")."""
    return len(words) <= 1 or (len(words) <= 4 and words[-1].lower() in ROLES)


def _role_holder(text: str, nominal: str, before: int, mentions: tuple[Mention, ...]) -> str:
    """The person an earlier sentence gave this role: "President Elena Vasquez" for
    "the president", "Luis Soto, a trawler captain" for "the captain"."""
    role = nominal.split()[-1].lower()
    for m in reversed([m for m in mentions if m.label == "PERSON" and m.end <= before]):
        ahead = text[max(0, m.start - 40):m.start].lower().split()
        behind = text[m.end:m.end + 60].lower()
        if (ahead and ahead[-1] == role) or \
                re.match(r",\s+(?:a|an|the)\s+[\w\s'’-]{0,40}?\b" + re.escape(role) + r"\b",
                         behind):
            return m.text
    return ""


def sentence_at(sentences: tuple[Sentence, ...], offset: int) -> Sentence | None:
    """The sentence holding ``offset`` (sentences are in text order)."""
    i = bisect_right(sentences, offset, key=lambda sent: sent.start) - 1
    if 0 <= i < len(sentences) and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def _label_of(name: str, mentions: tuple[Mention, ...]) -> str:
    for mention in mentions:
        if mention.text == name:
            return mention.label
    return ""


def _adjacent(text: str, a: int, b: int) -> bool:
    """Whether only spaces or a comma stand between offsets ``a`` and ``b``."""
    return a <= b and not text[a:b].strip(" ,")


def _named_speaker(text: str, mentions: tuple[Mention, ...], lo: int, hi: int,
                   cue_at: int) -> Mention | None:
    """The speaker named between ``lo`` and ``hi`` next to a cue standing at ``cue_at``
    (before the names: 'said Trend Micro researcher Paul Ferguson'; after them: 'Chargers
    manager Ed Ruiz said'). A person before an organisation, the last one named (the
    head of the phrase: 'Trend Micro researcher Paul Ferguson' is Ferguson); a place
    only right next to the cue."""
    found = [m for m in mentions if lo <= m.start and m.end <= hi and m.label in SPEAKER_LABELS
             and any(c.isalpha() for c in m.text)]
    before = cue_at >= hi
    # A place after the cue speaks only as the whole phrase ("said Beijing"), not as the
    # modifier of a noun ("said Anchorage businessman ... Andrew Halcro").
    found = [m for m in found if m.label not in PLACE_LABELS or
             (_adjacent(text, m.end, cue_at) if before else
              _adjacent(text, cue_at, m.start) and not re.match(r"\s+[a-z]", text[m.end:hi]))]
    if before:  # "Reid's rep said": the rep speaks, not Reid
        found = [m for m in found if text[m.end:m.end + 2] not in ("'s", "’s")
                 and not m.text.endswith(("'s", "’s"))]
    if not found:
        return None
    return min(found, key=lambda m: (_LABEL_RANK.get(m.label, 9), -m.start))


def _best_mention(mentions: tuple[Mention, ...], lo: int, hi: int, nearest_to: int,
                  allow_possessive: bool, text: str = "") -> Mention | None:
    found = [m for m in mentions if lo <= m.start and m.end <= hi and m.label in SPEAKER_LABELS
             and any(c.isalpha() for c in m.text) and (m.label not in PLACE_LABELS or
                  _adjacent(text, m.end, nearest_to) or _adjacent(text, nearest_to, m.start))]
    if not allow_possessive:
        # "North Korea's nuclear program" modifies a noun; it does not speak.
        found = [m for m in found if not m.text.endswith(("'s", "’s"))
                 and text[m.end:m.end + 2] not in ("'s", "’s")]
    if not found:
        return None
    return min(found, key=lambda m: (_LABEL_RANK.get(m.label, 9), abs(nearest_to - m.end)))


def _speaker(text: str, qstart: int, qend: int, sent: Sentence | None,
             mentions: tuple[Mention, ...], genders: dict[str, str]) -> tuple[str, str, int]:
    """The speaker's words, the cue, and where a pronoun speaker stands (else -1)."""
    line_start = text.rfind("\n", 0, qstart) + 1
    line_end = text.find("\n", qend)
    line_end = len(text) if line_end < 0 else line_end
    m = _cue_after(text, qend, line_end)
    if m is not None:
        cue = m.group("cue1") or m.group("cue2") or ""
        if m.group("pro"):
            return m.group("pro"), cue, qend + 1 + m.start("pro")
        if m.group("nm") and not _MARKS.search(m.group("nm")):  # no other quote between
            base = qend + 1
            mention = _named_speaker(text, mentions, base + m.start("nm"), base + m.end("nm"),
                                     base + m.start("cue2"))
            if mention is not None:
                return mention.text, cue, -1
            name = m.group("nm").strip()
            if name.lower() in PRONOUNS:
                return name, cue, base + m.start("nm")
            if _NOMINAL.fullmatch(name) or re.fullmatch(
                    r"(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+", name):
                return name, cue, -1
        elif m.group("cue1"):
            # '"...," said Ms Ruiz' -- the speaker follows the cue.
            base = qend + 1 + m.end()
            end = _CLAUSE_END.search(text, base, min(line_end, base + 80))
            mention = _named_speaker(text, mentions, base, end.start() if end else
                                     min(line_end, base + 80), base)
            comma = text.find(", ", base, min(line_end, base + 60))
            if mention is None and comma >= 0:
                # "said the head of the delegation, Kim Yong Chol": the name in apposition.
                apposed = comma + 2
                nxt = _CLAUSE_END.search(text, apposed, min(line_end, apposed + 60))
                mention = _named_speaker(text, mentions, apposed, nxt.start() if nxt else
                                         min(line_end, apposed + 60), apposed)
            if mention is not None:
                return mention.text, cue, -1
    lo = sent.start if sent is not None and sent.start < qstart else line_start
    cues = [c for c in _CUE_ANY.finditer(text, lo, qstart)
            if not _SO_CALLED.search(text[lo:c.start()])]
    if cues:
        cue_match = cues[-1]
        cue = cue_match.group(0)
        if cue.lower() == "according to":
            # The source is the phrase after the cue, not any name on to the quote.
            end = _CLAUSE_END.search(text, cue_match.end() + 1, qstart)
            mention = _best_mention(mentions, cue_match.end(), end.start() if end else qstart,
                                    nearest_to=cue_match.end(), allow_possessive=True, text=text)
            # The phrase must end the clause: "according to the ministry, ..." or right
            # before the quote; not "according to the ministry the drills ...".
            phrase = re.match(r"([^,;:\"“”`]{1,80}?)\s*(?:[,:]|(?=[\"“`]|$))",
                              text[cue_match.end():qstart])
            source = _SOURCE_PHRASE.fullmatch(phrase.group(1).strip()) if phrase else None
            if source is not None and not source.group("via") and \
                    source.group("who").split()[-1].lower() in _DOCUMENTS:
                source = None  # "according to the plan": a document, not a speaker
            if mention is None and source is not None:
                # "according to a statement from the ministry": the ministry speaks.
                return source.group("who"), cue, -1
        elif pronoun := re.search(r"\b(he|she|they)\s*$", text[lo:cue_match.start()], re.I):
            # "Perlo said ... the state Supreme Court, which he described as": he speaks,
            # the nearest person before him in the sentence, not a court or the person a
            # preposition governs ("the slaying of Deputy Jerry Ortiz, and he concluded").
            people = [m for m in mentions if lo <= m.start and m.end <= lo + pronoun.start()
                      and m.label == "PERSON" and not _governed(text, m)
                      and _may_be(m.text, pronoun.group(1), genders)]
            if people and pronoun.group(1).lower() != "they":
                return people[-1].text, cue, -1
            return pronoun.group(1), cue, lo + pronoun.start(1)
        else:
            near, until = lo, cue_match.start()
            if cue.lower() in OBJECT_CUES:  # 'a guest ... called her "mentally ill"'
                # The subject is right before the cue, past an aside ('Reid, whose ...
                # years, described herself', 'Rahall II (D - W. Va.), who ..., called').
                head = re.sub(r"(?:,[^,]{1,200},|\s*\([^()]{0,40}\))*\s*$", "",
                              text[lo:cue_match.start()])
                window = re.search(rf"(?:\S+\s+){{0,{OBJECT_CUE_GAP_WORDS}}}\S*$", head)
                near = lo + (window.start() if window else 0)
                until = lo + len(head)
            mention = _best_mention(mentions, near, until, nearest_to=until,
                                    allow_possessive=False, text=text)
        if mention is not None:
            return mention.text, cue, -1
        pronoun = re.search(r"\b(he|she|they)\s*$", text[lo:cue_match.start()], re.I)
        if pronoun:
            return pronoun.group(1), cue, lo + pronoun.start(1)
    return "", "", -1
