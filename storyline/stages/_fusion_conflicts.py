"""Typed conflicts between outlets: number, date, place and qualifier.

Each kind compares pairs of similar sentences from different independent sources
(a wire reprint never conflicts with its original) and reports the values each
side gives, with the sentences that give them:

- number: a count of the same thing ("12 injured" vs "fourteen injured"), after
  reading qualifiers ("about 2,800" is a range; "more than 200" is a bound);
- date: one absolute day for one claim ("July 22" vs "July 24");
- place: aligned sentences that put the claim in places that are neither equal
  nor one inside the other ("Hanoi" inside "Vietnam" is no conflict);
- qualifier: aligned sentences that scope, time-limit or hedge the claim
  differently ("within a year" vs "the majority of"; "reportedly" vs a flat
  statement).

Attribution conflicts (one utterance, two speakers) come from ``_fusion_quotes``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from ..model import Conflict, ConflictSide, Mention, Number
from . import _dates
from ._fusion_align import SPEECH_STEMS, Unit, cite, cosine, stem
from ._places import city_country, contains
from ._roster import Roster
from .cluster import stem as light_stem
from .cluster import terms

_BOUNDS = (
    ("lower", re.compile(r"\b(?:more than|over|at least|upwards of)\s*$", re.I)),
    ("upper", re.compile(r"\b(?:less than|fewer than|under|up to|at most)\s*$", re.I)),
    ("approx", re.compile(r"\b(?:about|around|roughly|nearly|almost|some|approximately|"
                          r"an estimated|estimated)\s*$", re.I)),
)
# "about 2,800" stands for 2,800 +/- 5%: two approximations conflict only when even
# these ranges do not overlap.
APPROXIMATE_SHARE = 0.05
# Numbers and dates are compared between sentences as similar as one claim's
# (``fact_threshold``), with the counted noun matching ("12 people" vs "14 people")
# or the words before the date sharing a stem. The demo corpus's planted conflicts
# score 0.36-0.6; a lower bar (0.22 was tried) set different claims of big ECB+
# stories against each other ("seven bullets fired" vs "four bullets recovered").
HEDGE_MIN_SIMILARITY = 0.5
# Two places in aligned sentences are mostly both true ("felt in Oman", "felt in the
# United Arab Emirates"); only near-paraphrases (0.5+) that swap one place for
# another are set against each other.
PLACE_MIN_SIMILARITY = 0.5
# Two dates are compared at the same similarity as numbers, but the similarity
# leaves the dates out (they are features of alignment, and differing dates would
# hide the very conflict looked for). A place or a qualifier has nothing to pin it
# to one claim, so those compare only sentences aligned as one fact.

Slot = tuple[str, float, float, float]  # surface, value, low, high


def _interval(value: float, qualifier: str) -> tuple[float, float]:
    if qualifier == "lower":
        return (value, math.inf)
    if qualifier == "upper":
        return (-math.inf, value)
    if qualifier == "approx":
        return (value * (1 - APPROXIMATE_SHARE), value * (1 + APPROXIMATE_SHARE))
    return (value, value)


# What a number is said of: the content stems of the word just before it (the verb
# of "killing 10 people", "rescued five people") and of the words after what it
# counts ("18 people had been injured"), less words of reporting. "as many as 20
# people were inside the bank" and "rescued five people from a balcony" count people
# doing different things; "18 people had been injured" and "12 people were injured"
# count the same (they share "injur"). Wider windows before the number took in the
# sentence's subject ("Firefighters said ...", "Firefighters rescued ..."), which
# both sides share whatever they count: on the ECB+ build, 4 words before kept that
# false conflict, 1 word drops it.
NUMBER_VERB_WORDS = 1
NUMBER_CONTEXT_WORDS = 4
_REPORTING = frozenset(stem(w) for w in
                       "said says say told tell reported reports according added".split())


# What the numbers of one key are said of: the stems of the content words around
# them, and for each value (in order) the person named nearest to it in its sentence
# (the roster's id; "" when none is).
Context = tuple[frozenset[str], tuple[str, ...]]


def _numbers(unit: Unit, roster: Roster | None
             ) -> tuple[dict[str, list[Slot]], dict[str, Context]]:
    """Numbers of a sentence keyed by their kind and what they count ("CARDINAL people"),
    and what each key's numbers are said of (``Context``).

    A sentence may count one thing twice ("404 yards rushing ... 440 yards
    receiving"): every value is kept, and two sentences disagree on a key only when
    none of their values meet.
    """
    doc, sent = unit.doc, unit.doc.sentences[unit.index]
    text = doc.article.text
    slots: dict[str, list[Slot]] = {}
    contexts: dict[str, set[str]] = {}
    people: dict[str, list[str]] = {}
    # People as the roster resolved them: "Carter" is "Richard Carter", and a place the
    # tagger took for a person once ("Valencia's") is not one.
    persons = [(m, eid) for m in doc.mentions if m.sentence_index == unit.index
               and (eid := _person_id(doc.article.id, m, roster))]
    # A sentence that limits its counts to a stretch ("in his last two games", "during the
    # round") counts a part: its numbers meet only numbers limited the same way.
    limit = _STRETCH_CONTEXT.search(text, sent.start, sent.end)
    stretch = " ~" + re.sub(r"[\d\s]+", " ", limit.group(0).lower()).strip() if limit else ""
    for num in doc.numbers:
        if num.sentence_index != unit.index:
            continue
        before = text[max(sent.start, num.start - 20):num.start] + " " + \
            re.sub(r"[\d.,$%]+.*$", "", num.text)
        qualifier = next((q for q, pattern in _BOUNDS if pattern.search(before.rstrip())),
                         "exact")
        # A length of time counts its unit ("48 hours"); another number the word after it.
        noun, after = (re.split(r"[\s-]+", num.text)[-1], num.end) \
            if num.label == "DURATION" else _counted_word(text, num, sent.end)
        if qualifier in ("lower", "upper") or not noun or \
                _part_of_number(text, num, sent.start) or \
                _STRETCH.search(text[max(sent.start, num.start - 20):num.start]):
            continue  # a bound is not a count, a bare number counts nothing known,
            # "7:01" is a clock time, and "his first 17 passes" a stretch, not the total
        key = f"{num.label} {light_stem(noun.lower())}"
        # A length of time's noun is its unit ("one year" and "two years" both count years).
        unit_words = _unit_words(num) if num.label != "DURATION" else ""
        if unit_words:  # "15 miles" is not compared with "24km"
            key += f" [{unit_words}]"
        key += stretch
        low, high = _interval(num.value, qualifier)
        slots.setdefault(key, []).append((num.text, num.value, low, high))
        words_before = re.findall(r"[A-Za-z][A-Za-z'-]+", text[sent.start:num.start])
        words_after = re.findall(r"[A-Za-z][A-Za-z'-]+", text[after:sent.end])
        window = words_before[-NUMBER_VERB_WORDS:] + words_after[:NUMBER_CONTEXT_WORDS]
        context = {stem(w) for w in terms(" ".join(window))} - _REPORTING
        if num.label == "DURATION":
            # A length of time is said of the verb before it, past its prepositions and
            # modals, stop word or not: "would last 48 hours" and "is due to last 72
            # hours" (last), not "held for 48 hours" and "closed for 72 hours".
            verb = next((w.lower() for w in reversed(words_before)
                         if w.lower() not in _DURATION_LINKS), "")
            context |= {stem(verb)} - _REPORTING if verb else set()
        contexts.setdefault(key, set()).update(context)
        nearest = min(persons, default=None,
                      key=lambda p: min(abs(p[0].start - num.end), abs(num.start - p[0].end)))
        people.setdefault(key, []).append(nearest[1] if nearest is not None else "")
    return slots, {k: (frozenset(v), tuple(people[k])) for k, v in contexts.items()}


_LINKS = frozenset("for and but nor yet from with while than into onto over under after before "
                   "during since until against between among apiece each".split())
_DURATION_LINKS = _LINKS | frozenset(
    "to the a an of in at up by about nearly almost around some least more less than "
    "would will could can may might should must".split())


# Words that end a noun phrase after a number: prepositions, conjunctions, verbs of being,
# determiners and times ("12 people killed on Sunday", "five people killed last week").
_PHRASE_END = _LINKS | frozenset(
    "of in on at to by as that which who whom whose was were is are had has have the a an "
    "when where if because so near outside inside across through amid about around "
    "will would could should can may might also said says told "
    "its their his her yesterday today tonight overnight morning afternoon evening night "
    "last this next earlier later ago day days week weeks month months year years "
    "monday tuesday wednesday thursday friday saturday sunday".split())
# Where a noun phrase may end and its last word be the head: a preposition or conjunction,
# or a verb of being ("one rocket propelled grenade launcher was found").
_HEAD_END = _LINKS | frozenset("of in on at to by as and or was were is are had has have "
                               "with".split())
# A hyphenated word that modifies a noun ends as an adjective does: a participle
# ("rocket-propelled", "Iran-backed", "state-run", "U.S.-made"); "co-workers" is a noun.
_MODIFIER_END = re.compile(r"-(?:[a-z]+(?:ed|en|ing)|run|made|built|born|held|sized|style)$",
                           re.I)
_WORD = re.compile(r"\s*([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*(?:-[A-Za-z0-9]+)*)")


def _noun_like(word: str) -> bool:
    """A lower-case word that may be part of a noun phrase: not a phrase end, a number, a
    participle or an adverb (no parts of speech are stored, so this is read from the word)."""
    return (word.isalpha() and word.islower() and word not in _PHRASE_END
            and word not in _NUMBER_WORDS and not word.endswith(("ed", "ly", "ing")))


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _counted_word(text: str, num: Number, end: int) -> tuple[str, int]:
    """The word right after a number (what it counts: "12 people"), and where it ends;
    ("", the number's end) when no word of three letters or more follows.

    After a compound modifier the counted noun is the phrase's head: "one
    rocket-propelled grenade launcher" (hyphenated) and "one rocket propelled grenade
    launcher" (a participle followed by more nouns) count a launcher, not a rocket (the
    ECB+ build set the latter against "two rockets"); "two rocket-propelled grenades" count
    grenades (a plural noun ends the phrase). The head is taken only where the phrase
    plainly ends (punctuation, the sentence's end, a preposition, a conjunction or a verb
    of being); otherwise, and after a participle that is the verb ("12 people killed on
    Sunday", "five people killed last week"), it is the first word.
    """
    words: list[tuple[str, int]] = []
    pos = num.end
    while len(words) < 8 and (m := _WORD.match(text, pos, end)):
        words.append((m.group(1), m.end()))
        pos = m.end()
    if len(words) >= 2:
        first, second = words[0][0], words[1][0]
        # A model name ("seven AK-47 assault rifles") names a kind, not a modifier: those
        # rifles are not all the rifles another outlet counts.
        hyphened = bool(_MODIFIER_END.search(first)) and first.replace("-", "").isalpha()
        participle = (len(words) >= 3 and first.isalpha() and second.islower()
                      and second.endswith("ed") and _noun_like(words[2][0]))
        if hyphened or participle:
            head: tuple[str, int] | None = None
            for k in range(1 if hyphened else 2, len(words)):
                word, stop = words[k]
                if not _noun_like(word):
                    if head is not None and word.lower() in _HEAD_END:
                        return head
                    break  # a verb, a name or a determiner: the phrase is not read
                head = (word, stop)
                if _plural(word) or k == len(words) - 1 and len(words) < 8:
                    return head  # a plural head, or the phrase runs to a stop
    found = re.match(r"\s*([A-Za-z]{3,})", text[num.end:end])
    return (found.group(1), num.end + found.end()) if found else ("", num.end)


def _printed(unit: Unit, key: str) -> set[float]:
    """The values of a sentence's numbers that count what ``key`` counts, or that are
    followed by no word or a preposition ("55.3 million a decade ago", "VanDeest scored 13
    for the Bulldogs"; "12 were arrested" counts people arrested, not injured)."""
    doc, sent = unit.doc, unit.doc.sentences[unit.index]
    counted = _key_noun(key)
    out = set()
    for num in doc.numbers:
        if num.sentence_index != unit.index:
            continue
        word = _counted_word(doc.article.text, num, sent.end)[0].lower()
        if not word or word in _LINKS or light_stem(word) == counted:
            out.add(num.value)
    return out


def _unit_words(num: Number) -> str:
    """The unit a number is printed with ("yards" of "269 yards", "percent" of "5%")."""
    return "-".join(w for w in re.findall(r"[a-z]+", _PERCENT.sub(" percent ", num.text.lower()))
                    if w not in _NOT_UNITS)


def _printed_elsewhere(m: int, key: str, slots: dict[int, dict[str, list[Slot]]],
                       contexts: dict[int, dict[str, Context]],
                       siblings: dict[str, list[int]], units: list[Unit]) -> set[float]:
    """The values sentence ``m``'s article prints in its other sentences under the same
    key (what is counted, its unit, its stretch), said of the same thing (the words around
    them share a stem, as ``_compare_numbers`` asks) and of no other person. An outlet that
    prints the other side's figure itself does not dispute it: its two figures count two
    things (two seasons: "He had 793 yards and six touchdowns" of last season, then "had
    only 269 yards and two touchdowns" this season, against another outlet's "He finished
    with 269 yards"). Another player's points ("McDermott had 14 points") say nothing of
    Carter's 12, nor does "eight people were injured" of the eight another outlet says
    were killed."""
    ours = contexts.get(m, {}).get(key)
    if ours is None:
        return set()
    people = {p for p in ours[1] if p}
    out: set[float] = set()
    for o in siblings.get(units[m].doc.article.id, ()):
        theirs = contexts.get(o, {}).get(key)
        if o == m or theirs is None or not theirs[0] & ours[0]:
            continue
        out.update(value for (_, value, _, _), who in zip(slots[o][key], theirs[1], strict=True)
                   if not who or who in people)
    return out


def _key_noun(key: str) -> str:
    """The counted noun's stem of a number key ("CARDINAL yard [yards] ~in his last")."""
    return key.split(" ~", 1)[0].split(" [", 1)[0].split(" ", 1)[1]


# "his first 17 passes", "the last 10 games", "the past three years": a stretch of what is
# counted, which another outlet's total ("29 of 34 passes") does not contradict.
# "a combined 157 games with the Angels and Braves" sums several counts, which one of them
# ("54 games with the A's") does not contradict.
# "Last" after a modal or "to" is the verb: "would last 48 hours", "is due to last 72 hours".
_STRETCH = re.compile(r"\b(?:first|(?<!\bto )(?<!will )(?<!would )(?<!could )(?<!might )"
                      r"(?<!should )(?<!\bmay )(?<!\bcan )last|final|past|next|previous|"
                      r"opening|initial|combined)"
                      r"(?:\s+(?:about|some|nearly|almost|around))?\s*$", re.I)


_STRETCH_CONTEXT = re.compile(
    r"\b(?:in|over|during|within) (?:his|her|their|its|the|this) (?:last|first|past|final|"
    r"previous|opening)\b|\bsince (?:week|game|round|the start|last (?:week|month|year|"
    r"season)|(?:early |mid-?|late )?" + _dates.MONTH_RE + r"|(?:19|20)\d\d)\b|"
    # "during the game's deciding 15 - 2 run" (a tokenised score inside the phrase)
    r"\bduring the (?:[\w'’-]+\s+){0,7}?(?:round|quarter|half|period|inning|run|stretch)\b",
    re.I)


def _printed_words(text: str, stems: set[str]) -> str:
    """The words of ``text`` whose stems are ``stems``, as printed and in order (a date
    conflict's label: "earthquake northern", not "earthquak northern")."""
    out: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z'-]*", text):
        if stem(word.lower()) in stems and word.lower() not in out:
            out.append(word.lower())
    return " ".join(out) or " ".join(sorted(stems))


def _number_label(key: str) -> str:
    """What a number key counts, for people: its unit when it has one, else its noun."""
    unit = re.search(r"\[(.+)\]$", key.split(" ~", 1)[0])
    return unit.group(1) if unit else _key_noun(key)


def _compare_numbers(values_a: list[Slot], values_b: list[Slot], a: Context | None,
                     b: Context | None) -> tuple[bool, Slot, Slot] | None:
    """Whether two sentences' numbers of one key agree (True) or disagree (False), and
    the two values that do; None when they are not comparable.

    Values tied to one person are compared with each other first ("Carter scored 14
    points and VanDeest 13" against "13 points from VanDeest, while Carter had 12":
    Carter's 14 and 12 disagree, whatever VanDeest's 13s do); values tied to
    different people are never compared. To disagree, the numbers must be said of
    one thing: the words around them share a stem (``NUMBER_VERB_WORDS``).
    """
    said_of_same = a is not None and b is not None and bool(a[0] & b[0])
    people_a = a[1] if a is not None else ("",) * len(values_a)
    people_b = b[1] if b is not None else ("",) * len(values_b)
    pairs = [(x, y, who_x, who_y) for x, who_x in zip(values_a, people_a, strict=True)
             for y, who_y in zip(values_b, people_b, strict=True)
             if not who_x or not who_y or who_x == who_y]
    if said_of_same:
        # Per person named on both sides: disagree when none of that person's values
        # meet ("Orozco ... one count of attempted murder" against "Orozco ... one count
        # of attempted murder and two counts of possession" agree).
        for person in dict.fromkeys(who for who in people_a if who and who in people_b):
            xs = [x for x, who in zip(values_a, people_a, strict=True) if who == person]
            ys = [y for y, who in zip(values_b, people_b, strict=True) if who == person]
            if not any(_overlap(x, y) for x in xs for y in ys):
                return False, xs[0], ys[0]
    for x, y, _, _ in pairs:
        if _overlap(x, y):
            return True, x, y
    if said_of_same and pairs:
        return False, pairs[0][0], pairs[0][1]
    return None


# Words inside a number's text that are not its unit ("about", "some", "as many as").
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety half dozen dozens hundred hundreds thousand thousands million millions "
    "billion billions trillion trillions".split())
_NOT_UNITS = _NUMBER_WORDS | frozenset(
    "about around roughly nearly almost some approximately an estimated as many much a and "
    "only just".split())
_PERCENT = re.compile(r"%|\bper ?cent\b")
# A number glued to another by ":" or a thousands separator (a clock time "18: 50", a
# figure split by tokenisation "120, 000") is only part of a number.
_GLUED_BEFORE = re.compile(r"\d\s?[:,.]\s?$")
_GLUED_AFTER = re.compile(r"^\s?:\s?\d")


def _person_id(article_id: str, mention: Mention, roster: Roster | None) -> str:
    if roster is None:
        return mention.text.split()[-1].casefold() if mention.label == "PERSON" else ""
    eid = roster.mention_entity.get((article_id, mention.start), "")
    return eid if eid.startswith("person:") else ""


def _part_of_number(text: str, num: Number, sentence_start: int) -> bool:
    return bool(_GLUED_BEFORE.search(text[max(sentence_start, num.start - 3):num.start])
                or _GLUED_AFTER.match(text[num.end:num.end + 3]))


# A date next to a speech or publication word dates the report ("said Monday",
# "during Monday's press briefing"), not the event, and is not compared; nor is
# the date of a dateline ("DUBLIN, Oct 16 (Corvane Wire) --").
# What may stand between a speech word and the date of the speaking ("said on Monday",
# "told reporters late Monday", "said in a statement Monday").
_REPORT_FILLER = (r"(?:\s+(?:on|in|at|a|an|the|late|early|this|last|reporters|journalists|"
                  r"statement|interview|press|news|conference|briefing|release|its|his|her|"
                  r"their))*")
_REPORT_BEFORE = re.compile(r"\b(?:said|says|told|announced|confirmed|reported|posted|"
                            r"published|updated)" + _REPORT_FILLER + r"\s*$", re.I)
_REPORT_AFTER = re.compile(r"^['’]s\s+(?:press\s+|news\s+)?(?:briefing|statement|"
                           r"conference|interview|announcement)", re.I)
_REPORT_OPENING = re.compile(r"^\W*(?:(?:On|Late|Early|Earlier|Later)\s+)?$")
_SPEECH_AHEAD = re.compile(r"^\s*,?\s*(?:[\w.'’-]+\s+){0,4}?(?:said|says|told|announced|"
                           r"confirmed|reported)\b")


def _reports(text: str, sent_start: int, sent_end: int, start: int, end: int) -> bool:
    """Whether the date at ``start``-``end`` dates a report, not the event: right after a
    speech word ("said Monday", "said in a statement on Monday"), before one's briefing
    ("Monday's press briefing"), or opening a sentence whose subject then speaks ("On
    Monday, the company said ..."). Not "which Lirra said it detected on October 11":
    that date is the detection's. (A publication word leading up to a date is
    ``_PUBLISHED``'s, in ``day_slots``.)"""
    before = text[max(sent_start, start - 60):start]
    after = text[end:min(sent_end, end + 60)]
    return bool(_REPORT_BEFORE.search(before) or _REPORT_AFTER.match(after) or
                (_REPORT_OPENING.match(text[sent_start:start]) and _SPEECH_AHEAD.match(after)))


# A publication word among the words leading up to a date dates the page, however far
# back ("posted in Hit and Run Accidents on Friday, September 20, 2013").
_PUBLISHED = frozenset({"posted", "published", "updated", "filed"})
DATE_LEAD_WORDS = 10
_DATELINE = re.compile(r"^\W*[A-Z][A-Za-z .,'-]{1,60}?,\s+[A-Z][a-z]{2,8}\.? \d{1,2}\s*"
                       r"(?:\([^)]{1,60}\))?\s*(?:--|\u2014|\u2013|-)")


def day_slots(unit: Unit) -> dict[str, list[Slot]]:
    """Absolute event days of a sentence, keyed by the words that lead up to them.

    The key is the set of lower-case content stems in the ten words before the date
    ("shareholders will vote on the proposal on July 22" -> vote, proposal): two
    dates are compared only when their keys share a stem, so "shares fell on
    Tuesday" is not set against "customers were warned on Wednesday".
    """
    doc, sent = unit.doc, unit.doc.sentences[unit.index]
    text = doc.article.text
    dateline = _DATELINE.match(text)
    # "Thursday", "yesterday" are only as good as the day they count from: one guessed
    # from the text (an article with no date of its own) is no ground for a conflict.
    # A page's printed date ("page") anchors the timeline but not a conflict: on the ECB+
    # build it opened three false date conflicts (two events in one story, an injury day
    # against a roster move, "10 Nov 11" read as November 11).
    guessed_anchor = doc.article.published_method not in ("metadata", "override")
    out: dict[str, list[Slot]] = {}
    for t in doc.times:
        if t.sentence_index != unit.index or not t.value or t.granularity != "day" \
                or (guessed_anchor and t.anchor != "story" and not _dates.names_day(t.text)) \
                or "/" in t.value or (dateline and t.start < dateline.end()) \
                or _reports(text, sent.start, sent.end, t.start, t.end):
            continue
        lead = re.findall(r"\b[a-z][a-z'-]+\b", text[max(sent.start, t.start - 60):t.start])
        stems = sorted({stem(w) for w in terms(" ".join(lead[-DATE_LEAD_WORDS:]))})
        if not stems or _PUBLISHED & set(lead[-DATE_LEAD_WORDS:]):
            continue
        value = float(t.value.replace("-", ""))
        out.setdefault(" ".join(stems), []).append((f"{t.text} ({t.value})", value, value,
                                                    value))
    return out


def _date_keys_meet(a: str, b: str) -> bool:
    return bool(set(a.split()) & set(b.split()))


def _overlap(a: Slot, b: Slot) -> bool:
    return a[2] <= b[3] and b[2] <= a[3]


def _meet(a: list[Slot], b: list[Slot]) -> bool:
    return any(_overlap(x, y) for x in a for y in b)


# Two outlets that date one claim differently disagree by days ("July 22" vs "July
# 24"); dates a month or more apart, or the same day of the month in different
# years, come from a wrong anchor for "Thursday" or a yearless "November 2", not
# from the outlets.
MAX_DATE_CONFLICT_DAYS = 31


# Two sentences less alike than a claim (from this similarity) still date one event when
# the words leading up to their dates, speech words aside, are mostly the same: at least
# two stems and half of them ("the breach was detected on October 9", "the breach, which
# Lirra said it detected on October 11": 0.25 alike). On the ECB+ build, two shared stems
# alone set an aftershock's Monday against the quake's Sunday ("... southern Iranian
# island ... on Monday", "... an island off Iran's southern coast on Sunday").
DATE_LOOSE_SIMILARITY = 0.2


def _same_lead(key_a: str, key_b: str) -> bool:
    a, b = set(key_a.split()) - SPEECH_STEMS, set(key_b.split()) - SPEECH_STEMS
    return len(a & b) >= 2 and 2 * len(a & b) >= len(a | b)


def _surface(slot: Slot) -> str:
    return slot[0].split(" (")[0].casefold()


def _comparable_dates(a: Slot, b: Slot) -> bool:
    def day(slot: Slot) -> date:
        text = str(int(slot[1]))
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))

    try:
        first, second = day(a), day(b)
    except ValueError:
        return False
    same_calendar_day = (first.month, first.day) == (second.month, second.day)
    if same_calendar_day or abs((first - second).days) > MAX_DATE_CONFLICT_DAYS:
        return False
    # "Saturday" against "8 October 2011", a Saturday: the outlets agree, our anchor
    # for the bare weekday does not.
    for bare, dated in ((_surface(a), second), (_surface(b), first)):
        weekday = _dates.WEEKDAY.search(bare)
        if weekday and not _dates.names_day(bare) and \
                _dates.WEEKDAYS.index(weekday["wd"]) == dated.weekday():
            return False
    return True


