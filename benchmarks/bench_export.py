"""Official-format export (issue 4): PDF of a ~10-page and a 50-page plan in-process, the
whole ``kehoach export pdf`` process, and — in the same run — LibreOffice headless
converting the same plan's DOCX to PDF (the route a user would otherwise take).

Goals from the issue: in-app PDF of 10 pages ≤ 160 ms and ≥ 10× faster than the LibreOffice
conversion; the whole ``kehoach export pdf`` process ≥ 2.5× faster than the whole ``soffice``
process on the same plan.

Run alone: ``python3 -m benchmarks.bench_export``.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kehoach_desktop.core.document import PlanDocument
from kehoach_desktop.export import render_docx, render_pdf
from kehoach_desktop.store import open_database, plans

from .harness import Result, report, skipped, timed

ROOT = Path(__file__).resolve().parent.parent
AREA = "Xuất văn bản"
SAMPLE = ROOT.parent / "shared" / "domain" / "samples" / "ke-hoach-ly-luan-chinh-tri-2022-quan-uy.txt"


def _parser():
    sys.path.insert(0, str(ROOT / "tests"))
    from export_support import FIXTURE, parse_plan_text  # the tests' small plan-text reader

    return FIXTURE, parse_plan_text


def ten_page_plan() -> tuple[PlanDocument, str]:
    """The longest real sample (about 10 pages) when ../shared is there, else our fixture grown to size."""
    fixture, parse = _parser()
    if SAMPLE.exists():
        doc = parse(SAMPLE.read_text(encoding="utf-8"))
        doc.superior_body, doc.issuer_body, doc.issuer_code = "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "QUẬN ỦY BA ĐÌNH", "QU"
        doc.number = "105-KH/QU"
        return doc, "mẫu thật llct_2022"
    doc = parse(fixture.read_text(encoding="utf-8"))
    return grow(doc, 4), "tệp mẫu tự viết, nhân bản"


def grow(doc: PlanDocument, copies: int) -> PlanDocument:
    """Repeat section II *copies* more times (relabelled) to make a longer plan of the same text."""
    doc = copy.deepcopy(doc)
    base = doc.sections[1]
    extra = []
    for i in range(copies):
        sec = copy.deepcopy(base)
        sec.text = f"{base.text} (PHẦN {i + 2})"
        extra.append(sec)
    doc.sections[2:2] = extra
    romans = [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
        "XXI",
        "XXII",
        "XXIII",
        "XXIV",
        "XXV",
    ]
    for sec, r in zip(doc.sections, romans):
        sec.label = f"{r}."
    return doc


def store(db, doc: PlanDocument) -> int:
    """Put *doc* into the database through the plan writer (the CLI reads it back)."""
    draft = dataclasses.replace(doc, place=doc.place or "Ba Đình", status="draft", draft=True)
    plan_id = plans.save_document(db, draft)
    if doc.number:  # printed in the header; a draft keeps it only when set by hand
        plans.update_header(db, plan_id, {"number": doc.number})
    return plan_id


def find_soffice() -> tuple[str | None, str]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe:
        return exe, ""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "LibreOffice không có và không tự cài được (cần apt-get, quyền root)"
    print("Đang cài libreoffice-writer-nogui để so sánh…", file=sys.stderr)
    proc = subprocess.run(
        ["apt-get", "install", "-y", "-q", "libreoffice-writer-nogui"],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    exe = shutil.which("soffice")
    return (exe, "") if exe else (None, "cài LibreOffice không thành công: " + proc.stderr[-200:])


def run(repeat: int = 5) -> list[Result]:
    out: list[Result] = []
    doc10, source = ten_page_plan()
    with tempfile.TemporaryDirectory() as t:
        p0 = render_pdf(doc10, Path(t) / "a.pdf").pages
        p1 = render_pdf(grow(doc10, 1), Path(t) / "b.pdf").pages
    # Pages added by one more copy of section II → copies needed for about 50 pages.
    doc50 = grow(doc10, max(1, -(-(50 - p0) // max(1, p1 - p0))))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdf10 = tmp / "p10.pdf"
        pages10 = render_pdf(doc10, pdf10).pages
        s10 = timed(lambda: render_pdf(doc10, pdf10), repeat=repeat)
        out.append(
            Result(AREA, "PDF trong ứng dụng (render_pdf)", f"{pages10} trang", samples=s10, goal=160.0, note=source)
        )
        pdf50 = tmp / "p50.pdf"
        pages50 = render_pdf(doc50, pdf50).pages
        s50 = timed(lambda: render_pdf(doc50, pdf50), repeat=max(2, repeat // 2))
        out.append(Result(AREA, "PDF trong ứng dụng (render_pdf)", f"{pages50} trang", samples=s50))
        docx10 = tmp / "p10.docx"
        sd = timed(lambda: render_docx(doc10, docx10), repeat=repeat)
        out.append(Result(AREA, "DOCX trong ứng dụng (render_docx)", f"{pages10} trang", samples=sd))

        db_path = tmp / "bench.sqlite3"
        db = open_database(db_path)
        plan_id = store(db, doc10)
        db.close()
        # First export in a fresh process: includes importing reportlab and registering the fonts.
        first_code = (
            "import time,sys\n"
            "from kehoach_desktop.store import open_database\n"
            "from kehoach_desktop.store.plans import load_document\n"
            f"doc = load_document(open_database(r'{db_path}'), {plan_id})\n"
            "t = time.perf_counter()\n"
            "from kehoach_desktop.export import render_pdf\n"
            f"render_pdf(doc, r'{tmp / 'first.pdf'}')\n"
            "print((time.perf_counter() - t) * 1000)\n"
        )
        env0 = {**os.environ, "PYTHONPATH": str(ROOT)}
        firsts = [
            float(
                subprocess.run(
                    [sys.executable, "-c", first_code], check=True, capture_output=True, text=True, env=env0
                ).stdout.split()[-1]
            )
            for _ in range(3)
        ]
        out.append(
            Result(
                AREA,
                "lần xuất PDF đầu tiên trong phiên (nạp reportlab, đăng ký phông)",
                f"{pages10} trang",
                samples=firsts,
            )
        )
        cli_out = tmp / "cli.pdf"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [
            sys.executable,
            "-m",
            "kehoach_desktop",
            "export",
            "pdf",
            "--db",
            str(db_path),
            "--plan",
            str(plan_id),
            "-o",
            str(cli_out),
        ]
        sc = timed(lambda: subprocess.run(cmd, check=True, capture_output=True, env=env), repeat=3)
        cli_pages = len(__import__("pypdf").PdfReader(cli_out).pages)
        out.append(Result(AREA, "cả tiến trình «kehoach export pdf»", f"{cli_pages} trang", samples=sc))

        soffice, why = find_soffice()
        if soffice is None:
            out.append(skipped(AREA, "LibreOffice headless DOCX→PDF", why, f"{pages10} trang"))
            out.append(skipped(AREA, "tỉ lệ LibreOffice / PDF trong ứng dụng", why, unit="×", goal=10.0, goal_op=">="))
            out.append(
                skipped(
                    AREA, "tỉ lệ soffice / kehoach export pdf (cả tiến trình)", why, unit="×", goal=2.5, goal_op=">="
                )
            )
            return out
        profile_dir = tmp / "lo-profile"
        lo_cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp / "lo"),
            str(docx10),
        ]
        sl = timed(lambda: subprocess.run(lo_cmd, check=True, capture_output=True, timeout=300), repeat=3)
        lo_pages = len(__import__("pypdf").PdfReader(tmp / "lo" / "p10.pdf").pages)
        out.append(
            Result(
                AREA,
                "LibreOffice headless DOCX→PDF (cả tiến trình)",
                f"{lo_pages} trang",
                samples=sl,
                note="hồ sơ LibreOffice đã tạo sẵn (lần chạy khởi động không tính)",
            )
        )
        ratio_inapp = [lo / mine for lo, mine in zip(sorted(sl), sorted(s10))]
        ratio_proc = [lo / mine for lo, mine in zip(sorted(sl), sorted(sc))]
        out.append(
            Result(
                AREA,
                "tỉ lệ LibreOffice / PDF trong ứng dụng",
                f"{pages10} trang",
                unit="×",
                samples=ratio_inapp,
                goal=10.0,
                goal_op=">=",
            )
        )
        out.append(
            Result(
                AREA,
                "tỉ lệ soffice / kehoach export pdf (cả tiến trình)",
                f"{pages10} trang",
                unit="×",
                samples=ratio_proc,
                goal=2.5,
                goal_op=">=",
            )
        )
    return out


def main(argv: list[str] | None = None) -> list[Result]:
    results = run()
    return report(results, "export")


if __name__ == "__main__":
    main()
