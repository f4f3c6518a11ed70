"""Task proposals from the content sections, unit assignments from TỔ CHỨC THỰC HIỆN.

Every action item of the content part (a bullet, a plain paragraph, or a numbered
item with no text under it) becomes a proposed task with the deadline its words
state; each item of III. TỔ CHỨC THỰC HIỆN becomes an assignment of a unit
(``2. Ban Tuyên giáo Huyện ủy: Tham mưu …`` or ``1. Ban Tuyên giáo Đảng ủy Khối
tham mưu …``). The user reviews both before anything is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..core.citations import COMPOUND_BODY_RE
from ..core.deadlines import Deadline, find_deadline
from ..core.folding import fold_aligned as fold
from ..core.task_hints import COOP_LINE_RE as _COOP_LINE_RE
from ..core.task_hints import LEAD_LINE_RE as _LEAD_LINE_RE
from ..core.task_hints import PHASE_RE as _PHASE_RE
from ..core.task_hints import RESULT_LINE_RE as _RESULT_LINE_RE
from ..core.task_hints import TIME_LINE_RE as _TIME_LINE_RE
from ..core.text import squash_spaces
from .model import Assignment, ParsedDocument, Section, TaskProposal

# Words a unit's name starts with (folded).
_UNIT_START_RE = re.compile(
    r"^(?:cac\s+)?(?:ban|van phong|uy ban|ubnd|ubmt|ub\.?\s*mttq|mttq|mat tran|trung tam|cap uy|dang uy|"
    # not a topic that starts with the same word: «Hội nghị …», «Số hóa …», «Phòng, chống …», «Đại hội …»
    r"dang doan|ban can su|chi uy|chi bo|dang bo|doan|hoi(?! nghi| thao| thi| dien| cho)|phong(?!,? chong)|"
    r"so(?! hoa| lieu| luong| ket| sanh)|cong an|quan su|truong|tccs|"
    r"thuong truc|thuong vu|bch|huyen uy|quan uy|thanh uy|tinh uy|dai(?! hoi)|cong thong tin|"
    r"co quan|don vi|lien doan|hoi dong|"
    # People by their role lead tasks too: "Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban: …",
    # "Các đ/c Phó Chủ tịch", "Chủ tịch Ủy ban MTTQ xã", "Tổ bầu cử" (issue 16).
    r"(?:cac\s+)?(?:dong chi|d/c)|chu tich|pho chu tich|pho truong|bi thu|pho bi thu|tieu ban|thu truong|"
    r"giam doc|pho giam doc|chuyen vien|cong chuc|can bo phu trach|uy vien|thanh vien|"
    r"to (?:bau cu|cong tac|dan pho|giup viec|cong nghe))\b"
)
# Verbs that end the unit's name in "Ban Tuyên giáo … tham mưu …".
_VERB_RE = re.compile(
    r"\s(?:tham muu|chu tri|phoi hop|chi dao|to chuc(?! chinh tri| dang| co so| doan)|xay dung|trien khai|"
    r"theo doi|huong dan|thuc hien|can cu|co trach nhiem|chiu trach nhiem|pho bien|tang cuong|"
    r"kiem tra|quan tam|bao cao|lanh dao|dam bao|tiep tuc|chu dong|nghien cuu|tuyen truyen|phat huy|"
    r"giup|cu\s|ra soat|dinh huong|bam sat|nam bat|cap nhat|phan cong|de xuat|ban hanh|phat song|phat dong|"
    r"dang tai|bo tri|tham dinh|tong hop|don doc|van dong|thong tin|lam tot|nang cao|day manh|"
    r"bien soan|chuan bi|cung cap|phat hanh|quan triet|so ket|tong ket)\b"
)
_COLON_UNIT_RE = re.compile(r"^([^:]{2,120}?)\s*:\s*(.+)$", re.DOTALL)
_MAX_UNIT_WORDS = 16


def _words(text: str) -> int:
    """Words of a name, dashes not counted ("Phó Trưởng phòng Văn hóa - Xã hội")."""
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


# "Điều 3. Giao Văn phòng Trung ương Đoàn tham mưu …", "Giao cho Sở Y tế chủ trì …": the unit follows.
_GIVEN_TO_RE = re.compile(r"^(?:dieu \d{1,2}\.\s*)?(?:giao(?: cho)?|phan cong)\s+(?=\S)")


def unit_of(text: str) -> tuple[str, str] | None:
    """(unit, duty) named at the start of an item, or ``None``."""
    text = squash_spaces(text)
    given = _GIVEN_TO_RE.match(fold(text))
    if given:
        found = unit_of(text[given.end() :])
        return (found[0], text) if found else None
    m = _COLON_UNIT_RE.match(text)
    if m and _words(m[1]) <= _MAX_UNIT_WORDS and not m[1].endswith((",", ";")) and _UNIT_START_RE.match(fold(m[1])):
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


_SUBJECT_SPLIT_RE = re.compile(r",\s*|\s+và\s+")


def split_subject(name: str) -> list[str]:
    """Several units named as one subject: "Sở, ban, ngành, Ủy ban nhân dân quận-huyện, xã, phường"
    → "Sở, ban, ngành" and "Ủy ban nhân dân quận-huyện, xã, phường": a new unit starts after a
    comma or "và" with a capitalised word that starts a unit's name; "Sở Giáo dục và Đào tạo",
    "Ban Tuyên giáo và Dân vận" and the collective "Sở, ban, ngành" stay whole."""
    out = [name]
    start = 0
    for sep in _SUBJECT_SPLIT_RE.finditer(name):
        rest = name[sep.end() :]
        if rest[:1].isupper() and _UNIT_START_RE.match(fold(rest)):
            out[-1] = name[start : sep.start()].strip(" ,;")
            start = sep.end()
            out.append(name[start:].strip(" ,;"))
    return [part for part in out if part]


def _units_in(text: str, known: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Units named in *text* as (as written, name): the one(s) it starts with, then known
    (name, folded) it mentions. A known unit's spelling wins for the lead too."""
    folded = fold(text)
    found: list[tuple[int, str, str]] = []
    lead = unit_of(text)
    seen: set[str] = set()
    if lead and not lead[0].lower().startswith(("các", "cac")):
        for part in split_subject(lead[0]):
            key = fold(part)
            # The spelling of a known unit wins ("Trung tâm Chính trị quận" = "Trung tâm chính trị quận").
            found.append((0, part, next((name for name, k in known if k == key), part)))
            seen.add(key)
    elif lead:
        # «Các chi bộ tổ chức học bù …» with the office's «Các chi bộ trực thuộc»: that unit, shortened
        key = fold(lead[0])
        name = next((name for name, k in known if k.startswith(key + " ") and len(key.split()) >= 3), None)
        if name is not None:
            found.append((0, lead[0], name))
            seen.add(fold(name))
    for name, key in known:
        if not key or key in seen:
            continue
        pos = folded.find(key)
        if pos >= 0:
            if found and found[0][0] == 0 and pos == 0:
                found[0] = (0, found[0][1], name)  # "Văn phòng Đảng ủy xã" → the office's "Văn phòng Đảng ủy"
            else:
                found.append((pos, text[pos : pos + len(key)], name))
            seen.add(key)
    found.sort(key=lambda item: item[0])
    return [(written, name) for _, written, name in found]


