"""Test helper: read a plan transcription (a real sample or our own fixture) into an
expected structure, and re-create it through the same commands the editor pushes.

Transcriptions are text extracted from .docx files, with conversion noise
(``[bookmark: …]``, ``*italic*``, ``**bold**``, ``| (để)``, page breaks splitting a
paragraph, NFD text). The expected structure keeps the labels as written, so a
round trip proves the computed numbering equals the document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kehoach_desktop.core.dates import parse_date_or_none
from kehoach_desktop.core.recipients import Recipient, parse_line, to_lines
from kehoach_desktop.core.text import clean, nfc

_NOISE_RE = re.compile(r"\[bookmark:[^\]]*\]|\*+")
_ROMAN_RE = re.compile(r"^([IVX]+)\s*([.\-])\s*(.+)$")
_L3_RE = re.compile(r"^(\d+)\.(\d+)\s*([.\-])\s+(.+)$")
_L2_RE = re.compile(r"^(\d+)\s*([.\-])\s+(.+)$")
_PLACE_DATE_RE = re.compile(r"^(.+?),\s*(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})$")
_END_PUNCT = (".", ";", ":", "!", "?", "…", ")", "”", '"', "/.")


@dataclass
class ENode:
    kind: str
    text: str
    label: str = ""
    children: list[ENode] = field(default_factory=list)
    role: str = ""


@dataclass
class Expected:
    number: str = ""
    place: str = ""
    date: Any = None
    title: str = ""
    basis: str = ""
    sections: list[ENode] = field(default_factory=list)
    closing: str = ""
    recipients: list[str] = field(default_factory=list)
    signature: tuple[str, str, str] = ("", "", "")
    style: str = "party-dot"

    def walk(self):
        def rec(nodes):
            for n in nodes:
                yield n
                yield from rec(n.children)

        yield from rec(self.sections)


def parse_transcription(raw: str) -> Expected:
    exp = Expected()
    lines = [clean(_NOISE_RE.sub("", nfc(line))).strip() for line in nfc(raw).split("\n")]
    stack: list[ENode] = []  # current section path
    last: ENode | None = None  # last body item (for page-break joins)
    mode = "header"
    recipients: list[Recipient] = []
    filing = ""
    sig_lines: list[str] = []
    seps: dict[int, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        raw_line = nfc(raw).split("\n")[i]
        i += 1
        if not line or line == "*" or set(line) <= {"-", " "}:
            continue
        if mode == "recipients":
            if line.startswith("-"):
                pipe = "|" in raw_line
                rec = parse_line(line)
                if pipe:
                    rec.report = True
                if rec.name.lower().startswith("lưu"):
                    filing = rec.name
                else:
                    recipients.append(rec)
                continue
            mode = "signature"
        if mode == "signature":
            sig_lines.append(line)
            continue
        if line.startswith("Nơi nhận"):
            mode = "recipients"
            continue
        if mode == "header":
            if line.startswith("Số "):
                exp.number = line[3:].strip()
                continue
            m = _PLACE_DATE_RE.match(line)
            if m:
                exp.place, exp.date = m[1], parse_date_or_none(m[2])
                continue
            if line == "KẾ HOẠCH":
                j = i
                while not lines[j]:
                    j += 1
                exp.title = lines[j]
                i = j + 1
                continue
            if line.startswith(("Căn cứ", "Thực hiện")) and exp.title and not exp.basis:
                exp.basis = line
                mode = "body"
                continue
        if line.startswith("Trên đây là"):
            exp.closing = line
            mode = "closing"
            continue
        m = _ROMAN_RE.match(line)
        if m and mode in ("body", "header"):
            mode = "body"
            seps[1] = m[2]
            node = ENode("section", m[3].strip(), f"{m[1]}{m[2]}")
            exp.sections.append(node)
            stack, last = [node], None
            continue
        m = _L3_RE.match(line)
        if m and len(stack) >= 2:
            seps[3] = m[3]
            node = ENode("section", m[4].strip(), f"{m[1]}.{m[2]}{m[3]}")
            stack[1].children.append(node)
            stack, last = stack[:2] + [node], None
            continue
        m = _L2_RE.match(line)
        if m and stack:
            seps[2] = m[2]
            node = ENode("section", m[3].strip(), f"{m[1]}{m[2]}")
            stack[0].children.append(node)
            stack, last = [stack[0], node], None
            continue
        parent = stack[-1] if stack else None
        if parent is None:
            exp.basis = f"{exp.basis} {line}".strip()
            continue
        if line.startswith(("-", "–")) and not line.startswith("--"):
            node = ENode("bullet", line.lstrip("-– ").strip(), "-")
            parent.children.append(node)
            last = node
            continue
        if line.startswith("+"):
            owner = last if last is not None and last.kind == "bullet" else parent
            node = ENode("bullet", line.lstrip("+ ").strip(), "+" if owner is last else "-")
            owner.children.append(node)
            continue
        # A page break inside a paragraph splits it; the secretary joins it again.
        if last is not None and not last.text.endswith(_END_PUNCT):
            last.text = f"{last.text} {line}"
            continue
        node = ENode("paragraph", line, "")
        parent.children.append(node)
        last = node
    exp.recipients = to_lines(recipients, filing or "Lưu VT")
    sig = [s for s in sig_lines if s]
    if sig:
        name = sig[-1]
        upper = [s for s in sig[:-1] if s.isupper()]
        if len(upper) >= 2:
            exp.signature = (upper[0], upper[1], name)
        elif upper:
            exp.signature = ("", upper[0], name)
        else:
            exp.signature = ("", "", name)
    # The style that reproduces the labels as written.
    l1, l2 = seps.get(1, "."), seps.get(2, ".")
    exp.style = "party-dot" if l1 == "." and l2 == "." else "party-dash" if l2 == "-" else "party-dash-roman"
    return exp


# -- building through the editor's commands ---------------------------------------------
def build_plan(db, exp: Expected, *, mark_tasks: bool = True, year: int | None = None):
    """Re-create *exp* with the undoable plan commands; returns (plan_id, stack, task_expect)."""
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.core.task_hints import suggest_deadline, suggest_unit
    from kehoach_desktop.core.templates import Template
    from kehoach_desktop.store import plan_ops, profile
    from kehoach_desktop.store.commands import UndoStack

    stack = UndoStack(db)
    prof = OfficeProfile(
        superior_body="ĐẢNG BỘ TỈNH THỬ NGHIỆM",
        issuer_body="HUYỆN ỦY THỬ NGHIỆM",
        issuer_code="HU",
        place=exp.place or "Thử Nghiệm",
        numbering_style=exp.style,
    )
    empty = Template(id="empty", name="Trống")
    year = year or (exp.date.year if exp.date else 2024)
    create = plan_ops.CreatePlan(empty, prof, year=year)
    stack.push(create)
    plan_id = create.plan_id
    stack.push(
        plan_ops.UpdateHeader(
            db,
            plan_id,
            {
                "title": exp.title,
                "basis": exp.basis,
                "closing": exp.closing,
                "date": exp.date,
                "numbering_style": exp.style,
            },
        )
    )
    units = {r["name"]: r["id"] for r in profile.units(db)}
    task_expect: dict[int, dict] = {}

    def add(parent_id, nodes, in_org: bool):
        for n in nodes:
            cmd = plan_ops.AddNode(plan_id, parent_id, n.kind, n.text)
            stack.push(cmd)
            if mark_tasks and n.kind in ("section", "bullet") and parent_id is not None:
                deadline = suggest_deadline(n.text, year)
                hint = suggest_unit(n.text, [(uid, name, "") for name, uid in units.items()]) if in_org else None
                if hint is not None and hint.unit_id is None:
                    uid = profile.add_unit(db, hint.name)
                    units[hint.name] = uid
                    hint.unit_id = uid
                if deadline is not None or hint is not None:
                    data = {
                        "lead_unit_id": hint.unit_id if hint else None,
                        "deadline_kind": deadline.kind if deadline else "",
                        "deadline_start": deadline.start if deadline else None,
                        "deadline_end": deadline.end if deadline else None,
                        "deadline_text": deadline.text if deadline else "",
                    }
                    stack.push(plan_ops.SetTask(db, cmd.node_id, data))
                    task_expect[cmd.node_id] = data
            add(cmd.node_id, n.children, in_org or (parent_id is None and "TỔ CHỨC" in n.text.upper()))

    add(None, exp.sections, False)
    stack.push(plan_ops.SetRecipients(db, plan_id, exp.recipients))
    stack.push(plan_ops.SetSignature(db, plan_id, *exp.signature))
    return plan_id, stack, task_expect


def doc_tree(doc) -> list[tuple]:
    """(depth, kind, label, text) for every node of a loaded PlanDocument."""
    out = []

    def rec(nodes, depth):
        for n in nodes:
            out.append((depth, n.kind, n.label, n.text))
            rec(n.children, depth + 1)

    rec(doc.sections, 0)
    return out


def expected_tree(exp: Expected) -> list[tuple]:
    out = []

    def rec(nodes, depth):
        for n in nodes:
            out.append((depth, n.kind, n.label.replace(" ", ""), n.text))
            rec(n.children, depth + 1)

    rec(exp.sections, 0)
    return out
