"""A province plan whose tasks sit in a Phụ lục table (the 2025–2026 plans for Nghị quyết
57-NQ/TW are written so): «STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời
gian hoàn thành», the body saying only «Các nhiệm vụ cụ thể tại Phụ lục kèm theo». Cụ thể hóa
read the body alone: the table's rows never reached the draft, whose «2. Hoàn thiện hạ tầng số»
told the communes to see an appendix our plan does not have. The fixture
(``fixtures/derive/ke-hoach-tinh-uy-27-2026-phu-luc.txt``) is our own wording."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES
from offices import commune_office

from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import plans
from kehoach_desktop.store.commands import UndoStack
from tests.office_docs import build_docx

FIXTURE = FIXTURES / "derive" / "ke-hoach-tinh-uy-27-2026-phu-luc.txt"
TODAY = dt.date(2026, 1, 26)


@pytest.fixture
def upstream(tmp_path):
    return parse_file(build_docx(FIXTURE, tmp_path / "27-KH-TU.docx"))


@pytest.fixture
def derived(db, upstream):
    commune_office(
        db,
        province="LÀO CAI",
        commune="XÃ BẢO HÀ",
        place="Bảo Hà",
        signer="Lò Văn Pháo",
        units=("Văn phòng Đảng ủy", "Ban Xây dựng Đảng", "Các chi bộ trực thuộc"),
    )
    did = save_as_directive(db, upstream)
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=TODAY))
    UndoStack(db).push(cmd)
    return db, cmd.plan_id


def test_a_soft_line_break_inside_a_table_cell_is_not_a_new_column(upstream):
    """«Tập huấn kỹ năng số cho cán bộ↵chuyên trách cấp xã» (Shift+Enter in the cell) was read
    as two cells: the row had six columns and its lead unit moved to the «phối hợp» column."""
    rows = upstream.appendices[0].paragraphs
    row = next(p.text for p in rows if p.text.startswith("4 |"))
    assert row == (
        "4 | Tập huấn kỹ năng số cho cán bộ chuyên trách cấp xã | Trường Chính trị tỉnh | Các đảng ủy xã, phường | Hằng quý"
    )


def test_the_rows_of_the_appendix_table_become_tasks_where_the_text_points_to_them(derived):
    db, pid = derived
    doc = plans.load_document(db, pid)
    content = doc.sections[1]
    host = next(n for n in content.children if n.text == "Hoàn thiện hạ tầng số")
    rows = [n.text for n in host.children]
    assert rows == [
        "Rà soát, nâng cấp trang thiết bị công nghệ thông tin tại cơ quan đảng cấp xã",
        "Số hóa hồ sơ đảng viên, cập nhật cơ sở dữ liệu đảng viên",
        "Triển khai phần mềm quản lý văn bản trong cơ quan đảng",
        "Tập huấn kỹ năng số cho cán bộ chuyên trách cấp xã",
    ]  # row 5 is the Văn phòng Tỉnh ủy's own work with the Công an tỉnh: not ours
    text = "\n".join(n.text for n in doc.walk())
    assert "Phụ lục" not in text
    first = [c.text for c in host.children[0].children]
    assert first == [
        "Cơ quan chủ trì: Văn phòng Đảng ủy.",
        "Cơ quan phối hợp: Văn phòng Tỉnh ủy.",
        "Thời gian hoàn thành: trước ngày 23/6/2026.",
    ]
    # «Chủ trì: Văn phòng Tỉnh ủy | Phối hợp: Các đảng ủy xã, phường»: we help the province's office
    third = [c.text for c in host.children[2].children]
    assert third[:2] == ["Cơ quan chủ trì: Văn phòng Đảng ủy.", "Cơ quan phối hợp: Văn phòng Tỉnh ủy."]
    tasks = {t["title"]: t for t in plans.plan_tasks(db, pid)}
    assert "Số hóa hồ sơ đảng viên, cập nhật cơ sở dữ liệu đảng viên" in tasks
    assert tasks["Số hóa hồ sơ đảng viên, cập nhật cơ sở dữ liệu đảng viên"]["deadline_end"] == "2026-09-23"


def test_a_plan_without_a_pointer_gets_the_table_as_a_part_of_its_own():
    from kehoach_desktop.core.derive.upstream import read_structure

    structure = {
        "sections": [
            {"label": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["Nâng cao nhận thức."]},
            {"label": "II", "heading": "NHIỆM VỤ", "paragraphs": ["Các chi bộ quán triệt Nghị quyết."]},
        ],
        "appendices": [
            {
                "heading": "PHỤ LỤC — NHIỆM VỤ CỤ THỂ",
                "paragraphs": [
                    "TT | Nhiệm vụ | Chủ trì | Thời hạn",
                    "I | NHÓM NHIỆM VỤ VỀ THỂ CHẾ",
                    "1 | Ban hành quy chế làm việc | Các đảng ủy xã | Quý I/2026",
                ],
            },
            {"heading": "PHỤ LỤC 2 — DANH SÁCH BÁO CÁO VIÊN", "paragraphs": ["STT | Họ và tên | Chức vụ"]},
        ],
    }
    up = read_structure(structure, {"number": "5-KH/TU", "issued_on": "2026-01-05"})
    assert [p.text for p in up.parts] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ", "NHIỆM VỤ CỤ THỂ"]
    group = up.parts[2].children[0]
    assert (group.label, group.text) == ("I", "NHÓM NHIỆM VỤ VỀ THỂ CHẾ")
    card = group.children[0]
    assert card.text == "Ban hành quy chế làm việc"
    assert [c.text for c in card.children] == ["Cơ quan chủ trì: Các đảng ủy xã.", "Thời gian hoàn thành: Quý I/2026."]


def test_the_report_is_due_when_its_own_clause_says(derived):
    """«… xây dựng kế hoạch thực hiện, hoàn thành trước ngày 28/02/2026; định kỳ 6 tháng, năm báo
    cáo kết quả về Ban Thường vụ Tỉnh ủy …»: the draft asked for one report before 21/02/2026 (the
    plan's own deadline, less the lead time) instead of a half-yearly and yearly report."""
    db, pid = derived
    doc = plans.load_document(db, pid)
    reports = next(n for n in doc.sections[1].children if n.text == "Chế độ thông tin, báo cáo")
    assert [n.text for n in reports.children] == [
        "Định kỳ 6 tháng, năm báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy)."
    ]
    task = next(t for t in plans.plan_tasks(db, pid) if "báo cáo kết quả" in t["title"])
    assert task["deadline_kind"] == "periodic"