def _find(parent: dict[int, int], x: int) -> int:
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _matching_keys(kind: str, a: dict[str, list[Slot]],
                   b: dict[str, list[Slot]]) -> list[tuple[str, str]]:
    if kind != "date":
        return [(k, k) for k in sorted(set(a) & set(b))]  # sorted: the same order every run
    return [(ka, kb) for ka in a for kb in b if _date_keys_meet(ka, kb)]


def _slot_conflicts(kind: str, slots: dict[int, dict[str, list[Slot]]], units: list[Unit],
                    pairs: Iterable[tuple[float, int, int]], min_sim: float,
                    fact_of: dict[tuple[str, int], str],
                    contexts: dict[int, dict[str, Context]] | None = None,
                    ) -> list[Conflict]:
    """Conflicts of one kind: components of sentence pairs that disagree on a slot.

    Two sentences that disagree link into one conflict; sentences that agree with
    one side of it (a similar sentence giving the same value) join that side.
    With ``contexts`` (numbers), two values disagree only when what surrounds them
    shares a stem (``_compare_numbers``). A conflict in which one source gives two of
    the values is dropped: an outlet that prints both "43 RBIs" and "121 RBIs"
    counts two things (a part and a season), it does not disagree with itself, and
    the outlets that print one or the other do not disagree either.
    """
    disagree: dict[str, list[tuple[int, int]]] = defaultdict(list)
    agree: dict[str, list[tuple[int, int]]] = defaultdict(list)
    # The slot each sentence gives in a bucket: numbers bucket by their counted noun,
    # dates all in one bucket (their lead words matched pairwise instead).
    chosen: dict[tuple[str, int], Slot] = {}
    labels: dict[str, str] = {}
    siblings: dict[str, list[int]] = defaultdict(list)  # an article's sentences with numbers
    for i in slots:
        siblings[units[i].doc.article.id].append(i)
    for sim, i, j in pairs:
        loose = kind == "date" and DATE_LOOSE_SIMILARITY <= sim < min_sim
        if (sim < min_sim and not loose) or units[i].source == units[j].source:
            continue
        for key_i, key_j in _matching_keys(kind, slots.get(i, {}), slots.get(j, {})):
            if loose and not _same_lead(key_i, key_j):
                continue
            values_i, values_j = slots[i][key_i], slots[j][key_j]
            if kind == "date" and not _meet(values_i, values_j) and \
                    not _comparable_dates(values_i[0], values_j[0]):
                continue
            if kind == "date" and _surface(values_i[0]) == _surface(values_j[0]):
                continue  # both print "last Thursday": our anchors differ, not the outlets
            if kind == "date" and not _meet(values_i, values_j) and (
                    _meet([v for vs in slots[i].values() for v in vs], values_j)
                    or _meet(values_i, [v for vs in slots[j].values() for v in vs])):
                continue  # one also names the other's day: "hit the island on Sunday,
                # followed by aftershocks on Monday" against "hit the island on Sunday"
            bucket = key_i if kind == "number" else "day"
            first_i, first_j = values_i[0], values_j[0]
            if contexts is None:
                target = agree if _meet(values_i, values_j) else disagree
            else:
                outcome = _compare_numbers(values_i, values_j, contexts.get(i, {}).get(key_i),
                                           contexts.get(j, {}).get(key_j))
                if outcome is None:
                    continue
                target = agree if outcome[0] else disagree
                first_i, first_j = outcome[1], outcome[2]
            if target is disagree and contexts is not None:
                # The values that disagree are shown, not a sentence's first value.
                chosen[(bucket, i)], chosen[(bucket, j)] = first_i, first_j
            else:
                chosen.setdefault((bucket, i), first_i)
                chosen.setdefault((bucket, j), first_j)
            labels.setdefault(bucket, _number_label(key_i) if kind == "number"
                              else _printed_words(units[i].text, set(key_i.split())
                                                  & set(key_j.split()) - SPEECH_STEMS))
            target[bucket].append((i, j))
    conflicts = []
    for key, edges in disagree.items():
        parent: dict[int, int] = {}
        for i, j in edges:
            parent[_find(parent, i)] = _find(parent, j)
        for i, j in agree.get(key, []):
            if i in parent or j in parent:
                parent[_find(parent, i)] = _find(parent, j)
        components: dict[int, list[int]] = defaultdict(list)
        for x in list(parent):
            components[_find(parent, x)].append(x)
        for members in components.values():
            by_value: dict[float, tuple[str, list[int]]] = {}
            for m in sorted(members, key=lambda k: units[k].key):
                surface, value, _, _ = chosen[(key, m)]
                by_value.setdefault(value, (surface, []))[1].append(m)
            if contexts is not None:
                # A value that a sentence of another side prints as well, of the same
                # thing or of nothing named, is not disputed by that side ("about 32
                # million people tuning in, compared with 55.3 million a decade ago"
                # against "55.3 million people tuned in"; but "18 people had been injured
                # and 12 arrested" does disagree with "12 people were injured"), nor is one
                # that another side's article prints of the same noun in another sentence.
                printed = {m: _printed(units[m], key) | _printed_elsewhere(
                    m, key, slots, contexts, siblings, units) for m in members}
                by_value = {v: side for v, side in by_value.items()
                            if not any(v in printed[m] for other, (_, ms) in by_value.items()
                                       if other != v for m in ms)}
            if len(by_value) < 2:
                continue
            values_of: dict[str, set[float]] = defaultdict(set)
            for value, (_, ms) in by_value.items():
                for m in ms:
                    values_of[units[m].source].add(value)
            if any(len(v) > 1 for v in values_of.values()):
                continue
            sides = tuple(
                ConflictSide(value=surface,
                             sources=tuple(sorted({units[m].outlet for m in ms})),
                             citations=tuple(cite(units[m].doc, units[m].index) for m in ms))
                for surface, ms in sorted(by_value.values(), key=lambda v: -len(v[1])))
            if len({s for side in sides for s in side.sources}) < 2:
                continue
            shown = " vs ".join(f"{s.value} ({', '.join(s.sources)})" for s in sides)
            noun = labels[key]
            first = units[min(members, key=lambda k: units[k].key)]
            conflicts.append(Conflict(kind, fact_of.get(first.key, ""),  # type: ignore[arg-type]
                                      f"{kind} differs ({noun}): {shown}", sides))
    return conflicts


