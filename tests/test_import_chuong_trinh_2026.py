"""A Tỉnh ủy «CHƯƠNG TRÌNH HÀNH ĐỘNG» of 2026 (after the provincial congress) received as a text PDF:
its centred trích yếu wraps inside «nhiệm kỳ 2025 - 2030», the number is typed «05 - CTr/TU».
The fixture (``fixtures/derive/chuong-trinh-tinh-uy-05-2026.txt``) is our own wording."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from kehoach_desktop.importer import parse_file
from tests.office_docs import build_docx, build_pdf

FIXTURE = FIXTURES / "derive" / "chuong-trinh-tinh-uy-05-2026.txt"


@pytest.fixture(scope="module", params=["pdf", "docx"])
def parsed(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ctr")
    build = build_pdf if request.param == "pdf" else build_docx
    return parse_file(build(FIXTURE, folder / f"05-CTr-TU.{request.param}"))


def test_a_trich_yeu_wrapped_inside_a_term_keeps_its_end(parsed):
    """«… nhiệm kỳ 2025 -» / «2030»: the second line was not read, the registry said «… nhiệm kỳ
    2025 -» and the derived plan «… nhiệm kỳ 2025 -, Ban Thường vụ Đảng ủy xã …»."""
    assert parsed.title.endswith("nhiệm kỳ 2025 - 2030")
    assert parsed.number == "05-CTr/TU"


def test_chuong_trinh_hanh_dong_is_the_type_line(parsed):
    """«CHƯƠNG TRÌNH HÀNH ĐỘNG» was read as the type «Chương trình» with a trích yếu «HÀNH ĐỘNG thực
    hiện Nghị quyết …»: the registry said «Chương trình 05-CTr/TU — HÀNH ĐỘNG thực hiện …» and the
    derived plan «… của Tỉnh ủy Nghệ An về hành động thực hiện Nghị quyết …»."""
    assert parsed.doc_type == "Chương trình"
    assert parsed.doc_type_line == "CHƯƠNG TRÌNH HÀNH ĐỘNG"
    assert parsed.title.startswith("thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX")


def test_the_registry_entry_reads_as_a_secretary_writes_it(db, tmp_path):
    from kehoach_desktop.importer.persist import save_as_directive
    from kehoach_desktop.store import directives

    entry = directives.get(db, save_as_directive(db, parse_file(build_pdf(FIXTURE, tmp_path / "kh.pdf"))))
    assert (entry.doc_type, entry.number) == ("Chương trình", "05-CTr/TU")
    assert entry.summary.startswith("thực hiện Nghị quyết Đại hội")
