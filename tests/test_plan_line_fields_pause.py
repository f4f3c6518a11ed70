"""The short fields of a plan (header lines, «Dòng lưu», the signer) typed into and then left
alone longer than the commit interval are in the file, with the cursor still in the field.

Found by the outside walk: the signer's name typed into «Họ tên», a pause of 12 s, then the
program killed (a power cut): the name was gone and no recovery was offered — these fields
were committed only when the cursor left them, on Ctrl+S or on a clean close. Every check
reads the file through a separate sqlite3 connection, as the next start would.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from typing_helpers import type_text

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import profile
from kehoach_desktop.ui.plans import text_commit

COMMIT_MS = 150


@pytest.fixture
def short_intervals(monkeypatch):
    monkeypatch.setattr(text_commit, "COMMIT_MS", COMMIT_MS)
    monkeypatch.setattr(text_commit, "STASH_MS", 60)


@pytest.fixture
def office_db(db):
    profile.save(
        db,
        OfficeProfile(
            superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
            issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
            issuer_code="ĐU",
            place="Hòa Bình",
            signer_authority="T/M BAN THƯỜNG VỤ",
            signer_title="PHÓ BÍ THƯ",
            signer_name="Trần Minh An",
        ),
    )
    return db


def _read(path, plan_id: int, column: str) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT {column} FROM plans WHERE id = ?", (plan_id,)).fetchone()[0] or ""
    finally:
        con.close()


def _header(editor, key):
    editor.show_page(editor.header_tab)
    return editor.header_tab.lines[key]


def _recipients(editor, name):
    tab = editor.recipients_tab
    editor.show_page(tab)
    return {"filing": tab.filing, "title": tab.title, "name": tab.name, "authority": tab.authority.lineEdit()}[name]


# (where the field is, its name, the column that stores it, how the stored value shows the typing)
FIELDS = [
    ("header", "place", "place", lambda v: v),
    ("header", "issuer_body", "issuer_body", lambda v: v.upper()),
    ("header", "title", "title", lambda v: v),
    ("recipients", "filing", "recipients_json", lambda v: v),
    ("recipients", "name", "signature_json", lambda v: v),
    ("recipients", "title", "signature_json", lambda v: v),
    ("recipients", "authority", "signature_json", lambda v: v),
]


@pytest.mark.parametrize(("where", "name", "column", "shown"), FIELDS, ids=[f[1] + "@" + f[0] for f in FIELDS])
def test_a_short_field_typed_then_left_alone_is_in_the_file(
    where, name, column, shown, short_intervals, open_window, office_db, qtbot
):
    window = open_window(office_db, tab="plans")
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    field = _header(editor, name) if where == "header" else _recipients(editor, name)
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)  # the cursor really is in the field (a loaded machine is slow)
    field.end(False)
    typed = " Nguyễn Thị Hằng"
    type_text(field, typed, unikey=True)
    expected = shown(field.text().strip())
    assert typed.strip() in field.text()
    # a pause longer than the commit interval, the cursor still in the field, nothing else done
    qtbot.wait(COMMIT_MS * 5)
    assert field.hasFocus()
    stored = _read(office_db.path, plan_id, column)
    if column.endswith("_json"):
        stored = " ".join(
            str(v) for v in (json.loads(stored).values() if stored.startswith("{") else json.loads(stored))
        )
    assert expected in stored
    # what the person sees was not rewritten under her cursor while she paused
    assert typed.strip() in field.text()
    # the idle commit is one undoable step
    window.ctx.undo_stack.undo()
    assert expected not in _read(office_db.path, plan_id, column)


def test_a_long_title_shows_its_beginning(open_window, office_db):
    """The walk: a cụ thể hóa draft's trích yếu «Thực hiện Kế hoạch số 12-KH/QU, ngày … về …» showed
    «…uận ủy Ba Đình về thực hiện công tác…» — the end of the text, its start hidden."""
    window = open_window(office_db, tab="plans")
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    long_title = "Thực hiện Kế hoạch số 12-KH/QU, ngày 20/01/2022 của Quận ủy Ba Đình về " + "công tác lý luận " * 8
    from kehoach_desktop.store import plan_ops

    window.ctx.push(plan_ops.UpdateHeader(office_db, plan_id, {"title": long_title.strip()}))
    editor.show_page(editor.header_tab)
    title = editor.header_tab.lines["title"]
    assert title.text() == long_title.strip()
    assert title.cursorPosition() == 0
