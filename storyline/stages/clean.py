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

NAME = "clean.rules.v2"

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
)


# A page's date-and-time stamp on a line of its own ("PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32
# PM", "Posted on Thu Jun 13, 2013 08: 45 AM PDT", "8: 05am UK, Monday 16 September 2013",
# "Updated 9: 06 AM"): when the page was posted, not a sentence of the report. A line is a
# stamp when it holds a clock time or a dated year and nothing but stamp words: labels,
# months, weekdays, numbers, time zones, separators. "The fire was knocked down by 6: 40
# a. m." has other words and stays.
_CLOCK = re.compile(r"\b\d{1,2}\s?:\s?\d\d(?:\s?:\s?\d\d)?(?:[ap]m?|[AP]M?)?\b")
# A time zone, in capitals ("EDT", "AKDT", "BST", "GMT+01: 00").
_ZONE = (r"(?-i:[A-Z]{1,3}T|GMT|UTC|UK|BST|AEST|CEST|CET|IST)"
         r"(?:\s?[+-]\s?\d{1,2}(?:\s?:\s?\d{1,2})?)?")
_MONTH_WORDS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|"
                "april|june|july|august|september|october|november|december")
_STAMP_WORDS = re.compile(
    r"\b(?:" + _MONTH_WORDS + r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|posted|updated|published|created|edited|filed|"
    r"first|originally|last|story|on|at|a\.?\s?m|p\.?\s?m|am|pm|hrs|" + _ZONE +
    r"|\d+(?:st|nd|rd|th)?)\b\.?", re.I)
_STAMP_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d\d\b")
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


_STAMP_DAY = re.compile(r"\b(?:" + _MONTH_WORDS + r")\.?\s*\d{1,2}\b|"
                        r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTH_WORDS + r")\b|"
                        r"\b\d{1,4}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4}\b", re.I)
_STAMP_LABEL = re.compile(r"\b(?:posted|updated|published|created|edited|filed|a\.?\s?m|p\.?\s?m|"
                          r"am|pm)\b|" + _ZONE, re.I)


def is_timestamp(line: str) -> bool:
    """Whether a line is a page's date-and-time stamp and nothing else: a day (a month with
    its day, or a numeric date) or a clock time with a label or zone ("Updated 9: 06 AM"),
    and no other words. Not a bare year ("2008"), an amount, or a lifespan ("March 3, 1941 -
    May 2, 2013", two years and no label)."""
    if len(line) > 120:
        return False
    day, clock, label = _STAMP_DAY.search(line), _CLOCK.search(line), _STAMP_LABEL.search(line)
    if not (day or (clock and label)):
        return False
    if len(re.findall(r"\b(?:19|20)\d\d\b", line)) > 1 and not label:
        return False
    rest = _STAMP_WORDS.sub(" ", _CLOCK.sub(" ", line))
    return not re.search(r"[A-Za-z$€£%]", rest)


def page_date(removed: tuple[Removal, ...]) -> tuple[str, str] | None:
    """The day a page was posted, read from its timestamp lines, and the line read: the
    first stamp labelled posted/published/created/filed, else the first stamp ("Updated
    ..." when no other). None when no stamp names a year."""
    stamps = [r.text for r in removed if r.kind == "timestamp"]
    stamps.sort(key=lambda t: not _STAMP_PUBLISHED.search(t))
    for stamp in stamps:
        day = _stamp_day(stamp)
        if day is not None:
            return day, stamp
    return None


def _stamp_day(stamp: str) -> str | None:
    if not _STAMP_YEAR.search(stamp):
        return None
    # The posting, not the update, when a line holds both ("on May 2, 2013 | Updated on
    # May 3 ..."); and no clock or zone, which dateparser may read as a day.
    first = re.split(r"\||\bupdated\b", stamp, flags=re.I)
    text = first[0] if _STAMP_YEAR.search(first[0]) else stamp
    text = _CLOCK.sub(" ", text)
    text = re.sub(r"\b(?:a\.?\s?m|p\.?\s?m|" + _ZONE + r")\b\.?|\([^)]*\)|\b(?!19|20)\d{4}\b|"
                  r"\b(?:posted|updated|published|created|edited|filed|first|originally|last|"
                  r"story|on|at)\b|[@|:]", " ", text, flags=re.I)
    text = re.sub(r"\s*([/.])\s*(?=\d)", r"\1", text)  # "05 / 03 / 2013", "2012. 08. 08"
    text = " ".join(text.replace("–", " ").replace(" - ", " ").split()).strip(" ,.-")
    if not text:
        return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={
        "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past"})
    return parsed.date().isoformat() if parsed is not None else None


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