# -- places ------------------------------------------------------------------------------------

def _places(unit: Unit, types: dict[str, str], names: dict[str, str]) -> set[str]:
    """The sentence's places that are known places: countries, and cities in GeoNames.

    A name the tagger calls a place but no table knows ("Alba Marina", a ship) is
    not set against a real place.
    """
    return {e for e in unit.entities if types.get(e) in ("GPE", "LOC", "FAC")
            and (e.startswith("place:") or city_country(names.get(e, "")) is not None)}


def _compatible(a: str, b: str, names: dict[str, str], related: dict[str, set[str]]) -> bool:
    return (a == b or b in related.get(a, set()) or a in related.get(b, set())
            or contains(a, names.get(b, "")) or contains(b, names.get(a, "")))


def place_conflicts(units: list[Unit], groups: list[list[Unit]], roster: Roster | None,
                    fact_of: dict[tuple[str, int], str]) -> list[Conflict]:
    """Aligned sentences that each name one place the other has no match for."""
    if roster is None:
        return []
    by_id = roster.by_id()
    # The story's entities only: the roster is the corpus's.
    story = [by_id[e] for e in set().union(*(u.entities for u in units)) if e in by_id]
    types = {e.id: e.type for e in story}
    names = {e.id: e.name for e in story}
    related = {e.id: set(e.related) for e in story}
    out = []
    for group in groups:
        for x, a in enumerate(group):
            for b in group[x + 1:]:
                if a.source == b.source or cosine(a.vector, b.vector) < PLACE_MIN_SIMILARITY:
                    continue
                pa, pb = _places(a, types, names), _places(b, types, names)
                only_a = {p for p in pa if not any(_compatible(p, q, names, related) for q in pb)}
                only_b = {q for q in pb if not any(_compatible(q, p, names, related) for p in pa)}
                if len(only_a) != 1 or len(only_b) != 1:
                    continue
                (p,), (q,) = only_a, only_b
                sides = tuple(ConflictSide(by_id[e].name, (u.outlet,), (cite(u.doc, u.index),))
                              for e, u in ((p, a), (q, b)))
                out.append(Conflict("place", fact_of.get(a.key, ""),
                                    f"place differs: {names[p]} ({a.outlet}) vs "
                                    f"{names[q]} ({b.outlet})", sides))
    return out


