"""Issue 7: the build files say what the installer promises (checked without building).

The frozen build itself is smoke-tested by installer/build_linux.sh and the installer is
built and run under wine by installer/test_installer_wine.sh; these tests keep the
spec, the NSIS script, the icons and the portable zip honest on every test run.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

import check_setup_exe
import make_portable
import version_info

from kehoach_desktop import __version__
from kehoach_desktop.paths import PORTABLE_MARKER


def _nsi() -> str:
    raw = (INSTALLER / "kehoach.nsi").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "makensis reads a BOM-less script in the ANSI code page on Windows"
    return raw[3:].decode("utf-8").replace("\r\n", "\n")  # a Windows checkout may have CRLF


def _code(text: str) -> str:
    """The script without comment lines (what makensis executes)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(";"))


def _block(text: str, opener: str, closer: str) -> str:
    """The body of the one block that starts with the line ``opener`` (e.g. 'Section "Uninstall"')."""
    match = re.search(rf"^{re.escape(opener)}.*?$(.*?)^{closer}\s*$", text, re.MULTILINE | re.DOTALL)
    assert match, f"{opener} … {closer} missing"
    return match.group(1)


def _define(text: str, name: str) -> str:
    match = re.search(rf'^\s*!define {name} "([^"]*)"', text, re.MULTILINE)
    assert match, f"!define {name} missing"
    return match.group(1)


def test_version_resource_reads_the_package_version():
    assert version_info.app_version() == __version__
    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_tuple("1.2.3b4") == (1, 2, 3, 0)


def test_installer_version_comes_from_the_package():
    text = _code(_nsi())
    # Without /DAPP_VERSION= the script reads __version__ the way this !searchparse does.
    parse = re.search(r'!searchparse /file "\.\./(\S+)" `(.*?)` APP_VERSION `(.*?)`', text)
    assert parse, "APP_VERSION is not read from the package"
    source = (ROOT / parse.group(1)).read_text(encoding="utf-8")
    found = re.search(re.escape(parse.group(2)) + r"(.*?)" + re.escape(parse.group(3)), source)
    assert found and found.group(1) == __version__
    assert _define(text, "VI_VERSION") == "${APP_VERSION}.0"
    assert re.search(r'^VIProductVersion "\$\{VI_VERSION\}"$', text, re.MULTILINE)
    assert re.search(
        r'^VIAddVersionKey /LANG=\$\{LANG_VIETNAMESE\} "ProductVersion" "\$\{APP_VERSION\}"$', text, re.MULTILINE
    )
    assert 'WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${APP_VERSION}"' in text
    assert _define(text, "OUT_FILE") == "../dist/KeHoach-Setup-${APP_VERSION}.exe"


def test_installer_is_per_user_and_never_elevated():
    text = _code(_nsi())
    assert re.findall(r"^RequestExecutionLevel (\w+)$", text, re.MULTILINE) == ["user"]
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\\$\{APP_NAME\}"$', text, re.MULTILINE)
    assert _define(text, "APP_NAME") == "KeHoach Desktop"
    # Nothing machine-wide: no all-users shell folders, no HKLM, no MultiUser switch.
    assert "SetShellVarContext all" not in text and "HKLM" not in text and "MultiUser" not in text
    assert text.count("SetShellVarContext current") >= 4
    # Upgrades go where the earlier version is, and the uninstall entry is per user.
    assert re.search(r'^InstallDirRegKey HKCU "\$\{UNINST_KEY\}" "InstallLocation"$', text, re.MULTILINE)
    assert _define(text, "UNINST_KEY") == r"Software\Microsoft\Windows\CurrentVersion\Uninstall\KeHoach Desktop"
    # The finish page starts the program through Explorer: never elevated, even from an elevated setup.
    launch = _block(text, "Function LaunchAsUser", "FunctionEnd")
    assert '"$WINDIR\\explorer.exe"' in launch
    assert "!define MUI_FINISHPAGE_RUN_FUNCTION LaunchAsUser" in text
    # The shipped stub (x86-unicode) exists in every NSIS build; the icon is the app's.
    assert _define(text, "TARGET") == "x86-unicode"
    assert (INSTALLER / _define(text, "MUI_ICON")).resolve() == ROOT / "resources" / "icons" / "kehoach.ico"
    assert _define(text, "MUI_UNICON") == _define(text, "MUI_ICON")


