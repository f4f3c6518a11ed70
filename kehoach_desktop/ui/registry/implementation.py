"""The detail pane's cụ thể hóa lines (issue 15): whether the hạn cụ thể hóa is met, which of
our plans implement the document, and the chain upstream item → our item → task."""

from __future__ import annotations

import html

from ...core.dates import format_short
from ...core.models import PLAN_STATUSES, Directive
from ...store import derive as derive_store
from ...store.db import Database

MAX_ROWS = 40


def implementation_status(db: Database, d: Directive) -> str:
    plans = derive_store.implementing_plans(db, d.id) if d.id is not None else []
    issued = [p for p in plans if p["status"] == "issued"]
    due = format_short(d.implement_due) if d.implement_due else ""
    if issued:
        done = "đã thực hiện bằng Kế hoạch " + ", ".join(p["number"] or "(chưa số)" for p in issued)
        return f"{due} — {done}" if due else done
    if plans:
        return f"{due} — có dự thảo, chưa ban hành" if due else "có dự thảo, chưa ban hành"
    return due


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chain_html(db: Database, directive_id: int | None) -> str:
    """Mục cấp trên → mục của ta → nhiệm vụ (đơn vị chủ trì, thời hạn), as an HTML table."""
    if directive_id is None:
        return ""
    rows = derive_store.chain(db, directive_id)
    if not rows:
        return ""
    from ...core.derive import item_label  # here: the derive package is not needed at start-up

    e = html.escape
    plans = derive_store.implementing_plans(db, directive_id)
    names = ", ".join(
        f"{p['number'] or '(chưa số)'} «{p['title'][:60]}» ({PLAN_STATUSES.get(p['status'], p['status'])})"
        for p in plans
    )
    lines = []
    for r in rows[:MAX_ROWS]:
        task = f"{r['lead_unit'] or 'chưa giao'}; {r['deadline'] or 'chưa có hạn'}" if r["task_id"] else "—"
        lines.append(
            f"<tr><td>{e(item_label(r['item_key']))}: {e(_clip(r['upstream_text']))}</td><td>{e(_clip(r['text']))}</td>"
            f"<td>{e(task)}</td></tr>"
        )
    more = f"<p>… và {len(rows) - MAX_ROWS} mục nữa.</p>" if len(rows) > MAX_ROWS else ""
    return (
        f"<h4>Cụ thể hóa: {e(names)}</h4><table border='1' cellspacing='0' cellpadding='3'>"
        "<tr><th>Mục cấp trên</th><th>Mục của ta</th><th>Nhiệm vụ</th></tr>" + "".join(lines) + "</table>" + more
    )