# -- qualifiers --------------------------------------------------------------------------------

_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)"
QUALIFIERS: dict[str, re.Pattern[str]] = {
    # How much of the thing the claim covers.
    "scope": re.compile(r"\b(?:the (?:majority|bulk|rest|remainder) of|most of|all of|some of|"
                        r"part of|much of|half of|(?:nearly|almost) all|a (?:few|handful) of|"
                        r"a portion of|parts of)\b", re.I),
    # A time limit on it.
    "time limit": re.compile(rf"\b(?:within {_NUM}(?: \w+)? (?:days?|weeks?|months?|years?)|"
                             rf"in {_NUM} (?:days?|weeks?|months?|years?)|"
                             r"by the end of (?:the |this |next )?(?:day|week|month|year)|"
                             r"by (?:19|20)\d\d)\b", re.I),
    # Whether the outlet vouches for it: evidential hedges only. Modal verbs ("may",
    # "is expected to") are left out: on the demo corpus they mostly differ in
    # wording, not in certainty ("is expected to complete" vs "expect to complete").
    "hedge": re.compile(r"\b(?:reportedly|allegedly|apparently|purportedly|unconfirmed|"
                        r"(?:is|are|was|were) (?:said|believed|thought|understood|reported|"
                        r"alleged) to|"
                        r"according to (?:unconfirmed |unnamed |anonymous )?(?:reports|sources)|"
                        # "..., ABC News reported, citing sources familiar with a draft"
                        r"citing (?:\w+ ){0,2}(?:sources|people familiar))"
                        r"\b", re.I),
}


