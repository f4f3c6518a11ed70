"""Inputs that used to cost minutes or gigabytes (issue 13), measured on demand:

- a 2.6 MB .docx whose document.xml inflates ~161:1 to 420 MB (before: 73 s and 4.4 GB,
  then a MemoryError traceback) — now refused by the zip checks;
- an .xlsx whose shared strings inflate to 420 MB (before: 720 MB of memory);
- parsing plain text of 2 MB and 8 MB (before: 11.5 s and 148 s: quadratic).

Each refusal runs in a fresh process so its peak memory (ru_maxrss) is its own.

    python3 benchmarks/bench_hostile.py [--mb 420] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

MEASURE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from kehoach_desktop.importer import ImportFailure, parse_file, parse_text
from kehoach_desktop.tracking import excel_import
kind, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
outcome = "accepted"
if kind == "docx":
    try:
        parse_file(path)
    except ImportFailure as exc:
        outcome = "refused: " + str(exc)[:160]
elif kind == "xlsx":
    from kehoach_desktop.safety.hostile import HostileFileError, check_office_file
    try:
        check_office_file(path, "xlsx")
    except HostileFileError as exc:
        outcome = "refused: " + str(exc)[:160]
else:
    text = open(path, encoding="utf-8").read()
    doc = parse_text(text)
    outcome = f"parsed: {{len(doc.sections)}} sections"
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": round(seconds, 3), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "outcome": outcome}}, ensure_ascii=False))
"""


def _bomb_docx(path: Path, megabytes: int) -> Path:
    import docx

    src = path.with_suffix(".src.docx")
    d = docx.Document()
    d.add_paragraph("Kế hoạch")
    d.save(src)
    item = "<w:p><w:r><w:t>Nhiệm vụ {i}: tuyên truyền, quán triệt nghị quyết</w:t></w:r></w:p>"
    block = "".join(item.format(i=i % 997) for i in range(4000)).encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename != "word/document.xml":
                zout.writestr(info, zin.read(info.filename))
        with zout.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode())
            written = 0
            while written < megabytes * 1024 * 1024:
                fh.write(block)
                written += len(block)
            fh.write(b"</w:body></w:document>")
    return path


def _bomb_xlsx(path: Path, megabytes: int) -> Path:
    import openpyxl

    src = path.with_suffix(".src.xlsx")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Kết quả"
    wb.save(src)
    item = "<si><t>Đã tổ chức hội nghị lần {i}</t></si>"
    block = "".join(item.format(i=i % 991) for i in range(4000)).encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename != "xl/sharedStrings.xml":
                zout.writestr(info, zin.read(info.filename))
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            written = 0
            while written < megabytes * 1024 * 1024:
                fh.write(block)
                written += len(block)
            fh.write(b"</sst>")
    return path


def _plain_text(path: Path, megabytes: int) -> Path:
    para = (
        "Nâng cao nhận thức của cán bộ, đảng viên và nhân dân về vị trí, vai trò của công tác "
        "tuyên truyền trong tình hình mới\n"
    )
    lines = ["KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW", "I. MỤC ĐÍCH, YÊU CẦU"]
    size = 0
    while size < megabytes * 1024 * 1024:
        lines.append(para.strip())
        size += len(para.encode())
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _measure(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE.format(root=str(ROOT)), kind, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=1800,
    )
    if out.returncode != 0:
        return {"error": out.stderr[-500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=420, help="inflated size of the bombs")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "hostile.json")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for name, make, kind in (
            (f"docx inflating to {args.mb} MB", lambda: _bomb_docx(t / "bomb.docx", args.mb), "docx"),
            (f"xlsx shared strings {args.mb} MB", lambda: _bomb_xlsx(t / "bomb.xlsx", args.mb), "xlsx"),
            ("plain text 2 MB", lambda: _plain_text(t / "t2.txt", 2), "text"),
            ("plain text 8 MB", lambda: _plain_text(t / "t8.txt", 8), "text"),
        ):
            built = time.perf_counter()
            path = make()
            size = path.stat().st_size
            row = {
                "input": name,
                "file_mb": round(size / 1024 / 1024, 2),
                "build_s": round(time.perf_counter() - built, 1),
            }
            row.update(_measure(kind, path))
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
