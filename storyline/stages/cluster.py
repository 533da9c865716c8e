"""Cluster: group analysed articles into stories, a batch of arrivals at a time.

Each article is four L2-normalised TF-IDF vectors (views): its body words
(the title when there is no body, as in a headline feed), its title words, its
entities as the roster resolved them (so "DPRK" and "North Korea" are one
feature, and a nationality also its country), and the adjacent pairs of its body
words ("mt gox"); body words and pairs that no other text of a large corpus has weigh
little (``LONE_TERM_DOCS``).
The score of two texts is the weighted sum of their per-view dot products, times a
year factor (the years the texts name agree: x1.2, disagree: x0.5, either names
none: x1), a number factor and a main-actor factor (x``ACTOR_CLASH`` when each text
names its own people or organisations most and not the other's) and, for two undated
texts whose page or text dates lie within the window, a day factor (``DAY_MATCH``), divided by the
geometric mean of the two texts' thresholds and multiplied by ``cluster_threshold``:
the threshold is scaled down for short texts (``REFERENCE_TERMS``; down to x0.375 for
a headline, x0.7 for a short body, ``BODY_MIN_SCALE``), since a short text shares fewer
words with anything, even its own story, so one number compares headlines and articles.

Articles arrive in batches (``batches``): those published within ``BATCH_MINUTES`` of
the batch's first, or all the undated ones of a run (at most ``BATCH_MAX``). A batch
is grouped by average linkage (``Clusterer.groups``): two groups merge while the mean
score over all their cross pairs reaches the threshold, so a group holds together as a
whole instead of being chained through one close pair, and the order in which a
batch's articles came does not matter. Each group then joins the story with the best
mean score over all pairs of its members and the story's members, when that reaches
the threshold, or starts a story named after its first article. A story keeps the
running sums of its members' scaled vectors, which give that mean in one product
per view, and per view a *profile* (its ``PROFILE_TERMS`` heaviest terms) that indexes
it. Texts with a body weigh their terms by the square of the IDF (``BODY_IDF_POWER``).
Titles, and the body of a headline-only text, are compared on light stems (``stem``)
with words weighed by the square root of their IDF (``HEADLINE_IDF_POWER``); a
headline-only text also gets the words of its URL's slug (``slug_words``).

Only stories active within ``cluster_window_days`` of a batch's date are compared,
and only those whose profile shares one of the group's heaviest terms (an inverted
index over the profiles), so the cost per article depends on the stories in the
window, not on the corpus. Existing assignments never change, so story ids are
stable; a group that matches two stories whose profiles are near-identical merges
them (recorded, the younger id kept as an alias). A near-duplicate (a reprint) joins
the story of the article it copies; articles read from grouped input (``--grouped``)
keep the grouping they came with. Every decision is kept (``ClusterDecision``: the
group an article came in with, its score, the nearest other stories) so that
``storyline why`` can say which story an article joined and how close the others came.

Weights and constants were tuned on ../shared/data (see ``config.py`` and
docs/architecture.md for the figures).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..config import Config
from ..model import Article, CandidateScore, ClusterDecision, Document, Story, StoryMerge
from ._roster import Roster
from .clean import headline_only

NAME = "cluster.batch.v8"
PLACE_WEIGHT = 0.3
TOKEN = re.compile(r"[a-z][a-z'’\-]+|\d+(?:[.,]\d+)?")
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
# View weights, profile size, length scaling and the year factor were chosen on ECB+
# (5 shuffled orders) and the UCI headlines (time order) together, so that one
# threshold serves long articles and headlines: mean B-cubed F1 0.887 on ECB+ and
# 0.736 on UCI at 0.20 (the single-view centroid cosine before it: 0.846 / 0.528).
# MIN_SCALE: UCI scored 0.719 / 0.736 / 0.704 with floors 0 / 0.25 / 0.3 (ECB+ unmoved),
# and without a floor a four-word headline joined any story sharing one word. With
# headline stems and sqrt IDF (below) headline vectors are flatter, so one shared common
# word weighs more: at 0.25 "Harbour festival moved to June" joined a story of two long
# crane-collapse articles on "harbour" alone (0.058 >= 0.05, tests/test_sources.py).
# UCI at 0.25 / 0.3 / 0.35: 0.810 / 0.802 / - in file order, 0.795 / 0.794 / 0.789 over
# 5 orders of same-second ties, 0.847 / 0.843 / 0.834 over the time-thirds; ECB+ unmoved.
# The phrase view (adjacent content-word pairs of the body: "mt gox", "endangered species",
# "gas prices") took 0.1 from the body, and in the body and phrase views a term no other
# text of the corpus has ("lone") is weighed x min(1, LONE_TERM_DOCS / corpus size): it
# matches nothing, but in a large corpus it is mostly debris and rare forms that dilute the
# vector's norm (ECB+ 772 texts: x0.06; UCI: x0.016), while in a handful of texts most words
# are lone and dropping them leaves only the common ones, which then look alike
# (tests/test_sources.py: five feed items). ECB+ 0.8945 -> 0.900 (P 0.878 -> 0.883, R 0.913
# -> 0.917), UCI 0.812 -> 0.833 in time order (0.822 -> 0.820 over 5 orders of ties).
# Within-topic ECB+ article pairs, same event vs the look-alike, AUC of the body cosine:
# 0.887, lone words dropped 0.904, TF-IDF of words and pairs (no lone ones) 0.919.
# Alternatives (lone terms dropped; ECB+ / UCI time order): phrase 0.2, body 0.5: 0.900 /
# 0.817; pairs put in the body view: 0.899 at threshold 0.16 (they lower every score);
# lone terms kept in the body: 0.898 / 0.828, dropped from every view: 0.897 / 0.831; all
# kept (most pairs of a headline are lone): 0.892 / 0.816.
# Re-checked under v5 (ECB+ all / train / dev topics, UCI time order; now 0.926 / 0.927 /
# 0.922, 0.901): body-entity-title-phrase 0.55-0.25-0.1-0.1 0.917 / 0.915 / 0.922, 0.898;
# 0.65-0.15-0.1-0.1 0.925 / 0.927 / 0.917, 0.907; 0.55-0.2-0.1-0.15 0.927 / 0.928 / 0.922,
# 0.888; 0.65-0.2-0.05-0.1 0.928 / 0.931 / 0.917, 0.901; 0.5-0.2-0.15-0.15 0.927 / 0.929 /
# 0.922, 0.894. None gains on all three, so the weights stay.
VIEW_WEIGHTS = {"body": 0.6, "entity": 0.2, "title": 0.1, "phrase": 0.1}
LONE_TERM_DOCS = 50.0
LONE_TERM_VIEWS = ("body", "phrase")
# Below this weight (a corpus of over 500 texts) lone terms count in the article's norm and
# its distinct-word count (the threshold's length scaling) but are not kept in its vector:
# they match nothing, and the stories' sums need not hold them. ECB+ 0.908 -> 0.909, UCI
# 0.834 -> 0.824 in time order, 0.820 over 5 orders either way (one borderline join moving
# the rest of a story: single UCI orders move by about 0.01 on such small changes).
LONE_TERM_KEPT = 0.1
# In the entity view, who (people, organisations) tells events apart more than where:
# places and nationalities are the background two look-alike events share. Weights by
# the roster id's type prefix. ECB+ mean B-cubed F1 with place weight 0 / 0.3 / 0.5 / 1:
# 0.896 / 0.893 / 0.892 / 0.890 (UCI unmoved); 0.3 keeps "DPRK" = "North Korea" a signal.
# Re-checked under v5 (ECB+ all / train / dev, UCI; now 0.929 / 0.930 / 0.927, 0.901): place
# 0.15 / 0.5: 0.927 / 0.928 / 0.927, 0.900 and 0.927 / 0.929 / 0.921, 0.898; other entities
# (OTHER_ENTITY_WEIGHT) 0.3 / 0.8: UCI 0.900 and ECB+ dev 0.921. Unchanged.
# A nationality also names its country (the roster's weak tie, ``Roster.ties``: "Chinese
# exports slump" and "China's trade data disappoint" share China, as "Russian gas" and
# "Russia" do), at the place weight (v8). Headlines say "Chinese" where the lead says
# "China": UCI 0.9008 -> 0.9038 (P 0.914 -> 0.913, R 0.888 -> 0.895; 16 "Chinese ..."
# headlines joined the story of China's export slump); ECB+ unchanged (0.9328). At
# thresholds 0.15 / 0.17: UCI 0.9048 -> 0.9117 / 0.8932 -> 0.9014, ECB+ 0.9212 -> 0.9222 /
# 0.9263 -> 0.9302, so the gain is not one borderline join. It has a price where undated
# look-alike events share a country: the 920 NeuS val excerpts clustered by event, 0.7291
# -> 0.7274 (P 0.672 -> 0.669: the 2018 and 2021 sanctions on Russian officials became one
# story, as did two Mexico border stories). The tie at half a mention: UCI 0.9006, NeuS
# 0.7290 (the gain and the price go together).
ENTITY_TYPE_WEIGHTS = {"person": 1.0, "org": 1.0, "place": PLACE_WEIGHT, "gpe": PLACE_WEIGHT,
                       "loc": PLACE_WEIGHT, "norp": PLACE_WEIGHT}
OTHER_ENTITY_WEIGHT = 0.5
PROFILE_TERMS = 80
LOOKUP_TERMS = 24
REFERENCE_TERMS = 120
# Headline floor x0.375 at threshold 0.16 (= 0.06, as x0.3 at 0.20 before BODY_IDF_POWER):
# UCI 0.821 / 0.834 / 0.835 / 0.824 in time order with 0.35 / 0.375 / 0.4 / 0.45 (5 orders:
# 0.817 / 0.820 / 0.822 / 0.821); with 0.3 (a headline floor of 0.048) 0.807.
MIN_SCALE = 0.375
# The floor for texts with a body. The square-root scaling and MIN_SCALE were set for
# headlines, whose vectors are flat (stems, sqrt IDF); a short *body* is compared on
# exact forms with full IDF, and on ECB+ it is mostly extraction debris (a dateline, a
# caption: "9: 53 AM, MON 22 JUL 2013"), which at x0.3 joined a look-alike event's story
# on a few shared topic words (threshold 0.06). ECB+ mean B-cubed F1 (5 orders) with body
# floors 0.3 / 0.4 / 0.5 / 0.6 / 0.7 / 0.8 / 1.0: 0.892 / 0.893 / 0.894 / 0.895 / 0.897 /
# 0.895 / 0.887; at 0.7 the dev topics 0.876 -> 0.893 and the train topics 0.897 -> 0.899
# (both splits gain, so not a fit to one of them). UCI is headline-only: unmoved.
BODY_MIN_SCALE = 0.7
# Re-checked under v5 (ECB+ / UCI time order; 0.926 / 0.884 at 1.2 and 0.5): clash 0.6 /
# 0.4 / 0.3 / 0.2 / 0: ECB+ 0.916 / 0.929 / 0.924 / 0.921 / 0.924, UCI 0.884 / 0.888 (one
# join) for every clash <= 0.4; at 0.4 the ECB+ train topics gain (0.927 -> 0.934) and
# the dev topics lose (0.922 -> 0.917), so 0.5 stays. Match 1.0 / 1.4 (clash 0.4): ECB+
# 0.918 / 0.924. Body floor (BODY_MIN_SCALE) 0.6 / 0.8: 0.924 / 0.921; headline floor
# (MIN_SCALE) 0.35 / 0.4: UCI 0.881 / 0.876; NUMBER_CLASH 0.7 / 0.9: ECB+ 0.923 / 0.925;
# BODY_IDF_POWER 1.5: 0.903.
YEAR_MATCH = 1.2
YEAR_CLASH = 0.5
# The day of an undated text's page stamp, or the day its text gives with evidence
# (``published_method`` "page" or "inferred"; not "calendar", whose year is a guess):
# two such texts whose days lie within ``cluster_window_days`` of each other (a group and
# a story: of the story's span of such days) are x DAY_MATCH, on top of the years
# agreeing. It is the soft form of the time window that dated articles get: the days
# order nothing and open no window (see ``_date``), but two reports of one event come out
# within days, two look-alike events months or years apart. Within ECB+ topics, pairs of
# such texts within 3 / 14 / 60 days: 68% / 77% / 87% of same-event pairs, 0 / 0 / 0% of
# look-alike pairs (97% over a year apart). ECB+ 0.9328 -> 0.9357 (P 0.933 -> 0.935,
# R 0.932 -> 0.937, pairwise F1 0.907 -> 0.910; train topics 0.9345 -> 0.9384, dev
# unchanged 0.9267); at thresholds
# 0.15 / 0.17: 0.9222 -> 0.9229 / 0.9302 -> 0.9327. Page stamps only: 0.9345; x1.1: 0.9340.
# UCI (dated by its metadata) is unmoved. The stamps are on the ECB+ half of each
# topic only, so the look-alike pairs it could tell apart are few here: it mends splits
# (a stamped report joins its event) more than merges.
DAY_MATCH = 1.2
DAY_METHODS = ("page", "inferred")
# Numbers other than years ("6.1", "26 pirates"): when the article and the story each
# name at least NUMBERS_NEEDED, sharing one is x1.1 and sharing none x0.8. ECB+ mean
# B-cubed F1 0.888 -> 0.890 (0.887 with any single number counting); UCI unmoved.
NUMBERS_NEEDED = 2
NUMBER_MATCH = 1.1
NUMBER_CLASH = 0.8
# Who the event happened to. A text's main actors are the people and organisations (by
# roster id) it names most, at least ACTOR_MENTIONS times; two texts that each have main
# actors and where neither names any of the other's at all are x ACTOR_CLASH ("Chargers
# receiver Vincent Jackson arrested for DUI" vs "Chargers lineman Jamal Williams arrested
# for DUI": the body words agree, the people do not). Within ECB+ topics such a clash
# holds for 68% of the look-alike pairs where both texts have main actors (train 68%, dev
# 70%) and 9% of same-event pairs (train 9%, dev 11%): a likelihood ratio of about 7 on
# both splits. Headlines name an actor once, so UCI is unmoved (0.901 everywhere below).
# ECB+ B-cubed F1 (all / train / dev topics; 0.929 / 0.930 / 0.927 without): people only,
# mentions 2, clash 0.8 / 0.75 / 0.7 / 0.65 / 0.6: 0.933 / 0.933 / 0.933 / 0.931 / 0.929
# (dev 0.927 down to 0.920 at <= 0.65, where recall falls); mentions 1 / 3 (clash 0.7):
# 0.931 / 0.935; people and organisations, mentions 2 / 3: 0.935 (0.937 / 0.927) / 0.936.
# The dev topics never move at 0.7-0.8: their remaining errors are not about who.
# A corpus of headlines and articles (a headline feed read with a folder of articles):
# body words, word pairs and entities are counted among texts of their kind (a
# headline-only text's body is its headline's stems and its entities a headline's few),
# so that adding headlines does not make every article term rarer and its lone terms
# lighter. ECB+ read together with the UCI headlines, before / after: ECB+ articles
# 0.922 / 0.935 (0.935 alone), UCI 0.899 / 0.901 (0.901 alone); body and pairs only:
# 0.924; all four views: the same as these three. Titles are titles in both kinds.
# And an undated group meets the years a dated story's articles came out in as the
# years it names (the ECB+ Lohan rehab reports of 2013 had joined a UCI story of 2014):
# whole mix 0.903 -> 0.908, stories holding both corpora 1 -> 0.
SPLIT_VIEWS: tuple[str, ...] = ("body", "phrase", "entity")
ACTOR_MENTIONS = 2
ACTOR_TYPES = ("person", "org")
ACTOR_CLASH = 0.75
# Up to this many texts with main actors, pairs are checked one by one, above it as a
# sparse product: on ECB+ features 0.005 / 0.07 / 0.8 ms (one by one) against 0.16 / 0.19 /
# 0.31 ms (matrix) for 3 / 16 / 50 texts, and 186 against 10 ms for 772. Most batches of
# dated articles hold two or three.
SMALL_BATCH = 16
# Two stories an article matches above the threshold are merged when their own profiles
# are this alike (the weighted per-view dot product of the profiles, year factor applied).
# ECB+ mean B-cubed F1 with merges at 0.5 / 0.6 / 0.7 / 0.8: 0.879 / 0.885 / 0.887 /
# 0.888 (none: 0.887; UCI unmoved): lower values fold the two look-alike events of an
# ECB+ topic together, so merges are kept for near-identical profiles.
MERGE_SIMILARITY = 0.8
# The optional embedding view (cluster_embeddings): for two texts with fewer distinct
# body words than SHORT_TERMS, pair score = factors x ((1 - EMBEDDING_WEIGHT) x views +
# EMBEDDING_WEIGHT x max(0, cosine - EMBEDDING_FLOOR)); a group of such texts against a
# story, the cosine of the group's mean embedding to the story's. Under v1-v4 (UCI
# headlines 0.736 -> 0.770 / 0.783 / 0.799 at (weight, floor) (0.3, 0.4) / (0.5, 0.4) /
# (0.4, 0.3); used on every text it lowered ECB+ (0.868-0.884 vs 0.888), so only texts
# with few words get it: ECB+ 0.882 / 0.884 with SHORT_TERMS 40 / 20). Re-tuned for v5
# (UCI time order, 10-minute batches; 0.901 without embeddings), the cosine mixed before
# the threshold scaling both in pair scores and against a story: (weight, floor) (0.2,
# 0.1) 0.912, (0.3, 0.1) 0.892, (0.2, 0.2) 0.907, (0.15, 0.1) 0.911, (0.25, 0.15) 0.909,
# (0.2, 0.15) 0.918. (With hourly batches and the cosine mixed after the scaling
# against stories only, the v4 setting (0.4, 0.3) had fallen to 0.857.)
SHORT_TERMS = 20
EMBEDDING_WEIGHT = 0.2
EMBEDDING_FLOOR = 0.15
# Titles and headline-only texts weigh words by the square root of their IDF. A
# headline has a handful of words, nearly all of them content; full IDF lets a word
# that is rare in the corpus ("makes") outweigh the story's own word, which a busy story
# has made common ("bachelor": 10% of a day's headlines), and a headline joins whichever
# story shares the rare word. UCI B-cubed F1 with powers 1 / 0.75 / 0.5 / 0.25: 0.782 /
# 0.800 / 0.810 / 0.814 (precision 0.821 / 0.846 / 0.844 / 0.838); ECB+ (where only the
# title view changes) 0.892 / 0.892 / 0.891 / 0.887. 0.5 keeps precision.
HEADLINE_IDF_POWER = 0.5
# Texts with a body weigh their words, word pairs and entities by the square of the IDF
# (titles keep HEADLINE_IDF_POWER, headline-only texts are unchanged): what tells two
# look-alike events apart is mostly their rare words (names, places, figures), while the
# words they share ("rehab", "quake", "fired") are middling. Squaring lowers every score,
# so the threshold went 0.20 -> 0.16 and MIN_SCALE 0.3 -> 0.375 (a headline's floor stays
# 0.06). ECB+ mean B-cubed F1 0.900 -> 0.908 (P 0.883 -> 0.893, R 0.917 -> 0.925; dev
# topics 0.903 -> 0.920, train 0.899 -> 0.904); UCI 0.833 -> 0.834 in time order (0.820
# over 5 orders either way). Powers 1.75 / 2 / 2.25 at thresholds 0.17 / 0.16 / 0.15:
# 0.904 / 0.908 / 0.905; power 2 at 0.155 / 0.16 / 0.165 / 0.17: 0.902 / 0.908 / 0.905 /
# 0.903; squared on the body and pair views only (not entities): 0.906, body only 0.902,
# entities only 0.881.
BODY_IDF_POWER = 2.0
MAX_KEY_TERMS = 8
# Batches. One article at a time against story profiles (the centroid's heaviest terms,
# renormalised), as before v5, let the first article of a look-alike event join the
# first event's story, and the rest followed it (ECB+: 14 such joins per order, 70
# articles after them); the result hung on the order (B-cubed F1 0.863-0.922 over 20
# orders, mean 0.897). Average linkage within a batch and mean pair scores against
# stories, at the threshold tuned before (0.16): ECB+ 0.9257 in every order (P 0.920 /
# R 0.931; undated, so one batch). UCI headlines (time order; 5 orders of same-second
# ties give the same) with batches of 0 (only equal timestamps) / 1 / 2 / 5 / 10 / 15 /
# 30 / 60 / 120 minutes: 0.846 / 0.9015 / 0.9015 / 0.9015 / 0.9010 (P 0.914 / R 0.889) /
# 0.9004 / 0.889 / 0.884 / 0.874 (v4: 0.824). The headlines come in bursts (a crawl or
# feed poll fetches many at once): a batch of minutes holds a burst, whose headlines of
# one story form a group before it is compared with the stories, while a batch of an
# hour lets average linkage join the groups of two neighbouring stories. A group joining
# the story with the best *profile* score instead (its summed vector as one text): UCI
# 0.858 (P 0.826) with hourly batches. Batches of 100 undated articles in random order
# score 0.864 on ECB+ (a batch then holds about two articles of each event): one build
# of a whole undated collection groups it best. BATCH_MAX bounds the pair matrices (32 MB
# each at 2,000; 3,170 undated UCI headlines cluster in 1.3 s in batches of 2,000).
BATCH_MINUTES = 10.0
BATCH_MAX = 2000
# Average linkage balances the two sets: weighted (WPGMA) ECB+ 0.930 / UCI 0.820, complete
# 0.750 / 0.615, average 0.926 / 0.884.
LINKAGE = "average"
BATCH_KEPT = 20  # the batch-mates a decision names (``storyline why``)
NEAREST_KEPT = 3


def terms(text: str) -> list[str]:
    """Lower-case content words of ``text`` (stop words dropped)."""
    return [t for t in TOKEN.findall(text.lower()) if t not in ENGLISH_STOP_WORDS and len(t) > 1]


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light, conservative stem: quotes, possessives and plural -s removed.

    Used for titles and for headline-only texts, where "'Bachelor'", "Bachelor's" and
    "Bachelors" must be one word for two headlines to share anything: UCI headlines
    B-cubed F1 0.730 -> 0.782 (recall 0.65 -> 0.75). Long bodies keep exact forms: with
    stemmed bodies ECB+ fell 0.886 -> 0.879 (10 orders; plurals conflate the two
    look-alike events' vocabulary), and a long text repeats its key words anyway.
    """
    word = word.strip("'’-")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 3 and word.isalpha():
        if word.endswith("ies") and not word.endswith(("eies", "aies")):
            word = word[:-3] + "y"
        elif word.endswith("es") and word.endswith(("sses", "xes", "ches", "shes")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    return word


def cluster_terms(text: str) -> list[str]:
    """``terms`` of ``text``, stemmed (``stem``), as the clusterer compares them."""
    return [w for w in (stem(t) for t in terms(text)) if len(w) > 1]


SLUG_SEGMENT = re.compile(r"[A-Za-z0-9]+(?:[-_+][A-Za-z0-9]+){2,}")
SLUG_WORD = re.compile(r"[a-z]{2,}|\d{1,4}")
SLUG_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|cms|ece|story|txt|jsp)$")


