"""Secret documents: every way out (PDF, DOCX, Excel progress sheets) asks for
confirmation for MẬT and above, writes nothing without it, and carries the mark."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile

import pytest

from kehoach_desktop.core.document import Node, PlanDocument
from kehoach_desktop.safety import secrecy

LEVELS = ["thường", "mật", "tối mật", "tuyệt mật"]


def test_secrecy_rules():
    assert [secrecy.needs_confirmation(x) for x in LEVELS] == [False, True, True, True]
    assert [secrecy.mark_text(x) for x in LEVELS] == ["", "MẬT", "TỐI MẬT", "TUYỆT MẬT"]
    assert secrecy.needs_confirmation(unicodedata.normalize("NFD", "Tối  MẬT "))
    assert not secrecy.needs_confirmation(unicodedata.normalize("NFD", "thường"))
    assert not secrecy.needs_confirmation(None) and not secrecy.needs_confirmation("")
    assert secrecy.rank("TUYỆT MẬT") > secrecy.rank("tối mật") > secrecy.rank("mật") > secrecy.rank("")
    text = secrecy.confirmation_text("tối mật", "kế hoạch 12-KH/HU")
    assert text.startswith("Kế hoạch 12-KH/HU") and "TỐI MẬT" in text and text.endswith("?")
    assert secrecy.CLI_CONFIRM_FLAG in secrecy.reason_text("mật")


def _doc(security: str) -> PlanDocument:
    return PlanDocument(
        doc_type="Kế hoạch",
        type_code="KH",
        number="12-KH/HU",
        superior_body="ĐẢNG BỘ TỈNH LÂM ĐỒNG",
        issuer_body="HUYỆN ỦY ĐẠ TẺH",
        issuer_code="HU",
        place="Đạ Tẻh",
        date=dt.date(2026, 3, 2),
        title="thực hiện Nghị quyết số 57-NQ/TW",
        basis="Căn cứ Nghị quyết số 57-NQ/TW.",
        sections=[
            Node(
                kind="section", text="MỤC ĐÍCH, YÊU CẦU", children=[Node(kind="paragraph", text="Quán triệt sâu sắc.")]
            )
        ],
        security=security,
    )


def _docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return unicodedata.normalize("NFC", "".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_plan_exports_ask_and_carry_the_mark(tmp_path, level, fmt):
    from kehoach_desktop import export

    render = export.render_pdf if fmt == "pdf" else export.render_docx
    out = tmp_path / f"kh.{fmt}"
    doc = _doc(level)
    assert (export.secret_reason(doc) is not None) == secrecy.needs_confirmation(level)  # one rule everywhere
    if secrecy.needs_confirmation(level):
        with pytest.raises(export.SecretExportError):
            render(doc, out)
        assert not out.exists()  # nothing written without consent
        render(doc, out, options=export.ExportOptions(secret_confirmed=True))
    else:
        render(doc, out)
    text = _pdf_text(out) if fmt == "pdf" else _docx_text(out)
    mark = secrecy.mark_text(level)
    if mark:
        assert mark in text
    else:
        assert "MẬT" not in text


@pytest.mark.parametrize("level", ["thường", "mật", "tuyệt mật"])
def test_progress_workbook_asks_and_carries_the_mark(db, tmp_path, level):
    import openpyxl

    from kehoach_desktop.store import plans
    from kehoach_desktop.tracking import excel_export as excel
    from kehoach_desktop.tracking.periods import Period

    pid = plans.create(db, {"title": "Kế hoạch kiểm tra", "issuer_code": "HU", "security": level})
    plans.add_task(db, pid, "Tổ chức hội nghị", end=dt.date(2026, 3, 31), deadline_kind="date")
    out = tmp_path / "theo-doi.xlsx"
    period = Period("quarter", 2026, 1)
    if secrecy.needs_confirmation(level):
        with pytest.raises(excel.SecretNotConfirmed) as exc:
            excel.export_consolidated(db, pid, period, out)
        assert "MẬT" in str(exc.value)
        assert not out.exists()
        excel.export_consolidated(db, pid, period, out, allow_secret=True)
    else:
        excel.export_consolidated(db, pid, period, out)
    wb = openpyxl.load_workbook(out)
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    headers = (
        [ws.oddHeader.center.text or "" for ws in wb.worksheets]
        + [ws.oddHeader.left.text or "" for ws in wb.worksheets]
        + [ws.oddHeader.right.text or "" for ws in wb.worksheets]
    )
    mark = secrecy.mark_text(level)
    found = any(mark in c for c in cells + headers) if mark else not any("MẬT" in c for c in cells)
    assert found
