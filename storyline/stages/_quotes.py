"""Direct quotes and their speakers.

Quoted spans in straight, curly or ``TeX'' marks (spanning sentences, and for
curly and TeX marks up to three lines, too);
the speaker is the named mention (person or organisation) next to a speech
cue ("said", "told", "according to") outside the quote, searched after the
quote first, then before it. A pronoun speaker ("she said") resolves to the
subject of the previous sentence's speech, else the nearest person mentioned before
the pronoun ("He told the judge that LiLo was '...'" is not LiLo's quote).
"""

from __future__ import annotations

import re

from ..model import Mention, Quote, Sentence

# Straight quotes stay on one line (an unpaired one would pair with the next line's);
# curly and TeX quotes, whose opening and closing marks differ, may run over up to
# three lines (a text with one sentence a line) when no other quote opens inside.
QUOTE_SPAN = re.compile(r'"(?P<a>[^"\n]{2,}?)"'
                        r'|“(?P<b>[^“”\n]{2,}(?:\n[^“”\n]*){0,2})”'
                        r"|``(?P<c>(?:(?!``|'')[^\n]){2,}(?:\n(?:(?!``|'')[^\n])*){0,2})''")
CUE_WORDS = (r"(?i:according to)|said|says|say|told|tells|added|adds|stated|states|declared|"
             r"announced|noted|testified|claimed|"
             r"explained|warned|insisted|argued|wrote|writes|acknowledged|confirmed|asked|"
             r"replied|urged|described|called")
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
                         r"from|during|after|before|to|who|when|while|about|and|that)\s(?![A-Z])")
_PRONOUN_SPEECH = re.compile(r"\b(?:he|she|they)\s+(?:" + CUE_WORDS + r")\b|\b(?:" + CUE_WORDS +
                             r")\s+(?:he|she|they)\s*[,.]", re.I)
_MARKS = re.compile(r"[\"“”]|``|''")
# Who speaks, by preference: a person, an organisation, then a place ("China said").
_LABEL_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}


def find_quotes(text: str, sentences: tuple[Sentence, ...],
                mentions: tuple[Mention, ...]) -> tuple[Quote, ...]:
    """Find direct quotes in ``text`` with their speakers and cue verbs."""
    quotes: list[Quote] = []
    last_person = ""
    for match in QUOTE_SPAN.finditer(text):
        inner = next(g for g in ("a", "b", "c") if match.group(g) is not None)
        content = match.group(inner).strip()
        if len(content.split()) < MIN_QUOTE_WORDS:
            continue
        start, end = match.start(inner), match.end(inner)
        sent = _sentence_at(sentences, match.start())
        if len(content.split()) <= TERM_WORDS and not _cue_next_to(text, match.start(),
                                                                     match.end(), sent):
            continue
        speaker, cue, at = _speaker(text, match.start(), match.end(), sent, mentions)
        if speaker.lower() in PRONOUNS:
            # "she said": whoever the previous sentence had speaking, else the nearest
            # person named before the pronoun, when it comes before the quote ("He told
            # the judge that LiLo was '...'": not LiLo), else before the quote.
            subject = _previous_subject(text, sentences, sent, mentions)
            limit = at if 0 <= at < match.start() else match.start()
            before = [m for m in mentions if m.label == "PERSON" and m.end <= limit]
            speaker = subject or (before[-1].text if before else last_person)
        elif _NOMINAL.fullmatch(speaker):
            # "the president said": the person introduced with that role, if any.
            speaker = _role_holder(text, speaker, match.start(), mentions) or speaker
        if not speaker and quotes and sent is not None and \
                quotes[-1].sentence_index == sent.index:
            speaker, cue = quotes[-1].speaker, quotes[-1].cue
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
_SUBJECT = re.compile(r"(?P<subj>[^\"“”]{2,80}?)(?:,[^,\"“”]{1,80},)?\s+(?:" + CUE_WORDS +
                      r")\b")


def _cue_next_to(text: str, qstart: int, qend: int, sent: Sentence | None) -> bool:
    """Whether a speech cue stands right after the quote or a few words before it."""
    line_end = text.find("\n", qend)
    if _CUE_AFTER.match(text[qend + 1:len(text) if line_end < 0 else line_end]):
        return True
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
            opening = [x for x in mentions if prev.start <= x.start < prev.end and
                       x.label == "PERSON" and len(text[prev.start:x.start].split()) <= 1]
            if opening:
                return opening[0].text
        return ""
    return ""


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


def _sentence_at(sentences: tuple[Sentence, ...], offset: int) -> Sentence | None:
    for sent in sentences:
        if sent.start <= offset < sent.end:
            return sent
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
    found = [m for m in found if m.label not in PLACE_LABELS or
             (_adjacent(text, m.end, cue_at) if before else _adjacent(text, cue_at, m.start))]
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
             mentions: tuple[Mention, ...]) -> tuple[str, str, int]:
    """The speaker's words, the cue, and where a pronoun speaker stands (else -1)."""
    line_start = text.rfind("\n", 0, qstart) + 1
    line_end = text.find("\n", qend)
    line_end = len(text) if line_end < 0 else line_end
    after = text[qend + 1:line_end]
    m = _CUE_AFTER.match(after)
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
        else:
            mention = _best_mention(mentions, lo, cue_match.start(), nearest_to=cue_match.start(),
                                    allow_possessive=False, text=text)
        if mention is not None:
            return mention.text, cue, -1
        pronoun = re.search(r"\b(he|she|they)\s*$", text[lo:cue_match.start()], re.I)
        if pronoun:
            return pronoun.group(1), cue, lo + pronoun.start(1)
    return "", "", -1
