"""Time expressions: normalise them against an anchor date, and infer a missing anchor.

Rules of our own cover what dateparser does not: weekday resolution by tense
("Thursday" in text written on a Monday is the coming Thursday unless its verb is
past), "next Tuesday" as the following week's, ranges ("Thursday through
Saturday"), ISO weeks and months for "later this week" / "last month", and
durations ("within a year") that are not dates at all. What the rules do not
recognise goes to dateparser, with the anchor as its base and the tense as its
preference, and keeps the granularity dateparser reports.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
            r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
MONTH_DAY = re.compile(r"\b(?P<month>" + MONTH_RE + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
                       r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)
DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>" + MONTH_RE + r")"
                       r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)
WEEKDAY = re.compile(r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                     r"(?:'s|’s)?\b", re.I)
NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.]\d{1,2}[/.]\d{2,4}\b")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
DURATION = re.compile(r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                      r"several|few|many|within|less than|more than|week-long|\w+-day)\b.*\b"
                      r"(?:days?|weeks?|months?|years?|decades?|hours?|minutes?)\b", re.I)
RANGE_SPLIT = re.compile(r"\s+(?:through|thru|to|until|till|and|-|–)\s+", re.I)
# A dateline opens wire copy: "LISBON, March 3 (Meridian Wire) --".
# A dateline: "VALENCIA, March 4 --", "DUBLIN, Oct 15 (Corvane Wire) --", or, without a
# city, "March 4 (Reuters) -" (the agency then says it is a dateline).
DATELINE = re.compile(r"^\s*(?P<city>[A-Z][A-Za-z .,'\-]{1,40}?,\s+)?(?P<date>(?i:" + MONTH_RE +
                      r")\s+\d{1,2}(?:,\s+\d{4})?)\s*(?:\((?P<agency>[^)]{1,40})\))?"
                      r"(?(city)|(?(agency)|(?!)))\s*(?:--|—|–|-)", re.M)


@dataclass(frozen=True, slots=True)
class Normalised:
    value: str | None
    granularity: str


def _month(name: str) -> int:
    return _MONTH_ABBR[name.lower().rstrip(".")[:3]]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_day(match: re.Match[str], anchor: date | None, tense: str = "unknown"
              ) -> date | None:
    """Resolve a month-day match, taking the year from the text or the anchor.

    Without a year it is the anchor's year's, or the year before or after when that is
    within 200 days; one told in the past tense is not after the anchor ("was killed on
    June 24" written in April is last year's: on ECB+ 4 of the 35 yearless month-days put
    after their article's date were such past events)."""
    month, day = _month(match.group("month")), int(match.group("day"))
    if match.group("year"):
        return _safe_date(int(match.group("year")), month, day)
    if anchor is None:
        return None
    candidate = _safe_date(anchor.year, month, day)
    if candidate is None:
        return None
    # A month-day far after the anchor is last year's (a story in January about December).
    if (candidate - anchor).days > 200:
        candidate = _safe_date(anchor.year - 1, month, day) or candidate
    elif (anchor - candidate).days > 200:
        candidate = _safe_date(anchor.year + 1, month, day) or candidate
    if tense == "past" and candidate > anchor:
        candidate = _safe_date(candidate.year - 1, month, day) or candidate
    return candidate


def resolve_weekday(weekday: int, anchor: date, tense: str) -> date:
    """Resolve a weekday name against the anchor: past tense looks back, else forward."""
    delta = (weekday - anchor.weekday()) % 7
    if tense == "past":
        return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
    if tense == "future":
        return anchor + timedelta(days=delta)
    # Unknown tense: the nearest such day.
    return anchor + timedelta(days=delta) if delta <= 3 else anchor - timedelta(days=7 - delta)


def normalise(text: str, anchor: date | None, tense: str) -> Normalised:
    """Normalise one time expression; value None when it cannot be made absolute."""
    lowered = text.lower().strip()
    parts = RANGE_SPLIT.split(re.sub(r"^(?:between|from)\s+", "", lowered))
    if len(parts) == 2 and all(_single(p, anchor, tense).value for p in parts):
        first, second = (_single(p, anchor, tense) for p in parts)
        if first.granularity == second.granularity == "day" and first.value and second.value:
            end = second.value
            if end < first.value and WEEKDAY.search(parts[1]):
                end = (date.fromisoformat(end) + timedelta(days=7)).isoformat()
            return Normalised(f"{first.value}/{end}", "day")
    return _single(lowered, anchor, tense)


def _single(text: str, anchor: date | None, tense: str) -> Normalised:
    if (m := ISO.search(text)) is not None:
        d = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        return Normalised(d.isoformat() if d else None, "day")
    # The date that starts first: "10 Nov 11" is November 10 (day, month, a short year),
    # not "Nov 11".
    found = [m for pattern in (MONTH_DAY, DAY_MONTH) if (m := pattern.search(text)) is not None]
    if found:
        m = min(found, key=lambda x: x.start())
        d = month_day(m, anchor, tense)
        return Normalised(d.isoformat() if d else None, "day")
    if (m := WEEKDAY.search(text)) is not None:
        if anchor is None:
            return Normalised(None, "day")
        wd = WEEKDAYS.index(m["wd"].lower())
        if re.search(r"\bnext\b", text):
            # "next Tuesday" is that day of the following week (said on a Monday, not
            # tomorrow): the newsroom reading, and the one that does not collapse into
            # plain "Tuesday".
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=1)
            return Normalised((monday + timedelta(days=wd)).isoformat(), "day")
        if re.search(r"\blast\b", text):
            tense = "past"
        return Normalised(resolve_weekday(wd, anchor, tense).isoformat(), "day")
    if anchor is not None:
        relative = _relative(text, anchor)
        if relative is not None:
            return relative
    if DURATION.search(text) and not re.search(r"\b(?:ago|last|next|this)\b", text):
        return Normalised(None, "duration")
    if (m := re.fullmatch(r"(?:in\s+)?((?:19|20)\d{2})", text)) is not None:
        return Normalised(m.group(1), "year")
    if (m := re.search(r"\b(" + MONTH_RE + r")\s+((?:19|20)\d{2})\b", text)) is not None:
        return Normalised(f"{m.group(2)}-{_month(m.group(1)):02d}", "month")
    # Only calendar-looking leftovers: numeric dates ("3/15/2024") and month names with a
    # number ("the 4th of July"); dateparser turns bare times and decades into days.
    if anchor is not None and (NUMERIC_DATE.search(text) or (
            re.search(r"\b" + MONTH_RE + r"\b", text) and re.search(r"\d", text))):
        return _dateparser(text, anchor, tense)
    return Normalised(None, "unknown")


