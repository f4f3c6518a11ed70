"""Citations OCR misread into numbers no document has are not registered silently (issue 18).

The scan of Kế hoạch 86-KH/TU (a specked page) read «Hướng dẫn số 15-HD/BTGDVTW» as
«15-HD/ETGDVIW», and the import put that into the registry as a new Hướng dẫn."""

import pytest

from kehoach_desktop.core.citations import implausible_number
from kehoach_desktop.importer import parse_source
from kehoach_desktop.importer.persist import save_as_plan
from kehoach_desktop.importer.readers import source_from_text
from kehoach_desktop.store import directives

_TEXT = (
    "TỈNH ỦY TUYÊN QUANG\nSố 86-KH/TU\nTuyên Quang, ngày 20 tháng 02 năm 2026\nKẾ HOẠCH\n"
    "học tập Nghị quyết Đại hội XIV\n"
    "Căn cứ Kế hoạch số 02-KH/TW, ngày 05-02-2026 của Bộ Chính trị về học tập Nghị quyết; "
    "Hướng dẫn số 15- HD/ETGDVIW, ngày 10/02/2026 của Ban Tuyên giáo và Dân vận Trung ương,\n"
    "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:\n"
    "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức.\nII. NỘI DUNG\n1. Tổ chức hội nghị quán triệt.\n"
    "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nHoàng Minh Sơn\n"
)


def _parsed(kind: str):
    source = source_from_text(_TEXT)
    source.kind = kind
    return parse_source(source)


def test_numbers_no_issuer_code_has_are_implausible():
    assert "E, I, W" in implausible_number("15-HD/ETGDVIW")
    assert "chữ số" in implausible_number("5-KH/BTG1TU")
    for real in (
        "15-HD/BTGDVTW",
        "02-KH/TW",
        "208-QĐi/TW",
        "12-KH/ThU",
        "31-KH/BTGDUK",
        "30/2020/NĐ-CP",
        "155/KH-UBND",
        "123/UBND-VP",
        "85/2015/QH13",
        "06/KH-MTTW-BTT",
        "102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN",
    ):
        assert implausible_number(real) == "", real


def test_a_misread_citation_of_a_scan_is_held_with_a_note_and_not_registered(db):
    doc = _parsed("scan")
    assert [c.number for c in doc.references] == ["02-KH/TW"]
    assert [c.number for c in doc.doubtful_references] == ["15-HD/ETGDVIW"]
    assert any("«15-HD/ETGDVIW»" in w and "chưa ghi vào sổ" in w for w in doc.warnings)
    save_as_plan(db, doc)
    assert directives.find_document(db, "02-KH/TW", None)  # the real citation is registered
    assert not directives.find_document(db, "15-HD/ETGDVIW", None)


def test_typed_text_keeps_every_citation():
    """Only OCR misreads; a typed document's numbers are the writer's, registered as written."""
    assert [c.number for c in _parsed("docx").references] == ["02-KH/TW", "15-HD/ETGDVIW"]


@pytest.mark.slow
def test_the_specked_scan_of_the_tinh_uy_plan_registers_no_junk(db, tmp_path):
    from conftest import FIXTURES

    from kehoach_desktop.importer import parse_file
    from tests.office_docs import build_pdf, scan

    fixture = FIXTURES / "derive" / "ke-hoach-tinh-uy-86-2026.txt"
    doc = parse_file(scan(build_pdf(fixture, tmp_path / "kh.pdf"), tmp_path / "kh-scan.pdf"))
    assert "02-KH/TW" in [c.number for c in doc.references]
    assert all(not implausible_number(c.number) for c in doc.references)
    save_as_plan(db, doc)
    numbers = [row["number"] for row in db.conn.execute("SELECT number FROM directives")]
    assert "02-KH/TW" in numbers and not [n for n in numbers if implausible_number(n)]
