"""Importer speed (issue 9): parsing the longest sample (goal < 50 ms) and importing
1,000 documents into one database through the folder import (progress callback on).

Run alone: ``python3 -m benchmarks.bench_import [--quick]``. Uses the real samples
(../shared/domain/samples) when present, else the project's own fixtures.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

from kehoach_desktop.core.folding import fold_aligned
from kehoach_desktop.importer import parse_file, parse_text
from kehoach_desktop.importer.folder import import_paths
from kehoach_desktop.store import open_database
from kehoach_desktop.store.directives import ensure_levels

from .harness import Result, print_table, timed, write_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "domain" / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "import"
AREA = "nhập văn bản"


def _texts() -> list[tuple[str, str]]:
    """(name, text) of every document to learn from: samples first, then fixtures."""
    out = []
    if SAMPLES.is_dir():
        out += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    out += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("ke-hoach-*.txt"))]
    return out


def _variant(text: str, i: int, rng: random.Random) -> str:
    """A different document: its own number (issued plans must not clash) and dates."""
    text = re.sub(r"Số (\d+)-KH/", f"Số {i + 1}-KH/", text)
    text = re.sub(r"Số: (\d+)/KH-", f"Số: {i + 1}/KH-", text)
    text = re.sub(r"năm 20\d\d\b", f"năm {2015 + rng.randrange(10)}", text, count=2)
    return text


def parse_results(repeat: int) -> list[Result]:
    docs = _texts()
    name, longest = max(docs, key=lambda d: len(d[1]))
    label = f"phân tích văn bản dài nhất ({name}, {len(longest):,} ký tự)".replace(",", ".")
    # The fold cache is emptied before each run: every run reads the text afresh.
    out = [
        Result(
            AREA,
            label,
            samples=timed(
                lambda: parse_text(longest), repeat=max(repeat, 10), warmup=2, setup=fold_aligned.cache_clear
            ),
            goal=50.0,
        )
    ]
    cpu = []
    for _ in range(max(repeat, 10)):
        fold_aligned.cache_clear()
        t0 = time.process_time()
        parse_text(longest)
        cpu.append((time.process_time() - t0) * 1000)
    out.append(Result(AREA, "cùng phép đo, thời gian CPU (không tính máy bận)", samples=cpu, goal=50.0))
    with tempfile.TemporaryDirectory() as tmp:
        from docx import Document

        document = Document()
        for line in longest.split("\n"):
            if line.strip():
                document.add_paragraph(line.strip())
        path = Path(tmp) / "dai.docx"
        document.save(str(path))
        out.append(
            Result(
                AREA,
                "đọc và phân tích cùng văn bản dạng .docx",
                samples=timed(lambda: parse_file(path), repeat=max(repeat, 5), warmup=1),
            )
        )
    legacy = FIXTURES / "tcvn3-ke-hoach.txt"
    out.append(
        Result(
            AREA,
            "đọc tệp TCVN3 (nhận ra và chuyển mã)",
            samples=timed(lambda: parse_file(legacy), repeat=max(repeat, 10), warmup=1),
        )
    )
    return out


def bulk_results(count: int) -> list[Result]:
    rng = random.Random(9)
    docs = _texts()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "van-ban"
        folder.mkdir()
        for i in range(count):
            name, text = docs[i % len(docs)]
            (folder / f"{i:05d}-{name}").write_text(_variant(text, i, rng), encoding="utf-8")
        db = open_database(Path(tmp) / "bulk.sqlite3")
        ensure_levels(db)
        ticks = []
        t0 = time.perf_counter()

        def progress(fraction: float, message: str) -> None:
            ticks.append(fraction)
            fold_aligned.cache_clear()  # the documents share paragraphs; do not let the cache flatter

        # again=True: variants of one sample can share their bytes; every file counts here (issue 16
        # skips a file imported before by default).
        summary = import_paths(db, [folder], progress=progress, again=True)
        elapsed = time.perf_counter() - t0
        plans = db.scalar("SELECT COUNT(*) FROM plans")
        nodes = db.scalar("SELECT COUNT(*) FROM plan_nodes")
        tasks = db.scalar("SELECT COUNT(*) FROM tasks")
        db.close()
    note = (
        f"{len(summary.imported)} nhập, {len(summary.failed)} lỗi; {plans} kế hoạch, {nodes} mục, "
        f"{tasks} nhiệm vụ; {len(ticks)} lần báo tiến độ"
    )
    return [
        Result(
            AREA, f"nhập {count} văn bản vào một cơ sở dữ liệu (cả thư mục)", unit="s", samples=[elapsed], note=note
        ),
        Result(AREA, "trung bình mỗi văn bản khi nhập hàng loạt", samples=[elapsed * 1000 / max(count, 1)]),
    ]


def run(quick: bool = False) -> list[Result]:
    return parse_results(3 if quick else 10) + bulk_results(100 if quick else 1000)


def main(argv: list[str] | None = None) -> list[Result]:
    argv = sys.argv[1:] if argv is None else argv
    results = run(quick="--quick" in argv)
    print_table(results)
    print("JSON:", write_json(results, "import"))
    return results


if __name__ == "__main__":
    main()
