"""Any text a secretary can type comes out of the PDF unchanged (property test)."""

from __future__ import annotations

import unicodedata

from export_support import MM, in_order, norm, pdf_body_text, pdf_words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_desktop.core.document import Node, PlanDocument, Signature
from kehoach_desktop.export import render_docx, render_pdf

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
ALPHABET = LETTERS + LETTERS.upper() + "0123456789 .,;:!?-–()“”\"'/&<>%*+=§…"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
paragraphs = st.lists(words, min_size=1, max_size=40).map(" ".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(paragraphs, min_size=1, max_size=6), nfd=st.booleans())
def test_typed_text_round_trips(tmp_path, texts, nfd):
    form = "NFD" if nfd else "NFC"
    doc = PlanDocument(
        issuer_body="ĐẢNG ỦY XÃ THỬ",
        issuer_code="ĐU",
        place="Thử",
        title="Thử văn bản",
        sections=[
            Node("section", "NỘI DUNG", [Node("paragraph", unicodedata.normalize(form, t)) for t in texts], label="I.")
        ],
        recipients=["Lưu VPĐU"],
        signature=Signature("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"),
    )
    out = tmp_path / "t.pdf"
    result = render_pdf(doc, out, "party")
    assert result.warnings == []
    body = pdf_body_text(pdf_words(out), 20 * MM)
    assert in_order(body, [norm(t) for t in texts]) == []
    render_docx(doc, tmp_path / "t.docx", "party")
