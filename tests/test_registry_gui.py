"""The registry in the main window, driven with pytest-qt on the offscreen platform."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from typing_helpers import type_text

from kehoach_desktop.resources import resource_path as _resource_path
from kehoach_desktop.store import directives
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow
from kehoach_desktop.ui.registry import form as form_module
from kehoach_desktop.ui.tree_model import ID_ROLE, KIND_ROLE

# The demo registry (resources/demo/directives.json) grows with the domain (issue 17).
DEMO_DOCS = len(json.loads(_resource_path("demo", "directives.json").read_text(encoding="utf-8"))["documents"])


@pytest.fixture
def window(open_window, demo_db):
    return open_window(demo_db)


def _labels(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    while model.canFetchMore(parent):  # an issuer's documents are read when it is opened (issue 19)
        model.fetchMore(parent)
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def _find_child(model, parent, startswith):
    while model.canFetchMore(parent):  # both trees read a node's children when it is opened (issue 19)
        model.fetchMore(parent)
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        if index.data().startswith(startswith):
            return index
    raise AssertionError(f"{startswith!r} not under {parent.data()!r}: {_labels(model, parent)}")


def test_level_tree_groups_by_level_then_issuer(window):
    panel = window.registry_panel
    model = panel.level_model
    levels = _labels(model)
    assert levels[0].startswith("Trung ương") and any(name.startswith("Tỉnh") for name in levels)
    tw = model.index(0, 0)
    issuers = _labels(model, tw)
    assert any(i.startswith("Bộ Chính trị") for i in issuers)
    bct = _find_child(model, tw, "Bộ Chính trị")
    docs = _labels(model, bct)
    assert any("01-KL/TW" in d for d in docs)
    assert panel.count_label.text() == f"{DEMO_DOCS} văn bản"


def test_chain_tree_shows_the_implementation_chain_down_to_our_plan(window):
    panel = window.registry_panel
    panel.views.setCurrentWidget(panel.chain_view)  # the chain tree is built when shown
    model = panel.chain_model
    from PySide6.QtCore import QModelIndex

    ct05 = _find_child(model, QModelIndex(), "Chỉ thị 05-CT/TW")
    kl01 = _find_child(model, ct05, "Kết luận 01-KL/TW")
    kh49 = _find_child(model, kl01, "Kế hoạch 49-KH/TU")
    kh53 = _find_child(model, kh49, "Kế hoạch 53-KH/HU")
    assert kh53.data(KIND_ROLE) == "directive"
    # The demo plan cites 01-KL/TW in its căn cứ: it hangs under it.
    plan = _find_child(model, kl01, "Kế hoạch (chưa có số)")
    assert plan.data(KIND_ROLE) == "plan" and "[Dự thảo]" in plan.data()
    # Selecting in one view carries over to the other.
    panel.select(kh49.data(ID_ROLE))
    panel.views.setCurrentWidget(panel.level_view)
    assert panel.current_id() == kh49.data(ID_ROLE)


def test_type_ahead_search_filters_with_or_without_diacritics(window, qtbot):
    panel = window.registry_panel
    for query in ("ly luan", "lý luận"):
        panel.search.clear()
        type_text(panel.search, query, unikey=True)
        qtbot.waitUntil(
            lambda: panel.count_label.text().startswith(tuple("0123456789")) and "/" in panel.count_label.text(),
            timeout=2000,
        )
        shown = [n for n in panel.level_model.root.walk() if n.kind == "directive"]
        assert shown and all(
            "lý luận" in n.columns[0].lower() or "ly luan" in n.tooltip.lower() or "lý luận" in n.tooltip.lower()
            for n in shown
        )
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.count_label.text() == f"{DEMO_DOCS} văn bản", timeout=2000)


def test_add_from_citation_then_undo_and_redo(window, qtbot, monkeypatch):
    panel = window.registry_panel
    ctx = window.ctx

    def fake_exec(self):
        # Type like a user: paste the citation, fill, then save.
        type_text(
            self.citation,
            "Kết luận số 798 - KL/TU, ngày 3/11/2021 của Ban Thường vụ Tỉnh ủy về công tác cán bộ",
            unikey=True,
        )
        assert self.citation.toPlainText().endswith("công tác cán bộ")
        assert self.fill_from_citation()
        assert self.number.text() == "798-KL/TU"
        assert self.date.text() == "03/11/2021"
        assert self.issuer.currentText() == "Ban Thường vụ Tỉnh ủy"
        self.notes.setPlainText("Đã nhận qua Zalo")
        self._accept()
        return self.dialog.result() == 1

    monkeypatch.setattr(form_module.DirectiveForm, "exec", fake_exec)
    window.show_tab("registry")
    panel.act_add.trigger()
    rows = directives.find_by_number(ctx.db, "798-KL/TU")
    assert len(rows) == 1 and rows[0]["notes"] == "Đã nhận qua Zalo"
    assert panel.count_label.text() == f"{DEMO_DOCS + 1} văn bản"
    assert panel.current_id() == rows[0]["id"]  # the new document is selected

    window.undo_action.trigger()
    assert directives.find_by_number(ctx.db, "798-KL/TU") == []
    assert panel.count_label.text() == f"{DEMO_DOCS} văn bản"
    window.redo_action.trigger()
    assert len(directives.find_by_number(ctx.db, "798-KL/TU")) == 1


def test_a_document_added_from_another_tab_is_shown_in_the_registry(window, qtbot, monkeypatch):
    """The walk pressed Ctrl+Shift+N on the «Trao đổi» tab: after «Lưu» nothing on screen changed,
    so there was no telling whether the document was in the register."""
    panel = window.registry_panel

    def fake_exec(self):
        type_text(self.citation, "Hướng dẫn số 12-HD/BTCTU, ngày 20/11/2026 của Ban Tổ chức Tỉnh ủy về nhân sự")
        assert self.fill_from_citation()
        self._accept()
        return self.dialog.result() == 1

    monkeypatch.setattr(form_module.DirectiveForm, "exec", fake_exec)
    window.show_tab("trao-doi")
    assert window.current_tab_key() == "trao-doi"
    panel.act_add.trigger()
    added = directives.find_by_number(window.ctx.db, "12-HD/BTCTU")
    assert len(added) == 1
    assert window.current_tab_key() == "registry" and panel.current_id() == added[0]["id"]
    assert "Đã thêm «Hướng dẫn 12-HD/BTCTU» vào sổ văn bản" in window.statusBar().currentMessage()


def test_down_from_the_search_field_goes_to_the_documents_found(window, qtbot):
    """The walk typed «dai hoi», pressed ↓ then ↑ to reach the document: the keys stayed in the field."""
    from PySide6.QtWidgets import QApplication

    panel = window.registry_panel
    window.show_tab("registry")
    panel.focus_search()
    QTest.keyClicks(panel.search, "hoc tap")
    QTest.keyClick(panel.search, Qt.Key_Down)  # at once, before the type-ahead pause
    view = panel.current_view()
    assert QApplication.focusWidget() is view
    first = panel.current_id()
    assert first is not None and first in panel._filter
    before = view.currentIndex()
    QTest.keyClick(view, Qt.Key_Down)  # and on through the results with the arrows
    assert view.currentIndex().isValid() and view.currentIndex() != before
    assert panel.search.text() == "hoc tap"  # nothing typed into the field
    guide = _resource_path("help", "huong-dan.html").read_text(encoding="utf-8")
    assert "bấm <b>↓</b> để xuống danh sách văn bản tìm được" in guide  # and the guide says so


def test_edit_with_f2_and_undo(window, monkeypatch):
    panel = window.registry_panel
    did = directives.find_by_number(window.ctx.db, "73-HD/BTGTU")[0]["id"]
    panel.select(did)

    def fake_exec(self):
        self.summary.setPlainText("về công tác lý luận chính trị (đã sửa)")
        self.security.setCurrentText("mật")
        self._accept()
        return True

    monkeypatch.setattr(form_module.DirectiveForm, "exec", fake_exec)
    panel.act_edit.trigger()
    d = directives.get(window.ctx.db, did)
    assert d.summary.endswith("(đã sửa)") and d.security == "mật"
    window.undo_action.trigger()
    d = directives.get(window.ctx.db, did)
    assert d.summary == "thực hiện công tác lý luận chính trị năm 2024" and d.security == "thường"


def test_deleting_an_implemented_document_asks_first_and_undo_restores_links(window, monkeypatch):
    panel = window.registry_panel
    db = window.ctx.db
    kl01 = directives.find_by_number(db, "01-KL/TW")[0]["id"]
    kh49 = directives.find_by_number(db, "49-KH/TU")[0]["id"]
    kh53 = directives.find_by_number(db, "53-KH/HU")[0]["id"]
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(k.get("detail", "")) or False)
    panel.select(kl01)
    panel.act_delete.trigger()
    assert asked and "49-KH/TU" in asked[0]
    assert directives.get(db, kl01) is not None  # refused: nothing deleted

    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    panel.select(kh49)
    panel.act_delete.trigger()
    assert directives.get(db, kh49) is None
    assert directives.get(db, kh53).parent_ids == []
    window.undo_action.trigger()
    assert directives.get(db, kh53).parent_ids == [kh49]
    assert directives.get(db, kh49).parent_ids == [kl01]


def test_a_document_cited_by_an_issued_plan_cannot_be_deleted(window, monkeypatch):
    from kehoach_desktop.store import plans

    db = window.ctx.db
    plan_id = db.scalar("SELECT id FROM plans")
    plans.issue(db, plan_id, "05-KH/ĐU")
    kl01 = directives.find_by_number(db, "01-KL/TW")[0]["id"]
    errors, asked = [], []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(1) or True)
    window.registry_panel.select(kl01)
    window.registry_panel.act_delete.trigger()
    assert not asked  # refused before asking
    assert errors and "05-KH/ĐU" in errors[0]
    assert directives.get(db, kl01) is not None


def test_form_warns_when_a_number_is_registered_with_another_date(window, qtbot):
    form = form_module.DirectiveForm(window.ctx, window)
    form.citation.setPlainText("Kết luận số 01-KL/TW, ngày 19/5/2021 của Bộ Chính trị về …")
    form.fill_from_citation()
    assert "18/05/2021" in form.warning.text()
    form.number.setText("12-XYZ")
    form.check_conflicts()
    assert "không phải số ký hiệu" in form.warning.text()
    form.dialog.close()


def test_layout_is_remembered(qtbot, demo_db, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    ctx = AppContext(demo_db)
    win = MainWindow(ctx, settings=settings)
    qtbot.addWidget(win)
    win.show()
    win.resize(760, 520)
    win.registry_panel.splitter.setSizes([500, 200])
    win.save_layout()
    again = MainWindow(AppContext(demo_db), settings=settings)
    qtbot.addWidget(again)
    again.show()
    assert again.size().width() == 760
    sizes = again.registry_panel.splitter.sizes()
    assert sizes[0] > 2 * sizes[1]


def test_typing_in_search_filters_cached_rows_and_changes_reload_them(window, qtbot, monkeypatch):
    """Neither tree reads every document (issue 19): typing reads the hits, a data change
    reads them again."""
    from kehoach_desktop.ui.registry import panel as panel_module

    panel = window.registry_panel
    reads, hits = [], []
    original, original_rows = directives.tree_rows, panel_module.trees.rows_of
    whole = lambda db, ids=None, *a: (reads.append(1) if ids is None else None) or original(db, ids, *a)  # noqa: E731
    monkeypatch.setattr(directives, "tree_rows", whole)
    monkeypatch.setattr(panel_module.trees, "rows_of", lambda db, ids: hits.append(len(ids)) or original_rows(db, ids))
    panel.search.setText("ly luan")
    panel.apply_filter()
    panel.search.setText("lý luận chính trị")
    panel.apply_filter()
    assert reads == [] and len(hits) == 2  # the hits only
    assert panel.current_id() is not None  # best match selected
    directives.add(window.ctx.db, {"doc_type": "Hướng dẫn", "number": "99-HD/ĐU", "summary": "lý luận chính trị mới"})
    from kehoach_desktop.store.commands import Changes

    window.ctx.notify(Changes(structure=True))
    assert reads == [] and len(hits) == 3  # a data change reads the hits again
    panel.views.setCurrentWidget(panel.chain_view)  # the chain tree: the hits, their chains when opened
    assert reads == [] and panel.chain_model.rowCount() == len(panel._filter)
    assert any("99-HD/ĐU" in n.columns[0] for n in panel.level_model.root.walk() if n.kind == "directive")


# -- issue 17: a replaced, repealed or expired document is grey, its tooltip names what replaced it
def test_replaced_document_is_grey_in_both_trees_and_names_its_successor(window, qtbot):
    from PySide6.QtCore import QModelIndex, Qt

    from kehoach_desktop.ui.registry.trees import ENDED_COLOR

    panel = window.registry_panel
    model = panel.level_model
    tw = _find_child(model, QModelIndex(), "Trung ương")
    statements: list[str] = []
    window.ctx.db.conn.set_trace_callback(statements.append)
    try:
        docs = {}
        for r in range(model.rowCount(tw)):
            issuer = model.index(r, 0, tw)
            before = len(statements)
            _labels(model, issuer)  # the issuer's documents: one page query, the state included
            assert len([s for s in statements[before:] if s.lstrip().upper().startswith("SELECT")]) <= 1
            for c in range(model.rowCount(issuer)):
                docs[model.index(c, 0, issuer).data()] = model.index(c, 0, issuer)
    finally:
        window.ctx.db.conn.set_trace_callback(None)
    old = next(i for label, i in docs.items() if "66-QĐ/TW" in label)
    new = next(i for label, i in docs.items() if "399-QĐ/TW" in label)
    assert old.data(Qt.ForegroundRole) == ENDED_COLOR
    assert "Đã được thay thế bằng Quy định 399-QĐ/TW, ngày 09/01/2026" in old.data(Qt.ToolTipRole)
    assert new.data(Qt.ForegroundRole) is None  # the one in force keeps the normal look
    panel.views.setCurrentWidget(panel.chain_view)
    chain = panel.chain_model
    hit = chain.find("directive", old.data(ID_ROLE))
    assert hit.isValid() and hit.data(Qt.ForegroundRole) == ENDED_COLOR
    assert "399-QĐ/TW" in hit.data(Qt.ToolTipRole)


def test_a_relation_effective_later_does_not_grey_the_document_yet(db):
    """A document replaced from a later day stays in force until then; an expired one is grey
    without a successor; the state comes with the page rows (store.directives.tree_page)."""
    import datetime as dt

    from kehoach_desktop.store import relations

    old = directives.add(db, {"doc_type": "Hướng dẫn", "number": "12-HD/BTGTU", "issuer": "Ban Tuyên giáo Tỉnh ủy"})
    new = directives.add(db, {"doc_type": "Hướng dẫn", "number": "20-HD/BTGTU", "issuer": "Ban Tuyên giáo Tỉnh ủy"})
    gone = directives.add(db, {"doc_type": "Kế hoạch", "number": "20-KH/ĐU", "issuer": "Đảng ủy xã"})
    with db.transaction():
        relations.add(db, new, "replaces", target_id=old, effective_on=dt.date(2026, 9, 1))
        relations.add(db, None, "expires", target_id=gone)

    def state(day):
        rows = directives.tree_rows(db, today=day)
        return {r[2]: directives.ended_state(r[8]) for r in rows}

    assert state(dt.date(2026, 8, 31))["12-HD/BTGTU"] == ("", "", "")
    assert state(dt.date(2026, 9, 1))["12-HD/BTGTU"][:2] == ("replaces", "Hướng dẫn 20-HD/BTGTU")
    assert state(dt.date(2026, 9, 1))["20-HD/BTGTU"] == ("", "", "")
    assert state(dt.date(2026, 9, 1))["20-KH/ĐU"][0] == "expires"
    level_id, issuer = directives.tree_place(db, gone)
    page = directives.tree_page(db, level_id, issuer, None, 10, today=dt.date(2026, 9, 1))
    assert [directives.ended_state(r[9])[0] for r in page] == ["expires"]


def test_the_quick_fill_button_has_an_alt_key(qtbot, window):
    """The walk pasted a citation and pressed Alt to fill the fields: «Điền từ trích dẫn» had no
    Alt letter (and Alt+I typed an «i» into the pasted text). Alt+D fills from the citation."""
    from PySide6.QtWidgets import QPushButton

    from kehoach_desktop.ui.registry.form import DirectiveForm

    form = DirectiveForm(window.ctx, window, None)
    qtbot.addWidget(form.dialog)
    form.dialog.show()
    button = form.dialog.findChild(QPushButton, "fillButton")
    assert button.text() == "Điền từ trích &dẫn"
    form.citation.setFocus()
    type_text(form.citation, "Hướng dẫn số 12-HD/BTCTU, ngày 20/11/2026 của Ban Tổ chức Tỉnh ủy về nhân sự")
    # Qt makes the mnemonic the button's shortcut (pressed on the walk's X11 screen, it filled the
    # fields; the offscreen platform does not route Alt to mnemonics) — and no other Alt+D is there.
    assert button.shortcut().toString() == "Alt+D"
    others = [w for w in form.dialog.findChildren(QPushButton) if w is not button]
    assert all(w.shortcut().toString() != "Alt+D" for w in others)
    button.click()
    assert form.number.text() == "12-HD/BTCTU"
