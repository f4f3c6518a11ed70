"""Vietnamese syllable spelling (issue 17): Hunspell's vi_VN list through spylls.

``resources/spelling/vi_VN.{aff,dic}`` (GPL-2, see its README) lists the 6,631
Vietnamese syllables. A word of running text is a syllable; it is misspelt when
neither it nor an accepted variant is in the list. Accepted variants: the tone mark on
the other vowel (the list writes ``hoá``/``uỷ``, offices often ``hóa``/``ủy``) and i/y
(``quí``/``quý``, ``kĩ``/``kỹ``). Not checked: acronyms (``UBND``), words with digits,
loan words with f/j/w/z, words with capitals inside (``QĐi``), and the office's own
list (``<thư mục dữ liệu>/spelling/extra.txt``).

A repeated word ("thực hiện hiện") is a typing slip unless each copy belongs to a
compound with its neighbour ("thao giảng giảng viên"): ``compounds.txt``.
Qt-free; the lists load once per process (~0.1 s), lookups are set membership.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..paths import user_data_dir
from ..resources import resource_path

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = set("aăâeêioôơuưy")
WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LOAN = set("fjwz")


def _user_lines(name: str) -> list[str]:
    path = user_data_dir() / "spelling" / name
    try:
        return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    except OSError:
        return []


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def _split_tone(word: str) -> tuple[str, str, int]:
    """(word without tone, tone mark, index of the toned letter) in NFC letters."""
    base, tone, where = [], "", -1
    for i, ch in enumerate(word):
        d = unicodedata.normalize("NFD", ch)
        marks = [m for m in d[1:] if m in _TONES]
        if marks:
            tone, where = marks[0], i
            d = d[0] + "".join(m for m in d[1:] if m not in _TONES)
        base.append(unicodedata.normalize("NFC", d))
    return "".join(base), tone, where


def variants(word: str) -> list[str]:
    """Other accepted spellings: tone on another vowel, i↔y."""
    base, tone, _where = _split_tone(word)
    out = []
    forms = {
        base,
        base.replace("y", "i") if "y" in base[-1:] else base,
        base[:-1] + "y" if base.endswith("i") else base,
    }
    for form in forms:
        if not tone:
            out.append(form)
            continue
        for i, ch in enumerate(form):
            if unicodedata.normalize("NFD", ch)[0].lower() in _VOWELS or ch.lower() in _VOWELS:
                letters = list(form)
                letters[i] = unicodedata.normalize("NFC", unicodedata.normalize("NFD", ch) + tone)
                out.append("".join(letters))
    return [w for w in out if w != word]


class Speller:
    def __init__(self, words: set[str], compounds: set[str], dictionary=None):
        self.words = words
        self.compounds = compounds
        self._dictionary = dictionary
        self._cache: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        """True when *word* (one syllable of running text) is spelt right or is not checked."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        self._cache[word] = ok = self._known(word)
        return ok

    def _known(self, word: str) -> bool:
        if "-" in word:
            return all(self.known(part) for part in word.split("-"))
        lower = word.lower()
        if len(word) > 1 and word.isupper():
            if lower in self.words or any(v in self.words for v in variants(lower)):
                return True
            return not _has_tone(word)  # an acronym (UBND, HĐND, TCCSĐ) carries no tone mark
        if any(ch.isupper() for ch in word[1:]) and not _has_tone(word):
            return True  # QĐi, ThU, CTr: codes
        if _LOAN & set(lower) or not _has_vowel(lower):
            return True
        if lower in self.words:
            return True
        return any(v in self.words for v in variants(lower))

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        out: list[str] = []
        squeezed = re.sub(r"(.)\1+", r"\1", word.lower())  # "HHhhhướng" → "hướng"
        squeezed = re.sub(r"^(\w)\1*", r"\1", squeezed)
        collapsed = _collapse_stutter(word)
        for cand in (collapsed, squeezed):
            if cand and cand.lower() != word.lower() and self.known(cand) and cand.lower() in self.words:
                out.append(cand[:1].upper() + cand[1:] if word[:1].isupper() else cand.lower())
                break
        if self._dictionary is None:
            return out
        try:
            for s in self._dictionary.suggest(word.lower()):
                s = s if not word[:1].isupper() else s[:1].upper() + s[1:]
                if s not in out:
                    out.append(s)
                if len(out) >= limit:
                    break
            return out
        except Exception:  # noqa: BLE001 - a suggestion is a help, never a failure
            return []

    def is_compound(self, a: str, b: str) -> bool:
        return f"{a.lower()} {b.lower()}" in self.compounds

    def misspelt(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each misspelt word in *text*."""
        return [(m.start(), m.end(), m[0]) for m in WORD_RE.finditer(text) if not self.known(m[0])]


def _collapse_stutter(word: str) -> str:
    """Drop letters typed again at the start, case-insensitively: "HHhhhướng" → "Hướng"."""
    lower = word.lower()
    i = 0
    while i + 1 < len(lower) and lower[i + 1] == lower[0]:
        i += 1
    return word[0] + word[i + 1 :] if i else word


def _has_tone(word: str) -> bool:
    return any(c in _TONES for c in unicodedata.normalize("NFD", word))


def _has_vowel(word: str) -> bool:
    return any(unicodedata.normalize("NFD", c)[0] in _VOWELS for c in word)


@lru_cache(maxsize=1)
def speller() -> Speller:
    from spylls.hunspell import Dictionary

    folder = resource_path("spelling")
    dictionary = Dictionary.from_files(str(folder / "vi_VN"))
    words = {unicodedata.normalize("NFC", w.stem).lower() for w in dictionary.dic.words}
    words |= {ln.strip().lower() for ln in _user_lines("extra.txt") if ln.strip()}
    words |= {w.lower() for w in _lines(folder / "extra.txt")}
    compounds = {ln.lower() for ln in _lines(folder / "compounds.txt")}
    compounds |= {ln.strip().lower() for ln in _user_lines("compounds.txt") if ln.strip()}
    return Speller(words, compounds, dictionary)
