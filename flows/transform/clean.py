"""Clean article text: one canonical form of characters, paragraphs, and no page chrome.

Why: dedup, event extraction and full-text search compare texts from gov.kz JSON (HTML bodies
with &nbsp;/&ndash; entities), kt.kz, Kazinform and others. If the same release differs only in
its spaces, quotes or a trailing "Фото: МИД РК", it must clean to the same text.

Canonical forms chosen (once, here):
- quotes: every double quote (« » „ “ ” ‟ 〝 〞 ＂) becomes ASCII `"`; every single quote or
  apostrophe (‘ ’ ‚ ‛ ʼ ‹ › ＇) becomes ASCII `'`. Sources mix «ёлочки» and "lapki" for the same
  release; ASCII is what the seed digest and most regexes already use.
- dashes: hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus
  sign become ASCII `-`. Datelines are written with "-", "–" and "—" for the same thing.
- spaces: every Unicode space separator and tab is a plain space; runs collapse to one.
- removed: control characters (but "\n"), format characters (zero-width spaces and joiners,
  soft hyphens, BOM, bidi overrides and isolates), lone surrogates.
- paragraphs: a body is paragraphs joined with "\n", each stripped, none empty.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata

from lxml import etree

from flows.transform.dates import DateParseError, parse_local_datetime

# --------------------------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------------------------

_DOUBLE_QUOTES = "«»„“”‟〝〞＂″"
_SINGLE_QUOTES = "‘’‚‛ʼ‹›＇′`´"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_SPACES = (
    "\t\u000b\u000c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u202f\u205f\u3000"
)
_LINE_BREAKS = "\r\u0085\u2028\u2029"
_CHAR_MAP = str.maketrans(
    {
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_LINE_BREAKS, "\n"),
    }
)
# Control (Cc but "\n"), format (Cf) and surrogate code points: removed, never replaced.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_CRLF_RE = re.compile(r"\r\n")
_SPACE_RUN_RE = re.compile(r" {2,}")
# "&amp;amp;nbsp;" (escaped more than once) decodes in one step to "&nbsp;".
_NESTED_ENTITY_RE = re.compile(r"&(?:amp;|#0*38;|#[xX]0*26;)+(?=#?\w{1,32};)")
_ENTITY_PASSES = 4  # entity decoding repeats until stable, at most this many times


def normalize_text(text: str) -> str:
    """Canonical characters and paragraphs: entities decoded, NFC, one space, quote, dash form."""
    t = text
    for _ in range(_ENTITY_PASSES):  # until stable: "&amp;#8203;" decodes to a removable char
        step = _INVISIBLE_RE.sub("", _CRLF_RE.sub("\n", t))
        if "&" in step:
            step = html_lib.unescape(_NESTED_ENTITY_RE.sub("&", step))
        step = unicodedata.normalize("NFC", step)
        if step == t:
            break
        t = step
    t = _INVISIBLE_RE.sub("", _CRLF_RE.sub("\n", t)).translate(_CHAR_MAP)
    t = _SPACE_RUN_RE.sub(" ", t)
    return "\n".join(p for p in (line.strip() for line in t.split("\n")) if p)


# --------------------------------------------------------------------------------------------
# html_to_paragraphs
# --------------------------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    (
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    )
)  # fmt: skip
SKIP_TAGS = frozenset(
    (
        "script", "style", "iframe", "noscript", "svg", "math", "form", "button", "template",
        "object", "embed", "canvas", "select", "textarea", "input", "head", "title", "meta", "link",
        "audio", "video", "source", "picture", "map", "applet", "frame", "frameset", "option",
        "datalist", "dialog",
    )
)  # fmt: skip
_VT_FF_TO_SPACE = str.maketrans({"\x0b": " ", "\x0c": " "})
_LINE_BREAK_TAGS = frozenset({"br", "hr"})
_MAX_HTML_CHARS = 20_000_000  # beyond this the fragment is not an article body
_TAG_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(/?)([a-zA-Z][\w:-]*)\b[^>]*>|<![^>]*>|<\?[^>]*>", re.DOTALL
)


def html_to_paragraphs(html: str) -> list[str]:
    """Block-level text of an HTML fragment, normalized; scripts, frames, forms never included."""
    if not html or not html.strip():
        return []
    html = _INVISIBLE_RE.sub("", html[:_MAX_HTML_CHARS]).translate(_VT_FF_TO_SPACE)
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = etree.fromstring(html.encode("utf-8", "replace"), parser)
    except etree.LxmlError:
        root = None
    if root is None or any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # Nesting too deep for libxml2 (a hostile page): it stops parsing and would lose the
        # rest of the text. A flat tag scan is linear and keeps it.
        return _paragraphs_from_tokens(html)
    return _paragraphs_from_tree(root)


def _paragraphs_from_tree(root: etree._Element) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in SKIP_TAGS or not tag:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS or tag in _LINE_BREAK_TAGS:
                _flush(buf, out)
            if el.text:
                buf.append(el.text)
        else:
            if tag in BLOCK_TAGS or tag in _LINE_BREAK_TAGS:
                _flush(buf, out, keep_lines=tag == "pre")
            if el.tail:
                buf.append(el.tail)
    _flush(buf, out)
    return out


def _paragraphs_from_tokens(html: str) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    skip_depth = 0
    pos = 0
    for m in _TAG_RE.finditer(html):
        if skip_depth == 0 and m.start() > pos:
            buf.append(html_lib.unescape(html[pos : m.start()]))
        pos = m.end()
        tag = (m.group(2) or "").lower()
        closing = m.group(1) == "/"
        if tag in SKIP_TAGS:
            self_closing = m.group(0).endswith("/>") or tag in {"input", "meta", "link"}
            if not self_closing:
                skip_depth = max(0, skip_depth + (-1 if closing else 1))
            continue
        if skip_depth == 0 and (tag in BLOCK_TAGS or tag in _LINE_BREAK_TAGS):
            _flush(buf, out)
    if skip_depth == 0 and pos < len(html):
        buf.append(html_lib.unescape(html[pos:]))
    _flush(buf, out)
    return out


def _flush(buf: list[str], out: list[str], keep_lines: bool = False) -> None:
    """Move the buffered inline text to `out` as one paragraph (or its lines, for <pre>)."""
    if not buf:
        return
    text = "".join(buf)
    buf.clear()
    if not keep_lines:
        text = text.replace("\n", " ").replace("\r", " ")
    norm = normalize_text(text)
    if norm:
        out.extend(norm.split("\n"))


# --------------------------------------------------------------------------------------------
# drop_boilerplate
# --------------------------------------------------------------------------------------------

_CAPTION_MAX = 300  # a caption or "read also" line is short; a long paragraph is body text
_CAPTION_RE = re.compile(
    r"^(?:фото|фотo|photo|photos|photo credit|photo source|image|images|видео|video|сурет|"
    r"суреттер|бейне|фото и видео|фото/видео|иллюстративное фото|коллаж|collage|"
    r"источник фото|фото предоставлено|фото из открытых источников|фото с сайта|"
    r"фото пресс-службы|фото: пресс-служб\w*|суретте)"
    r"(?:\s*(?:[:|/]|-\s)|\s+(?:с сайта|из|пресс-служб|предоставлен|by|courtesy|credit))",
    re.IGNORECASE,
)
_READ_ALSO_RE = re.compile(
    r"^(?:читайте также|также читайте|смотрите также|read also|read more|see also|also read|"
    r"сондай-ақ оқыңыз|оқи отырыңыз|тағы оқыңыз|қатысты жаңалықтар|ұқсас жаңалықтар)\b",
    re.IGNORECASE,
)
# Whole paragraphs (case-folded, trailing ".:!" ignored) that are page chrome, never text.
_CHROME_LINES = frozenset(
    (
        "currently reading", "none", "null", "undefined", "nan", "loading...", "загрузка...",
        "реклама", "advertisement", "жарнама", "дополнено", "обновлено", "updated",
        "tell a friend", "поделиться", "share", "share this", "share this article", "бөлісу",
        "print", "печать", "версия для печати", "подписаться", "subscribe", "комментарии",
        "comments", "пікірлер", "back to top", "наверх", "поделиться в соцсетях",
        "поделиться с друзьями", "досыңызбен бөлісіңіз",
    )
)  # fmt: skip
_SOCIAL_WORDS = frozenset(
    (
        "facebook", "twitter", "x", "telegram", "whatsapp", "vk", "vkontakte", "вконтакте",
        "одноклассники", "ok", "instagram", "youtube", "tiktok", "linkedin", "viber", "email",
        "e-mail", "mail", "копировать", "ссылку", "copy", "link",
    )
)  # fmt: skip
_BYLINE_RE = re.compile(r"^(?P<who>[^\W\d_][^/\n]{2,60}?)\s*/\s*(?P<when>[^/\n]{6,40})$")
_OUTLETS = r"(?:tengrinews\.kz|kazinform|kazakhstan today|kt\.kz|inform\.kz|qazinform(?:\.com)?)"
_SOCIAL = r"(?:telegram|instagram|youtube|whatsapp|facebook|tiktok|vk|соцсет\w*|канал\w*|арна\w*)"
# Promotions and outlet credits closing a page: "Tengrinews.kz в Telegram", "Подписывайтесь
# на наш канал". Only trailing paragraphs are tested: "Kazinform cites the MFA" is text.
_TRAILING_CREDIT_RE = re.compile(
    rf"^(?:{_OUTLETS}\W*$"
    rf"|{_OUTLETS}\s*[:|-]"
    rf"|{_OUTLETS}\b.{{0,80}}\b{_SOCIAL}"
    rf"|(?:подписывайтесь|подпишитесь|следите за|follow us|join us|читайте нас|читайте "
    rf"{_OUTLETS}|жаңалықтарды|бізді|біздің {_SOCIAL})\b)",
    re.IGNORECASE,
)
_CREDIT_MAX = 200


def drop_boilerplate(paragraphs: list[str]) -> list[str]:
    """Paragraphs without captions, share widgets, "read also" lines, bylines and page chrome.

    A "Source : https://..." line is kept (see find_source_link); trailing outlet credits
    ("Tengrinews.kz в Telegram") are dropped only at the end of the body.
    """
    kept = [p for p in paragraphs if not _is_boilerplate(p)]
    while kept and len(kept[-1]) <= _CREDIT_MAX and _TRAILING_CREDIT_RE.match(kept[-1].strip()):
        kept.pop()
    return kept


def _is_boilerplate(paragraph: str) -> bool:
    p = paragraph.strip()
    if not p:
        return True
    low = p.casefold()
    if low in _CHROME_LINES or low.rstrip(".:!") in _CHROME_LINES:
        return True
    if len(p) > _CAPTION_MAX:
        return False
    if _CAPTION_RE.match(p) or _READ_ALSO_RE.match(p):
        return True
    words = [w for w in re.split(r"[\s,|/·•]+", low) if w]
    if words and all(w in _SOCIAL_WORDS or w in _CHROME_LINES for w in words):
        return True
    return _is_byline(p) or _is_timestamp(p)


def _is_byline(p: str) -> bool:
    """Kazinform's "Temirgaliyeva Arailym / 7 October 2019, 15:55"."""
    m = _BYLINE_RE.match(p)
    return m is not None and _is_timestamp(m.group("when"))


def _is_timestamp(p: str) -> bool:
    if not any(c.isdigit() for c in p) or len(p) > _CREDIT_MAX:
        return False
    try:
        parse_local_datetime(p)
    except DateParseError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# find_source_link, clean_body
# --------------------------------------------------------------------------------------------

_SOURCE_LINK_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:source|источник|дереккөз|derekkoz|дерек көзі)[ \t]*:[ \t]*"
    r"(?P<url>https?://[^\s<>\"'«»]{4,2048})",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}'\""


def find_source_link(text: str) -> str | None:
    """The URL a republication cites on a "Source : https://..." line, or None."""
    m = _SOURCE_LINK_RE.search(text)
    if m is None:
        return None
    url = m.group("url").rstrip(_URL_TRAILING)
    return url if len(url) > len("https://") else None


def clean_body(paragraphs: list[str]) -> str:
    """Normalize, drop boilerplate, join with "\\n": the body text parsers store."""
    normalized = normalize_text("\n".join(paragraphs))
    if not normalized:
        return ""
    return "\n".join(drop_boilerplate(normalized.split("\n")))
