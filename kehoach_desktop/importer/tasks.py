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

from ..core.citations import COMPOUND_BODY_RE
from ..core.deadlines import Deadline, find_deadline
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
        return [(p.text, i) for i, p in enumerate(section.paragraphs) if not _not_a_task(p.text)]
    if not section.children and not _not_a_task(section.heading):
        return [(section.heading, None)]
    return []


# -- structure as authors write it (issue 16) -----------------------------------------------
_LEAD_LINE_RE = re.compile(r"^(?:don vi|co quan|bo phan)?\s*chu tri\s*:\s*")
_COOP_LINE_RE = re.compile(r"^(?:don vi|co quan|bo phan)?\s*phoi hop\s*:\s*")
_TIME_LINE_RE = re.compile(r"^(?:thoi gian(?: thuc hien| hoan thanh)?|thoi han)\s*:\s*")
_COOP_RE = re.compile(r"\b(?:phoi hop (?:chat che )?(?:voi )?|cung (?:voi )?)")
_COOP_STOP_RE = re.compile(
    r"\s+(?:tham muu|to chuc|trien khai|thuc hien|xay dung|tuyen truyen|huong dan|theo doi|kiem tra|bao cao|"
    r"de |nham|trong|truoc|tai|ve )|[.;:(]|$"
)
_LIST_SEP_RE = re.compile(r",\s*|\s+và\s+|\s+cùng\s+")
_NAME_LIST_RE = re.compile(r"^(?:(?:dong chi|ong|ba)\s+)?[A-ZĐ][a-zà-ỹđ]+(?: [A-ZĐ][a-zà-ỹđ]+){1,4}\s*[-–,:]")


def _not_a_task(text: str) -> bool:
    """A slogan ("…!" or a quoted line), a list of names ("Đồng chí Nguyễn Văn A - Bí thư"),
    or a "Đơn vị chủ trì: …" / "Thời gian: …" line: not a task of its own."""
    stripped = text.strip()
    folded = fold(stripped)
    if stripped.endswith("!") or (stripped[:1] in '“"«' and stripped.rstrip(".;")[-1:] in '”"»'):
        return True
    if _LEAD_LINE_RE.match(folded) or _COOP_LINE_RE.match(folded) or _TIME_LINE_RE.match(folded):
        return True
    return (
        bool(_NAME_LIST_RE.match(stripped))
        and len(stripped) < 90
        and fold(stripped).startswith(("dong chi", "ong ", "ba "))
    )


def _names_after(text: str, start: int) -> list[str]:
    """Unit names listed from *start*: "Ban Tuyên giáo, Văn phòng và Đoàn Thanh niên …"."""
    folded = fold(text)
    end = len(text)
    for stop in _COOP_STOP_RE.finditer(folded, start):
        word_at = stop.start() + (len(stop.group(0)) - len(stop.group(0).lstrip()))
        if stop.group(0).strip()[:1].isalpha() and word_at < len(text) and text[word_at].isupper():
            continue  # "Ủy ban Kiểm tra": a capitalised word belongs to the name
        end = stop.start()
        break
    chunk = text[start:end]
    parts: list[str] = []
    pos = 0
    while pos < len(chunk):
        whole = COMPOUND_BODY_RE.match(chunk, pos)  # "Sở Giáo dục và Đào tạo" is one name
        whole_end = whole.end() if whole else pos
        if whole:
            # "Sở Y tế, Đoàn Thanh niên": a part after a comma that starts a unit's name is the next unit.
            for comma in re.finditer(r",\s*", chunk[pos:whole_end]):
                if _UNIT_START_RE.match(fold(chunk[pos + comma.end() : whole_end])):
                    whole_end = pos + comma.start()
                    break
        sep = _LIST_SEP_RE.search(chunk, whole_end)
        end = sep.start() if sep else len(chunk)
        parts.append(chunk[pos:end])
        pos = sep.end() if sep else len(chunk)
    return [p.strip(" ,;") for p in parts if p.strip(" ,;") and _UNIT_START_RE.match(fold(p.strip()))]


