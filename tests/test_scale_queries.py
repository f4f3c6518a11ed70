"""What the screens ask the database at scale (issue 19), checked against plain Python:
the tracking text filter over the folded title (schema step 11) and the «Phối hợp» sort
over the names the triggers keep, whatever writes the tasks; the registry's prefix index
for type-ahead, also in a file made before it existed."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
import tracking_oracle

from kehoach_desktop.core.text import fold
from kehoach_desktop.store import open_database, plans, profile, schema, search, units
from kehoach_desktop.store.plans import add_task
from kehoach_desktop.tracking import queries
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.queries import TaskFilter

FIXTURES = Path(__file__).parent / "fixtures"
PERIOD, TODAY = Period("quarter", 2026, 2), dt.date(2026, 5, 10)
TITLES = [
    "Quán triệt Nghị quyết Đại hội",
    "Quan triet (không dấu, gõ vội)",
    "QUÁN TRIỆT KẾT LUẬN 01-KL/TW",
    "Tổ chức hội nghị quán triệt",
    "Đẩy mạnh học tập và làm theo",
    "Rà soát đảng viên",
    "Tuyên truyền Đại hội Đảng bộ xã",
    "Kiểm tra, giám sát",
]


@pytest.fixture
def tasks_db(db):
    a, b, c = (profile.add_unit(db, name) for name in ("Ban Tuyên giáo", "Ủy ban Kiểm tra", "Văn phòng"))
    pid = plans.create(db, {"title": "Kế hoạch thử", "number": "1-KH/ĐU", "year": 2026})
    ids = []
    for n, title in enumerate(TITLES * 3):
        coop = [[], [a], [b, c], [c, a], [b]][n % 5]
        ids.append(add_task(db, pid, title, [a, b, c, None][n % 4], deadline_kind="", cooperating=coop))
    return {"units": (a, b, c), "plan": pid, "tasks": ids}


def _want_text(db, text):
    return {t for t, o in tracking_oracle.judge(db, PERIOD, TODAY).items() if fold(text) in fold(o["title"])}


@pytest.mark.parametrize("text", ["quan triet", "Quán triệt", "QUÁN", "dai hoi", "Đại hội", "đảng", "01-kl", "zzz"])
def test_text_filter_reads_the_folded_title_and_finds_what_python_finds(tasks_db, db, text):
    want = _want_text(db, text)
    got = queries.task_ids(db, PERIOD, TaskFilter(text=text), TODAY)
    assert set(got) == want and len(got) == len(want)
    assert queries.counts(db, PERIOD, TaskFilter(text=text), TODAY).total == len(want)
    if text == "quan triet":
        assert len(want) == 4 * 3  # "Quán triệt", "Quan triet", "QUÁN TRIỆT", "… quán triệt"
    # Our code wrote the folded title with the title: no row left to fold when read.
    assert db.scalar("SELECT count(*) FROM tasks WHERE title_folded IS NULL") == 0


def test_a_title_written_by_another_tool_is_folded_when_read(tasks_db, db):
    first, second = tasks_db["tasks"][:2]
    # Another program changes titles with plain SQL: the folded title it did not write is cleared …
    db.execute("UPDATE tasks SET title = 'Sơ kết việc học tập' WHERE id = ?", (first,))
    db.execute(
        "INSERT INTO tasks(plan_id, title, created_at, updated_at) VALUES (?, 'SƠ KẾT năm', 'x', 'x')",
        (tasks_db["plan"],),
    )
    assert db.scalar("SELECT title_folded FROM tasks WHERE id = ?", (first,)) is None
    # … and the filter still finds them (folded as it reads), as Python does.
    want = _want_text(db, "so ket")
    assert len(want) == 2 and set(queries.task_ids(db, PERIOD, TaskFilter(text="so ket"), TODAY)) == want
    assert first not in queries.task_ids(db, PERIOD, TaskFilter(text="quan triet"), TODAY)
    # The editor's road writes both again (set_node: the item's text is the task's title).
    node = plans.add_node(db, tasks_db["plan"], None, "paragraph", "Tổ chức sơ kết giữa nhiệm kỳ")
    tid = plans.set_task(db, node, {})
    plans.set_node(db, node, text="Quán triệt chỉ thị mới")
    assert db.scalar("SELECT title_folded FROM tasks WHERE id = ?", (tid,)) == fold("Quán triệt chỉ thị mới")
    assert second in queries.task_ids(db, PERIOD, TaskFilter(text="quan triet"), TODAY)


def _coop_sorted(db, descending=False):
    rows = {r.task_id: r for r in queries.load_rows(db, PERIOD, today=TODAY)}
    default = {
        r[0]: (r[1] or "", r[2], r[3], r[0])
        for r in db.all("SELECT t.id, p.plan_date, t.plan_id, t.position FROM tasks t JOIN plans p ON p.id = t.plan_id")
    }
    ids = sorted(rows, key=default.__getitem__)
    return sorted(ids, key=lambda t: ", ".join(rows[t].cooperating), reverse=descending)


def test_cooperating_sort_follows_every_change_of_units_and_tasks(tasks_db, db):
    a, b, c = tasks_db["units"]

    def check():
        for descending in (False, True):
            assert queries.task_ids(db, PERIOD, None, TODAY, "coop", descending) == _coop_sorted(db, descending)

    check()
    units.update(db, b, {"name": "Ủy ban Kiểm tra Đảng ủy"})  # renamed: the names follow
    check()
    db.execute("UPDATE units SET position = CASE id WHEN ? THEN 0 WHEN ? THEN 1 ELSE 2 END", (c, a))  # reordered
    check()
    node = plans.add_node(db, tasks_db["plan"], None, "paragraph", "Tổ chức sơ kết")
    tid = plans.set_task(db, node, {"unit_ids": [b, a]})  # a new task with cooperating units
    check()
    plans.set_task(db, node, {"unit_ids": [c]})  # changed
    check()
    db.execute("DELETE FROM task_units WHERE task_id = ?", (tasks_db["tasks"][2],))  # by another tool
    check()
    assert db.scalar("SELECT coop_names FROM tasks WHERE id = ?", (tid,)) == "Văn phòng"
    db.execute("DELETE FROM units WHERE id = ?", (a,))  # cascades to task_units
    check()


def _old_fts(tmp_path) -> Path:
    """The schema_v10 fixture (made before the prefix index) with two documents indexed the old way."""
    path = tmp_path / "v10.sqlite3"
    shutil.copy(FIXTURES / "schema_v10.sqlite3", path)
    conn = sqlite3.connect(path)
    assert "prefix" not in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'directive_fts'").fetchone()[0]
    for did in (1, 2):
        text = " ".join(
            conn.execute("SELECT doc_type, number, issuer, summary FROM directives WHERE id = ?", (did,)).fetchone()
        )
        conn.execute(
            "INSERT INTO directive_fts(rowid, folded, plain) VALUES (?, ?, ?)", (did, fold(text), text.lower())
        )
    conn.commit()
    conn.close()
    return path


def test_a_file_made_before_gets_the_prefix_index_and_keeps_its_rows(tmp_path):
    db = open_database(_old_fts(tmp_path))
    try:
        if not db.has_fts5:
            pytest.skip("SQLite này không có FTS5 (bảng tìm kiếm thường, không có chỉ mục tiền tố)")
        sql = db.scalar("SELECT sql FROM sqlite_master WHERE name = 'directive_fts'")
        assert sql == schema.FTS_TABLES["directive_fts"] and "prefix = '1 2'" in sql
        assert sorted(search.search_directives(db, "n")) == [1, 2]  # "Nghị quyết", "… Nghị quyết 57"
        assert search.search_directives(db, "57") == [1, 2]  # its own number first, then the one citing it
        assert search.search_directives(db, "ti") == [2]  # "Tỉnh ủy"
        assert search.search_directives(db, "b") == [1]  # "Bộ Chính trị"
        # The tasks the file held got their folded titles and cooperating names in the step.
        assert db.scalar("SELECT count(*) FROM tasks WHERE title_folded = ?", (fold("Tổ chức quán triệt"),)) == 1
    finally:
        db.close()


def test_type_ahead_first_keystrokes_give_the_newest_matches_accented_first(db):
    from kehoach_desktop.store import directives

    ids, accented = [], set()
    for n in range(search.RANK_AT_MOST + 40):
        summary = "về tư tưởng" if n % 3 else "ve tu tuong (gõ không dấu)"
        did = directives.add(
            db, {"doc_type": "Kế hoạch", "number": f"{n + 1}-KH/TU", "issuer": "Tỉnh ủy", "summary": summary}
        )
        ids.append(did)
        if n % 3:
            accented.add(did)
    # More hits than are ranked: the newest, those written as typed ("tư") first.
    newest = sorted(ids, reverse=True)[: search.NEWEST]
    want = [i for i in newest if i in accented] + [i for i in newest if i not in accented]
    assert search.search_directives(db, "tư", 20) == want[:20]
    assert search.search_directives(db, "t", 20) == newest[:20]  # every one holds "t": newest first
    # A rare word is ranked as before: every hit.
    assert set(search.search_directives(db, "khong dau", 500)) == set(ids) - accented
