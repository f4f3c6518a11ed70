"""Found opening a file on read-only media at 1366×768: the «CHỈ XEM — …» notice above the tabs
took 132 pixels for two lines of text (a toolbar sizes a wrapped label by its narrow size hint),
a sixth of the screen the registry tree needs; after a crash the notice naming who had the file
open was as tall."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QTabWidget

from kehoach_desktop.ui.safety.banner import add_banner

READ_ONLY = (
    "CHỈ XEM — Tệp dữ liệu nằm trên ổ đĩa hoặc thư mục chỉ cho đọc (đĩa CD, USB gạt khóa ghi, thư mục dùng "
    "chung chỉ đọc), nên chương trình mở ở chế độ CHỈ XEM: xem được mọi thứ nhưng không sửa được. Để sửa, hãy "
    "chép tệp vào thư mục có quyền ghi (ví dụ Tài liệu) rồi mở tệp đó (Tệp → Mở tệp dữ liệu…)."
)


def _window(qtbot, width):
    window = QMainWindow()
    window.safety_banners = []
    window.setCentralWidget(QTabWidget())
    banner = add_banner(window, READ_ONLY, "readonly", closable=False)
    qtbot.addWidget(window)
    window.resize(width, 700)
    window.show()
    qtbot.waitExposed(window)
    return window, banner


def _lines(banner) -> int:
    return round(banner.label.height() / banner.label.fontMetrics().lineSpacing())


def test_a_long_notice_is_as_tall_as_its_lines(qtbot):
    _win, banner = _window(qtbot, 1300)
    qtbot.waitUntil(lambda: banner.label.height() == banner.label.heightForWidth(banner.label.width()))
    assert banner.label.wordWrap()
    assert _lines(banner) <= 3, (banner.label.height(), banner.label.width())
    qtbot.waitUntil(lambda: banner.height() <= banner.label.height() + 24)  # the toolbar follows its label


def test_a_narrower_window_gives_the_notice_more_lines_not_less_text(qtbot):
    window, banner = _window(qtbot, 1300)
    qtbot.waitUntil(lambda: banner.label.height() == banner.label.heightForWidth(banner.label.width()))
    wide = banner.label.height()
    window.resize(700, 700)
    qtbot.waitUntil(lambda: banner.label.width() < 700)
    qtbot.waitUntil(lambda: banner.label.height() == banner.label.heightForWidth(banner.label.width()))
    assert banner.label.height() > wide
