"""Layout profiles from data files, and the font lookup."""

from __future__ import annotations

import json
import shutil

import pytest
from export_support import MM, fixture_doc, pdf_words

from kehoach_desktop.export import ProfileError, available_profiles, load_profile, render_pdf
from kehoach_desktop.export.fonts import LIBERATION_FILES, find_fonts
from kehoach_desktop.resources import resource_path

FIXTURE_STATE = (
    __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "import" / "ke-hoach-ubnd-state-2025.txt"
)


def test_bundled_profiles_and_aliases():
    ids = [p.id for p in available_profiles()]
    assert ids[0] == "party_36HD" and "state_ND30" in ids
    assert load_profile().id == "party_36HD"
    assert load_profile("party").id == "party_36HD"
    assert load_profile("state").id == "state_ND30"
    party = load_profile("party")
    assert party.page_size == pytest.approx((595.28, 841.89), abs=0.01)
    assert party.margin("left") == pytest.approx(30 * MM) and party.margin("right") == pytest.approx(15 * MM)
    assert party.get("header.number.prefix") == "Số" and load_profile("state").get("header.number.prefix") == "Số:"


def test_unknown_profile_message_lists_the_choices():
    with pytest.raises(ProfileError) as err:
        load_profile("khong-co")
    assert "party_36HD" in str(err.value) and "state_ND30" in str(err.value)


def test_user_copy_overrides_the_bundled_profile(tmp_path):
    # conftest points KEHOACH_DATA_DIR at tmp_path / "appdata"
    folder = tmp_path / "appdata" / "profiles"
    folder.mkdir(parents=True)
    data = json.loads(resource_path("profiles", "party_36HD.json").read_text(encoding="utf-8"))
    data["page"]["margins_mm"]["left"] = 35
    data["header"]["heading_lines"][0]["size"] = 16
    (folder / "party_36HD.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    prof = load_profile("party")
    assert prof.margin("left") == pytest.approx(35 * MM)
    out = tmp_path / "x.pdf"
    render_pdf(fixture_doc(), out, prof)
    for page in pdf_words(out):
        assert min(w.x0 for w in page if w.y0 > 20 * MM) >= 35 * MM - 0.5
    # A broken user file does not hide the bundled profile.
    (folder / "party_36HD.json").write_text("{ not json", encoding="utf-8")
    assert load_profile("party").margin("left") == pytest.approx(30 * MM)


def test_missing_key_is_reported_in_vietnamese(tmp_path):
    folder = tmp_path / "appdata" / "profiles"
    folder.mkdir(parents=True)
    (folder / "thu.json").write_text(json.dumps({"id": "thu", "style": "party"}), encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        render_pdf(fixture_doc(), tmp_path / "x.pdf", "thu")
    assert "thiếu mục" in str(err.value)


def test_times_new_roman_found_in_windows_fonts_folder(tmp_path, monkeypatch):
    fonts = tmp_path / "Windows" / "Fonts"
    fonts.mkdir(parents=True)
    names = {"regular": "times.ttf", "bold": "TIMESBD.TTF", "italic": "timesi.ttf", "bolditalic": "timesbi.ttf"}
    for style, name in names.items():
        shutil.copy(resource_path("fonts", LIBERATION_FILES[style]), fonts / name)
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.delenv("KEHOACH_BUNDLED_FONT", raising=False)
    found = find_fonts()
    assert found.display_name == "Times New Roman" and not found.bundled
    assert found.paths["bold"].name == "TIMESBD.TTF"
    # One style missing: fall back to the bundled family rather than mixing fonts.
    (fonts / "timesi.ttf").unlink()
    assert find_fonts().bundled


def test_per_user_fonts_folder(tmp_path, monkeypatch):
    user = tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    user.mkdir(parents=True)
    for style, name in {
        "regular": "times.ttf",
        "bold": "timesbd.ttf",
        "italic": "timesi.ttf",
        "bolditalic": "timesbi.ttf",
    }.items():
        shutil.copy(resource_path("fonts", LIBERATION_FILES[style]), user / name)
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("SystemRoot", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.delenv("KEHOACH_BUNDLED_FONT", raising=False)
    assert find_fonts().display_name == "Times New Roman"


def test_bundled_font_licence_shipped():
    text = resource_path("fonts", "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert find_fonts([]).bundled


def test_mirror_margins_for_duplex(tmp_path):
    folder = tmp_path / "appdata" / "profiles"
    folder.mkdir(parents=True)
    data = json.loads(resource_path("profiles", "party_36HD.json").read_text(encoding="utf-8"))
    data["page"]["mirror_duplex"] = True
    (folder / "party_36HD.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from test_export_pdf import long_doc

    out = tmp_path / "duplex.pdf"
    render_pdf(long_doc(), out, "party")
    pages = pdf_words(out)
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        body = [w for w in page if w.y0 > 20 * MM]
        left, right = (30, 15) if n % 2 else (15, 30)
        assert min(w.x0 for w in body) == pytest.approx(left * MM, abs=0.5), n
        assert max(w.x1 for w in body) == pytest.approx(595.28 - right * MM, abs=1.0), n
        if n > 1:
            number = next(w for w in page if w.y1 < 20 * MM)
            assert (number.x0 + number.x1) / 2 == pytest.approx(left * MM + (595.28 - 45 * MM) / 2, abs=1.0)

    from kehoach_desktop.export import render_docx

    render_docx(long_doc(), tmp_path / "duplex.docx", "party")
    import zipfile

    with zipfile.ZipFile(tmp_path / "duplex.docx") as z:
        assert "<w:mirrorMargins/>" in z.read("word/settings.xml").decode()


def test_state_document_is_exported_in_the_state_layout_by_default(tmp_path):
    """Issue 16: an imported UBND plan keeps its style; export follows it unless told otherwise."""
    from kehoach_desktop.importer import parse_file

    doc = parse_file(FIXTURE_STATE).to_plan_document()
    assert doc.style == "state"
    result = render_pdf(doc, tmp_path / "ubnd.pdf")
    words = [w.text for w in pdf_words(result.path)[0]]
    assert result.profile == "state_ND30"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in " ".join(words) and "Số:" in words
    asked = render_pdf(doc, tmp_path / "dang.pdf", profile="party")
    assert asked.profile == "party_36HD"


def test_imported_state_plan_keeps_its_style_in_the_store(db):
    from kehoach_desktop.importer import parse_file
    from kehoach_desktop.importer.persist import save_as_plan
    from kehoach_desktop.store.plans import load_document

    plan_id = save_as_plan(db, parse_file(FIXTURE_STATE))
    assert load_document(db, plan_id).style == "state"
