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


# -- the registry's chain tree, read lazily ------------------------------------------------------


def _registry(db, documents=60):
    """*documents* documents in chains (TW → province → district → commune), several parents
    for some, dates missing or shared for others, and plans citing a few."""
    from kehoach_desktop.store import directives

    ids: list[int] = []
    for n in range(documents):
        day = None if n % 11 == 5 else dt.date(2020 + n % 6, 1 + n % 12, 1 + (n * 7) % 28 if n % 9 else 15)
        parents = []
        if n >= 4 and n % 4:
            parents.append(ids[n - 1 - n % 4])
        if n >= 12 and n % 7 == 0:
            parents.append(ids[n // 3])
        ids.append(
            directives.add(
                db,
                {
                    "doc_type": ("Nghị quyết", "Kế hoạch", "Hướng dẫn", "Chỉ thị")[n % 4],
                    "number": f"{n + 1}-KH/TU",
                    "issued_on": day,
                    "issuer": ("Bộ Chính trị", "Tỉnh ủy", "Huyện ủy", "Đảng ủy xã")[n % 4],
                    "summary": f"về việc số {n}",
                    "parent_ids": parents,
                },
            )
        )
    for k in range(3):
        pid = plans.create(db, {"title": f"Thực hiện văn bản {k}", "number": f"{k + 5}-KH/ĐU", "year": 2026})
        plans.set_basis(db, pid, [ids[k * 9 + 2], ids[k * 9 + 3]])
    return ids


def _open_all(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    for row in range(model.rowCount(parent)):
        _open_all(model, model.index(row, 0, parent))


@pytest.mark.parametrize("page", [7, 500])
def test_chain_tree_opened_fully_is_the_whole_tree_as_before(qtbot, db, monkeypatch, page):
    import chain_oracle

    from kehoach_desktop.ui.registry import trees

    ids = _registry(db)
    monkeypatch.setattr(trees, "PAGE", page)
    model = trees.ChainTreeModel(("Chuỗi thực hiện", "Ngày"), lambda: db)
    model.reset()
    _open_all(model)
    want = chain_oracle.outline(chain_oracle.whole_chain_tree(db))
    assert chain_oracle.outline(model.root) == want
    assert len(want) > page or page == 500  # several pages of first-level documents were read
    assert any(kind == "plan" for kind, *_ in (n for doc in want for n in doc[4]))
    # Search hits as the first level, each with its chain under it.
    hits = {ids[3], ids[17], ids[40], ids[44]}
    model.reset(hits)
    _open_all(model)
    assert chain_oracle.outline(model.root) == chain_oracle.outline(chain_oracle.whole_chain_tree(db, hits))


def test_showing_the_chain_tree_reads_one_page_and_finds_a_document_on_demand(qtbot, open_window, db, monkeypatch):
    from PySide6.QtCore import QModelIndex

    from kehoach_desktop.store import directives
    from kehoach_desktop.ui.registry import trees
    from kehoach_desktop.ui.tree_model import ID_ROLE

    ids = _registry(db, 400)
    monkeypatch.setattr(trees, "PAGE", 10)
    window = open_window(db, tab="registry")
    window.resize(1366, 768)
    panel = window.registry_panel
    panel.level_view.setCurrentIndex(QModelIndex())
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    panel.views.setCurrentWidget(panel.chain_view)
    qtbot.wait(30)  # the view paints its first rows
    db.conn.set_trace_callback(None)
    model = panel.chain_model
    reads = [s for s in seen if any(t in s for t in ("directives", "directive_links", "plan_basis", "plans"))]
    # Pages of first-level documents until the view is full, nothing more: no whole-registry
    # read (documents, links, plans), nothing under a document until it is opened.
    assert reads and all(s.rstrip().endswith("LIMIT 10") for s in reads), reads
    roots = db.scalar(
        "SELECT count(*) FROM directives d WHERE NOT EXISTS (SELECT 1 FROM directive_links l WHERE l.directive_id = d.id)"
    )
    shown = panel.chain_view.viewport().height() // panel.chain_view.sizeHintForRow(0) + 1
    assert model.rowCount() == 10 * len(reads) < roots and model.rowCount() < shown + 10
    assert model.canFetchMore(QModelIndex())
    assert not any(isinstance(n, trees.ChainDocNode) and n.fetched for n in model.root.walk())
    # «Xem chuỗi thực hiện» on a deep, old document: read down to it, its ancestors opened.
    oldest_deep = min(
        (i for i in ids if len(directives.chain_path(db, i)) >= 3),
        key=lambda i: directives.get(db, i).issued_on or dt.date.min,
    )
    panel.show_chain(oldest_deep)
    assert panel.current_id() == oldest_deep
    index = panel.chain_view.currentIndex()
    path = []
    while index.isValid():
        path.insert(0, index.data(ID_ROLE))
        index = index.parent()
    assert path == directives.chain_path(db, oldest_deep)
    assert panel.chain_view.isExpanded(panel.chain_view.currentIndex().parent())
