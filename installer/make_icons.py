"""Draw the application icon (our own drawing) into resources/icons/.

A plan sheet with a folded corner and text lines on a deep-red tile, with a gold
tick for "tracked and done". Drawn once at 1024 px and reduced, so every size
is anti-aliased; the smallest sizes drop the text lines that would turn to mud.

    python3 installer/make_icons.py      (needs Pillow, which reportlab already requires)
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = (176, 24, 32, 255)
RED_DARK = (128, 14, 22, 255)
PAPER = (255, 253, 246, 255)
FOLD = (222, 214, 196, 255)
INK = (92, 92, 104, 255)
GOLD = (246, 190, 0, 255)
BIG = 1024


def draw(detail: bool = True) -> Image.Image:
    img = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    # Tile with a slightly darker lower edge for depth.
    d.rounded_rectangle((40, 56, 984, 1000), radius=190, fill=RED_DARK)
    d.rounded_rectangle((40, 24, 984, 968), radius=190, fill=RED)
    # The sheet with its folded corner (top right).
    left, top, right, bottom, fold = 250, 150, 770, 850, 150
    d.polygon([(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)], fill=PAPER)
    d.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=FOLD)
    if detail:
        # Heading line centred, then body lines, as a Kế hoạch is laid out.
        d.rounded_rectangle((370, 250, 560, 282), radius=16, fill=RED)
        for i, y in enumerate(range(350, 700, 70)):
            end = right - 70 if i % 3 != 2 else right - 190
            d.rounded_rectangle((left + 60, y, end, y + 30), radius=15, fill=INK)
    else:
        for y in (330, 480):
            d.rounded_rectangle((left + 60, y, right - 70, y + 60), radius=30, fill=INK)
    # Gold tick in a circle, overlapping the sheet's lower right corner.
    cx, cy, r = 730, 760, 190
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=GOLD, outline=RED_DARK, width=26)
    d.line([(cx - 95, cy + 5), (cx - 25, cy + 80), (cx + 105, cy - 75)], fill=RED_DARK, width=58, joint="curve")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    detailed, simple = draw(True), draw(False)
    images = {}
    for size in PNG_SIZES:
        src = simple if size <= 32 else detailed
        images[size] = src.resize((size, size), Image.LANCZOS)
        images[size].save(OUT / f"kehoach-{size}.png", optimize=True)
    images[256].save(OUT / "kehoach.png", optimize=True)
    # The .ico holds each size drawn for it (Pillow would otherwise scale one image down).
    images[256].save(
        OUT / "kehoach.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=[images[s] for s in ICO_SIZES if s != 256]
    )
    print("Đã vẽ biểu tượng vào", OUT)


if __name__ == "__main__":
    main()
