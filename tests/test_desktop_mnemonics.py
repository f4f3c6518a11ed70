"""Alt keys (mnemonics) inside every tab page of the main window and inside every dialog.

The menus have their own test (test_desktop_shortcuts.py); here the same two rules for the
widgets one window shows at the same time: buttons (ours and Qt's standard ones, check and
radio boxes), labels with a buddy, group-box titles and tab titles. In each scope an
Alt+letter reaches one widget only, and it is a plain ASCII letter or digit: a Vietnamese
letter (đ, ê, ơ, ư, ă, â, a toned vowel) cannot be pressed with Alt.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import Qt  # (QtGui's Qt: it also has mightBeRichText)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kehoach_desktop.store import plans
from kehoach_desktop.ui import qt_language


def mnemonic(text: str) -> str | None:
    """The Alt letter of a Qt text, as Qt reads it: the character after the first single '&'."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def test_mnemonic_reads_qt_texts():
    assert mnemonic("&Lưu") == "l"
    assert mnemonic("Lập &báo cáo…") == "b"
    assert mnemonic("Sổ && lưu &trữ") == "t"
    assert mnemonic("&Đơn vị:") == "đ"
    assert mnemonic("Không có") is None
    assert mnemonic("A &&") is None


def _is_plain(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.PlainText or (fmt == Qt.AutoText and not Qt.mightBeRichText(label.text()))


def _entries(window: QWidget) -> list[tuple[str, str]]:
    """(Alt letter, description) of every widget with a mnemonic that *window* shows now."""
    out = []
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.window() is not window:
            continue
        if isinstance(w, QAbstractButton):  # ours and Qt's standard buttons, check/radio boxes
            texts = [("nút", w.text())]
        elif isinstance(w, QLabel) and w.buddy() is not None:
            texts = [("nhãn", w.text())]
        elif isinstance(w, QGroupBox):
            texts = [("khung", w.title())]
        elif isinstance(w, QTabBar):
            texts = [("thẻ", w.tabText(i)) for i in range(w.count()) if w.isTabVisible(i)]
        else:
            continue
        out += [(key, f"{kind} «{text}»") for kind, text in texts if (key := mnemonic(text))]
    return out


def _stray_ampersands(window: QWidget) -> list[str]:
    """Plain-text labels with a mnemonic but no buddy: Qt shows their '&' as it is."""
    return [
        f"nhãn «{w.text()}» không có buddy: dấu & hiện ra nguyên văn"
        for w in window.findChildren(QLabel)
        if w.isVisible() and w.window() is window and w.buddy() is None and _is_plain(w) and mnemonic(w.text())
    ]


def _tab_states(window: QWidget):
    """Show every combination of tab pages (nested tab widgets included), one at a time;
    yields a name for each combination."""

    def walk(done: tuple[QTabWidget, ...], names: tuple[str, ...]):
        todo = [t for t in window.findChildren(QTabWidget) if t.isVisible() and t.window() is window and t not in done]
        if not todo:
            yield " / ".join(names)
            return
        tabs = todo[0]
        shown = tabs.currentIndex()
        for i in range(tabs.count()):
            if not tabs.isTabVisible(i):
                continue
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            yield from walk(done + (tabs,), names + (tabs.tabText(i).replace("&", ""),))
        tabs.setCurrentIndex(shown)

    yield from walk((), ())


def _check(window: QWidget, scope: str, problems: dict[str, list[str]]) -> int:
    """Add the problems of every tab combination of *window* to *problems* (problem → the tab
    pages where it shows); returns how many mnemonics were looked at."""
    seen = 0
    for state in _tab_states(window):
        entries = _entries(window)
        seen += len(entries)
        found = []
        for key, group in itertools.groupby(sorted(entries), key=lambda e: e[0]):
            group = [d for _k, d in group]
            if len(group) > 1:
                found.append(f"Alt+{key} trùng: {', '.join(group)}")
        found += [f"{desc}: Alt+{key} không bấm được" for key, desc in entries if not (key.isascii() and key.isalnum())]
        found += _stray_ampersands(window)
        for problem in found:
            problems.setdefault(f"{scope}: {problem}", []).append(state)
    return seen


def _report(problems: dict[str, list[str]]) -> str:
    return "\n" + "\n".join(f"{p}  [{'; '.join(filter(None, states)) or 'luôn'}]" for p, states in problems.items())


@pytest.fixture
def vi(qapp):
    """Qt's own buttons in Vietnamese, as the program shows them (they clash with ours too)."""
    before = QLocale()
    translator = qt_language.install(qapp)
    assert translator is not None
    yield translator
    qt_language.remove(qapp)
    QLocale.setDefault(before)


def test_the_check_sees_qt_buttons_buddies_and_only_the_shown_tab(qtbot, vi):
    """The checker itself: Qt's standard buttons (in Vietnamese) count, a hidden tab page or
    a hidden button does not, a Vietnamese letter is refused, a stray '&' is reported."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    tabs = QTabWidget(dialog)
    first, second = QWidget(), QWidget()
    tabs.addTab(first, "&Một")
    tabs.addTab(second, "&Hai")
    form = QFormLayout(first)
    form.addRow("&Cơ quan:", QLineEdit())  # clashes with Qt's «&Có»
    form.addRow("&Địa danh:", QLineEdit())  # Alt+đ cannot be pressed
    QFormLayout(second).addRow("&Khác:", QLineEdit())  # clashes with «&Không», on page 2 only
    layout.addWidget(tabs)
    layout.addWidget(QLabel("Ghi &chú"))  # no buddy: the '&' shows
    hidden = QPushButton("&Cũ")
    layout.addWidget(hidden)
    hidden.hide()
    layout.addWidget(QDialogButtonBox(QDialogButtonBox.Yes | QDialogButtonBox.No))
    dialog.show()
    problems: dict[str, list[str]] = {}
    assert _check(dialog, "Thử", problems) == 6 + 5  # 2 tabs, 2 buttons, 2 labels; 2 + 2 + 1
    assert problems == {
        "Thử: Alt+c trùng: nhãn «&Cơ quan:», nút «&Có»": ["Một"],
        "Thử: nhãn «&Địa danh:»: Alt+đ không bấm được": ["Một"],
        "Thử: Alt+k trùng: nhãn «&Khác:», nút «&Không»": ["Hai"],
        "Thử: nhãn «Ghi &chú» không có buddy: dấu & hiện ra nguyên văn": ["Một", "Hai"],
    }
    assert tabs.currentIndex() == 0  # the page shown before is shown again


@pytest.fixture
def window(open_window, demo_db, vi, monkeypatch):
    monkeypatch.setenv("KEHOACH_NO_REMINDERS", "1")
    return open_window(demo_db)


def _main_window_problems(window, problems) -> int:
    seen = _check(window, "Cửa sổ chính", problems)  # every tab and every tab inside it
    # The plan editor with a plan open and an item selected (its task panel shows), then
    # with the find bar open as well.
    panel = window.plans_panel
    window.show_tab("plans")
    plan_id = plans.list_rows(window.ctx.db)[0]["id"]
    panel.open_plan(plan_id)
    panel.editor.select_node(plans.children_rows(window.ctx.db, plan_id, None)[0]["id"])
    seen += _check(window, "Cửa sổ chính, Kế hoạch đang mở", problems)
    task = window.ctx.db.one(
        "SELECT node_id FROM tasks WHERE plan_id = ? AND node_id IS NOT NULL ORDER BY position LIMIT 1", (plan_id,)
    )
    panel.editor.select_node(task["node_id"])
    panel.editor.find_bar.open()
    assert panel.editor.find_bar.isVisible()
    seen += _check(window, "Cửa sổ chính, Kế hoạch đang mở, nhiệm vụ, thanh Tìm", problems)
    return seen


def _dialogs(window, tmp_path):
    from desktop_screens import _dialog_factories
    from export_support import fixture_doc

    from kehoach_desktop.export import render_pdf
    from kehoach_desktop.ui.preview.preview_dialog import PreviewDialog

    db = window.ctx.db
    plan_id = plans.list_rows(db)[0]["id"]
    factories = _dialog_factories(window.ctx, window, db, plan_id)

    def preview():
        pdf = tmp_path / "xem-truoc.pdf"
        render_pdf(fixture_doc(), pdf, "party")
        return PreviewDialog(pdf, window, rerender=lambda profile_id: None, print_handler=lambda *a: None)

    return [("PreviewDialog", preview), *factories]


def test_alt_keys_are_unique_and_typeable_in_every_tab_and_dialog(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_NO_REMINDERS", "1")  # desktop_screens sets it when imported
    problems: dict[str, list[str]] = {}
    seen = _main_window_problems(window, problems)
    assert seen >= 20, "the main window's buttons and labels were not reached"

    dialogs = _dialogs(window, tmp_path)
    assert len(dialogs) >= 16, [name for name, _ in dialogs]  # every dialog the program has
    counts = {}
    for name, factory in dialogs:
        dialog = factory()
        widget = dialog if isinstance(dialog, QDialog) else dialog.dialog
        qtbot.addWidget(widget)
        widget.show()
        QApplication.processEvents()
        count = _check(widget, name, problems)
        if name == "ImportDialog":
            # Step 2 (the review of what was recognised) has its own buttons and tabs.
            assert widget.recognise()
            count += _check(widget, f"{name}, bước 2", problems)
        counts[name] = count
        widget.close()
        QApplication.processEvents()
    # The dialogs that have Alt keys were really looked at (shown, their widgets reached).
    assert all(
        counts[name] > 0
        for name in (
            "PreviewDialog",
            "DirectiveForm",
            "ProfileDialog",
            "ExportOptionsDialog",
            "ProgressDialog",
            "ImportDialog",
            "ImportPreviewDialog",
        )
    ), counts
    assert not problems, _report(problems)
