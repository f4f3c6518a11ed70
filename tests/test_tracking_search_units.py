"""The Theo dõi search finds a unit's tasks by the unit's name: the tasks it leads and those it
cooperates on («Phối hợp»), with or without diacritics, in SQL over ids (issue 19).

The tester typed «Ban Tuyên giáo» into the search box and got no task: the filter looked at
the titles only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from tracking_data import make_plan

from kehoach_desktop.store import profile
from kehoach_desktop.store.plans import add_task
from kehoach_desktop.tracking import queries
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.queries import TaskFilter
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow

TODAY = dt.date(2026, 5, 10)
Q2 = Period("quarter", 2026, 2)


@pytest.fixture
def office(db):
    ids = make_plan(db)
    btg = profile.add_unit(db, "Ban Tuyên giáo và Dân vận Đảng ủy", "BTGDV")
    plan = ids["plan"]
    ids["tasks"]["btg_lead"] = add_task(
        db, plan, "Biên soạn tài liệu sinh hoạt chi bộ", btg, deadline_kind="date", end=dt.date(2026, 6, 30)
    )
    ids["tasks"]["btg_coop"] = add_task(
        db,
        plan,
        "Rà soát đảng viên miễn sinh hoạt",
        ids["units"]["BXDĐ"],
        deadline_kind="date",
        end=dt.date(2026, 9, 30),
        cooperating=[btg],
    )
    ids["units"]["BTGDV"] = btg
    return ids


def found(db, text, **more):
    return set(queries.task_ids(db, Q2, TaskFilter(text=text, **more), TODAY))


@pytest.mark.parametrize("typed", ["Ban Tuyên giáo", "ban tuyen giao", "BAN TUYÊN GIÁO", "  tuyên giáo và dân vận "])
def test_a_units_name_finds_the_tasks_it_leads_and_cooperates_on(db, office, typed):
    t = office["tasks"]
    assert found(db, typed) == {t["btg_lead"], t["btg_coop"]}


def test_unit_and_title_matches_together_and_with_other_filters(db, office):
    t = office["tasks"]
    # «Văn phòng Đảng ủy» only cooperates (on the hội nghị); no title says it.
    assert found(db, "van phong dang uy") == {t["hoi_nghi"]}
    # «Đoàn Thanh niên xã» leads two tasks and cooperates on one.
    assert found(db, "Đoàn Thanh niên") == {t["thanh_nien"], t["guong_tot"], t["phu_nu"]}
    # «phụ nữ» is in a title (phu_nu) and in a unit's name (Hội Liên hiệp Phụ nữ xã leads phu_nu).
    assert found(db, "phu nu") == {t["phu_nu"]}
    # A title word still finds by title alone.
    assert found(db, "sơ kết") == {t["so_ket"]}
    # With the unit filter and the lead-only switch the conditions add up.
    assert found(db, "ban tuyen giao", unit_id=office["units"]["BXDĐ"]) == {t["btg_coop"]}
    assert found(db, "ban tuyen giao", unit_id=office["units"]["BXDĐ"], lead_only=True) == {t["btg_coop"]}
    assert found(db, "không có đơn vị nào tên thế này") == set()
    # The counts the dashboard shows agree with the table.
    assert queries.counts(db, Q2, TaskFilter(text="ban tuyen giao"), TODAY).total == 2


def test_a_unit_renamed_is_found_by_its_new_name(db, office):
    t = office["tasks"]
    db.execute("UPDATE units SET name = 'Ban Tuyên giáo Đảng ủy' WHERE id = ?", (office["units"]["BTGDV"],))
    assert found(db, "dan van") == set()
    assert found(db, "tuyen giao dang uy") == {t["btg_lead"], t["btg_coop"]}


def _tracking_tab(qtbot, db, tmp_path):
    """The window on its Theo dõi tab, its clock at TODAY and its period Q2."""
    win = MainWindow(AppContext(db), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    panel = win.show_tab("tracking")
    panel.today_override = TODAY
    panel.quiet = True
    panel.set_period(Q2)
    panel.reload()
    return win, panel


def test_the_search_box_of_the_tab_finds_a_units_tasks(qtbot, db, office, tmp_path):
    _win, panel = _tracking_tab(qtbot, db, tmp_path)
    t = office["tasks"]
    panel.search.setText("ban tuyen giao")
    qtbot.waitUntil(lambda: {r.task_id for r in panel.shown_rows()} == {t["btg_lead"], t["btg_coop"]}, timeout=5000)
    qtbot.waitUntil(lambda: not panel.counts_pending, timeout=20000)
    assert panel.count_label.text().startswith("2 nhiệm vụ")
    assert "đơn vị" in panel.search.placeholderText()  # the box says it searches units too


def test_a_report_recorded_is_confirmed_in_the_status_bar(qtbot, db, office, tmp_path, monkeypatch):
    """The walk: «Ghi» closed the dialog and nothing on screen changed (the Kết quả column was
    scrolled out of sight); the status bar now says what was recorded and how to undo it."""
    win, panel = _tracking_tab(qtbot, db, tmp_path)
    tid = office["tasks"]["btg_lead"]
    assert panel.select_task(tid)

    def drive(dialog):
        dialog.result.setPlainText("Đã biên soạn xong đề cương")
        dialog.accept()
        return dialog.value is not None

    monkeypatch.setattr(panel, "_exec", drive)
    panel.record_progress()
    said = win.statusBar().currentMessage()
    assert said == "Đã ghi tiến độ Quý II/2026 của nhiệm vụ «Biên soạn tài liệu sinh hoạt chi bộ» (hoàn tác: Ctrl+Z)."
    assert db.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ?", (tid,)) == 1