@lru_cache(maxsize=4096)
def _dateparser(text: str, anchor: date, tense: str) -> Normalised:
    """Ask dateparser about an expression our rules do not know ("3/15/2024")."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day),
                "PREFER_DATES_FROM": "past" if tense == "past" else "current_period",
                "STRICT_PARSING": False, "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except (ValueError, TypeError, OverflowError):
        return Normalised(None, "unknown")
    when, period = data.date_obj, data.period
    if when is None:
        return Normalised(None, "unknown")
    if period == "year":
        return Normalised(str(when.year), "year")
    if period == "month":
        return Normalised(f"{when.year}-{when.month:02d}", "month")
    if period == "week":
        iso = when.isocalendar()
        return Normalised(f"{iso.year}-W{iso.week:02d}", "week")
    return Normalised(when.date().isoformat(), "day")


def _relative(text: str, anchor: date) -> Normalised | None:
    words = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
             "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}
    for word, days in words.items():
        if re.search(rf"\b{word}\b", text):
            return Normalised((anchor + timedelta(days=days)).isoformat(), "day")
    step = -1 if re.search(r"\b(?:last|previous|past)\b", text) else \
        1 if re.search(r"\bnext|coming\b", text) else 0 if re.search(r"\bthis\b", text) else None
    if step is None:
        if (m := re.search(r"\b(\d+|a|one|two|three)\s+(day|week|month|year)s?\s+ago\b", text)):
            n = {"a": 1, "one": 1, "two": 2, "three": 3}.get(m.group(1)) or int(m.group(1))
            return _shift(anchor, m.group(2), -n)
        return None
    for unit in ("week", "month", "year"):
        if re.search(rf"\b{unit}\b", text):
            return _shift(anchor, unit, step)
    return None


def _shift(anchor: date, unit: str, n: int) -> Normalised:
    if unit == "day":
        return Normalised((anchor + timedelta(days=n)).isoformat(), "day")
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=n)
        return Normalised(f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}", "week")
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + n
        return Normalised(f"{index // 12}-{index % 12 + 1:02d}", "month")
    return Normalised(str(anchor.year + n), "year")


def parse_anchor(published: str | None) -> date | None:
    """Return the date part of an ISO published value."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).date()
    except ValueError:
        return None


