"""Upstream unit names → our units: who an upstream item is addressed to, and which of
our units takes it on.

Upstream plans name *their* units ("Ban Tuyên giáo Huyện ủy", "UBND huyện", "Các TCCS
Đảng trực thuộc"); ours are the commune's ("Ban Tuyên giáo Đảng ủy", "UBND xã", "Các
chi bộ trực thuộc"). Names are compared after :func:`normalise` (abbreviations spelt
out, level words such as "huyện ủy"/"xã" dropped) with rapidfuzz; a mapping the user
confirmed (stored in ``unit_aliases``) always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..folding import fold_aligned
from ..text import fold, nfc

MATCH_CUTOFF = 72  # rapidfuzz token_set_ratio below this is no suggestion

_ABBREVIATIONS = (
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bub\.?\s*mttq\b|\bubmttq\b", "mat tran to quoc"),
    (r"\buy ban mat tran to quoc(?: viet nam)?\b", "mat tran to quoc"),
    (r"\bmttq\b|\bmt to quoc\b", "mat tran to quoc"),
    (r"\bct\s*-\s*xh\b", "chinh tri xa hoi"),
    (r"\btccsd\b|\btccs\s*dang\b|\btccs\b|\bto chuc co so dang\b", "chi bo"),
    (r"\bchi,\s*dang bo co so\b|\bdang bo co so\b|\bcap uy co so\b|\bchi uy\b", "chi bo"),
    (r"\bbch\b", "ban chap hanh"),
    (r"\bvp\b", "van phong"),
    (r"\bbtg\b", "ban tuyen giao"),
    (r"\bubkt\b", "uy ban kiem tra"),
    (r"\btt\.?\s", "thuong truc "),
)
# Level words: the same unit is "… Huyện ủy" upstream and "… Đảng ủy" here.
_LEVEL_RE = re.compile(
    r"\b(?:tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy khoi|dang uy|tu|hu|qu|du|duk)\b"
    r"|\b(?:cap\s+)?(?:tinh|huyen|quan|thi xa|thanh pho|xa|phuong|thi tran)\b"
)
_FILLER_RE = re.compile(r"\b(?:cac|va|cua|truc thuoc)\b|[^\w\s]")


def normalise(name: str) -> str:
    """The part of a unit's name that survives a change of level, folded."""
    text = " " + fold(nfc(name)) + " "
    for pattern, repl in _ABBREVIATIONS:
        text = re.sub(pattern, repl, text)
    text = _LEVEL_RE.sub(" ", text)
    text = _FILLER_RE.sub(" ", text)
    return " ".join(text.split())