def slug_words(url: str) -> str:
    """The words of a URL's slug: ``/2014/03/10/bachelor-finale-juan-pablo-chooses-nikki``.

    Many news sites put the headline's words in the address, often with more
    keywords than the headline ("Mt Gox files US bankruptcy" at
    ``.../mt-gox-files-us-bankruptcy-halt-class-action``). The path segment with the
    most hyphen-, underscore- or plus-joined words is taken (at least three: section
    names and ids are not slugs); its words go through ``terms`` like any text.
    Ids (long digit runs, letter-digit mixes such as ``idUSBREA290WU20140310``) drop out.

    Used for headline-only texts (a feed of titles), whose few words are all the
    clusterer has. UCI headlines B-cubed F1 0.796 -> 0.812 in time order (0.800 -> 0.822
    over 5 orders of same-second ties; 83 stories predicted, was 87); adding only the slug
    words the headline lacks (each once) scored 0.803 / 0.813. ECB+ (bodies) is unmoved.
    """
    path = urlsplit(url).path if url else ""
    best: list[str] = []
    for segment in path.split("/"):
        segment = SLUG_EXTENSION.sub("", segment)
        for run in SLUG_SEGMENT.findall(segment):
            words = [w for w in re.split(r"[-_+]", run.lower()) if SLUG_WORD.fullmatch(w)]
            if len(words) >= 3 and len(words) > len(best):
                best = words
    return " ".join(best)