def test_installer_registers_a_complete_uninstall_entry():
    text = _code(_nsi())
    written = dict(re.findall(r'^\s*WriteReg(?:Str|DWORD) HKCU "\$\{UNINST_KEY\}" "(\w+)" (.+)$', text, re.MULTILINE))
    for name in (
        "DisplayName",
        "DisplayVersion",
        "Publisher",
        "DisplayIcon",
        "UninstallString",
        "QuietUninstallString",
        "NoModify",
        "NoRepair",
        "EstimatedSize",
        "InstallLocation",
    ):
        assert name in written, name
    assert written["DisplayIcon"] == '"$INSTDIR\\${APP_EXE},0"'
    assert written["QuietUninstallString"] == """'"$INSTDIR\\${UNINST_EXE}" /S'"""
    assert written["NoModify"] == written["NoRepair"] == "1"
    assert re.findall(r"^\s*WriteReg\w+ (\w+)", text, re.MULTILINE) == ["HKCU"] * len(written)
    uninstall = _block(text, 'Section "Uninstall"', "SectionEnd")
    assert 'DeleteRegKey HKCU "${UNINST_KEY}"' in uninstall


def test_installer_shortcuts_and_data_kept(monkeypatch):
    text = _code(_nsi())
    program = _block(text, 'Section "$(SecProgramName)" SecProgram', "SectionEnd")
    assert "SectionIn RO" in program
    assert 'CreateShortcut "$SMPROGRAMS\\${APP_NAME}.lnk" "$INSTDIR\\${APP_EXE}"' in program
    assert 'File /r "${SOURCE_DIR}/*"' in program
    desktop = _block(text, 'Section "$(SecDesktopName)" SecDesktop', "SectionEnd")
    assert 'CreateShortcut "$DESKTOP\\${APP_NAME}.lnk" "$INSTDIR\\${APP_EXE}"' in desktop
    # /DESKTOP=0|1 decides in silent mode; the section is checked otherwise.
    on_init = _block(text, "Function .onInit", "FunctionEnd")
    assert '${GetOptions} $R0 "/DESKTOP=" $R1' in on_init and "UnselectSection ${SecDesktop}" in on_init
    assert not re.search(r"^Section /o .*SecDesktop$", text, re.MULTILINE)
    # An upgrade without /DESKTOP keeps the user's choice: no shortcut now, none afterwards.
    assert 'ReadRegStr $R2 HKCU "${UNINST_KEY}" "InstallLocation"' in on_init
    assert '${AndIfNot} ${FileExists} "$DESKTOP\\${APP_NAME}.lnk"' in on_init
    # The shortcuts point at the Windows program when the folder is a Windows freeze.
    assert re.search(r'!if /FileExists "\$\{SOURCE_DIR\}/KeHoach\.exe"\s+!define APP_EXE "KeHoach\.exe"', text)
    # Deleting happens only inside $INSTDIR and on our own shortcuts; the data folder is never
    # a target, and no recursive delete reaches $INSTDIR itself (a user's folder of choice).
    data_dir = _define(text, "DATA_DIR")
    assert data_dir == r"$APPDATA\KeHoach\KeHoach Desktop"
    # … the folder the program itself uses on Windows (kehoach_desktop.paths.user_data_dir).
    from kehoach_desktop import paths

    monkeypatch.delenv("KEHOACH_DATA_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", "APPDATA")
    assert paths.user_data_dir().parts == ("APPDATA", "KeHoach", "KeHoach Desktop")
    uninstall = _block(text, 'Section "Uninstall"', "SectionEnd")
    for line in (program + uninstall + _block(text, 'Section "-NoDesktopShortcut"', "SectionEnd")).splitlines():
        line = line.strip()
        if line.startswith(("Delete ", "RMDir ")):
            target = line.split(" ", 2)[-1] if line.startswith("RMDir /r") else line.split(" ", 1)[1]
            assert target.startswith(
                ('"$INSTDIR\\', '"$SMPROGRAMS\\${APP_NAME}.lnk"', '"$DESKTOP\\${APP_NAME}.lnk"')
            ) or (target == '"$INSTDIR"' and not line.startswith("RMDir /r")), line
            assert "APPDATA" not in line and "DATA_DIR" not in line, line
    assert 'Delete "$SMPROGRAMS\\${APP_NAME}.lnk"' in uninstall and 'Delete "$DESKTOP\\${APP_NAME}.lnk"' in uninstall
    assert '"$(DataKept)" /SD IDOK' in uninstall  # says where the data stays
    # A file that cannot be written stops the installation instead of being skipped.
    assert re.search(r"^AllowSkipFiles off$", text, re.MULTILINE)
    # A running copy is closed (asked first, the window's own close request) before files change.
    assert program.index("Call CloseRunning") < program.index("File /r")
    assert uninstall.index("Call un.CloseRunning") < uninstall.index("RMDir /r")
    assert 'taskkill.exe" /IM' in text and "/F" not in re.findall(r"nsExec::Exec '([^']*)'", text)[0]