# A paragraph that introduces or describes, not a duty: "Các nội dung dưới đây được triển khai …",
# "… như sau:", "Nguyên tắc tổ chức hiệp thương: Bảo đảm …", "Tài liệu phục vụ hội nghị: Gồm …".
_INTRO_RE = re.compile(r"\b(?:duoi day|sau day)\b|:\s*$")
_ATTRIBUTE_RE = re.compile(
    r"^(?:nguyen tac|tai lieu|thanh phan|hinh thuc|dia diem|doi tuong|phuong thuc|kinh phi|tieu chuan|"
    r"yeu cau|muc dich|pham vi|so luong|co cau|ho so|thoi diem|phuong an)\b[^:]{0,50}:"
)


_SLOGANS_RE = re.compile(r"^(?:cac |mot so )?khau hieu\b")


def _describes(text: str) -> bool:
    folded = fold(text.strip())
    return bool(_INTRO_RE.search(folded) or _ATTRIBUTE_RE.match(folded))


def _leaf_items(section: Section, dl: DeadlineOf | None = None) -> list[tuple[str, int | None]]:
    dl = dl or _plain_deadline
    if section.paragraphs:
        return [
            (p.text, i)
            for i, p in enumerate(section.paragraphs)
            if not _not_a_task(p.text) and not (_describes(p.text) and not dl(p.text))
        ]
    if not section.children and not _not_a_task(section.heading):
        return [(section.heading, None)]
    return []


