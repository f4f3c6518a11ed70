"""SIGKILL of the real GUI process while a person types (issue 13).

One trial: a fresh file with a draft plan; ``tests/gui_typist.py type`` starts the
program on it and types (item text, Căn cứ, Đoạn kết, a task's «Sản phẩm»; pauses shorter and longer than the
commit interval; moving between items); the harness kills it with SIGKILL at a random
moment, reads the file with a separate connection (the last committed state and the
crash stash), then starts the program again (``gui_typist.py recover``), which answers
the recovery offer — accept or decline — and quits normally. What must hold:

* the text the person gets back for what was being typed (the stash offered, or the
  committed text when nothing is offered) is one the screen showed at most one second
  before the kill, or later (``LOSS_S``);
* every text the person had moved on from is committed exactly as last shown;
* a stash that differs from the file is offered, and the offer says the program was
  closed abruptly; nothing is offered when there is nothing to recover;
* declining leaves exactly the last committed state; accepting writes the offered text;
  either way no stash is left; ``PRAGMA integrity_check`` is ``ok``.

Used by ``tests/test_gui_sigkill.py`` (a few trials in CI) and ``benchmarks/gui_kill.py``
(≥ 50 trials).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TYPIST = HERE / "gui_typist.py"
LOSS_S = 1.0  # at most this much typing may be lost to a kill
START_TIMEOUT_S = 60.0


@dataclass
class Trial:
    seed: int
    answer: str
    kill_after: float = 0.0
    typed_events: int = 0
    offered: bool = False
    lost_chars: int = 0  # characters on screen at the kill that the person does not get back
    problems: list[str] = field(default_factory=list)


def make_file(path: Path) -> int:
    """A file with the office, a unit and one draft plan; returns the plan's id."""
    sys.path.insert(0, str(ROOT))
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.core.templates import get_template
    from kehoach_desktop.store import open_database, plan_ops, profile
    from kehoach_desktop.store.commands import UndoStack
    from kehoach_desktop.store.directives import ensure_levels

    db = open_database(path)
    ensure_levels(db)
    prof = OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình")
    profile.save(db, prof)
    profile.add_unit(db, "Văn phòng Đảng ủy")
    cmd = plan_ops.CreatePlan(get_template("yearly-work"), prof, year=2026, topic="lý luận chính trị")
    UndoStack(db).push(cmd)
    db.close()
    return cmd.plan_id


