"""Event type and status from the words of a sentence, in ru, kk and en.

A sentence names its event with a verb ("встретился", "met with", "кездесті") or a noun
("бизнес-конференция", "exhibition", "көрме"). Nouns that only set the scene ("в рамках сессии",
"on the sidelines of the forum", "форум аясында") do not type the event the sentence reports,
unless nothing else does. Participation ("принял участие в сессии", "took part in the forum")
takes the type of what was attended.

Status is the tense of what reports the event, not of every word: "состоится", "will visit",
"барады" make an event announced; "the upcoming referendum" inside a past-tense report does not.
Speech verbs ("сообщил", "noted", "атап өтті") are ignored for tense: they report, they are not
the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MEETING = "meeting"
PHONE = "phone_call"
VISIT = "visit"
MULTI = "multilateral"
CONF = "conference"
BRIEF = "briefing"
CULT = "cultural"
SUMMONS = "summons"
OTHER = "other"

HELD = "held"
ANNOUNCED = "announced"

PAST = "past"
FUTURE = "future"
NONE = "none"

VERB = "verb"  # names the event and its tense ("встретился")
NOUN = "noun"  # names the event ("форум")


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    type: str
    kind: str  # verb | noun
    tense: str  # past | future | none (nouns carry none)
    setting: bool  # a scene-setting noun ("в рамках форума")
    generic: bool  # a summary ("ряд встреч", "a series of meetings")
    plural: bool  # "провел встречи", "held meetings": possibly one event per counterpart
    text: str


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_W = r"[\w\-]"
_GAP = rf"(?:{_W}+[\s,]+){{0,4}}?"  # up to four words between a verb and its noun

# (pattern, type, kind, tense); a noun pattern's type is what the noun names.
_RU: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    # summons
    (_c(r"\b(?:вызван|приглашен|приглашён)[аоы]?\s+в\s+(?:МИД|министерство)"), SUMMONS, VERB, PAST),
    (
        _c(r"\bнот[аыуе]\s+протеста\b|\bдемарш\w*|\bвыразил[аи]?\s+(?:решительный\s+)?протест"),
        SUMMONS,
        NOUN,
        NONE,
    ),
    # phone / video calls
    (_c(r"\bпровел[аи]?\s+телефонн\w+\s+(?:разговор|переговор|бесед)\w*"), PHONE, VERB, PAST),
    (_c(r"\bтелефонн\w+\s+(?:разговор|переговор|беседы|беседа|беседу)\w*"), PHONE, NOUN, NONE),
    (
        _c(r"\bпо\s+телефону\b|\bв\s+режиме\s+видеосвязи\b|\bвидеозвон\w*|\bонлайн-переговор\w*"),
        PHONE,
        NOUN,
        NONE,
    ),
    # meetings
    (_c(r"\bвстретил(?:ся|ась|ись)\b"), MEETING, VERB, PAST),
    (_c(r"\bвстрет(?:ится|ятся)\b"), MEETING, VERB, FUTURE),
    (
        _c(r"\bпровел(?:а|и)?\s+(?:[\w\-]+\s+){0,2}?(?:встреч[иу]|переговоры|беседу)\b"),
        MEETING,
        VERB,
        PAST,
    ),
    (
        _c(r"\bпровед(?:ет|ут)\s+(?:[\w\-]+\s+){0,2}?(?:встреч[иу]|переговоры|беседу)\b"),
        MEETING,
        VERB,
        FUTURE,
    ),
    (_c(r"\bбыл[аи]?\s+принят[аы]?\b"), MEETING, VERB, PAST),
    (
        _c(
            r"\bпринял[аи]?\s+(?!участие)(?=\w*\s*(?:посл|министр|делегаци|замест|глав|генерал|"
            r"предсе|директор|президент|руковод|представ|член|спец|верхов|исполн|секрет|"
            r"временн|советник|группу|генконсул|консул))"
        ),
        MEETING,
        VERB,
        PAST,
    ),
    (
        _c(r"\bвстреч(?:[аиуеыой]\w*)?\b|\bпереговор\w*|\bбесед[аыуеой]\w*|\bаудиенци\w*"),
        MEETING,
        NOUN,
        NONE,
    ),
    (_c(r"\bконсультаци\w*"), MEETING, NOUN, NONE),
    (
        _c(r"\bвручил[аи]?\s+(?:копи[юи]\s+)?верительн\w+\s+грамот|\bверительн\w+\s+грамот"),
        MEETING,
        NOUN,
        NONE,
    ),
    # visits
    (_c(r"\bпосетил[аи]?\b"), VISIT, VERB, PAST),
    (_c(r"\bпосещени\w+"), VISIT, NOUN, NONE),
    (_c(r"\bпосет(?:ит|ят)\b"), VISIT, VERB, FUTURE),
    (_c(r"\bвизит\w*"), VISIT, NOUN, NONE),
    (_c(r"\bпоездк\w+"), VISIT, NOUN, NONE),
    # cultural events named with words of other types ("презентация книги", "Дни кино")
    (
        _c(
            r"\bпрезентаци\w+\s+(?:книг|сборник|роман|альбом|фильм|перевод)\w*"
            r"|\bдн(?:и|ей|ях)\s+(?:\w+\s+){0,2}?(?:кино|культуры|музыки|литературы)\b"
        ),
        CULT,
        NOUN,
        NONE,
    ),
    (_c(r"\bпри[её]м(?:е|а|у|ом|ы)?\b"), OTHER, NOUN, NONE),
    (_c(r"\bКонференци\w+\s+по\s+разоружению"), MULTI, NOUN, NONE),
    (_c(r"\bв\s+формате\b"), MULTI, NOUN, NONE),
    # multilateral
    (
        _c(
            r"\bзаседани\w+|\bсесси[яиюей]\w*|\bсаммит\w*|\bсовещани\w+|\bСМИД\b|\bпленарн\w+"
            r"|\bГенассамбле\w+|\bГенеральн\w+\s+Ассамбле\w+|\bсъезд\w*|\bмежмидовск\w+"
        ),
        MULTI,
        NOUN,
        NONE,
    ),
    # conferences
    (
        _c(
            r"\b(?:бизнес-|научно-практическ\w+\s+)?конференци\w+|\b(?:бизнес-)?форум\w*"
            r"|\bкругл\w+\s+стол\w*|\bсеминар\w*|\bсимпозиум\w*|\bвебинар\w*|\bконгресс\w*"
        ),
        CONF,
        NOUN,
        NONE,
    ),
    # briefings
    (
        _c(r"\bбрифинг\w*|\bпресс-конференци\w+|\bлекци\w+|\bпрезентаци\w+|\bдоклад\w*"),
        BRIEF,
        NOUN,
        NONE,
    ),
    # cultural
    (
        _c(
            r"\bвыстав(?:к\w+|ок)\b|\bфестивал\w+|\bконцерт\w*|\bкинопоказ\w*|\bпоказ\w*\s+фильм\w*"
            r"|\bдн(?:и|ей)\s+(?:казахск\w+\s+)?культуры|\bэкспозици\w+|\bярмарк\w+"
            r"|\bвечер\w*\s+памяти|\bпрезентаци\w+\s+книг\w*|\bспектакл\w+|\bпавильон\w*"
        ),
        CULT,
        NOUN,
        NONE,
    ),
)

_KK: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (_c(r"\bнаразылық\s+нота\w*|\bдемарш\w*"), SUMMONS, NOUN, NONE),
    (_c(r"\bшақырыл(?:ды|ған)\b"), SUMMONS, VERB, PAST),
    (
        _c(r"\bтелефон\s+арқылы\w*|\bтелефондық\s+\w+|\bбейнебайланыс\w*|\bбейнеконференц\w*"),
        PHONE,
        NOUN,
        NONE,
    ),
    (_c(r"\bтелефон\s+арқылы\s+(?:сөйлесті|әңгімелесті|байланысты)"), PHONE, VERB, PAST),
    (
        _c(
            r"\bкездесті\b|\b(?:\w+\s+)?кездесу(?:лер)?\s+өткізді\b|\bкеліссөздер\s+жүргізді\b"
            r"|\bқабылдауында\s+болды\b"
        ),
        MEETING,
        VERB,
        PAST,
    ),
    (_c(r"\bкездесіп\b"), MEETING, VERB, NONE),
    (_c(r"\b(?:\w+\s+)?кино(?:сының)?\s+күндер\w*|\bмәдениет(?:і)?\s+күндер\w*"), CULT, NOUN, NONE),
    (_c(r"\bқабылдау\s+кеш\w*"), OTHER, NOUN, NONE),
    (_c(r"\bкездес(?:еді|пек|етін)\b|\bкездесу\s+өткізеді\b"), MEETING, VERB, FUTURE),
    (_c(r"\bқабылдады\b"), MEETING, VERB, PAST),
    (
        _c(r"\bкездесу\w*|\bкеліссөз\w*|\bәңгімелес\w*|\bсұхбат\w*|\bконсультаци\w*"),
        MEETING,
        NOUN,
        NONE,
    ),
    (_c(r"\bсенім\s+грамота\w*"), MEETING, NOUN, NONE),
    (_c(r"\bсапар\w*|\bбарып\s+қайт\w*"), VISIT, NOUN, NONE),
    (_c(r"\bформатында\w*"), MULTI, NOUN, NONE),
    (_c(r"\bтұсаукесер\w*"), BRIEF, NOUN, NONE),
    (
        _c(
            r"\bотырыс\w*|\bсессия\w*|\bсаммит\w*|\bкеңес\w*\s+отырыс\w*|\bкеңесі\w*|\bБас\s+Ассамблея\w*"
        ),
        MULTI,
        NOUN,
        NONE,
    ),
    (
        _c(
            r"\bконференция\w*|\bфорум\w*|\bдөңгелек\s+үстел\w*|\bсеминар\w*|\bсимпозиум\w*"
            r"|\bвебинар\w*|\bконгресс\w*"
        ),
        CONF,
        NOUN,
        NONE,
    ),
    (
        _c(
            r"\bбрифинг\w*|\bбаспасөз\s+мәслихат\w*|\bдәріс\w*|\bпрезентаци\w*|\bтаныстырылым\w*"
            r"|\bбаяндама\w*"
        ),
        BRIEF,
        NOUN,
        NONE,
    ),
    (
        _c(
            r"\bкөрме\w*|\bфестиваль\w*|\bфестивал\w*|\bконцерт\w*|\bмәдениет\s+күндер\w*"
            r"|\bфильм\w*\s+көрсетілім\w*|\bкөрсетілім\w*|\bжәрмеңке\w*|\bпавильон\w*|\bэкспозиция\w*"
        ),
        CULT,
        NOUN,
        NONE,
    ),
)

_EN: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        _c(
            r"\bsummoned\b|\b(?:was|were)\s+invited\s+to\s+the\s+(?:Ministry|MFA|Foreign\s+Ministry)"
        ),
        SUMMONS,
        VERB,
        PAST,
    ),
    (_c(r"\bnote\s+of\s+protest\b|\bprotest\s+note\b|\bd[ée]marche\b"), SUMMONS, NOUN, NONE),
    (
        _c(
            r"\b(?:tele)?phone\s+(?:call|conversation|talk)s?\b|\bby\s+(?:tele)?phone\b"
            r"|\bvideo\s*(?:call|conference|link)s?\b|\bvideoconference\b"
        ),
        PHONE,
        NOUN,
        NONE,
    ),
    (
        _c(
            r"\b(?:held|had|conducted)\s+(?:a\s+|an\s+)?(?:tele)?phone\s+(?:call|conversation|talk)s?\b"
        ),
        PHONE,
        VERB,
        PAST,
    ),
    (
        _c(
            r"\b(?:held|had|conducted)\s+(?:a\s+|an\s+)?(?:[\w\-]+\s+){0,2}?(?:talks|meeting|"
            r"meetings|conversation|negotiations)\b"
        ),
        MEETING,
        VERB,
        PAST,
    ),
    (_c(r"\bwas\s+received\b|\bwere\s+received\b"), MEETING, VERB, PAST),
    (
        _c(r"\bdays\s+of\s+(?:\w+\s+){0,2}?(?:cinema|film|culture|music|literature)\b"),
        CULT,
        NOUN,
        NONE,
    ),
    (_c(r"\breception\b"), OTHER, NOUN, NONE),
    (_c(r"\bConference\s+on\s+Disarmament\b"), MULTI, NOUN, NONE),
    (_c(r"\b(?:[\w+\-]+\s+)?format\b"), MULTI, NOUN, NONE),
    (_c(r"\bmet\s+with\b|\bmet\b"), MEETING, VERB, PAST),
    (_c(r"\bwill\s+meet\b"), MEETING, VERB, FUTURE),
    (
        _c(
            r"\breceived\b(?=\s+(?:the\s+|a\s+)?(?:[A-Z]\w+\s+){0,4}?(?:ambassador|minister|delegation|"
            r"deputy|head|chair|president|director|secretary|representative|envoy|members?|group|"
            r"consul|adviser|advisor))"
        ),
        MEETING,
        VERB,
        PAST,
    ),
    (
        _c(r"\bmeetings?\b|\btalks\b|\bconversation\b|\baudience\s+with\b|\bconsultations?\b"),
        MEETING,
        NOUN,
        NONE,
    ),
    (_c(r"\bcredentials\b"), MEETING, NOUN, NONE),
    (_c(r"\bvisited\b"), VISIT, VERB, PAST),
    (_c(r"\bwill\s+(?:pay\s+\w+\s+\w*\s*)?visit\b"), VISIT, VERB, FUTURE),
    (_c(r"\bvisits?\b|\btrip\b"), VISIT, NOUN, NONE),
    (
        _c(
            r"\bsession\b|\bsummit\b|\bplenary\b|\bGeneral\s+Assembly\b|\bministerial\b"
            r"|\bCouncil\s+of\s+(?:Foreign\s+)?Ministers\b"
        ),
        MULTI,
        NOUN,
        NONE,
    ),
    (
        _c(
            r"\bconference\b|\bforum\b|\bround\s*-?\s*table\b|\bseminar\b|\bsymposium\b|\bwebinar\b"
            r"|\bcongress\b"
        ),
        CONF,
        NOUN,
        NONE,
    ),
    (_c(r"\bbriefing\b|\bpress\s+conference\b|\blecture\b|\bpresentation\b"), BRIEF, NOUN, NONE),
    (
        _c(
            r"\bexhibition\b|\bexposition\b|\bfestival\b|\bconcert\b|\bscreening\b|\bfair\b"
            r"|\bdays\s+of\s+(?:\w+\s+)?culture\b|\bpavilion\b|\bbook\s+presentation\b"
        ),
        CULT,
        NOUN,
        NONE,
    ),
)

_TABLES = {"ru": _RU, "kk": _KK, "en": _EN}

# Scene setting: "в рамках сессии", "на полях форума", "on the sidelines of", "аясында".
_SETTING_BEFORE = {
    "ru": _c(
        r"(?:в\s+рамках|на\s+полях|в\s+ходе|во\s+время|по\s+итогам|накануне|после|"
        r"по\s+случаю|в\s+преддверии|в\s+период)\s+(?:[\w\-]+\s+){0,3}$"
    ),
    "en": _c(
        r"(?:within\s+the\s+framework\s+of|on\s+the\s+(?:sidelines|margins)\s+of|during|"
        r"as\s+part\s+of|in\s+the\s+course\s+of|ahead\s+of|following|after|"
        r"in\s+the\s+run-up\s+to)\s+(?:[\w\-']+\s+){0,4}$"
    ),
    "kk": _c(r"$^"),
}
_SETTING_AFTER_KK = _c(
    r"^\S*\s*(?:\S+\s+)?(?:аясында|шеңберінде|барысында|кезінде|алдында|"
    r"кейін|қарсаңында|жиегінде|тұсында)"
)
# Participation: the event is what was attended ("принял участие в сессии").
_PARTICIPATION = {
    "ru": _c(
        r"\b(?:принял[аи]?|принимал[аи]?|примет|примут)\s+участие\b|\bучаствовал[аи]?\b"
        r"|\bвыступил[аи]?\b|\bвыступит\b|\bпредставил[аи]?\b|\bорганизовал[аи]?\b"
        r"|\bпровел[аи]?\b|\bпроведет\b|\bоткрыл[аи]?\b"
    ),
    "en": _c(
        r"\btook\s+part\b|\bparticipated\b|\battended\b|\bwill\s+attend\b|\baddressed\b"
        r"|\bspoke\s+at\b|\bdelivered\b|\bheld\b|\borganized\b|\borganised\b|\bhosted\b"
        r"|\bopened\b|\bpresented\b"
    ),
    "kk": _c(r"\bқатыс\w*"),
}
# Summaries of several events ("провели ряд встреч"): not an event of their own.
_GENERIC = {
    "ru": _c(r"\b(?:ряд|серию|серия|цикл)\s+(?:\w+\s+){0,2}?(?:встреч|мероприятий|переговоров)"),
    "en": _c(
        r"\b(?:a\s+)?(?:series|number|round)\s+of\s+(?:\w+\s+){0,2}?(?:meetings|events|talks)"
    ),
    "kk": _c(r"\bбірқатар\s+(?:\w+\s+){0,2}?(?:кездесу|іс-шара)\w*|\bкездесулер\s+сериясы"),
}
_PLURAL_NOUN = _c(
    r"\bвстречи\b|\bвстреч\b|\bтелефонные\s+разговоры\b|\bmeetings\b|\bcalls\b|\bкездесулер\w*"
)

# ---- tense ------------------------------------------------------------------------------------
_SPEECH_RU = _c(
    r"^(?:сообщ|отмет|подчеркн|заяв|рассказ|информир|проинформир|выразил|выразив|поблагодар|"
    r"пригласил|напомн|добав|указал|передал|пояснил|констатир|приветствовал)"
)
_FUTURE_RU = _c(
    r"\bсостоится\b|\bсостоятся\b|\bпройд[её]т\b|\bпройдут\b|\bбудет\b|\bбудут\b|\bпланируется\b"
    r"|\bзапланирован\w*|\bнамечен\w*|\bожидается\b|\bпредстоит\b|\bнамерен\w*|\bпроведет\b"
    r"|\bпроведут\b|\bпримет\b|\bпримут\b|\bпосетит\b|\bпосетят\b|\bотправится\b|\bприбудет\b"
    r"|\bдоговорились\s+провести\b"
)
_PAST_RU = _c(
    r"\bсостоял(?:ся|ась|ись|ось)\b|\bпрош(?:[её]л|ла|ли|ло)\b|\bпровел[аи]?\b|\bприбыл[аи]?\b"
    r"|\bпринял[аи]?\b|\bприняли\b|\bпосетил[аи]?\b|\bвстретил(?:ся|ась|ись)\b|\bобсудил[аи]?\b"
    r"|\bоткрыл[аи]?с[ья]\b|\bорганизова\w*|\bучаствовал[аи]?\b|\bвыступил[аи]?\b|\bвручил[аи]?\b"
    r"|\bбыл[аио]?\b|\bпредставил[аи]?\b|\bобменял\w*|\bрассмотрел[аи]?\b|\bподписал[аи]?\b"
)
_FUTURE_EN = _c(
    r"\b(?:agreed|decided)\s+to\s+hold\b|\bwill\b|\bshall\b|\b(?:is|are)\s+(?:scheduled|expected|set|due|planned|going)\s+to\b"
    r"|\bto\s+be\s+held\b|\bplans?\s+to\b|\bis\s+to\b|\bare\s+to\b"
)
_PAST_EN = _c(
    r"\bmet\b|\bheld\b|\btook\s+place\b|\bvisited\b|\battended\b|\btook\s+part\b|\bparticipated\b"
    r"|\bdiscussed\b|\breceived\b|\bopened\b|\bhosted\b|\bwas\b|\bwere\b|\bdelivered\b|\bpaid\b"
    r"|\bsummoned\b|\bpresented\b|\borgani[sz]ed\b|\bsigned\b|\bspoke\b|\bexchanged\b"
)
_EN_SPEECH_BEFORE_WILL = _c(
    r"\b(?:noted|said|stated|stressed|emphasized|emphasised|informed|announced|added|"
    r"underlined|reported|expressed|confirmed|recalled|pointed\s+out)\b[^.]*\bwill\b"
)
# Kazakh: the sentence's last verb carries the tense (SOV); stems that end in a vowel take
# -ды for the past ("талқылады"), consonant stems take -ады/-еді for the future ("барады").
# Kazakh: the sentence's last verb carries the tense (SOV). "-ады/-еді" is a future after a
# consonant stem ("барады") but a past after a vowel stem ("сөйледі", "талқылады"), so the
# future is read from a list of the forms releases use and from unambiguous endings.
_KK_FUTURE = _c(
    r"(?:\b(?:барады|келеді|өтеді|қатысады|кездеседі|жүргізеді|өткізеді|болады|басталады|"
    r"ашылады|жалғасады|ұйымдастырады|тапсырады|ұсынады|қарастырады|өткізіледі|"
    r"ұйымдастырылады|жүргізіледі|қаралады)"
    r"|\w+(?:йды|йді)|\w+(?:нады|неді)|\w+(?:мақ|мек|бақ|бек|пақ|пек)"
    r"|\w+(?:уда|уде)|жоспарланып\s+отыр)\b"
)
_KK_PAST = _c(r"\w+(?:ды|ді|ты|ті)\b|\bболды\b|\w+(?:ған|ген|қан|кен)\s+болатын\b")
_KK_SPEECH = _c(
    r"(?:атап\s+өтті|атап\s+көрсетті|айтты|мәлімдеді|хабарлады|жеткізді|деді|"
    r"білдірді|ұсынды|тоқталды|мән\s+берді)$"
)

SUMMARY_REACH = 12  # a verb trigger this far before "a number of meetings" is the summary's
PARTICIPATION_REACH = 120  # characters after "took part in" in which the attended thing is named
_FORMAT_RE = _c(r"формат|format")
_ATTENDED_PRIORITY = (CULT, CONF, MULTI, BRIEF, OTHER)
_TYPE_PRIORITY = (SUMMONS, PHONE, CULT, BRIEF, CONF, MULTI, VISIT, MEETING, OTHER)


def find_triggers(text: str, lang: str) -> list[Trigger]:
    """Every event word in a sentence, in order, with its type and scene-setting flag."""
    table = _TABLES.get(lang, _RU)
    found: list[Trigger] = []
    for pattern, etype, kind, tense in table:
        for m in pattern.finditer(text):
            if any(t.start <= m.start() < t.end for t in found):
                continue
            setting = _is_setting(text, m.start(), m.end(), lang) and kind == NOUN
            found.append(
                Trigger(
                    m.start(), m.end(), etype, kind, tense, setting,
                    generic=_is_generic(text, m.start(), lang),
                    plural=bool(_PLURAL_NOUN.fullmatch(m.group().split()[-1]))
                    or _plural_verb_object(text, m.end(), lang),
                    text=m.group(),
                )
            )  # fmt: skip
    found.sort(key=lambda t: t.start)
    return found


def _is_setting(text: str, start: int, end: int, lang: str) -> bool:
    """A scene-setting noun, unless someone takes part in it ("выступит в ходе прений ...")."""
    if lang == "kk":
        return bool(_SETTING_AFTER_KK.match(text[end:]))
    pattern = _SETTING_BEFORE.get(lang)
    if pattern is None:
        return False
    m = pattern.search(text[max(0, start - 80) : start])
    if m is None:
        return False
    setting_start = max(0, start - 80) + m.start()
    participation = _PARTICIPATION.get(lang)
    before = text[max(0, setting_start - 40) : setting_start]
    return not (participation and re.search(participation.pattern + r"\s*$", before, re.I))


def _is_generic(text: str, start: int, lang: str) -> bool:
    pattern = _GENERIC.get(lang)
    if pattern is None:
        return False
    # the trigger may begin before the summary phrase ("held a number of meetings")
    return any(m.start() - SUMMARY_REACH <= start <= m.end() for m in pattern.finditer(text))


def _plural_verb_object(text: str, end: int, lang: str) -> bool:
    """ "провел встречи", "held meetings": the noun after the verb is plural."""
    return bool(_PLURAL_NOUN.match(text[end : end + 30].strip()))


def main_triggers(triggers: list[Trigger]) -> list[Trigger]:
    """The triggers that report an event (not scene-setting, not summaries)."""
    return [t for t in triggers if not t.setting and not t.generic]


def event_type(text: str, triggers: list[Trigger], lang: str) -> str:
    """The type of the event a sentence reports."""
    main = main_triggers(triggers) or [t for t in triggers if not t.generic] or triggers
    if not main:
        return OTHER
    participation = _PARTICIPATION.get(lang)
    if participation is not None:
        # "принял участие в сессии", "took part in the forum", "форумға қатысты": the noun after
        # (ru, en) or before (kk) the participation verb types the event.
        for m in participation.finditer(text):
            if lang == "kk":
                nouns = [t for t in main if t.kind == NOUN and t.end <= m.start()]
                if nouns:
                    return nouns[-1].type
            else:
                nouns = [t for t in main if t.kind == NOUN and t.start >= m.end()]
                nouns = [t for t in nouns if t.start - m.end() < PARTICIPATION_REACH]
                if nouns and not any(t.kind == VERB and t.type != VISIT for t in main):
                    # "took part in a meeting of the Council of Foreign Ministers": the body
                    # met, so the most specific type among the nouns of the object wins
                    types = {t.type for t in nouns}
                    for etype in _ATTENDED_PRIORITY:
                        if etype in types:
                            return etype  # a speech at a forum makes the forum the event
                    return nouns[0].type
    verbs = [t for t in main if t.kind == VERB]
    types = {t.type for t in main}
    if any(_FORMAT_RE.search(t.text) for t in main):
        return MULTI  # "met in the C5+1 format", "в формате «Центральная Азия – ЕС»"
    if PHONE in types and (MEETING in types or not verbs):
        return PHONE
    if SUMMONS in types:
        return SUMMONS
    if verbs:
        # "посетил университет, где провел встречу": the meeting is the event
        for etype in (PHONE, MEETING):
            if any(v.type == etype for v in verbs):
                return etype
        return verbs[0].type
    for etype in _TYPE_PRIORITY:
        if etype in types and etype not in (VISIT, MEETING):
            return etype
    return VISIT if VISIT in types else main[0].type


def event_status(text: str, triggers: list[Trigger], lang: str) -> str:
    """held or announced, from the tense of what reports the event."""
    main = main_triggers(triggers)
    verbs = [t for t in main if t.kind == VERB and t.tense != NONE]
    if verbs:
        return ANNOUNCED if verbs[0].tense == FUTURE else HELD
    nouns = [t for t in main if t.kind == NOUN]
    if nouns and _future_near(text, nouns[0], lang):
        return ANNOUNCED  # "Days of Culture will be held", "конференции, которая пройдет"
    tense = sentence_tense(text, lang)
    return ANNOUNCED if tense == FUTURE else HELD


_FUTURE_NEAR = {
    "ru": _c(
        r"\b(?:состоится|состоятся|пройд[её]т|пройдут|будет|будут|запланирован\w*|"
        r"намечен\w*|откроется|откроются)\b"
    ),
    "en": _c(
        r"\b(?:will|shall|to\s+be\s+held|(?:is|are)\s+(?:scheduled|set|due|expected)\s+to|"
        r"agreed\s+to\s+hold|decided\s+to\s+hold)\b"
    ),
    "kk": _c(
        r"(?:өтеді|өткізіледі|өтпек|болады|жоспарлануда|ұйымдастырылады|"
        r"\w+(?:атын|етін|йтын|йтін)\b)"
    ),
}
FUTURE_REACH = 60  # characters around an event noun in which a future marker makes it announced


def _future_near(text: str, noun: Trigger, lang: str) -> bool:
    pattern = _FUTURE_NEAR.get(lang)
    if pattern is None:
        return False
    window = text[max(0, noun.start - FUTURE_REACH) : noun.end + FUTURE_REACH]
    return bool(pattern.search(window))


def sentence_tense(text: str, lang: str) -> str:
    """past, future or none: the tense of the sentence's reporting verbs (speech verbs aside)."""
    if lang == "en":
        t = _EN_SPEECH_BEFORE_WILL.sub(" ", text)
        fut = _FUTURE_EN.search(t)
        past = _PAST_EN.search(t)
        if fut and (not past or fut.start() < past.start()):
            return FUTURE
        return PAST if past else NONE
    if lang == "kk":
        return _kk_tense(text)
    words = re.findall(r"[\w\-]+", text)
    content = [w for w in words if not _SPEECH_RU.match(w)]
    joined = " ".join(content)
    fut = _FUTURE_RU.search(joined)
    past = _PAST_RU.search(joined)
    if fut and not past:
        return FUTURE
    if past:
        return PAST
    return NONE


def _kk_tense(text: str) -> str:
    body = re.sub(r"[\"»«.!?;:\s]+$", "", text)
    body = _KK_SPEECH.sub("", body).rstrip(" ,")
    tail = " ".join(body.split()[-3:])
    if _KK_FUTURE.search(tail):
        return FUTURE
    if _KK_PAST.search(tail):
        return PAST
    return NONE
