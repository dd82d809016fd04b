"""Draw the PWA icons into assets/icons/ (run once when the logo changes; the PNGs are committed).

.venv/bin/python -m quanyi_app.tools.make_icons
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from quanyi_app.core.settings import PROJECT_ROOT

RED = (200, 16, 46)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
OUT = PROJECT_ROOT / "assets" / "icons"


def draw(size: int, *, maskable: bool) -> Image.Image:
    im = Image.new("RGBA", (size, size), RED + (255,) if maskable else (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    if not maskable:
        r = size // 5
        d.rounded_rectangle((0, 0, size - 1, size - 1), radius=r, fill=RED)
    # Maskable icons keep the glyph inside the 80% safe zone.
    glyph_px = int(size * (0.46 if maskable else 0.58))
    font = ImageFont.truetype(FONT, glyph_px, index=2)  # index 2: Simplified Chinese
    d.text((size / 2, size / 2), "权", font=font, fill="white", anchor="mm")
    return im


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    draw(180, maskable=True).save(OUT / "apple-touch-icon.png", optimize=True)
    print("icons written to", OUT)


if __name__ == "__main__":
    main()