def _env(folder: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KEHOACH_NO_BACKUP="1",
        KEHOACH_NO_REMINDERS="1",
        KEHOACH_DATA_DIR=str(folder / "appdata"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
    )
    env.update(extra or {})
    return env


def read_file(path: Path, plan_id: int) -> dict:
    """Texts and stash as a separate connection reads them now."""
    con = sqlite3.connect(path)
    try:
        texts = {
            f"node:{i}": t for i, t in con.execute("SELECT id, text FROM plan_nodes WHERE plan_id = ?", (plan_id,))
        }
        basis, closing = con.execute("SELECT basis_text, closing_text FROM plans WHERE id = ?", (plan_id,)).fetchone()
        texts["field:basis"], texts["field:closing"] = basis or "", closing or ""
        for node_id, product in con.execute(
            "SELECT n.id, t.product FROM plan_nodes n LEFT JOIN tasks t ON t.node_id = n.id WHERE n.plan_id = ?",
            (plan_id,),
        ):
            texts[f"task:{node_id}/product"] = product or ""  # no task yet: nothing stored
        stash = {}
        for _key, value in con.execute("SELECT key, value FROM meta WHERE key LIKE 'autosave/%'"):
            data = json.loads(value)
            stash[data["target"]] = data["text"]
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    return {"texts": texts, "stash": stash, "integrity": check}


def _events(log: Path) -> list[dict]:
    out = []
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:  # the line the kill cut short
                pass
    return out


def _wait_ready(proc: subprocess.Popen, log: Path) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if any(e["event"] == "ready" for e in _events(log)):
            return True
        time.sleep(0.05)
    return False


def _typing_on_for(log: Path, seconds: float) -> bool:
    """The person has been typing into one place without a pause of a stash interval for
    *seconds* and is still at it (a kill now must find a stash to offer)."""
    events = _events(log)
    now = time.time()
    if not events or events[-1]["event"] != "typed" or now - events[-1]["t"] > 0.3:
        return False
    run_start = events[-1]["t"]
    for earlier, later in zip(reversed(events[:-1]), reversed(events)):
        if earlier["event"] != "typed" or earlier["target"] != later["target"] or later["t"] - earlier["t"] > 0.7:
            break
        run_start = earlier["t"]
    return now - run_start >= seconds


def run_trial(
    folder: Path, seed: int, answer: str | None = None, kill_after: float | None = None, mid_typing: bool = False
) -> Trial:
    """*mid_typing*: after *kill_after*, wait for a moment when the person has typed on
    for over a second (so there is something to recover) before killing."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    trial = Trial(seed, answer or rng.choice(("accept", "decline")))
    trial.kill_after = kill_after if kill_after is not None else rng.uniform(0.5, 7.0)
    db, log, report = folder / "kehoach.sqlite3", folder / "typing.jsonl", folder / "recover.json"
    plan_id = make_file(db)
    env = _env(folder)
    proc = subprocess.Popen(
        [sys.executable, str(TYPIST), "type", "--db", str(db), "--log", str(log), "--seed", str(seed)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "typist.err").open("w"),
    )
    try:
        if not _wait_ready(proc, log):
            trial.problems.append("chương trình không lên (xem typist.err)")
            return trial
        time.sleep(trial.kill_after)
        if mid_typing:
            deadline = time.monotonic() + 30
            while not _typing_on_for(log, 1.2) and time.monotonic() < deadline:
                time.sleep(0.02)
        killed_at = time.time()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    events = [e for e in _events(log) if e["t"] <= killed_at and e["event"] in ("typed", "target")]
    trial.typed_events = sum(1 for e in events if e["event"] == "typed")
    after_kill = read_file(db, plan_id)
    committed, stash = after_kill["texts"], after_kill["stash"]
    offerable = {t: s for t, s in stash.items() if t in committed and committed[t] != s}

    # What the person gets back for each target that was shown.
    by_target: dict[str, list[tuple[float, str]]] = {}
    for e in events:
        by_target.setdefault(e["target"], []).append((e["t"], e["text"]))
    current = events[-1]["target"] if events else None
    for target, states in by_target.items():
        back = offerable.get(target, committed.get(target))
        if target != current:
            if back != states[-1][1]:
                trial.problems.append(
                    f"{target}: đã chuyển sang chỗ khác mà tệp giữ {back!r}, màn hình đã hiện {states[-1][1]!r}"
                )
            continue
        limit = killed_at - LOSS_S
        earlier = [text for t, text in states if t <= limit]
        acceptable = {text for t, text in states if t > limit} | ({earlier[-1]} if earlier else set())
        if not acceptable:
            acceptable = {states[0][1]}
        if back not in acceptable:
            shown = states[-1][1]
            same = 0
            while same < min(len(back or ""), len(shown)) and (back or "")[same] == shown[same]:
                same += 1
            trial.lost_chars = len(shown) - same
            trial.problems.append(
                f"{target}: lấy lại được {back!r}; một giây trước khi tắt màn hình đã hiện "
                f"{(earlier[-1] if earlier else states[0][1])!r} (mất {trial.lost_chars} ký tự)"
            )

    # Restart, answer the offer, quit normally.
    rec = subprocess.run(
        [sys.executable, str(TYPIST), "recover", "--db", str(db), "--answer", trial.answer, "--report", str(report)],
        check=False,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=START_TIMEOUT_S + 30,
        text=True,
    )
    if rec.returncode != 0 or not report.exists():
        trial.problems.append(f"khởi động lại không xong (mã {rec.returncode}): {rec.stderr[-500:]}")
        return trial
    offers = json.loads(report.read_text(encoding="utf-8"))["offers"]
    trial.offered = bool(offers)
    if offerable and not offers:
        trial.problems.append(f"có bản gõ dở {sorted(offerable)} mà không được đề nghị khôi phục")
    if not offerable and offers:
        trial.problems.append(f"không có gì để khôi phục mà vẫn hỏi: {offers[0]!r}")
    if offers and "đột ngột" not in offers[0]:
        trial.problems.append(f"lời đề nghị không nói chương trình tắt đột ngột: {offers[0]!r}")
    after = read_file(db, plan_id)
    if after["stash"]:
        trial.problems.append(f"sau khi trả lời vẫn còn bản gõ dở: {after['stash']}")
    if after["integrity"] != "ok":
        trial.problems.append(f"integrity_check: {after['integrity']}")
    expected = dict(committed)
    if trial.answer == "accept":
        expected.update(offerable)
    for target, text in expected.items():
        if after["texts"].get(target) != text:
            trial.problems.append(
                f"{target} sau khi {'nhận' if trial.answer == 'accept' else 'bỏ qua'} khôi phục: "
                f"{after['texts'].get(target)!r}, cần {text!r}"
            )
    return trial


def summary(trials: list[Trial]) -> dict:
    return {
        "trials": len(trials),
        "bad": sum(1 for t in trials if t.problems),
        "offered": sum(1 for t in trials if t.offered),
        "accepted": sum(1 for t in trials if t.answer == "accept" and t.offered),
        "declined": sum(1 for t in trials if t.answer == "decline" and t.offered),
        "typed_bursts": sum(t.typed_events for t in trials),
        "max_lost_chars": max((t.lost_chars for t in trials), default=0),
    }
