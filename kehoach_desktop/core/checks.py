"""Kiểm tra trước khi trình ký: the pre-signing check of a plan (Qt-free).

:func:`run_checks` looks at a :class:`PlanDocument` plus what the store knows
(registry entries of the cited numbers, the căn cứ links, the tasks) and returns
:class:`Finding` objects. Each finding names its place so the editor can select
it: ``node:<id>``, ``field:<name>`` (title, basis, closing, issuer_body),
``recipients``, ``signature`` or ``task:<id>``. Errors block nothing by themselves;
``kehoach check`` exits 1 when there is one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from .basis import natural_case
from .dates import format_short
from .deadlines import Deadline
from .document import Node, PlanDocument
from .findings import (
    ERROR,
    INFO,
    KINDS,
    WARNING,
    CheckContext,
    Finding,
    RegistryEntry,
    TaskInfo,
    _excerpt,
    _texts,
    cites_in,
)
from .recipients import is_filing_line
from .text import fold, shorten

__all__ = ["ERROR", "KINDS", "WARNING", "CheckContext", "Finding", "RegistryEntry", "TaskInfo", "run_checks"]


_ABBREV = [
    (r"\btw\b", "trung uong"),
    (r"\btu\b", "tinh uy"),
    (r"\bbch\b", "ban chap hanh"),
    (r"\bbtv\b", "ban thuong vu"),
    (r"\bthu\b", "thanh uy"),
    (r"\bhu\b", "huyen uy"),
]


def _issuer_key(issuer: str) -> str:
    key = fold(issuer)
    for pattern, full in _ABBREV:
        key = re.sub(pattern, full, key)
    return " ".join(re.findall(r"\w+", key))


def _same_issuer(a: str, b: str) -> bool:
    ka, kb = _issuer_key(a), _issuer_key(b)
    return ka == kb or ka in kb or kb in ka


# An item that opens by saying what it implements ("Thực hiện Kết luận số …", "Triển khai
# thực hiện …"): the document belongs in the căn cứ. A document named further on in an
# item ("… tiếp tục thực hiện Chỉ thị 23-CT/TW, Quy định 208-QĐ/TW …") is context — real
# plans name dozens (issue 17: no false alarm on the real samples).
_IMPLEMENTS_RE = re.compile(
    r"^\W*(?:[a-z0-9]{1,3}[.)]\s*)?(?:tiep tuc\s+)?(?:trien khai\s+)?(?:thuc hien|cu the hoa|trien khai)\W*$"
)


# -- individual checks ------------------------------------------------------------------
def check_citations(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    seen_unregistered: set[str] = set()
    seen_not_in_basis: set[str] = set()
    for place, node_id, text in _texts(doc):
        if not text:
            continue
        outer_end = -1
        for cite in cites_in(text):
            # A document named inside another's subject ("… về tiếp tục thực hiện Chỉ thị số
            # 05-CT/TW") is context, not something this plan implements.
            nested = cite.start < outer_end
            outer_end = max(outer_end, cite.end)
            entries = ctx.registry.get(cite.number, [])
            where = _excerpt(text, cite.start, cite.end, 0)
            if not entries:
                if cite.number not in seen_unregistered:
                    seen_unregistered.add(cite.number)
                    out.append(
                        Finding(
                            "citation_unregistered",
                            WARNING,
                            place,
                            f"{cite.doc_type} số {cite.number} chưa có trong sổ văn bản. "
                            "Hãy đăng ký văn bản này để kiểm tra được ngày và cơ quan ban hành.",
                            node_id,
                            cite.number,
                            where,
                        )
                    )
                continue
            if cite.date and all(e.date and e.date != cite.date for e in entries):
                registered = ", ".join(format_short(e.date) for e in entries if e.date)
                out.append(
                    Finding(
                        "citation_mismatch",
                        ERROR,
                        place,
                        f"Số {cite.number} ghi ngày {format_short(cite.date)}, nhưng sổ văn bản ghi ngày {registered}. "
                        "Hãy sửa lại ngày trong trích dẫn (hoặc sửa sổ nếu sổ ghi sai).",
                        node_id,
                        cite.number,
                        where,
                    )
                )
            if cite.issuer and all(e.issuer and not _same_issuer(e.issuer, cite.issuer) for e in entries):
                out.append(
                    Finding(
                        "citation_mismatch",
                        ERROR,
                        place,
                        f"Số {cite.number} ghi cơ quan ban hành «{cite.issuer}», nhưng sổ văn bản ghi "
                        f"«{natural_case(entries[0].issuer)}». Hãy thống nhất cơ quan ban hành.",
                        node_id,
                        cite.number,
                        where,
                    )
                )
            in_basis = cite.number in ctx.basis_numbers or nested
            if place == "field:basis" and not in_basis and cite.number not in seen_not_in_basis:
                seen_not_in_basis.add(cite.number)
                out.append(
                    Finding(
                        "basis_not_linked",
                        WARNING,
                        place,
                        f"Căn cứ nhắc {cite.doc_type} số {cite.number} nhưng chưa chọn văn bản này trong «Chọn căn cứ»; "
                        "kế hoạch sẽ không hiện dưới văn bản đó trong cây thực hiện.",
                        node_id,
                        cite.number,
                        where,
                    )
                )
            elif (
                place.startswith("node:")
                and not in_basis
                and cite.number not in seen_not_in_basis
                and _IMPLEMENTS_RE.match(fold(text[: cite.start]))
            ):
                seen_not_in_basis.add(cite.number)
                out.append(
                    Finding(
                        "cited_not_in_basis",
                        WARNING,
                        place,
                        f"{cite.doc_type} số {cite.number} được nhắc trong nội dung nhưng không có trong căn cứ. "
                        "Nếu kế hoạch thực hiện văn bản này, hãy thêm vào căn cứ.",
                        node_id,
                        cite.number,
                        where,
                    )
                )
    return out


def check_header(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out = []
    if not doc.title.strip():
        out.append(Finding("header_incomplete", ERROR, "field:title", "Chưa có trích yếu (tên) của kế hoạch."))
    if not doc.issuer_body.strip():
        out.append(
            Finding(
                "header_incomplete",
                ERROR,
                "field:issuer_body",
                "Chưa có tên cơ quan ban hành; hãy điền trong phần đầu (hoặc trong hồ sơ cơ quan).",
            )
        )
    if not doc.basis.strip():
        out.append(
            Finding(
                "missing_basis",
                WARNING,
                "field:basis",
                "Chưa có căn cứ. Hãy chọn các văn bản cấp trên mà kế hoạch này thực hiện.",
            )
        )
    return out


_HEADING_END = (".", ";", ":", "!", "?", "…")


def check_empty_sections(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out = []

    def visit(nodes: list[Node], depth: int) -> None:
        for node in nodes:
            text = node.text.strip()
            if not text:
                out.append(
                    Finding(
                        "empty_section",
                        ERROR,
                        f"node:{node.id}",
                        f"Mục {node.label or ''} chưa có nội dung; hãy viết nội dung hoặc xóa mục.".replace("  ", " "),
                        node.id,
                    )
                )
            elif node.kind == "section" and not node.children:
                heading_like = ":" not in text and not text.endswith(_HEADING_END) and len(text) < 200
                if depth == 1 or heading_like:
                    out.append(
                        Finding(
                            "empty_section",
                            ERROR,
                            f"node:{node.id}",
                            f"Mục {node.label} «{shorten(text, 60)}» chưa có nội dung bên dưới.",
                            node.id,
                        )
                    )
            if node.kind == "section":
                visit(node.children, depth + 1)
            else:
                visit(node.children, depth)

    visit(doc.sections, 1)
    return out


_DIGIT_RE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}|\d{4}|qu[yý]\s*\d|th[aá]ng\s*\d", re.IGNORECASE)


def check_tasks(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out = []
    start = doc.date or (dt.date(ctx.plan_year, 1, 1) if ctx.plan_year else None)
    for t in ctx.tasks:
        place = f"node:{t.node_id}" if t.node_id else f"task:{t.id}"
        name = shorten(t.title, 70)
        if not t.lead_unit_id:
            out.append(Finding("task_no_unit", ERROR, place, f"Nhiệm vụ «{name}» chưa có đơn vị chủ trì.", t.node_id))
        if not t.deadline_kind:
            out.append(
                Finding(
                    "task_no_deadline",
                    ERROR,
                    place,
                    f"Nhiệm vụ «{name}» chưa có thời hạn (ngày, quý, định kỳ, thường xuyên…).",
                    t.node_id,
                )
            )
        due = t.deadline_end or t.deadline_start
        if start and due and due < start:
            when = "ngày kế hoạch" if doc.date else f"đầu năm {ctx.plan_year}"
            out.append(
                Finding(
                    "deadline_before_plan",
                    ERROR,
                    place,
                    f"Nhiệm vụ «{name}» có thời hạn {format_short(due)}, trước {when} "
                    f"({format_short(start)}). Có thể là hạn chép từ kế hoạch cũ.",
                    t.node_id,
                )
            )
    if start:
        # Deadlines written in items that are not (yet) tasks: a warning, the text may be history.
        tasked = {t.node_id for t in ctx.tasks}
        tasked |= {n.id for appendix in doc.appendices for n in appendix.walk()}  # tables: not items
        for place, node_id, text in _texts(doc):
            if node_id is None or node_id in tasked or not text:
                continue
            found = _deadline_in(text, ctx.plan_year)
            due = found.due if found else None
            if found and due and due < start:
                out.append(
                    Finding(
                        "deadline_before_plan",
                        WARNING,
                        place,
                        f"Thời hạn «{found.text}» ({format_short(due)}) đã qua trước ngày kế hoạch "
                        f"({format_short(start)}).",
                        node_id,
                        excerpt=found.text,
                    )
                )
    return out


@lru_cache(maxsize=8192)
def _deadline_in(text: str, year: int | None) -> Deadline | None:
    """The deadline an item states (task_hints.suggest_deadline), once per distinct text: a
    check after an edit reads again only the items that changed. A deadline before the
    plan's date is written with digits: other texts are not read."""
    if not _DIGIT_RE.search(text):
        return None
    from .task_hints import suggest_deadline

    return suggest_deadline(text, year)


