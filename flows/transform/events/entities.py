"""People in a sentence: their nominative names, positions, and which side they are on.

Russian names come from natasha's NER; Kazakh and English have no NER here, so names are
capitalized word runs that are not role words, places or organizations ("Deputy Foreign
Minister Alibek Bakayev" -> "Alibek Bakayev"; "Байба Бражемен" -> "Байба Браже").

The side (kazakh | counterpart) is read from the person's position phrase: the words before
the name ("посол Казахстана в Латвии Даурен Карипов", "Қазақстанның Латвиядағы елшісі") or an
English apposition after it ("Yerlan Seitzhanov, Ambassador of Kazakhstan to Hungary,"). The
nationality is the country nearest to the name in that phrase that is not a posting ("посол
Латвии в Казахстане" is Latvian). Without a nationality, the grammatical side decides: the
subject of an MFA release is Kazakh, the one met is the counterpart.

People who are only mentioned are not participants: names inside institution names ("институт
имени Василия Фесенкова"), senders of messages ("послание Президента ... Токаева"), relatives.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from flows.transform.events.nlp import RuAnalysis, Token
from flows.transform.lexicon import EN_NON_NAME
from flows.transform.names import (
    ACC,
    DAT,
    GEN,
    INS,
    LOC,
    NOM,
    clean_name,
    is_first_name,
    kk_nominative,
    name_key,
    ru_nominative,
)
from flows.transform.places import ORIGIN, PlaceMention, resolve_place
from flows.transform.places import OTHER as PLACE_OTHER

KAZAKH = "kazakh"
COUNTERPART = "counterpart"


@dataclass(frozen=True)
class Person:
    start: int  # span of the name as written, in the analysed text
    end: int
    surface: str
    name: str  # nominative
    key: str
    position: str | None
    nationality: str | None  # ISO alpha-2 read from the position phrase
    kazakh_marker: bool  # the position phrase says Kazakhstan ("посол Казахстана", "Kazakh")
    foreign_marker: bool  # the position names another country or an international body
    oblique: bool  # not the grammatical subject (instrumental, dative, "with X", -мен...)
    mention_only: bool  # named but not taking part (sender of a message, namesake of a body)


# --------------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------------

_RU_TITLE_RE = re.compile(
    r"^(?:статс-секретар\w*|посл[аоуе]?м?|посол|министр\w*|замминистр\w*|вице-\w+|президент\w*|премьер\w*|"
    r"председател\w*|сопредседател\w*|секретар\w*|генсек\w*|директор\w*|глав\w*|руководител\w*|"
    r"представител\w*|постпред\w*|генконсул\w*|консул\w*|советник\w*|посланник\w*|"
    r"поверенн\w*|спикер\w*|депутат\w*|сенатор\w*|губернатор\w*|мэр\w*|аким\w*|корол\w*|"
    r"принц\w*|эмир\w*|шейх\w*|султан\w*|канцлер\w*|ректор\w*|заместител\w*|помощник\w*|"
    r"атташе|член\w*|комиссар\w*|уполномоченн\w*|спецпредставител\w*|управляющ\w*|"
    r"начальник\w*|заведующ\w*|основател\w*|архитектор\w*|художни\w*|профессор\w*|"
    r"исследовател\w*|эксперт\w*|учен\w*|доктор\w*|сотрудник\w*|дипломат\w*|руководств\w*|"
    r"государственн\w*|генеральн\w*|исполнительн\w*|верховн\w*|чрезвычайн\w*|полномочн\w*|"
    r"постоянн\w*|специальн\w*|первый|первого|первым|временн\w*)$",
    re.IGNORECASE,
)
# The head nouns among the titles: they carry the case a following name agrees with.
_NOUN_M = r"(?:|а|у|ом|е|ы|ов|ам|ами|ах)"  # masculine noun endings
_RU_HEAD_RE = re.compile(
    r"^(?:посол|посл(?:а|у|ом|е|ы|ов|ам|ами|ах)|министр" + _NOUN_M + r"|замминистра|"
    r"президент" + _NOUN_M + r"|премьер-министр" + _NOUN_M + r"|"
    r"(?:со)?председател(?:ь|я|ю|ем|е|и|ей|ям|ями|ях)|секретар(?:ь|я|ю|ем|е|и|ей)|"
    r"генсек" + _NOUN_M + r"|директор" + _NOUN_M + r"|глав(?:а|ы|е|у|ой|ою)|"
    r"руководител(?:ь|я|ю|ем|е|и|ей)|(?:пост)?представител(?:ь|я|ю|ем|е|и|ей)|"
    r"постпред" + _NOUN_M + r"|(?:ген)?консул" + _NOUN_M + r"|советник" + _NOUN_M + r"|"
    r"посланник" + _NOUN_M + r"|поверенн(?:ый|ого|ому|ым|ом)|спикер" + _NOUN_M + r"|"
    r"депутат" + _NOUN_M + r"|сенатор" + _NOUN_M + r"|губернатор" + _NOUN_M + r"|"
    r"мэр" + _NOUN_M + r"|аким" + _NOUN_M + r"|корол(?:ь|я|ю|ем|е)|принц" + _NOUN_M + r"|"
    r"эмир" + _NOUN_M + r"|шейх" + _NOUN_M + r"|султан" + _NOUN_M + r"|"
    r"канцлер" + _NOUN_M + r"|ректор" + _NOUN_M + r"|заместител(?:ь|я|ю|ем|е|и|ей)|"
    r"помощник" + _NOUN_M + r"|член" + _NOUN_M + r"|комиссар" + _NOUN_M + r"|"
    r"спецпредставител(?:ь|я|ю|ем|е|и|ей)|начальник" + _NOUN_M + r"|"
    r"основател(?:ь|я|ю|ем|е|и|ей)|архитектор" + _NOUN_M + r"|"
    r"художни(?:к|ка|ку|ком|ке|ца|цы|це|цей|цу)|профессор" + _NOUN_M + r"|"
    r"исследовател(?:ь|я|ю|ем|е|и|ей)|эксперт" + _NOUN_M + r"|доктор" + _NOUN_M + r"|"
    r"уроженк(?:а|и|е|у|ой)|уроженц(?:а|у|ем|е)|уроженец|"
    r"вице-(?:министр|президент|премьер|спикер)\w*|статс-секретар\w*|"
    r"востоковед" + _NOUN_M + r"|переводчи(?:к|ка|ку|ком|це|ца|цы|цей)|"
    r"режисс[её]р" + _NOUN_M + r"|дипломат" + _NOUN_M + r")$",
    re.IGNORECASE,
)
_RU_KAZAKH_RE = re.compile(r"^(?:казахстанск\w*|отечественн\w*)$", re.IGNORECASE)
_EN_KAZAKH_RE = re.compile(r"^(?:Kazakh|Kazakhstani|Kazakhstan['’]s)$")
_KK_KAZAKH_RE = re.compile(r"^(?:қазақстандық|қазақ|отандық)$", re.IGNORECASE)
# Words that make a name a mention, not a participant, when right before it.
_RU_MENTION_ONLY_RE = re.compile(
    r"(?:имени|им\.|послани\w+|поручени\w+|приветстви\w+|обращени\w+|памяти|"
    r"отца|матери|сына|дочери|супруг\w*|наследи\w+|творчеств\w+|произведени\w+|"
    r"указ\w*|инициатив\w+|от\s+имени|по\s+поручению|в\s+честь|юбиле\w+|сборник\w*|"
    r"книг\w*|роман\w*|поэм\w*|стих\w*|трактат\w*)"
    r"(?P<tail>(?:\s+[\w\-]+){0,8})\s*$",
    re.IGNORECASE,
)
_EN_MENTION_ONLY_RE = re.compile(
    r"(?:named\s+after|message\s+(?:of|from)|on\s+behalf\s+of|instructions?\s+of|"
    r"initiative\s+of|greetings\s+(?:of|from)|memory\s+of|legacy\s+of|works\s+of|father|"
    r"mother|in\s+honou?r\s+of|anniversary\s+of)(?P<tail>(?:\s+[\w\-']+){0,8})\s*$",
    re.IGNORECASE,
)
# After a name: "Әл-Фараби атындағы" (named after), "Президент атынан" (on behalf of); and,
# for a name in the genitive, what is theirs ("Әуезовтың «Абай жолы» романы", "...жолдауы").
_KK_MENTION_ONLY_AFTER_RE = re.compile(r"^\S*\s*(?:атындағы|атынан)", re.IGNORECASE)
_KK_POSSESSED_AFTER_RE = re.compile(
    r"^\s*(?:«[^»]*»\s*)?(?:роман\w*|кітаб\w*|кітап\w*|шығарма\w*|өлең\w*|аударма\w*|"
    r"жинағ\w*|жолдау\w*|тапсырма\w*|құттықтау\w*|сәлем\w*|бастама\w*|мұрасы\w*|"
    r"шығармашылығ\w*|туындылар\w*|еңбектер\w*)",
    re.IGNORECASE,
)

_KK_NON_NAME_RE = re.compile(
    r"^(?:сыртқы|істер|министр\w*|елші\w*|төтенше|өкілетті|президент\w*|премьер\w*|"
    r"төраға\w*|хатшы\w*|бас|басшы\w*|директор\w*|орынбасар\w*|өкіл\w*|консул\w*|кеңесші\w*|"
    r"депутат\w*|сенатор\w*|әкім\w*|республика\w*|корольдіг\w*|федерация\w*|ұйым\w*|"
    r"комитет\w*|комиссия\w*|кеңес\w*|агенттіг\w*|университет\w*|институт\w*|орталығ\w*|"
    r"қауымдастығ\w*|палата\w*|одақ\w*|парламент\w*|мәжіліс\w*|сенат\w*|үкімет\w*|"
    r"министрлі\w*|елшілі\w*|біріккен|ұлттар|мемлекет\w*|халықаралық|ұлттық|вице-\w+|"
    r"тараптар\w*|кездесу\w*|сондай-ақ|сонымен|бұдан|атап|барысында|мемлекеттік|хатшылығ\w*|"
    r"жалпы|азия\w*|еуропа\w*|орталық|экономикалық|жоғары|қазақстан\w*|мырза|ханым|"
    r"ассамблея\w*|саммит\w*|форум\w*|конференция\w*|сессия\w*|көрме\w*|фестивал\w*|"
    r"консулдық\w*|бейбітшілік|ынтымақтастық\w*|даму|банк\w*|қор\w*|компания\w*|"
    r"жиын\w*|отырыс\w*|күн\w*|жыл\w*|қаңтар\w*|ақпан\w*|наурыз\w*|сәуір\w*|мамыр\w*|"
    r"маусым\w*|шілде\w*|тамыз\w*|қыркүйек\w*|қазан\w*|қараша\w*|желтоқсан\w*|іс-шара\w*|"
    r"астана\w*|алматы\w*|ақорда\w*|ақ|орда\w*)$",
    re.IGNORECASE,
)
_KK_TITLE_RE = re.compile(
    r"^(?:министр\w*|елші\w*|президент\w*|премьер\w*|төраға\w*|хатшы\w*|басшы\w*|директор\w*|"
    r"орынбасар\w*|өкіл\w*|консул\w*|кеңесші\w*|депутат\w*|сенатор\w*|әкім\w*|вице-\w+|"
    r"корол\w*|ханзада\w*|әмір\w*|шейх\w*|спикер\w*|ректор\w*|мүше\w*|атташе\w*|"
    r"сенімді\s+уәкіл\w*|уәкіл\w*|мырза|ханым)$",
    re.IGNORECASE,
)
_EN_TITLE_RE = re.compile(
    r"^(?:minister|ambassador|president|prime|secretary|secretary-general|director|"
    r"director-general|head|chairman|chairwoman|chair|chairperson|representative|consul|"
    r"consul-general|adviser|advisor|envoy|speaker|mayor|governor|chancellor|counsellor|"
    r"counselor|attach[ée]|charg[ée]|ceo|chief|rector|professor|member|co-chair|"
    r"undersecretary|under-secretary|assistant|spokesperson|king|queen|prince|princess|emir|"
    r"sheikh|sultan|deputy|vice|mr|mrs|ms|dr|h\.e)\.?$",
    re.IGNORECASE,
)
_NAME_PARTICLES = frozenset(
    {"bin", "ibn", "al", "el", "de", "da", "van", "von", "der", "la", "le", "di", "du", "dos",
     "das", "бин", "ибн", "аль", "ал", "ван", "де", "фон", "да", "дер", "ад", "ас", "ан", "эль"}
)  # fmt: skip
_CAP_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*")
_INITIAL_RE = re.compile(r"^[^\W\d_]\.$")
_APPOSITION_END_RE = re.compile(r",|\s(?:met|held|has|had|was|were|and|who|said|noted)\b")
_EN_SUBJECT_VERBS_RE = re.compile(
    r"\b(?:met|held|received|visited|attended|took|participated|paid|hosted|opened|had|spoke|"
    r"delivered|presented|will|discussed|signed)\b"
)
_EN_OBJECT_BEFORE_RE = re.compile(r"\b(?:with|by|and|received|to|from|of)\s*$", re.IGNORECASE)
_KK_OBJECT_SUFFIX_RE = re.compile(
    r"(?:мен|бен|пен|ға|ге|қа|ке|ны|ні|ды|ді|ты|ті|ның|нің|дың|дің|тың|тің)$", re.IGNORECASE
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?;]\s")
CONTEXT_CHARS = 220  # how far back a position phrase may reach
MAX_NAME_WORDS = 4
MAX_CASE_WALK = 16  # tokens back from a name in which its head noun is looked for


# --------------------------------------------------------------------------------------------
# Russian (natasha)
# --------------------------------------------------------------------------------------------


def ru_people(
    text: str, analysis: RuAnalysis, places: list[PlaceMention], base: int = 0
) -> list[Person]:
    """People in a Russian text from natasha's PER spans; offsets are text offsets + base.

    natasha sometimes swallows a name into a place or organization span ("Центральная Азия
    Жаном-Люком Дюпоном"); a first name that pymorphy knows followed by a capitalized word
    is then taken as a person too.
    """
    out: list[Person] = []
    tokens = analysis.tokens
    spans = [(sp.start, sp.end) for sp in analysis.spans if sp.type == "PER"]
    spans += _missed_names(tokens, spans, places, base)
    spans.sort()
    for start, end in spans:
        toks = [t for t in tokens if start <= t.start and t.end <= end]
        if not toks:
            continue
        words = [t.text for t in toks if t.text not in ("-", "—")]
        if _is_place_run(" ".join(words)):
            continue
        case = _ru_case(tokens, toks)
        nominative = " ".join(ru_nominative(words, case)) if case != NOM else " ".join(words)
        left = _left_context(text, start, analysis)
        position, nat, kz, foreign = _position_facts(left, "", places, start, base, "ru")
        kz, foreign = _with_side(text, start, "ru", kz, foreign)
        mention_only = _mention_only(_RU_MENTION_ONLY_RE, left, "ru")
        out.append(
            Person(
                start=start + base,
                end=end + base,
                surface=text[start:end],
                name=clean_name(nominative),
                key=name_key(nominative),
                position=position,
                nationality=nat,
                kazakh_marker=kz,
                foreign_marker=foreign,
                oblique=case in (INS, DAT, ACC),
                mention_only=mention_only,
            )
        )
    return out


def _missed_names(
    tokens: list[Token], taken: list[tuple[int, int]], places: list[PlaceMention], base: int
) -> list[tuple[int, int]]:
    """Capitalized pairs "first name + word" outside natasha's PER spans."""
    blocked = taken + [(p.start - base, p.end - base) for p in places]
    out: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(tokens):
        if any(s <= a.start < e or s <= b.start < e for s, e in blocked + out):
            continue
        if not (_is_cap_word(a.text) and _is_cap_word(b.text)) or b.start - a.end != 1:
            continue
        if a.pos != "PROPN" and not is_first_name(a.text):
            continue
        if is_first_name(a.text) and not _RU_TITLE_RE.match(b.text.lower()):
            out.append((a.start, b.end))
    return out


def _mention_only(pattern: re.Pattern[str], left: str, lang: str) -> bool:
    """A governor ("имени", "послание", "on behalf of") right before the name's title words.

    Only title words and places may stand between them: in "института имени Василия
    Фесенкова Чингиз Омаров" another name does, so Омаров is no mere mention.
    """
    m = pattern.search(re.sub(r"«[^»]*»|\"[^\"]*\"", " ", left[-160:]))
    if m is None:
        return False
    title_re = _RU_TITLE_RE if lang == "ru" else _EN_TITLE_RE
    for word in m.group("tail").split():
        if not word[:1].isupper():
            continue
        if title_re.match(word.lower()) or resolve_place(word, lang) is not None:
            continue
        if word.lower() in ("главы", "государства", "республики", "head", "state", "of"):
            continue
        return False
    return True


def _ru_case(tokens: list[Token], name_toks: list[Token]) -> str:
    """The case of a name: from the head noun it is in apposition to, or "с" before it.

    A genitive title may be a complement of an outer one ("заместителем исполнительного
    секретаря ЭСКАТО Шомби Шарпом"): the walk goes on to the outer head and takes its case.
    """
    first = tokens.index(name_toks[0])
    if first > 0 and tokens[first - 1].text.lower() in ("с", "со"):
        return INS
    k = first - 1
    steps = 0
    genitive_head = False
    while k >= 0 and steps < MAX_CASE_WALK:
        tok = tokens[k]
        low = tok.text.lower()
        if tok.pos in ("VERB", "AUX") or tok.text in (".", ";", ":", "!", "?"):
            break
        if _RU_HEAD_RE.match(low) and tok.case:
            if tok.case != GEN:
                return str(tok.case)
            genitive_head = True
        elif low in ("с", "со") and genitive_head:
            return INS
        steps += 1
        k -= 1
    if genitive_head:
        return GEN
    own = [t.case for t in name_toks if t.case]
    for case in (INS, GEN, DAT, ACC, LOC):
        if own and own[-1] == case:
            return case
    return NOM


def _left_context(text: str, start: int, analysis: RuAnalysis | None) -> str:
    """The words before a name back to the previous sentence break, person or verb."""
    window = text[max(0, start - CONTEXT_CHARS) : start]
    breaks = list(_SENTENCE_BREAK_RE.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    if analysis is not None:
        w_start = start - len(window)
        cut = w_start
        for span in analysis.spans:
            if span.type == "PER" and w_start <= span.end <= start and span.start < start:
                cut = max(cut, span.end)
        for tok in analysis.tokens:
            if w_start <= tok.start and tok.end <= start and tok.pos in ("VERB", "AUX"):
                cut = max(cut, tok.end)
        window = text[cut:start]
    return window


_CLAUSE_SPLIT_RE = re.compile(
    r",\s*(?:while|whereas|а|тогда\s+как)\s|;\s|[.!?]\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
)
_KZ_SIDE_RE = re.compile(
    r"(?:Kazakh(?:stan['’]s|stani)?\s+(?:delegation|side)|казахстанск\w+\s+(?:делегаци\w+|"
    r"сторон\w+)|делегаци\w+\s+(?:Казахстана|РК)|со\s+стороны\s+(?:Казахстана|РК)|"
    r"Қазақстан\s+(?:делегациясы|тарапы)\w*|қазақстандық\s+(?:делегация|тарап)\w*)",
    re.IGNORECASE,
)
_FOREIGN_SIDE_RE = re.compile(
    r"(?:the\s+[\w.\-]+\s+(?:side|delegation)|со\s+стороны\s+[\w\-]+|"
    r"[\w\-]+\s+(?:делегациясы|тарапы)\w*)",
    re.IGNORECASE,
)
_SIDE_VERB_RE = re.compile(
    r"\b(?:led|headed|represented|возглав\w+|представлял\w*|провел\w*|басқарды|"
    r"бастады|өкілдік\s+етті)\b",
    re.IGNORECASE,
)


def _with_side(text: str, start: int, lang: str, kz: bool, foreign: bool) -> tuple[bool, bool]:
    """ "The Kazakh delegation was led by X, while the U.S. side was represented by Y",
    "Со стороны ЕС заседание провела Y": the side named in the person's own clause."""
    if kz or foreign:
        return kz, foreign
    line_start = text.rfind("\n", 0, start) + 1
    clause = _CLAUSE_SPLIT_RE.split(text[line_start:start])[-1]
    if not _SIDE_VERB_RE.search(clause):
        return kz, foreign
    if _KZ_SIDE_RE.search(clause):
        return True, False
    if _FOREIGN_SIDE_RE.search(clause):
        return False, True
    return kz, foreign


def _position_facts(
    left: str, right: str, places: list[PlaceMention], start: int, base: int, lang: str
) -> tuple[str | None, str | None, bool, bool]:
    """(position text, nationality, kazakh marker, foreign marker) from the phrase around a name."""
    phrase_start = start - len(left)
    position = _position_text(left, lang)
    if right:
        position = position or right.strip(" ,")
    lo, hi = phrase_start + base, start + base
    inside = [p for p in places if lo <= p.start and p.end <= hi]
    if right:
        r_lo = start + base
        inside += [p for p in places if r_lo <= p.start and p.end <= r_lo + len(right) + 40]
    nat_candidates = [p for p in inside if p.kind in (PLACE_OTHER, ORIGIN)]
    nationality: str | None = None
    if nat_candidates:
        before = [p for p in nat_candidates if p.end <= hi]
        after = [p for p in nat_candidates if p.start >= hi]
        genitive = [p for p in before if _KK_GENITIVE_RE.search(p.text)]
        if lang == "en" and after:
            nationality = after[0].country  # "X, Ambassador of Kazakhstan to Hungary"
        elif lang == "kk" and genitive:
            nationality = genitive[-1].country  # "Қазақстанның ... Женева бөлімшесі ... өкілі"
        elif before:
            nationality = before[-1].country  # nearest before the name
        else:
            nationality = nat_candidates[0].country
    words = re.findall(r"[\w'’\-]+", left + " " + right)
    kz_word = any(
        _RU_KAZAKH_RE.match(w) or _EN_KAZAKH_RE.match(w) or _KK_KAZAKH_RE.match(w) for w in words
    )
    kazakh = nationality == "KZ" or (nationality is None and kz_word)
    if kz_word and lang == "en" and nationality not in (None, "KZ"):
        kazakh = _en_adjective_nearest(left, right)
    if nationality is None and not kz_word and _foreign_adjective(left + " " + right, lang):
        nationality = "??"  # a foreign nationality adjective ("чешский", "Latvian", "ресейлік")
    if nationality is None and not kz_word and lang != "en" and _unknown_proper(position or ""):
        nationality = "??"  # "статс-секретарь Министерства экономики ... Баварии"
    foreign = (nationality is not None and nationality != "KZ") or _org_word(left + " " + right)
    if nationality == "??":
        nationality = None
    return position, nationality, kazakh, foreign and not kazakh


_RU_FOREIGN_ADJ_RE = re.compile(
    r"\b(?!казах|казахстан|отечеств|государств|парламент|президент|министер|депутат|"
    r"дипломатич|международ|научн|академич|политическ|экономическ|городск|общественн)"
    r"[а-яё]{3,}(?<!че)(?:ск|цк)(?:ий|ая|ое|ого|ому|им|ом|ой|ую|ие|их|ими)\b"
)
_EN_FOREIGN_ADJ_RE = re.compile(r"\b(?!Kazakh)[A-Z][a-z]+(?:ian|ese|ish|an|i|ch)\b")
_KK_FOREIGN_ADJ_RE = re.compile(r"\b([А-ЯӘҒҚҢӨҰҮҺІа-яәғқңөұүһі]{3,}?)(?:лық|лік|дық|дік|тық|тік)\b")


_INSTITUTION_WORD_RE = re.compile(
    r"^(?:министерств|комитет|агентств|палат|совет|департамент|управлени|служб|университет|"
    r"институт|посольств|генеральн|консульств|представительств|парламент|сенат|мажилис|"
    r"правительств|администраци|академи|фонд|банк|центр|ассоциаци|организаци|союз|федераци|"
    r"республик|королевств|государственн|национальн|международн|верховн|постоянн|чрезвычайн|"
    r"полномочн|президент|премьер|министр|посол|глав|заместител|генеральн|мид|"
    r"министрлі|комитет|агенттіг|палата|кеңес|департамент|қызмет|университет|институт|"
    r"елшілі|консулдығ|өкілдіг|парламент|сенат|мәжіліс|үкімет|әкімдіг|академия|қор|банк|"
    r"орталығ|қауымдастығ|ұйым|одағ|федерация|республика|корольдіг|мемлекеттік|ұлттық|"
    r"халықаралық|жоғарғы|тұрақты|төтенше|өкілетті|сыртқы|істер|бас)",
    re.IGNORECASE,
)


def _unknown_proper(position: str) -> bool:
    """A capitalized word in a position phrase that is no institution word and no Kazakh place."""
    position = re.sub(
        r"(?:имени|им\.|атындағы)\s+(?:[А-ЯЁӘҒҚҢӨҰҮҺІ][\w\-]*\s*){1,3}", " ", position
    )
    words = re.findall(r"[\w\-]+", position)
    for w in words[1:]:
        if not w[:1].isupper() or w.isupper() or _INSTITUTION_WORD_RE.match(w):
            continue
        place = resolve_place(w)
        if place is None or place.country != "KZ":
            return True
    return False


def _foreign_adjective(text: str, lang: str) -> bool:
    """A nationality adjective other than Kazakh in a position phrase."""
    if lang == "ru":
        return bool(_RU_FOREIGN_ADJ_RE.search(text))
    if lang == "en":
        found = (m.group().lower() for m in _EN_FOREIGN_ADJ_RE.finditer(text))
        return any(word not in EN_NON_NAME for word in found)
    for m in _KK_FOREIGN_ADJ_RE.finditer(text):
        place = resolve_place(m.group(1), "kk")
        if place is not None and place.country != "KZ":
            return True
    return False


_KK_GENITIVE_RE = re.compile(r"(?:ның|нің|дың|дің|тың|тің)$", re.IGNORECASE)


def _en_adjective_nearest(left: str, right: str) -> bool:
    """In English, "Kazakh Ambassador to Hungary X": the adjective names the side."""
    text = right if right.strip() else left
    return bool(re.search(r"\bKazakh(?:stani|stan['’]s)?\b", text))


_ORG_WORD_RE = re.compile(
    r"\b(?:ООН|БҰҰ|UN|ОАГ|OAS|ЭСКАТО|ESCAP|ОБСЕ|OSCE|ШОС|SCO|СНГ|CIS|ЕС|EU|НАТО|NATO|ЮНЕСКО|"
    r"UNESCO|МАГАТЭ|IAEA|ВТО|WTO|ВОЗ|WHO|ОИС|OIC|СВМДА|CICA|ОДКБ|CSTO|ЕАЭС|EAEU|ОТГ|OTS|"
    r"ЕҚЫҰ|ШЫҰ|ТМД|ЕО|Организаци\w+|Organi[sz]ation|генеральн\w+\s+секретар\w+|"
    r"Secretary-General|Secretary\s+General)\b"
)


def _org_word(text: str) -> bool:
    return bool(_ORG_WORD_RE.search(text))


def _position_text(left: str, lang: str) -> str | None:
    """The title words before a name ("посол Казахстана в Латвии"), or None."""
    words = list(re.finditer(r"[\w'’\-\.]+", left))
    title_re = {"ru": _RU_TITLE_RE, "kk": _KK_TITLE_RE, "en": _EN_TITLE_RE}[lang]
    for m in words:
        if title_re.match(m.group()):
            text = left[m.start() :].strip(" ,")
            return text or None
    return None


def _is_place_run(text: str) -> bool:
    return resolve_place(text) is not None and len(text.split()) == 1


# --------------------------------------------------------------------------------------------
# Kazakh and English (rules)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


def _words(text: str) -> list[_Word]:
    return [_Word(m.start(), m.end(), m.group()) for m in _CAP_WORD_RE.finditer(text)]


def _is_cap_word(w: str) -> bool:
    letters = [c for c in w if c.isalpha()]
    return len(letters) >= 2 and w[0].isupper() and not all(c.isupper() for c in letters)


BIG_CITY = 1_000_000  # a single word naming a city this big is a place, not a first name


def _is_non_name(word: str, lang: str) -> bool:
    low = word.lower().rstrip(".").replace("’", "'")
    if lang == "en":
        if low in EN_NON_NAME or (low.endswith("'s") and low[:-2] in EN_NON_NAME):
            return True
    elif _KK_NON_NAME_RE.match(low):
        return True
    place = resolve_place(word, lang)
    return place is not None and (place.city is None or place.population >= BIG_CITY)


def _name_runs(
    text: str, lang: str, blocked: list[tuple[int, int]]
) -> list[tuple[int, int, list[str], bool]]:
    """(start, end, words, title_before) for capitalized word runs that look like names.

    A run of capitalized words ("Hungarian Foreign Minister Péter Szijjártó", "Асхат
    Нұрпейісов Транскаспий") is cut into segments at role words, places (`blocked` spans) and
    organization words; each segment of name-shaped words is a candidate. Quoted titles and
    runs that follow an article or "of" ("the Trans-Caspian ... Route", "of Nuclear Weapons")
    are no people.
    """
    words = [w for w in _words(text) if not _inside(w, blocked) and not _in_quotes(text, w.start)]
    runs: list[list[_Word]] = []
    cur: list[_Word] = []
    for w in words:
        joinable = bool(cur) and text[cur[-1].end : w.start] in (" ", "\u00a0")
        is_particle = w.text.lower() in _NAME_PARTICLES or w.text.lower().startswith(
            ("al-", "el-", "аль-", "ал-", "әл-", "ад-", "ас-", "ан-")
        )
        if cur and joinable and (_is_cap_word(w.text) or is_particle):
            cur.append(w)
            continue
        if cur:
            runs.append(cur)
        cur = [w] if _is_cap_word(w.text) else []
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        out.extend(_run_segments(text, run, lang))
    return out


def _inside(w: _Word, spans: list[tuple[int, int]]) -> bool:
    return any(s <= w.start < e for s, e in spans)


def _in_quotes(text: str, pos: int) -> bool:
    """Inside «...» or "..." on the same line (a title, not a person)."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return before.count("«") > before.count("»") or before.count('"') % 2 == 1


def _run_segments(text: str, run: list[_Word], lang: str) -> list[tuple[int, int, list[str], bool]]:
    out = []
    segment: list[_Word] = []
    title_seen = False
    pieces: list[tuple[list[_Word], bool]] = []
    for w in [*run, None]:
        if w is None or _is_non_name(w.text, lang) or _is_honorific(w.text):
            if segment:
                pieces.append((segment, title_seen))
            segment = []
            if w is not None and _is_title(w.text, lang):
                title_seen = True
            continue
        segment.append(w)
    run_before = text[max(0, run[0].start - 12) : run[0].start].lower()
    after_article = bool(re.search(r"\b(?:the|a|an)\s+$", run_before))
    after_of = bool(re.search(r"\b(?:of|for|on|in|at|to)\s+$", run_before)) or bool(
        re.search(r"\b[A-Z][a-z]+\s+and\s+$", text[max(0, run[0].start - 30) : run[0].start])
    )  # "Minister of Tourism and Antiquities Sherif Fathy": the portfolio goes on
    if run_before.endswith("("):
        return []  # "(Filmoteca Española)": a name in brackets glosses a body, not a person
    for seg, titled in pieces:
        while seg and seg[-1].text.lower() in _NAME_PARTICLES:
            seg = seg[:-1]
        if not seg:
            continue
        first_in_run = seg[0] is run[0]
        last_in_run = seg[-1] is run[-1]
        if lang == "en" and not titled:
            if not last_in_run:
                continue  # "Critical Minerals Dialogue": words naming a thing, not a person
            if first_in_run and after_article:
                continue  # "the Great Steppe"
            if first_in_run and after_of and len(seg) < 3:
                continue  # "of Nuclear Weapons"
        if lang == "en" and after_of and len(seg) >= 3:
            # "Minister of Transport Kaspars Ozoliņš", "for Economic Diplomacy Hamid Karimi": a
            # portfolio's words run into the name; the name is the last two words
            seg = seg[-2:]
        seg = _cut_after_surname(seg)
        if len(seg) > MAX_NAME_WORDS:
            seg = seg[-MAX_NAME_WORDS:]
        before = text[max(0, seg[0].start - 40) : seg[0].start]
        title_before = titled or _title_before(before, lang)
        if len(seg) == 1 and not (title_before or _initial_before(before)):
            continue
        out.append((seg[0].start, seg[-1].end, [w.text for w in seg], bool(title_before)))
    return out


_SURNAME_RE = re.compile(
    r"(?:ов|ев|ёв|ова|ева|ин|ина|ын|ына|ұлы|улы|қызы|кызы|баев|бекова?|ov|ev|yev|ova|eva|"
    r"yeva|ina|uly|kyzy)(?:мен|бен|пен|ға|ге|қа|ке|ны|ні|ды|ді|ты|ті|ның|нің|дың|дің|тың|"
    r"тің)?$",
    re.IGNORECASE,
)


def _cut_after_surname(seg: list[_Word]) -> list[_Word]:
    """ "Асхат Нұрпейісов Транскаспий": a name ends at its (Kazakh/Slavic) surname."""
    if len(seg) > 2 and _SURNAME_RE.search(seg[1].text):
        return seg[:2]
    return seg


_HONORIFICS = frozenset(
    {"datuk", "seri", "dato", "tan", "sri", "dame", "sir", "lord", "excellency", "his", "her",
     "mr", "mrs", "ms", "dr", "prof", "h.e", "г-н", "г-жа", "господин", "госпожа", "мырза",
     "ханым"}
)  # fmt: skip


def _is_honorific(word: str) -> bool:
    return word.lower().rstrip(".") in _HONORIFICS


def _is_title(word: str, lang: str) -> bool:
    return bool((_EN_TITLE_RE if lang == "en" else _KK_TITLE_RE).match(word.lower()))


def _title_before(before: str, lang: str) -> bool:
    last = re.findall(r"[\w'’\-\.]+", before)[-1:] or [""]
    return _is_title(last[0], lang)


def _initial_before(before: str) -> bool:
    return bool(re.search(r"(?:^|\s)[^\W\d_]\.\s?$", before))


def rule_people(text: str, lang: str, places: list[PlaceMention], base: int = 0) -> list[Person]:
    """People in a Kazakh or English text, by capitalized runs next to their titles."""
    out: list[Person] = []
    blocked = [(p.start - base, p.end - base) for p in places]
    prev_end = 0
    for start, end, words, _titled in _name_runs(text, lang, blocked):
        surface = text[start:end]
        if lang == "kk":
            words = kk_nominative(words)
        name = clean_name(" ".join(words))
        left = _left_context(text, start, None)
        if start - len(left) < prev_end:
            left = text[prev_end:start]  # the previous person's name ends this one's phrase
        uncut = left
        if lang == "en":
            left = _cut_after_previous_name(left, lang)
        prev_end = end
        right = _apposition(text, end) if lang == "en" else ""
        position, nat, kz, foreign = _position_facts(left, right, places, start, base, lang)
        kz, foreign = _with_side(text, start, lang, kz, foreign)
        if lang == "en":
            mention_only = _mention_only(_EN_MENTION_ONLY_RE, left, "en")
            oblique = bool(_EN_OBJECT_BEFORE_RE.search(_strip_titles_en(uncut)))
        else:
            mention_only = bool(_KK_MENTION_ONLY_AFTER_RE.match(text[end:])) or bool(
                _KK_GENITIVE_RE.search(surface) and _KK_POSSESSED_AFTER_RE.match(text[end:])
            )
            oblique = bool(_KK_OBJECT_SUFFIX_RE.search(surface)) and surface != name
        out.append(
            Person(
                start=start + base,
                end=end + base,
                surface=surface,
                name=name,
                key=name_key(name),
                position=position,
                nationality=nat,
                kazakh_marker=kz,
                foreign_marker=foreign,
                oblique=oblique,
                mention_only=mention_only,
            )
        )
    return out


def _cut_after_previous_name(left: str, lang: str) -> str:
    """Keep only what follows the last verb or conjunction joining two people."""
    pattern = (
        r"^.*\b(?:met|with|received|held|by)\b\s*"
        if lang == "en"
        else r"^.*(?:\s(?:және|мен|бен|пен)\s|[а-яәғқңөұүһі](?:мен|бен|пен)\s)"
    )
    m = re.match(pattern, left, re.IGNORECASE | re.DOTALL)
    if m and lang == "en":
        # "met with Hungarian Foreign Minister X": the words after "with" are X's position
        return left[m.end() :]
    if m:
        return left[m.end() :]
    return left


def _strip_titles_en(left: str) -> str:
    """Drop the capitalized title words right before a name: "with Foreign Minister" -> "with"."""
    words = left.rstrip().split(" ")
    while words and words[-1][:1].isupper():
        word = words[-1].strip(",")
        if not (_is_non_name(word, "en") or _is_title(word, "en")):
            break
        words.pop()
    return " ".join(words)


_REPORTING_RE = re.compile(
    r"\b(?:reported|reports|announced|said|cites|citing|according|informed|learnt|learned)\b",
    re.IGNORECASE,
)


def _apposition(text: str, end: int) -> str:
    """English ", Minister of Foreign Affairs of Hungary," after a name, or ""."""
    rest = text[end : end + 160]
    m = re.match(r"\s*,\s*(?:the\s+)?", rest)
    if not m:
        return ""
    tail = rest[m.end() :]
    head = re.findall(r"[\w\-'’]+", tail)[:3]
    if not head or not any(_is_title(w, "en") for w in head):
        return ""  # ", the Kazakh Foreign Ministry's press service reported": no apposition
    if not (_is_title(head[0], "en") or head[0][:1].isupper()):
        return ""
    stop = _APPOSITION_END_RE.search(tail)
    phrase = tail[: stop.start()] if stop else tail
    return "" if _REPORTING_RE.search(phrase) else phrase


def people(
    text: str,
    lang: str,
    places: list[PlaceMention],
    analysis: RuAnalysis | None = None,
    base: int = 0,
) -> list[Person]:
    """People named in `text` (a sentence or a whole body), in order."""
    if lang == "ru" and analysis is not None:
        return ru_people(text, analysis, places, base)
    return rule_people(text, lang if lang in ("kk", "en") else "en", places, base)


def subject_side(person: Person, trigger_start: int | None) -> str:
    """The side a person is on when the position phrase does not say it."""
    if person.kazakh_marker:
        return KAZAKH
    if person.foreign_marker:
        return COUNTERPART
    if person.oblique:
        return COUNTERPART
    if trigger_start is not None and person.start > trigger_start:
        return COUNTERPART
    return KAZAKH