# -- page stamps ---------------------------------------------------------------------------

# A page's date-and-time stamp on a line of its own ("PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32
# PM", "Posted on Thu Jun 13, 2013 08: 45 AM PDT", "8: 05am UK, Monday 16 September 2013",
# "Updated 9: 06 AM"): when the page was posted, not a sentence of the report. Cleaning
# removes such lines (``is_timestamp``) and dates the page by them (``stamp_day``); date
# inference reads one a text still has near its top. "The fire was knocked down by 6: 40
# a. m." has other words and stays.
_CLOCK = re.compile(r"\b\d{1,2}\s?:\s?\d\d(?:\s?:\s?\d\d)?(?:[ap]m?|[AP]M?)?\b")
# A time zone, in capitals ("EDT", "AKDT", "BST", "GMT+01: 00").
_ZONE = (r"(?-i:[A-Z]{1,3}T|GMT|UTC|UK|BST|AEST|CEST|CET|IST)"
         r"(?:\s?[+-]\s?\d{1,2}(?:\s?:\s?\d{1,2})?)?")
_STAMP_WORDS = re.compile(
    r"\b(?:" + MONTH_RE + r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|posted|updated|published|created|edited|filed|"
    r"first|originally|last|story|on|at|a\.?\s?m|p\.?\s?m|am|pm|hrs|" + _ZONE +
    r"|\d+(?:st|nd|rd|th)?)\b\.?", re.I)