# Scope phrases of one meaning, by the phrase that stands for them.
_SAME_SCOPE = {"the remainder of": "the rest of", "the majority of": "most of",
               "the bulk of": "most of", "almost all": "nearly all", "a handful of": "a few of",
               "parts of": "part of", "a portion of": "part of"}


def qualifiers(text: str) -> dict[str, tuple[str, ...]]:
    """The scope, time-limit and hedge phrases of a sentence, by kind."""
    out = {}
    for kind, pattern in QUALIFIERS.items():
        found = tuple(dict.fromkeys(m.group(0).lower() for m in pattern.finditer(text)))
        if found:
            out[kind] = found
    return out


def qualifier_conflicts(groups: list[list[Unit]],
                        fact_of: dict[tuple[str, int], str]) -> list[Conflict]:
    """Aligned sentences that qualify one claim differently: one conflict per claim.

    Each article's sentences in the claim are read together; articles are grouped by
    the scope and time-limit phrases they use and by whether they hedge (any hedge:
    "reportedly" and "according to reports" are one side), and each distinct set is a
    side ("(none)" for the articles that state the claim without one). It is a
    conflict when two sides qualify the claim differently ("within a year" vs "the
    majority of"), or when one side hedges ("reportedly") a sentence that another
    restates flatly: similarity >= 0.5 both with and without the hedge's own words,
    and a third of what the hedge governs stated ("was reportedly recovered from the
    scene" is not restated by "the revolver was loaded with four bullets").
    The flat side is only the sentences that restate it, closest first (on the ECB+
    build the whole claim group was listed before, led by sentences about something
    else: "His body was discovered Tuesday" against "LaRue is believed to have died
    Saturday"; qualifier conflicts 25 -> 24, and every first pair of citations now
    restates one claim but for two short ones). A scope or time limit one outlet adds
    to a looser paraphrase is left out: on ECB+ such pairs were mostly extra detail,
    not a different claim.
    """
    out = []
    for group in groups:
        per_article: dict[str, list[Unit]] = defaultdict(list)
        for u in group:
            per_article[u.doc.article.id].append(u)
        # Articles are sided by their scope and time-limit phrases (scopes of one
        # meaning as one: "the rest of" = "the remainder of") and by whether they hedge:
        # "reportedly" and "according to reports" both decline to vouch, and do not
        # disagree with each other.
        sides: dict[tuple[tuple[str, str], ...], list[list[Unit]]] = defaultdict(list)
        shown_as: dict[tuple[tuple[str, str], ...], list[str]] = defaultdict(list)
        for part in per_article.values():
            found = qualifiers(" ".join(u.text for u in part))
            key = tuple(sorted({(k, "" if k == "hedge" else _SAME_SCOPE.get(p, p))
                                for k, ps in found.items() for p in ps}))
            sides[key].append(part)
            for p in (p for ps in found.values() for p in ps):
                if p not in shown_as[key]:
                    shown_as[key].append(p)
        if len(sides) < 2 or len({u.source for parts in sides.values() for part in parts
                                  for u in part}) < 2:
            continue
        qualified = [key for key in sides if key]
        if len(qualified) >= 2 and all(kind == "scope" for key in qualified for kind, _ in key) \
                and not _same_scoped(sides, shown_as, qualified):
            continue
        if len(qualified) < 2:
            if not qualified or () not in sides or \
                    any(kind != "hedge" for kind, _ in qualified[0]):
                continue
            # The sentence that hedges must itself be the near-paraphrase: a hedge in
            # the other sentence of a two-sentence claim may qualify something else.
            phrases = shown_as[qualified[0]]
            hedged = [u for part in sides[qualified[0]] for u in part
                      if any(p in u.text.lower() for p in phrases)]
            if not hedged:
                continue
            # The flat side is the sentences that state what is hedged: the other
            # sentences of the claim's group may be about something else ("His body was
            # discovered Tuesday" against "LaRue is believed to have died Saturday").
            # Compared without the hedge's own words: "Can you believe it?" does not
            # restate "the deal is believed to be an offer of eight years".
            hedge_words = {stem(w) for w in terms(" ".join(phrases))}
            flat = [u for part in sides[()] for u in part]
            scopes = {h.key: _hedged_words(h.text, phrases) for h in hedged}
            claims = {u.key: _without(u.vector, hedge_words.__contains__)
                      for u in (*hedged, *flat)}
            said = {f.key: {stem(w) for w in terms(f.text)} for f in flat}
            close = {(h.key, f.key): min(cosine(h.vector, f.vector),
                                         cosine(claims[h.key], claims[f.key]))
                     if _restates(scopes[h.key], said[f.key]) else 0.0
                     for h in hedged for f in flat}
            closeness = {u.key: max(close[(h.key, u.key)] for h in hedged) for u in flat}
            closeness.update({h.key: max(close[(h.key, f.key)] for f in flat) for h in hedged})
            # A sentence that gives its claim to a source ("..., according to police",
            # "police say he pointed a gun", "the coroner said he believes ...") does not
            # vouch for it either: it is no flat side.
            flat_parts = [[u for u in part if closeness[u.key] >= HEDGE_MIN_SIMILARITY
                           and not _ATTRIBUTED.search(u.text)] for part in sides[()]]
            flat_parts = [part for part in flat_parts if part]
            if not {u.source for part in flat_parts for u in part} - {h.source for h in hedged}:
                continue
            # Each side's closest sentences first, so that the first citations of the two
            # sides are the hedged sentence and the flat one that restates it.
            sides[()] = _closest_first(flat_parts, closeness)
            sides[qualified[0]] = _closest_first(sides[qualified[0]], closeness)
        conflict_sides = tuple(ConflictSide(
            "; ".join(shown_as[key]) or "(none)",
            tuple(sorted({part[0].outlet for part in parts})),
            tuple(cite(u.doc, u.index) for u in _phrase_first(shown_as[key], parts)))
            for key, parts in sorted(sides.items(), key=lambda kv: (not kv[0], kv[0])))
        kinds = sorted({k for key in sides for k, _ in key})
        shown = " vs ".join(f"{side.value!r} ({', '.join(side.sources)})"
                            for side in conflict_sides)
        first = group[0]
        out.append(Conflict("qualifier", fact_of.get(first.key, ""),
                            f"qualifier differs ({', '.join(kinds)}): {shown}", conflict_sides))
    return out


