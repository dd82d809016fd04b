"""PDFs as images, for tests that look at what people will print or read."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image


def rasterise(pdf: bytes, tmp_path, dpi: int = 150) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is missing: `make test` installs it")
    src = tmp_path / "sheet.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(tmp_path / "page")], check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]
