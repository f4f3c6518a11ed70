"""Task proposals from the content sections, unit assignments from TỔ CHỨC THỰC HIỆN.

Every action item of the content part (a bullet, a plain paragraph, or a numbered
item with no text under it) becomes a proposed task with the deadline its words
state; each item of III. TỔ CHỨC THỰC HIỆN becomes an assignment of a unit
(``2. Ban Tuyên giáo Huyện ủy: Tham mưu …`` or ``1. Ban Tuyên giáo Đảng ủy Khối
tham mưu …``). The user reviews both before anything is saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..core.deadlines import find_deadline
from ..core.folding import fold_aligned as fold
from ..core.text import squash_spaces
from .model import Assignment, ParsedDocument, Section, TaskProposal

# Words a unit's name starts with (folded).
_UNIT_START_RE = re.compile(
    r"^(?:cac\s+)?(?:ban|van phong|uy ban|ubnd|ubmt|ub\.?\s*mttq|mttq|mat tran|trung tam|cap uy|dang uy|"
    r"dang doan|ban can su|chi uy|chi bo|dang bo|doan|hoi|phong|so|cong an|quan su|truong|tccs|"
    r"thuong truc|thuong vu|bch|huyen uy|quan uy|thanh uy|tinh uy|dai|cong thong tin|"
    r"co quan|don vi|lien doan|hoi dong)\b"
)
# Verbs that end the unit's name in "Ban Tuyên giáo … tham mưu …".
_VERB_RE = re.compile(
    r"\s(?:tham muu|chu tri|phoi hop|chi dao|to chuc(?! chinh tri| dang| co so| doan)|xay dung|trien khai|"
    r"theo doi|huong dan|thuc hien|can cu|co trach nhiem|chiu trach nhiem|pho bien|tang cuong|"
    r"kiem tra|quan tam|bao cao|lanh dao|dam bao|tiep tuc|chu dong|nghien cuu|tuyen truyen|phat huy|"
    r"giup|cu\s|ra soat|dinh huong|bam sat|nam bat|cap nhat|phan cong|de xuat|ban hanh|phat song|phat dong|"
    r"dang tai|bo tri|tham dinh|tong hop|don doc|van dong|thong tin|lam tot|nang cao|day manh)\b"
)
_COLON_UNIT_RE = re.compile(r"^([^:]{2,120}?)\s*:\s*(.+)$", re.DOTALL)
_MAX_UNIT_WORDS = 16


def unit_of(text: str) -> tuple[str, str] | None:
    """(unit, duty) named at the start of an item, or ``None``."""
    text = squash_spaces(text)
    m = _COLON_UNIT_RE.match(text)
    if (
        m
        and len(m[1].split()) <= _MAX_UNIT_WORDS
        and not m[1].endswith((",", ";"))
        and _UNIT_START_RE.match(fold(m[1]))
    ):
        return m[1].strip(), m[2].strip()
    folded = fold(text)
    if not _UNIT_START_RE.match(folded):
        return None
    for verb in _VERB_RE.finditer(folded):
        before = folded[: verb.start()].split()
        if not before or before[-1] == "ban":
            continue  # "Ban Tổ chức", "Ủy ban Kiểm tra": the verb is part of the name
        if len(before) < 2 or len(before) > _MAX_UNIT_WORDS:
            return None
        return text[: verb.start()].strip(" ,;"), text
    return None


def _units_in(text: str, known: list[tuple[str, str]]) -> list[str]:
    """Units named in *text*: the one it starts with, then known (name, folded) it mentions."""
    folded = fold(text)
    found: list[tuple[int, str]] = []
    lead = unit_of(text)
    seen: set[str] = set()
    if lead and not lead[0].lower().startswith(("các", "cac")):
        key = fold(lead[0])
        # The spelling of a known unit wins ("Trung tâm Chính trị quận" = "Trung tâm chính trị quận").
        found.append((0, next((name for name, k in known if k == key), lead[0])))
        seen.add(key)
    for name, key in known:
        if not key or key in seen:
            continue
        pos = folded.find(key)
        if pos >= 0:
            # Prefer the known spelling for the lead unit too.
            if found and found[0][0] == 0 and pos == 0:
                found[0] = (0, name)
            else:
                found.append((pos, name))
            seen.add(key)
    found.sort(key=lambda item: item[0])
    return [name for _, name in found]


def _leaf_items(section: Section) -> list[tuple[str, int | None]]:
    if section.paragraphs:
        return [(p.text, i) for i, p in enumerate(section.paragraphs)]
    if not section.children:
        return [(section.heading, None)]
    return []


def propose(doc: ParsedDocument, known_units: Iterable[str] = ()) -> None:
    """Fill ``doc.assignments`` and ``doc.tasks``."""
    year = doc.year
    organisation = [s for s in doc.sections if s.role == "organisation"]
    content = [s for s in doc.sections if s.role == "content"]
    if not doc.sections or (
        not organisation
        and not any(s.role == "purpose" for s in doc.sections)
        and all(s.style != "roman" for s in doc.sections)
    ):
        content = list(doc.sections)  # no I/II/III parts: every item is content
    assignments: list[Assignment] = []
    for part in organisation:
        for item in part.children:
            found = unit_of(item.heading)
            body = "\n".join(p.text for p in item.paragraphs)
            if found and found[1] != squash_spaces(item.heading):
                unit, duty = found
                text = "\n".join(filter(None, [duty, body]))
            elif found:
                unit, text = found[0], "\n".join(filter(None, [item.heading, body]))
            elif item.paragraphs:
                unit, text = item.heading, body
            else:
                continue
            assignments.append(
                Assignment(
                    unit=unit, text=text, section=item.path, deadline=find_deadline(text, year), section_ref=item
                )
            )
    doc.assignments = assignments
    names = [(name, fold(name)) for name in dict.fromkeys([a.unit for a in assignments] + list(known_units))]
    tasks: list[TaskProposal] = []
    for part in content:
        for section in part.walk():
            for text, index in _leaf_items(section):
                tasks.append(
                    TaskProposal(
                        text=text,
                        section=section.path,
                        units=_units_in(text, names),
                        deadline=find_deadline(text, year),
                        section_ref=section,
                        paragraph_index=index,
                    )
                )
    doc.tasks = tasks
