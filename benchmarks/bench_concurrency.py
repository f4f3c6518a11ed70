"""Two programs on one file, on demand (issue 13): rounds of concurrent command-line
writers, some killed with SIGKILL, some rounds with a window-like session holding the
file and writing while it does (its worker opens a connection of its own, another
program writes through a plain SQLite connection).

After every round: ``PRAGMA integrity_check``, every acknowledged write present (the
writers' and the session's), no "(deleted)" -wal/-shm under the session, no traceback
and no raw «database is locked» on any writer's stderr, and every refused write named
who held the file.

    python3 benchmarks/bench_concurrency.py [--rounds 40] [--writers 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One CLI writer: calls the real command line (kehoach_desktop.cli.main) over and over
# and acknowledges each write that returned 0; refusals (exit 3) are reported as such.
WRITER = textwrap.dedent("""
    import contextlib, io, sys, time
    sys.path.insert(0, {root!r})
    from kehoach_desktop.cli import main
    db, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    for n in range(1, count + 1):
        number = f"{{n + 10}}-HD/{{tag}}"  # two digits: stored as typed (1 would become 01)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", db, "directives", "add",
                         f"Hướng dẫn số {{number}}, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về việc thử"])
        text = err.getvalue().replace("\\n", " ")
        if code == 0:
            print(f"ack {{number}}", flush=True)
        else:
            print(f"refused {{code}} {{text}}", flush=True)
        time.sleep(0.15)  # a person's pace: the rounds overlap the session
""")

# A window-like session: holds the file through open_for_gui (the one-writer lock), writes
# as a person would, and like its worker jobs opens and closes connections of its own.
SESSION = textwrap.dedent("""
    import json, os, sys, time
    sys.path.insert(0, {root!r})
    from kehoach_desktop.safety.startup import open_for_gui
    from kehoach_desktop.store import open_database
    path, seconds = sys.argv[1], float(sys.argv[2])
    session = open_for_gui(path, make_backup=False)
    assert not session.read_only, session.read_only_reason
    print("ready", flush=True)
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        n += 1
        session.db.set_meta(f"session-{{os.getpid()}}-{{n}}", n)
        print(f"ack session-{{os.getpid()}}-{{n}}", flush=True)
        if n % 3 == 0:
            open_database(path, read_only=True, check=False).close()  # a worker's connection
        time.sleep(0.05)
    deleted = []
    for fd in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        try:
            target = os.readlink(f"/proc/self/fd/{{fd}}")
        except OSError:
            continue
        if "(deleted)" in target:
            deleted.append(target)
    print("deleted " + json.dumps(deleted), flush=True)
    session.close(make_backup=False)
