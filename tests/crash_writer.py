"""A writer for the crash-safety tests: it is killed with SIGKILL at random moments.

``python tests/crash_writer.py MODE DB [SEED]`` prints ``ready`` once imported, then
after every committed unit of work prints one acknowledgement line (``ack <key>``).
Everything acknowledged must survive the kill. Modes:

- ``save``:      small transactions (a document each), like editing in the GUI;
- ``import``:    big transactions (a plan with NODES nodes and its tasks), like a .docx import;
- ``progress``:  batches of progress rows in one transaction, like an Excel progress import;
- ``excel``:     the real Excel progress import (preview + apply) of returned workbooks;
- ``migrate``:   opens an old-schema file (the migration runs), then goes on saving;
- ``backup``:    saves and makes a verified backup after every few saves;
- ``restore``:   restores a backup into the live file over and over while it is open;
- ``cli``:       the real command line (``kehoach directives add``) over and over: each
                 call takes the one-writer lock, opens, checks, writes and closes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NODES = 120
BATCH = 40


def ack(key: object) -> None:
    sys.stdout.write(f"ack {key}\n")
    sys.stdout.flush()


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else None)
    from kehoach_desktop.safety import backup
    from kehoach_desktop.store import directives, open_database, plans

    print("ready", flush=True)
    if mode == "cli":
        cli_loop(path, rnd)
        return
    db = open_database(path)
    if mode == "migrate":
        ack(f"migrated {db.schema_version}")
    tag = rnd.randrange(10**9)
    n = 0
    while True:
        n += 1
        key = f"{tag}-{n}"
        if mode in ("save", "migrate", "backup"):
            directives.add(
                db,
                {
                    "doc_type": "Công văn",
                    "number": f"{key}-CV/VP",
                    "issuer": "Văn phòng",
                    "summary": "nội dung " * rnd.randrange(1, 200),
                },
            )
            ack(key)
            if mode == "backup" and n % 3 == 0:
                info = backup.create_backup(path, "thucong", source=db.conn)
                ack(f"backup {info.path.name}")
        elif mode == "import":
            with db.transaction():
                pid = plans.create(db, {"title": f"import {key}", "issuer_code": "ĐU"})
                parent = None
                for i in range(NODES):
                    kind = "section" if i % 10 == 0 else "paragraph"
                    nid = plans.add_node(
                        db,
                        pid,
                        parent if kind == "paragraph" else None,
                        kind,
                        f"Mục {i}: " + "chữ " * rnd.randrange(1, 60),
                    )
                    if kind == "section":
                        parent = nid
                    else:
                        db.execute(
                            "INSERT INTO tasks(plan_id, node_id, title, created_at, updated_at) "
                            "VALUES (?, ?, ?, '2026-01-01', '2026-01-01')",
                            (pid, nid, f"Nhiệm vụ {i}"),
                        )
            ack(key)
        elif mode == "progress":
            task_ids = [r[0] for r in db.all("SELECT id FROM tasks")]
            with db.transaction():
                for i in range(BATCH):
                    db.execute(
                        "INSERT INTO progress(task_id, period_kind, period_year, period_index, result, "
                        "source, recorded_at) VALUES (?, 'quarter', 2026, 1, ?, ?, '2026-01-01')",
                        (task_ids[i % len(task_ids)], "kết quả " * rnd.randrange(1, 80), f"batch {key}"),
                    )
            ack(key)
        elif mode == "excel":
            import datetime as dt

            from kehoach_desktop.tracking import excel_import

            variants = sorted(path.parent.glob("variant-*.xlsx"))
            chosen = variants[n % len(variants)]
            pv = excel_import.preview(db, [chosen], today=dt.date(2026, 5, 10))
            if not pv.ok:
                raise SystemExit("; ".join(i.message for i in pv.errors))
            if pv.changes:
                excel_import.apply(db, pv)
                ack(f"excel {chosen.stem} {len(pv.changes)}")
        elif mode == "restore":
            source = Path(sys.argv[4])
            backup.restore_backup(source, path, live=db.conn)
            ack(f"restored {n}")
        else:
            raise SystemExit(f"unknown mode {mode}")


def cli_loop(path: Path, rnd: random.Random) -> None:
    import contextlib
    import io

    from kehoach_desktop.cli import main as cli_main

    tag = "".join(rnd.choice("ABCDEGHKLMNPQRSTUVXY") for _ in range(6))
    n = 10
    while True:
        n += 1
        number = f"{n}-HD/{tag}"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli_main(
                [
                    "--db",
                    str(path),
                    "directives",
                    "add",
                    f"Hướng dẫn số {number}, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về "
                    + "việc thử " * rnd.randrange(1, 40),
                ]
            )
        if code != 0:
            raise SystemExit(f"kehoach directives add ended with {code}")
        ack(number)


if __name__ == "__main__":
    main()
