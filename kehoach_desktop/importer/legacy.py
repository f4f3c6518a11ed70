"""Legacy Vietnamese encodings: TCVN3 (ABC, ".VnTime" fonts) and VNI ("VNI-Times").

Old files typed with those fonts reach us as Latin-1 look-alikes: ``KÕ ho¹ch`` (TCVN3)
or ``Keá hoaïch`` (VNI) for "Kế hoạch" — in a .txt saved from such a document, and in
a .docx whose runs use the old fonts. :func:`best_reading` tries the candidates and
keeps the one that reads most like Vietnamese, so a correct Unicode text is never
"converted" (pitfall 4: never import mojibake).

TCVN3 has no code points for capital letters with tone marks (the ".VnTimeH" fonts
draw lower-case codes as capitals), so such headings come out in lower case.
"""

from __future__ import annotations

import re
import unicodedata

# -- TCVN3 (TCVN 5712:1993, VN3) -------------------------------------------------
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_TABLE: dict[int, str] = {ord(pair[0]): pair[1] for pair in _TCVN3_PAIRS.split()}
# Word draws TCVN3's "ư" (0xAD, a soft hyphen) with a minus sign in some copies.
TCVN3_TABLE[0x2212] = "ư"

# -- VNI (VNI-Windows) -------------------------------------------------------------
# A vowel followed by one or two modifier characters; ơ/ư/đ and the toned i are
# single characters.
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def put(seq: str, base: str, marks: str) -> None:
        ch = unicodedata.normalize("NFC", base + marks)
        table[seq] = ch
        table[seq.upper()] = ch.upper()
        table[seq[0].upper() + seq[1:]] = ch.upper()

    for vowel in "aeiouy":
        for mod, mark in _TONES.items():
            put(vowel + mod, vowel, mark)
    for vowel in "aeo":
        for mod, mark in _CIRCUMFLEX.items():
            put(vowel + mod, vowel, "\u0302" + mark)
    for mod, mark in _BREVE.items():
        put("a" + mod, "a", "\u0306" + mark)
    for horn, base in (("ô", "ơ"), ("ö", "ư")):
        for mod, mark in _TONES.items():
            put(horn + mod, base, mark)
    put("yî", "y", "\u0323")
    return table


VNI_PAIRS = _vni_table()
_VNI_SINGLE = {**_SINGLE, **{k.upper(): v.upper() for k, v in _SINGLE.items()}}
_VNI_ALL = {**_VNI_SINGLE, **VNI_PAIRS}
# One pass, pairs before single characters, so a converted letter is never converted again.
_VNI_RE = re.compile("|".join(sorted((re.escape(k) for k in _VNI_ALL), key=len, reverse=True)))


def _restore_capitals(line: str) -> str:
    """ "KÕ HO¹CH" converts to "Kế HOạCH": a line whose plain letters are all capitals
    was typed in the capitals font (".VnTimeH"), so the whole line is upper case."""
    ascii_letters = [ch for ch in line if ch.isascii() and ch.isalpha()]
    if len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters):
        return line.upper()
    return line


def tcvn3_to_unicode(text: str) -> str:
    converted = unicodedata.normalize("NFC", text.translate(TCVN3_TABLE))
    return "\n".join(_restore_capitals(line) for line in converted.split("\n"))


def vni_to_unicode(text: str) -> str:
    text = _VNI_RE.sub(lambda m: _VNI_ALL[m.group(0)], text)
    return unicodedata.normalize("NFC", text)


# -- telling which reading is Vietnamese --------------------------------------------
def _vietnamese_letters() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"):
            letters.add(unicodedata.normalize("NFC", base + tone))
    letters |= {ch.upper() for ch in letters}
    return frozenset(letters)


VIETNAMESE_LETTERS = _vietnamese_letters()
_WORD_SPLIT_RE = re.compile(r"[\s!-/:-@\[-`{-~\u2010-\u2015\u2018-\u201f\u2026]+")


def plausibility(text: str) -> int:
    """Higher when *text* reads as Vietnamese: accented syllables up, odd symbols down."""
    score = 0
    for word in _WORD_SPLIT_RE.split(text):
        if not word or word.isascii():
            continue
        if all(ch in VIETNAMESE_LETTERS or ch.isdigit() for ch in word):
            score += 1
        else:
            score -= 2
    return score


_UNICODE_VI_RE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
UNICODE_VIETNAMESE_RE = _UNICODE_VI_RE  # letters only Unicode Vietnamese has (ă đ ơ ư ạ … ỹ)
# TCVN3 puts its commonest letters (á à ạ ả ã ă â ê ô ơ ư đ …) at 0xA1–0xBE, next to
# ordinary letters; VNI never uses that range, Unicode Vietnamese only for quotes.
_TCVN3_MARK_RE = re.compile(r"(?<=[A-Za-z])[\u00a1-\u00be\u2212]|[\u00a1-\u00be](?=[A-Za-z])")
# VNI writes a vowel then a modifier from 0xC0–0xFF: "eá" (ế), "aï" (ạ), "öô" …
_VNI_MARK_RE = re.compile("[aeiouyAEIOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|(?<![A-Za-z])[ñÑ](?=[a-zA-Z])")


def best_reading(text: str, sample: int = 20000) -> tuple[str, str]:
    """(text, encoding name) — the input as is ("unicode") or converted ("tcvn3"/"vni")."""
    text = unicodedata.normalize("NFC", text)
    head = text[:sample]
    tcvn = len(_TCVN3_MARK_RE.findall(head))
    vni = len(_VNI_MARK_RE.findall(head))
    uni = len(_UNICODE_VI_RE.findall(head))
    if max(tcvn, vni) < 3 or uni >= max(tcvn, vni):
        return text, "unicode"
    if tcvn >= 3 and tcvn * 4 >= vni:
        name, convert = "tcvn3", tcvn3_to_unicode
    else:
        name, convert = "vni", vni_to_unicode
    # Keep the text as it is unless the conversion really reads better.
    if plausibility(convert(head)) <= plausibility(head):
        return text, "unicode"
    return convert(text), name


_ODD_RE = re.compile(
    "[^\x00-\x7f"
    + "".join(sorted(ch for ch in VIETNAMESE_LETTERS if not ch.isascii()))
    + "\u00a0\u2010-\u2026\u00ab\u00bb\u00b0\u00b7\u2212\u00a7\u00a9\u00ae\u00b1\u00d7]"
)


def looks_garbled(text: str) -> bool:
    """True when even the best reading is mostly odd symbols (a file we must refuse)."""
    head = text[:20000]
    if len(_ODD_RE.findall(head)) <= max(3, len(head) // 200):
        return False  # nearly every character is Vietnamese, ASCII or usual punctuation
    words = [w for w in _WORD_SPLIT_RE.split(head) if w and not w.isascii()]
    if len(words) < 10:
        return False
    bad = sum(1 for w in words if not all(ch in VIETNAMESE_LETTERS or ch.isdigit() for ch in w))
    return bad > len(words) * 0.4
