"""Issue 7: screenshots of the main window, the plan editor, the tracking view and the
print preview under the offscreen platform at 1366×768 (100 %), at 150 % scaling
(a 1920×1080 screen: 1280×720 logical pixels), at 125 % (1920×1080: 1536×864) and
1366×768 at 125 % (1093×614, a cheap laptop's default), and no window or dialog larger
than the screen, title bar included.

Each screen runs tests/desktop_screens.py in its own process (the screen and the
scale are fixed before Qt starts). Set KEHOACH_SCREENSHOTS=DIR to keep the images.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "desktop_screens.py"

SCREENS = {
    # name: (physical width, height, scale)
    "1366x768": (1366, 768, 1.0),
    "150pct": (1920, 1080, 1.5),
    "125pct": (1920, 1080, 1.25),  # 1536×864 logical pixels
    "1366x768-125pct": (1366, 768, 1.25),  # a cheap laptop at Windows' 125 %: 1093×614 logical pixels
}
# The offscreen platform draws no window frame; on Windows the title bar takes about 31
# logical pixels above what the frame geometry reports here (the taskbar is outside the
# available area, which the app's own sizing reads from the real screen).
TITLE_BAR = 31
VIEWS = ("main_window", "plan_editor", "tracking", "print_preview")
DIALOGS = (
    "DirectiveForm",
    "DirectivePicker",
    "ProfileDialog",
    "GuideDialog",
    "ExportOptionsDialog",
    "NewPlanDialog",
    "IssueDialog",
    "RemindersDialog",
    "ProgressDialog",
    "HistoryDialog",
    "RestoreDialog",
    "RecoveryDialog",
    "PreviewDialog",
    "UnitsDialog",
    "ImportDialog",
    "ImportPreviewDialog",
    "SendDialog",
    "ReceiveDialog",
    "ConsolidatePreviewDialog",
    "AddRelationDialog",
    "BodiesDialog",
    "BodyForm",
    "SweepDialog",
    "DeriveReview",
)
# Dialogs the walk cannot open yet, with the reason (the class test below accepts only these).
NOT_WALKED: dict[str, str] = {}
# Found by this test and reported to their owners; remove an entry once fixed (it then shows as XPASS).
KNOWN_TOO_BIG: dict[tuple[str, str], str] = {
    # (widget, screen): reason — an entry marks a known, reported overflow as xfail until fixed.
    # Found by this test and fixed since: print preview (900×1000) and main window (1200×720 at 150 %).
}


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Runs the screenshot script once per screen; name → (folder, report)."""
    out: dict[str, tuple[Path, dict]] = {}
    keep = os.environ.get("KEHOACH_SCREENSHOTS")
    for name, (width, height, scale) in SCREENS.items():
        base = tmp_path_factory.mktemp(f"screens-{name}")
        config = base / "screen.json"
        config.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": name,
                            "x": 0,
                            "y": 0,
                            "width": width,
                            "height": height,
                            "logicalDpi": 96,
                            "logicalBaseDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            )
        )
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM=f"offscreen:configfile={config}",
            QT_SCALE_FACTOR=str(scale),
            KEHOACH_DATA_DIR=str(base / "appdata"),
            XDG_CONFIG_HOME=str(base / "config"),
            XDG_DATA_HOME=str(base / "data"),
            KEHOACH_NO_REMINDERS="1",
            KEHOACH_NO_BACKUP="1",
        )
        images = base / "out"
        proc = subprocess.run(
            [sys.executable, str(SCRIPT), str(images)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        report = json.loads((images / "report.json").read_text(encoding="utf-8"))
        if keep:
            shutil.copytree(images, Path(keep) / name, dirs_exist_ok=True)
        out[name] = (images, report)
    return out


@pytest.mark.parametrize("screen", SCREENS)
def test_screen_geometry_and_no_errors(shots, screen):
    width, height, scale = SCREENS[screen]
    _images, report = shots[screen]
    assert report["errors"] == []
    assert report["screen"] == [round(width / scale), round(height / scale)]
    assert report["dpr"] == pytest.approx(scale)


def _not_blank(image: QImage) -> bool:
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), max(1, image.width() // 60))
        for y in range(0, image.height(), max(1, image.height() // 60))
    }
    return len(colours) > 8


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("view", VIEWS)
def test_screenshot_taken_at_the_screen_scale(shots, screen, view):
    images, report = shots[screen]
    _w, _h, scale = SCREENS[screen]
    image = QImage(str(images / f"{view}.png"))
    assert not image.isNull()
    frame = report["views"][view]["frame"]
    # The image has the widget's logical size times the scale (crisp at 150 %, not stretched).
    assert abs(image.width() - (frame[2] - 2) * scale) <= 2 * scale + 1, (image.width(), frame)
    assert _not_blank(image)


def _cases(kind: str, names: tuple[str, ...]):
    for screen in SCREENS:
        for name in names:
            reason = KNOWN_TOO_BIG.get((name, screen))
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            yield pytest.param(kind, name, screen, marks=marks, id=f"{name}-{screen}")


@pytest.mark.parametrize("kind,name,screen", [*_cases("views", VIEWS), *_cases("dialogs", DIALOGS)])
def test_fits_the_screen(shots, kind, name, screen):
    _images, report = shots[screen]
    entry = report[kind].get(name)
    assert entry is not None, f"{name} was not opened"
    width, height = report["screen"]
    x, y, w, h = entry["frame"]
    assert entry["minimum_fits"], f"{name}: minimum size {entry['minimum']} > screen {width}×{height}"
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, (
        f"{name}: opens at {w}×{h}+{x}+{y} on a {width}×{height} screen"
    )
    # With a title bar too: the whole window, and its minimum size, fit the screen's height.
    assert h + TITLE_BAR <= height, f"{name}: {h} pixels tall plus the title bar > screen height {height}"
    assert entry["minimum"][1] + TITLE_BAR <= height, (
        f"{name}: minimum height {entry['minimum'][1]} plus the title bar > screen height {height}"
    )


# Issue 20: the default window on a 1366×768 screen, and the same laptop at 125 % (1093×614
# logical pixels): every tab (and inner tab) and every dialog, nothing cut off.
FIT_SCREENS = ("1366x768", "1366x768-125pct")


@pytest.mark.parametrize("screen", FIT_SCREENS)
def test_every_tab_and_dialog_shows_its_texts_whole(shots, screen):
    _images, report = shots[screen]
    walked = set(report["clipped"])
    assert {"main_window", "plan_editor", "tracking", "PreviewDialog", "ProfileDialog"} <= walked
    assert any(k.startswith("plan_editor › ") for k in walked)  # the editor's inner tabs were walked
    assert {"registry", "plans", "tracking"} <= set(report["tabs"])
    assert {f"tab:{key}" for key in report["tabs"]} <= walked  # every tab of the main window
    bad = {k: v for k, v in report["clipped"].items() if v}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("screen", FIT_SCREENS)
def test_no_date_on_screen_is_written_yyyy_mm_dd(shots, screen):
    _images, report = shots[screen]
    bad = {k: v for k, v in report["iso_dates"].items() if v}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def test_every_dialog_class_of_the_program_is_walked():
    """A dialog added later must join the walk (issue 20: the fit test covers every dialog)."""
    import re

    ui = ROOT / "kehoach_desktop" / "ui"
    classes = {
        m.group(1)
        for path in ui.rglob("*.py")
        for m in re.finditer(r"^class (\w+)\(QDialog\)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    classes |= {"ProfileDialog", "DirectiveForm"}  # dialogs built from forms/*.ui
    assert classes - set(DIALOGS) - set(NOT_WALKED) == set()