SCOPED_WORDS = 3  # the content words a scope phrase governs: "most of [the 288 candidates]"


def _same_scoped(sides: dict[tuple[tuple[str, str], ...], list[list[Unit]]],
                 shown_as: dict[tuple[tuple[str, str], ...], list[str]],
                 qualified: list[tuple[tuple[str, str], ...]]) -> bool:
    """Whether two sides' scope phrases govern one thing: a content word in common among
    the first few after each phrase. "for much of [the season]" and "some of [the younger
    players]" quantify different things (the ECB+ build's one such conflict); "more than
    half of [the 288 candidates]" and "almost all of [the 288 candidates]" one."""
    governed = []
    for key in qualified:
        words: set[str] = set()
        for part in sides[key]:
            for u in part:
                lower = u.text.lower()
                for phrase in shown_as[key]:
                    at = lower.find(phrase)
                    while at >= 0:
                        clause = _CLAUSE_BREAK.split(u.text[at + len(phrase):])[0]
                        words.update(stem(w) for w in terms(clause)[:SCOPED_WORDS])
                        at = lower.find(phrase, at + 1)
        governed.append(words)
    return any(a & b for i, a in enumerate(governed) for b in governed[i + 1:])


# A sentence that attributes what it says: to a named source or to one it leaves unnamed.
# ("claimed three lives" attributes nothing; "claimed that" does.)
_ATTRIBUTED = re.compile(r"\b(?:according to|citing|said|says|say|told|tells|reported|reports|"
                         r"allege[sd]?|believes?|claim(?:s|ed)? (?:that|to)|testified|confirmed)\b",
                         re.I)

