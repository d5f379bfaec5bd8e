"""Translation-memory lookups for a batch of units: exact matches (the same object first, then
the same city, then the cities that share their memory) and fuzzy matches of at least
`FUZZY_FLOOR` % similarity (rapidfuzz's normalised Indel ratio over the text without tags).

A batch costs a constant number of queries, whatever its size: the visible cities, the exact
candidates by hash, the fuzzy candidates of the language pair within the batch's length band
(a similarity of 75 % needs the shorter text to be at least 60 % of the longer one), and the
entries of the fuzzy winners. Matching runs in memory, prefiltered like a search engine: the
candidates' distinct texts are indexed by their words, word pairs and word triples, and a text
is compared only with the few candidates of its length band that share the most of its rarer
features (a text of 75 % similarity shares most of its words and their order). Each distinct
text is scored once, and at most `POSTINGS_BUDGET` postings are counted for it, rarest first:
the prefilter bounds the work per unit, whatever the memory's size or vocabulary.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter, lshift, or_

from rapidfuzz import fuzz, process

from localization.registry import city_model
from localization.scope import source_locale_id
from localization.tm.models import TMEntry, text_hash

FUZZY_FLOOR = 75
#: A similarity of FUZZY_FLOOR % is impossible below this length ratio (2·s/(1+s) ≥ 0.75).
LENGTH_RATIO = FUZZY_FLOOR / (200 - FUZZY_FLOOR)
MATCHES_PER_UNIT = 3
#: How many candidates sharing the most features are compared with a text.
SHORTLIST = 30
#: How many postings (texts having a feature) are counted at most per text looked up: the
#: rarest features first, so that common words cost nothing where rarer ones select.
POSTINGS_BUDGET = 600
#: Texts of at most this many words are also indexed by their single words.
SHORT_TEXT_WORDS = 4
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")

SAME_OBJECT, SAME_CITY, OTHER_CITY = "same-object", "same-city", "other-city"


@dataclass(frozen=True)
class Match:
    source_text: str
    target_text: str
    quality: int  # 100 for exact, else the rounded similarity
    place: str  # SAME_OBJECT, SAME_CITY or OTHER_CITY
    city_slug: str
    origin: str  # kind name ("page", …) or "tmx"
    origin_object_id: int | None

    @property
    def exact(self) -> bool:
        return self.quality == 100

    @property
    def origin_label(self) -> str:
        """Where the match came from, as alt-trans/@origin and mtc:match/@origin say it."""
        if self.origin_object_id:
            return f"cityguide-tm:{self.city_slug}/{self.origin}/{self.origin_object_id}"
        return f"cityguide-tm:{self.city_slug}/{self.origin}"


def visible_cities(city) -> dict[int, str]:
    """{city id: slug} of the memories a translator of `city` may use: its own, and every
    source-locale city that shares its memory."""
    cities = city_model().objects.filter(locale_id=source_locale_id())
    rows = cities.filter(share_translation_memory=True) | cities.filter(pk=city.pk)
    return dict(rows.values_list("pk", "slug"))


def plain(text: str) -> str:
    """A segment's text without its inline tags (segments hold only simple inline HTML)."""
    text = _TAG.sub("", text or "")
    return html.unescape(text) if "&" in text else text


def find_matches(
    wanted: list[tuple[str, object]],
    *,
    city,
    source_language: str,
    target_language: str,
) -> dict[tuple[str, object], list[Match]]:
    """{(source text, object key): [Match, best first]} for the units without a current
    translation; `wanted` is [(source html, the unit's object translation key)]."""
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return {}
    cities = visible_cities(city)
    pair = TMEntry.objects.filter(
        source_language=source_language, target_language=target_language, city_id__in=cities
    )
    fields = ("source_text", "target_text", "city_id", "origin", "origin_key", "origin_object_id")
    exact = {}
    hashes = {text_hash(text) for text, _key in wanted}
    for row in pair.filter(source_hash__in=hashes).values_list("source_hash", *fields):
        exact.setdefault(row[0], []).append(row[1:])
    result = {}
    fuzzy_wanted = []
    for text, key in wanted:
        rows = exact.get(text_hash(text), [])
        matches = sorted(
            (_match(row, 100, key, city.pk, cities) for row in rows if row[0] == text),
            key=_rank,
        )
        if matches:
            result[(text, key)] = _distinct(matches)
        else:
            fuzzy_wanted.append((text, key))
    result.update(_fuzzy(fuzzy_wanted, pair, fields, city.pk, cities))
    return result