# -- structure as authors write it (issue 16) -----------------------------------------------
_COOP_RE = re.compile(r"\b(?:phoi hop (?:chat che )?(?:voi )?|cung (?:voi )?)")
_COOP_STOP_RE = re.compile(
    r"\s+(?:tham muu|to chuc|trien khai|thuc hien|xay dung|tuyen truyen|huong dan|theo doi|kiem tra|bao cao|"
    # «phối hợp với Trung tâm Chính trị xã bố trí báo cáo viên»: the work after the name
    r"bo tri|chuan bi|bien soan|ra soat|cung cap|giam sat|van dong|tong hop|don doc|cap nhat|lua chon|"
    r"boi duong|tap huan|quan triet|phat dong|dang tai|so hoa|tham dinh|de xuat|danh gia|so ket|tong ket|"
    r"de |nham|trong|truoc|tai|ve )|[.;:(]|$"
)
_LIST_SEP_RE = re.compile(r",\s*|\s+và\s+|\s+cùng\s+")
# "Đồng chí Nguyễn Văn An - Bí thư Đảng ủy, Trưởng ban.": a person's name (family name first) and role.
_NAME_LIST_RE = re.compile(
    r"^(?:(?i:đồng chí|đ/c|ông|bà)\s+)?(?P<name>[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?: [A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4})\s*(?:[-–,:(]|$)"
)
_FAMILY_NAMES = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "trinh",
        "mai",
        "cao",
        "luu",
        "lam",
        "ha",
        "to",
        "tang",
        "chu",
        "doan",
        "kieu",
        "quach",
        "thai",
        "vuong",
        "luong",
        "tong",
        "trieu",
        "giap",
        "nong",
        "lo",
        "hua",
        "khuat",
    ]
)
# "Đảng Cộng sản Việt Nam quang vinh muôn năm", "Nhiệt liệt chào mừng …": slogans without "!".
# "Điều 4. Quyết định này có hiệu lực từ ngày ký", "… này thay thế Quyết định số …", "Ban hành kèm
# theo Quyết định này …": the effect of the document, not a duty.
_LEGAL_EFFECT_RE = re.compile(
    r"^(?:dieu \d{1,2}\.\s*)?(?:(?:quyet dinh|nghi quyet|quy dinh|quy che|thong tu|chi thi|ke hoach) nay "
    r"(?:co hieu luc|thay the)|ban hanh kem theo)"
)
_SLOGAN_RE = re.compile(r"\bmuon nam\W*$|^nhiet liet chao mung\b|^chao mung\b|^tat ca vi\b")


def _not_a_task(text: str) -> bool:
    """A slogan ("…!" or a quoted line), a list of names ("Đồng chí Nguyễn Văn A - Bí thư"),
    or a "Đơn vị chủ trì: …" / "Thời gian: …" line: not a task of its own."""
    stripped = text.strip()
    folded = fold(stripped)
    if stripped.endswith("!") or (stripped[:1] in '“"«' and stripped.rstrip(".;")[-1:] in '”"»'):
        return True
    if _key_line(folded) or _SLOGAN_RE.search(folded.rstrip(". ")) or _LEGAL_EFFECT_RE.search(folded[:160]):
        return True
    m = _NAME_LIST_RE.match(stripped)
    return m is not None and len(stripped) < 120 and fold(m["name"]).split()[0] in _FAMILY_NAMES


