"""Score the importer on the real-document corpus in ``tests/corpus/`` (issue 16).

Each ``<name>.txt`` is a real document as a public web page shows it (quirks kept);
``<name>.expected.json`` holds the facts written by hand: header (number, issuer,
place, date, title, type), style (Party/State), căn cứ with dates, top sections,
some tasks with units and deadlines, recipients and signer. This module parses each
document and counts, per kind of fact, how many expected facts the importer got.

Run as a script for the table (``--formats txt,docx,pdf,scan``)::

    PYTHONPATH=$PWD python3 tests/corpus_score.py
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"
KINDS = (
    "number",
    "issuer",
    "place",
    "date",
    "title",
    "title≈",
    "doc_type",
    "style",
    "basis",
    "basis_date",
    "sections",
    "tasks",
    "task_units",
    "task_deadlines",
    "recipients",
    "signer",
)


def fold(text: str | None) -> str:
    """Lower case, no marks, đ→d, one space; a hyphen between numbers counts the same with or
    without spaces around it ("2021 - 2025" as typed, "2021-2025" as OCR reads it)."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s*[-–]\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def fold_number(text: str | None) -> str:
    """Numbers compare without spaces, case or the Đ/D difference ("20-KH/DU" = "20-KH/ĐU")."""
    return re.sub(r"\s+", "", fold(text))


@dataclass
class Case:
    name: str
    text_path: Path
    expected: dict[str, Any]


@dataclass
class Score:
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, kind: str, ok: bool, what: str) -> None:
        self.totals[kind] += 1
        if ok:
            self.hits[kind] += 1
        else:
            self.misses.append(f"{kind}: {what}")

    def merge(self, other: Score) -> None:
        for k in KINDS:
            self.hits[k] += other.hits[k]
            self.totals[k] += other.totals[k]
        self.misses.extend(other.misses)

    def ratio(self, kind: str) -> float:
        return self.hits[kind] / self.totals[kind] if self.totals[kind] else 1.0


def cases() -> list[Case]:
    out = []
    for exp in sorted(CORPUS.glob("*.expected.json")):
        name = exp.name[: -len(".expected.json")]
        out.append(Case(name, CORPUS / f"{name}.txt", json.loads(exp.read_text(encoding="utf-8"))))
    return out


def _same_text(expected: str | None, actual: str | None) -> bool:
    return fold(expected) == fold(actual)


def score_document(doc: Any, expected: dict[str, Any]) -> Score:
    """Compare a ParsedDocument with the expected facts of one corpus document."""
    s = Score()
    header = expected["header"]
    s.add("number", fold_number(header["number"]) == fold_number(doc.number), f"{header['number']!r} ≠ {doc.number!r}")
    s.add("issuer", _same_text(header["issuer"], doc.issuer_body), f"{header['issuer']!r} ≠ {doc.issuer_body!r}")
    s.add("place", _same_text(header["place"], doc.place), f"{header['place']!r} ≠ {doc.place!r}")
    got_date = doc.date.isoformat() if doc.date else None
    s.add("date", header["date"] == got_date, f"{header['date']!r} ≠ {got_date!r}")
    s.add("title", _same_text(header["title"], doc.title), f"{header['title']!r} ≠ {doc.title!r}")
    if header["title"]:
        from rapidfuzz import fuzz

        close = fuzz.ratio(fold(header["title"]), fold(doc.title)) >= 90
        s.add("title≈", close, f"title not within 90 % of {header['title']!r}: {doc.title!r}")
    if header["number"] or header["title"]:
        s.add("doc_type", fold(expected["doc_type"]) == fold(doc.doc_type), f"{expected['doc_type']} ≠ {doc.doc_type}")
    if header["number"] or header["issuer"]:
        style = getattr(doc, "style", "")
        s.add("style", expected["style"] == style, f"{expected['style']} ≠ {style!r}")
    refs = list(doc.references)
    for item in expected["basis"]:
        match = [c for c in refs if fold_number(c.number) == fold_number(item["number"])]
        s.add("basis", bool(match), f"căn cứ {item['number']} not found")
        if item["date"]:
            dates = {c.date.isoformat() for c in match if c.date}
            s.add("basis_date", item["date"] in dates, f"{item['number']}: {item['date']} ∉ {sorted(dates)}")
    headings = [fold(sec.heading) for sec in doc.walk()]
    for want in expected["sections"]:
        key = fold(want)
        s.add("sections", any(h == key or h.rstrip(":.") == key for h in headings), f"section {want!r}")
    for task in expected["tasks"]:
        key = fold(task["text"])
        found = [t for t in doc.tasks if key in fold(t.text)] + [a for a in doc.assignments if key in fold(a.text)]
        s.add("tasks", bool(found), f"task {task['text']!r}")
        for unit in task["units"]:
            units = [fold(u) for t in found for u in getattr(t, "units", [getattr(t, "unit", "")])]
            s.add("task_units", fold(unit) in units, f"unit {unit!r} of {task['text']!r} ∉ {units}")
        if task.get("deadline"):
            got = {_deadline_date(t.deadline) for t in found}
            s.add("task_deadlines", task["deadline"] in got, f"deadline {task['deadline']} of {task['text']!r} ∉ {got}")
    for rec in expected["recipients"]:
        s.add("recipients", any(_same_text(rec, r) for r in doc.recipients), f"recipient {rec!r} ∉ {doc.recipients}")
    signer = expected.get("signer")
    if signer:
        sig = doc.signature
        for part in ("authority", "title", "name"):
            got = getattr(sig, part, "") if sig else ""
            s.add("signer", _same_text(signer[part], got), f"signer {part} {signer[part]!r} ≠ {got!r}")
    return s


