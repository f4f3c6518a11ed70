"""Hostile input files are refused fast, with a Vietnamese message, before any parser runs."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from kehoach_desktop.safety.hostile import (
    MAX_OFFICE_BYTES,
    HostileFileError,
    check_office_file,
    check_text_file,
)


# -- building files ------------------------------------------------------------------
def make_docx(path: Path, text: str = "Kế hoạch thực hiện Nghị quyết") -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    d.add_paragraph("Xem thêm").add_run("")
    d.save(path)
    return path


def make_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "Nhiệm vụ"
    wb.save(path)
    return path


def rewrite_zip(
    src: Path, dst: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> Path:
    """Copy a zip, replacing or adding parts."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def reason_of(path: Path, expected: str) -> tuple[str, str]:
    with pytest.raises(HostileFileError) as exc:
        check_office_file(path, expected)
    msg = str(exc.value)
    assert path.name in msg  # says which file
    assert "Hãy" in msg or "hãy" in msg  # says what to do
    return exc.value.reason, msg


# -- good files pass -----------------------------------------------------------------
def test_real_docx_and_xlsx_pass(tmp_path):
    check_office_file(make_docx(tmp_path / "kh.docx"), "docx")
    check_office_file(make_xlsx(tmp_path / "bang.xlsx"), "xlsx")


def test_hyperlinks_are_allowed(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(src) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://dangcongsan.vn/" TargetMode="External"/></Relationships>',
    )
    dst = rewrite_zip(src, tmp_path / "link.docx", {"word/_rels/document.xml.rels": rels.encode()})
    check_office_file(dst, "docx")


def test_hostile_error_is_value_error():
    assert issubclass(HostileFileError, ValueError)


# -- wrong type ---------------------------------------------------------------------------
def test_pdf_named_docx(tmp_path):
    p = tmp_path / "ke-hoach.docx"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    reason, msg = reason_of(p, "docx")
    assert reason == "wrong_type" and "PDF" in msg


def test_old_binary_doc_and_xls(tmp_path):
    p = tmp_path / "cu.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    reason, msg = reason_of(p, "docx")
    assert reason == "legacy_format"
    assert "lưu lại dạng .docx" in msg
    reason, msg = reason_of(p.rename(tmp_path / "cu.xlsx"), "xlsx")
    assert reason == "legacy_format" and ".xls" in msg


def test_encrypted_office_file(tmp_path):
    p = tmp_path / "mat-khau.docx"
    body = b"\x00" * 1500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 3000
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + body)
    reason, msg = reason_of(p, "docx")
    assert reason == "encrypted" and "mật khẩu" in msg


def test_xlsx_named_docx_and_plain_zip(tmp_path):
    x = make_xlsx(tmp_path / "bang.xlsx")
    p = tmp_path / "bang.docx"
    p.write_bytes(x.read_bytes())
    reason, msg = reason_of(p, "docx")
    assert reason == "wrong_type" and ".xlsx" in msg
    z = tmp_path / "thu-muc.docx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("readme.txt", "xin chào")
    assert reason_of(z, "docx")[0] == "wrong_type"


def test_text_and_empty_named_docx(tmp_path):
    p = tmp_path / "van-ban.docx"
    p.write_text("KẾ HOẠCH\nThực hiện…", encoding="utf-8")
    assert reason_of(p, "docx")[0] == "not_zip"
    e = tmp_path / "rong.docx"
    e.write_bytes(b"")
    assert reason_of(e, "docx")[0] == "empty"


def test_missing_file(tmp_path):
    with pytest.raises(HostileFileError) as exc:
        check_office_file(tmp_path / "khong-co.docx", "docx")
    assert exc.value.reason == "unreadable"


# -- truncated --------------------------------------------------------------------------
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.995])
def test_truncated(tmp_path, fraction):
    src = make_docx(tmp_path / "full.docx").read_bytes()
    p = tmp_path / "cut.docx"
    p.write_bytes(src[: int(len(src) * fraction)])
    assert reason_of(p, "docx")[0] == "truncated"


def test_middle_of_file_missing(tmp_path):
    """The end record survives but the data before it is short: offsets point past the data."""
    src = make_docx(tmp_path / "full.docx").read_bytes()
    eocd = src.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<L", src[eocd + 16 : eocd + 20])[0]
    damaged = src[:2000] + src[cd_offset:]
    p = tmp_path / "hole.docx"
    p.write_bytes(damaged)
    assert reason_of(p, "docx")[0] == "truncated"


