"""A readable outline of an imported document's structure (as kept in directives.structure_json)."""

from __future__ import annotations

import json
from typing import Any

from ..core.dates import format_short, from_iso


def outline_text(structure: dict[str, Any] | str | None) -> str:
    """Plain text: header, căn cứ, numbered tree with paragraphs, Nơi nhận and signature."""
    if not structure:
        return ""
    data = json.loads(structure) if isinstance(structure, str) else structure
    lines: list[str] = []
    head = " ".join(x for x in (data.get("doc_type"), data.get("number") and f"số {data['number']}") if x)
    if data.get("date"):
        head += f" ngày {format_short(from_iso(data['date']))}"
    for value in (data.get("superior_body"), data.get("issuer"), head.strip(), data.get("title")):
        if value:
            lines.append(value)
    if data.get("basis"):
        lines += ["", data["basis"]]

    def walk(sections: list[dict[str, Any]], depth: int) -> None:
        for s in sections:
            label = f"{s['label']}. " if s.get("label") else ""
            lines.append("    " * depth + f"{label}{s.get('heading', '')}".rstrip())
            for p in s.get("paragraphs", []):
                lines.append("    " * (depth + 1) + f"– {p}")
            walk(s.get("children", []), depth + 1)

    if data.get("sections"):
        lines.append("")
        walk(data["sections"], 0)
    if data.get("closing"):
        lines += ["", data["closing"]]
    if data.get("recipients"):
        lines += ["", "Nơi nhận:"] + [f"- {r}" for r in data["recipients"]]
    sig = data.get("signature") or {}
    signer: list[str] = [sig[k] for k in ("authority", "title", "name") if sig.get(k)]
    if signer:
        lines += [""] + signer
    if data.get("appendices"):
        lines.append("")
        walk(data["appendices"], 0)
    return "\n".join(lines)