# A year in an address's date path: a segment that is a year ("/2013/may/03/",
# "/2009/POLITICS/03/03/"), or a date written in one ("/20130909/", "/2013-09-09-...",
# "/2005_05_01_archive").
URL_YEAR = re.compile(r"/((?:19[5-9]|20[0-4])\d)(?=/|[01]\d[0-3]\d(?:\D|$)|[-_][01]\d[-_])")


def url_years(url: str | None) -> set[str]:
    """The publication year an address's date path gives, if any.

    An undated text names it in its years: many sites put the date in the address, and
    a year tells two look-alike events apart (ECB+'s undated articles: B-cubed F1 0.926 ->
    0.929, train topics 0.927 -> 0.930, dev 0.922 -> 0.927; 137 of 772 addresses have one).
    A dated text has its date, and the time window, already.
    """
    return set(URL_YEAR.findall(urlsplit(url).path)) if url else set()


def pairs(run: Sequence[str]) -> Iterable[tuple[str, str]]:
    """Adjacent pairs of a run of content words (stop words between them are skipped)."""
    return zip(run, run[1:], strict=False)


def raw_views(doc: Document, roster: Roster | None) -> dict[str, Counter[str]]:
    """Term counts per view: body words, title words, resolved entity ids, word pairs.

    A mention of an entity with weak ties (``Roster.ties``) also counts as a mention of
    what it is tied to: "Chinese exports" names China, "Greek police" Greece.
    """
    headline = headline_only(doc.article)
    body = doc.article.title if headline else doc.article.text
    entities: Counter[str] = Counter()
    if roster is not None:
        ties = roster.ties()
        for m in doc.mentions:
            eid = roster.mention_entity.get((doc.article.id, m.start))
            if eid:
                entities[eid] += 1
                for tied in ties.get(eid, ()):
                    entities[tied] += 1
    # A headline's body view adds its URL slug's words (a word in both counts twice).
    runs = [cluster_terms(body), cluster_terms(slug_words(doc.article.url))] if headline \
        else [terms(body)]
    return {"body": Counter(w for run in runs for w in run),
            "title": Counter(cluster_terms(doc.article.title)),
            "entity": entities,
            "phrase": Counter(f"{a} {b}" for run in runs for a, b in pairs(run))}


