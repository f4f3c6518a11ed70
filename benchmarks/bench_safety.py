"""Data safety (issue 6): what the safety steps cost.

- a verified backup (backup API + quick_check + rename) of a small and a ~60 MB file;
- open_for_gui (lock, checks, migrate, start-up backup) and its close hook;
- the hostile-file check on a normal .docx, a 20 MB-inflating bomb, a 200 MB file, and a
  large legitimate .xlsx-like zip (90 MB of stored media).

Run alone: ``python3 -m benchmarks.bench_safety``. The crash run (≥ 200 kills) is
``python3 benchmarks/bench_crash.py``; the long fuzz run ``python3 benchmarks/fuzz_long.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from kehoach_desktop.safety import backup
from kehoach_desktop.safety.hostile import HostileFileError, check_office_file
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import open_database

from .harness import Result, report, timed

AREA = "an toàn dữ liệu"


def _db(path: Path, blob_mb: int) -> Path:
    from kehoach_desktop.demo import load_demo

    db = open_database(path)
    load_demo(db)
    with db.transaction():
        for i in range(blob_mb):
            db.execute(
                "INSERT INTO attachments(filename, size, sha256, data, added_at) VALUES (?, ?, '', ?, '')",
                (f"scan{i}.pdf", 1 << 20, os.urandom(1 << 20)),
            )
    db.close()
    return path


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    for i in range(300):
        d.add_paragraph(f"{i}. Tiếp tục quán triệt, triển khai thực hiện Nghị quyết số 57-NQ/TW. " * 3)
    d.save(path)
    return path


def _refused(path: Path, kind: str) -> None:
    try:
        check_office_file(path, kind)
    except HostileFileError:
        return
    raise AssertionError(f"{path.name} was not refused")


def run(repeat: int = 5) -> list[Result]:
    out: list[Result] = []
    env_before = os.environ.pop("KEHOACH_NO_BACKUP", None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            for label, mb in (("nhỏ (dữ liệu mẫu)", 0), ("~60 MB (có tệp đính kèm)", 60)):
                path = _db(tmp / f"db{mb}.sqlite3", mb)
                size = path.stat().st_size / (1 << 20)
                samples = timed(lambda path=path: backup.create_backup(path, "thucong", rotate=False), repeat=repeat)
                out.append(
                    Result(
                        AREA,
                        "sao lưu có kiểm tra (backup API + quick_check + đổi tên)",
                        label,
                        samples=samples,
                        note=f"{size:.1f} MB",
                    )
                )
                samples = timed(
                    lambda path=path: backup.preview(backup.list_backups(backup.backup_dir(path))[0].path),
                    repeat=repeat,
                )
                out.append(Result(AREA, "xem trước bản sao lưu (kiểm tra + đếm)", label, samples=samples))

                def open_close(make_backup: bool, path=path):
                    r = open_for_gui(path, make_backup=make_backup)
                    r.close(make_backup=False)

                samples = timed(lambda: open_close(False), repeat=repeat)
                out.append(Result(AREA, "mở an toàn (khóa, kiểm tra, không sao lưu)", label, samples=samples))
                for p in backup.list_backups(backup.backup_dir(path)):
                    p.path.unlink()
                samples = timed(
                    lambda: open_close(True),
                    repeat=repeat,
                    setup=lambda path=path: [b.path.unlink() for b in backup.list_backups(backup.backup_dir(path))],
                )
                out.append(Result(AREA, "mở an toàn kèm sao lưu khởi động", label, samples=samples))

            good = _docx(tmp / "kh.docx")
            samples = timed(lambda: check_office_file(good, "docx"), repeat=repeat)
            out.append(
                Result(
                    AREA,
                    "kiểm tra tệp .docx bình thường",
                    "",
                    samples=samples,
                    note=f"{good.stat().st_size // 1024} KB",
                )
            )
            bomb = tmp / "bomb.docx"
            with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
                for info in zin.infolist():
                    zout.writestr(info.filename, zin.read(info.filename))
                zout.writestr("word/media/x.bin", b"\0" * (200 << 20))
            samples = timed(lambda: _refused(bomb, "docx"), repeat=repeat)
            out.append(
                Result(
                    AREA,
                    "từ chối bom nén (200 MB khi giải nén)",
                    "",
                    samples=samples,
                    note=f"tệp {bomb.stat().st_size // 1024} KB",
                )
            )
            huge = tmp / "huge.docx"
            with open(huge, "wb") as fh:
                fh.write(b"PK\x03\x04")
                fh.truncate(200 << 20)
            samples = timed(lambda: _refused(huge, "docx"), repeat=repeat)
            out.append(Result(AREA, "từ chối tệp 200 MB", "", samples=samples))
            big = tmp / "big.xlsx"
            with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                z.writestr("xl/workbook.xml", "<workbook/>")
                for i in range(9):
                    z.writestr(f"xl/media/image{i}.png", os.urandom(10 << 20))
            samples = timed(lambda: check_office_file(big, "xlsx"), repeat=repeat)
            out.append(Result(AREA, "kiểm tra .xlsx hợp lệ 90 MB (ảnh)", "", samples=samples))
    finally:
        if env_before is not None:
            os.environ["KEHOACH_NO_BACKUP"] = env_before
    return out


def main(argv: list[str] | None = None) -> list[Result]:
    results = run()
    return report(results, "safety")


if __name__ == "__main__":
    main()
