"""Draw the application icon and write it in the three formats the bundles need.

    .venv/bin/python packaging/make_icon.py

writes ``resources/icons/naij-tracker.png`` (256 px: the window icon and the Linux .desktop
icon), ``.ico`` (Windows executable and installer) and ``.icns`` (the macOS .app). The files
are committed; run this again only to change the drawing. Qt's own image plugins write all
three, so nothing beyond PySide6 is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAVY = QColor("#1f3a5f")
GOLD = QColor("#e0b13a")


def draw(size: int) -> QImage:
    """A navy rounded square, a calendar page's gold rings, and a white 'N'."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(NAVY)
    p.drawRoundedRect(QRectF(8 * s, 20 * s, 240 * s, 228 * s), 36 * s, 36 * s)
    p.setBrush(GOLD)
    p.drawRect(QRectF(8 * s, 64 * s, 240 * s, 14 * s))
    pen = QPen(GOLD, 16 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    for x in (72, 184):
        p.drawLine(int(x * s), int(8 * s + 8), int(x * s), int(48 * s))
    font = QFont("DejaVu Sans", 1)
    font.setPixelSize(max(8, int(150 * s)))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(8 * s, 78 * s, 240 * s, 170 * s), Qt.AlignmentFlag.AlignCenter, "N")
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    for suffix, fmt in ((".png", "PNG"), (".ico", "ICO"), (".icns", "ICNS")):
        path = OUT / f"naij-tracker{suffix}"
        if not big.save(str(path), fmt):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