def _date(doc: Document) -> datetime | None:
    """The article's date when a publisher or the user gave it.

    A date inferred from the text ("Thursday" and "July 5" name one day, in some
    year) can be years off, so it orders nothing and opens no window here. Nor does a
    page's printed date stamp (``page``), though it is right: measured on ECB+, whose
    articles carry stamps of a day, letting them order the stream scores B-cubed 0.895
    against 0.931 (a batch of minutes holds one article, where one batch of the whole
    undated collection groups it best); its year still counts among the years named.
    """
    if not doc.article.published or \
            doc.article.published_method in ("inferred", "calendar", "page"):
        return None
    try:
        when = datetime.fromisoformat(doc.article.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


def text_day(doc: Document) -> int | None:
    """The day (a proleptic ordinal) an undated text's page stamp gives, or its text with
    evidence (``DAY_METHODS``); None for a dated text, which has its date and window."""
    if _date(doc) is not None or doc.article.published_method not in DAY_METHODS \
            or not doc.article.published:
        return None
    try:
        return datetime.fromisoformat(doc.article.published[:10]).toordinal()
    except ValueError:
        return None


def _span(span: tuple[int, int] | None, day: int | None) -> tuple[int, int] | None:
    """``span`` (first, last day) widened to hold ``day``."""
    if day is None:
        return span
    return (day, day) if span is None else (min(span[0], day), max(span[1], day))


def _days_meet(ours: tuple[int, int] | None, theirs: tuple[int, int] | None,
               window: float) -> bool:
    """Whether two spans of days come within ``window`` days of each other."""
    if ours is None or theirs is None:
        return False
    return max(ours[0] - theirs[1], theirs[0] - ours[1]) <= window


def _day_factors(days: Sequence[int | None], window: float) -> np.ndarray:
    """Per pair: ``DAY_MATCH`` when both texts have a ``text_day`` and the two lie within
    ``window`` days, else 1."""
    has = np.array([d is not None for d in days])
    if has.sum() < 2:
        return np.ones((len(days), len(days)))
    at = np.array([d if d is not None else 0 for d in days], dtype=float)
    near = np.abs(at[:, None] - at[None, :]) <= window
    return np.where(np.outer(has, has) & near, DAY_MATCH, 1.0)


def story_id_for(seed: str) -> str:
    """Stable story id derived from its first article (or its input group)."""
    return "s" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:11]


