"""Layout profiles: every number of the official layout, read from a JSON data file.

Bundled profiles live in ``resources/profiles/*.json`` (``party_36HD`` is the default,
``state_ND30`` for State bodies). An office may copy one into
``<thư mục dữ liệu>/profiles/`` and edit it; a file there with the same ``id`` wins,
so a newer guideline needs no new release.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import user_data_dir
from ..resources import resource_path

MM = 72.0 / 25.4  # points per millimetre
DEFAULT_PROFILE = "party_36HD"


class ProfileError(ValueError):
    """A profile that cannot be found or read; the message is for the user."""


@dataclass(frozen=True)
class LayoutProfile:
    id: str
    name: str
    style: str  # "party" or "state": number line, authority prefixes
    data: dict[str, Any]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def need(self, dotted: str) -> Any:
        value = self.get(dotted)
        if value is None:
            raise ProfileError(
                f"Mẫu trình bày «{self.id}» thiếu mục «{dotted}». Hãy sửa tệp mẫu hoặc xóa bản sửa để dùng lại mẫu gốc."
            )
        return value

    # Frequently used numbers, in points.
    @property
    def page_size(self) -> tuple[float, float]:
        w, h = self.need("page.size_mm")
        return float(w) * MM, float(h) * MM

    def margin(self, side: str) -> float:
        return float(self.need(f"page.margins_mm.{side}")) * MM

    @property
    def body_size(self) -> float:
        return float(self.need("font.body_size"))

    @property
    def leading(self) -> float:
        return float(self.need("font.leading_pt"))

    @property
    def text_width(self) -> float:
        return self.page_size[0] - self.margin("left") - self.margin("right")


def _profile_dirs() -> list[Path]:
    return [user_data_dir() / "profiles", resource_path("profiles")]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ProfileError(
            f"Không đọc được tệp mẫu trình bày «{path}»: {exc}. Hãy kiểm tra cú pháp JSON hoặc xóa tệp để dùng mẫu gốc."
        ) from None
    if not isinstance(data, dict) or "id" not in data:
        raise ProfileError(f"Tệp «{path}» không phải mẫu trình bày (thiếu «id»).")
    return data


def available_profiles() -> list[LayoutProfile]:
    """Every profile, user copies first (a user file overrides the bundled one of the same id)."""
    seen: dict[str, LayoutProfile] = {}
    for folder in _profile_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            try:
                data = _read(path)
            except ProfileError:
                continue
            if data["id"] not in seen:
                seen[data["id"]] = LayoutProfile(
                    data["id"], data.get("name", data["id"]), data.get("style", "party"), data
                )
    return sorted(seen.values(), key=lambda p: (p.id != DEFAULT_PROFILE, p.id))


def profile_for(doc: Any, requested: str | None = None) -> str | None:
    """The profile to render *doc* with: the one asked for, else the document's own style
    (an imported UBND plan keeps the State layout, issue 16), else ``None`` (the default)."""
    if requested:
        return requested
    style = getattr(doc, "style", "")
    return {"state": "state_ND30", "party": "party_36HD"}.get(style)


def load_profile(name: str | None = None) -> LayoutProfile:
    """A profile by id or alias (``party`` → ``party_36HD``, ``state`` → ``state_ND30``)."""
    wanted = (name or DEFAULT_PROFILE).strip()
    for prof in available_profiles():
        if wanted == prof.id or wanted in (prof.get("aliases") or []):
            return prof
    names = ", ".join(p.id for p in available_profiles()) or "không có"
    raise ProfileError(f"Không có mẫu trình bày «{wanted}». Các mẫu hiện có: {names} (viết tắt: party, state).")


REQUIRED = ("page.size_mm", "page.margins_mm.top", "page.margins_mm.left", "font.body_size", "font.leading_pt")


def validate(data: dict[str, Any], where: str = "") -> None:
    """A profile file must name itself and carry the numbers every renderer needs."""
    prof = LayoutProfile(str(data.get("id", "")), str(data.get("name", "")), str(data.get("style", "party")), data)
    if not prof.id.strip() or not all(c.isalnum() or c in "_-" for c in prof.id):
        raise ProfileError(f"Tệp mẫu {where} cần «id» gồm chữ, số, «_» hoặc «-» (ví dụ party_05HD_goc).")
    if prof.style not in ("party", "state"):
        raise ProfileError(f"Tệp mẫu {where}: «style» phải là party hoặc state.")
    for key in REQUIRED:
        prof.need(key)


def import_profile(path: str | Path) -> LayoutProfile:
    """Load a profile file made from an official text (e.g. Hướng dẫn 05-HD/VPTW) into the
    user's profiles folder, where it is offered beside the bundled ones (issue 17).
    A file with a bundled id replaces that profile for this user."""
    source = Path(path)
    data = _read(source)
    validate(data, f"«{source.name}»")
    folder = user_data_dir() / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{data['id']}.json"
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(target)
    return load_profile(data["id"])
