"""A document stamped «MẬT» (or «TỐI MẬT», «TUYỆT MẬT») keeps its độ mật through the import. The
stamp sits above the header table in the .docx or in the issuing-body column under the number;
it was dropped as «chữ của trang web» (or read into the issuing body), the registry said «Độ
mật: thường», and the plan exported from it raised no warning before leaving the office. Our
own draft mark «DỰ THẢO» above the table (an exported draft read back) is not web-page text
either. Built from ``fixtures/office/ke-hoach-dang-uy-xa-15-2026.txt`` (our own wording)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from kehoach_desktop.importer import parse_file
from tests.office_docs import build_docx

FIXTURE = FIXTURES / "office" / "ke-hoach-dang-uy-xa-15-2026.txt"


def _stamped(tmp_path, mark: str, where: str):
    from docx import Document

    path = build_docx(FIXTURE, tmp_path / "kh.docx")
    doc = Document(str(path))
    if where == "above":
        first = doc.element.body[0]
        para = doc.add_paragraph()
        para.add_run(mark).bold = True
        first.addprevious(para._p)
    else:  # under «Số 15-KH/ĐU» in the left header cell
        doc.tables[0].cell(0, 0).add_paragraph().add_run(mark).bold = True
    doc.save(str(path))
    return path


@pytest.mark.parametrize("mark, level", [("MẬT", "mật"), ("TỐI MẬT", "tối mật")])
@pytest.mark.parametrize("where", ["above", "in-cell"])
def test_the_secrecy_stamp_is_kept(tmp_path, mark, level, where):
    doc = parse_file(_stamped(tmp_path, mark, where))
    assert doc.security == level
    assert doc.issuer_body == "ĐẢNG ỦY XÃ HÙNG LỢI" and doc.number == "15-KH/ĐU"
    assert any(mark in w and "Internet" in w for w in doc.warnings)
    assert not any("trang web" in w for w in doc.warnings)
    assert doc.to_plan_document().security == level


def test_the_registry_and_the_export_check_see_it(db, tmp_path):
    from kehoach_desktop.importer.persist import save_as_directive, save_as_plan
    from kehoach_desktop.store import directives, plans

    path = _stamped(tmp_path, "MẬT", "above")
    did = save_as_directive(db, parse_file(path))
    assert directives.get(db, did).security == "mật"
    pid = save_as_plan(db, parse_file(path))
    assert plans.load_document(db, pid).security == "mật"


def test_an_exported_draft_read_back_drops_nothing_as_web_text(tmp_path):
    from docx import Document

    path = build_docx(FIXTURE, tmp_path / "kh.docx")
    doc = Document(str(path))
    para = doc.add_paragraph()
    para.add_run("DỰ THẢO").bold = True
    doc.element.body[0].addprevious(para._p)
    doc.save(str(path))
    parsed = parse_file(path)
    assert parsed.security == "thường" and not parsed.warnings