def alias_key(name: str) -> str:
    """How a confirmed upstream name is stored (folded, spaces squashed)."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(nfc(name))).split())


def _score(a: str, b: str, **_kw: object) -> float:
    """Word-set likeness tempered by word order, so "ban" ⊂ "uy ban nhan dan" is no match."""
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


@dataclass
class Unit:
    id: int
    name: str
    short: str = ""


@dataclass
class UnitSuggestion:
    upstream: str  # the upstream's name as written
    unit_id: int | None
    score: int  # 100: confirmed earlier or exact; 0: nothing close
    confirmed: bool = False  # from the stored mapping


@dataclass
class UnitMatcher:
    units: list[Unit]
    aliases: dict[str, int] = field(default_factory=dict)  # alias_key → unit id (confirmed)

    def __post_init__(self) -> None:
        self._norm = {u.id: normalise(u.name) for u in self.units}
        self._by_id = {u.id: u for u in self.units}

    def name(self, unit_id: int | None) -> str:
        unit = self._by_id.get(unit_id or -1)
        return unit.name if unit else ""

    def suggest(self, upstream: str) -> UnitSuggestion:
        key = alias_key(upstream)
        if key in self.aliases and self.aliases[key] in self._by_id:
            return UnitSuggestion(upstream, self.aliases[key], 100, True)
        for u in self.units:  # our own unit named exactly
            if alias_key(u.name) == key or (u.short and alias_key(u.short) == key):
                return UnitSuggestion(upstream, u.id, 100)
        want = normalise(upstream)
        if not want or not self._norm:
            return UnitSuggestion(upstream, None, 0)
        if len(want.split()) < 2 and want not in self._norm.values():
            return UnitSuggestion(upstream, None, 0)  # "Ban" alone names nobody
        best = process.extractOne(want, self._norm, scorer=_score, score_cutoff=MATCH_CUTOFF)
        if best is None:
            return UnitSuggestion(upstream, None, 0)
        _, score, unit_id = best
        score = round(score)
        near = [uid for uid, n in self._norm.items() if score - _score(want, n) <= 6]
        generic = set(want.split())
        # "Các chi bộ", "cấp ủy cơ sở" mean all of them, not the chi bộ whose name happens to be
        # closest: the user decides (unless one of ours is itself "Các chi bộ …").
        if (
            len(near) > 1
            and all(generic < set(self._norm[u].split()) for u in near)
            and not any(fold(self._by_id[u].name).startswith("cac ") for u in near)
        ):
            return UnitSuggestion(upstream, None, 0)
        # Equal scores: prefer the closest whole name ("ban tuyen giao" vs "ban to chuc").
        ties = [uid for uid, n in self._norm.items() if _score(want, n) == score]
        if len(ties) > 1:
            unit_id = max(ties, key=lambda uid: fuzz.ratio(want, self._norm[uid]))
        return UnitSuggestion(upstream, int(unit_id), int(score))

    def own_mentions(self, text: str) -> list[int]:
        """Our units named word for word in *text* (names of two words or more)."""
        folded = " " + fold_aligned(nfc(text)) + " "
        found: list[tuple[int, int]] = []
        for u in self.units:
            for name in (u.name, u.short):
                f = fold(name)
                if name and len(f.split()) >= 2:
                    at = folded.find(" " + f)
                    if at >= 0:
                        found.append((at, u.id))
                        break
        return [uid for _, uid in sorted(found)]


# -- who an item is addressed to -------------------------------------------------------------------
OURS, OTHER, GENERAL = "ours", "other", "general"

# Phrases that address the level of a commune / ward Party committee and its chi bộ.
_OURS_RE = re.compile(
    r"\bcac dang uy (?:xa|phuong|thi tran|cap xa|co so|truc thuoc)\b"
    r"|\bdang uy (?:cac )?(?:xa|phuong|thi tran)\b"
    r"|\bcap uy co so\b|\bcap uy cac cap\b|\bcac cap uy\b|\bcap uy,\s*to chuc dang\b"
    r"|\bcac chi bo\b|\bchi bo truc thuoc\b|\bcac chi,\s*dang bo\b|\bchi,\s*dang bo co so\b"
    r"|\bto chuc co so dang\b|\btccs\s*dang\b|\btccsd\b|\bdang bo co so\b|\bcac dang uy,\s*chi uy\b"
    r"|\bcac to chuc dang\b|\bto chuc dang truc thuoc\b|\bcac dang bo truc thuoc\b|\bcap xa\b|\bxa,\s*phuong\b"
)
# A subject at the start of an item: "Ban Tuyên giáo Tỉnh ủy chủ trì …", "Giao UBND huyện …",
# or a unit's name before a colon.
_BODY_START = (
    r"(?:cac\s+)?(?:ban|van phong|uy ban|ubnd|ub\.?\s*mttq|ubmttq|mttq|mat tran|truong|trung tam|"
    r"so(?! hoa| lieu| luong| ket| sanh)|phong(?!,? chong)|"
    r"dang uy|dang doan|ban can su|hoi(?! nghi| thao| thi| dien| cho)|cong an|co quan bao chi|bao (?!cao)|dai (?:phat thanh|truyen hinh)|bo chi huy|tinh doan|huyen doan|quan doan|"
    r"doan thanh nien|lien doan|hoi dong|thuong truc|ban thuong vu|ban chap hanh|tinh uy|thanh uy|"
    r"huyen uy|quan uy|chi bo|cac tccs|tccs|to chuc co so|cap uy)\b"
)
_LEAD_IN = r"^\s*(?:(?:giao|chi dao|de nghi|yeu cau|dong chi)\s+)?"
# First the verbs that only follow a subject ("… chủ trì", "…:"), then common verbs — and then
# the subject has at least two words, so "Ban Tổ chức Tỉnh ủy …" is not cut at "Ban" + "tổ chức".
_SUBJECT_STRONG_RE = re.compile(
    rf"{_LEAD_IN}(?P<subj>{_BODY_START}[^:;.]{{0,90}}?)"
    r"(?:\s*:|\s+(?:chu tri|tham muu|chiu trach nhiem|co trach nhiem)\b)"
)
_COMMON_VERBS = (
    r"phoi hop|huong dan|xay dung|to chuc|thuc hien|tang cuong|theo doi|chu dong|tiep tuc|lanh dao|"
    r"trien khai|can cu|tren co so|tuyen truyen|kiem tra|giam sat|quan triet|bao dam|dam bao|nghien cuu|"
    r"bien soan|ra soat|phat dong"
)
# «Các cấp ủy» is a whole subject: «Các cấp ủy phối hợp với lãnh đạo …» read «Các cấp ủy phối hợp với»
# (the walk), the two-word minimum carrying it past its verb.
_SUBJECT_RE = re.compile(
    rf"{_LEAD_IN}(?P<subj>(?:cac\s+)?cap uy(?=\s+(?:{_COMMON_VERBS})\b)|{_BODY_START}(?:\s+[^\s:;]+){{1,16}}?)"
    rf"\s+(?:{_COMMON_VERBS})\b"
)


@dataclass
class Addressee:
    verdict: str  # ours / other / general
    subject: str = ""  # the upstream's words naming who does it ("" if none)
    reason: str = ""  # shown in the review


def subject_of(text: str) -> str:
    """The body an item opens with (original spelling), or ""."""
    text = nfc(text or "")
    colon = text.find(":")
    if 0 < colon < 120:  # "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội huyện: Xây dựng …"
        head = text[:colon].strip()
        if len(head.split()) <= 16 and re.match(_BODY_START, fold(head)):
            return head
    folded = fold_aligned(text)
    m = _SUBJECT_STRONG_RE.match(folded) or _SUBJECT_RE.match(folded)
    if not m:
        return ""
    return text[m.start("subj") : m.end("subj")].strip(" ,;")


def addressee(text: str, own_names: Iterable[str] = ()) -> Addressee:
    """Is this item for our level, only for another body, or general?

    Ours: it names our level ("các đảng ủy xã, phường", "cấp ủy cơ sở", "các chi bộ")
    or our office or one of our units. Other: it opens with another body as the one who
    does it ("Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì …") and does not name us.
    """
    text = nfc(text or "")
    folded = " " + fold_aligned(text) + " "
    subject = subject_of(text)
    other_subject = (
        bool(subject)
        and not _OURS_RE.search(" " + fold(subject) + " ")
        and not any(fold(n) and fold(n) in fold(subject) for n in own_names)
    )
    m = _OURS_RE.search(folded)
    if m:
        words = text[max(0, m.start() - 1) : m.end() - 1].strip()
        # "Ban Tuyên giáo Tỉnh ủy hướng dẫn cấp ủy cơ sở …" is still that body's work;
        # "… chủ trì, phối hợp với các đảng ủy xã" makes us a cooperating unit.
        # "… và các đảng ủy xã" only goes on such a list: "… quán triệt đến cán bộ chủ chốt của tỉnh và
        # cấp xã" names our level as the audience of that body's own conference.
        before = folded[: m.start()]
        if (
            not other_subject
            or re.search(r"(?:phoi hop|cung(?! cap))\W+(?:\w+\W+){0,3}$", before)
            or (
                re.search(r"\bva\W+(?:\w+\W+){0,3}$", before)
                and re.search(r"\b(?:phoi hop|cung(?! cap))\b[^;.:]*$", before)
            )
        ):
            return Addressee(OURS, subject, f"Giao cho cấp cơ sở: «{words}»")
    for name in own_names:
        f = fold(name)
        if f and len(f.split()) >= 2 and f" {f}" in folded:
            return Addressee(OURS, subject or name, f"Nêu tên đơn vị của ta: «{name}»")
    if subject and other_subject:
        return Addressee(OTHER, subject, f"Việc của «{subject}» (cơ quan khác)")
    return Addressee(GENERAL, subject, "Nhiệm vụ chung")


def split_names(subject: str) -> list[str]:
    """ "Các TCCS Đảng trực thuộc, UB. MTTQ và các đoàn thể" → the names it lists."""
    out: list[str] = []
    for part in re.split(r"[,;]\s*", subject):
        pieces = part.split(" và ")
        current = pieces[0]
        for piece in pieces[1:]:
            if is_unit_like(piece.strip()):  # "… và các tổ chức …" stays one name unless a body follows
                out.append(current)
                current = piece
            else:
                current = f"{current} và {piece}"
        out.append(current)
    names = [p.strip(" .") for p in out if p.strip(" .") and is_unit_like(p.strip(" ."))]
    return names or ([subject] if is_unit_like(subject) else [])


def is_unit_like(name: str) -> bool:
    return bool(re.match(_BODY_START, fold(name))) or bool(_OURS_RE.search(" " + fold(name) + " "))
