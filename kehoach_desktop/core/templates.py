"""Built-in plan templates (resources/templates/*.json).

The template texts are written for this program, shaped like real plans (I. MỤC
ĐÍCH, YÊU CẦU / II. NỘI DUNG / III. TỔ CHỨC THỰC HIỆN) but not copied from any.
Placeholders in every text: ``{year}`` (the plan's year), ``{topic}`` (what the
user typed: the work area or the chuyên đề), ``{issuer}`` (the issuing body in
running-text case, e.g. ``Đảng ủy xã Hòa Bình``).

A template file::

    {"id": "...", "name": "...", "description": "...", "needs_topic": true,
     "topic_hint": "...", "title": "...", "basis": "...", "closing": "...",
     "recipients": ["... (để báo cáo),", "...", "Lưu Văn phòng."],
     "sections": [{"kind": "section", "text": "...", "role": "purpose", "children": [...]}]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..resources import resource_path
from .basis import natural_case
from .text import clean

BLANK_ID = "blank"
ROLES = {
    "purpose": "Mục đích, yêu cầu",
    "content": "Nội dung",
    "organisation": "Tổ chức thực hiện",
    "appendix": "Phụ lục",
}


@dataclass
class Template:
    id: str
    name: str
    description: str = ""
    title: str = ""
    basis: str = ""
    closing: str = ""
    recipients: list[str] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    needs_topic: bool = False
    topic_hint: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Template:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def fill(self, *, year: int, topic: str = "", issuer: str = "") -> dict[str, Any]:
        """The template's texts with placeholders replaced (NFC, clean)."""
        values = {
            "{year}": str(year),
            "{topic}": clean(topic).strip() or "…",
            "{issuer}": natural_case(clean(issuer).strip()) or "cấp ủy",
        }

        def sub(text: str) -> str:
            for key, value in values.items():
                text = text.replace(key, value)
            return clean(text)

        def node(n: dict[str, Any]) -> dict[str, Any]:
            return {
                "kind": n.get("kind", "section"),
                "text": sub(n.get("text", "")),
                "role": n.get("role", ""),
                "children": [node(c) for c in n.get("children", [])],
            }

        return {
            "title": sub(self.title),
            "basis": sub(self.basis),
            "closing": sub(self.closing),
            "recipients": [sub(r) for r in self.recipients],
            "sections": [node(n) for n in self.sections],
        }


BLANK = Template(
    id=BLANK_ID,
    name="Khung trống (I, II, III)",
    description="Chỉ có ba phần chuẩn: Mục đích, yêu cầu; Nội dung; Tổ chức thực hiện.",
    title="",
    closing="Trên đây là Kế hoạch của Ban Thường vụ {issuer}, đề nghị các cơ quan, "
    "đơn vị triển khai thực hiện nghiêm túc.",
    recipients=["Lưu Văn phòng."],
    sections=[
        {"kind": "section", "text": "MỤC ĐÍCH, YÊU CẦU", "role": "purpose"},
        {"kind": "section", "text": "NỘI DUNG", "role": "content"},
        {"kind": "section", "text": "TỔ CHỨC THỰC HIỆN", "role": "organisation"},
    ],
)


def templates_dir() -> Path:
    return resource_path("templates")


def load_templates(folder: Path | None = None) -> list[Template]:
    """The blank skeleton first, then every template file, sorted by name."""
    folder = folder or templates_dir()
    found: list[Template] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            found.append(Template.from_dict(json.loads(path.read_text(encoding="utf-8"))))
    return [BLANK, *sorted(found, key=lambda t: t.name)]


def get_template(template_id: str) -> Template:
    for t in load_templates():
        if t.id == template_id:
            return t
    raise LookupError(
        f"Không có mẫu kế hoạch «{template_id}». Các mẫu có: " + ", ".join(t.id for t in load_templates())
    )