def _fuzzy(wanted, pair, fields, city_id, cities):
    queries = defaultdict(list)  # plain text: [(text, key)], each distinct text scored once
    for text, key in wanted:
        query = plain(text)
        if query.strip():
            queries[query].append((text, key))
    if not queries:
        return {}
    lengths = [len(query) for query in queries]
    low, high = int(min(lengths) * LENGTH_RATIO), int(max(lengths) / LENGTH_RATIO) + 1
    candidates = _Candidates(
        pair.filter(source_length__gte=low, source_length__lte=high).values_list(
            "id", "source_text"
        ),
        queries,
    )
    best = {}
    for query, units in queries.items():
        found = process.extract(
            query,
            candidates.shortlist(query),
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_FLOOR,
            limit=MATCHES_PER_UNIT,
        )
        hits = [(pk, score) for choice, score, _i in found for pk in candidates.ids[choice]]
        for unit in units:
            best[unit] = hits
    ids = {pk for hits in best.values() for pk, _score in hits}
    rows = {
        row[0]: row[1:] for row in TMEntry.objects.filter(pk__in=ids).values_list("id", *fields)
    }
    result = {}
    for (text, key), hits in best.items():
        matches = sorted(
            (_match(rows[pk], min(int(score), 99), key, city_id, cities) for pk, score in hits),
            key=_rank,
        )
        if matches:
            result[(text, key)] = _distinct(matches)
    return result


class _Candidates:
    """The distinct texts (without tags) of a batch's candidate entries, numbered in order of
    length, with postings of the features the looked-up texts have: for each feature the
    numbers of the texts that have it, ascending, so that a length band is a slice found by
    bisection.

    Features are word pairs and word triples (triples select even where every single word is
    common), and single words of short texts (a one-word text has no pairs; a long text's
    words alone never select it). Words are numbered, so that features are small integers
    that hash fast; words no looked-up text has are 0 and select nothing."""

    def __init__(self, rows, queries):
        self.ids = defaultdict(list)  # text: [entry id]
        for pk, text in rows:
            self.ids[plain(text)].append(pk)
        self.texts = sorted(self.ids, key=len)
        self.lengths = [len(text) for text in self.texts]
        self.words = {}
        wanted = set()
        for query in queries:
            wanted.update(self.features(query, learn=True))
        postings = {feature: [] for feature in wanted}
        for number, text in enumerate(self.texts):
            for feature in self.features(text).intersection(wanted):
                postings[feature].append(number)
        self.postings = postings

    def features(self, text: str, *, learn: bool = False) -> set[int]:
        words = _WORD.findall(text.lower())
        if learn:
            numbers = self.words
            ids = [numbers.setdefault(word, len(numbers) + 1) for word in words]
        else:
            get = self.words.get
            ids = [get(word, 0) for word in words]
        pairs = list(map(or_, map(lshift, ids, repeat(_BITS)), ids[1:]))
        found = set(map(or_, pairs, repeat(_PAIR)))
        found.update(map(or_, map(lshift, pairs, repeat(_BITS)), ids[2:]))
        if len(ids) <= SHORT_TEXT_WORDS:
            found.update(ids)
        return found

    def shortlist(self, query: str) -> list[str]:
        """The SHORTLIST texts within the query's length band that share the most of its
        rarer features; at most POSTINGS_BUDGET postings are counted, whatever the size."""
        length = len(query)
        first = bisect_left(self.lengths, length * LENGTH_RATIO)
        end = bisect_right(self.lengths, length / LENGTH_RATIO)
        slices = []
        for feature in self.features(query):
            numbers = self.postings[feature]
            start, stop = bisect_left(numbers, first), bisect_left(numbers, end)
            if stop > start:
                slices.append((stop - start, start, stop, numbers))
        slices.sort(key=itemgetter(0))
        shared, counted = Counter(), 0
        for size, start, stop, numbers in slices:
            if counted + size > POSTINGS_BUDGET:
                if counted:
                    break
                # Even the rarest feature is too common: its texts nearest in length.
                centre = bisect_left(numbers, bisect_left(self.lengths, length), start, stop)
                start = max(start, min(centre - POSTINGS_BUDGET // 2, stop - POSTINGS_BUDGET))
                stop = start + POSTINGS_BUDGET
            shared.update(numbers[start:stop])
            counted += stop - start
        best = sorted(shared, key=shared.__getitem__, reverse=True)[:SHORTLIST]
        return [self.texts[number] for number in best]


#: Features as integers (C-level arithmetic, cheap hashes): a word's number; a pair's numbers
#: packed and tagged; a triple's numbers packed (a looked-up text's words are numbered from 1,
#: so its triples are at least 2**40: never a word or a pair). Past 2**20 distinct words, or
#: with unknown words (0), packs could collide: a shortlist, never a score, would suffer.
_BITS = 20
_PAIR = 1 << 61


def _match(row, quality, key, city_id, cities):
    source, target, row_city, origin, origin_key, object_id = row
    if origin_key == key and row_city == city_id:
        place = SAME_OBJECT
    elif row_city == city_id:
        place = SAME_CITY
    else:
        place = OTHER_CITY
    return Match(source, target, quality, place, cities.get(row_city, ""), origin, object_id)


_PLACE_ORDER = {SAME_OBJECT: 0, SAME_CITY: 1, OTHER_CITY: 2}


def _rank(match):
    return (-match.quality, _PLACE_ORDER[match.place], match.city_slug, match.target_text)


def _distinct(matches):
    """The best few, one per distinct target text."""
    seen, kept = set(), []
    for match in matches:
        if match.target_text not in seen:
            seen.add(match.target_text)
            kept.append(match)
    return kept[:MATCHES_PER_UNIT]
