"""Undo of an import that updated a registered document (a second form of it: the PDF after
the .docx, or a copy that fills what the entry lacked) puts the entry back as it was; redo
makes the update again. Before, undo removed only what the import had created and left the
replaced structure, the filled fields, the new links and relations in place."""

from __future__ import annotations

from pathlib import Path

from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.import_ops import ImportDocument
from kehoach_desktop.store import directives

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
UBND = FIXTURES / "ke-hoach-ubnd-state-2025.txt"  # 155/KH-UBND, citing 749/QĐ-TTg and 116/2018/NQ-HĐND


def _state(db, did: int) -> dict:
    snap = directives.snapshot(db, did)
    row = dict(snap["row"])
    row.pop("updated_at", None)
    return {
        "row": row,
        "parents": sorted(snap["parents"]),
        "relations": sorted((r["kind"], r["target_number"]) for r in snap["relations"]),
        "count": directives.count(db),
    }


def test_undo_puts_back_a_registered_document_whose_structure_an_import_replaced(db, tmp_path):
    first = parse_file(UBND)
    entry = directives.add(
        db,
        {"doc_type": "Kế hoạch", "number": first.number, "summary": "", "structure_json": '{"sections": []}'},
    )
    before = _state(db, entry)
    second = tmp_path / "ban-pdf.txt"
    second.write_text(UBND.read_text(encoding="utf-8"), encoding="utf-8")
    command = ImportDocument(parse_file(second), as_directive=True, replace_structure=True)

    command.redo(db)
    assert command.id == entry
    after = _state(db, entry)
    assert after["row"]["structure_json"] != before["row"]["structure_json"]
    assert after["row"]["summary"] == "Triển khai công tác chuyển đổi số năm 2025"  # filled: it had none
    assert after["row"]["issued_on"] == "2025-01-16"
    assert after["parents"] and after["count"] > before["count"]  # the cited documents registered and linked

    command.undo(db)
    assert _state(db, entry) == before

    command.redo(db)
    assert _state(db, entry) == after
    command.undo(db)
    assert _state(db, entry) == before


def test_undo_of_an_import_that_kept_the_structure_takes_back_only_what_it_added(db, tmp_path):
    """«Giữ cấu trúc cũ»: the structure stays, the fields the entry lacked come back empty."""
    first = parse_file(UBND)
    entry = directives.add(db, {"doc_type": "Kế hoạch", "number": first.number, "structure_json": '{"kept": 1}'})
    before = _state(db, entry)
    command = ImportDocument(parse_file(UBND), as_directive=True, replace_structure=False)
    command.redo(db)
    assert directives.get_row(db, entry)["structure_json"] == '{"kept": 1}'
    assert directives.get_row(db, entry)["issued_on"] == "2025-01-16"
    command.undo(db)
    assert _state(db, entry) == before


def test_a_new_registry_entry_is_still_removed_by_undo_and_back_by_redo(db):
    command = ImportDocument(parse_file(UBND), as_directive=True)
    start = directives.count(db)
    command.redo(db)
    did = command.id
    assert did is not None and directives.get_row(db, did) is not None
    command.undo(db)
    assert directives.get_row(db, did) is None and directives.count(db) == start
    command.redo(db)
    assert directives.get_row(db, did) is not None and directives.count(db) > start
