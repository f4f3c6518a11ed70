"""Exchange between levels at province scale (issue 18): 100 lower offices × 200 tasks.

    python3 benchmarks/bench_exchange.py [--offices 100] [--tasks 200] [--repeat 3]

An upper office issues a plan of *tasks* tasks and sends it; *offices* lower offices
each answer with a progress file (written with the real writer, statuses spread over
every kind). Measured: consolidating the whole folder (read + verify + preview + apply
in one transaction; goal under 10 s), consolidating it again (nothing changes), and
building the task × office matrix the GUI shows (goal under 300 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KEHOACH_NO_BACKUP", "1")

from benchmarks.harness import Result, report, timed

CONSOLIDATE_GOAL_MS = 10_000.0
MATRIX_GOAL_MS = 300.0


def build_upper(folder: Path, tasks: int):
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.exchange import plan_bundle
    from kehoach_desktop.store import open_database
    from kehoach_desktop.store import plans as plan_store
    from kehoach_desktop.store import profile as profile_store
    from kehoach_desktop.store.directives import ensure_levels

    db = open_database(folder / "tinh.sqlite3")
    ensure_levels(db)
    profile_store.save(db, OfficeProfile(issuer_body="TỈNH ỦY THỬ NGHIỆM", issuer_code="TU", place="Thử"))
    plan_id = plan_store.create(
        db,
        {
            "title": "Kế hoạch thử nghiệm quy mô tỉnh",
            "year": dt.date.today().year,
            "issuer_body": "TỈNH ỦY THỬ NGHIỆM",
            "issuer_code": "TU",
            "place": "Thử",
        },
    )
    unit = profile_store.add_unit(db, "Ban Tuyên giáo và Dân vận")
    section = plan_store.add_node(db, plan_id, None, "section", "NỘI DUNG", role="content")
    with db.transaction():
        for i in range(tasks):
            node = plan_store.add_node(
                db, plan_id, section, "paragraph", f"Nhiệm vụ thử số {i + 1} của các đảng ủy xã."
            )
            plan_store.set_task(db, node, {"title": f"Nhiệm vụ thử số {i + 1}", "lead_unit_id": unit})
    plan_store.issue(db, plan_id, "99-KH/TU", dt.date.today())
    bundle = plan_bundle.export_bundle(db, plan_id, folder / "goi.khgoi")
    return db, plan_id, bundle


def write_progress_files(folder: Path, upper_db, plan_id: int, offices: int) -> None:
    """What *offices* communes send back: the real writer, each office its own id."""
    from kehoach_desktop.exchange import container
    from kehoach_desktop.exchange.progress_up import PROGRESS_MEMBER, ROLLED_STATUSES

    uid = upper_db.scalar("SELECT uid FROM exchange_sent WHERE plan_id = ?", (plan_id,))
    upper_id = upper_db.get_meta("office_id")
    keys = [
        f"n{r[0]}" for r in upper_db.all("SELECT node_id FROM tasks WHERE plan_id = ? ORDER BY position", (plan_id,))
    ]
    folder.mkdir(exist_ok=True)
    for o in range(offices):
        sender = container.Sender(uuid.uuid4().hex, f"ĐẢNG ỦY XÃ THỬ {o + 1:03d}", "ĐU", "TỈNH ỦY THỬ NGHIỆM")
        items = [
            {
                "key": k,
                "status": ROLLED_STATUSES[(o + i) % len(ROLLED_STATUSES)],
                "result": f"Kết quả nhiệm vụ {i + 1} ở xã {o + 1}",
                "completed_on": None,
                "task_count": 1,
            }
            for i, k in enumerate(keys)
        ]
        extra = {
            "upstream": {"uid": uid, "number": "99-KH/TU", "office_id": upper_id},
            "lower_plan": {"number": f"{o + 1}-KH/ĐU", "title": "Thực hiện", "date": None, "status": "issued"},
            "as_of": dt.date.today().isoformat(),
        }
        container.write(
            folder / f"tien-do-{o:03d}.khtiendo",
            "progress",
            sender,
            {PROGRESS_MEMBER: container.dumps({"items": items})},
            extra,
        )


def run(offices: int = 100, tasks: int = 200, repeat: int = 3) -> list[Result]:
    from kehoach_desktop.exchange import consolidate
    from kehoach_desktop.store.commands import UndoStack

    scale = f"{offices} xã × {tasks} nhiệm vụ"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, plan_id, _ = build_upper(folder, tasks)
        inbox = folder / "nhan"
        write_progress_files(inbox, db, plan_id, offices)
        stack = UndoStack(db)

        def fresh() -> None:
            db.execute("DELETE FROM exchange_reports")
            db.execute("DELETE FROM exchange_receipts")

        def consolidate_all() -> None:
            pv = consolidate.preview(db, [inbox])
            assert pv.changes == offices, pv.changes
            stack.push(consolidate.ApplyConsolidation(pv))

        first = timed(consolidate_all, repeat=repeat, warmup=0, setup=fresh)
        again = timed(lambda: consolidate.preview(db, [inbox]), repeat=repeat, warmup=0)
        cells = {}

        def build_matrix() -> None:
            m = consolidate.matrix(db, plan_id)
            cells["n"] = len(m.cells)

        mx = timed(build_matrix, repeat=max(5, repeat), warmup=1)
        db.close()
    return [
        Result("trao đổi", "tổng hợp cả thư mục (đọc, kiểm tra, ghi)", scale, samples=first, goal=CONSOLIDATE_GOAL_MS),
        Result("trao đổi", "tổng hợp lại lần nữa (không đổi gì)", scale, samples=again),
        Result(
            "trao đổi",
            "bảng nhiệm vụ × cơ quan",
            scale,
            samples=mx,
            goal=MATRIX_GOAL_MS,
            note=f"{cells.get('n', 0):,} ô".replace(",", "."),
        ),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--offices", type=int, default=100)
    ap.add_argument("--tasks", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    report(run(args.offices, args.tasks, args.repeat), "exchange")
    return 0


if __name__ == "__main__":
    sys.exit(main())
