"""Text to build benchmark data from: the real sample plans, never lorem ipsum.

Reads ``../shared/domain/samples`` when present (the real plans), else the
project's own fixture texts in ``tests/fixtures/`` (written by us, modelled on the
samples), else the demo plan shipped in ``resources/demo``. Conversion noise
(``[bookmark: …]``, ``*``, ``| (để)``) is stripped and everything is NFC.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kehoach_desktop.core.citations import find_citations
from kehoach_desktop.core.text import clean, squash_spaces

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT.parent / "shared" / "domain" / "samples"
FIXTURES_DIR = ROOT / "tests" / "fixtures"
DEMO_PLAN = ROOT / "resources" / "demo" / "plan.json"

_NOISE_RE = re.compile(r"\[bookmark:[^\]]*\]|\*+|^\s*\|\s*|\s*\|\s*$")
_LABEL_RE = re.compile(r"^\s*(?:[IVX]+\s*[.\-–]|\d+(?:\.\d+)*\s*[.\-–)]|[a-zđ]\)|\(\d+\)|[-+–•])\s*")
_ROMAN_RE = re.compile(r"^\s*[IVX]+\s*[.\-–]\s")


@dataclass
class Corpus:
    source: str
    paragraphs: list[str] = field(default_factory=list)  # body text, one item each
    bullets: list[str] = field(default_factory=list)  # text that was a "-" / "+" item
    headings: list[str] = field(default_factory=list)  # numbered sub-headings, label removed
    subjects: list[str] = field(default_factory=list)  # trích yếu of cited documents
    citations: list = field(default_factory=list)  # core.citations.Citation

    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs + self.bullets)


def _clean_line(line: str) -> str:
    line = _NOISE_RE.sub("", clean(line))
    return squash_spaces(line)


def _texts() -> tuple[str, list[str]]:
    if SAMPLES_DIR.is_dir():
        files = sorted(SAMPLES_DIR.glob("*.txt"))
        if files:
            return "mẫu thật (../shared/domain/samples)", [f.read_text(encoding="utf-8") for f in files]
    if FIXTURES_DIR.is_dir():
        files = [f for f in sorted(FIXTURES_DIR.glob("*.txt")) if f.stat().st_size > 2000]
        texts = []
        for f in files:
            try:
                texts.append(f.read_text(encoding="utf-8"))
            except UnicodeDecodeError:  # TCVN3/VNI fixtures of the importer: not text for us
                continue
        if texts:
            return "tests/fixtures (văn bản mẫu tự soạn)", texts
    return "resources/demo/plan.json", [_demo_text()]


def _demo_text() -> str:
    data = json.loads(DEMO_PLAN.read_text(encoding="utf-8"))
    lines = [data["title"], data["basis"]]

    def walk(node: dict, depth: int) -> None:
        prefix = {"section": f"{depth}. ", "bullet": "- "}.get(node.get("kind", "section"), "")
        lines.append(prefix + node["text"])
        for child in node.get("children", []):
            walk(child, depth + 1)

    for node in data["sections"]:
        walk(node, 1)
    return "\n".join(lines)


def load_corpus() -> Corpus:
    source, texts = _texts()
    corpus = Corpus(source=source)
    seen: set[str] = set()
    for text in texts:
        corpus.citations.extend(find_citations(text))
        for raw in text.splitlines():
            line = _clean_line(raw)
            if not line or line in seen:
                continue
            seen.add(line)
            body = _LABEL_RE.sub("", line).strip()
            words = len(body.split())
            if words >= 12:
                if re.match(r"^\s*[-+–•]", line):
                    corpus.bullets.append(body)
                else:
                    corpus.paragraphs.append(body)
            elif (
                3 <= words < 12
                and _LABEL_RE.match(line)
                and not _ROMAN_RE.match(line)
                and not body.isupper()
                and not body.endswith((",", ";"))
                and not body.startswith(("Lưu", "Nơi nhận"))
            ):
                corpus.headings.append(body.rstrip(".:"))
    for c in corpus.citations:
        if c.subject and len(c.subject.split()) >= 3:
            corpus.subjects.append(c.subject[0].lower() + c.subject[1:])
    # A corpus that is only one short text still needs both kinds of body text.
    if not corpus.bullets:
        corpus.bullets = corpus.paragraphs[::2] or ["Tổ chức quán triệt, triển khai thực hiện nghiêm túc kế hoạch."]
    if not corpus.paragraphs:
        corpus.paragraphs = list(corpus.bullets)
    if not corpus.headings:
        corpus.headings = ["Công tác tuyên truyền", "Công tác kiểm tra, giám sát"]
    if not corpus.subjects:
        corpus.subjects = [h[0].lower() + h[1:] for h in corpus.headings]
    return corpus


if __name__ == "__main__":  # quick look at what the generator will draw from
    c = load_corpus()
    print(c.source, len(c.paragraphs), len(c.bullets), len(c.headings), len(c.subjects), c.words(), "từ")
    for h in c.headings[:10]:
        print("  H:", h)
    for s in c.subjects[:10]:
        print("  S:", s)