def test_installer_strings_are_vietnamese():
    text = _nsi()
    code = _code(text)
    assert re.findall(r'!insertmacro MUI_LANGUAGE "(\w+)"', code) == ["Vietnamese"]
    strings = dict(re.findall(r'^LangString (\w+) \$\{LANG_VIETNAMESE\} "(.*)"$', code, re.MULTILINE))
    assert len(strings) >= 15
    assert not re.search(r"^LangString \w+ (?!\$\{LANG_VIETNAMESE\})", code, re.MULTILINE)
    for name, value in strings.items():
        assert unicodedata.is_normalized("NFC", value), name
        assert re.search(r"[à-ỹÀ-Ỹđ]", value), f"{name}: «{value}» has no Vietnamese letter"
    assert strings["LaunchProgram"] == "Mở ${APP_NAME}"
    assert "không cần quyền quản trị" in strings["WelcomeText"]
    assert "Nhấn Tiến" in strings["WelcomeText"]  # NSIS's Vietnamese Next button is «&Tiến >»
    assert "${DATA_DIR}" in strings["DataKept"] and "${DATA_DIR}" in strings["FinishText"]
    # Every $(Name) the script uses is one of ours (or NSIS's own, which start with ^).
    used = set(re.findall(r"\$\((\w+)\)", code))
    assert used <= set(strings), sorted(used - set(strings))
    assert unicodedata.is_normalized("NFC", text)


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
    """CLI subcommands are imported by name: collect_submodules must see them (the GUI features
    are imported plainly by the main window)."""
    from kehoach_desktop.cli import COMMANDS

    for name in COMMANDS:
        assert importlib.util.find_spec(f"kehoach_desktop.cli.{name}") is not None, name


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
    (app / "data").mkdir()  # left over from a local portable run
    (app / "data" / "kehoach.sqlite3").write_bytes(b"SQLite format 3\x00")
    (app / PORTABLE_MARKER).write_text("x")
    out = make_portable.build(dist)
    assert out.name == f"KeHoach-Portable-{__version__}.zip"
    names = zipfile.ZipFile(out).namelist()
    top = f"KeHoach-{__version__}/"
    assert f"{top}KeHoach.exe" in names and f"{top}_internal/base_library.zip" in names
    assert names.count(f"{top}{PORTABLE_MARKER}") == 1  # ours, not the stray one
    assert not any("/data/" in n for n in names)  # nobody's data in the zip
    note = zipfile.ZipFile(out).read(f"{top}{PORTABLE_MARKER}").decode("utf-8-sig")
    assert "di động" in note and "data" in note