_STAMP_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d\d\b")
_STAMP_DAY = re.compile(r"\b" + MONTH_RE + r"\s*\d{1,2}(?:st|nd|rd|th)?\b|"
                        r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_RE + r"(?!\w)|"
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
    if len(YEAR.findall(line)) > 1 and not label:
        return False
    rest = _STAMP_WORDS.sub(" ", _CLOCK.sub(" ", line))
    return not re.search(r"[A-Za-z$€£%]", rest)


def stamp_day(stamp: str) -> str | None:
    """The day a stamp line names ("Posted 11 / 27 / 2005 7: 21 AM" -> 2005-11-27), or None."""
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


@dataclass(frozen=True, slots=True)
class Inference:
    value: str
    evidence: str
    # "calendar" when the year is the last resort's reading of the calendar, not evidence
    method: str = "inferred"


def names_day(surface: str) -> bool:
    """Whether a date expression names its day outright ("July 5", "5/7/2018"), not
    relative to a day of writing ("Thursday", "yesterday")."""
    return bool(MONTH_DAY.search(surface) or DAY_MONTH.search(surface)
                or ISO.search(surface) or NUMERIC_DATE.search(surface))


# A full date after these words dates a beginning ("born April 22, 1923", "founded on
# May 1, 1990"), which says nothing of when the text was written.
_ORIGIN_DATE = re.compile(r"\b(?:born|founded|established|since|dating from)\b", re.I)
# Words before a date that put it ahead of the writing ("due to be released in June 2010",
# "scheduled for March 3, 2012"), for when the parser gave the date no tense.
# ("Will Smith married ..." is a name, "due to heavy rain" a cause; "due to be" looks ahead.)
_AHEAD_CUE = re.compile(r"\b(?:(?-i:will|would)|due(?! to\b(?! be\b))|scheduled|expected|"
                        r"set (?:to|for)|plans? to|planned|next)\b[^.;]{0,40}$", re.I)
# A full date that names a known event ("the March 11, 2005, incident", "September 11,
# 2001 attackers") refers back to it; the day's news is not told that way.
_NAMING = re.compile(r"\bthe\s+$", re.I)
_FUNCTION_WORD = re.compile(r"\s+(?!(?:when|and|or|but|at|in|on|to|for|after|before|as|while|"
                            r"because|where|the|a|an|his|her|their|its|he|she|they|it|we|"
                            r"said|says|was|were|is|had|has|by|from|with|that|which|who|"
                            r"during|amid|despite|against|over|under|into|near|about|around|"
                            r"until|since|following|through|across|between|among|within|"
                            r"without|shortly|just|then|so|if|there|this|these|those|our|"
                            r"your|my|you|according|only|also|not|local|officials|police|"
                            r"authorities|reports|reported|told)\b)[a-z]")
# The title and this many characters of the text are the lead: the day's news.
LEAD_CHARS = 400
# A stamp line near the top of a text (``is_timestamp``), when cleaning left one.
_STAMP_WITHIN = 400
# A weekday and a month-day that plainly name one day: "Thursday, July 5",
# "Thursday (July 5)", "July 5 (Thursday)", "Friday 14 June".
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY_OF = r"(?:" + MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{2})?" \
          r"|\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_RE + r"(?:,?\s+(?:19|20)\d{2})?)"
_PAIRED = re.compile(r"\b(?:(?P<wd1>" + _WD + r")(?:,\s*|\s+|\s*\(\s*)(?:the\s+)?"
                     r"(?P<d1>" + _DAY_OF + r")|(?P<d2>" + _DAY_OF + r")(?:,\s*|\s*\(\s*)"
                     r"(?P<wd2>" + _WD + r"))\b", re.I)


def _full_dates(text: str) -> list[re.Match[str]]:
    """Month-day and day-month dates in text order ("July 5", "14 June 2013")."""
    found = list(MONTH_DAY.finditer(text))
    taken = [m.span() for m in found]
    found += [m for m in DAY_MONTH.finditer(text)
              if not any(a < m.end() and m.start() < b for a, b in taken)]
    return sorted(found, key=lambda m: m.start())


def year_is_not_a_date(text: str, start: int, end: int) -> bool:
    """Whether the year at text[start:end] names no time of an event: a decade
    ("1930's", "1980s style"), a model or product ("2008 GMC Sierra", "Windows Server
    2003") or a street number ("2016 Ontario")."""
    after, before = text[end:end + 40], text[max(0, start - 40):start]
    if re.match(r"(?:'|’)?s\b", after):
        return True  # a decade
    if re.match(r"\s+(?!(?:" + MONTH_RE + r")\b)[A-Z][A-Za-z]", after) and \
            re.search(r"\b(?:an?|his|her|their|its|my|our|your|at|[A-Z][a-z]+(?:'s|’s))\s+$",
                      before):
        return True  # "a 2008 GMC Sierra", "his 2008 Bentley", "at 2016 Ontario"
    return bool(re.search(r"(?<![.!?]\s)\b(?!(?:In|On|By|Since|Until|From|Of|The|And|"
                          r"Or|Before|After|During|Through)\b)[A-Z][A-Za-z]+\s+$", before)
                and not re.search(r"\b" + MONTH_RE + r"\s+$", before, re.I))


# Days with a name of their own ("Patch Tuesday", "Super Tuesday", "Good Friday") are
# not the nearest such weekday; times that recur ("the second Tuesday of every month",
# "each year on this day") are no one time.
_NAMED_DAY = re.compile(r"\b(?:Patch|Super|Black|Cyber|Good|Holy|Ash|Maundy|Shrove|Fat|"
                        r"Easter|Palm|Giving|Bloody)\W{0,3}$")
