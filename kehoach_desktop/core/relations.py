"""Relations between documents: "thay thế", "sửa đổi, bổ sung", "bãi bỏ", "hết hiệu lực".

:func:`detect_relations` finds them in the text of a document being imported
("Hướng dẫn này thay thế Hướng dẫn số 12-HD/BTGTU …", "… bãi bỏ Quyết định số …",
"Kế hoạch số 20-KH/ĐU … hết hiệu lực"). The importer (issue 16) calls it on the text
of a registry document; the store records what it finds (``store.relations``). Qt-free.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .folding import fold_aligned

if TYPE_CHECKING:  # the citation reader loads with detect_relations: PASSIVE costs nothing at start-up
    from .citations import Citation

KINDS: dict[str, str] = {
    "replaces": "thay thế",
    "amends": "sửa đổi, bổ sung",
    "repeals": "bãi bỏ",
    "expires": "hết hiệu lực",
}
# How a relation reads from the target's side ("đã bị … bởi …").
PASSIVE: dict[str, str] = {
    "replaces": "đã được thay thế bằng",
    "amends": "đã được sửa đổi, bổ sung bởi",
    "repeals": "đã bị bãi bỏ bởi",
    "expires": "đã hết hiệu lực",
}
# Kinds after which the target no longer applies (a căn cứ citing it is wrong).
ENDING = frozenset({"replaces", "repeals", "expires"})


@dataclass
class DetectedRelation:
    kind: str
    citation: Citation  # the target document as written
    phrase: str  # the words that say so, as written
    start: int
    end: int
    by: Citation | None = None  # passive form: the document that acts, when named

    @property
    def number(self) -> str:
        return self.citation.number


# Phrases just before a cited number (folded text, a window ending at the citation).
_BEFORE = [
    (
        "amends",
        re.compile(
            r"(?<!khong )sua doi\s*,?\s*(?:va\s+)?bo sung(?:\s+(?:mot so|cac)\s+(?:dieu|noi dung|diem|khoan)[^.;]{0,60}?\s+(?:cua|tai))?\s*$"
        ),
    ),
    (
        "amends",
        re.compile(
            r"(?<!khong )sua doi(?:\s+(?:mot so|cac)\s+(?:dieu|noi dung|diem|khoan)[^.;]{0,60}?\s+(?:cua|tai))?\s*$"
        ),
    ),
    ("replaces", re.compile(r"(?<!khong )thay the(?:\s+cho)?\s*$")),
    (
        "repeals",
        re.compile(
            r"(?<!khong )bai bo(?:\s+(?:mot so|cac)\s+(?:dieu|noi dung|diem|khoan)[^.;]{0,60}?\s+(?:cua|tai))?\s*$"
        ),
    ),
]
# "… Hướng dẫn số X … hết hiệu lực" / "… X không còn hiệu lực": after the citation, same sentence.
_AFTER_EXPIRES = re.compile(r"^[^.;\n]{0,120}?\b(?:het hieu luc|khong con hieu luc|het hieu luc thi hanh)\b")
# "X được thay thế bằng / bị bãi bỏ": passive, after the citation.
_AFTER_PASSIVE = [
    ("replaces", re.compile(r"^[^.;\n]{0,60}?\b(?:duoc|bi)\s+thay the\b")),
    ("repeals", re.compile(r"^[^.;\n]{0,60}?\b(?:duoc|bi)\s+bai bo\b")),
]
_WINDOW = 90
# "X và được sửa đổi, bổ sung một số điều tại Y", "X (đã được thay thế bằng Y)": the verb is
# passive, so Y acts on the citation before it, not the document carrying the text.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:da\s+)?(?:duoc|bi)\s+(?:sua doi|bo sung|thay the|bai bo)\b[^.;]{0,90}?"
    r"\b(?:tai|boi|bang|theo)\s*$"
)
_PASSIVE_KIND = (("thay the", "replaces"), ("bai bo", "repeals"), ("sua doi", "amends"), ("bo sung", "amends"))


def detect_relations(text: str) -> list[DetectedRelation]:
    """Every relation stated in *text* towards a cited document, in order of the text.

    Only the document that carries the text acts ("Quy định này thay thế …"); a
    relation between two other documents ("Hướng dẫn số 5 thay thế Hướng dẫn số 3")
    is reported with the target the phrase points at, as written.
    """
    if not text:
        return []
    from .citations import find_citations

    folded = fold_aligned(text)
    out: list[DetectedRelation] = []
    seen: set[tuple[str, str]] = set()
    cites = find_citations(text)
    for index, cite in enumerate(cites):
        lo = max(0, cite.start - _WINDOW)
        window = folded[lo : cite.start]
        found = None
        by: Citation | None = None
        passive = _PASSIVE_BEFORE.search(window)
        if passive:
            earlier = cites[index - 1] if index else None
            if earlier is None or earlier.end > lo + passive.start() or lo + passive.start() - earlier.end > _WINDOW:
                continue  # "được sửa đổi tại Y" with no document before it: nothing to record
            verb = passive.group(0)
            kind = next(k for words, k in _PASSIVE_KIND if words in verb)
            key = (kind, earlier.number)
            if key not in seen:
                seen.add(key)
                start, end = lo + passive.start(), cite.end
                out.append(DetectedRelation(kind, earlier, text[start:end].strip(), start, end, cite))
            continue
        for kind, rx in _BEFORE:
            m = rx.search(window)
            if m:
                found = (kind, lo + m.start(), cite.end)
                break
        if found is None:
            # The citation's issuer may have swallowed the verb ("… của Ban Thường vụ
            # Đảng ủy hết hiệu lực"): read from the end of the number on.
            after = cite.start + len(cite.doc_type) + 1
            after = (
                folded.find(fold_aligned(cite.raw_number), cite.start) + len(cite.raw_number)
                if cite.raw_number
                else after
            )
            tail = folded[after : cite.end + 160]
            m = _AFTER_EXPIRES.search(tail)
            if m:
                found = ("expires", cite.start, after + m.end())
            else:
                for kind, rx in _AFTER_PASSIVE:
                    m = rx.search(tail)
                    if m:
                        found = (kind, cite.start, after + m.end())
                        by = next((c for c in cites if after + m.end() <= c.start < after + m.end() + 40), None)
                        break
        if found is None:
            continue
        kind, start, end = found
        key = (kind, cite.number)
        if key in seen:
            continue
        seen.add(key)
        out.append(DetectedRelation(kind, cite, text[start:end].strip(), start, end, by))
    return out


@dataclass
class RelationInfo:
    """A relation as the checks see it: *target_number* is affected by *by_number*."""

    kind: str
    target_number: str
    by_number: str = ""  # the acting document (empty: marked by the user)
    by_label: str = ""  # "Hướng dẫn số 05-HD/VPTW, ngày …" for messages
    effective_on: dt.date | None = None

    def applies_on(self, day: dt.date | None) -> bool:
        return self.effective_on is None or day is None or self.effective_on <= day
