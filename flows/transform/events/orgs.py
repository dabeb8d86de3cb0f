"""International organizations named in a sentence (ru, kk, en), by abbreviation or name.

A short table of the intergovernmental bodies Kazakhstan's diplomacy deals with most: their
abbreviations and names in the three languages. Names are matched inflection-tolerantly (each
long word's last letters are free: "Организации американских государств"). An organization is
a party or host of an event; its seat is never a venue (see places.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flows.transform.attribution import fold_case

# (abbreviations, names) per organization; the first abbreviation is the display form in ru,
# then kk and en forms follow in the same tuple, found by script.
_ORGS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("ООН", "БҰҰ", "UN"), ("Организация Объединенных Наций", "Біріккен Ұлттар Ұйымы",
                           "United Nations", "Генеральная Ассамблея", "Генассамблея",
                           "General Assembly", "Бас Ассамблея")),
    (("УВКБ ООН", "UNHCR"), ("Верховного комиссара ООН по делам беженцев",
                             "Управление Верховного комиссара ООН по делам беженцев",
                             "UN Refugee Agency", "БҰҰ Босқындар ісі жөніндегі Жоғарғы комиссары")),
    (("БҰҰ Туризм ұйымы", "UN Tourism", "ЮНВТО", "UNWTO"), ("Всемирная туристская организация",
                                                         "ООН по туризму")),
    (("Conference on Disarmament",), ("Конференция по разоружению",
                                      "Қарусыздану жөніндегі конференция")),
    (("ЕЭК", "EEC"), ("Евразийская экономическая комиссия", "Еуразиялық экономикалық комиссия",
                      "Eurasian Economic Commission")),
    (("ЭСКАТО", "ESCAP", "ЭСКАТО ООН"), ("Экономическая и социальная комиссия ООН для Азии и "
                                         "Тихого океана", "Economic and Social Commission for "
                                         "Asia and the Pacific")),
    (("ОАГ", "OAS"), ("Организация американских государств", "Organization of American States",
                      "Америка мемлекеттері ұйымы")),
    (("КОПУОС", "COPUOS"), ("Комитет ООН по использованию космического пространства в мирных "
                            "целях", "Committee on the Peaceful Uses of Outer Space")),
    (("ШОС", "ШЫҰ", "SCO"), ("Шанхайская организация сотрудничества", "Шанхай ынтымақтастық "
                             "ұйымы", "Shanghai Cooperation Organisation",
                             "Shanghai Cooperation Organization")),
    (("СНГ", "ТМД", "CIS"), ("Содружество Независимых Государств", "Тәуелсіз Мемлекеттер "
                             "Достастығы", "Commonwealth of Independent States")),
    (("ОДКБ", "ҰҚШҰ", "CSTO"), ("Организация Договора о коллективной безопасности",
                                "Collective Security Treaty Organization")),
    (("ОБСЕ", "ЕҚЫҰ", "OSCE"), ("Организация по безопасности и сотрудничеству в Европе",
                                "Еуропадағы қауіпсіздік және ынтымақтастық ұйымы",
                                "Organization for Security and Co-operation in Europe")),
    (("ЕС", "ЕО", "EU"), ("Европейский союз", "Еуропалық одақ", "European Union")),
    (("НАТО", "NATO"), ("Организация Североатлантического договора",
                        "North Atlantic Treaty Organization")),
    (("ОИС", "ИЫҰ", "OIC"), ("Организация исламского сотрудничества", "Ислам ынтымақтастығы "
                             "ұйымы", "Organisation of Islamic Cooperation",
                             "Organization of Islamic Cooperation")),
    (("СВМДА", "АӨСШК", "CICA"), ("Совещание по взаимодействию и мерам доверия в Азии",
                                  "Conference on Interaction and Confidence Building Measures "
                                  "in Asia")),
    (("ЕАЭС", "ЕАЭО", "EAEU"), ("Евразийский экономический союз", "Еуразиялық экономикалық "
                                "одақ", "Eurasian Economic Union")),
    (("ОТГ", "ТМҰ", "OTS"), ("Организация тюркских государств", "Түркі мемлекеттері ұйымы",
                             "Organization of Turkic States")),
    (("ЮНЕСКО", "UNESCO"), ("Организация Объединенных Наций по вопросам образования, науки и "
                            "культуры",)),
    (("МАГАТЭ", "IAEA"), ("Международное агентство по атомной энергии",
                          "International Atomic Energy Agency")),
    (("ВТО", "ДСҰ", "WTO"), ("Всемирная торговая организация", "Дүниежүзілік сауда ұйымы",
                             "World Trade Organization")),
    (("ВОЗ", "ДДСҰ", "WHO"), ("Всемирная организация здравоохранения",
                              "World Health Organization", "Всемирная ассамблея здравоохранения",
                              "Дүниежүзілік денсаулық сақтау ассамблеясы",
                              "Дүниежүзілік денсаулық сақтау ұйымы", "World Health Assembly")),
    (("АСЕАН", "ASEAN"), ("Ассоциация государств Юго-Восточной Азии",
                          "Association of Southeast Asian Nations")),
    (("ОЭСР", "ЭЫДҰ", "OECD"), ("Организация экономического сотрудничества и развития",
                                "Organisation for Economic Co-operation and Development")),
    (("ЕЭК ООН", "UNECE"), ("Европейская экономическая комиссия ООН",
                            "United Nations Economic Commission for Europe")),
    (("ПРООН", "UNDP"), ("Программа развития ООН", "United Nations Development Programme")),
    (("ЮНИСЕФ", "UNICEF"), ()),
    (("МОМ", "IOM"), ("Международная организация по миграции",
                      "International Organization for Migration")),
    (("ВМО", "WMO"), ("Всемирная метеорологическая организация",)),
    (("ФАО", "FAO"), ("Продовольственная и сельскохозяйственная организация ООН",
                      "Food and Agriculture Organization")),
    (("СЕ", "CoE"), ("Совет Европы", "Еуропа Кеңесі", "Council of Europe")),
    (("ССАГПЗ", "GCC"), ("Совет сотрудничества арабских государств Персидского залива",
                         "Gulf Cooperation Council")),
    (("АС", "AU"), ("Африканский союз", "Африка одағы", "African Union")),
    (("ЛАГ",), ("Лига арабских государств", "Араб мемлекеттері лигасы", "Arab League",
                "League of Arab States")),
    (("ТЮРКСОЙ", "TURKSOY"), ()),
    (("ОЧЭС", "BSEC"), ("Организация Черноморского экономического сотрудничества",)),
    (("МФСА", "IFAS"), ("Международный фонд спасения Арала", "International Fund for Saving "
                        "the Aral Sea")),
    (("ВБ",), ("Всемирный банк", "Дүниежүзілік банк", "World Bank")),
    (("МВФ", "ХВҚ", "IMF"), ("Международный валютный фонд", "International Monetary Fund")),
    (("ЕБРР", "ЕҚДБ", "EBRD"), ("Европейский банк реконструкции и развития",
                                "European Bank for Reconstruction and Development")),
    (("АБР", "АДБ", "ADB"), ("Азиатский банк развития", "Азия даму банкі",
                             "Asian Development Bank")),
    (("МККК", "ICRC"), ("Международный комитет Красного Креста",
                        "International Committee of the Red Cross")),
)  # fmt: skip

_SHORT_WORD = 4  # words up to this length are matched exactly


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    text: str
    canonical: str  # the first abbreviation, a stable id for the organization
    abbreviations: tuple[str, ...]

    def display(self, lang: str) -> str:
        """The short form the article's language uses (ООН, БҰҰ, UN)."""
        for abbr in self.abbreviations:
            if _script_of(abbr) == lang:
                return abbr
        if lang == "kk":  # Kazakh text uses the Russian abbreviation when it has none of its own
            for abbr in self.abbreviations:
                if _script_of(abbr) == "ru":
                    return abbr
        return self.canonical


