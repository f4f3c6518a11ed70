"""The importer on real documents (issue 16): a corpus of 26 public documents, Party and
State, commune to central, with facts written by hand (tests/corpus/), read as found
(.txt) and rendered as .docx with a two-column header table, text PDF and scan.

Each kind of fact has a minimum: the score reached when it was written (a ratchet —
raise it when the importer gets better, never lower it). ``python3
tests/corpus_score.py --formats txt,docx,pdf,scan --misses`` prints the table and
every miss.
"""

from __future__ import annotations

import pytest

from tests.corpus_render import RENDERED, render
from tests.corpus_score import cases, score_corpus

# Facts reached per kind (hits) — the number of facts of each kind is in the corpus files.
MINIMUM_TXT = {
    "number": 25,
    "issuer": 25,
    "place": 26,
    "date": 26,
    "title": 26,
    "title≈": 21,
    "doc_type": 23,
    "style": 23,
    "basis": 59,
    "basis_date": 56,
    "sections": 25,
    "tasks": 1,
    "task_deadlines": 1,
    "recipients": 5,
    "signer": 1,
}
# The six rendered documents: every header fact, căn cứ and section is read from .docx and PDF.
MINIMUM_RENDERED = {
    "number": 6,
    "issuer": 6,
    "place": 6,
    "date": 6,
    "title": 6,
    "doc_type": 6,
    "style": 6,
    "basis": 14,
    "basis_date": 13,
    "sections": 9,
}
# A scan read by OCR: exact titles suffer from single misread letters ("CHƯƠN G").
MINIMUM_SCAN = {
    "number": 5,
    "issuer": 5,
    "place": 5,
    "date": 6,
    "title≈": 3,
    "doc_type": 6,
    "style": 6,
    "basis": 13,
    "basis_date": 12,
    "sections": 7,
}


def _assert_minimums(fmt: str, minimums: dict[str, int], **kwargs) -> None:
    total, per_doc = score_corpus(fmt, **kwargs)
    low = {k: (total.hits[k], v) for k, v in minimums.items() if total.hits[k] < v}
    misses = [f"{name}: {m}" for name, s in per_doc.items() for m in s.misses]
    assert not low, f"{fmt}: below the minimum (got, wanted): {low}\n" + "\n".join(misses)


def test_corpus_is_real_and_described():
    all_cases = cases()
    assert len(all_cases) >= 20
    for case in all_cases:
        exp = case.expected
        assert exp["source"].startswith(("http://", "https://")), case.name
        assert case.text_path.read_text(encoding="utf-8").strip(), case.name
        assert exp["style"] in ("party", "state")
    styles = {c.expected["style"] for c in all_cases}
    levels = {c.expected["level"] for c in all_cases}
    assert styles == {"party", "state"} and {"Xã", "Tỉnh", "Trung ương"} <= levels


def test_corpus_as_found_text():
    _assert_minimums("txt", MINIMUM_TXT)


def test_corpus_as_docx_with_header_table(tmp_path):
    _assert_minimums("docx", MINIMUM_RENDERED, workdir=tmp_path, names=RENDERED)


def test_corpus_as_text_pdf(tmp_path):
    _assert_minimums("pdf", MINIMUM_RENDERED, workdir=tmp_path, names=RENDERED)


@pytest.mark.slow
def test_corpus_as_scanned_pdf(tmp_path):
    _assert_minimums("scan", MINIMUM_SCAN, workdir=tmp_path, names=RENDERED)


@pytest.mark.slow
def test_scanned_png_page_is_read(tmp_path):
    from kehoach_desktop.importer import parse_file

    case = next(c for c in cases() if c.name == "st-tuyenquang-62-kh-ubnd-2021")
    doc = parse_file(render(case, "png", tmp_path))
    assert doc.source_kind == "image"
    assert (doc.number, doc.place, doc.date.isoformat(), doc.style) == (
        "62/KH-UBND",
        "Tuyên Quang",
        "2021-04-28",
        "state",
    )
    assert any(c.number == "524/QĐ-TTg" for c in doc.references)
    assert any("OCR" in w for w in doc.warnings)


def test_pdf_header_is_read_from_its_two_columns(tmp_path):
    """The header's left column (body, number) and right column (Quốc hiệu, place/date) sit on
    the same lines of the page; reading by position keeps them apart."""
    from kehoach_desktop.importer.pdf_reader import read_pdf

    case = next(c for c in cases() if c.name == "st-soctrang-135-kh-ubnd-2022")
    lines, kind, _ = read_pdf(render(case, "pdf", tmp_path))
    assert kind == "pdf"
    left = [line.text for line in lines if line.cell == (0, 0, 0)]
    right = [line.text for line in lines if line.cell == (0, 0, 1)]
    assert left[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG"] and "Số: 135/KH-UBND" in left
    assert right[0].startswith("CỘNG HÒA") and right[-1] == "Sóc Trăng, ngày 27 tháng 9 năm 2022"
    # Lines of one paragraph are soft-joined; each "Căn cứ" starts a paragraph.
    body = [line for line in lines if line.cell is None]
    starts = [line.text[:6] for line in body if not line.soft]
    assert starts.count("Căn cứ") == 5
