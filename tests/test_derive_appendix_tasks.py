"""A province plan whose tasks sit in a Phụ lục table (the 2025–2026 plans for Nghị quyết
57-NQ/TW are written so): «STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời
gian hoàn thành», the body saying only «Các nhiệm vụ cụ thể tại Phụ lục kèm theo». Cụ thể hóa
read the body alone: the table's rows never reached the draft, whose «2. Hoàn thiện hạ tầng số»
told the communes to see an appendix our plan does not have. The fixture
(``fixtures/derive/ke-hoach-tinh-uy-27-2026-phu-luc.txt``) is our own wording."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from kehoach_desktop.importer import parse_file
from tests.office_docs import build_docx

FIXTURE = FIXTURES / "derive" / "ke-hoach-tinh-uy-27-2026-phu-luc.txt"


@pytest.fixture
def upstream(tmp_path):
    return parse_file(build_docx(FIXTURE, tmp_path / "27-KH-TU.docx"))


def test_a_soft_line_break_inside_a_table_cell_is_not_a_new_column(upstream):
    """«Tập huấn kỹ năng số cho cán bộ↵chuyên trách cấp xã» (Shift+Enter in the cell) was read
    as two cells: the row had six columns and its lead unit moved to the «phối hợp» column."""
    rows = upstream.appendices[0].paragraphs
    row = next(p.text for p in rows if p.text.startswith("4 |"))
    assert row == (
        "4 | Tập huấn kỹ năng số cho cán bộ chuyên trách cấp xã | Trường Chính trị tỉnh | Các đảng ủy xã, phường | Hằng quý"
    )
