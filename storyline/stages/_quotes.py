"""Direct quotes and their speakers.

Quoted spans in straight, curly or ``TeX'' marks (spanning sentences too);
the speaker is the named mention (person or organisation) next to a speech
cue ("said", "told", "according to") outside the quote, searched after the
quote first, then before it. A pronoun speaker ("she said") resolves to the
subject of the previous sentence's speech, else the nearest person mentioned before
the pronoun ("He told the judge that LiLo was '...'" is not LiLo's quote).
"""

from __future__ import annotations

import re

from ..model import Mention, Quote, Sentence

QUOTE_SPAN = re.compile(r'"(?P<a>[^"\n]{2,}?)"|“(?P<b>[^”\n]{2,}?)”|``(?P<c>[^\n]{2,}?)\'\'')
CUE_WORDS = (r"(?i:according to)|said|says|say|told|tells|added|adds|stated|states|declared|"
             r"announced|noted|"
             r"explained|warned|insisted|argued|wrote|writes|acknowledged|confirmed|asked|"
             r"replied|urged|described|called")
MIN_QUOTE_WORDS = 2
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PRONOUNS = {"he": "PERSON", "she": "PERSON", "they": "ANY", "it": "ORG"}
_CUE_AFTER = re.compile(r"^[\s,.;:—–-]*(?:(?P<pro>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+)?"
                        r"(?:(?P<cue1>" + CUE_WORDS +
                        r")\b|(?P<nm>.{1,80}?)\s+(?P<cue2>" + CUE_WORDS + r")\b)")
_CUE_ANY = re.compile(r"\b(?:" + CUE_WORDS + r")\b")
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


def _previous_subject(text: str, sentences: tuple[Sentence, ...], sent: Sentence | None,
                      mentions: tuple[Mention, ...]) -> str:
    """Who speaks in the sentence before ``sent`` ("A spokeswoman for the MHB said ...")."""
    if sent is None or sent.index == 0:
        return ""
    prev = sentences[sent.index - 1]
    m = _SUBJECT.match(text, prev.start, prev.end)
    if m is None or len(m.group("subj").split()) > 8:
        return ""
    lo, hi = m.start("subj"), m.end()  # with an appositive: "its chief, Martin Graves, said"
    named = [x for x in mentions if lo <= x.start and x.end <= hi and
             x.label in ("PERSON", "ORG")]
    if named:
        return min(named, key=lambda x: (_LABEL_RANK.get(x.label, 9), x.start)).text
    subject = m.group("subj").strip()
    return subject if _NOMINAL.fullmatch(subject) else ""


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


def _mention_in(mentions: tuple[Mention, ...], lo: int, hi: int,
                last: bool) -> Mention | None:
    found = [m for m in mentions if lo <= m.start and m.end <= hi and m.label in SPEAKER_LABELS]
    if not found:
        return None
    return found[-1] if last else found[0]


def _best_mention(mentions: tuple[Mention, ...], lo: int, hi: int, nearest_to: int,
                  allow_possessive: bool, text: str = "") -> Mention | None:
    found = [m for m in mentions if lo <= m.start and m.end <= hi and m.label in SPEAKER_LABELS]
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
        if m.group("nm"):
            base = qend + 1
            mention = _mention_in(mentions, base + m.start("nm"), base + m.end("nm"), last=True)
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
            mention = _mention_in(mentions, base, min(line_end, base + 60), last=False)
            if mention is not None:
                return mention.text, cue, -1
    lo = sent.start if sent is not None and sent.start < qstart else line_start
    cues = list(_CUE_ANY.finditer(text, lo, qstart))
    if cues:
        cue_match = cues[-1]
        cue = cue_match.group(0)
        if cue.lower() == "according to":
            mention = _best_mention(mentions, cue_match.end(), qstart, nearest_to=cue_match.end(),
                                    allow_possessive=True)
        else:
            mention = _best_mention(mentions, lo, cue_match.start(), nearest_to=cue_match.start(),
                                    allow_possessive=False, text=text)
        if mention is not None:
            return mention.text, cue, -1
        pronoun = re.search(r"\b(he|she|they)\s*$", text[lo:cue_match.start()], re.I)
        if pronoun:
            return pronoun.group(1), cue, lo + pronoun.start(1)
    return "", "", -1
