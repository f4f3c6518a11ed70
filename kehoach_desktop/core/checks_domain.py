"""The reviewer's checks of issue 17 (Qt-free), run by :func:`core.checks.run_checks`.

Each finds one kind of problem an upper-level reviewer sends back, names its place and
suggests the fix: a căn cứ whose document was replaced or expired, a body that no
longer exists (a district body after 01/7/2025) or did not exist yet on the plan's date,
a type the issuing body may not issue (Quy định 399-QĐ/TW, as data), template text left
in, a task deadline after the upstream document's deadline, a year that does not fit the
plan, a căn cứ written wrongly, manual numbering that repeats or skips, misspelt syllables.

What a check finds in one text is kept per text (``lru_cache`` on text → tuple
functions): a check after an edit reads afresh only the texts that changed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import lru_cache

from .basis import natural_case
from .dates import format_short
from .document import Node, PlanDocument
from .domain import BodyIndex, BodySpec, issuer_kind, may_issue, specs_from_seed
from .findings import ERROR, WARNING, CheckContext, Finding, _excerpt, _texts, cites_in
from .relations import ENDING
from .relations import KINDS as RELATION_KINDS
from .text import fold, shorten


def _day(doc: PlanDocument, ctx: CheckContext) -> dt.date:
    """The day the plan speaks for: its date; undated, today — or 1 January of its year
    when that year is past (an old plan imported without a date is judged in its time)."""
    if doc.date:
        return doc.date
    today = ctx.today or dt.date.today()
    if ctx.plan_year and ctx.plan_year < today.year:
        return dt.date(ctx.plan_year, 1, 1)
    return today


def _all_places(doc: PlanDocument) -> list[tuple[str, int | None, str]]:
    """Every text a reader sees, with recipients one by one and the signature (once per run)."""
    cached: list[tuple[str, int | None, str]] | None = doc.__dict__.get("_check_places")
    if cached is not None:
        return cached
    out = list(_texts(doc))
    out += [(f"recipient:{i}", None, line) for i, line in enumerate(doc.recipients)]
    sig = doc.signature
    out += [("signature", None, t) for t in (sig.authority, sig.title, sig.name) if t]
    doc.__dict__["_check_places"] = out
    return out


# -- căn cứ whose document was replaced, repealed, expired or amended --------------------
def check_basis_status(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    if not ctx.relations:
        return []
    day = _day(doc, ctx)
    out: list[Finding] = []
    cited_anywhere = {c.number for _p, _n, t in _texts(doc) if t for c in cites_in(t)}
    seen: set[tuple[str, str]] = set()
    for place, node_id, text in _texts(doc):
        if not text:
            continue
        for cite in cites_in(text):
            for rel in ctx.relations.get(cite.number, []):
                if not rel.applies_on(day) or (cite.number, rel.kind) in seen:
                    continue
                seen.add((cite.number, rel.kind))
                where = _excerpt(text, cite.start, cite.end, 0)
                by = rel.by_label or (f"văn bản số {rel.by_number}" if rel.by_number else "")
                when = (
                    f" từ ngày {format_short(rel.effective_on)}"
                    if rel.effective_on and format_short(rel.effective_on) not in by
                    else ""
                )
                if rel.kind in ENDING:
                    verb = {"replaces": "đã được thay thế bằng", "repeals": "đã bị bãi bỏ bởi"}.get(rel.kind, "")
                    said = f"{verb} {by}" if verb and by else "đã hết hiệu lực"
                    fix = (
                        f"Trích dẫn {by} thay cho {cite.doc_type} số {cite.number}."
                        if rel.kind == "replaces" and by
                        else f"Bỏ {cite.doc_type} số {cite.number} khỏi căn cứ (hoặc dẫn văn bản còn hiệu lực)."
                    )
                    out.append(
                        Finding(
                            "basis_superseded",
                            ERROR if place == "field:basis" else WARNING,
                            place,
                            f"{cite.doc_type} số {cite.number} {said}{when}.",
                            node_id,
                            cite.number,
                            where,
                            fix,
                        )
                    )
                elif rel.kind == "amends" and rel.by_number not in cited_anywhere:
                    out.append(
                        Finding(
                            "basis_amended",
                            WARNING,
                            place,
                            f"{cite.doc_type} số {cite.number} đã được {RELATION_KINDS['amends']} bởi {by}{when}.",
                            node_id,
                            cite.number,
                            where,
                            f"Dẫn thêm {by} (văn bản sửa đổi, bổ sung) vào căn cứ.",
                        )
                    )
    return out


# -- bodies that no longer exist -------------------------------------------------------------
_ORG_HEAD_RE = re.compile(r"^[^:.;]{3,90}?(?=:)")


_INDEXES: dict[tuple[object, ...], BodyIndex] = {}


def body_index(bodies: list[BodySpec] | None) -> BodyIndex:
    """A BodyIndex per distinct table (built once; the table changes rarely)."""
    bodies = bodies if bodies is not None else specs_from_seed()
    key = tuple((b.code, b.name, tuple(b.aliases), b.valid_from, b.valid_to, b.successor) for b in bodies)
    if key not in _INDEXES:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        _INDEXES[key] = BodyIndex(list(bodies))
    return _INDEXES[key]


def check_bodies(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    day = _day(doc, ctx)
    index = body_index(ctx.bodies)
    if not any(b.valid_to or b.valid_from for b in index.bodies):
        return []
    places: list[tuple[str, int | None, str, str]] = [
        ("field:superior_body", None, doc.superior_body, "Cơ quan cấp trên"),
        ("field:issuer_body", None, doc.issuer_body, "Cơ quan ban hành"),
    ]
    places += [(f"recipient:{i}", None, line, "Nơi nhận") for i, line in enumerate(doc.recipients)]
    places += [("signature", None, doc.signature.authority, "Chữ ký")]
    org_ids = {id(n) for top in doc.sections if _is_organisation(top) for n in top.children}
    for node in doc.walk():  # "2. Ban Tuyên giáo Huyện ủy: Tham mưu …" in Tổ chức thực hiện
        if node.role == "organisation" or id(node) in org_ids:
            m = _ORG_HEAD_RE.match(node.text or "")
            if m:
                places.append((f"node:{node.id}", node.id, m[0], "Tổ chức thực hiện"))
    for task_id, unit_ids in ctx.task_units.items():
        node_id = next((t.node_id for t in ctx.tasks if t.id == task_id), None)
        for uid in unit_ids:
            name = ctx.unit_names.get(uid, "")
            if name:
                place = f"node:{node_id}" if node_id else f"task:{task_id}"
                places.append((place, node_id, name, "Đơn vị thực hiện"))
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for place, node_id, text, what in places:
        if not text:
            continue
        for body, _s, _e in index.find(text):
            if (place, body.code) in seen:
                continue
            if body.valid_from is not None and day < body.valid_from:
                seen.add((place, body.code))
                out.append(_not_yet(index, body, day, place, node_id, text, what))
                continue
            if body.valid_to is None or not body.ended_by(day):
                continue
            seen.add((place, body.code))
            ended = f"đã kết thúc hoạt động từ ngày {format_short(body.valid_to + dt.timedelta(days=1))}"
            if body.successor:
                fix = f"Thay bằng «{body.successor}»."
            elif body.level == "Huyện":
                fix = "Bỏ cơ quan cấp huyện; thay bằng cơ quan cấp tỉnh hoặc đơn vị của xã, phường đang đảm nhiệm việc này."
            else:
                fix = "Thay bằng cơ quan đang hoạt động (xem Danh mục → Cơ quan ban hành…)."
            out.append(
                Finding(
                    "body_ended",
                    ERROR,
                    place,
                    f"{what}: {_as_named(text, body)} {ended} (kế hoạch ngày {format_short(day)}).",
                    node_id,
                    excerpt=text[:120],
                    fix=fix,
                )
            )
    return out


_ROLE_NOTE_RE = re.compile(r"\s*\((?:để|đ/c|b/c|t/h)[^)]*\)\s*$", re.IGNORECASE)


def _as_named(text: str, body: BodySpec) -> str:
    """The body as the plan writes it («Quận ủy Ba Đình», not the table's «Huyện ủy»), with
    the table's name after it when the two differ, so the user finds the line at once."""
    written = _ROLE_NOTE_RE.sub("", text.strip().lstrip("-+•* ").rstrip(" ;,.:")).strip() or body.name
    if fold(body.name) in fold(written):
        return f"«{written}»"
    kind = "cơ quan cấp huyện" if body.level == "Huyện" else f"«{body.name}»"
    return f"«{written}» ({kind})"


# A body's first day differs by province (a merged ban: Bắc Giang 01/3/2025, Tiền Giang
# 06/02/2025): a plan within this many days before the table's date gets a warning only.
NOT_YET_MARGIN = dt.timedelta(days=90)


def _not_yet(
    index: BodyIndex, body: BodySpec, day: dt.date, place: str, node_id: int | None, text: str, what: str
) -> Finding:
    """A body named in a plan dated before the body existed (a merged ban in a 2024 plan,
    a commune committee set up on 01/7/2025 in a plan of June 2025)."""
    assert body.valid_from is not None
    start = format_short(body.valid_from)
    before = [b.name for b in index.bodies if b.successor and b.successor == body.name]
    if before:
        fix = (
            f"Trước ngày {start} dùng «{'» hoặc «'.join(before)}»; "
            f"nếu kế hoạch ban hành từ ngày {start} trở đi thì sửa ngày của kế hoạch."
        )
    else:
        fix = (
            f"Kiểm tra ngày của kế hoạch (cơ quan này có từ ngày {start}) hoặc dùng tên cơ quan "
            "đang hoạt động vào ngày đó; ngày thành lập sửa được trong Văn bản → Cơ quan ban hành…"
        )
    early = body.valid_from - day > NOT_YET_MARGIN
    return Finding(
        "body_not_yet",
        ERROR if early else WARNING,
        place,
        f"{what}: {_as_named(text, body)} chỉ có từ ngày {start}, sau ngày của kế hoạch ({format_short(day)}).",
        node_id,
        excerpt=text[:120],
        fix=fix,
    )


def _is_organisation(top: Node) -> bool:
    return top.role == "organisation" or fold(top.text[:30]).startswith("to chuc thuc hien")


# -- 399-QĐ/TW: which body may issue which type ------------------------------------------------
def check_authority(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    kind = issuer_kind(doc.issuer_body, doc.signature.authority)
    rule = may_issue(kind, doc.doc_type or "Kế hoạch")
    if rule is None:
        return []
    allowed = ", ".join(t.lower() for t in rule.names)
    sure = rule.confidence.startswith(("cao", "vừa"))
    standing = {"co_so": "btv_co_so", "tinh_uy": "btv_tinh_uy"}.get(kind or "")
    if standing and may_issue(standing, doc.doc_type or "Kế hoạch") is None:
        how = (
            f"«{doc.doc_type}» do Ban Thường vụ ban hành: ghi «T/M BAN THƯỜNG VỤ» ở phần chữ ký "
            f"(hoặc chọn loại khác: {allowed})."
        )
    else:
        how = f"Chọn loại văn bản khác ({allowed}) hoặc để cơ quan có thẩm quyền ban hành."
    return [
        Finding(
            "type_not_allowed",
            ERROR if sure else WARNING,
            "field:issuer_body",
            f"{rule.name} không ban hành «{doc.doc_type}» theo bảng thẩm quyền (Quy định 399-QĐ/TW; "
            f"độ tin cậy của dòng này: {rule.confidence}).",
            fix=f"{how} Bảng thẩm quyền sửa được: resources/domain/issuing_authority.json.",
        )
    ]


# -- text left from a template -----------------------------------------------------------------
_PLACEHOLDER_RES = [
    (re.compile(r"c[aấ]p [uủ][yỷý] c[aấ]p tr[eê]n", re.IGNORECASE), "«Cấp ủy cấp trên»"),
    (re.compile(r"\[[^\]\n]{0,80}\]"), "chỗ trong ngoặc vuông"),
    (re.compile(r"\{[a-z_]{1,20}\}"), "trường mẫu chưa thay"),
    (re.compile(r"(?:(?<=\s)|^)(?:…|\.{3,})(?=\s|$|[,;.)])"), "dấu «…» để trống"),
    (re.compile(r"\b(?:x{3,}|X{3,})\b"), "«xxx»"),
]


# Cheap literal hints first (one pass over every text); the exact patterns run on the few hits.
_PLACEHOLDER_HINT_RE = re.compile(r"…|\.\.\.|\[|\{|xxx|[uủ][yỷý] c[aấ]p tr", re.IGNORECASE)


@lru_cache(maxsize=8192)
def placeholder_in(text: str) -> tuple[str, int, int] | None:
    """(what, start, end) of the first template leftover in *text*, once per distinct text."""
    if not _PLACEHOLDER_HINT_RE.search(text):
        return None
    for rx, what in _PLACEHOLDER_RES:
        m = rx.search(text)
        if m:
            return (what, m.start(), m.end())
    return None


def check_placeholders(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    for place, node_id, text in _all_places(doc):
        hit = placeholder_in(text) if text else None
        if hit:
            what, start, end = hit
            out.append(
                Finding(
                    "placeholder",
                    ERROR,
                    place,
                    f"Còn {what} của mẫu: «{_excerpt(text, start, end, 25)}».",
                    node_id,
                    excerpt=text[start:end],
                    fix="Điền nội dung thật (tên cơ quan, số, ngày…) hoặc xóa chỗ này.",
                )
            )
    return out


# -- task deadline after the upstream document's deadline --------------------------------------
def check_upstream_deadlines(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out = []
    for t in ctx.tasks:
        up = ctx.upstream_due.get(t.id)
        due = t.deadline_end or t.deadline_start
        if not up or not due or due <= up[1]:
            continue
        label, limit = up
        out.append(
            Finding(
                "deadline_after_upstream",
                ERROR,
                f"node:{t.node_id}" if t.node_id else f"task:{t.id}",
                f"Nhiệm vụ «{shorten(t.title, 70)}» có thời hạn {format_short(due)}, sau hạn {format_short(limit)} "
                f"mà {label} yêu cầu.",
                t.node_id,
                fix=f"Đưa thời hạn về trước ngày {format_short(limit)}.",
            )
        )
    return out


# -- years that do not fit the plan --------------------------------------------------------------
_YEAR_RE = re.compile(r"(?<![\d/.\-])((?:19|20)\d\d)(?![\d])")
_RANGE_RE = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)")
_PAST_CUES = (
    "nhiem ky",
    "khoa ",
    "giai doan",
    "so voi",
    "ket qua",
    "tong ket",
    "so ket",
    "tu nam",
    "ke tu",
    "nam qua",
    "cung ky",
    "truoc",
    "da ",
    "ky niem",
    "thanh lap",
    "ngay sinh",
    "danh gia",
    "thuc hien nam",
    "cuong linh",
    "hien phap",
    "dieu le",
    "phat trien nam",
    "sua doi, bo sung",  # «Luật … (được sửa đổi, bổ sung năm 2025)»
)
# A law named with its year: «Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân năm 2015»,
# «Bộ luật Lao động năm 2019» (no comma or full stop between the law and its year).
_LAW_NAME_RE = re.compile(r"\bluat\b[^.;,:()]*$")


@lru_cache(maxsize=8192)
def year_slips(text: str, plan_year: int) -> tuple[tuple[int, int, int], ...]:
    """(start, end, year) of each year in *text* earlier than *plan_year* that reads as a slip.

    Left alone: a cited document's own words (its date, its trích yếu), a range that
    reaches the plan's year or later ("nhiệm kỳ 2020–2025", "giai đoạn 2021 - 2026"),
    dates of events (``03/2/1930``), and a year after a word that looks back
    ("so với năm 2025", "kết quả năm 2025", "kỷ niệm …").
    """
    candidates = [m for m in _YEAR_RE.finditer(text) if int(m[1]) < plan_year]
    if not candidates:
        return ()
    protected = [(c.start, c.end) for c in cites_in(text)]
    for m in _RANGE_RE.finditer(text):
        protected.append((m.start(), m.end()))
    out = []
    for m in candidates:
        year = int(m[1])
        if any(a <= m.start() < b for a, b in protected):
            continue
        before = fold(text[max(0, m.start() - 45) : m.start()])
        if any(cue in before for cue in _PAST_CUES):
            continue
        if _LAW_NAME_RE.search(fold(text[max(0, m.start() - 140) : m.start()])):
            continue
        out.append((m.start(), m.end(), year))
    return tuple(out)


def check_years(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    year = ctx.plan_year or (doc.date.year if doc.date else None)
    if not year:
        return []
    out = []
    for place, node_id, text in _texts(doc):
        if not text:
            continue
        for start, end, found in year_slips(text, year):  # cached per text
            if found == ctx.stale_year:
                continue  # reported by check_stale_years with the clone's own message
            out.append(
                Finding(
                    "year_mismatch",
                    WARNING,
                    place,
                    f"Năm {found} trong kế hoạch năm {year}: «{_excerpt(text, start, end, 30)}».",
                    node_id,
                    excerpt=_excerpt(text, start, end, 30),
                    fix=f"Sửa thành {year} nếu là năm của kế hoạch; để nguyên nếu nói về năm trước.",
                )
            )
    return out


# -- a yearly guide of an earlier year as the căn cứ (outside walk) ---------------------------------
# «… về thực hiện công tác lý luận chính trị năm 2024»: the year a guide is for. Not «đến năm 2030»,
# «từ năm …», «giai đoạn …», «nhiệm kỳ …» (lasting documents), nor «năm 2025 trở đi».
_WORK_YEAR_RE = re.compile(r"(?<!đến )(?<!từ )(?<!đến hết )\bnăm ((?:19|20)\d\d)\b(?!\s*(?:trở đi|-|–))")


def check_basis_year(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    """A căn cứ whose trích yếu says it is the work of an earlier year («… năm 2024») in a plan
    for a later one: what a plan copied from last year's file keeps (the demo's 2027 draft did)."""
    year = ctx.plan_year or (doc.date.year if doc.date else None)
    if not year or not doc.basis:
        return []
    out = []
    for cite in cites_in(doc.basis):
        subject = cite.subject or ""
        if re.search(r"giai đoạn|nhiệm kỳ|đến năm|trở đi", subject, re.IGNORECASE):
            continue
        years = [int(m[1]) for m in _WORK_YEAR_RE.finditer(subject)]
        if not years or max(years) >= year:
            continue
        old = max(years)
        label = f"{cite.doc_type} số {cite.number}".strip()
        out.append(
            Finding(
                "basis_old_year",
                WARNING,
                "field:basis",
                f"Căn cứ «{label}» là văn bản về công tác năm {old}, còn kế hoạch này cho năm {year}.",
                excerpt=doc.basis[cite.start : cite.end][:120],
                number=cite.number,
                fix=f"Căn cứ văn bản hướng dẫn năm {year} của cấp trên (nếu đã ban hành), hoặc bỏ căn cứ này.",
            )
        )
    return out


# -- căn cứ written wrongly ------------------------------------------------------------------------
_PROPER_STARTS = {
    fold(w)
    for w in (
        "Đảng",
        "Nhà",
        "Hồ",
        "Bác",
        "Mặt",
        "Quân",
        "Đoàn",
        "Hội",
        "Đại",
        "Trung",
        "Việt",
        "Tỉnh",
        "Bộ",
        "Ban",
        "Văn",
        "Ủy",
        "Chủ",
        "Quốc",
        "Nghị",
        "Chỉ",
        "Kết",
        "Quy",
        "Quyết",
        "Hướng",
        "Kế",
        "Chương",
        "Luật",
        "Điều",
        "Hiến",
        "Cương",
        "Công",
        "Thông",
        "Đề",
        "Tổng",
        "Chính",
        "Thủ",
        "Nhân",
    )
}


def check_citation_form(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    text = doc.basis or ""
    for cite in cites_in(text):
        where = _excerpt(text, cite.start, cite.end, 0)
        issuer = cite.issuer
        letters = [c for c in issuer if c.isalpha()]
        if len(issuer.split()) >= 2 and letters and all(c.isupper() for c in letters):
            registered = next((e.issuer for e in ctx.registry.get(cite.number, []) if e.issuer), "")
            # the registry's form (in normal case even where an older import kept the header's capitals)
            good = natural_case(registered or issuer)
            out.append(
                Finding(
                    "citation_form",
                    WARNING,
                    "field:basis",
                    f"Cơ quan ban hành trong căn cứ viết in hoa: «{issuer}».",
                    number=cite.number,
                    excerpt=where,
                    fix=f"Viết thường như tên riêng: «{good}».",
                )
            )
        subject = cite.subject
        head = text[cite.start : cite.end]
        at = head.find(subject[:20]) if subject else -1
        quoted = at > 0 and head[:at].rstrip(" *_")[-1:] in "“\"«'"
        if subject and not quoted:  # a quoted title keeps the original's capital
            first = subject.split()[0]
            if first[:1].isupper() and not first.isupper() and fold(first) not in _PROPER_STARTS:
                out.append(
                    Finding(
                        "citation_form",
                        WARNING,
                        "field:basis",
                        f"Trích yếu của {cite.doc_type} số {cite.number} bắt đầu bằng chữ hoa: «{subject[:50]}».",
                        number=cite.number,
                        excerpt=where,
                        fix=f"Viết thường chữ đầu: «{first[:1].lower() + first[1:]}…».",
                    )
                )
    return out


# -- manual numbering that repeats or skips -----------------------------------------------------------
_MANUAL_RES = {
    "arabic": re.compile(r"^\s*(\d{1,2})\s*[.\-–)]\s*(?=\S)"),
    "paren": re.compile(r"^\s*\((\d{1,2})\)\s*"),
    "letter": re.compile(r"^\s*([a-zđ])\)\s+"),
}
_NUMBERISH_RE = re.compile(r"^\s*(?:\d|\(|[a-zđ]\))|\n\s*(?:\d|\(|[a-zđ]\))|\(\d{1,2}\)")
_INLINE_PAREN_RE = re.compile(r"(?:^|(?<=[\s;:,.]))\((\d{1,2})\)\s")
_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _ordinal(kind: str, token: str) -> int:
    return _LETTERS.index(token) + 1 if kind == "letter" else int(token)


_Item = tuple[str, int | None, str, int, str]  # place, node id, token as written, ordinal, text


def _sequence_findings(items: list[_Item], what: str) -> list[Finding]:
    """items: (place, node id, token, ordinal, text). Repeats and gaps between neighbours."""
    out = []
    for prev, cur in itertools.pairwise(items):
        if cur[3] == prev[3]:
            problem, fix_no = f"lặp số «{cur[2]}»", prev[3] + 1
        elif cur[3] > prev[3] + 1:
            problem, fix_no = f"nhảy từ «{prev[2]}» sang «{cur[2]}»", prev[3] + 1
        else:
            continue
        label = _LETTERS[fix_no - 1] if cur[2].isalpha() and fix_no <= len(_LETTERS) else str(fix_no)
        out.append(
            Finding(
                "numbering",
                WARNING,
                cur[0],
                f"Số thứ tự {what} {problem}: «{cur[4][:60]}».",
                cur[1],
                excerpt=cur[4][:60],
                fix=f"Đánh lại số thứ tự (mục này là «{label}»).",
            )
        )
    return out


def check_numbering(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []

    def siblings(nodes: list[Node]) -> None:
        runs: dict[str, list[_Item]] = {}
        for node in nodes:
            text = node.text or ""
            if not _NUMBERISH_RE.search(text):
                siblings(node.children)
                continue
            for kind, rx in _MANUAL_RES.items():
                m = rx.match(text)
                if m:
                    runs.setdefault(kind, []).append((f"node:{node.id}", node.id, m[1], _ordinal(kind, m[1]), text))
                    break
            lines = text.split("\n")
            if len(lines) > 1:  # numbered lines inside one item
                inner: dict[str, list[_Item]] = {}
                for line in lines:
                    for kind, rx in _MANUAL_RES.items():
                        m = rx.match(line)
                        if m:
                            inner.setdefault(kind, []).append(
                                (f"node:{node.id}", node.id, m[1], _ordinal(kind, m[1]), line)
                            )
                            break
                for seq in inner.values():
                    out.extend(_sequence_findings(seq, "trong đoạn"))
            inline = [
                (f"node:{node.id}", node.id, m[1], int(m[1]), text[m.start() : m.start() + 60])
                for m in _INLINE_PAREN_RE.finditer(text)
            ]
            if len(inline) >= 2 and inline[0][3] == 1:
                out.extend(_sequence_findings(inline, "(1), (2)…"))
            siblings(node.children)
        for seq in runs.values():
            out.extend(_sequence_findings(seq, "gõ tay"))

    siblings(doc.sections)
    return out


# -- spelling ---------------------------------------------------------------------------------------
MAX_SPELLING_FINDINGS = 60
_STUTTER_RE = re.compile(r"(\w)\1{2,}", re.IGNORECASE)


@lru_cache(maxsize=8192)
def misspelt_in(text: str) -> tuple[tuple[int, int, str], ...]:
    """The speller's misspelt words of *text*, once per distinct text."""
    from .spelling import speller

    return tuple(speller().misspelt(text))


def check_spelling(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    if not ctx.spelling:
        return []
    from .spelling import speller

    sp = speller()
    out: list[Finding] = []
    for place, node_id, text in _all_places(doc):
        slips = misspelt_in(text) if text else ()
        if not slips:
            continue
        protected = [(c.start, c.end) for c in cites_in(text)] if place != "signature" else []
        for start, end, word in slips:
            if any(a <= start < b and not word[:1].islower() for a, b in protected):
                continue  # a name inside a citation (issuer) is the registry's business
            if _STUTTER_RE.match(word):
                continue  # letters typed again ("HHhhhướng"): check_typing reports it with the fix
            hints = sp.suggest(word)
            out.append(
                Finding(
                    "misspelling",
                    WARNING,
                    place,
                    f"Từ «{word}» không có trong từ điển âm tiết tiếng Việt: «{_excerpt(text, start, end, 20)}».",
                    node_id,
                    excerpt=word,
                    fix=f"Sửa thành «{hints[0]}»" + (f" (hoặc {', '.join(hints[1:])})" if len(hints) > 1 else "") + "."
                    if hints
                    else "Kiểm tra lại cách viết (bỏ dấu, gõ thừa chữ).",
                )
            )
            if len(out) >= MAX_SPELLING_FINDINGS:
                return out
    return out


CHECKS_2026 = (
    check_basis_status,
    check_bodies,
    check_authority,
    check_placeholders,
    check_upstream_deadlines,
    check_years,
    check_basis_year,
    check_citation_form,
    check_numbering,
    check_spelling,
)


# -- issue 16 (i16-tasks): an imported plan's own labels, and one number written two ways -------------
_SOURCE_LABEL_RES = (
    ("roman", re.compile(r"^([IVX]{1,5})\s*[.\-–)/:]?$")),
    ("paren", re.compile(r"^\((\d{1,2})\)$")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.\-–)/]?$")),
    ("letter", re.compile(r"^([a-zđ])\s*[.)\-–/]?$")),
)
_ROMAN_ORDINALS = {
    r: i for i, r in enumerate(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"), 1)
}
_MULTI_LABEL_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.(\d{1,2})\.?$")


def _source_ordinal(label: str) -> tuple[str, int] | None:
    """(kind, ordinal) of a label as an imported source wrote it: "1." → ("arabic", 1), "(3)",
    "b)", "IV.", "2.3." → ("multi:2", 3); None for a bullet or anything else."""
    label = label.strip()
    m = _MULTI_LABEL_RE.match(label)
    if m:
        return f"multi:{m[1]}", int(m[2])
    for kind, rx in _SOURCE_LABEL_RES:
        m = rx.match(label)
        if m:
            if kind == "roman":
                return (kind, _ROMAN_ORDINALS[m[1]]) if m[1] in _ROMAN_ORDINALS else None
            return kind, _ordinal(kind, m[1]) if kind == "letter" else int(m[1])
    return None


_NO_DJ = _LETTERS.replace("đ", "")


def check_source_labels(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    """An imported plan keeps its labels as written until «Đánh số lại» (issue 16): a repeated
    "1." (or a skipped one) among sibling items is flagged at its place, with the way to fix it."""
    out: list[Finding] = []

    def siblings(nodes: list[Node]) -> None:
        runs: dict[str, list[_Item]] = {}
        for node in nodes:
            found = _source_ordinal(node.source_label) if node.kind == "section" and node.source_label else None
            if found is not None:
                kind, ordinal = found
                runs.setdefault(kind, []).append(
                    (f"node:{node.id}", node.id, node.source_label, ordinal, node.text or node.source_label)
                )
            siblings(node.children)
        for kind, seq in runs.items():
            if kind == "letter" and not any(item[2].strip().startswith("đ") for item in seq):
                # "a) b) c) d) e)": many documents leave out "đ)"; not a skip.
                seq = [(p, n, t, _NO_DJ.index(t.strip()[0]) + 1, x) for p, n, t, _, x in seq]
            for finding in _sequence_findings(seq, "của văn bản nhập"):
                finding.fix = "Bấm «Đánh số lại» để đánh lại số thứ tự các mục (hoặc sửa số của mục này)."
                out.append(finding)

    siblings(doc.sections)
    siblings(doc.appendices)
    return out


def check_number_spellings(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    """One document cited under two spellings in the căn cứ — "20-KH/DU" and "20-KH/ĐU" (a
    keyboard without Đ) — is one number (:func:`core.numbers.number_key`): flagged once, with the
    spelling to keep (the one with Đ, or the one the registry holds)."""
    from .citations import find_citations
    from .numbers import number_key

    groups: dict[str, list[str]] = {}
    for cite in find_citations(doc.basis or ""):
        spellings = groups.setdefault(number_key(cite.number), [])
        if cite.number not in spellings:
            spellings.append(cite.number)
    out: list[Finding] = []
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        registered = [s for s in spellings if s in ctx.registry]
        keep = (registered or sorted(spellings, key=lambda s: ("Đ" not in s.upper(), spellings.index(s))))[0]
        shown = " và ".join(f"«{s}»" for s in spellings)
        out.append(
            Finding(
                "duplicate_number",
                WARNING,
                "field:basis",
                f"{shown} là cùng một số văn bản (chữ D thay cho Đ); căn cứ nêu văn bản này hai lần.",
                number=keep,
                excerpt=spellings[1],
                fix=f"Ghi thống nhất «{keep}» và bỏ lần nêu trùng.",
            )
        )
    return out


CHECKS_IMPORT = (check_source_labels, check_number_spellings)  # issue 16, run after CHECKS_2026