# -- huge -------------------------------------------------------------------------------
def test_200_mb_file_refused_fast(tmp_path):
    p = tmp_path / "khong-lo.docx"
    with open(p, "wb") as fh:  # sparse: costs no disk
        fh.write(b"PK\x03\x04")
        fh.truncate(200 * 1024 * 1024)
    assert p.stat().st_size > MAX_OFFICE_BYTES
    tracemalloc.start()
    try:
        reason, msg = reason_of(p, "docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reason == "too_large" and "MB" in msg
    assert peak < 1024 * 1024  # never read


# -- zip bombs --------------------------------------------------------------------------
def test_high_ratio_member(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    bomb = rewrite_zip(src, tmp_path / "bomb.docx", add={"word/media/x.bin": b"\x00" * (20 * 1024 * 1024)})
    assert bomb.stat().st_size < 200_000
    tracemalloc.start()
    try:
        reason, msg = reason_of(bomb, "docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reason == "zip_bomb" and "bom nén" in msg
    assert peak < 4 * 1024 * 1024  # nothing inflated


def test_too_many_members(tmp_path):
    p = tmp_path / "nhieu.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        for i in range(6000):
            zf.writestr(f"x/{i}", b"")
    assert reason_of(p, "xlsx")[0] == "zip_bomb"


def test_lying_sizes_in_central_directory(tmp_path):
    """Claims 3 GB uncompressed across parts: refused from the directory alone."""
    src = make_docx(tmp_path / "a.docx")
    raw = bytearray(src.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<L", raw[eocd + 16 : eocd + 20])[0]
    pos = cd_offset
    while raw[pos : pos + 4] == b"PK\x01\x02":
        struct.pack_into("<L", raw, pos + 24, 400 * 1024 * 1024)  # uncompressed size
        n, m, k = struct.unpack("<HHH", raw[pos + 28 : pos + 34])
        pos += 46 + n + m + k
    p = tmp_path / "lie.docx"
    p.write_bytes(bytes(raw))
    assert reason_of(p, "docx")[0] == "zip_bomb"


def test_overlapping_members(tmp_path):
    """Two directory entries pointing at one compressed blob (the overlapping-file bomb)."""
    p = tmp_path / "overlap.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document xmlns:w='x'/>")
        zf.writestr("word/styles.xml", "<w:styles xmlns:w='x'/>")
    raw = bytearray(p.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<L", raw[eocd + 16 : eocd + 20])[0]
    # find the 3rd central entry and point it at the 2nd local header
    pos, offsets = cd_offset, []
    while raw[pos : pos + 4] == b"PK\x01\x02":
        offsets.append(pos)
        n, m, k = struct.unpack("<HHH", raw[pos + 28 : pos + 34])
        pos += 46 + n + m + k
    second_local = struct.unpack("<L", raw[offsets[1] + 42 : offsets[1] + 46])[0]
    struct.pack_into("<L", raw, offsets[2] + 42, second_local)
    p.write_bytes(bytes(raw))
    assert reason_of(p, "docx")[0] == "zip_bomb"


# -- XML entities ---------------------------------------------------------------------------
BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def test_billion_laughs_in_document(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    p = rewrite_zip(src, tmp_path / "laughs.docx", {"word/document.xml": BILLION_LAUGHS.encode()})
    reason, msg = reason_of(p, "docx")
    assert reason == "xml_entities" and "ENTITY" in msg


def test_external_entity_in_xlsx_sheet(tmp_path):
    src = make_xlsx(tmp_path / "a.xlsx")
    xxe = (
        '<?xml version="1.0"?><!-- chú thích --><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>'
    )
    p = rewrite_zip(src, tmp_path / "xxe.xlsx", {"xl/worksheets/sheet1.xml": xxe.encode()})
    assert reason_of(p, "xlsx")[0] == "xml_entities"


def test_doctype_in_utf16_part(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    body = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "b">]><w:document/>'
    p = rewrite_zip(src, tmp_path / "u16.docx", {"word/styles.xml": b"\xff\xfe" + body.encode("utf-16-le")})
    assert reason_of(p, "docx")[0] == "xml_entities"


def test_doctype_hidden_in_rels(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    rels = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    p = rewrite_zip(src, tmp_path / "rels.docx", {"_rels/.rels": rels.encode()})
    assert reason_of(p, "docx")[0] == "xml_entities"


def test_doctype_in_a_part_without_xml_suffix(tmp_path):
    """Relationships may point at any name; the part is sniffed, not trusted by its suffix."""
    src = make_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(src) as z:
        rels = z.read("_rels/.rels").decode()
    rels = rels.replace('Target="word/document.xml"', 'Target="word/document.dat"')
    p = rewrite_zip(
        src,
        tmp_path / "renamed.docx",
        {"_rels/.rels": rels.encode()},
        add={"word/document.dat": BILLION_LAUGHS.encode("utf-16")},
    )
    assert reason_of(p, "docx")[0] == "xml_entities"


def test_doctype_after_root_is_not_possible_but_text_mentioning_it_is_fine(tmp_path):
    """Body text that talks about '<!DOCTYPE' is escaped in XML and must not trip the check."""
    check_office_file(make_docx(tmp_path / "a.docx", "Ví dụ: <!DOCTYPE html> và <!ENTITY>"), "docx")


# -- external references -------------------------------------------------------------------
def _settings_rels(target: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/attachedTemplate" Target="{target}" TargetMode="External"/></Relationships>'
    ).encode()


@pytest.mark.parametrize(
    "target",
    [
        "file://///attacker.example/share/Normal.dotm",
        "http://attacker.example/t.dotm",
        "https://x.example/t.dotm",
        "file://attacker.example/share/t.dotm",
        "\\\\attacker\\share\\t.dotm",
    ],
)
def test_attached_template_refused(tmp_path, target):
    src = make_docx(tmp_path / "a.docx")
    p = rewrite_zip(src, tmp_path / "tpl.docx", add={"word/_rels/settings.xml.rels": _settings_rels(target)})
    reason, msg = reason_of(p, "docx")
    assert reason == "external_reference" and "attachedTemplate" in msg


@pytest.mark.parametrize(
    "target", ["file:///C:/Users/vanthu/Documents/Mau%20ke%20hoach.dotx", "Mau-ke-hoach.dotx", "C:\\Mau\\KH.dotx"]
)
def test_local_attached_template_is_allowed(tmp_path, target):
    """Word records the office's own .dotx this way; nothing fetches it."""
    src = make_docx(tmp_path / "a.docx")
    p = rewrite_zip(src, tmp_path / "local-tpl.docx", add={"word/_rels/settings.xml.rels": _settings_rels(target)})
    check_office_file(p, "docx")


def test_external_workbook_link_refused(tmp_path):
    src = make_xlsx(tmp_path / "a.xlsx")
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'externalLinkPath" Target="\\\\server\\share\\budget.xlsx" TargetMode="External"/></Relationships>'
    )
    p = rewrite_zip(
        src,
        tmp_path / "ext.xlsx",
        add={
            "xl/externalLinks/externalLink1.xml": b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels.encode(),
        },
    )
    assert reason_of(p, "xlsx")[0] == "external_reference"


def test_ole_link_refused(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(src) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId77" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/oleObject" Target="file:///C:/x.xls" TargetMode="External"/></Relationships>',
    )
    p = rewrite_zip(src, tmp_path / "ole.docx", {"word/_rels/document.xml.rels": rels.encode()})
    assert reason_of(p, "docx")[0] == "external_reference"


# -- encrypted zip entries -----------------------------------------------------------------
def test_zip_with_encrypted_entry(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    raw = bytearray(src.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<L", raw[eocd + 16 : eocd + 20])[0]
    struct.pack_into("<H", raw, cd_offset + 8, struct.unpack("<H", raw[cd_offset + 8 : cd_offset + 10])[0] | 1)
    p = tmp_path / "enc.docx"
    p.write_bytes(bytes(raw))
    assert reason_of(p, "docx")[0] == "encrypted"


# -- bounded time ------------------------------------------------------------------------
def test_everything_is_quick(tmp_path):
    """Not a timing assertion on speed, only a sanity bound far above the real cost."""
    src = make_docx(tmp_path / "a.docx")
    p = rewrite_zip(src, tmp_path / "bomb.docx", add={"word/media/x.bin": b"\x00" * (20 * 1024 * 1024)})
    start = time.process_time()
    with pytest.raises(HostileFileError):
        check_office_file(p, "docx")
    assert time.process_time() - start < 5


# -- text files ---------------------------------------------------------------------------
def test_text_file_checks(tmp_path):
    ok = tmp_path / "kh.txt"
    ok.write_text("KẾ HOẠCH\n" + "Đảng bộ " * 10000, encoding="utf-8")
    check_text_file(ok)
    u16 = tmp_path / "u16.txt"
    u16.write_bytes("KẾ HOẠCH".encode("utf-16"))
    check_text_file(u16)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(HostileFileError) as exc:
        check_text_file(big)
    assert exc.value.reason == "too_large"
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"abc\x00\x01\x02")
    with pytest.raises(HostileFileError) as exc:
        check_text_file(binary)
    assert exc.value.reason == "binary"
    docx_txt = tmp_path / "really.txt"
    docx_txt.write_bytes(make_docx(tmp_path / "b.docx").read_bytes())
    with pytest.raises(HostileFileError) as exc:
        check_text_file(docx_txt)
    assert exc.value.reason == "wrong_type"