def cooperating_in(text: str) -> list[str]:
    """Units a task names as cooperating: "phối hợp với …", "cùng …", "Đơn vị phối hợp: …"."""
    folded = fold(text)
    m = _COOP_LINE_RE.match(folded)
    if m:
        return _names_after(text, m.end())
    out: list[str] = []
    for m in _COOP_RE.finditer(folded):
        out += [n for n in _names_after(text, m.end()) if n not in out]
    return out


def _section_context(section: Section, year: int | None) -> tuple[str | None, list[str], Deadline | None]:
    """(lead unit, cooperating units, deadline) a section gives the tasks under it: a unit
    named as its heading ("1. Sở Y tế", "2. Văn phòng Đảng ủy:"), "Đơn vị chủ trì: …" /
    "Đơn vị phối hợp: …" / "Thời gian: …" lines, a deadline in the heading ("Đợt 1: Trong
    tháng 12/2025")."""
    lead = None
    heading = squash_spaces(section.heading).rstrip(":").strip()
    if (
        heading
        and len(heading.split()) <= 12
        and _UNIT_START_RE.match(fold(heading))
        and not _VERB_RE.search(" " + fold(heading))
    ):
        lead = heading
    coop: list[str] = []
    deadline = find_deadline(section.heading, year) if section.heading else None
    for p in section.paragraphs:
        folded = fold(p.text.strip())
        m = _LEAD_LINE_RE.match(folded)
        if m:
            names = _names_after(p.text.strip(), m.end()) or [p.text.strip()[m.end() :].strip(" .;")]
            lead = names[0] if names else lead
            coop += names[1:]
        elif _COOP_LINE_RE.match(folded):
            coop += cooperating_in(p.text)
        elif _TIME_LINE_RE.match(folded):
            deadline = find_deadline(p.text, year) or deadline
    return lead, coop, deadline


def match_units(names: list[str], known: list[str], cutoff: float = 88.0) -> tuple[list[str], list[str]]:
    """(names with the office's spelling where one matches closely, names with no match).

    rapidfuzz's token-set ratio on folded names: "UBND xã" vs "Ủy ban nhân dân xã" stays
    unmatched (an abbreviation is not a spelling), "Văn phòng Đảng uỷ" = "Văn phòng Đảng ủy"."""
    if not known:
        return list(names), list(names)
    from rapidfuzz import fuzz, process

    folded_known = {fold(k): k for k in known}
    out: list[str] = []
    unmatched: list[str] = []
    for name in names:
        key = fold(name)
        if key in folded_known:
            out.append(folded_known[key])
            continue
        best = process.extractOne(key, list(folded_known), scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
        if best:
            out.append(folded_known[best[0]])
        else:
            out.append(name)
            unmatched.append(name)
    return list(dict.fromkeys(out)), unmatched


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
    known = list(known_units)

    def visit(section: Section, inherited: tuple[str | None, list[str], Deadline | None]) -> None:
        lead, coop, deadline = _section_context(section, year)
        lead = lead or inherited[0]
        coop = coop or inherited[1]
        deadline = deadline or inherited[2]
        for text, index in _leaf_items(section):
            units = _units_in(text, names)
            if lead and fold(lead) not in {fold(u) for u in units} and (index is not None or text != section.heading):
                units = [lead, *units]
            cooperating = [c for c in cooperating_in(text) or coop if fold(c) not in {fold(u) for u in units[:1]}]
            units, unmatched = match_units(units, known)
            cooperating, more = match_units(cooperating, known)
            tasks.append(
                TaskProposal(
                    text=text,
                    section=section.path,
                    units=units,
                    deadline=find_deadline(text, year) or deadline,
                    section_ref=section,
                    paragraph_index=index,
                    cooperating=cooperating,
                    unmatched=list(dict.fromkeys(unmatched + more)) if known else [],
                )
            )
        for child in section.children:
            visit(child, (lead, coop, deadline))

    for part in content:
        visit(part, (None, [], None))
    doc.tasks = tasks