def _profile(sums: dict[str, float], among: Iterable[str] | None = None) -> dict[str, float]:
    """The ``PROFILE_TERMS`` heaviest terms of ``sums``, renormalised.

    ``among`` limits the search to those terms. Sums only grow (weights are positive), so
    after adding an article the heaviest terms are among the old profile's and the
    article's: no other term moved, and each lies below the old profile's lightest.
    """
    items = sums.items() if among is None else ((t, sums[t]) for t in among)
    top = heapq.nlargest(PROFILE_TERMS, items, key=lambda p: p[1])
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {t: v / norm for t, v in top}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors over their shared terms.

    ``math.fsum`` is exact, so the set's order (which varies with string hashing
    between runs) cannot change the result in its last bits.
    """
    return math.fsum(a[t] * b[t] for t in a.keys() & b.keys())


@dataclass(frozen=True, slots=True)
class _Features:
    views: dict[str, dict[str, float]]
    years: set[str]
    numbers: set[str]
    actors: frozenset[str]
    size: int  # distinct body words, lone ones included (they scale the threshold)
    day: int | None = None  # ``text_day``


@dataclass
class _StoryState:
    id: str
    members: list[str]
    sums: dict[str, dict[str, float]] = field(
        default_factory=lambda: {v: {} for v in VIEW_WEIGHTS})
    profiles: dict[str, dict[str, float]] = field(
        default_factory=lambda: {v: {} for v in VIEW_WEIGHTS})
    years: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    published: set[str] = field(default_factory=set)  # the years its dated members came out
    days: tuple[int, int] | None = None  # the span of its members' ``text_day``s
    first: datetime | None = None
    last: datetime | None = None


class Clusterer:
    """Streaming story assignment over fixed IDF tables."""

    def __init__(self, config: Config, roster: Roster | None, corpus: Sequence[Document],
                 embeddings: dict[str, np.ndarray] | None = None):
        self.config = config
        self.roster = roster
        self.embeddings = embeddings or {}
        # Per story: the sum of its members' embeddings, each times the member's scale
        # (``_scale``), and the sum and number of those scales.
        self.story_embedding: dict[str, np.ndarray] = {}
        self.story_embedded: dict[str, tuple[float, int]] = {}
        # Body words, pairs and entities are counted among texts of their kind
        # (``SPLIT_VIEWS``): a headline-only text's body is its headline's stems, an
        # article's its exact words, and a corpus of headlines and articles should not make
        # every article term rarer, nor its lone words lighter, by the number of headlines.
        # Titles are one table.
        df: dict[str, Counter[str]] = defaultdict(Counter)
        headlines = 0
        for doc in corpus:
            headline = headline_only(doc.article)
            headlines += headline
            for view, counts in raw_views(doc, roster).items():
                df[_table(view, headline)].update(counts.keys())
        self.n_docs = {view: max(1, len(corpus)) for view in VIEW_WEIGHTS}
        for view in SPLIT_VIEWS:
            self.n_docs[view] = max(1, len(corpus) - headlines)
            self.n_docs[_table(view, True)] = max(1, headlines)
        # Terms of one text only ("lone") are left out of the tables (most word pairs are
        # lone: the tables would hold millions of them) and get ``lone_idf``.
        self.idf = {table: {t: math.log((1 + self.n_docs[table]) / (1 + n)) + 1.0
                            for t, n in df[table].items() if n > 1} for table in self.n_docs}
        self.lone_idf = {table: math.log((1 + n) / 2) + 1.0 for table, n in self.n_docs.items()}
        del df
        self.stories: dict[str, _StoryState] = {}
        self.story_of: dict[str, str] = {}
        # Features of articles being scored, until they join a story (which keeps sums).
        self._pending: dict[str, _Features] = {}
        self.postings: dict[tuple[str, str], set[str]] = defaultdict(set)
        # Retired stories stay findable for undated articles, which no window bounds.
        self.archive: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.decisions: dict[str, ClusterDecision] = {}
        self.merges: list[StoryMerge] = []
        # (last date, story id) of dated stories, to retire those the window has passed.
        self._active: list[tuple[datetime, str]] = []
        self._retired: set[str] = set()
        self._born: dict[str, int] = {}  # creation order: a merge keeps the older story
        self._latest: datetime | None = None

    def features(self, doc: Document) -> _Features:
        """The article's view vectors (L2-normalised TF-IDF), years and numbers."""
        cached = self._pending.get(doc.article.id)
        if cached is not None:
            return cached
        views: dict[str, dict[str, float]] = {}
        raw = raw_views(doc, self.roster)
        size = len(raw["body"])
        headline = headline_only(doc.article)
        for view, counts in raw.items():
            table = _table(view, headline)
            idf, lone_idf = self.idf[table], self.lone_idf[table]
            lone = min(1.0, LONE_TERM_DOCS / self.n_docs[table])
            if headline:
                power = 1.0 if view == "entity" else HEADLINE_IDF_POWER
            else:
                power = HEADLINE_IDF_POWER if view == "title" else BODY_IDF_POWER
            vec = {t: (1 + math.log(c)) * idf.get(t, lone_idf) ** power
                   for t, c in counts.items()}
            if view == "entity":
                vec = {t: v * ENTITY_TYPE_WEIGHTS.get(t.split(":", 1)[0], OTHER_ENTITY_WEIGHT)
                       for t, v in vec.items()}
            if view in LONE_TERM_VIEWS:
                vec = {t: v if t in idf else v * lone for t, v in vec.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            if view in LONE_TERM_VIEWS and lone < LONE_TERM_KEPT:
                # Counted in the norm, but no story needs to keep them.
                vec = {t: v for t, v in vec.items() if t in idf}
            views[view] = {t: v / norm for t, v in vec.items()}
        # The page's date stamp, which cleaning took out of the text, names its year too.
        stamps = " ".join(r.text for r in doc.article.removed if r.kind == "timestamp")
        years = set(YEAR.findall(doc.article.title + " " + doc.article.text + " " + stamps))
        if _date(doc) is None:
            years.update(url_years(doc.article.url))
        # Counts, not lengths of time ("two weeks", "48 hours": common values that two
        # stories share by chance; with them ECB+ B-cubed F1 fell from 0.9357 to 0.9282).
        numbers = {f"{n.value:g}" for n in doc.numbers
                   if n.value >= 2 and n.label != "DURATION"
                   and not (1950 <= n.value < 2050 and float(n.value).is_integer())}
        out = _Features(views, years, numbers, main_actors(raw["entity"]), size, text_day(doc))
        self._pending[doc.article.id] = out
        return out

    def add(self, story_id: str, doc: Document) -> None:
        """Add ``doc`` to a story (creating it), updating its profiles, index and span."""
        if story_id not in self.stories:
            self._born[story_id] = len(self._born)
        story = self.stories.setdefault(story_id, _StoryState(story_id, []))
        story.members.append(doc.article.id)
        self.story_of[doc.article.id] = story_id
        # Once a member, an article's own features are not needed again (the story keeps
        # the sums): memory grows with the stories, not with every article ever read.
        feats = self.features(doc)
        scale = self._scale(doc)
        embedding = self.embeddings.get(doc.article.id)
        if embedding is not None:
            current = self.story_embedding.get(story_id)
            self.story_embedding[story_id] = embedding * scale if current is None else \
                current + embedding * scale
            total, count = self.story_embedded.get(story_id, (0.0, 0))
            self.story_embedded[story_id] = (total + scale, count + 1)
        del self._pending[doc.article.id]
        self._revive(story_id)  # a late or undated article brought it back
        for view, weights in feats.views.items():
            sums = story.sums[view]
            for t, v in weights.items():
                sums[t] = sums.get(t, 0.0) + v * scale
            old = story.profiles[view]
            # A full profile's terms all still weigh at least ``floor``; a new term at or
            # below it cannot displace one (nlargest keeps the earlier of equals), so only
            # those above it are ranked with them. In a fixed order (a set's would vary
            # with string hashing between runs, and nlargest breaks ties by order).
            floor = min((sums[t] for t in old), default=0.0) \
                if len(old) >= PROFILE_TERMS else -1.0
            new = _profile(sums, [*old, *(t for t in weights
                                          if t not in old and sums[t] > floor)])
            for t in old.keys() - new.keys():
                self.postings[(view, t)].discard(story_id)
            for t in new.keys() - old.keys():
                self.postings[(view, t)].add(story_id)
            story.profiles[view] = new
        story.years.update(feats.years)
        story.numbers.update(feats.numbers)
        story.actors.update(feats.actors)
        story.days = _span(story.days, feats.day)
        when = _date(doc)
        if when is not None:
            story.published.add(str(when.year))
            story.first = when if story.first is None else min(story.first, when)
            story.last = when if story.last is None else max(story.last, when)
            heapq.heappush(self._active, (story.last, story_id))

    def _revive(self, story_id: str) -> None:
        """Move a retired story's profile terms from the archive back to the live index.

        Done before its profile changes, so that the index only ever holds a story's
        current profile terms, in one of the two.
        """
        if story_id not in self._retired:
            return
        self._retired.discard(story_id)
        for view, profile in self.stories[story_id].profiles.items():
            for t in profile:
                self.archive.get((view, t), set()).discard(story_id)
                self.postings[(view, t)].add(story_id)

    def _retire(self, when: datetime | None) -> None:
        """Drop stories whose last article is older than the window from the index.

        Articles arrive in time order, so a story the window has passed cannot match
        again; keeping it indexed would make each lookup grow with the whole corpus.
        """
        if when is None:
            return
        self._latest = when if self._latest is None else max(self._latest, when)
        horizon = self._latest.timestamp() - self.config.cluster_window_days * 86400
        while self._active and self._active[0][0].timestamp() < horizon:
            last, story_id = heapq.heappop(self._active)
            story = self.stories.get(story_id)
            if story is None:
                continue  # merged into another story since
            if story.last is not None and story.last > last:
                continue  # a newer entry for this story is still in the heap
            if story_id in self._retired:
                continue
            self._retired.add(story_id)
            # A retired story keeps only its profile terms' sums: memory holds the stories
            # of the window, not every story ever formed. Only a late or undated article
            # can join it again; its profile is then ranked among the kept terms and the
            # newcomer's, and the words that lay below the profile start again from zero.
            story.sums = {view: {t: sums[t] for t in story.profiles[view]}
                          for view, sums in story.sums.items()}
            for view, profile in story.profiles.items():
                for t in profile:
                    self.archive[(view, t)].add(story_id)
                    posting = self.postings.get((view, t))
                    if posting is not None:
                        posting.discard(story_id)
                        if not posting:
                            del self.postings[(view, t)]

    def _candidates(self, vec: dict[str, dict[str, float]], dated: bool) -> set[str]:
        found: set[str] = set()
        for view, weights in vec.items():
            for t, _ in heapq.nlargest(LOOKUP_TERMS, weights.items(), key=lambda p: p[1]):
                found.update(self.postings.get((view, t), ()))
                if not dated:
                    found.update(self.archive.get((view, t), ()))
        return found

    def _in_window(self, story: _StoryState, when: datetime | None) -> bool:
        if when is None or story.first is None or story.last is None:
            return True
        gap = max((story.first - when).total_seconds(), (when - story.last).total_seconds())
        return gap <= self.config.cluster_window_days * 86400

    def _rank(self, vec: dict[str, dict[str, float]], years: set[str], numbers: set[str],
              when: datetime | None, embedding: tuple[np.ndarray, float] | None,
              since: int | None = None, size: int = 1, actors: frozenset[str] = frozenset(),
              days: tuple[int, int] | None = None) -> list[tuple[float, CandidateScore]]:
        """Score ``size`` texts (their summed scaled ``vec``) against the candidate stories:
        the mean score over all pairs of the texts and a story's members, best first, each
        exact (what the threshold is compared with) and as shown (rounded). Stories created
        at or after creation number ``since`` (this batch's) are left out."""
        self._retire(when)
        out = []
        for story_id in self._candidates(vec, when is not None):
            story = self.stories[story_id]
            if (since is not None and self._born[story_id] >= since) or \
                    not self._in_window(story, when):
                continue
            pairs = size * len(story.members)
            parts = {view: _dot(vec[view], story.sums[view]) / pairs for view in VIEW_WEIGHTS}
            factor = 1.0
            # An undated group also meets the years the story's articles came out in.
            story_years = story.years.keys() | story.published if when is None \
                else story.years.keys()
            if years and story_years:
                factor = YEAR_MATCH if years & story_years else YEAR_CLASH
            number_factor = 1.0
            if len(numbers) >= NUMBERS_NEEDED and len(story.numbers) >= NUMBERS_NEEDED:
                number_factor = NUMBER_MATCH if numbers & story.numbers.keys() else NUMBER_CLASH
            day_factor = DAY_MATCH if _days_meet(
                days, story.days, self.config.cluster_window_days) else 1.0
            actor_factor = ACTOR_CLASH if _actors_clash(
                actors, vec["entity"], story.actors, story.sums["entity"]) else 1.0
            total = sum(VIEW_WEIGHTS[v] * parts[v] for v in VIEW_WEIGHTS)
            similarity = None
            theirs = self.story_embedding.get(story_id)
            if embedding is not None and theirs is not None:
                # The mean over pairs of scale_i x scale_j x (cosine_ij - floor), from the
                # two scaled sums (a pair below the floor counts below zero here).
                ours, our_scales = embedding
                their_scales, count = self.story_embedded[story_id]
                mean = (float(ours @ theirs) - EMBEDDING_FLOOR * our_scales * their_scales) \
                    / (size * count)
                total = (1 - EMBEDDING_WEIGHT) * total + EMBEDDING_WEIGHT * max(0.0, mean)
                similarity = float(ours @ theirs) / (
                    float(np.linalg.norm(ours) * np.linalg.norm(theirs)) or 1.0)
            exact = factor * number_factor * actor_factor * day_factor * total
            out.append((exact, CandidateScore(story_id, round(exact, 4),
                                      round(parts["body"], 4), round(parts["entity"], 4),
                                      round(parts["title"], 4), factor,
                                      None if similarity is None else round(similarity, 4),
                                      number_factor, round(parts["phrase"], 4),
                                      actor_factor, day_factor)))
        out.sort(key=lambda c: (-c[0], c[1].story_id))
        return out

    def threshold_for(self, doc: Document) -> float:
        """The join threshold, scaled down for texts with few distinct words.

        Down to x``MIN_SCALE`` for a headline-only text, x``BODY_MIN_SCALE`` for a body.
        """
        return self._threshold(self.features(doc).size, headline_only(doc.article))

    def _threshold(self, size: int, headline: bool) -> float:
        floor = MIN_SCALE if headline else BODY_MIN_SCALE
        scale = min(1.0, max(floor, math.sqrt(size / REFERENCE_TERMS)))
        return self.config.cluster_threshold * scale

    def pair_scores(self, docs: Sequence[Document]) -> np.ndarray:
        """Every pair's score, on the scale of ``cluster_threshold``.

        The score of two texts is the one a text gets against a one-member story: the
        weighted per-view dot products, mixed with the embedding cosine for two short
        texts, divided by the geometric mean of the two texts' thresholds and multiplied
        by ``cluster_threshold`` (a pair of headlines is held to a headline's threshold, a
        pair of articles to an article's, and one number compares them all), times the
        year and number factors.
        """
        n = len(docs)
        feats = [self.features(d) for d in docs]
        out = np.zeros((n, n))
        for view, weight in VIEW_WEIGHTS.items():
            x = sparse_rows([f.views[view] for f in feats])
            out += weight * (x @ x.T).toarray()
        # Pairs that share no term stay at 0, as a story shares no term with them.
        shared = out > 0
        short = [self.embeddings.get(d.article.id) if len(f.views["body"]) < SHORT_TERMS
                 else None for d, f in zip(docs, feats, strict=True)]
        embedded = np.array([e is not None for e in short])
        if embedded.sum() > 1:
            width = next(e for e in short if e is not None).shape[0]
            vectors = np.stack([e if e is not None else np.zeros(width) for e in short])
            both = np.outer(embedded, embedded) & shared
            cosine = np.maximum(0.0, vectors @ vectors.T - EMBEDDING_FLOOR)
            out = np.where(both, (1 - EMBEDDING_WEIGHT) * out + EMBEDDING_WEIGHT * cosine, out)
        thresholds = np.array([self.threshold_for(d) for d in docs])
        out *= self.config.cluster_threshold / np.sqrt(np.outer(thresholds, thresholds))
        out *= _agreement([f.years for f in feats], 1, YEAR_MATCH, YEAR_CLASH)
        out *= _agreement([f.numbers for f in feats], NUMBERS_NEEDED, NUMBER_MATCH,
                          NUMBER_CLASH)
        out *= _actor_factors(feats)
        out *= _day_factors([f.day for f in feats], self.config.cluster_window_days)
        np.fill_diagonal(out, 0.0)
        return out

    def groups(self, docs: Sequence[Document]) -> tuple[list[list[int]], np.ndarray]:
        """The batch's average-linkage groups (positions in ``docs``, in arrival order).

        Two groups merge while the mean score over all their cross pairs reaches
        ``cluster_threshold``: a group holds together as a whole, it is not chained
        through one close pair.
        """
        if len(docs) < 2:
            return [list(range(len(docs)))], np.zeros((len(docs), len(docs)))
        pair = self.pair_scores(docs)
        top = max(1.0, float(pair.max()))
        distance = top - pair
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method=LINKAGE)
        labels = fcluster(tree, top - self.config.cluster_threshold + 1e-9, criterion="distance")
        members: dict[int, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            members[int(label)].append(i)
        return sorted(members.values()), pair

    def assign_batch(self, docs: Sequence[Document]) -> list[tuple[str, ClusterDecision]]:
        """Place a batch of articles that arrived together (in arrival order).

        Input groups and reprints of placed articles go where they belong. The others
        are grouped (``groups``), and each group, as one text (its members' vectors
        summed), joins the best story the window holds when it reaches the group's
        threshold, or starts a story named after its first article.
        """
        out: dict[int, tuple[str, ClusterDecision]] = {}
        batch_ids = {d.article.id for d in docs}
        later, rest = [], []
        for k, doc in enumerate(docs):
            original = doc.article.duplicate_of
            if doc.article.group is not None or (original is not None and (
                    original in self.story_of or original in batch_ids)):
                later.append(k)
            else:
                rest.append(k)
        since = len(self._born)  # stories created from here on are this batch's
        if rest:
            grouped, pair = self.groups([docs[k] for k in rest])
            for group in grouped:
                placed = self._assign_group([docs[rest[i]] for i in group],
                                            pair[np.ix_(group, group)], since)
                for i, result in zip(group, placed, strict=True):
                    out[rest[i]] = result
        for k in later:
            out[k] = self.assign(docs[k])
        return [out[k] for k in range(len(docs))]

    def _scale(self, doc: Document) -> float:
        """What a text's vectors are multiplied by in a story's sums: sqrt(threshold /
        its own threshold), so that a product of two texts' scaled vectors is their score
        on the scale of ``cluster_threshold`` (``pair_scores``)."""
        return math.sqrt(self.config.cluster_threshold / self.threshold_for(doc))

    def _assign_group(self, docs: Sequence[Document], pair: np.ndarray,
                      since: int) -> list[tuple[str, ClusterDecision]]:
        """Join a batch group (one or more articles) to a story, or start one with it.

        Its score against a story is the mean score over all pairs of the group's and
        the story's members: the product of the two sums of scaled vectors divided by
        both sizes, times the factors of the years and numbers the two name.
        """
        feats = [self.features(d) for d in docs]
        scales = [self._scale(d) for d in docs]
        scaled: dict[str, dict[str, float]] = {view: {} for view in VIEW_WEIGHTS}
        for f, scale in zip(feats, scales, strict=True):
            for view, weights in f.views.items():
                acc = scaled[view]
                for t, v in weights.items():
                    acc[t] = acc.get(t, 0.0) + v * scale
        years = set().union(*(f.years for f in feats))
        numbers = set().union(*(f.numbers for f in feats))
        group_actors = frozenset().union(*(f.actors for f in feats))
        group_days = None
        for f in feats:
            group_days = _span(group_days, f.day)
        found = [e * scale for d, f, scale in zip(docs, feats, scales, strict=True)
                 if (e := self.embeddings.get(d.article.id)) is not None
                 and len(f.views["body"]) < SHORT_TERMS]
        # Only a group of short texts that all have one is scored on its embeddings.
        embedding = (np.sum(found, axis=0), sum(scales)) if len(found) == len(docs) else None
        threshold = self.config.cluster_threshold
        # The stories this batch started are other groups: the grouping kept them apart.
        scored = self._rank(scaled, years, numbers, _date(docs[0]), embedding, since, len(docs),
                            group_actors, group_days)
        ranked = [c for _, c in scored]
        merged: list[str] = []
        if scored and scored[0][0] >= threshold:
            story_id, action, score = ranked[0].story_id, "joined", ranked[0].score
            for exact, other in scored[1:]:
                if exact < threshold:
                    break
                similarity = self.similarity(story_id, other.story_id)
                if similarity >= MERGE_SIMILARITY:
                    before = story_id
                    story_id = self.merge(story_id, other.story_id, docs[0].article.id,
                                          similarity)
                    merged.append(other.story_id if story_id == before else before)
        else:
            story_id, action, score = story_id_for(docs[0].article.id), "started", 0.0
        out = []
        for k, doc in enumerate(docs):
            self.add(story_id, doc)
            others = tuple(d.article.id for d in docs if d is not doc)
            cohesion = round(float(pair[k].sum() / (len(docs) - 1)), 4) if others else None
            if k and action == "started":
                decision = self._decide(doc.article.id, story_id, "batched", cohesion,
                                        self.config.cluster_threshold, ranked, (), others,
                                        cohesion)
            else:
                decision = self._decide(doc.article.id, story_id, action, score, threshold,
                                        ranked, tuple(merged) if not k else (), others,
                                        cohesion)
            out.append((story_id, decision))
        return out

    def assign(self, doc: Document) -> tuple[str, ClusterDecision]:
        """Pick the story for ``doc`` alone (joining or starting one) and say why."""
        article_id = doc.article.id
        if doc.article.group is not None:
            story_id = story_id_for("group:" + doc.article.group)
            self.add(story_id, doc)
            return story_id, self._decide(article_id, story_id, "grouped", None, 0.0, [])
        original = doc.article.duplicate_of
        if original is not None and original in self.story_of:
            # A reprint of a wire story belongs where its original is.
            story_id = self.story_of[original]
            self.add(story_id, doc)
            return story_id, self._decide(article_id, story_id, "reprint", None, 0.0, [])
        return self._assign_group([doc], np.zeros((1, 1)), len(self._born))[0]

    def similarity(self, a: str, b: str) -> float:
        """How alike two stories' profiles are (weighted per-view dot product, year factor)."""
        sa, sb = self.stories[a], self.stories[b]
        total = 0.0
        for view, weight in VIEW_WEIGHTS.items():
            total += weight * _dot(sa.profiles[view], sb.profiles[view])
        if sa.years and sb.years:
            total *= YEAR_MATCH if sa.years.keys() & sb.years.keys() else YEAR_CLASH
        if _actors_clash(sa.actors, sa.sums["entity"], sb.actors, sb.sums["entity"]):
            total *= ACTOR_CLASH
        return total

    def merge(self, a: str, b: str, article_id: str, similarity: float) -> str:
        """Fold the younger of two stories into the older; return the kept id."""
        kept, gone = (a, b) if self._born[a] < self._born[b] else (b, a)
        self._revive(kept)
        ks, gs = self.stories[kept], self.stories.pop(gone)
        for view in VIEW_WEIGHTS:
            for t in gs.profiles[view]:
                self.postings[(view, t)].discard(gone)
                self.archive.get((view, t), set()).discard(gone)
            sums = ks.sums[view]
            for t, v in gs.sums[view].items():
                sums[t] = sums.get(t, 0.0) + v
            old, new = ks.profiles[view], _profile(sums)
            for t in old.keys() - new.keys():
                self.postings[(view, t)].discard(kept)
            for t in new.keys():
                self.postings[(view, t)].add(kept)
            ks.profiles[view] = new
        ks.members.extend(gs.members)
        gone_embedding = self.story_embedding.pop(gone, None)
        if gone_embedding is not None:
            kept_embedding = self.story_embedding.get(kept)
            self.story_embedding[kept] = gone_embedding if kept_embedding is None else \
                kept_embedding + gone_embedding
            gone_total, gone_count = self.story_embedded.pop(gone)
            total, count = self.story_embedded.get(kept, (0.0, 0))
            self.story_embedded[kept] = (total + gone_total, count + gone_count)
        for member in gs.members:
            self.story_of[member] = kept
        ks.years.update(gs.years)
        ks.numbers.update(gs.numbers)
        ks.actors.update(gs.actors)
        ks.published |= gs.published
        for day in gs.days or ():
            ks.days = _span(ks.days, day)
        for when in (gs.first, gs.last):
            if when is not None:
                ks.first = when if ks.first is None else min(ks.first, when)
                ks.last = when if ks.last is None else max(ks.last, when)
        if ks.last is not None:
            heapq.heappush(self._active, (ks.last, kept))
        self._retired.discard(gone)
        self.merges.append(StoryMerge(kept, gone, article_id, round(similarity, 4)))
        return kept

    def _decide(self, article_id: str, story_id: str, action: str, score: float | None,
                threshold: float, ranked: list[CandidateScore],
                merged: tuple[str, ...] = (), batch: tuple[str, ...] = (),
                cohesion: float | None = None) -> ClusterDecision:
        decision = ClusterDecision(
            article_id=article_id, story_id=story_id, action=action, score=score,
            threshold=round(threshold, 4), method=NAME,
            nearest=tuple(ranked[:NEAREST_KEPT + 1]), merged=merged,
            batch=batch[:BATCH_KEPT], batch_size=len(batch) + 1 if batch else 0,
            cohesion=cohesion)
        self.decisions[article_id] = decision
        return decision

    def key_terms(self, story_id: str) -> tuple[str, ...]:
        """The heaviest body words of a story."""
        sums = self.stories[story_id].sums["body"]
        words = heapq.nlargest(MAX_KEY_TERMS, sums.items(), key=lambda p: (p[1], p[0]))
        return tuple(t for t, _ in words)


def sparse_rows(rows: Sequence[Mapping[str, float]]) -> sparse.csr_matrix:
    """Sparse vectors (term -> weight) as the rows of one matrix over their terms; its
    product with its transpose visits only the pairs that share a term."""
    vocab: dict[str, int] = {}
    cols: list[int] = []
    vals: list[float] = []
    indptr = [0]
    for row in rows:
        for t, v in row.items():
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(v)
        indptr.append(len(cols))
    return sparse.csr_matrix((vals, cols, indptr), shape=(len(rows), max(1, len(vocab))))


def _agreement(sets: Sequence[set[str]], needed: int, match: float,
               clash: float) -> np.ndarray:
    """Per pair: ``match`` when both sets hold ``needed`` items and share one, ``clash``
    when both hold that many and share none, else 1."""
    incidence = sparse_rows([dict.fromkeys(items, 1.0) for items in sets])
    overlap = (incidence @ incidence.T).toarray() > 0
    enough = np.array([len(items) >= needed for items in sets])
    return np.where(np.outer(enough, enough), np.where(overlap, match, clash), 1.0)


def _table(view: str, headline: bool) -> str:
    """The document-frequency table of a view: per kind of text for ``SPLIT_VIEWS``."""
    return f"{view}/headline" if headline and view in SPLIT_VIEWS else view


def main_actors(entities: Mapping[str, int]) -> frozenset[str]:
    """A text's main actors: the people and organisations it names most (ties all
    count), if named at least ``ACTOR_MENTIONS`` times."""
    found = {t: c for t, c in entities.items() if t.split(":", 1)[0] in ACTOR_TYPES}
    top = max(found.values(), default=0)
    return frozenset(t for t, c in found.items() if c == top) if top >= ACTOR_MENTIONS \
        else frozenset()


def _actors_clash(ours: Collection[str], our_named: Collection[str],
                  theirs: Collection[str], their_named: Collection[str]) -> bool:
    """Both sides have main actors and neither names any of the other's."""
    return bool(ours) and bool(theirs) and not any(a in their_named for a in ours) \
        and not any(a in our_named for a in theirs)


def _actor_factors(feats: Sequence[_Features]) -> np.ndarray:
    """Per pair: ``ACTOR_CLASH`` when both texts have main actors and neither names any
    of the other's, else 1."""
    n = len(feats)
    out = np.ones((n, n))
    cast = [k for k, f in enumerate(feats) if f.actors]
    if len(cast) < 2:
        return out
    if len(cast) <= SMALL_BATCH:
        for x, i in enumerate(cast):
            for j in cast[x + 1:]:
                if _actors_clash(feats[i].actors, feats[i].views["entity"],
                                 feats[j].actors, feats[j].views["entity"]):
                    out[i, j] = out[j, i] = ACTOR_CLASH
        return out
    rows = sparse_rows([dict.fromkeys(f.actors, 1.0) for f in feats]
                       + [dict.fromkeys(f.views["entity"], 1.0) for f in feats])
    named = (rows[:n] @ rows[n:].T).toarray() > 0  # i's main actor is named by j
    has = np.array([bool(f.actors) for f in feats])
    return np.where(np.outer(has, has) & ~(named | named.T), ACTOR_CLASH, 1.0)


def stream_order(docs: Iterable[Document]) -> list[Document]:
    """Order documents as they would have arrived: by date, undated ones in input order."""
    indexed = list(enumerate(docs))

    def key(pair: tuple[int, Document]) -> tuple[str, int]:
        when = _date(pair[1])
        return (when.isoformat() if when else "9999", pair[0])

    return [d for _, d in sorted(indexed, key=key)]


def batches(docs: Sequence[Document]) -> list[list[Document]]:
    """Cut stream-ordered articles into the batches that arrive together.

    A dated batch runs ``BATCH_MINUTES`` from its first article; undated articles
    (no time tells them apart) form one batch. A batch holds at most ``BATCH_MAX``.
    """
    out: list[list[Document]] = []
    start: datetime | None = None
    for doc in docs:
        when = _date(doc)
        if out and len(out[-1]) < BATCH_MAX and (
                (when is None and start is None) or (when is not None and start is not None
                                                     and (when - start).total_seconds()
                                                     <= BATCH_MINUTES * 60)):
            out[-1].append(doc)
        else:
            out.append([doc])
            start = when
    return out


def cluster(new_docs: Sequence[Document], existing: dict[str, list[Document]],
            corpus: Sequence[Document], config: Config, roster: Roster | None,
            decisions: dict[str, ClusterDecision] | None = None,
            merges: list[StoryMerge] | None = None,
            embeddings: dict[str, np.ndarray] | None = None,
            ) -> tuple[list[Story], dict[str, str]]:
    """Assign ``new_docs`` to stories, given ``existing`` stories and their members.

    Returns every story that gained members (with all its members) and the
    assignment of each new article (after merges: an article's final story);
    ``decisions`` receives why, ``merges`` the stories folded into others.
    ``embeddings`` (article id -> normalised vector) turns on the embedding view.
    """
    # The analysed corpus is millions of objects that clustering never frees; moved out of
    # the collector's reach, the full collections that the clusterer's allocations trigger
    # no longer walk them, and their cost stops growing with the corpus.
    gc.freeze()
    try:
        clusterer = Clusterer(config, roster, corpus, embeddings)
        for story_id, members in existing.items():
            for doc in members:
                clusterer.add(story_id, doc)
        for batch in batches(stream_order(new_docs)):
            for doc, (_, decision) in zip(batch, clusterer.assign_batch(batch), strict=True):
                if decisions is not None:
                    decisions[doc.article.id] = decision
            # What the batch left behind (decisions, story sums) lives to the end too.
            gc.freeze()
    finally:
        gc.unfreeze()
    gone = {m.merged for m in clusterer.merges}
    # An article's final story (merges since it joined included).
    assignment = {d.article.id: clusterer.story_of[d.article.id] for d in new_docs}
    touched = set(assignment.values()) | \
        {m.kept for m in clusterer.merges if m.kept in clusterer.stories}
    touched -= gone
    if merges is not None:
        merges.extend(clusterer.merges)
    by_id = {d.article.id: d for d in corpus}
    by_id.update({d.article.id: d for d in new_docs})
    stories = [_story(clusterer, sid, by_id) for sid in sorted(touched)]
    return stories, assignment


def representative_title(members: Sequence[Document], title_sums: dict[str, float]) -> str:
    """The headline that best speaks for the story: the one whose words the story's
    headlines use most (its words' summed title weights over the square root of their
    number), the earliest of equals. A first headline can be an aside ("Could the Flight
    MH370 Rescue Bring China and Japan Closer Together?" opening a story of stock-market
    headlines). A real headline is preferred to a stand-in: the first sentence of a text
    saved without one (a wire lead kept as a plain-text file's first line) reads as a
    paragraph, not a title."""
    best, best_score = members[0].article.title, -1.0
    headed = [doc for doc in members if not _lead_as_title(doc.article)]
    for doc in headed or members:
        words = set(cluster_terms(doc.article.title))
        if not words:
            continue
        score = math.fsum(title_sums.get(w, 0.0) for w in words) / math.sqrt(len(words))
        if score > best_score:
            best, best_score = doc.article.title, score
    return best


def _lead_as_title(article: Article) -> bool:
    """Whether an article's title is only its text's opening words (it had no headline).
    A headline-only item's text is its headline: that is a real one."""
    title = " ".join(article.title.split())
    if not title or headline_only(article):
        return False
    opening = " ".join(article.text[:len(title) + 200].split())
    return opening.startswith(title) and (len(opening) == len(title)
                                          or not opening[len(title)].isalnum())


def _story(clusterer: Clusterer, story_id: str, by_id: dict[str, Document]) -> Story:
    state = clusterer.stories[story_id]
    members = [by_id[a] for a in state.members if a in by_id]
    dated = sorted(d.article.published for d in members if d.article.published)
    return Story(
        id=story_id, article_ids=tuple(state.members),
        title=representative_title(members, state.sums["title"]),
        key_terms=clusterer.key_terms(story_id),
        first_seen=dated[0] if dated else None, last_seen=dated[-1] if dated else None,
        method=NAME,
    )
