"""Kill a writer (tests/crash_writer.py) with SIGKILL at random moments and check the
file afterwards: ``PRAGMA integrity_check`` and every acknowledged write present, big
transactions all-or-nothing. Used by tests/test_safety_crash.py (a few kills) and
benchmarks/bench_crash.py (hundreds)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WRITER = HERE / "crash_writer.py"
sys.path.insert(0, str(ROOT))

from kehoach_desktop.safety import backup
from kehoach_desktop.store import open_database

MODES = ("save", "import", "progress", "excel", "migrate", "backup", "restore", "cli")
# How long after "ready" a kill may come, per mode (seconds): long enough to land in
# the middle of the work, short enough to keep the pipe from filling.
MAX_DELAY = {
    "save": 0.4,
    "import": 0.6,
    "progress": 0.4,
    "excel": 0.6,
    "migrate": 0.3,
    "backup": 0.6,
    "restore": 0.5,
    "cli": 0.8,
}


@dataclass
class Outcome:
    mode: str
    acks: list[str]
    problems: list[str] = field(default_factory=list)
    delay: float = 0.0


def _writer_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KEHOACH_NO_BACKUP", None)
    return env


class Scenario:
    """One database file that is written, killed and checked over and over."""

    def __init__(self, mode: str, workdir: Path, seed: int = 0):
        self.mode, self.workdir, self.rnd = mode, Path(workdir), random.Random(seed)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.db = self.workdir / f"{mode}.sqlite3"
        self.acked: list[str] = []
        self.extra: list[str] = []
        self._template: Path | None = None
        self._prepare()

    # -- set-up -----------------------------------------------------------------------
    def _prepare(self) -> None:
        if self.mode == "migrate":
            self._template = self.workdir / "v1-big.sqlite3.tpl"
            shutil.copy(HERE / "fixtures" / "schema_v1.sqlite3", self._template)
            c = sqlite3.connect(self._template)
            c.execute(
                "INSERT INTO progress(task_id, period_kind, period_year, period_index, result, recorded_at) "
                "SELECT 1, 'month', 2025, 1, hex(randomblob(100)), '2025-01-01' FROM (WITH RECURSIVE r(n) AS "
                "(SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 60000) SELECT n FROM r)"
            )
            c.commit()
            c.close()
            return
        db = open_database(self.db)
        if self.mode == "progress":
            with db.transaction():
                pid = db.execute(
                    "INSERT INTO plans(title, created_at, updated_at) VALUES ('p', '2026', '2026')"
                ).lastrowid
                for i in range(20):
                    db.execute(
                        "INSERT INTO tasks(plan_id, title, created_at, updated_at) VALUES (?, ?, '2026', '2026')",
                        (pid, f"t{i}"),
                    )
        if self.mode == "excel":
            self._prepare_excel(db)
        if self.mode == "restore":
            from kehoach_desktop.store import directives

            for i in range(30):
                directives.add(
                    db, {"doc_type": "Công văn", "number": f"B{i}-CV/VP", "issuer": "x", "summary": "y" * 2000}
                )
            self.extra = [str(backup.create_backup(self.db, "thucong", rotate=False).path)]
            with db.transaction():
                db.execute("DELETE FROM directives")
            for i in range(5):
                directives.add(db, {"doc_type": "Công văn", "number": f"A{i}-CV/VP", "issuer": "x"})
        db.close()

    def _prepare_excel(self, db) -> None:
        """A plan with units and tasks, one unit's returned workbook in three versions."""
        import datetime as dt

        import openpyxl
        from tracking_data import make_plan

        from kehoach_desktop.tracking.excel_export import export_per_unit
        from kehoach_desktop.tracking.periods import Period
        from kehoach_desktop.tracking.sheet_layout import COLUMNS, RowKey

        col = {c.key: i + 1 for i, c in enumerate(COLUMNS)}
        ids = make_plan(db)
        results = export_per_unit(
            db, ids["plan"], Period("quarter", 2026, 2), self.workdir / "out", today=dt.date(2026, 5, 10)
        )
        src = next(r.path for r in results if r.unit_id == ids["units"]["BXDĐ"])
        wb = openpyxl.load_workbook(src)
        for ws in wb.worksheets:
            rows = [r for r in range(1, ws.max_row + 1) if RowKey.decode(ws.cell(r, col["key"]).value)]
            if rows:
                break
        self.excel_tasks = len(rows)
        for i in range(3):
            for r in rows:
                ws.cell(r, col["result"]).value = f"Kết quả lần {i}"
            wb.save(self.workdir / f"variant-{i}.xlsx")
            _saved_at_one_time(self.workdir / f"variant-{i}.xlsx")

    # -- one kill -----------------------------------------------------------------------
    def run_once(self) -> Outcome:
        if self.mode == "migrate":
            for side in ("", "-wal", "-shm"):
                Path(str(self.db) + side).unlink(missing_ok=True)
            shutil.copy(self._template, self.db)
            self.acked = []
        args = [sys.executable, str(WRITER), self.mode, str(self.db), str(self.rnd.randrange(10**6)), *self.extra]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_writer_env())
        first = proc.stdout.readline()
        if first.strip() != b"ready":
            out, err = proc.communicate()
            return Outcome(self.mode, [], [f"writer did not start: {first!r} {err.decode(errors='replace')[-500:]}"])
        head = b""
        if self.mode != "migrate":
            # Kill only once work is under way (opening is what the migrate mode covers),
            # so every kill lands among writes however slow the machine is.
            head = proc.stdout.readline()
        delay = self.rnd.uniform(0, MAX_DELAY[self.mode])
        time.sleep(delay)
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up of any kind
        out, err = proc.communicate()
        out = head + out
        killed = -signal.SIGKILL if os.name != "nt" else 1
        if proc.returncode != killed:
            why = f"writer ended by itself ({proc.returncode}): {err.decode(errors='replace')[-800:]}"
            return Outcome(self.mode, [], [why], delay)
        text = out.decode("utf-8", errors="replace")
        complete = text.split("\n")[:-1]  # a last line without its newline was never acknowledged
        acks = [line[4:] for line in complete if line.startswith("ack ")]
        self.acked += acks
        outcome = Outcome(self.mode, acks, delay=delay)
        outcome.problems = self.verify()
        return outcome

    # -- checks ---------------------------------------------------------------------------
    def verify(self) -> list[str]:
        problems: list[str] = []
        conn = sqlite3.connect(self.db)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                return [f"integrity_check: {check}"]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            numbers = {r[0] for r in conn.execute("SELECT number FROM directives")}
            m = self.mode
            keys = [a for a in self.acked if " " not in a]
            if m in ("save", "migrate", "backup"):
                missing = [k for k in keys if f"{k}-CV/VP" not in numbers]
                if missing:
                    problems.append(f"acknowledged saves lost: {missing[:5]}")
            if m == "cli":
                missing = [k for k in keys if k not in numbers]
                if missing:
                    problems.append(f"acknowledged command-line writes lost: {missing[:5]}")
            if m == "migrate":
                for a in self.acked:
                    if a.startswith("migrated ") and version < int(a.split()[1]):
                        problems.append(f"acknowledged migration to {a.split()[1]} lost (file at {version})")
                for table, n in (("plans", 1), ("plan_nodes", 3), ("tasks", 2), ("units", 2)):
                    got = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                    if got != n:
                        problems.append(f"{table}: {got} rows, expected {n} (old data damaged)")
                if conn.execute("SELECT COUNT(*) FROM progress").fetchone()[0] != 60002:
                    problems.append("progress rows of the old file lost")
            if m == "import":
                from crash_writer import NODES

                rows = conn.execute(
                    "SELECT p.title, (SELECT COUNT(*) FROM plan_nodes n WHERE n.plan_id = p.id), "
                    "(SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id) FROM plans p"
                ).fetchall()
                titles = {r[0] for r in rows}
                for title, nodes, tasks in rows:
                    if nodes != NODES or tasks != NODES - NODES // 10:
                        problems.append(f"half an import survived: {title} has {nodes} nodes, {tasks} tasks")
                missing = [k for k in keys if f"import {k}" not in titles]
                if missing:
                    problems.append(f"acknowledged imports lost: {missing[:5]}")
            if m == "progress":
                from crash_writer import BATCH

                counts = dict(conn.execute("SELECT source, COUNT(*) FROM progress GROUP BY source").fetchall())
                for source, count in counts.items():
                    if count != BATCH:
                        problems.append(f"half a batch survived: {source} has {count} rows")
                missing = [k for k in keys if f"batch {k}" not in counts]
                if missing:
                    problems.append(f"acknowledged batches lost: {missing[:5]}")
            if m == "excel":
                per_task = [
                    r[0]
                    for r in conn.execute("SELECT COUNT(*) FROM progress GROUP BY task_id ORDER BY task_id").fetchall()
                ]
                applied = [a for a in self.acked if a.startswith("excel ")]
                if per_task and len(set(per_task)) != 1:
                    problems.append(f"half an Excel import survived: rows per task {per_task}")
                if len(per_task) not in (0, self.excel_tasks):
                    problems.append(f"Excel import touched {len(per_task)} tasks, expected {self.excel_tasks}")
                if applied and (not per_task or per_task[0] < len(applied)):
                    problems.append(
                        f"acknowledged Excel imports lost: {len(applied)} acked, "
                        f"{per_task[0] if per_task else 0} applied"
                    )
            if m == "restore":
                before = {f"A{i}-CV/VP" for i in range(5)}
                restored = {f"B{i}-CV/VP" for i in range(30)}
                if numbers not in (before, restored):
                    problems.append(f"restore left a mixture: {len(numbers)} documents")
                if any(a.startswith("restored") for a in self.acked) and numbers != restored:
                    problems.append("an acknowledged restore was lost")
        finally:
            conn.close()
        if m == "backup":
            folder = backup.backup_dir(self.db)
            names = {p.name for p in folder.glob("*.sqlite3")}
            made = [a.split(" ", 1)[1] for a in self.acked if a.startswith("backup ")]
            # older ones may have been rotated away; the newest acknowledged one must be there
            if made and made[-1] not in names:
                problems.append(f"acknowledged backup missing: {made[-1]}")
            for p in folder.glob("*.sqlite3"):
                if backup.quick_check(p) != "ok":
                    problems.append(f"a broken backup under a final name: {p.name}")
        try:  # the program itself opens it (and migrates an interrupted migration)
            open_database(self.db).close()
        except Exception as exc:  # noqa: BLE001 - any failure is a finding
            problems.append(f"open_database failed: {exc}")
        return problems


def run(mode: str, kills: int, workdir: Path, seed: int = 0) -> list[Outcome]:
    scenario = Scenario(mode, workdir, seed)
    return [scenario.run_once() for _ in range(kills)]


def _saved_at_one_time(path: Path) -> None:
    """One save time for every variant: the writer imports them in turn, and a copy saved
    earlier than one imported before is refused (it would bring back older figures). openpyxl
    stamps the time at save, so it is set in the file afterwards."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    parts["docProps/core.xml"] = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", r"\g<1>2026-05-10T02:00:00Z\g<2>", core
    ).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