HEDGED_WORDS = 6  # the content words a hedge governs: after "allegedly", before "according to"
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]| - ")


_REPORTED = re.compile(r"^\s*(?:[Tt]he\s+)?(?:[A-Z][\w.&'’-]*\s+){1,4}"
                       r"(?:reported|reports|said|says)\b(?:\s+\w+)?\s*$")


def _hedged_words(text: str, phrases: list[str]) -> set[str]:
    """The stems of what a hedge qualifies: the content words after "allegedly", "is
    believed to" ("... was thought to be more than seven years"), or before a closing
    "according to reports" or "citing sources"."""
    lower = text.lower()
    out: set[str] = set()
    for phrase in phrases:
        at = lower.find(phrase)
        if at < 0:
            continue
        # Within the hedge's clause: "apparently intended to fire a Taser[, not a handgun,
        # as the man struggled with police]".
        if phrase.startswith(("according to", "citing")):
            clauses = _CLAUSE_BREAK.split(text[:at].rstrip(" ,"))
            # "..., ABC News reported Wednesday, citing sources": what the report says
            # comes before who reported it.
            if len(clauses) > 1 and _REPORTED.search(clauses[-1]):
                clauses.pop()
            clause = clauses[-1]
            words = [stem(w) for w in terms(clause)][-HEDGED_WORDS:]
        else:
            clause = _CLAUSE_BREAK.split(text[at + len(phrase):])[0]
            words = [stem(w) for w in terms(clause)][:HEDGED_WORDS]
        out.update(words)
    return out