""")


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KEHOACH_NO_BACKUP="1", PYTHONIOENCODING="utf-8")
    env["KEHOACH_LOCK_WAIT"] = "60"
    return env


def _tag(rnd: random.Random) -> str:
    return "".join(rnd.choice("ABCDEGHKLMNPQRSTUVXY") for _ in range(6))


def one_round(path: Path, rnd: random.Random, writers: int, per_writer: int, with_session: bool) -> dict:
    problems: list[str] = []
    session = None
    if with_session:
        session = subprocess.Popen(
            [sys.executable, "-c", SESSION.format(root=str(ROOT)), str(path), str(rnd.uniform(2.0, 4.0))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=_env(),
        )
        if session.stdout.readline().strip() != "ready":
            return {"problems": ["session did not start: " + session.stderr.read()[-400:]], "kills": 0}
    procs = []
    for _ in range(writers):
        p = subprocess.Popen(
            [sys.executable, "-c", WRITER.format(root=str(ROOT)), str(path), _tag(rnd), str(per_writer)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=_env(),
        )
        procs.append(p)
    for p in procs:
        if p.stdout.readline().strip() != "ready":
            problems.append("writer did not start: " + p.stderr.read()[-400:])
    victim = rnd.randrange(writers)
    time.sleep(rnd.uniform(0.2, 1.5))
    procs[victim].send_signal(signal.SIGKILL)
    acked: list[str] = []
    refusals: list[str] = []
    refused = kills = 0
    for i, p in enumerate(procs):
        out, err = p.communicate(timeout=600)
        killed = p.returncode == -signal.SIGKILL
        kills += killed
        lines = out.split("\n")
        complete = lines[:-1] if killed else lines  # a last line without newline was never said
        for line in complete:
            if line.startswith("ack "):
                acked.append(line[4:])
            elif line.startswith("refused "):
                refused += 1
                refusals.append(line[8:220])
                if "Traceback" in line or "database is locked" in line:
                    problems.append(f"raw error shown: {line[:200]}")
                elif with_session and "cửa sổ KeHoach" not in line and "đang bận" not in line:
                    problems.append(f"refusal without who holds the file: {line[:200]}")
        if "Traceback" in err:
            problems.append(f"traceback in writer {i}: {err[-300:]}")
    session_acks: list[str] = []
    if session is not None:
        out, err = session.communicate(timeout=600)
        if session.returncode != 0:
            problems.append(f"session failed ({session.returncode}): {err[-400:]}")
        for line in out.split("\n"):
            if line.startswith("ack "):
                session_acks.append(line[4:])
            elif line.startswith("deleted ") and json.loads(line[8:]):
                problems.append(f"-wal/-shm unlinked under the session: {line[8:]}")
    # another program writes and closes: it checkpoints and may delete the WAL, harmlessly now
    other = sqlite3.connect(path)
    other.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('other-program', ?)", (str(time.time()),))
    other.commit()
    other.close()
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            problems.append(f"integrity_check: {check}")
        numbers = {r[0] for r in conn.execute("SELECT number FROM directives")}
        keys = {r[0] for r in conn.execute("SELECT key FROM meta")}
    finally:
        conn.close()
    lost = [a for a in acked if a not in numbers] + [a for a in session_acks if a not in keys]
    if lost:
        problems.append(f"acknowledged writes lost: {lost[:5]}")
    return {
        "problems": problems,
        "kills": kills,
        "acked": len(acked),
        "session_acked": len(session_acks),
        "refused": refused,
        "lost": len(lost),
        "refusals": sorted(set(refusals))[:3],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--writers", type=int, default=3)
    ap.add_argument("--per-writer", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "concurrency.json")
    args = ap.parse_args(argv)
    rnd = random.Random(args.seed)
    from kehoach_desktop.store import open_database

    rows = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.sqlite3"
        open_database(path).close()
        for r in range(args.rounds):
            with_session = r % 2 == 1
            row = one_round(path, rnd, args.writers, args.per_writer, with_session)
            row["round"], row["session"] = r + 1, with_session
            rows.append(row)
            flag = "  ! " + "; ".join(row["problems"])[:300] if row["problems"] else ""
            print(
                f"round {r + 1:>3} {'với cửa sổ' if with_session else 'chỉ dòng lệnh':<14} kills {row['kills']} "
                f"acked {row.get('acked', 0):>3} session {row.get('session_acked', 0):>3} "
                f"refused {row.get('refused', 0):>3}{flag}",
                flush=True,
            )
    total = {
        "rounds": len(rows),
        "kills": sum(r["kills"] for r in rows),
        "acked": sum(r.get("acked", 0) for r in rows),
        "session_acked": sum(r.get("session_acked", 0) for r in rows),
        "refused": sum(r.get("refused", 0) for r in rows),
        "rounds_with_problems": sum(1 for r in rows if r["problems"]),
        "lost": sum(r.get("lost", 0) for r in rows),
        "seconds": round(time.perf_counter() - start, 1),
    }
    print(json.dumps(total, ensure_ascii=False))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"total": total, "rounds": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if total["rounds_with_problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