_RECURRING = re.compile(r"\b(?:every|each)\b", re.I)
_BARE_YEAR = re.compile(r"(?:the\s+)?(?P<year>(?:19|20)\d{2})(?P<decade>(?:'|’)?s)?", re.I)


def not_an_event(surface: str, text: str, start: int, end: int) -> bool:
    """Whether the time expression text[start:end] names no time of one event: a time
    that recurs, a named day, a decade, or a year that is a model, product or street
    number (see ``year_is_not_a_date``)."""
    if _RECURRING.search(surface) or re.match(r"\s+of\s+(?:every|each)\b", text[end:end + 20],
                                               re.I):
        return True
    if WEEKDAY.fullmatch(surface.strip()) and _NAMED_DAY.search(text, max(0, start - 15), start):
        return True
    if (m := _BARE_YEAR.fullmatch(surface.strip())) is not None:
        at = start + surface.index(m["year"])
        return bool(m["decade"]) or year_is_not_a_date(text, at, at + 4)
    return False


def ahead_cue(text: str, start: int) -> bool:
    """Whether the words before text[start:] put a date ahead ("scheduled for", "due to
    be", "will")."""
    return bool(_AHEAD_CUE.search(text[max(0, start - 60):start]))


def _ahead(text: str, start: int, surface: str, date_tenses: dict[str, str]) -> bool:
    """Whether the date at text[start:] is given as one to come: the parser's tense for
    ``surface``, or the words before it ("due to be released in June 2010"; for a bare
    year these alone, the parser reads "did not meet him until 2008" as future)."""
    if date_tenses.get(surface.lower()) == "future":
        return True
    return ahead_cue(text, start)


@dataclass(frozen=True, slots=True)
class WeekdayMention:
    weekday: str
    tense: str
    position: int
    sentence: str
    # What the weekday dates (analyze's ``_event_words``): its verb's lemma and the names
    # from the verb to the weekday ("will travel to North Korea on Thursday" -> v:travel,
    # north, korea).
    event: frozenset[str] = frozenset()