def _restates(hedged: set[str], said: set[str]) -> bool:
    """Whether a sentence (its stems ``said``) states a third or more of what a hedge
    qualifies (on the ECB+ build, half dropped "The driver fled the scene after the woman
    was hit" against "The driver allegedly hit a 66-year-old woman ... and fled the
    scene": 2 of 6 words)."""
    if not hedged:
        return True
    return 3 * len(hedged & said) >= len(hedged)


def _closest_first(parts: list[list[Unit]], closeness: dict[tuple[str, int], float]
                   ) -> list[list[Unit]]:
    def score(u: Unit) -> float:
        return closeness.get(u.key, -1.0)
    ordered = [sorted(part, key=lambda u: -score(u)) for part in parts]
    return sorted(ordered, key=lambda part: -score(part[0]))


def _without(vector: dict[str, float], drop: Callable[[str], bool]) -> dict[str, float]:
    """A unit vector with the terms ``drop`` picks left out, renormalised."""
    kept = {t: v for t, v in vector.items() if not drop(t)}
    norm = math.sqrt(sum(v * v for v in kept.values())) or 1.0
    return {t: v / norm for t, v in kept.items()}


def _phrase_first(phrases: list[str], parts: list[list[Unit]]) -> list[Unit]:
    """A side's sentences, those that print one of its phrases first."""
    units = [u for part in parts for u in part]
    return sorted(units, key=lambda u: not any(p in u.text.lower() for p in phrases))


def _undated_pairs(units: list[Unit],
                   days: dict[int, dict[str, list[Slot]]]) -> list[tuple[float, int, int]]:
    """Similarity of the dated sentences with their date features left out."""
    dated = sorted(days)
    vectors = {}
    for i in dated:
        vectors[i] = _without(units[i].vector, lambda t: t.startswith("T:"))
    out = []
    for x, i in enumerate(dated):
        for j in dated[x + 1:]:
            if units[i].doc.article.id != units[j].doc.article.id:
                out.append((cosine(vectors[i], vectors[j]), i, j))
    return out


def conflicts(units: list[Unit], pairs: list[tuple[float, int, int]],
              groups: list[list[Unit]], fact_threshold: float, roster: Roster | None,
              fact_of: dict[tuple[str, int], str]) -> list[Conflict]:
    """Every number, date, place and qualifier conflict of a story."""
    found = {i: n for i, u in enumerate(units) if (n := _numbers(u, roster))[0]}
    numbers = {i: n[0] for i, n in found.items()}
    contexts = {i: n[1] for i, n in found.items()}
    days = {i: s for i, u in enumerate(units) if (s := day_slots(u))}
    out = _slot_conflicts("number", numbers, units, pairs, fact_threshold, fact_of, contexts)
    undated = _undated_pairs(units, days)
    out += _slot_conflicts("date", days, units, undated, fact_threshold, fact_of)
    out += place_conflicts(units, groups, roster, fact_of)
    out += qualifier_conflicts(groups, fact_of)
    return out
