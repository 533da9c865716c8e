"""Clean: remove scraping debris from an article and record every removal.

Debris handled here: hover cards glued to names (a name, the same name again
with no space, one or more unrelated headlines, then "MORE"), repeated title
lines, photo credits, share/subscribe/newsletter lines, "Related:" and "Read
more:" link lines, advertisement markers. Whitespace is normalised; the words
of real sentences are never changed, so every later span still points at text
the source printed (less the debris).

``clean`` is idempotent: cleaning a clean article removes nothing more.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import Article, Removal
from ._dates import is_timestamp, stamp_day

NAME = "clean.rules.v3"

# A hover card: <Last><Full Name ending in Last><headlines...> MORE. The glue is a
# capitalised surname followed, with no space, by the same person's full name
# (e.g. "Mike PompeoMike PompeoChina plays ... MORE"). The card text is bounded so
# a stray "MORE" far away cannot swallow a paragraph.
_LOWER = r"a-zà-öø-ÿ"  # lower-case letters, accented ones included ("Lucía")
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][" + _LOWER + r"'’\-]+"
HOVER_CARD = re.compile(
    r"(?P<last>" + _NAME_WORD + r")"
    r"(?P<card>(?:(?:[A-ZÀ-ÖØ-Þ][" + _LOWER + r"'’.\-]*|[A-Z]\.) ){0,3}(?P=last)"
    r"(?=[A-Z0-9'‘\"“])(?:(?!\bMORE\b)[^\n]){1,600}?\s?\bMORE\b)"
)

MAX_DEBRIS_LINE_WORDS = 20
# The text of a link that speaks to the reader ("Read more", "Click here", "Continue
# reading"): on a line of its own, or after the last sentence of a paragraph.
_PROMPT = (r"[^\w\"“‘']*(?:read|see|show|learn|find out|click|tap|continue reading|"
           r"keep reading|view|"
           r"watch)(?:\s+(?:more|here|the full (?:story|article)|full (?:story|article)|"
           r"(?:the )?(?:video|gallery|photos)))?(?:\s*(?:»|›|>>|…|\.{3}))?[^\w?]*")
_TRAILING_PROMPT = re.compile(r"(?<=[.!?\"”’)])\s+(?P<prompt>(?:read more|continue reading|"
                              r"click here|keep reading|learn more|see more|show more)"
                              r"(?:\s*(?:»|›|>>|…|\.{3}))?)\s*$", re.I)
_LINE_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("photo-credit", re.compile(
        r"^(?:©|\(c\)\s|copyright\b|photo(?:graph)?s?\s*(?:by)?\s*[:/]|image\s*:|"
        r"credit\s*:|picture\s*:|file photo\b|(?:AP|AFP|Reuters|Getty Images)\s*(?:photo)?\s*/)",
        re.I), "photo credit line"),
    ("photo-credit", re.compile(r"^[^.!?]{0,80}\b(?:Getty Images|AP Photo|Shutterstock)\b"
                                r"[^.!?]{0,40}$", re.I), "photo agency credit"),
    ("share-line", re.compile(
        r"^(?:share(?: this)?(?: article| story| page)?|share on \w+|tweet(?: this)?|"
        r"email(?: this)?(?: article)?|print(?: this)?(?: article)?|copy link|"
        r"follow us on .{0,60}|comments?\s*\(\d+\))\W*$", re.I), "share or follow widget"),
    ("advertisement", re.compile(r"^(?:advertisement|advert|sponsored(?: content)?|"
                                 r"story continues below(?: advertisement)?|ad)\W*$", re.I),
     "advertisement marker"),
    ("newsletter", re.compile(
        r"^(?:sign up|subscribe|get our|join our)\b.{0,80}(?:newsletter|updates|inbox|now)\W*$"
        r"|^subscribe\W*$", re.I), "newsletter or subscription prompt"),
    ("byline-boilerplate", re.compile(
        r"^\((?:additional )?(?:reporting|writing|editing|compiled|produced) by\b.{0,150}\)$",
        re.I), "wire-service credit line"),
    ("related-link", re.compile(
        r"^(?:related(?: stories| articles| coverage)?|read more|read also|also read|"
        r"see also|more on this(?: story)?|recommended|most read|watch|listen)\s*[:\-–—|]\s*\S",
        re.I), "related-link widget"),
    ("reader-prompt", re.compile(r"^" + _PROMPT + r"$", re.I), "link text addressed to the reader"),
)


_STAMP_PUBLISHED = re.compile(r"\b(?:posted|published|created|filed)\b", re.I)

HEADLINE_ONLY = "headline_only"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold().strip(" .")


def clean(article: Article) -> Article:
    """Return ``article`` without scraping debris, listing what was removed and why."""
    if article.extra.get(HEADLINE_ONLY):
        return article  # cleaned before: its text is its headline
    removed: list[Removal] = list(article.removed)
    text = article.text.replace("\u00a0", " ").replace("\t", " ")
    text, cards = _remove_hover_cards(text)
    removed.extend(cards)
    title = " ".join(article.title.split())
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = " ".join(line.split())
        kind_reason = _debris_kind(stripped, title, has_body=any(k.strip() for k in kept))
        if kind_reason is not None:
            removed.append(Removal(kind_reason[0], stripped, kind_reason[1]))
            continue
        if (prompt := _TRAILING_PROMPT.search(stripped)) is not None:
            removed.append(Removal("reader-prompt", prompt["prompt"],
                                   "link text addressed to the reader, after a paragraph"))
            stripped = stripped[:prompt.start()]
        kept.append(stripped)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    extra = article.extra
    if not body and title:
        # A headline-only item (a headline feed, a title column): its headline is
        # its one sentence, to analyse, cite and fuse like any other.
        body = title
        extra = {**article.extra, HEADLINE_ONLY: True}
    if body == article.text and len(removed) == len(article.removed):
        return article
    return dataclasses.replace(article, text=body, title=title, removed=tuple(removed),
                               extra=extra)


def page_date(removed: tuple[Removal, ...]) -> tuple[str, str] | None:
    """The day a page was posted, read from its timestamp lines, and the line read: the
    first stamp labelled posted/published/created/filed, else the first stamp ("Updated
    ..." when no other). None when no stamp names a year."""
    stamps = [r.text for r in removed if r.kind == "timestamp"]
    stamps.sort(key=lambda t: not _STAMP_PUBLISHED.search(t))
    for stamp in stamps:
        day = stamp_day(stamp)
        if day is not None:
            return day, stamp
    return None


def headline_only(article: Article) -> bool:
    """Whether the article's text is only its headline (no body was given)."""
    return not article.text.strip() or bool(article.extra.get(HEADLINE_ONLY))


def _remove_hover_cards(text: str) -> tuple[str, list[Removal]]:
    removals: list[Removal] = []

    def keep_name(match: re.Match[str]) -> str:
        card = match.group("card")
        removals.append(Removal("hover-card", card.strip(),
                                f"hover card glued to the name {match.group('last')!r}"))
        return match.group("last")

    cleaned = HOVER_CARD.sub(keep_name, text)
    return cleaned, removals


def _is_sentence(line: str) -> bool:
    # A lead sentence used as the title (wire copy, ECB+) is content, not a repeated headline.
    return line.rstrip().endswith((".", "!", "?", '"', "\u201d"))


def _debris_kind(line: str, title: str, has_body: bool) -> tuple[str, str] | None:
    if not line:
        return None
    if title and not has_body and _norm(line) == _norm(title) and not _is_sentence(line):
        return ("repeated-title", "the title repeated at the top of the body")
    if len(line.split()) > MAX_DEBRIS_LINE_WORDS:
        return None
    if is_timestamp(line):
        return ("timestamp", "the page's date and time stamp")
    for kind, pattern, reason in _LINE_RULES:
        if pattern.search(line):
            return (kind, reason)
    return None
