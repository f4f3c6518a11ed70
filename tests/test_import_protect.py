"""Import defaults that protect the user (issue 16): another body's document goes to the
registry by default, the same file imported twice is noticed, the original file is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_file, parse_text
from kehoach_desktop.importer.persist import save_as_directive, save_as_plan
from kehoach_desktop.importer.protect import default_target, duplicate_warning, earlier_imports, import_target
from kehoach_desktop.store import directives

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
OUR = OfficeProfile(issuer_body="ĐẢNG ỦY XÃ THẠCH HÀ", issuer_code="ĐU")


def test_another_bodys_document_goes_to_the_registry_by_default():
    ubnd = parse_file(FIXTURES / "ke-hoach-ubnd-state-2025.txt")
    assert default_target(ubnd, OUR) == "directive"
    ours = parse_text("ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY XÃ THẠCH HÀ\nSố 12-KH/ĐU\nKẾ HOẠCH\nThực hiện năm 2026")
    assert default_target(ours, OUR) == "plan"
    # A draft without any header: our plan (nothing to compare).
    assert default_target(parse_text("Các chi bộ tổ chức học tập."), OUR) == "plan"


def test_without_our_office_the_bodies_we_issued_as_decide(db):
    """Issue 16: the office not described yet — an issued document goes to the registry unless
    our plans were issued by the same body; the reason is a Vietnamese sentence."""
    ubnd = parse_file(FIXTURES / "ke-hoach-ubnd-state-2025.txt")
    ours = parse_file(FIXTURES / "ke-hoach-xa-dash-2025.txt")
    nobody = import_target(ours, OfficeProfile(), db)
    assert nobody.kind == "directive" and "Chưa khai báo cơ quan của mình" in nobody.reason
    save_as_plan(db, ours)
    again = parse_text("ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY XÃ THẠCH SƠN\nSố 15-KH/ĐU\nKẾ HOẠCH\nTổng kết năm 2025")
    assert import_target(again, OfficeProfile(), db).kind == "plan"
    other = import_target(ubnd, OfficeProfile(), db)
    assert other.kind == "directive" and "khác mọi cơ quan" in other.reason
    assert import_target(ubnd, OUR, db).reason.startswith("Văn bản của «ỦY BAN NHÂN DÂN")


def test_same_file_twice_is_noticed_and_the_original_kept(db, tmp_path):
    path = tmp_path / "ubnd.txt"
    shutil.copy(FIXTURES / "ke-hoach-ubnd-state-2025.txt", path)
    doc = parse_file(path)
    assert len(doc.source_sha256) == 64 and duplicate_warning(db, doc.source_sha256) is None
    did = save_as_directive(db, doc)
    row = directives.get_row(db, did)
    name, data = directives.attachment(db, row["attachment_id"])
    assert name == "ubnd.txt" and data == path.read_bytes()
    # The same bytes under another name: still the same document.
    again = tmp_path / "ban-sao.txt"
    shutil.copy(path, again)
    warning = duplicate_warning(db, parse_file(again).source_sha256)
    assert warning and "đã được nhập" in warning and "155/KH-UBND" in warning


def test_plan_import_records_its_digest(db, tmp_path):
    path = tmp_path / "xa.txt"
    shutil.copy(FIXTURES / "ke-hoach-xa-dash-2025.txt", path)
    doc = parse_file(path)
    plan_id = save_as_plan(db, doc)
    assert any(f"(mã {plan_id})" in w for w in earlier_imports(db, doc.source_sha256))
    pasted = parse_text(path.read_text(encoding="utf-8"))
    assert pasted.source_sha256 and pasted.source_path == ""


def test_our_bodys_standing_organ_issues_our_documents():
    """ "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH" over "BAN THƯỜNG TRỰC" (mt-luongminh corpus): our own."""
    office = OfficeProfile(issuer_body="ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", issuer_code="MTTQ")
    doc = parse_text("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH\nBAN THƯỜNG TRỰC\nSố: 16/KH-MTTQ-BTT\nKẾ HOẠCH\nBầu cử")
    assert (doc.superior_body, doc.issuer_body) == ("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC")
    assert default_target(doc, office) == "plan"
    other = OfficeProfile(issuer_body="ỦY BAN MTTQ VIỆT NAM XÃ HẢI HÀ", issuer_code="MTTQ")
    assert default_target(doc, other) == "directive"


def test_the_same_text_pasted_twice_into_the_registry_is_noticed(db):
    """Pasted text keeps no file, so the import's record is what tells (left open in session 4):
    the second paste says where the first went, in words for pasted text."""
    text = (FIXTURES / "ke-hoach-ubnd-state-2025.txt").read_text(encoding="utf-8")
    first = parse_text(text)
    assert duplicate_warning(db, first.source_sha256, pasted=True) is None
    save_as_directive(db, first)
    again = parse_text(text)
    warning = duplicate_warning(db, again.source_sha256, pasted=not again.source_path)
    assert warning is not None
    assert warning.startswith("Văn bản dán này (cùng nội dung) đã được nhập trước đây")
    assert "155/KH-UBND" in warning
    assert duplicate_warning(db, parse_text(text + "\nThêm một dòng khác.").source_sha256, pasted=True) is None


def test_a_document_without_its_header_says_what_to_do_if_it_is_an_upstream_one(db):
    """The second walk deleted the number line of an upstream plan: it was filed as our own draft
    with no word of what was missing, nor what to do."""
    headless = parse_text("KẾ HOẠCH\nCông tác khoa giáo năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao.")
    target = import_target(headless, OUR, db)
    assert target.kind == "plan"
    assert "Không đọc được số, ký hiệu và cơ quan ban hành" in target.reason
    assert "«Văn bản của cơ quan khác»" in target.reason