def _key_line(folded: str) -> bool:
    """ "Đơn vị chủ trì: …", "Đơn vị phối hợp: …", "Thời gian hoàn thành: …", "Kết quả: …"."""
    return bool(
        _LEAD_LINE_RE.match(folded)
        or _COOP_LINE_RE.match(folded)
        or _TIME_LINE_RE.match(folded)
        or _RESULT_LINE_RE.match(folded)
    )


def _listed(text: str, start: int) -> list[str]:
    """The names of a "Đơn vị chủ trì: …" / "Đơn vị phối hợp: …" line: a part after a comma or
    "và" that does not start a name qualifies the one before ("Đồng chí Phó Chủ tịch Thường
    trực, phụ trách lĩnh vực Giám sát" is one person)."""
    out: list[str] = []
    pieces = re.split(r"(,\s*|\s+và\s+|\s+cùng\s+)", text[start:].strip().rstrip(".;"))
    for k in range(0, len(pieces), 2):
        part = pieces[k].strip(" ,;")
        if not part:
            continue
        if out and not _UNIT_START_RE.match(fold(part)):
            out[-1] = f"{out[-1]}{pieces[k - 1]}{part}"  # joined as written
        else:
            out.append(part)
    return out


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
    return [
        p.strip(" ,;")
        for p in parts
        if p.strip(" ,;") and _UNIT_START_RE.match(fold(p.strip())) and fold(p.strip(" ,;")) not in _BARE_WORDS
    ]


# «phối hợp với lãnh đạo cơ quan, đơn vị …»: a bare «đơn vị» ends a phrase, it names no unit (the walk).
_BARE_WORDS = {"don vi", "co quan", "cac don vi", "cac co quan"}


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


DeadlineOf = Callable[[str], "Deadline | None"]


def _plain_deadline(text: str) -> Deadline | None:
    return find_deadline(text)


@dataclass
class _Context:
    """What a section gives the tasks under it (issue 16)."""

    lead: str | None = None
    coop: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    product: str = ""
    card: bool = False  # "Đơn vị chủ trì: …" / "Thời gian: …" lines under the item: the item is the task


def _section_context(section: Section, year: int | None, dl: DeadlineOf | None = None) -> _Context:
    """The lead unit, cooperating units, deadline and product a section gives the tasks under it:
    a unit named as its heading ("1. Sở Y tế", "2. Văn phòng Đảng ủy:"), "Đơn vị chủ trì: …" /
    "Đơn vị phối hợp: …" / "Thời gian: …" / "Kết quả: …" lines, a deadline in the heading ("Đợt
    1: Trong tháng 12/2025"); a date the heading states beats the "Thời gian" line's period."""
    ctx = _Context()
    heading = squash_spaces(section.heading).rstrip(":").strip()
    if (
        heading
        and len(heading.split()) <= 12
        and _UNIT_START_RE.match(fold(heading))
        and not _VERB_RE.search(" " + fold(heading))
    ):
        ctx.lead = heading
    dl = dl or (lambda text: find_deadline(text, year))
    own = dl(section.heading) if section.heading else None
    timed: Deadline | None = None
    for p in section.paragraphs:
        folded = fold(p.text.strip())
        m = _LEAD_LINE_RE.match(folded)
        if m:
            names = _listed(p.text.strip(), m.end())
            ctx.lead = names[0] if names else ctx.lead
            ctx.coop += names[1:]
            ctx.card = True
        elif _COOP_LINE_RE.match(folded):
            ctx.coop += _listed(p.text.strip(), _COOP_LINE_RE.match(folded).end())  # type: ignore[union-attr]
            ctx.card = True
        elif _TIME_LINE_RE.match(folded):
            timed = dl(p.text) or timed
            ctx.card = True
        elif _RESULT_LINE_RE.match(folded):
            ctx.product = p.text.strip()[_RESULT_LINE_RE.match(folded).end() :].strip()  # type: ignore[union-attr]
            ctx.card = True
    if own is not None and (own.kind in ("date", "range") or timed is None):
        ctx.deadline = own
    else:
        ctx.deadline = timed or own
    return ctx