def test_portable_marker_switches_the_data_folder(tmp_path, monkeypatch):
    from kehoach_desktop import paths

    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    monkeypatch.delenv("KEHOACH_PORTABLE", raising=False)
    assert paths.default_db_path() != tmp_path / "data" / paths.DB_FILENAME
    (tmp_path / PORTABLE_MARKER).write_text("")
    assert paths.default_db_path() == tmp_path / "data" / paths.DB_FILENAME


def _fake_setup(version: str, *, level: str = "asInvoker", icon_sizes: int | None = None) -> bytes:
    """Bytes laid out like an NSIS setup: PE header, version resource, icon images, manifest."""
    import struct

    def utf16(text: str) -> bytes:
        return text.encode("utf-16-le")

    def pad4(data: bytes) -> bytes:
        return data + b"\0" * (-len(data) % 4)

    head = bytearray(0x40)
    head[:2] = b"MZ"
    struct.pack_into("<I", head, 0x3C, 0x40)
    data = bytes(head) + b"PE\0\0" + struct.pack("<H", 0x14C) + b"\0" * 18 + b"Nullsoft Install System"
    numbers = version_info.version_tuple(version)
    data = pad4(data + b"\0" * 6 + utf16("VS_VERSION_INFO\0"))
    data += struct.pack("<III", 0xFEEF04BD, 0x10000, (numbers[0] << 16) | numbers[1])
    data += struct.pack("<I", (numbers[2] << 16) | numbers[3]) + b"\0" * 36
    for key, value in (
        ("CompanyName", "KeHoach"),
        ("FileDescription", "Bộ cài đặt KeHoach Desktop"),
        ("ProductName", "KeHoach Desktop"),
        ("ProductVersion", version),
    ):
        data = pad4(data + b"\0" * 6 + utf16(key + "\0")) + utf16(value + "\0")
    images = check_setup_exe.icon_images((ROOT / "resources" / "icons" / "kehoach.ico").read_bytes())
    for _width, image in images[:icon_sizes]:
        data = pad4(data + image)
    return data + f'<requestedExecutionLevel level="{level}" uiAccess="false"/>'.encode()


def test_check_setup_exe_reads_what_windows_shows(tmp_path):
    """installer/check_setup_exe.py (run on every built setup) finds each missing promise."""
    setup = tmp_path / "KeHoach-Setup.exe"
    setup.write_bytes(_fake_setup(__version__))
    assert check_setup_exe.check(setup, "x86", __version__) == []
    assert check_setup_exe.version_string(setup.read_bytes(), "FileDescription") == "Bộ cài đặt KeHoach Desktop"
    assert check_setup_exe.check(setup, "amd64", __version__) == ["dựng cho x86, cần amd64"]
    setup.write_bytes(_fake_setup("9.8.7"))
    problems = check_setup_exe.check(setup, "x86", __version__)
    assert any("số phiên bản (9, 8, 7, 0)" in p for p in problems) and any("ProductVersion" in p for p in problems)
    setup.write_bytes(_fake_setup(__version__, level="requireAdministrator"))
    assert any("quản trị" in p for p in check_setup_exe.check(setup, "x86", __version__))
    setup.write_bytes(_fake_setup(__version__, icon_sizes=3))
    assert any("thiếu ảnh biểu tượng" in p for p in check_setup_exe.check(setup, "x86", __version__))
    setup.write_bytes(b"\x7fELF")
    assert "không phải tệp chạy Windows" in check_setup_exe.check(setup, None, __version__)[0]


def test_wine_script_runs_every_promise():
    """installer/test_installer_wine.sh (run by .ci/run) checks each promise of the installer."""
    text = (INSTALLER / "test_installer_wine.sh").read_text(encoding="utf-8")
    for needle in (
        "/S /DESKTOP=0",
        "/S /DESKTOP=1",
        "win7",
        "QuietUninstallString",
        "kehoach.sqlite3",
        "reg export",
        "check_setup_exe.py",
        "_?=",
        '[ "$rc" -eq 3 ]',
        "exit 1",
    ):
        assert needle in text, needle
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("bash installer/build_linux.sh") < ci.index("bash installer/test_installer_wine.sh")


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
