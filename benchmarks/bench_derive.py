"""Cụ thể hóa speed (issue 15): the derive step for a 60-page upstream plan, goal ≤ 1 s.

Measures (1) the review model (``store.derive.start``: read the structure, addressees, unit
matching, deadlines) and (2) the whole «Tạo dự thảo» step (review model + writing the draft
with its tasks and upstream links in one transaction). Run alone:
``python3 -m benchmarks.bench_derive [--quick]``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import open_database, profile
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.directives import ensure_levels

from .harness import Result, report, timed

AREA = "cụ thể hóa"
CHARS_PER_PAGE = 3000  # an A4 page of 14 pt Times New Roman
WHO = [
    "Các đảng ủy xã, phường",
    "Các chi bộ",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì, phối hợp với các đảng ủy xã",
    "Cấp ủy cơ sở",
    "Văn phòng Tỉnh ủy chủ trì",
    "Ủy ban Mặt trận Tổ quốc tỉnh",
]
WHEN = ["trước ngày 30/6/2027", "trong quý III/2027", "hằng tháng", "định kỳ 6 tháng", "trước ngày 15/11", ""]
FILLER = (
    "tổ chức quán triệt, tuyên truyền sâu rộng các chủ trương, nghị quyết của Đảng đến cán bộ, đảng viên và Nhân dân; "
    "xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian, rõ kết quả, rõ trách nhiệm; thường xuyên "
    "kiểm tra, đôn đốc, kịp thời tháo gỡ khó khăn, vướng mắc trong quá trình thực hiện ở cơ sở"
)


def upstream_text(pages: int = 60) -> str:
    head = (
        "ĐẢNG BỘ TỈNH HÀ TĨNH\nTỈNH ỦY\n*\nSố 45-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Tĩnh, ngày 10 tháng 3 năm 2027\n\n"
        "KẾ HOẠCH\nthực hiện các nhiệm vụ trọng tâm năm 2027\n\n"
        "Căn cứ Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
        "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức của cấp ủy.\n2. Yêu cầu\nTriển khai đồng bộ.\n\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n"
    )
    lines = [head]
    size, section, n = len(head), 0, 0
    while size < pages * CHARS_PER_PAGE:
        section += 1
        lines.append(f"{section}. Nhóm nhiệm vụ số {section} về công tác xây dựng Đảng và hệ thống chính trị\n")
        for _ in range(8):
            n += 1
            when = WHEN[n % len(WHEN)]
            line = f"- {WHO[n % len(WHO)]} {FILLER}{(' ' + when) if when else ''}.\n"
            lines.append(line)
            size += len(line)
    lines.append(
        "\nIII. TỔ CHỨC THỰC HIỆN\n1. Ban Tuyên giáo và Dân vận Tỉnh ủy: Hướng dẫn, theo dõi việc thực hiện.\n"
        "2. Các đảng ủy xã, phường: Xây dựng kế hoạch thực hiện; báo cáo kết quả về Ban Thường vụ Tỉnh ủy "
        "(qua Ban Tuyên giáo và Dân vận Tỉnh ủy) trước ngày 30/11/2027.\n\nNơi nhận:\n- Lưu Văn phòng Tỉnh ủy.\n\n"
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n\nNguyễn Văn Bình\n"
    )
    return "".join(lines)


def run(quick: bool = False) -> list[Result]:
    text = upstream_text(60)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3")
        ensure_levels(db)
        profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình"))
        for name in ("Văn phòng Đảng ủy", "Ban Tuyên giáo Đảng ủy", "Các chi bộ trực thuộc", "Ủy ban MTTQ xã"):
            profile.add_unit(db, name)
        did = save_as_directive(db, parse_text(text))
        today = dt.date(2027, 3, 15)
        items = len(derive_store.start(db, did, today=today).task_items())
        repeat = 3 if quick else 10

        def whole() -> None:
            UndoStack(db).push(derive_store.DerivePlan(derive_store.start(db, did, today=today)))

        review = timed(lambda: derive_store.start(db, did, today=today), repeat=repeat)
        create = timed(whole, repeat=repeat)
        db.close()
    pages = len(text) // CHARS_PER_PAGE
    note = f"{pages} trang (~{len(text):,} ký tự), {items} nhiệm vụ cấp trên".replace(",", ".")
    return [
        Result(AREA, "đọc văn bản cấp trên, đề xuất mục, đơn vị, thời hạn", samples=review, goal=1000.0, note=note),
        Result(AREA, "cả bước «Tạo dự thảo» (đề xuất + ghi kế hoạch)", samples=create, goal=1000.0, note=note),
    ]


def main(argv: list[str] | None = None) -> list[Result]:
    argv = sys.argv[1:] if argv is None else argv
    return report(run(quick="--quick" in argv), "derive")


if __name__ == "__main__":
    main()
