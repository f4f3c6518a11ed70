"""Vietnamese syllable spelling (issue 17): Hunspell's vi_VN syllable list.

``resources/spelling/vi_VN.{aff,dic}`` (GPL-2, see its README) lists the 6,631
Vietnamese syllables. A word of running text is a syllable; it is misspelt when
neither it nor an accepted variant is in the list. Accepted variants: the tone mark on
the other vowel (the list writes ``hoá``/``uỷ``, offices often ``hóa``/``ủy``) and i/y
(``quí``/``quý``, ``kĩ``/``kỹ``). Not checked: acronyms (``UBND``), words with digits,
loan words with f/j/w/z, words with capitals inside (``QĐi``), and the office's own
list (``<thư mục dữ liệu>/spelling/extra.txt``).

A repeated word ("thực hiện hiện") is a typing slip unless each copy belongs to a
compound with its neighbour ("thao giảng giảng viên"): ``compounds.txt``.
The list is read directly: its ``.aff`` has no affix rules (only TRY/MAP/REP for
suggestions), so a Hunspell engine adds nothing for lookups; suggestions use the same
REP pairs and single-letter edits. (spylls, a pure-Python Hunspell, was tried and left
out: its wheel installs a top-level ``tests`` package that shadows ours.)
Qt-free; the lists load once per process (~20 ms), lookups are set membership.
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
    def __init__(self, words: set[str], compounds: set[str], rep: list[tuple[str, str]] | None = None):
        self.words = words
        self.compounds = compounds
        self.rep = rep or []
        self.alphabet = sorted({ch for w in words for ch in w if ch.isalpha()})
        self._cache: dict[str, bool] = {}
        self._suggestions: dict[tuple[str, int], list[str]] = {}

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
        """Up to *limit* known syllables close to *word*: letters typed again, the .aff's
        REP pairs (ngh/ng, ch/tr, s/x…), then one deleted, swapped, replaced or added letter."""
        key = (word, limit)
        if key in self._suggestions:
            return list(self._suggestions[key])
        self._suggestions[key] = found = self._suggest(word, limit)
        return list(found)

    def _suggest(self, word: str, limit: int) -> list[str]:
        lower = word.lower()
        out: list[str] = []

        def take(cand: str) -> None:
            if cand and cand != lower and cand in self.words and cand not in out:
                out.append(cand)

        take(_collapse_stutter(lower))
        take(re.sub(r"(.)\1+", r"\1", lower))
        for a, b in self.rep:
            start = lower.find(a)
            while start >= 0:
                take(lower[:start] + b + lower[start + len(a) :])
                start = lower.find(a, start + 1)
        n = len(lower)
        for i in range(n):  # a letter typed too many
            take(lower[:i] + lower[i + 1 :])
        for i in range(n - 1):  # two letters swapped
            take(lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :])
        if len(out) < limit:
            for i in range(n):  # a wrong letter (tone or mark included)
                for ch in self.alphabet:
                    take(lower[:i] + ch + lower[i + 1 :])
            for i in range(n + 1):  # a letter missing
                for ch in self.alphabet:
                    take(lower[:i] + ch + lower[i:])
        out = out[:limit]
        return [c[:1].upper() + c[1:] if word[:1].isupper() else c for c in out]

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


def _rep_pairs(aff: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in aff.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "REP":
            pairs.append((parts[1], parts[2]))
    return pairs


@lru_cache(maxsize=1)
def speller() -> Speller:
    folder = resource_path("spelling")
    lines = (folder / "vi_VN.dic").read_text(encoding="utf-8").splitlines()[1:]  # first line: the count
    words = {unicodedata.normalize("NFC", ln.split("/")[0]).strip().lower() for ln in lines if ln.strip()}
    words |= {ln.strip().lower() for ln in _user_lines("extra.txt") if ln.strip()}
    words |= {w.lower() for w in _lines(folder / "extra.txt")}
    compounds = {ln.lower() for ln in _lines(folder / "compounds.txt")}
    compounds |= {ln.strip().lower() for ln in _user_lines("compounds.txt") if ln.strip()}
    return Speller(words, compounds, _rep_pairs(folder / "vi_VN.aff"))