def one_event(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two time expressions date one event by the words that govern them
    (analyze's ``_event_words``): a name between the verb and the date is the same
    ("travel to North Korea on July 5" / "travel to North Korea on Thursday"; "leaving for
    North Korea (DPRK) on July 5th" / "head to ... (DPRK) Thursday"). The verb alone is not
    enough: on ECB+ "beat Tennessee ... on November 30th" / "were beaten ... by Boston
    College on Sunday", "injured in New Orleans' Oct. 19 loss" / "injured in the Saints'
    Thursday night loss" name two days (3 of the 5 articles that rule dated beyond the
    written-together pairs)."""
    return any(not w.startswith("v:") for w in a & b)




def infer_published(title: str, text: str, weekdays: list[WeekdayMention],
                    date_tenses: dict[str, str] | None = None,
                    today: date | None = None,
                    crawled: date | None = None,
                    date_events: dict[tuple[int, int], frozenset[str]] | None = None
                    ) -> Inference | None:
    """Infer when an undated article was written from what its text pins down.

    Evidence, strongest first: a dateline with a year; the latest full date in the
    lead (not of the future tense) when the days the text reports in the past tense
    include its weekday; a weekday named together with a month-day ("Thursday,
    July 5"). A year is not guessed but as a labelled last resort (``_calendar_pair``, a
    weekday and a month-day tied to one event, never the dateline's): the
    pair takes the year it is written with,
    or one the text names elsewhere (not a product, decade, street number or year to
    come) in which that day fell on that weekday, or, for an archived page, the year
    of the crawl or the one before; with none, the date stays unknown. The writing
    day of a pair in the future tense is the latest weekday the text reports in the
    past tense in the week before; of a pair in the past tense, the day itself (the
    text was written then or after). No date is after today.

    ``crawled`` is when the page was archived or fetched (WARC-Date, fetch
    time): it gives a yearless dateline its year (the latest such day not after
    the crawl), and it is the last resort when the text pins nothing, marked as
    such. ``date_events`` maps the span of each time expression in title + newline + text
    to its event words (analyze's ``_event_words``), which tie a weekday to a month-day.
    """
    today = min(today or date.today(), date.today())
    tenses = date_tenses or {}
    if (m := DATELINE.search(text[:300])) is not None:
        md = MONTH_DAY.search(m["date"])
        if md is not None and YEAR.search(m["date"]):
            d = month_day(md, None)
            if d is not None and d <= today:
                return Inference(d.isoformat(), f"dateline {m['date']!r}")
        elif md is not None and crawled is not None:
            month, day = _month(md["month"]), int(md["day"])
            for year in (crawled.year, crawled.year - 1):
                d = _safe_date(year, month, day)
                if d is not None and d <= min(crawled, today):
                    return Inference(d.isoformat(), f"dateline {m['date']!r}, in the year of "
                                     f"the crawl date {crawled.isoformat()}")
    full = title + "\n" + text
    # A dateline without a year names the writing day; the weekdays of its lead name
    # other days ("VALENCIA, March 4 -- ... collided on Monday"), so it is never paired.
    dateline = DATELINE.search(full, len(title) + 1, len(title) + 301)

    def outside_dateline(start: int) -> bool:
        return dateline is None or not dateline.start() <= start < dateline.end()

    dates = [m for m in _full_dates(full) if outside_dateline(m.start())]
    # The first date within 80 characters after "born", "founded" dates a beginning.
    origins = {min(after) for o in _ORIGIN_DATE.finditer(full)
               if (after := [m.start() for m in dates if m["year"]
                             and 0 <= m.start() - o.end() <= 80])}
    years = {int(y.group(0)) for y in YEAR.finditer(full)
             if int(y.group(0)) <= today.year and outside_dateline(y.start())
             and not year_is_not_a_date(full, y.start(), y.end())
             and not _ahead(full, y.start(), "", {})  # words before it, not the parser's tense
             and not any(0 <= y.start() - o.end() <= 80 for o in _ORIGIN_DATE.finditer(full))}
    past = {w.weekday for w in weekdays if w.tense == "past"}
    lead_end = len(title) + 1 + LEAD_CHARS
    # A full date on a line of its own under the headline is the page's date stamp
    # ("December 23, 2008", "MAR. 14, 2013, 8:12 PM", "Sat Nov 12 2011, 01:19 hrs").
    at = 0
    for line in text.split("\n"):
        if at >= _STAMP_WITHIN:
            break
        at += len(line) + 1
        line = " ".join(line.split())
        if is_timestamp(line) and (stamped := stamp_day(line)) is not None \
                and stamped <= today.isoformat():
            return Inference(stamped, f"date {line!r} on a line of its own under the headline")
    # Of the full dates, the latest not in the future tense: an article reports what has
    # happened by the day it is written, so its earlier dates are of the past (a birth
    # date, "April 22, 1923", in an obituary), and dates it gives in the future tense
    # are of what is to come. A text that names a later year ("did not meet him until
    # 2008" after "Aug. 9, 1974") was written after it: that date is history. And when
    # the lead reports its news on a weekday that is not that date's ("was sentenced
    # Saturday" over "the rampage of March 11, 2005", a Friday), the date is of the
    # background, not of the writing. Only the lead's full dates count (the page's date
    # above the headline, "Posted ... on Friday, September 20, 2013", the lead's news): one
    # further down is history or what is to come. On the ECB+ build, of the 51 articles
    # dated by the latest full date, the 4 whose date lay past the lead were all dated a
    # year or more wrong ('Nichols was on trial for rape when on March 11, 2005 he
    # overpowered a guard' for a sentencing; Woodward's article of June 2, 2005 for Mark
    # Felt's death; a film's release date "of 22 November 2013" for its casting news); they
    # are now undated.
    full_dates = [(d, m) for m in dates if m["year"] and m.start() not in origins
                  and m.start() < lead_end
                  and (d := month_day(m, None)) is not None and d <= today
                  and not _ahead(full, m.start(), m.group(0), tenses)
                  and not _NAMING.search(full, max(0, m.start() - 5), m.start())
                  and not _FUNCTION_WORD.match(full, m.end())
                  and d.year >= max(years, default=0)]
    lead_days = {w.weekday for w in weekdays if w.position < lead_end and w.tense != "future"}
    if full_dates:
        d, m = max(full_dates, key=lambda p: p[0])
        if not lead_days or WEEKDAYS[d.weekday()] in lead_days:
            return Inference(d.isoformat(), f"full date {m.group(0)!r} in the lead, the latest "
                             f"it reports")
    best: tuple[tuple[int, ...], date, str, str, str] | None = None
    for pm in _PAIRED.finditer(full):
        if not outside_dateline(pm.start()):
            continue
        weekday = (pm["wd1"] or pm["wd2"]).lower()
        phrase = pm["d1"] or pm["d2"]
        (md,) = _full_dates(phrase)[:1] or (None,)
        if md is None:
            continue
        if md["year"]:
            if pm.start("d1" if pm["d1"] else "d2") in origins:
                continue
            d = month_day(md, None)
            fits = [d] if d is not None and d <= today and WEEKDAYS[d.weekday()] == weekday \
                and d.year >= max(years, default=0) else []
            source = "the year it is written with"
        else:
            # The text was written in or after the latest year it names; that year, or
            # for an archived page the crawl's year or the one before, not earlier.
            month, day = _month(md["month"]), int(md["day"])
            latest = max(years, default=0)
            known = {y for y in ({latest} if latest else set()) |
                     ({crawled.year, crawled.year - 1} if crawled else set()) if y >= latest}
            fits = sorted((d for y in known if (d := _safe_date(y, month, day)) is not None
                           and d <= today and (crawled is None or d <= crawled)
                           and WEEKDAYS[d.weekday()] == weekday), reverse=True)
            source = f"{fits[0].year}, the latest year the text names" if fits and \
                fits[0].year == latest else "the year of the crawl or the one before"
        if not fits:
            continue  # no year in evidence; an unknown year is not guessed
        at = pm.start("wd1" if pm["wd1"] else "wd2")
        tense = tenses.get(phrase.lower()) or next(
            (w.tense for w in weekdays if w.position == at), "unknown")
        rank = (int(bool(md["year"])), int(pm.start() < lead_end), int(tense == "future"),
                -pm.start())
        if best is None or rank > best[0]:
            best = (rank, fits[0], weekday, f"{phrase!r} ({source})", tense)
    method = "inferred"
    if best is None and crawled is None:
        best = _calendar_pair(full, weekdays, tenses, lead_end, today, origins,
                              max(years, default=0), date_events, outside_dateline)
        method = "calendar"
    if best is None:
        if crawled is not None:
            return Inference(crawled.isoformat(), f"no date in the page or its text; archived "
                             f"or fetched on {crawled.isoformat()}, so written then or before")
        return None
    _, event, weekday, phrase, tense = best
    written = _writing_day(event, tense, past)
    evidence = f"{weekday.capitalize()} and {phrase} name the same day, {event.isoformat()}"
    if written != event:
        evidence += (f"; the text reports {WEEKDAYS[written.weekday()].capitalize()} in the past "
                     f"tense, so it was written on {written.isoformat()}, in the week before")
    elif tense == "past":
        evidence += "; the text reports it in the past tense, so it was written then or after"
    return Inference(written.isoformat(), evidence, method)


CALENDAR_YEARS = 30  # how far back the last resort looks for a year that fits


def _calendar_pair(full: str, weekdays: list[WeekdayMention], tenses: dict[str, str],
                   lead_end: int, today: date, origins: set[int], latest: int,
                   date_events: dict[tuple[int, int], frozenset[str]] | None = None,
                   outside: Callable[[int], bool] = lambda _: True,
                   ) -> tuple[tuple[int, ...], date, str, str, str] | None:
    """The last resort when no year is in evidence and no crawl date bounds one: a weekday
    and a yearless month-day that the text ties to one event name one day, and the year is
    the latest, not after today, in which that day fell on that weekday (not before the
    latest year the text names).

    Tied to one event means: written together ("Thursday, July 5", ``_PAIRED``), or told in
    the same tense, both of what is to come or both of what has happened, by the same
    event words (``one_event``: a name between the verb and the date is the same):
    "will travel to North Korea on Thursday" and "to travel to North Korea on July 5" (the
    reference pair; its other article, "will head to the DPRK Thursday" and "will be leaving
    for North Korea (DPRK) on July 5th"). A weekday and a month-day of one text that are
    merely in the same tense mostly name two events ("began Monday" of a trial and "the
    May 29 shooting"; "died Thursday ... after a heart attack on Dec. 2"): on ECB+ 35 of the
    37 articles dated by that looser rule got another event's day. A yearless dateline
    ("VALENCIA, March 4 --") is never paired: it names the writing day, its lead's weekday
    another. The evidence says the year was read off the calendar: right for the news of
    the day a reader brings (Thursday, July 5 -> 2018), years off for an archive. With no
    such pair the article stays undated and so do its relative dates."""
    spans = sorted((date_events or {}).items())
    starts = [a for (a, _), _ in spans]

    def event_at(start: int) -> frozenset[str]:
        """The event words of the date at ``start`` (found by bisection; the spans are
        named entities, which do not overlap)."""
        i = bisect_right(starts, start) - 1
        if i >= 0 and start < spans[i][0][1]:
            return spans[i][1]
        return frozenset()

    adjacent = {(pm.start("wd1" if pm["wd1"] else "wd2"), pm.start("d1" if pm["d1"] else "d2"))
                for pm in _PAIRED.finditer(full)}
    best: tuple[tuple[int, ...], date, str, str, str] | None = None
    for md in _full_dates(full):
        if md["year"] or md.start() in origins or not outside(md.start()):
            continue
        tense = tenses.get(md.group(0).lower(), "unknown")
        month, day = _month(md["month"]), int(md["day"])
        md_event = event_at(md.start())
        for mention in weekdays:
            if not outside(mention.position):
                continue
            together = (mention.position, md.start()) in adjacent
            if not together and (tense not in ("past", "future") or mention.tense != tense
                                 or not one_event(mention.event, md_event)):
                continue
            wd = WEEKDAYS.index(mention.weekday)
            fit = next((d for year in range(today.year, max(latest, today.year - CALENDAR_YEARS)
                                            - 1, -1)
                        if (d := _safe_date(year, month, day)) is not None and d <= today
                        and d.weekday() == wd), None)
            if fit is None:
                continue
            rank = (int(together), int(md.start() < lead_end and mention.position < lead_end),
                    int(tense == "future"), -mention.position)
            how = "written together" if together else f"both told in the {tense} tense of " \
                "one event"
            if best is None or rank > best[0]:
                best = (rank, fit, mention.weekday,
                        f"{md.group(0)!r}, {how} (no year is given: "
                        f"{fit.year} is the latest in which it fell on a "
                        f"{mention.weekday.capitalize()})", tense)
    return best


def _writing_day(event: date, tense: str, past_weekdays: set[str]) -> date:
    """The day a text was written that names ``event`` with a weekday: before a day it
    gives in the future tense, the latest day it reports in the past tense in the week
    before; otherwise the day itself (a day reported in the past tense was written of
    then or after, and which later day is unknown)."""
    if tense != "future":
        return event
    candidates = [event - timedelta(days=back) for name in past_weekdays
                  if 0 < (back := (event.weekday() - WEEKDAYS.index(name)) % 7) < 7]
    return max(candidates) if candidates else event
