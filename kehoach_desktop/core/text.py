"""Vietnamese text helpers: NFC at every boundary, folding, sort keys.

Every string that enters the core (typed, pasted, imported, read from Excel)
goes through :func:`nfc` so that reportlab and the search index see one form.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters other than tab/newline break XML (docx, xlsx) and are
# never meaningful in a plan; they arrive with text pasted from PDFs.
# Lone surrogates (from broken clipboard data) cannot be stored as UTF-8 at all (issue 6).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def nfc(text: str | None) -> str:
    """Return *text* in NFC with line endings unified; ``None`` becomes ``""``."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC plus removal of control characters (keeps tab and newline)."""
    return _CONTROL_RE.sub("", nfc(text))


def squash_spaces(text: str) -> str:
    """Collapse runs of spaces (incl. NBSP) into one and strip the ends."""
    return _SPACES_RE.sub(" ", text).strip()


def fold(text: str | None) -> str:
    """Lower-case, strip every diacritic and map đ→d: "Đường" → "duong"."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d").replace("ð", "d")


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


# --- Vietnamese collation -------------------------------------------------
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f j w z: loan words
_BASE_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Combining tone marks in the conventional order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that change the base letter rather than the tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def _letters(word: str) -> list[tuple[str, int, bool]]:
    """Split *word* into (base letter, tone, is_upper) triples."""
    out: list[tuple[str, int, bool]] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone, upper = out[-1]
            if ch in _TONES:
                out[-1] = (base, _TONES[ch], upper)
            else:
                out[-1] = (_LETTER_MARKS.get((base, ch), base), tone, upper)
            continue
        low = ch.lower()
        out.append(("đ" if low in "đð" else low, 0, ch != low))
    return out


def sort_key(text: str | None) -> str:
    """A string that sorts Vietnamese text correctly under plain byte order.

    Letters first (alphabet order a ă â … đ …), then tones, then case, so it can be
    stored in a column and indexed without a custom collation (pitfall 2).
    """
    if not text:
        return ""
    letters = _letters(text.strip())
    primary = []
    for base, _tone, _upper in letters:
        rank = _BASE_RANK.get(base)
        # Letters outside the alphabet (digits, punctuation) keep code-point order
        # but sort before letters so that "1. …" precedes "a) …".
        primary.append(f"{rank + 0x100:03x}" if rank is not None else f"{min(ord(base), 0xFF):02x}".rjust(3, "0"))
    tones = "".join(str(t) for _, t, _ in letters)
    cases = "".join("1" if u else "0" for _, _, u in letters)
    # A space separates the levels: it sorts below every hex digit, so a prefix
    # ("a") precedes its extensions ("anh").
    return "".join(primary) + " " + tones + " " + cases


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def shorten(text: str, limit: int) -> str:
    """*text* whole when it fits in *limit* characters, else cut at a word boundary with «…» —
    never mid-word, mid-date or inside a bracket left open (a check quoted «… (trước ngày 3»)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rfind("(")]
    return cut.rstrip(" ,;:-–(") + "…"
