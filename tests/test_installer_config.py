"""Issue 7: the build files say what the installer promises (checked without building).

The frozen build itself is smoke-tested by installer/build_linux.sh; these tests keep the
spec, the Inno Setup script, the icons and the portable zip honest on every test run.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

import make_portable
import version_info

from kehoach_desktop import __version__
from kehoach_desktop.paths import PORTABLE_MARKER


def _iss() -> str:
    raw = (INSTALLER / "kehoach.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads a BOM-less script in the ANSI code page"
    return raw[3:].decode("utf-8")


def _section(text: str, name: str) -> str:
    match = re.search(rf"^\[{re.escape(name)}\]\s*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"[{name}] missing"
    return match.group(1)


def test_version_resource_reads_the_package_version():
    assert version_info.app_version() == __version__
    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_tuple("1.2.3b4") == (1, 2, 3, 0)


def test_installer_is_per_user_and_never_elevated():
    text = _iss()
    assert '#define AppExe "KeHoach.exe"' in text
    setup = _section(text, "Setup")
    assert re.search(r"^PrivilegesRequired=lowest$", setup, re.MULTILINE)
    assert not re.search(r"^PrivilegesRequiredOverridesAllowed=\S", setup, re.MULTILINE)   # no "all users" switch
    assert re.search(r"^DefaultDirName=\{autopf\}", setup, re.MULTILINE)                   # %LOCALAPPDATA%\Programs
    assert re.search(r"^OutputBaseFilename=KeHoach-Setup-\{#AppVersion\}$", setup, re.MULTILINE)
    assert re.search(r"^SetupIconFile=.*kehoach\.ico$", setup, re.MULTILINE)
    assert re.search(r"^UninstallDisplayIcon=\{app\}\\\{#AppExe\}$", setup, re.MULTILINE)
    assert re.search(r"^VersionInfoVersion=\{#AppVersion\}$", setup, re.MULTILINE)
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", setup, re.MULTILINE)                  # upgrades in place


def test_installer_shortcuts_and_data_kept():
    text = _iss()
    icons = _section(text, "Icons")
    assert "{autoprograms}" in icons and "{autodesktop}" in icons and "Tasks: desktopicon" in icons
    # The uninstaller deletes only inside {app}; the data folder is never named for deletion.
    for name in ("UninstallDelete", "InstallDelete"):
        for line in _section(text, name).splitlines():
            if line.strip() and not line.startswith(";"):
                assert "{app}" in line and "userappdata" not in line and "localappdata" not in line, line
    code = _section(text, "Code")
    assert r"{userappdata}\KeHoach\KeHoach Desktop" in code   # where the program keeps its data
    run = _section(text, "Run")
    assert "runasoriginaluser" in run


def test_installer_messages_are_vietnamese_and_known():
    messages = _section(_iss(), "Messages")
    entries = dict(line.split("=", 1) for line in messages.splitlines() if "=" in line and not line.startswith(";"))
    assert entries["ButtonNext"] == "&Tiếp >" and entries["ButtonCancel"] == "Hủy"
    # Custom messages belong in [CustomMessages]; a wrong name in [Messages] stops ISCC.
    assert "AdditionalIcons" not in entries and "LaunchProgram" not in entries
    assert all(re.fullmatch(r"[A-Za-z0-9]+", k) for k in entries)


def test_spec_keeps_data_and_the_qt_modules_the_app_imports():
    spec = (INSTALLER / "kehoach.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    assert '"resources"), "resources"' in spec and '"forms"), "forms"' in spec
    assert 'collect_submodules("kehoach_desktop")' in spec
    unused = ast.literal_eval(re.search(r"QT_UNUSED = (\[.*?\])", spec, re.DOTALL).group(1))
    used = set()
    for path in (ROOT / "kehoach_desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used, "no Qt module found in the code"
    assert not used & set(unused), f"the spec drops Qt modules the code imports: {sorted(used & set(unused))}"
    assert {"QtWebEngineCore", "QtQml", "QtQuick", "Qt3DCore", "QtMultimedia", "QtCharts"} <= set(unused)


def test_every_name_loaded_by_importlib_is_a_package_module():
    """CLI subcommands and GUI features are imported by name: collect_submodules must see them."""
    from kehoach_desktop.cli import COMMANDS
    from kehoach_desktop.ui.features import FEATURES

    for name in COMMANDS:
        assert importlib.util.find_spec(f"kehoach_desktop.cli.{name}") is not None, name
    for name in FEATURES:
        assert name.startswith("kehoach_desktop.") and importlib.util.find_spec(name) is not None, name


def test_icons_at_every_size():
    from PIL import Image

    icons = ROOT / "resources" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(icons / f"kehoach-{size}.png") as im:
            assert im.size == (size, size) and im.mode == "RGBA"
    with Image.open(icons / "kehoach.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_portable_zip_has_the_marker_beside_the_program(tmp_path):
    dist = tmp_path / "dist"
    app = dist / "KeHoach"
    (app / "_internal").mkdir(parents=True)
    (app / "KeHoach.exe").write_bytes(b"MZ")
    (app / "kehoach-cli.exe").write_bytes(b"MZ")
    (app / "_internal" / "base_library.zip").write_bytes(b"PK")
    (app / "data").mkdir()                                  # left over from a local portable run
    (app / "data" / "kehoach.sqlite3").write_bytes(b"SQLite format 3\x00")
    (app / PORTABLE_MARKER).write_text("x")
    out = make_portable.build(dist)
    assert out.name == f"KeHoach-Portable-{__version__}.zip"
    names = zipfile.ZipFile(out).namelist()
    top = f"KeHoach-{__version__}/"
    assert f"{top}KeHoach.exe" in names and f"{top}_internal/base_library.zip" in names
    assert names.count(f"{top}{PORTABLE_MARKER}") == 1      # ours, not the stray one
    assert not any("/data/" in n for n in names)            # nobody's data in the zip
    note = zipfile.ZipFile(out).read(f"{top}{PORTABLE_MARKER}").decode("utf-8-sig")
    assert "di động" in note and "data" in note


def test_portable_marker_switches_the_data_folder(tmp_path, monkeypatch):
    from kehoach_desktop import paths

    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    monkeypatch.delenv("KEHOACH_PORTABLE", raising=False)
    assert paths.default_db_path() != tmp_path / "data" / paths.DB_FILENAME
    (tmp_path / PORTABLE_MARKER).write_text("")
    assert paths.default_db_path() == tmp_path / "data" / paths.DB_FILENAME


@pytest.mark.parametrize("script", ["build_linux.sh"])
def test_build_script_reports_every_export(script):
    text = (INSTALLER / script).read_text(encoding="utf-8")
    for needle in ("--smoke", "export pdf", "export docx", "export progress", "portable.txt"):
        assert needle in text, needle


def test_application_icon_has_every_size(qapp):
    from kehoach_desktop.ui.app_icon import SIZES, app_icon

    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(n, n) for n in SIZES} <= sizes
