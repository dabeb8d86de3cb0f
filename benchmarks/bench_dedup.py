"""Benchmark: cluster N synthetic articles into stories; print time and peak memory.

Usage: .venv/bin/python benchmarks/bench_dedup.py [N]   (default 100000)

The articles are made from templates of MFA releases (an envoy meets a counterpart, a phone
call, an exhibition), with invented names in Cyrillic and Latin, countries, cities, figures and
dates spread over two years. Each release appears as some of: gov.kz ru/kk/en versions under one
id, a kt.kz reprint with a dateline and light edits, an English outlet rewrite with another lead,
a Kazakh outlet version, a republication with a "Source :" line. The same envoys recur on other
days with other counterparts (the hard negatives). Pair precision and recall against the
generating release are printed too: a sanity check on the generator's own templates, not a
measure of quality on real releases (tests/data/dedup_pairs is that, on hand-written articles).
"""

from __future__ import annotations

import random
import resource
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.transform.article import Article
from flows.transform.dedup import StoryIndex, features_many

SEED = 20260211
ENVOYS = 120  # missions: each envoy keeps one posting and meets many counterparts
DAYS = 730
START = date(2024, 3, 1)

KZ_FIRST = [
    ("Ержан", "Yerzhan"),
    ("Нурлан", "Nurlan"),
    ("Асхат", "Askhat"),
    ("Тимур", "Timur"),
    ("Данияр", "Daniyar"),
    ("Марат", "Marat"),
    ("Серик", "Serik"),
    ("Алибек", "Alibek"),
    ("Руслан", "Ruslan"),
    ("Айдос", "Aidos"),
    ("Бахыт", "Bakhyt"),
    ("Галым", "Galym"),
    ("Кайрат", "Kairat"),
    ("Мирас", "Miras"),
    ("Олжас", "Olzhas"),
    ("Санжар", "Sanzhar"),
]
KZ_LAST = [
    ("Байсал", "Baisal"),
    ("Оспан", "Ospan"),
    ("Жумабек", "Zhumabek"),
    ("Абен", "Aben"),
    ("Нурмахан", "Nurmakhan"),
    ("Сагындык", "Sagyndyk"),
    ("Токтар", "Toktar"),
    ("Смагул", "Smagul"),
    ("Куаныш", "Kuanysh"),
    ("Есим", "Yesim"),
    ("Жакуп", "Zhakup"),
    ("Ахмет", "Akhmet"),
    ("Сейткали", "Seitkali"),
    ("Мукан", "Mukan"),
    ("Тасбол", "Tasbol"),
    ("Ермек", "Yermek"),
    ("Канат", "Kanat"),
    ("Болат", "Bolat"),
    ("Шынгыс", "Shyngys"),
]
FOREIGN_FIRST = [
    ("Марко", "Marco"),
    ("Анна", "Anna"),
    ("Пьер", "Pierre"),
    ("Ханс", "Hans"),
    ("Кэндзи", "Kenji"),
    ("Ахмед", "Ahmed"),
    ("Мария", "Maria"),
    ("Ян", "Jan"),
    ("Карлос", "Carlos"),
    ("Елена", "Elena"),
    ("Томас", "Tomas"),
    ("Ли", "Li"),
    ("Омар", "Omar"),
    ("Ингрид", "Ingrid"),
    ("Виктор", "Viktor"),
    ("Сара", "Sara"),
]
FOREIGN_LAST = [
    ("Росси", "Rossi"),
    ("Келлер", "Keller"),
    ("Новак", "Novak"),
    ("Танака", "Tanaka"),
    ("Хаддад", "Haddad"),
    ("Силва", "Silva"),
    ("Берг", "Berg"),
    ("Ковальски", "Kowalski"),
    ("Мартен", "Marten"),
    ("Лунд", "Lund"),
    ("Орбан", "Orban"),
    ("Янсен", "Jansen"),
    ("Демир", "Demir"),
    ("Морено", "Moreno"),
    ("Линдквист", "Lindqvist"),
    ("Петров", "Petrov"),
    ("Бауэр", "Bauer"),
    ("Сато", "Sato"),
    ("Нильсен", "Nielsen"),
]
# (en country, ru genitive, ru prepositional, kk locative, city en, city ru prepositional)
PLACES = [
    ("Latvia", "Латвии", "Латвии", "Латвиядағы", "Riga", "Риге"),
    ("Germany", "Германии", "Германии", "Германиядағы", "Berlin", "Берлине"),
    ("Italy", "Италии", "Италии", "Италиядағы", "Rome", "Риме"),
    ("Japan", "Японии", "Японии", "Жапониядағы", "Tokyo", "Токио"),
    ("Egypt", "Египта", "Египте", "Египеттегі", "Cairo", "Каире"),
    ("Poland", "Польши", "Польше", "Польшадағы", "Warsaw", "Варшаве"),
    ("Brazil", "Бразилии", "Бразилии", "Бразилиядағы", "Brasilia", "Бразилиа"),
    ("Norway", "Норвегии", "Норвегии", "Норвегиядағы", "Oslo", "Осло"),
    ("Hungary", "Венгрии", "Венгрии", "Венгриядағы", "Budapest", "Будапеште"),
    ("Sweden", "Швеции", "Швеции", "Швециядағы", "Stockholm", "Стокгольме"),
    ("Spain", "Испании", "Испании", "Испаниядағы", "Madrid", "Мадриде"),
    ("Turkey", "Турции", "Турции", "Түркиядағы", "Ankara", "Анкаре"),
]
TOPICS = [
    ("transport and logistics", "транспорта и логистики", "көлік және логистика"),
    ("energy", "энергетики", "энергетика"),
    ("agriculture", "сельского хозяйства", "ауыл шаруашылығы"),
    ("education", "образования", "білім беру"),
    ("tourism", "туризма", "туризм"),
    ("digital technologies", "цифровых технологий", "цифрлық технологиялар"),
    ("healthcare", "здравоохранения", "денсаулық сақтау"),
    ("culture", "культуры", "мәдениет"),
]
RU_SECOND = [
    "В ходе встречи стороны обсудили перспективы сотрудничества в сфере {topic}, а также "
    "подготовку заседания межправительственной комиссии в {city}.",
    "Собеседники рассмотрели ход реализации совместных проектов в области {topic} и договорились "
    "активизировать контакты между деловыми кругами.",
    "Особое внимание было уделено вопросам {topic} и расширению прямого авиасообщения.",
    "Стороны обменялись мнениями по актуальным вопросам региональной повестки и сотрудничества "
    "в сфере {topic}.",
]
EN_SECOND = [
    "The parties discussed prospects for cooperation in {topic} and the preparations for the "
    "intergovernmental commission in {city}.",
    "The interlocutors reviewed joint projects in {topic} and agreed to intensify business "
    "contacts.",
    "Particular attention was paid to {topic} and to the expansion of direct flights.",
    "The sides exchanged views on the regional agenda and on cooperation in {topic}.",
]
RU_MONTHS_GEN = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip


