"""Reading text of unknown encoding, legacy font encodings, and refusing what cannot be read."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from kehoach_desktop.importer import ImportFailure, parse_file, parse_text
from kehoach_desktop.importer.legacy import best_reading, tcvn3_to_unicode, vni_to_unicode
from kehoach_desktop.importer.textfile import decode_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
PLAN = (FIXTURES / "ke-hoach-xa-dash-2025.txt").read_text(encoding="utf-8")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """What Windows' Vietnamese code page stores: letters with a separate tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


def test_known_tcvn3_and_vni_strings():
    # Written independently of the conversion tables (as old documents spell them).
    assert tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert tcvn3_to_unicode("tr\u00adêng ®¹i häc") == "trường đại học"
    assert vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert vni_to_unicode("KEÁ HOAÏCH thöïc hieän ñöôïc") == "KẾ HOẠCH thực hiện được"


def test_unicode_text_is_never_converted():
    text = "Kế hoạch «lý luận» chính trị © 2024 – café, naïve, déjà vu; ½ số"
    assert best_reading(text) == (text, "unicode")
    assert best_reading("Plain ASCII only.") == ("Plain ASCII only.", "unicode")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_text_file_encodings(tmp_path, encoding):
    path = tmp_path / f"plan-{encoding}.txt"
    data = PLAN
    if encoding == "cp1258":
        # cp1258 stores many letters as base + combining tone mark.
        path.write_bytes(to_cp1258(PLAN).replace(b"\n", b"\r\n"))
    else:
        path.write_bytes(data.encode(encoding))
    doc = parse_file(path)
    assert doc.issuer_body == "ĐẢNG ỦY XÃ THẠCH SƠN"
    assert doc.number == "12-KH/ĐU"
    assert [s.heading for s in doc.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG, NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    assert doc.signature.name == "Trần Văn Bình"
    assert all(unicodedata.is_normalized("NFC", p.text) for s in doc.walk() for p in s.paragraphs)


def test_decode_reports_encoding():
    assert decode_bytes("Kế hoạch".encode("utf-16-le"))[1] == "utf-16-le"
    assert decode_bytes(b"\xef\xbb\xbf" + "Kế hoạch".encode())[1] == "utf-8-sig"
    text, name = decode_bytes("KÕ ho¹ch thùc hiÖn c«ng t¸c n¨m 2024".encode("latin-1"))
    assert (text, name) == ("Kế hoạch thực hiện công tác năm 2024", "tcvn3")


def test_old_word_doc_is_refused_with_advice(tmp_path):
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert err.value.reason == "legacy_doc"
    assert ".doc" in str(err.value) and "Lưu thành" in str(err.value)


def test_doc_renamed_docx_is_refused(tmp_path):
    path = tmp_path / "doi-ten.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert "Word cũ" in str(err.value)


def test_broken_pdf_is_refused_with_advice(tmp_path):
    # PDFs are read since issue 16; a truncated one is refused with what to do.
    path = tmp_path / "van-ban.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert err.value.reason == "unreadable" and "tải hoặc quét lại" in str(err.value)


def test_truncated_docx_is_refused(tmp_path):
    good = tmp_path / "ok.docx"
    from docx import Document

    d = Document()
    d.add_paragraph("KẾ HOẠCH")
    d.save(str(good))
    bad = tmp_path / "hong.docx"
    bad.write_bytes(good.read_bytes()[:400])
    with pytest.raises(ImportFailure) as err:
        parse_file(bad)
    assert str(err.value)  # a Vietnamese message from the safety check or the reader
    assert any(word in str(err.value) for word in ("Word", "tệp", "Tệp"))


def test_docx_with_external_template_is_refused(tmp_path):
    path = tmp_path / "mau-ngoai.docx"
    from docx import Document

    d = Document()
    d.add_paragraph("KẾ HOẠCH")
    d.save(str(path))
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(
            "word/_rels/settings.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/attachedTemplate" Target="file://\\\\server\\x.dotm" '
            'TargetMode="External"/></Relationships>',
        )
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert err.value.reason == "hostile"


def test_binary_and_empty_files_are_refused(tmp_path):
    binary = tmp_path / "anh.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ImportFailure):
        parse_file(binary)
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailure) as err:
        parse_file(empty)
    assert err.value.reason == "empty"
    missing = tmp_path / "khong-co.txt"
    with pytest.raises(ImportFailure) as err:
        parse_file(missing)
    assert "Không đọc được" in str(err.value)


def test_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "bang.xlsx.odt"
    path.write_text("abc", encoding="utf-8")
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert ".docx" in str(err.value) and ".txt" in str(err.value)


def test_garbled_text_is_refused():
    garbage = " ".join(["Ø×Þ¿ÆÐ"] * 20 + ["ßþ¤¦§¨"] * 20)
    with pytest.raises(ImportFailure) as err:
        parse_text(garbage)
    assert err.value.reason == "garbled" and "Unicode" in str(err.value)


def test_empty_paste_is_refused():
    with pytest.raises(ImportFailure) as err:
        parse_text("   \n\n ")
    assert err.value.reason == "empty"