def _task_card(section: Section, ctx: _Context) -> bool:
    """The item of "Đơn vị chủ trì: …" / "Thời gian: …" lines is the task when it states a duty —
    not a phase ("Đợt 1: Trong tháng 12/2025") nor a unit ("2. Văn phòng Đảng ủy:"), whose
    lines go to the tasks under it."""
    heading = squash_spaces(section.heading).strip()
    if not heading or _not_a_task(heading) or _PHASE_RE.match(fold(heading)):
        return False
    return not (ctx.lead and fold(ctx.lead) == fold(heading.rstrip(":").strip()))


_SENTENCE_END = (".", ";", "./.", ".)", ";)")


def _duty_heading(section: Section, year: int | None, dl: DeadlineOf | None = None) -> bool:
    """A numbered item whose text is a duty, not a title: "b. Báo cáo … chậm nhất ngày
    03/02/2026." — a sentence, or a date of its own — even when paragraphs follow it."""
    heading = section.heading.strip()
    if not heading or heading.endswith(":") or _not_a_task(heading):
        return False
    if heading.endswith(_SENTENCE_END) and len(heading.split()) >= 5:
        return True
    found = (dl or (lambda text: find_deadline(text, year)))(heading)
    return found is not None and found.kind in ("date", "range")


def spelling(name: str, known: list[str], cutoff: float = 88.0) -> str | None:
    """The office's unit *name* stands for: the same name folded, else the closest by rapidfuzz's
    token-sort ratio on folded names (≥ *cutoff*); ``None`` when none is close. "UBND xã" vs
    "Ủy ban nhân dân xã" stays unmatched (an abbreviation is not a spelling)."""
    if not known:
        return None
    from rapidfuzz import fuzz, process

    folded_known = {fold(k): k for k in known}
    key = fold(name)
    if key in folded_known:
        return folded_known[key]
    best = process.extractOne(key, list(folded_known), scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
    return folded_known[best[0]] if best else None


def match_units(names: list[str], known: list[str], cutoff: float = 88.0) -> tuple[list[str], list[str]]:
    """(names with the office's spelling where one matches closely, names with no match):
    :func:`spelling` for each; "Văn phòng Đảng uỷ" = "Văn phòng Đảng ủy"."""
    if not known:
        return list(names), list(names)
    out: list[str] = []
    unmatched: list[str] = []
    for name in names:
        spelled = spelling(name, known, cutoff)
        out.append(spelled or name)
        if spelled is None:
            unmatched.append(name)
    return list(dict.fromkeys(out)), unmatched


def _unit_after_clause(text: str) -> tuple[str, str] | None:
    """ "Kết thúc cuộc bầu cử, Ban Thường trực Ủy ban MTTQ phường, chịu trách nhiệm …": the unit
    after a leading clause of time or condition."""
    for comma in re.finditer(r",\s*", text[:90]):
        found = unit_of(text[comma.end() :])
        if found:
            return found
    return None


def _card_text(section: Section) -> str:
    """The item of a task card with its description lines (not the key lines)."""
    lines = [section.heading] + [p.text for p in section.paragraphs if not _key_line(fold(p.text.strip()))]
    return "\n".join(x for x in lines if x.strip())


def propose(doc: ParsedDocument, known_units: Iterable[str] = ()) -> None:
    """Fill ``doc.assignments`` and ``doc.tasks``."""
    year = doc.year
    memo: dict[str, Deadline | None] = {}  # a heading is asked several times (card, duty, context)

    def dl(text: str) -> Deadline | None:
        if text not in memo:
            memo[text] = find_deadline(text, year)
        return memo[text]

    organisation = [s for s in doc.sections if s.role == "organisation"]
    content = [s for s in doc.sections if s.role == "content"]
    if not doc.sections or (
        not organisation
        and not any(s.role == "purpose" for s in doc.sections)
        and all(s.style != "roman" for s in doc.sections)
    ):
        content = list(doc.sections)  # no I/II/III parts: every item is content
    known = list(known_units)
    assignments: list[Assignment] = []
    led: list[tuple[Section, str | None]] = []  # sub-items of a unit's item: tasks led by that unit
    for part in organisation:
        for item in part.children:
            found = unit_of(item.heading) or _unit_after_clause(item.heading)
            body = "\n".join(p.text for p in item.paragraphs)
            if found and found[1] != squash_spaces(item.heading):
                unit, duty = found
                text = "\n".join(filter(None, [duty, body]))
            elif found:
                unit, text = found[0], "\n".join(filter(None, [item.heading, body]))
            elif item.paragraphs:
                unit, text = item.heading, body
            else:
                led += [(child, None) for child in item.children]
                continue
            spelled = spelling(unit, known)
            assignments.append(
                Assignment(
                    unit=spelled or unit,
                    text=text,
                    section=item.path,
                    deadline=dl(text),
                    section_ref=item,
                    written=unit if spelled and spelled != unit else "",
                    unmatched=bool(known) and spelled is None,
                )
            )
            unit = spelled or unit
            led += [(child, unit) for child in item.children]
    doc.assignments = assignments
    names = [(name, fold(name)) for name in dict.fromkeys([a.unit for a in assignments] + known)]
    tasks: list[TaskProposal] = []

    def propose_one(
        section: Section, text: str, index: int | None, ctx: _Context, deadline: Deadline | None, card: bool = False
    ) -> None:
        pairs = _units_in(text, names)
        lead = ctx.lead
        is_lead = bool(lead) and fold(squash_spaces(section.heading).rstrip(":").strip()) == fold(lead or "")
        own_heading = index is None and text == section.heading and not card and is_lead  # "1. Sở Y tế"
        if lead and fold(lead) not in {fold(n) for _, n in pairs} and not own_heading:
            pairs = [(lead, lead), *pairs]
        units, unmatched = match_units([n for _, n in pairs], known)
        cooperating = [c for c in cooperating_in(text) or ctx.coop if fold(c) not in {fold(u) for u in units[:1]}]
        coop_pairs = [(c, c) for c in cooperating]
        cooperating, more = match_units(cooperating, known)
        matched: dict[str, str] = {}  # as written → the office's unit: shown in the review for confirmation
        for written, name in [*pairs, *coop_pairs]:
            spelled = spelling(name, known)
            if spelled is not None and spelled != written:
                matched[written] = spelled
        tasks.append(
            TaskProposal(
                text=text,
                section=section.path,
                units=units,
                deadline=deadline,
                section_ref=section,
                paragraph_index=index,
                cooperating=cooperating,
                unmatched=list(dict.fromkeys(unmatched + more)) if known else [],
                product=ctx.product,
                matched=matched,
            )
        )

    def visit(section: Section, inherited: _Context) -> None:
        if _SLOGANS_RE.match(fold(section.heading.strip())):
            return  # "V. KHẨU HIỆU TUYÊN TRUYỀN": slogans, not tasks
        ctx = _section_context(section, year, dl)
        ctx.lead = ctx.lead or inherited.lead
        ctx.coop = ctx.coop or inherited.coop
        ctx.deadline = ctx.deadline or inherited.deadline
        if ctx.card and _task_card(section, ctx):
            # A task card: the item is the task; its other lines describe it.
            propose_one(section, _card_text(section), None, ctx, ctx.deadline, card=True)
        else:
            if section.paragraphs and _duty_heading(section, year, dl):
                # "b. Báo cáo … chậm nhất ngày 03/02/2026." with a paragraph under it: both are tasks.
                propose_one(section, section.heading, None, ctx, dl(section.heading) or ctx.deadline)
            for text, index in _leaf_items(section, dl):
                propose_one(section, text, index, ctx, dl(text) or ctx.deadline)
        for child in section.children:
            visit(child, ctx)

    for part in content:
        visit(part, _Context())
    for section, led_by in led:
        visit(section, _Context(lead=led_by))
    doc.tasks = tasks