_KK_LETTERS_RE = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYR_RE = re.compile(r"[\u0400-\u04ff]")


def _script_of(text: str) -> str:
    if _KK_LETTERS_RE.search(text):
        return "kk"
    return "ru" if _CYR_RE.search(text) else "en"


def _name_regex(name: str) -> str:
    parts = []
    for word in name.split():
        w = re.escape(word)
        if len(word) > _SHORT_WORD and word[-1].isalpha():
            w = re.escape(word[:-2]) + r"\w*"
        parts.append(w)
    return r"\s+".join(parts)


def _name_gate(name: str) -> str:
    """What every match of `_name_regex(name)` starts with, case-folded (`fold_case`)."""
    first = name.split()[0]
    if len(first) > _SHORT_WORD and first[-1].isalpha():
        first = first[:-2]
    return fold_case(first)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    abbrs: tuple[str, ...]
    gate: tuple[str, ...]  # one of these is in every text the regex matches
    folded: bool  # the gate is looked for in the case-folded text (names), else as written


@lru_cache(maxsize=1)
def _patterns() -> list[_Pattern]:
    out: list[_Pattern] = []
    for abbrs, names in _ORGS:
        ordered = sorted(names, key=len, reverse=True)
        alts = [_name_regex(n) for n in ordered]
        if alts:
            name_re = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")", re.IGNORECASE)
            out.append(_Pattern(name_re, abbrs, tuple({_name_gate(n) for n in ordered}), True))
        abbr_alts = "|".join(re.escape(a) for a in sorted(abbrs, key=len, reverse=True))
        # abbreviations are case-sensitive and may carry a Kazakh suffix after a hyphen
        abbr_re = re.compile(rf"(?<![\w-])(?:{abbr_alts})(?![^\W\d_])")
        out.append(_Pattern(abbr_re, abbrs, abbrs, False))
    return out


def find_organizations(text: str) -> list[OrgMention]:
    """International organizations named in `text`, longest match first, in order."""
    return list(_find_organizations(text))


@lru_cache(maxsize=4096)
def _find_organizations(text: str) -> tuple[OrgMention, ...]:
    folded = fold_case(text)
    candidates = [
        OrgMention(m.start(), m.end(), m.group(), p.abbrs[0], p.abbrs)
        for p in _patterns()
        if any(g in (folded if p.folded else text) for g in p.gate)  # else it cannot match
        for m in p.regex.finditer(text)
    ]
    candidates.sort(key=lambda o: (-(o.end - o.start), o.start))
    found: list[OrgMention] = []
    for cand in candidates:
        if all(cand.end <= f.start or f.end <= cand.start for f in found):
            found.append(cand)
    found.sort(key=lambda o: o.start)
    return tuple(found)