def _deadline_date(deadline: Any) -> str | None:
    if deadline is None:
        return None
    for attr in ("end", "date", "start"):
        value = getattr(deadline, attr, None)
        if isinstance(value, dt.date):
            return value.isoformat()
    return None


# -- the formats a document can arrive in ------------------------------------------------------
def _parse_txt(case: Case, workdir: Path) -> Any:
    from kehoach_desktop.importer import parse_file

    return parse_file(case.text_path)


def _rendered(kind: str) -> Callable[[Case, Path], Any]:
    def parse(case: Case, workdir: Path) -> Any:
        from kehoach_desktop.importer import parse_file
        from tests.corpus_render import render

        return parse_file(render(case, kind, workdir))

    return parse


FORMATS: dict[str, Callable[[Case, Path], Any]] = {
    "txt": _parse_txt,
    "docx": _rendered("docx"),
    "pdf": _rendered("pdf"),
    "scan": _rendered("scan"),
}


def score_corpus(
    fmt: str = "txt", workdir: Path | None = None, names: Iterable[str] | None = None
) -> tuple[Score, dict[str, Score]]:
    import tempfile

    wanted = set(names) if names is not None else None
    total = Score()
    per_doc: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = workdir or Path(tmp)
        for case in cases():
            if wanted is not None and case.name not in wanted:
                continue
            doc = FORMATS[fmt](case, work)
            s = score_document(doc, case.expected)
            per_doc[case.name] = s
            total.merge(s)
    return total, per_doc


def table(results: dict[str, Score]) -> str:
    fmts = list(results)
    lines = ["| kind of fact | " + " | ".join(fmts) + " |", "|---|" + "---|" * len(fmts)]
    for kind in KINDS:
        cells = []
        for f in fmts:
            s = results[f]
            cells.append(f"{s.hits[kind]}/{s.totals[kind]}" if s.totals[kind] else "–")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import argparse

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    parser = argparse.ArgumentParser(description="Score the importer on tests/corpus (issue 16).")
    parser.add_argument("--formats", default="txt", help="comma-separated: txt,docx,pdf,scan")
    parser.add_argument("--misses", action="store_true", help="list every missed fact")
    args = parser.parse_args(argv)
    results: dict[str, Score] = {}
    for fmt in args.formats.split(","):
        from tests.corpus_render import RENDERED

        names = None if fmt == "txt" else RENDERED
        total, per_doc = score_corpus(fmt, names=names)
        results[fmt] = total
        if args.misses:
            for name, s in per_doc.items():
                for miss in s.misses:
                    print(f"[{fmt}] {name}: {miss}")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
