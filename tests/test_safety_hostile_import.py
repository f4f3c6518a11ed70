"""Hostile files through the real import paths (Word import, Excel progress import):
refused with the Vietnamese message and nothing is written to the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_safety_hostile import BILLION_LAUGHS, _settings_rels, make_docx, make_xlsx, rewrite_zip

from kehoach_desktop.cli import main as cli_main


def _hostile_docx(tmp_path: Path) -> dict[str, Path]:
    good = make_docx(tmp_path / "good.docx", "I. MỤC ĐÍCH\n1. Quán triệt")
    files = {
        "bomb": rewrite_zip(good, tmp_path / "bomb.docx", add={"word/media/x.bin": b"\0" * (20 * 1024 * 1024)}),
        "entities": rewrite_zip(good, tmp_path / "laughs.docx", {"word/document.xml": BILLION_LAUGHS.encode()}),
        "external": rewrite_zip(
            good,
            tmp_path / "tpl.docx",
            add={"word/_rels/settings.xml.rels": _settings_rels("file://///x.example/s/t.dotm")},
        ),
        "pdf": tmp_path / "that-ra-la-pdf.docx",
        "truncated": tmp_path / "cut.docx",
        "huge": tmp_path / "huge.docx",
    }
    files["pdf"].write_bytes(b"%PDF-1.4\n" + b"0" * 500)
    files["truncated"].write_bytes(good.read_bytes()[:3000])
    with open(files["huge"], "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(200 * 1024 * 1024)
    return files


def _counts(db_path: Path) -> tuple:
    import sqlite3

    c = sqlite3.connect(db_path)
    try:
        return tuple(
            c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("plans", "plan_nodes", "directives", "tasks", "progress", "attachments")
        )
    finally:
        c.close()


def test_word_import_refuses_hostile_files_and_writes_nothing(tmp_path, capsys):
    from kehoach_desktop.importer import ImportFailure, parse_file

    db_path = tmp_path / "k.sqlite3"
    assert cli_main(["demo", "--db", str(db_path)]) == 0
    capsys.readouterr()
    before = _counts(db_path)
    for kind, path in _hostile_docx(tmp_path).items():
        with pytest.raises(ImportFailure) as exc:
            parse_file(path)
        assert path.name in str(exc.value), kind
        code = cli_main(["import", "--db", str(db_path), str(path)])
        out, err = capsys.readouterr()
        assert code != 0, kind
        assert path.name in err or path.name in out, kind
        assert _counts(db_path) == before, kind


def test_excel_progress_import_refuses_hostile_files(db, tmp_path):
    from kehoach_desktop.tracking import excel_import

    good = make_xlsx(tmp_path / "a.xlsx")
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    )
    files = [
        rewrite_zip(good, tmp_path / "xxe.xlsx", {"xl/worksheets/sheet1.xml": xxe.encode()}),
        rewrite_zip(good, tmp_path / "bomb.xlsx", add={"xl/media/x.bin": b"\0" * (20 * 1024 * 1024)}),
        rewrite_zip(
            good,
            tmp_path / "ext.xlsx",
            add={
                "xl/externalLinks/_rels/externalLink1.xml.rels": (
                    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/externalLinkPath" Target="file:///C:/x.xlsx" TargetMode="External"/>'
                    b"</Relationships>"
                )
            },
        ),
    ]
    doc_as_xlsx = tmp_path / "word.xlsx"
    doc_as_xlsx.write_bytes(make_docx(tmp_path / "w.docx").read_bytes())
    files.append(doc_as_xlsx)
    pv = excel_import.preview(db, files)
    assert not pv.ok and pv.changes == []
    assert len(pv.errors) == len(files)
    messages = " ".join(i.message for i in pv.errors)
    assert "DOCTYPE" in messages and "bom nén" in messages and "liên kết ra ngoài" in messages
    assert "Word (.docx)" in messages
    assert db.scalar("SELECT COUNT(*) FROM progress") == 0