def _ru_ins(first: str, last: str) -> str:
    """A crude instrumental case, as a release would write it."""
    f = first + ("ом" if first[-1] not in "аяиьй" else "")
    return f"{f} {last}ым" if last.endswith(("ов", "ев")) else f"{f} {last}"


class Generator:
    """Synthetic releases and their versions."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.envoys = [self._kz_person() for _ in range(ENVOYS)]
        self.next_id = 1_100_000

    def _kz_person(self) -> tuple[str, str, str, str]:
        f_ru, f_en = self.rng.choice(KZ_FIRST)
        l_ru, l_en = self.rng.choice(KZ_LAST)
        suffix = self.rng.choice([("ов", "ov"), ("ев", "ev")])
        return f_ru, l_ru + suffix[0], f_en, l_en + suffix[1]

    def _foreigner(self) -> tuple[str, str, str, str]:
        f_ru, f_en = self.rng.choice(FOREIGN_FIRST)
        l_ru, l_en = self.rng.choice(FOREIGN_LAST)
        return f_ru, l_ru, f_en, l_en

    def release(self, rid: int) -> list[Article]:
        """All versions of one synthetic release."""
        rng = self.rng
        env = self.envoys[rid % len(self.envoys)]
        place = PLACES[(rid * 7 + rng.randrange(3)) % len(PLACES)]
        cp = self._foreigner()
        topic = rng.choice(TOPICS)
        day = START + timedelta(days=rng.randrange(DAYS))
        amount, year = rng.randrange(2, 900), rng.choice([2023, 2024, 2025])
        month = rng.randrange(12)
        gid = self.next_id
        self.next_id += rng.randrange(1, 4)
        ru = [
            f"Посол Казахстана в {place[2]} {env[0]} {env[1]} встретился с министром {topic[1]} "
            f"{place[1]} {_ru_ins(cp[0], cp[1])}.",
            rng.choice(RU_SECOND).format(topic=topic[1], city=place[5]),
            f"{env[0][0]}.{env[1]} сообщил, что в {year} году товарооборот между странами "
            f"составил {amount} млн долларов.",
            f"Стороны договорились провести бизнес-форум в {RU_MONTHS_GEN[month]} "
            f"{rng.randrange(1, 28)} числа.",
        ]
        kk = [
            f"Қазақстанның {place[3]} елшісі {env[0]} {env[1]} {place[0]} {topic[2]} министрі "
            f"{cp[0]} {cp[1]}мен кездесті.",
            f"Кездесу барысында тараптар {topic[2]} саласындағы ынтымақтастықтың болашағын "
            f"талқылады.",
            f"{env[1]} {year} жылы елдер арасындағы тауар айналымы {amount} млн доллар болғанын "
            f"айтты.",
        ]
        en = [
            f"Ambassador of Kazakhstan to {place[0]} {env[2]} {env[3]} met with the {place[0]} "
            f"Minister of {topic[0].title()} {cp[2]} {cp[3]}.",
            rng.choice(EN_SECOND).format(topic=topic[0], city=place[4]),
            f"{env[3]} said that trade between the countries reached ${amount} million in {year}.",
            f"The sides agreed to hold a business forum in {EN_MONTHS[month]}.",
        ]
        gov = f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{gid}"
        stamp = f"{day.isoformat()}T09:00:00+00:00"
        out = []

        def art(suffix: str, source: str, url: str, lang: str, body: list[str], pub: str) -> None:
            out.append(
                Article(
                    f"r{rid}-{suffix}",
                    source,
                    url,
                    lang,
                    body[0][:60],
                    _published(pub),
                    "\n".join(body),
                )
            )

        for lang, body in (("ru", ru), ("kk", kk), ("en", en)):
            if rng.random() < 0.7:
                art(f"gov-{lang}", "gov.kz", f"{gov}?lang={lang}", lang, body, stamp)
        later = (day + timedelta(days=rng.randrange(0, 2))).isoformat()
        if rng.random() < 0.5:
            edited = [s.replace("встретился", "провел встречу") for s in ru]
            edited[0] = (
                f"Астана. {day.day} {RU_MONTHS_GEN[day.month - 1]}. KAZAKHSTAN TODAY - {edited[0]}"
            )
            if rng.random() < 0.5:
                edited = edited[:-1]
            art(
                "kt-ru",
                "kt.kz",
                f"https://www.kt.kz/rus/politics/x_{gid}.html",
                "ru",
                edited,
                later,
            )
        if rng.random() < 0.3:
            lead = (f"{env[3]}, Kazakhstan's envoy in {place[4]}, and {cp[2]} {cp[3]} discussed "
                    f"{topic[0]}, Kazinform cites the Kazakh MFA.")  # fmt: skip
            art("qaz-en", "qazinform.com", f"https://qazinform.com/news/x-{gid:x}", "en",
                [lead, *en[2:]], later)  # fmt: skip
        if rng.random() < 0.2:
            art("baq-kk", "baq.kz", f"https://baq.kz/kk/news/{gid}", "kk", kk, later)
        if rng.random() < 0.1:
            art("enbek-en", "enbekshiqazaq.kz", f"https://enbekshiqazaq.kz/en/news/{gid}", "en",
                [*en, f"Source : {gov}?lang=kk"], later)  # fmt: skip
        return out


def _published(text: str) -> date:
    return date.fromisoformat(text[:10])


def corpus(n: int, seed: int = SEED) -> list[Article]:
    """About n synthetic articles (whole releases), in a shuffled order."""
    rng = random.Random(seed)
    gen = Generator(rng)
    arts: list[Article] = []
    rid = 0
    while len(arts) < n:
        arts.extend(gen.release(rid))
        rid += 1
    rng.shuffle(arts)
    return arts[:n]


def _pairs(sizes: Counter[object]) -> int:
    return sum(k * (k - 1) // 2 for k in sizes.values())


def main(n: int) -> None:
    """Run the benchmark and print its figures."""
    t0 = time.perf_counter()
    arts = corpus(n)
    t1 = time.perf_counter()
    feats = features_many(arts)
    t2 = time.perf_counter()
    index = StoryIndex()
    keys = index.assign([(a.id, f) for a, f in zip(arts, feats, strict=True)])
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    truth = {a.id: a.id.split("-")[0] for a in arts}
    both = Counter((keys[a.id], truth[a.id]) for a in arts)
    tp, pred, true = _pairs(both), _pairs(Counter(keys.values())), _pairs(Counter(truth.values()))
    print(f"articles            {len(arts)}")
    print(f"releases / stories  {len(set(truth.values()))} / {len(set(keys.values()))}")
    print(f"generate            {t1 - t0:7.1f} s (not counted)")
    print(f"features            {t2 - t1:7.1f} s")
    print(f"assign (link+keys)  {t3 - t2:7.1f} s")
    print(f"total dedup         {t3 - t1:7.1f} s")
    print(f"peak RSS            {peak_mb:7.0f} MB (whole process)")
    print(f"pair precision      {tp / pred if pred else 1:.4f} (synthetic templates)")
    print(f"pair recall         {tp / true if true else 1:.4f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
