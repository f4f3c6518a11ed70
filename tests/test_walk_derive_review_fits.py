"""Found walking the real window at 1366×768: «Cụ thể hóa…» on a commune MTTQ plan whose căn
cứ cites laws by their full names (tests/corpus/mt-luongminh-16-kh-mttq-2025.txt) opened
the review 1,770 pixels wide — «Tạo dự thảo» and «Hủy» off the screen. Each căn cứ on the
«Căn cứ thêm» page was a one-line check box as wide as its citation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

CORPUS = Path(__file__).parent / "corpus"
# A 1366×768 laptop at Windows' 125 %: 1093×614 logical pixels, less the window frame.
SMALLEST_WIDTH = 1093 - 16


def _review(db, qtbot):
    from kehoach_desktop.importer import parse_text
    from kehoach_desktop.importer.persist import save_as_directive
    from kehoach_desktop.store import derive as derive_store
    from kehoach_desktop.ui.derive.review import DeriveReview

    text = (CORPUS / "mt-luongminh-16-kh-mttq-2025.txt").read_text(encoding="utf-8")
    upstream = save_as_directive(db, parse_text(text))
    dialog = DeriveReview(derive_store.start(db, upstream))
    qtbot.addWidget(dialog)
    return dialog


def test_long_citations_leave_the_review_narrower_than_a_small_laptop(db, qtbot):
    dialog = _review(db, qtbot)
    assert dialog.d.grounds, "the plan's căn cứ should be offered"
    assert dialog.minimumSizeHint().width() <= SMALLEST_WIDTH, dialog.minimumSizeHint()


def test_the_grounds_are_still_chosen_one_by_one(db, qtbot):
    dialog = _review(db, qtbot)
    ground = dialog.d.grounds[0]
    item = dialog.ground_list.item(0)
    assert ground.citation.format() in item.text()
    was = ground.selected
    item.setCheckState(Qt.Unchecked if was else Qt.Checked)
    assert ground.selected is (not was)
