"""The packet's page: its size, margins and inks, shared by every part of the layout."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN_X = 1.0 * inch
MARGIN_TOP = 1.05 * inch
MARGIN_BOTTOM = 1.0 * inch
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1F2A3A")
MUTED = colors.HexColor("#5A6270")
RULE = colors.HexColor("#9AA3AF")
FAINT = colors.HexColor("#D5D9DF")
SHADE = colors.HexColor("#ECEEF1")

FOOTER_SIZE = 7.5
