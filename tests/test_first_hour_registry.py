"""Issue 20, registry: a right-click menu and the same actions in the detail pane (Sửa, Xóa,
Mở tệp gốc, Xem chuỗi thực hiện — one list, so another feature adds one line); search
matches highlighted in the list."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from kehoach_desktop.demo import load_demo
from kehoach_desktop.store import directives
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.registry.actions import DocumentAction
from kehoach_desktop.ui.registry.highlight import HIGHLIGHT, match_ranges

TEXTS = ["Sửa…", "Xóa", "Mở tệp gốc", "Xem chuỗi thực hiện"]


def _registry(open_window, db):
    load_demo(db)
    window = open_window(db, tab="registry")
    return window, window.registry_panel


def _select(panel, number):
    did = directives.find_by_number(panel.ctx.db, number)[0]["id"]
    panel.select(did)
    assert panel.current_id() == did
    return did


def test_right_click_menu_and_detail_buttons_offer_the_same_actions(open_window, db):
    _window, panel = _registry(open_window, db)
    did = _select(panel, "49-KH/TU")
    menu = panel.context_menu(did)
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts[:4] == TEXTS  # then what other features add (i15: «Cụ thể hóa…»)
    buttons = [b.text() for b in panel.findChildren(QPushButton) if b.objectName().startswith("docAction_")]
    assert buttons == texts
    enabled = {a.text().replace("&", ""): a.isEnabled() for a in menu.actions()}
    assert {t: enabled[t] for t in TEXTS} == {
        "Sửa…": True,
        "Xóa": True,
        "Mở tệp gốc": False,
        "Xem chuỗi thực hiện": True,
    }
    assert not panel.action_buttons["open_original"].isEnabled()  # no original file stored with it
    assert panel.action_buttons["edit"].isEnabled()


def test_menu_actions_do_what_they_say(open_window, db, monkeypatch, tmp_path):
    window, panel = _registry(open_window, db)
    did = _select(panel, "53-KH/HU")
    # Xem chuỗi thực hiện: the chain view, the document selected and its chain opened out
    menu = panel.context_menu(did)
    next(a for a in menu.actions() if a.objectName() == "show_chain").trigger()
    assert panel.views.currentWidget() is panel.chain_view and panel.current_id() == did
    index = panel.chain_view.currentIndex()
    assert index.parent().isValid() and panel.chain_view.isExpanded(index.parent())
    # Sửa…: the form for this document
    opened = []
    monkeypatch.setattr(panel, "_run_form", lambda directive_id=None, citation="": opened.append(directive_id))
    panel.action_buttons["edit"].click()
    assert opened == [did]
    # Xóa: asks (it is implemented by others), then deletes; Ctrl+Z brings it back
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    next(a for a in panel.context_menu(did).actions() if a.objectName() == "delete").trigger()
    assert directives.get_row(db, did) is None
    window.ctx.undo_stack.undo()
    assert directives.get_row(db, did) is not None
    # Mở tệp gốc: enabled once an original is stored, and opens it
    original = tmp_path / "53-KH-HU.pdf"
    original.write_bytes(b"%PDF-1.4 test")
    db_id = directives.find_by_number(db, "53-KH/HU")[0]["id"]
    directives.update(db, db_id, {"attachment_path": str(original)})
    panel.refresh()
    panel.select(db_id)
    urls = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    assert panel.action_buttons["open_original"].isEnabled()
    panel.action_buttons["open_original"].click()
    assert urls and urls[0].endswith("53-KH-HU.pdf")


def test_another_feature_adds_an_action_in_one_line(open_window, db):
    _window, panel = _registry(open_window, db)
    did = _select(panel, "49-KH/TU")
    ran = []
    panel.add_document_action(DocumentAction("derive", "Cụ thể &hóa…", lambda p, d: ran.append(d)))
    assert [a.text() for a in panel.context_menu(did).actions()][-1] == "Cụ thể &hóa…"
    panel.action_buttons["derive"].click()
    assert ran == [did]


def test_the_detail_pane_has_one_button_per_action_two_a_row(open_window, db):
    """Every feature's action once, in the order added, two a row (a feature adding one does not
    build the others again)."""
    _window, panel = _registry(open_window, db)
    panel.add_document_action(DocumentAction("extra", "Thêm", lambda p, d: None))
    row = panel.action_row
    placed = {}
    for i in range(row.count()):
        r, c, _rs, _cs = row.getItemPosition(i)
        placed[row.itemAt(i).widget().objectName()] = (r, c)
    keys = [a.key for a in panel.document_actions]
    assert len(keys) >= 5 and row.count() == len(keys)
    assert placed == {f"docAction_{k}": (n // 2, n % 2) for n, k in enumerate(keys)}


def test_match_ranges_ignore_diacritics():
    text = "Kế hoạch 49-KH/TU — Thực hiện công tác lý luận chính trị"
    spans = match_ranges(text, "ly luan")
    assert [text[a:b] for a, b in spans] == ["lý", "luận"]
    other = "Đường lối"
    assert [other[a:b] for a, b in match_ranges(other, "duong")] == ["Đường"]
    assert match_ranges(text, "") == []


def test_search_matches_are_painted_in_the_list(open_window, db, qtbot):
    _window, panel = _registry(open_window, db)
    view = panel.level_view

    def yellow_pixels() -> int:
        image = view.viewport().grab().toImage()
        want = HIGHLIGHT.rgb()
        return sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if QColor(image.pixel(x, y)).rgb() == want
        )

    assert yellow_pixels() == 0
    panel.search.setText("ly luan")
    panel.apply_filter()
    qtbot.wait(10)
    assert panel._filter  # found something
    assert yellow_pixels() > 20


def test_an_empty_registry_says_how_to_start(open_window, db):
    window = open_window(db, tab="registry")
    details = window.registry_panel.details
    # shown as the pane's text, wrapped to the pane (a placeholder was one line, cut at the edge: the walk)
    hint = details.toPlainText()
    assert "Sổ văn bản còn trống" in hint and "Thêm văn bản" in hint and "Ctrl+Shift+V" in hint and "PDF" in hint
    details.resize(300, 400)
    details.document().setTextWidth(details.viewport().width())
    line = details.fontMetrics().lineSpacing()
    assert details.document().size().height() > 3 * line  # several lines, none cut
    # the first document replaces the hint with the usual "choose a document"
    from kehoach_desktop.store.directive_ops import AddDirective

    window.ctx.push(
        AddDirective({"doc_type": "Hướng dẫn", "number": "73-HD/BTGTU", "issuer": "Ban Tuyên giáo Tỉnh ủy"})
    )
    window.registry_panel.refresh()
    assert "còn trống" not in details.toPlainText()