def check_recipients(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    if any(is_filing_line(r) for r in doc.recipients):
        return []
    return [
        Finding(
            "missing_filing_line",
            ERROR,
            "recipients",
            "Nơi nhận thiếu dòng lưu (ví dụ «Lưu Văn phòng.» hoặc «Lưu VT.»).",
        )
    ]


def _is_committee(issuer_body: str) -> bool:
    f = fold(issuer_body)
    return bool(re.search(r"\b(dang uy|huyen uy|quan uy|tinh uy|thanh uy|thi uy|chi uy)\b", f))


def check_signature(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out = []
    sig = doc.signature
    if not sig.name.strip():
        out.append(Finding("missing_signer", ERROR, "signature", "Chưa có họ tên người ký."))
    if not sig.title.strip():
        out.append(Finding("missing_signer", ERROR, "signature", "Chưa có chức vụ người ký (ví dụ PHÓ BÍ THƯ)."))
    if fold(sig.authority).replace(" ", "").startswith("k/t") and _is_committee(doc.issuer_body):
        out.append(
            Finding(
                "signature_authority",
                WARNING,
                "signature",
                "Văn bản của cấp ủy ký «T/M BAN THƯỜNG VỤ», không ký «K/T» "
                "(K/T chỉ dùng ở cơ quan tham mưu, giúp việc).",
            )
        )
    return out


_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DATE_RE = re.compile(r"(?<!\d)\d{1,2}\s*/\s*\d{1,2}\s*/\s*(\d{4})(?!\d)")


def stale_mentions(doc: PlanDocument, old_year: int) -> list[dict[str, Any]]:
    """Each place where *old_year* appears outside the date of a cited document.

    A cited document keeps its own date (``Hướng dẫn số 73-HD/BTGTU, ngày
    16/11/2023``); everything else naming the old year is listed for review.
    """
    out: list[dict[str, Any]] = []
    for place, node_id, text in _texts(doc):
        if not text:
            continue
        protected: list[tuple[int, int]] = []
        for cite in cites_in(text):
            head = text[cite.start : cite.end]
            m = _DATE_RE.search(head[:80])
            if m:
                protected.append((cite.start + m.start(), cite.start + m.end()))
        for m in _YEAR_RE.finditer(text):
            if int(m[1]) != old_year or any(a <= m.start() < b for a, b in protected):
                continue
            out.append(
                {"place": place, "node_id": node_id, "offset": m.start(), "excerpt": _excerpt(text, m.start(), m.end())}
            )
    return out


def check_stale_years(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    if not ctx.stale_year or ctx.stale_year == ctx.plan_year:
        return []
    return [
        Finding(
            "stale_year",
            WARNING,
            m["place"],
            f"Còn năm {ctx.stale_year} của kế hoạch cũ: «{m['excerpt']}». Hãy xem lại.",
            m["node_id"],
            excerpt=m["excerpt"],
        )
        for m in stale_mentions(doc, ctx.stale_year)
    ]


_DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_REPEATED_WORD_RE = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)
_STUTTER_RE = re.compile(r"(?<!\w)(\w)\1{2,}\w*", re.IGNORECASE)
_ROMAN_RE = re.compile(r"^[IVXLCDM]+$")
# Repetitions that are correct Vietnamese (reduplication used in official writing).
_ALLOWED_REPEATS = {"từng", "ngày", "năm", "tháng", "nhiều", "xa", "dần", "mãi", "đời"}


_PREV_WORD_RE = re.compile(r"(\w+)\s*$")
_NEXT_WORD_RE = re.compile(r"^\s*(\w+)")


def _compound_repeat(text: str, m: re.Match[str]) -> bool:
    """ "thao giảng giảng viên": each copy ends or starts a compound with its neighbour."""
    from .spelling import speller

    prev = _PREV_WORD_RE.search(text[max(0, m.start() - 40) : m.start()])
    nxt = _NEXT_WORD_RE.match(text[m.end() : m.end() + 40])
    if not prev or not nxt:
        return False
    sp = speller()
    return sp.is_compound(prev[1], m[1]) and sp.is_compound(m[1], nxt[1])


@lru_cache(maxsize=8192)
def typing_slips(text: str) -> tuple[tuple[str, int, int, str], ...]:
    """("space" | "repeat" | "stutter", start, end, word) of the typing slips in *text*, once
    per distinct text (the next check reads again only what was edited)."""
    out: list[tuple[str, int, int, str]] = []
    m = _DOUBLE_SPACE_RE.search(text) if "  " in text or "\u00a0" in text else None
    if m:
        out.append(("space", m.start(), m.end(), m[0]))  # one per text is enough to find it
    for m in _REPEATED_WORD_RE.finditer(text):
        word = m[1]
        if word.isdigit() or word.lower() in _ALLOWED_REPEATS or _compound_repeat(text, m):
            continue
        out.append(("repeat", m.start(), m.end(), m[0]))
    for m in _STUTTER_RE.finditer(text):
        if _ROMAN_RE.match(m[0]) or m[0].isdigit() or m[0].lower().startswith("www"):
            continue
        out.append(("stutter", m.start(), m.end(), m[0]))
    return tuple(out)


def check_typing(doc: PlanDocument, ctx: CheckContext) -> list[Finding]:
    out = []
    for place, node_id, text in _texts(doc):
        if not text:
            continue
        for kind, start, end, found in typing_slips(text):
            around = _excerpt(text, start, end, 15 if kind == "space" else 20)
            if kind == "space":
                out.append(
                    Finding("double_space", WARNING, place, f"Thừa dấu cách: «{around}».", node_id, excerpt=around)
                )
            elif kind == "repeat":
                word = found.split()[0]
                out.append(
                    Finding(
                        "repeated_word",
                        WARNING,
                        place,
                        f"Lặp từ «{found}»: «{around}».",
                        node_id,
                        excerpt=found,
                        fix=f"Xóa một chữ «{word}».",
                    )
                )
            else:
                from .spelling import speller

                hints = speller().suggest(found, 1)
                out.append(
                    Finding(
                        "repeated_word",
                        WARNING,
                        place,
                        f"Chữ bị gõ lặp «{found}»: «{around}».",
                        node_id,
                        excerpt=found,
                        fix=f"Sửa thành «{hints[0]}»." if hints else "Xóa các chữ gõ thừa.",
                    )
                )
    return out


from .checks_domain import CHECKS_2026, CHECKS_IMPORT  # noqa: E402 (the 2025–2026 checks, listed below with ours)

CHECKS = (
    check_header,
    check_citations,
    check_empty_sections,
    check_tasks,
    check_recipients,
    check_signature,
    check_stale_years,
    check_typing,
    *CHECKS_2026,
    *CHECKS_IMPORT,
)


def run_checks(doc: PlanDocument, ctx: CheckContext | None = None) -> list[Finding]:
    """Every finding, errors first, then in reading order of the checks."""
    ctx = ctx or CheckContext()
    doc.__dict__.pop("_check_texts", None)  # the texts may have changed since the last run
    doc.__dict__.pop("_check_places", None)
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(doc, ctx))
    return sorted(findings, key=lambda f: 0 if f.severity == ERROR else 1)


def prepare() -> None:
    """Load what the first check of a session needs — the modules and their patterns, the
    syllable list, the body and authority tables — so that check is as fast as the next
    (issue 17). Qt-free; the GUI calls it on a worker thread once the window is up; safe
    to call again (everything it loads is loaded once)."""
    from . import task_hints  # noqa: F401 (deadlines written in items)
    from .checks_domain import body_index
    from .derive import upstream  # noqa: F401 (the store reads upstream deadlines with it)
    from .document import Node, Signature
    from .domain import authority_table, party_types
    from .spelling import speller

    speller()
    body_index(None)
    authority_table()
    party_types()
    sample = PlanDocument(
        issuer_body="Đảng ủy xã",
        date=dt.date(2026, 1, 5),
        basis="Căn cứ Hướng dẫn số 01-HD/TU, ngày 02/01/2026 của Ban Thường vụ Tỉnh ủy về công tác năm 2026,",
        sections=[Node(kind="section", text="Tổ chức hội nghị, hoàn thành trước ngày 30/6/2026.")],
        recipients=["Ban Tuyên giáo và Dân vận Tỉnh ủy,", "Lưu VT."],
        signature=Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"),
    )
    run_checks(sample, CheckContext(plan_year=2026))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def as_information(findings: list[Finding]) -> list[Finding]:
    """The findings of an issued plan: it is not being signed, so none blocks or is an error —
    each is kept, as information (the text as issued; issue 18)."""
    return [replace(f, severity=INFO) for f in findings]


SEVERITY_MARKS = {ERROR: "Lỗi", WARNING: "Chú ý", INFO: "Thông tin"}


def summary(findings: list[Finding]) -> str:
    """One line over the findings, the same in the CLI and the «Kiểm tra» tab."""
    if not findings:
        return "Không phát hiện vấn đề nào."
    if all(f.severity == INFO for f in findings):
        return f"Kế hoạch đã ban hành, không trình ký nữa: {len(findings)} điều để tham khảo, không phải lỗi."
    errors = sum(f.severity == ERROR for f in findings)
    return f"{errors} lỗi, {len(findings) - errors} điều cần chú ý."
