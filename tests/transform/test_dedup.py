"""Dedup into stories: features, the link rules, keys, order independence, incremental merges."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from flows.transform.article import Article
from flows.transform.dedup import (
    ANCHOR_DICE,
    DedupFeatures,
    StoryIndex,
    anchor_dice,
    article_features,
    content_hash,
    features_many,
    jaccard,
    link_reason,
    story_key,
    story_keys,
)
from flows.transform.dedup_anchors import anchors, cited_sources, is_digest, name_key

PAIRS_DIR = Path(__file__).resolve().parent.parent / "data" / "dedup_pairs"
GOV = "https://www.gov.kz/memleket/entities/mfa/press/news/details/1180001"


def labelled() -> list[Article]:
    lines = (PAIRS_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [Article.from_record(json.loads(line)) for line in lines]


def by_id(articles: list[Article]) -> dict[str, Article]:
    return {a.id: a for a in articles}


def art(
    aid: str,
    body: str,
    *,
    url: str | None = None,
    lang: str = "ru",
    source: str = "test",
    day: date | None = date(2026, 3, 2),
) -> Article:
    return Article(aid, source, url, lang, "", day, body)


def partition(keys: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for aid, key in keys.items():
        groups.setdefault(key, set()).add(aid)
    return {frozenset(g) for g in groups.values()}


# --- text ------------------------------------------------------------------------------------


def test_content_hash_ignores_typography_case_and_urls() -> None:
    a = "Министр провел встречу «в Риге» — 10 февраля.\nПодробнее: https://example.com/x"
    b = 'министр  провел встречу "в риге" - 10 февраля. подробнее:'
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(a.replace("Риге", "Вене"))
    assert len(content_hash(a)) == 64


# --- anchors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("Кошербаев", "Қошербаев", "Kosherbayev", "Кошербаевым", "Қошербаевтың"),
        ("Ильясов", "Ilyassov", "Ильясовым", "Ильясову"),
        ("Рига", "Риге", "Riga's", "Ригада", "Ригадағы"),
        ("Латвия", "Латвии", "Latvia", "Латвиядағы"),
        ("Лиепиньш", "Liepiņš", "Лиепиньшем"),
        ("Токио", "Tokyo", "Токиода"),
        ("Марсела", "Marcela"),
    ],
)
def test_name_key_matches_across_scripts_and_cases(forms: tuple[str, ...]) -> None:
    assert len({name_key(f) for f in forms}) == 1


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Вентспилс") != name_key("Рига")
    assert name_key("Кулкарни") != name_key("Сагындыков")


def test_anchors_numbers_and_dates_survive_translation() -> None:
    ru = anchors("Товарооборот составил 1,2 млрд долларов, поставлено 5 тысяч тонн 10 февраля.")
    en = anchors("Trade reached $1.2 billion; 5,000 tonnes were delivered on February 10.")
    kk = anchors("Тауар айналымы 1,2 млрд доллар болды, 10 ақпанда 5 мың тонна жеткізілді.")
    for expected in ("#1.2e+09", "#5000", "d:02-10"):
        assert expected in ru
        assert expected in en
        assert expected in kk


def test_anchors_skip_sentence_starts_acronyms_and_stop_words() -> None:
    found = anchors(
        "Стороны обсудили сотрудничество с ООН. Посол Казахстана Ержан Байсалов встретился "
        "с Э.Лиепиньшем. Е.Байсалов отметил рост."
    )
    assert name_key("Стороны") not in found  # opens a sentence
    assert name_key("ООН") not in found  # acronym
    assert name_key("Казахстана") not in found  # stop word
    assert {name_key("Ержан"), name_key("Байсалов"), name_key("Лиепиньш")} <= found


def test_anchors_drop_english_title_case_institutions() -> None:
    found = anchors(
        "The ambassador spoke at the International North – South Transport Corridor forum and "
        "met Assistant Secretary General of the Organization of American States Marcela Duarte."
    )
    assert name_key("Transport") not in found
    assert name_key("Corridor") not in found
    assert {name_key("Marcela"), name_key("Duarte")} <= found


def test_common_nouns_written_in_lower_case_too_are_not_names() -> None:
    found = anchors("He presented Space research. Work on space debris continues in Vienna.")
    assert name_key("Space") not in found
    assert name_key("Vienna") in found


def test_cited_sources() -> None:
    body = f"Text of the release.\nSource : {GOV}?lang=kk"
    assert cited_sources(body) == ("gov.kz:1180001",)
    assert cited_sources("Источник: https://www.kt.kz/rus/x_1.html?utm_source=a") == (
        "https://www.kt.kz/rus/x_1.html",
    )
    assert cited_sources("No source line, just https://www.gov.kz/ in the text.") == ()


def test_is_digest() -> None:
    digest = (
        "Казахстанские дипломаты провели ряд встреч за рубежом.\nВ частности, посол ...\n"
        "Между тем посол ..."
    )
    assert is_digest(digest)
    assert is_digest("Intro.\nIn particular, the ambassador met X.\nMeanwhile, the envoy met Y.")
    assert not is_digest("Посол встретился с министром.\nВ частности, стороны обсудили транзит.")


# --- features --------------------------------------------------------------------------------


def test_features_round_trip_through_json() -> None:
    arts = by_id(labelled())
    for aid in ("s01-enbek-en", "s06-kt-ru-digest", "s09-gov-kk"):
        feats = article_features(arts[aid])
        assert DedupFeatures.from_json(feats.to_json()) == feats
    record = json.loads(article_features(arts["s01-gov-ru"]).to_json())
    assert record["version"] == 1
    assert len(record["minhash"]) > 600  # 128 x uint32, base64


def test_features_fields() -> None:
    feats = article_features(by_id(labelled())["s01-enbek-en"])
    assert feats.canonical_url == "https://enbekshiqazaq.kz/en/news/28811"
    assert feats.translation_group is None
    assert feats.cites == ("gov.kz:1170101",)
    assert not feats.official
    assert feats.published == "2026-02-10"
    assert len(feats.signature()) == 128
    gov = article_features(by_id(labelled())["s01-gov-en"])
    assert gov.official
    assert gov.translation_group == "gov.kz:1170101"
    assert gov.canonical_url is not None and "utm_source" not in gov.canonical_url


def test_features_of_an_old_version_are_refused() -> None:
    record = json.loads(article_features(by_id(labelled())["s01-gov-ru"]).to_json())
    record["version"] = 0
    with pytest.raises(ValueError, match="version"):
        DedupFeatures.from_json(json.dumps(record))


def test_short_text_has_no_signature() -> None:
    feats = article_features(art("a", "Короткий текст."))
    assert feats.minhash == b""
    assert jaccard(feats, feats) == 0.0


def test_features_many_equals_one_by_one() -> None:
    arts = labelled()[:8]
    assert features_many(arts) == [article_features(a) for a in arts]


# --- link rules ------------------------------------------------------------------------------


def _feats(*arts: Article) -> list[DedupFeatures]:
    return features_many(list(arts))


def test_link_by_translation_group_and_url() -> None:
    a, b, c = _feats(
        art("a", "Один текст.", url=f"{GOV}?lang=ru"),
        art("b", "Another text entirely.", url=f"{GOV}?lang=en", lang="en"),
        art("c", "Другой текст.", url="http://gov.kz/memleket/entities/mfa/press/news/details/1180001/?lang=ru&utm_source=x"),
    )  # fmt: skip
    assert link_reason(a, b) == "translation_group"
    assert link_reason(a, c) == "translation_group"


def test_link_by_source_line_but_not_for_several_sources() -> None:
    body = "A release text that is long enough to be an article of its own in English."
    gov, copy, digest = _feats(
        art("g", "Текст релиза на казахском языке.", url=f"{GOV}?lang=kk", lang="kk"),
        art("c", body + f"\nSource : {GOV}?lang=kk", lang="en"),
        art("d", body + f"\nSource : {GOV}?lang=kk\nSource : {GOV[:-1]}2?lang=kk", lang="en"),
    )
    assert link_reason(copy, gov) == "source_link"
    assert link_reason(gov, copy) == "source_link"
    assert link_reason(digest, gov) is None


def test_exact_needs_enough_words() -> None:
    long = " ".join(f"слово{i}" for i in range(30))
    a, b, c, d = _feats(
        art("a", long), art("b", long.upper()), art("c", "Фото: МИД РК"), art("d", "фото мид рк")
    )
    assert link_reason(a, b) == "exact"
    assert link_reason(c, d) is None


def test_reprint_is_near_duplicate() -> None:
    arts = by_id(labelled())
    a, b = _feats(arts["s02-gov-ru"], arts["s02-kt-ru"])
    assert link_reason(a, b) in {"near_duplicate", "anchors"}
    assert jaccard(a, b) >= 0.5


def test_translation_between_outlets_links_by_anchors() -> None:
    arts = by_id(labelled())
    en, ru, kk = _feats(arts["s05-kt-en"], arts["s05-kazpravda-ru"], arts["s05-elkz-kk"])
    assert link_reason(en, ru) == "anchors"
    assert link_reason(ru, kk) == "anchors"
    assert link_reason(kk, en) == "anchors"


def test_anchor_link_needs_the_date_window() -> None:
    arts = by_id(labelled())
    en, ru = _feats(arts["s05-kt-en"], arts["s05-kazpravda-ru"])
    late = replace(ru, published="2026-03-01")
    late.__dict__.pop("day", None)
    assert anchor_dice(en, late) >= ANCHOR_DICE
    assert link_reason(en, late) is None


def test_digest_is_not_its_single_release() -> None:
    arts = by_id(labelled())
    digest, single, digest_en = _feats(
        arts["s06-kt-ru-digest"], arts["s01-kt-ru"], arts["s06-kt-en-digest"]
    )
    assert digest.digest and digest_en.digest and not single.digest
    assert link_reason(digest, single) is None
    assert link_reason(digest, digest_en) == "anchors"


def test_two_govkz_releases_never_link_by_anchors() -> None:
    arts = by_id(labelled())
    a, b = _feats(arts["s16-gov-en"], arts["s17-gov-en"])
    assert link_reason(a, b) is None


# --- story keys ------------------------------------------------------------------------------


def test_story_key_is_the_govkz_origin() -> None:
    arts = by_id(labelled())
    keys = story_keys([arts["s01-kt-ru"], arts["s01-gov-kk"], arts["s01-qazinform-en"]])
    expected = "st-" + hashlib.sha256(b"gov.kz:1170101").hexdigest()[:16]
    assert set(keys.values()) == {expected}


def test_story_key_without_govkz_is_the_earliest_article() -> None:
    arts = by_id(labelled())
    keys = story_keys([arts["s05-elkz-kk"], arts["s05-kt-en"], arts["s05-kazpravda-ru"]])
    origin = article_features(arts["s05-kt-en"]).canonical_url  # published first
    assert origin is not None
    assert set(keys.values()) == {"st-" + hashlib.sha256(origin.encode()).hexdigest()[:16]}
    assert story_key(features_many([arts["s05-kt-en"]])) in keys.values()


def test_duplicate_ids_are_refused() -> None:
    a = labelled()[0]
    with pytest.raises(ValueError, match="duplicate"):
        story_keys([a, a])


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_shuffled_input_gives_the_same_keys(seed: int) -> None:
    arts = labelled()
    reference = story_keys(arts)
    shuffled = arts[:]
    random.Random(seed).shuffle(shuffled)
    assert story_keys(shuffled) == reference


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_batches_in_any_order_give_the_batch_result(seed: int) -> None:
    arts = labelled()
    reference = story_keys(arts)
    rng = random.Random(seed)
    order = arts[:]
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, len(order)), 4))
    batches = [order[i:j] for i, j in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    index = StoryIndex()
    current: dict[str, str] = {}
    for batch in batches:
        current.update(
            index.assign([(a.id, f) for a, f in zip(batch, features_many(batch), strict=True)])
        )
    assert current == reference


def test_index_rebuilt_from_stored_features_gives_the_batch_result() -> None:
    arts = labelled()
    reference = story_keys(arts)
    order = arts[:]
    random.Random(7).shuffle(order)
    first, second = order[:40], order[40:]
    stored_keys = story_keys(first)
    stored = {a.id: f.to_json() for a, f in zip(first, features_many(first), strict=True)}
    index = StoryIndex()  # a new process: only the stored rows, no texts
    for aid, text in stored.items():
        index.add_existing(aid, stored_keys[aid], DedupFeatures.from_json(text))
    changed = index.assign([(a.id, f) for a, f in zip(second, features_many(second), strict=True)])
    final = {**stored_keys, **changed}
    assert partition(final) == partition(reference)
    assert final == reference


def test_new_article_merging_two_stored_stories() -> None:
    arts = by_id(labelled())
    index = StoryIndex()
    index.add_existing("s01-qazinform-en", "old-A", article_features(arts["s01-qazinform-en"]))
    index.add_existing("s01-kt-ru", "old-B", article_features(arts["s01-kt-ru"]))
    changed = index.assign([("s01-gov-ru", article_features(arts["s01-gov-ru"]))])
    gov_key = "st-" + hashlib.sha256(b"gov.kz:1170101").hexdigest()[:16]
    assert changed == {"s01-gov-ru": gov_key, "s01-qazinform-en": gov_key, "s01-kt-ru": gov_key}
    assert index.story_of("s01-kt-ru") == gov_key


def test_origin_arriving_later_moves_the_key_and_reports_it() -> None:
    arts = by_id(labelled())
    index = StoryIndex()
    first = index.assign([("s04-tengri-ru", article_features(arts["s04-tengri-ru"]))])
    second = index.assign([("s04-gov-kk", article_features(arts["s04-gov-kk"]))])
    assert first["s04-tengri-ru"] != second["s04-gov-kk"]
    assert second == {"s04-gov-kk": second["s04-gov-kk"], "s04-tengri-ru": second["s04-gov-kk"]}
    third = index.assign([("s04-gov-ru", article_features(arts["s04-gov-ru"]))])
    assert third == {"s04-gov-ru": second["s04-gov-kk"]}  # a reprint or version: no move


def test_an_id_cannot_be_indexed_twice() -> None:
    a = labelled()[0]
    index = StoryIndex()
    index.assign([(a.id, article_features(a))])
    with pytest.raises(ValueError, match="already"):
        index.assign([(a.id, article_features(a))])
